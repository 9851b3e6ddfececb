package s3line_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

func FuzzParseS3(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/s3-quirks.log") {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkParse(t, parse.FormatS3, line) })
}

func FuzzParseOSS(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/oss.log") {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkParse(t, parse.FormatOSS, line) })
}

// checkParse holds the properties every input must have (see
// rectest.CheckLine); s3line's text values are all views into the line.
func checkParse(t *testing.T, format parse.Format, line []byte) {
	rectest.CheckLine(t, &s3line.Parser{Format: format}, line, nil)
}

func FuzzParseCOS(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/cos-quirks.log") {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkParse(t, parse.FormatCOS, line) })
}
