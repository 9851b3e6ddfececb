package query

import (
	"bytes"
	"iter"
	"slices"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Filter returns the records of seq that match q, in order, stopping after
// q's limit when it has one and no sort. Errors from seq are passed through
// unchanged. It follows seq's iterator contract: the yielded record is
// seq's, valid until the next iteration. Sorting needs every record, so for
// a query with a sort stage use [Query.SortRecords] on clones instead.
func (q *Query) Filter(seq iter.Seq2[*parse.Record, error]) iter.Seq2[*parse.Record, error] {
	return func(yield func(*parse.Record, error) bool) {
		n := 0
		for r, err := range seq {
			if err != nil {
				if !yield(nil, err) {
					return
				}
				continue
			}
			if !q.Match(r) {
				continue
			}
			if q.limit >= 0 && len(q.sorts) == 0 && n >= q.limit {
				return
			}
			n++
			if !yield(r, nil) {
				return
			}
		}
	}
}

// SortRecords sorts kept (cloned) records by q's sort stage, stably, and
// cuts them to q's limit. Absent values sort first in ascending order.
// It holds every record given; [Sorter] keeps only what the limit needs.
func (q *Query) SortRecords(recs []*parse.Record) []*parse.Record {
	if len(q.sorts) > 0 {
		var a, b []byte
		slices.SortStableFunc(recs, func(x, y *parse.Record) int { return q.compareRecords(x, y, &a, &b) })
	}
	if q.limit >= 0 && len(recs) > q.limit {
		recs = recs[:q.limit]
	}
	return recs
}

// compareRecords orders x and y by q's sort keys; a and b are scratch.
func (q *Query) compareRecords(x, y *parse.Record, a, b *[]byte) int {
	for _, k := range q.sorts {
		f := fieldFormat
		if k.name != "format" {
			f, _ = parse.FieldByName(k.name)
		}
		c := compareField(x, y, f, a, b)
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func compareField(x, y *parse.Record, f parse.Field, a, b *[]byte) int {
	hx, hy := has(x, f), has(y, f)
	switch {
	case !hx || !hy:
		return boolCompare(hx, hy)
	case f == fieldFormat:
		return int(x.Format) - int(y.Format)
	}
	switch f.Kind() {
	case parse.KindInt:
		vx, _ := x.Int(f)
		vy, _ := y.Int(f)
		return compareInt(vx, vy)
	case parse.KindTime:
		return x.Time.Compare(y.Time)
	}
	*a = appendValue((*a)[:0], x, f)
	*b = appendValue((*b)[:0], y, f)
	return bytes.Compare(*a, *b)
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
