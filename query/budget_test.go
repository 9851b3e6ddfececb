package query_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// distinctIDs returns n records with distinct request IDs.
func distinctIDs(n int) []*parse.Record {
	base := batch(1)[0]
	out := make([]*parse.Record, n)
	for i := range out {
		r := base.Clone()
		r.SetText(parse.RequestID, fmt.Appendf(nil, "REQ%016d", i))
		out[i] = r
	}
	return out
}

// TestBudgetStopsUnboundedGroups: a grouping by a unique field stops at the
// budget with an error naming the stage; within budget it answers.
func TestBudgetStopsUnboundedGroups(t *testing.T) {
	recs := distinctIDs(100000)
	q := query.MustCompile("| count, p99(total_time_ms) by request_id")
	budget := query.NewBudget(4 << 20)
	st := q.NewState()
	st.SetBudget(budget)
	added := 0
	for _, r := range recs {
		st.Add(r)
		added++
		if st.Err() != nil {
			break
		}
	}
	var me *query.MemoryError
	if !errors.As(st.Err(), &me) {
		t.Fatalf("Err = %v after %d records, want a *MemoryError", st.Err(), added)
	}
	if me.Stage != "count, p99(total_time_ms) by request_id" || me.Limit != 4<<20 || me.Groups == 0 || me.Groups >= len(recs) {
		t.Errorf("MemoryError %+v", me)
	}
	if msg := me.Error(); !strings.Contains(msg, "4.0 MiB") || !strings.Contains(msg, "narrow") {
		t.Errorf("message %q does not say the budget and how to narrow the query", msg)
	}
	// A merged state carries the error.
	other := q.NewState()
	other.Merge(st)
	if other.Err() == nil {
		t.Error("Merge dropped the memory error")
	}
	// Enough budget: no error, every group.
	st = q.NewState()
	st.SetBudget(query.NewBudget(1 << 30))
	for _, r := range recs {
		st.Add(r)
	}
	if st.Err() != nil || len(st.Result().Rows) != len(recs) {
		t.Errorf("within budget: %v, %d rows", st.Err(), len(st.Result().Rows))
	}
}

// TestSorterEqualsFullSort: keeping only the limit's worth of records
// gives the rows a sort of every match gives, ties in input order.
func TestSorterEqualsFullSort(t *testing.T) {
	recs := batch(5000)
	for _, expr := range []string{
		"* | sort by bytes_sent desc | limit 10",
		"status >= 400 | sort by operation, total_time_ms | limit 1",
		"* | sort by bucket | limit 50",
		"* | sort by format desc, time",
		"* | sort by remote_ip | limit 0",
	} {
		q := query.MustCompile(expr)
		var all []*parse.Record
		s := q.NewSorter()
		for _, r := range recs {
			if q.Match(r) {
				all = append(all, r.Clone())
				s.Add(r)
			}
		}
		want := q.SortRecords(all)
		got := s.Records()
		key := func(rs []*parse.Record) []string {
			var out []string
			for _, r := range rs {
				out = append(out, string(parse.AppendJSON(nil, r)))
			}
			return out
		}
		if diff := cmp.Diff(key(want), key(got)); diff != "" {
			t.Errorf("%q: sorter differs from a full sort (-full +sorter):\n%s", expr, diff)
		}
	}
}

// TestSorterHoldsOnlyTheLimit: a sort with a limit over many records keeps
// the heap flat once full.
func TestSorterHoldsOnlyTheLimit(t *testing.T) {
	recs := batch(20000)
	q := query.MustCompile("* | sort by bytes_sent desc | limit 10")
	s := q.NewSorter()
	s.SetBudget(query.NewBudget(64 << 10)) // far less than 20,000 clones
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, r := range recs {
		s.Add(r)
	}
	runtime.ReadMemStats(&after)
	if s.Err() != nil {
		t.Fatalf("a limited sort spent its budget: %v", s.Err())
	}
	if n := len(s.Records()); n != 10 {
		t.Errorf("%d records kept, want 10", n)
	}
	if grown := after.HeapAlloc - before.HeapAlloc; after.HeapAlloc > before.HeapAlloc && grown > 4<<20 {
		t.Errorf("heap grew by %d bytes for ten records", grown)
	}
	// Without a limit the same budget is spent, with advice to add one.
	q = query.MustCompile("* | sort by bytes_sent desc")
	s = q.NewSorter()
	s.SetBudget(query.NewBudget(64 << 10))
	for _, r := range recs {
		s.Add(r)
	}
	var me *query.MemoryError
	if !errors.As(s.Err(), &me) || !strings.Contains(me.Error(), "limit N") || me.Stage != "sort by bytes_sent desc" {
		t.Errorf("unlimited sort over budget: %v", s.Err())
	}
}
