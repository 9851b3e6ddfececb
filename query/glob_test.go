package query

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestContainsGlobFastPath: "*lit*" globs, matched with bytes.Contains or
// containsFold, answer as the general glob loop does, case folded or not.
func TestContainsGlobFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte("abAB/;*?x")
	word := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return b
	}
	for range 20000 {
		s := word(rng.IntN(12))
		lit := bytes.ReplaceAll(bytes.ReplaceAll(word(1+rng.IntN(3)), []byte("*"), []byte("a")), []byte("?"), []byte("b"))
		for _, fold := range []bool{false, true} {
			pattern := append(append([]byte("*"), lit...), '*')
			if fold {
				pattern = bytes.ToLower(pattern)
			}
			n := newGlob(0, pattern, fold)
			if n.lit == nil {
				t.Fatalf("%q not taken as a contains glob", pattern)
			}
			var got bool
			if fold {
				got = containsFold(s, n.lit)
			} else {
				got = bytes.Contains(s, n.lit)
			}
			if want := glob(pattern, s, fold); got != want {
				t.Fatalf("%q against %q (fold %v): fast %v, glob %v", pattern, s, fold, got, want)
			}
		}
	}
	// The bug this found: a '*' of the pattern was taken as a literal when
	// the value held one there, and the match failed.
	if !glob([]byte("*xb*"), []byte("*Axb*AAa"), false) || !glob([]byte("a*"), []byte("a*b"), false) {
		t.Error("a '*' in the value broke the glob")
	}
	if newGlob(0, []byte("*a*b*"), false).lit != nil || newGlob(0, []byte("a*"), false).lit != nil {
		t.Error("a glob that is not *lit* taken as one")
	}
}
