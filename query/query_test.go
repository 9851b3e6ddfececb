package query_test

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// corpus is a handful of readable records, each named by its request_id.
func corpus() []*parse.Record {
	mk := func(format parse.Format, id string, set func(r *parse.Record)) *parse.Record {
		r := &parse.Record{Format: format}
		r.SetText(parse.RequestID, []byte(id))
		set(r)
		return r
	}
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	txt := func(r *parse.Record, f parse.Field, v string) { r.SetText(f, []byte(v)) }
	return []*parse.Record{
		mk(parse.FormatS3, "A", func(r *parse.Record) {
			r.SetTime(at("2026-11-17T10:00:00Z"))
			txt(r, parse.Operation, "REST.GET.OBJECT")
			txt(r, parse.Method, "GET")
			txt(r, parse.Bucket, "logs")
			txt(r, parse.Key, "logs/2026-11-01/a.gz")
			txt(r, parse.RemoteIP, "10.1.2.3")
			txt(r, parse.Requester, "arn:aws:iam::1:user/alice")
			txt(r, parse.UserAgent, "curl/8.5.0")
			r.SetInt(parse.Status, 200)
			r.SetInt(parse.BytesSent, 100)
			r.SetInt(parse.TotalTimeMS, 5)
		}),
		mk(parse.FormatS3, "B", func(r *parse.Record) {
			r.SetTime(at("2026-11-17T23:30:00-05:00")) // 04:30 on the 18th in UTC
			txt(r, parse.Operation, "REST.DELETE.OBJECT")
			txt(r, parse.Method, "DELETE")
			txt(r, parse.Bucket, "photos")
			txt(r, parse.Key, "photos/x.jpg")
			txt(r, parse.RemoteIP, "192.168.1.5")
			txt(r, parse.Requester, "arn:aws:iam::1:user/alice")
			r.SetInt(parse.Status, 204)
			r.SetInt(parse.TotalTimeMS, 12)
		}),
		mk(parse.FormatOSS, "C", func(r *parse.Record) {
			r.SetTime(at("2026-11-16T12:00:00+08:00"))
			txt(r, parse.Operation, "GetObject")
			txt(r, parse.Method, "GET")
			txt(r, parse.Bucket, "photos")
			txt(r, parse.Key, "photos/y.jpg")
			txt(r, parse.RemoteIP, "2001:db8::5")
			txt(r, parse.UserAgent, "Mozilla/5.0 (compatible; CURL-like)")
			txt(r, parse.ErrorCode, "NoSuchKey")
			r.SetInt(parse.Status, 404)
			r.SetInt(parse.BytesSent, 300)
			r.SetInt(parse.TotalTimeMS, 7)
		}),
		mk(parse.FormatYandex, "D", func(r *parse.Record) {
			r.SetTime(at("2026-11-17T10:20:00Z"))
			txt(r, parse.Operation, "REST.PUT.OBJECT")
			txt(r, parse.Method, "PUT")
			txt(r, parse.Bucket, "logs")
			txt(r, parse.Key, "logs/2026-12-01/b.gz")
			txt(r, parse.RemoteIP, "10.200.0.1")
			r.SetInt(parse.Status, 503)
			r.SetInt(parse.TotalTimeMS, 2500)
		}),
		mk(parse.FormatS3, "E", func(r *parse.Record) {
			r.SetTime(at("2026-11-18T01:00:00Z"))
			txt(r, parse.Operation, "S3.EXPIRE.OBJECT")
			txt(r, parse.Bucket, "logs")
			txt(r, parse.Key, "logs/old.gz")
			txt(r, parse.Requester, "AmazonS3")
		}),
	}
}

func matching(t *testing.T, expr string) string {
	t.Helper()
	q, err := query.Compile(expr)
	if err != nil {
		t.Fatalf("Compile(%q): %v", expr, err)
	}
	var ids []string
	for _, r := range corpus() {
		if q.Match(r) {
			ids = append(ids, string(r.RequestID))
		}
	}
	return strings.Join(ids, " ")
}

func TestFilter(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"*", "A B C D E"},
		{"", "A B C D E"},
		{"method = GET", "A C"},
		{"method != GET", "B D"}, // absent method (E) is not "!= GET"
		{"not method = GET", "B D E"},
		{"status >= 400", "C D"},
		{"status < 300", "A B"},
		{"status <= 204 and status > 200", "B"},
		{"status = 5xx", "D"},
		{"status != 2xx", "C D"},
		{"status in (2xx, 404)", "A B C"},
		{"status not in (200, 204)", "C D"},
		{"bucket in (logs, \"photos\")", "A B C D E"},
		{"operation in (REST.GET.OBJECT, GetObject)", "A C"},
		{"key ~ \"logs/2026-*\"", "A D"},
		{"key ~ 'photos/?.jpg'", "B C"},
		{"key ~ logs/*.gz", "A D E"},
		{"user_agent =~ \"(?i)curl\"", "A C"},
		{"user_agent !~ \"^curl\"", "C"},
		{"remote_ip in 10.0.0.0/8", "A D"},
		{"remote_ip in (192.168.0.0/16, 2001:db8::/32)", "B C"},
		{"remote_ip in 10.1.0.0/16", "A"},
		{"has(error_code)", "C"},
		{"not has(requester)", "C D"},
		{"has(status) and not has(bytes_sent)", "B D"},
		{"format = oss or format = yandex", "C D"},
		{"format in (s3)", "A B E"},
		{"time >= 2026-11-17 and time < 2026-11-18", "A D"},
		{"time >= 2026-11-18T04:30:00Z", "B"},
		{"time <= \"2026-11-16T05:00:00+01:00\"", "C"},
		{"time > 2026-11-17T09:00:00", "A B D E"},
		{"(method = GET or method = PUT) and bucket = logs", "A D"},
		{"method = GET or method = PUT and bucket = logs", "A C D"}, // and binds tighter
		{"NOT (status = 2xx) AND has(status)", "C D"},
		{"requester = \"arn:aws:iam::1:user/alice\" and method = DELETE", "B"},
		{"bytes_sent > 150", "C"},
		{"total_time_ms > 1000", "D"},
		{"key > photos/x", "B C"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if got := matching(t, tt.expr); got != tt.want {
				t.Errorf("%q matches %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		expr string // § marks the offset the error must point at
		msg  string
	}{
		{"§nosuchfield = 1", "unknown field"},
		{"status = §abc", "whole number"},
		{"status §+ 1", "expected an operator"},
		{"method = GET §method = PUT", "expected 'and', 'or', '|'"},
		{"(method = GET§", "expected ')'"},
		{"key =~ §\"(\"", "invalid regular expression"},
		{"remote_ip in (§10.0.0.0/33)", "address range"},
		{"time > §yesterday", "relative to now"},
		{"time > §someday", "expected a time"},
		{"bytes_sent > §1XB", "such as 1000, 1.5GB"},
		{"status = §2s", "whole number for status"},
		{"| rate§", "expected '(' and a filter"},
		{"§'unterminated", "unterminated string"},
		{"status §~ \"2*\"", "not a text field"},
		{"| §frobnicate(x)", "expected an aggregation"},
		{"| count by §nofield", "unknown field"},
		{"| sum(§key)", "numeric field"},
		{"| count | sort by §p99(total_time_ms)", "no column"},
		{"| count by time(§1x)", "whole number of seconds"},
		{"| limit §-1", "expected a number"},
		{"| top(key, §10001)", "at most 10000"},
		{strings.Repeat("(", query.MaxDepth) + "§(status = 1" + strings.Repeat(")", query.MaxDepth+1), "nested more than 1000"},
		{strings.Repeat("not ", query.MaxDepth) + "§not status = 1", "nested more than 1000"},
		{"§extra = x", "has(extra)"},
		{"status = 200 | count | §count", "expected 'sort' or 'limit'"},
		{"status §& 2", "expected an operator"},
		{"status = §\x00", "unexpected character"},
		{"has(§)", "field name"},
		{"status in (200 §200)", "expected ',' or ')'"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			want := strings.Index(tt.expr, "§")
			expr := strings.Replace(tt.expr, "§", "", 1)
			_, err := query.Compile(expr)
			var se *query.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Compile(%q) = %v, want a *SyntaxError", expr, err)
			}
			if se.Offset != want || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("Compile(%q): offset %d %q; want offset %d and %q\n%s", expr, se.Offset, se.Msg, want, tt.msg, se.Caret())
			}
		})
	}
}

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

func aggregate(t *testing.T, expr string) [][]string {
	t.Helper()
	q, err := query.Compile(expr)
	if err != nil {
		t.Fatal(err)
	}
	st := q.NewState()
	for _, r := range corpus() {
		if q.Match(r) {
			st.Add(r)
		}
	}
	return rows(st.Result())
}

func TestStats(t *testing.T) {
	tests := []struct {
		expr string
		want [][]string
	}{
		{"| count", [][]string{{"count"}, {"5"}}},
		{"status = 9xx | count", [][]string{{"count"}, {"0"}}},
		{"| count, sum(bytes_sent), max(total_time_ms) by bucket", [][]string{
			{"bucket", "count", "sum(bytes_sent)", "max(total_time_ms)"},
			{"logs", "3", "100", "2500"},
			{"photos", "2", "300", "12"},
		}},
		{"| count by format | sort by count desc", [][]string{{"format", "count"}, {"s3", "3"}, {"oss", "1"}, {"yandex", "1"}}},
		{"| avg(total_time_ms), min(total_time_ms), p50(total_time_ms), p99(total_time_ms)", [][]string{
			{"avg(total_time_ms)", "min(total_time_ms)", "p50(total_time_ms)", "p99(total_time_ms)"},
			{"631", "5", "7", "2500"},
		}},
		{"| count by method", [][]string{{"method", "count"}, {"", "1"}, {"DELETE", "1"}, {"GET", "2"}, {"PUT", "1"}}},
		{"| count by time(24h)", [][]string{{"time", "count"},
			{"2026-11-16T00:00:00Z", "1"}, {"2026-11-17T00:00:00Z", "2"}, {"2026-11-18T00:00:00Z", "2"}}},
		{"has(status) | count by bucket, time(1h) | sort by count desc, bucket | limit 2", [][]string{{"bucket", "time", "count"},
			{"logs", "2026-11-17T10:00:00Z", "2"}, {"photos", "2026-11-16T04:00:00Z", "1"}}},
		{"| distinct(bucket), distinct(status), top(bucket, 1)", [][]string{{"distinct(bucket)", "distinct(status)", "top(bucket, 1)"}, {"2", "4", "logs=3"}}},
		{"| sum(bytes_sent) by remote_ip | sort by sum(bytes_sent) desc | limit 1", [][]string{{"remote_ip", "sum(bytes_sent)"}, {"2001:db8::5", "300"}}},
		{"has(requester) | count by requester", [][]string{{"requester", "count"}, {"AmazonS3", "1"}, {"arn:aws:iam::1:user/alice", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, aggregate(t, tt.expr)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecordsSortAndLimit(t *testing.T) {
	q := query.MustCompile("has(status) | sort by total_time_ms desc | limit 3")
	var got []string
	for _, r := range q.SortRecords(corpus()) {
		got = append(got, string(r.RequestID))
	}
	if diff := cmp.Diff([]string{"D", "B", "C"}, got); diff != "" {
		t.Error(diff)
	}
	// Limit without sort stops the stream early.
	q = query.MustCompile("* | limit 2")
	n := 0
	for range q.Filter(func(yield func(*parse.Record, error) bool) {
		for _, r := range corpus() {
			if !yield(r, nil) {
				return
			}
		}
	}) {
		n++
	}
	if n != 2 {
		t.Errorf("limit 2 yielded %d", n)
	}
}

// TestSumSaturates: a sum past int64 stays at its maximum, in one state and
// across a merge, rather than wrapping to a negative number.
func TestSumSaturates(t *testing.T) {
	q := query.MustCompile("| sum(bytes_sent), avg(bytes_sent), count")
	var r parse.Record
	r.SetInt(parse.BytesSent, math.MaxInt64)
	a, b := q.NewState(), q.NewState()
	a.Add(&r)
	a.Add(&r)
	b.Add(&r)
	a.Merge(b)
	want := [][]string{{"sum(bytes_sent)", "avg(bytes_sent)", "count"}, {"9223372036854775807", "3074457345618258602.5", "3"}}
	got := rows(a.Result())
	if diff := cmp.Diff(want[0], got[0]); diff != "" || got[1][0] != want[1][0] {
		t.Errorf("sum = %v, want %v", got, want)
	}
}

// TestLongChains: chains of and/or as long as a generated block list
// compile and match without recursion (no stack overflow), and a nesting of
// ten million parentheses is refused, not a crash.
func TestLongChains(t *testing.T) {
	var b strings.Builder
	for i := range 100000 {
		if i > 0 {
			b.WriteString(" or ")
		}
		fmt.Fprintf(&b, "status = %d", 100000+i)
	}
	b.WriteString(" or status = 200")
	q, err := query.Compile(b.String())
	if err != nil {
		t.Fatal(err)
	}
	var r parse.Record
	r.SetInt(parse.Status, 200)
	if !q.Match(&r) {
		t.Error("the last term of the chain did not match")
	}
	deep := strings.Repeat("(", 10_000_000) + "status = 1" + strings.Repeat(")", 10_000_000)
	if _, err := query.Compile(deep); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("Compile of 10M parentheses: %v", err)
	}
}

// TestLanguageAdditions: units in literals, relative times, case-insensitive
// methods and ~~, decoded keys, count(FILTER) and rate(FILTER), min and max
// of time, day and week buckets, and the fields stage.
func TestLanguageAdditions(t *testing.T) {
	mk := func(method, key string, status, bytes, ms int64, at string) *parse.Record {
		var r parse.Record
		r.Format = parse.FormatS3
		r.SetText(parse.Method, []byte(method))
		r.SetText(parse.Key, []byte(key))
		r.SetInt(parse.Status, status)
		r.SetInt(parse.BytesSent, bytes)
		r.SetInt(parse.TotalTimeMS, ms)
		tm, _ := time.Parse(time.RFC3339, at)
		r.SetTime(tm)
		return &r
	}
	recs := []*parse.Record{
		mk("GET", "user%20uploads/a.jpg", 200, 2_000_000_000, 3000, "2026-11-16T10:00:00Z"), // a Monday
		mk("get", "logs/b.txt", 503, 100, 20, "2026-11-17T10:00:00Z"),
		mk("PUT", "User%20Uploads/c.png", 500, 1500, 2500, "2026-11-23T09:00:00Z"),
	}
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	filters := []struct{ expr, want string }{
		{"bytes_sent > 1GB", "0"},
		{"bytes_sent >= 1.5kB and bytes_sent < 2KiB", "2"},
		{"total_time_ms > 2s", "0 2"},
		{"total_time_ms in (20ms, 3s)", "0 1"},
		{"method = GET", "0 1"},
		{"method in (get)", "0 1"},
		{"key ~~ \"user%20uploads/*\"", "0 2"},
		{"key_decoded ~ \"user uploads/*\"", "0"},
		{"key_decoded = \"logs/b.txt\"", "1"},
		{"time >= yesterday and time < today", "1"},
		{"time >= 48h", "1 2"},
		{"time < -2d", "0"},
	}
	for _, tt := range filters {
		q, err := query.CompileAt(tt.expr, now)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		var got []string
		for i, r := range recs {
			if q.Match(r) {
				got = append(got, strconv.Itoa(i))
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: matched %q, want %q", tt.expr, g, tt.want)
		}
	}
	aggs := []struct {
		expr string
		want [][]string
	}{
		{"| count, count(status >= 500), rate(status >= 500)", [][]string{
			{"count", "count(status >= 500)", "rate(status >= 500)"}, {"3", "2", "0.6666666666666666"}}},
		{"| min(time), max(time)", [][]string{{"min(time)", "max(time)"}, {"2026-11-16T10:00:00Z", "2026-11-23T09:00:00Z"}}},
		{"| count by time(1w)", [][]string{{"time", "count"}, {"2026-11-16T00:00:00Z", "2"}, {"2026-11-23T00:00:00Z", "1"}}},
		{"| count by time(1d) | sort by count desc | limit 1", [][]string{{"time", "count"}, {"2026-11-16T00:00:00Z", "1"}}},
		{"| rate(method = get) by key_decoded | sort by rate(method = get) desc, key_decoded | limit 2", [][]string{
			{"key_decoded", "rate(method = get)"}, {"logs/b.txt", "1"}, {"user uploads/a.jpg", "1"}}},
	}
	for _, tt := range aggs {
		q := query.MustCompile(tt.expr)
		st := q.NewState()
		for _, r := range recs {
			st.Add(r)
		}
		if diff := cmp.Diff(tt.want, rows(st.Result())); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.expr, diff)
		}
	}
	q := query.MustCompile("status >= 500 | fields time, key, format | limit 1")
	if got := fmt.Sprint(q.Fields()); got != "[time key format]" {
		t.Errorf("Fields() = %s", got)
	}
}

// TestStateWire: states of parts of the input, marshaled and read back
// (as partial files from many machines are), merge into the answer over
// the whole; a state of another query is refused.
func TestStateWire(t *testing.T) {
	recs := gen.Batch(11, 6000)
	for _, expr := range []string{
		"* | count, sum(bytes_sent), min(total_time_ms), max(object_size), avg(total_time_ms) by operation, time(1h)",
		"status >= 400 | count, p50(total_time_ms), p99(total_time_ms), distinct(remote_ip), top(key, 5) by format, status",
		"* | count",
	} {
		q, err := query.Compile(expr)
		if err != nil {
			t.Fatal(err)
		}
		whole := q.NewState()
		parts := []*query.State{q.NewState(), q.NewState(), q.NewState()}
		for i, r := range recs {
			if q.Match(r) {
				whole.Add(r)
				parts[i%3].Add(r)
			}
		}
		merged := q.NewState()
		for _, p := range parts {
			b, err := p.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back := q.NewState()
			if err := back.UnmarshalBinary(b); err != nil {
				t.Fatalf("%s: %v", expr, err)
			}
			merged.Merge(back)
		}
		if diff := cmp.Diff(whole.Result(), merged.Result(), cmp.AllowUnexported(query.Value{})); diff != "" {
			t.Errorf("%s: merged partials differ from the whole (-whole +merged):\n%s", expr, diff)
		}
	}
	a, _ := query.Compile("* | count by operation")
	b, _ := query.Compile("* | count by bucket")
	data, _ := a.NewState().MarshalBinary()
	var me *query.StateMismatchError
	if err := b.NewState().UnmarshalBinary(data); !errors.As(err, &me) || me.Got != "count by operation" {
		t.Errorf("a state of another query: %v", err)
	}
}
