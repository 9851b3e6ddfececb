package yajson

import (
	"bytes"
	"errors"
	"io"
	"iter"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A Reader decodes a stream of JSON access records (Yandex Object Storage's,
// or another layout [Parser] knows, see Format): one object
// per line, a top-level JSON array of objects, objects concatenated with or
// without white space between them, or pretty-printed objects spanning
// lines. gzip and zstd input is decompressed transparently. Memory is bounded
// by the largest record, not the stream: a multi-gigabyte file decodes in
// constant memory.
//
// Set the exported fields before calling [Reader.All]. A Reader is single-use
// and not safe for concurrent use; [Reader.Counts] may be called after (or
// between iterations of) All from the same goroutine.
type Reader struct {
	// Format is the layout of the records: parse.FormatYandex (or the
	// zero value), parse.FormatS3JSON or parse.FormatAzureJSON; see
	// [Parser].
	Format parse.Format
	// Source names the input in errors, such as a file path.
	Source string
	// MaxLineSize is the largest accepted record in bytes (the same name
	// as in s3line.Reader and source.Options; a JSON record may span
	// lines); larger ones are reported as errors wrapping
	// parse.ErrLineTooLong and skipped. 0 means parse.DefaultMaxLineSize.
	MaxLineSize int
	// MaxWindow is the largest zstd window accepted, in bytes; 0 means
	// parse.DefaultMaxWindow.
	MaxWindow int

	r      io.Reader
	used   bool
	counts parse.Counts
}

// NewReader returns a Reader of the JSON records in r.
func NewReader(r io.Reader) *Reader { return &Reader{r: r} }

// Records returns the records in r; it is NewReader(r).All(). See
// [Reader.All] for the contract.
func Records(r io.Reader) iter.Seq2[*parse.Record, error] {
	return NewReader(r).All()
}

// All returns an iterator over the records of the stream, in input order.
//
// The iterator is single-use: a second call yields nothing. The yielded
// *parse.Record is reused and valid only until the next iteration; call
// [parse.Record.Clone] to keep it. An invalid record (a syntax error, a value
// of the wrong type, a record cut off at the end of the input, one over the
// maximum size) yields (nil, *parse.Error) with the source, the 1-based line
// where the record starts, the stream byte offset and the field, and decoding
// resumes at the next record if the loop continues. An I/O error (including a
// truncated or corrupt compressed stream) is yielded as a *parse.Error
// wrapping it and is the final element. Breaking out early is safe.
//
// Counts: Lines counts the physical lines of the input (the '\n's, plus a
// last line without one), and Blank those holding only white space, so for
// one record per line, the way Yandex delivers, Records + Errors + Blank ==
// Lines and a record lost would show; an array or concatenated records on
// one line, or a pretty-printed record over many, count as the lines they
// span.
func (rd *Reader) All() iter.Seq2[*parse.Record, error] {
	return func(yield func(*parse.Record, error) bool) {
		if rd.used {
			return
		}
		rd.used = true
		src, _, err := parse.DecompressWindow(rd.r, rd.MaxWindow)
		if err != nil {
			rd.counts.Lines++
			rd.counts.Errors++
			yield(nil, &parse.Error{Source: rd.Source, Line: 1, Err: err})
			return
		}
		defer src.Close()
		if head, err := src.Peek(linesHead); IsLines(head, err != nil) {
			rd.lines(src, yield)
			return
		}
		rd.frames(src, func(rec *parse.Record, pe *parse.Error) bool {
			if pe != nil {
				pe.Source = rd.Source
				return yield(nil, pe)
			}
			return yield(rec, nil)
		})
	}
}

// frames decodes src with the framer, which finds records however they
// are laid out, calling fn with each record or error (Line and Offset
// those of src, Source unset) and keeping rd's counts. It stops when fn
// returns false or after a read error.
func (rd *Reader) frames(src io.Reader, fn func(*parse.Record, *parse.Error) bool) {
	fr := newFramer(src, rd.MaxLineSize)
	p := Parser{Format: rd.Format}
	var rec parse.Record
	defer func() { rd.counts.Lines, rd.counts.Blank = fr.lines(), fr.blank }()
	for {
		f, err := fr.next()
		rd.counts.Lines, rd.counts.Blank = fr.lines(), fr.blank
		if err == io.EOF {
			return
		}
		if err != nil {
			rd.counts.Errors++
			fn(nil, &parse.Error{Line: fr.recLine, Offset: fr.recOff, Err: err})
			return
		}
		if f.err == nil {
			err = p.Parse(f.data, &rec)
			if err != nil && f.fast {
				// The line may not be one whole object after all.
				if g := fr.rescan(); g.err != nil || len(g.data) != len(f.data) {
					f = g
					if f.err == nil {
						err = p.Parse(f.data, &rec)
					}
				}
			}
		}
		var pe *parse.Error
		switch {
		case f.err != nil:
			pe = &parse.Error{Offset: 0, Err: f.err}
			if f.next > fr.Start && f.err != parse.ErrLineTooLong {
				pe.Input = string(fr.Buf[fr.Start:min(f.next, fr.Start+parse.MaxErrorInput)])
			}
		case err != nil:
			pe = err.(*parse.Error)
		}
		fr.consume(f.next)
		rd.counts.Lines = fr.lines()
		if pe != nil {
			rd.counts.Errors++
			pe.Line = fr.recLine
			pe.Offset += fr.recOff
			if !fn(nil, pe) {
				return
			}
			continue
		}
		rd.counts.Records++
		if !fn(&rec, nil) {
			return
		}
	}
}

// linesHead is how much of a stream IsLines judges.
const linesHead = 64 << 10

// lines decodes a JSON lines stream (see [IsLines]) line by line, as
// s3line.Reader does its lines and source.Run's workers do blocks of them:
// each line one record, or one error.
func (rd *Reader) lines(src io.Reader, yield func(*parse.Record, error) bool) {
	lr := parse.NewLineReader(src, rd.Source, rd.MaxLineSize)
	p := Parser{Format: rd.Format}
	var rec parse.Record
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return
		}
		rd.counts.Lines++
		if err != nil {
			rd.counts.Errors++
			if !yield(nil, err) || !errors.Is(err, parse.ErrLineTooLong) {
				return
			}
			continue
		}
		if IsBlank(line) {
			rd.counts.Blank++
			continue
		}
		if err := p.Parse(line, &rec); err != nil {
			// Not one object: the framer finds what the line holds (a
			// record behind a stray byte) and the errors.
			more := true
			Line(rd.Format, line, rd.MaxLineSize, func(r *parse.Record, pe *parse.Error) bool {
				if pe != nil {
					rd.counts.Errors++
					pe.Source, pe.Line, pe.Offset = rd.Source, lr.Line(), pe.Offset+lr.Offset()
					more = yield(nil, pe)
				} else {
					rd.counts.Records++
					more = yield(r, nil)
				}
				return more
			})
			if !more {
				return
			}
			continue
		}
		rd.counts.Records++
		rec.Raw = line
		if !yield(&rec, nil) {
			return
		}
	}
}

// Line decodes, with the framer, one line of a JSON lines stream of
// records in layout f that Parser.Parse refused: fn gets each record it holds (a record behind a
// stray byte) and each error, with Offset within the line and Line and
// Source unset, until it returns false. Records are valid during the
// call. Line is the slow path of [Reader] and of source.Run's workers;
// it allocates.
func Line(f parse.Format, line []byte, maxLineSize int, fn func(*parse.Record, *parse.Error) bool) {
	rd := Reader{Format: f, MaxLineSize: maxLineSize}
	rd.frames(bytes.NewReader(line), fn)
}

// IsBlank reports whether line holds only JSON white space: such a line
// of a JSON lines stream is counted as blank, not decoded.
func IsBlank(line []byte) bool { return skipWS(line, 0) == len(line) }

// Counts returns the records attempted, decoded and failed so far.
func (rd *Reader) Counts() parse.Counts { return rd.counts }
