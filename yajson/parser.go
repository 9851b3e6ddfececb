package yajson

import (
	"bytes"
	"math"

	"github.com/valyala/fastjson"

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
	p fastjson.Parser
}

// Parse decodes data, one JSON object, into r. It resets r first and fills
// it in place. Text fields of r point into the Parser's own copy of data
// (with JSON escapes decoded), so they stay valid until the next call to
// Parse on this Parser even if data changes.
//
// Keys are mapped as RECORD.md says (bytes_send to bytes_sent, handler to
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
		f, ok := keyField(key)
		if !ok {
			return
		}
		if err := setValue(r, f, v); err != nil {
			failField, failKey, failErr = f, key, err
		}
	})
	if failErr != nil {
		return parse.NewError(data, keyOffset(data, failKey), failField, failErr)
	}
	return nil
}

// keyField maps a Yandex key to its record field.
func keyField(key []byte) (parse.Field, bool) {
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

// setValue stores v in field f of r.
func setValue(r *parse.Record, f parse.Field, v *fastjson.Value) error {
	t := v.Type()
	if t == fastjson.TypeNull {
		return nil
	}
	if t == fastjson.TypeString {
		s, _ := v.StringBytes()
		if len(s) == 0 || len(s) == 1 && s[0] == '-' {
			return nil
		}
		switch f.Kind() {
		case parse.KindText:
			r.SetText(f, s)
			return nil
		case parse.KindTime:
			tm, ok := parseTimestamp(s)
			if !ok {
				return parse.ErrSyntax
			}
			r.SetTime(tm)
			return nil
		}
		return parse.ErrType
	}
	if t != fastjson.TypeNumber || f.Kind() != parse.KindInt {
		return parse.ErrType
	}
	n, err := v.Int64()
	if err != nil {
		// Not an integer literal: accept a whole number written as a
		// float (88.0, 1e3) and reject the rest.
		x, ferr := v.Float64()
		if ferr != nil || x != math.Trunc(x) {
			return parse.ErrType
		}
		if x < -(1<<63) || x >= 1<<63 {
			return parse.ErrRange
		}
		n = int64(x)
	}
	r.SetInt(f, n)
	return nil
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
