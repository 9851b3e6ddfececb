package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/bucketlogs/bucketlogs/dedupe"
	"github.com/bucketlogs/bucketlogs/export"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

func runExport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	in := addInputFlags(fs, true)
	to := fs.String("to", "parquet", "file format: parquet, jsonl or csv")
	out := fs.String("out", "", "the `DIR` to write (created; refused when it holds files, unless --overwrite)")
	partition := fs.String("partition", "dt", "folders: dt (DIR/dt=YYYY-MM-DD/), hour (DIR/dt=.../hour=HH/) or none")
	targetSize := sizeFlag(export.DefaultTargetSize)
	fs.Var(&targetSize, "target-size", "close a file and begin the next at about this `size`")
	overwrite := fs.Bool("overwrite", false, "replace an earlier export in DIR (its dt= folders and part- files)")
	ddl := fs.String("ddl", "", "print the table definition of DIR for `ENGINE` (athena, trino or duckdb) and read nothing; DIR may be an s3:// URL")
	table := fs.String("table", "bucketlogs", "the table name --ddl uses")
	maxErrors := addErrorFlag(fs)
	quiet := fs.Bool("quiet", false, "no progress on standard error")
	paths, status, done := parseFlags(fs, args, "Usage: bucketlogs export --to parquet|jsonl|csv --out DIR [flags] [PATH|s3://BUCKET/PREFIX|-]...\n       bucketlogs export --ddl athena|trino|duckdb --out DIR [--partition P] [--table NAME]\n\nWrites the records as files for Athena, Trino, Spark, DuckDB and ClickHouse. Flags:\n", stdout, stderr)
	if done {
		return status
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "bucketlogs export: "+format+"\n", a...)
		return exitUsage
	}
	format, ok := export.ParseFormat(*to)
	if !ok {
		return usageErr("unknown --to %q (want parquet, jsonl or csv)", *to)
	}
	part, ok := export.ParsePartition(*partition)
	if !ok {
		return usageErr("unknown --partition %q (want dt, hour or none)", *partition)
	}
	if *out == "" {
		return usageErr("no --out DIR given; run 'bucketlogs export --help' for usage")
	}
	if *ddl != "" {
		if len(paths) > 0 {
			return usageErr("--ddl reads no PATH: it prints the definition of --out")
		}
		s, err := export.DDL(*ddl, *out, *table, part)
		if err != nil {
			return usageErr("--ddl: %v", err)
		}
		return writeOut(stdout, []byte(s), stderr)
	}
	win, err := in.window.parse(time.Now())
	if err != nil {
		return usageErr("%v", err)
	}
	workers, undo, err := in.resolveWorkers()
	if err != nil {
		return usageErr("%v", err)
	}
	defer undo()
	ctx, stopWatch := watchOutput(stdout)
	defer stopWatch()
	plan, status, ok := planInputs(ctx, paths, nil, stdin, win, in.store, stderr)
	if !ok {
		return status
	}
	if err := export.Prepare(*out, *overwrite); err != nil {
		return usageErr("%v", err)
	}

	opt := export.Options{Format: format, Dir: *out, Partition: part, TargetSize: int64(targetSize)}
	writers := make([]*export.Writer, workers)
	consumers := make([]func(*parse.Record), workers)
	var mu sync.Mutex
	var writeErr error
	dups := in.dups(false)
	for i := range writers {
		w := export.NewWriter(opt, i)
		writers[i] = w
		failed := false
		var seen *dedupe.Checker
		if dups != nil {
			seen = dups.Checker()
		}
		consumers[i] = func(r *parse.Record) {
			if failed || !win.holds(r) || seen != nil && seen.Seen(r) {
				return
			}
			if err := w.Write(r); err != nil {
				failed = true
				mu.Lock()
				if writeErr == nil {
					writeErr = err
				}
				mu.Unlock()
			}
		}
	}
	elog := newErrorLog(stderr, *maxErrors)
	var progress source.Progress
	progress.Total.Store(plan.size)
	ropt := source.RunOptions{Options: in.options(), OnError: elog.report, Context: ctx, Progress: &progress}
	stop := func() {}
	if !*quiet && isTerminal(stderr) {
		stop = showProgress(stderr, &progress, plan)
	}
	start := time.Now()
	counts, _ := source.RunInputs(plan.inputs, ropt, consumers)
	stop()
	var total export.Stats
	for _, w := range writers {
		if err := w.Close(); err != nil && writeErr == nil {
			writeErr = err
		}
		s := w.Stats()
		total.Rows += s.Rows
		total.Files += s.Files
		total.Bytes += s.Bytes
	}
	if writeErr != nil {
		fmt.Fprintf(stderr, "bucketlogs export: writing %s: %v\n", *out, writeErr)
		return exitUsage
	}
	elog.summarize()
	if msg := plan.summary(win); msg != "" {
		fmt.Fprintln(stderr, msg)
	}
	reportDups(stderr, dups, true)
	elapsed := time.Since(start)
	fmt.Fprintf(stderr, "bucketlogs: %d inputs, %d lines: %d records, %d errors, %d blank; %d rows in %d %s files (%s) under %s in %s\n",
		progress.Inputs.Load(), counts.Lines, counts.Records, counts.Errors, counts.Blank,
		total.Rows, total.Files, strings.ToUpper(format.Ext()), humanBytes(total.Bytes), *out, elapsed.Round(time.Millisecond))
	return max(status, elog.status)
}
