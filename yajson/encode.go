package yajson

import (
	"strconv"
	"time"

	"github.com/bucketlogs/bucketlogs/internal/azure"
	"github.com/bucketlogs/bucketlogs/parse"
)

// AppendRecord appends r to dst as one Yandex Object Storage JSON record,
// with the Yandex key of every present field that the format carries (in the
// key order of Yandex's field table), and returns the extended slice. Fields
// Yandex does not log are left out. The timestamp is RFC 3339 in UTC, with
// fractional seconds only when the time has them. It does not allocate when
// dst has room.
func AppendRecord(dst []byte, r *parse.Record) []byte {
	dst = append(dst, '{')
	first := true
	for _, k := range yandexKeys {
		if !r.Has(k.f) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, '"')
		dst = append(dst, k.key...)
		dst = append(dst, '"', ':')
		switch k.f.Kind() {
		case parse.KindTime:
			dst = append(dst, '"')
			dst = r.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, '"')
		case parse.KindInt:
			v, _ := r.Int(k.f)
			dst = strconv.AppendInt(dst, v, 10)
		default:
			dst = parse.AppendJSONString(dst, r.Text(k.f))
		}
	}
	return append(dst, '}')
}

// s3jsonKeys lists the S3 JSON key of each field that layout carries, in
// the order AppendLayout writes them.
var s3jsonKeys = [...]struct {
	f   parse.Field
	key string
}{
	{parse.SchemaVersion, "schema_version_id"}, {parse.BucketARN, "bucket_arn"}, {parse.Bucket, "bucket_name"},
	{parse.Time, "request_time"}, {parse.BucketOwner, "bucket_owner_id"}, {parse.RemoteIP, "remote_ip"},
	{parse.Requester, "requester"}, {parse.RequestID, "request_id"}, {parse.Operation, "operation"},
	{parse.Key, "key_name"}, {parse.RequestURI, "request_uri"}, {parse.Status, "http_status"},
	{parse.ErrorCode, "error_code"}, {parse.BytesSent, "bytes_sent"}, {parse.ObjectSize, "object_size"},
	{parse.TotalTimeMS, "total_time"}, {parse.TurnaroundTimeMS, "turn_around_time"}, {parse.Referer, "referrer"},
	{parse.UserAgent, "user_agent"}, {parse.VersionID, "version_id"}, {parse.HostID, "host_id"},
	{parse.SignatureVersion, "signature_version"}, {parse.CipherSuite, "cipher_suite"},
	{parse.AuthType, "authentication_type"}, {parse.HostHeader, "host_header"}, {parse.TLSVersion, "tls_version"},
	{parse.AccessPointARN, "access_point_arn"}, {parse.ACLRequired, "acl_required"}, {parse.SourceRegion, "source_region"},
}

// The StorageBlobLogs keys AppendLayout writes: top-level, in
// identity.requester, and in properties.
var (
	azureTopKeys = [...]struct {
		f   parse.Field
		key string
	}{
		{parse.Time, "time"}, {parse.Operation, "operationName"}, {parse.RequestVersion, "operationVersion"},
		{parse.SchemaVersion, "schemaVersion"}, {parse.Status, "statusCode"}, {parse.RequestStatus, "statusText"},
		{parse.TotalTimeMS, "durationMs"}, {parse.RequestID, "correlationId"}, {parse.Region, "location"},
		{parse.Scheme, "protocol"},
	}
	azureRequesterKeys = [...]struct {
		f   parse.Field
		key string
	}{{parse.ApplicationID, "appId"}, {parse.TenantID, "tenantId"}, {parse.Principal, "upn"}}
	azurePropertyKeys = [...]struct {
		f   parse.Field
		key string
	}{
		{parse.BucketOwner, "accountName"}, {parse.UserAgent, "userAgentHeader"}, {parse.Referer, "referrerHeader"},
		{parse.ClientRequestID, "clientRequestId"}, {parse.ServiceType, "serviceType"},
		{parse.LastModified, "lastModifiedTime"}, {parse.TurnaroundTimeMS, "serverLatencyMs"},
		{parse.RequestHeaderSize, "requestHeaderSize"}, {parse.BytesReceived, "requestBodySize"},
		{parse.ResponseHeaderSize, "responseHeaderSize"}, {parse.BytesSent, "responseBodySize"},
		{parse.TLSVersion, "tlsVersion"},
	}
)

// AppendLayout appends r to dst as one JSON record in the layout format:
// parse.FormatYandex (as [AppendRecord]), parse.FormatS3JSON or
// parse.FormatAzureJSON, with the key of every present field the layout
// carries, and returns the extended slice. For azurejson the address gets
// a port (0), the uri is built from host_header, request_path and
// request_args, the objectKey as /bucket_owner/bucket/key and the ETag is
// quoted. It does not allocate when dst has room.
func AppendLayout(dst []byte, r *parse.Record, format parse.Format) []byte {
	switch format {
	case parse.FormatS3JSON:
		dst = append(dst, '{')
		first := true
		for _, k := range s3jsonKeys {
			if r.Has(k.f) {
				dst, first = appendMember(dst, r, k.f, k.key, first), false
			}
		}
		return append(dst, '}')
	case parse.FormatAzureJSON:
		return appendAzure(dst, r)
	}
	return AppendRecord(dst, r)
}

// appendMember appends "key":value for field f, after a comma unless first.
func appendMember(dst []byte, r *parse.Record, f parse.Field, key string, first bool) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	dst = append(dst, '"', ':')
	switch f.Kind() {
	case parse.KindTime:
		dst = append(dst, '"')
		dst = r.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
		return append(dst, '"')
	case parse.KindInt:
		v, _ := r.Int(f)
		return strconv.AppendInt(dst, v, 10)
	}
	return parse.AppendJSONString(dst, r.Text(f))
}

func appendAzure(dst []byte, r *parse.Record) []byte {
	dst = append(dst, '{')
	first := true
	for _, k := range azureTopKeys {
		if r.Has(k.f) {
			dst, first = appendMember(dst, r, k.f, k.key, first), false
		}
	}
	sep := func() {
		if !first {
			dst = append(dst, ',')
		}
		first = false
	}
	if r.Has(parse.RemoteIP) {
		sep()
		dst = append(dst, `"callerIpAddress":"`...)
		before, after := azure.PortAround(r.RemoteIP)
		dst = append(dst, before...)
		dst = appendJSONPart(dst, r.RemoteIP)
		dst = append(append(dst, after...), '"')
	}
	if r.Has(parse.HostHeader) || r.Has(parse.RequestPath) {
		sep()
		dst = append(dst, `"uri":"https://`...)
		dst = appendJSONPart(dst, r.HostHeader)
		dst = appendJSONPart(dst, r.RequestPath)
		if r.Has(parse.RequestArgs) {
			dst = append(dst, '?')
			dst = appendJSONPart(dst, r.RequestArgs)
		}
		dst = append(dst, '"')
	}
	if r.Has(parse.AuthType) || r.Has(parse.ApplicationID) || r.Has(parse.TenantID) || r.Has(parse.Principal) {
		sep()
		dst = append(dst, `"identity":{`...)
		in := true
		if r.Has(parse.AuthType) {
			dst, in = appendMember(dst, r, parse.AuthType, "type", in), false
		}
		if r.Has(parse.ApplicationID) || r.Has(parse.TenantID) || r.Has(parse.Principal) {
			if !in {
				dst = append(dst, ',')
			}
			in = false
			dst = append(dst, `"requester":{`...)
			rq := true
			for _, k := range azureRequesterKeys {
				if r.Has(k.f) {
					dst, rq = appendMember(dst, r, k.f, k.key, rq), false
				}
			}
			dst = append(dst, '}')
		}
		dst = append(dst, '}')
	}
	sep()
	dst = append(dst, `"properties":{`...)
	in := true
	for _, k := range azurePropertyKeys {
		if r.Has(k.f) {
			dst, in = appendMember(dst, r, k.f, k.key, in), false
		}
	}
	if r.Has(parse.ETag) {
		if !in {
			dst = append(dst, ',')
		}
		in = false
		dst = append(dst, `"etag":"\"`...)
		dst = appendJSONPart(dst, r.ETag)
		dst = append(dst, `\""`...)
	}
	if r.Has(parse.Bucket) {
		if !in {
			dst = append(dst, ',')
		}
		dst = append(dst, `"objectKey":"/`...)
		dst = appendJSONPart(dst, r.BucketOwner)
		dst = append(dst, '/')
		dst = appendJSONPart(dst, r.Bucket)
		if r.Has(parse.Key) {
			dst = append(dst, '/')
			dst = appendJSONPart(dst, r.Key)
		}
		dst = append(dst, '"')
	}
	dst = append(dst, '}')
	return append(dst, '}')
}

// appendJSONPart appends v escaped as inside a JSON string, without quotes.
func appendJSONPart(dst, v []byte) []byte {
	n := len(dst)
	dst = parse.AppendJSONString(dst, v) // "v"
	copy(dst[n:], dst[n+1:len(dst)-1])
	return dst[:len(dst)-2]
}
