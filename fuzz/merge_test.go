package fuzz

import (
	"bytes"
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

// FuzzMergeEqualsWhole: records aggregated whole, or dealt into shards as
// the fuzzer chooses and merged in any order, give the same report, down to
// the bytes of its marshaled form.
func FuzzMergeEqualsWhole(f *testing.F) {
	f.Add(uint64(1), []byte{0, 1, 2, 0, 1})
	f.Add(uint64(9), []byte{3})
	f.Add(uint64(4), []byte{})
	f.Fuzz(func(t *testing.T, seed uint64, deal []byte) {
		g := gen.New(seed)
		var r parse.Record
		const n = 400
		whole := aggregate.NewReport(aggregate.Options{})
		shards := make([]*aggregate.Report, 4)
		for i := range shards {
			shards[i] = aggregate.NewReport(aggregate.Options{})
		}
		formats := []parse.Format{parse.FormatS3, parse.FormatOSS, parse.FormatYandex}
		for i := range n {
			g.Next(&r, formats[i%3])
			whole.Add(&r)
			k := 0
			if len(deal) > 0 {
				k = int(deal[i%len(deal)]) % len(shards)
			}
			shards[k].Add(&r)
		}
		merged := aggregate.NewReport(aggregate.Options{})
		order := []int{3, 1, 0, 2}
		if len(deal) > 0 && deal[0]%2 == 1 {
			order = []int{0, 1, 2, 3}
		}
		for _, k := range order {
			// Through the wire form too, as partial results from other
			// machines would arrive.
			b, err := shards[k].MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var back aggregate.Report
			if err := back.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			merged.Merge(&back)
		}
		want, _ := whole.MarshalBinary()
		got, _ := merged.MarshalBinary()
		if !bytes.Equal(want, got) {
			t.Fatalf("merged report differs from the whole (seed %d, deal %v)", seed, deal)
		}
	})
}
