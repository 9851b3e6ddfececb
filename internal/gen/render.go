package gen

import (
	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// Append appends r as text in its own format (a line, or a JSON record),
// without a line end.
func Append(dst []byte, r *parse.Record) []byte {
	switch r.Format {
	case parse.FormatYandex, parse.FormatS3JSON, parse.FormatAzureJSON:
		return yajson.AppendLayout(dst, r, r.Format)
	case parse.FormatGCS:
		return gcslog.AppendLine(dst, r)
	case parse.FormatAzure:
		return azurelog.AppendLine(dst, r)
	}
	return s3line.AppendLine(dst, r, r.Format)
}

// Corpus returns n records of format from a Generator seeded with seed, as
// text, one per line.
func Corpus(seed uint64, format parse.Format, n int) []byte {
	g := New(seed)
	var r parse.Record
	buf := make([]byte, 0, n*700)
	if format == parse.FormatGCS {
		buf = append(buf, gcslog.Header+"\n"...) // as GCS writes its objects
	}
	for range n {
		g.Next(&r, format)
		buf = append(Append(buf, &r), '\n')
	}
	return buf
}
