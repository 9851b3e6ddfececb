package aggregate_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/aggregate"
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
