package ipv4

import (
	"net/netip"
	"testing"
)

// TestParseAgreesWithNetip: Parse accepts exactly the IPv4 text netip does.
func TestParseAgreesWithNetip(t *testing.T) {
	for _, s := range []string{"10.0.0.1", "255.255.255.255", "0.0.0.0", "01.2.3.4", "1.2.3", "1.2.3.4.5",
		"256.1.1.1", "1..2.3", "", "a.b.c.d", "1.2.3.4 ", "::1", "1.2.3.04", "192.168.1.0"} {
		got, ok := Parse([]byte(s))
		a, err := netip.ParseAddr(s)
		want := err == nil && a.Is4()
		if ok != want {
			t.Errorf("Parse(%q) ok = %v, netip says %v", s, ok, want)
			continue
		}
		if ok && netip.AddrFrom4([4]byte{byte(got >> 24), byte(got >> 16), byte(got >> 8), byte(got)}) != a {
			t.Errorf("Parse(%q) = %#x, netip %v", s, got, a)
		}
	}
}
