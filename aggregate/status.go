package aggregate

import (
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Statuses counts HTTP statuses, status classes and error codes per
// operation. The zero value is ready to use. It is not safe for concurrent
// use; merge per-goroutine Statuses with [Statuses.Merge].
type Statuses struct {
	codes  [600]int64        // by status code, 0..599
	other  int64             // present but outside 0..599
	absent int64             // status "-"
	errors map[string]*int64 // operation + "\x00" + error code
	buf    []byte
}

// Add counts r. It allocates only for an (operation, error code) pair not
// seen before.
func (s *Statuses) Add(r *parse.Record) {
	switch {
	case !r.Has(parse.Status):
		s.absent++
	case r.Status >= 0 && r.Status < int64(len(s.codes)):
		s.codes[r.Status]++
	default:
		s.other++
	}
	if r.Has(parse.ErrorCode) {
		op := r.Operation
		if !r.Has(parse.Operation) {
			op = []byte(Absent)
		}
		s.buf = append(append(append(s.buf[:0], op...), 0), r.ErrorCode...)
		if p := s.errors[string(s.buf)]; p != nil {
			*p++
		} else {
			s.count(string(s.buf), 1)
		}
	}
}

// Merge adds o's counts into s.
func (s *Statuses) Merge(o *Statuses) {
	for i, n := range o.codes {
		s.codes[i] += n
	}
	s.other += o.other
	s.absent += o.absent
	for k, n := range o.errors {
		s.count(k, *n)
	}
}

func (s *Statuses) count(k string, n int64) {
	if s.errors == nil {
		s.errors = make(map[string]*int64)
	}
	if p := s.errors[k]; p != nil {
		*p += n
		return
	}
	s.errors[k] = &n
}

// Codes returns the count of each status code seen, in code order.
func (s *Statuses) Codes() iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		for c, n := range s.codes {
			if n > 0 && !yield(int64(c), n) {
				return
			}
		}
	}
}

// Classes returns the counts of statuses 1xx to 5xx at indexes 1 to 5; index
// 0 counts statuses outside 100..599.
func (s *Statuses) Classes() [6]int64 {
	var c [6]int64
	for code, n := range s.codes {
		if code >= 100 {
			c[code/100] += n
		} else {
			c[0] += n
		}
	}
	c[0] += s.other
	return c
}

// Absent returns how many records had no status (lifecycle records).
func (s *Statuses) Absent() int64 { return s.absent }

// ErrorRate returns the share of records with a status that had a 4xx or 5xx
// status, from 0 to 1; 0 when no record had a status.
func (s *Statuses) ErrorRate() float64 {
	c := s.Classes()
	total := c[0] + c[1] + c[2] + c[3] + c[4] + c[5]
	if total == 0 {
		return 0
	}
	return float64(c[4]+c[5]) / float64(total)
}

// ErrorCode is an (operation, error code) pair.
type ErrorCode struct {
	Operation string
	Code      string
}

// ErrorCodes returns the count of each error code per operation, ordered by
// operation and then code.
func (s *Statuses) ErrorCodes() iter.Seq2[ErrorCode, int64] {
	return func(yield func(ErrorCode, int64) bool) {
		for _, k := range slices.Sorted(maps.Keys(s.errors)) {
			op, code, _ := strings.Cut(k, "\x00")
			if !yield(ErrorCode{op, code}, *s.errors[k]) {
				return
			}
		}
	}
}

// MarshalBinary encodes s deterministically.
func (s *Statuses) MarshalBinary() ([]byte, error) {
	e := header(tagStatus)
	var n int
	for _, c := range s.codes {
		if c > 0 {
			n++
		}
	}
	e.U(uint64(n))
	for code, c := range s.Codes() {
		e.U(uint64(code))
		e.I(c)
	}
	e.I(s.other)
	e.I(s.absent)
	e.U(uint64(len(s.errors)))
	for _, k := range slices.Sorted(maps.Keys(s.errors)) {
		e.S(k)
		e.I(*s.errors[k])
	}
	return e.B, nil
}

// UnmarshalBinary replaces s with what [Statuses.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (s *Statuses) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagStatus)
	var t Statuses
	for range d.N() {
		code := d.U()
		c := d.I()
		if code >= uint64(len(t.codes)) {
			return ErrCorrupt
		}
		t.codes[code] = c
	}
	t.other = d.I()
	t.absent = d.I()
	for range d.N() {
		k := d.S()
		t.count(k, d.I())
	}
	if err := d.Done(); err != nil {
		return err
	}
	*s = t
	return nil
}
