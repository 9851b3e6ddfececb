package fuzz

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
)

// FuzzTopKMergeBound: a stream of weighted keys chosen by the fuzzer, dealt
// into shards, summarised at a small capacity where counts are estimates,
// merged through the wire form, still holds TopK's documented bounds against
// the true counts: Count-Err <= true <= Count, Err <= Total/Capacity, every
// value heavier than Total/Capacity reported, and no unreported value heavier
// than MaxError.
func FuzzTopKMergeBound(f *testing.F) {
	f.Add(uint8(2), uint8(3), []byte("aaaabbbcccddeeffgghhiijj"))
	f.Add(uint8(1), uint8(2), []byte("abcabcabcxyzxyzq"))
	f.Add(uint8(4), uint8(1), []byte{0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 200, 201, 7, 7})
	f.Fuzz(checkTopK)
}

// checkTopK is the body of FuzzTopKMergeBound.
func checkTopK(t *testing.T, capacity, nshards uint8, stream []byte) {
	c := int(capacity%16) + 1
	n := int(nshards%4) + 1
	shards := make([]*aggregate.TopK, n)
	for i := range shards {
		shards[i] = aggregate.NewTopK(c)
	}
	truth := map[string]int64{}
	var total int64
	// Each pair of bytes is one event: a key out of 32 and a weight.
	for i := 0; i+1 < len(stream); i += 2 {
		key := string(rune('A' + stream[i]%32))
		w := int64(stream[i+1]%8) + 1
		truth[key] += w
		total += w
		shards[int(stream[i]/32)%n].Add([]byte(key), w)
	}
	merged := aggregate.NewTopK(c)
	for _, s := range shards {
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back aggregate.TopK
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		merged.Merge(&back)
	}
	if merged.Total() != total {
		t.Fatalf("total %d, want %d", merged.Total(), total)
	}
	bound := total / int64(c)
	if me := merged.MaxError(); me > bound {
		t.Errorf("MaxError %d > Total/Capacity = %d/%d", me, total, c)
	}
	reported := map[string]bool{}
	for _, e := range merged.Top(-1) {
		reported[e.Key] = true
		tr := truth[e.Key]
		if e.Count < tr || e.Count-e.Err > tr {
			t.Errorf("%q: count %d err %d, true %d", e.Key, e.Count, e.Err, tr)
		}
		if e.Err > bound {
			t.Errorf("%q: err %d > Total/Capacity = %d", e.Key, e.Err, bound)
		}
	}
	for k, tr := range truth {
		if reported[k] {
			continue
		}
		if tr > bound {
			t.Errorf("%q (true %d) heavier than Total/Capacity = %d but not reported", k, tr, bound)
		}
		if tr > merged.MaxError() {
			t.Errorf("%q (true %d) missing, but MaxError is %d", k, tr, merged.MaxError())
		}
	}
	if merged.Exact() && len(truth) > c {
		t.Errorf("exact with %d distinct values over capacity %d", len(truth), c)
	}
}
