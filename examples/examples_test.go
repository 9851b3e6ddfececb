// Package examples runs every program under examples/ on the built-in sample
// and compares its output with a golden file, so the examples keep working.
package examples

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// TestFanOutRecipe runs examples/fan-out/fan-out.sh (report partials of
// each input on parallel processes, then merge) on the sample and checks
// it prints the report of one run over all of it, elapsed time aside.
func TestFanOutRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "bucketlogs")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/bucketlogs").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	inputs, _ := filepath.Glob("../cmd/bucketlogs/sample/*")
	cmd := exec.Command("bash", append([]string{"fan-out/fan-out.sh", t.TempDir()}, inputs...)...)
	cmd.Env = append(os.Environ(), "BUCKETLOGS="+bin, "JOBS=2")
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("fan-out.sh: %v", err)
	}
	want, err := exec.Command(bin, append([]string{"report", "--output", "json"}, inputs...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	seconds := regexp.MustCompile(`"seconds":[0-9.e+-]+`)
	if diff := cmp.Diff(seconds.ReplaceAllString(string(want), ""), seconds.ReplaceAllString(string(got), "")); diff != "" {
		t.Errorf("fan-out and merge differ from one report (-report +fan-out):\n%s", diff)
	}
}
