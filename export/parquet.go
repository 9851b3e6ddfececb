package export

import (
	"bytes"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/bucketlogs/bucketlogs/parse"
)

// dictionary lists the text columns whose values repeat (a few buckets,
// operations, codes, protocols, user agents, client IPs): dictionary-
// encoded. The others (keys, request and host ids, URIs) are plain, where
// a dictionary would only grow.
var dictionary = map[parse.Field]bool{
	parse.BucketOwner: true, parse.Bucket: true, parse.Requester: true, parse.Operation: true,
	parse.Action: true, parse.Method: true, parse.Protocol: true, parse.ErrorCode: true,
	parse.SignatureVersion: true, parse.CipherSuite: true, parse.AuthType: true, parse.HostHeader: true,
	parse.TLSVersion: true, parse.AccessPointARN: true, parse.ACLRequired: true, parse.SourceRegion: true,
	parse.Scheme: true, parse.StorageClass: true, parse.TargetStorageClass: true, parse.LoggingFlag: true,
	parse.SyncRequest: true, parse.AccelerationAccessPoint: true, parse.AccessKeyID: true, parse.BucketARN: true,
	parse.STSLogURN: true, parse.UserAgent: true, parse.Referer: true, parse.RemoteIP: true,
}

// Columns returns the Parquet columns of a record, in the schema's order
// (by name, as Parquet groups are), with their SQL types: what
// [DDL] declares.
func Columns() []Column {
	s := recordSchema()
	var cols []Column
	for _, f := range s.fields {
		cols = append(cols, Column{Name: s.names[f], Type: sqlType(f)})
	}
	return cols
}

// A Column is a column of the exported records.
type Column struct {
	Name string
	Type string // bigint, timestamp, varchar or array<varchar>
}

func sqlType(f parse.Field) string {
	switch {
	case f == parse.FormatField:
		return "varchar"
	case f.Kind() == parse.KindInt:
		return "bigint"
	case f.Kind() == parse.KindTime:
		return "timestamp"
	case f.Kind() == parse.KindList:
		return "array<varchar>"
	}
	return "varchar"
}

// parquetSchema is the schema of the records and where each field's
// values go.
type parquetSchema struct {
	schema *parquet.Schema
	fields []parse.Field          // in column order (Extra once, for its one leaf)
	names  map[parse.Field]string // the column names
	column []int                  // leaf column index, by field
	// formatColumn is the leaf column of the format.
	formatColumn int
	// leaves describes each leaf column, in column order.
	leaves []leaf
	// elements and orders are the schema and column orders of the file
	// footer, as parquet-go writes them for the schema.
	elements []format.SchemaElement
	orders   []format.ColumnOrder
}

// A leaf is one leaf column of the schema.
type leaf struct {
	path   []string
	field  parse.Field
	maxDef int // 1 for an optional column, 0 for format, 2 for extra's elements
	maxRep int // 1 for extra, else 0
	kind   parse.Kind
	dict   bool // dictionary-encoded (until the dictionary grows too big)
}

// recordSchema is the schema of the records, made once: it is not
// modified after.
var recordSchema = sync.OnceValue(newParquetSchema)

func newParquetSchema() *parquetSchema {
	g := parquet.Group{}
	names := map[parse.Field]string{}
	for f := range parse.NumFields {
		var n parquet.Node
		switch f.Kind() {
		case parse.KindInt:
			n = parquet.Int(64)
		case parse.KindTime:
			n = parquet.Timestamp(parquet.Microsecond)
		case parse.KindList:
			n = parquet.List(parquet.String())
		default:
			n = parquet.String()
			if dictionary[f] {
				n = parquet.Encoded(n, &parquet.RLEDictionary)
			}
		}
		g[f.String()] = parquet.Optional(n)
		names[f] = f.String()
	}
	g["format"] = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
	names[parse.FormatField] = "format"
	s := &parquetSchema{schema: parquet.NewSchema("bucketlogs", g), names: names, column: make([]int, parse.NumFields)}
	s.fields = make([]parse.Field, len(names))
	s.leaves = make([]leaf, len(names))
	for f, name := range names {
		path := []string{name}
		if f == parse.Extra {
			path = []string{name, "list", "element"}
		}
		lc, ok := s.schema.Lookup(path...)
		if !ok {
			panic("export: no column " + name) // the schema is built above
		}
		c := lc.ColumnIndex
		if f == parse.FormatField {
			s.formatColumn = c
		} else {
			s.column[f] = c
		}
		s.fields[c] = f
		l := leaf{path: path, field: f, maxDef: lc.MaxDefinitionLevel, maxRep: lc.MaxRepetitionLevel, kind: parse.KindText,
			dict: f == parse.FormatField || dictionary[f]}
		if f != parse.FormatField {
			l.kind = f.Kind()
		}
		s.leaves[c] = l
	}
	// The footer's schema is the one parquet-go writes for these nodes:
	// read back from an empty file, so that the two never differ.
	var empty bytes.Buffer
	w := parquet.NewWriter(&empty, s.schema)
	if err := w.Close(); err != nil {
		panic("export: " + err.Error())
	}
	f, err := parquet.OpenFile(bytes.NewReader(empty.Bytes()), int64(empty.Len()))
	if err != nil {
		panic("export: " + err.Error())
	}
	s.elements = f.Metadata().Schema
	s.orders = f.Metadata().ColumnOrders
	if len(s.orders) != len(s.leaves) {
		s.orders = make([]format.ColumnOrder, len(s.leaves))
		for i := range s.orders {
			s.orders[i].TypeOrder = &format.TypeDefinedOrder{}
		}
	}
	return s
}
