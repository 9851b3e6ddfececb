package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// TestReportAudit: report --audit has a section per audit view, holding
// the rows 'query @NAME' gives on the same input, in json and csv.
func TestReportAudit(t *testing.T) {
	out, stderr, status := runCmd(t, "", "report", "--audit", "--sample", "--output", "json")
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
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("%s against query @%s (-query +report):\n%s", id, c.Name, diff)
		}
	}
	if plain, _, _ := runCmd(t, "", "report", "--sample", "--output", "json"); strings.Contains(plain, `"audit_`) {
		t.Error("audit sections without --audit")
	}
	if csv, _, _ := runCmd(t, "", "report", "--audit", "--sample", "--output", "csv"); !strings.Contains(csv, "# audit_deletes") {
		t.Error("csv lacks the audit sections")
	}
}

// TestAuditViewStopsAtItsBudget: a view whose groups outgrow the budget
// says so in its section, and the views that did not stop are whole.
func TestAuditViewStopsAtItsBudget(t *testing.T) {
	small, whole := newAudit(query.NewBudget(64<<10)), newAudit(nil)
	var r parse.Record
	g := gen.New(4)
	for range 20000 {
		g.Next(&r, parse.FormatS3)
		small.add(&r)
		whole.add(&r)
	}
	want := auditSections(whole)
	stopped := 0
	for i, s := range auditSections(small) {
		if strings.Contains(s.note, "stopped, the rows are partial: ") {
			stopped++
			continue
		}
		if d := cmp.Diff(want[i].rows, s.rows, cmp.AllowUnexported(absentCell{})); d != "" {
			t.Errorf("%s did not stop but differs (-whole +budgeted):\n%s", s.id, d)
		}
	}
	if stopped == 0 {
		t.Error("no view stopped at a 64 KiB budget")
	}
}
