package parse

import (
	"bufio"
	"bytes"
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
// The reader is not safe for concurrent use.
func Decompress(r io.Reader) (io.ReadCloser, Compression, error) {
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
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, CompressionZstd, err
		}
		return zstdCloser{zr}, CompressionZstd, nil
	}
	return io.NopCloser(br), CompressionNone, nil
}

type zstdCloser struct{ *zstd.Decoder }

func (z zstdCloser) Close() error {
	z.Decoder.Close()
	return nil
}
