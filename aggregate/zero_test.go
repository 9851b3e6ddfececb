package aggregate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/aggregate"
)

// TestZeroValuesUsable: every aggregator's zero value takes records, merges
// and marshals without a panic, as its doc promises.
func TestZeroValuesUsable(t *testing.T) {
	recs := records(50)

	var tk aggregate.TopK
	for _, r := range recs {
		tk.Add(r.RemoteIP, 1)
	}
	if tk.Capacity() != aggregate.DefaultTopKCapacity || tk.Total() != 50 || len(tk.Top(-1)) == 0 {
		t.Errorf("zero TopK: capacity %d, total %d, %d values", tk.Capacity(), tk.Total(), len(tk.Top(-1)))
	}
	var tk2 aggregate.TopK
	tk2.Merge(&tk)
	if diff := cmp.Diff(tk.Top(-1), tk2.Top(-1)); diff != "" {
		t.Errorf("zero TopK merged from another (-want +got):\n%s", diff)
	}
	if got := tk.Top(0); len(got) != 0 {
		t.Errorf("Top(0) = %v, want none", got)
	}

	var g aggregate.Group
	for _, r := range recs {
		g.Add(r)
	}
	var g2 aggregate.Group
	g2.Merge(&g)
	if g.Len() != 1 || g2.Len() != 1 {
		t.Errorf("zero Group: %d and %d keys, want every record under one", g.Len(), g2.Len())
	}
	if _, err := g.MarshalBinary(); err != nil {
		t.Error(err)
	}

	var s aggregate.Slowest
	for _, r := range recs {
		s.Add(r)
	}
	if n := len(s.All()); n != 10 {
		t.Errorf("zero Slowest kept %d, want 10", n)
	}

	var d aggregate.Distinct
	d.AddValue([]byte("a"))
	d.Add(recs[0])
	b, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d2 aggregate.Distinct
	if err := d2.UnmarshalBinary(b); err != nil {
		t.Fatalf("zero Distinct's wire form refused: %v", err)
	}
	if n, _ := d2.Count(); n != 1 {
		t.Errorf("zero Distinct counted %d, want 1", n)
	}

	var rep aggregate.Report
	for _, r := range recs {
		rep.Add(r)
	}
	var rep2 aggregate.Report
	rep2.Merge(&rep)
	full := aggregate.NewReport(aggregate.Options{})
	for _, r := range recs {
		full.Add(r)
	}
	if diff := cmp.Diff(summary(full), summary(&rep2)); diff != "" {
		t.Errorf("zero Report differs from NewReport (-want +got):\n%s", diff)
	}
	if _, err := rep.MarshalBinary(); err != nil {
		t.Error(err)
	}
}

// TestTopKForgedCollision: two values built to share a 64-bit hash (the
// kind of hash TopK used to key on) stay two values with their own counts.
func TestTopKForgedCollision(t *testing.T) {
	victim, attacker := aggregate.CollidingPair()
	if victim == attacker {
		t.Fatal("the forged pair is one value")
	}
	tk := aggregate.NewTopK(10)
	tk.Add([]byte(victim), 1)
	for range 5 {
		tk.Add([]byte(attacker), 1000)
	}
	want := []aggregate.TopEntry{{Key: attacker, Count: 5000}, {Key: victim, Count: 1}}
	if diff := cmp.Diff(want, tk.Top(-1)); diff != "" {
		t.Errorf("top list (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, wireRoundTrip(t, tk).Top(-1)); diff != "" {
		t.Errorf("after the wire form (-want +got):\n%s", diff)
	}
}
