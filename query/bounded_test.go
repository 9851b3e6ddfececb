package query_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// skewed returns n records whose remote_ip follows a Zipf law over
// distinct values (a few heavy, a long tail), the ranks turned by shift,
// each with bytes_sent; it adds the true count and byte sum per address to
// counts and sums.
func skewed(seed uint64, n, distinct, shift int, counts, sums map[string]int64) []*parse.Record {
	rng := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(rand.New(rand.NewPCG(seed, 2)), 1.2, 1, uint64(distinct-1))
	recs := make([]*parse.Record, n)
	for i := range recs {
		id := (int(z.Uint64()) + shift) % distinct
		ip := fmt.Sprintf("10.0.%d.%d", id/256, id%256)
		r := &parse.Record{Format: parse.FormatS3}
		r.SetText(parse.RemoteIP, []byte(ip))
		b := rng.Int64N(5000)
		r.SetInt(parse.BytesSent, b)
		counts[ip]++
		sums[ip] += b
		recs[i] = r
	}
	return recs
}

func TestBoundedStateNeedsAWeight(t *testing.T) {
	for _, expr := range []string{
		"* | count by remote_ip",                                          // no sort
		"* | count by remote_ip | sort by count",                          // ascending
		"* | max(bytes_sent) by remote_ip | sort by max(bytes_sent) desc", // not additive
		"* | count, sum(bytes_sent) by remote_ip | sort by remote_ip desc",
	} {
		q := query.MustCompile(expr)
		if _, err := q.NewBoundedState(10); !errors.Is(err, query.ErrNotBounded) {
			t.Errorf("%s: err %v, want ErrNotBounded", expr, err)
		}
	}
}

// TestBoundedStateExactWithinBound: with no more than twice the bound of
// groups, a bounded state's result is the unbounded one.
func TestBoundedStateExactWithinBound(t *testing.T) {
	counts := map[string]int64{}
	recs := skewed(1, 5000, 100, 0, counts, map[string]int64{})
	q := query.MustCompile("* | count, sum(bytes_sent), max(bytes_sent) by remote_ip | sort by count desc | limit 20")
	exact := q.NewState()
	bounded, err := q.NewBoundedState(len(counts)/2 + 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		exact.Add(r)
		bounded.Add(r)
	}
	got, want := bounded.Result(), exact.Result()
	if !bounded.Exact() {
		t.Error("bounded state within its bound is not exact")
	}
	if diff := cmp.Diff(rows(want), rows(got)); diff != "" {
		t.Errorf("bounded result differs from the exact one (-want +got):\n%s", diff)
	}
	for i, oc := range got.Overcount {
		if oc != 0 {
			t.Errorf("row %d overcount %d within the bound", i, oc)
		}
	}
}

// TestBoundedStateBounds: past the bound, on one state and on merged
// states of a split stream, every row's weight is an upper bound of its
// true weight within its overcount, the heavy groups are all there, and
// the state holds no more than twice its bound.
func TestBoundedStateBounds(t *testing.T) {
	for _, tc := range []struct {
		expr string
		sums bool // the weight is the byte sum, not the count
	}{
		{"* | count, sum(bytes_sent) by remote_ip | sort by count desc | limit 30", false},
		{"* | sum(bytes_sent), count by remote_ip | sort by sum(bytes_sent) desc | limit 30", true},
	} {
		q := query.MustCompile(tc.expr)
		for _, parts := range []int{1, 3} {
			// Each part has its own heavy addresses, which are light
			// (and dropped) in the others: the merge must count what
			// the others may have had.
			counts, sums := map[string]int64{}, map[string]int64{}
			streams := make([][]*parse.Record, parts)
			for k := range streams {
				streams[k] = skewed(uint64(2+k), 60000/parts, 4000, 150*k, counts, sums)
			}
			truth := counts
			if tc.sums {
				truth = sums
			}
			const bound = 100
			states := make([]*query.State, parts)
			for i := range states {
				var err error
				if states[i], err = q.NewBoundedState(bound); err != nil {
					t.Fatal(err)
				}
				for _, r := range streams[i] {
					states[i].Add(r)
					if n := states[i].Groups(); n > 2*bound {
						t.Fatalf("a state bounded to %d holds %d groups", bound, n)
					}
				}
			}
			for _, o := range states[1:] {
				// Through the wire form, as partials from other machines.
				b, err := o.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				back, _ := q.NewBoundedState(bound)
				if err := back.UnmarshalBinary(b); err != nil {
					t.Fatal(err)
				}
				states[0].Merge(back)
			}
			st := states[0]
			if st.Exact() {
				t.Fatalf("%s: 4000 groups in a state bounded to %d are exact", tc.expr, bound)
			}
			res := st.Result()
			if len(res.Rows) != 30 || len(res.Overcount) != 30 {
				t.Fatalf("%d rows, %d overcounts", len(res.Rows), len(res.Overcount))
			}
			kept := map[string]bool{}
			var maxErr int64
			for i, row := range res.Rows {
				ip, w, oc := row[0].Text(), row[1].Int(), res.Overcount[i]
				kept[ip] = true
				maxErr = max(maxErr, oc)
				if true := truth[ip]; w < true || w-oc > true {
					t.Errorf("%s, %d parts: %s weighs %d (overcount %d), truly %d", tc.expr, parts, ip, w, oc, true)
				}
				if row[1].Estimate() != (oc > 0) && oc > 0 {
					t.Errorf("%s: row %s with overcount %d is not marked an estimate", tc.expr, ip, oc)
				}
			}
			// Every group heavier than any overcount plus the lightest
			// row shown must be among the rows.
			lightest := res.Rows[len(res.Rows)-1][1].Int()
			for ip, w := range truth {
				if w > lightest+maxErr && !kept[ip] {
					t.Errorf("%s, %d parts: %s truly weighs %d, missing (lightest row %d, overcount up to %d)", tc.expr, parts, ip, w, lightest, maxErr)
				}
			}
		}
	}
}

// TestBoundedStateWireKeepsTheBound: a bounded state's wire form says its
// bound, and a state of another bound refuses it.
func TestBoundedStateWireKeepsTheBound(t *testing.T) {
	recs := skewed(3, 3000, 1000, 0, map[string]int64{}, map[string]int64{})
	q := query.MustCompile("* | count by remote_ip | sort by count desc | limit 5")
	st, _ := q.NewBoundedState(50)
	for _, r := range recs {
		st.Add(r)
	}
	b, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	same, _ := q.NewBoundedState(50)
	if err := same.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(st.Result(), same.Result(), cmp.AllowUnexported(query.Value{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	var mismatch *query.StateMismatchError
	other, _ := q.NewBoundedState(60)
	if err := other.UnmarshalBinary(b); !errors.As(err, &mismatch) {
		t.Errorf("bound 60 reading bound 50: %v", err)
	}
	if err := q.NewState().UnmarshalBinary(b); !errors.As(err, &mismatch) {
		t.Errorf("unbounded reading bound 50: %v", err)
	}
}

// BenchmarkBoundedState adds records of 50,000 addresses, a few heavy and
// a long tail, to a state bounded to 1,024 groups: most records make a
// group, and the state keeps dropping the lightest, as a report's audit
// view does on a busy public bucket.
func BenchmarkBoundedState(b *testing.B) {
	recs := skewed(9, 200000, 50000, 0, map[string]int64{}, map[string]int64{})
	for i, r := range recs {
		r.SetText(parse.Operation, []byte([]string{"REST.GET.OBJECT", "REST.PUT.OBJECT", "REST.HEAD.OBJECT"}[i%3]))
	}
	q := query.MustCompile("* | count, sum(bytes_sent) by operation, remote_ip | sort by count desc | limit 50")
	b.ReportAllocs()
	for b.Loop() {
		st, _ := q.NewBoundedState(1024)
		for _, r := range recs {
			st.Add(r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}
