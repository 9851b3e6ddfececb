package query_test

import (
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/query"
)

func BenchmarkMatch(b *testing.B) {
	recs := batch(20000)
	for _, expr := range []string{
		"status = 5xx",
		"method = GET and bytes_sent > 100000",
		"bucket in (backups, photos-prod) and not has(error_code)",
		"key ~ \"images/*\"",
		"remote_ip in (10.0.0.0/8, 2001:db8::/32)",
		"user_agent =~ \"(?i)curl\"",
		"time >= 2026-11-01T00:30:00Z and time < 2026-11-01T01:00:00Z",
	} {
		q := query.MustCompile(expr)
		name := strings.NewReplacer(" ", "_", "\"", "").Replace(expr)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range recs {
					q.Match(r)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
		})
	}
}
