package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// Output that nobody reads any more (a pipe into "head -1" that has
// exited) ends a run quietly: the command stops reading input at once,
// prints nothing more, and exits with the status it had so far (0, or 1
// after malformed lines), as a reader that chose to stop asked for.
// main ignores SIGPIPE so that a write to such a pipe is an EPIPE error
// here rather than the death of the process; report and aggregating queries,
// which write only at the end, also watch the pipe while they decode
// (watchOutput).

// brokenPipe reports whether err is a write to a pipe with no reader.
func brokenPipe(err error) bool { return errors.Is(err, syscall.EPIPE) }

// outputFailed handles an error writing the output: quiet for a broken
// pipe, with the status so far; otherwise a message and exit status 2.
func outputFailed(err error, status int, stderr io.Writer) int {
	if brokenPipe(err) {
		return status
	}
	fmt.Fprintf(stderr, "bucketlogs: writing output: %v\n", err)
	return exitUsage
}

// watchOutput returns a context that is canceled once w is a pipe whose
// reader has gone, checked every 50 ms, and a function to stop watching.
// Where w is not a pipe, or pipes cannot be watched, it is never canceled.
func watchOutput(w io.Writer) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	f, ok := w.(*os.File)
	if !ok {
		return ctx, cancel
	}
	gone := readerGone(f)
	if gone == nil {
		return ctx, cancel
	}
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if gone() {
					cancel()
					return
				}
			}
		}
	}()
	return ctx, cancel
}
