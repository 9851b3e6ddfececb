package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDedupe: a line delivered twice (in two objects) is dropped by
// --dedupe in cat, report, query and export, and counted; the lines of
// one batch delete, which share a request id, are all kept.
func TestDedupe(t *testing.T) {
	dir := t.TempDir()
	batch := `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE REST.POST.MULTI_OBJECT_DELETE - "POST /photos?delete HTTP/1.1" 200 - 512 512 4 3 "-" "aws-cli/2"
o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg - 204 - - - - - "-" "aws-cli/2"
o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT b.jpg - 204 - - - - - "-" "aws-cli/2"
`
	again := `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg - 204 - - - - - "-" "aws-cli/2"
o photos [17/Nov/2026:09:05:00 +0000] 10.0.0.8 - 9F00000000000001 REST.GET.OBJECT c.jpg "GET /photos/c.jpg HTTP/1.1" 200 - 10 10 1 1 "-" "curl/8"
`
	a, b := filepath.Join(dir, "2026-11-17-10-00-00-A"), filepath.Join(dir, "2026-11-17-11-00-00-B")
	os.WriteFile(a, []byte(batch), 0o644)
	os.WriteFile(b, []byte(again), 0o644)

	out, stderr, status := runCmd(t, "", "cat", "--dedupe", a, b)
	if status != exitOK || strings.Count(out, "\n") != 4 || !strings.Contains(stderr, "1 duplicate records dropped (--dedupe)") {
		t.Errorf("cat --dedupe: status %d, %d records, stderr %s", status, strings.Count(out, "\n"), stderr)
	}
	if out, _, _ := runCmd(t, "", "cat", a, b); strings.Count(out, "\n") != 5 {
		t.Errorf("cat without --dedupe: %d records, want 5", strings.Count(out, "\n"))
	}
	// report counts duplicates by default and keeps them; --dedupe drops
	// them; --count-duplicates=false does neither; with a window, only the
	// records in it count.
	for _, tc := range []struct {
		args                  []string
		reported              int64
		dups, dropped         int64
		dupsAbsent, warnsDups bool
	}{
		{nil, 5, 1, 0, false, true},
		{[]string{"--dedupe"}, 4, 1, 1, false, false},
		{[]string{"--count-duplicates=false"}, 5, 0, 0, true, false},
		// Only the records in the window are counted: the 09:05 one is out.
		{[]string{"--until", "2026-11-17T09:01:00Z"}, 4, 1, 0, false, true},
		{[]string{"--until", "2026-11-17T09:01:00Z", "--dedupe"}, 3, 1, 1, false, false},
	} {
		for _, workers := range []string{"1", "3"} { // copies on one worker and on two
			args := append([]string{"report", "--output", "json", "--workers", workers}, tc.args...)
			rep, stderr, _ := runCmd(t, "", append(args, a, b)...)
			var doc struct {
				Summary struct {
					Reported int64  `json:"records_reported"`
					Dups     *int64 `json:"duplicates"`
					Dropped  int64  `json:"duplicates_dropped"`
				} `json:"summary"`
			}
			if err := json.Unmarshal([]byte(rep), &doc); err != nil {
				t.Fatal(err)
			}
			sum := doc.Summary
			if sum.Reported != tc.reported || sum.Dropped != tc.dropped || (sum.Dups == nil) != tc.dupsAbsent || sum.Dups != nil && *sum.Dups != tc.dups {
				t.Errorf("report %v: %+v (duplicates %v)", tc.args, sum, sum.Dups)
			}
			if got := strings.Contains(stderr, "1 duplicate records found and counted"); got != tc.warnsDups {
				t.Errorf("report %v: stderr %q", tc.args, stderr)
			}
		}
	}
	if out, _, _ := runCmd(t, "", "query", "--dedupe", "* | count by operation", "--output", "csv", a, b); !strings.Contains(out, "BATCH.DELETE.OBJECT,2") {
		t.Errorf("query --dedupe:\n%s", out)
	}
	exp := filepath.Join(dir, "out")
	if _, stderr, _ := runCmd(t, "", "export", "--dedupe", "--to", "jsonl", "--partition", "none", "--out", exp, a, b); !strings.Contains(stderr, "4 rows in") {
		t.Errorf("export --dedupe: %s", stderr)
	}
}
