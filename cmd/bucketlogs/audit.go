package main

import (
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

// audit is one worker's states of the audit views.
type audit []*query.State

// newAudit returns the views' states, their groups charged to b: a view
// that would need more stops there and says so in its section, while the
// rest of the report goes on.
func newAudit(b *query.Budget) audit {
	a := make(audit, len(auditQueries))
	for i, q := range auditQueries {
		a[i] = q.NewState()
		a[i].SetBudget(b)
	}
	return a
}

// add adds r to every view whose filter it passes.
func (a audit) add(r *parse.Record) {
	for i, q := range auditQueries {
		if q.Match(r) {
			a[i].Add(r)
		}
	}
}

// merge adds o's states into a's.
func (a audit) merge(o audit) {
	for i := range a {
		a[i].Merge(o[i])
	}
}

// auditSections are the report's sections of the audit views, after its
// own: one per canned query, named audit_NAME; none when a is nil (no
// --audit).
func auditSections(a audit) []*section {
	if a == nil {
		return nil
	}
	var out []*section
	for i, c := range auditViews {
		res := a[i].Result()
		s := &section{id: "audit_" + strings.ReplaceAll(c.Name, "-", "_"), title: "Audit: " + c.Doc, note: "query @" + c.Name, columns: res.Columns}
		if err := a[i].Err(); err != nil {
			s.note += "; stopped, the rows are partial: " + err.Error() + " (query @" + c.Name + " with a filter narrows it)"
		}
		for _, row := range res.Rows {
			cells := make([]any, len(row))
			for k, v := range row {
				cells[k] = cellOf(v)
			}
			s.rows = append(s.rows, cells)
		}
		out = append(out, s)
	}
	return out
}
