package azurelog

import (
	"strconv"

	"github.com/bucketlogs/bucketlogs/internal/azure"
	"github.com/bucketlogs/bucketlogs/parse"
)

// AppendLine appends r to dst as one Storage Analytics line, without a
// line end, and returns the extended slice: version 2.0 when r has one of
// its OAuth fields, else 1.0; absent fields empty; the time with seven
// fractional digits; quoted values HTML-encoded ('&', '"' and ';'); the
// ETag between doubled quotes; the address with a port (0); the
// request-url from host_header, request_path and request_args; the object
// key as /bucket_owner/bucket/key; r.Extra after the last field. It does
// not allocate when dst has room.
func AppendLine(dst []byte, r *parse.Record) []byte {
	n := Fields1
	if r.Has(parse.TenantID) || r.Has(parse.ApplicationID) || r.Has(parse.Principal) {
		n = Fields2
	}
	for i, f := range fields[:n] {
		if i > 0 {
			dst = append(dst, ';')
		}
		switch {
		case i == 0:
			switch {
			case n == Fields2:
				dst = append(dst, "2.0"...)
			case r.Has(parse.SchemaVersion):
				dst = append(dst, r.SchemaVersion...)
			default:
				dst = append(dst, "1.0"...)
			}
		case f == parse.Time:
			if r.Has(parse.Time) {
				dst = r.Time.UTC().AppendFormat(dst, "2006-01-02T15:04:05.0000000Z")
			}
		case f == parse.RequestURI:
			if r.Has(parse.HostHeader) || r.Has(parse.RequestPath) {
				dst = append(dst, '"')
				dst = append(dst, "https://"...)
				dst = appendEncoded(dst, r.HostHeader)
				dst = appendEncoded(dst, r.RequestPath)
				if r.Has(parse.RequestArgs) {
					dst = append(dst, '?')
					dst = appendEncoded(dst, r.RequestArgs)
				}
				dst = append(dst, '"')
			}
		case f == objectKey:
			if r.Has(parse.Bucket) {
				dst = append(dst, '"', '/')
				dst = appendEncoded(dst, r.BucketOwner)
				dst = append(dst, '/')
				dst = appendEncoded(dst, r.Bucket)
				if r.Has(parse.Key) {
					dst = append(dst, '/')
					dst = appendEncoded(dst, r.Key)
				}
				dst = append(dst, '"')
			}
		case f == clientIP:
			if r.Has(parse.RemoteIP) {
				before, after := azure.PortAround(r.RemoteIP)
				dst = append(append(append(dst, before...), r.RemoteIP...), after...)
			}
		case f == parse.ETag:
			if r.Has(f) {
				dst = append(dst, `""`...)
				dst = appendEncoded(dst, r.ETag)
				dst = append(dst, `""`...)
			}
		case f == skip:
		case f.Kind() == parse.KindInt:
			if v, ok := r.Int(f); ok {
				dst = strconv.AppendInt(dst, v, 10)
			}
		case f == parse.UserAgent || f == parse.Referer:
			if r.Has(f) {
				dst = append(dst, '"')
				dst = appendEncoded(dst, r.Text(f))
				dst = append(dst, '"')
			}
		default:
			dst = appendEncoded(dst, r.Text(f))
		}
	}
	if r.Has(parse.Extra) {
		for _, e := range r.Extra {
			dst = append(dst, ';')
			dst = appendEncoded(dst, e)
		}
	}
	return dst
}

// appendEncoded appends v with '&', '"' and ';' HTML-encoded.
func appendEncoded(dst, v []byte) []byte {
	for _, c := range v {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '"':
			dst = append(dst, "&quot;"...)
		case ';':
			dst = append(dst, "&#59;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
