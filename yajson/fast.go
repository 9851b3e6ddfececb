package yajson

import (
	"bytes"
	"encoding/binary"

	"github.com/bucketlogs/bucketlogs/internal/timefmt"
	"github.com/bucketlogs/bucketlogs/parse"
)

// fast decodes data in one pass when it is the flat object Yandex writes:
// no backslash anywhere (so no escapes), values that are strings,
// numbers, true, false or null, no nesting. It fills r as the fastjson path does
// (keys mapped by yandexField, in order, a later duplicate key winning)
// and reports ok. On anything else (an escape, a nested value, a value of
// the wrong type for its field, a malformed number or timestamp, bad
// syntax) it returns false having changed only r, and the caller decodes
// data with fastjson, which gives the record or the error. The differential
// FuzzFastMatchesFastjson holds the two paths to the same answer.
//
// Text fields are views into data: without escapes, nothing is decoded.
func (p *Parser) fast(data []byte, r *parse.Record) bool {
	if bytes.IndexByte(data, '\\') >= 0 {
		return false // an escape somewhere: fastjson decodes those
	}
	s := data
	i := skipWS(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	i = skipWS(s, i+1)
	if i < len(s) && s[i] == '}' {
		return skipWS(s, i+1) == len(s)
	}
	prev := -1 // the previous key's index in keyOrder
	for {
		// "key": first the key that followed the previous one last time
		// (Yandex writes its keys in one order), else a scan.
		if i >= len(s) || s[i] != '"' {
			return false
		}
		var f parse.Field
		var known bool
		// Yandex writes its keys in one order (a record leaves absent ones
		// out): try the next few keys of that order after the previous.
		if i+9 <= len(s) {
			x := binary.LittleEndian.Uint64(s[i+1:])
			for q := prev + 1; q < len(keyOrder) && q <= prev+8; q++ {
				w := &keyWords[q]
				if x&w.mask != w.word {
					continue
				}
				k := keyOrder[q].key
				if e := i + 1 + len(k); e < len(s) && s[e] == '"' && (len(k) < 8 || string(s[i+9:e]) == k[8:]) {
					f, known, i, prev = keyOrder[q].f, true, skipWS(s, e+1), q
					break
				}
			}
		}
		if !known {
			end, plain := stringEnd(s, i+1)
			if !plain {
				return false
			}
			f, known = yandexField(s[i+1 : end])
			i = skipWS(s, end+1)
			prev = -1 // out of order: from the start of the order again
			if known {
				prev = keyIndex[f]
			}
		}
		if i >= len(s) || s[i] != ':' {
			return false
		}
		i = skipWS(s, i+1)
		if i >= len(s) {
			return false
		}
		var ok bool
		if i, ok = p.fastValue(s, i, r, f, known); !ok {
			return false
		}
		i = skipWS(s, i)
		if i >= len(s) {
			return false
		}
		switch s[i] {
		case ',':
			i = skipWS(s, i+1)
		case '}':
			return skipWS(s, i+1) == len(s)
		default:
			return false
		}
	}
}

// fastValue reads the value at s[i] into field f of r (when known) and
// returns the index after it.
func (p *Parser) fastValue(s []byte, i int, r *parse.Record, f parse.Field, known bool) (int, bool) {
	kind := parse.KindList // no field
	if known {
		kind = fieldKind[f]
	}
	switch c := s[i]; c {
	case '"':
		end, plain := stringEnd(s, i+1)
		if !plain {
			return 0, false
		}
		v := s[i+1 : end : end]
		if known && !absent(v) {
			switch kind {
			case parse.KindText:
				r.SetText(f, v)
			case parse.KindTime:
				t, ok := timefmt.ParseRFC3339(v)
				if !ok {
					return 0, false
				}
				r.SetTime(t)
			default:
				return 0, false // a number field holding text: an error
			}
		}
		return end + 1, true
	case 'n':
		if len(s)-i < 4 || string(s[i:i+4]) != "null" {
			return 0, false
		}
		return i + 4, true
	case 't', 'f':
		if known {
			return 0, false // a boolean for a field: an error
		}
		lit := "true"
		if c == 'f' {
			lit = "false"
		}
		if len(s)-i < len(lit) || string(s[i:i+len(lit)]) != lit {
			return 0, false
		}
		return i + len(lit), true
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-':
		// The token fastjson reads as a number: digits, parsed as they
		// are read, else the whole token for parseInteger.
		j := i
		var n int64
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			n = n*10 + int64(s[j]-'0')
			j++
		}
		plain := j > i && j-i <= 18
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == '-' || s[j] == 'e' || s[j] == 'E' || s[j] == '+') {
			plain = false
			j++
		}
		if j < len(s) && s[j] > ' ' && s[j] != ',' && s[j] != '}' || j == i+1 && s[i] == '-' {
			return 0, false // "-inf", "1x", a lone "-": fastjson decides
		}
		if known {
			if kind != parse.KindInt {
				return 0, false // a number for a text field: an error
			}
			if !plain {
				var ok bool
				var err error
				n, ok, err = parseInteger(s[i:j])
				if !ok || err != nil || n < 0 && !f.Signed() {
					return 0, false // an exponent, too large, or negative
				}
			}
			r.SetInt(f, n)
		}
		return j, true
	}
	return 0, false // nested, or not JSON
}

// keyOrder is the order Yandex writes its keys in (alphabetical, as
// yandexKeys lists them), and keyIndex each field's place in it.
var (
	keyOrder = yandexKeys
	keyIndex = func() (idx [parse.NumFields]int) {
		for i, k := range yandexKeys {
			idx[k.f] = i
		}
		return idx
	}()
)

// keyWords holds the first 8 bytes of each key of keyOrder followed by its
// closing quote, as a little-endian word and the mask of the bytes that
// count, so a guess is tested with one comparison.
var keyWords = func() (ws [len(yandexKeys)]struct{ word, mask uint64 }) {
	for i, k := range yandexKeys {
		b := []byte(k.key + `"`)
		for j := 0; j < 8 && j < len(b); j++ {
			ws[i].word |= uint64(b[j]) << (8 * j)
			ws[i].mask |= 0xff << (8 * j)
		}
	}
	return ws
}()

// fieldKind is each field's Kind, looked up once.
var fieldKind = func() (k [parse.NumFields]parse.Kind) {
	for f := range parse.NumFields {
		k[f] = f.Kind()
	}
	return k
}()

// stringEnd finds the quote that ends the string starting at s[i]. The
// fast path only takes records without a backslash, so the first quote is
// the end.

func stringEnd(s []byte, i int) (end int, ok bool) {
	n := bytes.IndexByte(s[i:], '"')
	return i + n, n >= 0
}

// skipWS returns the index of the first byte at or after i that is not
// JSON white space.
func skipWS(s []byte, i int) int {
	for i < len(s) && s[i] <= ' ' && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}
