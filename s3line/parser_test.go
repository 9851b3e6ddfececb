package s3line_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

func TestParseS3(t *testing.T) {
	lines := rectest.Lines(t, "testdata/s3-quirks.log")
	tests := []struct {
		name string
		line string
		want map[string]string
	}{
		{
			name: "all 27 fields",
			line: lines[0],
			want: map[string]string{
				"format":       "s3",
				"bucket_owner": "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
				"bucket":       "photos-prod",
				"time":         "2025-03-14T09:26:53Z",
				"remote_ip":    "198.51.100.23",
				"requester":    "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
				"request_id":   "7QK2M9X4R1T8EXAMPLE",
				"operation":    "REST.GET.OBJECT", "action": "GetObject",
				"key":                "albums/2025/beach%20day.jpg",
				"request_uri":        "GET /photos-prod/albums/2025/beach%20day.jpg?versionId=3HL4kqtJlcpXroDTDmJ HTTP/1.1",
				"method":             "GET",
				"request_path":       "/photos-prod/albums/2025/beach%20day.jpg",
				"request_args":       "versionId=3HL4kqtJlcpXroDTDmJ",
				"protocol":           "HTTP/1.1",
				"status":             "200",
				"bytes_sent":         "482913",
				"object_size":        "482913",
				"total_time_ms":      "57",
				"turnaround_time_ms": "21",
				"referer":            "https://gallery.example.org/view",
				"user_agent":         "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36",
				"version_id":         "3HL4kqtJlcpXroDTDmJ",
				"host_id":            "Zx8v2Qm9tR4yLw7pK1sN5bH3cF6gJ0dA2eU8iO4yT7rE1wQ9zX5vB3nM6kL0jH2gF4dS8aP1oI=",
				"signature_version":  "SigV4",
				"cipher_suite":       "ECDHE-RSA-AES128-GCM-SHA256",
				"auth_type":          "AuthHeader",
				"host_header":        "photos-prod.s3.eu-west-1.amazonaws.com",
				"tls_version":        "TLSv1.2",
				"access_point_arn":   "arn:aws:s3:eu-west-1:111122223333:accesspoint/photos-ap",
				"acl_required":       "Yes",
				"source_region":      "eu-west-1",
			},
		},
		{
			name: "OVHcloud line with 25 fields",
			line: lines[1],
			want: map[string]string{
				"format":       "s3",
				"bucket_owner": "1542319462669586:user-5hwhM25pPT6f",
				"bucket":       "my-bucket",
				"time":         "2023-01-10T15:06:47Z",
				"remote_ip":    "109.190.254.61",
				"requester":    "1542319462669586:user-5hwhM25pPT6f",
				"request_id":   "txd467757a5fac478b9132e-0063bd7f07",
				"operation":    "REST.GET.LOGGING_STATUS", "action": "GetBucketLogging",
				"request_uri":        "GET /?logging HTTP/1.0",
				"method":             "GET",
				"request_path":       "/",
				"request_args":       "logging",
				"protocol":           "HTTP/1.0",
				"status":             "200",
				"bytes_sent":         "254",
				"total_time_ms":      "11",
				"turnaround_time_ms": "9",
				"user_agent":         "aws-cli/1.24.10 Python/3.6.9 Linux/5.4.0-135-generic botocore/1.26.10",
				"signature_version":  "SigV4",
				"auth_type":          "AuthHeader",
				"host_header":        "my-bucket.s3.training.perf.cloud.ovh.net",
			},
		},
		{
			name: "raw quote inside the request line, 17 fields",
			line: lines[2],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "site", "time": "2024-06-01T12:00:00Z",
				"remote_ip": "192.0.2.44", "request_id": "5F1E2D3C4B5A6978", "operation": "WEBSITE.GET.OBJECT",
				"key": "index.html", "request_uri": `GET /" HTTP/1.1`, "method": "GET", "request_path": `/"`,
				"protocol": "HTTP/1.1", "status": "200", "bytes_sent": "1024", "object_size": "1024",
				"total_time_ms": "3", "turnaround_time_ms": "2", "user_agent": "curl/8.5.0",
			},
		},
		{
			name: "raw quotes in referer and at the end of the user agent",
			line: lines[3],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "site", "time": "2024-06-01T12:00:01Z",
				"remote_ip": "192.0.2.45", "request_id": "5F1E2D3C4B5A6979", "operation": "REST.GET.OBJECT", "action": "GetObject",
				"key": "app.js", "request_uri": "GET /app.js HTTP/1.1", "method": "GET", "request_path": "/app.js",
				"protocol": "HTTP/1.1", "status": "200", "bytes_sent": "2048", "object_size": "2048",
				"total_time_ms": "4", "turnaround_time_ms": "3", "referer": `https://site.example/?q="x"`,
				"user_agent": `Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1"`,
			},
		},
		{
			name: "quoted words inside the user agent, fields after it",
			line: lines[4],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "site", "time": "2024-06-01T12:00:02Z",
				"remote_ip": "192.0.2.46", "request_id": "5F1E2D3C4B5A6980", "operation": "REST.GET.OBJECT", "action": "GetObject",
				"key": "app.js", "request_uri": "GET /app.js HTTP/1.1", "method": "GET", "request_path": "/app.js",
				"protocol": "HTTP/1.1", "status": "304", "object_size": "2048",
				"total_time_ms": "1", "turnaround_time_ms": "1",
				"user_agent":        `Bot "crawler" v2 (+https://bot.example/)`,
				"signature_version": "SigV4", "auth_type": "AuthHeader", "host_header": "site.s3.amazonaws.com",
				"tls_version": "TLSv1.3",
			},
		},
		{
			name: "lifecycle expiry: status, request line, referer and user agent are bare dashes",
			line: lines[5],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "archive", "time": "2024-06-02T03:15:22Z",
				"requester": "AmazonS3", "request_id": "D1E2F3A4B5C6D7E8", "operation": "S3.EXPIRE.OBJECT", "action": "LifecycleExpiration",
				"key": "logs/old.gz", "object_size": "73450",
			},
		},
		{
			name: "IPv6 client, requester with spaces, host header with port",
			line: lines[6],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "media", "time": "2024-06-02T08:00:00Z",
				"remote_ip":  "2001:db8:85a3::8a2e:370:7334",
				"requester":  "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL",
				"request_id": "9E8D7C6B5A493827", "operation": "REST.GET.OBJECT", "action": "GetObject", "key": "video/intro.mp4",
				"request_uri": "GET /video/intro.mp4 HTTP/1.1", "method": "GET", "request_path": "/video/intro.mp4",
				"protocol": "HTTP/1.1", "status": "206", "bytes_sent": "1048576", "object_size": "73400320",
				"total_time_ms": "120", "turnaround_time_ms": "15", "user_agent": "Amazon CloudFront",
				"host_id": "bX0=", "signature_version": "SigV4", "cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256",
				"auth_type": "AuthHeader", "host_header": "media.s3.us-east-1.amazonaws.com:80", "tls_version": "TLSv1.2",
			},
		},
		{
			name: "negative offset, UUID request ID, four-part operation, appended fields",
			line: lines[7],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "media", "time": "2024-06-02T13:00:05Z",
				"remote_ip": "203.0.113.9", "requester": "arn:aws:iam::111122223333:user/ci",
				"request_id": "6f1c2b7e-4d3a-4e8b-9c1d-2a3b4c5d6e7f", "operation": "S3.COMPUTE.OBJECT.CHECKSUM",
				"key": "video/intro.mp4", "request_uri": "POST /video/intro.mp4?checksum HTTP/1.1", "method": "POST",
				"request_path": "/video/intro.mp4", "request_args": "checksum", "protocol": "HTTP/1.1",
				"status": "200", "bytes_sent": "0", "object_size": "73400320", "total_time_ms": "12000",
				"turnaround_time_ms": "11000", "signature_version": "SigV4", "auth_type": "AuthHeader",
				"host_header": "media.s3.us-east-1.amazonaws.com", "tls_version": "TLSv1.2",
				"source_region": "us-east-1", "extra": "future-field quoted future",
			},
		},
		{
			name: "Ceph tenant:bucket, positive offset, host with port",
			line: lines[8],
			want: map[string]string{
				"format": "s3", "bucket_owner": "tenant1", "bucket": "tenant1:shared", "time": "2024-06-02T08:30:00Z",
				"remote_ip": "10.1.2.3", "requester": "tenant1$alice",
				"request_id": "tx000000a1b2c3d4e5f-0066ff00aa-1234-default", "operation": "REST.PUT.OBJECT", "action": "PutObject",
				"key": "reports/q2.csv", "request_uri": "PUT /tenant1:shared/reports/q2.csv HTTP/1.1", "method": "PUT",
				"request_path": "/tenant1:shared/reports/q2.csv", "protocol": "HTTP/1.1", "status": "200",
				"bytes_sent": "0", "object_size": "18234", "total_time_ms": "33", "user_agent": "Boto3/1.34.0",
				"host_header": "ceph.example.net:8080",
			},
		},
		{
			name: "error code",
			line: lines[9],
			want: map[string]string{
				"format": "s3", "bucket_owner": "owner1", "bucket": "photos-prod", "time": "2024-06-02T11:00:00Z",
				"remote_ip": "198.51.100.23", "request_id": "4A4A4A4A4A4A4A4A", "operation": "REST.GET.OBJECT", "action": "GetObject",
				"key": "missing.jpg", "request_uri": "GET /missing.jpg HTTP/1.1", "method": "GET",
				"request_path": "/missing.jpg", "protocol": "HTTP/1.1", "status": "404", "error_code": "NoSuchKey",
				"bytes_sent": "243", "total_time_ms": "9",
			},
		},
		{
			name: "CRLF remnant and trailing spaces are ignored",
			line: lines[9] + "  \r",
			want: nil, // same as the line above; filled in below
		},
	}
	tests[len(tests)-1].want = tests[len(tests)-2].want
	var p s3line.Parser
	var r parse.Record
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := p.Parse([]byte(tt.line), &r); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, rectest.Values(&r)); diff != "" {
				t.Errorf("record mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseOSS(t *testing.T) {
	lines := rectest.Lines(t, "testdata/oss.log")
	tests := []struct {
		name string
		line string
		want map[string]string
	}{
		{
			name: "all 29 fields, local time +0800",
			line: lines[0],
			want: map[string]string{
				"format": "oss", "remote_ip": "203.0.113.7", "time": "2024-01-03T08:50:00Z",
				"request_uri": "GET /cat.jpg?x-oss-process=image/resize,w_100 HTTP/1.1", "method": "GET",
				"request_path": "/cat.jpg", "request_args": "x-oss-process=image/resize,w_100", "protocol": "HTTP/1.1",
				"status": "200", "bytes_sent": "5576", "total_time_ms": "44", "referer": "https://shop.example.cn/item",
				"user_agent": "aliyun-sdk-java/3.17.4(Linux/5.10/amd64;1.8.0)", "host_header": "photos.oss-cn-hangzhou.aliyuncs.com",
				"request_id": "65A1B2C3D4E5F60718293A4B", "logging_flag": "true", "requester": "1234567890123456",
				"operation": "GetObject", "action": "GetObject", "bucket": "photos", "key": "cat.jpg", "object_size": "5576",
				"turnaround_time_ms": "12", "bytes_received": "389", "bucket_owner": "1234567890123456",
				"delta_data_size": "0", "storage_class": "Standard", "access_key_id": "LTAI5tExampleKeyID",
				"bucket_arn": "acs:oss:cn-hangzhou:1234567890123456:photos",
			},
		},
		{
			name: "25 fields, quoted value with a space",
			line: lines[1],
			want: map[string]string{
				"format": "oss", "remote_ip": "198.51.100.2", "time": "2024-01-03T08:51:10Z",
				"request_uri": "PUT /backup/db.tar HTTP/1.1", "method": "PUT", "request_path": "/backup/db.tar",
				"protocol": "HTTP/1.1", "status": "200", "bytes_sent": "0", "total_time_ms": "812",
				"user_agent": "ossutil/1.7.19", "host_header": "vault.oss-cn-shanghai.aliyuncs.com",
				"request_id": "65A1B2C3D4E5F60718293A4C", "logging_flag": "true", "requester": "2234567890123456",
				"operation": "PutObject", "action": "PutObject", "bucket": "vault", "key": "backup%2Fdb.tar", "object_size": "104857600",
				"turnaround_time_ms": "790", "bytes_received": "104858000", "bucket_owner": "2234567890123456",
				"delta_data_size": "104857600", "storage_class": "Cold Archive",
			},
		},
		{
			name: "IPv6, raw quotes in the user agent, appended field",
			line: lines[2],
			want: map[string]string{
				"format": "oss", "remote_ip": "2001:db8::1", "time": "2024-01-03T08:52:00Z",
				"request_uri": "DELETE /tmp/x HTTP/1.1", "method": "DELETE", "request_path": "/tmp/x",
				"protocol": "HTTP/1.1", "status": "404", "bytes_sent": "290", "total_time_ms": "3",
				"user_agent": `aliyun-sdk-go/v3.0.2 "beta"`, "host_header": "vault.oss-cn-shanghai.aliyuncs.com",
				"request_id": "65A1B2C3D4E5F60718293A4D", "logging_flag": "false",
				"operation": "DeleteObject", "action": "DeleteObject", "bucket": "vault", "key": "tmp%2Fx",
				"turnaround_time_ms": "2", "error_code": "NoSuchKey", "bytes_received": "210",
				"bucket_owner": "2234567890123456", "delta_data_size": "0", "extra": "appended-1",
			},
		},
	}
	p := s3line.Parser{Format: parse.FormatOSS}
	var r parse.Record
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := p.Parse([]byte(tt.line), &r); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, rectest.Values(&r)); diff != "" {
				t.Errorf("record mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// errorMarker marks, in a test input, the byte offset an error must report.
const errorMarker = "§"

func TestParseErrors(t *testing.T) {
	ok := rectest.Lines(t, "testdata/s3-quirks.log")[9]
	okOSS := rectest.Lines(t, "testdata/oss.log")[1]
	tests := []struct {
		name   string
		format parse.Format
		line   string // errorMarker marks the expected offset
		field  string
		err    error
	}{
		{"empty line", parse.FormatS3, "§", "bucket_owner", parse.ErrFieldCount},
		{"too few fields", parse.FormatS3, `o b [02/Jun/2024:11:00:00 +0000] 1.2.3.4 - R REST.GET.OBJECT k "GET / HTTP/1.1" 200 - 1 1 1 1 "-"§`, "user_agent", parse.ErrFieldCount},
		{"bad time", parse.FormatS3, `o b §[32/Jun/2024:11:00:00 +0000] 1.2.3.4 - R REST.GET.OBJECT k "GET / HTTP/1.1" 200 - 1 1 1 1 "-" "-"`, "time", parse.ErrSyntax},
		{"time without brackets", parse.FormatS3, `o b §02/Jun/2024:11:00:00 +0000 1.2.3.4 - R REST.GET.OBJECT k "GET / HTTP/1.1" 200 - 1 1 1 1 "-" "-"`, "time", parse.ErrSyntax},
		{"time before year 0000 in UTC", parse.FormatS3, `o b §[01/Jan/0000:00:30:00 +0100] 1.2.3.4 - R REST.GET.OBJECT k "GET / HTTP/1.1" 200 - 1 1 1 1 "-" "-"`, "time", parse.ErrSyntax},
		{"bad offset sign", parse.FormatS3, `o b §[02/Jun/2024:11:00:00 *0000] 1.2.3.4 - R REST.GET.OBJECT k "GET / HTTP/1.1" 200 - 1 1 1 1 "-" "-"`, "time", parse.ErrSyntax},
		{"non-numeric status", parse.FormatS3, strings.Replace(ok, " 404 ", " §4o4 ", 1), "status", parse.ErrSyntax},
		{"bytes sent out of range", parse.FormatS3, strings.Replace(ok, " 243 ", " §99999999999999999999 ", 1), "bytes_sent", parse.ErrRange},
		{"negative bytes sent", parse.FormatS3, strings.Replace(ok, " 243 ", " §-243 ", 1), "bytes_sent", parse.ErrRange},
		{"negative status", parse.FormatS3, strings.Replace(ok, " 404 ", " §-404 ", 1), "status", parse.ErrRange},
		{"unterminated quote", parse.FormatS3, `o b [02/Jun/2024:11:00:00 +0000] 1.2.3.4 - R REST.GET.OBJECT k §"GET / HTTP/1.1 200 - 1 1 1 1 - -`, "request_uri", parse.ErrSyntax},
		{"binary garbage", parse.FormatS3, "\x00\x01\xff\xfe garbage\x7f §\x80\x81 and more", "time", parse.ErrSyntax},
		{"oss too few fields", parse.FormatOSS, strings.TrimSuffix(okOSS, ` "Cold Archive" "-"`) + "§", "storage_class", parse.ErrFieldCount},
		{"oss non-numeric size", parse.FormatOSS, strings.Replace(okOSS, " 104857600 790 ", " §size 790 ", 1), "object_size", parse.ErrSyntax},
		{"oss negative request time", parse.FormatOSS, strings.Replace(okOSS, " 104857600 790 ", " 104857600 §-790 ", 1), "turnaround_time_ms", parse.ErrRange},
		{"oss bad time", parse.FormatOSS, strings.Replace(okOSS, "[03/Jan/2024", "§[03/Jab/2024", 1), "time", parse.ErrSyntax},
	}
	var r parse.Record
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := strings.Index(tt.line, errorMarker)
			if off < 0 {
				t.Fatal("test input has no error marker")
			}
			line := strings.Replace(tt.line, errorMarker, "", 1)
			p := s3line.Parser{Format: tt.format}
			err := p.Parse([]byte(line), &r)
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v (%T), want *parse.Error", err, err)
			}
			got := struct {
				Offset int64
				Field  string
				Cause  bool
			}{pe.Offset, pe.Field, errors.Is(err, tt.err)}
			want := got
			want.Offset, want.Field, want.Cause = int64(off), tt.field, true
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("error %q mismatch (-want +got):\n%s", err, diff)
			}
		})
	}
}
