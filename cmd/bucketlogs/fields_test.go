package main

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
)

// TestFieldsDocumentEveryField: the reference names every record field
// once, in the record's order, and FIELDS.md is what "bucketlogs fields
// --markdown" prints.
func TestFieldsDocumentEveryField(t *testing.T) {
	var want, got []string
	want = append(want, "format")
	for _, f := range parse.Fields() {
		want = append(want, f.String())
	}
	for _, d := range fieldDocs {
		got = append(got, d.key)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("documented keys (-record +fields.go):\n%s", diff)
	}
	for _, d := range storeDocs {
		if _, ok := parse.FieldByName(d.key); !ok {
			t.Errorf("storeDocs names %q, which is no record key", d.key)
		}
	}
	stdout, _, status := runCmd(t, "", "fields", "--markdown")
	if status != exitOK {
		t.Fatalf("status %d", status)
	}
	if *update {
		if err := os.WriteFile("../../FIELDS.md", []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	md, err := os.ReadFile("../../FIELDS.md")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(md), stdout); diff != "" {
		t.Errorf("FIELDS.md is not what 'bucketlogs fields --markdown' prints (run go test ./cmd/bucketlogs -update):\n%s", diff)
	}
}
