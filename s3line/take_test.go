package s3line_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// TestFastPathTakesGenerated guards the speed of Parse: the fast path must
// take the plain lines of the benchmark corpus. The generator writes some
// lines the general path must read (CloudFront requesters holding spaces),
// so the bar is 95%, not all.
func TestFastPathTakesGenerated(t *testing.T) {
	for _, f := range []parse.Format{parse.FormatS3, parse.FormatOSS} {
		lines, _ := corpus(f, 5000)
		taken := 0
		for _, l := range lines {
			if s3line.FastPath(f, l) {
				taken++
			}
		}
		if taken < len(lines)*95/100 {
			t.Errorf("%v: the fast path took %d of %d generated lines", f, taken, len(lines))
		}
	}
}
