package parse

import (
	"bytes"
	"errors"
	"io"

	"github.com/bucketlogs/bucketlogs/internal/window"
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
// It is the one line framer of bucketlogs: the sequential readers take one
// line at a time with [LineReader.Next], source.Run takes blocks of whole
// lines for its workers with [LineReader.ReadBlock]; one reader is used one
// way or the other, not both. A LineReader is not safe for concurrent use.
// The zero value is not usable; call [NewLineReader].
type LineReader struct {
	w       window.Window
	source  string
	max     int
	lineNo  int
	lineOff int64
	failed  bool // a read error other than io.EOF has been reported
	started bool // the start of the stream (a byte order mark) is behind
}

// NewLineReader returns a LineReader over r. source names the input in
// errors. maxLine is the longest accepted line in bytes, not counting the line
// end; 0 or less means [DefaultMaxLineSize].
func NewLineReader(r io.Reader, source string, maxLine int) *LineReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineSize
	}
	return &LineReader{w: window.New(r, lineBufSize(maxLine)), source: source, max: maxLine}
}

// lineBufSize is the buffer a LineReader starts with.
func lineBufSize(maxLine int) int {
	size := minReadSize * 4
	if size > maxLine+2 {
		size = max(maxLine+2, 512)
	}
	return size
}

// Reset makes lr read r from its start, named source, as a new
// LineReader would, keeping its buffer: a reader of many small inputs
// allocates it once.
func (lr *LineReader) Reset(r io.Reader, source string) {
	buf := lr.w.Buf
	if size := lineBufSize(lr.max); len(buf) != size {
		buf = make([]byte, size) // grown for a long line: not kept
	}
	*lr = LineReader{w: window.Window{R: r, Buf: buf}, source: source, max: lr.max}
}

func (lr *LineReader) fill() { lr.w.Fill(lr.max + 2) }

// start skips a byte order mark at the start of the stream.
func (lr *LineReader) start() {
	w := &lr.w
	for w.End < 3 && w.Err == nil {
		lr.fill()
	}
	lr.started = true
	if HasBOM(w.Buf[:w.End]) {
		w.Start = 3
	}
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
		lr.start()
	}
	w := &lr.w
	scanned := 0 // bytes after w.Start known to hold no '\n'
	for {
		scanFrom := w.Start + scanned
		if i := bytes.IndexByte(w.Buf[scanFrom:w.End], '\n'); i >= 0 {
			nl := scanFrom + i
			if nl-w.Start > lr.max+1 || (nl-w.Start == lr.max+1 && w.Buf[nl-1] != '\r') {
				return nil, lr.tooLong(nl + 1)
			}
			return lr.take(nl, nl+1), nil
		}
		scanned = w.End - w.Start
		if w.Err != nil {
			if w.Start < w.End {
				if lastLineLen(w.Buf[w.Start:w.End]) > lr.max {
					return nil, lr.tooLong(w.End)
				}
				return lr.take(w.End, w.End), nil
			}
			return nil, lr.endError()
		}
		if w.End-w.Start > lr.max+1 {
			// The line is over the maximum; drop what we have of it and keep
			// looking for its end without buffering it.
			return nil, lr.skipLong()
		}
		lr.fill()
		if w.Redo {
			w.Redo, scanned = false, 0
		}
	}
}

// lastLineLen is the length of a last line without a '\n', not counting
// a '\r' at its end.
func lastLineLen(line []byte) int {
	n := len(line)
	if n > 0 && line[n-1] == '\r' {
		n--
	}
	return n
}

// endError is what Next and ReadBlock return with nothing left before the
// end of the input or a read error.
func (lr *LineReader) endError() error {
	w := &lr.w
	if w.Err == io.EOF {
		return io.EOF
	}
	if !lr.failed {
		lr.failed = true
		lr.lineNo++
		lr.lineOff = w.Off + int64(w.End)
	}
	return lr.ioError()
}

// A Block is whole lines of a stream, as [LineReader.ReadBlock] returns them.
type Block struct {
	// Data holds the lines with their line ends ('\n' or "\r\n"; lone
	// '\r' ends already rewritten as '\n'); the last line of the input may
	// lack one. A line in it may still be over the maximum: the decoder
	// checks each line's length, as it splits them.
	Data []byte
	// Line is the 1-based number of the first line, Offset the stream
	// offset of its first byte, and Lines the number of lines in Data.
	Line   int
	Offset int64
	Lines  int
}

// ReadBlock appends the next whole lines to dst[:0], filling it up to its
// capacity, and returns them as a Block whose Data is the result (it grows
// dst only when one line alone does not fit). The reader keeps no reference
// to dst, so blocks may be decoded on other goroutines while it reads on.
// Once the stream's line ends are known, it reads into dst directly, so
// that the input is copied once.
//
// Errors are those of [LineReader.Next], in their place: a line too long to
// buffer ends the block before it, and the next call returns its error; a
// read error comes after the lines before it; io.EOF at the end.
func (lr *LineReader) ReadBlock(dst []byte) (Block, error) {
	if !lr.started {
		lr.start()
	}
	w := &lr.w
	if w.EOLSeen && !w.Redo && w.Err == nil && w.End-w.Start <= cap(dst) {
		if b, ok := lr.readDirect(dst); ok {
			return b, nil
		}
	}
	b := Block{Data: dst[:0], Line: lr.lineNo + 1, Offset: w.Off + int64(w.Start)}
	scanned := 0 // bytes after w.Start known to hold no '\n'
	for {
		room := cap(b.Data) - len(b.Data)
		avail := w.Buf[w.Start:w.End]
		if scanned < min(len(avail), room) {
			seg := avail[:min(len(avail), room)]
			if k := bytes.LastIndexByte(seg[scanned:], '\n') + 1; k > 0 {
				k += scanned
				b.Data = append(b.Data, seg[:k]...)
				b.Lines += bytes.Count(seg[:k], []byte{'\n'})
				w.Start += k
				scanned = 0
				if k == room {
					break
				}
				continue // more may fit once more is read
			}
		}
		// No whole line in what fits.
		if w.Err != nil && len(avail) > 0 && len(avail) <= room {
			// The last line, without a line end.
			if lastLineLen(avail) > lr.max {
				if b.Lines > 0 {
					break
				}
				return b, lr.tooLong(w.End)
			}
			b.Data = append(b.Data, avail...)
			b.Lines++
			w.Start = w.End
			break
		}
		if b.Lines > 0 && (len(avail) > room || w.Err != nil) {
			break // the next line does not fit, or nothing is left
		}
		nl := -1 // the end of the first line, if buffered
		if i := bytes.IndexByte(avail[scanned:], '\n'); i >= 0 {
			nl = scanned + i
		} else {
			scanned = len(avail)
		}
		if b.Lines == 0 && len(avail) > room && (nl >= 0 || w.Err != nil) {
			// One line longer than dst: grow it to hold the line.
			if nl < 0 && lastLineLen(avail) > lr.max {
				return b, lr.tooLong(w.End)
			}
			n := len(avail)
			if nl >= 0 {
				n = nl + 1
			}
			b.Data = append(b.Data, avail[:n]...)
			b.Lines++
			w.Start += n
			break
		}
		if w.Err != nil {
			return b, lr.endError()
		}
		if nl < 0 && len(avail) > lr.max+1 {
			if b.Lines > 0 {
				break
			}
			return b, lr.skipLong()
		}
		lr.fill()
		if w.Redo {
			w.Redo, scanned = false, 0
		}
	}
	lr.lineNo += b.Lines
	return b, nil
}

// readDirect is ReadBlock once the line ends are known: it moves what
// the window holds (which fits dst) to dst, reads into dst until it is
// full or the input ends, and moves the bytes after the last '\n' back to
// the window, so that the input is copied once, not twice. Without a '\n'
// in dst (a line longer than dst, or the last line) it leaves everything
// in the window and returns false, for ReadBlock's own loop.
func (lr *LineReader) readDirect(dst []byte) (Block, bool) {
	w := &lr.w
	off := w.Off + int64(w.Start)
	data := append(dst[:0], w.Buf[w.Start:w.End]...)
	w.Start, w.End = 0, 0
	for idle := 0; len(data) < cap(data) && w.Err == nil; {
		n, err := w.R.Read(data[len(data):cap(data)])
		if n < 0 || n > cap(data)-len(data) {
			n, err = 0, errors.New("invalid Read count")
		}
		if w.CR {
			window.CRToLF(data[len(data) : len(data)+n])
		}
		data = data[:len(data)+n]
		if n > 0 {
			idle = 0
		} else if idle++; idle == 100 && err == nil {
			err = io.ErrNoProgress
		}
		w.Err = err
	}
	k := bytes.LastIndexByte(data, '\n') + 1
	tail := data[k:]
	if len(tail) > len(w.Buf) {
		w.Buf = make([]byte, len(tail)+window.GrowStep)
	}
	w.Off, w.End = off+int64(k), copy(w.Buf, tail)
	if k == 0 {
		return Block{}, false
	}
	b := Block{Data: data[:k], Line: lr.lineNo + 1, Offset: off, Lines: bytes.Count(data[:k], []byte{'\n'})}
	lr.lineNo += b.Lines
	return b, true
}

// take returns Buf[Start:end] without a trailing "\r" and consumes up to next.
func (lr *LineReader) take(end, next int) []byte {
	w := &lr.w
	lr.lineNo++
	lr.lineOff = w.Off + int64(w.Start)
	line := w.Buf[w.Start:end]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	w.Start = next
	return line
}

func (lr *LineReader) tooLong(next int) error {
	lr.lineNo++
	lr.lineOff = lr.w.Off + int64(lr.w.Start)
	lr.w.Start = next
	return lr.longError()
}

func (lr *LineReader) longError() error {
	return &Error{Source: lr.source, Line: lr.lineNo, Offset: lr.lineOff, Err: ErrLineTooLong}
}

// skipLong discards the current over-long line up to and including its "\n".
func (lr *LineReader) skipLong() error {
	w := &lr.w
	lr.lineNo++
	lr.lineOff = w.Off + int64(w.Start)
	for {
		w.Drop()
		if w.Err != nil {
			return lr.longError()
		}
		lr.fill()
		if i := bytes.IndexByte(w.Buf[:w.End], '\n'); i >= 0 {
			w.Start = i + 1
			return lr.longError()
		}
	}
}

func (lr *LineReader) ioError() error {
	return &Error{Source: lr.source, Line: lr.lineNo, Offset: lr.lineOff, Err: lr.w.Err}
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
func LineEnds(data []byte, atEOF bool) (cr, decided bool) { return window.LineEnds(data, atEOF) }

// CRToLF rewrites every '\r' in b as '\n', in place, for a stream whose
// lines end in a lone '\r' (see [LineEnds]).
func CRToLF(b []byte) { window.CRToLF(b) }
