package query_test

import (
	"errors"
	"testing"

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
			st.Result()
		} else {
			q.SortRecords(corpus())
		}
	})
}
