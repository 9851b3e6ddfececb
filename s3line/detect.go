package s3line

import (
	"bytes"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Detect reports which line layout head, the first bytes of a decompressed
// stream, is written in: parse.FormatS3 when its first line has the time in
// the third field, parse.FormatOSS when it has the time in the fourth field
// after two "-" fields, and false when it is neither. head needs to hold only
// the first line, or its first 200 bytes.
func Detect(head []byte) (parse.Format, bool) {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	var tok [4][]byte
	rest := head
	for i := range tok {
		j := bytes.IndexByte(rest, ' ')
		if j < 0 {
			return parse.FormatUnknown, false
		}
		tok[i], rest = rest[:j], rest[j+1:]
	}
	switch {
	case len(tok[2]) > 0 && tok[2][0] == '[':
		return parse.FormatS3, true
	case isDash(tok[1]) && isDash(tok[2]) && len(tok[3]) > 0 && tok[3][0] == '[':
		return parse.FormatOSS, true
	}
	return parse.FormatUnknown, false
}

// LayoutHint returns a hint for an error on line decoded as format f when
// the line looks like the other line layout (an OSS log read as s3, or the
// reverse), or "" when it does not. Decoders put it in [parse.Error.Hint]
// so that a whole file of errors says why.
func LayoutHint(line []byte, f parse.Format) string {
	if f == parse.FormatUnknown {
		f = parse.FormatS3
	}
	got, ok := Detect(line)
	if !ok || got == f {
		return ""
	}
	return "the line looks like the " + got.String() + " layout, not " + f.String()
}
