package s3line

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/bucketlogs/bucketlogs/parse"
)

// The fast path. Most lines have the plain shape of their layout: one token
// per field, quoted fields closed by their first '"' that is followed by a
// space. For those, a tape of the line's tokens is built in one scan (from
// SSE2 or AVX2 masks of the line's spaces and quotes on amd64, see
// scan_amd64.go; eight bytes at a time in a register elsewhere), and the
// fields are then read off the tape by position. Anything else (a requester
// holding spaces, a quote that the expected shape does not follow, a number
// or time the fast path does not take, too many fields) makes it decline,
// and the line is parsed again by the general path (parser.go), which is
// the reference: the fast path either declines or gives exactly the general
// path's record (FuzzFastPathAgrees holds it to that), and errors always
// come from the general path.

// maxTape is the most tokens the fast path takes; longer lines decline.
const maxTape = 48

// A tape holds the tokens of one line: token i is line[start[i]:end[i]].
// quoted has bit i set when token i was quoted (start and end then exclude
// the quotes), bracket when it is the 28-byte "[...]" time, brackets
// included.
type tape struct {
	n         int
	quoted    uint64
	bracket   uint64
	lastQuote int // the index of the line's last '"', -1 when it has none
	start     [maxTape]int32
	end       [maxTape]int32
}

func (t *tape) add(s, e int) bool {
	if t.n == maxTape {
		return false
	}
	t.start[t.n], t.end[t.n] = int32(s), int32(e)
	t.n++
	return true
}

const (
	lows  = 0x0101010101010101 * 0x7f
	highs = 0x8080808080808080
	sp8   = 0x2020202020202020
)

// spaces returns a mask with the high bit of byte i set exactly when byte i
// of v is a space.
func spaces(v uint64) uint64 {
	x := v ^ sp8
	return ^(((x & lows) + lows) | x) & highs
}

// scanPortable fills t with the tokens of line and reports whether it
// could, as every scan does: it fails on a quote that is never closed and
// on more than maxTape tokens. A token starting with '"' ends at the first
// '"' followed by a space or the end of the line; one starting with '[' that
// has the time's 28-byte shape is that bracket; any other ends at the next
// space. Runs of spaces separate like one.
//
// It is the pure-Go scan, used where no assembly is (other architectures,
// or the purego build tag) and the reference the assembly one is fuzzed
// against. It finds spaces eight bytes at a time.
func (t *tape) scanPortable(line []byte) bool {
	t.lastQuote = bytes.LastIndexByte(line, '"')
	pos := 0
	for pos < len(line) {
		switch line[pos] {
		case '"':
			q := closeQuote(line, pos)
			if q < 0 {
				return false
			}
			t.quoted |= 1 << t.n
			if !t.add(pos+1, q) {
				return false
			}
			pos = q + 1
			for pos < len(line) && line[pos] == ' ' {
				pos++
			}
			continue
		case '[':
			if end := pos + timeFieldLen; end <= len(line) && line[end-1] == ']' && (end == len(line) || line[end] == ' ') {
				t.bracket |= 1 << t.n
				if !t.add(pos, end) {
					return false
				}
				pos = end
				for pos < len(line) && line[pos] == ' ' {
					pos++
				}
				continue
			}
		}
		// Bare tokens, as many as follow one another: every space of a
		// word ends one, until a token starts with '"' or '['.
		j := pos
		for {
			if j+8 > len(line) {
				for ; j < len(line); j++ {
					if line[j] == ' ' {
						if j > pos && !t.add(pos, j) {
							return false
						}
						pos = j + 1
						if pos < len(line) && (line[pos] == '"' || line[pos] == '[') {
							break
						}
					}
				}
				if j == len(line) {
					if pos < len(line) && !t.add(pos, len(line)) {
						return false
					}
					return true
				}
				break
			}
			m := spaces(binary.LittleEndian.Uint64(line[j:]))
			stop := false
			for m != 0 {
				k := j + bits.TrailingZeros64(m)>>3
				m &= m - 1
				if k > pos && !t.add(pos, k) {
					return false
				}
				pos = k + 1
				if pos < len(line) && (line[pos] == '"' || line[pos] == '[') {
					stop = true
					break
				}
			}
			if stop {
				break
			}
			j += 8
		}
	}
	return true
}

// closeQuote returns the index of the first '"' after line[open] that is
// followed by a space or the end of the line, or -1.
func closeQuote(line []byte, open int) int {
	q := open
	for {
		k := bytes.IndexByte(line[q+1:], '"')
		if k < 0 {
			return -1
		}
		q += 1 + k
		if q+1 == len(line) || line[q+1] == ' ' {
			return q
		}
	}
}

// num stores number token i in *dst and sets bit f of *p, unless the
// token is "-"; it reports false when the fast path cannot take the token
// (see int).
func (t *tape) num(line []byte, i int, dst *int64, f parse.Field, p *uint64) bool {
	n, present, ok := t.int(line, i, f.Signed())
	if present {
		*dst = n
		*p |= 1 << f
	}
	return ok
}

// put stores token i in *dst and sets bit f of *p, unless the token is "-".
func (t *tape) put(line []byte, i int, dst *[]byte, f parse.Field, p *uint64) {
	s, e := t.start[i], t.end[i]
	if e-s == 1 && line[s] == '-' {
		return
	}
	*dst = line[s:e]
	*p |= 1 << f
}

// tok returns token i.
func (t *tape) tok(line []byte, i int) []byte { return line[t.start[i]:t.end[i]] }

// text returns token i and whether it is present, that is not "-".
func (t *tape) text(line []byte, i int) ([]byte, bool) {
	v := line[t.start[i]:t.end[i]]
	return v, len(v) != 1 || v[0] != '-'
}

// int returns token i as a number, whether it is present (not "-"), and
// whether the fast path can take it: a decimal number of at most 16 digits,
// with a '-' only when signed. The general path reports anything else.
func (t *tape) int(line []byte, i int, signed bool) (n int64, present, ok bool) {
	s, e := int(t.start[i]), int(t.end[i])
	// Most numbers are 1 to 8 digits with eight bytes of line to load:
	// one branch, and digits8 has none. Anything else ("-", a sign, a
	// longer number, the line's end) is intSlow's.
	if k := e - s; uint(k-1) < 8 && s+8 <= len(line) {
		if v, ok := digits8(line[s:], k); ok {
			return int64(v), true, true
		}
	}
	return intSlow(line, s, e, signed)
}

// intSlow is int for line[s:e] when it is not 1 to 8 digits that digits8
// can load.
func intSlow(line []byte, s, e int, signed bool) (n int64, present, ok bool) {
	neg := false
	if e-s > 1 && line[s] == '-' && signed {
		neg, s = true, s+1
	}
	switch k := e - s; {
	case k == 1 && line[s] == '-' && !neg:
		return 0, false, true
	case k == 0 || k > 16:
		return 0, false, false
	case k <= 8 && s+8 <= len(line):
		v, ok := digits8(line[s:], k)
		n = int64(v)
		if !ok {
			return 0, false, false
		}
	case k > 8:
		hi, ok1 := digits8(line[s:], k-8)
		lo, ok2 := digits8(line[e-8:], 8)
		if !ok1 || !ok2 {
			return 0, false, false
		}
		n = int64(hi*100000000 + lo)
	default: // too near the end of the line to load eight bytes
		for _, c := range line[s:e] {
			d := c - '0'
			if d > 9 {
				return 0, false, false
			}
			n = n*10 + int64(d)
		}
	}
	if neg {
		n = -n
	}
	return n, true, true
}

// digits8 parses the k (1 to 8) decimal digits at the start of b, which
// has at least eight bytes, with no branch on their values: eight bytes are
// loaded, the digits checked and combined pairwise in one register.
func digits8(b []byte, k int) (uint64, bool) {
	x := binary.LittleEndian.Uint64(b) ^ 0x3030303030303030 // '0'..'9' become 0..9
	x <<= 64 - 8*k                                          // the k digits to the top, zeros (leading 0s) below
	if (x|(x+0x7676767676767676))&0x8080808080808080 != 0 {
		return 0, false // a byte above 9
	}
	x = (x * 10) + (x >> 8)
	x = ((x & 0x000000ff000000ff) * 0x000f424000000064) + (((x >> 16) & 0x000000ff000000ff) * 0x0000271000000001)
	return x >> 32, true
}

// follows reports whether what comes after quoted token i has the shape fl
// asks, as the general path's quoted checks it.
func (t *tape) follows(line []byte, i int, fl follow) bool {
	if t.quoted&(1<<i) == 0 {
		return true
	}
	after := int(t.end[i]) + 1 // past the closing quote
	rest := trimSpaces(line[after:])
	last := false
	if fl == followS3Tail {
		last = t.lastQuote < after
	}
	return followOK(rest, fl, last)
}

// followsHost is follows(line, i, followHost) read off the tape: after
// quoted token i comes a bare "-" or a quoted host of at most 298 bytes that
// hold no quote, space or control byte. (followOK looks for the host's
// closing quote byte by byte; the tape has found it.)
func (t *tape) followsHost(line []byte, i int) bool {
	if t.quoted&(1<<i) == 0 {
		return true
	}
	j := i + 1
	if j >= t.n {
		return false
	}
	host := line[t.start[j]:t.end[j]]
	if t.quoted&(1<<j) == 0 {
		return len(host) == 1 && host[0] == '-'
	}
	return len(host) <= 298 && plainHost(host)
}

// plainHost reports whether b has no quote and no byte at or below ' ',
// eight bytes at a time.
func plainHost(b []byte) bool {
	const (
		ones = 0x0101010101010101
		dq8  = ones * '"'
	)
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		below := (x - ones*0x21) &^ x // the high bit of a byte below 0x21
		y := x ^ dq8                  // a quote becomes zero
		if (below|(y-ones)&^y)&highs != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c <= ' ' || c == '"' {
			return false
		}
	}
	return true
}

// fastS3 decodes a plain-shaped AWS s3 line into r (already reset), or
// reports false, leaving r to be reset, when the line needs the general
// path. Fields are stored directly and marked present in one step; times
// is the parser's cache of the last minute.
func fastS3(line []byte, r *parse.Record, times *timeCache) bool {
	var t tape
	if !t.scan(line) || t.n < MinS3Fields {
		return false
	}
	// The time is token 2 and the only bracket; tokens 18 to 20, which
	// tell OBS lines and split Host Ids, are bare.
	if t.bracket != 1<<2 || t.quoted&(7<<18) != 0 {
		return false
	}
	if !t.follows(line, 8, followStatus) || !t.follows(line, 15, followQuoted) || !t.follows(line, 16, followS3Tail) {
		return false
	}
	if !isOperation(t.tok(line, 6)) {
		return false // a requester holding spaces, or no operation
	}
	if t.n > 19 {
		var t20 []byte
		t19 := t.tok(line, 19)
		if t.n > 20 {
			t20 = t.tok(line, 20)
		}
		if isStorageClass(t19) || isStorageClass(t20) || !isSigVersion(t19) && isSigVersion(t20) {
			return false // OBS, or a Host Id holding a space
		}
	}
	tm, ok := times.parse(t.tok(line, 2))
	if !ok {
		return false
	}
	// The numbers go straight into r: on a decline, the caller resets it.
	p := uint64(1) << parse.Time
	if !t.num(line, 9, &r.Status, parse.Status, &p) ||
		!t.num(line, 11, &r.BytesSent, parse.BytesSent, &p) ||
		!t.num(line, 12, &r.ObjectSize, parse.ObjectSize, &p) ||
		!t.num(line, 13, &r.TotalTimeMS, parse.TotalTimeMS, &p) ||
		!t.num(line, 14, &r.TurnaroundTimeMS, parse.TurnaroundTimeMS, &p) {
		return false
	}
	r.Time = tm

	// Tokens 0 to 16 are always there: stored one by one, each at a place
	// the compiler knows.
	t.put(line, 0, &r.BucketOwner, parse.BucketOwner, &p)
	t.put(line, 1, &r.Bucket, parse.Bucket, &p)
	t.put(line, 3, &r.RemoteIP, parse.RemoteIP, &p)
	t.put(line, 4, &r.Requester, parse.Requester, &p)
	t.put(line, 5, &r.RequestID, parse.RequestID, &p)
	t.put(line, 6, &r.Operation, parse.Operation, &p)
	t.put(line, 7, &r.Key, parse.Key, &p)
	t.put(line, 8, &r.RequestURI, parse.RequestURI, &p)
	t.put(line, 10, &r.ErrorCode, parse.ErrorCode, &p)
	t.put(line, 15, &r.Referer, parse.Referer, &p)
	t.put(line, 16, &r.UserAgent, parse.UserAgent, &p)
	if t.n > MinS3Fields {
		later := [...]*[]byte{
			&r.VersionID, &r.HostID, &r.SignatureVersion, &r.CipherSuite,
			&r.AuthType, &r.HostHeader, &r.TLSVersion, &r.AccessPointARN,
			&r.ACLRequired, &r.SourceRegion,
		}
		for i := MinS3Fields; i < min(t.n, KnownS3Fields); i++ {
			t.put(line, i, later[i-MinS3Fields], s3Fields[i], &p)
		}
	}
	if t.n > KnownS3Fields {
		for i := KnownS3Fields; i < t.n; i++ {
			r.Extra = append(r.Extra, t.tok(line, i))
		}
		p |= 1 << parse.Extra
	}
	r.MarkAll(p)
	if p&(1<<parse.RequestURI) != 0 {
		parse.SplitRequestURI(r, r.RequestURI)
	}
	return true
}

// noField stands in a layout's table for a token that is not read as a
// field of its own there.
const noField = parse.NumFields

// s3Fields are the text fields of an s3 line's tokens, by position, with
// noField for the time and the numbers, which are read apart.
var s3Fields = [KnownS3Fields]parse.Field{
	parse.BucketOwner, parse.Bucket, noField, parse.RemoteIP, parse.Requester,
	parse.RequestID, parse.Operation, parse.Key, parse.RequestURI, noField,
	parse.ErrorCode, noField, noField, noField, noField,
	parse.Referer, parse.UserAgent, parse.VersionID, parse.HostID, parse.SignatureVersion,
	parse.CipherSuite, parse.AuthType, parse.HostHeader, parse.TLSVersion, parse.AccessPointARN,
	parse.ACLRequired, parse.SourceRegion,
}

// fastOSS decodes a plain-shaped Alibaba Cloud OSS line into r (already
// reset), or reports false, leaving r to be reset, when the line needs the
// general path.
func fastOSS(line []byte, r *parse.Record, times *timeCache) bool {
	var t tape
	if !t.scan(line) || t.n < MinOSSFields || t.bracket != 1<<3 {
		return false
	}
	if !t.follows(line, 4, followStatus) || !t.follows(line, 8, followQuoted) || !t.followsHost(line, 9) {
		return false
	}
	tm, ok := times.parse(t.tok(line, 3))
	if !ok {
		return false
	}
	// The fields by token, as in ossFields (TestFastPathAgrees holds the
	// two to the same records); tokens 1 to 3 are reserved and the time.
	// Numbers go straight into r: on a decline, the caller resets it.
	p := uint64(1) << parse.Time
	if !t.num(line, 5, &r.Status, parse.Status, &p) ||
		!t.num(line, 6, &r.BytesSent, parse.BytesSent, &p) ||
		!t.num(line, 7, &r.TotalTimeMS, parse.TotalTimeMS, &p) ||
		!t.num(line, 17, &r.ObjectSize, parse.ObjectSize, &p) ||
		!t.num(line, 18, &r.TurnaroundTimeMS, parse.TurnaroundTimeMS, &p) ||
		!t.num(line, 20, &r.BytesReceived, parse.BytesReceived, &p) ||
		!t.num(line, 22, &r.DeltaDataSize, parse.DeltaDataSize, &p) {
		return false
	}
	t.put(line, 0, &r.RemoteIP, parse.RemoteIP, &p)
	t.put(line, 4, &r.RequestURI, parse.RequestURI, &p)
	t.put(line, 8, &r.Referer, parse.Referer, &p)
	t.put(line, 9, &r.UserAgent, parse.UserAgent, &p)
	t.put(line, 10, &r.HostHeader, parse.HostHeader, &p)
	t.put(line, 11, &r.RequestID, parse.RequestID, &p)
	t.put(line, 12, &r.LoggingFlag, parse.LoggingFlag, &p)
	t.put(line, 13, &r.Requester, parse.Requester, &p)
	t.put(line, 14, &r.Operation, parse.Operation, &p)
	t.put(line, 15, &r.Bucket, parse.Bucket, &p)
	t.put(line, 16, &r.Key, parse.Key, &p)
	t.put(line, 19, &r.ErrorCode, parse.ErrorCode, &p)
	t.put(line, 21, &r.BucketOwner, parse.BucketOwner, &p)
	t.put(line, 23, &r.SyncRequest, parse.SyncRequest, &p)
	t.put(line, 24, &r.StorageClass, parse.StorageClass, &p)
	if t.n > MinOSSFields {
		later := [...]*[]byte{&r.TargetStorageClass, &r.AccelerationAccessPoint, &r.AccessKeyID, &r.BucketARN}
		for i := MinOSSFields; i < min(t.n, KnownOSSFields); i++ {
			t.put(line, i, later[i-MinOSSFields], ossFields[i], &p)
		}
	}
	r.Time = tm
	r.MarkAll(p)
	if t.n > KnownOSSFields {
		for i := KnownOSSFields; i < t.n; i++ {
			r.Extra = append(r.Extra, t.tok(line, i))
		}
		r.Mark(parse.Extra)
	}
	if r.Has(parse.RequestURI) {
		parse.SplitRequestURI(r, r.RequestURI)
	}
	return true
}

// ossFields are the fields of an oss line's tokens, by position, with
// noField for the reserved ones and the time, which is read apart.
var ossFields = [KnownOSSFields]parse.Field{
	parse.RemoteIP, noField, noField, noField, parse.RequestURI,
	parse.Status, parse.BytesSent, parse.TotalTimeMS, parse.Referer, parse.UserAgent,
	parse.HostHeader, parse.RequestID, parse.LoggingFlag, parse.Requester, parse.Operation,
	parse.Bucket, parse.Key, parse.ObjectSize, parse.TurnaroundTimeMS, parse.ErrorCode,
	parse.BytesReceived, parse.BucketOwner, parse.DeltaDataSize, parse.SyncRequest, parse.StorageClass,
	parse.TargetStorageClass, parse.AccelerationAccessPoint, parse.AccessKeyID, parse.BucketARN,
}
