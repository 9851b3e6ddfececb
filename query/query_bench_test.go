package query_test

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
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

// BenchmarkGroup5MDistinct groups 5,000,000 records with distinct request
// IDs ("| count by request_id"): the peak heap it reports (heap-MB) and its
// cost per group are what --max-memory budgets against; with a budget of
// 256 MiB the same query stops early with a MemoryError (stopped-at-groups).
func BenchmarkGroup5MDistinct(b *testing.B) {
	const n = 5_000_000
	r := batch(1)[0].Clone()
	id := []byte("REQ0000000000000000")
	q := query.MustCompile("| count by request_id")
	b.ReportAllocs()
	var heapMB, perGroup float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		st := q.NewState()
		for i := range n {
			id = strconv.AppendInt(id[:3], int64(i), 10)
			r.SetText(parse.RequestID, id)
			st.Add(r)
		}
		runtime.ReadMemStats(&after)
		heapMB = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		perGroup = float64(after.HeapAlloc-before.HeapAlloc) / n
		runtime.KeepAlive(st)
	}
	b.ReportMetric(heapMB, "heap-MB")
	b.ReportMetric(perGroup, "heap-B/group")

	st := q.NewState()
	st.SetBudget(query.NewBudget(256 << 20))
	for i := range n {
		id = strconv.AppendInt(id[:3], int64(i), 10)
		r.SetText(parse.RequestID, id)
		if st.Add(r); st.Err() != nil {
			break
		}
	}
	var me *query.MemoryError
	if errors.As(st.Err(), &me) {
		b.ReportMetric(float64(me.Groups), "stopped-at-groups")
	}
}
