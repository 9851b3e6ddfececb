package aggregate

import "encoding/binary"

// CollidingPair returns two different 24-byte values with the same hash64:
// the hash mixes whole 8-byte words into its state, so the third word of the
// second value is chosen to cancel the difference the first two words made.
func CollidingPair() (string, string) {
	a := []byte("Mozilla/5.0 (X11; Linux")
	a = append(a, ')')
	b := []byte("curl/8.5.0 (attacker) ")
	b = append(b, "xx"...)
	state := func(p []byte) uint64 { // hash64's state after two words
		h := uint64(len(p)) * 0x9e3779b97f4a7c15
		for i := 0; i < 16; i += 8 {
			h = (h ^ binary.LittleEndian.Uint64(p[i:])) * 0xbf58476d1ce4e5b9
			h ^= h >> 31
		}
		return h
	}
	w := binary.LittleEndian.Uint64(a[16:]) ^ state(a) ^ state(b)
	binary.LittleEndian.PutUint64(b[16:], w)
	if hash64(a) != hash64(b) {
		panic("CollidingPair: the forgery no longer collides; update it with hash64")
	}
	return string(a), string(b)
}

// IPSetLimit is ipSetLimit, for the tests that cross it.
const IPSetLimit = ipSetLimit

// InBitmap reports whether d has moved its IPv4 addresses to its bitmap.
func (d *DistinctIPs) InBitmap() bool { return d.v4 != nil }
