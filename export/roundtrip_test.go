package export_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/bucketlogs/bucketlogs/export"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// cells is a row as column name to value: nil for NULL, int64 for
// integers and times (microseconds), string for text, []string for extra.
type cells map[string]any

// recordCells is what the Parquet row of r must hold.
func recordCells(r *parse.Record) cells {
	c := cells{"format": r.Format.String()}
	for f := range parse.NumFields {
		name := f.String()
		switch {
		case !r.Has(f):
			c[name] = nil
		case f.Kind() == parse.KindInt:
			v, _ := r.Int(f)
			c[name] = v
		case f.Kind() == parse.KindTime:
			c[name] = r.Time.UnixMicro()
		case f.Kind() == parse.KindList:
			l := []string{}
			for _, x := range r.Extra {
				l = append(l, string(x))
			}
			c[name] = l
		default:
			c[name] = string(r.Text(f))
		}
	}
	return c
}

// fileCells reads every row of a Parquet file with parquet-go's reader.
func fileCells(t *testing.T, f *parquet.File) []cells {
	t.Helper()
	cols := f.Schema().Columns()
	r := parquet.NewReader(f)
	defer r.Close()
	var out []cells
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			c := cells{}
			for _, v := range row {
				name := cols[v.Column()][0]
				switch {
				case name == "extra":
					l, _ := c[name].([]string)
					switch {
					case v.DefinitionLevel() == 0:
						c[name] = nil
					case v.DefinitionLevel() == 1:
						c[name] = []string{}
					default:
						c[name] = append(l, string(v.ByteArray()))
					}
				case v.IsNull():
					c[name] = nil
				case v.Kind() == parquet.Int64:
					c[name] = v.Int64()
				default:
					c[name] = string(v.ByteArray())
				}
			}
			out = append(out, c)
		}
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestParquetRoundTrip writes records of every format and every shape
// (absent, present and empty, present and zero, long text, a dictionary
// column that outgrows its dictionary, extra absent, empty and long) over
// several row groups, and reads them back with parquet-go: every value
// is the record's, and each row group's statistics bound its values.
func TestParquetRoundTrip(t *testing.T) {
	records := gen.Batch(3, 9000)
	var r parse.Record
	r.Format = parse.FormatS3
	records = append(records, r.Clone()) // nothing but the format
	r.SetText(parse.UserAgent, []byte{})
	r.SetInt(parse.BytesSent, 0)
	r.Mark(parse.Extra)
	records = append(records, r.Clone()) // present and empty
	r.SetText(parse.Key, bytes.Repeat([]byte("k"), 5000))
	r.Extra = [][]byte{[]byte("x"), {}, []byte("z z")}
	records = append(records, r.Clone())
	for i := range 3000 { // 1.8 MB of distinct referers: past the dictionary's limit
		c := records[i*3].Clone()
		c.SetText(parse.Referer, fmt.Appendf(nil, "https://example.com/%d/%s", i, strings.Repeat("r", 600)))
		records = append(records, c)
	}
	records = append(records, gen.Batch(4, 3000)...)

	dir := t.TempDir()
	w := export.NewWriter(export.Options{Dir: dir, Partition: export.None, RowGroupRows: 4000}, 0)
	want := make([]cells, len(records))
	for i, r := range records {
		want[i] = recordCells(r)
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "part-*.parquet"))
	if len(paths) != 1 {
		t.Fatalf("files %v", paths)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if f.NumRows() != int64(len(records)) {
		t.Fatalf("rows %d, want %d", f.NumRows(), len(records))
	}
	got := fileCells(t, f)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}

	// Statistics: each row group's null count, min and max are its rows'.
	meta := f.Metadata()
	if len(meta.RowGroups) < 4 {
		t.Fatalf("%d row groups", len(meta.RowGroups))
	}
	fellBack := false
	start := 0
	for g, rg := range meta.RowGroups {
		rows := want[start : start+int(rg.NumRows)]
		start += int(rg.NumRows)
		for _, cc := range rg.Columns {
			m := cc.MetaData
			name := m.PathInSchema[0]
			if name == "extra" {
				continue
			}
			var nulls int64
			var lo, hi []byte
			for _, row := range rows {
				var b []byte
				switch v := row[name].(type) {
				case nil:
					nulls++
					continue
				case int64:
					b = binary.LittleEndian.AppendUint64(nil, uint64(v))
				case string:
					b = []byte(v)
				}
				less := func(a, b []byte) bool {
					if m.Type == 2 { // INT64
						return int64(binary.LittleEndian.Uint64(a)) < int64(binary.LittleEndian.Uint64(b))
					}
					return bytes.Compare(a, b) < 0
				}
				if lo == nil || less(b, lo) {
					lo = b
				}
				if hi == nil || less(hi, b) {
					hi = b
				}
			}
			if m.Statistics.NullCount != nulls {
				t.Errorf("row group %d %s: %d nulls, want %d", g, name, m.Statistics.NullCount, nulls)
			}
			if len(hi) > 512 || len(lo) > 512 {
				lo, hi = nil, nil // too long to keep
			}
			if !bytes.Equal(m.Statistics.MinValue, lo) || !bytes.Equal(m.Statistics.MaxValue, hi) {
				t.Errorf("row group %d %s: bounds %q..%q, want %q..%q", g, name, m.Statistics.MinValue, m.Statistics.MaxValue, lo, hi)
			}
			if name == "referer" && len(m.Encoding) == 3 {
				fellBack = true // RLE, PLAIN and RLE_DICTIONARY
			}
		}
	}
	if !fellBack {
		t.Error("no row group wrote referer both from its dictionary and PLAIN")
	}
}

// FuzzParquetMatchesRecords: whatever lines decode to, parquet-go reads
// back the same rows from the Parquet file (small row groups, so that
// every input crosses several), with an s3 or OSS line per input line
// (the first byte chooses the layout).
func FuzzParquetMatchesRecords(f *testing.F) {
	f.Add(gen.Corpus(1, parse.FormatS3, 5))
	f.Add(append([]byte{'o'}, gen.Corpus(2, parse.FormatOSS, 4)...))
	f.Add([]byte("b - - [06/Feb/2019:00:00:38 +0000] - - - - - - - - - - - - - - a b c\n-\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p s3line.Parser
		if len(data) > 0 && data[0] == 'o' {
			p.Format, data = parse.FormatOSS, data[1:]
		}
		dir := t.TempDir()
		w := export.NewWriter(export.Options{Dir: dir, Partition: export.None, RowGroupRows: 3}, 0)
		var r parse.Record
		var want []cells
		for line := range bytes.Lines(data) {
			if p.Parse(bytes.TrimSuffix(line, []byte("\n")), &r) != nil {
				continue
			}
			want = append(want, recordCells(&r))
			if err := w.Write(&r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var got []cells
		paths, _ := filepath.Glob(filepath.Join(dir, "part-*.parquet"))
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fileCells(t, pf)...)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("rows (-want +got):\n%s", diff)
		}
	})
}
