package yajson

import (
	"bytes"
	"math"

	"github.com/valyala/fastjson"

	"github.com/bucketlogs/bucketlogs/internal/s3ops"
	"github.com/bucketlogs/bucketlogs/parse"
)

// A Parser decodes single Yandex Object Storage JSON records into a
// [parse.Record] with fastjson.
//
// The zero Parser is ready to use. It keeps fastjson's parse tree between
// calls, so once warm a call allocates nothing.
//
// A Parser is not safe for concurrent use: use one Parser per goroutine.
type Parser struct {
	p   fastjson.Parser
	num []byte // scratch for the text of a number

	actions s3ops.Cache
}

// Parse decodes data, one JSON object, into r. It resets r first and fills
// it in place. Text fields of r point into the Parser's own copy of data
// (with JSON escapes decoded), so they stay valid until the next call to
// Parse on this Parser even if data changes.
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
	r.Reset()
	r.Format = parse.FormatYandex
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
	o.Visit(func(key []byte, v *fastjson.Value) {
		if failErr != nil {
			return
		}
		if f, err := p.setField(r, key, v); err != nil {
			failField, failKey, failErr = f, key, err
		}
	})
	if failErr != nil {
		return parse.NewError(data, keyOffset(data, failKey), failField, failErr)
	}
	if r.Has(parse.Operation) {
		if a := p.actions.Action(r.Operation); a != nil {
			r.SetText(parse.Action, a)
		}
	}
	return nil
}

// setField stores the value of a Yandex key in its record field; unknown keys
// are ignored. It returns the field and the cause when the value is invalid.
func (p *Parser) setField(r *parse.Record, key []byte, v *fastjson.Value) (parse.Field, error) {
	switch string(key) {
	case "timestamp":
		return parse.Time, setTime(r, v)
	case "bucket":
		return parse.Bucket, setText(r, parse.Bucket, &r.Bucket, v)
	case "ip":
		return parse.RemoteIP, setText(r, parse.RemoteIP, &r.RemoteIP, v)
	case "requester":
		return parse.Requester, setText(r, parse.Requester, &r.Requester, v)
	case "request_id":
		return parse.RequestID, setText(r, parse.RequestID, &r.RequestID, v)
	case "handler":
		return parse.Operation, setText(r, parse.Operation, &r.Operation, v)
	case "object_key":
		return parse.Key, setText(r, parse.Key, &r.Key, v)
	case "method":
		return parse.Method, setText(r, parse.Method, &r.Method, v)
	case "request_path":
		return parse.RequestPath, setText(r, parse.RequestPath, &r.RequestPath, v)
	case "request_args":
		return parse.RequestArgs, setText(r, parse.RequestArgs, &r.RequestArgs, v)
	case "protocol":
		return parse.Protocol, setText(r, parse.Protocol, &r.Protocol, v)
	case "status":
		return parse.Status, p.setInt(r, parse.Status, &r.Status, v)
	case "bytes_send":
		return parse.BytesSent, p.setInt(r, parse.BytesSent, &r.BytesSent, v)
	case "bytes_received":
		return parse.BytesReceived, p.setInt(r, parse.BytesReceived, &r.BytesReceived, v)
	case "request_time":
		return parse.TotalTimeMS, p.setInt(r, parse.TotalTimeMS, &r.TotalTimeMS, v)
	case "http_referer":
		return parse.Referer, setText(r, parse.Referer, &r.Referer, v)
	case "user_agent":
		return parse.UserAgent, setText(r, parse.UserAgent, &r.UserAgent, v)
	case "version_id":
		return parse.VersionID, setText(r, parse.VersionID, &r.VersionID, v)
	case "vhost":
		return parse.HostHeader, setText(r, parse.HostHeader, &r.HostHeader, v)
	case "ssl_protocol":
		return parse.TLSVersion, setText(r, parse.TLSVersion, &r.TLSVersion, v)
	case "scheme":
		return parse.Scheme, setText(r, parse.Scheme, &r.Scheme, v)
	case "range":
		return parse.Range, setText(r, parse.Range, &r.Range, v)
	case "storage_class":
		return parse.StorageClass, setText(r, parse.StorageClass, &r.StorageClass, v)
	}
	return 0, nil
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

// setText stores a string value in the text field dst (field f of r).
func setText(r *parse.Record, f parse.Field, dst *[]byte, v *fastjson.Value) error {
	switch v.Type() {
	case fastjson.TypeString:
		if s, _ := v.StringBytes(); !absent(s) {
			*dst = s
			r.Mark(f)
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
func (p *Parser) setInt(r *parse.Record, f parse.Field, dst *int64, v *fastjson.Value) error {
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
	*dst = n
	r.Mark(f)
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
		t, ok := parseTimestamp(s)
		if !ok {
			return parse.ErrSyntax
		}
		r.Time = t
		r.Mark(parse.Time)
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
