package yajson_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

func TestParse(t *testing.T) {
	lines := rectest.Lines(t, "testdata/yandex.jsonl")
	tests := []struct {
		name string
		in   string
		want map[string]string
	}{
		{
			name: "every documented key; dashes and empty strings are absent; \\u0026 decoded",
			in:   lines[0],
			want: map[string]string{
				"format": "yandex", "bucket": "my-bucket-example", "bytes_received": "749", "bytes_sent": "1251",
				"operation": "REST.GET.OBJECT", "action": "GetObject", "referer": "https://example.com/page", "remote_ip": "84.201.121.46",
				"method": "GET", "key": "path/logs/2020-11-10-14-42-11-123f57b5-1853-4120-8d7a-5bcc1e9e9b4f",
				"protocol":     "HTTP/1.1",
				"request_args": "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20201030T072100Z&X-Amz-Expires=43200",
				"request_id":   "1235efdab7445028", "request_path": "/my-bucket-example/path/logs/2020-11-10-14-42-11-123f57b5-1853-4120-8d7a-5bcc1e9e9b4f",
				"total_time_ms": "88", "scheme": "https", "tls_version": "TLSv1.2", "status": "200",
				"storage_class": "STANDARD", "time": "2020-11-10T13:21:18Z",
				"user_agent":  "docker/19.03.9 go/go1.13.10 git-commit/1d238398e7 kernel/4.4.0-142-generic os/linux arch/amd64 UpstreamClient(Go-http-client/1.1)",
				"host_header": "storage.yandexcloud.net",
			},
		},
		{
			name: "IPv6, escaped quotes, non-ASCII, fractional seconds with an offset, unknown nested key",
			in:   lines[1],
			want: map[string]string{
				"format": "yandex", "bucket": "docs", "bytes_received": "312", "bytes_sent": "0",
				"operation": "REST.DELETE.OBJECT", "action": "DeleteObject", "remote_ip": "2a02:6b8:c0e:500:1:0:0:1", "method": "DELETE",
				"key": "%D0%BE%D1%82%D1%87%D1%91%D1%82%202024.pdf", "protocol": "HTTP/2.0",
				"requester": "ajeq1b2c3d4e5f6g7h8i", "request_id": "a1b2c3d4e5f60718",
				"request_path": "/docs/%D0%BE%D1%82%D1%87%D1%91%D1%82%202024.pdf", "total_time_ms": "12",
				"scheme": "https", "tls_version": "TLSv1.3", "status": "204", "time": "2024-05-20T06:15:00.25Z",
				"user_agent": `Mozilla/5.0 "quoted" — отчёт`, "host_header": "docs.storage.yandexcloud.net",
			},
		},
		{
			name: "null is absent, a whole number written as a float is accepted",
			in:   lines[2],
			want: map[string]string{
				"format": "yandex", "bucket": "docs", "operation": "REST.HEAD.OBJECT", "action": "HeadObject", "remote_ip": "10.0.0.5",
				"method": "HEAD", "status": "404", "time": "2024-05-20T09:16:00Z", "total_time_ms": "10",
			},
		},
		{
			name: "timestamp without zone letter but numeric offset, compact offset",
			in:   `{"timestamp":"2024-01-01T00:30:00-0130","status":200}`,
			want: map[string]string{"format": "yandex", "time": "2024-01-01T02:00:00Z", "status": "200"},
		},
		{
			name: "integers above 2^53 stay exact, with or without a zero fraction",
			in:   `{"bytes_send":9007199254740993,"bytes_received":9223372036854775807.000,"request_time":1e3}`,
			want: map[string]string{"format": "yandex", "bytes_sent": "9007199254740993", "bytes_received": "9223372036854775807", "total_time_ms": "1000"},
		},
		{
			name: "empty object",
			in:   `{}`,
			want: map[string]string{"format": "yandex"},
		},
	}
	var p yajson.Parser
	var r parse.Record
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := p.Parse([]byte(tt.in), &r); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, rectest.Values(&r)); diff != "" {
				t.Errorf("record mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string // § marks the expected offset
		field string
		err   error
	}{
		{"syntax error", `§{"status":200,,}`, "", parse.ErrSyntax},
		{"not an object", `§[1,2]`, "", parse.ErrSyntax},
		{"string where a number belongs", `{"bucket":"b",§"status":"200"}`, "status", parse.ErrType},
		{"number where a string belongs", `{§"bucket":7}`, "bucket", parse.ErrType},
		{"object where a string belongs", `{"ip":"1.2.3.4",§"user_agent":{"a":1}}`, "user_agent", parse.ErrType},
		{"fractional number", `{§"request_time":1.5}`, "total_time_ms", parse.ErrType},
		{"number out of range", `{§"bytes_send":1e30}`, "bytes_sent", parse.ErrRange},
		{"negative size", `{"status":200,§"bytes_send":-5}`, "bytes_sent", parse.ErrRange},
		{"negative time as a float", `{§"request_time":-1.0}`, "total_time_ms", parse.ErrRange},
		{"exponent beyond exact floats", `{§"bytes_send":1e17}`, "bytes_sent", parse.ErrRange},
		{"bad timestamp", `{§"timestamp":"2024-02-30T00:00:00Z"}`, "time", parse.ErrSyntax},
		{"timestamp without zone", `{§"timestamp":"2024-02-03T00:00:00"}`, "time", parse.ErrSyntax},
	}
	var p yajson.Parser
	var r parse.Record
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := strings.Index(tt.in, "§")
			in := strings.Replace(tt.in, "§", "", 1)
			err := p.Parse([]byte(in), &r)
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v (%T), want *parse.Error", err, err)
			}
			type result struct {
				Offset int64
				Field  string
				Cause  bool
			}
			if diff := cmp.Diff(result{int64(off), tt.field, true}, result{pe.Offset, pe.Field, errors.Is(err, tt.err)}); diff != "" {
				t.Errorf("error %q mismatch (-want +got):\n%s", err, diff)
			}
		})
	}
}
