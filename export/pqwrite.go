package export

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/bucketlogs/bucketlogs/parse"
)

// The Parquet files are written by parquetEncoder, a writer specialised
// for the one schema of the records: every column but extra is flat, so a
// record appends to the columns of its present fields only (typed values,
// no boxing), and the absent ones are filled in as runs of NULL levels
// when a later value or the end of a page needs them. parquet-go's
// general writer, which this replaced, cost about 1.6 times as much per
// record (BenchmarkWrite: 110-143 against 191-216 MB/s); parquet-go still provides the footer's schema
// elements, the Thrift encoding, the RLE/bit-packed hybrid, and reads
// the files back in the tests.
//
// A file is laid out as Parquet requires: "PAR1", then each row group's
// column chunks in column order (a chunk: its dictionary page, if any,
// then its data pages, v1, zstd), then the footer. A row group is held in
// memory, as compressed pages per column, until it is complete.

// Limits of the Parquet encoder.
const (
	// pageBytes is the raw size of values at which a page is closed.
	pageBytes = 1 << 20
	// dictMaxBytes is the size past which a column's dictionary is full:
	// the rest of its chunk is written PLAIN, as parquet-mr does.
	dictMaxBytes = 1 << 20
	// maxFreeSets is how many sets of column buffers a Writer keeps for
	// its files' next row groups.
	maxFreeSets = 8
	// maxStatBytes is the longest text kept as a column chunk's min or
	// max; a chunk with a longer bound records none.
	maxStatBytes = 512
)

// pqColumn is one leaf column: the page being filled and the chunk of the
// row group being built.
type pqColumn struct {
	leaf *leaf
	rows int // rows of the row group this column has levels for

	// The page being filled.
	defs      []uint8
	reps      []uint8
	ints      []int64
	data      []byte  // PLAIN byte arrays: a 4-byte length, then the bytes
	idx       []int32 // dictionary indices
	nvals     int     // level entries (values and NULLs)
	pageNulls int

	// The chunk's dictionary: entries PLAIN-encoded in dictData, entry i
	// at dictOff[i]; the last index looked up, to skip the map on repeats.
	dict     map[string]int32
	dictData []byte
	dictOff  []int32
	last     int32
	plain    bool // the dictionary is full

	// The chunk's pages so far, each a header and its compressed bytes.
	pages                    []byte
	uncompressed, compressed int64
	numValues, nulls         int64
	usedPlain, usedDict      bool

	// The chunk's bounds.
	bounded    bool
	minI, maxI int64
	minB, maxB []byte
}

func (c *pqColumn) entry(i int32) []byte {
	return c.dictData[c.dictOff[i]+4 : c.dictOff[i+1]]
}

// pad adds NULLs for the rows before row that lacked the field.
func (c *pqColumn) pad(row int) {
	k := row - c.rows
	c.defs = append(c.defs, make([]uint8, k)...)
	if c.leaf.maxRep > 0 {
		c.reps = append(c.reps, make([]uint8, k)...)
	}
	c.nvals += k
	c.pageNulls += k
	c.rows = row
}

func (c *pqColumn) pageSize() int {
	return len(c.data) + 8*len(c.ints) + 4*len(c.idx) + len(c.defs)/8
}

// int adds the value v of an integer or time column.
func (c *pqColumn) int(v int64) {
	c.ints = append(c.ints, v)
	c.boundInt(v)
	c.usedPlain = true
	c.defined()
}

// defined adds the level of a present value of a flat column.
func (c *pqColumn) defined() {
	c.defs = append(c.defs, 1)
	c.nvals++
}

func (c *pqColumn) boundInt(v int64) {
	switch {
	case !c.bounded:
		c.minI, c.maxI, c.bounded = v, v, true
	case v < c.minI:
		c.minI = v
	case v > c.maxI:
		c.maxI = v
	}
}

func (c *pqColumn) boundText(b []byte) {
	switch {
	case !c.bounded:
		c.minB, c.maxB, c.bounded = append(c.minB[:0], b...), append(c.maxB[:0], b...), true
	case bytes.Compare(b, c.minB) < 0:
		c.minB = append(c.minB[:0], b...)
	case bytes.Compare(b, c.maxB) > 0:
		c.maxB = append(c.maxB[:0], b...)
	}
}

// parquetEncoder writes records as the rows of one Parquet file. It is
// used by one goroutine.
type parquetEncoder struct {
	s        *parquetSchema
	out      io.Writer
	pool     *columnPool
	cols     []pqColumn // nil between row groups
	rows     int        // rows of the row group being built
	rowGroup int
	off      int64 // bytes written to out
	err      error // the first write error: the file is lost
	groups   []format.RowGroup
	total    int64
	buf      []byte // a page before compression
	lvl      []byte // levels or indices, encoded
	comp     []byte // a page compressed
	dictPage []byte // a dictionary page, compressed, with its header
}

func newParquetEncoder(out io.Writer, s *parquetSchema, rowGroupRows int, pool *columnPool) *parquetEncoder {
	e := &parquetEncoder{s: s, out: out, pool: pool, rowGroup: rowGroupRows}
	e.emit([]byte("PAR1"))
	return e
}

// A columnPool holds the column buffers and the zstd encoder of one
// Writer's Parquet files: a file takes a set of columns while it builds a
// row group and gives it back when the row group is written out, so that
// files opened one after another, or many open at once, reuse a few sets
// instead of each growing its own. It is used by one goroutine.
type columnPool struct {
	s    *parquetSchema
	z    *zstd.Encoder
	free [][]pqColumn
}

func newColumnPool(s *parquetSchema) *columnPool {
	z, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
	if err != nil {
		panic("export: " + err.Error()) // only for invalid options
	}
	return &columnPool{s: s, z: z}
}

func (p *columnPool) get() []pqColumn {
	if n := len(p.free); n > 0 {
		cols := p.free[n-1]
		p.free = p.free[:n-1]
		return cols
	}
	cols := make([]pqColumn, len(p.s.leaves))
	for i := range cols {
		cols[i].leaf = &p.s.leaves[i]
	}
	return cols
}

// put takes back a set of columns whose row group has been written out.
func (p *columnPool) put(cols []pqColumn) {
	if len(p.free) < maxFreeSets {
		p.free = append(p.free, cols)
	}
}

func (e *parquetEncoder) emit(b []byte) {
	if e.err != nil {
		return
	}
	n, err := e.out.Write(b)
	e.off += int64(n)
	e.err = err
}

// write adds r's row: a value in the column of each present field, after
// the NULLs of the rows before it that lacked the field. An absent field
// is a NULL (definition level 0), never a zero.
func (e *parquetEncoder) write(r *parse.Record) error {
	if e.err != nil {
		return e.err
	}
	if e.cols == nil {
		e.cols = e.pool.get()
	}
	row := e.rows
	fc := &e.cols[e.s.formatColumn]
	e.text(fc, r.Text(parse.FormatField))
	fc.nvals++
	fc.rows = row + 1
	if fc.pageSize() >= pageBytes {
		e.flushPage(fc)
	}
	for p := r.Present(); p != 0; p &= p - 1 {
		f := parse.Field(bits.TrailingZeros64(p))
		c := &e.cols[e.s.column[f]]
		if c.rows < row {
			c.pad(row)
		}
		switch c.leaf.kind {
		case parse.KindInt:
			v, _ := r.Int(f)
			c.int(v)
		case parse.KindTime:
			c.int(r.Time.UnixMicro())
		case parse.KindList:
			e.list(c, r.Extra) // its own levels
		default:
			e.text(c, r.Text(f))
			c.defined()
		}
		c.rows = row + 1
		if c.pageSize() >= pageBytes {
			e.flushPage(c)
		}
	}
	e.rows++
	if e.rows >= e.rowGroup {
		e.flushRowGroup()
	}
	return e.err
}

// list adds the levels and values of extra: a present empty list is
// defined (level 1) with no element; elements are at level 2, the first
// of the row at repetition level 0.
func (e *parquetEncoder) list(c *pqColumn, extra [][]byte) {
	if len(extra) == 0 {
		c.defs = append(c.defs, 1)
		c.reps = append(c.reps, 0)
		c.nvals++
		c.pageNulls++
		return
	}
	for i, x := range extra {
		c.data = binary.LittleEndian.AppendUint32(c.data, uint32(len(x)))
		c.data = append(c.data, x...)
		c.boundText(x)
		c.defs = append(c.defs, 2)
		c.reps = append(c.reps, uint8(min(i, 1)))
		c.nvals++
	}
	c.usedPlain = true
}

// text adds the value b of a text column: its dictionary index, or the
// bytes when the column is PLAIN or its dictionary is full (the page of
// indices is closed first: a page is one or the other).
func (e *parquetEncoder) text(c *pqColumn, b []byte) {
	if c.leaf.dict && !c.plain {
		if len(c.dictOff) > 1 && bytes.Equal(c.entry(c.last), b) {
			c.idx = append(c.idx, c.last)
			return
		}
		i, ok := c.dict[string(b)]
		if !ok && len(c.dictData)+4+len(b) <= dictMaxBytes {
			if c.dict == nil {
				c.dict = map[string]int32{}
			}
			if len(c.dictOff) == 0 {
				c.dictOff = append(c.dictOff, 0)
			}
			i = int32(len(c.dictOff) - 1)
			c.dictData = binary.LittleEndian.AppendUint32(c.dictData, uint32(len(b)))
			c.dictData = append(c.dictData, b...)
			c.dictOff = append(c.dictOff, int32(len(c.dictData)))
			c.dict[string(b)] = i
			c.boundText(b)
			ok = true
		}
		if ok {
			c.last = i
			c.idx = append(c.idx, i)
			c.usedDict = true
			return
		}
		e.flushPage(c)
		c.plain = true
	}
	c.data = binary.LittleEndian.AppendUint32(c.data, uint32(len(b)))
	c.data = append(c.data, b...)
	c.boundText(b)
	c.usedPlain = true
}

// levels appends levels as Parquet v1 pages hold them: a 4-byte length,
// then the RLE/bit-packed hybrid at the width of max.
func (e *parquetEncoder) levels(dst []byte, levels []uint8, max int) []byte {
	enc := rle.Encoding{BitWidth: bits.Len(uint(max))}
	var err error
	e.lvl, err = enc.EncodeLevels(e.lvl, levels)
	if err != nil {
		panic("export: " + err.Error()) // levels are within their width
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(e.lvl)))
	return append(dst, e.lvl...)
}

// page appends to dst one compressed page with its header, counted in the
// chunk of c.
func (e *parquetEncoder) page(dst []byte, c *pqColumn, h format.PageHeader, raw []byte) []byte {
	e.comp = e.pool.z.EncodeAll(raw, e.comp[:0])
	h.UncompressedPageSize = int32(len(raw))
	h.CompressedPageSize = int32(len(e.comp))
	head, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
	if err != nil {
		panic("export: " + err.Error()) // a header always encodes
	}
	c.uncompressed += int64(len(head) + len(raw))
	c.compressed += int64(len(head) + len(e.comp))
	dst = append(dst, head...)
	return append(dst, e.comp...)
}

// flushPage closes the page being filled in c.
func (e *parquetEncoder) flushPage(c *pqColumn) {
	if c.nvals == 0 {
		return
	}
	buf := e.buf[:0]
	if c.leaf.maxRep > 0 {
		buf = e.levels(buf, c.reps, c.leaf.maxRep)
	}
	if c.leaf.maxDef > 0 {
		buf = e.levels(buf, c.defs, c.leaf.maxDef)
	}
	encoding := format.Plain
	switch {
	case len(c.idx) > 0:
		encoding = format.RLEDictionary
		width := max(1, bits.Len32(uint32(len(c.dictOff)-2)))
		enc := rle.Encoding{BitWidth: width}
		var err error
		if e.lvl, err = enc.EncodeInt32(e.lvl, c.idx); err != nil {
			panic("export: " + err.Error()) // indices are within their width
		}
		buf = append(buf, byte(width))
		buf = append(buf, e.lvl...)
	case len(c.ints) > 0:
		for _, v := range c.ints {
			buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
		}
	default:
		buf = append(buf, c.data...)
	}
	e.buf = buf
	c.pages = e.page(c.pages, c, format.PageHeader{Type: format.DataPage, DataPageHeader: thrift.New(format.DataPageHeader{
		NumValues: int32(c.nvals), Encoding: encoding, DefinitionLevelEncoding: format.RLE, RepetitionLevelEncoding: format.RLE,
		Statistics: format.Statistics{NullCount: int64(c.pageNulls)},
	})}, buf)
	c.numValues += int64(c.nvals)
	c.nulls += int64(c.pageNulls)
	c.defs, c.reps, c.ints, c.data, c.idx = c.defs[:0], c.reps[:0], c.ints[:0], c.data[:0], c.idx[:0]
	c.nvals, c.pageNulls = 0, 0
}

// flushRowGroup writes the row group being built: each column's chunk,
// its dictionary page first.
func (e *parquetEncoder) flushRowGroup() {
	if e.rows == 0 {
		return
	}
	rg := format.RowGroup{NumRows: int64(e.rows), FileOffset: e.off, Ordinal: int16(len(e.groups))}
	for i := range e.cols {
		c := &e.cols[i]
		if c.rows < e.rows {
			c.pad(e.rows)
		}
		e.flushPage(c)
		start := e.off
		meta := format.ColumnMetaData{Type: format.ByteArray, PathInSchema: c.leaf.path, Codec: format.Zstd,
			NumValues: c.numValues, Statistics: format.Statistics{NullCount: c.nulls}}
		if c.leaf.kind == parse.KindInt || c.leaf.kind == parse.KindTime {
			meta.Type = format.Int64
		}
		if c.leaf.maxDef > 0 {
			meta.Encoding = append(meta.Encoding, format.RLE)
		}
		if len(c.dictOff) > 1 {
			e.dictPage = e.page(e.dictPage[:0], c, format.PageHeader{Type: format.DictionaryPage,
				DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(len(c.dictOff) - 1), Encoding: format.Plain})},
				c.dictData)
			meta.DictionaryPageOffset = start
			e.emit(e.dictPage)
		}
		meta.DataPageOffset = e.off
		e.emit(c.pages)
		if c.usedPlain || len(c.dictOff) > 1 {
			meta.Encoding = append(meta.Encoding, format.Plain)
		}
		if c.usedDict {
			meta.Encoding = append(meta.Encoding, format.RLEDictionary)
		}
		meta.TotalUncompressedSize, meta.TotalCompressedSize = c.uncompressed, c.compressed
		if c.bounded {
			switch meta.Type {
			case format.Int64:
				meta.Statistics.MinValue = binary.LittleEndian.AppendUint64(nil, uint64(c.minI))
				meta.Statistics.MaxValue = binary.LittleEndian.AppendUint64(nil, uint64(c.maxI))
			default:
				if len(c.minB) <= maxStatBytes && len(c.maxB) <= maxStatBytes {
					meta.Statistics.MinValue = bytes.Clone(c.minB)
					meta.Statistics.MaxValue = bytes.Clone(c.maxB)
					if meta.Statistics.MinValue == nil {
						meta.Statistics.MinValue = []byte{}
					}
					if meta.Statistics.MaxValue == nil {
						meta.Statistics.MaxValue = []byte{}
					}
				}
			}
		}
		rg.Columns = append(rg.Columns, format.ColumnChunk{FileOffset: start, MetaData: meta})
		rg.TotalByteSize += c.uncompressed
		rg.TotalCompressedSize += c.compressed
		c.resetChunk()
	}
	e.groups = append(e.groups, rg)
	e.total += int64(e.rows)
	e.rows = 0
	e.pool.put(e.cols)
	e.cols = nil
}

func (c *pqColumn) resetChunk() {
	c.rows = 0
	clear(c.dict)
	c.dictData, c.dictOff, c.last, c.plain = c.dictData[:0], c.dictOff[:0], 0, false
	c.pages = c.pages[:0]
	c.uncompressed, c.compressed, c.numValues, c.nulls = 0, 0, 0, 0
	c.usedPlain, c.usedDict, c.bounded = false, false, false
}

func (e *parquetEncoder) buffered() int { return e.rows }

// spill writes out the row group being built, which gives its buffers
// back to the pool.
func (e *parquetEncoder) spill() error {
	e.flushRowGroup()
	return e.err
}

// flush completes the file: the last row group, then the footer.
func (e *parquetEncoder) flush() error {
	e.flushRowGroup()
	meta := format.FileMetaData{Version: 1, Schema: e.s.elements, NumRows: e.total, RowGroups: e.groups,
		CreatedBy: "bucketlogs", ColumnOrders: e.s.orders}
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), &meta)
	if err != nil {
		return err
	}
	e.emit(footer)
	e.emit(binary.LittleEndian.AppendUint32(nil, uint32(len(footer))))
	e.emit([]byte("PAR1"))
	return e.err
}
