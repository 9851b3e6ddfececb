// Package partial is the file form of a partial result: the merged
// aggregate state of one run over part of the logs (a report's
// aggregate.Report, a query's query.State), written by one process or
// machine and combined with others later (bucketlogs report --partial,
// bucketlogs merge). Fanning files out over a batch system and merging the
// partials gives the answer of one run over everything.
//
// A file is
//
//	magic "BLPARTL\n" | version (1 byte) | kind (1 byte) |
//	meta length (uvarint) | meta | state length (uvarint) | state |
//	CRC-32C of everything before it (4 bytes, little endian)
//
// so that a file that is not a partial, one of another version, one cut
// short and one altered are each refused with their own error, never
// merged.
package partial

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Magic starts every partial file.
const Magic = "BLPARTL\n"

// Version is the layout version this package writes and reads. It changes
// whenever the envelope or a state's binary form does. Version 2: the
// report's audit views are bounded states, and its summary counts the
// duplicates found apart from those dropped.
const Version = 2

// Kind says what state a partial holds.
type Kind uint8

// The kinds of partial.
const (
	Report Kind = 1 // an aggregate.Report and the run's counts
	Query  Kind = 2 // a query.State and the query's text
)

func (k Kind) String() string {
	switch k {
	case Report:
		return "report"
	case Query:
		return "query"
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

// A File is one partial: its kind, what the writer says about the run
// (Meta, free-form to this package), and the state.
type File struct {
	Kind  Kind
	Meta  []byte
	State []byte
}

// Errors of [Decode].
var (
	ErrNotPartial = errors.New("not a bucketlogs partial file (no magic)")
	ErrTruncated  = errors.New("partial file cut short")
	ErrChecksum   = errors.New("partial file altered or damaged (checksum mismatch)")
)

// A VersionError is a partial of another layout version.
type VersionError struct{ Got int }

func (e *VersionError) Error() string {
	return fmt.Sprintf("partial file of version %d, this build reads version %d: merge it with the bucketlogs that wrote it", e.Got, Version)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode returns f's file form.
func Encode(f *File) []byte {
	b := make([]byte, 0, len(Magic)+2+2*binary.MaxVarintLen64+len(f.Meta)+len(f.State)+4)
	b = append(b, Magic...)
	b = append(b, Version, byte(f.Kind))
	b = binary.AppendUvarint(b, uint64(len(f.Meta)))
	b = append(b, f.Meta...)
	b = binary.AppendUvarint(b, uint64(len(f.State)))
	b = append(b, f.State...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// Decode reads a file form. Meta and State are views into b. The error is
// [ErrNotPartial], a *[VersionError], [ErrTruncated] or [ErrChecksum].
func Decode(b []byte) (*File, error) {
	if !bytes.HasPrefix(b, []byte(Magic)) {
		if len(b) < len(Magic) && bytes.HasPrefix([]byte(Magic), b) && len(b) > 0 {
			return nil, ErrTruncated
		}
		return nil, ErrNotPartial
	}
	rest := b[len(Magic):]
	if len(rest) < 2 {
		return nil, ErrTruncated
	}
	if rest[0] != Version {
		return nil, &VersionError{Got: int(rest[0])}
	}
	f := &File{Kind: Kind(rest[1])}
	rest = rest[2:]
	field := func() ([]byte, bool) {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return nil, false
		}
		v := rest[k : k+int(n) : k+int(n)]
		rest = rest[k+int(n):]
		return v, true
	}
	var ok bool
	if f.Meta, ok = field(); !ok {
		return nil, ErrTruncated
	}
	if f.State, ok = field(); !ok {
		return nil, ErrTruncated
	}
	if len(rest) < 4 {
		return nil, ErrTruncated
	}
	if len(rest) > 4 {
		return nil, ErrChecksum // bytes after the end
	}
	body := b[:len(b)-4]
	if binary.LittleEndian.Uint32(rest) != crc32.Checksum(body, castagnoli) {
		return nil, ErrChecksum
	}
	return f, nil
}
