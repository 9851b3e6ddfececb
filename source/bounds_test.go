package source

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

// TestRunReusesBlocks: the blocks between the reader and the workers are a
// fixed set, reused, so a reader faster than the workers waits instead of
// allocating, even when garbage collections keep coming (which emptied the
// sync.Pool the blocks used to live in, so that every block after a GC was
// a new MiB: the peak memory under CPU contention).
func TestRunReusesBlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 60 MiB")
	}
	g := gen.New(11)
	var r parse.Record
	var data []byte
	for len(data) < 60<<20 {
		g.Next(&r, parse.FormatS3)
		data = append(gen.Append(data, &r), '\n')
	}
	file := filepath.Join(t.TempDir(), "big.log")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // the collections that contention brings
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.GC()
			}
		}
	}()
	var spin atomic.Int64
	slow := func(*parse.Record) { // a consumer slower than the reader
		for range 200 {
			spin.Add(1)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	counts, err := Run([]string{file}, RunOptions{}, []func(*parse.Record){slow, slow})
	runtime.ReadMemStats(&after)
	close(stop)
	<-done
	if err != nil || counts.Records == 0 {
		t.Fatalf("Run: %v, %+v", err, counts)
	}
	// 2×2+2 blocks of 256 KiB for 2 workers, plus under 1 MiB for the
	// reader's buffer and the results (the sync.Pool the blocks were in
	// before allocated 10 MiB here: blocks dropped by collections).
	t.Logf("allocated %d KiB", (after.TotalAlloc-before.TotalAlloc)>>10)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 7<<20 {
		t.Errorf("allocated %d MiB decoding %d MiB: blocks are not reused", grew>>20, len(data)>>20)
	}
}

// TestRunErrorsBoundedMemory: millions of bad lines cost no more memory
// than good ones, even when the bad input is decoded while earlier, slower
// input is not done: its worker waits for its turn instead of holding every
// error (today's 2.7 GB for 10M bad lines in two gzip files).
func TestRunErrorsBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 2M lines")
	}
	dir := t.TempDir()
	gz := func(name string, line []byte, n int) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		for range n {
			w.Write(line)
		}
		w.Close()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := []byte(`o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"` + "\n")
	bad := []byte(`o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 2x0 - 512 512 4 3 "-" "curl/8.5.0"` + "\n")
	first := gz("a-good.log.gz", good, 200000) // slow: decoded by a slow consumer
	goods := []string{first, gz("b-good.log.gz", good, 1000000), gz("c-good.log.gz", good, 1000000)}
	bads := []string{first, gz("b-bad.log.gz", bad, 1000000), gz("c-bad.log.gz", bad, 1000000)}

	peak := func(inputs []string) (uint64, parse.Counts, int) {
		var n atomic.Int64
		slowFirst := func(r *parse.Record) {
			if r.Status == 200 && n.Add(1) < 200000 {
				time.Sleep(0) // yield: the first input lags the others
			}
		}
		errs := 0
		lastLine := map[string]int{}
		ordered := true
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		var top atomic.Uint64
		stop := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(10 * time.Millisecond):
				}
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > top.Load() {
					top.Store(ms.HeapInuse)
				}
			}
		}()
		counts, err := Run(inputs, RunOptions{OnError: func(e error) {
			errs++
			pe := e.(*parse.Error)
			if pe.Line <= lastLine[pe.Source] {
				ordered = false
			}
			lastLine[pe.Source] = pe.Line
		}}, []func(*parse.Record){slowFirst, slowFirst})
		close(stop)
		if err != nil {
			t.Fatal(err)
		}
		if !ordered {
			t.Error("errors out of input order")
		}
		return max(top.Load(), base) - base, counts, errs
	}
	goodPeak, goodCounts, _ := peak(goods)
	badPeak, badCounts, errs := peak(bads)
	if errs != 2000000 || badCounts.Errors != 2000000 || goodCounts.Records != 2200000 {
		t.Fatalf("good %+v; bad %+v with %d errors reported", goodCounts, badCounts, errs)
	}
	t.Logf("heap peak over the start: good input %d MiB, bad input %d MiB", goodPeak>>20, badPeak>>20)
	if badPeak > 2*goodPeak+8<<20 {
		t.Errorf("2M bad lines peaked at %d MiB of heap, good ones at %d MiB", badPeak>>20, goodPeak>>20)
	}
}

// TestRunCompressedErrorsTakeTheirTurn: the workers decoding blocks of a
// compressed input share fewer tokens than there are workers (one here),
// so that the reader decompressing keeps a core. A worker whose block has
// more errors than it may hold back waits for its turn; it must give its
// token up meanwhile, or the worker of the earlier block, waiting for the
// token, never ends and neither does the run.
func TestRunCompressedErrorsTakeTheirTurn(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	bad := []byte(`o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 2x0 - 512 512 4 3 "-" "curl/8.5.0"` + "\n")
	const n = 200000
	for range n {
		w.Write(bad)
	}
	w.Close()
	file := filepath.Join(t.TempDir(), "bad.log.gz")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		counts      parse.Counts
		err         error
		errs, order int
	}
	done := make(chan outcome, 1)
	go func() { // five times: whether the workers meet so is up to the scheduler
		var o outcome
		for range 5 {
			o = outcome{}
			last := 0
			opt := RunOptions{BlockSize: 64 << 10, OnError: func(e error) {
				o.errs++
				if pe := e.(*parse.Error); pe.Line != last+1 {
					o.order++
				} else {
					last = pe.Line
				}
			}}
			nop := func(*parse.Record) {}
			o.counts, o.err = Run([]string{file}, opt, []func(*parse.Record){nop, nop, nop, nop})
			if o.err != nil || o.order != 0 {
				break
			}
		}
		done <- o
	}()
	select {
	case o := <-done:
		if o.err != nil || o.counts.Errors != n || o.errs != n || o.order != 0 {
			t.Fatalf("Run: %v, %+v, %d errors reported, %d out of order", o.err, o.counts, o.errs, o.order)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("Run has not ended after 2 minutes: workers wait on one another")
	}
}

// TestRunCompressedLeavesTheReaderACore: while the reader decompresses,
// at most GOMAXPROCS-1 workers decode at a time (one here, of four), so
// that the reader, which the run then waits on, has a core; a plain input
// keeps every worker busy.
func TestRunCompressedLeavesTheReaderACore(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	plain := gen.Corpus(5, parse.FormatS3, 2000) // about 1 MiB
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(plain)
	w.Close()
	dir := t.TempDir()
	for name, data := range map[string][]byte{"a.log": plain, "a.log.gz": gz.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	most := func(name string) int64 {
		var now, top atomic.Int64
		busy := func(*parse.Record) {
			n := now.Add(1)
			for m := top.Load(); n > m && !top.CompareAndSwap(m, n); m = top.Load() {
			}
			time.Sleep(time.Microsecond) // long enough for the other workers to come in
			now.Add(-1)
		}
		opt := RunOptions{BlockSize: 16 << 10}
		if _, err := Run([]string{filepath.Join(dir, name)}, opt, []func(*parse.Record){busy, busy, busy, busy}); err != nil {
			t.Fatal(err)
		}
		return top.Load()
	}
	if n := most("a.log.gz"); n != 1 {
		t.Errorf("%d workers decoded a compressed input at once, want 1 of 2 cores", n)
	}
	if n := most("a.log"); n < 2 {
		t.Errorf("%d workers decoded a plain input at once, want more than 1", n)
	}
}
