package main

import (
	"bytes"
	"fmt"
	"hash/maphash"
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
			memos[i] = &filterMemo{f: f, seed: maphash.MakeSeed()}
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
// field it reads (query.Query.MemoField), in 64 slots picked by a hash
// and checked by the value's bytes.
type filterMemo struct {
	f     parse.Field
	seed  maphash.Seed
	slots [64]struct {
		v          []byte
		used, pass bool
	}
}

// maxMemoValue is the longest value a filterMemo keeps.
const maxMemoValue = 512

func (m *filterMemo) match(q *query.Query, r *parse.Record) bool {
	v := r.Text(m.f)
	if !r.Has(m.f) || len(v) > maxMemoValue {
		return q.Match(r)
	}
	s := &m.slots[maphash.Bytes(m.seed, v)%uint64(len(m.slots))]
	if s.used && bytes.Equal(s.v, v) {
		return s.pass
	}
	pass := q.Match(r)
	s.v, s.used, s.pass = append(s.v[:0], v...), true, pass
	return pass
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
