package s3line

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
)

// checkFastPath holds the fast path to the general one on line: it may
// decline, and when it does not, its record is the general path's, field
// for field, presence included. It reports whether the fast path took the
// line. times is the time cache, as a Parser carries it from line to line.
func checkFastPath(t *testing.T, format parse.Format, line []byte, times *timeCache) bool {
	t.Helper()
	line, _ = trim(line) // as Parse does before either path
	var fast, slow parse.Record
	fast.Format, slow.Format = format, format
	var ok bool
	var err error
	switch format {
	case parse.FormatOSS:
		ok = fastOSS(line, &fast, times)
		err = parseOSS(line, &slow)
	default:
		ok = fastS3(line, &fast, times)
		err = parseS3(line, &slow)
	}
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("fast path took %q, which the general path rejects: %v", line, err)
	}
	if fast.Present() != slow.Present() {
		t.Errorf("present mask differs for %q: fast %b, general %b", line, fast.Present(), slow.Present())
	}
	if d := cmp.Diff(&slow, &fast, cmp.AllowUnexported(parse.Record{})); d != "" {
		t.Errorf("fast path differs for %q (-general +fast):\n%s", line, d)
	}
	return true
}

// fastSeeds are the corpus files whose lines seed FuzzFastPathAgrees and
// are checked by TestFastPathAgrees.
var fastSeeds = map[parse.Format][]string{
	parse.FormatS3:  {"s3-quirks.log", "s3-real-shapes.log", "s3-malformed.log"},
	parse.FormatOSS: {"oss.log", "oss-real-shapes.log"},
}

func seedLines(t testing.TB, file string) [][]byte {
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestFastPathAgrees runs every corpus line through both paths, and checks
// that the fast path takes the plain lines: a fast path that declined
// everything would agree trivially.
func TestFastPathAgrees(t *testing.T) {
	for format, files := range fastSeeds {
		for _, file := range files {
			taken, total := 0, 0
			var times timeCache // shared, as in a Parser: later lines hit it
			for _, line := range seedLines(t, file) {
				total++
				if checkFastPath(t, format, line, &times) {
					taken++
				}
			}
			t.Logf("%s: fast path took %d of %d lines", file, taken, total)
			if total > 0 && taken == 0 && file != "s3-malformed.log" {
				t.Errorf("%s: the fast path took none of %d lines", file, total)
			}
		}
	}
}

// FuzzFastPathAgrees holds the fast path to the general path on any input.
func FuzzFastPathAgrees(f *testing.F) {
	for format, files := range fastSeeds {
		for _, file := range files {
			for _, line := range seedLines(f, file) {
				f.Add(uint8(format), line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, format uint8, line []byte) {
		ft := parse.FormatS3
		if format == uint8(parse.FormatOSS) {
			ft = parse.FormatOSS
		}
		var times timeCache
		checkFastPath(t, ft, line, &times)
		checkFastPath(t, ft, line, &times) // again, through the cache
	})
}

// TestDigits8 checks the branch-free digit parser against strconv for
// every length and a spread of values, and that any non-digit fails it.
func TestDigits8(t *testing.T) {
	for k := 1; k <= 8; k++ {
		for _, v := range []uint64{0, 1, 7, 9, 10, 99, 100, 1234, 99999, 123456, 9999999, 12345678, 99999999} {
			s := strconv.FormatUint(v, 10)
			if len(s) > k {
				continue
			}
			s = strings.Repeat("0", k-len(s)) + s
			b := []byte(s + "x 12345678")
			got, ok := digits8(b, k)
			if !ok || got != v {
				t.Errorf("digits8(%q, %d) = %d, %v; want %d", b, k, got, ok, v)
			}
			for i := range k {
				for _, c := range []byte{'/', ':', ' ', '-', 0xb0, 0} {
					bad := append([]byte(nil), b...)
					bad[i] = c
					if _, ok := digits8(bad, k); ok {
						t.Errorf("digits8(%q, %d) took a non-digit", bad, k)
					}
				}
			}
		}
	}
}

// TestTimeCache runs times through one cache in an order that hits and
// misses it (same minute, next second, other offset, leap second, bad
// seconds after a good minute) and checks each against parseTime.
func TestTimeCache(t *testing.T) {
	var c timeCache
	for _, s := range []string{
		"[06/Feb/2019:00:00:38 +0000]",
		"[06/Feb/2019:00:00:39 +0000]",
		"[06/Feb/2019:00:00:60 +0000]",
		"[06/Feb/2019:00:00:61 +0000]",
		"[06/Feb/2019:00:00:3x +0000]",
		"[06/Feb/2019:00:00:40 +0130]",
		"[06/Feb/2019:00:00:41 +0130]",
		"[06/Feb/2019:00:00:41 +0000]",
		"[06/Feb/2019:00:00:41 +0000)",
		"(06/Feb/2019:00:00:41 +0000]",
		"[06/Feb/2019:00:00 41 +0000]",
		"[06/Feb/2019:00:01:00 +0000]",
		"[31/Dec/9999:23:59:59 -2359]",
		"[31/Dec/9999:23:59:60 -2359]",
	} {
		got, gotOK := c.parse([]byte(s))
		want, wantOK := parseTime([]byte(s))
		if gotOK != wantOK || !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("cache.parse(%q) = %v, %v; parseTime: %v, %v", s, got, gotOK, want, wantOK)
		}
	}
}

// TestFastPathHosts runs oss lines whose host field (after the
// User-Agent) takes every shape the general path tells apart, at lengths
// around each eight-byte word plainHost reads, through both paths: the
// fast path must take the plain ones and agree, and decline the others.
func TestFastPathHosts(t *testing.T) {
	const head = `203.0.113.7 - - [03/Jan/2024:16:50:00 +0800] "GET /a HTTP/1.1" 200 5 4 "-" "ua" `
	const tail = ` "65A1" "true" "1234" "GetObject" "photos" "a" 5 12 "-" 389 "1234" 0 "-" "Standard"`
	var times timeCache
	for n := 1; n <= 20; n++ {
		name := strings.Repeat("h", n)
		for i := range n {
			for _, c := range []byte{' ', '"', '\t', 0, 0x1f, '!', 0x7f, 0xc3} {
				b := []byte(name)
				b[i] = c
				host := `"` + string(b) + `"`
				plain := c > ' ' && c != '"'
				if got := checkFastPath(t, parse.FormatOSS, []byte(head+host+tail), &times); got != plain {
					t.Errorf("host %q: fast path took it: %v, want %v", host, got, plain)
				}
			}
		}
	}
	for _, host := range []string{`-`, `""`, `"` + strings.Repeat("h", 298) + `"`} {
		if !checkFastPath(t, parse.FormatOSS, []byte(head+host+tail), &times) {
			t.Errorf("host %q: fast path declined", host)
		}
	}
	for _, host := range []string{`-x`, `x`, `"` + strings.Repeat("h", 299) + `"`} {
		if checkFastPath(t, parse.FormatOSS, []byte(head+host+tail), &times) {
			t.Errorf("host %q: fast path took it", host)
		}
	}
}
