package azurelog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
)

// TestParse decodes the quirks of testdata/azure-quirks.log: the ETag
// between doubled quotes and HTML-encoded, ip:port for IPv4 and IPv6, a ';'
// and entities inside quoted values, version 2.0's OAuth fields with raw
// quotes in the authorization detail, an appended field, empty fields, and
// lines that must fail on the right field.
func TestParse(t *testing.T) {
	lines := rectest.Lines(t, "testdata/azure-quirks.log")
	var p azurelog.Parser
	var r parse.Record
	tests := []struct {
		name string
		line string
		want map[string]string
	}{
		{"version 1.0, a doubled-quote ETag, a ';' in the user agent", lines[0], map[string]string{
			"format": "azure", "schema_version": "1.0", "time": "2026-07-01T12:00:00.1234567Z",
			"operation": "GetBlob", "action": "GetObject", "request_status": "Success", "status": "200",
			"total_time_ms": "18", "turnaround_time_ms": "10", "auth_type": "authenticated",
			"requester": "myaccount", "bucket_owner": "myaccount", "service_type": "blob",
			"request_uri":  "https://myaccount.blob.core.windows.net/photos/cat%201.jpg?timeout=30",
			"host_header":  "myaccount.blob.core.windows.net",
			"request_path": "/photos/cat%201.jpg", "request_args": "timeout=30",
			"bucket": "photos", "key": "cat 1.jpg", "request_id": "a84aa705-8a85-48c5-b064-b43bd22979c3",
			"operation_count": "0", "remote_ip": "192.0.2.10", "request_version": "2021-10-04",
			"request_header_size": "252", "bytes_received": "0", "response_header_size": "265", "bytes_sent": "48213",
			"etag": "0x8D101F7E4B662C4", "last_modified": "Wednesday, 01-Jul-26 11:58:10 GMT",
			"user_agent": "Azure-Storage/12.19.1 (.NET 8.0; Linux)", "client_request_id": "44dfd4cd-df6d-4c5f-8b4e-f1d6c3e2ae9c",
		}},
		{"version 2.0 with OAuth, entities, IPv6 and an appended field", lines[1], map[string]string{
			"format": "azure", "schema_version": "2.0", "time": "2026-07-01T12:00:01Z",
			"operation": "PutBlob", "action": "PutObject", "request_status": "Success", "status": "201",
			"total_time_ms": "40", "turnaround_time_ms": "30", "auth_type": "bearer",
			"bucket_owner": "myaccount", "service_type": "blob",
			"request_uri": "https://myaccount.blob.core.windows.net/backups/db.tar.gz",
			"host_header": "myaccount.blob.core.windows.net", "request_path": "/backups/db.tar.gz",
			"bucket": "backups", "key": "db.tar.gz", "request_id": "b7c1e0d2-1111-2222-3333-444455556666",
			"operation_count": "0", "remote_ip": "2001:db8::5", "request_version": "2021-10-04",
			"request_header_size": "512", "bytes_received": "1048576", "response_header_size": "300", "bytes_sent": "0",
			"etag": "0x8D9AAAABBBBCCCC", "user_agent": `Mozilla/5.0 "test" agent; x`,
			"referer":   "https://portal.example.com/?a=1&b=2",
			"tenant_id": "72f988bf-86f1-41af-91ab-2d7cd011db47", "application_id": "1b730954-1685-4b74-9bfd-dac224a7b894",
			"principal": "alice@example.com", "extra": "appended",
		}},
		{"anonymous listing, a ';' inside the quoted URL", lines[2], map[string]string{
			"format": "azure", "schema_version": "1.0", "time": "2026-07-01T12:00:02.5Z",
			"operation": "ListBlobs", "action": "ListObjects", "request_status": "AnonymousSuccess", "status": "200",
			"total_time_ms": "7", "turnaround_time_ms": "5", "auth_type": "anonymous",
			"bucket_owner": "myaccount", "service_type": "blob",
			"request_uri": "https://myaccount.blob.core.windows.net/public?restype=container&comp=list&prefix=a;b",
			"host_header": "myaccount.blob.core.windows.net", "request_path": "/public",
			"request_args": "restype=container&comp=list&prefix=a;b",
			"bucket":       "public", "request_id": "c0ffee00-0000-0000-0000-000000000001",
			"operation_count": "0", "remote_ip": "198.51.100.7", "request_version": "2021-10-04",
			"request_header_size": "180", "bytes_received": "0", "response_header_size": "220", "bytes_sent": "1024",
			"user_agent": "curl/8.4.0",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := p.Parse([]byte(tc.line), &r); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, rectest.Values(&r)); d != "" {
				t.Errorf("record mismatch (-want +got):\n%s", d)
			}
		})
	}
	bad := []struct {
		name   string
		line   string
		field  parse.Field
		err    error
		offset int
	}{
		// The URL runs on to the next quote that ends a field, so the
		// fields after it shift and the first that cannot hold its value
		// is reported.
		{"a quoted URL without its closing quote", lines[3], parse.OperationCount, parse.ErrSyntax, strings.Index(lines[3], "198.51.100.7:51001")},
		{"month 13", lines[4], parse.Time, parse.ErrSyntax, 4},
		{"a status that is not a number", lines[5], parse.Status, parse.ErrSyntax, strings.Index(lines[5], "OK")},
		{"the line ends after the authentication type", lines[6], parse.Requester, parse.ErrFieldCount, len(lines[6])},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			err := p.Parse([]byte(tc.line), &r)
			var pe *parse.Error
			if !errors.As(err, &pe) || pe.Field != tc.field.String() || !errors.Is(err, tc.err) || pe.Offset != int64(tc.offset) {
				t.Fatalf("got %v (%+v), want %v in %v at byte %d", err, pe, tc.err, tc.field, tc.offset)
			}
		})
	}
}
