package query

import (
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/bucketlogs/bucketlogs/parse"
)

// indexedFields are the low-cardinality fields an [Index] keeps bitmaps for.
var indexedFields = [...]parse.Field{
	parse.Operation, parse.Status, parse.Bucket, parse.ErrorCode, parse.Method, parse.Protocol,
	parse.SignatureVersion, parse.AuthType, parse.TLSVersion, parse.Scheme, parse.StorageClass,
	parse.HostHeader, parse.SourceRegion, parse.SyncRequest, parse.LoggingFlag,
}

// IndexedFields returns the low-cardinality fields an [Index] keeps bitmaps
// for (besides the format), as a new slice.
func IndexedFields() []parse.Field { return append([]parse.Field(nil), indexedFields[:]...) }

// An Index answers repeated queries over a batch of records loaded once
// (say, a day of logs held in memory). For the format and each of
// [IndexedFields] it keeps one roaring bitmap of row numbers per distinct
// value, plus one of the rows where the field is present, so that filters on
// those fields are answered by bitmap operations instead of a scan. The
// other parts of a filter are checked only on the rows the bitmaps leave.
//
// Build it with [NewIndex]. An Index is safe for concurrent reads; it keeps
// the records it was given, which must not change.
type Index struct {
	recs    []*parse.Record
	all     *roaring.Bitmap
	values  map[parse.Field]map[string]*roaring.Bitmap
	present map[parse.Field]*roaring.Bitmap
}

// NewIndex indexes recs (kept, not copied: pass clones). Row i is recs[i].
func NewIndex(recs []*parse.Record) *Index {
	ix := &Index{
		recs:    recs,
		all:     roaring.New(),
		values:  make(map[parse.Field]map[string]*roaring.Bitmap),
		present: make(map[parse.Field]*roaring.Bitmap),
	}
	ix.all.AddRange(0, uint64(len(recs)))
	fields := append([]parse.Field{fieldFormat}, indexedFields[:]...)
	for _, f := range fields {
		ix.values[f] = make(map[string]*roaring.Bitmap)
		ix.present[f] = roaring.New()
	}
	var buf []byte
	for i, r := range recs {
		for _, f := range fields {
			if !has(r, f) {
				continue
			}
			buf = appendValue(buf[:0], r, f)
			bm := ix.values[f][string(buf)]
			if bm == nil {
				bm = roaring.New()
				ix.values[f][string(buf)] = bm
			}
			bm.Add(uint32(i))
			ix.present[f].Add(uint32(i))
		}
	}
	for _, f := range fields {
		for _, bm := range ix.values[f] {
			bm.RunOptimize()
		}
		ix.present[f].RunOptimize()
	}
	return ix
}

// Len returns the number of records indexed.
func (ix *Index) Len() int { return len(ix.recs) }

// Select returns the rows whose records match q's filter, as a new bitmap,
// the same set a scan with [Query.Match] finds.
func (ix *Index) Select(q *Query) *roaring.Bitmap {
	bm, exact := ix.eval(q.filter)
	if exact {
		return bm
	}
	out := roaring.New()
	it := bm.Iterator()
	for it.HasNext() {
		i := it.Next()
		if q.filter.match(ix.recs[i]) {
			out.Add(i)
		}
	}
	return out
}

// Records returns the matching records in row order, in a new slice; the
// records themselves are the ones the Index was built with, not copies.
func (ix *Index) Records(q *Query) []*parse.Record {
	bm := ix.Select(q)
	out := make([]*parse.Record, 0, bm.GetCardinality())
	it := bm.Iterator()
	for it.HasNext() {
		out = append(out, ix.recs[it.Next()])
	}
	return out
}

// eval returns the rows that may match n and whether that set is exact;
// when it is not, every row that matches is in the set and the caller must
// check the rows in it.
func (ix *Index) eval(n node) (*roaring.Bitmap, bool) {
	switch n := n.(type) {
	case allNode:
		return ix.all.Clone(), true
	case hasNode:
		if p, ok := ix.present[n.f]; ok {
			return p.Clone(), true
		}
	case textCmp:
		if vals, ok := ix.values[n.f]; ok && !n.fold && (n.op == opEq || n.op == opNe) {
			bm := roaring.New()
			if v := vals[string(n.val)]; v != nil {
				bm = v.Clone()
			}
			if n.op == opNe { // present and not equal
				bm = roaring.AndNot(ix.present[n.f], bm)
			}
			return bm, true
		}
	case textIn:
		if vals, ok := ix.values[n.f]; ok && !n.fold {
			bm := roaring.New()
			for v := range n.set {
				if b := vals[v]; b != nil {
					bm.Or(b)
				}
			}
			return bm, true
		}
	case intCmp, intRange, intIn:
		f := intField(n)
		if vals, ok := ix.values[f]; ok {
			// Few distinct values: test each once, not each row.
			bm := roaring.New()
			var r parse.Record
			for v, b := range vals {
				x, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					continue
				}
				r.SetInt(f, x)
				if n.match(&r) {
					bm.Or(b)
				}
			}
			return bm, true
		}
	case andNode:
		l, exact := ix.eval(n.xs[0])
		for _, x := range n.xs[1:] {
			r, re := ix.eval(x)
			l.And(r)
			exact = exact && re
		}
		return l, exact
	case orNode:
		// An inexact side can only be narrowed by its own check, so the
		// union is kept as candidates and the result is exact only if
		// every side is.
		l, exact := ix.eval(n.xs[0])
		for _, x := range n.xs[1:] {
			r, re := ix.eval(x)
			l.Or(r)
			exact = exact && re
		}
		return l, exact
	case notNode:
		x, exact := ix.eval(n.x)
		if exact {
			return roaring.AndNot(ix.all, x), true
		}
	}
	return ix.all.Clone(), false
}

func intField(n node) parse.Field {
	switch n := n.(type) {
	case intCmp:
		return n.f
	case intRange:
		return n.f
	case intIn:
		return n.f
	}
	return parse.NumFields
}
