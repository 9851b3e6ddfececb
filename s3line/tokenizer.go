package s3line

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A cursor walks the fields of one line. Fields are separated by spaces
// (a run of them is one separator, as some stores and exports write); pos
// is the start of the next field, or len(line) when none is left.
type cursor struct {
	line []byte
	pos  int
}

// more reports whether another field follows.
func (c *cursor) more() bool { return c.pos < len(c.line) }

// skip moves past the field that ends at end (exclusive) and the spaces
// after it.
func (c *cursor) skip(end int) {
	for end < len(c.line) && c.line[end] == ' ' {
		end++
	}
	c.pos = end
}

// value reads a field that is normally bare. A quoted one (some exports
// quote every field) has its quotes removed; a lone '"' with no closing one
// is part of the value.
func (c *cursor) value() []byte {
	if c.line[c.pos] == '"' {
		save := c.pos
		if v, ok := c.quoted(followAny); ok {
			return v
		}
		c.pos = save
	}
	return c.bare()
}

// trimSpaces drops the spaces at the start of b.
func trimSpaces(b []byte) []byte {
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	return b
}

// bare returns the field up to the next space. The caller has checked more.
func (c *cursor) bare() []byte {
	start := c.pos
	end := len(c.line)
	if i := indexSpace(c.line[start:]); i >= 0 {
		end = start + i
	}
	c.skip(end)
	return c.line[start:end]
}

// indexSpace returns the index of the first ' ' in b, or -1. Unquoted fields
// are short to medium (a status, a 64-digit owner ID), where testing eight
// bytes at a time in a register beats the call and set-up of bytes.IndexByte.
func indexSpace(b []byte) int {
	const ones, highs, spaces = 0x0101010101010101, 0x8080808080808080, 0x2020202020202020
	i := 0
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:]) ^ spaces // a space becomes a zero byte
		// The lowest byte flagged here is the first zero byte; flags above
		// it may be false, which does not matter.
		if t := (v - ones) &^ v & highs; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	for ; i < len(b); i++ {
		if b[i] == ' ' {
			return i
		}
	}
	return -1
}

// follow says what must come after a quoted field for a candidate closing
// quote to end it. It is how raw, unescaped quotes inside a field are told
// from the quote that closes it.
type follow uint8

const (
	followAny    follow = iota // any space or the end of the line
	followStatus               // an HTTP status: digits or "-", then a space
	followQuoted               // a quoted field or a bare "-"
	followHost                 // a quoted host name or a bare "-"
	followS3Tail               // the unquoted fields after an S3 User-Agent
)

// quoted reads the quoted field at c.pos (line[c.pos] == '"') and returns its
// content without the quotes. A closing quote is a '"' followed by a space or
// the end of the line, after which the line has the shape f describes; if no
// quote passes that test, the first one followed by a space or the end is
// taken. ok is false when the field has no closing quote at all. Each quote
// is looked at once, so a line full of quotes costs linear time.
func (c *cursor) quoted(f follow) (val []byte, ok bool) {
	line := c.line
	open := c.pos
	k := bytes.IndexByte(line[open+1:], '"')
	if k < 0 {
		return nil, false
	}
	first := -1
	for q := open + 1 + k; ; {
		next, known := 0, false
		if q+1 == len(line) || line[q+1] == ' ' {
			rest := trimSpaces(line[q+1:])
			if f == followS3Tail { // only this check needs to know
				next, known = nextQuote(line, q), true
			}
			if followOK(rest, f, next < 0) {
				c.skip(q + 1)
				return line[open+1 : q], true
			}
			if first < 0 {
				first = q
			}
		}
		if !known {
			next = nextQuote(line, q)
		}
		if next < 0 {
			break
		}
		q = next
	}
	if first < 0 {
		return nil, false
	}
	c.skip(first + 1)
	return line[open+1 : first], true
}

// nextQuote returns the index of the first '"' after index q, or -1.
func nextQuote(line []byte, q int) int {
	if k := bytes.IndexByte(line[q+1:], '"'); k >= 0 {
		return q + 1 + k
	}
	return -1
}

// followOK reports whether rest, the line after a candidate closing quote and
// its space, has the shape f. last says the candidate is the line's last quote.
func followOK(rest []byte, f follow, last bool) bool {
	switch f {
	case followStatus:
		n := 0
		for n < len(rest) && n < 20 && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 0 && len(rest) > 0 && rest[0] == '-' {
			n = 1
		}
		return n > 0 && (n == len(rest) || rest[n] == ' ')
	case followQuoted:
		return len(rest) > 0 && (rest[0] == '"' || rest[0] == '-' && (len(rest) == 1 || rest[1] == ' '))
	case followHost:
		if len(rest) > 0 && rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ') {
			return true
		}
		if len(rest) < 2 || rest[0] != '"' {
			return false
		}
		for i := 1; i < len(rest) && i < 300; i++ {
			switch b := rest[i]; {
			case b == '"':
				return i+1 == len(rest) || rest[i+1] == ' '
			case b == ' ' || b < 0x20:
				return false
			}
		}
		return false
	case followS3Tail:
		// The fields after the User-Agent are unquoted, so the right quote
		// is the last one in the line, unless fields appended in future are
		// quoted; then the Signature Version two fields on tells.
		if last {
			return true
		}
		return sigVersionAt(rest, 2) || sigVersionAt(rest, 3) // a Host Id may hold a space
	}
	return true
}

// sigVersionAt reports whether fields 0 to n-1 of rest are unquoted and field
// n is a signature version ("SigV2", "SigV4" or "-"). It looks at most 512
// bytes ahead.
func sigVersionAt(rest []byte, n int) bool {
	if len(rest) > 512 {
		rest = rest[:512]
	}
	for ; n > 0; n-- {
		i := bytes.IndexByte(rest, ' ')
		if i < 0 || bytes.IndexByte(rest[:i], '"') >= 0 {
			return false
		}
		rest = trimSpaces(rest[i+1:])
	}
	if i := bytes.IndexByte(rest, ' '); i >= 0 {
		rest = rest[:i]
	}
	return isSigVersion(rest)
}

// isSigVersion reports whether b is an s3 Signature Version field.
func isSigVersion(b []byte) bool {
	return string(b) == "SigV2" || string(b) == "SigV4" || string(b) == "-"
}

// any reads the next field, quoted or bare, and returns its content.
func (c *cursor) any(f follow) (val []byte, ok bool) {
	if c.line[c.pos] == '"' {
		return c.quoted(f)
	}
	return c.bare(), true
}

// isDash reports whether a field's content is the "absent" marker.
func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }

// setText stores a text field unless it is "-".
func setText(r *parse.Record, f parse.Field, v []byte) {
	if !isDash(v) {
		r.SetText(f, v)
	}
}

// parseInt parses a decimal int64 with an optional leading '-'.
func parseInt(b []byte) (int64, error) {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, parse.ErrSyntax
	}
	var n uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, parse.ErrSyntax
		}
		if n > (1<<63)/10 {
			return 0, parse.ErrRange
		}
		n = n*10 + uint64(d)
	}
	if n > 1<<63 || n == 1<<63 && !neg {
		return 0, parse.ErrRange
	}
	if neg {
		return -int64(n), nil
	}
	return int64(n), nil
}
