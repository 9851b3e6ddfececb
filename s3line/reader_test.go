package s3line_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// event is one element of a stream, flattened for comparison.
type event struct {
	RequestID string // for a record
	Line      int    // for an error
	Offset    int64
	Field     string
	Cause     string
}

func collect(rd *s3line.Reader) []event {
	var evs []event
	for rec, err := range rd.All() {
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				evs = append(evs, event{Cause: "not a *parse.Error: " + err.Error()})
				continue
			}
			evs = append(evs, event{Line: pe.Line, Offset: pe.Offset, Field: pe.Field, Cause: pe.Err.Error()})
			continue
		}
		evs = append(evs, event{RequestID: string(rec.RequestID)})
	}
	return evs
}

func s3Line(id string) string {
	return `o b [02/Jun/2024:11:00:00 +0000] 192.0.2.1 - ` + id + ` REST.GET.OBJECT k "GET /k HTTP/1.1" 200 - 5 5 1 1 "-" "ua"`
}

func TestReaderStream(t *testing.T) {
	a, b, c := s3Line("A"), s3Line("B"), s3Line("C")
	long := s3Line(strings.Repeat("X", 300))
	input := a + "\r\n" + // CRLF accepted
		"garbage line\n" + // line 2: malformed, stream goes on
		"\n" + // line 3: blank, skipped
		long + "\n" + // line 4: over the maximum
		b + "\n" +
		c // no final newline
	rd := s3line.NewReader(strings.NewReader(input))
	rd.Source = "test.log"
	rd.MaxLineSize = 200
	got := collect(rd)
	off2 := int64(len(a) + 2)
	off4 := off2 + int64(len("garbage line\n\n"))
	want := []event{
		{RequestID: "A"},
		{Line: 2, Offset: off2 + int64(len("garbage line")), Field: "time", Cause: parse.ErrFieldCount.Error()},
		{Line: 4, Offset: off4, Cause: parse.ErrLineTooLong.Error()},
		{RequestID: "B"},
		{RequestID: "C"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stream mismatch (-want +got):\n%s", diff)
	}
	wantCounts := parse.Counts{Lines: 6, Records: 3, Errors: 2, Blank: 1}
	if diff := cmp.Diff(wantCounts, rd.Counts()); diff != "" {
		t.Errorf("counts mismatch (-want +got):\n%s", diff)
	}
	// Single use: a second iteration yields nothing.
	for range rd.All() {
		t.Fatal("second iteration yielded an element")
	}
}

func TestReaderErrorMessage(t *testing.T) {
	rd := s3line.NewReader(strings.NewReader(s3Line("A") + "\n" + strings.Replace(s3Line("B"), " 200 ", " 2x0 ", 1) + "\n"))
	rd.Source = "logs/a.log"
	var msgs []string
	for _, err := range rd.All() {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	line1 := len(s3Line("A")) + 1
	off := line1 + strings.Index(s3Line("B"), " 200 ") + 1
	want := []string{`logs/a.log:2:` + fmtInt(off) + `: status: invalid syntax (near "2x0 - 5 5 1 1 \"-\" \"ua\"")`}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("messages mismatch (-want +got):\n%s", diff)
	}
}

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestReaderBreakEarlyAndReuse(t *testing.T) {
	input := s3Line("A") + "\n" + s3Line("B") + "\n" + s3Line("C") + "\n"
	rd := s3line.NewReader(strings.NewReader(input))
	var first *parse.Record
	var kept *parse.Record
	n := 0
	for rec, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = rec
			kept = rec.Clone()
		} else if rec != first {
			t.Error("the yielded record is not reused")
		}
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Fatalf("got %d records before break, want 2", n)
	}
	if got := string(kept.RequestID); got != "A" {
		t.Errorf("cloned record changed: request_id = %q, want A", got)
	}
	if c := rd.Counts(); c.Records != 2 {
		t.Errorf("Records = %d after break, want 2", c.Records)
	}
}

func compressed(t *testing.T, kind string, data []byte) []byte {
	var buf bytes.Buffer
	switch kind {
	case "gzip":
		w := gzip.NewWriter(&buf)
		w.Write(data)
		w.Close()
	case "zstd":
		w, err := zstd.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		w.Close()
	default:
		return data
	}
	return buf.Bytes()
}

func TestReaderDecompresses(t *testing.T) {
	plain := []byte(s3Line("A") + "\n" + s3Line("B") + "\n")
	for _, kind := range []string{"none", "gzip", "zstd"} {
		t.Run(kind, func(t *testing.T) {
			got := collect(s3line.NewReader(bytes.NewReader(compressed(t, kind, plain))))
			want := []event{{RequestID: "A"}, {RequestID: "B"}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderTruncatedCompressed(t *testing.T) {
	var plain []byte
	for i := range 20000 {
		plain = append(plain, s3Line("R"+fmtInt(i+1))...)
		plain = append(plain, '\n')
	}
	for _, kind := range []string{"gzip", "zstd"} {
		t.Run(kind, func(t *testing.T) {
			z := compressed(t, kind, plain)
			rd := s3line.NewReader(bytes.NewReader(z[:len(z)*2/3]))
			var last error
			n := 0
			for rec, err := range rd.All() {
				if last != nil {
					t.Fatalf("element after the I/O error: %v %v", rec, err)
				}
				if err != nil {
					var pe *parse.Error
					if errors.As(err, &pe) && pe.Err == parse.ErrFieldCount || errors.Is(err, parse.ErrSyntax) {
						continue // the cut-off last line
					}
					last = err
					continue
				}
				n++
			}
			if last == nil || !errors.Is(last, io.ErrUnexpectedEOF) && !strings.Contains(last.Error(), "EOF") {
				t.Errorf("last error = %v, want an unexpected EOF", last)
			}
			if n == 0 || n >= 20000 {
				t.Errorf("decoded %d records before the truncation, want some but not all", n)
			}
			c := rd.Counts()
			if c.Records+c.Errors+c.Blank != c.Lines {
				t.Errorf("counts do not add up: %+v", c)
			}
		})
	}
}

func TestReaderEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n", "\r\n\n  \n"} {
		rd := s3line.NewReader(strings.NewReader(in))
		if got := collect(rd); len(got) != 0 {
			t.Errorf("%q: got %v, want nothing", in, got)
		}
		if c := rd.Counts(); c.Records != 0 || c.Errors != 0 || c.Lines != c.Blank {
			t.Errorf("%q: counts %+v", in, c)
		}
	}
}

// TestReaderHintsAtTheLayout: an OSS log read as s3 (the Reader's zero
// value) fails line by line; the first errors say why.
func TestReaderHintsAtTheLayout(t *testing.T) {
	oss := `203.0.113.7 - - [03/Jan/2024:16:50:00 +0800] "GET /cat.jpg HTTP/1.1" 200 512 4 "-" "curl/8.5.0" photos.oss-cn-hangzhou.aliyuncs.com 5C1D0000 true 1000 GetObject photos cat.jpg 512 3 - 0 1000 0 - Standard` + "\n"
	var errs []error
	for _, err := range s3line.Records(strings.NewReader(strings.Repeat(oss, 5))) {
		errs = append(errs, err)
	}
	if len(errs) != 5 {
		t.Fatalf("%d errors, want 5", len(errs))
	}
	for i, err := range errs {
		hinted := strings.Contains(err.Error(), "looks like the oss layout, not s3")
		if hinted != (i < 3) {
			t.Errorf("error %d: %v (want the hint on the first three only)", i, err)
		}
	}
}
