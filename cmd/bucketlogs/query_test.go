package main

import (
	"strings"
	"testing"
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
