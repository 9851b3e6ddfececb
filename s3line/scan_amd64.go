//go:build amd64 && !purego

package s3line

import "math/bits"

// structMasks writes, for each of the blocks 64-byte blocks at p, a mask
// of its spaces to sp and one of its '"' to qt: bit i of a mask is set when
// byte i of the block is that character. It uses SSE2, which every amd64
// processor has.
//
//go:noescape
func structMasks(p *byte, blocks int, sp, qt *uint64)

// maxBlocks bounds the lines scanMasks takes: longer ones (1 KiB and more,
// rare) go to scanPortable.
const maxBlocks = 16

// scan is scanMasks on amd64.
func (t *tape) scan(line []byte) bool { return t.scanMasks(line) }

// scanMasks is scan from the line's space and quote masks, which SSE2 finds
// 16 bytes an instruction; the tokens are then read off the masks' set bits.
// It fills t exactly as scanPortable does (FuzzScanAgrees).
func (t *tape) scanMasks(line []byte) bool {
	if len(line) > maxBlocks*64 {
		return t.scanPortable(line)
	}
	var sp, qt [maxBlocks]uint64
	full := len(line) >> 6
	if full > 0 {
		structMasks(&line[0], full, &sp[0], &qt[0])
	}
	if len(line)&63 != 0 {
		var last [64]byte // zero past the end: no space, no quote
		copy(last[:], line[full<<6:])
		structMasks(&last[0], 1, &sp[full], &qt[full])
	}
	nb := (len(line) + 63) >> 6
	pos := 0
	for pos < len(line) && line[pos] == ' ' {
		pos++
	}
	for pos < len(line) {
		c := line[pos]
		switch {
		case c == '"':
			q := closeQuoteMask(qt[:nb], line, pos)
			if q < 0 {
				return false
			}
			t.quoted |= 1 << t.n
			if !t.add(pos+1, q) {
				return false
			}
			pos = q + 1
		case c == '[' && pos+timeFieldLen <= len(line) && line[pos+timeFieldLen-1] == ']' &&
			(pos+timeFieldLen == len(line) || line[pos+timeFieldLen] == ' '):
			t.bracket |= 1 << t.n
			if !t.add(pos, pos+timeFieldLen) {
				return false
			}
			pos += timeFieldLen
		default:
			// A bare token: it ends at the first space from pos.
			w := pos >> 6
			m := sp[w] & (^uint64(0) << (pos & 63))
			for m == 0 {
				if w++; w == nb {
					return t.add(pos, len(line))
				}
				m = sp[w]
			}
			end := w<<6 + bits.TrailingZeros64(m)
			if !t.add(pos, end) {
				return false
			}
			pos = end
		}
		for pos < len(line) && line[pos] == ' ' {
			pos++
		}
	}
	return true
}

// closeQuoteMask is closeQuote from the quote masks.
func closeQuoteMask(qt []uint64, line []byte, open int) int {
	p := open + 1
	w := p >> 6
	if w >= len(qt) {
		return -1
	}
	m := qt[w] & (^uint64(0) << (p & 63))
	for {
		for m == 0 {
			if w++; w >= len(qt) {
				return -1
			}
			m = qt[w]
		}
		q := w<<6 + bits.TrailingZeros64(m)
		if q+1 >= len(line) || line[q+1] == ' ' {
			return q
		}
		m &= m - 1
	}
}
