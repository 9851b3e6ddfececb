package aggregate

import (
	"encoding/binary"
	"errors"
)

// ErrCorrupt is returned by the UnmarshalBinary methods for data that was not
// written by the matching MarshalBinary.
var ErrCorrupt = errors.New("aggregate: corrupt or incompatible binary data")

// wireVersion prefixes every marshaled aggregator so that a format change is
// detected instead of misread.
const wireVersion = 3

// enc appends the compact, deterministic binary form the aggregators
// marshal to: varints and length-prefixed strings, maps written in key order.
type enc struct{ b []byte }

func (e *enc) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)  { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *enc) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *enc) bytes(v []byte) { e.u(uint64(len(v))); e.b = append(e.b, v...) }

// dec reads what enc wrote; the first failure sticks in err and every later
// read returns zero values.
type dec struct {
	b   []byte
	err error
}

func newDec(b []byte, tag byte) *dec {
	d := &dec{b: b}
	if len(b) < 2 || b[0] != wireVersion || b[1] != tag {
		d.err = ErrCorrupt
		return d
	}
	d.b = b[2:]
	return d
}

func (d *dec) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = ErrCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) i() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = ErrCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

// n reads a count of following items, each at least one byte long, so a
// corrupt count cannot make a decoder allocate more than the input holds.
func (d *dec) n() int {
	v := d.u()
	if v > uint64(len(d.b)) {
		d.err = ErrCorrupt
		return 0
	}
	return int(v)
}

func (d *dec) bytes() []byte {
	n := d.u()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = ErrCorrupt
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) s() string  { return string(d.bytes()) }
func (d *dec) bool() bool { return d.u() != 0 }
func (d *dec) done() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = ErrCorrupt
	}
	return d.err
}

func header(tag byte) enc { return enc{b: []byte{wireVersion, tag}} }

// Tags that tell the aggregators' binary forms apart.
const (
	tagGroup byte = iota + 1
	tagStatus
	tagTopK
	tagHistogram
	tagLatency
	tagDistinct
	tagDistinctIPs
	tagSeries
	tagSlowest
	tagReport
)
