package aggregate

import (
	"encoding/binary"
	"math"
	"math/bits"
	"net/netip"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/bucketlogs/bucketlogs/internal/ipv4"
	"github.com/bucketlogs/bucketlogs/parse"
)

// ExactDistinctLimit is how many distinct values a [Distinct] counts
// exactly before it switches to a HyperLogLog estimate.
const ExactDistinctLimit = 1 << 20

// hllPrecision gives 2^14 registers: a standard error of about 0.8%.
const hllPrecision = 14

// A Distinct counts the distinct values of a text field. Up to
// [ExactDistinctLimit] values it keeps a set of their 64-bit hashes, so the
// count is exact (barring a hash collision, about one in 10^7 at the limit);
// past it, a HyperLogLog sketch of 16 KiB estimates the count within about
// 0.8% (one standard error). Memory is bounded either way.
//
// Whether the result is exact depends only on the union of all values added,
// not on how they were split between Distincts before [Distinct.Merge], so
// merged results do not depend on the split.
//
// Create it with [NewDistinct]; the zero Distinct counts values given to
// [Distinct.AddValue] (its field is unset, so [Distinct.Add] counts nothing).
// It is not safe for concurrent use.
type Distinct struct {
	field    parse.Field
	hasField bool // false in the zero Distinct
	set      hashSet[uint64]
	hll      []uint8 // nil while exact
}

// NewDistinct returns an empty Distinct over text field f.
func NewDistinct(f parse.Field) *Distinct {
	return &Distinct{field: f, hasField: true}
}

// Add counts r's value of the field, if present.
func (d *Distinct) Add(r *parse.Record) {
	if !d.hasField || !r.Has(d.field) {
		return
	}
	d.addHash(hash64(r.Text(d.field)))
}

// AddValue counts the value b, for callers that compute values themselves;
// it does not look at the Distinct's field.
func (d *Distinct) AddValue(b []byte) { d.addHash(hash64(b)) }

func (d *Distinct) addHash(h uint64) {
	if d.hll != nil {
		hllAdd(d.hll, h)
		return
	}
	d.set.add(h)
	if d.set.len() > ExactDistinctLimit {
		d.toSketch()
	}
}

func (d *Distinct) toSketch() {
	d.hll = make([]uint8, 1<<hllPrecision)
	d.set.each(func(h uint64) { hllAdd(d.hll, h) })
	d.set = hashSet[uint64]{}
}

// Merge adds o's values into d.
func (d *Distinct) Merge(o *Distinct) {
	if o.hll != nil && d.hll == nil {
		d.toSketch()
	}
	if d.hll != nil {
		if o.hll != nil {
			for i, v := range o.hll {
				d.hll[i] = max(d.hll[i], v)
			}
		} else {
			o.set.each(func(h uint64) { hllAdd(d.hll, h) })
		}
		return
	}
	o.set.each(d.addHash)
}

// Size returns about how many bytes d holds: at most about 16 MiB exact
// (a table of 2^21 hashes), 16 KiB once it is a sketch.
func (d *Distinct) Size() int {
	if d.hll != nil {
		return 48 + len(d.hll)
	}
	return 96 + 8*len(d.set.slots)
}

// Count returns the number of distinct values and whether it is exact.
func (d *Distinct) Count() (n int64, exact bool) {
	if d.hll == nil {
		return int64(d.set.len()), true
	}
	return hllEstimate(d.hll), false
}

func hllAdd(reg []uint8, h uint64) {
	i := h >> (64 - hllPrecision)
	rho := uint8(bits.LeadingZeros64(h<<hllPrecision|1<<(hllPrecision-1))) + 1
	reg[i] = max(reg[i], rho)
}

func hllEstimate(reg []uint8) int64 {
	m := float64(len(reg))
	var sum float64
	zeros := 0
	for _, v := range reg {
		sum += 1 / float64(uint64(1)<<v)
		if v == 0 {
			zeros++
		}
	}
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		est = m * math.Log(m/float64(zeros)) // linear counting for small sets
	}
	return int64(est + 0.5)
}

// hash64 is a fast, fixed (not per-process) 64-bit hash, so that sets from
// different processes and machines merge: eight bytes at a time through a
// multiply-xorshift, with a splitmix64 finish.
func hash64(b []byte) uint64 {
	const k = 0x9e3779b97f4a7c15
	h := uint64(len(b)) * k
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
		b = b[8:]
	}
	var tail uint64
	for i, c := range b {
		tail |= uint64(c) << (8 * i)
	}
	h = (h ^ tail ^ k) * 0x94d049bb133111eb
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// MarshalBinary encodes d deterministically.
func (d *Distinct) MarshalBinary() ([]byte, error) {
	e := header(tagDistinct)
	if d.hasField {
		e.U(uint64(d.field) + 1)
	} else {
		e.U(0) // the zero Distinct
	}
	if d.hll != nil {
		e.Bool(true)
		e.Bytes(d.hll)
		return e.B, nil
	}
	e.Bool(false)
	hs := make([]uint64, 0, d.set.len())
	d.set.each(func(h uint64) { hs = append(hs, h) })
	slices.Sort(hs)
	e.U(uint64(len(hs)))
	for _, h := range hs {
		e.B = binary.LittleEndian.AppendUint64(e.B, h)
	}
	return e.B, nil
}

// UnmarshalBinary replaces d with what [Distinct.MarshalBinary] wrote, or
// returns [ErrCorrupt].
func (d *Distinct) UnmarshalBinary(b []byte) error {
	dc := newDec(b, tagDistinct)
	var t Distinct
	if f := dc.U(); f > 0 {
		if f > uint64(parse.NumFields) || parse.Field(f-1).Kind() != parse.KindText {
			return ErrCorrupt
		}
		t.field, t.hasField = parse.Field(f-1), true
	}
	if dc.Bool() {
		t.hll = slices.Clone(dc.Bytes())
		if dc.Err == nil && len(t.hll) != 1<<hllPrecision {
			return ErrCorrupt
		}
	} else {
		n := dc.U()
		if dc.Err == nil && n > uint64(len(dc.B)/8) {
			return ErrCorrupt
		}
		for range n {
			t.set.add(binary.LittleEndian.Uint64(dc.B))
			dc.B = dc.B[8:]
		}
	}
	if err := dc.Done(); err != nil {
		return err
	}
	*d = t
	return nil
}

// DistinctIPs counts distinct client addresses: IPv4 addresses exactly, in
// a flat table while there are at most 65,536 of them (4 to 11 bytes an
// address) and in a roaring bitmap past that (a few bytes an address at
// most); IPv6 addresses as a
// [Distinct] of their 16-byte form, exact up to [ExactDistinctLimit]
// addresses (barring a 64-bit hash collision, which can only undercount)
// and a HyperLogLog estimate past it, so memory stays bounded however many
// addresses a client spreads over its /64. IPv4-mapped IPv6 addresses count
// as IPv4. Values of remote_ip that are not addresses are not counted.
//
// The zero value is ready to use. It is not safe for concurrent use.
type DistinctIPs struct {
	few    hashSet[uint32] // the IPv4 addresses while v4 is nil
	v4     *roaring.Bitmap // the IPv4 addresses once there are more than ipSetLimit
	v6     Distinct
	v6text map[string]struct{}  // recent IPv6 spellings already counted: no parsing again
	seen   *[ipSeenSlots]uint32 // IPv4 addresses known to be in v4, by hash: no bitmap search again
}

// ipSetLimit is how many IPv4 addresses a DistinctIPs holds in its flat
// table (at most 512 KiB) before it moves them to a roaring bitmap. An
// address is added to the table with one probe; the bitmap searches its
// containers, one for each /16 that has clients, which is most of the
// cost of a report's record when clients come from all over the internet.
const ipSetLimit = 1 << 16

// ipSeenSlots sizes DistinctIPs' filter of addresses already in its
// bitmap: a client's next request mostly finds its address there, for a
// load and a comparison instead of the bitmap's search. 4 KiB a set.
const (
	ipSeenBits  = 10
	ipSeenSlots = 1 << ipSeenBits
)

// v6TextCache bounds the cache of IPv6 spellings; it is emptied when full.
const v6TextCache = 1 << 14

// Add counts r's remote_ip.
func (d *DistinctIPs) Add(r *parse.Record) {
	if r.Has(parse.RemoteIP) {
		d.addText(r.RemoteIP)
	}
}

// addText counts the address written ip, if it is one.
func (d *DistinctIPs) addText(ip []byte) {
	if v4, ok := ipv4.Parse(ip); ok {
		d.addV4(v4)
		return
	}
	if _, seen := d.v6text[string(ip)]; seen {
		return
	}
	a, err := netip.ParseAddr(string(ip))
	if err != nil {
		return
	}
	if d.v6text == nil || len(d.v6text) >= v6TextCache {
		d.v6text = make(map[string]struct{})
	}
	d.v6text[string(ip)] = struct{}{}
	if a.Is4In6() {
		d.addV4(binary.BigEndian.Uint32(a.Unmap().AsSlice()))
		return
	}
	b := a.As16()
	d.v6.AddValue(b[:])
}

// addV4 counts the IPv4 address v4.
func (d *DistinctIPs) addV4(v4 uint32) {
	if d.v4 == nil {
		d.few.add(v4)
		if d.few.len() > ipSetLimit {
			d.toBitmap()
		}
		return
	}
	if d.seen == nil {
		d.seen = new([ipSeenSlots]uint32)
	}
	i := v4 * 0x9e3779b1 >> (32 - ipSeenBits)
	if d.seen[i] == v4 && v4 != 0 { // 0 is also an empty slot
		return
	}
	d.v4.Add(v4)
	d.seen[i] = v4
}

// toBitmap moves the addresses of d's table into its bitmap, if it has none.
func (d *DistinctIPs) toBitmap() {
	if d.v4 == nil {
		d.v4 = d.bitmap()
		d.few = hashSet[uint32]{}
	}
}

// bitmap returns d's IPv4 addresses as a bitmap: d's own, or a new one
// made from its table.
func (d *DistinctIPs) bitmap() *roaring.Bitmap {
	if d.v4 != nil {
		return d.v4
	}
	ips := make([]uint32, 0, d.few.len())
	d.few.each(func(ip uint32) { ips = append(ips, ip) })
	slices.Sort(ips)
	b := roaring.New()
	b.AddMany(ips)
	return b
}

// Merge adds o's addresses into d.
func (d *DistinctIPs) Merge(o *DistinctIPs) {
	if o.v4 != nil {
		d.toBitmap()
		d.v4.Or(o.v4)
	}
	o.few.each(d.addV4)
	d.v6.Merge(&o.v6)
}

// Count returns the number of distinct IPv4 and IPv6 addresses, and whether
// the IPv6 count is exact (the IPv4 count always is).
func (d *DistinctIPs) Count() (v4, v6 int64, exact bool) {
	if d.v4 != nil {
		v4 = int64(d.v4.GetCardinality())
	} else {
		v4 = int64(d.few.len())
	}
	v6, exact = d.v6.Count()
	return v4, v6, exact
}

// MarshalBinary encodes d deterministically.
func (d *DistinctIPs) MarshalBinary() ([]byte, error) {
	e := header(tagDistinctIPs)
	var bm []byte
	if d.v4 != nil || d.few.len() > 0 {
		v4 := d.bitmap()
		v4.RunOptimize()
		var err error
		if bm, err = v4.ToBytes(); err != nil {
			return nil, err
		}
	}
	e.Bytes(bm)
	v6, err := d.v6.MarshalBinary()
	if err != nil {
		return nil, err
	}
	e.Bytes(v6)
	return e.B, nil
}

// UnmarshalBinary replaces d with what [DistinctIPs.MarshalBinary] wrote,
// or returns [ErrCorrupt].
func (d *DistinctIPs) UnmarshalBinary(b []byte) (err error) {
	dc := newDec(b, tagDistinctIPs)
	var t DistinctIPs
	if bm := dc.Bytes(); len(bm) > 0 {
		t.v4 = roaring.New()
		defer func() { // the roaring decoder is not hardened against every input
			if recover() != nil {
				err = ErrCorrupt
			}
		}()
		if _, err := t.v4.FromBuffer(slices.Clone(bm)); err != nil {
			return ErrCorrupt
		}
	}
	if v6 := dc.Bytes(); dc.Err == nil {
		if err := t.v6.UnmarshalBinary(v6); err != nil {
			return err
		}
	}
	if err := dc.Done(); err != nil {
		return err
	}
	*d = t
	return nil
}
