//go:build amd64 && !purego

package s3line

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

// FuzzScanAgrees holds the SSE2 scan to the portable one, the reference:
// the same tokens, kinds and verdict on any input.
func FuzzScanAgrees(f *testing.F) {
	for _, files := range fastSeeds {
		for _, file := range files {
			for _, line := range seedLines(f, file) {
				f.Add(line)
			}
		}
	}
	f.Add([]byte(`"a b" c`))
	f.Add([]byte(`[01/Jan/2024:00:00:00 +0000]`))
	f.Fuzz(func(t *testing.T, line []byte) { checkScan(t, line) })
}

// checkScan compares scanMasks, with each of the mask functions this
// processor runs, to scanPortable on line.
func checkScan(t *testing.T, line []byte) {
	t.Helper()
	defer func(avx2 bool) { useAVX2 = avx2 }(useAVX2)
	var want tape
	okWant := want.scanPortable(line)
	for name, avx2 := range map[string]bool{"sse2": false, "avx2": true} {
		if avx2 && !cpu.X86.HasAVX2 {
			continue
		}
		useAVX2 = avx2
		var got tape
		if okGot := got.scanMasks(line); okWant != okGot || okWant && want != got {
			t.Fatalf("scanMasks (%s) of %q = %v %+v\nscanPortable: %v %+v", name, line, okGot, got, okWant, want)
		}
	}
}

// TestScanLongLines covers lines past maxBlocks, which scanMasks hands to
// scanPortable, and lines ending at and around a block boundary.
func TestScanLongLines(t *testing.T) {
	for _, n := range []int{63, 64, 65, 127, 128, 129, maxBlocks*64 - 1, maxBlocks * 64, maxBlocks*64 + 1, 5000} {
		line := make([]byte, n)
		for i := range line {
			line[i] = "ab \"c"[i%5]
		}
		checkScan(t, line)
	}
}

// TestStructMasks checks both mask functions against a byte loop, on
// blocks where every byte value stands next to spaces, quotes and brackets.
func TestStructMasks(t *testing.T) {
	const blocks = 5
	b := make([]byte, blocks*64)
	for i := range b {
		switch i % 7 {
		case 0:
			b[i] = ' '
		case 3:
			b[i] = '"'
		case 5:
			b[i] = '['
		default:
			b[i] = byte(i * 37)
		}
	}
	var want [3][blocks]uint64
	for i, c := range b {
		for k, x := range []byte{' ', '"', '['} {
			if c == x {
				want[k][i/64] |= 1 << (i % 64)
			}
		}
	}
	for k := range want[0] { // spec is quotes and brackets
		want[2][k] |= want[1][k]
	}
	for _, avx2 := range []bool{false, true} {
		if avx2 && !cpu.X86.HasAVX2 {
			continue
		}
		var got [3][blocks]uint64
		if avx2 {
			structMasksAVX2(&b[0], blocks, &got[0][0], &got[1][0], &got[2][0])
		} else {
			structMasks(&b[0], blocks, &got[0][0], &got[1][0], &got[2][0])
		}
		if got != want {
			t.Errorf("avx2=%v: masks %x, want %x", avx2, got, want)
		}
	}
}

// TestScanEdges holds scanMasks to scanPortable on lines shaped at their
// edges: quotes that do or do not pair, brackets next to quotes and inside
// them, tokens across 64-byte words, runs of spaces.
func TestScanEdges(t *testing.T) {
	long := strings.Repeat("x", 70)
	spaced := strings.Repeat("a ", 40)
	lines := []string{
		`""`, `" "`, `"`, `a "`, `"a" "b"`, `"a""b"`, `"a "b" c"`, `"a " b"`, `a"b c`,
		`"` + spaced + `" z`, `"` + long + `"`, long + ` "` + long + `" ` + long,
		`[01/Jan/2024:00:00:00 +0000]`, `x [01/Jan/2024:00:00:00 +0000] y`,
		`[01/Jan/2024:00:00:00 "0000] y`, `"[01/Jan/2024:00:00:00 +0000]" y`,
		`"q" [01/Jan/2024:00:00:00 +0000] "r"`, `[01/Jan/2024:00:00:00 [0000] y`,
		`[short] [01/Jan/2024:00:00:00 +0000]`, `a[01/Jan/2024:00:00:00 +0000] b`,
		`a  b`, `"a"  b`, `a b `, ` a b`, `"a" `, `[01/Jan/2024:00:00:00 +0000]  x`,
		strings.Repeat("ab ", 30), strings.Repeat(`"q" `, 30),
	}
	// Quotes and spaces on each side of a 64-byte word's edge.
	for pad := 58; pad <= 66; pad++ {
		p := strings.Repeat("p", pad)
		lines = append(lines, p+` "x y" z`, p+`"x" y`, p+` "x"`, p+` [01/Jan/2024:00:00:00 +0000] z`)
	}
	for _, l := range lines {
		checkScan(t, []byte(l))
	}
}

// TestAVX2IsAllVEX reads structMasksAVX2's source and fails on any
// instruction that names a vector register without being VEX-encoded (its
// Go mnemonic starts with V). A legacy SSE instruction between AVX2 ones
// costs a state transition on some processors, far more than the function's
// work, and nothing else would catch it: the results stay the same.
func TestAVX2IsAllVEX(t *testing.T) {
	src, err := os.ReadFile("scan_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(src), "TEXT ·structMasksAVX2(")
	if !ok {
		t.Fatal("scan_amd64.s has no structMasksAVX2")
	}
	if i := strings.Index(body, "\nTEXT "); i >= 0 {
		body = body[:i]
	}
	vector := regexp.MustCompile(`\b[XY]\d+\b`)
	checked := 0
	for n, line := range strings.Split(body, "\n")[1:] {
		line, _, _ = strings.Cut(line, "//")
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasSuffix(fields[0], ":") || !vector.MatchString(line) {
			continue
		}
		checked++
		if !strings.HasPrefix(fields[0], "V") {
			t.Errorf("structMasksAVX2, line %d after TEXT: %q is a legacy SSE instruction; use its VEX form", n+1, strings.TrimSpace(line))
		}
	}
	if checked < 10 {
		t.Fatalf("found %d vector instructions in structMasksAVX2; the check reads the wrong text", checked)
	}
}
