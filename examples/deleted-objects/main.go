// Command deleted-objects is an audit of deletions: who deleted which object,
// and when, in time order, whatever the log format (REST.DELETE.OBJECT and
// BATCH.DELETE.OBJECT in S3 and Yandex logs, DeleteObject and
// DeleteMultipleObjects in OSS logs).
//
// It says what it counts. A deletion is a delete request that succeeded
// (status 2xx). Delete requests that failed (403, 404, 5xx) deleted
// nothing and are counted apart, by status; lifecycle expirations
// (S3.EXPIRE.OBJECT, or OSS records with sync_request "lifecycle") are the
// store's own deletions, counted apart too; and a record delivered twice
// (the same request ID, operation and key: stores deliver best effort) is
// counted once.
//
// It reads inputs one by one with source.Open and keeps a copy (Clone) of
// each deletion, since the stream reuses its record.
//
//	go run ./examples/deleted-objects [PATH]...   (default: the built-in sample)
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"slices"
	"strings"

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

// isDelete reports whether an operation name is a request to delete
// objects.
func isDelete(op []byte) bool {
	return bytes.Contains(op, []byte(".DELETE.OBJECT")) || bytes.HasPrefix(op, []byte("DeleteObject")) ||
		bytes.Equal(op, []byte("DeleteMultipleObjects"))
}

// isLifecycle reports whether a record is the store expiring an object.
func isLifecycle(r *parse.Record) bool {
	return bytes.Equal(r.Operation, []byte("S3.EXPIRE.OBJECT")) ||
		bytes.Equal(r.SyncRequest, []byte("lifecycle")) && bytes.HasPrefix(r.Operation, []byte("Delete"))
}

func run(w io.Writer, paths []string) error {
	inputs, errs := source.Expand(paths)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	var deleted []*parse.Record
	failed := map[string]int{} // delete requests that failed, by status
	lifecycle, duplicates := 0, 0
	seen := map[string]bool{} // request ID, operation and key of each delete record
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
			lc := isLifecycle(rec)
			if !lc && !isDelete(rec.Operation) {
				continue
			}
			if rec.Has(parse.RequestID) {
				id := string(rec.RequestID) + " " + string(rec.Operation) + " " + string(rec.Key)
				if seen[id] {
					duplicates++
					continue
				}
				seen[id] = true
			}
			switch {
			case lc:
				lifecycle++
			case !rec.Has(parse.Status) || rec.Status < 200 || rec.Status > 299:
				status := "-"
				if rec.Has(parse.Status) {
					status = fmt.Sprint(rec.Status)
				}
				failed[status]++
			default:
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
		fmt.Fprintf(w, "%s  %-6s %d %s/%s  by %s\n", r.Time.Format("2006-01-02 15:04:05"), r.Format, r.Status, r.Bucket, r.Key, who)
	}
	fmt.Fprintf(w, "%d successful delete requests (status 2xx)\n", len(deleted))
	nFailed := 0
	var byStatus []string
	for _, st := range slices.Sorted(maps.Keys(failed)) {
		nFailed += failed[st]
		byStatus = append(byStatus, fmt.Sprintf("%s: %d", st, failed[st]))
	}
	fmt.Fprintf(w, "%d failed delete requests, which deleted nothing (%s)\n", nFailed, strings.Join(byStatus, ", "))
	fmt.Fprintf(w, "%d lifecycle expirations (deleted by the store, not by a request)\n", lifecycle)
	fmt.Fprintf(w, "%d duplicate records (delivered twice) counted once\n", duplicates)
	return nil
}
