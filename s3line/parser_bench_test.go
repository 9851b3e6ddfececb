package s3line_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// corpus renders n generated records as lines of the given layout.
func corpus(format parse.Format, n int) (lines [][]byte, size int64) {
	// One contiguous buffer, as a Reader sees its input.
	g := gen.New(42)
	var r parse.Record
	var buf []byte
	var ends []int
	for range n {
		g.Next(&r, format)
		buf = s3line.AppendLine(buf, &r, format)
		ends = append(ends, len(buf))
		buf = append(buf, '\n')
	}
	start := 0
	for _, end := range ends {
		lines = append(lines, buf[start:end:end])
		start = end + 1
	}
	return lines, int64(len(buf))
}

// athenaRegex is the regular expression AWS documents for reading S3 server
// access logs with Athena (RegexSerDe, with the optional later fields).
var athenaRegex = regexp.MustCompile(`([^ ]*) ([^ ]*) \[(.*?)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$`)

// ossRegex is the same style of expression for the OSS layout, where most
// fields are quoted.
var ossRegex = regexp.MustCompile(`([^ ]*) - - \[(.*?)\] ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ("[^"]*"|-) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*) ("[^"]*"|-) ([^ ]*) ("[^"]*"|-) ("[^"]*"|-)(?: ("[^"]*"|-))?(?: ("[^"]*"|-))?(?: ("[^"]*"|-))?(?: ("[^"]*"|-))?.*$`)

func BenchmarkParse(b *testing.B) {
	for _, layout := range []struct {
		format parse.Format
		re     *regexp.Regexp
		reName string
	}{
		{parse.FormatS3, athenaRegex, "athena-regex"},
		{parse.FormatOSS, ossRegex, "regex"},
	} {
		lines, size := corpus(layout.format, 20000)
		b.Run(layout.format.String()+"/s3line", func(b *testing.B) {
			benchParse(b, &s3line.Parser{Format: layout.format}, lines, size)
		})
		b.Run(layout.format.String()+"/s3line-parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size / int64(len(lines)))
			b.RunParallel(func(pb *testing.PB) {
				p := s3line.Parser{Format: layout.format}
				var r parse.Record
				i := 0
				for pb.Next() {
					if err := p.Parse(lines[i], &r); err != nil {
						b.Error(err)
						return
					}
					if i++; i == len(lines) {
						i = 0
					}
				}
			})
		})
		b.Run(layout.format.String()+"/"+layout.reName, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for b.Loop() {
				for _, line := range lines {
					// Lines the expression does not match (it wants 18
					// fields or more) cost a full attempt all the same.
					layout.re.FindSubmatchIndex(line)
				}
			}
		})
	}
}

// BenchmarkParseQuirks decodes the quirk corpora's lines (raw quotes in
// the request line and User-Agent, requesters holding spaces, split Host
// Ids, OBS and Ceph lines, leading blanks, ...), which mostly take the
// general path, beside the clean generated ones of BenchmarkParse; the
// fast-path-% metric says how many took the fast path.
func BenchmarkParseQuirks(b *testing.B) {
	p := &s3line.Parser{}
	var lines [][]byte
	var size int64
	for _, file := range []string{"testdata/s3-quirks.log", "testdata/s3-real-shapes.log"} {
		l, n := rectest.RepeatLines(b, file, p, 10000, nil)
		lines, size = append(lines, l...), size+n
	}
	fast := 0
	for _, l := range lines {
		if s3line.FastPath(parse.FormatS3, bytes.TrimSpace(l)) {
			fast++
		}
	}
	benchParse(b, p, lines, size)
	b.ReportMetric(100*float64(fast)/float64(len(lines)), "fast-path-%")
}

// benchParse decodes lines (size bytes in all) with p, b.N times over.
func benchParse(b *testing.B, p *s3line.Parser, lines [][]byte, size int64) {
	b.ReportAllocs()
	b.SetBytes(size)
	var r parse.Record
	for b.Loop() {
		for _, line := range lines {
			if err := p.Parse(line, &r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}

func BenchmarkRecords(b *testing.B) {
	for _, format := range []parse.Format{parse.FormatS3, parse.FormatOSS} {
		lines, size := corpus(format, 20000)
		data := bytes.Join(lines, []byte("\n"))
		b.Run(format.String(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for b.Loop() {
				rd := s3line.NewReader(bytes.NewReader(data))
				rd.Format = format
				for _, err := range rd.All() {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
