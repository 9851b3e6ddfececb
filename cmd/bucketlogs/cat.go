package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/bucket"
	"github.com/bucketlogs/bucketlogs/dedupe"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

func runCat(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cat", flag.ContinueOnError)
	in := addInputFlags(fs, false)
	output := fs.String("output", "jsonl", "output format: jsonl or csv")
	maxErrors := addErrorFlag(fs)
	paths, status, done := parseFlags(fs, args, "Usage: bucketlogs cat [flags] [PATH|s3://BUCKET/PREFIX|-]...\n\nPrints every record, one per line. Flags:\n", stdout, stderr)
	if done {
		return status
	}
	opt := in.options()
	var sink recordSink
	bw := bufio.NewWriterSize(stdout, 256<<10)
	switch *output {
	case "jsonl":
		sink = &jsonSink{w: bw}
	case "csv":
		sink = newCSVSink(bw)
	default:
		fmt.Fprintf(stderr, "bucketlogs cat: unknown --output %q (want jsonl or csv)\n", *output)
		return exitUsage
	}

	if len(paths) == 0 && isTerminal(stdin) {
		// Waiting silently on a terminal looks like a hang.
		fmt.Fprintln(stderr, "bucketlogs: reading log lines from standard input (end with Ctrl-D); give a PATH to read files")
	}
	win, err := in.window.parse(time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "bucketlogs cat: %v\n", err)
		return exitUsage
	}
	ctx, stopWatch := watchOutput(stdout)
	defer stopWatch()
	plan, status, ok := planInputs(ctx, paths, nil, stdin, win, in.store, stderr)
	if !ok {
		return status
	}
	elog := newErrorLog(stderr, *maxErrors)
	var total parse.Counts
	inputs := 0
	dups := in.dups(false)
	var seen *dedupe.Checker
	if dups != nil {
		seen = dups.Checker()
	}
	for input, err := range plan.inputs {
		if ctx.Err() != nil {
			break // nobody reads the output
		}
		if err != nil {
			elog.report(err)
			continue
		}
		inputs++
		st, err := source.OpenInput(ctx, input, opt)
		if err != nil {
			elog.report(openFailed(input.Name, err))
			continue
		}
		for rec, err := range st.All() {
			if err != nil {
				elog.report(err)
				continue
			}
			if !win.holds(rec) || seen != nil && seen.Seen(rec) {
				continue
			}
			if err := sink.write(rec); err != nil {
				st.Close()
				return outputFailed(err, max(status, elog.status), stderr)
			}
		}
		total.Add(st.Counts())
		st.Close()
	}
	if err := sink.flush(); err != nil {
		return outputFailed(err, max(status, elog.status), stderr)
	}
	elog.summarize()
	if msg := plan.summary(win); msg != "" {
		fmt.Fprintln(stderr, msg)
	}
	reportDups(stderr, dups, true)
	fmt.Fprintf(stderr, "bucketlogs: %d inputs, %d lines: %d records, %d errors, %d blank\n",
		inputs, total.Lines, total.Records, total.Errors, total.Blank)
	return max(status, elog.status)
}

// openFailed is the error of an input that could not be opened or
// recognised, naming it once.
func openFailed(name string, err error) error {
	var pe *fs.PathError
	var be *bucket.Error
	if errors.As(err, &pe) || errors.As(err, &be) || strings.HasPrefix(err.Error(), name+": ") {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// errorStatus is the exit status an error from a stream calls for: a
// malformed line or record, or a bucket object that could not be read
// after retries, is 1; a local input that cannot be read 2.
func errorStatus(err error) int {
	var be *bucket.Error
	if parse.IsMalformed(err) || errors.As(err, &be) {
		return exitMalformed
	}
	return exitUsage
}

// A recordSink writes records in one output format.
type recordSink interface {
	write(r *parse.Record) error
	flush() error
}

type jsonSink struct {
	w   *bufio.Writer
	buf []byte
	arr arrayFraming
}

func (s *jsonSink) write(r *parse.Record) error {
	s.buf = parse.AppendJSON(s.arr.open(s.buf[:0]), r)
	s.buf = s.arr.end(s.buf)
	_, err := s.w.Write(s.buf)
	return err
}

func (s *jsonSink) flush() error { return s.arr.flush(s.w) }

// arrayFraming makes JSON lines one JSON array (--output json for
// records) when on: "[", the objects one a line separated by commas, "]".
type arrayFraming struct {
	on bool
	n  int
}

// open starts an object: the array's opening or a separator.
func (a *arrayFraming) open(buf []byte) []byte {
	if !a.on {
		return buf
	}
	a.n++
	if a.n == 1 {
		return append(buf, "[\n"...)
	}
	return append(buf, ",\n"...)
}

// end ends an object's line; in an array the separator does.
func (a *arrayFraming) end(buf []byte) []byte {
	if a.on {
		return buf
	}
	return append(buf, '\n')
}

// flush closes the array and flushes w.
func (a *arrayFraming) flush(w *bufio.Writer) error {
	if a.on {
		if a.n == 0 {
			w.WriteString("[")
		}
		w.WriteString("\n]\n")
	}
	return w.Flush()
}

// csvSink writes a header of "format" and every field name, then one row a
// record, empty where a field is absent.
type csvSink struct {
	w      *bufio.Writer
	cw     *csv.Writer
	row    []string
	buf    []byte
	header bool
}

func newCSVSink(w *bufio.Writer) *csvSink {
	return &csvSink{w: w, cw: csv.NewWriter(w), row: make([]string, 1+int(parse.NumFields))}
}

func (s *csvSink) write(r *parse.Record) error {
	if !s.header {
		s.header = true
		s.row[0] = "format"
		for f := range parse.NumFields {
			s.row[1+int(f)] = f.String()
		}
		if err := s.cw.Write(s.row); err != nil {
			return err
		}
	}
	s.row[0] = r.Format.String()
	for f := range parse.NumFields {
		s.buf = parse.AppendValue(s.buf[:0], r, f)
		s.row[1+int(f)] = string(s.buf)
	}
	return s.cw.Write(s.row)
}

func (s *csvSink) flush() error {
	s.cw.Flush()
	if err := s.cw.Error(); err != nil {
		return err
	}
	return s.w.Flush()
}
