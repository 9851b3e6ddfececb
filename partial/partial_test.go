package partial_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/partial"
)

func TestRoundTripAndRefusals(t *testing.T) {
	f := &partial.File{Kind: partial.Query, Meta: []byte("* | count by operation"), State: []byte{1, 2, 3, 4, 5}}
	b := partial.Encode(f)
	got, err := partial.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// Every cut is refused, and so is every single-bit change.
	for n := range len(b) {
		if _, err := partial.Decode(b[:n]); err == nil {
			t.Errorf("cut to %d bytes: accepted", n)
		}
	}
	for i := range len(b) {
		for bit := range 8 {
			c := append([]byte(nil), b...)
			c[i] ^= 1 << bit
			if _, err := partial.Decode(c); err == nil {
				t.Fatalf("bit %d of byte %d flipped: accepted", bit, i)
			}
		}
	}
	other := append([]byte(nil), b...)
	other[len(partial.Magic)] = partial.Version + 1
	var ve *partial.VersionError
	if _, err := partial.Decode(other); !errors.As(err, &ve) || ve.Got != partial.Version+1 {
		t.Errorf("another version: %v", err)
	}
	for in, want := range map[string]error{
		"":                          partial.ErrNotPartial,
		"# a report, not a partial": partial.ErrNotPartial,
		partial.Magic[:4]:           partial.ErrTruncated,
		string(b[:len(b)-1]):        partial.ErrTruncated,
		string(b) + "x":             partial.ErrChecksum,
	} {
		if _, err := partial.Decode([]byte(in)); err != want {
			t.Errorf("Decode(%q) = %v, want %v", in[:min(len(in), 12)], err, want)
		}
	}
}

// FuzzDecode: no input panics Decode, and what it accepts encodes back to
// the same bytes.
func FuzzDecode(f *testing.F) {
	f.Add(partial.Encode(&partial.File{Kind: partial.Report, Meta: []byte{1}, State: []byte("state")}))
	f.Add([]byte(partial.Magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := partial.Decode(b)
		if err != nil {
			return
		}
		if again := partial.Encode(file); string(again) != string(b) {
			t.Fatalf("accepted %q, encodes back as %q", b, again)
		}
	})
}
