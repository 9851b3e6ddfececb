package source_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
	"github.com/bucketlogs/bucketlogs/source"
)

// foldQuery runs q over files with source.Fold, as the command does.
func foldQuery(q *query.Query, inputs []string, workers int, opt source.RunOptions) (*query.Result, parse.Counts, error) {
	st, counts, err := source.Fold(source.Names(inputs, nil, nil), workers, opt, q.NewState, func(st *query.State, r *parse.Record) {
		if q.Match(r) {
			st.Add(r)
		}
	}, (*query.State).Merge)
	return st.Result(), counts, err
}

// writeBatch writes the batch as three files, one per format.
func writeBatch(t *testing.T, recs []*parse.Record) []string {
	dir := t.TempDir()
	bufs := map[parse.Format][]byte{}
	for _, r := range recs {
		bufs[r.Format] = append(gen.Append(bufs[r.Format], r), '\n')
	}
	var names []string
	for f, b := range bufs {
		p := filepath.Join(dir, f.String()+".log")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	return names
}

// TestAggregateParallelEqualsSequential runs queries over files on 1 and 3
// workers and in memory, and wants the same rows every time.
func TestAggregateParallelEqualsSequential(t *testing.T) {
	recs := batch(9000)
	files := writeBatch(t, recs)
	for _, expr := range []string{
		"| count, sum(bytes_sent), avg(total_time_ms), p99(total_time_ms), distinct(remote_ip) by operation",
		"status >= 400 | count by bucket, time(10m) | sort by count desc, bucket | limit 20",
		"method = GET | top(key, 3), max(bytes_sent), min(total_time_ms) by format",
		"remote_ip in 10.0.0.0/8 | sum(bytes_sent) by remote_ip | sort by sum(bytes_sent) desc | limit 5",
	} {
		t.Run(expr, func(t *testing.T) {
			q := query.MustCompile(expr)
			mem := q.NewState()
			for _, r := range recs {
				if q.Match(r) {
					mem.Add(r)
				}
			}
			want := rows(mem.Result())
			for _, workers := range []int{1, 3} {
				res, counts, err := foldQuery(q, files, workers, source.RunOptions{BlockSize: 32 << 10})
				if err != nil || counts.Errors != 0 {
					t.Fatalf("Aggregate: %v %+v", err, counts)
				}
				if diff := cmp.Diff(want, rows(res)); diff != "" {
					t.Errorf("%d workers differ from in-memory (-mem +files):\n%s", workers, diff)
				}
			}
		})
	}
}

func TestAggregateEmptyInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.log")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	q := query.MustCompile("| count, sum(bytes_sent), p99(total_time_ms)")
	res, counts, err := foldQuery(q, []string{empty}, 2, source.RunOptions{})
	if err != nil || counts != (parse.Counts{}) {
		t.Fatalf("%v %+v", err, counts)
	}
	want := [][]string{{"count", "sum(bytes_sent)", "p99(total_time_ms)"}, {"0", "", ""}}
	if diff := cmp.Diff(want, rows(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	q = query.MustCompile("| count by bucket")
	if res, _, _ := foldQuery(q, []string{empty}, 1, source.RunOptions{}); len(res.Rows) != 0 {
		t.Errorf("grouped count over nothing has rows: %v", res.Rows)
	}
}

func batch(n int) []*parse.Record { return gen.Batch(21, n) }

func rows(res *query.Result) [][]string {
	out := [][]string{res.Columns}
	for _, row := range res.Rows {
		var cells []string
		for _, v := range row {
			cells = append(cells, v.String())
		}
		out = append(out, cells)
	}
	return out
}
