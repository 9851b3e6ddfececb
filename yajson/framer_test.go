package yajson

import (
	"io"
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
)

// arrayStream produces a JSON array of n records without holding it in memory.
type arrayStream struct {
	n, i int
	rec  []byte
	pend []byte
}

func (s *arrayStream) Read(p []byte) (int, error) {
	if len(s.pend) == 0 {
		switch {
		case s.i == 0:
			s.pend = []byte("[\n")
		case s.i <= s.n:
			s.pend = s.rec
			if s.i < s.n {
				s.pend = append(s.pend[:len(s.pend):len(s.pend)], ",\n"...)
			}
		case s.i == s.n+1:
			s.pend = []byte("\n]\n")
		default:
			return 0, io.EOF
		}
		s.i++
	}
	n := copy(p, s.pend)
	s.pend = s.pend[n:]
	return n, nil
}

// TestFramerMemoryBounded streams a 300 MB array and checks the framer's
// buffer never grows past a few times the maximum record size: memory is
// bounded by the largest record, not the input.
func TestFramerMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 300 MB")
	}
	rec := []byte(`{"bucket":"b","status":200,"timestamp":"2024-05-20T09:00:00Z","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"}`)
	n := 300 << 20 / len(rec)
	const maxRecord = 64 << 10
	fr := newFramer(&arrayStream{n: n, rec: rec}, maxRecord)
	var p Parser
	var r parse.Record
	got, peak := 0, 0
	for {
		f, err := fr.next()
		if err == io.EOF {
			break
		}
		if err != nil || f.err != nil {
			t.Fatalf("record %d: %v %v", got, err, f.err)
		}
		if err := p.Parse(f.data, &r); err != nil {
			t.Fatal(err)
		}
		fr.consume(f.next)
		got++
		peak = max(peak, cap(fr.Buf))
	}
	if got != n {
		t.Fatalf("decoded %d records, want %d", got, n)
	}
	if peak > 4*maxRecord {
		t.Fatalf("framer buffer grew to %d bytes for records of %d bytes", peak, len(rec))
	}
}
