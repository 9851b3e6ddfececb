package query_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

func batch(n int) []*parse.Record { return gen.Batch(21, n) }

// randomQuery builds a filter from indexed and unindexed predicates.
func randomQuery(rng *rand.Rand) string {
	preds := []string{
		"operation = REST.GET.OBJECT", "operation = GetObject", "operation != REST.PUT.OBJECT",
		"status = 404", "status = 5xx", "status >= 400", "status in (200, 206)", "status != 200",
		"bucket = photos-prod", "bucket in (backups, ml-datasets)", "has(error_code)", "error_code = NoSuchKey",
		"format = yandex", "format != s3", "method = DELETE", "storage_class = STANDARD", "has(storage_class)",
		"scheme = http", "tls_version = TLSv1.3",
		// not indexed: checked on the candidate rows
		"bytes_sent > 100000", "total_time_ms >= 30", "key ~ \"images/*\"", "user_agent =~ \"(?i)curl\"",
		"remote_ip in 10.0.0.0/8", "has(referer)", "time < 2026-11-01T00:30:00Z",
	}
	var build func(depth int) string
	build = func(depth int) string {
		if depth == 0 || rng.IntN(3) == 0 {
			p := preds[rng.IntN(len(preds))]
			if rng.IntN(5) == 0 {
				return "not " + p
			}
			return p
		}
		op := []string{"and", "or"}[rng.IntN(2)]
		s := build(depth-1) + " " + op + " " + build(depth-1)
		if rng.IntN(2) == 0 {
			s = "(" + s + ")"
		}
		if rng.IntN(6) == 0 {
			s = "not (" + s + ")"
		}
		return s
	}
	return build(3)
}

func TestIndexMatchesScan(t *testing.T) {
	recs := batch(6000)
	ix := query.NewIndex(recs)
	rng := rand.New(rand.NewPCG(7, 7))
	nonEmpty := 0
	for i := range 500 {
		expr := randomQuery(rng)
		q, err := query.Compile(expr)
		if err != nil {
			t.Fatalf("query %d %q: %v", i, expr, err)
		}
		var want []uint32
		for j, r := range recs {
			if q.Match(r) {
				want = append(want, uint32(j))
			}
		}
		got := ix.Select(q).ToArray()
		if !slices.Equal(want, got) {
			t.Fatalf("query %q: index gives %d rows, scan %d", expr, len(got), len(want))
		}
		if len(want) > 0 && len(want) < len(recs) {
			nonEmpty++
		}
	}
	if nonEmpty < 200 {
		t.Errorf("only %d of 500 random queries selected a proper subset; the test is not exercising much", nonEmpty)
	}
}

func BenchmarkIndex(b *testing.B) {
	recs := batch(200000)
	ix := query.NewIndex(recs)
	for _, expr := range []string{
		"status = 503 and bucket = backups",
		"operation = REST.DELETE.OBJECT and has(error_code)",
		"format = oss and status in (403, 404) and method = GET",
	} {
		q := query.MustCompile(expr)
		name := strings.NewReplacer(" ", "_", "(", "", ")", "", ",", "").Replace(expr)
		b.Run(name+"/index", func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = int(ix.Select(q).GetCardinality())
			}
			b.ReportMetric(float64(n), "rows")
		})
		b.Run(name+"/scan", func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = 0
				for _, r := range recs {
					if q.Match(r) {
						n++
					}
				}
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}
