package parse_test

import (
	"reflect"
	"strings"
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

// TestTextFieldsHaveTheirOwnStorage sets each text field by number and
// checks that exactly one []byte of the Record changed and that no two
// fields share one: the offset table behind Text and SetText is whole.
func TestTextFieldsHaveTheirOwnStorage(t *testing.T) {
	owner := map[string]parse.Field{}
	for _, f := range parse.Fields() {
		if f.Kind() != parse.KindText {
			continue
		}
		var r parse.Record
		v := []byte("value of " + f.String())
		r.SetText(f, v)
		if string(r.Text(f)) != string(v) {
			t.Fatalf("%v: Text = %q", f, r.Text(f))
		}
		rv := reflect.ValueOf(r)
		var set []string
		for i := range rv.NumField() {
			if !rv.Field(i).CanInterface() {
				continue
			}
			if b, ok := rv.Field(i).Interface().([]byte); ok && string(b) == string(v) {
				set = append(set, rv.Type().Field(i).Name)
			}
		}
		if len(set) != 1 {
			t.Fatalf("%v is stored in %v", f, set)
		}
		if g, dup := owner[set[0]]; dup {
			t.Fatalf("%v and %v share Record.%s", g, f, set[0])
		}
		owner[set[0]] = f
	}
}

// TestTextOfANonTextFieldPanics: Text and SetText of an integer field, or
// of a number past the fields, are programming errors and panic with a
// message naming the field.
func TestTextOfANonTextFieldPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func(r *parse.Record)
		want string
	}{
		{"Text(status)", func(r *parse.Record) { r.SetInt(parse.Status, 200); r.Text(parse.Status) }, "parse: status is not a text field"},
		{"SetText(bytes_sent)", func(r *parse.Record) { r.SetText(parse.BytesSent, []byte("1")) }, "parse: bytes_sent is not a text field"},
		{"SetText(past the fields)", func(r *parse.Record) { r.SetText(parse.NumFields+5, nil) }, "is not a text field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("panic %v, want one saying %q", err, tc.want)
				}
			}()
			tc.call(new(parse.Record))
		})
	}
}
