package yajson_test

import (
	"encoding/json"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// layoutFiles are the test records of the other JSON layouts.
var layoutFiles = []struct {
	format parse.Format
	file   string
}{
	{parse.FormatS3JSON, "testdata/s3json.jsonl"},
	{parse.FormatAzureJSON, "testdata/azurejson.jsonl"},
}

// goodRecords are the records of file that decode, with their layout's
// parser.
func goodRecords(t testing.TB, format parse.Format, file string) [][]byte {
	p := yajson.Parser{Format: format}
	var r parse.Record
	var recs [][]byte
	for _, l := range rectest.Lines(t, file) {
		if p.Parse([]byte(l), &r) == nil {
			recs = append(recs, []byte(l))
		}
	}
	if len(recs) == 0 {
		t.Fatalf("no record of %s decodes", file)
	}
	return recs
}

func TestLayoutsAllocateNothing(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	for _, tc := range layoutFiles {
		t.Run(tc.format.String(), func(t *testing.T) {
			recs := goodRecords(t, tc.format, tc.file)
			p := yajson.Parser{Format: tc.format}
			var r parse.Record
			for _, rec := range recs {
				p.Parse(rec, &r)
			}
			allocs := testing.AllocsPerRun(50, func() {
				for _, rec := range recs {
					if err := p.Parse(rec, &r); err != nil {
						t.Fatal(err)
					}
				}
			})
			if allocs != 0 {
				t.Errorf("Parse allocated %v times per run over %d records, want 0", allocs, len(recs))
			}
		})
	}
}

// FuzzParseLayouts holds the s3json and azurejson parsers to the line
// parser properties (rectest.CheckLine). Their text values lie in
// fastjson's copy of the record, which the check cannot see, so it does
// not place them.
func FuzzParseLayouts(f *testing.F) {
	for _, tc := range layoutFiles {
		for _, l := range rectest.Lines(f, tc.file) {
			f.Add(byte(tc.format), []byte(l))
		}
	}
	f.Fuzz(func(t *testing.T, format byte, data []byte) {
		p := &yajson.Parser{Format: parse.FormatS3JSON}
		if format%2 == 1 {
			p.Format = parse.FormatAzureJSON
		}
		rectest.CheckLine(t, p, data, func([]byte) bool { return true })
	})
}

// BenchmarkLayouts compares each layout's parser with encoding/json
// decoding the same records into a map, a Go program's first attempt.
func BenchmarkLayouts(b *testing.B) {
	for _, tc := range layoutFiles {
		seed := goodRecords(b, tc.format, tc.file)
		var recs [][]byte
		var size int64
		for i := range 20000 {
			recs = append(recs, seed[i%len(seed)])
			size += int64(len(seed[i%len(seed)]) + 1)
		}
		b.Run(tc.format.String()+"/bucketlogs", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			p := yajson.Parser{Format: tc.format}
			var r parse.Record
			for b.Loop() {
				for _, rec := range recs {
					if err := p.Parse(rec, &r); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(tc.format.String()+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for b.Loop() {
				for _, rec := range recs {
					var m map[string]any
					if err := json.Unmarshal(rec, &m); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
