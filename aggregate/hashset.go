package aggregate

import "math/rand/v2"

// hashSet is a set of 64-bit hashes ([Distinct]) or of IPv4 addresses
// ([DistinctIPs]) in one open-addressed table: a lookup is one probe in a
// flat array where Go's map would hash the value again and probe a group.
// A value's slot comes from it mixed with a random seed of the set's own,
// so that values chosen to share a slot cannot make the probes long. 0
// marks an empty slot, so the value 0 is kept apart. The zero value is
// empty.
type hashSet[T uint32 | uint64] struct {
	slots []T // a power of two, at most three quarters full
	n     int // values held, 0 included
	zero  bool
	seed  uint64
	shift uint // 64 less log2(len(slots))
}

// add puts h in s.
func (s *hashSet[T]) add(h T) {
	if h == 0 {
		if !s.zero {
			s.zero = true
			s.n++
		}
		return
	}
	if 4*(s.n+1) > 3*len(s.slots) {
		s.grow()
	}
	mask := len(s.slots) - 1
	for i := int((uint64(h)^s.seed)*0x9e3779b97f4a7c15>>s.shift) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return
		case 0:
			s.slots[i] = h
			s.n++
			return
		}
	}
}

// grow doubles the table (or makes the first, of 64 slots).
func (s *hashSet[T]) grow() {
	old := s.slots
	size := max(64, 2*len(old))
	if s.slots == nil {
		s.seed = rand.Uint64()
	}
	s.slots = make([]T, size)
	s.shift = uint(64 - log2(size))
	n, zero := s.n, s.zero
	s.n = 0
	for _, h := range old {
		if h != 0 {
			s.add(h)
		}
	}
	s.n, s.zero = n, zero
}

// log2 returns the base-2 logarithm of n, a power of two.
func log2(n int) int {
	k := 0
	for n > 1 {
		n >>= 1
		k++
	}
	return k
}

// len returns the number of values in s.
func (s *hashSet[T]) len() int { return s.n }

// each calls fn with every value in s, in no order.
func (s *hashSet[T]) each(fn func(h T)) {
	if s.zero {
		fn(0)
	}
	for _, h := range s.slots {
		if h != 0 {
			fn(h)
		}
	}
}
