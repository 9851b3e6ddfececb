package s3line

import "github.com/bucketlogs/bucketlogs/parse"

// FastPath reports whether the fast path takes line (already trimmed) in
// the given layout.
func FastPath(format parse.Format, line []byte) bool {
	var r parse.Record
	if format == parse.FormatOSS {
		return fastOSS(line, &r, new(timeCache))
	}
	return fastS3(line, &r, new(timeCache))
}
