// Package export writes records to files that the engines that scale read
// directly: Parquet (zstd, typed columns, an absent field NULL), JSON lines
// or CSV, in Hive-style partitions (DIR/dt=YYYY-MM-DD/, or
// DIR/dt=YYYY-MM-DD/hour=HH/), rolled at a target size so that Athena,
// Trino, Spark and DuckDB do not drown in small files.
//
// One [Writer] per worker goroutine writes its own files (part-W-N.EXT), so
// writing is parallel without locks; memory is bounded by the row groups
// being filled (at most MaxOpen open files per writer), not by the input.
// A file appears under its name only when it is complete: it is written as
// a hidden .tmp file and renamed on close.
//
// Parquet files are written by an encoder made for this one schema (flat
// optional columns and the extra list; v1 data pages, dictionary pages for
// the repeating text columns with a PLAIN fallback when a dictionary
// grows past 1 MiB, zstd, row-group statistics): a record costs only the
// columns of its present fields. parquet-go provides the footer's schema,
// the Thrift and RLE encodings, and is the reader the tests check the
// files with.
//
// It is a package of its own so that programs that only parse do not link
// the Parquet code.
package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Format is the file format written.
type Format int

// The formats.
const (
	Parquet Format = iota
	JSONL
	CSV
)

// Ext is the file name extension of the format.
func (f Format) Ext() string { return [...]string{"parquet", "jsonl", "csv"}[f] }

// ParseFormat reads "parquet", "jsonl" or "csv".
func ParseFormat(s string) (Format, bool) {
	for f := Parquet; f <= CSV; f++ {
		if f.Ext() == s {
			return f, true
		}
	}
	return 0, false
}

// Partition is how files are laid out in folders.
type Partition int

// The partitionings. Records without a time go to dt=__HIVE_DEFAULT_PARTITION__,
// as Hive names a NULL partition.
const (
	ByDay  Partition = iota // DIR/dt=YYYY-MM-DD/
	ByHour                  // DIR/dt=YYYY-MM-DD/hour=HH/
	None                    // DIR/
)

// ParsePartition reads "dt", "hour" or "none".
func ParsePartition(s string) (Partition, bool) {
	switch s {
	case "dt":
		return ByDay, true
	case "hour":
		return ByHour, true
	case "none":
		return None, true
	}
	return 0, false
}

// nullPartition is the folder of records without a time.
const nullPartition = "__HIVE_DEFAULT_PARTITION__"

// Defaults of [Options].
const (
	DefaultTargetSize   = 128 << 20
	DefaultRowGroupRows = 100_000
	DefaultMaxOpen      = 32
)

// Options say what to write where.
type Options struct {
	Format    Format
	Dir       string
	Partition Partition
	// TargetSize is the size at which a file is closed and the next one
	// begun (DefaultTargetSize when 0). Files end a little past it: it is
	// checked as row groups are written.
	TargetSize int64
	// RowGroupRows is how many rows a Parquet row group holds
	// (DefaultRowGroupRows when 0): the unit of memory per open file.
	RowGroupRows int
	// MaxOpen is how many files (partitions) a Writer keeps open at once
	// (DefaultMaxOpen when 0); the least recently written is closed when a
	// record needs another. However many are open, a Writer buffers at
	// most RowGroupRows rows in all: past that, the file holding the most
	// writes them out as a row group.
	MaxOpen int
}

func (o *Options) defaults() {
	if o.TargetSize <= 0 {
		o.TargetSize = DefaultTargetSize
	}
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = DefaultRowGroupRows
	}
	if o.MaxOpen <= 0 {
		o.MaxOpen = DefaultMaxOpen
	}
}

// ErrNotEmpty is the cause of [Prepare]'s error for a directory that
// already holds files.
var ErrNotEmpty = errors.New("already holds files: give another directory, or overwrite to replace an earlier export")

// Prepare makes dir ready for an export: it creates it if need be and
// refuses one that holds anything, so that two runs never mix silently.
// With overwrite, it first removes what an export writes there (dt=
// folders and part- files, which may be a previous run's) and refuses only
// if other files remain.
func Prepare(dir string, overwrite bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var others []string
	for _, e := range entries {
		name := e.Name()
		ours := strings.HasPrefix(name, "dt=") && e.IsDir() || strings.HasPrefix(name, "part-") || strings.HasPrefix(name, ".part-")
		if overwrite && ours {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return err
			}
			continue
		}
		others = append(others, name)
	}
	if len(others) > 0 {
		return &os.PathError{Op: "export to", Path: dir, Err: fmt.Errorf("%w (%s)", ErrNotEmpty, strings.Join(others[:min(3, len(others))], ", "))}
	}
	return nil
}

// A Writer writes the records of one worker. It is not safe for concurrent
// use: give each goroutine its own, with its own worker number. Write
// errors are returned by Write and Close and stop nothing else: the caller
// decides whether to go on.
type Writer struct {
	opt    Options
	worker int
	seq    int
	open   []*file // most recently written last
	last   *file   // the file of the previous record
	lastK  int64   // its partition key
	stats  Stats
	newEnc func(io.Writer) encoder
	held   int // rows buffered by the open files, an upper bound
}

// spill writes out the buffered rows of the file holding the most, until
// at most half the row-group budget is held.
func (w *Writer) spill() error {
	for {
		held, most := 0, (*file)(nil)
		for _, f := range w.open {
			n := f.enc.buffered()
			held += n
			if most == nil || n > most.enc.buffered() {
				most = f
			}
		}
		w.held = held
		if held < w.opt.RowGroupRows/2 || most == nil || most.enc.buffered() == 0 {
			return nil
		}
		if err := most.enc.spill(); err != nil {
			return err
		}
	}
}

// Stats is what a Writer wrote.
type Stats struct {
	Rows  int64 // records written
	Files int   // files completed
	Bytes int64 // bytes of the completed files
}

// An encoder writes records in one format to one file.
type encoder interface {
	write(r *parse.Record) error
	// buffered is how many rows are held in memory, not yet in the file.
	buffered() int
	// spill writes the rows held in memory to the file.
	spill() error
	flush() error // at the end of the file
}

// file is one open output file.
type file struct {
	key     int64 // partition key: hours or days since 1970, or a sentinel
	tmp     string
	name    string
	f       *os.File
	counter *countingWriter
	enc     encoder
}

// countingWriter counts the bytes that reach the file.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// NewWriter returns the Writer of worker number worker (0, 1, ...), which
// names its files part-WORKER-SEQ.EXT. The directory should have been
// through [Prepare].
func NewWriter(opt Options, worker int) *Writer {
	opt.defaults()
	w := &Writer{opt: opt, worker: worker, lastK: -1 << 62}
	switch opt.Format {
	case Parquet:
		schema := recordSchema()
		pool := newColumnPool(schema)
		w.newEnc = func(out io.Writer) encoder { return newParquetEncoder(out, schema, opt.RowGroupRows, pool) }
	case JSONL:
		w.newEnc = func(out io.Writer) encoder { return newJSONEncoder(out) }
	case CSV:
		w.newEnc = func(out io.Writer) encoder { return newCSVEncoder(out) }
	}
	return w
}

const noTime = -1 << 61 // the partition key of records without a time

// partitionKey is r's partition: hours or days since 1970.
func (w *Writer) partitionKey(r *parse.Record) int64 {
	if w.opt.Partition == None {
		return 0
	}
	if !r.Has(parse.Time) {
		return noTime
	}
	sec := r.Time.Unix()
	if w.opt.Partition == ByHour {
		return floorDiv(sec, 3600)
	}
	return floorDiv(sec, 86400)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// folder is the partition folder of key, relative to Dir.
func (w *Writer) folder(key int64) string {
	switch {
	case w.opt.Partition == None:
		return ""
	case key == noTime:
		return "dt=" + nullPartition
	case w.opt.Partition == ByHour:
		t := time.Unix(key*3600, 0).UTC()
		return filepath.Join("dt="+t.Format("2006-01-02"), "hour="+t.Format("15"))
	}
	return "dt=" + time.Unix(key*86400, 0).UTC().Format("2006-01-02")
}

// Write writes r to the file of its partition, opening (and rolling) files
// as needed. r is not kept.
func (w *Writer) Write(r *parse.Record) error {
	key := w.partitionKey(r)
	f := w.last
	if f == nil || key != w.lastK {
		var err error
		if f, err = w.fileFor(key); err != nil {
			return err
		}
		w.last, w.lastK = f, key
	}
	if err := f.enc.write(r); err != nil {
		return err
	}
	w.stats.Rows++
	if w.held++; w.held >= w.opt.RowGroupRows {
		if err := w.spill(); err != nil {
			return err
		}
	}
	if f.counter.n >= w.opt.TargetSize {
		w.last = nil
		return w.closeFile(f)
	}
	return nil
}

// fileFor returns the open file of partition key, opening one (and
// closing the least recently written when MaxOpen are open).
func (w *Writer) fileFor(key int64) (*file, error) {
	for i, f := range w.open {
		if f.key == key {
			copy(w.open[i:], w.open[i+1:])
			w.open[len(w.open)-1] = f
			return f, nil
		}
	}
	if len(w.open) >= w.opt.MaxOpen {
		if err := w.closeFile(w.open[0]); err != nil {
			return nil, err
		}
	}
	dir := filepath.Join(w.opt.Dir, w.folder(key))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	base := fmt.Sprintf("part-%02d-%05d.%s", w.worker, w.seq, w.opt.Format.Ext())
	w.seq++
	f := &file{key: key, name: filepath.Join(dir, base), tmp: filepath.Join(dir, "."+base+".tmp")}
	var err error
	if f.f, err = os.Create(f.tmp); err != nil {
		return nil, err
	}
	f.counter = &countingWriter{w: f.f}
	f.enc = w.newEnc(f.counter)
	w.open = append(w.open, f)
	return f, nil
}

// closeFile completes f and gives it its name.
func (w *Writer) closeFile(f *file) error {
	for i, o := range w.open {
		if o == f {
			w.open = append(w.open[:i], w.open[i+1:]...)
			break
		}
	}
	if w.last == f {
		w.last = nil
	}
	err := f.enc.flush()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp, f.name)
	}
	if err != nil {
		os.Remove(f.tmp)
		return err
	}
	w.stats.Files++
	w.stats.Bytes += f.counter.n
	return nil
}

// Close completes every open file. The first error is returned; the other
// files are still completed.
func (w *Writer) Close() error {
	var first error
	for len(w.open) > 0 {
		if err := w.closeFile(w.open[0]); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Stats returns what w has written so far (files count once closed).
func (w *Writer) Stats() Stats { return w.stats }
