package aggregate

// recent is a small direct-mapped cache in front of a map from text values:
// a slot per hash of the value's length and four of its bytes, holding a
// copy of the value (up to 48 bytes; longer ones are not cached) and the
// map's value for it. The fields grouped this way (action, operation,
// bucket, format) have a few dozen values at most, so a lookup is mostly a
// hit, which costs a comparison instead of the map's string hash and probe.
// A miss is looked up in the map and takes the slot, with no allocation.
// The zero value is empty; cached pointers must stay valid while cached (the
// maps that use it never delete, and reset the cache when replaced).
type recent[T any] struct {
	slots [recentSlots]recentSlot[T]
}

const (
	recentSlots  = 64
	recentMaxLen = 48
)

type recentSlot[T any] struct {
	key [recentMaxLen]byte
	n   int
	val *T
}

// recentIndex picks v's slot. The sixth byte tells REST.GET from REST.PUT,
// the middle and last ones most other names apart.
func recentIndex(v []byte) int {
	n := len(v)
	if n == 0 {
		return 0
	}
	h := uint32(n) | uint32(v[0])<<8 | uint32(v[n/2])<<16 | uint32(v[n-1])<<24
	h ^= uint32(v[min(5, n-1)]) * 0x10001
	return int(h * 0x9e3779b1 >> 26)
}

// get returns v's cached value, or nil.
func (c *recent[T]) get(v []byte) *T {
	s := &c.slots[recentIndex(v)]
	if s.val != nil && s.n == len(v) && string(s.key[:s.n]) == string(v) {
		return s.val
	}
	return nil
}

// put caches val for v, unless v is too long to keep.
func (c *recent[T]) put(v []byte, val *T) {
	if len(v) > recentMaxLen {
		return
	}
	s := &c.slots[recentIndex(v)]
	s.n = copy(s.key[:], v)
	s.val = val
}

// reset empties the cache, for a map that was replaced.
func (c *recent[T]) reset() { *c = recent[T]{} }
