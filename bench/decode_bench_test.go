package bench

import (
	"bufio"
	"bytes"
	"encoding/csv"
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
	"github.com/bucketlogs/bucketlogs/source"
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
				decodeAll(b, format, data, n, func(*parse.Record) {})
			}
			records(b)
		})
		// The same decode with every record fed to a report, as
		// "report --workers 1" does: the difference is the aggregation
		// cost per record (issue 15 wants this within 1.5x of decode).
		// reportRow runs feed with a new Report, b.N times, and checks it
		// got every record.
		reportRow := func(b *testing.B, feed func(*aggregate.Report)) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rep := aggregate.NewReport(aggregate.Options{})
				feed(rep)
				if rep.Records != n {
					b.Fatalf("%d records reported", rep.Records)
				}
			}
			records(b)
		}
		b.Run(name+"/bucketlogs+report", func(b *testing.B) {
			reportRow(b, func(rep *aggregate.Report) { decodeAll(b, format, data, n, rep.Add) })
		})
		if format != parse.FormatYandex {
			// The worker's way (source.RunBatches, "report"): lines into
			// a batch of records, the batch into the report aggregate by
			// aggregate. lines is that decode alone, lines+report-batch
			// the same with the report, so their ratio is the report's
			// cost as the command pays it.
			lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
			b.Run(name+"/bucketlogs-lines", func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					parseBatches(b, format, lines, n, func([]parse.Record) {})
				}
				records(b)
			})
			b.Run(name+"/bucketlogs-lines+report-batch", func(b *testing.B) {
				reportRow(b, func(rep *aggregate.Report) { parseBatches(b, format, lines, n, rep.AddBatch) })
			})
		}
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

// BenchmarkDecodeStores is bytes in, records out, for the other stores'
// formats (through source.NewStream, as the command reads them), each with
// the baseline a Go program would start from in the same run: encoding/csv
// for the gcs and azure lines, encoding/json into a map for the JSON
// records, strings.Fields for the space-separated obs and cos lines.
func BenchmarkDecodeStores(b *testing.B) {
	const n = 20000
	for _, format := range []parse.Format{parse.FormatOBS, parse.FormatCOS, parse.FormatGCS, parse.FormatAzure, parse.FormatS3JSON, parse.FormatAzureJSON} {
		data := gen.Corpus(1, format, n)
		name := format.String()
		b.Run(name+"/bucketlogs", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				st, err := source.NewStream(name, bytes.NewReader(data), source.Options{Format: format})
				if err != nil {
					b.Fatal(err)
				}
				for _, err := range st.All() {
					if err != nil {
						b.Fatal(err)
					}
				}
				if c := st.Counts(); c.Records != n {
					b.Fatalf("%d records", c.Records)
				}
				st.Close()
			}
			b.ReportMetric(n, "records")
		})
		b.Run(name+"/"+storeBaseline(format), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				switch format {
				case parse.FormatGCS, parse.FormatAzure:
					cr := csv.NewReader(bytes.NewReader(data))
					cr.FieldsPerRecord, cr.ReuseRecord, cr.LazyQuotes = -1, true, true
					if format == parse.FormatAzure {
						cr.Comma = ';'
					}
					for {
						if _, err := cr.Read(); err == io.EOF {
							break
						} else if err != nil {
							b.Fatal(err)
						}
					}
				case parse.FormatS3JSON, parse.FormatAzureJSON:
					eachLine(data, func(l []byte) {
						var m map[string]any
						if err := json.Unmarshal(l, &m); err != nil {
							b.Fatal(err)
						}
					})
				default:
					sc := bufio.NewScanner(bytes.NewReader(data))
					sc.Buffer(make([]byte, 1<<20), 1<<20)
					for sc.Scan() {
						_ = strings.Fields(sc.Text())
					}
				}
			}
			b.ReportMetric(n, "records")
		})
	}
}

// storeBaseline names the baseline of BenchmarkDecodeStores for format.
func storeBaseline(format parse.Format) string {
	switch format {
	case parse.FormatGCS, parse.FormatAzure:
		return "encoding-csv"
	case parse.FormatS3JSON, parse.FormatAzureJSON:
		return "encoding-json"
	}
	return "strings-fields"
}

// decodeAll decodes data of format through its stream reader, giving each
// record to use, and fails b unless it holds n records and no error.
// parseBatches decodes lines with an s3line.Parser into batches of
// source.BatchSize records, as a worker of source.RunBatches does, and
// hands each full batch (and the last) to use.
func parseBatches(b *testing.B, format parse.Format, lines [][]byte, n int64, use func([]parse.Record)) {
	p := s3line.Parser{Format: format}
	batch := make([]parse.Record, source.BatchSize)
	k, got := 0, int64(0)
	for _, l := range lines {
		if err := p.Parse(l, &batch[k]); err != nil {
			b.Fatal(err)
		}
		got++
		if k++; k == len(batch) {
			use(batch)
			k = 0
		}
	}
	if k > 0 {
		use(batch[:k])
	}
	if got != n {
		b.Fatalf("%d records", got)
	}
}

func decodeAll(b *testing.B, format parse.Format, data []byte, n int64, use func(*parse.Record)) {
	var all func(yield func(*parse.Record, error) bool)
	var counts func() parse.Counts
	if format == parse.FormatYandex {
		rd := yajson.NewReader(bytes.NewReader(data))
		all, counts = rd.All(), rd.Counts
	} else {
		rd := s3line.NewReader(bytes.NewReader(data))
		rd.Format = format
		all, counts = rd.All(), rd.Counts
	}
	for rec, err := range all {
		if err != nil {
			b.Fatal(err)
		}
		use(rec)
	}
	if c := counts(); c.Records != n {
		b.Fatalf("%d records", c.Records)
	}
}
