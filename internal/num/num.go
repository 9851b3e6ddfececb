// Package num parses the decimal numbers of log fields without
// allocating, for the decoders that share it.
package num

import "github.com/bucketlogs/bucketlogs/parse"

// ParseUint parses a non-empty run of decimal digits as an int64: the
// error is parse.ErrSyntax for anything else and parse.ErrRange for a
// number above 2^63-1.
func ParseUint(b []byte) (int64, error) {
	if len(b) == 0 {
		return 0, parse.ErrSyntax
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, parse.ErrSyntax
		}
		if n > (1<<63-1-int64(c-'0'))/10 {
			return 0, parse.ErrRange
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}
