package query_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// TestCannedQueriesRun: every canned query compiles, aggregates, and runs
// over generated records; names are unique.
func TestCannedQueriesRun(t *testing.T) {
	recs := gen.Batch(4, 3000)
	seen := map[string]bool{}
	for _, c := range query.Canned {
		if seen[c.Name] {
			t.Errorf("canned query %q twice", c.Name)
		}
		seen[c.Name] = true
		q, err := query.Compile(c.Expr)
		if err != nil {
			t.Errorf("@%s: %v", c.Name, err)
			continue
		}
		if !q.Aggregates() {
			t.Errorf("@%s does not aggregate", c.Name)
			continue
		}
		st := q.NewState()
		matched := 0
		for _, r := range recs {
			if q.Match(r) {
				st.Add(r)
				matched++
			}
		}
		t.Logf("@%s: %d records, %d rows", c.Name, matched, len(st.Result().Rows))
		if got, ok := query.CannedByName(c.Name); !ok || got.Expr != c.Expr {
			t.Errorf("CannedByName(%q)", c.Name)
		}
	}
}

// TestCannedQueriesSelect: each audit view takes the records it names
// and leaves the look-alikes.
func TestCannedQueriesSelect(t *testing.T) {
	mk := func(set func(r *parse.Record)) *parse.Record {
		r := &parse.Record{Format: parse.FormatS3}
		r.SetText(parse.Requester, []byte("arn:aws:iam::1:user/a"))
		r.SetText(parse.Operation, []byte("REST.GET.OBJECT"))
		r.SetText(parse.Action, []byte("GetObject"))
		r.SetInt(parse.Status, 200)
		set(r)
		return r
	}
	text := func(f parse.Field, v string) func(*parse.Record) {
		return func(r *parse.Record) { r.SetText(f, []byte(v)) }
	}
	for _, tt := range []struct {
		name      string
		match, no *parse.Record
	}{
		{"anonymous", mk(func(r *parse.Record) { r.Unmark(parse.Requester) }), mk(func(*parse.Record) {})},
		{"sigv2", mk(text(parse.SignatureVersion, "SigV2")), mk(text(parse.SignatureVersion, "SigV4"))},
		{"old-tls", mk(text(parse.TLSVersion, "TLSv1.1")), mk(text(parse.TLSVersion, "TLSv1.2"))},
		{"deletes", mk(text(parse.Action, "DeleteObjects")), mk(text(parse.Action, "GetObject"))},
		{"deleted-keys", mk(func(r *parse.Record) {
			r.SetText(parse.Action, []byte("DeleteObject"))
			r.SetText(parse.Key, []byte("a/b"))
		}), mk(func(r *parse.Record) { r.SetText(parse.Action, []byte("DeleteObjects")); r.Unmark(parse.Key) })},
		{"denied-bursts", mk(func(r *parse.Record) { r.SetInt(parse.Status, 403) }), mk(func(*parse.Record) {})},
		{"bots", mk(text(parse.UserAgent, "Mozilla/5.0 (compatible; Googlebot/2.1)")), mk(text(parse.UserAgent, "Boto3/1.34.69 Botocore/1.34.69"))},
		{"errors", mk(func(r *parse.Record) { r.SetInt(parse.Status, 503) }), mk(func(r *parse.Record) { r.SetInt(parse.Status, 404) })},
	} {
		c, _ := query.CannedByName(tt.name)
		q, err := query.Compile(c.Expr)
		if err != nil {
			t.Fatal(err)
		}
		if !q.Match(tt.match) || q.Match(tt.no) {
			t.Errorf("@%s: match %v, look-alike %v", tt.name, q.Match(tt.match), q.Match(tt.no))
		}
	}
}

// TestMemoField: a filter reading one text field through a glob names it;
// one reading several fields, or only cheap tests, does not.
func TestMemoField(t *testing.T) {
	for _, tc := range []struct {
		expr string
		f    parse.Field
		ok   bool
	}{
		{`user_agent ~~ "*bot*" or user_agent ~ "^curl/"`, parse.UserAgent, true},
		{`not (user_agent ~~ "*bot*") and has(user_agent)`, parse.UserAgent, true},
		{`user_agent ~~ "*bot*" and status = 200`, 0, false},
		{`user_agent = curl`, 0, false},
		{`signature_version = SigV2`, 0, false},
		{`status >= 500`, 0, false},
		{`*`, 0, false},
	} {
		f, ok := query.MustCompile(tc.expr).MemoField()
		if f != tc.f || ok != tc.ok {
			t.Errorf("%s: MemoField() = %v, %v; want %v, %v", tc.expr, f, ok, tc.f, tc.ok)
		}
	}
	c, _ := query.CannedByName("bots")
	if f, ok := query.MustCompile(c.Expr).MemoField(); !ok || f != parse.UserAgent {
		t.Errorf("@bots: MemoField() = %v, %v", f, ok)
	}
}
