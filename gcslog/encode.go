package gcslog

import (
	"bytes"
	"strconv"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Header is the column line a usage log starts with.
const Header = `"time_micros","c_ip","c_ip_type","c_ip_region","cs_method","cs_uri","sc_status","cs_bytes","sc_bytes","time_taken_micros","cs_host","cs_referer","cs_user_agent","s_request_id","cs_operation","cs_bucket","cs_object"`

// AppendLine appends r to dst as one usage-log line, without a line end,
// and returns the extended slice: every value quoted (a quote doubled),
// absent ones as "", the completion time as r's time plus total_time_ms,
// c_ip_type from the address, cs_uri from request_path and request_args,
// r.Extra after the 17 columns. It does not allocate when dst has room.
func AppendLine(dst []byte, r *parse.Record) []byte {
	ms, hasMS := r.Int(parse.TotalTimeMS)
	for i, f := range columns {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		switch {
		case i == 0:
			if r.Has(parse.Time) {
				dst = strconv.AppendInt(dst, r.Time.UnixMicro()+ms*1000, 10)
			}
		case i == 2:
			if r.Has(parse.RemoteIP) {
				ipType := byte('1')
				if bytes.IndexByte(r.RemoteIP, ':') >= 0 {
					ipType = '2'
				}
				dst = append(dst, ipType)
			}
		case f == parse.RequestURI:
			if r.Has(parse.RequestPath) {
				dst = appendQuoted(dst, r.RequestPath)
				if r.Has(parse.RequestArgs) {
					dst = append(dst, '?')
					dst = appendQuoted(dst, r.RequestArgs)
				}
			}
		case f == durationCl:
			if hasMS {
				dst = strconv.AppendInt(dst, ms*1000, 10)
			}
		case f.Kind() == parse.KindInt:
			if v, ok := r.Int(f); ok {
				dst = strconv.AppendInt(dst, v, 10)
			}
		default:
			dst = appendQuoted(dst, r.Text(f))
		}
		dst = append(dst, '"')
	}
	if r.Has(parse.Extra) {
		for _, e := range r.Extra {
			dst = append(dst, ',', '"')
			dst = appendQuoted(dst, e)
			dst = append(dst, '"')
		}
	}
	return dst
}

// appendQuoted appends v with each quote doubled.
func appendQuoted(dst, v []byte) []byte {
	for {
		i := bytes.IndexByte(v, '"')
		if i < 0 {
			return append(dst, v...)
		}
		dst = append(dst, v[:i+1]...)
		dst = append(dst, '"')
		v = v[i+1:]
	}
}
