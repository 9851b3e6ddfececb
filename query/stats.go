package query

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/sat"
	"github.com/bucketlogs/bucketlogs/parse"
)

type aggKind uint8

const (
	aggCount aggKind = iota
	aggSum
	aggAvg
	aggMin
	aggMax
	aggPct
	aggDistinct
	aggTop
	aggRate // the share of records matching a condition
)

type aggSpec struct {
	kind aggKind
	f    parse.Field
	q    float64 // for aggPct
	n    int     // for aggTop
	cond node    // for count(FILTER) and rate(FILTER); nil: every record
	name string  // the column name, as written canonically
}

type groupSpec struct {
	f    parse.Field   // fieldFormat for format
	step time.Duration // > 0: a time bucket
	name string
}

type statsSpec struct {
	aggs   []aggSpec
	groups []groupSpec
}

type sortKey struct {
	name string
	desc bool
	off  int // where the key was written, for errors
}

// statsStage reads "AGG[, AGG]... [by GROUP[, GROUP]...]".
func (p *parser) statsStage() (*statsSpec, error) {
	s := &statsSpec{}
	if p.peek().is("stats") {
		p.next()
	}
	for {
		a, err := p.agg()
		if err != nil {
			return nil, err
		}
		s.aggs = append(s.aggs, a)
		if p.peek().kind != tokComma {
			break
		}
		p.next()
	}
	if p.peek().is("by") {
		p.next()
		for {
			g, err := p.group()
			if err != nil {
				return nil, err
			}
			s.groups = append(s.groups, g)
			if p.peek().kind != tokComma {
				break
			}
			p.next()
		}
	}
	return s, nil
}

var aggNames = map[string]aggKind{"count": aggCount, "sum": aggSum, "avg": aggAvg, "min": aggMin, "max": aggMax,
	"p50": aggPct, "p90": aggPct, "p95": aggPct, "p99": aggPct, "distinct": aggDistinct, "top": aggTop, "rate": aggRate, "countif": aggCount}

func (p *parser) agg() (aggSpec, error) {
	t := p.next()
	k, ok := aggNames[strings.ToLower(t.text)]
	if t.kind != tokWord || !ok {
		return aggSpec{}, p.errAt(t, "expected an aggregation (count, count(FILTER), rate(FILTER), sum, avg, min, max, p50, p90, p95, p99, distinct, top), 'sort' or 'limit', found %s", t)
	}
	name := strings.ToLower(t.text)
	if name == "countif" {
		name = "count"
	}
	a := aggSpec{kind: k, name: name}
	if k == aggCount || k == aggRate {
		// count, count(), count(FILTER); rate(FILTER).
		if p.peek().kind != tokLParen {
			if k == aggRate {
				return a, p.errAt(p.peek(), "expected '(' and a filter after rate, such as rate(status >= 500)")
			}
			return a, nil
		}
		open := p.next()
		if p.peek().kind == tokRParen && k == aggCount {
			p.next()
			return a, nil
		}
		start := p.pos
		cond, err := p.or()
		if err != nil {
			return a, err
		}
		a.cond = cond
		a.name = name + "(" + canonical(p.toks[start:p.pos]) + ")"
		if _, err := p.expect(tokRParen, "')' after the filter of "+name+open.text); err != nil {
			return a, err
		}
		return a, nil
	}
	if _, err := p.expect(tokLParen, "'(' after "+name); err != nil {
		return a, err
	}
	f, ft, err := p.field()
	if err != nil {
		return a, err
	}
	a.f = f
	switch k {
	case aggMin, aggMax:
		if kind(f) != parse.KindInt && kind(f) != parse.KindTime {
			return a, p.errAt(ft, "%s needs a numeric field or time; %s is neither", name, ft.text)
		}
	case aggSum, aggAvg, aggPct:
		if kind(f) != parse.KindInt {
			return a, p.errAt(ft, "%s needs a numeric field; %s is not one", name, ft.text)
		}
	case aggDistinct, aggTop:
		if kind(f) == parse.KindList {
			return a, p.errAt(ft, "%s cannot take extra", name)
		}
	}
	if k == aggPct {
		a.q = float64(name[1]-'0')/10 + float64(name[2]-'0')/100
	}
	a.name = name + "(" + ft.text
	if k == aggTop {
		a.n = 10
		if p.peek().kind == tokComma {
			p.next()
			nt := p.next()
			n, err := strconv.Atoi(nt.text)
			if nt.kind != tokWord || err != nil || n < 1 {
				return a, p.errAt(nt, "expected how many values top keeps, found %s", nt)
			}
			if n > aggregate.DefaultTopKCapacity {
				return a, p.errAt(nt, "top keeps at most %d values (the values it tracks exactly), not %d", aggregate.DefaultTopKCapacity, n)
			}
			a.n = n
			a.name += ", " + nt.text
		}
	}
	a.name += ")"
	if _, err := p.expect(tokRParen, "')' after "+a.name[:len(a.name)-1]); err != nil {
		return a, err
	}
	return a, nil
}

func (p *parser) group() (groupSpec, error) {
	t := p.peek()
	if t.is("time") && p.toks[p.pos+1].kind == tokLParen {
		p.next()
		p.next()
		d := p.next()
		step, ok := parseStep(d.text)
		if d.kind != tokWord || !ok {
			return groupSpec{}, p.errAt(d, "expected a whole number of seconds or more such as 1m, 1h, 1d or 1w, found %s", d)
		}
		if _, err := p.expect(tokRParen, "')' after the interval"); err != nil {
			return groupSpec{}, err
		}
		return groupSpec{f: parse.Time, step: step, name: "time"}, nil
	}
	f, ft, err := p.field()
	if err != nil {
		return groupSpec{}, err
	}
	if kind(f) == parse.KindList {
		return groupSpec{}, p.errAt(ft, "cannot group by extra")
	}
	return groupSpec{f: f, name: ft.text}, nil
}

func (p *parser) sortStage(q *Query) error {
	if _, err := p.expectWord("by"); err != nil {
		return err
	}
	for {
		t := p.next()
		if t.kind != tokWord {
			return p.errAt(t, "expected a column to sort by, found %s", t)
		}
		name := strings.ToLower(t.text)
		// An aggregation column is written as it is named:
		// p99(total_time_ms), count(status >= 500).
		if p.peek().kind == tokLParen {
			start := p.pos
			for depth := 0; ; {
				x := p.next()
				switch x.kind {
				case tokEOF:
					return p.errAt(x, "expected ')' in the sort column")
				case tokLParen:
					depth++
				case tokRParen:
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if name == "countif" {
				name = "count"
			}
			name += canonical(p.toks[start:p.pos])
		}
		k := sortKey{name: name, off: t.off}
		switch {
		case p.peek().is("desc"):
			p.next()
			k.desc = true
		case p.peek().is("asc"):
			p.next()
		}
		q.sorts = append(q.sorts, k)
		if p.peek().kind != tokComma {
			break
		}
		p.next()
	}
	if q.stats != nil {
		cols := q.Columns()
		for _, k := range q.sorts {
			if !slices.Contains(cols, k.name) {
				return &SyntaxError{Expr: p.expr, Offset: k.off, Msg: "no column " + strconv.Quote(k.name) + " to sort by (columns: " + strings.Join(cols, ", ") + ")"}
			}
		}
	} else {
		for _, k := range q.sorts {
			if _, ok := parse.FieldByName(k.name); !ok && k.name != "format" {
				return &SyntaxError{Expr: p.expr, Offset: k.off, Msg: "unknown field " + strconv.Quote(k.name) + " to sort records by"}
			}
		}
	}
	return nil
}

func (p *parser) expectWord(w string) (token, error) {
	t := p.next()
	if !t.is(w) {
		return t, p.errAt(t, "expected '%s', found %s", w, t)
	}
	return t, nil
}

// Columns returns the result's column names: the groups, then the
// aggregations; for a query that does not aggregate, nil.
func (q *Query) Columns() []string {
	if q.stats == nil {
		return nil
	}
	var cols []string
	for _, g := range q.stats.groups {
		cols = append(cols, g.name)
	}
	for _, a := range q.stats.aggs {
		cols = append(cols, a.name)
	}
	return cols
}

// A State accumulates the aggregation of a query over records. Create one
// per goroutine with [Query.NewState], feed it with [State.Add], combine
// states with [State.Merge], and read [State.Result]. The result is the same
// however the records were split between states (exactly so while top and
// distinct stay within their exact ranges, see package aggregate).
//
// Memory: a State grows with its groups, and each group's aggregators are
// bounded (top lists by their capacity, distinct counts and percentiles
// turn to estimates past their exact ranges). Give states a [Budget] with
// [State.SetBudget] to bound the whole; once it is spent, Add does nothing
// more and [State.Err] returns a [*MemoryError].
//
// A State is not safe for concurrent use.
type State struct {
	q      *Query
	groups map[string]*group
	key    []byte
	val    []byte

	budget *Budget
	mem    int64 // bytes grown since the budget was last charged
	err    error

	// A bounded state (see NewBoundedState) keeps about 2*bound groups,
	// ranked by the aggregate weight.
	bound   int
	weight  int
	floor   int64    // the heaviest weight dropped: a new group starts at it
	dropped bool     // some group was dropped: the result is not exact
	seq     int64    // groups made
	free    []*group // dropped groups, for newGroup to reuse
	list    []*group // a bounded state's groups, for compact
}

// SetBudget makes s charge its growth to b, which other states (of other
// goroutines) may share.
func (s *State) SetBudget(b *Budget) { s.budget = b }

// Err returns a [*MemoryError] once the budget is spent, else nil.
func (s *State) Err() error { return s.err }

// grow charges n bytes of growth.
func (s *State) grow(n int64) {
	s.mem += n
	if s.budget == nil || s.mem < flushBytes {
		return
	}
	if !s.budget.charge(s.mem) {
		s.err = &MemoryError{Stage: s.q.statsStageText(), Limit: s.budget.limit, Groups: len(s.groups)}
	}
	s.mem = 0
}

type group struct {
	keys []Value
	aggs []aggState
	// In a bounded state: err is how much the weight may overstate, and
	// late says the group was (re)kept after a drop, so its other
	// aggregates may miss records.
	err  int64
	late bool
	seq  int64  // the order groups were made in, for ties
	k    string // its map key, in a bounded state's list
}

type aggState struct {
	n, sum   int64
	min, max int64
	hist     *aggregate.Histogram
	dist     *aggregate.Distinct
	top      *aggregate.TopK
}

// NewState returns an empty aggregation state for q; it panics if q does not
// aggregate.
func (q *Query) NewState() *State {
	if q.stats == nil {
		panic("query: NewState on a query without aggregation")
	}
	return &State{q: q, groups: make(map[string]*group)}
}

// Add aggregates r, which must already have passed [Query.Match]. It
// allocates only for a group not seen before (and inside top and distinct
// for values not seen before).
func (s *State) Add(r *parse.Record) {
	if s.err != nil {
		return
	}
	spec := s.q.stats
	s.key = s.key[:0]
	for _, g := range spec.groups {
		s.key = appendGroupKey(s.key, r, g)
	}
	grp := s.groups[string(s.key)]
	if grp == nil {
		k := string(s.key)
		grp = s.newGroup(r, k)
		s.groups[k] = grp
		s.grow(groupBytes(s.key, len(spec.groups), len(spec.aggs)))
		if s.bound > 0 {
			grp.k = k
			s.list = append(s.list, grp)
			s.seq++
			grp.seq = s.seq
			s.raise(grp, s.floor)
			grp.late = s.dropped
			defer s.compact() // after r is counted, so that a dropped group's weight covers it
		}
	}
	for i := range spec.aggs {
		a := &spec.aggs[i]
		st := &grp.aggs[i]
		switch a.kind {
		case aggCount:
			if a.cond == nil || a.cond.match(r) {
				st.n++
			}
		case aggRate:
			st.sum++ // records seen
			if a.cond.match(r) {
				st.n++
			}
		case aggDistinct:
			if has(r, a.f) {
				s.val = appendValue(s.val[:0], r, a.f)
				before := st.dist.Size()
				st.dist.AddValue(s.val)
				if d := st.dist.Size() - before; d != 0 {
					s.grow(int64(d))
				}
			}
		case aggTop:
			if has(r, a.f) {
				s.val = appendValue(s.val[:0], r, a.f)
				before := st.top.Size()
				st.top.Add(s.val, 1)
				if d := st.top.Size() - before; d != 0 {
					s.grow(int64(d))
				}
			}
		default:
			var v int64
			var ok bool
			if a.f == parse.Time {
				v, ok = r.Time.UnixNano(), r.Has(parse.Time)
			} else {
				v, ok = r.Int(a.f)
			}
			if !ok {
				continue
			}
			if st.n == 0 || v < st.min {
				st.min = v
			}
			if st.n == 0 || v > st.max {
				st.max = v
			}
			st.n++
			st.sum = sat.Add(st.sum, v)
			if st.hist != nil {
				before := st.hist.Size()
				st.hist.Add(v)
				if d := st.hist.Size() - before; d != 0 {
					s.grow(int64(d))
				}
			}
		}
	}
}

func has(r *parse.Record, f parse.Field) bool {
	if f == fieldKeyDecoded {
		return r.Has(parse.Key)
	}
	return r.Has(f)
}

func appendValue(dst []byte, r *parse.Record, f parse.Field) []byte {
	if f == fieldKeyDecoded {
		return appendDecoded(dst, r.Key)
	}
	return parse.AppendValue(dst, r, f)
}

// appendGroupKey appends one group column of r to a map key: a presence
// byte, then the value, length-prefixed so that keys cannot run together.
func appendGroupKey(dst []byte, r *parse.Record, g groupSpec) []byte {
	if !has(r, g.f) {
		return append(dst, 0)
	}
	dst = append(dst, 1)
	if g.step > 0 {
		return strconv.AppendInt(dst, bucket(r.Time, g.step), 10)
	}
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = appendValue(dst, r, g.f)
	n := len(dst) - start - 4
	dst[start], dst[start+1], dst[start+2], dst[start+3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return dst
}

// bucket returns the Unix second starting t's interval of length step.
// Week buckets start on Monday (UTC): 1970-01-05, not the Thursday the
// Unix epoch fell on.
func bucket(t time.Time, step time.Duration) int64 {
	sec := t.Unix()
	st := int64(step / time.Second)
	if step%(7*24*time.Hour) == 0 {
		const monday = 4 * 86400
		m := (sec - monday) % st
		if m < 0 {
			m += st
		}
		return sec - m
	}
	m := sec % st
	if m < 0 {
		m += st
	}
	return sec - m
}

// newGroup makes the group of r, whose map key is k: its text values are
// substrings of k, which holds them already (see appendGroupKey).
func (s *State) newGroup(r *parse.Record, k string) *group {
	spec := s.q.stats
	var g *group
	if n := len(s.free); n > 0 {
		// A group a bounded state dropped: its slices are reused.
		g, s.free = s.free[n-1], s.free[:n-1]
		*g = group{keys: g.keys, aggs: g.aggs}
		clear(g.aggs)
	} else {
		g = &group{keys: make([]Value, len(spec.groups)), aggs: make([]aggState, len(spec.aggs))}
	}
	off := 0
	for i, gs := range spec.groups {
		present := k[off] == 1
		off++
		switch {
		case !present:
			g.keys[i] = Value{}
		case gs.step > 0:
			for off < len(k) && (k[off] == '-' || '0' <= k[off] && k[off] <= '9') {
				off++
			}
			g.keys[i] = valueOf(r, gs)
		default:
			n := int(k[off])<<24 | int(k[off+1])<<16 | int(k[off+2])<<8 | int(k[off+3])
			off += 4
			if gs.f == fieldKeyDecoded || gs.f.Kind() == parse.KindText {
				g.keys[i] = Value{kind: KindText, s: k[off : off+n]}
			} else {
				g.keys[i] = valueOf(r, gs)
			}
			off += n
		}
	}
	s.initAggs(g)
	return g
}

func (s *State) initAggs(g *group) {
	for i, a := range s.q.stats.aggs {
		switch a.kind {
		case aggPct:
			g.aggs[i].hist = new(aggregate.Histogram)
		case aggDistinct:
			g.aggs[i].dist = aggregate.NewDistinct(parse.Key) // the field only names it; values come through AddValue
		case aggTop:
			g.aggs[i].top = aggregate.NewTopK(0)
		}
	}
}

// valueOf is the value of a group column for r.
func valueOf(r *parse.Record, g groupSpec) Value {
	if !has(r, g.f) {
		return Value{}
	}
	switch {
	case g.step > 0:
		return Value{kind: KindTime, t: time.Unix(bucket(r.Time, g.step), 0).UTC()}
	case g.f == fieldKeyDecoded:
		return Value{kind: KindText, s: string(appendDecoded(nil, r.Key))}
	}
	switch g.f.Kind() {
	case parse.KindInt:
		v, _ := r.Int(g.f)
		return Value{kind: KindInt, i: v}
	case parse.KindTime:
		return Value{kind: KindTime, t: r.Time}
	}
	return Value{kind: KindText, s: string(r.Text(g.f))}
}

// Merge adds o's groups into s; o must come from the same Query and is not
// changed.
//
// A MemoryError of o becomes s's.
func (s *State) Merge(o *State) {
	if s.err == nil {
		s.err = o.err
	}
	if s.bound > 0 {
		// A group one side does not hold may have weighed up to that
		// side's floor there.
		for k, g := range s.groups {
			if _, ok := o.groups[k]; !ok && o.dropped {
				s.raise(g, o.floor)
				g.late = true
			}
		}
	}
	for k, og := range o.groups {
		g := s.groups[k]
		if g == nil {
			g = &group{keys: slices.Clone(og.keys), aggs: make([]aggState, len(og.aggs))}
			s.initAggs(g)
			s.groups[k] = g
			s.seq++
			g.seq = s.seq
			if s.bound > 0 {
				g.k = k
				s.list = append(s.list, g)
			}
			if s.bound > 0 && s.dropped {
				s.raise(g, s.floor)
				g.late = true
			}
		}
		g.err += og.err
		g.late = g.late || og.late
		for i := range g.aggs {
			a, b := &g.aggs[i], &og.aggs[i]
			if b.n > 0 {
				if a.n == 0 || b.min < a.min {
					a.min = b.min
				}
				if a.n == 0 || b.max > a.max {
					a.max = b.max
				}
			}
			a.n += b.n
			a.sum = sat.Add(a.sum, b.sum)
			if b.hist != nil {
				a.hist.Merge(b.hist)
			}
			if b.dist != nil {
				a.dist.Merge(b.dist)
			}
			if b.top != nil {
				a.top.Merge(b.top)
			}
		}
	}
	if s.bound > 0 {
		s.floor += o.floor
		s.dropped = s.dropped || o.dropped
		s.compact()
	}
}

// Result returns the aggregated rows: one per group (a single row when the
// query has no "by"), ordered by the sort stage and then by the group
// values, and cut to the limit. It can be called more than once.
func (s *State) Result() *Result {
	spec := s.q.stats
	res := &Result{Columns: s.q.Columns()}
	keys := slices.Collect(maps.Keys(s.groups))
	if len(spec.groups) == 0 && len(keys) == 0 {
		// No record: aggregates of nothing (count 0) in one row.
		g := &group{aggs: make([]aggState, len(spec.aggs))}
		s.initAggs(g)
		s.groups[""] = g
		keys = []string{""}
	}
	type row struct {
		vals []Value
		err  int64
	}
	rows := make([]row, 0, len(keys))
	for _, k := range keys {
		g := s.groups[k]
		vals := append([]Value(nil), g.keys...)
		for i, a := range spec.aggs {
			v := aggValue(a, &g.aggs[i])
			if s.bound > 0 && i == s.weight && g.err > 0 && v.kind == KindAbsent {
				v = Value{kind: KindInt, i: s.weightOf(g)} // no value here, but the weight it may have had
			}
			v.estimate = v.estimate || g.late
			vals = append(vals, v)
		}
		rows = append(rows, row{vals, g.err})
	}
	ng := len(spec.groups)
	slices.SortFunc(rows, func(a, b row) int {
		for i := range ng {
			if c := Compare(a.vals[i], b.vals[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	if len(s.q.sorts) > 0 {
		idx := make([]int, len(s.q.sorts))
		for i, k := range s.q.sorts {
			idx[i] = slices.Index(res.Columns, k.name)
		}
		slices.SortStableFunc(rows, func(a, b row) int {
			for i, k := range s.q.sorts {
				c := Compare(a.vals[idx[i]], b.vals[idx[i]])
				if k.desc {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
	}
	if s.q.limit >= 0 && len(rows) > s.q.limit {
		rows = rows[:s.q.limit]
	}
	for _, r := range rows {
		res.Rows = append(res.Rows, r.vals)
		if s.bound > 0 {
			res.Overcount = append(res.Overcount, r.err)
		}
	}
	return res
}

func aggValue(a aggSpec, st *aggState) Value {
	switch a.kind {
	case aggCount:
		return Value{kind: KindInt, i: st.n}
	case aggDistinct:
		n, exact := st.dist.Count()
		return Value{kind: KindInt, i: n, estimate: !exact}
	case aggTop:
		return Value{kind: KindTop, top: st.top.Top(a.n), estimate: !st.top.Exact()}
	case aggRate:
		if st.sum == 0 {
			return Value{}
		}
		return Value{kind: KindFloat, f: float64(st.n) / float64(st.sum)}
	}
	if st.n == 0 {
		return Value{} // no value to aggregate: absent
	}
	switch a.kind {
	case aggSum:
		return Value{kind: KindInt, i: st.sum}
	case aggAvg:
		return Value{kind: KindFloat, f: float64(st.sum) / float64(st.n)}
	case aggMin, aggMax:
		v := st.min
		if a.kind == aggMax {
			v = st.max
		}
		if a.f == parse.Time {
			return Value{kind: KindTime, t: time.Unix(0, v).UTC()}
		}
		return Value{kind: KindInt, i: v}
	}
	return Value{kind: KindInt, i: st.hist.Quantile(a.q)}
}

// ValueKind says what a [Value] holds.
type ValueKind uint8

// The kinds of Value.
const (
	KindAbsent ValueKind = iota // no value: the field was absent, or nothing to aggregate
	KindInt
	KindFloat
	KindText
	KindTime
	KindTop // a top-N list
)

// A Value is one cell of a [Result]. The zero Value is absent.
type Value struct {
	kind     ValueKind
	i        int64
	f        float64
	s        string
	t        time.Time
	top      []aggregate.TopEntry
	estimate bool
}

// Kind returns what v holds.
func (v Value) Kind() ValueKind { return v.kind }

// Int returns an integer value (KindInt).
func (v Value) Int() int64 { return v.i }

// Float returns a float value (KindFloat), or an integer one as a float.
func (v Value) Float() float64 {
	if v.kind == KindInt {
		return float64(v.i)
	}
	return v.f
}

// Text returns a text value (KindText).
func (v Value) Text() string { return v.s }

// Time returns a time value (KindTime).
func (v Value) Time() time.Time { return v.t }

// Top returns a top-N list (KindTop), heaviest first.
func (v Value) Top() []aggregate.TopEntry { return v.top }

// Estimate reports whether the value is an estimate: a distinct count past
// its exact range, a top list whose summary evicted values, or an
// aggregate of a bounded state's row that was kept late and may miss
// records (see [Query.NewBoundedState]).
func (v Value) Estimate() bool { return v.estimate }

// String formats v for text output: "" for absent, RFC 3339 for times,
// "value=count" pairs for top lists.
func (v Value) String() string {
	switch v.kind {
	case KindInt:
		return strconv.FormatInt(v.i, 10)
	case KindFloat:
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case KindText:
		return v.s
	case KindTime:
		return v.t.UTC().Format(time.RFC3339Nano)
	case KindTop:
		var b strings.Builder
		for i, e := range v.top {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(e.Key)
			b.WriteByte('=')
			b.WriteString(strconv.FormatInt(e.Count, 10))
		}
		return b.String()
	}
	return ""
}

// Compare orders values: absent first, then by value within a kind (numbers
// compared as numbers, text bytewise, times chronologically, top lists by
// their first count).
func Compare(a, b Value) int {
	if a.kind != b.kind {
		if (a.kind == KindInt || a.kind == KindFloat) && (b.kind == KindInt || b.kind == KindFloat) {
			return cmp.Compare(a.Float(), b.Float())
		}
		return cmp.Compare(a.kind, b.kind)
	}
	switch a.kind {
	case KindInt:
		return cmp.Compare(a.i, b.i)
	case KindFloat:
		return cmp.Compare(a.f, b.f)
	case KindText:
		return strings.Compare(a.s, b.s)
	case KindTime:
		return a.t.Compare(b.t)
	case KindTop:
		var x, y int64
		if len(a.top) > 0 {
			x = a.top[0].Count
		}
		if len(b.top) > 0 {
			y = b.top[0].Count
		}
		return cmp.Compare(x, y)
	}
	return 0
}

// A Result is the outcome of an aggregating query: named columns and rows of
// values. It owns its memory.
type Result struct {
	Columns []string
	Rows    [][]Value
	// Overcount is, for a bounded state's result, how much each row's
	// weight (the first sort column) may overstate the true one: 0 where
	// it is exact. It is nil for a state of [Query.NewState].
	Overcount []int64
}
