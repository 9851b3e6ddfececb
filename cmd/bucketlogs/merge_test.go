package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMergeEqualsWhole: partials of disjoint inputs, merged, print the
// document one run over all the inputs prints (elapsed time aside), for
// report and for an aggregating query, in every output.
func TestMergeEqualsWhole(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{"testdata/mixed-s3.log", "testdata/mixed-oss.log", "testdata/mixed-yandex.json"}
	for _, tt := range []struct {
		name string
		run  []string // the command before its inputs
	}{
		{"report", []string{"report", "--top", "3", "--workers", "2"}},
		{"report-audit", []string{"report", "--audit", "--top", "3", "--workers", "2"}},
		{"query", []string{"query", "* | count, sum(bytes_sent), p99(total_time_ms), distinct(remote_ip), top(key, 2) by format, status | sort by count desc"}},
	} {
		var parts []string
		for i, in := range inputs {
			p := filepath.Join(dir, tt.name+"-"+string(rune('a'+i))+".partial")
			if _, stderr, status := runCmd(t, "", append(append(tt.run, "--partial", p), in)...); status == exitUsage {
				t.Fatalf("%s --partial %s: %s", tt.name, in, stderr)
			}
			parts = append(parts, p)
		}
		for _, out := range []string{"json", "csv", "table"} {
			want, _, _ := runCmd(t, "", append(append(tt.run, "--output", out), inputs...)...)
			got, stderr, status := runCmd(t, "", append([]string{"merge", "--output", out, "--top", "3"}, parts...)...)
			if status != exitOK {
				t.Fatalf("merge: status %d: %s", status, stderr)
			}
			if strings.HasPrefix(tt.name, "report") && out != "json" {
				// The table and CSV show the elapsed time too.
				want, got = dropSeconds(want), dropSeconds(got)
			}
			if diff := cmp.Diff(stable(want), stable(got)); diff != "" {
				t.Errorf("%s --output %s: merge differs from one run (-run +merge):\n%s", tt.name, out, diff)
			}
		}
	}
}

// dropSeconds removes the lines that hold the elapsed time: a table's
// "seconds" line, a CSV header naming it and the row under it.
func dropSeconds(s string) string {
	var keep []string
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.Contains(lines[i], "seconds") {
			if strings.Contains(lines[i], ",") {
				i++
			}
			continue
		}
		keep = append(keep, lines[i])
	}
	return strings.Join(keep, "\n")
}

// TestMergeRefuses: a file that is not a partial, one cut short, one
// altered, one of another version, and partials of different kinds or
// queries are refused with exit 2, nothing merged.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.partial")
	if _, stderr, status := runCmd(t, "", "report", "--partial", good, "testdata/mixed-s3.log"); status == exitUsage {
		t.Fatal(stderr)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	altered := append([]byte(nil), b...)
	altered[len(altered)/2] ^= 0x40
	version := append([]byte(nil), b...)
	version[8] = 9
	q1 := filepath.Join(dir, "q1.partial")
	q2 := filepath.Join(dir, "q2.partial")
	runCmd(t, "", "query", "--partial", q1, "* | count by operation", "testdata/mixed-s3.log")
	runCmd(t, "", "query", "--partial", q2, "* | count by bucket", "testdata/mixed-s3.log")
	for _, tt := range []struct {
		files []string
		msg   string
	}{
		{[]string{good, "testdata/mixed-s3.log"}, "testdata/mixed-s3.log: not a bucketlogs partial file (no magic); nothing merged"},
		{[]string{write("cut.partial", b[:len(b)-10])}, "cut.partial: partial file cut short; nothing merged"},
		{[]string{good, write("altered.partial", altered)}, "altered.partial: partial file altered or damaged (checksum mismatch); nothing merged"},
		{[]string{write("v9.partial", version)}, "v9.partial: partial file of version 9, this build reads version 2"},
		{[]string{good, q1}, "q1.partial: a query partial among report partials; nothing merged"},
		{[]string{q1, q2}, `q2.partial: a partial of query "* | count by bucket" among partials of "* | count by operation"; nothing merged`},
		{nil, "bucketlogs merge: no FILE given"},
	} {
		stdout, stderr, status := runCmd(t, "", append([]string{"merge"}, tt.files...)...)
		if status != exitUsage || stdout != "" || !strings.Contains(stderr, tt.msg) {
			t.Errorf("merge %v: status %d, stdout %q, stderr %q; want 2 and %q", tt.files, status, stdout, stderr, tt.msg)
		}
	}
	if _, stderr, status := runCmd(t, "", "query", "--partial", filepath.Join(dir, "x"), "status = 200", "testdata/mixed-s3.log"); status != exitUsage || !strings.Contains(stderr, "--partial needs an aggregating query") {
		t.Errorf("query --partial of records: %d %s", status, stderr)
	}
}
