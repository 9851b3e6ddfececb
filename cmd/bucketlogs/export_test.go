package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/duckdbtest"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

// exportInput writes three days of s3 lines, with a bad line and absent
// statuses, beside the mixed test inputs, and returns the paths.
func exportInput(t *testing.T) []string {
	dir := t.TempDir()
	var b []byte
	start := time.Date(2026, 11, 16, 22, 0, 0, 0, time.UTC)
	g := gen.New(12)
	var r parse.Record
	for i := range 5000 {
		g.Next(&r, parse.FormatS3)
		r.SetTime(start.Add(time.Duration(i) * 40 * time.Second))
		if i%500 == 0 {
			r.Unmark(parse.Status)
		}
		b = append(gen.Append(b, &r), '\n')
		if i == 77 {
			b = append(b, "not a line\n"...)
		}
	}
	p := filepath.Join(dir, "days.log")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{p, "testdata/mixed-s3.log", "testdata/mixed-oss.log", "testdata/mixed-yandex.json"}
}

// TestExportReadByDuckDB exports Parquet and reads it back with DuckDB:
// the row count, sum of bytes_sent, distinct remote_ip, NULL statuses,
// column types and partition values are those report and query give on
// the same input.
func TestExportReadByDuckDB(t *testing.T) {
	inputs := exportInput(t)
	out := filepath.Join(t.TempDir(), "export")
	_, stderr, status := runCmd(t, "", append([]string{"export", "--to", "parquet", "--out", out, "--workers", "2"}, inputs...)...)
	if status != exitMalformed || !strings.Contains(stderr, "days.log:79:") {
		t.Fatalf("export: status %d (want 1: a bad line, reported), stderr:\n%s", status, stderr)
	}
	repJSON, _, _ := runCmd(t, "", append([]string{"report", "--output", "json"}, inputs...)...)
	var rep struct {
		Summary  struct{ Records int64 } `json:"summary"`
		ByFormat []struct {
			BytesSent int64 `json:"bytes_sent"`
		} `json:"by_format"`
		Statuses []struct {
			Status   any   `json:"status"`
			Requests int64 `json:"requests"`
		} `json:"statuses"`
		Distinct []struct {
			Of    string `json:"of"`
			Count int64  `json:"count"`
		} `json:"distinct"`
	}
	if err := json.Unmarshal([]byte(repJSON), &rep); err != nil {
		t.Fatal(err)
	}
	var sent, nullStatus, ips int64
	for _, f := range rep.ByFormat {
		sent += f.BytesSent
	}
	for _, s := range rep.Statuses {
		if s.Status == "-" {
			nullStatus = s.Requests
		}
	}
	for _, d := range rep.Distinct {
		if strings.HasPrefix(d.Of, "remote_ip") {
			ips += d.Count
		}
	}
	glob := fmt.Sprintf("read_parquet('%s/**/*.parquet', hive_partitioning = true)", out)
	got := duckdbtest.Query(t, "SELECT count(*) AS n, sum(bytes_sent) AS sent, count(DISTINCT remote_ip) AS ips, count(*) FILTER (WHERE status IS NULL) AS null_status FROM "+glob)
	want := []map[string]any{{
		"n": fmt.Sprint(rep.Summary.Records), "sent": fmt.Sprint(sent), "ips": fmt.Sprint(ips), "null_status": fmt.Sprint(nullStatus),
	}}
	if diff := cmp.Diff(want, got); diff != "" || nullStatus < 10 {
		t.Errorf("DuckDB against report (-report +duckdb):\n%s", diff)
	}

	types := map[string]string{}
	for _, r := range duckdbtest.Query(t, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+glob+")") {
		types[r["column_name"].(string)] = r["column_type"].(string)
	}
	for col, typ := range map[string]string{"time": "TIMESTAMP WITH TIME ZONE", "status": "BIGINT", "bytes_sent": "BIGINT",
		"total_time_ms": "BIGINT", "bucket": "VARCHAR", "format": "VARCHAR", "extra": "VARCHAR[]", "dt": "DATE"} {
		if types[col] != typ {
			t.Errorf("column %s is %q, want %q", col, types[col], typ)
		}
	}
	if n := len(types); n != int(parse.NumFields)+2 {
		t.Errorf("%d columns, want the %d fields, format and dt", n, parse.NumFields)
	}

	days, _, _ := runCmd(t, "", append([]string{"query", "* | count by time(1d)", "--output", "csv"}, inputs...)...)
	var wantDays []string
	for _, line := range strings.Split(strings.TrimSpace(days), "\n")[1:] {
		day, count, _ := strings.Cut(line, ",")
		wantDays = append(wantDays, day[:10]+" "+count)
	}
	var gotDays []string
	for _, r := range duckdbtest.Query(t, "SELECT CAST(dt AS VARCHAR) AS dt, count(*) AS n FROM "+glob+" GROUP BY dt ORDER BY dt") {
		gotDays = append(gotDays, r["dt"].(string)+" "+r["n"].(string))
	}
	slices.Sort(wantDays)
	if diff := cmp.Diff(wantDays, gotDays); diff != "" {
		t.Errorf("partitions (-query +duckdb):\n%s", diff)
	}

	// A second run into the same directory is refused; --overwrite replaces.
	_, stderr, status = runCmd(t, "", "export", "--out", out, inputs[1])
	if status != exitUsage || !strings.Contains(stderr, "already holds files") {
		t.Errorf("export into a used directory: status %d, %s", status, stderr)
	}
	if _, stderr, status = runCmd(t, "", "export", "--out", out, "--overwrite", inputs[1]); status != exitMalformed {
		t.Errorf("--overwrite: status %d, %s", status, stderr)
	}
	if got := duckdbtest.Query(t, "SELECT count(*) AS n FROM "+glob); got[0]["n"] != "4" {
		t.Errorf("after --overwrite: %v rows, want the 4 of %s", got, inputs[1])
	}
}

// TestExportDDL prints each engine's table definition.
func TestExportDDL(t *testing.T) {
	for _, engine := range []string{"athena", "trino", "duckdb"} {
		out, stderr, status := runCmd(t, "", "export", "--ddl", engine, "--out", "s3://my-logs/export/", "--partition", "hour")
		if status != exitOK {
			t.Fatalf("%s: %d %s", engine, status, stderr)
		}
		checkGolden(t, "ddl-"+engine+".golden.sql", out)
	}
	if _, stderr, status := runCmd(t, "", "export", "--ddl", "mysql", "--out", "x"); status != exitUsage || !strings.Contains(stderr, `unknown engine "mysql"`) {
		t.Errorf("unknown engine: %d %s", status, stderr)
	}
}
