package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/query"
)

// realisticQueries run over the built-in sample; their outputs are golden.
var realisticQueries = []struct{ name, expr, output string }{
	{"errors-by-operation", "status >= 400 | count, p99(total_time_ms) by operation | sort by count desc, operation | limit 8", "table"},
	{"egress-private-ips", "remote_ip in 10.0.0.0/8 | sum(bytes_sent), count by remote_ip | sort by sum(bytes_sent) desc | limit 5", "json"},
	{"deletes", "operation in (REST.DELETE.OBJECT, DeleteObject) and status = 2xx | sort by time | limit 5", "csv"},
	{"hourly-5xx", "status = 5xx | count by format, time(30m)", "csv"},
	{"slow-gets-ipv6", "method = GET and remote_ip in 2001:db8::/32 and total_time_ms > 100 | count, max(total_time_ms), top(bucket, 2)", "table"},
	{"keys-by-prefix", "key ~ \"images/*\" and not has(error_code) | distinct(key), avg(object_size) by bucket", "table"},
	{"curl-agents", "user_agent =~ \"(?i)^curl/\" | count by user_agent", "json"},
	{"window", "time >= 2026-11-01T00:10:00Z and time < 2026-11-01T00:11:00Z | count by format", "table"},
}

func TestQueryGolden(t *testing.T) {
	for _, q := range realisticQueries {
		t.Run(q.name, func(t *testing.T) {
			stdout, stderr, status := runCmd(t, "", "query", "--sample", "--output", q.output, q.expr)
			if status != exitOK {
				t.Fatalf("status %d:\n%s", status, stderr)
			}
			checkGolden(t, "query-"+q.name+".golden", "# "+q.expr+"\n"+stdout)
		})
	}
}

func TestQueryWorkersAgree(t *testing.T) {
	expr := "| count, sum(bytes_sent), p90(total_time_ms), distinct(remote_ip) by bucket, time(10m)"
	one, _, _ := runCmd(t, "", "query", "--sample", "--output", "json", "--workers", "1", expr)
	two, _, _ := runCmd(t, "", "query", "--sample", "--output", "json", "--workers", "2", expr)
	if one != two || len(one) < 100 {
		t.Errorf("1 and 2 workers differ or are empty:\n%s\n%s", one, two)
	}
}

func TestQueryErrors(t *testing.T) {
	_, stderr, status := runCmd(t, "", "query", "status = 5xx and bukcet = x")
	if status != exitUsage || !strings.Contains(stderr, "unknown field \"bukcet\"") || !strings.Contains(stderr, "\n                   ^") {
		t.Errorf("status %d, stderr:\n%s", status, stderr)
	}
	for _, args := range [][]string{
		{"query"},
		{"query", "--output", "table", "status = 200"}, // records are jsonl or csv
		{"query", "--output", "jsonl", "| count"},
		{"query", "--workers", "-1", "| count"},
		{"query", "--workers", "100000", "| count"},
		{"query", "--max-window", "lots", "| count"},
	} {
		if _, _, status := runCmd(t, "", args...); status != exitUsage {
			t.Errorf("%v: status %d, want %d", args, status, exitUsage)
		}
	}
}

func TestQueryRecords(t *testing.T) {
	dir := mixedDir(t)
	stdout, stderr, status := runCmd(t, "", "query", "format = oss or status = 404", dir)
	if status != exitMalformed { // the malformed line in the mixed inputs
		t.Errorf("status %d\n%s", status, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 3 {
		t.Errorf("%d records, want the 3 oss ones:\n%s", n, stdout)
	}
	stdout, _, _ = runCmd(t, "", "query", "--output", "csv", "has(extra)", dir)
	if n := strings.Count(stdout, "\n"); n != 2 || !strings.Contains(stdout, ",appended-1\n") {
		t.Errorf("csv: %d lines, want a header and the oss record with an extra field:\n%s", n, stdout)
	}
}

// TestQueryMemoryBudgetAndJSONArray: a grouping past --max-memory stops
// with exit 2 and advice; --output json prints records as one JSON array.
func TestQueryMemoryBudgetAndJSONArray(t *testing.T) {
	var in strings.Builder
	for i := range 20000 {
		in.WriteString(strings.Replace(goodLine, " A1 ", fmt.Sprintf(" REQ%06d ", i), 1))
	}
	_, errs, status := runCmd(t, in.String(), "query", "| count by request_id", "-", "--max-memory", "1MiB")
	if status != exitUsage || !strings.Contains(errs, `the stage "count by request_id" needs more than the memory budget of 1.0 MiB`) || !strings.Contains(errs, "raise --max-memory") {
		t.Errorf("status %d, stderr:\n%s", status, errs)
	}
	out, errs, status := runCmd(t, in.String(), "query", "| count by request_id", "-")
	if status != exitOK || strings.Count(out, "\n") < 20000 {
		t.Errorf("within the default budget: status %d, %d lines, stderr:\n%s", status, strings.Count(out, "\n"), errs)
	}
	_, errs, status = runCmd(t, in.String(), "query", "* | sort by request_id", "--max-memory", "1MiB", "-")
	if status != exitUsage || !strings.Contains(errs, "limit N") {
		t.Errorf("unlimited sort: status %d, stderr:\n%s", status, errs)
	}
	out, _, status = runCmd(t, in.String(), "query", "* | sort by request_id desc | limit 2 | fields request_id", "--max-memory", "1MiB", "--output", "json", "-")
	var got []map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil || status != exitOK {
		t.Fatalf("--output json: %v, status %d:\n%s", err, status, out)
	}
	want := []map[string]string{{"request_id": "REQ019999"}, {"request_id": "REQ019998"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	out, _, _ = runCmd(t, "", "query", "status = 999", "--output", "json", "-")
	if strings.TrimSpace(out) != "[\n]" {
		t.Errorf("empty array: %q", out)
	}
}

// TestCannedQueries: --list names every ready-made query, each runs as
// @NAME, and an unknown name is a usage error.
func TestCannedQueries(t *testing.T) {
	list, _, status := runCmd(t, "", "query", "--list")
	if status != exitOK {
		t.Fatal(status)
	}
	for _, c := range query.Canned {
		if !strings.Contains(list, "@"+c.Name+"\n  "+c.Doc+"\n  "+c.Expr+"\n") {
			t.Errorf("--list lacks @%s", c.Name)
		}
		out, stderr, status := runCmd(t, "", "query", "@"+c.Name, "--sample", "--output", "json")
		want, _, _ := runCmd(t, "", "query", c.Expr, "--sample", "--output", "json")
		if status != exitOK || out != want {
			t.Errorf("@%s: status %d, %s\n%s", c.Name, status, stderr, out)
		}
	}
	if _, stderr, status := runCmd(t, "", "query", "@nope", "--sample"); status != exitUsage || !strings.Contains(stderr, `no ready-made query "@nope"`) {
		t.Errorf("@nope: %d %s", status, stderr)
	}
}
