//go:build !race

package aggregate_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

// TestAddAllocatesNothingOnceWarm: counters and histograms allocate nothing
// per record once every value they key on has been seen.
func TestAddAllocatesNothingOnceWarm(t *testing.T) {
	recs := records(3000)
	adders := map[string]func(*parse.Record){}
	g := aggregate.NewGroup(parse.Operation)
	adders["group"] = g.Add
	var s aggregate.Statuses
	adders["statuses"] = s.Add
	var l aggregate.Latency
	adders["latency"] = l.Add
	var h aggregate.Histogram
	adders["histogram"] = func(r *parse.Record) { h.Add(r.TotalTimeMS) }
	var se aggregate.Series
	adders["series"] = se.Add
	rep := aggregate.NewReport(aggregate.Options{})
	adders["report"] = rep.Add
	var ips aggregate.DistinctIPs
	adders["distinct ips"] = ips.Add
	tk := aggregate.NewTopK(0)
	adders["topk"] = func(r *parse.Record) { tk.Add(r.RemoteIP, r.BytesSent) }
	for name, add := range adders {
		// Several passes: the slowest list fills with the repeated
		// slowest records before it stops taking new ones.
		for range 20 {
			for _, r := range recs {
				add(r)
			}
		}
		if n := testing.AllocsPerRun(10, func() {
			for _, r := range recs {
				add(r)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per pass once warm, want 0", name, n)
		}
	}
}
