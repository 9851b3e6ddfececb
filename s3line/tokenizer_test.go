package s3line

import (
	"bytes"
	"testing"
)

func TestIndexSpace(t *testing.T) {
	for n := range 40 {
		for at := -1; at < n; at++ {
			b := bytes.Repeat([]byte{'x'}, n)
			// Bytes that differ from a space by one bit or by borrow.
			for i := range b {
				b[i] = []byte{'x', '!', 0x1f, '\x00', 0xa0}[i%5]
			}
			if at >= 0 {
				b[at] = ' '
				if at+1 < n {
					b[at+1] = ' '
				}
			}
			if got, want := indexSpace(b), bytes.IndexByte(b, ' '); got != want {
				t.Fatalf("indexSpace(%q) = %d, want %d", b, got, want)
			}
		}
	}
}

func FuzzIndexSpace(f *testing.F) {
	f.Add([]byte("abc def"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := indexSpace(b), bytes.IndexByte(b, ' '); got != want {
			t.Fatalf("indexSpace(%q) = %d, want %d", b, got, want)
		}
	})
}
