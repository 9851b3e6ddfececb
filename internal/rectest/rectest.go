// Package rectest helps tests and benchmarks: records rendered the way a
// user sees them, test files read as lines, the encoding/json baseline type.
package rectest

import (
	"os"
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Values renders the present fields of r among fs (every field when fs is
// empty) as text keyed by JSON key, with "format" too, so that a test states
// and diffs values as they print.
func Values(r *parse.Record, fs ...parse.Field) map[string]string {
	if len(fs) == 0 {
		fs = parse.Fields()
	}
	m := map[string]string{"format": r.Format.String()}
	for _, f := range fs {
		if r.Has(f) {
			m[f.String()] = string(parse.AppendValue(nil, r, f))
		}
	}
	return m
}

// Lines returns the lines of file (without their line ends), failing the
// test if it cannot be read.
func Lines(t testing.TB, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// YandexStruct is what a program using encoding/json decodes a Yandex record
// into: the baseline the yajson benchmarks compare with.
type YandexStruct struct {
	Bucket        string `json:"bucket"`
	BytesReceived int64  `json:"bytes_received"`
	BytesSend     int64  `json:"bytes_send"`
	Handler       string `json:"handler"`
	HTTPReferer   string `json:"http_referer"`
	IP            string `json:"ip"`
	Method        string `json:"method"`
	ObjectKey     string `json:"object_key"`
	Protocol      string `json:"protocol"`
	Range         string `json:"range"`
	Requester     string `json:"requester"`
	RequestArgs   string `json:"request_args"`
	RequestID     string `json:"request_id"`
	RequestPath   string `json:"request_path"`
	RequestTime   int64  `json:"request_time"`
	Scheme        string `json:"scheme"`
	SSLProtocol   string `json:"ssl_protocol"`
	Status        int64  `json:"status"`
	StorageClass  string `json:"storage_class"`
	Timestamp     string `json:"timestamp"`
	UserAgent     string `json:"user_agent"`
	VersionID     string `json:"version_id"`
	VHost         string `json:"vhost"`
}
