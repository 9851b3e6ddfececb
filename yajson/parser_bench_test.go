package yajson_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/bucketlogs/bucketlogs/internal/gen"
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

// yandexStruct is what a program using encoding/json would decode into.
type yandexStruct struct {
	Bucket        string `json:"bucket"`
	BytesReceived int64  `json:"bytes_received"`
	BytesSend     int64  `json:"bytes_send"`
	Handler       string `json:"handler"`
	HTTPReferer   string `json:"http_referer"`
	IP            string `json:"ip"`
	Method        string `json:"method"`
	ObjectKey     string `json:"object_key"`
	Protocol      string `json:"protocol"`
	Range         string `json:"range"`
	Requester     string `json:"requester"`
	RequestArgs   string `json:"request_args"`
	RequestID     string `json:"request_id"`
	RequestPath   string `json:"request_path"`
	RequestTime   int64  `json:"request_time"`
	Scheme        string `json:"scheme"`
	SSLProtocol   string `json:"ssl_protocol"`
	Status        int64  `json:"status"`
	StorageClass  string `json:"storage_class"`
	Timestamp     string `json:"timestamp"`
	UserAgent     string `json:"user_agent"`
	VersionID     string `json:"version_id"`
	VHost         string `json:"vhost"`
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
				var v yandexStruct
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
