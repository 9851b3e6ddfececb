package dedupe

import (
	"hash/maphash"
	"math"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A Counter counts exact duplicates without dropping them, for a job that
// checks records on many goroutines: each goroutine checks its records
// through a [Tally] of its own, with no lock and nothing shared, and
// [Counter.Count] merges the tallies at the end, counting the copies that
// went to different goroutines too. Records are compared as a [Set]
// compares them. The answer is the one a single Set would give, as long as
// no tally forgot (see [Stats]).
type Counter struct {
	seed maphash.Seed // shared by the tallies: equal records have equal keys
	max  int
}

// NewCounter returns a Counter whose tallies each hold at most max records
// (DefaultMax when 0), and past that forget their oldest hours first: a job
// on n goroutines that wants to hold m records in all gives m/n.
func NewCounter(max int) *Counter {
	if max <= 0 {
		max = DefaultMax
	}
	return &Counter{seed: maphash.MakeSeed(), max: max}
}

// A Tally counts the duplicates among the records one goroutine checks.
// It is not safe for concurrent use; make one per goroutine with
// [Counter.Tally].
type Tally struct {
	c          *Counter
	tables     hourTables
	seen, dups int64
	oldestKept int64 // the oldest hour held after a forgetting; MinInt64: none
	forgot     bool
	buf        []byte
}

// Tally returns a new, empty Tally of c.
func (c *Counter) Tally() *Tally { return &Tally{c: c, oldestKept: math.MinInt64} }

// Seen reports whether a record identical to r went through t before (and
// is still held), and remembers r if not. r is not kept.
func (t *Tally) Seen(r *parse.Record) bool {
	var k key
	k, t.buf = keyOf(t.c.seed, t.buf, r)
	t.seen++
	if t.tables.insert(hourOf(r), k) {
		t.dups++
		return true
	}
	t.bound()
	return false
}

// bound forgets t's oldest hours while it holds too many records.
func (t *Tally) bound() {
	for t.tables.n > t.c.max && len(t.tables.hours) > 1 {
		t.forgot = true
		t.oldestKept = max(t.oldestKept, t.tables.forgetOldest()+1)
	}
}

// Count merges the tallies (of c; they are emptied) and returns what they
// found: the duplicates each found alone, and the records of one that
// another had seen too. The first tally ends holding the records of all:
// as many as they held together.
func (c *Counter) Count(tallies ...*Tally) Stats {
	if len(tallies) == 0 {
		return Stats{Exact: true}
	}
	into := tallies[0]
	for _, o := range tallies[1:] {
		into.seen += o.seen
		into.dups += o.dups
		into.forgot = into.forgot || o.forgot
		into.oldestKept = max(into.oldestKept, o.oldestKept)
		for hour, tb := range o.tables.hours {
			for _, k := range tb.slots {
				if k != 0 && into.tables.insert(hour, k) {
					into.dups++
				}
			}
		}
		o.tables = hourTables{}
	}
	st := Stats{Seen: into.seen, Dups: into.dups, Exact: !into.forgot}
	if !st.Exact && into.oldestKept > math.MinInt64/4 {
		st.ExactSince = time.Unix(into.oldestKept*3600, 0).UTC()
	}
	return st
}
