package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// A step is one command of a transcript: its arguments (DIR stands for the
// test's directory) and what it reads on standard input.
type step struct {
	args  string
	stdin string
}

// transcript runs steps in dir and renders each as a person would see it in
// a terminal: the command, standard output, standard error (each line
// marked "2> ") and the exit status, with dir written as DIR.
func transcript(t *testing.T, dir string, steps []step) string {
	t.Helper()
	var b strings.Builder
	for _, s := range steps {
		var args []string
		for _, a := range splitArgs(s.args) {
			args = append(args, strings.ReplaceAll(a, "DIR", dir))
		}
		stdout, stderr, status := runCmd(t, s.stdin, args...)
		fmt.Fprintf(&b, "$ bucketlogs %s", s.args)
		if s.stdin != "" {
			fmt.Fprintf(&b, " <<< %q", s.stdin)
		}
		b.WriteString("\n")
		b.WriteString(strings.ReplaceAll(stdout, dir, "DIR"))
		for _, l := range strings.SplitAfter(strings.ReplaceAll(stderr, dir, "DIR"), "\n") {
			if l != "" {
				b.WriteString("2> " + l)
			}
		}
		fmt.Fprintf(&b, "[exit %d]\n\n", status)
	}
	return b.String()
}

// splitArgs splits a command line on spaces, keeping 'quoted' words whole.
func splitArgs(s string) []string {
	var out []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		if s[0] == '\'' {
			end := strings.IndexByte(s[1:], '\'')
			out = append(out, s[1:1+end])
			s = s[end+2:]
			continue
		}
		word, rest, _ := strings.Cut(s, " ")
		out = append(out, word)
		s = rest
	}
	return out
}

const goodLine = `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"` + "\n"

// TestInputsTranscript: every path is read, whatever fails before it, by
// every subcommand alike; a missing input is reported and makes the exit
// status 2; an empty standard input is an empty input, not the sample.
func TestInputsTranscript(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("logs/good.log", goodLine)
	write("other/more.log", goodLine)
	if err := os.Symlink("logs", filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../other", filepath.Join(dir, "logs", "to-other")); err != nil {
		t.Fatal(err)
	}
	got := transcript(t, dir, []step{
		{args: "cat DIR/nosuch DIR/logs/good.log"},
		{args: "query '* | count' DIR/nosuch DIR/logs/good.log"},
		{args: "query 'status = 200' DIR/nosuch DIR/logs/good.log"},
		{args: "report --output csv --top 1 DIR/nosuch"},
		{args: "cat DIR/linkdir"},
		{args: "query '* | count'"},
		{args: "report --since 2026-11-18 --until 2026-11-17 DIR/logs"},
		// Output to a pipe or file: long values are never cut; an absent
		// group value is "-", as the logs write it.
		{args: "query '* | count by requester, user_agent' -", stdin: strings.Replace(goodLine, " - A1 ", " arn:aws:iam::111122223333:assumed-role/a-rather-long-role-name-for-ci/session-0123456789 A1 ", 1) + goodLine},
	})
	checkGolden(t, "inputs.transcript", got)
}

// TestOddInputsTranscript: auto-detection never rejects a file whole, a
// byte order mark is not part of bucket_owner, lines ending in a lone CR are
// lines, and cat and report agree (report decodes through source.Run's
// block path, cat through the sequential reader).
func TestOddInputsTranscript(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	line := strings.TrimSuffix(goodLine, "\n")
	write("blank-first.log", []byte("\n"+goodLine))
	write("version-header.log", []byte("#Version: 1.0\n"+goodLine))
	write("bom.log", []byte("\xef\xbb\xbf"+goodLine))
	write("white.log", []byte(" \n\t\n"))
	write("cr-only.log", []byte(line+"\r"+line+"\r"))
	write("bom-cr.json", []byte("\xef\xbb\xbf"+`{"request_id":"a"}`+"\r"+`{"request_id":"b"}`+"\r"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(goodLine, 3)))
	zw.Close()
	write("truncated.log.gz", gz.Bytes()[:gz.Len()-12])
	// A zstd frame by hand: a 512 MiB window, the line as one raw block.
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, (29 - 10) << 3}
	hdr := uint32(len(goodLine))<<3 | 1
	frame = append(append(frame, byte(hdr), byte(hdr>>8), byte(hdr>>16)), goodLine...)
	write("big-window.zst", frame)
	// The same behind a skippable frame, as seekable zstd writes.
	write("skippable.zst", append([]byte{0x5e, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 'h', 'i'}, frame...))
	steps := []step{
		{args: "cat DIR/big-window.zst"},
		{args: "cat --max-window 1GiB DIR/big-window.zst DIR/skippable.zst"},
	}
	for _, name := range []string{"blank-first.log", "version-header.log", "bom.log", "white.log", "cr-only.log", "bom-cr.json", "truncated.log.gz"} {
		steps = append(steps,
			step{args: "cat DIR/" + name},
			step{args: "query --workers 2 '* | count, sum(bytes_sent)' DIR/" + name},
		)
	}
	checkGolden(t, "odd-inputs.transcript", transcript(t, dir, steps))
}

// TestFlagsTranscript: flags anywhere among the arguments, "--" to end
// them, help on standard output with exit 0 (every default printed once),
// "help CMD", and limits on --workers.
func TestFlagsTranscript(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.log"), []byte(goodLine), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "--output"), []byte(goodLine), 0o644); err != nil {
		t.Fatal(err)
	}
	got := transcript(t, dir, []step{
		{args: "query '* | count by bucket' DIR/a.log --output csv"},
		{args: "query --output csv '* | count by bucket' DIR/a.log --workers 1"},
		{args: "cat --output csv -- DIR/--output"},
		{args: "report --help"},
		{args: "help query"},
		{args: "cat -h"},
		{args: "report --workers 100000 DIR/a.log"},
		{args: "cat --nosuchflag DIR/a.log"},
	})
	checkGolden(t, "flags.transcript", got)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestHelpToFullDisk: help that cannot be written is a failure, as
// "bucketlogs --help > /dev/full" must be.
func TestHelpToFullDisk(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"report", "--help"}, {"help", "cat"}, {"query", "-h"}} {
		var errb bytes.Buffer
		if status := run(args, strings.NewReader(""), failingWriter{}, &errb); status == exitOK {
			t.Errorf("%v to a full disk: exit 0", args)
		}
		if !strings.Contains(errb.String(), "no space left") {
			t.Errorf("%v: stderr %q does not say why", args, errb.String())
		}
	}
}

// TestMaxErrorsTranscript: past --max-errors, errors are counted by field
// and cause, not printed; the exit status still says lines were malformed.
func TestMaxErrorsTranscript(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(goodLine, " 200 ", " 2x0 ", 1)
	data := goodLine + strings.Repeat(bad, 3) + "garbage\n" + strings.Repeat("x y\n", 2) + goodLine
	if err := os.WriteFile(filepath.Join(dir, "bad.log"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	got := transcript(t, dir, []step{
		{args: "cat --max-errors 2 DIR/bad.log"},
		{args: "report --max-errors 1 --output csv --top 1 DIR/bad.log"},
		{args: "query --max-errors 0 '* | count' DIR/bad.log"},
	})
	// The report itself is checked elsewhere: keep its stderr here.
	var keep []string
	for _, l := range strings.SplitAfter(got, "\n") {
		if strings.HasPrefix(l, "$ ") || strings.HasPrefix(l, "2> ") || strings.HasPrefix(l, "[exit") {
			keep = append(keep, l)
		}
	}
	checkGolden(t, "max-errors.transcript", strings.Join(keep, ""))
}

// TestQueryLanguageTranscript: the language's newer parts through the
// command: fields selection, units, case-insensitive methods, decoded keys,
// conditional counts and rates.
func TestQueryLanguageTranscript(t *testing.T) {
	dir := t.TempDir()
	lines := goodLine +
		strings.NewReplacer(" cat.jpg ", " user%20uploads/dog.jpg ", " 200 ", " 503 ", "GET /", "get /").Replace(goodLine)
	if err := os.WriteFile(filepath.Join(dir, "a.log"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	got := transcript(t, dir, []step{
		{args: "query 'method = GET | fields key, status, format' DIR/a.log"},
		{args: "query --output csv 'bytes_sent >= 0.5kB | fields time, key_decoded' DIR/a.log"},
		{args: "query --output csv 'bytes_sent >= 0.5kB | fields time, key' DIR/a.log"},
		{args: "query 'key_decoded ~ \"user uploads/*\" | count' DIR/a.log"},
		{args: "query '* | count, count(status >= 500), rate(status >= 500) by bucket' DIR/a.log"},
	})
	checkGolden(t, "query-language.transcript", got)
}

// TestDevNullIsEmptyInput: /dev/null is a character device but not a
// terminal: reading it is an empty input, never the built-in sample.
func TestDevNullIsEmptyInput(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	for _, args := range [][]string{{"query", "* | count"}, {"report", "--output", "csv", "--top", "1"}} {
		var out, errb strings.Builder
		status := run(args, null, &out, &errb)
		if status != exitOK || strings.Contains(errb.String(), "sample") || !strings.Contains(errb.String(), "0 lines") {
			t.Errorf("%v < /dev/null: status %d, stderr %q", args, status, errb.String())
		}
	}
}
