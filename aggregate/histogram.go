package aggregate

import (
	"cmp"
	"iter"
	"maps"
	"math"
	"math/bits"
	"slices"

	"github.com/bucketlogs/bucketlogs/internal/sat"
	"github.com/bucketlogs/bucketlogs/parse"
)

// smallValues is how many values a Histogram counts in its dense array.
const smallValues = 1024

// ExactHistogramValues is how many distinct values of 1024 and above a
// [Histogram] counts exactly.
const ExactHistogramValues = 1 << 15

// coarseBits is how many significant bits a coarse Histogram keeps of a
// value: values are rounded down by less than 1/128 (0.8%).
const coarseBits = 8

// A Histogram counts integer values (milliseconds, bytes) in bounded
// memory: a dense array for 0..1023 and a map above, exact while the map
// holds at most [ExactHistogramValues] distinct values, so that quantiles
// are exact and two Histograms merge exactly. Past that, values of 1024
// and above are counted rounded down to 8 significant bits (at most about
// 7,000 buckets, whatever the input): a quantile is then at most 0.8% below
// the true one, and [Histogram.Exact] says so. Whether a Histogram is exact
// depends only on the union of the values added, not on how they were split
// before [Histogram.Merge]. Count, Max and Mean stay exact. Negative values
// count as 0.
//
// The zero value is ready to use. It is not safe for concurrent use.
type Histogram struct {
	small  *[smallValues]int64 // allocated on first use
	big    countTable
	coarse bool // big holds values rounded by coarsen
	n      int64
	max    int64
	sum    int64
}

// coarsen rounds v (1024 or more) down to coarseBits significant bits.
func coarsen(v int64) int64 {
	shift := bits.Len64(uint64(v)) - coarseBits
	return v >> shift << shift
}

// bigAdd counts c at v (1024 or more) in the map, rounding when coarse and
// turning coarse when the map outgrows ExactHistogramValues.
func (h *Histogram) bigAdd(v, c int64) {
	if h.coarse {
		v = coarsen(v)
	}
	h.big.add(v, c)
	if !h.coarse && h.big.len() > ExactHistogramValues {
		h.toCoarse()
	}
}

func (h *Histogram) toCoarse() {
	var m countTable
	for _, s := range h.big.slots {
		if s.v != 0 {
			m.add(coarsen(s.v), s.c)
		}
	}
	h.big, h.coarse = m, true
}

// Exact reports whether quantiles are exact (see [Histogram]).
func (h *Histogram) Exact() bool { return !h.coarse }

// Size returns about how many bytes h holds.
func (h *Histogram) Size() int {
	n := 48 + 16*len(h.big.slots)
	if h.small != nil {
		n += 8 * smallValues
	}
	return n
}

// Add counts v.
func (h *Histogram) Add(v int64) {
	if v < 0 {
		v = 0
	}
	if v < smallValues {
		if h.small == nil {
			h.small = new([smallValues]int64)
		}
		h.small[v]++
	} else {
		h.bigAdd(v, 1)
	}
	h.n++
	h.sum = sat.Add(h.sum, v)
	h.max = max(h.max, v)
}

// Merge adds o's counts into h.
func (h *Histogram) Merge(o *Histogram) {
	if o.small != nil {
		if h.small == nil {
			h.small = new([smallValues]int64)
		}
		for i, c := range o.small {
			h.small[i] += c
		}
	}
	if o.coarse && !h.coarse {
		h.toCoarse()
	}
	for _, s := range o.big.slots {
		if s.v != 0 {
			h.bigAdd(s.v, s.c)
		}
	}
	h.n += o.n
	h.sum = sat.Add(h.sum, o.sum)
	h.max = max(h.max, o.max)
}

// Count returns the number of values added.
func (h *Histogram) Count() int64 { return h.n }

// Max returns the largest value added, or 0.
func (h *Histogram) Max() int64 { return h.max }

// Mean returns the mean of the values, or 0 when there are none.
func (h *Histogram) Mean() float64 {
	if h.n == 0 {
		return 0
	}
	return float64(h.sum) / float64(h.n)
}

// Quantile returns the q-quantile (0 < q <= 1) by the nearest-rank method:
// the smallest value v such that at least q of the values are <= v. It is
// exact unless the Histogram turned coarse (see [Histogram.Exact]). It
// returns 0 when there are no values.
func (h *Histogram) Quantile(q float64) int64 {
	if h.n == 0 {
		return 0
	}
	rank := min(max(int64(math.Ceil(q*float64(h.n))), 1), h.n)
	var seen int64
	for v, c := range h.Values() {
		if seen += c; seen >= rank {
			return v
		}
	}
	return h.max
}

// Quantiles returns the qs-quantiles, as [Histogram.Quantile] does each, in
// one pass over the values: where Quantile sorts the values of 1024 and
// above on every call, a report's p50, p90 and p99 sort them once. The
// result is a new slice, in the order of qs.
func (h *Histogram) Quantiles(qs ...float64) []int64 {
	out := make([]int64, len(qs))
	if h.n == 0 {
		return out
	}
	order := make([]int, len(qs)) // qs's indices by rank
	ranks := make([]int64, len(qs))
	for i, q := range qs {
		order[i] = i
		ranks[i] = min(max(int64(math.Ceil(q*float64(h.n))), 1), h.n)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ranks[a], ranks[b]) })
	next, seen := 0, int64(0)
	for v, c := range h.Values() {
		seen += c
		for ; next < len(order) && seen >= ranks[order[next]]; next++ {
			out[order[next]] = v
		}
		if next == len(order) {
			return out
		}
	}
	for ; next < len(order); next++ {
		out[order[next]] = h.max
	}
	return out
}

// Values returns each distinct value and its count, in value order.
func (h *Histogram) Values() iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		if h.small != nil {
			for v, c := range h.small {
				if c > 0 && !yield(int64(v), c) {
					return
				}
			}
		}
		for _, s := range h.big.sorted() {
			if !yield(s.v, s.c) {
				return
			}
		}
	}
}

func (h *Histogram) encode(e *enc) {
	var n int
	for range h.Values() {
		n++
	}
	e.Bool(h.coarse)
	e.I(h.sum)
	e.I(h.max)
	e.U(uint64(n))
	for v, c := range h.Values() {
		e.I(v)
		e.I(c)
	}
}

func (h *Histogram) decode(d *dec) {
	*h = Histogram{coarse: d.Bool()}
	sum, mx := d.I(), d.I()
	for range d.N() {
		v, c := d.I(), d.I()
		if d.Err != nil {
			return
		}
		if v < 0 || c < 0 {
			d.Err = ErrCorrupt
			return
		}
		if v < smallValues {
			if h.small == nil {
				h.small = new([smallValues]int64)
			}
			h.small[v] += c
		} else {
			if h.coarse && coarsen(v) != v {
				d.Err = ErrCorrupt
				return
			}
			h.bigAdd(v, c)
		}
		h.n += c
		if c > 0 {
			h.max = max(h.max, v)
		}
	}
	if d.Err == nil && (sum < 0 || mx < h.max || h.n == 0 && mx != 0) {
		d.Err = ErrCorrupt
		return
	}
	// Sum and Max are exact even when the values are rounded.
	h.sum, h.max = sum, mx
}

// MarshalBinary encodes h deterministically.
func (h *Histogram) MarshalBinary() ([]byte, error) {
	e := header(tagHistogram)
	h.encode(&e)
	return e.B, nil
}

// UnmarshalBinary replaces h with what [Histogram.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (h *Histogram) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagHistogram)
	var t Histogram
	t.decode(d)
	if err := d.Done(); err != nil {
		return err
	}
	*h = t
	return nil
}

// Latency holds histograms of total_time_ms and turnaround_time_ms per
// operation, and over all operations ([Latency.Total],
// [Latency.Turnaround]). Records without a time are not counted in that
// time's histograms. The zero value is ready to use; it is not safe for
// concurrent use.
type Latency struct {
	perOp  map[string]*[2]Histogram
	recent recent[[2]Histogram] // in front of perOp
}

// Total returns the histogram of total_time_ms over all operations, made
// anew from the operations' histograms on each call: the caller owns it,
// and it does not follow records added to l afterwards.
func (l *Latency) Total() *Histogram { return l.overall(0) }

// Turnaround is [Latency.Total] for turnaround_time_ms.
func (l *Latency) Turnaround() *Histogram { return l.overall(1) }

// overall merges the operations' histograms of time k into a new one: the
// same histogram as one fed every record, exact in the same cases (see
// [Histogram]), so a record is counted once, not also in an overall
// histogram of its own.
func (l *Latency) overall(k int) *Histogram {
	h := new(Histogram)
	for _, op := range l.Operations() {
		h.Merge(&op[k])
	}
	return h
}

// Add counts r's times.
func (l *Latency) Add(r *parse.Record) {
	hasTotal, hasTurn := r.Has(parse.TotalTimeMS), r.Has(parse.TurnaroundTimeMS)
	if !hasTotal && !hasTurn {
		return
	}
	op := l.op(r)
	if hasTotal {
		op[0].Add(r.TotalTimeMS)
	}
	if hasTurn {
		op[1].Add(r.TurnaroundTimeMS)
	}
}

func (l *Latency) op(r *parse.Record) *[2]Histogram {
	if l.perOp == nil {
		l.perOp = make(map[string]*[2]Histogram)
	}
	key := r.Operation
	if !r.Has(parse.Operation) {
		key = []byte(Absent)
	}
	if h := l.recent.get(key); h != nil {
		return h
	}
	h := l.perOp[string(key)]
	if h == nil {
		h = new([2]Histogram)
		l.perOp[string(key)] = h
	}
	l.recent.put(key, h)
	return h
}

// Merge adds o into l.
func (l *Latency) Merge(o *Latency) {
	for k, h := range o.perOp {
		if l.perOp == nil {
			l.perOp = make(map[string]*[2]Histogram)
		}
		mine := l.perOp[k]
		if mine == nil {
			mine = new([2]Histogram)
			l.perOp[k] = mine
		}
		mine[0].Merge(&h[0])
		mine[1].Merge(&h[1])
	}
}

// Operations returns, per operation in name order, the histograms of total
// and turn-around time.
func (l *Latency) Operations() iter.Seq2[string, *[2]Histogram] {
	return func(yield func(string, *[2]Histogram) bool) {
		for _, k := range slices.Sorted(maps.Keys(l.perOp)) {
			if !yield(k, l.perOp[k]) {
				return
			}
		}
	}
}

// MarshalBinary encodes l deterministically.
func (l *Latency) MarshalBinary() ([]byte, error) {
	e := header(tagLatency)
	l.Total().encode(&e) // derived; kept so the wire form is the one before they were
	l.Turnaround().encode(&e)
	e.U(uint64(len(l.perOp)))
	for k, h := range l.Operations() {
		e.S(k)
		h[0].encode(&e)
		h[1].encode(&e)
	}
	return e.B, nil
}

// UnmarshalBinary replaces l with what [Latency.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (l *Latency) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagLatency)
	var t Latency
	var overall Histogram // derived from the operations' histograms: read past
	overall.decode(d)
	overall.decode(d)
	if n := d.N(); n > 0 {
		t.perOp = make(map[string]*[2]Histogram, n)
		for range n {
			k := d.S()
			h := new([2]Histogram)
			h[0].decode(d)
			h[1].decode(d)
			t.perOp[k] = h
		}
	}
	if err := d.Done(); err != nil {
		return err
	}
	*l = t
	return nil
}
