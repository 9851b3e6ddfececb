package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"unsafe"

	"github.com/bucketlogs/bucketlogs/parse"
)

// jsonEncoder writes JSON lines, as bucketlogs cat does.
type jsonEncoder struct {
	w   *bufio.Writer
	buf []byte
}

func newJSONEncoder(out io.Writer) *jsonEncoder {
	return &jsonEncoder{w: bufio.NewWriterSize(out, 256<<10)}
}

func (e *jsonEncoder) write(r *parse.Record) error {
	e.buf = append(parse.AppendJSON(e.buf[:0], r), '\n')
	_, err := e.w.Write(e.buf)
	return err
}

func (e *jsonEncoder) buffered() int { return 0 } // a 256 KiB buffer at most
func (e *jsonEncoder) spill() error  { return nil }
func (e *jsonEncoder) flush() error  { return e.w.Flush() }

// csvEncoder writes a header of format and every field, then a row a
// record, empty where a field is absent, as bucketlogs cat does.
type csvEncoder struct {
	w    *bufio.Writer
	cw   *csv.Writer
	row  []string
	buf  []byte
	ends [parse.NumFields]int
}

func newCSVEncoder(out io.Writer) *csvEncoder {
	w := bufio.NewWriterSize(out, 256<<10)
	e := &csvEncoder{w: w, cw: csv.NewWriter(w), row: make([]string, 1+int(parse.NumFields))}
	e.row[0] = "format"
	for f := range parse.NumFields {
		e.row[1+int(f)] = f.String()
	}
	e.cw.Write(e.row) // an error sticks in cw
	return e
}

// write appends every value of r to one buffer, then hands the csv.Writer
// strings that are views into it: Write copies them into its output and
// keeps none, so no string is allocated per field.
func (e *csvEncoder) write(r *parse.Record) error {
	e.row[0] = r.Format.String()
	e.buf = e.buf[:0]
	for f := range parse.NumFields {
		e.buf = parse.AppendValue(e.buf, r, f)
		e.ends[f] = len(e.buf)
	}
	start := 0
	for f := range parse.NumFields {
		end := e.ends[f]
		e.row[1+int(f)] = ""
		if end > start {
			e.row[1+int(f)] = unsafe.String(&e.buf[start], end-start)
		}
		start = end
	}
	return e.cw.Write(e.row)
}

func (e *csvEncoder) buffered() int { return 0 } // a 256 KiB buffer at most
func (e *csvEncoder) spill() error  { return nil }

func (e *csvEncoder) flush() error {
	e.cw.Flush()
	if err := e.cw.Error(); err != nil {
		return err
	}
	return e.w.Flush()
}
