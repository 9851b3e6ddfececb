// Command top-egress shows who costs the most egress: the requesters with the
// most bytes sent, across every input, decoded on all cores.
//
// It runs source.Run with one aggregate.TopK per worker (no locks: each
// worker owns its summary) and merges them at the end.
//
//	go run ./examples/top-egress [PATH]...   (default: the built-in sample)
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

func main() {
	paths := os.Args[1:]
	if len(paths) == 0 {
		paths = []string{"cmd/bucketlogs/sample"}
	}
	if err := run(os.Stdout, paths, 5); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, paths []string, n int) error {
	inputs, errs := source.Expand(paths)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	workers := runtime.GOMAXPROCS(0)
	tops := make([]*aggregate.TopK, workers)
	consumers := make([]func(*parse.Record), workers)
	for i := range tops {
		tops[i] = aggregate.NewTopK(0)
		consumers[i] = func(r *parse.Record) {
			requester := r.Requester
			if !r.Has(parse.Requester) {
				requester = []byte("(anonymous)")
			}
			tops[i].Add(requester, r.BytesSent)
		}
	}
	if _, err := source.Run(inputs, source.RunOptions{}, consumers); err != nil {
		return err
	}
	for _, t := range tops[1:] {
		tops[0].Merge(t)
	}
	fmt.Fprintf(w, "top %d requesters by bytes sent (exact: %v)\n", n, tops[0].Exact())
	for _, e := range tops[0].Top(n) {
		fmt.Fprintf(w, "%15d  %s\n", e.Count, e.Key)
	}
	return nil
}
