package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stable removes what changes from run to run (timing).
var timing = regexp.MustCompile(`"seconds":[0-9.e+-]+`)

func stable(s string) string { return timing.ReplaceAllString(s, `"seconds":0`) }

func TestReportSampleJSON(t *testing.T) {
	stdout, stderr, status := runCmd(t, "", "report", "--sample", "--output", "json", "--workers", "1")
	if status != exitOK {
		t.Fatalf("status %d:\n%s", status, stderr)
	}
	if !strings.Contains(stderr, "built-in sample") {
		t.Errorf("stderr does not say it used the sample:\n%s", stderr)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not one JSON document: %v", err)
	}
	checkGolden(t, "report-sample.golden.json", stable(stdout))

	// More workers, same answer.
	for _, w := range []string{"2", "3"} {
		out, _, _ := runCmd(t, "", "report", "--sample", "--output", "json", "--workers", w)
		if diff := cmp.Diff(stable(stdout), stable(out)); diff != "" {
			t.Errorf("--workers %s differs from 1 (-1 +%s):\n%s", w, w, diff)
		}
	}
}

func TestReportTableAndCSV(t *testing.T) {
	stdout, _, status := runCmd(t, "", "report", "--sample", "--top", "3")
	if status != exitOK {
		t.Fatal(status)
	}
	for _, want := range []string{"By operation", "Top remote_ip by requests", "Latency (ms)", "Traffic per minute", "Slowest requests", "REST.GET.OBJECT"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	stdout, _, _ = runCmd(t, "", "report", "--sample", "--output", "csv")
	var tables []string
	for _, block := range strings.Split(strings.TrimSpace(stdout), "\n\n") {
		cr := csv.NewReader(strings.NewReader(block))
		cr.FieldsPerRecord = -1 // the first row names the table
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("table %q: %v", block[:min(40, len(block))], err)
		}
		tables = append(tables, rows[0][0])
	}
	if len(tables) < 10 || tables[0] != "# summary" || tables[1] != "# by_action" || tables[2] != "# by_operation" {
		t.Errorf("CSV tables: %v", tables)
	}
}

func TestReportSinceUntilAndErrors(t *testing.T) {
	dir := mixedDir(t)
	// The mixed inputs span 2023 to 2025; keep 2024 only.
	stdout, stderr, status := runCmd(t, "", "report", "--output", "json", "--since", "2024-01-01", "--until", "2025-01-01", dir)
	if status != exitMalformed {
		t.Errorf("status %d, want %d for the malformed line", status, exitMalformed)
	}
	if !strings.Contains(stderr, "2024-06-01-12-00-00-S3.log:4:") {
		t.Errorf("malformed line not reported:\n%s", stderr)
	}
	var doc struct {
		Summary struct {
			Records         int64  `json:"records"`
			RecordsReported int64  `json:"records_reported"`
			First           string `json:"first"`
			Last            string `json:"last"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	// 14 records: 2 s3 from 2023 and 2025, the rest in 2024.
	got := doc.Summary
	if got.Records != 14 || got.RecordsReported != 12 || got.First != "2024-01-03T08:50:00Z" || got.Last != "2024-06-02T03:15:22Z" {
		t.Errorf("summary = %+v", got)
	}
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"report", "--since", "someday"},
		{"report", "--output", "xml"},
		{"report", "--interval", "week"},
		{"report", "--workers", "-1"},
		{"report", "--workers", "100000"},
		{"report", "--sample", "x.log"},
	} {
		if _, _, status := runCmd(t, "", args...); status != exitUsage {
			t.Errorf("%v: status %d, want %d", args, status, exitUsage)
		}
	}
}

// TestReportPrunesByObjectName: with --since/--until, files whose names
// carry a delivery time that cannot hold a record of the window are not
// read, and the answer is the one reading everything gives.
func TestReportPrunesByObjectName(t *testing.T) {
	dir := t.TempDir()
	for name, day := range map[string]string{
		"2026-11-16-10-00-00-A1B2": "16", // delivered before the window
		"2026-11-17-10-00-00-C3D4": "17",
		"2026-11-18-03-00-00-E5F6": "17", // late delivery of the 17th
		"2026-11-18-10-00-00-A7B8": "18", // past until + --late
		"other-name.log":           "17", // no time in the name: always read
	} {
		line := strings.Replace(goodLine, "17/Nov/2026:09:00:00", day+"/Nov/2026:09:00:00", 1)
		if day == "17" && strings.HasPrefix(name, "2026-11-18") {
			line = strings.Replace(goodLine, "17/Nov/2026:09:00:00", "17/Nov/2026:23:59:00", 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	records := func(args ...string) (int, string) {
		out, errs, status := runCmd(t, "", append([]string{"report", "--output", "json", "--quiet"}, args...)...)
		var rep struct {
			Summary struct {
				Inputs          int `json:"inputs"`
				RecordsReported int `json:"records_reported"`
			} `json:"summary"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || status != exitOK {
			t.Fatalf("report %v: %v, status %d\n%s", args, err, status, errs)
		}
		return rep.Summary.RecordsReported*100 + rep.Summary.Inputs, errs
	}
	window := []string{"--since", "2026-11-17", "--until", "2026-11-18", dir}
	pruned, errs := records(window...)
	if pruned != 3*100+3 || !strings.Contains(errs, "2 inputs not read") {
		t.Errorf("pruned run: %d records, %d inputs; stderr:\n%s", pruned/100, pruned%100, errs)
	}
	all, _ := records(append([]string{"--late", "100000h"}, window...)...)
	if all/100 != pruned/100 {
		t.Errorf("pruning changed the answer: %d records, %d reading more", pruned/100, all/100)
	}
}
