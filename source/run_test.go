package source

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

// writeInputs writes a mix of inputs, with malformed lines at known places.
func writeInputs(t *testing.T) []string {
	dir := t.TempDir()
	g := gen.New(3)
	var r parse.Record
	render := func(format parse.Format, n int, bad map[int]string) []byte {
		var b []byte
		for i := range n {
			if s, ok := bad[i]; ok {
				b = append(b, s...)
			} else {
				g.Next(&r, format)
				b = gen.Append(b, &r)
			}
			b = append(b, '\n')
		}
		return b
	}
	s3 := render(parse.FormatS3, 20000, map[int]string{5: "garbage", 7000: "", 9000: strings.Repeat("y", 200000), 15000: strings.Repeat("x", 5000), 19999: "\r"})
	oss := render(parse.FormatOSS, 3000, map[int]string{100: "1.2.3.4 - - [bad"})
	ya := render(parse.FormatYandex, 3000, map[int]string{2: `{"status":"x"}`})
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(oss)
	w.Close()
	files := map[string][]byte{"a.log": s3, "b.log.gz": gz.Bytes(), "c.json": ya}
	var names []string
	for _, n := range []string{"a.log", "b.log.gz", "c.json"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	return append(names, filepath.Join(dir, "missing.log"))
}

// TestRunMatchesSequential runs with 1, 2 and 5 workers and small blocks,
// and compares records (as a multiset of JSON lines), errors (in order) and
// counts with a plain sequential read through Open.
func TestRunMatchesSequential(t *testing.T) {
	inputs := writeInputs(t)
	opt := Options{MaxLineSize: 4096}

	var wantRecs []string
	var wantErrs []string
	var wantCounts parse.Counts
	for _, name := range inputs {
		st, err := Open(name, opt)
		if err != nil {
			wantErrs = append(wantErrs, err.Error())
			continue
		}
		for rec, err := range st.All() {
			if err != nil {
				wantErrs = append(wantErrs, err.Error())
				continue
			}
			wantRecs = append(wantRecs, string(parse.AppendJSON(nil, rec)))
		}
		wantCounts.Add(st.Counts())
		st.Close()
	}
	if wantCounts.Errors != 5 || wantCounts.Blank != 2 {
		t.Fatalf("sequential read found %+v, want 5 errors and 2 blank", wantCounts)
	}
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			recs := make([][]string, workers)
			consumers := make([]func(*parse.Record), workers)
			for i := range consumers {
				consumers[i] = func(r *parse.Record) { recs[i] = append(recs[i], string(parse.AppendJSON(nil, r))) }
			}
			var errs []string
			counts, err := Run(inputs, RunOptions{Options: opt, BlockSize: 64 << 10, OnError: func(e error) { errs = append(errs, e.Error()) }}, consumers)
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Run error = %v, want the missing file", err)
			}
			if diff := cmp.Diff(wantErrs, errs); diff != "" {
				t.Errorf("errors (-sequential +run):\n%s", diff)
			}
			if diff := cmp.Diff(wantCounts, counts); diff != "" {
				t.Errorf("counts (-sequential +run):\n%s", diff)
			}
			var got []string
			for _, r := range recs {
				got = append(got, r...)
			}
			if diff := cmp.Diff(wantRecs, got, cmpSorted); diff != "" {
				t.Errorf("records (-sequential +run):\n%s", diff)
			}
		})
	}
}

var cmpSorted = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	sortStrings(out)
	return out
})

func sortStrings(s []string) { slices.Sort(s) }
