package yajson

import (
	"bytes"
	"io"
	"math"

	"github.com/bucketlogs/bucketlogs/internal/window"
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
// whole object, the slow path scans bytes with a small structural state
// machine (strings, nesting, where keys, values and separators may stand) to
// find where the object ends, or where it stops being JSON.
//
// Resynchronisation: a record that is structurally broken (cut off, a
// stray byte, a record that begins inside another) is reported, and framing
// resumes at the first place after its opening brace where a record may
// begin: a '{' at the start of a line if there is one before the point where
// the break was found, else the first '{' followed by a key or '}'. So a
// truncated record never swallows the good records after it, whether they
// are on the following lines or on the same line (a one-line array).
type framer struct {
	window.Window // the input; Buf[Start] is the first unconsumed byte

	max    int
	line   int  // 1-based line number of Buf[Start]
	failed bool // a read error other than io.EOF was reported

	inArray   bool // inside a top-level '[' ... ']'
	lineStart bool // nothing but separators since the last '\n'
	lineBytes bool // some byte consumed since the last '\n'
	lineText  bool // some byte other than white space since the last '\n'
	blank     int64
	bomDone   bool

	// Where the current record starts, for errors.
	recLine int
	recOff  int64
}

func newFramer(r io.Reader, max int) *framer {
	if max <= 0 {
		max = parse.DefaultMaxLineSize
	}
	return &framer{Window: window.New(r, min(256<<10, max+2)), max: max, line: 1, lineStart: true}
}

// lines returns the number of physical lines consumed so far: the line
// ends, plus the line in progress if it has any bytes.
func (fr *framer) lines() int64 {
	n := int64(fr.line - 1)
	if fr.lineBytes {
		n++
	}
	return n
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
	fr.recOff = fr.Off + int64(fr.Start)
	if fr.Buf[fr.Start] != '{' {
		// Not a record: report the bytes up to the next line or the next
		// place where a record may begin.
		return frame{next: fr.findResume(fr.Start+1, true), err: parse.ErrSyntax}, nil
	}
	if !fr.lineStart {
		// Records concatenated on one line: looking for the line's end
		// would cost a scan of the rest of the line for every record.
		return fr.scan(), nil
	}
	nl, ok := fr.findNewline(min(fr.max, fastLimit))
	if ok || fr.Err != nil {
		lineEnd := fr.End
		if ok {
			lineEnd = nl
		}
		cand := bytes.TrimRight(fr.Buf[fr.Start:lineEnd], " \t\r")
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
	if next <= fr.Start {
		return
	}
	seg := fr.Buf[fr.Start:next]
	fr.line += bytes.Count(seg, []byte{'\n'})
	// Bytes are left on the current line unless seg ends one; a record or
	// an error ends on it, so it is not blank.
	fr.lineStart = seg[len(seg)-1] == '\n'
	fr.lineBytes, fr.lineText = !fr.lineStart, !fr.lineStart
	fr.Start = next
}

// fastLimit bounds how far the fast path looks for the end of a line.
const fastLimit = 64 << 10

// maxDepth bounds the nesting of a record. Yandex records are flat; a
// deeper one is reported as a syntax error rather than scanned further.
const maxDepth = 64

// skipSeparators moves to the first byte of the next value, passing white
// space (and a byte order mark at the start of the stream), and the brackets
// and commas of a top-level array.
func (fr *framer) skipSeparators() error {
	for {
		if !fr.bomDone {
			if fr.End-fr.Start < 3 && fr.Err == nil {
				fr.fill()
				continue
			}
			fr.bomDone = true
			if parse.HasBOM(fr.Buf[fr.Start:fr.End]) {
				fr.Start += 3
				fr.lineBytes = true
			}
		}
		for fr.Start < fr.End {
			switch c := fr.Buf[fr.Start]; c {
			case '\n':
				if !fr.lineText {
					fr.blank++
				}
				fr.line++
				fr.lineStart, fr.lineBytes, fr.lineText = true, false, false
				fr.Start++
				continue
			case ' ', '\t', '\r':
			case ',':
				if !fr.inArray {
					return nil
				}
				fr.lineText = true
			case '[':
				if fr.inArray {
					return nil
				}
				fr.inArray = true
				fr.lineText = true
			case ']':
				if !fr.inArray {
					return nil
				}
				fr.inArray = false
				fr.lineText = true
			default:
				return nil
			}
			fr.lineBytes = true
			fr.Start++
		}
		if fr.Err != nil {
			if !fr.lineText && fr.lineBytes {
				fr.blank++ // a last line of white space, without its '\n'
				fr.lineText = true
			}
			return fr.readErr()
		}
		fr.fill()
	}
}

func (fr *framer) readErr() error {
	if fr.Err == io.EOF {
		return io.EOF
	}
	if !fr.failed {
		fr.failed = true
		fr.recLine = fr.line
		fr.recOff = fr.Off + int64(fr.End)
	}
	return fr.Err
}

// findNewline returns the index of the next '\n' at or after start, reading
// more input as needed but looking no further than about limit bytes.
func (fr *framer) findNewline(limit int) (int, bool) {
	scanned := 0
	for {
		if i := bytes.IndexByte(fr.Buf[fr.Start+scanned:fr.End], '\n'); i >= 0 {
			return fr.Start + scanned + i, true
		}
		scanned = fr.End - fr.Start
		if fr.Err != nil || scanned > limit+1 {
			return 0, false
		}
		fr.fill()
		if fr.Redo {
			fr.Redo, scanned = false, 0
		}
	}
}

// findResume returns where framing resumes after bytes at fr.Start that
// are not a record: just after the next '\n' if withLine, or at the next
// '{' that may begin a record (one followed by a key or '}'), whichever
// comes first. It reads on as needed, but no further than the maximum
// record size, so a long run of garbage is reported in pieces.
func (fr *framer) findResume(from int, withLine bool) int {
	i := from
	for {
		for ; i < fr.End; i++ {
			switch fr.Buf[i] {
			case '\n':
				if withLine {
					return i + 1
				}
			case '{':
				if fr.mayBegin(i) {
					return i
				}
			}
		}
		if fr.Err != nil || i-fr.Start > fr.max {
			return i
		}
		off, fromOff := i-fr.Start, from-fr.Start
		fr.fill()
		i, from = fr.Start+off, fr.Start+fromOff
		if fr.Redo {
			fr.Redo, i = false, from
		}
	}
}

// mayBegin reports whether the '{' at i may begin a record: the next byte
// that is not white space is '"' or '}' (or lies beyond the buffer).
func (fr *framer) mayBegin(i int) bool {
	for j := i + 1; j < fr.End; j++ {
		switch fr.Buf[j] {
		case ' ', '\t', '\r', '\n':
			continue
		case '"', '}':
			return true
		}
		return false
	}
	return true
}

// resyncAfter returns where framing resumes after a structurally broken
// record that starts at fr.Start and whose break was found at stop: the
// first '{' after the record's own that begins a line, else the first one
// that may begin a record; failing both, the rest of the break's line (or
// the bytes up to the next record start on it) belongs to the bad record.
func (fr *framer) resyncAfter(stop int) int {
	seg := fr.Buf[fr.Start+1 : stop+1]
	for i := 0; i < len(seg); i++ {
		j := bytes.IndexByte(seg[i:], '\n')
		if j < 0 {
			break
		}
		i += j
		k := i + 1
		for k < len(seg) && (seg[k] == ' ' || seg[k] == '\t' || seg[k] == '\r') {
			k++
		}
		if k < len(seg) && seg[k] == '{' {
			return fr.Start + 1 + k
		}
	}
	for i, c := range seg {
		if c == '{' && fr.mayBegin(fr.Start+1+i) {
			return fr.Start + 1 + i
		}
	}
	return fr.findResume(max(stop, fr.Start+1), true)
}

// Scanner states: what may come next inside a record.
const (
	wantKeyOrEnd   = iota // after '{'
	wantKey               // after ',' in an object
	wantColon             // after a key
	wantValue             // after ':' or ',' in an array
	wantValueOrEnd        // after '['
	wantCommaOrEnd        // after a value
)

// scan finds the end of the object starting at start. It follows JSON's
// structure (strings, nesting, where keys, values, ':' and ',' may stand;
// literals are left to the decoder) and stops early, reporting a broken
// record, at the first byte that cannot continue the object: a raw newline
// inside a string (JSON strings cannot hold one), a record that begins where
// a key was due, a value with no separator before it. That is how a record
// cut off is told from the records after it.
func (fr *framer) scan() frame {
	var arrays uint64 // bit d set: the container at depth d+1 is an array
	depth := 1
	state := wantKeyOrEnd
	inStr, esc, inLit := false, false, false
	i := fr.Start + 1
	tooLong := false
	broken := func(at int) frame {
		if tooLong {
			return frame{next: at, err: parse.ErrLineTooLong}
		}
		return frame{next: fr.resyncAfter(at), err: parse.ErrSyntax}
	}
	for {
		if i == fr.End {
			if fr.Err != nil {
				if tooLong {
					return frame{next: i, err: parse.ErrLineTooLong}
				}
				return frame{next: fr.resyncAfter(i - 1), err: parse.ErrTruncated}
			}
			if i-fr.Start > fr.max {
				// Over the maximum: keep scanning for the end but drop
				// the bytes, counting their lines.
				tooLong = true
				fr.consume(i)
			}
			off := i - fr.Start
			fr.fill()
			i = fr.Start + off
			continue
		}
		if inStr {
			if esc {
				esc = false
				if fr.Buf[i] == '\n' {
					return broken(i)
				}
				i++
				continue
			}
			// Skip the plain bytes of a string in a tight loop.
			for i < fr.End && !stringStop[fr.Buf[i]] {
				i++
			}
			if i == fr.End {
				continue
			}
			switch fr.Buf[i] {
			case '"':
				inStr = false
			case '\\':
				esc = true
			case '\n':
				// The record ends here, cut off: the next line is new.
				if tooLong {
					return broken(i)
				}
				return frame{next: i, err: parse.ErrSyntax}
			}
			i++
			continue
		}
		if inLit {
			for i < fr.End && !literalStop[fr.Buf[i]] {
				i++
			}
			if i == fr.End {
				continue
			}
			inLit = false
		}
		c := fr.Buf[i]
		inArray := arrays>>(depth-1)&1 == 1
		switch c {
		case ' ', '\t', '\r', '\n':
		case '"':
			switch state {
			case wantKeyOrEnd, wantKey:
				state = wantColon
			case wantValue, wantValueOrEnd:
				state = wantCommaOrEnd
			default:
				return broken(i)
			}
			inStr = true
		case ':':
			if state != wantColon {
				return broken(i)
			}
			state = wantValue
		case ',':
			if state != wantCommaOrEnd {
				return broken(i)
			}
			state = wantKey
			if inArray {
				state = wantValue
			}
		case '{', '[':
			if state != wantValue && state != wantValueOrEnd || depth == maxDepth {
				return broken(i)
			}
			arrays &^= 1 << depth
			state = wantKeyOrEnd
			if c == '[' {
				arrays |= 1 << depth
				state = wantValueOrEnd
			}
			depth++
		case '}', ']':
			closes := (c == ']') == inArray
			ok := state == wantCommaOrEnd ||
				c == '}' && state == wantKeyOrEnd ||
				c == ']' && state == wantValueOrEnd
			if !closes || !ok {
				return broken(i)
			}
			depth--
			state = wantCommaOrEnd
			if depth == 0 {
				if tooLong {
					return frame{next: i + 1, err: parse.ErrLineTooLong}
				}
				return frame{data: fr.Buf[fr.Start : i+1], next: i + 1}
			}
		default:
			// A literal: a number, true, false or null, checked by the
			// decoder.
			if state != wantValue && state != wantValueOrEnd {
				return broken(i)
			}
			state = wantCommaOrEnd
			inLit = true
		}
		i++
	}
}

// fill reads more input, compacting the buffer and growing it when needed
// (the scanners bound a record to the maximum size). JSON text holds no raw
// '\r' but as white space, so a stream whose lines end in a lone '\r' reads
// the same with the window's '\n's.
func (fr *framer) fill() { fr.Fill(math.MaxInt) }

// stringStop marks the bytes that end a run of plain string content.
var stringStop = [256]bool{'"': true, '\\': true, '\n': true}

// literalStop marks the bytes that end a literal.
var literalStop = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, ',': true, ':': true,
	'{': true, '}': true, '[': true, ']': true, '"': true}
