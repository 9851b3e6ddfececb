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
	{"format", "the log family the record came from: s3, oss or yandex", "s3", "oss", "yandex"},
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
	{"extra", "fields after the last known one, in order (providers append fields)", "28 and later", "30 and later", ""},
}

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
}
