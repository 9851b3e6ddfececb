package dedupe_test

import (
	"sync"
	"testing"
	"time"

	"github.com/bucketlogs/bucketlogs/dedupe"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// TestDuplicates: a record seen twice is a duplicate; records of one
// request (a batch delete's lines, same request_id) are not, nor records
// differing in one field or only in format.
func TestDuplicates(t *testing.T) {
	s := dedupe.New(0)
	c := s.Checker()
	at := time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC)
	mk := func(op, key string, format parse.Format) *parse.Record {
		r := &parse.Record{Format: format}
		r.SetTime(at)
		r.SetText(parse.RequestID, []byte("3E57427F3EXAMPLE"))
		r.SetText(parse.Operation, []byte(op))
		r.SetText(parse.Key, []byte(key))
		return r
	}
	for _, tt := range []struct {
		r    *parse.Record
		want bool
	}{
		{mk("REST.POST.MULTI_OBJECT_DELETE", "", parse.FormatS3), false},
		{mk("BATCH.DELETE.OBJECT", "a.jpg", parse.FormatS3), false},
		{mk("BATCH.DELETE.OBJECT", "b.jpg", parse.FormatS3), false},
		{mk("BATCH.DELETE.OBJECT", "a.jpg", parse.FormatS3), true}, // delivered twice
		{mk("BATCH.DELETE.OBJECT", "a.jpg", parse.FormatOSS), false},
		{mk("REST.POST.MULTI_OBJECT_DELETE", "", parse.FormatS3), true},
	} {
		if got := c.Seen(tt.r); got != tt.want {
			t.Errorf("%s %s %s: Seen = %v, want %v", tt.r.Operation, tt.r.Key, tt.r.Format, got, tt.want)
		}
	}
	// A present empty field is not an absent one.
	a, b := mk("X", "", parse.FormatS3), mk("X", "", parse.FormatS3)
	b.Unmark(parse.Key)
	c.Seen(a)
	if c.Seen(b) {
		t.Error("absent key taken for an empty one")
	}
	if st := s.Stats(); st.Seen != 8 || st.Dups != 2 || !st.Exact {
		t.Errorf("stats %+v", st)
	}
}

// TestRawDuplicates: records that carry their input are the same record
// when those bytes are, in the same format; a copy of a line into a fresh
// buffer is still found.
func TestRawDuplicates(t *testing.T) {
	c := dedupe.New(0).Checker()
	at := time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC)
	mk := func(line string, format parse.Format) *parse.Record {
		r := &parse.Record{Format: format, Raw: []byte(line)}
		r.SetTime(at)
		r.SetText(parse.RequestID, []byte("3E57427F3EXAMPLE"))
		return r
	}
	for _, tt := range []struct {
		line   string
		format parse.Format
		want   bool
	}{
		{"o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg", parse.FormatS3, false},
		{"o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT b.jpg", parse.FormatS3, false},
		{"o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg", parse.FormatS3, true},
		{"o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg", parse.FormatOBS, false},
		{"o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg ", parse.FormatS3, false},
	} {
		if got := c.Seen(mk(tt.line, tt.format)); got != tt.want {
			t.Errorf("%q %s: Seen = %v, want %v", tt.line, tt.format, got, tt.want)
		}
	}
}

// TestConcurrentAndBounded: checkers on several goroutines find every
// copy; past its size the Set forgets the oldest hours and says from when
// it is exact, and copies in the hours it holds are still found.
func TestConcurrentAndBounded(t *testing.T) {
	recs := gen.Batch(3, 20000)
	start := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	for i, r := range recs {
		r.SetTime(start.Add(time.Duration(i) * time.Second)) // about 5.5 hours
		r.SetText(parse.RequestID, []byte{byte(i), byte(i >> 8), byte(i >> 16)})
	}
	s := dedupe.New(0)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.Checker()
			for i := w; i < 2*len(recs); i += 4 { // every record twice
				c.Seen(recs[i%len(recs)])
			}
		}()
	}
	wg.Wait()
	if st := s.Stats(); st.Seen != 40000 || st.Dups != 20000 || !st.Exact {
		t.Errorf("stats %+v", st)
	}

	small := dedupe.New(6400) // 100 a shard: forgets
	c := small.Checker()
	for _, r := range recs {
		c.Seen(r)
	}
	last := recs[len(recs)-1]
	if !c.Seen(last) {
		t.Error("a copy of the latest record not found")
	}
	st := small.Stats()
	if st.Exact || st.ExactSince.IsZero() || !st.ExactSince.After(start) || st.ExactSince.After(last.Time) {
		t.Errorf("bounded stats %+v", st)
	}
}

// TestCountMatchesSeen: checkers that Count on several goroutines find
// as many duplicates as checkers that ask Seen, once flushed; Stats leaves
// out what a Checker has not flushed; and past the Set's size, Count
// forgets the oldest hours as Seen does.
func TestCountMatchesSeen(t *testing.T) {
	recs := gen.Batch(5, 12000)
	start := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	for i, r := range recs {
		r.SetTime(start.Add(time.Duration(i) * time.Second))
		r.SetText(parse.RequestID, []byte{byte(i), byte(i >> 8), byte(i >> 16)})
	}
	// Record i is delivered 1 + i%3 times, the copies far apart and spread
	// over the goroutines: 24,000 deliveries, 12,000 of them copies.
	var order []*parse.Record
	for copy := range 3 {
		for i, r := range recs {
			if i%3 >= copy {
				order = append(order, r)
			}
		}
	}
	run := func(max int, count bool) dedupe.Stats {
		s := dedupe.New(max)
		var wg sync.WaitGroup
		for w := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := s.Checker()
				for i := w; i < len(order); i += 3 {
					if count {
						c.Count(order[i])
					} else {
						c.Seen(order[i])
					}
				}
				c.Flush()
			}()
		}
		wg.Wait()
		return s.Stats()
	}
	want := dedupe.Stats{Seen: int64(len(order)), Dups: int64(len(order) - len(recs)), Exact: true}
	if got := run(0, false); got != want {
		t.Errorf("Seen: stats %+v, want %+v", got, want)
	}
	if got := run(0, true); got != want {
		t.Errorf("Count: stats %+v, want %+v", got, want)
	}

	// The only Checker of its Set counts at once; one of two keeps what it
	// counts until it flushes.
	s := dedupe.New(0)
	c := s.Checker()
	for _, r := range order[:100] {
		c.Count(r)
	}
	if st := s.Stats(); st.Seen != 100 {
		t.Errorf("the only Checker: stats %+v", st)
	}
	s.Checker()
	for _, r := range order[100:200] {
		c.Count(r)
	}
	if st := s.Stats(); st.Seen != 100 {
		t.Errorf("one of two, before Flush: stats %+v", st)
	}
	c.Flush()
	c.Flush() // nothing kept: nothing counted twice
	if st := s.Stats(); st.Seen != 200 || st.Dups != 0 {
		t.Errorf("after Flush: stats %+v", st)
	}

	// 640 records a set (10 a shard) of hours of 3,600: both forget, and
	// say from when they are exact.
	for _, count := range []bool{false, true} {
		st := run(640, count)
		if st.Exact || st.ExactSince.IsZero() || st.Seen != int64(len(order)) || st.Dups > want.Dups {
			t.Errorf("bounded, count %v: stats %+v", count, st)
		}
	}
}

// BenchmarkSeen checks 10,000 records over and over, most of them out of
// the cache; BenchmarkSeenHot 16, in it, as in a pipeline that has just
// decoded the record: the cost of the key and the lookup.
func BenchmarkSeen(b *testing.B)    { benchSeen(b, 10000) }
func BenchmarkSeenHot(b *testing.B) { benchSeen(b, 16) }

// BenchmarkSeenLines checks s3 lines as they are decoded, each record
// carrying its line (Record.Raw), beside the decoding alone: the cost of
// counting duplicates in a pipeline.
func BenchmarkSeenLines(b *testing.B) {
	corpus := gen.Corpus(6, parse.FormatS3, 20000)
	lines, size := rectest.SplitLines(corpus), int64(len(corpus))
	var p s3line.Parser
	rectest.BenchThen(b, "decode", &p, lines, size, nil)
	rectest.BenchThen(b, "decode+seen", &p, lines, size, func() func(*parse.Record) {
		c := dedupe.New(0).Checker()
		return func(r *parse.Record) { c.Seen(r) }
	})
}

func benchSeen(b *testing.B, n int) {
	recs := gen.Batch(5, n)
	c := dedupe.New(0).Checker()
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			c.Seen(r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}

// TestShardSize: a shard fills 128 bytes, so that two shards never share
// a cache line that workers write.
func TestShardSize(t *testing.T) {
	if n := dedupe.ShardSize(); n != 128 {
		t.Errorf("a shard is %d bytes, want 128", n)
	}
}
