package parse_test

import (
	"math/rand/v2"
	"strings"
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

// splitReference is SplitRequestURI written the plain way: the method up
// to the first space, the protocol after the last space when it starts
// "HTTP/", the arguments after the first '?'.
func splitReference(uri string) map[string]string {
	out := map[string]string{}
	method, target, ok := strings.Cut(uri, " ")
	if !ok || method == "" {
		return out
	}
	out["method"] = method
	if i := strings.LastIndexByte(target, ' '); i >= 0 && strings.HasPrefix(target[i+1:], "HTTP/") {
		out["protocol"] = target[i+1:]
		target = target[:i]
	}
	if path, args, ok := strings.Cut(target, "?"); ok {
		out["request_args"] = args
		target = path
	}
	out["request_path"] = target
	return out
}

// TestSplitRequestURIMatchesReference holds SplitRequestURI, with its
// eight-byte method search and its guess at the protocol's place, to the
// plain reading on random request lines built from the bytes that matter.
func TestSplitRequestURIMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	parts := []string{" ", "?", "GET", "DELETE", "HTTP/1.1", "HTTP/", "HTTP/2", "/a", "/key%20x", "b", "=", "1.1", "  "}
	fields := []parse.Field{parse.Method, parse.RequestPath, parse.RequestArgs, parse.Protocol}
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		uri := b.String()
		var r parse.Record
		parse.SplitRequestURI(&r, []byte(uri))
		got := rectest.Values(&r, fields...)
		delete(got, "format")
		if d := cmp.Diff(splitReference(uri), got); d != "" {
			t.Fatalf("SplitRequestURI(%q) (-reference +got):\n%s", uri, d)
		}
	}
}

func BenchmarkSplitRequestURI(b *testing.B) {
	uris := [][]byte{
		[]byte("GET /photos/2026/11/IMG_0042.jpg HTTP/1.1"),
		[]byte("PUT /backups/db/2026-11-01T00%3A00%3A00Z.tar.gz?partNumber=3&uploadId=Xb9 HTTP/1.1"),
		[]byte("GET /?list-type=2&prefix=logs%2F&max-keys=1000 HTTP/1.1"),
		[]byte("DELETE /tmp/x HTTP/2.0"),
		[]byte("HEAD /a%20b/c HTTP/1.1"),
	}
	b.ReportAllocs()
	var r parse.Record
	for b.Loop() {
		for _, u := range uris {
			parse.SplitRequestURI(&r, u)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(uris)), "ns/line")
}
