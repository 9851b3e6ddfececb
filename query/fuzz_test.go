package query_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/query"
)

// FuzzCompile: no expression makes Compile panic; a syntax error points
// inside the expression; a compiled query runs on records without panicking.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"status = 5xx and not has(error_code)",
		"key ~ \"logs/2026-*\" or user_agent =~ \"(?i)curl\"",
		"remote_ip in (10.0.0.0/8, 2001:db8::/32) | count, p99(total_time_ms) by operation, time(1h) | sort by count desc | limit 5",
		"time >= 2026-11-17 and time < 2026-11-18T00:00:00Z | top(requester, 3), distinct(key)",
		"(method = GET or method = 'PUT') and bucket in (a, \"b\\\"c\")",
		"| sum(bytes_sent) by format | sort by sum(bytes_sent) desc",
		"* | limit 3",
	} {
		f.Add(s)
	}
	recs := corpus()
	f.Fuzz(func(t *testing.T, expr string) {
		q, err := query.Compile(expr)
		if err != nil {
			var se *query.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is %T, want *SyntaxError", err, err)
			}
			if se.Offset < 0 || se.Offset > len(expr) {
				t.Fatalf("offset %d outside %q", se.Offset, expr)
			}
			_ = se.Caret()
			return
		}
		if q.String() != expr {
			t.Fatalf("String() = %q, want %q", q.String(), expr)
		}
		for _, r := range recs {
			q.Match(r)
		}
		if q.Aggregates() {
			st := q.NewState()
			for _, r := range recs {
				if q.Match(r) {
					st.Add(r)
				}
			}
			res := st.Result()
			// Through the wire and back: the same answer, the same bytes.
			b, err := st.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back := q.NewState()
			if err := back.UnmarshalBinary(b); err != nil {
				t.Fatalf("UnmarshalBinary of MarshalBinary: %v", err)
			}
			if diff := cmp.Diff(res, back.Result(), cmp.AllowUnexported(query.Value{})); diff != "" {
				t.Fatalf("result after the wire (-before +after):\n%s", diff)
			}
			if b2, _ := back.MarshalBinary(); !bytes.Equal(b, b2) {
				t.Fatal("marshaling again gives other bytes")
			}
		} else {
			q.SortRecords(corpus())
		}
	})
}

// FuzzStateUnmarshal feeds arbitrary bytes to State.UnmarshalBinary: no
// panic, and what it accepts is a state: it gives a result, and its own
// marshaled form (canonical: the input may have used longer varints) goes
// through the wire unchanged.
func FuzzStateUnmarshal(f *testing.F) {
	q, err := query.Compile("* | count, sum(bytes_sent), p99(total_time_ms), distinct(remote_ip), top(key, 3) by operation, time(1h)")
	if err != nil {
		f.Fatal(err)
	}
	seedState(f, q.NewState(), 1)
	f.Fuzz(func(t *testing.T, b []byte) {
		st := q.NewState()
		if st.UnmarshalBinary(b) != nil {
			return
		}
		st.Result()
		checkCanonical(t, st, q.NewState())
	})
}

// seedState adds the corpus to st and gives the fuzz target its
// marshaled form, that form cut in half, and a bare version byte.
func seedState(f *testing.F, st *query.State, version byte) {
	for _, r := range corpus() {
		st.Add(r)
	}
	b, _ := st.MarshalBinary()
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte{version})
}

// checkCanonical: st's marshaled form is read back by the fresh state
// and marshals to the same bytes.
func checkCanonical(t *testing.T, st, fresh *query.State) {
	t.Helper()
	canon, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.UnmarshalBinary(canon); err != nil {
		t.Fatalf("its own form is refused: %v", err)
	}
	if again, _ := fresh.MarshalBinary(); !bytes.Equal(again, canon) {
		t.Fatal("its own form does not go through the wire unchanged")
	}
}

// FuzzBoundedStateUnmarshal is FuzzStateUnmarshal for a bounded state: no
// panic, what it accepts holds no more than twice its bound, gives a
// result with an overcount per row, and goes through the wire unchanged.
func FuzzBoundedStateUnmarshal(f *testing.F) {
	const bound = 4
	q := query.MustCompile("* | count, sum(bytes_sent), max(time) by remote_ip, operation | sort by count desc | limit 3")
	st, err := q.NewBoundedState(bound)
	if err != nil {
		f.Fatal(err)
	}
	seedState(f, st, 2)
	f.Fuzz(func(t *testing.T, b []byte) {
		st, _ := q.NewBoundedState(bound)
		if st.UnmarshalBinary(b) != nil {
			return
		}
		if st.Groups() > 2*bound {
			t.Fatalf("%d groups in a state bounded to %d", st.Groups(), bound)
		}
		if res := st.Result(); len(res.Overcount) != len(res.Rows) {
			t.Fatalf("%d rows, %d overcounts", len(res.Rows), len(res.Overcount))
		}
		back, _ := q.NewBoundedState(bound)
		checkCanonical(t, st, back)
	})
}
