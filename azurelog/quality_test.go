package azurelog_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestGolden(t *testing.T) {
	rectest.Golden(t, "testdata/azure-quirks.log", new(azurelog.Parser), *update)
}

// goodLines are the lines of the quirks file that decode, many times over
// with varied values, in one buffer as a reader sees them.
func goodLines(t testing.TB, n int) (lines [][]byte, size int64) {
	var p azurelog.Parser
	var r parse.Record
	var seeds []string
	for _, l := range rectest.Lines(t, "testdata/azure-quirks.log") {
		if p.Parse([]byte(l), &r) == nil {
			seeds = append(seeds, l)
		}
	}
	var buf []byte
	var ends []int
	for i := range n {
		l := seeds[i%len(seeds)]
		// vary the request id so that no two lines are the same
		l = strings.Replace(l, "c0ffee00-0000", "c0ffee00-"+strings.Repeat("x", i%7), 1)
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

func TestParseAllocatesNothing(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	lines, _ := goodLines(t, 300)
	var p azurelog.Parser
	var r parse.Record
	for _, l := range lines { // warm: the buffer and Extra grow
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

func FuzzParse(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/azure-quirks.log") {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		p := new(azurelog.Parser)
		// values with HTML entities are decoded into the parser's buffer
		rectest.CheckLine(t, p, line, func(v []byte) bool { return bytes.IndexByte(line, '&') >= 0 })
	})
}

// BenchmarkParse compares the decoder with encoding/csv reading the same
// lines into strings (';'-separated, lazy quotes), the baseline a Go
// program would start from.
func BenchmarkParse(b *testing.B) {
	lines, size := goodLines(b, 20000)
	b.Run("azurelog", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		var p azurelog.Parser
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
			cr.Comma = ';'
			cr.LazyQuotes = true // the ETag's doubled quotes and 2.0's raw JSON
			cr.FieldsPerRecord = -1
			cr.ReuseRecord = true
			for {
				_, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
