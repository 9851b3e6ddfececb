package query

import (
	"container/heap"
	"slices"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A Sorter collects the records a sorting query prints. With a limit of N
// it keeps only the N first in sort order (a heap of N clones, reused as
// better records replace worse ones), so `sort by bytes_sent desc | limit
// 10` over any input holds ten records; without a limit it keeps every
// match, charged to its [Budget] if it has one. Records comparing equal
// keep their input order. A Sorter is not safe for concurrent use.
type Sorter struct {
	q      *Query
	h      recHeap
	seq    int64
	budget *Budget
	mem    int64
	err    error
}

// NewSorter returns an empty Sorter for q, which must sort.
func (q *Query) NewSorter() *Sorter {
	if len(q.sorts) == 0 {
		panic("query: NewSorter on a query without a sort stage")
	}
	return &Sorter{q: q, h: recHeap{q: q}}
}

// SetBudget makes s charge the records it keeps to b.
func (s *Sorter) SetBudget(b *Budget) { s.budget = b }

// Err returns a [*MemoryError] once the budget is spent, else nil; Add
// then does nothing more.
func (s *Sorter) Err() error { return s.err }

// Add considers r, which must already have passed [Query.Match]; it is
// cloned only when kept. It allocates nothing once the limit's worth of
// records is held, unless r replaces one with a longer one.
func (s *Sorter) Add(r *parse.Record) {
	if s.err != nil || s.q.limit == 0 {
		return
	}
	s.seq++
	h := &s.h
	if s.q.limit > 0 && len(h.recs) == s.q.limit {
		// Full: r is kept only if it sorts before the last kept one.
		if h.compare(r, s.seq, h.recs[0], h.seqs[0]) >= 0 {
			return
		}
		r.CloneInto(h.recs[0])
		h.seqs[0] = s.seq
		heap.Fix(h, 0)
		return
	}
	heap.Push(h, sortItem{r.Clone(), s.seq})
	if s.budget != nil {
		s.mem += recordBytes(r)
		if s.mem >= flushBytes {
			if !s.budget.charge(s.mem) {
				s.err = &MemoryError{Stage: s.q.sortStageText(), Limit: s.budget.limit, Groups: len(h.recs), sort: true}
			}
			s.mem = 0
		}
	}
}

// Records returns the kept records in sort order, ties in input order. The
// Sorter must not be used after.
func (s *Sorter) Records() []*parse.Record {
	h := &s.h
	idx := make([]int, len(h.recs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int { return h.compare(h.recs[i], h.seqs[i], h.recs[j], h.seqs[j]) })
	out := make([]*parse.Record, len(idx))
	for i, k := range idx {
		out[i] = h.recs[k]
	}
	return out
}

type sortItem struct {
	r   *parse.Record
	seq int64
}

// recHeap is a max-heap in sort order: the record printed last on top.
type recHeap struct {
	q    *Query
	recs []*parse.Record
	seqs []int64
	a, b []byte
}

func (h *recHeap) compare(x *parse.Record, xs int64, y *parse.Record, ys int64) int {
	if c := h.q.compareRecords(x, y, &h.a, &h.b); c != 0 {
		return c
	}
	switch {
	case xs < ys:
		return -1
	case xs > ys:
		return 1
	}
	return 0
}

func (h *recHeap) Len() int { return len(h.recs) }
func (h *recHeap) Less(i, j int) bool {
	return h.compare(h.recs[i], h.seqs[i], h.recs[j], h.seqs[j]) > 0
}
func (h *recHeap) Swap(i, j int) {
	h.recs[i], h.recs[j] = h.recs[j], h.recs[i]
	h.seqs[i], h.seqs[j] = h.seqs[j], h.seqs[i]
}
func (h *recHeap) Push(x any) {
	it := x.(sortItem)
	h.recs = append(h.recs, it.r)
	h.seqs = append(h.seqs, it.seq)
}
func (h *recHeap) Pop() any {
	n := len(h.recs) - 1
	it := sortItem{h.recs[n], h.seqs[n]}
	h.recs, h.seqs = h.recs[:n], h.seqs[:n]
	return it
}
