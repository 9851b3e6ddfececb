package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/bucketlogs/bucketlogs/parse"
)

// fieldDoc documents one record key: what it means and where each format
// takes it from ("" where a format never has it). FIELDS.md is this table
// (a test keeps them equal); "bucketlogs fields" prints it.
type fieldDoc struct {
	key, meaning, s3, oss, yandex string
}

var fieldDocs = []fieldDoc{
	{"format", "the log family the record came from: s3, oss, yandex, obs, cos, gcs, azure, s3json or azurejson", "s3 (obs: see below)", "oss", "yandex"},
	{"time", "when the request was received (UTC; a source offset such as +0800 is applied)", "Time (3)", "Time (4)", "timestamp"},
	{"bucket_owner", "owner of the source bucket", "Bucket Owner (1)", "UserID (22)", ""},
	{"bucket", "bucket name", "Bucket (2)", "BucketName (16)", "bucket"},
	{"remote_ip", "client address, IPv4 or IPv6", "Remote IP (4)", "RemoteIP (1)", "ip"},
	{"requester", "who made the request (absent: anonymous)", "Requester (5)", "RequesterAliyunID (14)", "requester"},
	{"request_id", "request identifier", "Request ID (6)", "RequestID (12)", "request_id"},
	{"operation", "operation name as logged, e.g. REST.GET.OBJECT or GetObject", "Operation (7)", "Operation (15)", "handler"},
	{"action", "the operation as the S3 API names it, the same in every format (GetObject for REST.GET.OBJECT and for OSS GetObject); absent when unknown", "from operation", "from operation", "from handler"},
	{"key", "object key, URL-encoded as logged", "Key (8)", "ObjectName (17)", "object_key"},
	{"request_uri", "the request line as logged, e.g. GET /b/k?x HTTP/1.1", "Request-URI (9)", "RequestURL (5)", ""},
	{"method", "HTTP method", "from request_uri", "from request_uri", "method"},
	{"request_path", "path part of the request, before ?", "from request_uri", "from request_uri", "request_path"},
	{"request_args", "query string, after ?", "from request_uri", "from request_uri", "request_args"},
	{"protocol", "HTTP version", "from request_uri", "from request_uri", "protocol"},
	{"status", "HTTP status code (absent on lifecycle records)", "HTTP status (10)", "HTTPStatus (6)", "status"},
	{"error_code", "error code, such as AccessDenied", "Error Code (11)", "ErrorCode (20)", ""},
	{"bytes_sent", "response bytes sent", "Bytes Sent (12)", "SentBytes (7)", "bytes_send"},
	{"bytes_received", "request bytes received", "", "RequestLength (21)", "bytes_received"},
	{"object_size", "object size in bytes", "Object Size (13)", "ObjectSize (18)", ""},
	{"total_time_ms", "total time in flight, milliseconds", "Total Time (14)", "RequestTime (8)", "request_time"},
	{"turnaround_time_ms", "server processing time, milliseconds", "Turn-Around Time (15)", "ServerCostTime (19)", ""},
	{"referer", "HTTP Referer", "Referer (16)", "Referer (9)", "http_referer"},
	{"user_agent", "HTTP User-Agent", "User-Agent (17)", "UserAgent (10)", "user_agent"},
	{"version_id", "object version", "Version Id (18)", "", "version_id"},
	{"host_id", "x-amz-id-2", "Host Id (19)", "", ""},
	{"signature_version", "SigV2 or SigV4", "Signature Version (20)", "", ""},
	{"cipher_suite", "TLS cipher suite", "Cipher Suite (21)", "", ""},
	{"auth_type", "AuthHeader or QueryString", "Authentication Type (22)", "", ""},
	{"host_header", "endpoint or virtual host", "Host Header (23)", "HostName (11)", "vhost"},
	{"tls_version", "TLS protocol version", "TLS version (24)", "", "ssl_protocol"},
	{"access_point_arn", "access point", "Access Point ARN (25)", "", ""},
	{"acl_required", "an ACL was required", "aclRequired (26)", "", ""},
	{"source_region", "region the request came from", "Source Region (27)", "", ""},
	{"scheme", "http or https", "", "", "scheme"},
	{"range", "Range header", "", "", "range"},
	{"storage_class", "storage class", "OBS layout (20)", "StorageClass (25)", "storage_class"},
	{"target_storage_class", "target storage class", "OBS layout (21)", "TargetStorageClass (26)", ""},
	{"logging_flag", "OSS logging flag", "", "LoggingFlag (13)", ""},
	{"delta_data_size", "size change in bytes (may be negative)", "", "DeltaDataSize (23)", ""},
	{"sync_request", "cdn, lifecycle or absent", "", "SyncRequest (24)", ""},
	{"acceleration_access_point", "transfer acceleration point", "", "TransmissionAccelerationAccessPoint (27)", ""},
	{"access_key_id", "access key used", "", "AccessKeyID (28)", ""},
	{"bucket_arn", "bucket ARN", "", "BucketARN (29)", ""},
	{"sts_log_urn", "Huawei OBS: the STS log URN of the request", "OBS layout: STS log URN (19)", "", ""},
	{"region", "the bucket's region", "", "", ""},
	{"request_status", "the store's outcome name, such as Success or SASSuccess (Azure)", "", "", ""},
	{"service_type", "the storage service: blob, queue, table or file (Azure)", "", "", ""},
	{"client_request_id", "the request id the client sent", "", "", ""},
	{"etag", "the object's ETag, without quotes", "", "", ""},
	{"last_modified", "the object's last-modified time, as logged", "", "", ""},
	{"operation_count", "which of the entries of one logged request this is (Azure: 0, 1, 2 for a copy)", "", "", ""},
	{"request_header_size", "request header bytes", "", "", ""},
	{"response_header_size", "response header bytes", "", "", ""},
	{"request_version", "the API version the request asked for", "", "", ""},
	{"error_message", "the error's message, as logged", "", "", ""},
	{"log_source_type", "USER or CDN: who sent the request (COS)", "", "", ""},
	{"vpc_id", "the VPC the request came through (COS)", "", "", ""},
	{"schema_version", "the log's own version field, such as 1.0", "", "", ""},
	{"tenant_id", "the OAuth tenant of the caller (Azure 2.0)", "", "", ""},
	{"application_id", "the OAuth application of the caller (Azure 2.0)", "", "", ""},
	{"principal", "the OAuth user principal name of the caller (Azure 2.0)", "", "", ""},
	{"extra", "fields after the last known one, in order (providers append fields)", "28 and later", "30 and later", ""},
}

// storeDoc says where the other stores' logs take a key from: cos and
// azure by field position, gcs by column name ("" where never).
type storeDoc struct {
	key, cos, gcs, azure, s3json, azurejson string
}

// storeDocs covers every key some other store fills; obs lines are the s3
// layout with fields 19-21 read as below.
var storeDocs = []storeDoc{
	{"time", "eventTime (4), the request's end, less resTotalTime", "time_micros (completion) less time_taken_micros", "request-start-time (2)", "request_time", "time"},
	{"bucket_owner", "accountId (22)", "", "owner-account-name (10)", "bucket_owner_id", "properties.accountName"},
	{"bucket", "bucketName (2)", "cs_bucket", "requested-object-key (13): the container", "bucket_name", "properties.objectKey: the container"},
	{"remote_ip", "remoteIp (7)", "c_ip", "requester-ip-address (16), without the port", "remote_ip", "callerIpAddress, without the port"},
	{"requester", "requester (24)", "", "requester-account-name (9)", "requester", ""},
	{"request_id", "requestId (25)", "s_request_id", "request-id-header (14)", "request_id", "correlationId"},
	{"operation", "eventName (6)", "cs_operation", "operation-type (3)", "operation", "operationName"},
	{"action", "from operation", "from operation", "from operation", "from operation", "from operation"},
	{"key", "reqPath (12), without its leading /", "cs_object (decoded, as GCS logs it)", "requested-object-key (13): the blob", "key_name", "properties.objectKey: the blob"},
	{"request_uri", "requestUri (30)", "cs_uri", "request-url (12)", "request_uri", "uri"},
	{"method", "reqMethod (13)", "cs_method", "", "from request_uri", ""},
	{"request_path", "from request_uri", "from cs_uri", "from request-url", "from request_uri", "from uri"},
	{"request_args", "from request_uri", "from cs_uri", "from request-url", "from request_uri", "from uri"},
	{"protocol", "from request_uri", "", "", "from request_uri", ""},
	{"status", "resHttpCode (15)", "sc_status", "http-status-code (5)", "http_status", "statusCode"},
	{"error_code", "resErrorCode (16)", "", "", "error_code", ""},
	{"error_message", "resErrorMsg (17)", "", "", "", ""},
	{"bytes_sent", "resBytesSent (18)", "sc_bytes", "response-packet-size (21)", "bytes_sent", "properties.responseBodySize"},
	{"bytes_received", "reqBytesSent (10)", "cs_bytes", "request-packet-size (19)", "", "properties.requestBodySize"},
	{"object_size", "objectSize (26)", "", "", "object_size", ""},
	{"total_time_ms", "resTotalTime (19)", "time_taken_micros / 1000", "end-to-end-latency-in-ms (6)", "total_time", "durationMs"},
	{"turnaround_time_ms", "resTurnAroundTime (23)", "", "server-latency-in-ms (7)", "turn_around_time", "properties.serverLatencyMs"},
	{"referer", "referer (29)", "cs_referer", "referrer-header (29)", "referrer", "properties.referrerHeader"},
	{"user_agent", "userAgent (14)", "cs_user_agent", "user-agent-header (28)", "user_agent", "properties.userAgentHeader"},
	{"version_id", "versionId (27)", "", "", "version_id", ""},
	{"auth_type", "", "", "authentication-type (8)", "authentication_type", "identity.type"},
	{"host_header", "eventSource (5)", "cs_host", "from request-url", "host_header", "from uri"},
	{"source_region", "", "c_ip_region", "", "source_region", ""},
	{"storage_class", "storageClass (21)", "", "", "", ""},
	{"target_storage_class", "targetStorageClass (28)", "", "", "", ""},
	{"delta_data_size", "deltaDataSize (11)", "", "", "", ""},
	{"access_key_id", "userSecretKeyId (8)", "", "", "", ""},
	{"region", "qcsRegion (3)", "", "", "", "location"},
	{"request_status", "", "", "request-status (4)", "", "statusText"},
	{"service_type", "", "", "service-type (11)", "", "properties.serviceType"},
	{"client_request_id", "", "", "client-request-id (30)", "", "properties.clientRequestId"},
	{"etag", "", "", "etag-identifier (25)", "", "properties.etag"},
	{"last_modified", "", "", "last-modified-time (26)", "", "properties.lastModifiedTime"},
	{"operation_count", "", "", "operation-count (15)", "", ""},
	{"request_header_size", "", "", "request-header-size (18)", "", "properties.requestHeaderSize"},
	{"response_header_size", "", "", "response-header-size (20)", "", "properties.responseHeaderSize"},
	{"request_version", "", "", "request-version-header (17)", "", "operationVersion"},
	{"log_source_type", "logSourceType (20)", "", "", "", ""},
	{"vpc_id", "vpcId (31)", "", "", "", ""},
	{"schema_version", "eventVersion (1)", "", "version (1)", "schema_version_id", "schemaVersion"},
	{"tenant_id", "", "", "tenant-id (32)", "", "identity.requester.tenantId"},
	{"application_id", "", "", "application-id (33)", "", "identity.requester.appId"},
	{"principal", "", "", "user-principal-name (36)", "", "identity.requester.upn"},
	{"host_id", "", "", "", "host_id", ""},
	{"signature_version", "", "", "", "signature_version", ""},
	{"cipher_suite", "", "", "", "cipher_suite", ""},
	{"tls_version", "", "", "", "tls_version", "properties.tlsVersion"},
	{"access_point_arn", "", "", "", "access_point_arn", ""},
	{"acl_required", "", "", "", "acl_required", ""},
	{"bucket_arn", "", "", "", "bucket_arn", ""},
	{"scheme", "", "", "", "", "protocol"},
	{"extra", "32 and later", "columns after the 17th", "after the last of its version's fields (30 or 38)", "", ""},
}

// storeNotes says what the other stores log that no key holds.
const storeNotes = `Not kept: gcs c_ip_type (remote_ip tells it), COS's reserved field 9,
Azure request-content-length, request-md5, server-md5, conditions-used,
user-object-id, audience, issuer, the reserved field and
authorization-detail. obs lines are s3 lines whose fields 19-21 are the STS
log URN (sts_log_urn), the storage class and the target storage class.
s3json and azurejson ignore keys they do not know, so later schema versions
decode; azurejson also leaves out category, resourceId, identity.tokenHash,
identity.requester.objectId and audience, and contentLengthHeader.
`

// fieldType names the type of a key's values for people.
func fieldType(key string) string {
	if key == "format" {
		return "text"
	}
	f, _ := parse.FieldByName(key)
	switch f.Kind() {
	case parse.KindInt:
		return "integer"
	case parse.KindTime:
		return "time"
	case parse.KindList:
		return "list of text"
	}
	return "text"
}

const fieldsIntro = `Every format decodes into one record with these keys: the names used in
queries, in JSON and CSV output and in the report. A field the log wrote as
"-" (or, in JSON, as "" or not at all) is absent: JSON output leaves it out,
a comparison with it is false, and it is not zero. Text is kept as logged
(keys stay URL-encoded). Sizes, counts and times in milliseconds are
non-negative integers (delta_data_size may be negative); sums saturate at
2^63-1. Numbers in the s3 and oss columns are field positions in the line.
`

func runFields(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fields", flag.ContinueOnError)
	markdown := fs.Bool("markdown", false, "print the reference as Markdown (FIELDS.md)")
	if _, status, done := parseFlags(fs, args, "Usage: bucketlogs fields [--markdown]\n\nPrints every record key: its type, its meaning and where each format takes it from. Flags:\n", stdout, stderr); done {
		return status
	}
	var b strings.Builder
	if *markdown {
		writeFieldsMarkdown(&b)
	} else {
		b.WriteString(fieldsIntro + "\n")
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tTYPE\ts3\toss\tyandex\tMEANING")
		for _, d := range fieldDocs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.key, fieldType(d.key), dash(d.s3), dash(d.oss), dash(d.yandex), d.meaning)
		}
		tw.Flush()
		b.WriteString("\nOther stores (field numbers, column names, keys):\n\n")
		tw = tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tcos\tgcs\tazure\ts3json\tazurejson")
		for _, d := range storeDocs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.key, dash(d.cos), dash(d.gcs), dash(d.azure), dash(d.s3json), dash(d.azurejson))
		}
		tw.Flush()
		b.WriteString("\n" + storeNotes)
	}
	return writeOut(stdout, []byte(b.String()), stderr)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeFieldsMarkdown writes FIELDS.md.
func writeFieldsMarkdown(b *strings.Builder) {
	b.WriteString("# The record's fields\n\n")
	b.WriteString("<!-- Generated by `bucketlogs fields --markdown`; a test keeps it current. -->\n\n")
	b.WriteString(fieldsIntro + "\n")
	b.WriteString("| key | type | meaning | `s3` (field no.) | `oss` (field no.) | `yandex` key |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	md := func(s string) string {
		if s == "" {
			return "—"
		}
		return strings.ReplaceAll(s, "|", "\\|")
	}
	for _, d := range fieldDocs {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", d.key, fieldType(d.key), md(d.meaning), md(d.s3), md(d.oss), md(d.yandex))
	}
	b.WriteString("\n## Other stores\n\n")
	b.WriteString("Where the other stores' logs take each key from. Numbers are field positions.\n\n")
	b.WriteString("| key | `cos` (field no.) | `gcs` column | `azure` (field no.) | `s3json` key | `azurejson` key |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, d := range storeDocs {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", d.key, md(d.cos), md(d.gcs), md(d.azure), md(d.s3json), md(d.azurejson))
	}
	b.WriteString("\n" + storeNotes)
}
