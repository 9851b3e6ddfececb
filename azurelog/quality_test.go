package azurelog_test

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestGolden(t *testing.T) {
	rectest.Golden(t, "testdata/azure-quirks.log", new(azurelog.Parser), *update)
}

// goodLines are n lines made from those of the quirks file that decode,
// with varied request ids.
func goodLines(t testing.TB, n int) ([][]byte, int64) {
	return rectest.RepeatLines(t, "testdata/azure-quirks.log", new(azurelog.Parser), n, func(i int, l string) string {
		return strings.Replace(l, "c0ffee00-0000", "c0ffee00-"+strings.Repeat("x", i%7), 1)
	})
}

func TestParseAllocatesNothing(t *testing.T) {
	lines, _ := goodLines(t, 300)
	rectest.NoAllocs(t, new(azurelog.Parser), lines)
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
// lines into strings (';'-separated, lazy quotes for the ETag's doubled
// quotes and 2.0's raw JSON).
func BenchmarkParse(b *testing.B) {
	lines, size := goodLines(b, 20000)
	rectest.BenchAgainstCSV(b, "azurelog", new(azurelog.Parser), lines, size, ';', true)
}
