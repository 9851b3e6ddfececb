package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"
)

func gzipped(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func zstded(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	w, err := zstd.NewWriter(&out)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// summaryLine is the command's closing count of lines, records and errors.
var summaryLine = regexp.MustCompile(`(\d+) lines: (\d+) records, (\d+) errors, (\d+) blank`)

// outcome is what one command made of one input: the error lines it
// printed (each names the line and offset) and its counts.
type outcome struct {
	Errors  []string
	Counts  string
	Records int
}

func outcomeOf(t *testing.T, stdout, stderr string, records int) outcome {
	t.Helper()
	var o outcome
	for _, l := range strings.Split(stderr, "\n") {
		if l == "" || strings.HasPrefix(l, "bucketlogs:") || strings.HasPrefix(l, "  ") {
			continue
		}
		o.Errors = append(o.Errors, l)
	}
	m := summaryLine.FindString(stderr)
	if m == "" {
		t.Fatalf("no counts in stderr:\n%s", stderr)
	}
	o.Counts, o.Records = m, records
	return o
}

// TestInputShapesAgree: every shape an input comes in (plain, gzip, zstd,
// compression nested twice, CRLF, blank lines, an over-long line, garbage)
// gives the same records and the same errors, at the same lines and
// offsets, through cat (the sequential reader), report and query (the
// parallel block path, on 1 and 2 workers).
func TestInputShapesAgree(t *testing.T) {
	lines, err := os.ReadFile(filepath.Join("testdata", "mixed-s3.log"))
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	body = append(body, lines...)
	body = append(body, "\n\n"...)
	body = append(body, "not a log line at all\n"...)
	body = append(body, bytes.Repeat([]byte("x"), 5<<20)...) // over the 4 MiB maximum
	body = append(body, '\n')
	body = append(body, goodLine...)
	body = append(body, "  \n"...)
	body = append(body, lines...)
	body = bytes.TrimSuffix(body, []byte("\n")) // the last line without its end

	crlf := bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n"))
	shapes := map[string][]byte{
		"plain.log":       body,
		"crlf.log":        crlf,
		"gz.log.gz":       gzipped(t, body),
		"zst.log.zst":     zstded(t, body),
		"gzgz.log.gz.gz":  gzipped(t, gzipped(t, body)),
		"zstgz.log.gz.zs": zstded(t, gzipped(t, body)),
		"gzzst.log.zst.g": gzipped(t, zstded(t, crlf)),
	}
	dir := t.TempDir()
	var plain *outcome
	{
		path := filepath.Join(dir, "reference.log")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		out, errs, _ := runCmd(t, "", "cat", path)
		o := outcomeOf(t, out, errs, strings.Count(out, "\n"))
		plain = &o
	}
	for name, data := range shapes {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			got := map[string]outcome{}
			out, errs, _ := runCmd(t, "", "cat", path)
			got["cat"] = outcomeOf(t, out, errs, strings.Count(out, "\n"))
			for _, w := range []string{"1", "2"} {
				out, errs, _ = runCmd(t, "", "report", "--output", "json", "--workers", w, path)
				var rep struct {
					Summary struct{ Records int } `json:"summary"`
				}
				if err := json.Unmarshal([]byte(out), &rep); err != nil {
					t.Fatalf("report: %v\n%s", err, errs)
				}
				got["report --workers "+w] = outcomeOf(t, out, errs, rep.Summary.Records)
				out, errs, _ = runCmd(t, "", "query", "--workers", w, "--output", "csv", "| count", path)
				n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(out, "count\n")))
				got["query --workers "+w] = outcomeOf(t, out, errs, n)
			}
			ref := got["cat"]
			// mixed-s3.log holds a garbage line; each copy of it, the
			// garbage line and the over-long one are errors.
			if ref.Records == 0 || len(ref.Errors) != 4 {
				t.Fatalf("cat: %+v, want records and four errors", ref)
			}
			for cmdline, o := range got {
				if diff := cmp.Diff(ref, o); diff != "" {
					t.Errorf("%s differs from cat (-cat +%s):\n%s", cmdline, cmdline, diff)
				}
			}
			// Every shape holds the same lines: the same counts as the
			// plain file, and errors at the same lines (offsets are those
			// of the decompressed stream, CRLF ends making them larger).
			if plain == nil {
				return
			}
			if ref.Counts != plain.Counts || ref.Records != plain.Records {
				t.Errorf("counts %q, %d records; plain file: %q, %d", ref.Counts, ref.Records, plain.Counts, plain.Records)
			}
		})
	}
}
