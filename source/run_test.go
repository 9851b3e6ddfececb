package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

// writeInputs writes a mix of inputs, with malformed lines at known places.
func writeInputs(t *testing.T) []string {
	dir := t.TempDir()
	g := gen.New(3)
	var r parse.Record
	render := func(format parse.Format, n int, bad map[int]string) []byte {
		var b []byte
		for i := range n {
			if s, ok := bad[i]; ok {
				b = append(b, s...)
			} else {
				g.Next(&r, format)
				b = gen.Append(b, &r)
			}
			b = append(b, '\n')
		}
		return b
	}
	s3 := render(parse.FormatS3, 20000, map[int]string{5: "garbage", 7000: "", 9000: strings.Repeat("y", 200000), 15000: strings.Repeat("x", 5000), 19999: "\r"})
	oss := render(parse.FormatOSS, 3000, map[int]string{100: "1.2.3.4 - - [bad"})
	ya := render(parse.FormatYandex, 3000, map[int]string{2: `{"status":"x"}`})
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(oss)
	w.Close()
	files := map[string][]byte{"a.log": s3, "b.log.gz": gz.Bytes(), "c.json": ya}
	order := []string{"a.log", "b.log.gz", "c.json"}
	// The other stores, each with a bad line; gcs with its header.
	for i, f := range []parse.Format{parse.FormatOBS, parse.FormatCOS, parse.FormatGCS, parse.FormatAzure, parse.FormatS3JSON, parse.FormatAzureJSON} {
		data := render(f, 4000, map[int]string{1500: "1.0;broken"})
		if f == parse.FormatGCS {
			data = append([]byte(gcslog.Header+"\n"), data...)
		}
		name := fmt.Sprintf("d%d-%s.log", i, f)
		files[name] = data
		order = append(order, name)
	}
	var names []string
	for _, n := range order {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	return append(names, filepath.Join(dir, "missing.log"))
}

// TestRunMatchesSequential runs with 1, 2 and 5 workers and small blocks,
// and compares records (as a multiset of JSON lines), errors (in order) and
// counts with a plain sequential read through Open.
func TestRunMatchesSequential(t *testing.T) {
	inputs := writeInputs(t)
	opt := Options{MaxLineSize: 4096}

	var wantRecs []string
	var wantErrs []string
	var wantCounts parse.Counts
	for _, name := range inputs {
		st, err := Open(name, opt)
		if err != nil {
			wantErrs = append(wantErrs, err.Error())
			continue
		}
		for rec, err := range st.All() {
			if err != nil {
				wantErrs = append(wantErrs, err.Error())
				continue
			}
			wantRecs = append(wantRecs, string(parse.AppendJSON(nil, rec)))
		}
		wantCounts.Add(st.Counts())
		st.Close()
	}
	if wantCounts.Errors != 11 || wantCounts.Blank != 3 {
		t.Fatalf("sequential read found %+v, want 11 errors and 3 blank", wantCounts)
	}
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			recs := make([][]string, workers)
			consumers := make([]func(*parse.Record), workers)
			for i := range consumers {
				consumers[i] = func(r *parse.Record) { recs[i] = append(recs[i], string(parse.AppendJSON(nil, r))) }
			}
			var errs []string
			counts, err := Run(inputs, RunOptions{Options: opt, BlockSize: 64 << 10, OnError: func(e error) { errs = append(errs, e.Error()) }}, consumers)
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Run error = %v, want the missing file", err)
			}
			if diff := cmp.Diff(wantErrs, errs); diff != "" {
				t.Errorf("errors (-sequential +run):\n%s", diff)
			}
			if diff := cmp.Diff(wantCounts, counts); diff != "" {
				t.Errorf("counts (-sequential +run):\n%s", diff)
			}
			if diff := cmp.Diff(wantRecs, slices.Concat(recs...), cmpSorted); diff != "" {
				t.Errorf("records (-sequential +run):\n%s", diff)
			}
		})
	}
}

var cmpSorted = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	sortStrings(out)
	return out
})

func sortStrings(s []string) { slices.Sort(s) }

// TestRunLineEndsMatchSequential: Run's block cutter and the sequential
// LineReader agree on odd line ends around over-long lines (which the
// cutter skips in its own way): CR-only streams whose first line is too
// long, a lone CR at a block's end, CRLF, a byte order mark.
func TestRunLineEndsMatchSequential(t *testing.T) {
	line := `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"`
	long := strings.Repeat("z", 5000)
	dir := t.TempDir()
	for i, data := range []string{
		long + "\r" + line + "\r" + line + "\r",
		long + "\r\n" + line + "\r\n",
		long + "\n" + line + "\n" + long,
		"\xef\xbb\xbf" + long + "\r" + line,
		line + "\r" + long + "\r" + line + "\r",
		strings.Repeat(line+"\r", 40) + long + "\r" + line,
		long + "\r",
	} {
		name := filepath.Join(dir, fmt.Sprintf("%d.log", i))
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := Options{Format: parse.FormatS3, MaxLineSize: 1000}
		st, err := Open(name, opt)
		if err != nil {
			t.Fatal(err)
		}
		// Records and errors apart: Run reports errors in order, but
		// records reach the consumers as they are decoded.
		var want, wantErrs []string
		for rec, err := range st.All() {
			if err != nil {
				wantErrs = append(wantErrs, err.Error())
			} else {
				want = append(want, string(rec.Bucket))
			}
		}
		wantCounts := st.Counts()
		st.Close()
		var got, gotErrs []string
		counts, err := Run([]string{name}, RunOptions{Options: opt, BlockSize: 2048,
			OnError: func(e error) { gotErrs = append(gotErrs, e.Error()) }},
			[]func(*parse.Record){func(r *parse.Record) { got = append(got, string(r.Bucket)) }})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("input %d: records (-sequential +run):\n%s", i, diff)
		}
		if diff := cmp.Diff(wantErrs, gotErrs); diff != "" {
			t.Errorf("input %d: errors (-sequential +run):\n%s", i, diff)
		}
		if diff := cmp.Diff(wantCounts, counts); diff != "" {
			t.Errorf("input %d: counts (-sequential +run):\n%s", i, diff)
		}
	}
}

// TestRunInputs runs over a sequence of inputs that are not files: one
// held in memory, an error in the sequence's place, one whose Open fails.
// Each ends up where the sequence put it, with the run going on.
func TestRunInputs(t *testing.T) {
	g := gen.New(9)
	var r parse.Record
	var lines []byte
	for range 500 {
		g.Next(&r, parse.FormatS3)
		lines = append(gen.Append(lines, &r), '\n')
	}
	mem := func(name string, b []byte) Input {
		return Input{Name: name, Size: int64(len(b)), Open: func(context.Context) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(b)), nil
		}}
	}
	listErr := errors.New("s3://b/logs/: listing failed")
	inputs := func(yield func(Input, error) bool) {
		_ = yield(mem("mem://one", lines), nil) &&
			yield(Input{}, listErr) &&
			yield(Input{Name: "mem://gone", Size: -1, Open: func(context.Context) (io.ReadCloser, error) {
				return nil, errors.New("mem://gone: object not found")
			}}, nil) &&
			yield(mem("mem://two", append([]byte("garbage\n"), lines...)), nil)
	}
	for _, workers := range []int{1, 3} {
		var errs []string
		var n atomic.Int64
		consumers := make([]func(*parse.Record), workers)
		for i := range consumers {
			consumers[i] = func(*parse.Record) { n.Add(1) }
		}
		var p Progress
		counts, err := RunInputs(inputs, RunOptions{BlockSize: 4096, Progress: &p, OnError: func(e error) { errs = append(errs, e.Error()) }}, consumers)
		if err != listErr {
			t.Errorf("%d workers: error %v, want the first one, %v", workers, err, listErr)
		}
		want := []string{listErr.Error(), "mem://gone: object not found", "mem://two:1:7: bucket: too few fields"}
		if diff := cmp.Diff(want, errs); diff != "" {
			t.Errorf("%d workers: errors (-want +got):\n%s", workers, diff)
		}
		if counts.Records != 1000 || n.Load() != 1000 || counts.Errors != 1 || p.Inputs.Load() != 3 {
			t.Errorf("%d workers: counts %+v, %d consumed, %d inputs", workers, counts, n.Load(), p.Inputs.Load())
		}
	}
}

// TestRecordsCarryTheirLine: every record of a line format or of JSON
// lines, from Run's workers and from a Stream, carries its line as Raw
// (line end cut), which package dedupe compares.
func TestRecordsCarryTheirLine(t *testing.T) {
	names := writeInputs(t)
	names = names[:len(names)-1] // not the missing one
	lines := map[string]bool{}
	for _, n := range names {
		s, err := Open(n, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for r, err := range s.All() {
			if err != nil {
				continue
			}
			if len(r.Raw) == 0 {
				t.Fatalf("%s: a record from a Stream without its line", n)
			}
			lines[string(r.Raw)] = true
		}
		s.Close()
	}
	var bad atomic.Int64
	consumers := make([]func(*parse.Record), 2)
	for i := range consumers {
		consumers[i] = func(r *parse.Record) {
			if !lines[string(r.Raw)] || bytes.HasSuffix(r.Raw, []byte("\r")) {
				bad.Add(1)
			}
		}
	}
	counts, _ := Run(names, RunOptions{BlockSize: 64 << 10}, consumers)
	if counts.Records == 0 || bad.Load() != 0 {
		t.Errorf("%d of %d records from Run without their line", bad.Load(), counts.Records)
	}
}

// TestRunBatches: RunBatches gives the records Run does, s3line records in
// batches of up to BatchSize and every other record alone (their decoders
// reuse a buffer from one record to the next, so a held record would
// change under the batch).
func TestRunBatches(t *testing.T) {
	inputs := writeInputs(t)
	opt := RunOptions{Options: Options{MaxLineSize: 4096}, BlockSize: 64 << 10}
	var want []string
	if _, err := Run(inputs, opt, []func(*parse.Record){func(r *parse.Record) {
		want = append(want, string(parse.AppendJSON(nil, r)))
	}}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Run error = %v, want the missing file", err)
	}
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			recs := make([][]string, workers)
			largest := make([]int, workers)
			var alone atomic.Int64 // batches of more than one non-s3line record
			consumers := make([]func([]parse.Record), workers)
			for i := range consumers {
				consumers[i] = func(batch []parse.Record) {
					if len(batch) == 0 || len(batch) > BatchSize {
						t.Errorf("a batch of %d records", len(batch))
					}
					largest[i] = max(largest[i], len(batch))
					for k := range batch {
						switch batch[k].Format {
						case parse.FormatS3, parse.FormatOSS, parse.FormatOBS, parse.FormatCOS:
						default:
							if len(batch) > 1 {
								alone.Add(1)
							}
						}
						recs[i] = append(recs[i], string(parse.AppendJSON(nil, &batch[k])))
					}
				}
			}
			if _, err := RunBatches(Names(inputs, nil, nil), opt, consumers); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("RunBatches error = %v, want the missing file", err)
			}
			if diff := cmp.Diff(want, slices.Concat(recs...), cmpSorted); diff != "" {
				t.Errorf("records (-Run +RunBatches):\n%s", diff)
			}
			if slices.Max(largest) != BatchSize {
				t.Errorf("largest batch %d, want %d", slices.Max(largest), BatchSize)
			}
			if alone.Load() != 0 {
				t.Errorf("%d batches of more than one JSON, gcs or azure record", alone.Load())
			}
		})
	}
}
