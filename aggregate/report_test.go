package aggregate_test

import (
	"bytes"
	"encoding"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

func records(n int) []*parse.Record { return gen.Batch(11, n) }

// summary renders every result of a report as text, in the report's own
// deterministic orders.
func summary(r *aggregate.Report) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "records %d first %s last %s\n", r.Records, r.First, r.Last)
	for _, g := range []*aggregate.Group{r.ByOperation, r.ByBucket, r.ByFormat} {
		for k, t := range g.All() {
			fmt.Fprintf(&b, "group %s %s %+v\n", g.Field(), k, t)
		}
	}
	for c, n := range r.Statuses.Codes() {
		fmt.Fprintf(&b, "status %d %d\n", c, n)
	}
	fmt.Fprintf(&b, "classes %v absent %d rate %.6f\n", r.Statuses.Classes(), r.Statuses.Absent(), r.Statuses.ErrorRate())
	for k, n := range r.Statuses.ErrorCodes() {
		fmt.Fprintf(&b, "error %v %d\n", k, n)
	}
	for _, rk := range r.Rankings {
		fmt.Fprintf(&b, "top %s count %v %v\n", rk.Field, rk.ByCount.Exact(), rk.ByCount.Top(10))
		fmt.Fprintf(&b, "top %s bytes %v %v\n", rk.Field, rk.ByBytes.Exact(), rk.ByBytes.Top(10))
	}
	for _, h := range []*aggregate.Histogram{r.Latency.Total(), r.Latency.Turnaround()} {
		fmt.Fprintf(&b, "latency n %d p50 %d p90 %d p99 %d max %d\n", h.Count(), h.Quantile(.5), h.Quantile(.9), h.Quantile(.99), h.Max())
	}
	for op, h := range r.Latency.Operations() {
		fmt.Fprintf(&b, "latency %s %d %d %d\n", op, h[0].Quantile(.99), h[1].Quantile(.5), h[0].Max())
	}
	v4, v6, _ := r.IPs.Count()
	nr, er := r.Requesters.Count()
	nk, ek := r.Keys.Count()
	fmt.Fprintf(&b, "distinct ips %d %d requesters %d %v keys %d %v\n", v4, v6, nr, er, nk, ek)
	for t, p := range r.Series.Points(time.Hour) {
		fmt.Fprintf(&b, "series %s %+v\n", t.Format(time.RFC3339), p)
	}
	for _, q := range r.Slowest.All() {
		fmt.Fprintf(&b, "slow %d %s %s\n", q.TotalTimeMS, q.RequestID, q.Time.Format(time.RFC3339Nano))
	}
	return b.String()
}

// TestMergeIndependentOfSplit feeds the same records whole and split 2 and 7
// ways (round robin, so every shard sees every kind of record), merges, and
// requires the same results and the same marshaled bytes. The top-N capacity
// is large enough for every distinct value, the case where results are
// exact; TestTopKBounds covers the estimates.
func TestMergeIndependentOfSplit(t *testing.T) {
	recs := records(30000)
	opt := aggregate.Options{TopKCapacity: 50000}
	var want string
	var wantBin []byte
	for _, ways := range []int{1, 2, 7} {
		shards := make([]*aggregate.Report, ways)
		for i := range shards {
			shards[i] = aggregate.NewReport(opt)
		}
		for i, r := range recs {
			shards[i%ways].Add(r)
		}
		merged := aggregate.NewReport(opt)
		for _, s := range shards {
			merged.Merge(s)
		}
		got := summary(merged)
		bin, err := merged.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if ways == 1 {
			want, wantBin = got, bin
			continue
		}
		if !strings.Contains(got, "top requester count true") {
			t.Fatal("a ranking is not exact: raise the capacity in this test")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("split %d ways differs from whole (-whole +split):\n%s", ways, diff)
		}
		if !bytes.Equal(wantBin, bin) {
			t.Errorf("split %d ways marshals differently", ways)
		}
	}
}

// TestMarshalRoundTrip sends a report through MarshalBinary and
// UnmarshalBinary, and merges partial reports decoded from bytes, as a
// fan-out over machines would.
func TestMarshalRoundTrip(t *testing.T) {
	recs := records(5000)
	whole := aggregate.NewReport(aggregate.Options{})
	a, b := aggregate.NewReport(aggregate.Options{}), aggregate.NewReport(aggregate.Options{})
	for i, r := range recs {
		whole.Add(r)
		if i < 1234 {
			a.Add(r)
		} else {
			b.Add(r)
		}
	}
	merged := aggregate.NewReport(aggregate.Options{})
	for _, part := range []*aggregate.Report{a, b} {
		merged.Merge(wireRoundTrip(t, part))
	}
	if diff := cmp.Diff(summary(whole), summary(merged)); diff != "" {
		t.Errorf("merged from bytes differs (-whole +merged):\n%s", diff)
	}
	var bad aggregate.Report
	bin, _ := whole.MarshalBinary()
	for _, cut := range []int{0, 1, 2, 10, len(bin) / 2, len(bin) - 1} {
		if err := bad.UnmarshalBinary(bin[:cut]); err == nil {
			t.Errorf("UnmarshalBinary of %d of %d bytes succeeded", cut, len(bin))
		}
	}
}

// TestAddBatchIsAdd feeds the same records one at a time and in batches of
// several sizes and requires the same marshaled bytes: AddBatch goes
// aggregate by aggregate, and each aggregate must still see the records in
// their order. A small top-N capacity makes the summaries evict, where
// order shows.
func TestAddBatchIsAdd(t *testing.T) {
	recs := records(20000)
	for _, capacity := range []int{100, 50000} {
		opt := aggregate.Options{TopKCapacity: capacity}
		one := aggregate.NewReport(opt)
		for _, r := range recs {
			one.Add(r)
		}
		want, err := one.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{2, 7, 32, 1000} {
			rep := aggregate.NewReport(opt)
			batch := make([]parse.Record, 0, size)
			for i, r := range recs {
				batch = append(batch, *r)
				if len(batch) == size || i == len(recs)-1 {
					rep.AddBatch(batch)
					batch = batch[:0]
				}
			}
			got, err := rep.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("capacity %d, batches of %d: report differs from one record at a time:\n%s", capacity, size, cmp.Diff(summary(one), summary(rep)))
			}
		}
	}
}

// TestReportSetsWhileRankingsEvict counts distinct requesters, keys and
// addresses, and addresses per day, with rankings far too small for them,
// so that values are evicted and come back: the counts stay the exact
// ones, fed one at a time, in batches, split and merged, after a wire round
// trip that goes on being fed, and when a ranking is changed directly
// (its values then are not all the report's).
func TestReportSetsWhileRankingsEvict(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	keys, requesters, ips := rand.NewZipf(rng, 1.1, 1, 1999), rand.NewZipf(rng, 1.3, 1, 299), rand.NewZipf(rng, 1.2, 1, 999)
	recs := make([]parse.Record, 20000)
	wantKeys, wantReq, wantIPs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	wantDays := map[time.Time]map[string]bool{}
	day0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range recs {
		k, q := fmt.Sprintf("logs/%d.gz", keys.Uint64()), fmt.Sprintf("arn:aws:iam::1:user/u%d", requesters.Uint64())
		n := ips.Uint64()
		ip := fmt.Sprintf("10.%d.%d.%d", n>>16, n>>8&255, n&255)
		if n%10 == 9 {
			ip = fmt.Sprintf("2001:db8::%x", n) // IPv6 too
		}
		r := &recs[i]
		r.SetText(parse.Key, []byte(k))
		r.SetText(parse.Requester, []byte(q))
		r.SetText(parse.RemoteIP, []byte(ip))
		r.SetInt(parse.BytesSent, int64(i%7)) // some 0: ByBytes skips them
		wantKeys[k], wantReq[q], wantIPs[ip] = true, true, true
		if i%5 != 0 { // some records have no time: counted in IPs, not per day
			at := day0.Add(time.Duration(i) * 30 * time.Second) // about seven days
			r.SetTime(at)
			d := at.Truncate(24 * time.Hour)
			if wantDays[d] == nil {
				wantDays[d] = map[string]bool{}
			}
			wantDays[d][ip] = true
		}
	}
	check := func(name string, r *aggregate.Report) {
		t.Helper()
		if r.Rankings[0].ByCount.Exact() {
			t.Fatalf("%s: the rankings never evicted; the test needs them to", name)
		}
		nk, ek := r.Keys.Count()
		nr, er := r.Requesters.Count()
		v4, v6, _ := r.IPs.Count()
		if nk != int64(len(wantKeys)) || nr != int64(len(wantReq)) || !ek || !er || v4+v6 != int64(len(wantIPs)) {
			t.Errorf("%s: %d keys (exact %v), %d requesters (exact %v), %d addresses; want %d, %d and %d, exact",
				name, nk, ek, nr, er, v4+v6, len(wantKeys), len(wantReq), len(wantIPs))
		}
		got := map[time.Time]int64{}
		for d, set := range r.ClientsPerDay.Days() {
			v4, v6, _ := set.Count()
			got[d] = v4 + v6
		}
		want := map[time.Time]int64{}
		for d, set := range wantDays {
			want[d] = int64(len(set))
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: addresses per day (-want +got):\n%s", name, d)
		}
	}
	opt := aggregate.Options{TopKCapacity: 16}
	one := aggregate.NewReport(opt)
	for i := range recs {
		one.Add(&recs[i])
	}
	check("one at a time", one)
	batched := aggregate.NewReport(opt)
	for i := 0; i < len(recs); i += 32 {
		batched.AddBatch(recs[i:min(i+32, len(recs))])
	}
	check("in batches", batched)

	a, b := aggregate.NewReport(opt), aggregate.NewReport(opt)
	a.AddBatch(recs[:len(recs)/3])
	b.AddBatch(recs[len(recs)/3 : 2*len(recs)/3])
	a.Merge(b)
	back := wireRoundTrip(t, a)
	back.AddBatch(recs[2*len(recs)/3:])
	check("merged, read back and fed the rest", back)

	// Rankings changed on their own between batches: values the report
	// was never fed take slots, and must not count as fed, nor hide the
	// report's own values when they come.
	direct := aggregate.NewReport(opt)
	seen := map[parse.Field]map[string]bool{}
	for _, f := range aggregate.TopFields() {
		seen[f] = map[string]bool{}
	}
	other := aggregate.NewTopK(16)
	for i := range 16 {
		other.Add(fmt.Appendf(nil, "10.200.0.%d", i), 1000)
	}
	for i := 0; i < len(recs); i += 32 {
		switch i % (32 * 50) {
		case 0:
			for _, rk := range direct.Rankings {
				rk.ByCount.Merge(other)
			}
		case 32 * 25:
			// Values the next batch brings for the first time, heavy
			// enough to take slots whose facts were of other values.
			for _, rk := range direct.Rankings {
				for j := i; j < min(i+32, len(recs)); j++ {
					if v := recs[j].Text(rk.Field); v != nil && !seen[rk.Field][string(v)] {
						rk.ByCount.Add(v, 500)
					}
				}
			}
		}
		for j := i; j < min(i+32, len(recs)); j++ {
			for _, rk := range direct.Rankings {
				if v := recs[j].Text(rk.Field); v != nil {
					seen[rk.Field][string(v)] = true
				}
			}
		}
		direct.AddBatch(recs[i:min(i+32, len(recs))])
	}
	check("rankings changed between batches", direct)
}

// wireRoundTrip returns what v's wire form reads back into, failing t if
// either way fails.
func wireRoundTrip[T any, P interface {
	*T
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}](t *testing.T, v P) P {
	t.Helper()
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back := P(new(T))
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return back
}
