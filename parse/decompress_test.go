package parse_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/bucketlogs/bucketlogs/parse"
)

func zstdBytes(t *testing.T, data []byte, opts ...zstd.EOption) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b, opts...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func readAll(t *testing.T, data []byte, maxWindow int) ([]byte, parse.Compression, error) {
	t.Helper()
	r, comp, err := parse.DecompressWindow(bytes.NewReader(data), maxWindow)
	if err != nil {
		return nil, comp, err
	}
	defer r.Close()
	out, err := io.ReadAll(r)
	return out, comp, err
}

// TestZstdWindowLimit: a stream asking for a window above the limit is an
// error from Read, not a 512 MiB allocation; a raised limit reads it.
func TestZstdWindowLimit(t *testing.T) {
	text := bytes.Repeat([]byte("a line of log text\n"), 1000)
	big := rawZstdFrame(29, text) // a 512 MiB window
	if _, _, err := readAll(t, big, 0); err == nil || !strings.Contains(err.Error(), "window") {
		t.Errorf("512 MiB window with the default limit: err = %v, want a window error", err)
	}
	out, _, err := readAll(t, big, 1<<30)
	if err != nil || !bytes.Equal(out, text) {
		t.Errorf("512 MiB window with a 1 GiB limit: %d bytes, %v", len(out), err)
	}
	small := zstdBytes(t, text, zstd.WithWindowSize(8<<20))
	if out, _, err := readAll(t, small, 0); err != nil || !bytes.Equal(out, text) {
		t.Errorf("8 MiB window: %d bytes, %v", len(out), err)
	}
}

// TestZstdSkippableFrameFirst: a zstd stream that begins with a skippable
// frame is recognised as zstd and decoded.
func TestZstdSkippableFrameFirst(t *testing.T) {
	text := []byte("hello\nworld\n")
	skip := make([]byte, 8, 8+5)
	binary.LittleEndian.PutUint32(skip, 0x184D2A5E)
	binary.LittleEndian.PutUint32(skip[4:], 5)
	skip = append(skip, "index"...)
	out, comp, err := readAll(t, append(skip, zstdBytes(t, text)...), 0)
	if comp != parse.CompressionZstd || err != nil || !bytes.Equal(out, text) {
		t.Errorf("got %q, %v, %v; want the text as zstd", out, comp, err)
	}
}

// rawZstdFrame writes a zstd frame by hand: a header declaring a window of
// 2^windowLog bytes and no content size, then data as one raw block.
func rawZstdFrame(windowLog int, data []byte) []byte {
	b := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, byte(windowLog-10) << 3}
	hdr := uint32(len(data))<<3 | 1 // last block, raw
	b = append(b, byte(hdr), byte(hdr>>8), byte(hdr>>16))
	return append(b, data...)
}

// TestNestedCompression: layers are peeled up to MaxNesting, a deeper stack
// is refused, and a Decompressed given back is not decompressed again.
func TestNestedCompression(t *testing.T) {
	plain := []byte("a line\n")
	gz := func(b []byte) []byte {
		var out bytes.Buffer
		w := gzip.NewWriter(&out)
		w.Write(b)
		w.Close()
		return out.Bytes()
	}
	data := plain
	for depth := 1; depth <= parse.MaxNesting+1; depth++ {
		data = gz(data)
		if depth%2 == 0 {
			data = zstdBytes(t, data)
		}
		d, comp, err := parse.Decompress(bytes.NewReader(data))
		layers := depth + depth/2
		if layers > parse.MaxNesting {
			if err == nil {
				t.Errorf("%d layers accepted, the maximum is %d", layers, parse.MaxNesting)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d layers: %v", layers, err)
		}
		want := parse.CompressionGzip
		if depth%2 == 0 {
			want = parse.CompressionZstd
		}
		if comp != want {
			t.Errorf("%d layers: outermost %v, want %v", layers, comp, want)
		}
		again, _, err := parse.Decompress(d)
		if err != nil || again != d {
			t.Errorf("a Decompressed decompressed again: %v", err)
		}
		got, err := io.ReadAll(d)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%d layers: read %q, %v", layers, got, err)
		}
		d.Close()
		d.Close() // twice is allowed
	}
}
