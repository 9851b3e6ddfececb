package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"slices"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
	"github.com/bucketlogs/bucketlogs/source"
)

func runQuery(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	in := addInputFlags(fs, true)
	output := fs.String("output", "", "output: table, json or csv for aggregations (default table); jsonl or csv for records (default jsonl)")
	maxErrors := addErrorFlag(fs)
	wide := addWideFlag(fs)
	var maxMemory sizeFlag // 0: defaultMaxMemory
	fs.Var(&maxMemory, "max-memory", "memory budget of the groups and sorted records a query keeps, a `size` (default half of RAM); a query that needs more stops with exit 2 and says how to narrow it")
	partialFile := fs.String("partial", "", "for an aggregating query, write the merged state to `FILE` (- for standard output) instead of the rows, for 'bucketlogs merge'")
	list := fs.Bool("list", false, "print the ready-made queries (the audit views), which run as 'query @NAME', and exit")
	useSample := fs.Bool("sample", false, "query the built-in sample (the default with no PATH when standard input is a terminal)")
	const head = "Usage: bucketlogs query [flags] 'EXPR' [PATH|s3://BUCKET/PREFIX|-]...\n\nEXPR is FILTER [| AGGREGATIONS [by GROUPS]] [| sort by COLUMN [desc]] [| limit N],\nor @NAME for a ready-made one (--list shows them); see the README or 'go doc github.com/bucketlogs/bucketlogs/query'. Flags:\n"
	args, status, done := parseFlags(fs, args, head, stdout, stderr)
	if done {
		return status
	}
	if *list {
		var b strings.Builder
		for _, c := range query.Canned {
			fmt.Fprintf(&b, "@%s\n  %s\n  %s\n", c.Name, c.Doc, c.Expr)
		}
		return writeOut(stdout, []byte(b.String()), stderr)
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "bucketlogs query: no EXPR given; run 'bucketlogs query --help' for usage")
		return exitUsage
	}
	if name, ok := strings.CutPrefix(args[0], "@"); ok {
		c, found := query.CannedByName(name)
		if !found {
			fmt.Fprintf(stderr, "bucketlogs query: no ready-made query %q; 'bucketlogs query --list' shows them\n", args[0])
			return exitUsage
		}
		args[0] = c.Expr
	}
	q, err := query.CompileAt(args[0], time.Now())
	if err != nil {
		var se *query.SyntaxError
		if errors.As(err, &se) {
			fmt.Fprintf(stderr, "bucketlogs query: %s\n  %s\n", se.Msg, strings.ReplaceAll(se.Caret(), "\n", "\n  "))
		} else {
			fmt.Fprintf(stderr, "bucketlogs query: %v\n", err)
		}
		return exitUsage
	}
	if *partialFile != "" && !q.Aggregates() {
		fmt.Fprintln(stderr, "bucketlogs query: --partial needs an aggregating query (FILTER | AGGREGATIONS ...): records are not merged")
		return exitUsage
	}
	if maxMemory <= 0 {
		maxMemory = sizeFlag(defaultMaxMemory())
	}
	opt := in.options()
	out := *output
	valid := []string{"jsonl", "json", "csv"} // records
	if q.Aggregates() {
		valid = []string{"table", "json", "csv"}
	}
	if out == "" {
		out = valid[0]
	}
	if !slices.Contains(valid, out) {
		fmt.Fprintf(stderr, "bucketlogs query: --output %q does not fit this query (want %s)\n", out, strings.Join(valid, ", "))
		return exitUsage
	}
	workers, undo, err := in.resolveWorkers()
	if err != nil {
		fmt.Fprintf(stderr, "bucketlogs query: %v\n", err)
		return exitUsage
	}
	defer undo()

	win, err := in.window.parse(time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "bucketlogs query: %v\n", err)
		return exitUsage
	}
	paths := args[1:]
	ropt := source.RunOptions{Options: opt}
	var sampleFS iofs.FS
	if *useSample || len(paths) == 0 && isTerminal(stdin) {
		if len(paths) > 0 {
			fmt.Fprintln(stderr, "bucketlogs query: --sample takes no PATH")
			return exitUsage
		}
		sampleFS, paths = sampleInputs()
		fmt.Fprintf(stderr, "bucketlogs: querying the built-in sample (%s); give a PATH or - to read logs\n", strings.Join(paths, ", "))
	}
	ctx, stopWatch := watchOutput(stdout)
	defer stopWatch()
	plan, status, ok := planInputs(ctx, paths, sampleFS, stdin, win, in.store, stderr)
	if !ok {
		return status
	}
	elog := newErrorLog(stderr, *maxErrors)
	ropt.OnError = elog.report
	ropt.Context = ctx
	var progress source.Progress
	progress.Total.Store(plan.size)
	ropt.Progress = &progress
	dups := in.dups(false)
	match := func(r *parse.Record) bool {
		return win.holds(r) && q.Match(r) && (dups == nil || !dups.Seen(r))
	}

	bw := bufio.NewWriterSize(stdout, 256<<10)
	var counts parse.Counts
	matched := 0
	if q.Aggregates() {
		budget := query.NewBudget(int64(maxMemory))
		runCtx, cancel := context.WithCancel(ctx)
		ropt.Context = runCtx
		stop := func() {}
		if isTerminal(stderr) {
			stop = showProgress(stderr, &progress, plan)
		}
		st, c, err := source.Fold(plan.inputs, workers, ropt, func() *query.State {
			st := q.NewState()
			st.SetBudget(budget)
			return st
		}, func(st *query.State, r *parse.Record) {
			if match(r) {
				st.Add(r)
				if st.Err() != nil {
					cancel() // the answer cannot be given: stop reading
				}
			}
		}, (*query.State).Merge)
		cancel()
		stop()
		if err := st.Err(); err != nil {
			fmt.Fprintf(stderr, "bucketlogs query: %v; or raise --max-memory\n", err)
			return exitUsage
		}
		res := st.Result()
		if ctx.Err() != nil {
			return max(status, elog.status) // nobody reads the output
		}
		counts = c
		matched = len(res.Rows)
		_ = err // an input that could not be opened was reported by OnError
		if *partialFile != "" {
			sum := summary{inputs: int(progress.Inputs.Load()), counts: c, bytes: progress.Read.Load(), dups: -1}
			if dups != nil {
				sum.dups = dups.Stats().Dups
				sum.dropped = sum.dups
			}
			f, err := queryPartial(q, st, sum)
			if err == nil {
				err = writePartial(*partialFile, f, bw)
			}
			if err != nil {
				fmt.Fprintf(stderr, "bucketlogs query: writing the partial: %v\n", err)
				return exitUsage
			}
		} else {
			writeResult(bw, out, res, cellCut(stdout, *wide))
		}
	} else {
		var sink recordSink = &jsonSink{w: bw}
		if out == "csv" {
			sink = newCSVSink(bw)
		}
		if out == "json" {
			sink = &jsonSink{w: bw, arr: arrayFraming{on: true}}
		}
		if sel := q.Fields(); sel != nil {
			sink = &fieldsSink{out: out, w: bw, keys: sel, arr: arrayFraming{on: out == "json"}}
		}
		c, n, err := queryRecords(q, match, plan.inputs, ropt, sink, query.NewBudget(int64(maxMemory)), &progress)
		if me := (*query.MemoryError)(nil); errors.As(err, &me) {
			fmt.Fprintf(stderr, "bucketlogs query: %v; or raise --max-memory\n", err)
			return exitUsage
		}
		counts, matched = c, n
		if err == nil {
			err = sink.flush()
		}
		if err != nil {
			return outputFailed(err, max(status, elog.status), stderr)
		}
		if ctx.Err() != nil {
			return max(status, elog.status)
		}
	}
	if err := bw.Flush(); err != nil {
		return outputFailed(err, max(status, elog.status), stderr)
	}
	elog.summarize()
	if msg := plan.summary(win); msg != "" {
		fmt.Fprintln(stderr, msg)
	}
	reportDups(stderr, dups, true)
	what := "records matched"
	if q.Aggregates() {
		what = "rows"
	}
	fmt.Fprintf(stderr, "bucketlogs: %d inputs, %d lines: %d records, %d errors, %d blank; %d %s\n",
		progress.Inputs.Load(), counts.Lines, counts.Records, counts.Errors, counts.Blank, matched, what)
	return max(status, elog.status)
}

// queryRecords prints the records that match q, in input order (reading the
// inputs one after another), or sorted when q sorts. It stops reading once a
// limit without sort is reached. A sort keeps only the limit's worth of
// records (all matches without a limit, within budget).
func queryRecords(q *query.Query, match func(*parse.Record) bool, inputs source.Inputs, ropt source.RunOptions, sink recordSink, budget *query.Budget, progress *source.Progress) (parse.Counts, int, error) {
	var counts parse.Counts
	var sorter *query.Sorter
	if q.Sorted() {
		sorter = q.NewSorter()
		sorter.SetBudget(budget)
	}
	n := 0
	for input, err := range inputs {
		if q.Limit() >= 0 && n >= q.Limit() && !q.Sorted() {
			break
		}
		if ropt.Context != nil && ropt.Context.Err() != nil {
			break // nobody reads the output
		}
		if err != nil {
			ropt.OnError(err)
			continue
		}
		progress.Inputs.Add(1)
		st, err := source.OpenInput(ropt.Context, input, ropt.Options)
		if err != nil {
			ropt.OnError(openFailed(input.Name, err))
			continue
		}
		seen := 0
		for rec, err := range st.All() {
			if seen++; seen%4096 == 0 && ropt.Context != nil && ropt.Context.Err() != nil {
				break // nobody reads the output
			}
			if err != nil {
				ropt.OnError(err)
				continue
			}
			if !match(rec) {
				continue
			}
			if sorter != nil {
				if sorter.Add(rec); sorter.Err() != nil {
					st.Close()
					return counts, 0, sorter.Err()
				}
				continue
			}
			if q.Limit() >= 0 && n >= q.Limit() {
				break
			}
			n++
			if err := sink.write(rec); err != nil {
				st.Close()
				return counts, n, err
			}
		}
		counts.Add(st.Counts())
		st.Close()
	}
	if sorter != nil {
		kept := sorter.Records()
		for _, rec := range kept {
			if err := sink.write(rec); err != nil {
				return counts, len(kept), err
			}
		}
		n = len(kept)
	}
	return counts, n, nil
}

// writeResult writes an aggregation result as a table, one JSON document
// (an array of objects keyed by column) or CSV.
func writeResult(w *bufio.Writer, output string, res *query.Result, cut int) {
	sec := &section{id: "result", title: "", columns: res.Columns}
	for _, row := range res.Rows {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = cellOf(v)
		}
		sec.rows = append(sec.rows, cells)
	}
	switch output {
	case "json":
		w.WriteString("[")
		for i, row := range sec.rows {
			if i > 0 {
				w.WriteString(",")
			}
			w.WriteString("\n")
			writeJSONRow(w, sec.columns, row)
		}
		w.WriteString("\n]\n")
	case "csv":
		renderCSVTable(w, sec)
	default:
		renderTableSection(w, sec, cut)
	}
}

// cellOf turns a query value into a report cell.
func cellOf(v query.Value) any {
	switch v.Kind() {
	case query.KindInt:
		return v.Int()
	case query.KindFloat:
		return v.Float()
	case query.KindTop:
		if v.Estimate() {
			return v.String() + " (estimate)"
		}
		return v.String()
	case query.KindAbsent:
		return absentCell{}
	}
	return v.String()
}

// absentCell is an empty cell: null in JSON, empty in tables and CSV.
type absentCell struct{}

// fieldsSink writes only the fields a "fields" stage selected, in its
// order: JSON objects with those keys (absent ones left out) or CSV with
// those columns (empty where absent).
type fieldsSink struct {
	out    string
	w      *bufio.Writer
	keys   []string
	buf    []byte
	header bool
	arr    arrayFraming
}

func (s *fieldsSink) write(r *parse.Record) error {
	s.buf = s.buf[:0]
	if s.out == "csv" {
		if !s.header {
			s.header = true
			s.buf = append(s.buf, strings.Join(s.keys, ",")...)
			s.buf = append(s.buf, '\n')
		}
		for i, k := range s.keys {
			if i > 0 {
				s.buf = append(s.buf, ',')
			}
			s.buf = appendCSVCell(s.buf, fieldText(r, k))
		}
		s.buf = append(s.buf, '\n')
	} else {
		s.buf = append(s.arr.open(s.buf), '{')
		first := true
		for _, k := range s.keys {
			v, ok := fieldJSON(r, k)
			if !ok {
				continue
			}
			if !first {
				s.buf = append(s.buf, ',')
			}
			first = false
			s.buf = parse.AppendJSONString(s.buf, []byte(k))
			s.buf = append(s.buf, ':')
			s.buf = append(s.buf, v...)
		}
		s.buf = s.arr.end(append(s.buf, '}'))
	}
	_, err := s.w.Write(s.buf)
	return err
}

func (s *fieldsSink) flush() error { return s.arr.flush(s.w) }

// fieldText is a field's value as text ("" when absent).
func fieldText(r *parse.Record, key string) string {
	if key == "format" {
		return r.Format.String()
	}
	f, _ := parse.FieldByName(key)
	if !r.Has(f) {
		return ""
	}
	return string(parse.AppendValue(nil, r, f))
}

// fieldJSON is a field's value as JSON, and whether it is present.
func fieldJSON(r *parse.Record, key string) ([]byte, bool) {
	if key == "format" {
		return parse.AppendJSONString(nil, []byte(r.Format.String())), true
	}
	f, _ := parse.FieldByName(key)
	if !r.Has(f) {
		return nil, false
	}
	v := parse.AppendValue(nil, r, f)
	switch f.Kind() {
	case parse.KindInt:
		return v, true
	case parse.KindList:
		b := []byte{'['}
		for i, e := range r.Extra {
			if i > 0 {
				b = append(b, ',')
			}
			b = parse.AppendJSONString(b, e)
		}
		return append(b, ']'), true
	}
	return parse.AppendJSONString(nil, v), true
}

// appendCSVCell appends s as one CSV cell, quoted when it must be.
func appendCSVCell(dst []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(dst, s...)
	}
	return append(append(append(dst, '"'), strings.ReplaceAll(s, `"`, `""`)...), '"')
}

// defaultMaxMemory is half of the machine's RAM, or 4 GiB when that is not
// known.
func defaultMaxMemory() int64 {
	if m := physicalMemory(); m > 0 {
		return m / 2
	}
	return 4 << 30
}
