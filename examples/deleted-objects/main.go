// Command deleted-objects is an audit of deletions: who deleted which object,
// when, and whether it worked, in time order, whatever the log format
// (REST.DELETE.OBJECT and BATCH.DELETE.OBJECT in S3 logs, DeleteObject and
// DeleteMultipleObjects in OSS logs, lifecycle expirations too).
//
// It reads inputs one by one with source.Open and keeps a copy (Clone) of
// each matching record, since the stream reuses its record.
//
//	go run ./examples/deleted-objects [PATH]...   (default: the built-in sample)
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"slices"

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

// isDelete reports whether an operation name deletes objects.
func isDelete(op []byte) bool {
	return bytes.Contains(op, []byte("DELETE")) || bytes.HasPrefix(op, []byte("Delete")) ||
		bytes.Equal(op, []byte("S3.EXPIRE.OBJECT"))
}

func run(w io.Writer, paths []string) error {
	inputs, errs := source.Expand(paths)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	var deleted []*parse.Record
	for _, name := range inputs {
		st, err := source.Open(name, source.Options{})
		if err != nil {
			return err
		}
		for rec, err := range st.All() {
			if err != nil {
				fmt.Fprintln(os.Stderr, err) // a malformed line: report it and go on
				continue
			}
			if isDelete(rec.Operation) {
				deleted = append(deleted, rec.Clone())
			}
		}
		st.Close()
	}
	slices.SortStableFunc(deleted, func(a, b *parse.Record) int { return a.Time.Compare(b.Time) })
	for _, r := range deleted {
		who := string(r.Requester)
		if !r.Has(parse.Requester) {
			who = "(anonymous)"
		}
		status := "-"
		if r.Has(parse.Status) {
			status = fmt.Sprint(r.Status)
		}
		fmt.Fprintf(w, "%s  %-6s %-3s %s/%s  by %s\n", r.Time.Format("2006-01-02 15:04:05"), r.Format, status, r.Bucket, r.Key, who)
	}
	fmt.Fprintf(w, "%d deletions\n", len(deleted))
	return nil
}
