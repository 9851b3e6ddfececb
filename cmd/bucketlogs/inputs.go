package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/bucket"
	"github.com/bucketlogs/bucketlogs/dedupe"
	"github.com/bucketlogs/bucketlogs/lognames"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// windowFlags are --since, --until and --late, which every subcommand that
// reads logs has: records outside [since, until) are left out, and inputs
// whose names' delivery times cannot hold one are not read.
type windowFlags struct {
	since, until string
	late         time.Duration
}

func addWindowFlags(fs *flag.FlagSet) *windowFlags {
	w := &windowFlags{}
	fs.StringVar(&w.since, "since", "", "only records at or after this `time`: RFC 3339, YYYY-MM-DD (UTC), today, yesterday, or a duration ago such as 24h or 7d")
	fs.StringVar(&w.until, "until", "", "only records before this `time`, written as for --since")
	fs.DurationVar(&w.late, "late", lognames.DefaultLate, "with --since/--until, how late a store may deliver a record: objects and files whose names carry a delivery time (YYYY-MM-DD-HH-MM-SS-ID) or the hour or day of their records (GCS, Azure, COS folders) outside the window widened by this are not read")
	return w
}

// window is a parsed time window; the zero value holds every record.
type window struct {
	since, until time.Time
	late         time.Duration
}

func (w *windowFlags) parse(now time.Time) (window, error) {
	var win window
	var err error
	if win.since, err = parseWhen(w.since, now); err != nil {
		return win, fmt.Errorf("--since: %v", err)
	}
	if win.until, err = parseWhen(w.until, now); err != nil {
		return win, fmt.Errorf("--until: %v", err)
	}
	if !win.since.IsZero() && !win.until.IsZero() && !win.since.Before(win.until) {
		return win, fmt.Errorf("--since %s is not before --until %s: no record could match", w.since, w.until)
	}
	if w.late < 0 {
		return win, errors.New("--late must not be negative")
	}
	win.late = w.late
	return win, nil
}

// bounded reports whether the window leaves anything out.
func (w window) bounded() bool { return !w.since.IsZero() || !w.until.IsZero() }

// holds reports whether r is in the window: always when it is unbounded,
// else when r has a time in [since, until).
func (w window) holds(r *parse.Record) bool {
	if !w.bounded() {
		return true
	}
	return r.Has(parse.Time) && !r.Time.Before(w.since) && (w.until.IsZero() || r.Time.Before(w.until))
}

// storeFlags say how to reach the store of s3:// inputs.
type storeFlags struct {
	endpoint    string
	region      string
	virtualHost bool
	noSign      bool
	fetchers    int
}

func addStoreFlags(fs *flag.FlagSet) *storeFlags {
	s := &storeFlags{}
	fs.StringVar(&s.endpoint, "endpoint", "", "for s3:// inputs, the store's `URL` when it is not AWS (default $AWS_ENDPOINT_URL_S3, else $AWS_ENDPOINT_URL)")
	fs.StringVar(&s.region, "region", "", "for s3:// inputs, the store's region (default the AWS configuration's, else us-east-1)")
	fs.BoolVar(&s.virtualHost, "virtual-host", false, "for s3:// inputs with an endpoint, address buckets as BUCKET.ENDPOINT instead of ENDPOINT/BUCKET (Alibaba OSS needs it)")
	fs.BoolVar(&s.noSign, "no-sign-request", false, "for s3:// inputs, send requests unsigned (public buckets); otherwise credentials come from the standard AWS chain")
	fs.IntVar(&s.fetchers, "fetchers", bucket.DefaultFetchers, "for s3:// inputs, fetch `N` objects at once")
	return s
}

// inputPlan is what a run reads: local paths and bucket objects, in the
// order of the arguments.
type inputPlan struct {
	inputs source.Inputs
	// stats counts the bucket objects listed and fetched; nil when there
	// is no s3:// input.
	stats *bucket.Stats
	// skipped counts the local files left out by the window.
	skipped int
	// local is the number of local inputs (files, standard input).
	local int
	// size is the sum of the local files' sizes.
	size int64
}

// planInputs resolves the PATH arguments: local paths are listed now (each
// that cannot be, reported on stderr with status exitUsage, the rest
// read), s3:// URLs get a client and their first list request now, so
// wrong credentials, a missing bucket or an empty prefix are one message
// and exitUsage. A malformed URL or an unknown scheme is a usage error:
// ok is false and nothing is read. fsys, when set, holds paths (the
// built-in sample).
func planInputs(ctx context.Context, paths []string, fsys fs.FS, stdin io.Reader, win window, store *storeFlags, stderr io.Writer) (plan *inputPlan, status int, ok bool) {
	plan = &inputPlan{}
	if fsys != nil {
		plan.inputs, plan.local = source.Names(paths, fsys, nil), len(paths)
		return plan, exitOK, true
	}
	urls := map[int]bucket.URL{}
	for i, p := range paths {
		if bucket.IsURL(p) {
			u, err := bucket.ParseURL(p)
			if err != nil {
				fmt.Fprintf(stderr, "bucketlogs: %v\n", err)
				return nil, exitUsage, false
			}
			urls[i] = u
		}
	}
	if store.fetchers < 1 {
		fmt.Fprintln(stderr, "bucketlogs: --fetchers must be at least 1")
		return nil, exitUsage, false
	}
	var client *bucket.Client
	if len(urls) > 0 {
		plan.stats = new(bucket.Stats)
		var err error
		client, err = bucket.New(ctx, bucket.Options{
			Endpoint: store.endpoint, Region: store.region, VirtualHost: store.virtualHost, NoSign: store.noSign,
			Fetchers: store.fetchers, Since: win.since, Until: win.until, Late: win.late, Stats: plan.stats,
		})
		if err != nil {
			fmt.Fprintf(stderr, "bucketlogs: %v\n", err)
			return nil, exitUsage, false
		}
	}
	if len(paths) == 0 {
		paths = []string{source.Stdin}
	}
	var parts []source.Inputs
	buckets := 0 // s3:// inputs whose listing started
	for i, p := range paths {
		if u, isURL := urls[i]; isURL {
			seq, err := client.Inputs(ctx, u)
			if err != nil {
				fmt.Fprintf(stderr, "bucketlogs: %v\n", err)
				status = exitUsage
				continue
			}
			parts = append(parts, seq)
			buckets++
			continue
		}
		names, errs := source.Expand([]string{p})
		for _, err := range errs {
			fmt.Fprintf(stderr, "bucketlogs: %v\n", err)
			status = exitUsage
		}
		kept := names[:0]
		for _, name := range names {
			if name == source.Stdin || !win.bounded() || lognames.MayHold(name, win.since, win.until, win.late) {
				kept = append(kept, name)
			}
		}
		plan.skipped += len(names) - len(kept)
		plan.local += len(kept)
		for _, name := range kept {
			if info, err := os.Stat(name); err == nil && name != source.Stdin {
				plan.size += info.Size()
			}
		}
		parts = append(parts, source.Names(kept, nil, stdin))
	}
	plan.inputs = func(yield func(source.Input, error) bool) {
		for _, part := range parts {
			for in, err := range part {
				if !yield(in, err) {
					return
				}
			}
		}
	}
	if plan.local == 0 && plan.skipped == 0 && buckets == 0 {
		// Nothing could be read: an empty answer would pass for one.
		fmt.Fprintln(stderr, "bucketlogs: no input could be read")
		return nil, max(status, exitUsage), false
	}
	return plan, status, true
}

// summary says what the plan left out, once the run is over; "" when
// nothing was.
func (p *inputPlan) summary(win window) string {
	skipped := int64(p.skipped)
	if p.stats != nil {
		skipped += p.stats.Skipped.Load()
	}
	if skipped == 0 {
		return ""
	}
	return fmt.Sprintf("bucketlogs: %d inputs not read: their names' delivery times are outside --since/--until (allowing --late %v)", skipped, win.late)
}

// progress describes the bucket side of a run for the progress line.
func (p *inputPlan) progress() string {
	if p.stats == nil {
		return ""
	}
	s := p.stats
	var b strings.Builder
	fmt.Fprintf(&b, "objects %d listed (%s), %d fetched", s.Listed.Load(), humanBytes(s.ListedBytes.Load()), s.Fetched.Load())
	if n := s.Skipped.Load(); n > 0 {
		fmt.Fprintf(&b, ", %d skipped", n)
	}
	if n := s.Failed.Load(); n > 0 {
		fmt.Fprintf(&b, ", %d failed", n)
	}
	return b.String()
}

// reportDups says on stderr how many duplicates were found (and dropped,
// with --dedupe), and from when the count is exact if the filter had to
// forget.
func reportDups(stderr io.Writer, set *dedupe.Set, dropped bool) {
	if set == nil {
		return
	}
	st := set.Stats()
	msg := fmt.Sprintf("bucketlogs: %d duplicate records dropped (--dedupe)", st.Dups)
	if !dropped {
		if st.Dups == 0 && st.Exact {
			return // the summary says 0; nothing to warn of
		}
		msg = fmt.Sprintf("bucketlogs: %d duplicate records found and counted (--dedupe drops them)", st.Dups)
	}
	if !st.Exact {
		msg += "; exact for records"
		if !st.ExactSince.IsZero() {
			msg += " from " + st.ExactSince.Format(time.RFC3339)
		}
		msg += " on: older hours were forgotten to bound memory"
	}
	fmt.Fprintln(stderr, msg)
}
