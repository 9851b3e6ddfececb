package query_test

import (
	"fmt"
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

// BenchmarkMatchAddressList matches remote_ip against block lists of 1, 100
// and 100,000 CIDR blocks, the size of threat-feed lists: with sorted,
// merged ranges the cost per record grows with the logarithm of the list.
func BenchmarkMatchAddressList(b *testing.B) {
	recs := batch(20000)
	for _, n := range []int{1, 100, 100000} {
		q := query.MustCompile("remote_ip in (" + blockList(n) + ")")
		b.Run(fmt.Sprintf("blocks=%d", n), func(b *testing.B) {
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

// blockList writes n CIDR blocks, IPv4 and IPv6, as a query list.
func blockList(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if i%5 == 4 {
			fmt.Fprintf(&b, "2001:db8:%x:%x::/64", i>>16, i&0xffff)
		} else {
			fmt.Fprintf(&b, "%d.%d.%d.0/24", 11+i>>16&0x7f, i>>8&0xff, i&0xff)
		}
	}
	return b.String()
}
