package yajson_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// physicalLines counts the lines of data as a text editor would: its line
// ends, plus a last line without one. If the first line end is a lone
// '\r' (old Mac OS), every '\r' ends a line too.
func physicalLines(data []byte) int64 {
	n := int64(bytes.Count(data, []byte{'\n'}))
	lastEnd := len(data) > 0 && data[len(data)-1] == '\n'
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 && data[i] == '\r' && i+1 < len(data) && data[i+1] != '\n' {
		n += int64(bytes.Count(data, []byte{'\r'}))
		lastEnd = lastEnd || data[len(data)-1] == '\r'
	}
	if len(data) > 0 && !lastEnd {
		n++
	}
	return n
}

// render decodes a stream into JSON lines of records and error messages.
func render(t *testing.T, rd *yajson.Reader, data []byte) []byte {
	t.Helper()
	out := rectest.AppendRecords(t, nil, rd.All())
	if c := rd.Counts(); c.Lines != physicalLines(data) {
		t.Errorf("counts %+v, want %d lines", c, physicalLines(data))
	}
	return out
}

func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json*")
	var inputs []string
	for _, f := range files {
		if !strings.Contains(f, ".golden.") {
			inputs = append(inputs, f)
		}
	}
	if len(inputs) == 0 {
		t.Fatal("no inputs")
	}
	for _, file := range inputs {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rd := yajson.NewReader(bytes.NewReader(data))
			rd.Source = name
			rd.Format, _ = yajson.Detect(data) // the layout from the first record
			if want := strings.Split(name, "-")[0]; rd.Format.String() != strings.Split(want, ".")[0] {
				t.Fatalf("Detect says %v", rd.Format)
			}
			got := render(t, rd, data)
			rectest.CompareGolden(t, filepath.Join("testdata", strings.TrimSuffix(strings.TrimSuffix(name, ".jsonl"), ".json")+".golden.jsonl"), got, *update)
		})
	}
}

// TestBadRecordsLoseNothing checks, for each kind of invalid record, that it
// is reported at its own line and that the valid records around it all decode.
func TestBadRecordsLoseNothing(t *testing.T) {
	good := func(b string) string { return `{"bucket":"` + b + `","status":200,"timestamp":"2024-05-20T09:00:00Z"}` }
	tests := []struct {
		name  string
		bad   string
		cause error
	}{
		{"syntax error", `{"bucket":"x",,"status":1}`, parse.ErrSyntax},
		{"wrong type", `{"bucket":"x","status":"200"}`, parse.ErrType},
		{"unterminated string", `{"bucket":"x,"status":200}`, parse.ErrSyntax},
		{"record cut off mid-key", `{"bucket":"x","sta`, parse.ErrSyntax},
		{"record cut off after a value", `{"bucket":"x","status":200`, parse.ErrSyntax},
		{"not an object", `"just a string"`, parse.ErrSyntax},
		{"stray closing bracket", `}`, parse.ErrSyntax},
	}
	for _, tt := range tests {
		for _, layout := range []string{"lines", "array"} {
			t.Run(tt.name+"/"+layout, func(t *testing.T) {
				var in string
				badLine := 2
				if layout == "lines" {
					in = good("a") + "\n" + tt.bad + "\n" + good("b") + "\n"
				} else {
					in = "[\n" + good("a") + ",\n" + tt.bad + "\n" + good("b") + "\n]\n"
					badLine = 3
				}
				var buckets []string
				var errs []*parse.Error
				for rec, err := range yajson.Records(strings.NewReader(in)) {
					if err != nil {
						var pe *parse.Error
						if !errors.As(err, &pe) {
							t.Fatalf("error %v is not a *parse.Error", err)
						}
						errs = append(errs, pe)
						continue
					}
					buckets = append(buckets, string(rec.Bucket))
				}
				if diff := cmp.Diff([]string{"a", "b"}, buckets); diff != "" {
					t.Errorf("valid records (-want +got):\n%s\ninput:\n%s", diff, in)
				}
				if len(errs) != 1 {
					t.Fatalf("got %d errors %v, want 1", len(errs), errs)
				}
				if errs[0].Line != badLine || !errors.Is(errs[0], tt.cause) {
					t.Errorf("error %v: want line %d, cause %v", errs[0], badLine, tt.cause)
				}
				wantOff := int64(strings.Index(in, "\n"+tt.bad+"\n") + 1)
				if errs[0].Offset < wantOff || errs[0].Offset > wantOff+int64(len(tt.bad)) {
					t.Errorf("error offset %d outside the bad record at %d", errs[0].Offset, wantOff)
				}
			})
		}
	}
}

func TestTruncatedAtEOF(t *testing.T) {
	for _, in := range []string{
		`[{"bucket":"a"},{"bucket":"b"},{"buck`,
		`{"bucket":"a"}` + "\n" + `{"bucket":"b"}` + "\n" + `{"bucket":"c","user_agent":"Mozilla`,
	} {
		var got []string
		var last error
		for rec, err := range yajson.Records(strings.NewReader(in)) {
			if err != nil {
				last = err
				continue
			}
			got = append(got, string(rec.Bucket))
		}
		if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
			t.Errorf("%q: records (-want +got):\n%s", in, diff)
		}
		if !errors.Is(last, parse.ErrTruncated) && !errors.Is(last, parse.ErrSyntax) {
			t.Errorf("%q: last error %v, want a truncated record", in, last)
		}
	}
}

func TestGzipAndBreak(t *testing.T) {
	var plain bytes.Buffer
	for i := range 100 {
		plain.WriteString(`{"bucket":"b","status":` + strings.Repeat("2", 1) + `00,"request_time":` + string(rune('0'+i%10)) + `}` + "\n")
	}
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(plain.Bytes())
	w.Close()
	rd := yajson.NewReader(&z)
	n := 0
	var first *parse.Record
	for rec, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = rec
		} else if rec != first {
			t.Error("the yielded record is not reused")
		}
		if rec.Status != 200 {
			t.Fatalf("status %d", rec.Status)
		}
		if n++; n == 10 {
			break
		}
	}
	if c := rd.Counts(); c.Records != 10 {
		t.Errorf("Records = %d after break at 10", c.Records)
	}
	for range rd.All() {
		t.Fatal("second iteration yielded")
	}
}

func TestEmptyInput(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want parse.Counts
	}{
		{"", parse.Counts{}},
		{"\n \n", parse.Counts{Lines: 2, Blank: 2}},
		{" \t", parse.Counts{Lines: 1, Blank: 1}},
		{"\xef\xbb\xbf\n", parse.Counts{Lines: 1, Blank: 1}},
		{"[]", parse.Counts{Lines: 1}},
		{"[\n]\n", parse.Counts{Lines: 2}},
	} {
		rd := yajson.NewReader(strings.NewReader(tt.in))
		for rec, err := range rd.All() {
			t.Errorf("%q: got %v %v, want nothing", tt.in, rec, err)
		}
		if diff := cmp.Diff(tt.want, rd.Counts()); diff != "" {
			t.Errorf("%q: counts (-want +got):\n%s", tt.in, diff)
		}
	}
}
