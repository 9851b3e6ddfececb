package source

import (
	"context"
	"io"
	"io/fs"
	"iter"
	"os"
)

// An Input is one input to decode: a local file, standard input, a file
// of an fs.FS, or anything else that can be opened as a stream, such as an
// object of a bucket (package bucket makes those). It is a value: copy it
// freely.
type Input struct {
	// Name names the input in errors and progress: a path, "(stdin)" or
	// an s3:// URL.
	Name string
	// Size is the input's size in bytes (before decompression) when known
	// in advance, else -1. It is only used for progress.
	Size int64
	// Open opens the input for reading. It is called at most once per
	// Input, from whichever goroutine reads it, and the caller closes what
	// it returns. Its error is shown as it is, so it should name the
	// input (as a *fs.PathError does).
	Open func(ctx context.Context) (io.ReadCloser, error)
}

// Inputs is a sequence of inputs in the order they are to be read, with an
// error in the place of each one that could not be listed (the error names
// it; the sequence goes on after it). Readers of an Inputs call it once.
type Inputs = iter.Seq2[Input, error]

// Names returns the inputs of the given names, in order: "-" is standard
// input (stdin, or os.Stdin when stdin is nil) and any other name a file,
// of fsys when fsys is not nil, else of the operating system. Names does
// not list directories: give it the names [Expand] returns. Sizes come
// from a Stat when the sequence is read.
func Names(names []string, fsys fs.FS, stdin io.Reader) Inputs {
	return func(yield func(Input, error) bool) {
		for _, name := range names {
			if !yield(nameInput(name, fsys, stdin), nil) {
				return
			}
		}
	}
}

// nameInput is the Input of one name, as [Names] describes.
func nameInput(name string, fsys fs.FS, stdin io.Reader) Input {
	if name == Stdin && fsys == nil {
		return Input{Name: "(stdin)", Size: -1, Open: func(context.Context) (io.ReadCloser, error) {
			r := stdin
			if r == nil {
				r = os.Stdin
			}
			return io.NopCloser(r), nil // standard input is not closed
		}}
	}
	var info fs.FileInfo
	var err error
	if fsys != nil {
		info, err = fs.Stat(fsys, name)
	} else {
		info, err = os.Stat(name)
	}
	size := int64(-1)
	if err == nil && info.Mode().IsRegular() {
		size = info.Size()
	}
	return Input{Name: name, Size: size, Open: func(context.Context) (io.ReadCloser, error) {
		if fsys != nil {
			return fsys.Open(name)
		}
		return os.Open(name)
	}}
}

// OpenInput opens in and readies it for decoding, like [Open]; ctx is
// passed to in.Open.
func OpenInput(ctx context.Context, in Input, opt Options) (*Stream, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	rc, err := in.Open(ctx)
	if err != nil {
		return nil, err
	}
	s := &Stream{Name: in.Name, closers: []io.Closer{rc}}
	if err := s.init(rc, opt); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
