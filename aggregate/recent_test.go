package aggregate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
)

// TestRecentCacheGivesTheMapsAnswers feeds a Group and a Latency more
// distinct values than the cache has slots, values that share a slot and
// values too long to cache, in an order that makes them evict one another,
// and checks every total against a plain map.
func TestRecentCacheGivesTheMapsAnswers(t *testing.T) {
	var values []string
	for i := range 200 {
		values = append(values, fmt.Sprintf("REST.%c.OBJ%d", 'A'+i%26, i))
	}
	values = append(values, strings.Repeat("k", recentMaxLen), strings.Repeat("k", recentMaxLen+1), strings.Repeat("k", 300))
	g := NewGroup(parse.Operation)
	var l Latency
	want := map[string]int64{}
	wantN := map[string]int64{}
	for round := range 5 {
		for i := range values {
			v := values[(i*37+round*11)%len(values)]
			var r parse.Record
			r.SetText(parse.Operation, []byte(v))
			r.SetInt(parse.BytesSent, int64(len(v)))
			r.SetInt(parse.TotalTimeMS, int64(i%7))
			g.Add(&r)
			l.Add(&r)
			want[v] += int64(len(v))
			wantN[v]++
		}
	}
	got := map[string]int64{}
	for k, tot := range g.All() {
		got[k] = tot.BytesSent
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("group totals (-want +got):\n%s", d)
	}
	gotN := map[string]int64{}
	for k, h := range l.Operations() {
		gotN[k] = h[0].Count()
	}
	if d := cmp.Diff(wantN, gotN); d != "" {
		t.Errorf("latency counts (-want +got):\n%s", d)
	}
}

// TestDistinctIPsSeenFilter counts addresses that share a slot of the
// filter, and 0.0.0.0, whose value is also an empty slot's.
func TestDistinctIPsSeenFilter(t *testing.T) {
	var d DistinctIPs
	d.toBitmap() // the filter is in front of the bitmap, not the table
	add := func(ip string) {
		var r parse.Record
		r.SetText(parse.RemoteIP, []byte(ip))
		d.Add(&r)
	}
	add("0.0.0.0")
	add("0.0.0.0")
	// Addresses 2^22 apart share a slot (the hash keeps the top ten bits
	// of a multiple), and evict one another.
	for range 3 {
		for i := range 20 {
			add(fmt.Sprintf("%d.0.0.1", i*4))
		}
	}
	if v4, v6, exact := d.Count(); v4 != 21 || v6 != 0 || !exact {
		t.Errorf("Count() = %d, %d, %v; want 21 IPv4 addresses, exact", v4, v6, exact)
	}
}
