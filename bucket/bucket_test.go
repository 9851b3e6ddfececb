package bucket_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/bucketlogs/bucketlogs/bucket"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/s3test"
	"github.com/bucketlogs/bucketlogs/lognames"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// start runs the server with the test's environment pointing the AWS
// configuration at it, and returns a client of it.
func start(t *testing.T, opt bucket.Options) (*s3test.Server, *bucket.Client) {
	srv := s3test.Start(t)
	for _, kv := range srv.Env(t.TempDir()) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	c, err := bucket.New(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// hourly renders n records of format whose times are in the hour before
// delivery, as a store delivers them.
func hourly(g *gen.Generator, format parse.Format, delivery time.Time, n int) []byte {
	var r parse.Record
	var b []byte
	for i := range n {
		g.Next(&r, format)
		r.SetTime(delivery.Add(-time.Hour + time.Duration(i)*time.Hour/time.Duration(n)))
		b = append(gen.Append(b, &r), '\n')
	}
	return b
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func zst(b []byte) []byte {
	w, _ := zstd.NewWriter(nil)
	return w.EncodeAll(b, nil)
}

// result is what a run over some inputs gives: the records as JSON lines
// in input order (one worker), the errors, the counts.
type result struct {
	Records []string
	Errors  []string
	Counts  parse.Counts
}

func runAll(t *testing.T, inputs source.Inputs, workers int, keep func(*parse.Record) bool) result {
	t.Helper()
	var res result
	var mu sync.Mutex
	consumers := make([]func(*parse.Record), workers)
	for i := range consumers {
		consumers[i] = func(r *parse.Record) {
			if keep != nil && !keep(r) {
				return
			}
			line := string(parse.AppendJSON(nil, r))
			mu.Lock()
			res.Records = append(res.Records, line)
			mu.Unlock()
		}
	}
	counts, _ := source.RunInputs(inputs, source.RunOptions{BlockSize: 16 << 10, OnError: func(err error) {
		res.Errors = append(res.Errors, err.Error())
	}}, consumers)
	res.Counts = counts
	if workers > 1 {
		slices.Sort(res.Records)
	}
	return res
}

// TestBucketEqualsDisk reads the same objects from the server and from
// the directory it serves: the same records, errors (by name) and counts,
// with one worker and with three.
func TestBucketEqualsDisk(t *testing.T) {
	srv, c := start(t, bucket.Options{Fetchers: 4})
	srv.Bucket(t, "logs-bucket")
	g := gen.New(1)
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	var names []string
	for h := range 12 {
		d := at.Add(time.Duration(h) * time.Hour)
		stamp := d.Format("2006-01-02-15-04-05")
		var key string
		var data []byte
		switch h % 3 {
		case 0:
			key, data = "logs/"+stamp+"-S3", hourly(g, parse.FormatS3, d, 300)
			if h == 3 {
				data = append(data, "not a log line\n"...)
			}
		case 1:
			key, data = "logs/photos"+stamp+"-0001", gz(hourly(g, parse.FormatOSS, d, 200))
		case 2:
			key, data = "logs/"+stamp+"-YANDEX.zst", zst(hourly(g, parse.FormatYandex, d, 100))
		}
		srv.Put(t, "logs-bucket", key, data)
		names = append(names, key)
	}
	slices.Sort(names)
	local := make([]string, len(names))
	for i, n := range names {
		local[i] = filepath.Join(srv.Root, "logs-bucket", filepath.FromSlash(n))
	}
	for _, workers := range []int{1, 3} {
		want := runAll(t, source.Names(local, nil, nil), workers, nil)
		for i := range want.Errors {
			want.Errors[i] = strings.ReplaceAll(want.Errors[i], filepath.Join(srv.Root, "logs-bucket")+string(filepath.Separator), "s3://logs-bucket/")
		}
		inputs, err := c.Inputs(context.Background(), bucket.URL{Bucket: "logs-bucket", Prefix: "logs/"})
		if err != nil {
			t.Fatal(err)
		}
		got := runAll(t, inputs, workers, nil)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d workers: bucket vs disk (-disk +bucket):\n%s", workers, diff)
		}
		if want.Counts.Records != 2400 || want.Counts.Errors != 1 {
			t.Errorf("counts %+v", want.Counts)
		}
	}
}

// TestWindowReadsOnlyWhatItNeeds puts two days of hourly objects in the
// simple and the partitioned layout and asks about six hours: the records
// are those of reading everything and filtering by time, only the objects
// whose names may hold them are fetched, and listing jumps instead of
// walking.
func TestWindowReadsOnlyWhatItNeeds(t *testing.T) {
	since := time.Date(2026, 11, 18, 6, 0, 0, 0, time.UTC)
	until := since.Add(6 * time.Hour)
	late := 2 * time.Hour
	srv, c := start(t, bucket.Options{Since: since, Until: until, Late: late, Fetchers: 8})
	srv.Bucket(t, "logs")
	g := gen.New(2)
	start := time.Date(2026, 11, 17, 1, 0, 0, 0, time.UTC)
	keys := map[string][]string{} // by prefix
	put := func(prefix, key string, data []byte) {
		srv.Put(t, "logs", prefix+key, data)
		keys[prefix] = append(keys[prefix], prefix+key)
	}
	for h := range 72 {
		d := start.Add(time.Duration(h) * time.Hour)
		stamp := d.Format("2006-01-02-15-04-05")
		put("simple/", stamp+"-A", hourly(g, parse.FormatS3, d, 20))
		put("part/", "111122223333/eu-west-1/photos/"+d.Format("2006/01/02/")+stamp+"-B", hourly(g, parse.FormatS3, d, 20))
		put("part/", "111122223333/us-east-1/docs/"+d.Format("2006/01/02/")+stamp+"-C", hourly(g, parse.FormatS3, d, 20))
	}
	// Every 5 minutes for nine days: three pages when walked.
	dense := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	for m := 0; m < 9*24*60; m += 5 {
		d := dense.Add(time.Duration(m) * time.Minute)
		put("dense/", d.Format("2006-01-02-15-04-05")+"-D", hourly(g, parse.FormatS3, d, 1))
	}
	inWindow := func(r *parse.Record) bool { return !r.Time.Before(since) && r.Time.Before(until) }
	everything, err := bucket.New(context.Background(), bucket.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		prefix   string
		records  int
		maxLists int64
	}{
		{"simple/", 6 * 20, 1},
		{"part/", 2 * 6 * 20, 3}, // a jump into each base's window
		{"dense/", 6 * 12, 2},    // one page, then a jump to since
	} {
		u := bucket.URL{Bucket: "logs", Prefix: tt.prefix}
		inputs, err := everything.Inputs(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		want := runAll(t, inputs, 2, inWindow)

		srv.Gets.Store(0)
		srv.Lists.Store(0)
		inputs, err = c.Inputs(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		got := runAll(t, inputs, 2, inWindow)
		if diff := cmp.Diff(want.Records, got.Records); diff != "" || len(want.Records) != tt.records {
			t.Errorf("%s: %d records in the window, want %d (-all +window):\n%s", tt.prefix, len(got.Records), len(want.Records), diff)
		}
		var mayHold int64
		for _, k := range keys[tt.prefix] {
			if lognames.MayHold(k, since, until, late) {
				mayHold++
			}
		}
		if n := srv.Gets.Load(); n != mayHold {
			t.Errorf("%s: %d GETs, want %d (the objects whose names may hold the window)", tt.prefix, n, mayHold)
		}
		if n := srv.Lists.Load(); n > tt.maxLists {
			t.Errorf("%s: %d list requests, want at most %d", tt.prefix, n, tt.maxLists)
		}
		t.Logf("%s: %d GETs, %d lists for %d objects", tt.prefix, srv.Gets.Load(), srv.Lists.Load(), len(keys[tt.prefix]))
	}
}

// TestPaging lists more objects than one page holds.
func TestPaging(t *testing.T) {
	srv, c := start(t, bucket.Options{})
	srv.Bucket(t, "many")
	g := gen.New(3)
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	const n = 2345
	for i := range n {
		d := at.Add(time.Duration(i) * time.Minute)
		srv.Put(t, "many", fmt.Sprintf("l/%s-%04d", d.Format("2006-01-02-15-04-05"), i), hourly(g, parse.FormatS3, d, 1))
	}
	inputs, err := c.Inputs(context.Background(), bucket.URL{Bucket: "many", Prefix: "l/"})
	if err != nil {
		t.Fatal(err)
	}
	got := runAll(t, inputs, 2, nil)
	if got.Counts.Records != n || len(got.Errors) != 0 {
		t.Errorf("%d records, errors %v; want %d", got.Counts.Records, got.Errors, n)
	}
	if l, want := srv.Lists.Load(), int64((n+999)/1000); l != want {
		t.Errorf("%d list requests, want %d", l, want)
	}
	st := c.Stats()
	if st.Listed.Load() != n || st.Fetched.Load() != n || srv.Gets.Load() != n {
		t.Errorf("listed %d, fetched %d, %d GETs; want %d", st.Listed.Load(), st.Fetched.Load(), srv.Gets.Load(), n)
	}
}

// TestListingErrors: wrong credentials, a missing bucket and a prefix with
// no objects are each one *Error from Inputs, saying what is wrong.
func TestListingErrors(t *testing.T) {
	srv, c := start(t, bucket.Options{})
	srv.Bucket(t, "present")
	srv.Put(t, "present", "logs/2026-11-17-00-00-00-A", []byte("\n"))
	tests := []struct {
		name string
		c    *bucket.Client
		u    bucket.URL
		code string
		msg  string
	}{
		{"missing bucket", c, bucket.URL{Bucket: "absent"}, "NoSuchBucket", "s3://absent/: no such bucket at " + srv.Endpoint},
		{"missing prefix", c, bucket.URL{Bucket: "present", Prefix: "nothing/"}, "", "s3://present/nothing/: no objects under this prefix"},
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong")
	wrong, err := bucket.New(context.Background(), bucket.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct {
		name string
		c    *bucket.Client
		u    bucket.URL
		code string
		msg  string
	}{"wrong secret", wrong, bucket.URL{Bucket: "present"}, "SignatureDoesNotMatch", "s3://present/: the store refused the credentials"})
	for _, tt := range tests {
		_, err := tt.c.Inputs(context.Background(), tt.u)
		var be *bucket.Error
		if !errors.As(err, &be) {
			t.Errorf("%s: error %v, want a *bucket.Error", tt.name, err)
			continue
		}
		if be.Code != tt.code || !strings.HasPrefix(err.Error(), tt.msg) {
			t.Errorf("%s: code %q, %q; want code %q and a message starting %q", tt.name, be.Code, err, tt.code, tt.msg)
		}
	}
}

// TestObjectDeletedMidRun deletes an object after the listing, before any
// object is fetched: it is reported by name and the others are decoded.
func TestObjectDeletedMidRun(t *testing.T) {
	srv, c := start(t, bucket.Options{Fetchers: 2})
	srv.Bucket(t, "deleted-from")
	g := gen.New(4)
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	var keys []string
	for h := range 6 {
		d := at.Add(time.Duration(h) * time.Hour)
		k := "logs/" + d.Format("2006-01-02-15-04-05") + "-X"
		srv.Put(t, "deleted-from", k, hourly(g, parse.FormatS3, d, 10))
		keys = append(keys, k)
	}
	var once sync.Once
	srv.Before(func(r *http.Request) {
		if r.Method == http.MethodGet && !r.URL.Query().Has("list-type") {
			once.Do(func() { os.Remove(filepath.Join(srv.Root, "deleted-from", filepath.FromSlash(keys[3]))) })
		}
	})
	inputs, err := c.Inputs(context.Background(), bucket.URL{Bucket: "deleted-from", Prefix: "logs/"})
	if err != nil {
		t.Fatal(err)
	}
	got := runAll(t, inputs, 2, nil)
	want := []string{"s3://deleted-from/" + keys[3] + ": object not found: deleted or moved since it was listed"}
	if diff := cmp.Diff(want, got.Errors); diff != "" || got.Counts.Records != 50 {
		t.Errorf("%d records; errors (-want +got):\n%s", got.Counts.Records, diff)
	}
	if c.Stats().Failed.Load() != 1 {
		t.Errorf("failed = %d, want 1", c.Stats().Failed.Load())
	}
}

// TestRetries: throttling and 5xx answers are retried; an object that
// keeps failing is an error naming it after MaxAttempts, and the others
// are read.
func TestRetries(t *testing.T) {
	srv, c := start(t, bucket.Options{Fetchers: 4, MaxAttempts: 3})
	srv.Bucket(t, "flaky-store")
	g := gen.New(8)
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	var keys []string
	for h := range 8 {
		d := at.Add(time.Duration(h) * time.Hour)
		k := "l/" + d.Format("2006-01-02-15-04-05") + "-R"
		srv.Put(t, "flaky-store", k, hourly(g, parse.FormatS3, d, 10))
		keys = append(keys, k)
	}
	var mu sync.Mutex
	tries := map[string]int{}
	srv.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		tries[r.URL.Path]++
		n := tries[r.URL.Path]
		switch {
		case r.URL.Query().Has("list-type") && n == 1:
			s3test.Fail(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
			return true
		case strings.HasSuffix(r.URL.Path, keys[5]):
			s3test.Fail(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
			return true
		case r.Method == http.MethodGet && n <= 2:
			s3test.Fail(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
			return true
		}
		return false
	})
	inputs, err := c.Inputs(context.Background(), bucket.URL{Bucket: "flaky-store"})
	if err != nil {
		t.Fatal(err)
	}
	got := runAll(t, inputs, 2, nil)
	if got.Counts.Records != 70 || len(got.Errors) != 1 || !strings.HasPrefix(got.Errors[0], "s3://flaky-store/"+keys[5]+": ") || !strings.Contains(got.Errors[0], "InternalError") {
		t.Errorf("%d records, errors %q; want 70 and one naming %s", got.Counts.Records, got.Errors, keys[5])
	}
	mu.Lock()
	defer mu.Unlock()
	if n := tries["/flaky-store/"+keys[5]]; n != 3 {
		t.Errorf("the failing object was tried %d times, want 3", n)
	}
	if n := tries["/flaky-store/"+keys[0]]; n != 3 {
		t.Errorf("a throttled object was tried %d times, want 3", n)
	}
}

// TestFewFetchersManyWorkers: a reader that takes more inputs ahead than
// there are fetchers (RunInputs takes one per worker before opening any)
// does not wait on a fetcher: objects not fetched ahead are streamed.
func TestFewFetchersManyWorkers(t *testing.T) {
	srv, c := start(t, bucket.Options{Fetchers: 1})
	srv.Bucket(t, "few-fetchers")
	g := gen.New(6)
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	for h := range 20 {
		d := at.Add(time.Duration(h) * time.Hour)
		data := hourly(g, parse.FormatS3, d, 10)
		if h%2 == 1 {
			data = gz(data) // given whole to the workers
		}
		srv.Put(t, "few-fetchers", "l/"+d.Format("2006-01-02-15-04-05")+"-F", data)
	}
	done := make(chan result)
	go func() {
		inputs, err := c.Inputs(context.Background(), bucket.URL{Bucket: "few-fetchers"})
		if err != nil {
			t.Error(err)
		}
		done <- runAll(t, inputs, 5, nil)
	}()
	select {
	case got := <-done:
		if got.Counts.Records != 200 || len(got.Errors) != 0 {
			t.Errorf("%d records, errors %v", got.Counts.Records, got.Errors)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a run with 1 fetcher and 5 workers is stuck")
	}
}

// benchBucket fills a bucket with n objects of about size bytes of s3
// lines each and returns a client of it with the given fetchers.
func benchBucket(b *testing.B, n, size, fetchers int) (*bucket.Client, bucket.URL, int64) {
	srv := s3test.Start(b)
	for _, kv := range srv.Env(b.TempDir()) {
		k, v, _ := strings.Cut(kv, "=")
		b.Setenv(k, v)
	}
	name := fmt.Sprintf("bench-%d-%d", n, size)
	srv.Bucket(b, name)
	g := gen.New(5)
	var r parse.Record
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	var total int64
	for i := range n {
		var data []byte
		for len(data) < size {
			g.Next(&r, parse.FormatS3)
			data = append(gen.Append(data, &r), '\n')
		}
		d := at.Add(time.Duration(i) * time.Minute)
		srv.Put(b, name, fmt.Sprintf("logs/%s-%08X", d.Format("2006-01-02-15-04-05"), i), data)
		total += int64(len(data))
	}
	c, err := bucket.New(context.Background(), bucket.Options{Fetchers: fetchers})
	if err != nil {
		b.Fatal(err)
	}
	return c, bucket.URL{Bucket: name, Prefix: "logs/"}, total
}

// benchmarkRead decodes every object of the bucket on two workers,
// reporting objects/s beside the bytes.
func benchmarkRead(b *testing.B, n, size, fetchers int) {
	c, u, total := benchBucket(b, n, size, fetchers)
	b.SetBytes(total)
	b.ReportAllocs()
	var records atomic.Int64
	consumers := []func(*parse.Record){
		func(*parse.Record) { records.Add(1) },
		func(*parse.Record) { records.Add(1) },
	}
	start := time.Now()
	runs := 0
	for b.Loop() {
		inputs, err := c.Inputs(context.Background(), u)
		if err != nil {
			b.Fatal(err)
		}
		counts, err := source.RunInputs(inputs, source.RunOptions{}, consumers)
		if err != nil || counts.Errors != 0 {
			b.Fatal(err, counts)
		}
		runs++
	}
	b.ReportMetric(float64(n*runs)/time.Since(start).Seconds(), "objects/s")
}

// Many small objects, as real buckets hold: 2,000 of 20 KB.
func BenchmarkReadSmallObjects(b *testing.B) {
	for _, f := range []int{1, 8, bucket.DefaultFetchers} {
		b.Run(fmt.Sprintf("fetchers=%d", f), func(b *testing.B) { benchmarkRead(b, 2000, 20<<10, f) })
	}
}

// Few large ones: 4 of 32 MB (streamed, not fetched ahead).
func BenchmarkReadLargeObjects(b *testing.B) { benchmarkRead(b, 4, 32<<20, bucket.DefaultFetchers) }

// TestLargeObjectStreamed: an object over MaxBuffered is not fetched ahead
// but streamed when its turn comes, between small ones, and decodes whole.
func TestLargeObjectStreamed(t *testing.T) {
	srv, c := start(t, bucket.Options{Fetchers: 2})
	srv.Bucket(t, "large-one")
	g := gen.New(10)
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	want := 0
	for h := range 3 {
		d := at.Add(time.Duration(h) * time.Hour)
		n := 20
		if h == 1 {
			n = 20000 // about 10 MB
		}
		data := hourly(g, parse.FormatS3, d, n)
		if h == 1 && len(data) <= bucket.MaxBuffered {
			t.Fatalf("the large object is only %d bytes", len(data))
		}
		srv.Put(t, "large-one", "l/"+d.Format("2006-01-02-15-04-05")+"-L", data)
		want += n
	}
	inputs, err := c.Inputs(context.Background(), bucket.URL{Bucket: "large-one"})
	if err != nil {
		t.Fatal(err)
	}
	got := runAll(t, inputs, 2, nil)
	if got.Counts.Records != int64(want) || len(got.Errors) != 0 || srv.Gets.Load() != 3 {
		t.Errorf("%d records (want %d), errors %v, %d GETs", got.Counts.Records, want, got.Errors, srv.Gets.Load())
	}
}
