package aggregate

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/sat"
)

// mergeReference is the Space-Saving merge written the plain way (a map of
// the union, sorted, cut to the capacity): the oracle of Merge, which
// merges in place.
func mergeReference(t, o *TopK) []TopEntry {
	tMin, oMin := t.minCount(), o.minCount()
	merged := map[string]topEntry{}
	for _, e := range t.snapshot() {
		merged[e.key] = e
	}
	for _, e := range o.snapshot() {
		if m, ok := merged[e.key]; ok {
			m.count, m.err = sat.Add(m.count, e.count), sat.Add(m.err, e.err)
			merged[e.key] = m
		} else {
			merged[e.key] = topEntry{key: e.key, count: sat.Add(e.count, tMin), err: sat.Add(e.err, tMin)}
		}
	}
	for _, e := range t.slots {
		if !o.tracks(e.key) && oMin > 0 {
			m := merged[e.key]
			m.count, m.err = sat.Add(m.count, oMin), sat.Add(m.err, oMin)
			merged[e.key] = m
		}
	}
	var es []topEntry
	for _, e := range merged {
		es = append(es, e)
	}
	sortEntries(es)
	var out []TopEntry
	for _, e := range es[:min(len(es), t.Capacity())] {
		out = append(out, TopEntry{Key: e.key, Count: e.count, Err: e.err})
	}
	return out
}

func TestMergeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		capacity := 1 + rng.IntN(40)
		fill := func() *TopK {
			k := NewTopK(capacity)
			if rng.IntN(2) == 0 { // as a Report's pair
				k, _ = pairTopKs(capacity)
			}
			for range rng.IntN(300) {
				k.Add([]byte(fmt.Sprint("v", rng.IntN(1+rng.IntN(80)))), 1+rng.Int64N(5))
			}
			return k
		}
		a, b := fill(), fill()
		want := mergeReference(a, b)
		a.Merge(b)
		if d := cmp.Diff(want, a.Top(-1)); d != "" {
			t.Fatalf("round %d (capacity %d): Merge differs from the reference (-want +got):\n%s", round, capacity, d)
		}
		// The merged summary keeps working: its index and heap are whole.
		for range 100 {
			a.Add([]byte(fmt.Sprint("v", rng.IntN(120))), 1)
		}
		if len(a.Top(-1)) > capacity {
			t.Fatalf("round %d: %d values tracked, capacity %d", round, len(a.Top(-1)), capacity)
		}
		for _, e := range a.slots {
			if s, ok := a.slotOf(e.key); !ok || a.slots[s].key != e.key {
				t.Fatalf("round %d: index lost %q", round, e.key)
			}
		}
	}
}
