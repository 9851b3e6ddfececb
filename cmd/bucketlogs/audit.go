package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// auditViews are the canned queries every report runs (those of
// query.Canned marked Audit), and auditQueries them compiled, once.
var auditViews, auditQueries = func() ([]query.CannedQuery, []*query.Query) {
	var views []query.CannedQuery
	var qs []*query.Query
	for _, c := range query.Canned {
		if !c.Audit {
			continue
		}
		q, err := query.Compile(c.Expr)
		if err != nil {
			panic("canned query @" + c.Name + ": " + err.Error()) // a test compiles them
		}
		views, qs = append(views, c), append(qs, q)
	}
	return views, qs
}()

// auditGroups is how many groups each audit view ranks: it holds at most
// twice as many (see query.NewBoundedState), so the views' memory is
// bounded whatever the logs, and their rows are exact while a view has
// seen no more groups than that.
const auditGroups = 1024

// audit is one worker's states of the audit views.
type audit []*query.State

// newAudit returns the views' states, each bounded to auditGroups.
func newAudit() audit {
	a := make(audit, len(auditQueries))
	for i, q := range auditQueries {
		st, err := q.NewBoundedState(auditGroups)
		if err != nil {
			panic("canned query @" + auditViews[i].Name + ": " + err.Error()) // a test makes them all
		}
		a[i] = st
	}
	return a
}

// adder returns the function that adds a record to every view whose
// filter it passes, for one goroutine: a view whose filter is a costly
// test of one text field (bots: globs of the user agent) remembers its
// answers for the values seen last.
func (a audit) adder() func(*parse.Record) {
	memos := make([]*filterMemo, len(a))
	for i, q := range auditQueries {
		if f, ok := q.MemoField(); ok {
			memos[i] = &filterMemo{f: f}
		}
	}
	return func(r *parse.Record) {
		for i, q := range auditQueries {
			var ok bool
			if m := memos[i]; m != nil {
				ok = m.match(q, r)
			} else {
				ok = q.Match(r)
			}
			if ok {
				a[i].Add(r)
			}
		}
	}
}

// A filterMemo remembers a filter's answers for recent values of the one
// field it reads (query.Query.MemoField): 64 sets of two values, the set
// picked by the value's length and four of its bytes, the value checked by
// all of them. Picking the set costs a few loads where hashing the value (a
// User-Agent, 80 bytes and more) cost as much as the filter's other tests;
// two ways a set keep two values that share one from taking turns. Values
// that share a set, chosen ones too, only miss the memo and are filtered.
type filterMemo struct {
	f    parse.Field
	sets [64][2]memoEntry // [0] the more recent
}

type memoEntry struct {
	v          []byte
	used, pass bool
}

// maxMemoValue is the longest value a filterMemo keeps.
const maxMemoValue = 512

func (m *filterMemo) match(q *query.Query, r *parse.Record) bool {
	v := r.Text(m.f)
	if !r.Has(m.f) || len(v) > maxMemoValue {
		return q.Match(r)
	}
	set := &m.sets[memoSlot(v)]
	if e := &set[0]; e.used && bytes.Equal(e.v, v) {
		return e.pass
	}
	if e := &set[1]; e.used && bytes.Equal(e.v, v) {
		set[0], set[1] = set[1], set[0]
		return set[0].pass
	}
	pass := q.Match(r)
	set[0], set[1] = set[1], set[0] // the older one's buffer takes v
	set[0].v, set[0].used, set[0].pass = append(set[0].v[:0], v...), true, pass
	return pass
}

// memoSlot picks v's set of a filterMemo from its length and the bytes at
// a quarter, half, three quarters and the end, where user agents' versions
// differ.
func memoSlot(v []byte) int {
	n := len(v)
	if n == 0 {
		return 0
	}
	h := uint32(n) | uint32(v[n/4])<<8 | uint32(v[n/2])<<16 | uint32(v[n-1])<<24
	h ^= uint32(v[n*3/4]) * 0x10001
	return int(h * 0x9e3779b1 >> 26)
}

// merge adds o's states into a's.
func (a audit) merge(o audit) {
	for i := range a {
		a[i].Merge(o[i])
	}
}

// auditSections are the report's sections of the audit views, after its
// own: one per canned query, named audit_NAME, with the query's columns
// and then max_overcount and exact, as in the top lists, and at most top
// rows (the query's limit when it is lower); none when a is nil
// (--audit=false).
func auditSections(a audit, top int) []*section {
	if a == nil {
		return nil
	}
	var out []*section
	for i, c := range auditViews {
		res := a[i].Result()
		s := &section{id: "audit_" + strings.ReplaceAll(c.Name, "-", "_"), title: "Audit: " + c.Doc, note: "query @" + c.Name,
			columns: append(res.Columns, "max_overcount", "exact")}
		if !a[i].Exact() {
			s.note = fmt.Sprintf("estimate: more groups than the %d ranked; the first figure may overcount by up to max_overcount, and the others of a row that is not exact cover only part of its records (query @%s gives the exact rows)", auditGroups, c.Name)
		}
		for r, row := range res.Rows[:min(top, len(res.Rows))] {
			cells := make([]any, 0, len(row)+2)
			exact := res.Overcount[r] == 0
			for _, v := range row {
				cells = append(cells, cellOf(v))
				exact = exact && !v.Estimate()
			}
			s.rows = append(s.rows, append(cells, res.Overcount[r], exact))
		}
		out = append(out, s)
	}
	return out
}
