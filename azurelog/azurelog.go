// Package azurelog decodes Azure Storage Analytics log lines (the classic
// "$logs" container, versions 1.0 and 2.0) into [parse.Record]s.
//
// A line is ';'-separated, its first field the version. Fields that may
// hold '"', ';' or a line end are quoted and HTML-encoded (&quot;, &amp;,
// &#59; ...): the decoder takes a quoted value up to the quote that is
// followed by ';' or the end of the line, so raw quotes inside (the JSON of
// 2.0's authorization-detail) survive, and decodes the entities into the
// Parser's buffer. The ETag, logged between doubled quotes, is stored
// without them; the client address loses its port; requested-object-key
// (/account/container/blob) gives the bucket (container) and the key
// (blob). An empty field is absent. The mapping of every field is in
// FIELDS.md. Fields past the last one of the line's version go to
// Record.Extra.
package azurelog

import (
	"bytes"

	"github.com/bucketlogs/bucketlogs/internal/azure"
	"github.com/bucketlogs/bucketlogs/internal/num"
	"github.com/bucketlogs/bucketlogs/internal/s3ops"
	"github.com/bucketlogs/bucketlogs/internal/timefmt"
	"github.com/bucketlogs/bucketlogs/parse"
)

// The field counts of the two versions.
const (
	Fields1 = 30
	Fields2 = 38
)

// skip marks fields no record key holds; objectKey, url and ip are read by
// hand.
const (
	skip      = parse.NumFields + iota
	objectKey // requested-object-key
	clientIP  // requester-ip-address
)

var fields = [Fields2]parse.Field{
	parse.SchemaVersion, parse.Time, parse.Operation, parse.RequestStatus, parse.Status,
	parse.TotalTimeMS, parse.TurnaroundTimeMS, parse.AuthType, parse.Requester, parse.BucketOwner,
	parse.ServiceType, parse.RequestURI, objectKey, parse.RequestID, parse.OperationCount,
	clientIP, parse.RequestVersion, parse.RequestHeaderSize, parse.BytesReceived, parse.ResponseHeaderSize,
	parse.BytesSent, skip, skip, skip, parse.ETag,
	parse.LastModified, skip, parse.UserAgent, parse.Referer, parse.ClientRequestID,
	// 2.0
	skip, parse.TenantID, parse.ApplicationID, skip, skip,
	parse.Principal, skip, skip,
}

// A Parser decodes single Storage Analytics log lines. The zero Parser is
// ready to use and may be reused for any number of lines; it is not safe
// for concurrent use.
type Parser struct {
	buf     []byte // values holding HTML entities, decoded
	actions s3ops.Cache
}

// Parse decodes line, without its line end, into r, which it resets first.
// Text fields are views into line, except values holding an HTML entity,
// which are decoded into the Parser's buffer; both stay valid until the
// next call or until line changes (see [parse.Record]). Parse does not
// allocate once its buffer has grown, except to grow r.Extra.
//
// A malformed line returns a *[parse.Error] with Line 0, Offset within
// line, the field, and [parse.ErrFieldCount], [parse.ErrSyntax] or
// [parse.ErrRange].
func (p *Parser) Parse(line []byte, r *parse.Record) error {
	r.Reset()
	r.Format = parse.FormatAzure
	p.buf = p.buf[:0]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	want := Fields1
	if bytes.HasPrefix(line, []byte("2.0;")) {
		want = Fields2
	}
	pos := 0
	for i := 0; pos <= len(line); i++ {
		f := parse.Extra
		if i < want {
			f = fields[i]
		}
		start := pos
		v, next, ok := p.value(line, pos)
		if !ok {
			return parse.NewError(line, start, fieldOf(f), parse.ErrSyntax)
		}
		pos = next
		if err := p.set(r, f, v); err != nil {
			return parse.NewError(line, start, fieldOf(f), err)
		}
		if i+1 < want && pos > len(line) {
			return parse.NewError(line, len(line), fieldOf(fields[i+1]), parse.ErrFieldCount)
		}
	}
	if r.Has(parse.Operation) {
		if a := p.actions.Action(r.Operation); a != nil {
			r.SetText(parse.Action, a)
		}
	}
	return nil
}

// fieldOf names f in an error: the record field a hand-read field fills.
func fieldOf(f parse.Field) parse.Field {
	switch f {
	case objectKey:
		return parse.Key
	case clientIP:
		return parse.RemoteIP
	case skip:
		return parse.Extra
	}
	return f
}

// set stores v, the value of field f.
func (p *Parser) set(r *parse.Record, f parse.Field, v []byte) error {
	switch {
	case f == parse.Extra:
		r.Extra = append(r.Extra, v)
		r.Mark(parse.Extra)
		return nil
	case len(v) == 0 || f == skip:
		return nil
	case f == parse.Time:
		t, ok := timefmt.ParseRFC3339(v)
		if !ok {
			return parse.ErrSyntax
		}
		r.SetTime(t)
	case f == objectKey:
		azure.SetObjectKey(r, v)
	case f == clientIP:
		azure.SetAddress(r, v)
	case f == parse.ETag:
		azure.SetETag(r, v)
	case f == parse.RequestURI:
		azure.SetURL(r, v)
	case f.Kind() == parse.KindInt:
		n, err := num.ParseUint(v)
		if err != nil {
			return err
		}
		r.SetInt(f, n)
	default:
		r.SetText(f, v)
	}
	return nil
}

// value reads the field that starts at pos, up to the ';' after it or the
// end of the line: bare, or quoted up to the quote followed by ';' or the
// end, with HTML entities decoded. next is past that ';', or len(line)+1
// at the end.
func (p *Parser) value(line []byte, pos int) (v []byte, next int, ok bool) {
	if pos < len(line) && line[pos] == '"' {
		i := pos + 1
		for {
			q := bytes.IndexByte(line[i:], '"')
			if q < 0 {
				return nil, 0, false // unterminated
			}
			i += q
			if i+1 == len(line) || line[i+1] == ';' {
				break
			}
			i++
		}
		v = line[pos+1 : i]
		next = i + 2
		if next > len(line) {
			next = len(line) + 1
		}
		if bytes.IndexByte(v, '&') >= 0 {
			v = p.unescape(v)
		}
		return v, next, true
	}
	end := bytes.IndexByte(line[pos:], ';')
	if end < 0 {
		return line[pos:], len(line) + 1, true
	}
	return line[pos : pos+end], pos + end + 1, true
}

// unescape decodes the HTML entities of v into p.buf and returns the result.
// An '&' that starts no known entity stays as it is.
func (p *Parser) unescape(v []byte) []byte {
	from := len(p.buf)
	for len(v) > 0 {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			p.buf = append(p.buf, v...)
			break
		}
		p.buf = append(p.buf, v[:i]...)
		v = v[i:]
		c, n := entity(v)
		if n == 0 {
			p.buf = append(p.buf, '&')
			v = v[1:]
			continue
		}
		p.buf = append(p.buf, c)
		v = v[n:]
	}
	return p.buf[from:len(p.buf):len(p.buf)]
}

// entity decodes the entity at the start of v (which starts with '&'):
// the byte it stands for and its length, or 0 when it is none this log
// writes (named &quot; &amp; &lt; &gt; &apos;, or a decimal or hex ASCII
// character reference).
func entity(v []byte) (byte, int) {
	end := bytes.IndexByte(v, ';')
	if end < 2 || end > 8 {
		return 0, 0
	}
	name := v[1:end]
	switch string(name) {
	case "quot":
		return '"', end + 1
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "apos":
		return '\'', end + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	n, base, digits := 0, 10, name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return 0, 0
	}
	for _, c := range digits {
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, 0
		}
		n = n*base + d
		if n > 127 {
			return 0, 0 // beyond ASCII: left as written
		}
	}
	return byte(n), end + 1
}

// Detect reports whether line, the first line of a decompressed input, is
// a Storage Analytics line: "1.0;" or "2.0;" and then an RFC 3339 time.
func Detect(line []byte) (parse.Format, bool) {
	if len(line) < 5 || !(bytes.HasPrefix(line, []byte("1.0;")) || bytes.HasPrefix(line, []byte("2.0;"))) {
		return parse.FormatUnknown, false
	}
	t, _, _ := bytes.Cut(line[4:], []byte{';'})
	if _, ok := timefmt.ParseRFC3339(t); !ok {
		return parse.FormatUnknown, false
	}
	return parse.FormatAzure, true
}
