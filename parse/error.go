package parse

import (
	"errors"
	"strconv"
)

// The causes a decoder reports in [Error.Err]. Test for them with errors.Is.
var (
	// ErrSyntax: a field does not have the shape its format requires, such
	// as a time that is not a time or an unterminated quoted string.
	ErrSyntax = errors.New("invalid syntax")
	// ErrRange: a number does not fit in an int64.
	ErrRange = errors.New("value out of range")
	// ErrFieldCount: a line has fewer fields than its format requires.
	ErrFieldCount = errors.New("too few fields")
	// ErrLineTooLong: a line is longer than the reader's maximum; the line is
	// skipped and reading goes on after it.
	ErrLineTooLong = errors.New("line too long")
	// ErrType: a JSON value has the wrong type for its field, such as a
	// string where a number belongs.
	ErrType = errors.New("wrong type")
	// ErrTruncated: the input ends in the middle of a record.
	ErrTruncated = errors.New("unexpected end of input")
	// ErrHeader is not an error in the input: a [LineParser] returns it,
	// unwrapped, for a line that names the columns (the header of a gcs
	// CSV file), which readers skip and count as blank.
	ErrHeader = errors.New("header line")
)

// An Error reports a line or record that could not be decoded, and where.
// Decoders return it as *Error; use errors.As to read the position and
// errors.Is to test [Error.Err] against the sentinels above.
//
// An Error owns its memory: it keeps no reference to the decoder's buffers,
// so it may be kept and used from any goroutine.
type Error struct {
	// Source names the input, such as a file path; it is empty when the
	// decoder was not told one.
	Source string
	// Line is the 1-based line number of the line (or the line where the
	// record starts), or 0 when the decoder was given a single line.
	Line int
	// Offset is the 0-based byte offset of the offending field: from the
	// start of the decoded (decompressed) stream when Line is set, or from
	// the start of the line given to a Parse method.
	Offset int64
	// Field is the JSON key of the offending field (see [Field.String]), or
	// "" when the fault is not in one field (for example a line too long).
	Field string
	// Err is the cause: one of the sentinels above, or an I/O error.
	Err error
	// Input is a copy of the start of the offending value, at most 64 bytes,
	// to help a reader see what was wrong; it may be empty.
	Input string
	// Hint, when set, says what likely went wrong beyond the cause, such
	// as a line that looks like another format than the one decoded.
	Hint string
}

// Malformed reports whether e is about bad input (a line or record that
// does not decode: Err is one of the sentinels above), as opposed to an I/O
// error that ended the stream (a truncated compressed file, a read error).
// After a malformed line a stream goes on; after an I/O error it ends.
func (e *Error) Malformed() bool {
	for _, cause := range []error{ErrSyntax, ErrRange, ErrFieldCount, ErrLineTooLong, ErrType, ErrTruncated} {
		if errors.Is(e.Err, cause) {
			return true
		}
	}
	return false
}

// IsMalformed reports whether err is an *[Error] about bad input rather
// than one that ended the stream; see [Error.Malformed].
func IsMalformed(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Malformed()
}

// Error returns the message as SOURCE:LINE:OFFSET: FIELD: CAUSE, leaving
// out the parts that are not set, for example
// `access.log:12:3456: time: invalid syntax (near "[1x/Jan")`; for an
// error from parsing a single line (no source, no line) it reads
// `offset 4: time: invalid syntax (...)`.
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	if e.Source != "" {
		b = append(b, e.Source...)
		b = append(b, ':')
	}
	if e.Line > 0 {
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ':')
	}
	if e.Source == "" && e.Line == 0 {
		b = append(b, "offset "...)
	}
	b = strconv.AppendInt(b, e.Offset, 10)
	b = append(b, ": "...)
	if e.Field != "" {
		b = append(b, e.Field...)
		b = append(b, ": "...)
	}
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	} else {
		b = append(b, "error"...)
	}
	if e.Input != "" {
		b = append(b, " (near "...)
		b = strconv.AppendQuote(b, e.Input)
		b = append(b, ')')
	}
	if e.Hint != "" {
		b = append(b, "; "...)
		b = append(b, e.Hint...)
	}
	return string(b)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// MaxErrorInput is how many bytes of the offending input an [Error] copies.
const MaxErrorInput = 64

// NewError returns an *Error for field f at offset off of line, copying at
// most MaxErrorInput bytes of line starting at off into Error.Input. f may be
// NumFields when the fault is in no one field; Field is then "". It is meant
// for decoders; it allocates, so call it only on the failure path.
func NewError(line []byte, off int, f Field, err error) *Error {
	e := &Error{Offset: int64(off), Err: err}
	if f < NumFields {
		e.Field = f.String()
	}
	if off >= 0 && off < len(line) {
		in := line[off:]
		if len(in) > MaxErrorInput {
			in = in[:MaxErrorInput]
		}
		e.Input = string(in)
	}
	return e
}
