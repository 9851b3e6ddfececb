package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// athenaRegex is the regular expression AWS documents for reading S3 server
// access logs with Athena.
var athenaRegex = regexp.MustCompile(`([^ ]*) ([^ ]*) \[(.*?)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$`)

// eachLine calls fn for every line of data, the way a line-oriented peer
// would meet its input.
func eachLine(data []byte, fn func([]byte)) {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			fn(data)
			return
		}
		fn(data[:i])
		data = data[i+1:]
	}
}

// BenchmarkDecode is bytes in, records out, for each format, with the peer
// baselines on the same bytes in the same run: the regular expression AWS
// documents for Athena, a strings.Fields tokenizer (which handles no quoting
// at all), encoding/json into a struct, fastjson's bare parse, and the floor:
// counting the line ends. bench/run.sh turns the output into a table.
func BenchmarkDecode(b *testing.B) {
	const n = 50000
	records := func(b *testing.B) { b.ReportMetric(n, "records") }
	for _, format := range []parse.Format{parse.FormatS3, parse.FormatOSS, parse.FormatYandex} {
		data := gen.Corpus(1, format, n)
		name := format.String()
		b.Run(name+"/bucketlogs", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var c parse.Counts
				if format == parse.FormatYandex {
					rd := yajson.NewReader(bytes.NewReader(data))
					for _, err := range rd.All() {
						if err != nil {
							b.Fatal(err)
						}
					}
					c = rd.Counts()
				} else {
					rd := s3line.NewReader(bytes.NewReader(data))
					rd.Format = format
					for _, err := range rd.All() {
						if err != nil {
							b.Fatal(err)
						}
					}
					c = rd.Counts()
				}
				if c.Records != n {
					b.Fatalf("%d records", c.Records)
				}
			}
			records(b)
		})
		// The same decode with every record fed to a report, as
		// "report --workers 1" does: the difference is the aggregation
		// cost per record (issue 15 wants this within 1.5x of decode).
		b.Run(name+"/bucketlogs+report", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rep := aggregate.NewReport(aggregate.Options{})
				var c parse.Counts
				if format == parse.FormatYandex {
					rd := yajson.NewReader(bytes.NewReader(data))
					for rec, err := range rd.All() {
						if err != nil {
							b.Fatal(err)
						}
						rep.Add(rec)
					}
					c = rd.Counts()
				} else {
					rd := s3line.NewReader(bytes.NewReader(data))
					rd.Format = format
					for rec, err := range rd.All() {
						if err != nil {
							b.Fatal(err)
						}
						rep.Add(rec)
					}
					c = rd.Counts()
				}
				if c.Records != n || rep.Records != n {
					b.Fatalf("%d records, %d reported", c.Records, rep.Records)
				}
			}
			records(b)
		})
		if format == parse.FormatS3 {
			b.Run(name+"/athena-regex", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					eachLine(data, func(l []byte) { athenaRegex.FindSubmatchIndex(l) })
				}
				records(b)
			})
		}
		if format != parse.FormatYandex {
			b.Run(name+"/strings-fields", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					sc := bufio.NewScanner(bytes.NewReader(data))
					sc.Buffer(make([]byte, 1<<20), 1<<20)
					for sc.Scan() {
						_ = strings.Fields(sc.Text())
					}
				}
				records(b)
			})
		} else {
			b.Run(name+"/encoding-json", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					dec := json.NewDecoder(bytes.NewReader(data))
					for {
						var v rectest.YandexStruct
						if err := dec.Decode(&v); err == io.EOF {
							break
						} else if err != nil {
							b.Fatal(err)
						}
					}
				}
				records(b)
			})
			jsonV2Baseline(b, name, data, records)
			b.Run(name+"/fastjson-bare", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				var p fastjson.Parser
				for b.Loop() {
					eachLine(data, func(l []byte) {
						if _, err := p.ParseBytes(l); err != nil {
							b.Fatal(err)
						}
					})
				}
				records(b)
			})
		}
		b.Run(name+"/newline-count", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if bytes.Count(data, []byte{'\n'}) != n {
					b.Fatal("miscounted")
				}
			}
			records(b)
		})
	}
}
