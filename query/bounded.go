package query

import (
	"cmp"
	"errors"
	"slices"
)

// ErrNotBounded is returned by [Query.NewBoundedState] for a query whose
// first sort key is not a count or a sum in descending order: only then
// are the rows it keeps the heaviest ones.
var ErrNotBounded = errors.New("query: a bounded state needs the query to sort first by a count or a sum, descending")

// NewBoundedState returns a state for q that keeps at most about 2*max
// groups, whatever the records: the memory of a report's view, where
// [Query.NewState] grows with every new group.
//
// It ranks groups by q's first sort key, which must be a count (with or
// without a filter) or a sum, descending; otherwise it returns
// [ErrNotBounded]. While at most 2*max groups have been seen, the result
// is the one [Query.NewState] gives. Past that, the state keeps the max
// heaviest groups each time it holds 2*max (the Space-Saving summary, in
// batches), and a group seen later starts at the heaviest weight dropped
// so far: every weight is then an upper bound, over by at most the row's
// [Result.Overcount], and any group whose true weight exceeds the largest
// weight dropped is kept. The other aggregates of a row whose overcount
// is not 0 cover only the records since the row was last kept, and its
// values say so ([Value.Estimate]). A sum weight must add values that are
// not negative (bytes, sizes, times) for the bound to hold.
//
// Bounded states merge with bounded states of the same query and max, and
// the bound holds for the merged result.
func (q *Query) NewBoundedState(max int) (*State, error) {
	if q.stats == nil {
		panic("query: NewBoundedState on a query without aggregation")
	}
	if max < 1 || len(q.sorts) == 0 || !q.sorts[0].desc {
		return nil, ErrNotBounded
	}
	w := slices.IndexFunc(q.stats.aggs, func(a aggSpec) bool { return a.name == q.sorts[0].name })
	if w < 0 || q.stats.aggs[w].kind != aggCount && q.stats.aggs[w].kind != aggSum {
		return nil, ErrNotBounded
	}
	s := q.NewState()
	s.bound, s.weight = max, w
	return s, nil
}

// weightOf is g's weight in a bounded state: its count or sum.
func (s *State) weightOf(g *group) int64 {
	a := &g.aggs[s.weight]
	if s.q.stats.aggs[s.weight].kind == aggSum {
		return a.sum
	}
	return a.n
}

// raise adds d to g's weight and overcount: records g may have had where
// they were not counted.
func (s *State) raise(g *group, d int64) {
	if d == 0 {
		return
	}
	a := &g.aggs[s.weight]
	if s.q.stats.aggs[s.weight].kind == aggSum {
		a.sum += d
	} else {
		a.n += d
	}
	g.err += d
}

// compact keeps the bound heaviest groups of a bounded state once it
// holds twice as many, and raises the floor to the heaviest it drops.
func (s *State) compact() {
	if s.bound == 0 || len(s.groups) <= 2*s.bound {
		return
	}
	type wg struct {
		g      *group
		w, seq int64
	}
	all := make([]wg, len(s.list))
	for i, g := range s.list {
		all[i] = wg{g, s.weightOf(g), g.seq}
	}
	slices.SortFunc(all, func(a, b wg) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq) // among equals the older stays, however the groups came
	})
	s.floor = max(s.floor, all[s.bound].w)
	s.dropped = true
	for _, x := range all[s.bound:] {
		delete(s.groups, x.g.k)
		s.free = append(s.free, x.g)
	}
	s.list = s.list[:0]
	for _, x := range all[:s.bound] {
		s.list = append(s.list, x.g)
	}
}

// Exact reports whether s holds every group it was given: true for a
// state of [Query.NewState], and for a bounded one until it (or a state
// merged into it) had to drop a group. Values may still be estimates of
// their own (distinct counts, top lists and percentiles past their exact
// ranges: [Value.Estimate]).
func (s *State) Exact() bool { return !s.dropped }

// Groups returns how many groups s holds now: for a bounded state, never
// more than twice its bound.
func (s *State) Groups() int { return len(s.groups) }
