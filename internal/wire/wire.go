// Package wire is the compact binary form that mergeable states marshal
// to (aggregate's aggregators, query's states): varints and
// length-prefixed strings, written deterministically, read back without
// trusting any length the input claims.
package wire

import (
	"encoding/binary"
	"errors"
)

// ErrCorrupt is what a Dec reports for data that was not written by the
// matching encoder.
var ErrCorrupt = errors.New("corrupt or incompatible binary data")

// Enc appends to B.
type Enc struct{ B []byte }

// U appends an unsigned varint.
func (e *Enc) U(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// I appends a signed varint.
func (e *Enc) I(v int64) { e.B = binary.AppendVarint(e.B, v) }

// S appends a length-prefixed string.
func (e *Enc) S(v string) { e.U(uint64(len(v))); e.B = append(e.B, v...) }

// Bytes appends a length-prefixed byte string.
func (e *Enc) Bytes(v []byte) { e.U(uint64(len(v))); e.B = append(e.B, v...) }

// Bool appends one byte, 1 or 0.
func (e *Enc) Bool(v bool) {
	if v {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// Dec reads what Enc wrote from B. The first failure sticks in Err and
// every later read returns zero values.
type Dec struct {
	B   []byte
	Err error
}

// U reads an unsigned varint.
func (d *Dec) U() uint64 {
	if d.Err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.Err = ErrCorrupt
		return 0
	}
	d.B = d.B[n:]
	return v
}

// I reads a signed varint.
func (d *Dec) I() int64 {
	if d.Err != nil {
		return 0
	}
	v, n := binary.Varint(d.B)
	if n <= 0 {
		d.Err = ErrCorrupt
		return 0
	}
	d.B = d.B[n:]
	return v
}

// N reads a count of following items, each at least one byte long, so a
// corrupt count cannot make a decoder allocate more than the input holds.
func (d *Dec) N() int {
	v := d.U()
	if v > uint64(len(d.B)) {
		d.Err = ErrCorrupt
		return 0
	}
	return int(v)
}

// Bytes reads a length-prefixed byte string, a view into B.
func (d *Dec) Bytes() []byte {
	n := d.U()
	if d.Err != nil {
		return nil
	}
	if n > uint64(len(d.B)) {
		d.Err = ErrCorrupt
		return nil
	}
	v := d.B[:n:n]
	d.B = d.B[n:]
	return v
}

// S reads a length-prefixed string.
func (d *Dec) S() string { return string(d.Bytes()) }

// Bool reads what Enc.Bool wrote.
func (d *Dec) Bool() bool { return d.U() != 0 }

// Done returns Err, or ErrCorrupt when bytes are left over.
func (d *Dec) Done() error {
	if d.Err == nil && len(d.B) != 0 {
		d.Err = ErrCorrupt
	}
	return d.Err
}
