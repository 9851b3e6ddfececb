package aggregate

import (
	"cmp"
	"slices"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// SlowRequest is one of the slowest requests, copied out of its record.
type SlowRequest struct {
	TotalTimeMS int64
	Time        time.Time
	RequestID   string
	Operation   string
	Bucket      string
	Key         string
	Status      int64 // 0 when absent
}

// compareSlow orders slowest first; ties by time, then request ID, so the
// result does not depend on input order.
func compareSlow(a, b *SlowRequest) int {
	if c := cmp.Compare(b.TotalTimeMS, a.TotalTimeMS); c != 0 {
		return c
	}
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	if c := cmp.Compare(a.RequestID, b.RequestID); c != 0 {
		return c
	}
	return cmp.Compare(a.Key, b.Key)
}

// Slowest keeps the N requests with the largest total_time_ms. Records
// without a total time are not considered. Create it with [NewSlowest]; the
// zero Slowest keeps 10. It is not safe for concurrent use.
type Slowest struct {
	n    int
	reqs []SlowRequest // sorted slowest first, at most n
}

// NewSlowest returns an empty Slowest keeping n requests (10 when n <= 0).
func NewSlowest(n int) *Slowest {
	if n <= 0 {
		n = 10
	}
	return &Slowest{n: n}
}

// Add considers r. It copies r's text only when r is among the slowest.
func (s *Slowest) Add(r *parse.Record) {
	if !r.Has(parse.TotalTimeMS) {
		return
	}
	if s.n <= 0 {
		s.n = 10
	}
	if len(s.reqs) == s.n && !slowerThan(r, &s.reqs[len(s.reqs)-1]) {
		return // the common case: not slow enough
	}
	s.insert(SlowRequest{
		TotalTimeMS: r.TotalTimeMS, Time: r.Time, RequestID: string(r.RequestID),
		Operation: string(r.Operation), Bucket: string(r.Bucket), Key: string(r.Key), Status: r.Status,
	})
}

// slowerThan reports whether r sorts before q in [compareSlow]'s order,
// without copying r's text.
func slowerThan(r *parse.Record, q *SlowRequest) bool {
	if r.TotalTimeMS != q.TotalTimeMS {
		return r.TotalTimeMS > q.TotalTimeMS
	}
	if c := r.Time.Compare(q.Time); c != 0 {
		return c < 0
	}
	if c := compareText(r.RequestID, q.RequestID); c != 0 {
		return c < 0
	}
	return compareText(r.Key, q.Key) < 0
}

// compareText is strings.Compare(string(b), s) without the copy.
func compareText(b []byte, s string) int {
	for i := range min(len(b), len(s)) {
		if b[i] != s[i] {
			return cmp.Compare(b[i], s[i])
		}
	}
	return cmp.Compare(len(b), len(s))
}

func (s *Slowest) insert(q SlowRequest) {
	if s.n <= 0 {
		s.n = 10
	}
	i, _ := slices.BinarySearchFunc(s.reqs, &q, func(a SlowRequest, b *SlowRequest) int { return compareSlow(&a, b) })
	if i >= s.n {
		return
	}
	s.reqs = slices.Insert(s.reqs, i, q)
	if len(s.reqs) > s.n {
		s.reqs = s.reqs[:s.n]
	}
}

// Merge adds o's requests into s.
func (s *Slowest) Merge(o *Slowest) {
	for _, q := range o.reqs {
		s.insert(q)
	}
}

// All returns the slowest requests, slowest first, as a new slice.
func (s *Slowest) All() []SlowRequest { return slices.Clone(s.reqs) }

// MarshalBinary encodes s deterministically.
func (s *Slowest) MarshalBinary() ([]byte, error) {
	e := header(tagSlowest)
	e.U(uint64(s.n))
	e.U(uint64(len(s.reqs)))
	for _, q := range s.reqs {
		e.I(q.TotalTimeMS)
		e.I(q.Time.Unix())
		e.I(int64(q.Time.Nanosecond()))
		e.S(q.RequestID)
		e.S(q.Operation)
		e.S(q.Bucket)
		e.S(q.Key)
		e.I(q.Status)
	}
	return e.B, nil
}

// UnmarshalBinary replaces s with what [Slowest.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (s *Slowest) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagSlowest)
	t := Slowest{n: int(d.U())}
	for range d.N() {
		ms := d.I()
		sec, ns := d.I(), d.I()
		q := SlowRequest{TotalTimeMS: ms, Time: time.Unix(sec, ns).UTC(), RequestID: d.S(),
			Operation: d.S(), Bucket: d.S(), Key: d.S(), Status: d.I()}
		t.reqs = append(t.reqs, q)
	}
	if err := d.Done(); err != nil {
		return err
	}
	if t.n <= 0 || len(t.reqs) > t.n {
		return ErrCorrupt
	}
	*s = t
	return nil
}
