package parse

import (
	"errors"
	"io"
	"iter"
)

// A LineParser decodes one line of a line format (s3, oss, obs, cos, gcs,
// azure) into a Record, with the contract of s3line.Parser.Parse: r is
// reset and filled in place, its text views valid until line changes, and
// a malformed line is a *[Error] with Line 0 and Offset within the line.
// A parser may return [ErrHeader] for a line that names the columns; it is
// then skipped and counted as blank.
type LineParser interface {
	Parse(line []byte, r *Record) error
}

// LineRecords is the loop under every line format's Reader: it decodes
// the lines of src (decompressed already) with p and yields their records,
// with the contract of s3line.Reader.All. Errors get their source, line
// and stream offset; for the first lines of a stream failing, hint (when
// not nil) may name a likelier layout in [Error.Hint]. Lines holding only
// white space are counted as blank, as are the header lines p reports.
// counts is updated as the lines go.
func LineRecords(lr *LineReader, p LineParser, hint func(line []byte) string, counts *Counts) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		var rec Record
		for {
			line, err := lr.Next()
			if err == io.EOF {
				return
			}
			counts.Lines++
			if err != nil {
				counts.Errors++
				if !yield(nil, err) || !errors.Is(err, ErrLineTooLong) {
					return
				}
				continue
			}
			if IsBlank(line) {
				counts.Blank++
				continue
			}
			if err := p.Parse(line, &rec); err != nil {
				if err == ErrHeader {
					counts.Blank++
					continue
				}
				counts.Errors++
				pe := err.(*Error)
				pe.Source = lr.Source()
				pe.Line = lr.Line()
				pe.Offset += lr.Offset()
				if hint != nil && counts.Records == 0 && counts.Errors <= 3 {
					pe.Hint = hint(line)
				}
				if !yield(nil, pe) {
					return
				}
				continue
			}
			counts.Records++
			rec.Raw = line
			if !yield(&rec, nil) {
				return
			}
		}
	}
}

// IsBlank reports whether line holds only spaces, tabs and carriage
// returns: a line every reader skips and counts as blank.
func IsBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
