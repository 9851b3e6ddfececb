package yajson

import (
	"bytes"
	"math"

	"github.com/valyala/fastjson"

	"github.com/bucketlogs/bucketlogs/internal/s3ops"
	"github.com/bucketlogs/bucketlogs/internal/timefmt"
	"github.com/bucketlogs/bucketlogs/parse"
)

// A Parser decodes single JSON access records into a [parse.Record] with
// fastjson: Yandex Object Storage's (the zero Parser), or, with Format set
// before the first call, AWS S3's JSON records (parse.FormatS3JSON) or
// Azure Monitor's StorageBlobLogs (parse.FormatAzureJSON).
//
// The zero Parser is ready to use. It keeps fastjson's parse tree between
// calls, so once warm a call allocates nothing.
//
// A Parser is not safe for concurrent use: use one Parser per goroutine.
type Parser struct {
	// Format is the layout of the records: parse.FormatYandex (or the
	// zero value), parse.FormatS3JSON or parse.FormatAzureJSON.
	Format parse.Format

	p   fastjson.Parser
	num []byte // scratch for the text of a number

	actions s3ops.Cache
}

// Parse decodes data, one JSON object, into r. It resets r first and fills
// it in place. Text fields of r are views into data when the record holds
// no escape (the usual case, decoded in one pass), else into the Parser's
// own copy of it with the escapes (\u0026, \") decoded: either way they
// are valid until the next call to Parse on this Parser or until data is
// modified, as the parse.Record contract says. The s3json and azurejson
// layouts always go through fastjson, and their text fields are views into
// fastjson's copy of data, valid as long.
//
// Keys are mapped as FIELDS.md lists (bytes_send to bytes_sent, handler to
// operation, request_time to total_time_ms, ssl_protocol to tls_version, vhost
// to host_header, ...). A value of "-", "" or null, and a missing key, leave
// the field absent; unknown keys are ignored.
//
// A record that cannot be decoded returns a *[parse.Error] with Line 0,
// Offset the byte offset within data of the offending key (or 0), Field its
// name, and Err [parse.ErrSyntax] (not JSON, not an object, a bad timestamp),
// [parse.ErrType] (a value of the wrong JSON type) or [parse.ErrRange] (a
// number that is not an int64).
func (p *Parser) Parse(data []byte, r *parse.Record) error {
	if p.Format == parse.FormatS3JSON || p.Format == parse.FormatAzureJSON {
		r.Reset()
		r.Format = p.Format
		if err := p.parseTree(data, r); err != nil {
			return err
		}
		finishLayout(r)
		p.setAction(r)
		return nil
	}
	reset(r)
	if !p.fast(data, r) {
		reset(r)
		if err := p.parseTree(data, r); err != nil {
			return err
		}
	}
	p.setAction(r)
	return nil
}

// reset empties r for a Yandex record.
func reset(r *parse.Record) {
	r.Reset()
	r.Format = parse.FormatYandex
}

// setAction derives the action from the operation, as every decoder does.
func (p *Parser) setAction(r *parse.Record) {
	if r.Has(parse.Operation) {
		if a := p.actions.Action(r.Operation); a != nil {
			r.SetText(parse.Action, a)
		}
	}
}

// parseTree decodes data through fastjson's parse tree: the reference,
// and the path for what the fast one does not take (escapes, nesting,
// unusual numbers, every error).
func (p *Parser) parseTree(data []byte, r *parse.Record) error {
	v, err := p.p.ParseBytes(data)
	if err != nil {
		return parse.NewError(data, 0, parse.NumFields, parse.ErrSyntax)
	}
	o, err := v.Object()
	if err != nil {
		return parse.NewError(data, 0, parse.NumFields, parse.ErrSyntax)
	}
	var failField parse.Field
	var failKey []byte
	var failErr error
	layout := p.Format == parse.FormatS3JSON || p.Format == parse.FormatAzureJSON
	o.Visit(func(key []byte, v *fastjson.Value) {
		if failErr != nil {
			return
		}
		if layout {
			failField, failKey, failErr = p.layoutField(r, key, v, false)
		} else if f, err := p.setField(r, key, v); err != nil {
			failField, failKey, failErr = f, key, err
		}
	})
	if failErr != nil {
		return parse.NewError(data, keyOffset(data, failKey), failField, failErr)
	}
	return nil
}

// setField stores the value of a Yandex key in its record field; unknown keys
// are ignored. It returns the field and the cause when the value is invalid.
func (p *Parser) setField(r *parse.Record, key []byte, v *fastjson.Value) (parse.Field, error) {
	f, ok := yandexField(key)
	if !ok {
		return 0, nil
	}
	switch f.Kind() {
	case parse.KindTime:
		return f, setTime(r, v)
	case parse.KindInt:
		return f, p.setInt(r, f, v)
	}
	return f, setText(r, f, v)
}

// yandexField is the record field of a Yandex key, as FIELDS.md lists.
func yandexField(key []byte) (parse.Field, bool) {
	switch string(key) {
	case "timestamp":
		return parse.Time, true
	case "bucket":
		return parse.Bucket, true
	case "ip":
		return parse.RemoteIP, true
	case "requester":
		return parse.Requester, true
	case "request_id":
		return parse.RequestID, true
	case "handler":
		return parse.Operation, true
	case "object_key":
		return parse.Key, true
	case "method":
		return parse.Method, true
	case "request_path":
		return parse.RequestPath, true
	case "request_args":
		return parse.RequestArgs, true
	case "protocol":
		return parse.Protocol, true
	case "status":
		return parse.Status, true
	case "bytes_send":
		return parse.BytesSent, true
	case "bytes_received":
		return parse.BytesReceived, true
	case "request_time":
		return parse.TotalTimeMS, true
	case "http_referer":
		return parse.Referer, true
	case "user_agent":
		return parse.UserAgent, true
	case "version_id":
		return parse.VersionID, true
	case "vhost":
		return parse.HostHeader, true
	case "ssl_protocol":
		return parse.TLSVersion, true
	case "scheme":
		return parse.Scheme, true
	case "range":
		return parse.Range, true
	case "storage_class":
		return parse.StorageClass, true
	}
	return 0, false
}

// yandexKeys lists the Yandex key of each field it carries, for encoding.
var yandexKeys = [...]struct {
	f   parse.Field
	key string
}{
	{parse.Bucket, "bucket"}, {parse.BytesReceived, "bytes_received"}, {parse.BytesSent, "bytes_send"},
	{parse.Operation, "handler"}, {parse.Referer, "http_referer"}, {parse.RemoteIP, "ip"},
	{parse.Method, "method"}, {parse.Key, "object_key"}, {parse.Protocol, "protocol"},
	{parse.Range, "range"}, {parse.Requester, "requester"}, {parse.RequestArgs, "request_args"},
	{parse.RequestID, "request_id"}, {parse.RequestPath, "request_path"}, {parse.TotalTimeMS, "request_time"},
	{parse.Scheme, "scheme"}, {parse.TLSVersion, "ssl_protocol"}, {parse.Status, "status"},
	{parse.StorageClass, "storage_class"}, {parse.Time, "timestamp"}, {parse.UserAgent, "user_agent"},
	{parse.VersionID, "version_id"}, {parse.HostHeader, "vhost"},
}

// absent reports whether a JSON string value means "absent": "" or "-".
func absent(s []byte) bool { return len(s) == 0 || len(s) == 1 && s[0] == '-' }

// setText stores a string value in the text field f of r.
func setText(r *parse.Record, f parse.Field, v *fastjson.Value) error {
	switch v.Type() {
	case fastjson.TypeString:
		if s, _ := v.StringBytes(); !absent(s) {
			r.SetText(f, s)
		}
		return nil
	case fastjson.TypeNull:
		return nil
	}
	return parse.ErrType
}

// setInt stores a number in the integer field dst (field f of r). A whole
// number written as a float (88.0, 1e3) is accepted; "-", "" and null are
// absent.
func (p *Parser) setInt(r *parse.Record, f parse.Field, v *fastjson.Value) error {
	switch v.Type() {
	case fastjson.TypeNumber:
	case fastjson.TypeString:
		if s, _ := v.StringBytes(); absent(s) {
			return nil
		}
		return parse.ErrType
	case fastjson.TypeNull:
		return nil
	default:
		return parse.ErrType
	}
	// The number's text, parsed here rather than by Value.Int64, whose
	// failure on "1e3" would allocate an error.
	p.num = v.MarshalTo(p.num[:0])
	n, ok, err := parseInteger(p.num)
	if err != nil {
		return err
	}
	if !ok {
		// An exponent (1e3): through float64, exact only up to 2^53, so
		// larger values are refused rather than rounded.
		x, ferr := v.Float64()
		if ferr != nil || x != math.Trunc(x) {
			return parse.ErrType
		}
		if x < -(1<<53) || x > 1<<53 {
			return parse.ErrRange
		}
		n = int64(x)
	}
	if n < 0 && !f.Signed() {
		return parse.ErrRange
	}
	r.SetInt(f, n)
	return nil
}

// parseInteger parses an optionally negative run of decimal digits, with
// an optional fraction of zeros ("88.0"), exactly, whatever its size. ok is
// false when b is some other number syntax; err is parse.ErrRange when the
// digits do not fit an int64.
func parseInteger(b []byte) (n int64, ok bool, err error) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		frac := b[i+1:]
		if len(frac) == 0 || len(bytes.TrimLeft(frac, "0")) != 0 {
			return 0, false, nil
		}
		b = b[:i]
	}
	if len(b) == 0 {
		return 0, false, nil
	}
	if len(b) > 19 {
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false, nil
			}
		}
		return 0, false, parse.ErrRange
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false, nil
		}
		u = u*10 + uint64(c-'0')
	}
	if u > 1<<63 || u == 1<<63 && !neg {
		return 0, false, parse.ErrRange
	}
	if neg {
		return -int64(u), true, nil
	}
	return int64(u), true, nil
}

// setTime stores an RFC 3339 timestamp.
func setTime(r *parse.Record, v *fastjson.Value) error {
	switch v.Type() {
	case fastjson.TypeString:
		s, _ := v.StringBytes()
		if absent(s) {
			return nil
		}
		t, ok := timefmt.ParseRFC3339(s)
		if !ok {
			return parse.ErrSyntax
		}
		r.SetTime(t)
		return nil
	case fastjson.TypeNull:
		return nil
	}
	return parse.ErrType
}

// keyOffset returns the offset of `"key"` in data, or 0. It is only used to
// point an error at its field.
func keyOffset(data, key []byte) int {
	for i := 0; i < len(data); {
		j := bytes.Index(data[i:], key)
		if j < 0 {
			return 0
		}
		at := i + j
		if at > 0 && data[at-1] == '"' && at+len(key) < len(data) && data[at+len(key)] == '"' {
			return at - 1
		}
		i = at + 1
	}
	return 0
}
