// Command clients-per-day counts the distinct client addresses (IPv4 and
// IPv6) seen each day, with one aggregate.DistinctIPs per day: IPv4 addresses
// go into a roaring bitmap, so even millions of clients take little memory.
//
//	go run ./examples/clients-per-day [PATH]...   (default: the built-in sample)
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
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

func run(w io.Writer, paths []string) error {
	inputs, errs := source.Expand(paths)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	days := map[time.Time]*aggregate.DistinctIPs{}
	for _, name := range inputs {
		st, err := source.Open(name, source.Options{})
		if err != nil {
			return err
		}
		for rec, err := range st.All() {
			if err != nil || !rec.Has(parse.Time) {
				continue
			}
			day := rec.Time.Truncate(24 * time.Hour)
			d := days[day]
			if d == nil {
				d = new(aggregate.DistinctIPs)
				days[day] = d
			}
			d.Add(rec)
		}
		st.Close()
	}
	for _, day := range slices.SortedFunc(maps.Keys(days), time.Time.Compare) {
		v4, v6, exact := days[day].Count()
		approx := ""
		if !exact {
			approx = " (IPv6 estimated)"
		}
		fmt.Fprintf(w, "%s  %6d clients (%d IPv4, %d IPv6)%s\n", day.Format("2006-01-02"), v4+v6, v4, v6, approx)
	}
	return nil
}
