package aggregate

import (
	"cmp"
	"slices"

	"github.com/bucketlogs/bucketlogs/internal/sat"
)

// DefaultTopKCapacity is the number of distinct values a [TopK] tracks
// when no capacity is given.
const DefaultTopKCapacity = 10000

// A TopK finds the heaviest values of a stream (the most frequent, or those
// with the most bytes) in bounded memory, with the Space-Saving algorithm.
//
// While the number of distinct values stays within the capacity, counts are
// exact. Past it, the lightest tracked value is replaced by each new one, and
// every count becomes an upper bound: a reported count overestimates the true
// one by at most its Err, and Err is at most Total/Capacity. [TopK.Exact]
// tells which case holds. Any value whose true weight exceeds
// Total/Capacity is guaranteed to be tracked.
//
// Values are told apart by their bytes, never by a hash: whoever chooses a
// User-Agent or a key cannot make their requests count as someone else's.
//
// Create it with [NewTopK]; the zero TopK is ready to use with
// DefaultTopKCapacity. A TopK is not safe for concurrent use; merge
// per-goroutine TopKs with [TopK.Merge]. Memory is proportional to the
// capacity, whatever the stream.
type TopK struct {
	capacity int
	// entries are the tracked values, each in a slot of its own that it
	// keeps until it is evicted (index maps a key to its slot). Once t is
	// full, heap holds the slots as a min-heap by count and pos is each
	// slot's place in it: moving a slot in the heap touches these two
	// arrays, never the map.
	entries  []topEntry
	index    map[string]int32
	heap     []int32
	pos      []int32
	heaped   bool
	evicted  bool
	total    int64
	seq      int64 // the order values were tracked in, for ties
	keyBytes int   // the bytes of the tracked keys, for Size
}

type topEntry struct {
	key        string
	count, err int64
	seq        int64 // when the value was tracked: among equal counts the newest goes first
}

// TopEntry is one value of a [TopK] result.
type TopEntry struct {
	Key   string
	Count int64 // the weight, or an upper bound of it when Err > 0
	Err   int64 // how much Count may overestimate by; 0 when exact
}

// NewTopK returns an empty TopK tracking at most capacity values
// (DefaultTopKCapacity when capacity <= 0).
func NewTopK(capacity int) *TopK {
	if capacity <= 0 {
		capacity = DefaultTopKCapacity
	}
	return &TopK{capacity: capacity, index: make(map[string]int32)}
}

// init makes the zero TopK usable.
func (t *TopK) init() {
	if t.capacity <= 0 {
		t.capacity = DefaultTopKCapacity
	}
	if t.index == nil {
		t.index = make(map[string]int32)
	}
}

// Add adds weight to key's count; a weight of 0 or less is ignored. key is
// looked up without allocating and copied only when it is newly tracked;
// t keeps no reference to it.
func (t *TopK) Add(key []byte, weight int64) {
	if weight <= 0 {
		return
	}
	if t.index == nil {
		t.init()
	}
	t.total = sat.Add(t.total, weight)
	if i, ok := t.index[string(key)]; ok {
		t.entries[i].count = sat.Add(t.entries[i].count, weight)
		if t.heaped {
			t.down(int(t.pos[i]))
		}
		return
	}
	t.seq++
	if len(t.entries) < t.capacity {
		k := string(key)
		t.keyBytes += len(k)
		t.index[k] = int32(len(t.entries))
		t.entries = append(t.entries, topEntry{key: k, count: weight, seq: t.seq})
		if t.heaped {
			t.heap = append(t.heap, int32(len(t.entries)-1))
			t.pos = append(t.pos, int32(len(t.heap)-1))
			t.up(len(t.heap) - 1)
		}
		return
	}
	if !t.heaped {
		t.heapify()
	}
	// Replace the lightest value; the newcomer inherits its count as error.
	s := t.heap[0]
	min := &t.entries[s]
	delete(t.index, min.key)
	k := string(key)
	t.keyBytes += len(k) - len(min.key)
	*min = topEntry{key: k, count: sat.Add(min.count, weight), err: min.count, seq: t.seq}
	t.index[k] = s
	t.down(0)
	t.evicted = true
}

// less orders heap places i and j: by count, and among equal counts the
// value tracked last first, so that a newcomer that stays light is the
// next to go.
func (t *TopK) less(i, j int) bool {
	a, b := &t.entries[t.heap[i]], &t.entries[t.heap[j]]
	if a.count != b.count {
		return a.count < b.count
	}
	return a.seq > b.seq
}

func (t *TopK) swap(i, j int) {
	t.heap[i], t.heap[j] = t.heap[j], t.heap[i]
	t.pos[t.heap[i]] = int32(i)
	t.pos[t.heap[j]] = int32(j)
}

func (t *TopK) heapify() {
	n := len(t.entries)
	t.heap = slices.Grow(t.heap[:0], n)[:n]
	t.pos = slices.Grow(t.pos[:0], n)[:n]
	for i := range n {
		t.heap[i], t.pos[i] = int32(i), int32(i)
	}
	for i := n/2 - 1; i >= 0; i-- {
		t.down(i)
	}
	t.heaped = true
}

func (t *TopK) down(i int) {
	n := len(t.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && t.less(r, l) {
			m = r
		}
		if !t.less(m, i) {
			return
		}
		t.swap(i, m)
		i = m
	}
}

func (t *TopK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.less(i, p) {
			return
		}
		t.swap(i, p)
		i = p
	}
}

// minCount is the count a value missing from t may have had at most.
func (t *TopK) minCount() int64 {
	if !t.evicted || len(t.entries) == 0 {
		return 0
	}
	m := t.entries[0].count
	for _, e := range t.entries[1:] {
		m = min(m, e.count)
	}
	return m
}

// Merge adds o into t (the mergeable Space-Saving summary): counts of a
// value add up; a value missing from a summary that has evicted values is
// credited with that summary's smallest count, as an upper bound; then the
// heaviest Capacity values are kept. When neither summary evicted anything
// and the union fits the capacity, the result is exact and the same however
// the stream was split. o is not changed.
func (t *TopK) Merge(o *TopK) {
	t.init()
	tMin, oMin := t.minCount(), o.minCount()
	merged := make(map[string]topEntry, len(t.entries)+len(o.entries))
	for _, e := range t.entries {
		merged[e.key] = e
	}
	for _, e := range o.entries {
		if m, ok := merged[e.key]; ok {
			m.count = sat.Add(m.count, e.count)
			m.err = sat.Add(m.err, e.err)
			merged[e.key] = m
		} else {
			merged[e.key] = topEntry{key: e.key, count: sat.Add(e.count, tMin), err: sat.Add(e.err, tMin)}
		}
	}
	if oMin > 0 {
		for _, e := range t.entries {
			if _, ok := o.index[e.key]; !ok {
				m := merged[e.key]
				m.count = sat.Add(m.count, oMin)
				m.err = sat.Add(m.err, oMin)
				merged[e.key] = m
			}
		}
	}
	entries := make([]topEntry, 0, len(merged))
	for _, e := range merged {
		entries = append(entries, e)
	}
	sortEntries(entries)
	t.evicted = t.evicted || o.evicted
	if len(entries) > t.capacity {
		entries = entries[:t.capacity]
		t.evicted = true
	}
	t.total = sat.Add(t.total, o.total)
	t.setEntries(entries)
}

func (t *TopK) setEntries(entries []topEntry) {
	t.entries = entries
	t.index = make(map[string]int32, len(entries))
	t.keyBytes = 0
	for i := range entries {
		e := &entries[i]
		t.keyBytes += len(e.key)
		t.index[e.key] = int32(i)
		e.seq = int64(i + 1) // ties: the later in key order goes first, as listed
	}
	t.seq = int64(len(entries))
	t.heap, t.pos = t.heap[:0], t.pos[:0]
	t.heaped = false
}

func sortEntries(es []topEntry) {
	slices.SortFunc(es, func(a, b topEntry) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
}

// Top returns the n heaviest values, heaviest first, ties by key, as a new
// slice; every tracked value when n < 0.
func (t *TopK) Top(n int) []TopEntry {
	es := slices.Clone(t.entries)
	if n < 0 {
		n = len(es)
	}
	sortEntries(es)
	out := make([]TopEntry, 0, min(n, len(es)))
	for _, e := range es[:min(n, len(es))] {
		out = append(out, TopEntry{Key: e.key, Count: e.count, Err: e.err})
	}
	return out
}

// Exact reports whether every count is exact: no value was ever evicted.
func (t *TopK) Exact() bool { return !t.evicted }

// Total returns the sum of all weights added.
func (t *TopK) Total() int64 { return t.total }

// Capacity returns how many values t tracks at most.
func (t *TopK) Capacity() int {
	if t.capacity <= 0 {
		return DefaultTopKCapacity
	}
	return t.capacity
}

// Size returns about how many bytes t holds; it grows up to the capacity.
func (t *TopK) Size() int { return 64 + 104*len(t.entries) + 2*t.keyBytes }

// MaxError returns the largest possible overestimate of any count:
// 0 when exact, else at most Total/Capacity.
func (t *TopK) MaxError() int64 {
	var m int64
	for _, e := range t.entries {
		m = max(m, e.err)
	}
	return max(m, t.minCount())
}

// MarshalBinary encodes t deterministically.
func (t *TopK) MarshalBinary() ([]byte, error) {
	e := header(tagTopK)
	e.U(uint64(t.Capacity()))
	e.Bool(t.evicted)
	e.I(t.total)
	es := slices.Clone(t.entries)
	slices.SortFunc(es, func(a, b topEntry) int { return cmp.Compare(a.key, b.key) })
	e.U(uint64(len(es)))
	for _, x := range es {
		e.S(x.key)
		e.I(x.count)
		e.I(x.err)
	}
	return e.B, nil
}

// UnmarshalBinary replaces t with what [TopK.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (t *TopK) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagTopK)
	capacity := int(d.U())
	evicted := d.Bool()
	total := d.I()
	n := d.N()
	es := make([]topEntry, 0, n)
	for range n {
		k := d.S()
		es = append(es, topEntry{key: k, count: d.I(), err: d.I()})
	}
	if err := d.Done(); err != nil {
		return err
	}
	if capacity <= 0 || len(es) > capacity {
		return ErrCorrupt
	}
	t.capacity, t.evicted, t.total = capacity, evicted, total
	t.setEntries(es)
	return nil
}
