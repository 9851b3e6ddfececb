package rectest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
)

// CheckLine holds the properties every input of a line parser must have:
// no panic; a failure is parse.ErrHeader or a *parse.Error at an offset
// inside the line, naming a real field (or none, for a syntax error of the
// whole line at offset 0) and a documented cause; a success
// renders as valid JSON and decodes to the same values a second time.
// owned reports whether a text value may lie outside the line (in the
// parser's own buffer); nil means it must not.
func CheckLine(t *testing.T, p parse.LineParser, line []byte, owned func(v []byte) bool) {
	t.Helper()
	var r parse.Record
	err := p.Parse(line, &r)
	if err == parse.ErrHeader {
		return
	}
	if err != nil {
		var pe *parse.Error
		if !errors.As(err, &pe) {
			t.Fatalf("error %v is %T, want *parse.Error", err, err)
		}
		if pe.Offset < 0 || pe.Offset > int64(len(line)) {
			t.Fatalf("error offset %d outside the line of %d bytes", pe.Offset, len(line))
		}
		// A fault not in one field (not a JSON object at all) names none.
		whole := pe.Field == "" && pe.Offset == 0 && errors.Is(err, parse.ErrSyntax)
		if _, ok := parse.FieldByName(pe.Field); !ok && !whole {
			t.Fatalf("error names unknown field %q", pe.Field)
		}
		if !errors.Is(err, parse.ErrSyntax) && !errors.Is(err, parse.ErrRange) && !errors.Is(err, parse.ErrFieldCount) && !errors.Is(err, parse.ErrType) {
			t.Fatalf("error %v has an undocumented cause", err)
		}
		return
	}
	for _, f := range parse.Fields() {
		if f.Kind() != parse.KindText || f == parse.Action || !r.Has(f) {
			continue
		}
		if v := r.Text(f); !Within(v, line) && (owned == nil || !owned(v)) {
			t.Fatalf("field %s = %q is neither a view into the line nor the parser's", f, v)
		}
	}
	js := parse.AppendJSON(nil, &r)
	if !json.Valid(js) {
		t.Fatalf("record renders as invalid JSON: %s", js)
	}
	first := Values(&r)
	if err := p.Parse(line, &r); err != nil {
		t.Fatalf("second decode failed: %v", err)
	}
	if d := cmp.Diff(first, Values(&r)); d != "" {
		t.Fatalf("second decode differs (-first +second):\n%s", d)
	}
}

// Within reports whether v lies inside buf's memory.
func Within(v, buf []byte) bool {
	if len(v) == 0 {
		return true
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	return p >= lo && p+uintptr(len(v)) <= lo+uintptr(len(buf))
}

// Golden decodes file's lines with p and compares the records (as JSON
// lines) and errors with file's .golden.jsonl beside it, or rewrites that
// when update is set. The counts must add up.
func Golden(t *testing.T, file string, p parse.LineParser, update bool) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var c parse.Counts
	lr := parse.NewLineReader(f, filepath.Base(file), 0)
	got := AppendRecords(t, nil, parse.LineRecords(lr, p, nil, &c))
	if c.Records+c.Errors+c.Blank != c.Lines {
		t.Errorf("counts do not add up: %+v", c)
	}
	CompareGolden(t, strings.TrimSuffix(file, filepath.Ext(file))+".golden.jsonl", got, update)
}

// AppendRecords appends the records of seq to out as JSON lines, and its
// errors as "error: " lines, in order: the form of the golden files. Every
// error must be a *parse.Error (positioned, naming its field).
func AppendRecords(t testing.TB, out []byte, seq iter.Seq2[*parse.Record, error]) []byte {
	t.Helper()
	for rec, err := range seq {
		if err != nil {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, want *parse.Error", err, err)
			}
			out = append(out, "error: "...)
			out = append(out, err.Error()...)
		} else {
			out = parse.AppendJSON(out, rec)
		}
		out = append(out, '\n')
	}
	return out
}

// CompareGolden compares got with the golden file, line by line, or
// rewrites the file with got when update is set.
func CompareGolden(t testing.TB, golden string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); d != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", golden, d)
	}
}

// RepeatLines returns n lines made from those of file that p decodes, each
// kept line repeated with vary(i, line) applied (nil keeps it), in one
// buffer as a reader sees its input, and the size of that input.
func RepeatLines(t testing.TB, file string, p parse.LineParser, n int, vary func(i int, line string) string) (lines [][]byte, size int64) {
	t.Helper()
	var r parse.Record
	var seeds []string
	for _, l := range Lines(t, file) {
		if p.Parse([]byte(l), &r) == nil {
			seeds = append(seeds, l)
		}
	}
	if len(seeds) == 0 {
		t.Fatalf("no line of %s decodes", file)
	}
	var buf []byte
	var ends []int
	for i := range n {
		l := seeds[i%len(seeds)]
		if vary != nil {
			l = vary(i, l)
		}
		buf = append(buf, l...)
		ends = append(ends, len(buf))
		buf = append(buf, '\n')
	}
	start := 0
	for _, e := range ends {
		lines = append(lines, buf[start:e])
		start = e + 1
	}
	return lines, int64(len(buf))
}

// NoAllocs fails t if p allocates decoding lines once warm.
func NoAllocs(t *testing.T, p parse.LineParser, lines [][]byte) {
	t.Helper()
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	var r parse.Record
	for _, l := range lines { // warm: buffers and Extra grow
		if err := p.Parse(l, &r); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		for _, l := range lines {
			p.Parse(l, &r)
		}
	})
	if allocs != 0 {
		t.Errorf("Parse allocated %v times per run over %d lines, want 0", allocs, len(lines))
	}
}

// A LineCase is a line and the values it must decode to (as [Values]
// renders them), or, when Err is set, the error it must give: cause Err in
// Field at byte Offset of the line.
type LineCase struct {
	Name   string
	Line   string
	Want   map[string]string
	Field  parse.Field
	Err    error
	Offset int
}

// CheckLines runs each case through p as a subtest.
func CheckLines(t *testing.T, p parse.LineParser, cases []LineCase) {
	t.Helper()
	var r parse.Record
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			err := p.Parse([]byte(tc.Line), &r)
			if tc.Err == nil {
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(tc.Want, Values(&r)); d != "" {
					t.Errorf("record mismatch (-want +got):\n%s", d)
				}
				return
			}
			var pe *parse.Error
			if !errors.As(err, &pe) || pe.Field != tc.Field.String() || !errors.Is(err, tc.Err) || pe.Offset != int64(tc.Offset) {
				t.Fatalf("got %v (%+v), want %v in %v at byte %d", err, pe, tc.Err, tc.Field, tc.Offset)
			}
		})
	}
}

// SplitLines cuts a corpus of lines ending in '\n' into its lines, which
// alias it.
func SplitLines(corpus []byte) [][]byte {
	return bytes.Split(bytes.TrimSuffix(corpus, []byte("\n")), []byte("\n"))
}

// BenchThen benchmarks decoding lines (size bytes in all) with p, as the
// sub-benchmark name, each record then handed to the function newConsume
// returns (once per sub-benchmark; nil newConsume: decoding alone). The
// record carries its line as Raw, as the readers of package source set it,
// and is valid only during the call. It reports ns/record beside the
// throughput, so that sub-benchmarks of one run show what each consumer
// adds to decoding.
func BenchThen(b *testing.B, name string, p parse.LineParser, lines [][]byte, size int64, newConsume func() func(*parse.Record)) {
	b.Run(name, func(b *testing.B) {
		consume := func(*parse.Record) {}
		if newConsume != nil {
			consume = newConsume()
		}
		var r parse.Record
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, line := range lines {
				if err := p.Parse(line, &r); err != nil {
					b.Fatal(err)
				}
				r.Raw = line
				consume(&r)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/record")
	})
}

// BenchAgainstCSV benchmarks p over lines (size bytes in all) beside
// encoding/csv reading the same lines into strings with the given
// separator (lazy quotes when lazy), the baseline a Go program would start
// from, as the sub-benchmarks name and "encoding-csv".
func BenchAgainstCSV(b *testing.B, name string, p parse.LineParser, lines [][]byte, size int64, comma rune, lazy bool) {
	b.Run(name, func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		var r parse.Record
		for b.Loop() {
			for _, l := range lines {
				if err := p.Parse(l, &r); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		var all []byte
		for _, l := range lines {
			all = append(append(all, l...), '\n')
		}
		for b.Loop() {
			cr := csv.NewReader(bytes.NewReader(all))
			cr.Comma, cr.LazyQuotes = comma, lazy
			cr.FieldsPerRecord, cr.ReuseRecord = -1, true
			for {
				if _, err := cr.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
