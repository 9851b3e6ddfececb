package export_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bucketlogs/bucketlogs/export"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// decoded returns the records of n generated s3 lines as the s3 parser
// makes them, each a clone, and the size of the lines.
func decoded(b testing.TB, n int) ([]*parse.Record, int64) {
	corpus := gen.Corpus(1, parse.FormatS3, n)
	var p s3line.Parser
	var r parse.Record
	out := make([]*parse.Record, 0, n)
	for line := range bytes.Lines(corpus) {
		if err := p.Parse(bytes.TrimSuffix(line, []byte("\n")), &r); err != nil {
			b.Fatal(err)
		}
		out = append(out, r.Clone())
	}
	return out, int64(len(corpus))
}

// BenchmarkWrite is the writer alone, records already decoded: the cost
// an export adds to decoding, per format, one Writer. SetBytes counts the
// lines the records came from.
func BenchmarkWrite(b *testing.B) {
	const n = 100_000
	records, size := decoded(b, n)
	dir := b.TempDir()
	for _, format := range []export.Format{export.Parquet, export.JSONL, export.CSV} {
		b.Run(format.Ext(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			i := 0
			var written int64
			for b.Loop() {
				out := filepath.Join(dir, fmt.Sprintf("%s-%d", format.Ext(), i))
				i++
				w := export.NewWriter(export.Options{Format: format, Dir: out}, 0)
				for _, r := range records {
					if err := w.Write(r); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				written = w.Stats().Bytes
				os.RemoveAll(out)
			}
			b.ReportMetric(float64(written)/float64(size), "out/in")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
		})
	}
}
