//go:build !race

package s3line_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

func TestParseAllocatesNothing(t *testing.T) {
	for _, tc := range []struct {
		format parse.Format
		file   string
	}{
		{parse.FormatS3, "s3-quirks.log"},
		{parse.FormatOSS, "oss.log"},
		{parse.FormatCOS, "cos-quirks.log"},
		{parse.FormatOBS, "s3-real-shapes.log"},
	} {
		t.Run(tc.format.String(), func(t *testing.T) {
			lines := rectest.Lines(t, "testdata/"+tc.file)
			p := s3line.Parser{Format: tc.format}
			var r parse.Record
			var all [][]byte
			for _, l := range lines {
				if p.Parse([]byte(l), &r) == nil { // the quirks files hold bad lines too
					all = append(all, []byte(l))
				}
			}
			gen, _ := corpus(tc.format, 500)
			all = append(all, gen...)
			for _, line := range all { // warm: Extra reaches its capacity
				if err := p.Parse(line, &r); err != nil {
					t.Fatal(err)
				}
			}
			allocs := testing.AllocsPerRun(20, func() {
				for _, line := range all {
					if err := p.Parse(line, &r); err != nil {
						t.Fatal(err)
					}
				}
			})
			if allocs != 0 {
				t.Errorf("Parse allocated %v times per run over %d lines, want 0", allocs, len(all))
			}
		})
	}
}
