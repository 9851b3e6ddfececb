package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/bucketlogs/bucketlogs/dedupe"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// maxWorkers bounds --workers: each worker holds its own aggregators, so
// a mistyped huge number would exhaust memory before doing any work.
const maxWorkers = 256

// inputFlags are the flags every subcommand that reads logs has.
type inputFlags struct {
	format    formatFlag
	maxWindow sizeFlag
	workers   int // 0: one per core; only where the subcommand decodes in parallel
	window    *windowFlags
	store     *storeFlags
	dedupe    bool
}

func addInputFlags(fs *flag.FlagSet, parallel bool) *inputFlags {
	f := &inputFlags{maxWindow: sizeFlag(parse.DefaultMaxWindow)}
	fs.Var(&f.format, "format", formatUsage)
	fs.Var(&f.maxWindow, "max-window", "largest zstd window accepted, a `size` in bytes or with a unit (KiB, MiB, GiB); an input asking for more is an error")
	if parallel {
		fs.IntVar(&f.workers, "workers", 0, fmt.Sprintf("decode on `N` goroutines, using at most N cores; 0 means one per core (at most %d)", maxWorkers))
	}
	f.window = addWindowFlags(fs)
	f.store = addStoreFlags(fs)
	fs.BoolVar(&f.dedupe, "dedupe", false, fmt.Sprintf("drop exact duplicate records (stores deliver some twice): the same line twice, every field alike, not only request_id; exact while the %d most recent records' hours are held", dedupe.DefaultMax))
	return f
}

// dups returns the duplicate filter --dedupe asks for, or one that counts
// when count is set (report counts duplicates without dropping them), or
// nil.
func (f *inputFlags) dups(count bool) *dedupe.Set {
	if !f.dedupe && !count {
		return nil
	}
	return dedupe.New(0)
}

func (f *inputFlags) options() source.Options {
	return source.Options{Format: f.format.f, MaxWindow: int(f.maxWindow)}
}

// resolveWorkers turns --workers into a count, and limits the cores used
// to it (the returned function undoes that).
func (f *inputFlags) resolveWorkers() (n int, undo func(), err error) {
	switch {
	case f.workers < 0:
		return 0, nil, errors.New("--workers must be 0 (one per core) or more")
	case f.workers > maxWorkers:
		return 0, nil, fmt.Errorf("--workers %d is more than the maximum of %d", f.workers, maxWorkers)
	case f.workers == 0:
		return runtime.GOMAXPROCS(0), func() {}, nil
	}
	undo = func() {}
	if f.workers < runtime.GOMAXPROCS(0) {
		// A limit on workers is a limit on cores: the reader goroutine
		// shares them rather than taking one more.
		prev := runtime.GOMAXPROCS(f.workers)
		undo = func() { runtime.GOMAXPROCS(prev) }
	}
	return f.workers, undo, nil
}

func addWideFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("wide", false, fmt.Sprintf("on a terminal, do not cut table cells longer than %d characters (they are never cut in a pipe or file)", cutWidth))
}

// cellCut is how long table cells may be: cut on a terminal unless --wide,
// never elsewhere.
func cellCut(stdout io.Writer, wide bool) int {
	if wide || !isTerminal(stdout) {
		return 0
	}
	return cutWidth
}

// formatFlag is the --format flag: "auto" (the zero value) or a format name.
type formatFlag struct{ f parse.Format }

func (v *formatFlag) String() string {
	if v.f == parse.FormatUnknown {
		return "auto"
	}
	return v.f.String()
}

func (v *formatFlag) Set(s string) error {
	if s == "auto" {
		v.f = parse.FormatUnknown
		return nil
	}
	f, ok := parse.ParseFormat(s)
	if !ok || !slices.Contains(source.Formats(), f) {
		return fmt.Errorf("unknown format %q (want %s)", s, formatNames())
	}
	v.f = f
	return nil
}

// formatNames lists the values --format takes.
func formatNames() string {
	names := []string{"auto"}
	for _, f := range source.Formats() {
		names = append(names, f.String())
	}
	return strings.Join(names, ", ")
}

var formatUsage = "input `format`: " + strings.Replace(formatNames(), "auto", "auto (recognised per input)", 1)

// sizeFlag is a size in bytes, written as a number with an optional unit
// (K, KiB, M, MiB, G, GiB; binary multiples either way).
type sizeFlag int

func (s *sizeFlag) String() string {
	n := int(*s)
	for _, u := range []struct {
		name string
		size int
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.Itoa(n/u.size) + u.name
		}
	}
	return strconv.Itoa(n)
}

func (s *sizeFlag) Set(v string) error {
	num := strings.TrimRight(v, "KMGiBkmgb")
	unit := strings.ToLower(v[len(num):])
	mult := map[string]int{"": 1, "b": 1, "k": 1 << 10, "kib": 1 << 10, "kb": 1 << 10,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1 << 20, "g": 1 << 30, "gib": 1 << 30, "gb": 1 << 30}[unit]
	n, err := strconv.Atoi(num)
	if err != nil || mult == 0 || n <= 0 || n > (1<<40)/mult {
		return fmt.Errorf("%q is not a size such as 128MiB", v)
	}
	*s = sizeFlag(n * mult)
	return nil
}

// parseFlags parses args with flags anywhere among them: before, between
// and after the positional arguments, which it returns in order; "--" ends
// the flags. -h or --help prints the usage (head, then the flags) on
// stdout. done is true when the caller should return status: after help,
// or after a usage error, which flag has reported on stderr.
func parseFlags(fs *flag.FlagSet, args []string, head string, stdout, stderr io.Writer) (pos []string, status int, done bool) {
	fs.SetOutput(stderr)
	fs.Usage = func() {} // help is printed below; errors name the flag
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, printHelp(fs, head, stdout, stderr), true
		}
		if err != nil {
			fmt.Fprintf(stderr, "Run 'bucketlogs %s --help' for usage.\n", fs.Name())
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, exitOK, false
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), exitOK, false
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// printHelp writes a subcommand's usage to w; a write that fails (a full
// disk, a closed pipe) is an error, not a silent success.
func printHelp(fs *flag.FlagSet, head string, w, stderr io.Writer) int {
	var b bytes.Buffer
	b.WriteString(head)
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(stderr)
	return writeOut(w, b.Bytes(), stderr)
}

// writeOut writes b to w, and reports a failure on stderr with exit status
// 2.
func writeOut(w io.Writer, b []byte, stderr io.Writer) int {
	if _, err := w.Write(b); err != nil {
		fmt.Fprintf(stderr, "bucketlogs: writing output: %v\n", err)
		return exitUsage
	}
	return exitOK
}
