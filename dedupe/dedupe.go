// Package dedupe finds exact duplicate records: stores deliver some log
// records twice (the same line in two objects), and a count or a sum over
// them is then wrong.
//
// A duplicate is a record identical to an earlier one in its format and
// its whole content: not one with the same request_id alone, since one
// request can carry several records (a batch delete writes a
// BATCH.DELETE.OBJECT record per key besides its REST.POST.MULTI_OBJECT_DELETE
// line). A record that carries its input ([parse.Record.Raw], which the
// readers of package source set for every line and JSON line) is compared by
// those bytes: the same line delivered twice. Others (records of a JSON
// array, records built by hand) are compared by every field.
//
// Memory is bounded: a [Set] holds at most the number of records it was
// made for, as 64-bit fingerprints (about 14 bytes a record, in tables per
// hour of the records' time), and past that forgets the oldest hours
// first. Copies of one record have the same time, so the answer is exact
// as long as nothing was forgotten, and otherwise exact for records in the
// hours still held ([Set.Stats] says which).
package dedupe

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	mbits "math/bits"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// DefaultMax is how many records a Set holds when made with 0. A held
// record costs 8 bytes in a table kept between three eighths and three
// quarters full, so 4M records take 45 to 90 MB.
const DefaultMax = 4 << 20

const shards = 64

// A Set remembers the records it has seen. It is safe for concurrent use;
// each goroutine checks records through its own [Checker].
type Set struct {
	seed   maphash.Seed // random per Set: keys cannot be forged
	max    int          // records held at most, per shard
	shards [shards]shard

	own        counter // the counts of Set.Seen's checkers
	mu         sync.Mutex
	counters   []*counter   // one per Checker
	checkers   atomic.Int32 // len(counters)
	forgot     atomic.Bool
	oldestKept atomic.Int64 // the oldest hour still held after a forgetting
}

// A key is a record's 64-bit hash under the Set's random seed. Two
// different records share one with probability 2^-64: with DefaultMax
// records held, a new record is taken for a duplicate of another about
// once in 4*10^12 records, and no one can choose records that collide
// without knowing the seed.
type key uint64

type shard struct {
	mu    sync.Mutex
	hours map[int64]*table
	n     int
	// The table of the hour seen last: records come in time order
	// mostly, and this saves the map lookup.
	lastHour  int64
	lastTable *table
	_         [88]byte // 128 bytes a shard: workers locking two shards do not share a cache line
}

// A counter is what one Checker (or all of Set.Seen's) counted, on a cache
// line of its own: written by one goroutine, read only by Stats.
type counter struct {
	seen, dups atomic.Int64
	_          [112]byte
}

// A table is an open-addressed set of keys: 0 is an empty slot (a key of
// 0 is stored as 1).
type table struct {
	slots []key
	n     int
}

// insert adds k, and reports whether it was there already.
func (t *table) insert(k key) (dup bool) {
	if k == 0 {
		k = 1
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	// The low bits chose the shard: the slot comes from the high ones.
	for i := uint64(k>>32) & mask; ; i = (i + 1) & mask {
		switch t.slots[i] {
		case 0:
			t.slots[i] = k
			t.n++
			return false
		case k:
			return true
		}
	}
}

func (t *table) grow() {
	old := t.slots
	t.slots = make([]key, max(64, 2*len(old)))
	t.n = 0
	for _, k := range old {
		if k != 0 {
			t.insert(k)
		}
	}
}

// New returns a Set that holds at most max records (DefaultMax when 0).
func New(max int) *Set {
	if max <= 0 {
		max = DefaultMax
	}
	s := &Set{seed: maphash.MakeSeed(), max: max/shards + 1}
	for i := range s.shards {
		s.shards[i].hours = map[int64]*table{}
	}
	s.oldestKept.Store(math.MinInt64)
	return s
}

// A Checker checks records against its Set from one goroutine; it is not
// safe for concurrent use.
type Checker struct {
	s       *Set
	cnt     *counter
	buf     []byte
	kept    []keptKey // Count's records not checked yet
	byShard []keptKey // Flush's scratch
}

// Checker returns a new Checker of s.
func (s *Set) Checker() *Checker {
	c := new(counter)
	s.mu.Lock()
	s.counters = append(s.counters, c)
	s.checkers.Store(int32(len(s.counters)))
	s.mu.Unlock()
	return &Checker{s: s, cnt: c}
}

var checkers sync.Pool

// Seen is [Checker.Seen] for callers without a Checker of their own, from
// any goroutine.
func (s *Set) Seen(r *parse.Record) bool {
	c, _ := checkers.Get().(*Checker)
	if c == nil {
		c = &Checker{}
	}
	c.s, c.cnt = s, &s.own
	dup := c.Seen(r)
	c.s, c.cnt = nil, nil
	checkers.Put(c)
	return dup
}

// Seen reports whether a record identical to r was seen before by any
// Checker of the Set (and is still held); if not, it remembers r. A
// record with [parse.Record.Raw] is identical to one with the same Raw
// bytes and format; one without, to one with every field alike and no Raw.
// r is not kept.
func (c *Checker) Seen(r *parse.Record) bool {
	k := c.key(r)
	c.cnt.seen.Add(1)
	sh := &c.s.shards[uint64(k)%shards]
	sh.mu.Lock()
	dup := c.s.insert(sh, k, hourOf(r))
	sh.mu.Unlock()
	if dup {
		c.cnt.dups.Add(1)
	}
	return dup
}

// Count counts r as [Checker.Seen] does, without saying whether it was
// seen before: it keeps r's key, and checks the keys it kept against the
// Set a shard at a time, each shard locked once for all of its keys, when
// it has countBatch of them and at [Checker.Flush]. Checkers on several
// goroutines that check every record (Seen) take a shard's lock for each,
// and pass its cache lines from core to core; Count does that once a
// shard per batch. While its Set has no other Checker, Count checks each
// record at once, as Seen does.
//
// The number of duplicates is the same as Seen's: a record is a duplicate
// of an earlier one in whatever order the keys arrive. But until the
// Checker flushes, [Set.Stats] leaves its kept records out and no
// Checker's Seen finds them, so use Count where only the number is wanted
// (a report that counts duplicates but does not drop them), and Flush
// before reading Stats. r is not kept.
func (c *Checker) Count(r *parse.Record) {
	if c.s.checkers.Load() == 1 {
		c.Seen(r) // no other Checker to share the shards' lines with
		return
	}
	c.kept = append(c.kept, keptKey{c.key(r), hourOf(r)})
	if len(c.kept) >= countBatch {
		c.Flush()
	}
}

// countBatch is how many keys Count keeps before it checks them: 64 to a
// shard on average, 64 KiB of keys (about 2 MB of s3 lines between two
// flushes).
const countBatch = 4096

// A keptKey is a record Count has not checked yet.
type keptKey struct {
	k    key
	hour int64
}

// Flush checks the records Count kept against the Set, and counts them in
// its Stats.
func (c *Checker) Flush() {
	kept := c.kept
	if len(kept) == 0 {
		return
	}
	// The keys grouped by shard, each group in the order they came (a
	// record and its copy have one key, so one shard).
	var start [shards + 1]int
	for _, e := range kept {
		start[uint64(e.k)%shards+1]++
	}
	for i := 1; i <= shards; i++ {
		start[i] += start[i-1]
	}
	if cap(c.byShard) < len(kept) {
		c.byShard = make([]keptKey, len(kept))
	}
	by := c.byShard[:len(kept)]
	next := start
	for _, e := range kept {
		i := uint64(e.k) % shards
		by[next[i]] = e
		next[i]++
	}
	dups := 0
	for i := range shards {
		group := by[start[i]:start[i+1]]
		if len(group) == 0 {
			continue
		}
		sh := &c.s.shards[i]
		sh.mu.Lock()
		for _, e := range group {
			if c.s.insert(sh, e.k, e.hour) {
				dups++
			}
		}
		sh.mu.Unlock()
	}
	c.cnt.seen.Add(int64(len(kept)))
	c.cnt.dups.Add(int64(dups))
	c.kept = kept[:0]
}

// hourOf is the hour of r's time, the table its key goes in: records
// without a time have an hour of their own.
func hourOf(r *parse.Record) int64 {
	if !r.Has(parse.Time) {
		return math.MinInt64 / 2
	}
	hour := r.Time.Unix() / 3600
	if r.Time.Unix() < 0 && r.Time.Unix()%3600 != 0 {
		hour--
	}
	return hour
}

// insert adds k, of the given hour, to sh, whose lock the caller holds,
// and reports whether it was there already. Past the Set's bound, it
// forgets sh's oldest hours.
func (s *Set) insert(sh *shard, k key, hour int64) bool {
	t := sh.lastTable
	if t == nil || sh.lastHour != hour {
		t = sh.hours[hour]
		if t == nil {
			t = &table{}
			sh.hours[hour] = t
		}
		sh.lastHour, sh.lastTable = hour, t
	}
	if t.insert(k) {
		return true
	}
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
	sh.n -= sh.hours[oldest].n
	delete(sh.hours, oldest)
	if sh.lastHour == oldest {
		sh.lastTable = nil
	}
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

// Stats returns what s has found so far: every record its Checkers' Seen
// checked, and those Count kept once their Checker flushed.
func (s *Set) Stats() Stats {
	st := Stats{Seen: s.own.seen.Load(), Dups: s.own.dups.Load(), Exact: !s.forgot.Load()}
	s.mu.Lock()
	for _, c := range s.counters {
		st.Seen += c.seen.Load()
		st.Dups += c.dups.Load()
	}
	s.mu.Unlock()
	if h := s.oldestKept.Load(); !st.Exact && h > math.MinInt64/4 {
		st.ExactSince = time.Unix(h*3600, 0).UTC()
	}
	return st
}

// key hashes what makes a record itself: its format and its input when
// it carries it, else its format and every present field (the set of
// them, then each value, a text with its length), gathered into the
// Checker's buffer and hashed in one call.
func (c *Checker) key(r *parse.Record) key {
	if len(r.Raw) > 0 {
		// The format turns the hash by a multiple of an odd constant: the
		// same bytes in two formats are two records.
		return key(maphash.Bytes(c.s.seed, r.Raw) + uint64(r.Format)*0x9e3779b97f4a7c15)
	}
	present := r.Present()
	b := append(c.buf[:0], byte(r.Format))
	b = binary.LittleEndian.AppendUint64(b, present)
	for bits := present; bits != 0; bits &= bits - 1 {
		f := parse.Field(mbits.TrailingZeros64(bits))
		switch f.Kind() {
		case parse.KindText:
			t := r.Text(f)
			b = binary.AppendUvarint(b, uint64(len(t)))
			b = append(b, t...)
		case parse.KindInt:
			v, _ := r.Int(f)
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		case parse.KindTime:
			b = binary.LittleEndian.AppendUint64(b, uint64(r.Time.Unix()))
			b = binary.LittleEndian.AppendUint32(b, uint32(r.Time.Nanosecond()))
		case parse.KindList:
			b = binary.AppendUvarint(b, uint64(len(r.Extra)))
			for _, x := range r.Extra {
				b = binary.AppendUvarint(b, uint64(len(x)))
				b = append(b, x...)
			}
		}
	}
	c.buf = b
	return key(maphash.Bytes(c.s.seed, b))
}
