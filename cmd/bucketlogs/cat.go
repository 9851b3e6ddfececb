package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

func runCat(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cat", flag.ContinueOnError)
	in := addInputFlags(fs, false)
	output := fs.String("output", "jsonl", "output format: jsonl or csv")
	maxErrors := addErrorFlag(fs)
	paths, status, done := parseFlags(fs, args, "Usage: bucketlogs cat [flags] [PATH|-]...\n\nPrints every record, one per line. Flags:\n", stdout, stderr)
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
	inputs, status := expandInputs(paths, stderr)
	elog := newErrorLog(stderr, *maxErrors)
	var total parse.Counts
	for _, name := range inputs {
		st, err := openInput(name, stdin, opt)
		if err != nil {
			fmt.Fprintf(stderr, "bucketlogs: %s: %s\n", name, describe(err))
			status = exitUsage
			continue
		}
		for rec, err := range st.All() {
			if err != nil {
				elog.report(err)
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
	fmt.Fprintf(stderr, "bucketlogs: %d inputs, %d lines: %d records, %d errors, %d blank\n",
		len(inputs), total.Lines, total.Records, total.Errors, total.Blank)
	return max(status, elog.status)
}

// expandInputs lists the inputs below paths, reporting each path that
// cannot be read on stderr; the status is exitUsage if there was one, so the
// rest is read and the run still fails.
func expandInputs(paths []string, stderr io.Writer) ([]string, int) {
	inputs, errs := source.Expand(paths)
	for _, err := range errs {
		fmt.Fprintf(stderr, "bucketlogs: %v\n", err)
	}
	if len(errs) > 0 {
		return inputs, exitUsage
	}
	return inputs, exitOK
}

// openInput opens a named input, standard input for "-".
func openInput(name string, stdin io.Reader, opt source.Options) (*source.Stream, error) {
	if name == source.Stdin {
		return source.NewStream("(stdin)", stdin, opt)
	}
	return source.Open(name, opt)
}

// errorStatus is the exit status an error from a stream calls for: a
// malformed line or record is 1, an unreadable input 2.
func errorStatus(err error) int {
	if parse.IsMalformed(err) {
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
