package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// mixedDir builds a directory holding the three formats, compressed three
// ways, in a nested layout like a bucket of delivered log objects.
func mixedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/2024-06-01-12-00-00-S3.log", read("mixed-s3.log"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(read("mixed-oss.log"))
	zw.Close()
	write("b/2024-01-03-16-00-00-OSS.gz", gz.Bytes())
	var zs bytes.Buffer
	enc, _ := zstd.NewWriter(&zs)
	enc.Write(read("mixed-yandex.json"))
	enc.Close()
	write("c/d/2024-05-20-09-00-00-YA.zst", zs.Bytes())
	write(".hidden/ignored.log", []byte("ignored"))
	return dir
}

func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errb bytes.Buffer
	status = run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), status
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func TestCatMixedDirectory(t *testing.T) {
	dir := mixedDir(t)
	stdout, stderr, status := runCmd(t, "", "cat", dir)
	if status != exitMalformed {
		t.Errorf("status = %d, want %d (one malformed line)", status, exitMalformed)
	}
	checkGolden(t, "cat-mixed.golden.jsonl", stdout)
	checkGolden(t, "cat-mixed.golden.stderr", strings.ReplaceAll(stderr, dir+string(filepath.Separator), "DIR/"))
}

func TestCatCSV(t *testing.T) {
	dir := mixedDir(t)
	stdout, _, _ := runCmd(t, "", "cat", "--output", "csv", dir)
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+4+3+7 {
		t.Fatalf("got %d rows, want a header and 14 records", len(rows))
	}
	header := rows[0]
	if header[0] != "format" || header[1] != "time" || header[len(header)-1] != "extra" {
		t.Errorf("header = %v", header)
	}
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	var formats []string
	for _, row := range rows[1:] {
		formats = append(formats, row[0])
	}
	wantFormats := strings.Fields("s3 s3 s3 s3 oss oss oss yandex yandex yandex yandex yandex yandex yandex")
	if diff := cmp.Diff(wantFormats, formats); diff != "" {
		t.Errorf("formats (-want +got):\n%s", diff)
	}
	if got := rows[6][col("storage_class")]; got != "Cold Archive" {
		t.Errorf("oss storage_class = %q, want %q", got, "Cold Archive")
	}
	if got := rows[1][col("bytes_sent")]; got != "482913" {
		t.Errorf("s3 bytes_sent = %q", got)
	}
	if got := rows[4][col("status")]; got != "" {
		t.Errorf("lifecycle status = %q, want empty for absent", got)
	}
}

func TestCatStdinAndForcedFormat(t *testing.T) {
	s3, _ := os.ReadFile("testdata/mixed-s3.log")
	stdout, stderr, status := runCmd(t, string(s3), "cat", "--format", "s3", "-")
	if status != exitMalformed || strings.Count(stdout, "\n") != 4 {
		t.Errorf("status %d, %d records; want 1 and 4\n%s", status, strings.Count(stdout, "\n"), stderr)
	}
	if !strings.Contains(stderr, "(stdin):4:") {
		t.Errorf("stderr does not name standard input and line 4:\n%s", stderr)
	}
	// No PATH reads standard input too.
	stdout, _, status = runCmd(t, string(s3))
	_ = stdout
	if status != exitUsage {
		t.Errorf("no command: status %d, want usage", status)
	}
	stdout, _, _ = runCmd(t, string(s3), "cat")
	if strings.Count(stdout, "\n") != 4 {
		t.Errorf("cat with no PATH printed %d records, want 4", strings.Count(stdout, "\n"))
	}
	// Forcing the wrong layout turns every line into an error.
	oss, _ := os.ReadFile("testdata/mixed-oss.log")
	stdout, stderr, status = runCmd(t, string(oss), "cat", "--format", "s3")
	if status != exitMalformed || stdout != "" || strings.Count(stderr, "\n") != 4 {
		t.Errorf("oss read as s3: status %d, stdout %q, stderr:\n%s", status, stdout, stderr)
	}
}

func TestCatUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"unknown format", []string{"cat", "--format", "csv"}, "unknown format \"csv\""},
		{"unknown output", []string{"cat", "--output", "xml"}, "unknown --output"},
		{"unknown flag", []string{"cat", "--frob"}, "flag provided but not defined"},
		{"missing file", []string{"cat", "testdata/no-such-file"}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, status := runCmd(t, "", tc.args...)
			if status != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, stderr, exitUsage, tc.want)
			}
		})
	}
}

func TestCatUnrecognisedInput(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.txt")
	os.WriteFile(p, []byte("hello world\n"), 0o644)
	_, stderr, status := runCmd(t, "", "cat", p)
	if status != exitUsage || !strings.Contains(stderr, "known log format (give --format") {
		t.Errorf("status %d, stderr %q", status, stderr)
	}
}

func TestCatSample(t *testing.T) {
	stdout, stderr, status := runCmd(t, "", "cat", "sample")
	if status != exitOK {
		t.Fatalf("status %d:\n%s", status, stderr)
	}
	for _, f := range []string{`"format":"s3"`, `"format":"oss"`, `"format":"yandex"`} {
		if n := strings.Count(stdout, f); n != 1000 {
			t.Errorf("%d records with %s, want 1000", n, f)
		}
	}
	// A small file of every other store; the gcs header line is blank.
	for _, f := range []string{"obs", "cos", "gcs", "azure", "s3json", "azurejson"} {
		if n := strings.Count(stdout, `"format":"`+f+`"`); n != 200 {
			t.Errorf("%d records with format %s, want 200", n, f)
		}
	}
	if !strings.Contains(stderr, "9 inputs, 4201 lines: 4200 records, 0 errors, 1 blank") {
		t.Errorf("summary: %s", stderr)
	}
}
