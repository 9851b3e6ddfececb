package yajson_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// corpus renders n generated records as Yandex JSON, one per element.
func corpus(n int) (recs [][]byte, size int64) {
	g := gen.New(42)
	var r parse.Record
	var buf []byte
	var ends []int
	for range n {
		g.Next(&r, parse.FormatYandex)
		buf = yajson.AppendRecord(buf, &r)
		ends = append(ends, len(buf))
		buf = append(buf, '\n')
	}
	start := 0
	for _, end := range ends {
		recs = append(recs, buf[start:end:end])
		start = end + 1
	}
	return recs, int64(len(buf))
}

func BenchmarkParse(b *testing.B) {
	recs, size := corpus(20000)
	perRecord := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
	}
	b.Run("yajson", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		var p yajson.Parser
		var r parse.Record
		for b.Loop() {
			for _, rec := range recs {
				if err := p.Parse(rec, &r); err != nil {
					b.Fatal(err)
				}
			}
		}
		perRecord(b)
	})
	b.Run("fastjson-bare", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		var p fastjson.Parser
		for b.Loop() {
			for _, rec := range recs {
				if _, err := p.ParseBytes(rec); err != nil {
					b.Fatal(err)
				}
			}
		}
		perRecord(b)
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		for b.Loop() {
			for _, rec := range recs {
				var v rectest.YandexStruct
				if err := json.Unmarshal(rec, &v); err != nil {
					b.Fatal(err)
				}
			}
		}
		perRecord(b)
	})
}

func BenchmarkRecords(b *testing.B) {
	recs, size := corpus(20000)
	for _, framing := range []struct {
		name string
		data []byte
	}{
		{"lines", bytes.Join(recs, []byte("\n"))},
		{"array", append(append([]byte("[\n"), bytes.Join(recs, []byte(",\n"))...), "\n]"...)},
		{"concatenated", bytes.Join(recs, nil)},
	} {
		b.Run(framing.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for b.Loop() {
				for _, err := range yajson.Records(bytes.NewReader(framing.data)) {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
