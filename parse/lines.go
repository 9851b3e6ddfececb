package parse

import (
	"bytes"
	"errors"
	"io"
)

// DefaultMaxLineSize is the longest line a [LineReader] accepts when its
// maximum is not set: 4 MiB, far above any real access-log line.
const DefaultMaxLineSize = 4 << 20

const minReadSize = 64 << 10

// A LineReader splits a stream into lines for the line-oriented decoders. A
// line ends at "\n"; a "\r" before it is dropped, as is the "\n" itself. The
// last line need not end in "\n". A stream whose first line ends in a lone
// "\r" (old Mac OS exports) has its lines end at every "\r" instead. A UTF-8
// byte order mark at the start of the stream is skipped (offsets still count
// it).
//
// A line longer than the maximum is not returned: it is skipped to its end
// and reported as an *[Error] wrapping [ErrLineTooLong], and reading goes on
// with the next line. Memory stays bounded by the maximum line size.
//
// A LineReader is not safe for concurrent use. The zero value is not usable;
// call [NewLineReader].
type LineReader struct {
	r       io.Reader
	source  string
	max     int
	buf     []byte
	start   int   // first unread byte in buf
	end     int   // end of valid data in buf
	bufOff  int64 // stream offset of buf[0]
	lineNo  int
	lineOff int64
	err     error // sticky read error, io.EOF at the end
	failed  bool  // a read error other than io.EOF has been reported

	started bool // the start of the stream (a byte order mark) is behind
	eolSeen bool // how lines end is decided
	cr      bool // lines end in a lone '\r', rewritten as '\n' as read
	redo    bool // bytes already scanned were rewritten: scan them again
}

// NewLineReader returns a LineReader over r. source names the input in
// errors. maxLine is the longest accepted line in bytes, not counting the line
// end; 0 or less means [DefaultMaxLineSize].
func NewLineReader(r io.Reader, source string, maxLine int) *LineReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineSize
	}
	size := minReadSize * 4
	if size > maxLine+2 {
		size = max(maxLine+2, 512)
	}
	return &LineReader{r: r, source: source, max: maxLine, buf: make([]byte, size)}
}

// Next returns the next line, without its line end. The line is a view into
// the reader's buffer, valid until the next call to Next.
//
// At the end of the input Next returns (nil, io.EOF). A line over the maximum
// gives (nil, *Error) wrapping [ErrLineTooLong]; the next call goes on after
// it. A read error gives (nil, *Error) wrapping the error, after any partial
// line read before it, and every later call returns the same error.
// [LineReader.Line] and [LineReader.Offset] tell where the line (or the error)
// is.
func (lr *LineReader) Next() ([]byte, error) {
	if !lr.started {
		for lr.end < 3 && lr.err == nil {
			lr.fill()
		}
		lr.started = true
		if HasBOM(lr.buf[:lr.end]) {
			lr.start = 3
		}
	}
	scanned := 0 // bytes after lr.start known to hold no '\n'
	for {
		scanFrom := lr.start + scanned
		if i := bytes.IndexByte(lr.buf[scanFrom:lr.end], '\n'); i >= 0 {
			nl := scanFrom + i
			if nl-lr.start > lr.max+1 || (nl-lr.start == lr.max+1 && lr.buf[nl-1] != '\r') {
				return nil, lr.tooLong(nl + 1)
			}
			return lr.take(nl, nl+1), nil
		}
		scanned = lr.end - lr.start
		if lr.err != nil {
			if lr.start < lr.end {
				n := lr.end - lr.start
				if lr.buf[lr.end-1] == '\r' {
					n--
				}
				if n > lr.max {
					return nil, lr.tooLong(lr.end)
				}
				return lr.take(lr.end, lr.end), nil
			}
			if lr.err == io.EOF {
				return nil, io.EOF
			}
			if !lr.failed {
				lr.failed = true
				lr.lineNo++
				lr.lineOff = lr.bufOff + int64(lr.end)
			}
			return nil, lr.ioError()
		}
		if lr.end-lr.start > lr.max+1 {
			// The line is over the maximum; drop what we have of it and keep
			// looking for its end without buffering it.
			return nil, lr.skipLong()
		}
		lr.fill()
		if lr.redo {
			lr.redo, scanned = false, 0
		}
	}
}

// take returns buf[start:end] without a trailing "\r" and consumes up to next.
func (lr *LineReader) take(end, next int) []byte {
	lr.lineNo++
	lr.lineOff = lr.bufOff + int64(lr.start)
	line := lr.buf[lr.start:end]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	lr.start = next
	return line
}

func (lr *LineReader) tooLong(next int) error {
	lr.lineNo++
	lr.lineOff = lr.bufOff + int64(lr.start)
	lr.start = next
	return lr.longError()
}

func (lr *LineReader) longError() error {
	return &Error{Source: lr.source, Line: lr.lineNo, Offset: lr.lineOff, Err: ErrLineTooLong}
}

// skipLong discards the current over-long line up to and including its "\n".
func (lr *LineReader) skipLong() error {
	lr.lineNo++
	lr.lineOff = lr.bufOff + int64(lr.start)
	for {
		keep := 0
		if !lr.eolSeen && lr.end > lr.start && lr.buf[lr.end-1] == '\r' {
			// A '\r' last, before how lines end is decided: the next byte
			// may make it the line end, so it stays to be looked at.
			keep = 1
		}
		lr.bufOff += int64(lr.end - keep)
		if keep == 1 {
			lr.buf[0] = '\r'
		}
		lr.start, lr.end = 0, keep
		if lr.err != nil {
			return lr.longError()
		}
		lr.fill()
		if i := bytes.IndexByte(lr.buf[:lr.end], '\n'); i >= 0 {
			lr.start = i + 1
			return lr.longError()
		}
	}
}

// fill reads more input, moving unread data to the front of the buffer and
// growing the buffer, up to the maximum line size, when a line needs it.
func (lr *LineReader) fill() {
	if lr.start > 0 && (lr.end == len(lr.buf) || lr.start >= len(lr.buf)/2) {
		n := copy(lr.buf, lr.buf[lr.start:lr.end])
		lr.bufOff += int64(lr.start)
		lr.start, lr.end = 0, n
	}
	if lr.end == len(lr.buf) {
		size := min(2*len(lr.buf), lr.max+2)
		if size <= len(lr.buf) {
			size = len(lr.buf) + minReadSize
		}
		nb := make([]byte, size)
		copy(nb, lr.buf[lr.start:lr.end])
		lr.bufOff += int64(lr.start)
		lr.end -= lr.start
		lr.start = 0
		lr.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := lr.r.Read(lr.buf[lr.end:])
		if n < 0 || n > len(lr.buf)-lr.end {
			err = errors.New("invalid Read count")
			n = 0
		}
		lr.newData(lr.end, lr.end+n, err != nil)
		lr.end += n
		if err != nil {
			lr.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	lr.err = io.ErrNoProgress
}

// newData looks at bytes just read into buf[from:to]: it decides how lines
// end, and rewrites lone '\r's as '\n's in a stream whose lines end so.
func (lr *LineReader) newData(from, to int, atEOF bool) {
	if !lr.eolSeen {
		var cr bool
		if cr, lr.eolSeen = LineEnds(lr.buf[lr.start:to], atEOF); !lr.eolSeen {
			return
		}
		lr.cr = cr
		lr.redo = cr && from > lr.start
		from = lr.start
	}
	if lr.cr {
		CRToLF(lr.buf[from:to])
	}
}

func (lr *LineReader) ioError() error {
	return &Error{Source: lr.source, Line: lr.lineNo, Offset: lr.lineOff, Err: lr.err}
}

// Line returns the 1-based number of the line last returned or reported.
func (lr *LineReader) Line() int { return lr.lineNo }

// Offset returns the 0-based stream offset where the line last returned or
// reported starts.
func (lr *LineReader) Offset() int64 { return lr.lineOff }

// Source returns the source name given to [NewLineReader].
func (lr *LineReader) Source() string { return lr.source }

// utf8BOM is the byte order mark some exporters write at the start of a
// text file. The decoders skip it at the start of a stream, so it never
// becomes part of the first field.
var utf8BOM = [3]byte{0xef, 0xbb, 0xbf}

// HasBOM reports whether data starts with a UTF-8 byte order mark.
func HasBOM(data []byte) bool { return len(data) >= 3 && [3]byte(data[:3]) == utf8BOM }

// LineEnds tells, from the start of a stream, how its lines end: cr is true
// for a lone '\r' (old Mac OS exports), false for '\n' or "\r\n". decided is
// false while data holds neither yet and more may come (atEOF false): call
// again with more data. The decoders treat a stream whose first line end is
// a lone '\r' as one whose every '\r' ends a line.
func LineEnds(data []byte, atEOF bool) (cr, decided bool) {
	i := bytes.IndexAny(data, "\r\n")
	switch {
	case i < 0:
		return false, atEOF
	case data[i] == '\n':
		return false, true
	case i+1 < len(data):
		return data[i+1] != '\n', true
	}
	return false, atEOF // a '\r' last: the next byte decides
}

// CRToLF rewrites every '\r' in b as '\n', in place, for a stream whose
// lines end in a lone '\r' (see [LineEnds]).
func CRToLF(b []byte) {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return
		}
		b[i] = '\n'
		b = b[i+1:]
	}
}
