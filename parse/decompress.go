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

// MaxNesting is how many layers of compression [Decompress] peels: a log
// shipper that gzips files already gzipped makes two. A stream compressed
// more times than this is refused.
const MaxNesting = 4

// Decompress returns a reader of r's content, decompressed if r starts with
// the magic bytes of gzip or zstd, and which compression it found. File names
// are not consulted: a ".gz" file that is not gzip is read as it is.
// Concatenated gzip members are read as one stream. Nested compression (a
// gzip file gzipped again) is peeled layer by layer, up to [MaxNesting]
// layers; the Compression returned is the outermost.
//
// It is the one decompression step of bucketlogs: given a [*Decompressed]
// it returns it as it is, so that layers which each make sure their input is
// decompressed (source.Open, then s3line.Reader) decompress once.
//
// The caller must Close the returned reader to release the decompressor; Close
// does not close r. A corrupt or truncated compressed stream shows up as an
// error from Read, never as a panic. The error returned here is one from
// reading r's first bytes or from a decompressor's header.
//
// A zstd stream whose window is larger than [DefaultMaxWindow] fails with
// an error from Read saying so; see [DecompressWindow].
func Decompress(r io.Reader) (*Decompressed, Compression, error) {
	return DecompressWindow(r, DefaultMaxWindow)
}

// A Decompressed is the content of a stream after [Decompress]: a buffered
// reader (64 KiB) of the innermost layer, which can be peeked at to
// recognise the format. It is not safe for concurrent use.
type Decompressed struct {
	br      *bufio.Reader
	comp    Compression
	closers []io.Closer // the decompressors, outermost first
}

// Read reads decompressed bytes.
func (d *Decompressed) Read(p []byte) (int, error) { return d.br.Read(p) }

// Peek returns the next n decompressed bytes (n at most 64 KiB) without
// consuming them, as bufio.Reader.Peek.
func (d *Decompressed) Peek(n int) ([]byte, error) { return d.br.Peek(n) }

// Compression returns the outermost compression found.
func (d *Decompressed) Compression() Compression { return d.comp }

// Close releases the decompressors; it may be called more than once.
func (d *Decompressed) Close() error {
	for i := len(d.closers) - 1; i >= 0; i-- {
		d.closers[i].Close()
	}
	d.closers = nil
	return nil
}

// DecompressWindow is [Decompress] with the largest zstd window accepted
// set to maxWindow bytes (0 or less means [DefaultMaxWindow]).
func DecompressWindow(r io.Reader, maxWindow int) (*Decompressed, Compression, error) {
	if d, ok := r.(*Decompressed); ok {
		return d, d.comp, nil
	}
	if maxWindow <= 0 {
		maxWindow = DefaultMaxWindow
	}
	d := new(Decompressed)
	for depth := 0; ; depth++ {
		br := bufio.NewReaderSize(r, 64<<10)
		head, err := br.Peek(4)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			if depth == 0 {
				return nil, CompressionNone, err
			}
			// The first bytes of an inner layer could not be read (the
			// outer one is cut short): Read reports it after what was read.
			d.br = br
			return d, d.comp, nil
		}
		var c Compression
		switch {
		case bytes.HasPrefix(head, gzipMagic):
			c = CompressionGzip
		case bytes.HasPrefix(head, zstdMagic), isZstdSkippable(head):
			c = CompressionZstd
		default:
			d.br = br
			return d, d.comp, nil
		}
		if depth == 0 {
			d.comp = c
		}
		if depth == MaxNesting {
			d.Close()
			return nil, d.comp, fmt.Errorf("compressed more than %d times over", MaxNesting)
		}
		var zr io.ReadCloser
		if c == CompressionGzip {
			zr, err = gzip.NewReader(br)
		} else {
			// A frame's window is checked against maxWindow, so that
			// input cannot make the decoder allocate more.
			var z *zstd.Decoder
			z, err = zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(uint64(maxWindow)))
			zr = zstdCloser{z, maxWindow}
		}
		if err != nil {
			d.Close()
			return nil, d.comp, err
		}
		d.closers = append(d.closers, zr)
		r = zr
	}
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
