package aggregate

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHashSetMatchesMap adds hashes with repeats, 0 among them, and hashes
// that share their top bits, through several growths, and checks the set
// against a map after each round.
func TestHashSetMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var s hashSet[uint64]
	want := map[uint64]bool{}
	for round := range 6 {
		for range 1 << (round + 6) {
			var h uint64
			switch rng.IntN(4) {
			case 0:
				h = uint64(rng.IntN(50)) // small, 0 included: repeats
			case 1:
				h = uint64(rng.IntN(1000)) << 40 // shared top bits
			default:
				h = rng.Uint64()
			}
			s.add(h)
			want[h] = true
		}
		if s.len() != len(want) {
			t.Fatalf("round %d: len %d, want %d", round, s.len(), len(want))
		}
		var got []uint64
		s.each(func(h uint64) { got = append(got, h) })
		slices.Sort(got)
		var w []uint64
		for h := range want {
			w = append(w, h)
		}
		slices.Sort(w)
		if d := cmp.Diff(w, got); d != "" {
			t.Fatalf("round %d: (-want +got):\n%s", round, d)
		}
	}
}
