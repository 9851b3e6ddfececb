package main

import (
	"bytes"
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// BenchmarkAudit is what the audit views add to a report, in one run: s3
// lines of a generated corpus (anonymous requests, deletes and 403s, no
// SigV2, old TLS or bots) decoded, then the report, then the views, each
// record still hot from its decoding as in the pipeline.
func BenchmarkAudit(b *testing.B) {
	corpus := gen.Corpus(5, parse.FormatS3, 20000)
	lines := bytes.Split(bytes.TrimSuffix(corpus, []byte("\n")), []byte("\n"))
	for _, tc := range []struct {
		name           string
		report, audits bool
	}{{"decode", false, false}, {"decode+report", true, false}, {"decode+report+audit", true, true}} {
		b.Run(tc.name, func(b *testing.B) {
			var p s3line.Parser
			var r parse.Record
			rep := aggregate.NewReport(aggregate.Options{})
			add := newAudit().adder()
			b.SetBytes(int64(len(corpus)))
			b.ReportAllocs()
			for b.Loop() {
				for _, line := range lines {
					if err := p.Parse(line, &r); err != nil {
						b.Fatal(err)
					}
					if tc.report {
						rep.Add(&r)
					}
					if tc.audits {
						add(&r)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/record")
		})
	}
}
