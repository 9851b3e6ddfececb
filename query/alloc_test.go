//go:build !race

package query_test

import (
	"testing"

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
