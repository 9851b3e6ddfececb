package yajson

import "github.com/bucketlogs/bucketlogs/parse"

// Detect reports whether head, the first bytes of a decompressed stream (or
// of one of its lines), looks like Yandex JSON records: its first byte other
// than white space is '{' or '['. It returns parse.FormatYandex and true if
// so, the same shape as s3line.Detect, and reads at most the bytes it is
// given.
func Detect(head []byte) (parse.Format, bool) {
	for _, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return parse.FormatYandex, true
		}
		return parse.FormatUnknown, false
	}
	return parse.FormatUnknown, false
}
