package parse_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
)

func TestSplitRequestURI(t *testing.T) {
	fields := []parse.Field{parse.Method, parse.RequestPath, parse.RequestArgs, parse.Protocol}
	for _, tc := range []struct {
		uri  string
		want map[string]string
	}{
		{"GET /a.jpg HTTP/1.1", map[string]string{"method": "GET", "request_path": "/a.jpg", "protocol": "HTTP/1.1"}},
		{"GET /a?list-type=2&prefix= HTTP/2.0", map[string]string{"method": "GET", "request_path": "/a", "request_args": "list-type=2&prefix=", "protocol": "HTTP/2.0"}},
		{"GET /a b HTTP/1.1", map[string]string{"method": "GET", "request_path": "/a b", "protocol": "HTTP/1.1"}},
		{"GET /a HTTP/1.1x", map[string]string{"method": "GET", "request_path": "/a", "protocol": "HTTP/1.1x"}},
		{"GET /a HTTP/11", map[string]string{"method": "GET", "request_path": "/a", "protocol": "HTTP/11"}},
		{"GET /a XTTP/1.1", map[string]string{"method": "GET", "request_path": "/a XTTP/1.1"}},
		{"GET /a HTTP/1.1 x", map[string]string{"method": "GET", "request_path": "/a HTTP/1.1 x"}},
		{"GET /x/HTTP/1.1", map[string]string{"method": "GET", "request_path": "/x/HTTP/1.1"}},
		{"GET /a", map[string]string{"method": "GET", "request_path": "/a"}},
		{"GET ", map[string]string{"method": "GET", "request_path": ""}},
		{"GET", map[string]string{}},
		{" GET /a", map[string]string{}},
		{"", map[string]string{}},
		{"VERYLONGMETHODNAME /x?y HTTP/1.0", map[string]string{"method": "VERYLONGMETHODNAME", "request_path": "/x", "request_args": "y", "protocol": "HTTP/1.0"}},
		{"GET /a?b?c HTTP/1.0", map[string]string{"method": "GET", "request_path": "/a", "request_args": "b?c", "protocol": "HTTP/1.0"}},
		{"GET  HTTP/1.1", map[string]string{"method": "GET", "request_path": "", "protocol": "HTTP/1.1"}},
	} {
		var r parse.Record
		parse.SplitRequestURI(&r, []byte(tc.uri))
		got := rectest.Values(&r, fields...)
		delete(got, "format")
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("SplitRequestURI(%q) (-want +got):\n%s", tc.uri, d)
		}
	}
}
