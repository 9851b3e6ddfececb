// Package examples runs every program under examples/ on the built-in sample
// and compares its output with a golden file, so the examples keep working.
package examples

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs each example")
	}
	for _, tt := range []struct{ name, input, golden string }{
		{"top-egress", "../cmd/bucketlogs/sample", "top-egress"},
		{"deleted-objects", "../cmd/bucketlogs/sample", "deleted-objects"},
		// A successful delete, a denied one, a lifecycle expiry and a
		// duplicate delivery: one deletion.
		{"deleted-objects", "testdata/deletes", "deleted-objects-kinds"},
		{"error-rate-by-hour", "../cmd/bucketlogs/sample", "error-rate-by-hour"},
		{"clients-per-day", "../cmd/bucketlogs/sample", "clients-per-day"},
	} {
		name := tt.name
		t.Run(tt.golden, func(t *testing.T) {
			cmd := exec.Command("go", "run", "./"+name, tt.input)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go run ./%s: %v", name, err)
			}
			golden := filepath.Join("testdata", tt.golden+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(out)); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
}
