package s3line

import (
	"io"
	"iter"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A Reader decodes a stream of access-log lines. Input compressed with gzip
// or zstd is decompressed transparently (recognised by its magic bytes), CRLF
// line ends are accepted, and lines holding only white space are skipped and
// counted as blank.
//
// Set the exported fields before calling [Reader.All]. A Reader is single-use
// and not safe for concurrent use; [Reader.Counts] may be called after (or
// between iterations of) All from the same goroutine.
type Reader struct {
	// Format is the line layout: parse.FormatS3 (or the zero value),
	// parse.FormatOSS, parse.FormatOBS or parse.FormatCOS.
	Format parse.Format
	// Source names the input in errors, such as a file path.
	Source string
	// MaxLineSize is the longest accepted line in bytes; longer lines are
	// reported as errors wrapping parse.ErrLineTooLong and skipped. 0 means
	// parse.DefaultMaxLineSize.
	MaxLineSize int
	// MaxWindow is the largest zstd window accepted, in bytes; 0 means
	// parse.DefaultMaxWindow.
	MaxWindow int

	r      io.Reader
	used   bool
	counts parse.Counts
}

// NewReader returns a Reader of s3 lines from r. Set Format for oss lines.
func NewReader(r io.Reader) *Reader { return &Reader{r: r} }

// Records returns the records of the s3 lines in r; it is
// NewReader(r).All(). See [Reader.All] for the contract.
func Records(r io.Reader) iter.Seq2[*parse.Record, error] {
	return NewReader(r).All()
}

// All returns an iterator over the records of the stream, in input order.
//
// The iterator is single-use: a second call yields nothing. The yielded
// *parse.Record is reused and valid only until the next iteration; call
// [parse.Record.Clone] to keep it. A malformed or over-long line yields
// (nil, *parse.Error) with the source, 1-based line, stream byte offset and
// field, and iteration goes on with the next line if the loop continues. An
// I/O error (including a truncated or corrupt compressed stream) is yielded
// as a *parse.Error wrapping it and is the final element. Breaking out of the
// loop early is safe and releases the decompressor.
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
		lr := parse.NewLineReader(src, rd.Source, rd.MaxLineSize)
		hint := func(line []byte) string { return LayoutHint(line, rd.Format) }
		for rec, err := range parse.LineRecords(lr, &Parser{Format: rd.Format}, hint, &rd.counts) {
			if !yield(rec, err) {
				return
			}
		}
	}
}

// Counts returns the lines, records, errors and blank lines seen so far.
func (rd *Reader) Counts() parse.Counts { return rd.counts }
