package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// TestReportAudit: the report has a section per audit view, holding the
// first --top rows 'query @NAME' gives on the same input (and, past them,
// that every row is exact), in json and csv.
func TestReportAudit(t *testing.T) {
	const top = 7
	out, stderr, status := runCmd(t, "", "report", "--sample", "--output", "json", "--top", fmt.Sprint(top))
	if status != exitOK {
		t.Fatalf("%d %s", status, stderr)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range auditViews {
		id := "audit_" + strings.ReplaceAll(c.Name, "-", "_")
		got, ok := doc[id]
		if !ok {
			t.Errorf("no section %s", id)
			continue
		}
		want, _, _ := runCmd(t, "", "query", "@"+c.Name, "--sample", "--output", "json")
		var g, w []map[string]any
		json.Unmarshal(got, &g)
		json.Unmarshal([]byte(want), &w)
		w = w[:min(top, len(w))]
		for _, row := range g {
			if row["exact"] != true || row["max_overcount"] != float64(0) {
				t.Errorf("%s: row %v is not exact on the sample", id, row)
			}
			delete(row, "exact")
			delete(row, "max_overcount")
		}
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("%s against query @%s (-query +report):\n%s", id, c.Name, diff)
		}
	}
	if csv, _, _ := runCmd(t, "", "report", "--sample", "--output", "csv"); !strings.Contains(csv, "# audit_deletes") {
		t.Error("csv lacks the audit sections")
	}
}

// TestAuditViewsAreBounded: a view with more groups than it ranks says
// its rows are estimates, still ranks the heavy group first with a count
// within its overcount of the truth, and marks which rows are exact.
func TestAuditViewsAreBounded(t *testing.T) {
	a := newAudit()
	add := a.adder()
	anon := slices.IndexFunc(auditViews, func(c query.CannedQuery) bool { return c.Name == "anonymous" })
	const heavy = 5000
	for i := range 20 * auditGroups {
		var r parse.Record
		r.Format = parse.FormatS3
		r.SetText(parse.Operation, []byte("REST.GET.OBJECT"))
		r.SetText(parse.RemoteIP, fmt.Appendf(nil, "10.1.%d.%d", i/256, i%256))
		add(&r)
		if i < heavy {
			r.SetText(parse.RemoteIP, []byte("192.0.2.1"))
			add(&r)
		}
	}
	s := auditSections(a, 50)[anon]
	if !strings.HasPrefix(s.note, "estimate: ") {
		t.Errorf("note %q", s.note)
	}
	if got := s.columns[len(s.columns)-2:]; !slices.Equal(got, []string{"max_overcount", "exact"}) {
		t.Errorf("columns %q", s.columns)
	}
	top := s.rows[0]
	count, over := top[2].(int64), top[len(top)-2].(int64)
	if top[1] != "192.0.2.1" || count < heavy || count-over > heavy {
		t.Errorf("top row %v: want 192.0.2.1 with %d requests within its overcount", top, heavy)
	}
	exact := 0
	for _, row := range s.rows {
		if row[len(row)-1] == true {
			exact++
			if row[len(row)-2] != int64(0) {
				t.Errorf("row %v is exact with an overcount", row)
			}
		}
	}
	if exact == len(s.rows) {
		t.Error("every row exact past the bound")
	}
}

// TestFilterMemoGivesTheFiltersAnswers: the bots view's memo answers as
// its filter does, over more user agents than it has slots, some of them
// sharing a slot.
func TestFilterMemoGivesTheFiltersAnswers(t *testing.T) {
	c, _ := query.CannedByName("bots")
	q := query.MustCompile(c.Expr)
	f, ok := q.MemoField()
	if !ok {
		t.Fatal("@bots has no memo field")
	}
	m := &filterMemo{f: f}
	rng := rand.New(rand.NewPCG(1, 2))
	agents := []string{"Googlebot/2.1", "Mozilla/5.0 (compatible; bingbot/2.0;", "aws-cli/2.15", "curl/8.5", "Sogou web spider/4.0"}
	for i := range 20000 {
		var r parse.Record
		if i%97 != 0 {
			ua := agents[rng.IntN(len(agents))] + fmt.Sprint(rng.IntN(60))
			r.SetText(parse.UserAgent, []byte(ua))
		}
		if got, want := m.match(q, &r), q.Match(&r); got != want {
			t.Fatalf("record %d (%q): memo %v, filter %v", i, r.UserAgent, got, want)
		}
	}
}
