//go:build !race

package yajson_test

import (
	"bytes"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

func TestParseAllocatesNothing(t *testing.T) {
	recs, _ := corpus(500)
	for _, l := range rectest.Lines(t, "testdata/yandex.jsonl") {
		recs = append(recs, []byte(l))
	}
	var p yajson.Parser
	var r parse.Record
	for _, rec := range recs { // warm the parser's buffers
		if err := p.Parse(rec, &r); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		for _, rec := range recs {
			if err := p.Parse(rec, &r); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("Parse allocated %v times per run over %d records, want 0", allocs, len(recs))
	}
}

func TestRecordsAllocatesOnlyBuffers(t *testing.T) {
	recs, _ := corpus(2000)
	data := bytes.Join(recs, []byte("\n"))
	// A stream allocates its buffers, decompressor probe and parser once,
	// whatever its length: the per-record cost must be zero.
	count := func(n int) float64 {
		return testing.AllocsPerRun(5, func() {
			for _, err := range yajson.Records(bytes.NewReader(data[:n])) {
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	short := count(bytes.IndexByte(data, '\n'))
	long := count(len(data))
	if long > short+8 { // fastjson's cache grows a few times on bigger records
		t.Errorf("a stream of 2000 records made %v allocations, one record %v: allocations grow with records", long, short)
	}
}
