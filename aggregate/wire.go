package aggregate

import "github.com/bucketlogs/bucketlogs/internal/wire"

// ErrCorrupt is returned by the UnmarshalBinary methods for data that was not
// written by the matching MarshalBinary.
var ErrCorrupt = wire.ErrCorrupt

// wireVersion prefixes every marshaled aggregator so that a format change is
// detected instead of misread.
const wireVersion = 4

// enc and dec are the wire form every aggregator marshals to.
type (
	enc = wire.Enc
	dec = wire.Dec
)

func newDec(b []byte, tag byte) *dec {
	d := &dec{B: b}
	if len(b) < 2 || b[0] != wireVersion || b[1] != tag {
		d.Err = ErrCorrupt
		return d
	}
	d.B = b[2:]
	return d
}

func header(tag byte) enc { return enc{B: []byte{wireVersion, tag}} }

// Tags that tell the aggregators' binary forms apart.
const (
	tagGroup byte = iota + 1
	tagStatus
	tagTopK
	tagHistogram
	tagLatency
	tagDistinct
	tagDistinctIPs
	tagSeries
	tagSlowest
	tagReport
	tagClientsPerDay
)
