// Package gcslog decodes Google Cloud Storage usage logs: CSV files, one
// request per line after a header line, every value double-quoted, into
// [parse.Record]s.
//
// The 17 columns and their record keys are listed in FIELDS.md. The
// record's time is when the request was received: GCS logs its completion
// (time_micros) and its duration (time_taken_micros), and the decoder
// takes the one from the other; durations become whole milliseconds. A
// value written as "" is absent. cs_object is kept as GCS logs it (decoded
// UTF-8), cs_uri as logged (percent-encoded). Columns after the 17th go to
// Record.Extra. The header line is recognised by its first column name and
// skipped (Parse returns [parse.ErrHeader]); GCS's daily storage logs
// (bucket sizes, not requests) are not request logs and do not decode.
package gcslog

import (
	"bytes"
	"time"

	"github.com/bucketlogs/bucketlogs/internal/num"
	"github.com/bucketlogs/bucketlogs/internal/s3ops"
	"github.com/bucketlogs/bucketlogs/parse"
)

// Columns is the number of columns of a usage log line that have a name.
const Columns = 17

// A Parser decodes single usage-log lines. The zero Parser is ready to
// use and may be reused for any number of lines; it is not safe for
// concurrent use.
type Parser struct {
	buf     []byte // values holding a doubled quote, unescaped
	actions s3ops.Cache
}

// The columns' fields, in order; skip marks the ones not kept (c_ip_type,
// which remote_ip tells) and the two read by hand.
const (
	skip       = parse.NumFields
	timeCol    = parse.Time
	durationCl = parse.TotalTimeMS
)

var columns = [Columns]parse.Field{
	timeCol, parse.RemoteIP, skip, parse.SourceRegion, parse.Method,
	parse.RequestURI, parse.Status, parse.BytesReceived, parse.BytesSent, durationCl,
	parse.HostHeader, parse.Referer, parse.UserAgent, parse.RequestID, parse.Operation,
	parse.Bucket, parse.Key,
}

// Parse decodes line, without its line end, into r, which it resets first.
// Text fields are views into line, except values holding a doubled quote
// (""), which are unescaped into the Parser's buffer; both stay valid until
// the next call or until line changes (see [parse.Record]). Parse does not
// allocate once its buffer has grown, except to grow r.Extra.
//
// The header line returns [parse.ErrHeader]. A malformed line returns a
// *[parse.Error] with Line 0, Offset within line, the field, and
// [parse.ErrFieldCount], [parse.ErrSyntax] or [parse.ErrRange].
func (p *Parser) Parse(line []byte, r *parse.Record) error {
	r.Reset()
	r.Format = parse.FormatGCS
	p.buf = p.buf[:0]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if bytes.HasPrefix(line, []byte(`"time_micros"`)) || bytes.HasPrefix(line, []byte("time_micros,")) {
		return parse.ErrHeader
	}
	pos := 0
	var micros, taken int64
	var hasTime, hasTaken bool
	for i := 0; ; i++ {
		f := parse.Extra
		if i < Columns {
			f = columns[i]
		}
		if f == skip {
			f = parse.SourceRegion // errors in c_ip_type name the column after it
		}
		if pos > len(line) {
			if i < Columns {
				return parse.NewError(line, len(line), f, parse.ErrFieldCount)
			}
			break
		}
		start := pos
		v, next, ok := p.value(line, pos)
		if !ok {
			return parse.NewError(line, start, f, parse.ErrSyntax)
		}
		pos = next
		switch {
		case i == 2: // c_ip_type: not kept
		case f == parse.Extra:
			r.Extra = append(r.Extra, v)
			r.Mark(parse.Extra)
		case len(v) == 0:
			// absent
		case f == timeCol || f == durationCl:
			n, err := num.ParseUint(v)
			if err != nil {
				return parse.NewError(line, start, f, err)
			}
			if f == timeCol {
				micros, hasTime = n, true
			} else {
				taken, hasTaken = n, true
				r.SetInt(parse.TotalTimeMS, n/1000)
			}
		case f.Kind() == parse.KindInt:
			n, err := num.ParseUint(v)
			if err != nil {
				return parse.NewError(line, start, f, err)
			}
			r.SetInt(f, n)
		default:
			r.SetText(f, v)
		}
	}
	if hasTime {
		if hasTaken && taken <= micros {
			micros -= taken
		}
		if micros > maxMicros {
			return parse.NewError(line, 0, parse.Time, parse.ErrRange)
		}
		r.SetTime(time.UnixMicro(micros))
	}
	if r.Has(parse.RequestURI) {
		path := r.RequestURI
		if q := bytes.IndexByte(path, '?'); q >= 0 {
			r.SetText(parse.RequestArgs, path[q+1:])
			path = path[:q]
		}
		r.SetText(parse.RequestPath, path)
	}
	if r.Has(parse.Operation) {
		if a := p.actions.Action(r.Operation); a != nil {
			r.SetText(parse.Action, a)
		}
	}
	return nil
}

// maxMicros is the latest time a record may have: year 9999.
const maxMicros = 253402300799999999

// value reads the value that starts at pos: quoted (a doubled quote inside
// stands for one) or bare, up to the comma after it or the end of the line.
// next is past that comma, or len(line)+1 at the end.
func (p *Parser) value(line []byte, pos int) (v []byte, next int, ok bool) {
	if pos == len(line) || line[pos] != '"' {
		end := bytes.IndexByte(line[pos:], ',')
		if end < 0 {
			return line[pos:], len(line) + 1, true
		}
		v = line[pos : pos+end]
		if bytes.IndexByte(v, '"') >= 0 {
			return nil, 0, false
		}
		return v, pos + end + 1, true
	}
	start := pos + 1
	i := start
	escaped := false
	for {
		q := bytes.IndexByte(line[i:], '"')
		if q < 0 {
			return nil, 0, false // unterminated
		}
		i += q
		if i+1 < len(line) && line[i+1] == '"' {
			escaped = true
			i += 2
			continue
		}
		break
	}
	v = line[start:i]
	i++ // the closing quote
	switch {
	case i == len(line):
		next = len(line) + 1
	case line[i] == ',':
		next = i + 1
	default:
		return nil, 0, false
	}
	if escaped {
		from := len(p.buf)
		for len(v) > 0 {
			q := bytes.IndexByte(v, '"')
			if q < 0 {
				p.buf = append(p.buf, v...)
				break
			}
			p.buf = append(p.buf, v[:q+1]...)
			v = v[q+2:]
		}
		v = p.buf[from:len(p.buf):len(p.buf)]
	}
	return v, next, true
}

// Detect reports whether line, the first line of a decompressed input, is
// a usage log's header or one of its lines: a quoted decimal number of
// microseconds, then a quoted address.
func Detect(line []byte) (parse.Format, bool) {
	if bytes.HasPrefix(line, []byte(`"time_micros","c_ip"`)) {
		return parse.FormatGCS, true
	}
	var p Parser
	var r parse.Record
	if len(line) > 0 && line[0] == '"' && p.Parse(line, &r) == nil && r.Has(parse.Time) && r.Has(parse.RemoteIP) && r.Has(parse.Status) {
		return parse.FormatGCS, true
	}
	return parse.FormatUnknown, false
}
