package gcslog_test

import (
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
)

// TestParse decodes the quirks of testdata/gcs-quirks.log: the header, a
// comma inside a quoted value, a doubled quote, empty values, IPv6, an
// appended column, the time taken back to the request's start, and lines
// that must fail on the right column.
func TestParse(t *testing.T) {
	lines := rectest.Lines(t, "testdata/gcs-quirks.log")
	var p gcslog.Parser
	var r parse.Record
	if err := p.Parse([]byte(lines[0]), &r); err != parse.ErrHeader {
		t.Fatalf("header: got %v, want parse.ErrHeader", err)
	}
	cases := []rectest.LineCase{
		{Name: "a download with a comma in the referer", Line: lines[1], Want: map[string]string{
			"format": "gcs", "time": "2026-07-01T12:00:00.098025Z", "remote_ip": "203.0.113.50",
			"method": "GET", "request_uri": "/download/storage/v1/b/media-archive/o/photos%2Fcat%201.jpg?alt=media",
			"request_path": "/download/storage/v1/b/media-archive/o/photos%2Fcat%201.jpg", "request_args": "alt=media",
			"status": "200", "bytes_received": "0", "bytes_sent": "48213", "total_time_ms": "25",
			"host_header": "storage.googleapis.com", "referer": "https://www.example.com/gallery?a=1,b=2",
			"user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0", "request_id": "ADPycdtQ1ExampleRequestId4Ng",
			"operation": "GET_Object", "action": "GetObject", "bucket": "media-archive", "key": "photos/cat 1.jpg",
		}},
		{Name: "an IPv6 upload with a doubled quote and an appended column", Line: lines[2], Want: map[string]string{
			"format": "gcs", "time": "2026-07-01T12:00:00.79Z", "remote_ip": "2001:db8::7", "source_region": "europe-west1",
			"method": "PUT", "request_uri": "/upload/storage/v1/b/media-archive/o?uploadType=media&name=backups%2Fdb.tar.gz",
			"request_path": "/upload/storage/v1/b/media-archive/o", "request_args": "uploadType=media&name=backups%2Fdb.tar.gz",
			"status": "200", "bytes_received": "1048576", "bytes_sent": "612", "total_time_ms": "210",
			"host_header": "storage.googleapis.com", "user_agent": `gcloud/480.0 "quoted" agent`,
			"request_id": "ADPycdtQ2ExampleRequestId4Nh", "operation": "PUT_Object", "action": "PutObject",
			"bucket": "media-archive", "key": "backups/db.tar.gz", "extra": "appended-column",
		}},
		{Name: "an error", Line: lines[3], Want: map[string]string{
			"format": "gcs", "time": "2026-07-01T12:00:01.9985Z", "remote_ip": "198.51.100.7",
			"method": "GET", "request_uri": "/storage/v1/b/media-archive/o/missing.txt",
			"request_path": "/storage/v1/b/media-archive/o/missing.txt",
			"status":       "404", "bytes_received": "0", "bytes_sent": "290", "total_time_ms": "1",
			"host_header": "storage.googleapis.com", "user_agent": "curl/8.4.0", "request_id": "ADPycdtQ3ExampleRequestId4Ni",
			"operation": "GET_Object", "action": "GetObject", "bucket": "media-archive", "key": "missing.txt",
		}},
	}
	cases = append(cases, []rectest.LineCase{
		{Name: "a quote that does not end its value", Line: lines[4], Field: parse.UserAgent, Err: parse.ErrSyntax, Offset: strings.Index(lines[4], `"curl/8.4.0 unterminated`)},
		{Name: "a status that is not a number", Line: lines[5], Field: parse.Status, Err: parse.ErrSyntax, Offset: strings.Index(lines[5], `"OK"`)},
		{Name: "the line ends after the status", Line: lines[6], Field: parse.BytesReceived, Err: parse.ErrFieldCount, Offset: len(lines[6])},
	}...)
	rectest.CheckLines(t, &p, cases)
}
