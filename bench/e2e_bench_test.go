package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/export"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// corpusFile writes n generated records of format to a file in dir.
func corpusFile(b *testing.B, dir string, format parse.Format, n int, gz bool) (string, int64) {
	buf := gen.Corpus(1, format, n)
	size := int64(len(buf))
	name := filepath.Join(dir, fmt.Sprintf("%s-%d.log", format, n))
	if gz {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(buf)
		w.Close()
		buf = z.Bytes()
		name += ".gz"
	}
	if err := os.WriteFile(name, buf, 0o644); err != nil {
		b.Fatal(err)
	}
	return name, size
}

// BenchmarkReport is the whole job: file bytes in, decoded on W workers,
// every aggregate of the report built (from batches, as the command does)
// and merged. SetBytes counts the
// uncompressed input.
func BenchmarkReport(b *testing.B) {
	dir := b.TempDir()
	for _, tc := range []struct {
		format parse.Format
		gz     bool
	}{{parse.FormatS3, false}, {parse.FormatOSS, false}, {parse.FormatYandex, false}, {parse.FormatS3, true}} {
		name, size := corpusFile(b, dir, tc.format, 100000, tc.gz)
		for _, workers := range []int{1, 2} {
			label := tc.format.String()
			if tc.gz {
				label += ".gz"
			}
			b.Run(fmt.Sprintf("%s/workers=%d", label, workers), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(size)
				for b.Loop() {
					reports := make([]*aggregate.Report, workers)
					consumers := make([]func([]parse.Record), workers)
					for i := range reports {
						reports[i] = aggregate.NewReport(aggregate.Options{})
						consumers[i] = reports[i].AddBatch // as report feeds them
					}
					counts, err := source.RunBatches(source.Names([]string{name}, nil, nil), source.RunOptions{}, consumers)
					if err != nil || counts.Errors != 0 || counts.Records != 100000 {
						b.Fatalf("%v %+v", err, counts)
					}
					for _, r := range reports[1:] {
						reports[0].Merge(r)
					}
				}
				b.ReportMetric(100000, "records")
			})
		}
	}
}

// BenchmarkExport compares, in one run over the same 1M-line s3 corpus on
// two workers, the report with the Parquet export (and JSON lines): each
// iteration decodes the file and either builds the report or writes the
// rows into a new directory. The target: parquet at no less than
// half the speed of report.
func BenchmarkExport(b *testing.B) {
	const n = 1_000_000
	dir := b.TempDir()
	name, size := corpusFile(b, dir, parse.FormatS3, n, false)
	const workers = 2
	run := func(b *testing.B, consumers []func(*parse.Record)) {
		counts, err := source.Run([]string{name}, source.RunOptions{}, consumers)
		if err != nil || counts.Errors != 0 || counts.Records != n {
			b.Fatalf("%v %+v", err, counts)
		}
	}
	b.Run("report", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		for b.Loop() {
			reports := make([]*aggregate.Report, workers)
			consumers := make([]func(*parse.Record), workers)
			for i := range reports {
				reports[i] = aggregate.NewReport(aggregate.Options{})
				consumers[i] = reports[i].Add
			}
			run(b, consumers)
			reports[0].Merge(reports[1])
		}
	})
	for _, format := range []export.Format{export.Parquet, export.JSONL} {
		b.Run(format.Ext(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			i := 0
			var written int64
			for b.Loop() {
				out := filepath.Join(dir, fmt.Sprintf("%s-%d", format.Ext(), i))
				i++
				if err := export.Prepare(out, false); err != nil {
					b.Fatal(err)
				}
				writers := make([]*export.Writer, workers)
				consumers := make([]func(*parse.Record), workers)
				for w := range writers {
					writers[w] = export.NewWriter(export.Options{Format: format, Dir: out}, w)
					wr := writers[w]
					consumers[w] = func(r *parse.Record) {
						if err := wr.Write(r); err != nil {
							panic(err)
						}
					}
				}
				run(b, consumers)
				written = 0
				for _, w := range writers {
					if err := w.Close(); err != nil {
						b.Fatal(err)
					}
					written += w.Stats().Bytes
				}
				os.RemoveAll(out)
			}
			b.ReportMetric(float64(written)/float64(size), "out/in")
		})
	}
}
