package aggregate_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

// zipfStream draws n keys from a skewed distribution over many values.
func zipfStream(seed uint64, n int) []string {
	rng := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(rng, 1.2, 1, 100000)
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("key-%d", z.Uint64())
	}
	return out
}

// TestTopKBounds checks the Space-Saving guarantees with far more distinct
// values than capacity, for a single summary and for merged shards: every
// reported count is an upper bound, Count-Err a lower bound, Err at most
// Total/Capacity, and every value heavier than Total/Capacity is reported.
func TestTopKBounds(t *testing.T) {
	stream := zipfStream(3, 200000)
	truth := map[string]int64{}
	for _, k := range stream {
		truth[k]++
	}
	const capacity = 200
	single := aggregate.NewTopK(capacity)
	shards := []*aggregate.TopK{aggregate.NewTopK(capacity), aggregate.NewTopK(capacity), aggregate.NewTopK(capacity)}
	for i, k := range stream {
		single.Add([]byte(k), 1)
		shards[i%3].Add([]byte(k), 1)
	}
	merged := aggregate.NewTopK(capacity)
	for _, s := range shards {
		merged.Merge(s)
	}
	for name, tk := range map[string]*aggregate.TopK{"single": single, "merged": merged} {
		if tk.Exact() {
			t.Fatalf("%s: claims exact with %d distinct values", name, len(truth))
		}
		bound := tk.Total() / capacity
		if tk.Total() != int64(len(stream)) {
			t.Errorf("%s: Total %d, want %d", name, tk.Total(), len(stream))
		}
		// Merging sums the per-shard bounds, so allow one per shard.
		maxErr := bound
		if name == "merged" {
			maxErr = bound * 3
		}
		reported := map[string]bool{}
		for _, e := range tk.Top(capacity) {
			reported[e.Key] = true
			if tr := truth[e.Key]; e.Count < tr || e.Count-e.Err > tr {
				t.Errorf("%s: %s count %d err %d does not bracket the true %d", name, e.Key, e.Count, e.Err, tr)
			}
			if e.Err > maxErr {
				t.Errorf("%s: %s err %d over the bound %d", name, e.Key, e.Err, maxErr)
			}
		}
		for k, n := range truth {
			if n > maxErr && !reported[k] {
				t.Errorf("%s: %s has %d > %d but is not reported", name, k, n, maxErr)
			}
		}
	}
}

func TestTopKExactWhenItFits(t *testing.T) {
	tk := aggregate.NewTopK(10)
	for _, k := range []string{"b", "a", "c", "a", "b", "a"} {
		tk.Add([]byte(k), 1)
	}
	tk.Add([]byte("z"), 0) // ignored
	want := []aggregate.TopEntry{{Key: "a", Count: 3}, {Key: "b", Count: 2}}
	if diff := cmp.Diff(want, tk.Top(2)); diff != "" || !tk.Exact() {
		t.Errorf("Top(2) (-want +got):\n%s exact=%v", diff, tk.Exact())
	}
}

// TestRankingPairMatchesTwoTopKs checks that a Report's rankings, whose two
// summaries share one index, give what two independent TopKs fed the same
// values give: while evicting, after a Merge, after a wire round trip and
// when adding goes on after either.
func TestRankingPairMatchesTwoTopKs(t *testing.T) {
	const capacity = 50
	rng := rand.New(rand.NewPCG(7, 7))
	keys := zipfStream(3, 6000)
	feed := func(r *aggregate.Report, byCount, byBytes *aggregate.TopK, from, to int) {
		for _, k := range keys[from:to] {
			var rec parse.Record
			rec.Format = parse.FormatS3
			rec.SetText(parse.Requester, []byte(k))
			bytes := int64(rng.IntN(3)) * int64(rng.IntN(5000)) // a third of requests send nothing
			rec.SetInt(parse.BytesSent, bytes)
			r.Add(&rec)
			byCount.Add([]byte(k), 1)
			byBytes.Add([]byte(k), bytes)
		}
	}
	check := func(stage string, r *aggregate.Report, byCount, byBytes *aggregate.TopK) {
		t.Helper()
		rk := r.Rankings[0]
		if rk.Field != parse.Requester {
			t.Fatalf("first ranking is %v", rk.Field)
		}
		if d := cmp.Diff(byCount.Top(-1), rk.ByCount.Top(-1)); d != "" {
			t.Errorf("%s: by count (-two TopKs +pair):\n%s", stage, d)
		}
		if d := cmp.Diff(byBytes.Top(-1), rk.ByBytes.Top(-1)); d != "" {
			t.Errorf("%s: by bytes (-two TopKs +pair):\n%s", stage, d)
		}
		if byCount.Total() != rk.ByCount.Total() || byBytes.Total() != rk.ByBytes.Total() {
			t.Errorf("%s: totals differ", stage)
		}
	}
	opt := aggregate.Options{TopKCapacity: capacity}
	r1, c1, b1 := aggregate.NewReport(opt), aggregate.NewTopK(capacity), aggregate.NewTopK(capacity)
	feed(r1, c1, b1, 0, 2000)
	check("evicting", r1, c1, b1)
	if c1.Exact() {
		t.Fatal("the stream does not make the summaries evict")
	}

	r2, c2, b2 := aggregate.NewReport(opt), aggregate.NewTopK(capacity), aggregate.NewTopK(capacity)
	feed(r2, c2, b2, 2000, 4000)
	r1.Merge(r2)
	c1.Merge(c2)
	b1.Merge(b2)
	check("merged", r1, c1, b1)
	feed(r1, c1, b1, 4000, 5000)
	check("added after merge", r1, c1, b1)

	back := wireRoundTrip(t, r1)
	check("read back", back, c1, b1)
	feed(back, c1, b1, 5000, 6000)
	check("added after read back", back, c1, b1)
}

// TestTopIsASortedPrefix checks Top(n) for every n against the whole list
// sorted by count and then key, on summaries with many tied counts and
// with evictions, so that the selection of the few heaviest and the full
// sort agree.
func TestTopIsASortedPrefix(t *testing.T) {
	for _, tc := range []struct {
		name     string
		capacity int
		values   int
	}{
		{"exact", 1000, 300},
		{"evicting", 64, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tc.capacity)))
			tk := aggregate.NewTopK(tc.capacity)
			for range 20000 {
				tk.Add(fmt.Appendf(nil, "v%d", rng.IntN(tc.values)), int64(1+rng.IntN(3)))
			}
			all := tk.Top(-1)
			if len(all) == 0 {
				t.Fatal("no values")
			}
			for i := 1; i < len(all); i++ {
				a, b := all[i-1], all[i]
				if a.Count < b.Count || a.Count == b.Count && a.Key >= b.Key {
					t.Fatalf("Top(-1) out of order at %d: %+v then %+v", i, a, b)
				}
			}
			for n := 0; n <= len(all)+1; n++ {
				want := all[:min(n, len(all))]
				if diff := cmp.Diff(want, tk.Top(n)); diff != "" {
					t.Fatalf("Top(%d) is not the first %d of the sorted list (-want +got):\n%s", n, n, diff)
				}
			}
		})
	}
}
