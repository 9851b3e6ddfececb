package s3line_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// TestGeneratedRoundTrip renders generated records as lines and checks that
// decoding a line gives back exactly the record that was rendered.
func TestGeneratedRoundTrip(t *testing.T) {
	for _, format := range []parse.Format{parse.FormatS3, parse.FormatOSS} {
		t.Run(format.String(), func(t *testing.T) {
			g := gen.New(7)
			p := s3line.Parser{Format: format}
			var want, got parse.Record
			for i := range 5000 {
				g.Next(&want, format)
				line := s3line.AppendLine(nil, &want, format)
				if err := p.Parse(line, &got); err != nil {
					t.Fatalf("record %d: %v\n%s", i, err, line)
				}
				if diff := cmp.Diff(rectest.Values(&want), rectest.Values(&got)); diff != "" {
					t.Fatalf("record %d mismatch (-want +got):\n%s\n%s", i, diff, line)
				}
			}
		})
	}
}
