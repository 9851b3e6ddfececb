package yajson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// FuzzParse feeds arbitrary bytes to the stream decoder (which exercises the
// framer and the record parser) and checks: no panic; every error is a
// *parse.Error whose offset lies inside the input; every record, written back
// out as a Yandex JSON record and decoded again, is the same record (with
// invalid UTF-8 replaced, as JSON requires).
func FuzzParse(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/yandex.jsonl") {
		f.Add([]byte(l))
	}
	f.Add([]byte("[\n{\"bucket\":\"a\"},\n{\"bucket\":\"b\"}\n]"))
	f.Add([]byte(`{"bucket":"a"}{"bucket":"b"} {"status":"x"}`))
	f.Add([]byte("{\n \"status\": 200,\n \"timestamp\": \"2024-01-01T00:00:00.5+01:00\"\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := yajson.NewReader(bytes.NewReader(data))
		rd.MaxRecordSize = 1 << 12
		var p yajson.Parser
		var again parse.Record
		for rec, err := range rd.All() {
			if err != nil {
				var pe *parse.Error
				if !errors.As(err, &pe) {
					t.Fatalf("error %v is %T, want *parse.Error", err, err)
				}
				if pe.Offset < 0 || pe.Offset > int64(len(data)) {
					t.Fatalf("error offset %d outside input of %d bytes: %v", pe.Offset, len(data), err)
				}
				if _, ok := parse.FieldByName(pe.Field); pe.Field != "" && !ok {
					t.Fatalf("error names unknown field %q", pe.Field)
				}
				continue
			}
			js := parse.AppendJSON(nil, rec)
			if !json.Valid(js) {
				t.Fatalf("AppendJSON wrote invalid JSON: %s", js)
			}
			// JSON text is UTF-8: invalid bytes come back as U+FFFD, one
			// per byte, which is what a []rune conversion does too.
			first := rectest.Values(rec)
			for k, v := range first {
				first[k] = string([]rune(v))
			}
			out := yajson.AppendRecord(nil, rec)
			if err := p.Parse(out, &again); err != nil {
				t.Fatalf("re-encoded record does not decode: %v\n%s", err, out)
			}
			if diff := cmp.Diff(first, rectest.Values(&again)); diff != "" {
				t.Fatalf("re-encoded record differs (-first +again):\n%s\n%s", diff, out)
			}
		}
		if c := rd.Counts(); c.Records+c.Errors != c.Lines {
			t.Fatalf("counts do not add up: %+v", c)
		}
	})
}
