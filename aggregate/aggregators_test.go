package aggregate_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

func TestHistogramQuantilesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var h aggregate.Histogram
	var vals []int64
	for range 20000 {
		v := int64(rng.ExpFloat64() * 300) // most below 1024, a tail above
		h.Add(v)
		vals = append(vals, v)
	}
	slices.Sort(vals)
	qs := []float64{0.99, 0.01, 1, 0.5, 0.999, 0.9, 0.5} // Quantiles takes them in any order
	var wants []int64
	for _, q := range qs {
		rank := int(float64(len(vals))*q + 0.999999999)
		want := vals[max(rank, 1)-1]
		if got := h.Quantile(q); got != want {
			t.Errorf("Quantile(%v) = %d, want %d", q, got, want)
		}
		wants = append(wants, want)
	}
	if d := cmp.Diff(wants, h.Quantiles(qs...)); d != "" {
		t.Errorf("Quantiles(%v) (-want +got):\n%s", qs, d)
	}
	if h.Max() != vals[len(vals)-1] || h.Count() != int64(len(vals)) {
		t.Errorf("Max %d Count %d", h.Max(), h.Count())
	}
	var empty aggregate.Histogram
	if empty.Quantile(0.5) != 0 {
		t.Error("empty histogram quantile not 0")
	}
}

func rec(mod func(r *parse.Record)) *parse.Record {
	r := new(parse.Record)
	mod(r)
	return r
}

func TestStatuses(t *testing.T) {
	var s aggregate.Statuses
	for _, st := range []int64{200, 200, 404, 503, 304} {
		s.Add(rec(func(r *parse.Record) {
			r.SetInt(parse.Status, st)
			r.SetText(parse.Operation, []byte("REST.GET.OBJECT"))
			if st == 404 {
				r.SetText(parse.ErrorCode, []byte("NoSuchKey"))
			}
		}))
	}
	s.Add(rec(func(r *parse.Record) { r.SetText(parse.Operation, []byte("S3.EXPIRE.OBJECT")) })) // no status
	if got, want := s.Classes(), [6]int64{0, 0, 2, 1, 1, 1}; got != want {
		t.Errorf("Classes = %v, want %v", got, want)
	}
	if got := s.ErrorRate(); got != 0.4 {
		t.Errorf("ErrorRate = %v, want 0.4", got)
	}
	if s.Absent() != 1 {
		t.Errorf("Absent = %d", s.Absent())
	}
	var codes []string
	for k, n := range s.ErrorCodes() {
		codes = append(codes, k.Operation+" "+k.Code+" "+strconv.FormatInt(n, 10))
	}
	if diff := cmp.Diff([]string{"REST.GET.OBJECT NoSuchKey 1"}, codes); diff != "" {
		t.Error(diff)
	}
}

func TestDistinctSwitchesToSketch(t *testing.T) {
	if testing.Short() {
		t.Skip("adds over a million values")
	}
	n := aggregate.ExactDistinctLimit + 200000
	a, b := aggregate.NewDistinct(parse.Key), aggregate.NewDistinct(parse.Key)
	var r parse.Record
	buf := make([]byte, 0, 32)
	for i := range n {
		buf = strconv.AppendInt(append(buf[:0], "key/"...), int64(i), 10)
		r.SetText(parse.Key, buf)
		if i%2 == 0 {
			a.Add(&r)
		} else {
			b.Add(&r)
		}
	}
	if got, exact := a.Count(); !exact || got != int64((n+1)/2) {
		t.Fatalf("half: %d exact=%v, want %d exact", got, exact, (n+1)/2)
	}
	a.Merge(b)
	got, exact := a.Count()
	if exact {
		t.Fatal("still exact past the limit")
	}
	if diff := float64(got-int64(n)) / float64(n); diff > 0.03 || diff < -0.03 {
		t.Errorf("estimate %d for %d distinct: off by %.1f%%", got, n, diff*100)
	}
}

func TestDistinctIPs(t *testing.T) {
	var d aggregate.DistinctIPs
	for _, ip := range []string{"10.0.0.1", "10.0.0.1", "10.0.0.2", "::ffff:10.0.0.2", "2001:db8::1", "2001:DB8::1", "not-an-ip", "01.2.3.4"} {
		d.Add(rec(func(r *parse.Record) { r.SetText(parse.RemoteIP, []byte(ip)) }))
	}
	d.Add(new(parse.Record)) // absent
	v4, v6, exact := d.Count()
	if v4 != 2 || v6 != 1 || !exact {
		t.Errorf("Count = %d, %d, %v; want 2, 1, true", v4, v6, exact)
	}
}

// TestDistinctIPsPastTheTable counts more IPv4 addresses than the flat
// table holds, whole and in two parts merged both ways, one part in its
// table and one past it: every count is the exact one, and every wire form
// of the same set is the same bytes, whichever form the set was in.
func TestDistinctIPsPastTheTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var ips []string
	want := map[string]bool{}
	for len(want) <= 2*aggregate.IPSetLimit {
		ip := fmt.Sprintf("%d.%d.%d.%d", rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256))
		if rng.IntN(8) == 0 {
			ip = "0.0.0.0" // also the table's empty slot
		}
		ips = append(ips, ip)
		want[ip] = true
	}
	ips = append(ips, "::ffff:10.9.8.7", "10.9.8.7") // one address twice
	want["10.9.8.7"] = true
	feed := func(part []string) *aggregate.DistinctIPs {
		d := new(aggregate.DistinctIPs)
		r := new(parse.Record)
		for _, ip := range part {
			r.SetText(parse.RemoteIP, []byte(ip))
			d.Add(r)
		}
		return d
	}
	wire := func(d *aggregate.DistinctIPs) []byte {
		b, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	count := func(name string, d *aggregate.DistinctIPs, n int) {
		t.Helper()
		if v4, v6, exact := d.Count(); v4 != int64(n) || v6 != 0 || !exact {
			t.Errorf("%s: Count() = %d, %d, %v; want %d IPv4 addresses, exact", name, v4, v6, exact, n)
		}
	}
	whole := feed(ips)
	count("whole", whole, len(want))
	cut := len(ips) / 8 // a small part, in its table, and the rest, past it
	smallFirst, bigFirst := feed(ips[:cut]), feed(ips[cut:])
	if !whole.InBitmap() || !bigFirst.InBitmap() || smallFirst.InBitmap() {
		t.Fatalf("in bitmaps: whole %v, the rest %v, the small part %v; want true, true, false",
			whole.InBitmap(), bigFirst.InBitmap(), smallFirst.InBitmap())
	}
	smallFirst.Merge(feed(ips[cut:]))
	bigFirst.Merge(feed(ips[:cut]))
	count("small part merged with the rest", smallFirst, len(want))
	count("the rest merged with the small part", bigFirst, len(want))
	for name, d := range map[string]*aggregate.DistinctIPs{"small first": smallFirst, "big first": bigFirst} {
		if !bytes.Equal(wire(d), wire(whole)) {
			t.Errorf("%s: the merged set's wire form differs from the whole set's", name)
		}
	}

	small := feed(ips[:100])
	var back aggregate.DistinctIPs
	if err := back.UnmarshalBinary(wire(small)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(wire(&back), wire(small)) {
		t.Error("a set in its table and the same set read back into a bitmap have different wire forms")
	}
	v4, _, _ := small.Count()
	count("read back", &back, int(v4))
}

// TestDistinctIPv6Bounded: a client walking its /64 cannot grow the IPv6 set
// past ExactDistinctLimit; the count turns into an estimate within 3%, and
// survives the wire form.
func TestDistinctIPv6Bounded(t *testing.T) {
	if testing.Short() {
		t.Skip("adds a million addresses")
	}
	var d aggregate.DistinctIPs
	n := aggregate.ExactDistinctLimit + 50000
	r := new(parse.Record)
	buf := make([]byte, 0, 64)
	for i := range n {
		buf = fmt.Appendf(buf[:0], "2001:db8:0:1:%x:%x::1", i>>16, i&0xffff)
		r.SetText(parse.RemoteIP, buf)
		d.Add(r)
	}
	_, v6, exact := d.Count()
	if exact {
		t.Fatalf("exact after %d addresses, want an estimate", n)
	}
	if diff := math.Abs(float64(v6-int64(n))) / float64(n); diff > 0.03 {
		t.Errorf("estimate %d for %d addresses: off by %.1f%%", v6, n, diff*100)
	}
	b, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 64<<10 {
		t.Errorf("wire form of a sketched set is %d bytes, want it bounded by the sketch", len(b))
	}
	var back aggregate.DistinctIPs
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := back.Count(); got != v6 {
		t.Errorf("after the wire form: %d, want %d", got, v6)
	}
}

func TestSeriesRollUp(t *testing.T) {
	var s aggregate.Series
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for i, st := range []int64{200, 404, 500, 200} {
		s.Add(rec(func(r *parse.Record) {
			r.SetTime(base.Add(time.Duration(i*25) * time.Minute))
			r.SetInt(parse.Status, st)
			r.SetInt(parse.BytesSent, 100)
		}))
	}
	type pt struct {
		T string
		P aggregate.Point
	}
	var got []pt
	for tm, p := range s.Points(time.Hour) {
		got = append(got, pt{tm.Format("15:04"), p})
	}
	want := []pt{
		{"10:00", aggregate.Point{Requests: 3, BytesSent: 300, Status4xx: 1, Status5xx: 1}},
		{"11:00", aggregate.Point{Requests: 1, BytesSent: 100}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if aggregate.PickInterval(3*time.Hour) != time.Minute || aggregate.PickInterval(48*time.Hour) != time.Hour ||
		aggregate.PickInterval(60*24*time.Hour) != 24*time.Hour {
		t.Error("PickInterval")
	}
}

func TestSlowest(t *testing.T) {
	s := aggregate.NewSlowest(3)
	for i, ms := range []int64{5, 50, 7, 50, 900, 1} {
		s.Add(rec(func(r *parse.Record) {
			r.SetInt(parse.TotalTimeMS, ms)
			r.SetText(parse.RequestID, []byte("R"+strconv.Itoa(i)))
		}))
	}
	var ids []string
	for _, q := range s.All() {
		ids = append(ids, q.RequestID)
	}
	if diff := cmp.Diff([]string{"R4", "R1", "R3"}, ids); diff != "" {
		t.Error(diff)
	}
}

// TestSumsSaturate: byte sums past int64 stay at its maximum (in Group,
// Series and TopK, and through Merge) instead of wrapping to a negative.
func TestSumsSaturate(t *testing.T) {
	big := rec(func(r *parse.Record) {
		r.SetText(parse.Operation, []byte("REST.GET.OBJECT"))
		r.SetInt(parse.BytesSent, math.MaxInt64)
		r.SetInt(parse.ObjectSize, math.MaxInt64)
		r.Time = time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC)
		r.Mark(parse.Time)
	})
	g, g2 := aggregate.NewGroup(parse.Operation), aggregate.NewGroup(parse.Operation)
	var s, s2 aggregate.Series
	top, top2 := aggregate.NewTopK(0), aggregate.NewTopK(0)
	for range 2 {
		g.Add(big)
		s.Add(big)
		top.Add(big.Operation, big.BytesSent)
	}
	g2.Add(big)
	s2.Add(big)
	top2.Add(big.Operation, big.BytesSent)
	g.Merge(g2)
	s.Merge(&s2)
	top.Merge(top2)
	for op, tot := range g.All() {
		if tot.BytesSent != math.MaxInt64 || tot.ObjectBytes != math.MaxInt64 || tot.Requests != 3 {
			t.Errorf("group %s: %+v", op, tot)
		}
	}
	for _, p := range s.Points(time.Hour) {
		if p.BytesSent != math.MaxInt64 {
			t.Errorf("series point bytes %d", p.BytesSent)
		}
	}
	for _, e := range top.Top(10) {
		if e.Count != math.MaxInt64 {
			t.Errorf("top entry %+v", e)
		}
	}
}

// TestHistogramBounded: more distinct large values than it counts exactly
// turn a Histogram coarse: memory stays bounded, quantiles within 0.8%
// below the true ones, Count, Max and Mean exact, and any split merges to
// the same result through the wire form.
func TestHistogramBounded(t *testing.T) {
	const n = 300000
	vals := make([]int64, n)
	for i := range vals {
		vals[i] = 1024 + int64(i)*7919%5000000
	}
	var whole aggregate.Histogram
	parts := make([]aggregate.Histogram, 3)
	for i, v := range vals {
		whole.Add(v)
		parts[i%3].Add(v)
	}
	if whole.Exact() {
		t.Fatal("exact after 300,000 distinct values")
	}
	if s := whole.Size(); s > 512<<10 {
		t.Errorf("coarse histogram holds %d bytes", s)
	}
	sorted := slices.Clone(vals)
	slices.Sort(sorted)
	for _, q := range []float64{0.5, 0.9, 0.99} {
		exact := sorted[int(math.Ceil(q*n))-1]
		got := whole.Quantile(q)
		if got > exact || float64(exact-got) > float64(exact)/128 {
			t.Errorf("p%v = %d, exact %d: more than 0.8%% off", q*100, got, exact)
		}
	}
	var sum int64
	for _, v := range vals {
		sum += v
	}
	if whole.Count() != n || whole.Max() != sorted[n-1] || whole.Mean() != float64(sum)/n {
		t.Errorf("count %d max %d mean %v: not exact", whole.Count(), whole.Max(), whole.Mean())
	}
	var merged aggregate.Histogram
	for i := range parts {
		b, _ := parts[i].MarshalBinary()
		var back aggregate.Histogram
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		merged.Merge(&back)
	}
	wb, _ := whole.MarshalBinary()
	mb, _ := merged.MarshalBinary()
	if !bytes.Equal(wb, mb) {
		t.Error("merged parts differ from the whole")
	}
}

// TestLatencyOverallIsEveryRecord checks that the overall histograms, made
// from the operations' ones, are the histograms of every record: exact
// while the values fit, and rounded in the same way once their union
// outgrows the exact table though no one operation does.
func TestLatencyOverallIsEveryRecord(t *testing.T) {
	ops := []string{"REST.GET.OBJECT", "REST.PUT.OBJECT", "REST.HEAD.OBJECT"}
	for _, tc := range []struct {
		name   string
		values int // a third of the records; half of them have distinct values of 1024 and above
		exact  bool
	}{
		{"exact", 2000, true},
		{"rounded", aggregate.ExactHistogramValues*2/3 + 1000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, uint64(tc.values)))
			var l aggregate.Latency
			var total, turn aggregate.Histogram
			r := new(parse.Record)
			for i := range 3 * tc.values {
				op := ops[i%len(ops)]
				tt := int64(rng.IntN(3000))
				if i%2 == 0 {
					tt = 1024 + int64(i) // distinct above the dense array, and none shared
				}
				r.Reset()
				r.SetText(parse.Operation, []byte(op))
				r.SetInt(parse.TotalTimeMS, tt)
				total.Add(tt)
				if i%3 != 0 { // some records without a turnaround time
					r.SetInt(parse.TurnaroundTimeMS, tt/2)
					turn.Add(tt / 2)
				}
				l.Add(r)
			}
			for op, h := range l.Operations() {
				if !h[0].Exact() {
					t.Fatalf("%s alone is rounded; the test wants only the union to be", op)
				}
			}
			for _, c := range []struct {
				name      string
				got, want *aggregate.Histogram
			}{{"total", l.Total(), &total}, {"turnaround", l.Turnaround(), &turn}} {
				got, _ := c.got.MarshalBinary()
				want, _ := c.want.MarshalBinary()
				if !bytes.Equal(got, want) {
					t.Errorf("%s: the merged operations differ from a histogram of every record (n %d/%d, p99 %d/%d)",
						c.name, c.got.Count(), c.want.Count(), c.got.Quantile(.99), c.want.Quantile(.99))
				}
				if c.got.Exact() != tc.exact && c.name == "total" {
					t.Errorf("%s: exact %v, want %v", c.name, c.got.Exact(), tc.exact)
				}
			}
		})
	}
}

// TestGroupByFormat counts records of several formats, an unknown one and
// an out-of-range one among them, and goes on counting after a wire round
// trip, which replaces the group's totals (and so its cache of them).
func TestGroupByFormat(t *testing.T) {
	formats := []parse.Format{parse.FormatS3, parse.FormatOSS, parse.FormatUnknown, parse.Format(200), parse.FormatS3, parse.FormatYandex}
	add := func(g *aggregate.Group) {
		for i, f := range formats {
			g.Add(rec(func(r *parse.Record) {
				r.Format = f
				r.SetInt(parse.BytesSent, int64(i+1))
			}))
		}
	}
	g := aggregate.NewGroup(aggregate.ByFormat)
	add(g)
	wire, err := g.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.UnmarshalBinary(wire); err != nil { // into g, which has counted
		t.Fatal(err)
	}
	add(g)
	got := map[string][2]int64{}
	for k, tot := range g.All() {
		got[k] = [2]int64{tot.Requests, tot.BytesSent}
	}
	want := map[string][2]int64{"s3": {4, 2 * (1 + 5)}, "oss": {2, 2 * 2}, aggregate.Absent: {4, 2 * (3 + 4)}, "yandex": {2, 2 * 6}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("by format (-want +got):\n%s", d)
	}
}
