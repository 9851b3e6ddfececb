package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Compression names how a stream is compressed.
type Compression uint8

// The compressions [Decompress] recognises.
const (
	CompressionNone Compression = iota
	CompressionGzip
	CompressionZstd
)

// String returns "none", "gzip" or "zstd".
func (c Compression) String() string {
	switch c {
	case CompressionGzip:
		return "gzip"
	case CompressionZstd:
		return "zstd"
	}
	return "none"
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// isZstdSkippable reports whether head starts with a zstd skippable frame
// (magic 0x184D2A50 to 0x184D2A5F, little-endian), which zstd streams may
// begin with (seekable zstd puts its index in one).
func isZstdSkippable(head []byte) bool {
	return len(head) >= 4 && head[0]&0xf0 == 0x50 && head[1] == 0x2a && head[2] == 0x4d && head[3] == 0x18
}

// DefaultMaxWindow is the largest zstd window [Decompress] accepts: 128
// MiB, what the zstd command decodes without --long, and far above what log
// shippers use (8 MiB or less). A stream asking for more would make the
// decoder allocate that much per stream; raise the limit with
// [DecompressWindow] for input known to need it.
const DefaultMaxWindow = 128 << 20

// Decompress returns a reader of r's content, decompressed if r starts with
// the magic bytes of gzip or zstd, and which compression it found. File names
// are not consulted: a ".gz" file that is not gzip is read as it is.
// Concatenated gzip members are read as one stream.
//
// The caller must Close the returned reader to release the decompressor; Close
// does not close r. A corrupt or truncated compressed stream shows up as an
// error from Read, never as a panic. The error returned here is one from
// reading r's first bytes or from the decompressor's header.
//
// A zstd stream whose window is larger than [DefaultMaxWindow] fails with
// an error from Read saying so; see [DecompressWindow].
//
// The reader is not safe for concurrent use.
func Decompress(r io.Reader) (io.ReadCloser, Compression, error) {
	return DecompressWindow(r, DefaultMaxWindow)
}

// DecompressWindow is [Decompress] with the largest zstd window accepted
// set to maxWindow bytes (0 or less means [DefaultMaxWindow]).
func DecompressWindow(r io.Reader, maxWindow int) (io.ReadCloser, Compression, error) {
	if maxWindow <= 0 {
		maxWindow = DefaultMaxWindow
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, CompressionNone, err
	}
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, CompressionGzip, err
		}
		return zr, CompressionGzip, nil
	case bytes.HasPrefix(head, zstdMagic), isZstdSkippable(head):
		// A frame's window is checked against maxWindow, so that input
		// cannot make the decoder allocate more.
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(uint64(maxWindow)))
		if err != nil {
			return nil, CompressionZstd, err
		}
		return zstdCloser{zr, maxWindow}, CompressionZstd, nil
	}
	return io.NopCloser(br), CompressionNone, nil
}

type zstdCloser struct {
	*zstd.Decoder
	maxWindow int
}

// Read reads decompressed bytes; a window over the maximum says what the
// maximum is.
func (z zstdCloser) Read(p []byte) (int, error) {
	n, err := z.Decoder.Read(p)
	if err != nil && errors.Is(err, zstd.ErrWindowSizeExceeded) {
		err = fmt.Errorf("zstd window larger than the maximum of %d MiB: %w", z.maxWindow>>20, err)
	}
	return n, err
}

func (z zstdCloser) Close() error {
	z.Decoder.Close()
	return nil
}
