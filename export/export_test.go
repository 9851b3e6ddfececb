package export_test

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"

	"github.com/bucketlogs/bucketlogs/export"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

// row is what the test reads back of each Parquet row.
type row struct {
	Format    string    `parquet:"format"`
	Time      time.Time `parquet:"time,optional,timestamp(microsecond)"`
	Bucket    *string   `parquet:"bucket,optional"`
	Status    *int64    `parquet:"status,optional"`
	BytesSent *int64    `parquet:"bytes_sent,optional"`
	Extra     []string  `parquet:"extra,optional,list"`
}

// readDir reads every Parquet file under dir, in name order.
func readDir(t *testing.T, dir string) (rows []row, files []string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	for _, p := range files {
		if !strings.HasSuffix(p, ".parquet") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		r := parquet.NewGenericReader[row](f)
		buf := make([]row, 100)
		for {
			n, err := r.Read(buf)
			rows = append(rows, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
		}
		r.Close()
		f.Close()
	}
	return rows, files
}

// TestParquetValues: every record is a row, an absent field is NULL (not
// 0 or ""), the time is the record's, extra is a list, and records go to
// the folder of their day (or the NULL partition without a time).
func TestParquetValues(t *testing.T) {
	dir := t.TempDir()
	w := export.NewWriter(export.Options{Dir: dir}, 0)
	at := time.Date(2026, 11, 17, 23, 59, 59, 123456000, time.UTC)
	var r parse.Record
	r.Format = parse.FormatS3
	r.SetTime(at)
	r.SetText(parse.Bucket, []byte("photos"))
	r.SetInt(parse.Status, 200)
	r.SetInt(parse.BytesSent, 0) // present and zero
	r.Extra = [][]byte{[]byte("a"), []byte("b c")}
	r.Mark(parse.Extra)
	if err := w.Write(&r); err != nil {
		t.Fatal(err)
	}
	r.Reset()
	r.Format = parse.FormatYandex
	r.SetTime(at.Add(time.Second)) // the next day
	if err := w.Write(&r); err != nil {
		t.Fatal(err)
	}
	r.Reset()
	r.Format = parse.FormatOSS // no time at all
	if err := w.Write(&r); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rows, files := readDir(t, dir)
	str := func(s string) *string { return &s }
	num := func(n int64) *int64 { return &n }
	want := []row{
		{Format: "s3", Time: at, Bucket: str("photos"), Status: num(200), BytesSent: num(0), Extra: []string{"a", "b c"}},
		{Format: "yandex", Time: at.Add(time.Second)},
		{Format: "oss"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	var rel []string
	for _, f := range files {
		p, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(p))
	}
	wantFiles := []string{"dt=2026-11-17/part-00-00000.parquet", "dt=2026-11-18/part-00-00001.parquet", "dt=__HIVE_DEFAULT_PARTITION__/part-00-00002.parquet"}
	if diff := cmp.Diff(wantFiles, rel); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if s := w.Stats(); s.Rows != 3 || s.Files != 3 || s.Bytes == 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestRollAndBoundedOpenFiles writes 20 days of records in an order that
// jumps between days, with a small target size and row groups: nothing is
// lost, files are rolled near the target (not one per jump), and no .tmp
// file is left. With fewer open files allowed than days, still nothing is
// lost.
func TestRollAndBoundedOpenFiles(t *testing.T) {
	for _, open := range []int{32, 3} {
		n := 20000
		if open == 3 {
			n = 400 // a file per record: slow
		}
		files := rollAndBound(t, open, n)
		if open == 32 && files > 200 {
			t.Errorf("%d files for %d rows: small files", files, n)
		}
	}
}

func rollAndBound(t *testing.T, open, n int) int {
	dir := t.TempDir()
	w := export.NewWriter(export.Options{Dir: dir, TargetSize: 64 << 10, RowGroupRows: 500, MaxOpen: open}, 7)
	recs := gen.Batch(5, n)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i, r := range recs {
		r.SetTime(start.Add(time.Duration(i%20) * 24 * time.Hour))
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rows, files := readDir(t, dir)
	if len(rows) != len(recs) {
		t.Fatalf("%d rows, want %d", len(rows), len(recs))
	}
	days := map[string]int{}
	for _, f := range files {
		if strings.Contains(f, ".tmp") {
			t.Errorf("left behind: %s", f)
		}
		days[filepath.Base(filepath.Dir(f))]++
		info, _ := os.Stat(f)
		if info.Size() > 2*(64<<10)+(1<<20) {
			t.Errorf("%s is %d bytes, far past the target", f, info.Size())
		}
	}
	if len(days) != 20 {
		t.Errorf("%d day folders, want 20", len(days))
	}
	t.Logf("%d open at most: %d files for %d rows", open, len(files), len(rows))
	return len(files)
}

// TestPrepare: a directory holding files is refused; overwrite removes an
// earlier export and keeps the rest.
func TestPrepare(t *testing.T) {
	dir := t.TempDir()
	if err := export.Prepare(dir, false); err != nil {
		t.Fatalf("empty directory: %v", err)
	}
	os.MkdirAll(filepath.Join(dir, "dt=2026-11-17"), 0o755)
	os.WriteFile(filepath.Join(dir, "dt=2026-11-17", "part-00-00000.parquet"), []byte("x"), 0o644)
	if err := export.Prepare(dir, false); !errors.Is(err, export.ErrNotEmpty) {
		t.Errorf("earlier export: %v, want ErrNotEmpty", err)
	}
	if err := export.Prepare(dir, true); err != nil {
		t.Errorf("overwrite: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "dt=2026-11-17")); !os.IsNotExist(err) {
		t.Errorf("overwrite left the earlier export: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if err := export.Prepare(dir, true); !errors.Is(err, export.ErrNotEmpty) || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("a file of the user's: %v", err)
	}
}

// TestTextFormats: JSON lines and CSV carry the same records as cat prints.
func TestTextFormats(t *testing.T) {
	recs := gen.Batch(6, 300)
	for _, f := range []export.Format{export.JSONL, export.CSV} {
		dir := t.TempDir()
		w := export.NewWriter(export.Options{Format: f, Dir: dir, Partition: export.None}, 0)
		for _, r := range recs {
			w.Write(r)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(filepath.Join(dir, "part-00-00000."+f.Ext()))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(file)
		sc.Buffer(nil, 1<<20)
		var lines []string
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		file.Close()
		want := len(recs)
		if f == export.CSV {
			want++ // the header
		}
		if len(lines) != want {
			t.Errorf("%s: %d lines, want %d", f.Ext(), len(lines), want)
		}
		if f == export.JSONL && lines[0] != string(parse.AppendJSON(nil, recs[0])) {
			t.Errorf("jsonl first line %q", lines[0])
		}
	}
}
