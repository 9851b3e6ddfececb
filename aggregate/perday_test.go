package aggregate_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

type dayCount struct {
	Day    string
	V4, V6 int64
}

func perDay(c *aggregate.ClientsPerDay) []dayCount {
	var out []dayCount
	for day, ips := range c.Days() {
		v4, v6, _ := ips.Count()
		out = append(out, dayCount{day.Format("2006-01-02"), v4, v6})
	}
	return out
}

// TestClientsPerDay: addresses are counted once a day, by UTC day; a
// split merges to the whole and the wire form round-trips.
func TestClientsPerDay(t *testing.T) {
	at := time.Date(2026, 11, 17, 23, 0, 0, 0, time.FixedZone("", 3*3600)) // 20:00 UTC
	var recs []*parse.Record
	for i, c := range []struct {
		ip string
		h  int
	}{{"10.0.0.1", 0}, {"10.0.0.1", 1}, {"10.0.0.2", 2}, {"2001:db8::1", 3}, {"10.0.0.1", 5}, {"::ffff:10.0.0.9", 6}, {"not-an-ip", 7}} {
		r := &parse.Record{}
		r.SetTime(at.Add(time.Duration(c.h) * time.Hour))
		r.SetText(parse.RemoteIP, []byte(c.ip))
		r.SetText(parse.RequestID, []byte{byte(i)})
		recs = append(recs, r)
	}
	recs = append(recs, &parse.Record{}) // no time, no address
	var whole, a, b aggregate.ClientsPerDay
	for i, r := range recs {
		whole.Add(r)
		if i%2 == 0 {
			a.Add(r)
		} else {
			b.Add(r)
		}
	}
	want := []dayCount{{"2026-11-17", 2, 1}, {"2026-11-18", 2, 0}}
	if diff := cmp.Diff(want, perDay(&whole)); diff != "" {
		t.Errorf("per day (-want +got):\n%s", diff)
	}
	a.Merge(&b)
	if diff := cmp.Diff(want, perDay(&a)); diff != "" {
		t.Errorf("merged halves (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, perDay(wireRoundTrip(t, &whole))); diff != "" {
		t.Errorf("through the wire (-want +got):\n%s", diff)
	}
	data, err := whole.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back aggregate.ClientsPerDay
	if err := back.UnmarshalBinary(data[:len(data)-1]); err == nil {
		t.Error("a cut form accepted")
	}
}
