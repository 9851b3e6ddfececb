package main

import (
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/dedupe"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
	"github.com/bucketlogs/bucketlogs/source"
)

// sample is the built-in sample report runs on when given no input: a
// thousand generated records in each format (see internal/gen/gensample).
//
//go:embed sample
var sample embed.FS

// reportConfig is what the report flags say.
type reportConfig struct {
	format   parse.Format
	output   string
	top      int
	interval time.Duration // 0: picked from the span
	workers  int
	quiet    bool
	cut      int  // cut table cells to this many characters; 0: never
	spark    bool // draw traffic as sparklines (a table on a terminal)
}

func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("report", flag.ContinueOnError)
	in := addInputFlags(flags, true)
	output := flags.String("output", "table", "output: table, json, csv or html (one self-contained page)")
	top := flags.Int("top", 10, "how many values each top list shows")
	interval := flags.String("interval", "auto", "traffic interval: minute, hour, day or auto (from the span)")
	quiet := flags.Bool("quiet", false, "no progress on standard error")
	withAudit := flags.Bool("audit", true, fmt.Sprintf("show the audit views (anonymous requests, SigV2, TLS below 1.2, deletes, access-denied bursts, bots; see 'query --list'), each ranking at most %d groups (--audit=false leaves them out)", auditGroups))
	countDups := flags.Bool("count-duplicates", true, "count exact duplicate records (the summary's duplicates; --dedupe also drops them); false saves the time and memory that takes")
	partialFile := flags.String("partial", "", "write the merged aggregate state to `FILE` (- for standard output) instead of a report, for 'bucketlogs merge'")
	maxErrors := addErrorFlag(flags)
	wide := addWideFlag(flags)
	useSample := flags.Bool("sample", false, "report on the built-in sample (the default with no PATH when standard input is a terminal)")
	paths, status, done := parseFlags(flags, args, "Usage: bucketlogs report [flags] [PATH|s3://BUCKET/PREFIX|-]...\n\nAnswers the usual questions about the logs in one pass. Flags:\n", stdout, stderr)
	if done {
		return status
	}
	cfg := reportConfig{format: in.format.f, output: *output, top: *top, quiet: *quiet, cut: cellCut(stdout, *wide), spark: isTerminal(stdout)}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "bucketlogs report: "+format+"\n", a...)
		return exitUsage
	}
	switch cfg.output {
	case "table", "json", "csv", "html":
	default:
		return usageErr("unknown --output %q (want table, json, csv or html)", cfg.output)
	}
	win, err := in.window.parse(time.Now())
	if err != nil {
		return usageErr("%v", err)
	}
	if cfg.interval, err = parseInterval(*interval); err != nil {
		return usageErr("%v", err)
	}
	if cfg.top < 1 {
		return usageErr("--top must be at least 1")
	}
	workers, undo, err := in.resolveWorkers()
	if err != nil {
		return usageErr("%v", err)
	}
	defer undo()
	cfg.workers = workers

	ropt := source.RunOptions{Options: in.options()}
	if *useSample && len(paths) > 0 {
		return usageErr("--sample takes no PATH")
	}
	var fsys fs.FS
	if *useSample || len(paths) == 0 && isTerminal(stdin) {
		fsys, paths = sampleInputs()
		fmt.Fprintf(stderr, "bucketlogs: reporting on the built-in sample (%s); give a PATH or - to read logs\n", strings.Join(paths, ", "))
	}
	ctx, stopWatch := watchOutput(stdout)
	defer stopWatch()
	plan, status, ok := planInputs(ctx, paths, fsys, stdin, win, in.store, stderr)
	if !ok {
		return status
	}

	bounded := win.bounded() // else every record is in the window
	reports := make([]*aggregate.Report, cfg.workers)
	consumers := make([]func([]parse.Record), cfg.workers)
	var inRange = make([]int64, cfg.workers)
	dups := in.dups(*countDups)
	drop := in.dedupe
	audits := make([]audit, cfg.workers)
	checkers := make([]*dedupe.Checker, cfg.workers)
	for i := range reports {
		rep := aggregate.NewReport(aggregate.Options{})
		reports[i] = rep
		var aud audit
		addAudit := func(*parse.Record) {}
		if *withAudit {
			aud = newAudit()
			addAudit = aud.adder()
		}
		audits[i] = aud
		var seen *dedupe.Checker
		if dups != nil {
			seen = dups.Checker()
			checkers[i] = seen
		}
		consumers[i] = func(recs []parse.Record) {
			// Drop what is out of the window or a dropped duplicate,
			// swapping the rest down (rare: most batches keep every
			// record). A swap, not a copy, so that no two of the worker's
			// records share an Extra array.
			n := len(recs)
			if bounded || seen != nil && drop {
				n = 0
				for k := range recs {
					r := &recs[k]
					if !win.holds(r) || drop && seen != nil && seen.Seen(r) {
						continue
					}
					if n != k {
						recs[n], recs[k] = recs[k], recs[n]
					}
					n++
				}
				recs = recs[:n]
			}
			if seen != nil && !drop {
				// Only counted: the checker checks them a shard at a
				// time (see dedupe.Checker.Count), flushed after the run.
				for k := range recs {
					seen.Count(&recs[k])
				}
			}
			inRange[i] += int64(n)
			rep.AddBatch(recs)
			for k := range recs {
				addAudit(&recs[k])
			}
		}
	}
	elog := newErrorLog(stderr, *maxErrors)
	ropt.OnError = elog.report
	ropt.Context = ctx
	var progress source.Progress
	progress.Total.Store(plan.size)
	ropt.Progress = &progress
	stop := func() {}
	if !cfg.quiet && isTerminal(stderr) {
		stop = showProgress(stderr, &progress, plan)
	}
	start := time.Now()
	counts, _ := source.RunBatches(plan.inputs, ropt, consumers)
	for _, c := range checkers {
		if c != nil {
			c.Flush()
		}
	}
	stop()
	if ctx.Err() != nil {
		return max(status, elog.status) // nobody reads the report
	}
	elapsed := time.Since(start)
	for i, r := range reports[1:] {
		reports[0].Merge(r)
		if audits[0] != nil {
			audits[0].merge(audits[i+1])
		}
		reports[i+1], audits[i+1] = nil, nil
	}
	if len(reports) > 1 {
		// The workers' reports are garbage now, and as large as the
		// merged one: collected before the output is built, their memory
		// is what it is built in, not more taken from the system.
		runtime.GC()
	}
	rep := reports[0]
	inputs := int(progress.Inputs.Load())
	sum := summary{inputs: inputs, counts: counts, elapsed: elapsed, bytes: progress.Read.Load(), dups: -1}
	if dups != nil {
		sum.dups = dups.Stats().Dups
		if drop {
			sum.dropped = sum.dups
		}
	}
	for _, n := range inRange {
		sum.inRange += n
	}
	if *partialFile != "" {
		f, err := reportPartial(rep, sum, audits[0])
		if err == nil {
			err = writePartial(*partialFile, f, stdout)
		}
		if err != nil {
			fmt.Fprintf(stderr, "bucketlogs report: writing the partial: %v\n", err)
			return exitUsage
		}
	} else if err := render(stdout, cfg, rep, sum, audits[0]); err != nil {
		return outputFailed(err, max(status, elog.status), stderr)
	}
	elog.summarize()
	if msg := plan.summary(win); msg != "" {
		fmt.Fprintln(stderr, msg)
	}
	reportDups(stderr, dups, drop)
	fmt.Fprintf(stderr, "bucketlogs: %d inputs, %d lines: %d records, %d errors, %d blank; %d records reported\n",
		inputs, counts.Lines, counts.Records, counts.Errors, counts.Blank, sum.inRange)
	return max(status, elog.status)
}

// parseInterval reads --interval: minute, hour, day, or auto (0: picked
// from the span).
func parseInterval(s string) (time.Duration, error) {
	switch s {
	case "auto":
		return 0, nil
	case "minute":
		return time.Minute, nil
	case "hour":
		return time.Hour, nil
	case "day":
		return 24 * time.Hour, nil
	}
	return 0, fmt.Errorf("unknown --interval %q (want minute, hour, day or auto)", s)
}

// summary is what the report says about the run itself.
type summary struct {
	inputs  int
	counts  parse.Counts
	inRange int64
	dups    int64 // duplicates found; -1 where they were not counted
	dropped int64 // duplicates dropped by --dedupe
	bytes   int64
	elapsed time.Duration
}

// parseWhen parses --since or --until as the query language reads times
// (RFC 3339, a date, today, yesterday, 24h for 24 hours ago); "" gives the
// zero time.
func parseWhen(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return query.ParseTime(s, now)
}

// isTerminal reports whether f is an *os.File open on a terminal. A
// character device that is not a terminal (/dev/null) is not one: reading it
// is an empty input.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// sampleInputs returns the built-in sample as a file system and its files.
func sampleInputs() (fs.FS, []string) {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the embedded directory is part of the program
	}
	entries, _ := fs.ReadDir(sub, ".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return sub, names
}

// showProgress prints the progress of a run on w twice a second until the
// returned function is called.
func showProgress(w io.Writer, p *source.Progress, plan *inputPlan) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-t.C:
				secs := time.Since(start).Seconds()
				read, total, recs := p.Read.Load(), p.Total.Load(), p.Records.Load()
				line := fmt.Sprintf("\r\033[K%s read, %s/s, %.0f records/s", humanBytes(read), humanBytes(int64(float64(read)/secs)), float64(recs)/secs)
				if objects := plan.progress(); objects != "" {
					line += "; " + objects
				} else if total > 0 && read > 0 {
					eta := time.Duration(float64(total-read) / (float64(read) / secs) * float64(time.Second))
					line += fmt.Sprintf(", %.0f%% of %s, ETA %s", 100*float64(read)/float64(total), humanBytes(total), eta.Round(time.Second))
				}
				fmt.Fprint(w, line)
			}
		}
	}()
	return func() { close(done); <-finished }
}
