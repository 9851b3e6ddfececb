package gen

import (
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// Append appends r as text in its own format, an s3 or oss line or a Yandex
// JSON record, without a line end.
func Append(dst []byte, r *parse.Record) []byte {
	if r.Format == parse.FormatYandex {
		return yajson.AppendRecord(dst, r)
	}
	return s3line.AppendLine(dst, r, r.Format)
}

// Corpus returns n records of format from a Generator seeded with seed, as
// text, one per line.
func Corpus(seed uint64, format parse.Format, n int) []byte {
	g := New(seed)
	var r parse.Record
	buf := make([]byte, 0, n*700)
	for range n {
		g.Next(&r, format)
		buf = append(Append(buf, &r), '\n')
	}
	return buf
}
