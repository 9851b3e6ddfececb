package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// defaultMaxErrors is how many error messages a run prints before it only
// counts them.
const defaultMaxErrors = 100

// An errorLog prints the errors of a run on stderr, the first max of them
// in full (all when max is 0) and the rest counted by field and cause, and
// keeps the exit status they call for. It is used from one goroutine at a
// time (source.Run's OnError is).
type errorLog struct {
	w      io.Writer
	max    int
	shown  int
	status int
	rest   map[string]int64 // "field: cause" of the errors not shown
	hidden int64
}

func addErrorFlag(fs *flag.FlagSet) *int {
	return fs.Int("max-errors", defaultMaxErrors, "print at most `N` error messages, then only count them by field and cause (0: print all)")
}

func newErrorLog(w io.Writer, max int) *errorLog { return &errorLog{w: w, max: max} }

// report prints or counts err and raises the status it calls for.
func (l *errorLog) report(err error) {
	l.status = max(l.status, errorStatus(err))
	if l.max <= 0 || l.shown < l.max {
		l.shown++
		fmt.Fprintln(l.w, describe(err))
		return
	}
	if l.rest == nil {
		l.rest = map[string]int64{}
	}
	key := "input"
	var pe *parse.Error
	if errors.As(err, &pe) {
		key = pe.Field
		if key == "" {
			key = "line"
		}
		key += ": " + pe.Err.Error()
	}
	l.rest[key]++
	l.hidden++
}

// summarize says how many errors were not printed, and of which kinds.
func (l *errorLog) summarize() {
	if l.hidden == 0 {
		return
	}
	type kind struct {
		what string
		n    int64
	}
	var kinds []kind
	for k, n := range l.rest {
		kinds = append(kinds, kind{k, n})
	}
	slices.SortFunc(kinds, func(a, b kind) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.what, b.what)) })
	var b strings.Builder
	fmt.Fprintf(&b, "bucketlogs: %d more errors not shown (--max-errors %d):", l.hidden, l.max)
	for _, k := range kinds {
		fmt.Fprintf(&b, "\n  %d  %s", k.n, k.what)
	}
	fmt.Fprintln(l.w, b.String())
}

// describe is err as the command shows it: library errors with the flag
// that would help added.
func describe(err error) string {
	msg := err.Error()
	if errors.Is(err, source.ErrUnknownFormat) {
		msg = strings.Replace(msg, "set Options.Format", "give --format", 1)
	}
	return msg
}
