//go:build !race

package query_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

func TestMatchAllocatesNothing(t *testing.T) {
	recs := batch(2000)
	for _, expr := range []string{
		"status = 5xx or (method = GET and bytes_sent > 1000)",
		"bucket in (backups, photos-prod) and not has(error_code)",
		"key ~ \"images/*\" and remote_ip in (10.0.0.0/8, 2001:db8::/32)",
		"format = oss and time >= 2026-11-01 and user_agent =~ \"(?i)curl\"",
		"remote_ip in (" + blockList(7500) + ")",
	} {
		q := query.MustCompile(expr)
		for _, r := range recs {
			q.Match(r) // warm the regular expression's pool
		}
		if n := testing.AllocsPerRun(10, func() {
			for _, r := range recs {
				q.Match(r)
			}
		}); n != 0 {
			t.Errorf("%q: %v allocations per pass, want 0", expr, n)
		}
	}
}

// TestStateAddAllocatesNothingOnceWarm: aggregating records whose groups
// and values were seen allocates nothing.
func TestStateAddAllocatesNothingOnceWarm(t *testing.T) {
	recs := batch(2000)
	for _, expr := range []string{
		"| count, sum(bytes_sent), avg(total_time_ms), p99(total_time_ms) by operation, time(1h)",
		"| distinct(remote_ip), top(key, 5) by bucket",
		"| count(status >= 500), rate(status >= 400) by format",
	} {
		q := query.MustCompile(expr)
		st := q.NewState()
		st.SetBudget(query.NewBudget(1 << 30))
		for _, r := range recs {
			st.Add(r)
		}
		if n := testing.AllocsPerRun(10, func() {
			for _, r := range recs {
				st.Add(r)
			}
		}); n != 0 {
			t.Errorf("%q: %v allocations per pass once warm, want 0", expr, n)
		}
	}
}

// TestMatchNonAddressRemoteIP: a remote_ip that is no address (a lifecycle
// record's "-" is absent; some stores write a host name) allocates nothing.
func TestMatchNonAddressRemoteIP(t *testing.T) {
	recs := batch(100)
	for _, r := range recs {
		r.SetText(parse.RemoteIP, []byte("not-an-address.example"))
	}
	q := query.MustCompile("remote_ip in (10.0.0.0/8, 2001:db8::/32)")
	if n := testing.AllocsPerRun(10, func() {
		for _, r := range recs {
			q.Match(r)
		}
	}); n != 0 {
		t.Errorf("%v allocations per pass on non-address remote_ip, want 0", n)
	}
}
