// Package source opens access-log inputs of any format and decodes them:
// files (plain, gzip or zstd, recognised by content), directories (walked
// recursively in name order, see [Expand]), standard input, and any
// [Input] (a name and an Open: package bucket makes them of a bucket's
// objects). Each input's format is recognised from its first bytes
// ([Detect]) and decoded with s3line or yajson, on one goroutine ([Open],
// [OpenInput] and [Stream.All]) or on all cores ([Run], [RunInputs],
// [RunBatches], [Fold]).
//
// It sits above the format packages and below the command: programs that
// embed bucketlogs use it to read "whatever is in this bucket dump" without
// knowing the formats in advance. It knows no store: a bucket's objects
// reach it as [Inputs].
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"

	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// Stdin is the input name that stands for standard input.
const Stdin = "-"

// ErrUnknownFormat is returned by [Open] when the format was not given and
// the first bytes of the input are none of the known formats.
var ErrUnknownFormat = errors.New("no line in the first 64 KiB is in a known log format (set Options.Format to decode it as one)")

// Expand turns paths into the list of inputs to read: a file stays as it
// is, a directory gives every file below it (recursively, in name order,
// skipping names that start with "."), and "-" stands for standard input. No
// paths means standard input. Symbolic links are followed, to files and to
// directories alike (a directory given as a link, a link inside a tree); a
// link back to a directory being walked is a loop and is not followed
// again.
//
// Nothing is skipped silently: every path or directory entry that cannot be
// read (missing, unreadable, a broken link, a loop) gives one error, a
// *fs.PathError naming it, and the walk goes on with the rest, so inputs
// holds everything that could be listed whatever errs holds.
func Expand(paths []string) (inputs []string, errs []error) {
	if len(paths) == 0 {
		return []string{Stdin}, nil
	}
	for _, p := range paths {
		if p == Stdin {
			inputs = append(inputs, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			inputs = append(inputs, p)
			continue
		}
		inputs, errs = walk(p, info, nil, inputs, errs)
	}
	return inputs, errs
}

// errLinkLoop is the cause of the error for a link to a directory that is
// being walked already.
var errLinkLoop = errors.New("symbolic link loop (directory already being read)")

// walk appends the files below dir (whose FileInfo is info; parents are the
// directories above it on this walk, for loop detection) to inputs.
func walk(dir string, info fs.FileInfo, parents []fs.FileInfo, inputs []string, errs []error) ([]string, []error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		errs = append(errs, err)
		// ReadDir returns what it read before the error: go on with it.
	}
	parents = append(parents, info)
	for _, e := range entries {
		name := e.Name()
		if name == "" || name[0] == '.' {
			continue
		}
		path := filepath.Join(dir, name)
		typ := e.Type()
		var sub fs.FileInfo
		if typ&fs.ModeSymlink != 0 {
			target, err := os.Stat(path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			typ, sub = target.Mode().Type(), target
		}
		switch {
		case typ.IsDir():
			if sub == nil {
				if sub, err = os.Stat(path); err != nil {
					errs = append(errs, err)
					continue
				}
			}
			if slices.ContainsFunc(parents, func(p fs.FileInfo) bool { return os.SameFile(p, sub) }) {
				errs = append(errs, &fs.PathError{Op: "walk", Path: path, Err: errLinkLoop})
				continue
			}
			inputs, errs = walk(path, sub, parents, inputs, errs)
		case typ.IsRegular():
			inputs = append(inputs, path)
		}
	}
	return inputs, errs
}

// Options says how to decode inputs.
type Options struct {
	// Format is the format of every input, or parse.FormatUnknown to
	// recognise each input's format from its first bytes.
	Format parse.Format
	// MaxLineSize bounds a line (or JSON record); 0 means
	// parse.DefaultMaxLineSize.
	MaxLineSize int
	// MaxWindow bounds the window of a zstd input, in bytes; 0 means
	// parse.DefaultMaxWindow. An input asking for more is reported as an
	// error in its place.
	MaxWindow int
}

// A Stream is one opened input. It is not safe for concurrent use.
type Stream struct {
	// Name is the input's name as used in errors.
	Name string
	// Format is the format the input is decoded as.
	Format parse.Format
	// Compression is how the input was compressed.
	Compression parse.Compression

	closers []io.Closer
	dec     *parse.Decompressed // the decompressed input
	all     iter.Seq2[*parse.Record, error]
	counts  func() parse.Counts
}

// headSize is how much of an input format recognition looks at: the
// buffer's size.
const headSize = 64 << 10

// Open opens the named input ("-" for standard input, which it does not
// close) and readies it for decoding. It reads at most the first few KiB to
// recognise compression and format. The error is an open or read error, or
// [ErrUnknownFormat].
func Open(name string, opt Options) (*Stream, error) {
	var r io.Reader = os.Stdin
	s := &Stream{Name: name}
	if name != Stdin {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		s.closers = append(s.closers, f)
		r = f
	} else {
		s.Name = "(stdin)"
	}
	if err := s.init(r, opt); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenFS is [Open] for a file of fsys (such as an embed.FS); "-" is not
// special there.
func OpenFS(fsys fs.FS, name string, opt Options) (*Stream, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	s := &Stream{Name: name, closers: []io.Closer{f}}
	if err := s.init(f, opt); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// NewStream readies r, named name, for decoding, like [Open].
func NewStream(name string, r io.Reader, opt Options) (*Stream, error) {
	s := &Stream{Name: name}
	if err := s.init(r, opt); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Stream) init(r io.Reader, opt Options) error {
	dec, comp, err := parse.DecompressWindow(r, opt.MaxWindow)
	if err != nil {
		return fmt.Errorf("%s: %w", comp, err)
	}
	s.closers = append(s.closers, dec)
	s.Compression = comp
	s.dec = dec
	s.Format = opt.Format
	if s.Format == parse.FormatUnknown {
		// A read error here (a truncated compressed stream) is not
		// returned: what was read before it is decoded, and the decoder
		// reports the error in its place, after the last whole line.
		head, _ := dec.Peek(headSize)
		var content bool
		s.Format, content = detect(head)
		if s.Format == parse.FormatUnknown {
			if content {
				return ErrUnknownFormat
			}
			// Nothing but white space and comments: decoded as lines,
			// blank ones are counted and a comment is reported.
			s.Format = parse.FormatS3
		}
	}
	switch s.Format {
	case parse.FormatYandex, parse.FormatS3JSON, parse.FormatAzureJSON:
		rd := yajson.NewReader(dec) // decompressed already: not again
		rd.Format = s.Format
		rd.Source, rd.MaxLineSize, rd.MaxWindow = s.Name, opt.MaxLineSize, opt.MaxWindow
		s.all, s.counts = rd.All(), rd.Counts
	default:
		if !isLineFormat(s.Format) {
			return fmt.Errorf("%w: no decoder reads %s", ErrUnknownFormat, s.Format)
		}
		// Decompressed already; the hint, as Run's workers give it, names
		// a likelier line layout when the first lines fail.
		f := s.Format
		lr := parse.NewLineReader(dec, s.Name, opt.MaxLineSize)
		hint := func(line []byte) string { return s3line.LayoutHint(line, f) }
		var counts parse.Counts
		s.all = parse.LineRecords(lr, lineParser(f), hint, &counts)
		s.counts = func() parse.Counts { return counts }
	}
	return nil
}

// Formats returns the formats source decodes, in the order of their
// constants, as a new slice: what Options.Format may be besides
// parse.FormatUnknown (recognise each input's own).
func Formats() []parse.Format {
	var fs []parse.Format
	for _, f := range parse.Formats() {
		if isJSONFormat(f) || isLineFormat(f) {
			fs = append(fs, f)
		}
	}
	return fs
}

// isJSONFormat reports whether f is JSON records, decoded by yajson.
func isJSONFormat(f parse.Format) bool {
	return f == parse.FormatYandex || f == parse.FormatS3JSON || f == parse.FormatAzureJSON
}

// isLineFormat reports whether f is written one record per line and
// decoded by a [parse.LineParser] (every format but the JSON ones).
func isLineFormat(f parse.Format) bool {
	switch f {
	case parse.FormatS3, parse.FormatOSS, parse.FormatOBS, parse.FormatCOS, parse.FormatGCS, parse.FormatAzure:
		return true
	}
	return false
}

// lineParser returns a new parser of the line format f.
func lineParser(f parse.Format) parse.LineParser {
	switch f {
	case parse.FormatGCS:
		return new(gcslog.Parser)
	case parse.FormatAzure:
		return new(azurelog.Parser)
	}
	return &s3line.Parser{Format: f}
}

// Detect recognises the format of a decompressed input from its first
// bytes: a JSON layout (yandex, s3json, azurejson, told by the first
// record's keys), else a line layout (s3, obs, oss, cos, gcs, azure; see
// each decoder's Detect), else FormatUnknown. It looks at one line after another (a line ends at '\n' or
// '\r'), passing over a byte order mark, blank lines, '#' comment lines
// (headers such as "#Version: 1.0") and lines it does not recognise, and
// answers with the first it does: one malformed line at the top of a file
// does not hide its format.
func Detect(head []byte) parse.Format {
	f, _ := detect(head)
	return f
}

// detect is [Detect], also telling whether head holds anything but white
// space, a byte order mark and comments.
func detect(head []byte) (f parse.Format, content bool) {
	if parse.HasBOM(head) {
		head = head[3:]
	}
	for len(head) > 0 {
		line := head
		head = nil
		if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
			line, head = line[:i], line[i+1:]
		}
		line = bytes.TrimLeft(line, " \t")
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		content = true
		if f, ok := yajson.Detect(line); ok {
			return f, true
		}
		if f, ok := s3line.Detect(line); ok {
			return f, true
		}
		if f, ok := gcslog.Detect(line); ok {
			return f, true
		}
		if f, ok := azurelog.Detect(line); ok {
			return f, true
		}
	}
	return parse.FormatUnknown, content
}

// jsonLines reports whether a yandex stream is JSON lines (see
// yajson.IsLines), which Run cuts into blocks like line formats.
func (s *Stream) jsonLines() bool {
	head, err := s.dec.Peek(headSize)
	return yajson.IsLines(head, err != nil)
}

// All returns the stream's records, with the contract of s3line.Reader.All
// and yajson.Reader.All: single use, the record reused, a malformed line or
// record yields (nil, *parse.Error) and decoding goes on, an I/O error is the
// final element.
func (s *Stream) All() iter.Seq2[*parse.Record, error] { return s.all }

// Counts returns what the stream has decoded so far.
func (s *Stream) Counts() parse.Counts { return s.counts() }

// Close releases the decompressor and closes the file (not standard input).
func (s *Stream) Close() error {
	var first error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	s.closers = nil
	return first
}
