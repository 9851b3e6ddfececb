package aggregate

import (
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/bucketlogs/bucketlogs/internal/sat"
	"github.com/bucketlogs/bucketlogs/parse"
)

// Point is one interval of a [Series].
type Point struct {
	Requests  int64
	BytesSent int64
	Status4xx int64
	Status5xx int64
}

func (p *Point) merge(o Point) {
	p.Requests += o.Requests
	p.BytesSent = sat.Add(p.BytesSent, o.BytesSent)
	p.Status4xx += o.Status4xx
	p.Status5xx += o.Status5xx
}

// A Series counts traffic per minute: requests, bytes sent, 4xx and 5xx
// responses. [Series.Points] rolls minutes up into any longer interval, so
// the interval can be chosen after the data is seen. Memory is one entry per
// minute that has records (a year of logs is about half a million). Records
// without a time are not counted.
//
// The zero value is ready to use. It is not safe for concurrent use.
type Series struct {
	m       map[int64]*Point // by minute, as Unix seconds
	lastKey int64
	last    *Point
}

// Add counts r in its minute.
func (s *Series) Add(r *parse.Record) {
	if !r.Has(parse.Time) {
		return
	}
	sec := r.Time.Unix()
	key := sec - mod(sec, 60)
	p := s.last
	if p == nil || key != s.lastKey { // records mostly come in time order
		if s.m == nil {
			s.m = make(map[int64]*Point)
		}
		p = s.m[key]
		if p == nil {
			p = new(Point)
			s.m[key] = p
		}
		s.last, s.lastKey = p, key
	}
	p.Requests++
	p.BytesSent = sat.Add(p.BytesSent, r.BytesSent)
	if r.Has(parse.Status) {
		switch r.Status / 100 {
		case 4:
			p.Status4xx++
		case 5:
			p.Status5xx++
		}
	}
}

func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// Merge adds o's points into s.
func (s *Series) Merge(o *Series) {
	for k, p := range o.m {
		if s.m == nil {
			s.m = make(map[int64]*Point)
		}
		mine := s.m[k]
		if mine == nil {
			mine = new(Point)
			s.m[k] = mine
		}
		mine.merge(*p)
	}
	s.last = nil
}

// Span returns the first and last minute that has records, and false when
// there are none.
func (s *Series) Span() (first, last time.Time, ok bool) {
	if len(s.m) == 0 {
		return time.Time{}, time.Time{}, false
	}
	keys := slices.Sorted(maps.Keys(s.m))
	return time.Unix(keys[0], 0).UTC(), time.Unix(keys[len(keys)-1], 0).UTC(), true
}

// PickInterval chooses an interval for a span: a minute up to 6 hours, an
// hour up to 14 days, a day beyond.
func PickInterval(span time.Duration) time.Duration {
	switch {
	case span <= 6*time.Hour:
		return time.Minute
	case span <= 14*24*time.Hour:
		return time.Hour
	}
	return 24 * time.Hour
}

// Points returns the traffic per interval (a whole number of minutes, at
// least one, counted from the Unix epoch in UTC), in time order, skipping
// intervals without records.
func (s *Series) Points(interval time.Duration) iter.Seq2[time.Time, Point] {
	step := max(int64(interval/time.Second), 60)
	step -= step % 60
	return func(yield func(time.Time, Point) bool) {
		rolled := make(map[int64]*Point)
		for k, p := range s.m {
			b := k - mod(k, step)
			q := rolled[b]
			if q == nil {
				q = new(Point)
				rolled[b] = q
			}
			q.merge(*p)
		}
		for _, k := range slices.Sorted(maps.Keys(rolled)) {
			if !yield(time.Unix(k, 0).UTC(), *rolled[k]) {
				return
			}
		}
	}
}

// MarshalBinary encodes s deterministically.
func (s *Series) MarshalBinary() ([]byte, error) {
	e := header(tagSeries)
	e.U(uint64(len(s.m)))
	for _, k := range slices.Sorted(maps.Keys(s.m)) {
		p := s.m[k]
		e.I(k)
		e.I(p.Requests)
		e.I(p.BytesSent)
		e.I(p.Status4xx)
		e.I(p.Status5xx)
	}
	return e.B, nil
}

// UnmarshalBinary replaces s with what [Series.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (s *Series) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagSeries)
	var t Series
	if n := d.N(); n > 0 {
		t.m = make(map[int64]*Point, n)
		for range n {
			k := d.I()
			t.m[k] = &Point{Requests: d.I(), BytesSent: d.I(), Status4xx: d.I(), Status5xx: d.I()}
		}
	}
	if err := d.Done(); err != nil {
		return err
	}
	*s = t
	return nil
}
