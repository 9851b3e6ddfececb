package aggregate

import (
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// ClientsPerDay counts the distinct client addresses (remote_ip) of each
// UTC day, as [DistinctIPs] does for all days: exact for IPv4, exact for
// IPv6 up to 2^20 a day. Records without a time or an address are not
// counted. Memory grows with the days and their addresses, not the
// records.
//
// The zero value is ready to use. It is not safe for concurrent use; give
// each goroutine its own and Merge them.
type ClientsPerDay struct {
	days    map[int64]*DistinctIPs
	lastDay int64
	last    *DistinctIPs // the day of the previous record: most are the same
}

// Add counts r's address under its day.
func (c *ClientsPerDay) Add(r *parse.Record) {
	if !r.Has(parse.Time) || !r.Has(parse.RemoteIP) {
		return
	}
	c.of(r).Add(r)
}

// addV4 is Add for a record whose remote_ip is the IPv4 address v4.
func (c *ClientsPerDay) addV4(r *parse.Record, v4 uint32) {
	if r.Has(parse.Time) {
		c.of(r).addV4(v4)
	}
}

// of returns the set of r's day; r has a time.
func (c *ClientsPerDay) of(r *parse.Record) *DistinctIPs {
	day := dayOf(r.Time)
	if c.last == nil || day != c.lastDay {
		c.last, c.lastDay = c.day(day), day
	}
	return c.last
}

// dayOf is t's UTC day, in days since the Unix epoch.
func dayOf(t time.Time) int64 {
	day := t.Unix()
	return (day - mod(day, 86400)) / 86400
}

// day returns the set of day, making it if need be.
func (c *ClientsPerDay) day(day int64) *DistinctIPs {
	if c.days == nil {
		c.days = map[int64]*DistinctIPs{}
	}
	d := c.days[day]
	if d == nil {
		d = new(DistinctIPs)
		c.days[day] = d
	}
	return d
}

// Merge adds o's days into c.
func (c *ClientsPerDay) Merge(o *ClientsPerDay) {
	for day, d := range o.days {
		c.day(day).Merge(d)
	}
}

// Days returns each day (its UTC midnight) and its addresses, in time
// order. The sets are c's own: read them, do not change them.
func (c *ClientsPerDay) Days() iter.Seq2[time.Time, *DistinctIPs] {
	return func(yield func(time.Time, *DistinctIPs) bool) {
		for _, day := range slices.Sorted(maps.Keys(c.days)) {
			if !yield(time.Unix(day*86400, 0).UTC(), c.days[day]) {
				return
			}
		}
	}
}

// MarshalBinary encodes c deterministically, days in order.
func (c *ClientsPerDay) MarshalBinary() ([]byte, error) {
	e := header(tagClientsPerDay)
	days := slices.Sorted(maps.Keys(c.days))
	e.U(uint64(len(days)))
	for _, day := range days {
		b, err := c.days[day].MarshalBinary()
		if err != nil {
			return nil, err
		}
		e.I(day)
		e.Bytes(b)
	}
	return e.B, nil
}

// UnmarshalBinary replaces c with what [ClientsPerDay.MarshalBinary]
// wrote, or returns [ErrCorrupt].
func (c *ClientsPerDay) UnmarshalBinary(b []byte) error {
	d := newDec(b, tagClientsPerDay)
	var t ClientsPerDay
	n := d.N()
	prev := int64(0)
	for i := range n {
		day := d.I()
		part := d.Bytes()
		if d.Err != nil {
			return d.Err
		}
		if i > 0 && day <= prev {
			return ErrCorrupt // days in order, once each
		}
		prev = day
		var ips DistinctIPs
		if err := ips.UnmarshalBinary(part); err != nil {
			return err
		}
		*t.day(day) = ips
	}
	if err := d.Done(); err != nil {
		return err
	}
	*c = t
	return nil
}
