//go:build amd64 && !purego

package s3line

import (
	"math/bits"

	"golang.org/x/sys/cpu"
)

// structMasks writes, for each of the blocks 64-byte blocks at p, a mask
// of its spaces to sp, one of its '"' to qt, and one of its '"' and '[' to
// spec: bit i of a mask is set when byte i of the block is such a byte. It
// uses SSE2, which every amd64 processor has.
//
//go:noescape
func structMasks(p *byte, blocks int, sp, qt, spec *uint64)

// structMasksAVX2 is structMasks with AVX2, 32 bytes an instruction.
//
//go:noescape
func structMasksAVX2(p *byte, blocks int, sp, qt, spec *uint64)

// useAVX2 says whether this processor has AVX2. (A function value would do
// as well, but the arrays a call through one is given escape to the heap.)
var useAVX2 = cpu.X86.HasAVX2

// masks runs structMasksAVX2 or structMasks.
func masks(p *byte, blocks int, sp, qt, spec *uint64) {
	if useAVX2 {
		structMasksAVX2(p, blocks, sp, qt, spec)
		return
	}
	structMasks(p, blocks, sp, qt, spec)
}

// maxBlocks bounds the lines scanMasks takes: longer ones (1 KiB and more,
// rare) go to scanPortable.
const maxBlocks = 16

// scan is scanMasks on amd64.
func (t *tape) scan(line []byte) bool { return t.scanMasks(line) }

// scanMasks is scan from the line's space, quote and bracket masks, which
// SSE2 finds 16 bytes an instruction: bare tokens are read off the set bits
// of the space mask, and a token that starts with '"' or '[' is taken whole
// as scan says. It fills t exactly as scanPortable does (FuzzScanAgrees).
func (t *tape) scanMasks(line []byte) bool {
	if len(line) > maxBlocks*64 {
		return t.scanPortable(line)
	}
	var sp, qt, spec [maxBlocks]uint64
	full := len(line) >> 6
	if full > 0 {
		masks(&line[0], full, &sp[0], &qt[0], &spec[0])
	}
	if tail := len(line) & 63; tail != 0 && full > 0 {
		// The partial block: the masks of the line's last 64 bytes,
		// shifted down to where the block starts, rather than the tail
		// copied into a zeroed block (a memmove a line). Only a line
		// shorter than a block is copied.
		masks(&line[len(line)-64], 1, &sp[full], &qt[full], &spec[full])
		sp[full] >>= 64 - tail
		qt[full] >>= 64 - tail
		spec[full] >>= 64 - tail
	} else if tail != 0 {
		var last [64]byte // zero past the end: no space, no quote
		copy(last[:], line)
		masks(&last[0], 1, &sp[0], &qt[0], &spec[0])
	}
	nb := (len(line) + 63) >> 6
	t.lastQuote = -1
	for w := nb - 1; w >= 0; w-- {
		if qt[w] != 0 {
			t.lastQuote = w<<6 + 63 - bits.LeadingZeros64(qt[w])
			break
		}
	}
	pos := 0 // where the next token may start
	for {
		for pos < len(line) && line[pos] == ' ' {
			pos++
		}
		if pos >= len(line) {
			return true
		}
		if spec[pos>>6]&(1<<(pos&63)) != 0 {
			if line[pos] == '"' {
				for {
					// The closing quote: the first after pos followed by a
					// space or the end (written out here rather than called:
					// oss lines have some twenty quoted fields).
					w := (pos + 1) >> 6
					if w >= nb {
						return false
					}
					m := qt[w] & (^uint64(0) << ((pos + 1) & 63))
					q := -1
					for {
						for m == 0 {
							if w++; w >= nb {
								return false
							}
							m = qt[w]
						}
						c := w<<6 + bits.TrailingZeros64(m)
						if c+1 >= len(line) || line[c+1] == ' ' {
							q = c
							break
						}
						m &= m - 1
					}
					t.quoted |= 1 << t.n
					if !t.add(pos+1, q) {
						return false
					}
					// q+1 is a space or the end. A quoted token right after
					// the space (most of an oss line's) is taken in this loop.
					pos = q + 1
					if pos+1 >= len(line) || line[pos+1] != '"' {
						break
					}
					pos++
				}
				continue
			}
			if end, ok := t.timeToken(line, pos); ok {
				if end < 0 {
					return false
				}
				pos = end
				continue
			}
		}
		// Bare tokens from pos: each space ends one, until a token
		// starts with '"' or '['.
		w := pos >> 6
		m := sp[w] & (^uint64(0) << (pos & 63))
		for {
			for m == 0 {
				if w++; w == nb {
					return pos == len(line) || t.add(pos, len(line))
				}
				m = sp[w]
			}
			k := w<<6 + bits.TrailingZeros64(m)
			m &= m - 1
			if k > pos && !t.add(pos, k) { // k == pos: a run of spaces
				return false
			}
			pos = k + 1
			if pos < len(line) && spec[pos>>6]&(1<<(pos&63)) != 0 {
				break
			}
		}
	}
}

// timeToken takes the token at pos, which starts with '[', when it has the
// time's shape, and returns where the next may start; ok is false for a '['
// that starts a bare token, and end is -1 when t is full.
func (t *tape) timeToken(line []byte, pos int) (end int, ok bool) {
	if e := pos + timeFieldLen; e <= len(line) && line[e-1] == ']' && (e == len(line) || line[e] == ' ') {
		t.bracket |= 1 << t.n
		if !t.add(pos, e) {
			return -1, true
		}
		return e, true
	}
	return 0, false
}
