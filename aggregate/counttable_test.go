package aggregate

import (
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCountTableMatchesMap: a countTable counts as a map does, through
// its growths, for values that share slots and values far apart.
func TestCountTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var tb countTable
	want := map[int64]int64{}
	for i := range 50000 {
		v := 1024 + rng.Int64N(3000)
		if i%7 == 0 {
			v = 1024 + rng.Int64N(1<<50)
		}
		c := 1 + rng.Int64N(3)
		tb.add(v, c)
		want[v] += c
	}
	var got [][2]int64
	for _, s := range tb.sorted() {
		got = append(got, [2]int64{s.v, s.c})
	}
	var exp [][2]int64
	for _, v := range slices.Sorted(maps.Keys(want)) {
		exp = append(exp, [2]int64{v, want[v]})
	}
	if diff := cmp.Diff(exp, got); diff != "" || tb.len() != len(want) {
		t.Errorf("len %d, want %d; (-map +table):\n%s", tb.len(), len(want), diff)
	}
}
