package aggregate_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

func BenchmarkAggregate(b *testing.B) {
	recs := records(20000)
	run := func(name string, newAdd func() func(*parse.Record)) {
		b.Run(name, func(b *testing.B) {
			add := newAdd()
			for _, r := range recs { // warm
				add(r)
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range recs {
					add(r)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
		})
	}
	run("group", func() func(*parse.Record) { return aggregate.NewGroup(parse.Operation).Add })
	run("statuses", func() func(*parse.Record) { var s aggregate.Statuses; return s.Add })
	run("topk", func() func(*parse.Record) {
		tk := aggregate.NewTopK(0)
		return func(r *parse.Record) { tk.Add(r.RemoteIP, 1) }
	})
	run("latency", func() func(*parse.Record) { var l aggregate.Latency; return l.Add })
	run("distinct-ips", func() func(*parse.Record) { var d aggregate.DistinctIPs; return d.Add })
	run("distinct-keys", func() func(*parse.Record) { return aggregate.NewDistinct(parse.Key).Add })
	run("series", func() func(*parse.Record) { var s aggregate.Series; return s.Add })
	run("slowest", func() func(*parse.Record) { return aggregate.NewSlowest(10).Add })
	run("report", func() func(*parse.Record) { return aggregate.NewReport(aggregate.Options{}).Add })
}
