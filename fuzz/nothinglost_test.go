package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/source"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// plant builds n lines of generated s3 records with malformed lines mixed in
// at known places, and returns the data and the bad line numbers.
func plant(n, maxLine int) ([]byte, []int) {
	g := gen.New(5)
	var r parse.Record
	var buf bytes.Buffer
	var bad []int
	kinds := []func(i int) string{
		func(int) string { return "garbage, not a log line" },
		func(int) string { // a truncated record
			g.Next(&r, parse.FormatS3)
			l := s3line.AppendLine(nil, &r, parse.FormatS3)
			return string(l[:len(l)/3])
		},
		func(int) string { return strings.Repeat("x", maxLine+100) }, // over-long
		func(int) string { // invalid UTF-8 where the time belongs
			return "owner bucket \xff\xfe\xfd 10.0.0.1 - ID REST.GET.OBJECT k \"GET / HTTP/1.1\" 200 - 1 1 1 1 \"-\" \"-\""
		},
	}
	for i := 1; i <= n; i++ {
		if i%997 == 0 {
			buf.WriteString(kinds[(i/997)%len(kinds)](i))
			bad = append(bad, i)
		} else {
			g.Next(&r, parse.FormatS3)
			buf.Write(s3line.AppendLine(nil, &r, parse.FormatS3))
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes(), bad
}

// TestNothingLost streams 200,000 lines with malformed lines at known
// positions, plain and as gzip with its tail cut off, through the library's
// sequential reader and parallel runner, and checks that records plus errors
// account for every line, that each error names the planted line, and that
// memory stays bounded.
func TestNothingLost(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 200,000 lines")
	}
	const n, maxLine = 200000, 4096
	data, bad := plant(n, maxLine)
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.log")
	os.WriteFile(plain, data, 0o644)

	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(data)
	w.Close()
	cut := z.Bytes()[:z.Len()*3/4] // a truncated gzip tail
	truncated := filepath.Join(dir, "cut.log.gz")
	os.WriteFile(truncated, cut, 0o644)

	check := func(t *testing.T, counts parse.Counts, errs []error, wantAll bool) {
		t.Helper()
		var lines []int
		var ioErrs int
		for _, err := range errs {
			var pe *parse.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *parse.Error", err)
			}
			if pe.Source == "" || pe.Line <= 0 || pe.Offset < 0 {
				t.Errorf("error without a position: %v", err)
			}
			switch {
			case errors.Is(err, parse.ErrSyntax), errors.Is(err, parse.ErrFieldCount), errors.Is(err, parse.ErrLineTooLong), errors.Is(err, parse.ErrRange):
				lines = append(lines, pe.Line)
			default:
				ioErrs++
			}
		}
		if counts.Records+counts.Errors+counts.Blank != counts.Lines {
			t.Errorf("records %d + errors %d + blank %d != lines %d", counts.Records, counts.Errors, counts.Blank, counts.Lines)
		}
		sort.Ints(lines)
		if wantAll {
			if fmt.Sprint(lines) != fmt.Sprint(bad) || ioErrs != 0 || counts.Lines != n {
				t.Errorf("errors at %d lines (%d I/O), want exactly the %d planted; %d lines read", len(lines), ioErrs, len(bad), counts.Lines)
			}
			return
		}
		// Truncated: every planted line before the cut is reported, the last
		// error is the I/O error, and the partial last line may add one.
		if ioErrs != 1 {
			t.Errorf("%d I/O errors, want the truncation once", ioErrs)
		}
		for i, l := range lines {
			if i < len(bad) && l != bad[i] && l < int(counts.Lines)-1 {
				t.Errorf("error %d at line %d, want %d", i, l, bad[i])
				break
			}
		}
		if counts.Lines < n/2 || counts.Lines >= n {
			t.Errorf("read %d lines of a stream cut at 3/4", counts.Lines)
		}
	}

	for _, tc := range []struct {
		name string
		file string
		all  bool
	}{{"plain", plain, true}, {"truncated-gzip", truncated, false}} {
		t.Run(tc.name+"/sequential", func(t *testing.T) {
			st, err := source.Open(tc.file, source.Options{MaxLineSize: maxLine})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			var errs []error
			stop := watchHeap()
			for _, err := range st.All() {
				if err != nil {
					errs = append(errs, err)
				}
			}
			if peak := stop(); peak > 32<<20 {
				t.Errorf("heap grew by %d MiB streaming %d MiB", peak>>20, len(data)>>20)
			}
			check(t, st.Counts(), errs, tc.all)
		})
		t.Run(tc.name+"/parallel", func(t *testing.T) {
			var errs []error
			consumers := []func(*parse.Record){func(*parse.Record) {}, func(*parse.Record) {}}
			stop := watchHeap()
			counts, err := source.Run([]string{tc.file}, source.RunOptions{Options: source.Options{MaxLineSize: maxLine},
				BlockSize: 256 << 10, OnError: func(e error) { errs = append(errs, e) }}, consumers)
			if peak := stop(); peak > 32<<20 {
				t.Errorf("heap grew by %d MiB streaming %d MiB", peak>>20, len(data)>>20)
			}
			if err != nil {
				t.Fatal(err)
			}
			check(t, counts, errs, tc.all)
		})
	}
}

// watchHeap samples the heap in use until the returned function is called,
// which returns the peak growth over the heap at the start, in bytes.
func watchHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak.Store(base.HeapInuse)
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() - base.HeapInuse }
}

// TestNothingLostCommand runs the same planted input through the command,
// and checks that stdout has a record for every good line and stderr an
// error naming every planted line.
func TestNothingLostCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	const n = 50000
	data, bad := plant(n, parse.DefaultMaxLineSize)
	// The planted over-long lines are only 4 KiB here: make them really
	// over the command's default maximum.
	long := strings.Repeat("y", parse.DefaultMaxLineSize+10)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for _, b := range bad {
		if strings.HasPrefix(lines[b-1], "xxxx") {
			lines[b-1] = long
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.log")
	os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	bin := filepath.Join(dir, "bucketlogs")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/bucketlogs").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "cat", in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1\n%s", err, stderr.String())
	}
	if got := bytes.Count(stdout.Bytes(), []byte("\n")); got != n-len(bad) {
		t.Errorf("%d records printed, want %d", got, n-len(bad))
	}
	var errLines []int
	for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if rest, ok := strings.CutPrefix(l, in+":"); ok {
			var line int
			fmt.Sscanf(rest, "%d:", &line)
			errLines = append(errLines, line)
		}
	}
	if fmt.Sprint(errLines) != fmt.Sprint(bad) {
		t.Errorf("stderr names lines %v, want %v", errLines, bad)
	}
	if !strings.Contains(stderr.String(), fmt.Sprintf("%d lines: %d records, %d errors", n, n-len(bad), len(bad))) {
		t.Errorf("summary: %s", stderr.String())
	}
}

// plantYandex renders n generated Yandex records, each with its sequence
// number as request_id, damaging one in 997 in a rotating way (cut just
// after '{', after a ':' or a ',', or mid-string; a stray byte in front;
// garbage). It returns the records' texts and the damaged ones' indexes
// (true for a record left whole behind a stray byte, which must decode).
func plantYandex(n int) ([]string, map[int]bool) {
	g := gen.New(7)
	var r parse.Record
	recs := make([]string, n)
	bad := map[int]bool{}
	for i := range recs {
		g.Next(&r, parse.FormatYandex)
		r.SetText(parse.RequestID, []byte(fmt.Sprintf("r%d", i)))
		s := string(yajson.AppendRecord(nil, &r))
		if i%997 == 500 {
			bad[i] = false
			switch (i / 997) % 6 {
			case 0:
				s = s[:1]
			case 1:
				s = s[:strings.Index(s, ":")+1]
			case 2:
				s = s[:strings.LastIndex(s, ",")+1]
			case 3:
				s = s[:strings.Index(s, `"r`)+2] // inside the request_id string
			case 4:
				s = "x" + s
				bad[i] = true
			case 5:
				s = "garbage, not JSON"
			}
		}
		recs[i] = s
	}
	return recs, bad
}

// TestNothingLostYandex: a damaged Yandex record costs only itself, in
// every framing, through the sequential reader and the parallel runner;
// for one record per line every error names a damaged line and lines add
// up.
func TestNothingLostYandex(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 200,000 records")
	}
	const n = 200000
	recs, bad := plantYandex(n)
	dir := t.TempDir()
	layouts := map[string]string{
		"lines":          strings.Join(recs, "\n") + "\n",
		"one-line-array": "[" + strings.Join(recs, ",") + "]",
		"concatenated":   strings.Join(recs, ""),
	}
	for name, data := range layouts {
		file := filepath.Join(dir, name+".json")
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		check := func(t *testing.T, ids []string, counts parse.Counts, errs []error) {
			t.Helper()
			got := map[string]bool{}
			for _, id := range ids {
				got[id] = true
			}
			lost, whole := 0, 0
			for i := range n {
				keep, damaged := bad[i]
				if keep {
					whole++
				}
				if (keep || !damaged) && !got[fmt.Sprintf("r%d", i)] {
					lost++
				}
			}
			if lost > 0 {
				t.Errorf("%d intact records lost (%d decoded, %d errors)", lost, counts.Records, counts.Errors)
			}
			if len(errs) < len(bad) {
				t.Errorf("%d errors for %d damaged records", len(errs), len(bad))
			}
			if name != "lines" {
				return
			}
			// A stray byte is an error and the record behind it a record,
			// on one line.
			if counts.Lines != n || counts.Records+counts.Errors != counts.Lines+int64(whole) || counts.Errors != int64(len(bad)) {
				t.Errorf("counts %+v, want %d lines, %d errors, %d lines with both", counts, n, len(bad), whole)
			}
			for _, err := range errs {
				var pe *parse.Error
				if !errors.As(err, &pe) {
					t.Fatalf("error %v is not a *parse.Error", err)
				}
				if _, damaged := bad[pe.Line-1]; !damaged {
					t.Errorf("error %v is not at a damaged line", err)
				}
			}
		}
		t.Run(name+"/sequential", func(t *testing.T) {
			st, err := source.Open(file, source.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			var ids []string
			var errs []error
			for rec, err := range st.All() {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, string(rec.RequestID))
			}
			check(t, ids, st.Counts(), errs)
		})
		t.Run(name+"/parallel", func(t *testing.T) {
			var mu sync.Mutex
			var ids []string
			var errs []error
			consume := func(r *parse.Record) { mu.Lock(); ids = append(ids, string(r.RequestID)); mu.Unlock() }
			counts, err := source.Run([]string{file}, source.RunOptions{OnError: func(e error) { errs = append(errs, e) }},
				[]func(*parse.Record){consume, consume})
			if err != nil {
				t.Fatal(err)
			}
			check(t, ids, counts, errs)
		})
	}
}
