package s3line_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
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
			got := rectest.AppendRecords(t, nil, rd.All())
			c := rd.Counts()
			if c.Records+c.Errors+c.Blank != c.Lines {
				t.Errorf("counts do not add up: %+v", c)
			}
			rectest.CompareGolden(t, filepath.Join("testdata", name+".golden.jsonl"), got, *update)
		})
	}
}
