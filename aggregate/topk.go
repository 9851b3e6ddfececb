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
	// slots are the tracked values, each in a slot of its own that it
	// keeps until it is evicted (index maps a key to its slot), and counts
	// their counts, apart: a request touches one 8-byte count, not a
	// 40-byte entry, so the counts of thousands of values stay in cache.
	// Once t is full, heap holds the slots as a min-heap by count and pos
	// is each slot's place in it: moving a slot in the heap touches these
	// arrays, never the map.
	slots    []topSlot
	counts   []int64
	index    map[string]int32
	pair     *pairIndex // replaces index for the two TopKs of a Ranking
	side     int        // this TopK's place in pair's values
	heap     []int32
	pos      []int32
	heaped   bool
	evicted  bool
	total    int64
	seq      int64 // the order values were tracked in, for ties
	keyBytes int   // the bytes of the tracked keys, for Size
	// gen counts the times slots took values other than through a
	// Report's AddBatch (Add, Merge, UnmarshalBinary): the Report keeps
	// facts about its rankings' slots while it stays the same.
	gen uint64
}

// A topSlot is a tracked value but for its count.
type topSlot struct {
	key string
	err int64
	seq int64 // when the value was tracked: among equal counts the newest goes first
}

// A topEntry is a tracked value with its count, as t's slots are sorted,
// merged and encoded.
type topEntry struct {
	key        string
	count, err int64
	seq        int64
}

// snapshot returns t's values with their counts, in slot order, as a new
// slice.
func (t *TopK) snapshot() []topEntry {
	es := make([]topEntry, len(t.slots))
	for i, sl := range t.slots {
		es[i] = topEntry{key: sl.key, count: t.counts[i], err: sl.err, seq: sl.seq}
	}
	return es
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
	if t.index == nil && t.pair == nil {
		t.index = make(map[string]int32)
	}
}

// A pairIndex is the one map of a [Ranking]'s two TopKs, which see the
// same values: a value's slot in each (-1 where it is not tracked), so
// that a record costs one lookup for both.
type pairIndex struct {
	m map[string][2]int32
}

// pairTopKs returns two empty TopKs that share one index.
func pairTopKs(capacity int) (a, b *TopK) {
	p := &pairIndex{m: make(map[string][2]int32)}
	a, b = NewTopK(capacity), NewTopK(capacity)
	a.index, b.index = nil, nil
	a.pair, b.pair = p, p
	b.side = 1
	return a, b
}

// slot returns the slot that tracks key.
func (t *TopK) slot(key []byte) (int32, bool) {
	if t.pair != nil {
		p, ok := t.pair.m[string(key)]
		return p[t.side], ok && p[t.side] >= 0
	}
	s, ok := t.index[string(key)]
	return s, ok
}

// tracks reports whether t tracks k.
func (t *TopK) tracks(k string) bool {
	_, ok := t.slotOf(k)
	return ok
}

// track records that slot s tracks k.
func (t *TopK) track(k string, s int32) {
	if t.pair == nil {
		t.index[k] = s
		return
	}
	p, ok := t.pair.m[k]
	if !ok {
		p = [2]int32{-1, -1}
	}
	p[t.side] = s
	t.pair.m[k] = p
}

// untrack forgets that k is tracked.
func (t *TopK) untrack(k string) {
	if t.pair == nil {
		delete(t.index, k)
		return
	}
	p := t.pair.m[k]
	p[t.side] = -1
	if p[1-t.side] < 0 {
		delete(t.pair.m, k)
	} else {
		t.pair.m[k] = p
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
	if i, ok := t.slot(key); ok {
		t.bump(i, weight)
		return
	}
	k := string(key)
	t.track(k, t.insert(k, weight))
	t.gen++ // a slot may have a value that no Report's AddBatch fed
}

// addPair adds one request of key to a and its bytes to b, the two TopKs
// of a Ranking, with one lookup when both track key. It returns key's slot
// in a and whether a did not track key before (a newcomer takes the slot
// of the value it evicts). a and b must come from one pairTopKs.
func addPair(a, b *TopK, key []byte, bytes int64) (slot int32, newInA bool) {
	a.total = sat.Add(a.total, 1)
	if bytes > 0 {
		b.total = sat.Add(b.total, bytes)
	}
	p, ok := a.pair.m[string(key)]
	if ok && p[0] >= 0 && (p[1] >= 0 || bytes <= 0) {
		a.bump(p[0], 1)
		if bytes > 0 {
			b.bump(p[1], bytes)
		}
		return p[0], false
	}
	if !ok {
		p = [2]int32{-1, -1}
	}
	k := string(key)
	newInA = p[0] < 0
	if newInA {
		p[0] = a.insert(k, 1)
	} else {
		a.bump(p[0], 1)
	}
	if bytes > 0 {
		if p[1] >= 0 {
			b.bump(p[1], bytes)
		} else {
			p[1] = b.insert(k, bytes)
		}
	}
	a.pair.m[k] = p
	return p[0], newInA
}

// bump adds weight to the count of slot s.
func (t *TopK) bump(s int32, weight int64) {
	t.counts[s] = sat.Add(t.counts[s], weight)
	if t.heaped {
		t.down(int(t.pos[s]))
	}
}

// insert tracks k, which t does not track, with weight, evicting the
// lightest value when t is full, and returns its slot; the caller records
// the slot with track.
func (t *TopK) insert(k string, weight int64) int32 {
	t.seq++
	if len(t.slots) < t.capacity {
		s := int32(len(t.slots))
		t.keyBytes += len(k)
		t.slots = append(t.slots, topSlot{key: k, seq: t.seq})
		t.counts = append(t.counts, weight)
		if t.heaped {
			t.heap = append(t.heap, s)
			t.pos = append(t.pos, int32(len(t.heap)-1))
			t.up(len(t.heap) - 1)
		}
		return s
	}
	if !t.heaped {
		t.heapify()
	}
	// Replace the lightest value; the newcomer inherits its count as error.
	s := t.heap[0]
	min := &t.slots[s]
	t.untrack(min.key)
	t.keyBytes += len(k) - len(min.key)
	*min = topSlot{key: k, err: t.counts[s], seq: t.seq}
	t.counts[s] = sat.Add(t.counts[s], weight)
	t.down(0)
	t.evicted = true
	return s
}

// less orders heap places i and j: by count, and among equal counts the
// value tracked last first, so that a newcomer that stays light is the
// next to go.
func (t *TopK) less(i, j int) bool {
	a, b := t.heap[i], t.heap[j]
	if ca, cb := t.counts[a], t.counts[b]; ca != cb {
		return ca < cb
	}
	return t.slots[a].seq > t.slots[b].seq
}

func (t *TopK) swap(i, j int) {
	t.heap[i], t.heap[j] = t.heap[j], t.heap[i]
	t.pos[t.heap[i]] = int32(i)
	t.pos[t.heap[j]] = int32(j)
}

func (t *TopK) heapify() {
	n := len(t.slots)
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
	if !t.evicted || len(t.counts) == 0 {
		return 0
	}
	return slices.Min(t.counts)
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
	if oMin > 0 { // t's values o does not track: credited with o's smallest count
		for i := range t.slots {
			if sl := &t.slots[i]; !o.tracks(sl.key) {
				t.counts[i] = sat.Add(t.counts[i], oMin)
				sl.err = sat.Add(sl.err, oMin)
			}
		}
	}
	// o's values into t's slots, in place: no map or index is rebuilt
	// unless the union is over the capacity.
	for i, e := range o.slots {
		if s, ok := t.slotOf(e.key); ok {
			t.counts[s] = sat.Add(t.counts[s], o.counts[i])
			t.slots[s].err = sat.Add(t.slots[s].err, e.err)
			continue
		}
		t.seq++
		t.keyBytes += len(e.key)
		t.slots = append(t.slots, topSlot{key: e.key, err: sat.Add(e.err, tMin), seq: t.seq})
		t.counts = append(t.counts, sat.Add(o.counts[i], tMin))
		t.track(e.key, int32(len(t.slots)-1))
	}
	t.heaped, t.heap, t.pos = false, t.heap[:0], t.pos[:0] // counts changed: heapify again when needed
	t.gen++
	t.evicted = t.evicted || o.evicted
	t.total = sat.Add(t.total, o.total)
	if len(t.slots) > t.capacity {
		entries := t.snapshot()
		sortEntries(entries)
		t.setEntries(entries[:t.capacity:t.capacity])
		t.evicted = true
	}
}

// slotOf is slot for a key held as a string.
func (t *TopK) slotOf(k string) (int32, bool) {
	if t.pair != nil {
		p, ok := t.pair.m[k]
		return p[t.side], ok && p[t.side] >= 0
	}
	s, ok := t.index[k]
	return s, ok
}

// setEntries makes entries t's values, in their order.
func (t *TopK) setEntries(entries []topEntry) {
	if t.pair != nil {
		for _, sl := range t.slots {
			t.untrack(sl.key)
		}
	} else {
		t.index = make(map[string]int32, len(entries))
	}
	t.slots, t.counts = make([]topSlot, len(entries)), make([]int64, len(entries))
	t.keyBytes = 0
	for i, e := range entries {
		t.keyBytes += len(e.key)
		t.track(e.key, int32(i))
		// ties: the later in key order goes first, as listed
		t.slots[i] = topSlot{key: e.key, err: e.err, seq: int64(i + 1)}
		t.counts[i] = e.count
	}
	t.seq = int64(len(entries))
	t.gen++
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
	if n < 0 || n > len(t.slots) {
		n = len(t.slots)
	}
	es := heaviest(t.snapshot(), n) // a copy of t's values, which heaviest reorders
	out := make([]TopEntry, len(es))
	for i, e := range es {
		out[i] = TopEntry{Key: e.key, Count: e.count, Err: e.err}
	}
	return out
}

// heaviest returns the n (at most len(es)) first of es in sortEntries'
// order, sorted, in es[:n], reordering es: a report's top ten of
// thousands does not sort them all.
func heaviest(es []topEntry, n int) []topEntry {
	if n >= len(es)/2 {
		sortEntries(es)
		return es[:n:n]
	}
	// A heap of the n heaviest so far with the lightest on top: each other
	// entry costs one comparison unless it beats the lightest.
	lighter := func(a, b *topEntry) bool {
		return a.count < b.count || a.count == b.count && a.key > b.key
	}
	h := es[:n] // in place: es[n:] is only read
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && lighter(&h[r], &h[l]) {
				l = r
			}
			if !lighter(&h[l], &h[i]) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for i := n; i < len(es); i++ {
		if len(h) > 0 && lighter(&h[0], &es[i]) {
			h[0] = es[i]
			down(0)
		}
	}
	sortEntries(h)
	return h
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
func (t *TopK) Size() int { return 64 + 104*len(t.slots) + 2*t.keyBytes }

// MaxError returns the largest possible overestimate of any count:
// 0 when exact, else at most Total/Capacity.
func (t *TopK) MaxError() int64 {
	var m int64
	for _, sl := range t.slots {
		m = max(m, sl.err)
	}
	return max(m, t.minCount())
}

// MarshalBinary encodes t deterministically.
func (t *TopK) MarshalBinary() ([]byte, error) {
	e := header(tagTopK)
	e.U(uint64(t.Capacity()))
	e.Bool(t.evicted)
	e.I(t.total)
	es := t.snapshot()
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
