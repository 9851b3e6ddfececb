package parse_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
)

// TestFormatField: the format is a field like the others for reading: its
// key, kind, presence and text.
func TestFormatField(t *testing.T) {
	var r parse.Record
	f, ok := parse.FieldByName("format")
	if !ok || f != parse.FormatField || f.String() != "format" || f.Kind() != parse.KindText {
		t.Fatalf("FieldByName(format) = %v, %v; String %q", f, ok, f.String())
	}
	if r.Has(parse.FormatField) || r.Text(parse.FormatField) != nil {
		t.Error("an unknown format is present")
	}
	for _, fm := range []parse.Format{parse.FormatS3, parse.FormatOSS, parse.FormatYandex} {
		r.Format = fm
		if !r.Has(parse.FormatField) || string(r.Text(parse.FormatField)) != fm.String() ||
			string(parse.AppendValue(nil, &r, parse.FormatField)) != fm.String() {
			t.Errorf("%v: Has %v, Text %q", fm, r.Has(parse.FormatField), r.Text(parse.FormatField))
		}
	}
	for _, g := range parse.Fields() {
		if g == parse.FormatField {
			t.Error("Fields lists the format, which a Record does not store")
		}
	}
}

// TestPresent: the bit mask has the bit of each present field, and only
// those, as Has reports them.
func TestPresent(t *testing.T) {
	var r parse.Record
	if r.Present() != 0 {
		t.Fatalf("an empty record: %b", r.Present())
	}
	r.SetInt(parse.BytesSent, 0)
	r.SetText(parse.Key, []byte{})
	r.Mark(parse.Extra)
	r.Unmark(parse.Key)
	for f := range parse.NumFields {
		if got := r.Present()&(1<<f) != 0; got != r.Has(f) {
			t.Errorf("%v: bit %v, Has %v", f, got, r.Has(f))
		}
	}
	if want := uint64(1)<<parse.BytesSent | 1<<parse.Extra; r.Present() != want {
		t.Errorf("Present %b, want %b", r.Present(), want)
	}
}
