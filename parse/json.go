package parse

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends r to dst as one JSON object and returns the extended
// slice. The keys are "format" and then the JSON keys of the present fields,
// in [Field] order; absent fields are omitted. "time" is RFC 3339 in UTC, with
// fractional seconds only when the time has them; integers are JSON numbers;
// text is a JSON string, with bytes that are not valid UTF-8 replaced by
// U+FFFD; "extra" is an array of strings.
//
// AppendJSON does not allocate when dst has room. It is safe for concurrent
// use on records that are not being modified.
func AppendJSON(dst []byte, r *Record) []byte {
	dst = append(dst, `{"format":"`...)
	dst = append(dst, r.Format.String()...)
	dst = append(dst, '"')
	for f := Field(0); f < NumFields; f++ {
		if !r.Has(f) {
			continue
		}
		dst = append(dst, ',', '"')
		dst = append(dst, f.String()...)
		dst = append(dst, '"', ':')
		switch f.Kind() {
		case KindTime:
			dst = append(dst, '"')
			dst = r.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, '"')
		case KindInt:
			dst = strconv.AppendInt(dst, *r.intPtr(f), 10)
		case KindText:
			dst = AppendJSONString(dst, *r.textPtr(f))
		case KindList:
			dst = append(dst, '[')
			for i, e := range r.Extra {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = AppendJSONString(dst, e)
			}
			dst = append(dst, ']')
		}
	}
	return append(dst, '}')
}

// AppendValue appends the value of field f of r as plain text, the way CSV and
// table output show it: text as it is, integers in decimal, the time as RFC
// 3339 in UTC, extra fields joined by spaces. It appends nothing for an absent
// field. It panics if f is not a field.
func AppendValue(dst []byte, r *Record, f Field) []byte {
	if !r.Has(f) {
		return dst
	}
	switch f.Kind() {
	case KindTime:
		return r.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
	case KindInt:
		return strconv.AppendInt(dst, *r.intPtr(f), 10)
	case KindList:
		for i, e := range r.Extra {
			if i > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, e...)
		}
		return dst
	}
	return append(dst, r.Text(f)...)
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s to dst as a quoted JSON string, escaping quotes,
// backslashes and control characters and replacing invalid UTF-8 with U+FFFD.
func AppendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
