// Package azure holds what the two Azure log decoders (azurelog's Storage
// Analytics lines, yajson's StorageBlobLogs records) read the same way:
// the client address with its port, the request URL and the object key.
// Every function stores views of its argument into the record and
// allocates nothing.
package azure

import (
	"bytes"

	"github.com/bucketlogs/bucketlogs/parse"
)

// SetAddress stores the address of "ip:port", "[ipv6]:port" or a bare
// address as remote_ip.
func SetAddress(r *parse.Record, v []byte) {
	switch {
	case len(v) > 0 && v[0] == '[':
		if i := bytes.IndexByte(v, ']'); i > 0 {
			v = v[1:i]
		}
	default:
		if i := bytes.LastIndexByte(v, ':'); i >= 0 && bytes.IndexByte(v[:i], ':') < 0 {
			v = v[:i] // IPv4:port; a bare IPv6 address has several colons
		}
	}
	if len(v) > 0 {
		r.SetText(parse.RemoteIP, v)
	}
}

// SetURL stores a request URL (https://account.blob.core.windows.net/
// container/blob?query) as request_uri, and its host, path and query as
// host_header, request_path and request_args; absent parts stay absent.
func SetURL(r *parse.Record, v []byte) {
	r.SetText(parse.RequestURI, v)
	rest := v
	if i := bytes.Index(rest, []byte("://")); i >= 0 {
		rest = rest[i+3:]
		host := rest
		if j := bytes.IndexByte(rest, '/'); j >= 0 {
			host, rest = rest[:j], rest[j:]
		} else {
			rest = nil
		}
		if len(host) > 0 {
			r.SetText(parse.HostHeader, host)
		}
	}
	if q := bytes.IndexByte(rest, '?'); q >= 0 {
		r.SetText(parse.RequestArgs, rest[q+1:])
		rest = rest[:q]
	}
	if len(rest) > 0 {
		r.SetText(parse.RequestPath, rest)
	}
}

// SetObjectKey stores the container and blob of /account/container/blob
// as bucket and key.
func SetObjectKey(r *parse.Record, v []byte) {
	rest := bytes.TrimPrefix(v, []byte{'/'})
	_, rest, _ = bytes.Cut(rest, []byte{'/'})
	container, blob, _ := bytes.Cut(rest, []byte{'/'})
	if len(container) > 0 {
		r.SetText(parse.Bucket, container)
	}
	if len(blob) > 0 {
		r.SetText(parse.Key, blob)
	}
}

// SetETag stores an ETag without its surrounding quotes; an empty one
// stays absent.
func SetETag(r *parse.Record, v []byte) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	if len(v) > 0 {
		r.SetText(parse.ETag, v)
	}
}

// PortAround returns what goes before and after an address written as
// Azure writes the client's, with a port (0): "ip:0", or "[ipv6]:0".
func PortAround(ip []byte) (before, after string) {
	if bytes.IndexByte(ip, ':') >= 0 {
		return "[", "]:0"
	}
	return "", ":0"
}
