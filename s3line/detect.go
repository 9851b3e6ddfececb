package s3line

import (
	"bytes"

	"github.com/bucketlogs/bucketlogs/internal/timefmt"
	"github.com/bucketlogs/bucketlogs/parse"
)

// Detect reports which line layout head, the first bytes of a decompressed
// stream, is written in: parse.FormatS3 when its first line has the
// bracketed time in the third field (parse.FormatOBS when that line also
// carries OBS's storage classes, see [Parser]), parse.FormatOSS when it has
// it in the fourth field after two "-" fields, parse.FormatCOS when the
// fourth field is an RFC 3339 time after a version, and false when it is
// none of them. head needs to hold the first line.
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
		var p Parser
		var r parse.Record
		if p.Parse(head, &r) == nil && r.Format == parse.FormatOBS {
			return parse.FormatOBS, true
		}
		return parse.FormatS3, true
	case isVersion(tok[0]) && isRFC3339(tok[3]):
		return parse.FormatCOS, true
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

// isVersion reports whether b is a version such as "1.0".
func isVersion(b []byte) bool {
	return len(b) == 3 && b[0] >= '0' && b[0] <= '9' && b[1] == '.' && b[2] >= '0' && b[2] <= '9'
}

func isRFC3339(b []byte) bool {
	_, ok := timefmt.ParseRFC3339(b)
	return ok
}
