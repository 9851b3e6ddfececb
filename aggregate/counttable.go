package aggregate

import (
	"cmp"
	"slices"
)

// A countTable counts int64 values of 1024 and above (a Histogram's big
// values): an open-addressed table of value and count side by side, so
// that a count is one probe of one cache line where a Go map hashes,
// probes its control bytes and then reads the slot. Value 0 marks an empty
// slot. The zero countTable is empty.
type countTable struct {
	slots []countSlot // a power of two long, at most 3/4 full
	n     int
}

type countSlot struct{ v, c int64 }

// add counts c more at v, which must not be 0.
func (t *countTable) add(v, c int64) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := uint64(v) * 0x9e3779b97f4a7c15 >> 40 & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch s.v {
		case v:
			s.c += c
			return
		case 0:
			s.v, s.c = v, c
			t.n++
			return
		}
	}
}

func (t *countTable) grow() {
	old := t.slots
	t.slots = make([]countSlot, max(16, 2*len(old)))
	t.n = 0
	for _, s := range old {
		if s.v != 0 {
			t.add(s.v, s.c)
		}
	}
}

// len returns how many distinct values t counts.
func (t *countTable) len() int { return t.n }

// sorted returns t's values and counts in value order.
func (t *countTable) sorted() []countSlot {
	out := make([]countSlot, 0, t.n)
	for _, s := range t.slots {
		if s.v != 0 {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b countSlot) int { return cmp.Compare(a.v, b.v) })
	return out
}
