package query

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/wire"
)

// stateVersion prefixes a marshaled [State], so that another layout is
// refused rather than misread. Version 2 added the bound of a bounded
// state; version 1 (unbounded states only) is still read.
const stateVersion = 2

// MarshalBinary encodes s deterministically (groups in key order), so
// that states of the same query from many processes or machines combine:
// [State.UnmarshalBinary] into a state of the same query, then
// [State.Merge]. A state whose budget ran out cannot be marshaled: its
// answer would be wrong.
func (s *State) MarshalBinary() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	e := wire.Enc{B: []byte{stateVersion}}
	e.S(s.q.statsStageText())
	e.U(uint64(s.bound))
	e.I(s.floor)
	e.U(b2u(s.dropped))
	keys := make([]string, 0, len(s.groups))
	for k := range s.groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.U(uint64(len(keys)))
	for _, k := range keys {
		g := s.groups[k]
		e.S(k)
		for _, v := range g.keys {
			putValue(&e, v)
		}
		e.I(g.err)
		e.U(b2u(g.late))
		for i := range g.aggs {
			a := &g.aggs[i]
			e.I(a.n)
			e.I(a.sum)
			e.I(a.min)
			e.I(a.max)
			var part []byte
			var err error
			switch { // at most one, by the aggregation's kind
			case a.hist != nil:
				part, err = a.hist.MarshalBinary()
			case a.dist != nil:
				part, err = a.dist.MarshalBinary()
			case a.top != nil:
				part, err = a.top.MarshalBinary()
			default:
				continue
			}
			if err != nil {
				return nil, err
			}
			e.Bytes(part)
		}
	}
	return e.B, nil
}

// UnmarshalBinary replaces s's groups with what [State.MarshalBinary]
// wrote for the same query. It returns a *[StateMismatchError] for a state
// of another query (other aggregations or groups) and
// aggregate.ErrCorrupt for data that is not a state.
func (s *State) UnmarshalBinary(b []byte) error {
	if len(b) < 1 || b[0] != 1 && b[0] != stateVersion {
		return aggregate.ErrCorrupt
	}
	version := b[0]
	d := &wire.Dec{B: b[1:]}
	stage := d.S()
	var bound uint64
	var floor int64
	var dropped bool
	if version >= 2 {
		bound, floor, dropped = d.U(), d.I(), d.U() != 0
	}
	if d.Err == nil && (stage != s.q.statsStageText() || bound != uint64(s.bound)) {
		got := stage
		if bound > 0 {
			got += boundText(int(bound))
		}
		return &StateMismatchError{Got: got, Want: s.stageText()}
	}
	if floor < 0 {
		return aggregate.ErrCorrupt
	}
	groups := make(map[string]*group)
	var list []*group
	spec := s.q.stats
	n := d.N()
	for range n {
		k := d.S()
		g := &group{keys: make([]Value, len(spec.groups)), aggs: make([]aggState, len(spec.aggs))}
		for i := range g.keys {
			g.keys[i] = getValue(d)
		}
		if version >= 2 {
			g.err, g.late = d.I(), d.U() != 0
			if g.err < 0 {
				d.Err = aggregate.ErrCorrupt
			}
		}
		s.initAggs(g)
		for i := range g.aggs {
			a := &g.aggs[i]
			a.n, a.sum, a.min, a.max = d.I(), d.I(), d.I(), d.I()
			if a.n < 0 {
				d.Err = aggregate.ErrCorrupt
			}
			var err error
			switch {
			case a.hist != nil:
				err = a.hist.UnmarshalBinary(d.Bytes())
			case a.dist != nil:
				err = a.dist.UnmarshalBinary(d.Bytes())
			case a.top != nil:
				err = a.top.UnmarshalBinary(d.Bytes())
			}
			if d.Err == nil && err != nil {
				d.Err = err
			}
		}
		if d.Err != nil {
			return d.Err
		}
		if _, dup := groups[k]; dup {
			return aggregate.ErrCorrupt
		}
		s.seq++
		g.seq, g.k = s.seq, k
		groups[k] = g
		if s.bound > 0 {
			list = append(list, g)
		}
	}
	if err := d.Done(); err != nil {
		return err
	}
	s.groups, s.list = groups, list
	s.floor, s.dropped = floor, dropped
	s.compact()
	return nil
}

// stageText names s's aggregation in a [StateMismatchError]: the stage,
// and the bound of a bounded state.
func (s *State) stageText() string {
	if s.bound > 0 {
		return s.q.statsStageText() + boundText(s.bound)
	}
	return s.q.statsStageText()
}

func boundText(n int) string { return fmt.Sprintf(" (bounded to %d groups)", n) }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// A StateMismatchError is a marshaled state of another query.
type StateMismatchError struct {
	Got, Want string // the aggregation stages, as "count, p99(total_time_ms) by operation"
}

func (e *StateMismatchError) Error() string {
	return fmt.Sprintf("the state is of %q, not %q", e.Got, e.Want)
}

func putValue(e *wire.Enc, v Value) {
	e.U(uint64(v.kind))
	switch v.kind {
	case KindInt:
		e.I(v.i)
	case KindFloat:
		e.U(math.Float64bits(v.f))
	case KindText:
		e.S(v.s)
	case KindTime:
		e.I(v.t.Unix())
		e.I(int64(v.t.Nanosecond()))
	}
}

func getValue(d *wire.Dec) Value {
	v := Value{kind: ValueKind(d.U())}
	switch v.kind {
	case KindAbsent:
	case KindInt:
		v.i = d.I()
	case KindFloat:
		v.f = math.Float64frombits(d.U())
	case KindText:
		v.s = d.S()
	case KindTime:
		sec, ns := d.I(), d.I()
		if ns < 0 || ns >= 1e9 {
			d.Err = aggregate.ErrCorrupt
		}
		v.t = time.Unix(sec, ns).UTC()
	default:
		d.Err = aggregate.ErrCorrupt
	}
	return v
}
