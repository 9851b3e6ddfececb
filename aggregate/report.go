package aggregate

import (
	"math"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/bucketlogs/bucketlogs/internal/ipv4"
	"github.com/bucketlogs/bucketlogs/parse"
)

// topFields are the fields a [Report] ranks by requests and by bytes sent.
var topFields = [...]parse.Field{parse.Requester, parse.RemoteIP, parse.Key, parse.UserAgent, parse.Referer}

// TopFields returns the fields a [Report] ranks by requests and by bytes
// sent, in the order of [Report.Rankings], as a new slice.
func TopFields() []parse.Field { return slices.Clone(topFields[:]) }

// Options sizes a [Report].
type Options struct {
	// TopKCapacity is how many distinct values each top-N summary tracks
	// exactly before it estimates (DefaultTopKCapacity when 0).
	TopKCapacity int
	// Slowest is how many of the slowest requests to keep (10 when 0).
	Slowest int
}

// Ranking is a pair of heavy-hitter summaries for one field: by request
// count and by bytes sent.
type Ranking struct {
	Field            parse.Field
	ByCount, ByBytes *TopK
}

// A Report is every aggregate bucketlogs reports, fed in one pass: totals
// per operation, bucket and format; statuses and error codes; top values of
// [TopFields] by requests and bytes; latency quantiles; distinct clients,
// requesters and keys; traffic per minute; the slowest requests.
//
// Reports built from any split of the same records and merged give the same
// results, exactly while every TopK and Distinct is exact (see their docs).
// Create one with [NewReport]; the zero Report is the same as NewReport with
// default Options once it is first used. A Report is not safe for concurrent
// use, so give each goroutine its own and [Report.Merge] them. Its parts are
// there to be read; a Report fed on after one of them was replaced by
// another value (Requesters = NewDistinct(...)) may leave out of it values
// it had counted before.
type Report struct {
	Records     int64
	First, Last time.Time // the earliest and latest record time; zero if none

	// ByAction groups by the S3 API action (one vocabulary across
	// formats); ByOperation by the operation as logged.
	ByAction, ByOperation, ByBucket, ByFormat *Group
	Statuses                                  Statuses
	Rankings                                  []Ranking
	Latency                                   Latency
	IPs                                       DistinctIPs
	ClientsPerDay                             ClientsPerDay
	Requesters, Keys                          *Distinct
	Series                                    Series
	Slowest                                   *Slowest

	facts []rankFacts // per ranking, what AddBatch knows of its values
}

// rankFacts are what AddBatch knows of the values a ranking's ByCount
// tracks, slot by slot, so that a request of a tracked value skips the
// sets that have it already. They hold while ByCount's gen is gen-1; a
// slot's facts end when a newcomer takes it.
type rankFacts struct {
	gen uint64
	// counted: the slot's value is in the field's Distinct (Requesters,
	// Keys).
	counted []bool
	// ipDay, for the remote_ip ranking: noDay, or the slot's address is
	// in IPs and, unless anyDay, in ClientsPerDay's set of that day.
	ipDay []int64
}

const (
	noDay  = math.MinInt64
	anyDay = math.MinInt64 + 1
)

// NewReport returns an empty Report.
func NewReport(opt Options) *Report {
	r := new(Report)
	r.init(opt)
	return r
}

// init sets every part r lacks, so that the zero Report works.
func (r *Report) init(opt Options) {
	for _, g := range []struct {
		p **Group
		f parse.Field
	}{{&r.ByAction, parse.Action}, {&r.ByOperation, parse.Operation}, {&r.ByBucket, parse.Bucket}, {&r.ByFormat, ByFormat}} {
		if *g.p == nil {
			*g.p = NewGroup(g.f)
		}
	}
	if r.Requesters == nil {
		r.Requesters = NewDistinct(parse.Requester)
	}
	if r.Keys == nil {
		r.Keys = NewDistinct(parse.Key)
	}
	if r.Slowest == nil {
		r.Slowest = NewSlowest(opt.Slowest)
	}
	if r.Rankings == nil {
		for _, f := range topFields {
			byCount, byBytes := pairTopKs(opt.TopKCapacity)
			r.Rankings = append(r.Rankings, Ranking{f, byCount, byBytes})
		}
	}
}

// Add feeds one record to every aggregate. It keeps no reference to rec and
// allocates only for values not seen before.
func (r *Report) Add(rec *parse.Record) { r.AddBatch(unsafe.Slice(rec, 1)) }

// AddBatch feeds every record of recs to every aggregate, as Add does for
// each, in the same order. It goes aggregate by aggregate over the batch
// rather than record by record, so each aggregate's tables stay in cache
// while the batch passes and their lookups overlap; a batch of a few
// dozen records, reused, is what it is for. It keeps no reference to recs.
func (r *Report) AddBatch(recs []parse.Record) {
	if r.Slowest == nil {
		r.init(Options{})
	}
	r.Records += int64(len(recs))
	for i := range recs {
		rec := &recs[i]
		if rec.Has(parse.Time) {
			if r.First.IsZero() || rec.Time.Before(r.First) {
				r.First = rec.Time
			}
			if rec.Time.After(r.Last) {
				r.Last = rec.Time
			}
		}
		r.Statuses.Add(rec)
	}
	for _, g := range [...]*Group{r.ByAction, r.ByOperation, r.ByBucket, r.ByFormat} {
		for i := range recs {
			g.Add(&recs[i])
		}
	}
	ipsDone := false // whether the remote_ip ranking fed the address sets
	if len(r.facts) != len(r.Rankings) {
		r.facts = make([]rankFacts, len(r.Rankings))
	}
	for k := range r.Rankings {
		rk := &r.Rankings[k]
		paired := rk.ByCount.pair != nil && rk.ByCount.pair == rk.ByBytes.pair && rk.ByBytes.side == 1
		var d *Distinct // the field's distinct values, if the report counts them
		switch rk.Field {
		case r.Requesters.field:
			d = r.Requesters
		case r.Keys.field:
			d = r.Keys
		}
		if !paired {
			for i := range recs {
				if rec := &recs[i]; rec.Has(rk.Field) {
					v := rec.Text(rk.Field)
					rk.ByCount.Add(v, 1)
					rk.ByBytes.Add(v, rec.BytesSent)
					if d != nil {
						d.AddValue(v)
					}
				}
			}
			continue
		}
		// The sets need a value once (and ClientsPerDay once a day), not
		// once a request: the ranking finds the value's slot anyway, and
		// the slot's facts say what was counted.
		f := &r.facts[k]
		if f.gen != rk.ByCount.gen+1 { // slots reassigned: nothing known
			f.gen, f.counted, f.ipDay = rk.ByCount.gen+1, f.counted[:0], f.ipDay[:0]
		}
		ips := rk.Field == parse.RemoteIP && !ipsDone
		for i := range recs {
			rec := &recs[i]
			if !rec.Has(rk.Field) {
				continue
			}
			v := rec.Text(rk.Field)
			slot, isNew := addPair(rk.ByCount, rk.ByBytes, v, rec.BytesSent)
			if d != nil {
				for int(slot) >= len(f.counted) {
					f.counted = append(f.counted, false)
				}
				if isNew || !f.counted[slot] {
					d.AddValue(v)
					f.counted[slot] = true
				}
			}
			if ips {
				r.addIP(f, rec, slot, isNew)
			}
		}
		ipsDone = ipsDone || ips
	}
	for i := range recs {
		r.Latency.Add(&recs[i])
	}
	if !ipsDone {
		for i := range recs {
			rec := &recs[i]
			if v4, ok := ipv4.Parse(rec.RemoteIP); ok { // an absent remote_ip is nil
				r.IPs.addV4(v4) // parsed once for both sets
				r.ClientsPerDay.addV4(rec, v4)
			} else {
				r.IPs.Add(rec)
				r.ClientsPerDay.Add(rec)
			}
		}
	}
	for i := range recs {
		r.Series.Add(&recs[i])
		r.Slowest.Add(&recs[i])
	}
}

// addIP counts rec's address, in ByCount's slot of the remote_ip ranking
// (isNew: newly taken), in IPs and in ClientsPerDay of its day unless the
// slot's facts f say it was.
func (r *Report) addIP(f *rankFacts, rec *parse.Record, slot int32, isNew bool) {
	for int(slot) >= len(f.ipDay) {
		f.ipDay = append(f.ipDay, noDay)
	}
	st := f.ipDay[slot]
	if isNew {
		st = noDay
	}
	if st == noDay {
		r.IPs.Add(rec)
		st = anyDay
	}
	if rec.Has(parse.Time) {
		if day := dayOf(rec.Time); st != day {
			r.ClientsPerDay.Add(rec)
			st = day
		}
	}
	f.ipDay[slot] = st
}

// Merge adds o into r; o is not changed. It merges the parts on several
// goroutines and returns when all are done; neither r nor o may be in use
// elsewhere meanwhile.
func (r *Report) Merge(o *Report) {
	if r.Slowest == nil {
		r.init(Options{})
	}
	if o.Slowest == nil {
		o = NewReport(Options{}) // an unused zero Report adds nothing
	}
	r.Records += o.Records
	if !o.First.IsZero() && (r.First.IsZero() || o.First.Before(r.First)) {
		r.First = o.First
	}
	if o.Last.After(r.Last) {
		r.Last = o.Last
	}
	r.ByAction.Merge(o.ByAction)
	r.ByOperation.Merge(o.ByOperation)
	r.ByBucket.Merge(o.ByBucket)
	r.ByFormat.Merge(o.ByFormat)
	r.Statuses.Merge(&o.Statuses)
	// The rankings and the sets are the large parts, and independent:
	// merged side by side, the end of a run on many cores is not one
	// core's merge.
	var wg sync.WaitGroup
	both := func(fn func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn()
		}()
	}
	for i := range r.Rankings {
		both(func() {
			r.Rankings[i].ByCount.Merge(o.Rankings[i].ByCount)
			r.Rankings[i].ByBytes.Merge(o.Rankings[i].ByBytes)
		})
	}
	both(func() {
		r.IPs.Merge(&o.IPs)
		r.ClientsPerDay.Merge(&o.ClientsPerDay)
	})
	both(func() {
		r.Requesters.Merge(o.Requesters)
		r.Keys.Merge(o.Keys)
	})
	r.Latency.Merge(&o.Latency)
	r.Series.Merge(&o.Series)
	r.Slowest.Merge(o.Slowest)
	wg.Wait()
}

type marshaler interface{ MarshalBinary() ([]byte, error) }

type unmarshaler interface{ UnmarshalBinary([]byte) error }

func (r *Report) parts() []any {
	ps := []any{r.ByAction, r.ByOperation, r.ByBucket, r.ByFormat, &r.Statuses}
	for _, rk := range r.Rankings {
		ps = append(ps, rk.ByCount, rk.ByBytes)
	}
	return append(ps, &r.Latency, &r.IPs, &r.ClientsPerDay, r.Requesters, r.Keys, &r.Series, r.Slowest)
}

// MarshalBinary encodes r deterministically, so that partial reports from
// many processes or machines can be combined with UnmarshalBinary and Merge.
func (r *Report) MarshalBinary() ([]byte, error) {
	e := header(tagReport)
	e.I(r.Records)
	for _, t := range []time.Time{r.First, r.Last} {
		e.Bool(!t.IsZero())
		e.I(t.Unix())
		e.I(int64(t.Nanosecond()))
	}
	e.U(uint64(len(r.Rankings)))
	for _, p := range r.parts() {
		b, err := p.(marshaler).MarshalBinary()
		if err != nil {
			return nil, err
		}
		e.Bytes(b)
	}
	return e.B, nil
}

// UnmarshalBinary replaces r with what [Report.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (r *Report) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagReport)
	t := NewReport(Options{})
	t.Records = d.I()
	for _, p := range []*time.Time{&t.First, &t.Last} {
		set, sec, ns := d.Bool(), d.I(), d.I()
		if set {
			*p = time.Unix(sec, ns).UTC()
		}
	}
	if n := d.U(); d.Err == nil && n != uint64(len(t.Rankings)) {
		return ErrCorrupt
	}
	for _, p := range t.parts() {
		part := d.Bytes()
		if d.Err != nil {
			return d.Err
		}
		if err := p.(unmarshaler).UnmarshalBinary(part); err != nil {
			return err
		}
	}
	if err := d.Done(); err != nil {
		return err
	}
	*r = *t
	return nil
}
