package s3line_test

import (
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// TestParseCOS decodes Tencent Cloud COS lines (testdata/cos-quirks.log):
// the time taken back from the request's end to its start, the key from
// reqPath, a quoted error message, a negative size change, appended
// fields, and lines that must fail on the right field.
func TestParseCOS(t *testing.T) {
	lines := rectest.Lines(t, "testdata/cos-quirks.log")
	p := s3line.Parser{Format: parse.FormatCOS}
	cases := []rectest.LineCase{
		{Name: "all 31 fields", Line: lines[0], Want: map[string]string{
			"format": "cos", "schema_version": "1.0", "bucket": "examplebucket-1250000000", "region": "ap-guangzhou",
			"time":        "2026-07-01T12:00:00.975Z", // ended 12:00:01, took 25 ms
			"host_header": "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
			"operation":   "GetObject", "action": "GetObject", "remote_ip": "203.0.113.50",
			"access_key_id": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "bytes_received": "0", "delta_data_size": "0",
			"key": "photos/cat%201.jpg", "method": "GET",
			"user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) curl/8.4.0",
			"status":     "200", "bytes_sent": "48213", "total_time_ms": "25", "log_source_type": "USER",
			"storage_class": "STANDARD", "bucket_owner": "100000000001", "turnaround_time_ms": "9",
			"requester":  "qcs::cam::uin/100000000001:uin/100000000001",
			"request_id": "NjA1ZmU2MmVfYjgyNjJhMDlfMjdmZV8xMjM0NTY=", "object_size": "48213",
			"referer":      "https://www.example.com/gallery",
			"request_uri":  "GET /photos/cat%201.jpg?response-content-type=image%2Fjpeg HTTP/1.1",
			"request_path": "/photos/cat%201.jpg", "request_args": "response-content-type=image%2Fjpeg",
			"protocol": "HTTP/1.1", "vpc_id": "vpc-7fk2x9",
		}},
		{Name: "an error with its message, no vpcId field", Line: lines[1], Want: map[string]string{
			"format": "cos", "schema_version": "1.0", "bucket": "examplebucket-1250000000", "region": "ap-guangzhou",
			"time":        "2026-07-01T12:00:01.997Z",
			"host_header": "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
			"operation":   "GetObject", "action": "GetObject", "remote_ip": "198.51.100.7",
			"bytes_received": "0", "delta_data_size": "0", "key": "missing.txt", "method": "GET",
			"user_agent": "curl/8.4.0", "status": "404", "error_code": "NoSuchKey",
			"error_message": "The specified key does not exist.", "bytes_sent": "312", "total_time_ms": "3",
			"log_source_type": "USER", "bucket_owner": "100000000001", "turnaround_time_ms": "2",
			"request_id":  "NjA1ZmU2MmVfYjgyNjJhMDlfMjdmZV8xMjM0NTc=",
			"request_uri": "GET /missing.txt HTTP/1.1", "request_path": "/missing.txt", "protocol": "HTTP/1.1",
		}},
		{Name: "a CDN upload with fields appended", Line: lines[2], Want: map[string]string{
			"format": "cos", "schema_version": "1.0", "bucket": "examplebucket-1250000000", "region": "ap-guangzhou",
			"time":        "2026-07-01T12:00:02.79Z",
			"host_header": "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
			"operation":   "PutObject", "action": "PutObject", "remote_ip": "203.0.113.50",
			"access_key_id": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "bytes_received": "1048576",
			"delta_data_size": "1048576", "key": "backups/db.tar.gz", "method": "PUT",
			"user_agent": "cos-go-sdk-v5/0.7.45", "status": "200", "bytes_sent": "0", "total_time_ms": "210",
			"log_source_type": "CDN", "storage_class": "STANDARD_IA", "bucket_owner": "100000000001",
			"turnaround_time_ms": "198", "requester": "qcs::cam::uin/100000000001:uin/100000000002",
			"request_id": "NjA1ZmU2MmVfYjgyNjJhMDlfMjdmZV8xMjM0NTg=", "object_size": "1048576",
			"version_id": "MTg0NDUxNTc1NjIzMTQ1MDAwODg", "request_uri": "PUT /backups/db.tar.gz HTTP/1.1",
			"request_path": "/backups/db.tar.gz", "protocol": "HTTP/1.1", "extra": "appended-1 appended-2",
		}},
		{Name: "a delete shrinks the bucket", Line: lines[3], Want: map[string]string{
			"format": "cos", "schema_version": "1.0", "bucket": "examplebucket-1250000000", "region": "ap-guangzhou",
			"time":        "2026-07-01T12:00:03.988Z",
			"host_header": "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
			"operation":   "DeleteObject", "action": "DeleteObject", "remote_ip": "203.0.113.50",
			"access_key_id": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "bytes_received": "0",
			"delta_data_size": "-1048576", "key": "backups/db.tar.gz", "method": "DELETE",
			"user_agent": "cos-go-sdk-v5/0.7.45", "status": "204", "bytes_sent": "0", "total_time_ms": "12",
			"log_source_type": "USER", "storage_class": "STANDARD_IA", "bucket_owner": "100000000001",
			"turnaround_time_ms": "11", "requester": "qcs::cam::uin/100000000001:uin/100000000002",
			"request_id":  "NjA1ZmU2MmVfYjgyNjJhMDlfMjdmZV8xMjM0NTk=",
			"request_uri": "DELETE /backups/db.tar.gz HTTP/1.1", "request_path": "/backups/db.tar.gz", "protocol": "HTTP/1.1",
		}},
	}
	cases = append(cases, []rectest.LineCase{
		{Name: "a space inside the time", Line: lines[4], Field: parse.Time, Err: parse.ErrSyntax, Offset: at(lines[4], "2026-07-01 12")},
		{Name: "the line ends before the status", Line: lines[5], Field: parse.Status, Err: parse.ErrFieldCount, Offset: len(lines[5])},
		{Name: "a negative size sent", Line: lines[6], Field: parse.BytesSent, Err: parse.ErrRange, Offset: at(lines[6], "-5 ")},
	}...)
	rectest.CheckLines(t, &p, cases)
}

// at is the byte offset of the first sub in line.
func at(line, sub string) int { return strings.Index(line, sub) }
