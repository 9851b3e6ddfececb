package azurelog_test

import (
	"strings"
	"testing"

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
	cases := []rectest.LineCase{
		{Name: "version 1.0, a doubled-quote ETag, a ';' in the user agent", Line: lines[0], Want: map[string]string{
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
		{Name: "version 2.0 with OAuth, entities, IPv6 and an appended field", Line: lines[1], Want: map[string]string{
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
		{Name: "anonymous listing, a ';' inside the quoted URL", Line: lines[2], Want: map[string]string{
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
	cases = append(cases, []rectest.LineCase{
		// The URL runs on to the next quote that ends a field, so the
		// fields after it shift and the first that cannot hold its value
		// is reported.
		{Name: "a quoted URL without its closing quote", Line: lines[3], Field: parse.OperationCount, Err: parse.ErrSyntax, Offset: strings.Index(lines[3], "198.51.100.7:51001")},
		{Name: "month 13", Line: lines[4], Field: parse.Time, Err: parse.ErrSyntax, Offset: 4},
		{Name: "a status that is not a number", Line: lines[5], Field: parse.Status, Err: parse.ErrSyntax, Offset: strings.Index(lines[5], "OK")},
		{Name: "the line ends after the authentication type", Line: lines[6], Field: parse.Requester, Err: parse.ErrFieldCount, Offset: len(lines[6])},
	}...)
	rectest.CheckLines(t, &p, cases)
}
