package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
