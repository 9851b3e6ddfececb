package query

import (
	"fmt"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A Budget bounds the memory that aggregation states ([State]) and sorted
// record buffers ([Sorter]) of one run may hold together, so that a query
// whose groups or kept records grow with the input (count by request_id over
// billions of lines, a sort without a limit) stops with a [*MemoryError]
// instead of exhausting the machine. The accounting is an estimate of the
// bytes held (keys, per-group aggregators, cloned records), checked as
// states grow; it is shared by every state given the same Budget and is
// safe for concurrent use.
type Budget struct {
	limit int64
	used  atomic.Int64
}

// NewBudget returns a Budget of limit bytes (no limit when limit <= 0).
func NewBudget(limit int64) *Budget { return &Budget{limit: limit} }

// Limit returns the budget's size in bytes; 0 means no limit.
func (b *Budget) Limit() int64 { return max(b.limit, 0) }

// Used returns the bytes charged so far.
func (b *Budget) Used() int64 { return b.used.Load() }

// charge adds n bytes and reports whether the budget still holds.
func (b *Budget) charge(n int64) bool {
	used := b.used.Add(n)
	return b.limit <= 0 || used <= b.limit
}

// flushBytes is how many bytes a state charges locally before it charges
// the shared budget, so that workers do not contend on it per record.
const flushBytes = 256 << 10

// A MemoryError is what a [State] or [Sorter] reports when its [Budget] is
// spent: Stage is the stage of the query that grew ("count by request_id",
// "sort by bytes_sent desc"), Limit the budget in bytes, Groups the number
// of groups or records it held.
type MemoryError struct {
	Stage  string
	Limit  int64
	Groups int
	sort   bool
}

func (e *MemoryError) Error() string {
	what, advice := "groups", "filter before the '|', or group by fewer or coarser fields (time(1h) rather than time(1m))"
	if e.sort {
		what, advice = "records", "add '| limit N' so that only the first N are kept, or filter more"
	}
	return fmt.Sprintf("the stage %q needs more than the memory budget of %s (%d %s so far); narrow it: %s",
		e.Stage, formatBytes(e.Limit), e.Groups, what, advice)
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// statsStageText writes the aggregation stage back, for errors.
func (q *Query) statsStageText() string {
	var b strings.Builder
	cols := q.Columns()
	for i := range q.stats.aggs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(cols[len(q.stats.groups)+i])
	}
	if len(q.stats.groups) > 0 {
		b.WriteString(" by ")
		for i, g := range q.stats.groups {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(g.name)
		}
	}
	return b.String()
}

func (q *Query) sortStageText() string {
	var b strings.Builder
	b.WriteString("sort by ")
	for i, k := range q.sorts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.name)
		if k.desc {
			b.WriteString(" desc")
		}
	}
	return b.String()
}

// groupBytes estimates what one new group holds besides its aggregators'
// growth: the map entry and key, the group, its key values and its
// aggregator states.
func groupBytes(key []byte, ngroups, naggs int) int64 {
	return int64(64 + 2*len(key) + int(unsafe.Sizeof(group{})) +
		ngroups*int(unsafe.Sizeof(Value{})) + naggs*int(unsafe.Sizeof(aggState{})))
}

// recordBytes estimates what a clone of r holds.
func recordBytes(r *parse.Record) int64 {
	n := int(unsafe.Sizeof(parse.Record{})) + 16
	for f := range parse.NumFields {
		if f.Kind() == parse.KindText && r.Has(f) {
			n += len(r.Text(f))
		}
	}
	for _, x := range r.Extra {
		n += 24 + len(x)
	}
	return int64(n)
}
