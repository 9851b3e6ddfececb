package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/wire"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/partial"
	"github.com/bucketlogs/bucketlogs/query"
)

// A run's counts, as a partial's meta carries them: what the summary of
// the merged report adds up.
func putSummary(e *wire.Enc, sum summary) {
	for _, v := range []int64{int64(sum.inputs), sum.counts.Lines, sum.counts.Records, sum.counts.Errors, sum.counts.Blank, sum.inRange, sum.bytes, int64(sum.elapsed), sum.dups, sum.dropped} {
		e.I(v)
	}
}

func getSummary(d *wire.Dec) summary {
	var sum summary
	sum.inputs = int(d.I())
	sum.counts = parse.Counts{Lines: d.I(), Records: d.I(), Errors: d.I(), Blank: d.I()}
	sum.inRange, sum.bytes, sum.elapsed, sum.dups, sum.dropped = d.I(), d.I(), time.Duration(d.I()), d.I(), d.I()
	return sum
}

// add adds o's counts to s; duplicates are counted only when every part
// counted them (within each part: a copy in another part is not found).
func (s *summary) add(o summary) {
	if s.dups >= 0 && o.dups >= 0 {
		s.dups += o.dups
	} else {
		s.dups = -1
	}
	s.dropped += o.dropped
	s.inputs += o.inputs
	s.counts.Add(o.counts)
	s.inRange += o.inRange
	s.bytes += o.bytes
	s.elapsed += o.elapsed
}

// writePartial writes f to the file name ("-" for stdout).
func writePartial(name string, f *partial.File, stdout io.Writer) error {
	b := partial.Encode(f)
	if name == "-" {
		_, err := stdout.Write(b)
		return err
	}
	// Written whole then renamed, so a reader never sees half a partial.
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// reportPartial is the partial of a report run: the report's state, and
// in the meta the run's counts and the audit views' states.
func reportPartial(rep *aggregate.Report, sum summary, aud audit) (*partial.File, error) {
	state, err := rep.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var e wire.Enc
	putSummary(&e, sum)
	e.U(uint64(len(aud)))
	for _, st := range aud {
		b, err := st.MarshalBinary()
		if err != nil {
			return nil, err
		}
		e.Bytes(b)
	}
	return &partial.File{Kind: partial.Report, Meta: e.B, State: state}, nil
}

// queryPartial is the partial of an aggregating query run.
func queryPartial(q *query.Query, st *query.State, sum summary) (*partial.File, error) {
	state, err := st.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var e wire.Enc
	e.S(q.String())
	putSummary(&e, sum)
	return &partial.File{Kind: partial.Query, Meta: e.B, State: state}, nil
}

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	output := fs.String("output", "table", "output: table, json, csv or html (one self-contained page)")
	top := fs.Int("top", 10, "for report partials, how many values each top list shows")
	interval := fs.String("interval", "auto", "for report partials, the traffic interval: minute, hour, day or auto (from the span)")
	wide := addWideFlag(fs)
	files, status, done := parseFlags(fs, args, "Usage: bucketlogs merge [flags] FILE...\n\nCombines the partial results that 'report --partial' or 'query --partial' wrote\n(each over part of the logs) into the answer over all of them. Flags:\n", stdout, stderr)
	if done {
		return status
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "bucketlogs merge: "+format+"\n", a...)
		return exitUsage
	}
	switch *output {
	case "table", "json", "csv", "html":
	default:
		return usageErr("unknown --output %q (want table, json, csv or html)", *output)
	}
	if len(files) == 0 {
		return usageErr("no FILE given; run 'bucketlogs merge --help' for usage")
	}
	cfg := reportConfig{output: *output, top: *top, cut: cellCut(stdout, *wide), spark: isTerminal(stdout)}
	var err error
	if cfg.interval, err = parseInterval(*interval); err != nil {
		return usageErr("%v", err)
	}
	if cfg.top < 1 {
		return usageErr("--top must be at least 1")
	}

	var kind partial.Kind
	var rep *aggregate.Report
	aud := newAudit() // dropped unless every report partial has the views; partials are read whole, unbudgeted
	withAudit := true
	var q *query.Query
	var st *query.State
	var sum summary
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			return usageErr("%v", err)
		}
		f, err := partial.Decode(b)
		if err == nil && kind != 0 && f.Kind != kind {
			err = fmt.Errorf("a %s partial among %s partials", f.Kind, kind)
		}
		if err != nil {
			return usageErr("%s: %v; nothing merged", name, err)
		}
		kind = f.Kind
		d := &wire.Dec{B: f.Meta}
		switch f.Kind {
		case partial.Report:
			part := getSummary(d)
			n := d.U()
			if d.Err == nil && n != 0 && n != uint64(len(aud)) {
				err = fmt.Errorf("%d audit views, this build has %d", n, len(aud))
				break
			}
			withAudit = withAudit && n != 0
			for i, st := range aud[:n] {
				one, _ := auditQueries[i].NewBoundedState(auditGroups)
				if err = one.UnmarshalBinary(d.Bytes()); err != nil {
					break
				}
				st.Merge(one)
			}
			if err != nil {
				break
			}
			if err = d.Done(); err != nil {
				break
			}
			r := aggregate.NewReport(aggregate.Options{})
			if err = r.UnmarshalBinary(f.State); err != nil {
				break
			}
			if rep == nil {
				rep = r
			} else {
				rep.Merge(r)
			}
			sum.add(part)
		case partial.Query:
			expr := d.S()
			part := getSummary(d)
			if err = d.Done(); err != nil {
				break
			}
			if q == nil {
				if q, err = query.CompileAt(expr, time.Now()); err != nil {
					break
				}
				st = q.NewState()
			} else if expr != q.String() {
				err = fmt.Errorf("a partial of query %q among partials of %q", expr, q.String())
				break
			}
			s := q.NewState()
			if err = s.UnmarshalBinary(f.State); err != nil {
				break
			}
			st.Merge(s)
			sum.add(part)
		default:
			err = fmt.Errorf("a partial of %s, which this build does not know", f.Kind)
		}
		if err != nil {
			if errors.Is(err, aggregate.ErrCorrupt) {
				err = fmt.Errorf("its state does not decode (%v)", err)
			}
			return usageErr("%s: %v; nothing merged", name, err)
		}
	}
	if kind == partial.Report {
		if !withAudit {
			aud = nil
		}
		err = render(stdout, cfg, rep, sum, aud)
	} else {
		bw := bufio.NewWriter(stdout)
		writeResult(bw, *output, st.Result(), cfg.cut)
		err = bw.Flush()
	}
	if err != nil {
		return outputFailed(err, exitOK, stderr)
	}
	fmt.Fprintf(stderr, "bucketlogs: merged %d partials: %d inputs, %d lines: %d records, %d errors, %d blank\n",
		len(files), sum.inputs, sum.counts.Lines, sum.counts.Records, sum.counts.Errors, sum.counts.Blank)
	return exitOK
}
