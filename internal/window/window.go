// Package window is the one input buffer under every framer of bucketlogs:
// parse.LineReader (lines, and the blocks of lines source.Run hands to its
// workers) and the yajson record framer. It reads a stream into a sliding
// buffer, keeps the stream offset of the buffer's first byte, grows the
// buffer when a line or record needs it, and decides from the first line end
// how lines end, rewriting lone '\r' line ends (old Mac OS exports) as '\n'
// as bytes arrive, so that every framer sees '\n'-ended lines.
package window

import (
	"bytes"
	"errors"
	"io"
)

// GrowStep is how much a buffer already at its size limit grows by when a
// caller still needs room (the caller bounds how often that happens).
const GrowStep = 64 << 10

// A Window is a sliding buffer over a stream. Buf[Start:End] holds the bytes
// read and not yet consumed; callers consume by moving Start forward and
// read more with [Window.Fill]. It is not safe for concurrent use.
type Window struct {
	R     io.Reader
	Buf   []byte
	Start int   // first unconsumed byte
	End   int   // end of valid data
	Off   int64 // stream offset of Buf[0]
	Err   error // sticky read error; io.EOF at the end

	EOLSeen bool // how lines end is decided
	CR      bool // lines end in a lone '\r', rewritten as '\n' as read
	// Redo is set by Fill when bytes before the new ones were rewritten
	// (the line ends were decided lone '\r's): a caller that had scanned
	// them must scan again. The caller clears it.
	Redo bool
}

// New returns a Window over r with a buffer of size bytes.
func New(r io.Reader, size int) Window { return Window{R: r, Buf: make([]byte, size)} }

// Fill reads more input after End: it first moves unconsumed bytes to the
// front of the buffer when that frees room, and grows the buffer (doubling,
// up to limit bytes, then by GrowStep) when it is full. It returns after one
// read that gave bytes or an error (kept in Err), or after 100 empty reads
// (io.ErrNoProgress).
func (w *Window) Fill(limit int) {
	if w.Start > 0 && (w.End == len(w.Buf) || w.Start >= len(w.Buf)/2) {
		n := copy(w.Buf, w.Buf[w.Start:w.End])
		w.Off += int64(w.Start)
		w.Start, w.End = 0, n
	}
	if w.End == len(w.Buf) {
		size := min(2*len(w.Buf), limit)
		if size <= len(w.Buf) {
			size = len(w.Buf) + GrowStep
		}
		nb := make([]byte, size)
		copy(nb, w.Buf[w.Start:w.End])
		w.Off += int64(w.Start)
		w.End -= w.Start
		w.Start = 0
		w.Buf = nb
	}
	for range 100 {
		n, err := w.R.Read(w.Buf[w.End:])
		if n < 0 || n > len(w.Buf)-w.End {
			n, err = 0, errors.New("invalid Read count")
		}
		w.newData(w.End, w.End+n, err != nil)
		w.End += n
		if err != nil {
			w.Err = err
			return
		}
		if n > 0 {
			return
		}
	}
	w.Err = io.ErrNoProgress
}

// newData looks at bytes just read into Buf[from:to]: it decides how lines
// end, and rewrites lone '\r's as '\n's in a stream whose lines end so.
func (w *Window) newData(from, to int, atEOF bool) {
	if !w.EOLSeen {
		var cr bool
		if cr, w.EOLSeen = LineEnds(w.Buf[w.Start:to], atEOF); !w.EOLSeen {
			return
		}
		w.CR = cr
		w.Redo = w.Redo || cr && from > w.Start
		from = w.Start
	}
	if w.CR {
		CRToLF(w.Buf[from:to])
	}
}

// Drop discards the unconsumed bytes, moving the stream offset past them,
// for a caller skipping an over-long line without buffering it. A '\r' last,
// before the line ends are decided, is kept: the next byte may make it the
// line end.
func (w *Window) Drop() {
	keep := 0
	if !w.EOLSeen && w.End > w.Start && w.Buf[w.End-1] == '\r' {
		keep = 1
	}
	w.Off += int64(w.End - keep)
	if keep == 1 {
		w.Buf[0] = '\r'
	}
	w.Start, w.End = 0, keep
}

// LineEnds tells, from the start of a stream, how its lines end: cr is true
// for a lone '\r', false for '\n' or "\r\n". decided is false while data
// holds neither yet and more may come (atEOF false).
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

// CRToLF rewrites every '\r' in b as '\n', in place.
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
