package query

import (
	"bytes"
	"net/netip"
	"regexp"
	"slices"
	"time"
	"unsafe"

	"github.com/bucketlogs/bucketlogs/internal/ipv4"
	"github.com/bucketlogs/bucketlogs/parse"
)

// fieldFormat is "format", a field of package parse (parse.FormatField);
// fieldKeyDecoded is "key_decoded", the key with its %XX escapes decoded,
// the one pseudo-field only the query language has.
const (
	fieldFormat     = parse.FormatField
	fieldKeyDecoded = parse.FormatField + 1
)

// A node is one predicate of a filter. Implementations must be safe for
// concurrent use and must not allocate.
type node interface {
	match(r *parse.Record) bool
}

// text returns the text of field f (or the format name), and whether it is
// present.
func text(r *parse.Record, f parse.Field) ([]byte, bool) {
	if f == fieldKeyDecoded {
		return decodedKey(r)
	}
	return r.Text(f), r.Has(f)
}

// decodedKey is the key with %XX escapes decoded ('+' stays '+', as S3
// writes keys). A key without escapes is returned as it is; one with them
// is decoded into a new slice, the one allocation a filter may make.
func decodedKey(r *parse.Record) ([]byte, bool) {
	k := r.Key
	if !r.Has(parse.Key) {
		return nil, false
	}
	if bytes.IndexByte(k, '%') < 0 {
		return k, true
	}
	return appendDecoded(nil, k), true
}

// appendDecoded appends s with %XX escapes decoded; a malformed escape
// stays as written.
func appendDecoded(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && unhex(s[i+1]) >= 0 && unhex(s[i+2]) >= 0 {
			dst = append(dst, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
			i += 2
			continue
		}
		dst = append(dst, s[i])
	}
	return dst
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

type allNode struct{}

func (allNode) match(*parse.Record) bool { return true }

// andNode and orNode hold a whole chain ("a and b and c"), so that a long
// chain is a loop, not a recursion as deep as the chain is long.
type andNode struct{ xs []node }

func (n andNode) match(r *parse.Record) bool {
	for _, x := range n.xs {
		if !x.match(r) {
			return false
		}
	}
	return true
}

type orNode struct{ xs []node }

func (n orNode) match(r *parse.Record) bool {
	for _, x := range n.xs {
		if x.match(r) {
			return true
		}
	}
	return false
}

type notNode struct{ x node }

func (n notNode) match(r *parse.Record) bool { return !n.x.match(r) }

type hasNode struct{ f parse.Field }

func (n hasNode) match(r *parse.Record) bool { return r.Has(n.f) }

// cmpOp is a comparison.
type cmpOp uint8

const (
	opEq cmpOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
)

func (op cmpOp) holds(c int) bool {
	switch op {
	case opEq:
		return c == 0
	case opNe:
		return c != 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	}
	return c >= 0
}

type textCmp struct {
	f    parse.Field
	op   cmpOp
	val  []byte // upper case when fold
	fold bool   // compare ignoring ASCII case (HTTP methods)
}

func (n textCmp) match(r *parse.Record) bool {
	v, ok := text(r, n.f)
	if !ok {
		return false
	}
	if n.fold {
		return n.op.holds(compareUpper(v, n.val))
	}
	return n.op.holds(bytes.Compare(v, n.val))
}

// compareUpper compares v, upper-cased (ASCII), with upper.
func compareUpper(v, upper []byte) int {
	for i := 0; i < len(v) && i < len(upper); i++ {
		c := v[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[i] {
			if c < upper[i] {
				return -1
			}
			return 1
		}
	}
	return len(v) - len(upper)
}

type intCmp struct {
	f  parse.Field
	op cmpOp
	v  int64
}

func (n intCmp) match(r *parse.Record) bool {
	v, ok := r.Int(n.f)
	if !ok {
		return false
	}
	c := 0
	if v < n.v {
		c = -1
	} else if v > n.v {
		c = 1
	}
	return n.op.holds(c)
}

// intRange matches an integer field within [lo, hi] (a status class), or
// outside it when neg.
type intRange struct {
	f      parse.Field
	lo, hi int64
	neg    bool
}

func (n intRange) match(r *parse.Record) bool {
	v, ok := r.Int(n.f)
	return ok && (v >= n.lo && v <= n.hi) != n.neg
}

type timeCmp struct {
	op cmpOp
	t  time.Time
}

func (n timeCmp) match(r *parse.Record) bool {
	return r.Has(parse.Time) && n.op.holds(r.Time.Compare(n.t))
}

type textIn struct {
	f    parse.Field
	set  map[string]struct{} // upper case when fold
	list [][]byte            // set's values when it has at most smallIn
	fold bool
}

// smallIn is the most values an "in" list compares one by one rather than
// look up: most values differ from each in length, which costs less than
// hashing them.
const smallIn = 4

func (n textIn) match(r *parse.Record) bool {
	v, ok := text(r, n.f)
	if !ok {
		return false
	}
	if n.list != nil {
		for _, x := range n.list {
			if len(x) == len(v) && (bytes.Equal(x, v) || n.fold && bytes.EqualFold(x, v)) {
				return true
			}
		}
		return false
	}
	if n.fold && len(v) <= 32 {
		var up [32]byte
		for i, c := range v {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			up[i] = c
		}
		v = up[:len(v)]
	}
	_, in := n.set[string(v)] // no allocation for a map lookup
	return in
}

type intIn struct {
	f      parse.Field
	ranges [][2]int64 // inclusive
}

func (n intIn) match(r *parse.Record) bool {
	v, ok := r.Int(n.f)
	if !ok {
		return false
	}
	for _, rg := range n.ranges {
		if v >= rg[0] && v <= rg[1] {
			return true
		}
	}
	return false
}

type timeIn struct{ ts []time.Time }

func (n timeIn) match(r *parse.Record) bool {
	if !r.Has(parse.Time) {
		return false
	}
	for _, t := range n.ts {
		if r.Time.Equal(t) {
			return true
		}
	}
	return false
}

type globNode struct {
	f       parse.Field
	pattern []byte // lower case when fold
	neg     bool
	fold    bool // ~~: ignore ASCII case
	// lit is the pattern's literal when it is "*lit*" (no other '*' or
	// '?'), the common "contains" glob, matched without the general loop.
	lit []byte
}

// newGlob makes the node of pattern (lower case when fold).
func newGlob(f parse.Field, pattern []byte, fold bool) globNode {
	n := globNode{f: f, pattern: pattern, fold: fold}
	if len(pattern) >= 3 && pattern[0] == '*' && pattern[len(pattern)-1] == '*' {
		if lit := pattern[1 : len(pattern)-1]; bytes.IndexAny(lit, "*?") < 0 {
			n.lit = lit
		}
	}
	return n
}

func (n globNode) match(r *parse.Record) bool {
	v, ok := text(r, n.f)
	if !ok {
		return false
	}
	if n.lit != nil {
		if n.fold {
			return containsFold(v, n.lit) != n.neg
		}
		return bytes.Contains(v, n.lit) != n.neg
	}
	return glob(n.pattern, v, n.fold) != n.neg
}

// containsFold reports whether s holds lit (lower case) ignoring ASCII
// case: candidates are found by their first byte in either case.
func containsFold(s, lit []byte) bool {
	c := lit[0]
	upper := c
	if 'a' <= c && c <= 'z' {
		upper = c - 'a' + 'A'
	}
	for len(s) >= len(lit) {
		i := bytes.IndexByte(s[:len(s)-len(lit)+1], c)
		if upper != c {
			if j := bytes.IndexByte(s[:len(s)-len(lit)+1], upper); j >= 0 && (i < 0 || j < i) {
				i = j
			}
		}
		if i < 0 {
			return false
		}
		if bytes.EqualFold(s[i:i+len(lit)], lit) {
			return true
		}
		s = s[i+1:]
	}
	return false
}

// glob reports whether s matches pattern, where '*' matches any run of bytes
// (slashes included) and '?' any one byte; with fold, s is lower-cased
// (ASCII) as it is read, and pattern must be lower case already. It runs in
// O(len(pattern) * len(s)) at worst and does not allocate.
func glob(pattern, s []byte, fold bool) bool {
	p, i := 0, 0
	starP, starI := -1, 0
	for i < len(s) {
		c := s[i]
		if fold && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		switch {
		case p < len(pattern) && pattern[p] == '*': // before a literal '*' in s
			starP, starI = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == c):
			p++
			i++
		case starP >= 0:
			p = starP + 1
			starI++
			i = starI
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

type regexNode struct {
	f   parse.Field
	re  *regexp.Regexp
	neg bool
}

func (n regexNode) match(r *parse.Record) bool {
	v, ok := text(r, n.f)
	return ok && n.re.Match(v) != n.neg
}

type cidrNode struct {
	f     parse.Field
	addrs *addrSet
}

func (n cidrNode) match(r *parse.Record) bool {
	v, ok := text(r, n.f)
	if !ok || len(v) == 0 {
		return false
	}
	a, ok := parseAddr(v)
	if !ok {
		return false
	}
	return n.addrs.contains(a)
}

// parseAddr parses an IPv4 or IPv6 address from bytes without allocating:
// it views the bytes as a string for the call only (netip keeps no
// reference to a string it parses successfully, and the error is dropped).
//
// Text that cannot be an address is turned away before netip, whose error
// would allocate: IPv4 is parsed here; anything else must hold a ':' and
// only hexadecimal digits, '.', ':' and a '%' zone.
func parseAddr(b []byte) (netip.Addr, bool) {
	if bytes.IndexByte(b, ':') < 0 {
		v, ok := ipv4.Parse(b)
		if !ok {
			return netip.Addr{}, false
		}
		return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
	}
	for _, c := range b {
		if !addrByte[c] {
			return netip.Addr{}, false
		}
	}
	a, err := netip.ParseAddr(unsafe.String(unsafe.SliceData(b), len(b)))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// addrByte marks the bytes an IPv6 address (with a zone) may hold.
var addrByte = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEF.:%") {
		t[c] = true
	}
	return t
}()

// reads appends the fields n looks at to dst; ok is false for a node it
// does not know, whose fields are then unknown.
func reads(dst []parse.Field, n node) (_ []parse.Field, ok bool) {
	switch n := n.(type) {
	case allNode:
		return dst, true
	case andNode:
		for _, x := range n.xs {
			if dst, ok = reads(dst, x); !ok {
				return dst, false
			}
		}
		return dst, true
	case orNode:
		for _, x := range n.xs {
			if dst, ok = reads(dst, x); !ok {
				return dst, false
			}
		}
		return dst, true
	case notNode:
		return reads(dst, n.x)
	case hasNode:
		return append(dst, n.f), true
	case textCmp:
		return append(dst, n.f), true
	case intCmp:
		return append(dst, n.f), true
	case intRange:
		return append(dst, n.f), true
	case timeCmp, timeIn:
		return append(dst, parse.Time), true
	case textIn:
		return append(dst, n.f), true
	case intIn:
		return append(dst, n.f), true
	case globNode:
		return append(dst, n.f), true
	case regexNode:
		return append(dst, n.f), true
	case cidrNode:
		return append(dst, n.f), true
	}
	return dst, false
}

// costly reports whether n has a glob or a regular expression.
func costly(n node) bool {
	switch n := n.(type) {
	case andNode:
		return slices.ContainsFunc(n.xs, costly)
	case orNode:
		return slices.ContainsFunc(n.xs, costly)
	case notNode:
		return costly(n.x)
	case globNode, regexNode:
		return true
	}
	return false
}
