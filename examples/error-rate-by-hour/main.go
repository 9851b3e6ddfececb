// Command error-rate-by-hour prints, for each hour and operation, how many
// requests failed (4xx or 5xx) out of how many, worst first within an hour.
//
// It shows the simplest way to aggregate: a plain map filled from one
// stream per input, keyed by a struct; the record's bytes are turned into a
// string only when a new key is stored.
//
//	go run ./examples/error-rate-by-hour [PATH]...   (default: the built-in sample)
package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

func main() {
	paths := os.Args[1:]
	if len(paths) == 0 {
		paths = []string{"cmd/bucketlogs/sample"}
	}
	if err := run(os.Stdout, paths); err != nil {
		log.Fatal(err)
	}
}

type key struct {
	hour time.Time
	op   string
}

type tally struct{ requests, failed int64 }

func run(w io.Writer, paths []string) error {
	inputs, errs := source.Expand(paths)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	counts := map[key]*tally{}
	for _, name := range inputs {
		st, err := source.Open(name, source.Options{})
		if err != nil {
			return err
		}
		for rec, err := range st.All() {
			if err != nil || !rec.Has(parse.Status) || !rec.Has(parse.Time) {
				continue
			}
			k := key{rec.Time.Truncate(time.Hour), string(rec.Operation)}
			t := counts[k]
			if t == nil {
				t = new(tally)
				counts[k] = t
			}
			t.requests++
			if rec.Status >= 400 {
				t.failed++
			}
		}
		st.Close()
	}
	keys := slices.SortedFunc(maps.Keys(counts), func(a, b key) int {
		if c := a.hour.Compare(b.hour); c != 0 {
			return c
		}
		ra := float64(counts[a].failed) / float64(counts[a].requests)
		rb := float64(counts[b].failed) / float64(counts[b].requests)
		if c := cmp.Compare(rb, ra); c != 0 {
			return c
		}
		return cmp.Compare(a.op, b.op)
	})
	for _, k := range keys {
		t := counts[k]
		fmt.Fprintf(w, "%s  %-24s %5.1f%%  (%d of %d)\n", k.hour.Format("2006-01-02 15h"), k.op,
			100*float64(t.failed)/float64(t.requests), t.failed, t.requests)
	}
	return nil
}
