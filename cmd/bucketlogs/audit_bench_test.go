package main

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// BenchmarkAudit is what the audit views add to a report, in one run: s3
// lines of a generated corpus (anonymous requests, deletes and 403s, no
// SigV2, old TLS or bots) decoded, then the report, then the views, each
// record still hot from its decoding as in the pipeline.
func BenchmarkAudit(b *testing.B) {
	corpus := gen.Corpus(5, parse.FormatS3, 20000)
	lines, size := rectest.SplitLines(corpus), int64(len(corpus))
	var p s3line.Parser
	rectest.BenchThen(b, "decode", &p, lines, size, nil)
	rectest.BenchThen(b, "decode+report", &p, lines, size, func() func(*parse.Record) {
		return aggregate.NewReport(aggregate.Options{}).Add
	})
	rectest.BenchThen(b, "decode+report+audit", &p, lines, size, func() func(*parse.Record) {
		rep, add := aggregate.NewReport(aggregate.Options{}), newAudit().adder()
		return func(r *parse.Record) { rep.Add(r); add(r) }
	})
}
