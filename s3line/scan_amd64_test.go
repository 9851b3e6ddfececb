//go:build amd64 && !purego

package s3line

import "testing"

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
	f.Fuzz(func(t *testing.T, line []byte) {
		var want, got tape
		okWant, okGot := want.scanPortable(line), got.scanMasks(line)
		if okWant != okGot || okWant && want != got {
			t.Fatalf("scanMasks(%q) = %v %+v\nscanPortable: %v %+v", line, okGot, got, okWant, want)
		}
	})
}

// TestScanLongLines covers lines past maxBlocks, which scanMasks hands to
// scanPortable, and lines ending at and around a block boundary.
func TestScanLongLines(t *testing.T) {
	for _, n := range []int{63, 64, 65, 127, 128, 129, maxBlocks*64 - 1, maxBlocks * 64, maxBlocks*64 + 1, 5000} {
		line := make([]byte, n)
		for i := range line {
			line[i] = "ab \"c"[i%5]
		}
		var want, got tape
		okWant, okGot := want.scanPortable(line), got.scanMasks(line)
		if okWant != okGot || okWant && want != got {
			t.Errorf("length %d: scanMasks = %v, scanPortable = %v", n, okGot, okWant)
		}
	}
}
