package parse_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/parse"
)

// lineEvent is what a LineReader produced for one line.
type lineEvent struct {
	Line    string
	TooLong bool
	No      int
	Offset  int64
}

// referenceLines splits data the slow, obvious way: a byte order mark at
// the start is skipped, and if the first line end is a lone '\r', every
// '\r' ends a line.
func referenceLines(data []byte, max int) []lineEvent {
	var evs []lineEvent
	off := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		off = 3
	}
	if i := bytes.IndexAny(data[off:], "\r\n"); i >= 0 && data[off+i] == '\r' && off+i+1 < len(data) && data[off+i+1] != '\n' {
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	for no := 1; off < len(data); no++ {
		end := bytes.IndexByte(data[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end = len(data) - off
			next = len(data)
		}
		line := data[off : off+end]
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > max {
			evs = append(evs, lineEvent{TooLong: true, No: no, Offset: int64(off)})
		} else {
			evs = append(evs, lineEvent{Line: string(line), No: no, Offset: int64(off)})
		}
		off = next
	}
	return evs
}

func readLines(t testing.TB, r io.Reader, max int) []lineEvent {
	return readLinesWith(t, parse.NewLineReader(r, "src", max))
}

// readLinesWith is readLines with a LineReader already made.
func readLinesWith(t testing.TB, lr *parse.LineReader) []lineEvent {
	var evs []lineEvent
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return evs
		}
		if err != nil {
			if !errors.Is(err, parse.ErrLineTooLong) {
				t.Fatalf("unexpected error %v", err)
			}
			evs = append(evs, lineEvent{TooLong: true, No: lr.Line(), Offset: lr.Offset()})
			continue
		}
		evs = append(evs, lineEvent{Line: string(line), No: lr.Line(), Offset: lr.Offset()})
	}
}

// readBlocks reads with ReadBlock into blocks of size bytes and splits them
// as source.Run's workers do: at '\n', dropping a '\r' before it, a line
// over max reported as too long.
func readBlocks(t testing.TB, r io.Reader, max, size int) []lineEvent {
	lr := parse.NewLineReader(r, "src", max)
	var evs []lineEvent
	buf := make([]byte, 0, size)
	for {
		b, err := lr.ReadBlock(buf)
		if err == io.EOF {
			return evs
		}
		if err != nil {
			if !errors.Is(err, parse.ErrLineTooLong) {
				t.Fatalf("unexpected error %v", err)
			}
			evs = append(evs, lineEvent{TooLong: true, No: lr.Line(), Offset: lr.Offset()})
			continue
		}
		if len(b.Data) == 0 || b.Lines == 0 {
			t.Fatalf("empty block %+v without an error", b)
		}
		data, off, n := b.Data, b.Offset, 0
		for no := b.Line; len(data) > 0; no++ {
			line, rest := data, []byte(nil)
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				line, rest = data[:i], data[i+1:]
			}
			line = bytes.TrimSuffix(line, []byte("\r"))
			if len(line) > max {
				evs = append(evs, lineEvent{TooLong: true, No: no, Offset: off})
			} else {
				evs = append(evs, lineEvent{Line: string(line), No: no, Offset: off})
			}
			off += int64(len(data) - len(rest))
			data = rest
			n++
		}
		if n != b.Lines {
			t.Fatalf("block says %d lines, holds %d", b.Lines, n)
		}
		buf = b.Data
	}
}

func checkLines(t *testing.T, data []byte, max int) {
	t.Helper()
	want := referenceLines(data, max)
	readers := map[string]func() io.Reader{
		"whole":   func() io.Reader { return bytes.NewReader(data) },
		"onebyte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) },
		"half":    func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) },
	}
	eq := cmp.Comparer(func(a, b lineEvent) bool { return a == b })
	for name, r := range readers {
		if diff := cmp.Diff(want, readLines(t, r(), max), eq); diff != "" {
			t.Fatalf("%s reader: lines mismatch (-want +got):\n%s", name, diff)
		}
		// A reader Reset after another input (with lone '\r' line ends
		// and a line long enough to grow its buffer) reads as a new one.
		used := parse.NewLineReader(strings.NewReader("a\rb\r"+strings.Repeat("x", max+300000)+"\r"), "other", max)
		readLinesWith(t, used)
		used.Reset(r(), "src")
		if diff := cmp.Diff(want, readLinesWith(t, used), eq); diff != "" {
			t.Fatalf("%s reader after Reset: lines mismatch (-want +got):\n%s", name, diff)
		}
		for _, size := range []int{1, 7, 64, 4096, 300 << 10} {
			if diff := cmp.Diff(want, readBlocks(t, r(), max, size), eq); diff != "" {
				t.Fatalf("%s reader, blocks of %d: lines mismatch (-want +got):\n%s", name, size, diff)
			}
		}
	}
}

func TestLineReaderRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		max := 1 + rng.IntN(300)
		var data []byte
		for range rng.IntN(60) {
			n := rng.IntN(2 * max)
			for range n {
				data = append(data, byte('a'+rng.IntN(26)))
			}
			switch rng.IntN(4) {
			case 0:
				data = append(data, '\r', '\n')
			default:
				data = append(data, '\n')
			}
		}
		if rng.IntN(2) == 0 && len(data) > 0 {
			data = data[:len(data)-1] // no final newline
		}
		checkLines(t, data, max)
	}
}

func TestLineReaderBigLines(t *testing.T) {
	// Lines longer than the read buffer but within the maximum must be
	// returned whole; longer ones skipped in bounded memory.
	big := bytes.Repeat([]byte("x"), 700<<10)
	data := append(append(append([]byte("a\n"), big...), "\nb\n"...), bytes.Repeat(big, 3)...)
	checkLines(t, append(data, "\nc"...), 1<<20)
}

func TestLineReaderIOError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(bytes.NewReader([]byte("one\ntwo")), iotest.ErrReader(boom))
	lr := parse.NewLineReader(r, "src", 0)
	var got []string
	var last error
	for range 5 {
		line, err := lr.Next()
		if err != nil {
			last = err
			continue
		}
		got = append(got, string(line))
	}
	if diff := cmp.Diff([]string{"one", "two"}, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	var pe *parse.Error
	if !errors.As(last, &pe) || !errors.Is(last, boom) || pe.Line != 3 || pe.Source != "src" {
		t.Errorf("last error = %#v, want *parse.Error at line 3 wrapping boom", last)
	}
}

func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\nbb\r\nccc"), 2)
	f.Add([]byte("\n\n\r\n"), 1)
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		if max <= 0 || max > 1<<16 {
			return
		}
		checkLines(t, data, max)
	})
}

func TestLineReaderStartAndLineEnds(t *testing.T) {
	for _, data := range []string{
		"\xef\xbb\xbfa b\nc d\n",
		"\xef\xbb\xbf",
		"a\rb\rc",
		"a\rb\r\nc\n", // a lone CR first: every CR ends a line
		"a\r\nb\rc\n", // CRLF first: a later lone CR stays in its line
		"\xef\xbb\xbfa\rb",
		"a\r",
		"\r\r\r",
	} {
		checkLines(t, []byte(data), 100)
	}
}

// endsIn is a reader that counts the reads into the end of one buffer.
type endsIn struct {
	r         io.Reader
	buf       []byte
	into, all int
}

func (e *endsIn) Read(p []byte) (int, error) {
	e.all++
	if len(p) > 0 && &p[:cap(p)][cap(p)-1] == &e.buf[:cap(e.buf)][cap(e.buf)-1] {
		e.into++
	}
	return e.r.Read(p)
}

// TestReadBlockReadsIntoTheBlock: once the first line end has told how
// lines end, ReadBlock reads the input straight into the caller's block, not
// into its window first, so the reader copies the input once.
func TestReadBlockReadsIntoTheBlock(t *testing.T) {
	var data []byte
	for i := range 20000 {
		data = append(data, strings.Repeat("x", i%97)+"\n"...)
	}
	buf := make([]byte, 0, 16<<10)
	src := &endsIn{r: bytes.NewReader(data), buf: buf}
	lr := parse.NewLineReader(src, "src", 0)
	var got []byte
	for {
		b, err := lr.ReadBlock(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, b.Data...)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("the blocks hold %d bytes, not the %d of the input", len(got), len(data))
	}
	// The first read fills the window; every later one goes into the block.
	if src.into != src.all-1 {
		t.Errorf("%d of %d reads went into the block, want all but the first", src.into, src.all)
	}
}
