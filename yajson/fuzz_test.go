package yajson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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
		rd.MaxLineSize = 1 << 12
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
		if c := rd.Counts(); !compressed(data) && c.Lines != physicalLines(data) {
			t.Fatalf("counts %+v, want %d lines", c, physicalLines(data))
		}
	})
}

// compressed reports whether data starts like a gzip or zstd stream, which
// the reader decompresses, so that its lines are not data's.
func compressed(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0x1f, 0x8b}) || bytes.HasPrefix(data, []byte{0x28, 0xb5, 0x2f, 0xfd})
}

// FuzzResync builds a stream of valid records in one of four framings,
// damages one record (cuts it short or puts a byte into it), and checks that
// every record left intact still decodes, in order: a broken record may
// cost itself, never its neighbours.
func FuzzResync(f *testing.F) {
	f.Add(uint8(0), uint8(3), uint16(14), byte(0), true)   // cut after '{"request_id":"r3",' on its line
	f.Add(uint8(1), uint8(5), uint16(1), byte(0), true)    // cut just after '{' in a one-line array
	f.Add(uint8(2), uint8(0), uint16(7), byte('x'), false) // a stray byte in concatenated records
	f.Add(uint8(3), uint8(9), uint16(30), byte('"'), false)
	f.Add(uint8(0), uint8(2), uint16(40), byte('\\'), false)
	f.Fuzz(func(t *testing.T, framing, which uint8, at uint16, b byte, cut bool) {
		const n = 12
		recs := make([]string, n)
		for i := range recs {
			recs[i] = fmt.Sprintf(`{"request_id":"r%d","status":%d,"user_agent":"Mozilla/5.0 {compatible; %d}","bytes_send":%d}`, i, 200+i, i, i*1000)
		}
		k := int(which) % n
		bad := recs[k]
		pos := int(at) % (len(bad) + 1)
		if cut {
			bad = bad[:pos]
		} else {
			bad = bad[:pos] + string([]byte{b}) + bad[pos:]
		}
		var parts []string
		for i, r := range recs {
			if i == k {
				r = bad
			}
			parts = append(parts, r)
		}
		var data string
		switch framing % 4 {
		case 0: // one record per line, as Yandex delivers
			data = strings.Join(parts, "\n") + "\n"
		case 1: // a one-line array
			data = "[" + strings.Join(parts, ",") + "]"
		case 2: // concatenated on one line
			data = strings.Join(parts, "")
		case 3: // concatenated with white space
			data = strings.Join(parts, " \n ")
		}
		var got []string
		for rec, err := range yajson.Records(strings.NewReader(data)) {
			if err == nil {
				got = append(got, string(rec.RequestID))
			}
		}
		// Every intact record must be there, in order (a damaged one may
		// still decode, as something else or as itself).
		j := 0
		for i := range n {
			if i == k {
				continue
			}
			want := fmt.Sprintf("r%d", i)
			for j < len(got) && got[j] != want {
				j++
			}
			if j == len(got) {
				t.Fatalf("record %s lost; decoded %q from\n%s", want, got, data)
			}
			j++
		}
	})
}
