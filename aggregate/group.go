package aggregate

import (
	"iter"
	"maps"
	"slices"

	"github.com/bucketlogs/bucketlogs/internal/sat"
	"github.com/bucketlogs/bucketlogs/parse"
)

// Absent is the key under which records that lack the grouped field are
// counted, as the logs themselves write it.
const Absent = "-"

// Totals are the sums over one group of records. Byte counts add only the
// records where the field is present, and the With counts say how many
// those were: a sum over no record that has the field (a format that never
// writes it) is absent, not zero. Sums saturate at math.MaxInt64.
type Totals struct {
	Requests      int64
	BytesSent     int64
	BytesReceived int64
	ObjectBytes   int64

	// The number of records that had bytes_sent, bytes_received and
	// object_size.
	WithBytesSent, WithBytesReceived, WithObjectSize int64
}

func (t *Totals) add(r *parse.Record) {
	t.Requests++
	if r.Has(parse.BytesSent) {
		t.BytesSent = sat.Add(t.BytesSent, r.BytesSent)
		t.WithBytesSent++
	}
	if r.Has(parse.BytesReceived) {
		t.BytesReceived = sat.Add(t.BytesReceived, r.BytesReceived)
		t.WithBytesReceived++
	}
	if r.Has(parse.ObjectSize) {
		t.ObjectBytes = sat.Add(t.ObjectBytes, r.ObjectSize)
		t.WithObjectSize++
	}
}

func (t *Totals) merge(o Totals) {
	t.Requests += o.Requests
	t.BytesSent = sat.Add(t.BytesSent, o.BytesSent)
	t.BytesReceived = sat.Add(t.BytesReceived, o.BytesReceived)
	t.ObjectBytes = sat.Add(t.ObjectBytes, o.ObjectBytes)
	t.WithBytesSent += o.WithBytesSent
	t.WithBytesReceived += o.WithBytesReceived
	t.WithObjectSize += o.WithObjectSize
}

// A Group sums records per value of one text field (operation, bucket,
// ...), or per format when Field is [ByFormat].
//
// Create it with [NewGroup]. The zero Group has no field: it totals every
// record under one key, [Absent]. Memory grows with the number of distinct
// values, which for the fields it is meant for (operation, bucket, format,
// storage class) is small. A Group is not safe for concurrent use; give each
// goroutine its own and [Group.Merge] them.
type Group struct {
	field  parse.Field
	m      map[string]*Totals
	recent recent[Totals] // in front of m
	// byFormat is, for a Group by format, each format's totals in m by
	// the format's number: its key is a function of Record.Format alone.
	byFormat [16]*Totals
}

// ByFormat is the field that makes a [Group] count per format:
// [parse.FormatField].
const ByFormat = parse.FormatField

// NewGroup returns an empty Group over field f, which must be a text field
// or [ByFormat]; it panics otherwise, a programming error.
func NewGroup(f parse.Field) *Group {
	if f > parse.FormatField || f.Kind() != parse.KindText {
		panic("aggregate: NewGroup of non-text field " + f.String())
	}
	return &Group{field: f, m: make(map[string]*Totals)}
}

// Field returns the field the Group groups by.
func (g *Group) Field() parse.Field { return g.field }

// Add counts r. It allocates only for a value not seen before.
func (g *Group) Add(r *parse.Record) {
	var t *Totals
	if g.field == ByFormat && int(r.Format) < len(g.byFormat) {
		if t = g.byFormat[r.Format]; t == nil {
			k := Absent
			if r.Has(ByFormat) {
				k = string(r.Text(ByFormat))
			}
			t = g.get(k)
			g.byFormat[r.Format] = t
		}
	} else if g.field == 0 { // the zero Group (field 0, time, is not a text field)
		t = g.get(Absent)
	} else if v := r.Text(g.field); r.Has(g.field) {
		if t = g.recent.get(v); t == nil {
			t = g.m[string(v)] // no allocation for the lookup
			if t == nil {
				t = g.get(string(v))
			}
			g.recent.put(v, t)
		}
	} else {
		t = g.get(Absent)
	}
	t.add(r)
}

func (g *Group) get(k string) *Totals {
	if g.m == nil {
		g.m = make(map[string]*Totals)
	}
	t := g.m[k]
	if t == nil {
		t = new(Totals)
		g.m[k] = t
	}
	return t
}

// Merge adds o's sums into g. Both must group by the same field; o is not
// changed.
func (g *Group) Merge(o *Group) {
	for k, t := range o.m {
		g.get(k).merge(*t)
	}
}

// Len returns the number of distinct values seen.
func (g *Group) Len() int { return len(g.m) }

// All returns the groups in key order. The iterator may be used any number
// of times; it must not be used while g changes.
func (g *Group) All() iter.Seq2[string, Totals] {
	return func(yield func(string, Totals) bool) {
		for _, k := range slices.Sorted(maps.Keys(g.m)) {
			if !yield(k, *g.m[k]) {
				return
			}
		}
	}
}

// MarshalBinary encodes g deterministically.
func (g *Group) MarshalBinary() ([]byte, error) {
	e := header(tagGroup)
	e.U(uint64(g.field))
	e.U(uint64(len(g.m)))
	for k, t := range g.All() {
		e.S(k)
		e.I(t.Requests)
		e.I(t.BytesSent)
		e.I(t.BytesReceived)
		e.I(t.ObjectBytes)
		e.I(t.WithBytesSent)
		e.I(t.WithBytesReceived)
		e.I(t.WithObjectSize)
	}
	return e.B, nil
}

// UnmarshalBinary replaces g with what [Group.MarshalBinary] wrote. It
// returns [ErrCorrupt] for anything else.
func (g *Group) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagGroup)
	f := parse.Field(d.U())
	n := d.N()
	m := make(map[string]*Totals, n)
	for range n {
		k := d.S()
		m[k] = &Totals{Requests: d.I(), BytesSent: d.I(), BytesReceived: d.I(), ObjectBytes: d.I(),
			WithBytesSent: d.I(), WithBytesReceived: d.I(), WithObjectSize: d.I()}
	}
	if err := d.Done(); err != nil {
		return err
	}
	if f > parse.FormatField || f.Kind() != parse.KindText {
		return ErrCorrupt
	}
	g.field, g.m = f, m
	g.recent.reset()
	g.byFormat = [len(g.byFormat)]*Totals{}
	return nil
}
