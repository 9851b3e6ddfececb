package s3line_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden decodes each testdata/*.log file as a stream and compares the
// records (as JSON lines) and errors with testdata/NAME.golden.jsonl.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.log")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".log")
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd := s3line.NewReader(f)
			rd.Source = filepath.Base(file)
			prefix, _, _ := strings.Cut(name, "-")
			if f, ok := parse.ParseFormat(prefix); ok {
				rd.Format = f
			}
			var got []byte
			for rec, err := range rd.All() {
				if err != nil {
					got = append(got, "error: "...)
					got = append(got, err.Error()...)
				} else {
					got = parse.AppendJSON(got, rec)
				}
				got = append(got, '\n')
			}
			c := rd.Counts()
			if c.Records+c.Errors+c.Blank != c.Lines {
				t.Errorf("counts do not add up: %+v", c)
			}
			golden := filepath.Join("testdata", name+".golden.jsonl")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}
