package s3line_test

import (
	"encoding/json"
	"errors"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

func FuzzParseS3(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/s3-quirks.log") {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkParse(t, parse.FormatS3, line) })
}

func FuzzParseOSS(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/oss.log") {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkParse(t, parse.FormatOSS, line) })
}

// checkParse holds the properties every input must have: no panic; a failure
// is a *parse.Error at an offset inside the line, naming a real field and a
// documented cause; a success is made of views into the line, renders as
// valid JSON, and decodes the same way a second time.
func checkParse(t *testing.T, format parse.Format, line []byte) {
	p := s3line.Parser{Format: format}
	var r parse.Record
	err := p.Parse(line, &r)
	if err != nil {
		var pe *parse.Error
		if !errors.As(err, &pe) {
			t.Fatalf("error %v is %T, want *parse.Error", err, err)
		}
		if pe.Offset < 0 || pe.Offset > int64(len(line)) {
			t.Fatalf("error offset %d outside the line of %d bytes", pe.Offset, len(line))
		}
		if _, ok := parse.FieldByName(pe.Field); !ok {
			t.Fatalf("error names unknown field %q", pe.Field)
		}
		if !errors.Is(err, parse.ErrSyntax) && !errors.Is(err, parse.ErrRange) && !errors.Is(err, parse.ErrFieldCount) {
			t.Fatalf("error %v has an undocumented cause", err)
		}
		return
	}
	first := rectest.Values(&r)
	for _, fl := range parse.Fields() {
		// action is the one field not taken from the line: a shared,
		// read-only name derived from the operation.
		if fl.Kind() == parse.KindText && fl != parse.Action && r.Has(fl) && !within(r.Text(fl), line) {
			t.Fatalf("field %s is not a view into the line", fl)
		}
	}
	if js := parse.AppendJSON(nil, &r); !json.Valid(js) {
		t.Fatalf("AppendJSON wrote invalid JSON: %s", js)
	}
	if err := p.Parse(line, &r); err != nil {
		t.Fatalf("second decode failed: %v", err)
	}
	if diff := cmp.Diff(first, rectest.Values(&r)); diff != "" {
		t.Fatalf("second decode differs (-first +second):\n%s", diff)
	}
}

// within reports whether v lies inside line's memory.
func within(v, line []byte) bool {
	if len(v) == 0 {
		return true
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	return p >= lo && p+uintptr(len(v)) <= lo+uintptr(len(line))
}
