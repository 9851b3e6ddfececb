package query

import (
	"math/rand/v2"
	"net/netip"
	"strconv"
	"testing"
)

// randomPrefixes makes n prefixes of both families, clustered so that many
// overlap, nest and touch.
func randomPrefixes(rng *rand.Rand, n int) []netip.Prefix {
	var out []netip.Prefix
	for range n {
		var a netip.Addr
		var bits int
		if rng.IntN(3) > 0 {
			a = netip.AddrFrom4([4]byte{byte(rng.IntN(4)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
			bits = rng.IntN(33)
		} else {
			var b [16]byte
			b[0], b[1] = 0x20, 0x01
			b[2], b[15] = byte(rng.IntN(3)), byte(rng.IntN(256))
			a = netip.AddrFrom16(b)
			bits = rng.IntN(129)
		}
		out = append(out, netip.PrefixFrom(a, bits).Masked())
	}
	return out
}

// TestAddrSetMatchesPrefixes: the merged, sorted ranges answer like testing
// every prefix in turn, for addresses inside, outside and at the edges.
func TestAddrSetMatchesPrefixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		ps := randomPrefixes(rng, 1+rng.IntN(40))
		s := newAddrSet(ps)
		probe := func(a netip.Addr) {
			if !a.IsValid() { // before 0.0.0.0 or after the last address
				return
			}
			want := false
			for _, p := range ps {
				if p.Contains(a) {
					want = true
				}
			}
			if got := s.contains(a); got != want {
				t.Fatalf("round %d: %v in %v: got %v, want %v", round, a, ps, got, want)
			}
		}
		for _, p := range ps {
			probe(p.Addr())
			probe(p.Addr().Prev())
			last := p.Addr()
			for range 3 {
				last = last.Next()
			}
			probe(last)
		}
		for _, p := range randomPrefixes(rng, 50) {
			probe(p.Addr())
		}
		probe(netip.MustParseAddr("255.255.255.255"))
		probe(netip.MustParseAddr("0.0.0.0"))
		probe(netip.MustParseAddr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
	}
	all := newAddrSet([]netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")})
	for _, a := range []string{"1.2.3.4", "255.255.255.255", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"} {
		if !all.contains(netip.MustParseAddr(a)) {
			t.Errorf("%s not in /0", a)
		}
	}
}

// BenchmarkAddrSet looks up addresses in lists of 1, 100 and 100,000
// blocks: the cost grows with the logarithm of the list.
func BenchmarkAddrSet(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	addrs := make([]netip.Addr, 1024)
	for i := range addrs {
		addrs[i] = netip.AddrFrom4([4]byte{byte(rng.IntN(4)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
	}
	for _, n := range []int{1, 100, 100000} {
		s := newAddrSet(randomPrefixes(rng, n))
		b.Run("blocks="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, a := range addrs {
					s.contains(a)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(addrs)), "ns/lookup")
		})
	}
}
