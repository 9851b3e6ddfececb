package yajson

import (
	"bytes"
	"errors"
	"io"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A framer cuts a stream into top-level JSON objects: one per line, in a
// top-level array, concatenated with or without white space, or
// pretty-printed over several lines. It buffers one record at a time, so
// memory is bounded by the largest record (at most max bytes), not the
// stream.
//
// The fast path takes a whole line that ends in '}' as a candidate record;
// the decoder confirms it by parsing it. When that fails, or a line is not a
// whole object, the slow path scans bytes, tracking strings and nesting, to
// find where the object ends.
type framer struct {
	r      io.Reader
	max    int
	buf    []byte
	start  int   // first unconsumed byte
	end    int   // end of valid data
	bufOff int64 // stream offset of buf[0]
	line   int   // 1-based line number of buf[start]
	err    error // sticky read error; io.EOF at the end
	failed bool  // a read error other than io.EOF was reported

	inArray   bool // inside a top-level '[' ... ']'
	lineStart bool // nothing but separators since the last '\n'

	// Where the current record starts, for errors.
	recLine int
	recOff  int64
}

func newFramer(r io.Reader, max int) *framer {
	if max <= 0 {
		max = parse.DefaultMaxLineSize
	}
	return &framer{r: r, max: max, buf: make([]byte, min(256<<10, max+2)), line: 1, lineStart: true}
}

// frame is what the framer found next.
type frame struct {
	data []byte // the record's bytes (a candidate when fast)
	fast bool   // data is a whole line taken without scanning
	next int    // where consumption ends if the record is accepted
	err  error  // the cause when there is no record here
}

// next returns the next candidate record, or an error frame for bytes that
// cannot start one, or io.EOF at the end.
func (fr *framer) next() (frame, error) {
	if err := fr.skipSeparators(); err != nil {
		return frame{}, err
	}
	fr.recLine = fr.line
	fr.recOff = fr.bufOff + int64(fr.start)
	if fr.buf[fr.start] != '{' {
		// Not a record: report it and resume on the next line.
		nl, ok := fr.findNewline(fr.max)
		next := fr.end
		if ok {
			next = nl + 1
		}
		return frame{next: next, err: parse.ErrSyntax}, nil
	}
	if !fr.lineStart {
		// Records concatenated on one line: looking for the line's end
		// would cost a scan of the rest of the line for every record.
		return fr.scan(), nil
	}
	nl, ok := fr.findNewline(min(fr.max, fastLimit))
	if ok || fr.err != nil {
		lineEnd := fr.end
		if ok {
			lineEnd = nl
		}
		cand := bytes.TrimRight(fr.buf[fr.start:lineEnd], " \t\r")
		if fr.inArray && len(cand) > 1 && cand[len(cand)-1] == ',' {
			cand = bytes.TrimRight(cand[:len(cand)-1], " \t\r")
		}
		if len(cand) > 0 && cand[len(cand)-1] == '}' && len(cand) <= fr.max {
			next := lineEnd
			if ok {
				next++
			}
			return frame{data: cand, fast: true, next: next}, nil
		}
	}
	return fr.scan(), nil
}

// rescan finds the current record by scanning, after a fast candidate failed
// to parse.
func (fr *framer) rescan() frame { return fr.scan() }

// consume accepts a frame: it moves past it, counting lines.
func (fr *framer) consume(next int) {
	fr.line += bytes.Count(fr.buf[fr.start:next], []byte{'\n'})
	fr.lineStart = next > fr.start && fr.buf[next-1] == '\n'
	fr.start = next
}

// fastLimit bounds how far the fast path looks for the end of a line.
const fastLimit = 64 << 10

// skipSeparators moves to the first byte of the next value, passing white
// space, and the brackets and commas of a top-level array.
func (fr *framer) skipSeparators() error {
	for {
		for fr.start < fr.end {
			switch c := fr.buf[fr.start]; c {
			case '\n':
				fr.line++
				fr.lineStart = true
			case ' ', '\t', '\r':
			case ',':
				if !fr.inArray {
					return nil
				}
			case '[':
				if fr.inArray {
					return nil
				}
				fr.inArray = true
			case ']':
				if !fr.inArray {
					return nil
				}
				fr.inArray = false
			default:
				return nil
			}
			fr.start++
		}
		if fr.err != nil {
			return fr.readErr()
		}
		fr.fill()
	}
}

func (fr *framer) readErr() error {
	if fr.err == io.EOF {
		return io.EOF
	}
	if !fr.failed {
		fr.failed = true
		fr.recLine = fr.line
		fr.recOff = fr.bufOff + int64(fr.end)
	}
	return fr.err
}

// findNewline returns the index of the next '\n' at or after start, reading
// more input as needed but looking no further than about limit bytes.
func (fr *framer) findNewline(limit int) (int, bool) {
	scanned := 0
	for {
		if i := bytes.IndexByte(fr.buf[fr.start+scanned:fr.end], '\n'); i >= 0 {
			return fr.start + scanned + i, true
		}
		scanned = fr.end - fr.start
		if fr.err != nil || scanned > limit+1 {
			return 0, false
		}
		fr.fill()
	}
}

// scan finds the end of the object starting at start by tracking strings and
// nesting. It stops early, reporting a broken record, at a raw newline inside
// a string (JSON strings cannot hold one) and at an object or array that
// starts where no value may (a sign the record was cut off and the next one
// began): that keeps one bad record from swallowing the good ones after it.
func (fr *framer) scan() frame {
	depth := 0
	inStr, esc := false, false
	var prev byte
	i := fr.start
	tooLong := false
	for {
		if i == fr.end {
			if fr.err != nil {
				if tooLong {
					return frame{next: i, err: parse.ErrLineTooLong}
				}
				return frame{next: i, err: parse.ErrTruncated}
			}
			if i-fr.start > fr.max {
				// Over the maximum: keep scanning for the end but drop
				// the bytes, counting their lines.
				tooLong = true
				fr.line += bytes.Count(fr.buf[fr.start:i], []byte{'\n'})
				fr.start = i
			}
			off := i - fr.start
			fr.fill()
			i = fr.start + off
			continue
		}
		c := fr.buf[i]
		if inStr && !esc {
			// Skip the plain bytes of a string in a tight loop.
			for i < fr.end && !stringStop[fr.buf[i]] {
				i++
			}
			if i == fr.end {
				continue
			}
			c = fr.buf[i]
		}
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
				prev = '"'
			case c == '\n':
				return frame{next: i, err: parse.ErrSyntax}
			}
			i++
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			if depth > 0 && prev != ':' && prev != ',' && prev != '[' && prev != '{' {
				return frame{next: i, err: parse.ErrSyntax}
			}
			depth++
			prev = c
		case '}', ']':
			depth--
			prev = c
			if depth == 0 {
				if tooLong {
					return frame{next: i + 1, err: parse.ErrLineTooLong}
				}
				return frame{data: fr.buf[fr.start : i+1], next: i + 1}
			}
		case ' ', '\t', '\r', '\n':
		default:
			prev = c
		}
		i++
	}
}

// fill reads more input, compacting the buffer and growing it up to the
// maximum record size when needed.
func (fr *framer) fill() {
	if fr.start > 0 && (fr.end == len(fr.buf) || fr.start >= len(fr.buf)/2) {
		n := copy(fr.buf, fr.buf[fr.start:fr.end])
		fr.bufOff += int64(fr.start)
		fr.start, fr.end = 0, n
	}
	if fr.end == len(fr.buf) {
		nb := make([]byte, len(fr.buf)*2)
		copy(nb, fr.buf[:fr.end])
		fr.buf = nb
	}
	for range 100 {
		n, err := fr.r.Read(fr.buf[fr.end:])
		if n < 0 || n > len(fr.buf)-fr.end {
			n, err = 0, errors.New("invalid Read count")
		}
		fr.end += n
		if err != nil {
			fr.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	fr.err = io.ErrNoProgress
}

// stringStop marks the bytes that end a run of plain string content.
var stringStop = [256]bool{'"': true, '\\': true, '\n': true}
