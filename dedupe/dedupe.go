// Package dedupe finds exact duplicate records: stores deliver some log
// records twice (the same line in two objects), and a count or a sum over
// them is then wrong.
//
// A duplicate is a record identical to an earlier one in every field and
// in its format: not one with the same request_id alone, since one request
// can carry several records (a batch delete writes a BATCH.DELETE.OBJECT
// record per key besides its REST.POST.MULTI_OBJECT_DELETE line).
//
// Memory is bounded: a [Set] holds at most the number of records it was
// made for, grouped by the hour of their time, and past that forgets the
// oldest hours first. Copies of one record have the same time, so the
// answer is exact as long as nothing was forgotten, and otherwise exact
// for records in the hours still held ([Set.Stats] says which).
package dedupe

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// DefaultMax is how many records a Set holds when made with 0: about 40
// bytes each, so 4M records take some 160 MB.
const DefaultMax = 4 << 20

const shards = 64

// A Set remembers the records it has seen. It is safe for concurrent use;
// each goroutine checks records through its own [Checker].
type Set struct {
	seeds  [2]maphash.Seed // random per Set: keys cannot be forged
	max    int             // records held at most, per shard
	shards [shards]shard

	seen, dups atomic.Int64
	forgot     atomic.Bool
	oldestKept atomic.Int64 // the oldest hour still held after a forgetting
}

type key [2]uint64

type shard struct {
	mu    sync.Mutex
	hours map[int64]map[key]struct{}
	n     int
}

// New returns a Set that holds at most max records (DefaultMax when 0).
func New(max int) *Set {
	if max <= 0 {
		max = DefaultMax
	}
	s := &Set{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, max: max/shards + 1}
	for i := range s.shards {
		s.shards[i].hours = map[int64]map[key]struct{}{}
	}
	s.oldestKept.Store(math.MinInt64)
	return s
}

// A Checker checks records against its Set from one goroutine; it is not
// safe for concurrent use.
type Checker struct {
	s   *Set
	buf []byte
}

// Checker returns a new Checker of s.
func (s *Set) Checker() *Checker { return &Checker{s: s} }

var checkers sync.Pool

// Seen is [Checker.Seen] for callers without a Checker of their own, from
// any goroutine.
func (s *Set) Seen(r *parse.Record) bool {
	c, _ := checkers.Get().(*Checker)
	if c == nil {
		c = &Checker{}
	}
	c.s = s
	dup := c.Seen(r)
	c.s = nil
	checkers.Put(c)
	return dup
}

// Seen reports whether a record identical to r was seen before by any
// Checker of the Set (and is still held); if not, it remembers r. r is
// not kept.
func (c *Checker) Seen(r *parse.Record) bool {
	c.buf = appendKey(c.buf[:0], r)
	k := key{maphash.Bytes(c.s.seeds[0], c.buf), maphash.Bytes(c.s.seeds[1], c.buf)}
	hour := int64(math.MinInt64 / 2) // records without a time: their own hour
	if r.Has(parse.Time) {
		hour = r.Time.Unix() / 3600
		if r.Time.Unix() < 0 && r.Time.Unix()%3600 != 0 {
			hour--
		}
	}
	s := c.s
	s.seen.Add(1)
	sh := &s.shards[k[0]%shards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	set := sh.hours[hour]
	if _, dup := set[k]; dup {
		s.dups.Add(1)
		return true
	}
	if set == nil {
		set = map[key]struct{}{}
		sh.hours[hour] = set
	}
	set[k] = struct{}{}
	sh.n++
	for sh.n > s.max && len(sh.hours) > 1 {
		s.forgetOldest(sh)
	}
	return false
}

// forgetOldest drops the oldest hour of sh; sh.mu is held.
func (s *Set) forgetOldest(sh *shard) {
	oldest := int64(math.MaxInt64)
	for h := range sh.hours {
		oldest = min(oldest, h)
	}
	sh.n -= len(sh.hours[oldest])
	delete(sh.hours, oldest)
	s.forgot.Store(true)
	for {
		cur := s.oldestKept.Load()
		if oldest+1 <= cur || s.oldestKept.CompareAndSwap(cur, oldest+1) {
			return
		}
	}
}

// Stats is what a Set has found.
type Stats struct {
	Seen, Dups int64 // records checked, and duplicates among them
	// Exact is false once the Set had to forget records; Dups is then
	// exact for records at or after ExactSince (zero when only records
	// without a time were forgotten).
	Exact      bool
	ExactSince time.Time
}

// Stats returns what s has found so far.
func (s *Set) Stats() Stats {
	st := Stats{Seen: s.seen.Load(), Dups: s.dups.Load(), Exact: !s.forgot.Load()}
	if h := s.oldestKept.Load(); !st.Exact && h > math.MinInt64/4 {
		st.ExactSince = time.Unix(h*3600, 0).UTC()
	}
	return st
}

// The fields by kind, listed once.
var textFields, intFields = func() (text, ints []parse.Field) {
	for f := range parse.NumFields {
		switch f.Kind() {
		case parse.KindText:
			text = append(text, f)
		case parse.KindInt:
			ints = append(ints, f)
		}
	}
	return text, ints
}()

// appendKey appends what makes a record itself: its format, its time, and
// every present field, each tagged with its number (and a text with its
// length).
func appendKey(b []byte, r *parse.Record) []byte {
	b = append(b, byte(r.Format))
	if r.Has(parse.Time) {
		b = append(b, byte(parse.Time))
		b = binary.LittleEndian.AppendUint64(b, uint64(r.Time.UnixNano()))
	}
	for _, f := range intFields {
		if v, ok := r.Int(f); ok {
			b = append(b, byte(f))
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	}
	for _, f := range textFields {
		if r.Has(f) {
			t := r.Text(f)
			b = append(b, byte(f))
			b = binary.AppendUvarint(b, uint64(len(t)))
			b = append(b, t...)
		}
	}
	if r.Has(parse.Extra) {
		b = append(b, byte(parse.Extra))
		b = binary.AppendUvarint(b, uint64(len(r.Extra)))
		for _, x := range r.Extra {
			b = binary.AppendUvarint(b, uint64(len(x)))
			b = append(b, x...)
		}
	}
	return b
}
