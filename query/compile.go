package query

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// A Query is a compiled expression: a filter, then optional aggregation,
// sort and limit stages.
//
// A Query is immutable and safe for concurrent use: many goroutines may call
// [Query.Match] and [Query.NewState] at once.
type Query struct {
	expr   string
	filter node
	stats  *statsSpec // nil when the query does not aggregate
	sorts  []sortKey
	limit  int           // -1 for none
	fields []parse.Field // the "fields" stage: the fields records print with
}

// Compile parses expr. A syntax error is returned as a *[SyntaxError] that
// says what was expected and at which byte offset of expr.
//
// Compile reads no clock: a relative time (today, yesterday, 24h) in expr
// is a syntax error; use [CompileAt].
func Compile(expr string) (*Query, error) { return CompileAt(expr, time.Time{}) }

// CompileAt is [Compile] with now as the time relative times (now, today,
// yesterday, 24h for 24 hours ago) are taken from; see [ParseTime].
func CompileAt(expr string, now time.Time) (*Query, error) {
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	p := &parser{expr: expr, toks: toks, now: now}
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	return q, nil
}

// MustCompile is like [Compile] but panics on an invalid expression; it is
// for expressions fixed in the program's source.
func MustCompile(expr string) *Query {
	q, err := Compile(expr)
	if err != nil {
		panic(err)
	}
	return q
}

// String returns the expression q was compiled from.
func (q *Query) String() string { return q.expr }

// Match reports whether r passes the filter part of q. It does not allocate
// (except inside a regular expression match, which Go's regexp keeps pooled)
// and is safe for concurrent use.
func (q *Query) Match(r *parse.Record) bool { return q.filter.match(r) }

// MemoField returns the one text field q's filter reads, when it reads
// only that field (and its presence) and matching costs more than hashing
// the value (it has a glob or a regular expression): whether a record
// matches then depends on that value alone, and a caller that sees the
// same values again and again (user agents) may remember the answers per
// value. ok is false otherwise.
func (q *Query) MemoField() (f parse.Field, ok bool) {
	fs, known := reads(nil, q.filter)
	if !known || len(fs) == 0 || !costly(q.filter) {
		return 0, false
	}
	for _, g := range fs[1:] {
		if g != fs[0] {
			return 0, false
		}
	}
	if fs[0] >= parse.NumFields || fs[0].Kind() != parse.KindText {
		return 0, false
	}
	return fs[0], true
}

// Aggregates reports whether q has an aggregation stage; without one, its
// result is the matching records themselves.
func (q *Query) Aggregates() bool { return q.stats != nil }

// Sorted reports whether q has a sort stage.
func (q *Query) Sorted() bool { return len(q.sorts) > 0 }

// Fields returns the fields the "fields" stage selects for record output
// (their JSON keys, "format" included), or nil when there is none: print
// every field.
func (q *Query) Fields() []string {
	var out []string
	for _, f := range q.fields {
		out = append(out, f.String())
	}
	return out
}

// Limit returns the limit stage's count, or -1 when there is none.
func (q *Query) Limit() int { return q.limit }

// MaxDepth is how deeply parentheses and 'not' may nest in an expression;
// deeper is a *SyntaxError, so that no expression can exhaust the stack of
// Compile or of Match.
const MaxDepth = 1000

type parser struct {
	expr  string
	toks  []token
	pos   int
	depth int       // parentheses and 'not' open around the current token
	now   time.Time // for relative times; zero: none allowed
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) errAt(t token, format string, a ...any) error {
	return &SyntaxError{Expr: p.expr, Offset: t.off, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) expect(kind tokKind, what string) (token, error) {
	t := p.next()
	if t.kind != kind {
		return t, p.errAt(t, "expected %s, found %s", what, t)
	}
	return t, nil
}

func (p *parser) query() (*Query, error) {
	q := &Query{expr: p.expr, filter: allNode{}, limit: -1}
	if t := p.peek(); t.kind != tokPipe && t.kind != tokEOF && !(t.kind == tokWord && t.text == "*" && p.toks[p.pos+1].kind != tokOp) {
		f, err := p.or()
		if err != nil {
			return nil, err
		}
		q.filter = f
	} else if t.kind == tokWord {
		p.next() // "*": every record
	}
	for {
		t := p.next()
		switch t.kind {
		case tokEOF:
			return q, nil
		case tokPipe:
		default:
			return nil, p.errAt(t, "expected 'and', 'or', '|' or the end of the query, found %s", t)
		}
		st := p.peek()
		switch {
		case st.is("sort"):
			p.next()
			if err := p.sortStage(q); err != nil {
				return nil, err
			}
		case st.is("fields"):
			p.next()
			if q.stats != nil {
				return nil, p.errAt(st, "'fields' selects what records print with; it does not follow an aggregation")
			}
			for {
				f, ft, err := p.field()
				if err != nil {
					return nil, err
				}
				if f == fieldKeyDecoded {
					return nil, p.errAt(ft, "key_decoded is for filters and groups; print key")
				}
				q.fields = append(q.fields, f)
				if p.peek().kind != tokComma {
					break
				}
				p.next()
			}
		case st.is("limit"):
			p.next()
			n, err := p.expect(tokWord, "a number after 'limit'")
			if err != nil {
				return nil, err
			}
			v, perr := strconv.Atoi(n.text)
			if perr != nil || v < 0 {
				return nil, p.errAt(n, "expected a number after 'limit', found %s", n)
			}
			q.limit = v
		default:
			if q.stats != nil {
				return nil, p.errAt(st, "expected 'sort' or 'limit' after the aggregation, found %s", st)
			}
			if q.sorts != nil || q.limit >= 0 {
				return nil, p.errAt(st, "aggregation must come before 'sort' and 'limit'")
			}
			s, err := p.statsStage()
			if err != nil {
				return nil, err
			}
			q.stats = s
		}
	}
}

func (p *parser) or() (node, error) {
	l, err := p.and()
	if err != nil || !p.peek().is("or") {
		return l, err
	}
	xs := []node{l}
	for p.peek().is("or") {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		xs = append(xs, r)
	}
	return orNode{xs}, nil
}

func (p *parser) and() (node, error) {
	l, err := p.unary()
	if err != nil || !p.peek().is("and") {
		return l, err
	}
	xs := []node{l}
	for p.peek().is("and") {
		p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		xs = append(xs, r)
	}
	return andNode{xs}, nil
}

func (p *parser) unary() (node, error) {
	t := p.peek()
	if t.is("not") || t.kind == tokLParen {
		if p.depth++; p.depth > MaxDepth {
			return nil, p.errAt(t, "nested more than %d levels deep (parentheses and 'not')", MaxDepth)
		}
		defer func() { p.depth-- }()
	}
	switch {
	case t.is("not"):
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case t.kind == tokLParen:
		p.next()
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen, "')'"); err != nil {
			return nil, err
		}
		return x, nil
	case t.is("has") && p.toks[p.pos+1].kind == tokLParen:
		p.next()
		p.next()
		f, _, err := p.field()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen, "')' after the field"); err != nil {
			return nil, err
		}
		return hasNode{f}, nil
	}
	return p.predicate()
}

// field reads a field name: a record key (FIELDS.md) or "format".
func (p *parser) field() (parse.Field, token, error) {
	t := p.next()
	if t.kind != tokWord {
		return 0, t, p.errAt(t, "expected a field name, found %s", t)
	}
	if t.text == "format" {
		return fieldFormat, t, nil
	}
	if t.text == "key_decoded" {
		return fieldKeyDecoded, t, nil
	}
	f, ok := parse.FieldByName(t.text)
	if !ok {
		if near := nearestField(t.text); near != "" {
			return 0, t, p.errAt(t, "unknown field %q: did you mean %s? (the fields are the record's keys, listed in FIELDS.md, and format)", t.text, near)
		}
		return 0, t, p.errAt(t, "unknown field %q (the fields are the record's keys, listed in FIELDS.md, and format)", t.text)
	}
	return f, t, nil
}

// nearestField returns the field name closest to s, if it is a likely typo
// (at most two edits away), or "".
func nearestField(s string) string {
	best, bestD := "", 3
	names := []string{"format", "key_decoded"}
	for _, f := range parse.Fields() {
		names = append(names, f.String())
	}
	for _, n := range names {
		if d := editDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// kind is a field's value kind, with format as text.
func kind(f parse.Field) parse.Kind {
	if f == fieldKeyDecoded {
		return parse.KindText
	}
	return f.Kind()
}

func (p *parser) predicate() (node, error) {
	f, ft, err := p.field()
	if err != nil {
		return nil, err
	}
	k := kind(f)
	if k == parse.KindList {
		return nil, p.errAt(ft, "field extra can only be tested with has(extra)")
	}
	t := p.next()
	negIn := false
	if t.is("not") && p.peek().is("in") {
		negIn = true
		t = p.next()
	}
	if t.is("in") {
		n, err := p.inList(f, ft)
		if err != nil {
			return nil, err
		}
		if negIn {
			return andNode{[]node{hasNode{f}, notNode{n}}}, nil
		}
		return n, nil
	}
	if t.kind != tokOp {
		return nil, p.errAt(t, "expected an operator (= != < <= > >= ~ ~~ =~ !~ in) after %s, found %s", ft.text, t)
	}
	vt := p.next()
	if vt.kind != tokWord && vt.kind != tokString {
		return nil, p.errAt(vt, "expected a value after %s, found %s", t.text, vt)
	}
	switch t.text {
	case "~":
		if k != parse.KindText {
			return nil, p.errAt(t, "~ matches text; %s is not a text field", ft.text)
		}
		return newGlob(f, []byte(vt.text), false), nil
	case "~~":
		if k != parse.KindText {
			return nil, p.errAt(t, "~~ matches text; %s is not a text field", ft.text)
		}
		return newGlob(f, []byte(strings.ToLower(vt.text)), true), nil
	case "=~", "!~":
		if k != parse.KindText {
			return nil, p.errAt(t, "%s matches text; %s is not a text field", t.text, ft.text)
		}
		re, err := regexp.Compile(vt.text)
		if err != nil {
			return nil, p.errAt(vt, "invalid regular expression: %v", err)
		}
		return regexNode{f: f, re: re, neg: t.text == "!~"}, nil
	}
	op := map[string]cmpOp{"=": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe}[t.text]
	switch k {
	case parse.KindInt:
		if lo, hi, ok := statusClass(vt.text); ok && vt.kind == tokWord {
			switch op {
			case opEq:
				return intRange{f: f, lo: lo, hi: hi}, nil
			case opNe:
				return intRange{f: f, lo: lo, hi: hi, neg: true}, nil
			}
			return nil, p.errAt(t, "a status class such as 5xx takes only = or !=")
		}
		v, err := intLiteral(f, vt.text)
		if err != nil {
			return nil, p.errAt(vt, "%v", err)
		}
		return intCmp{f: f, op: op, v: v}, nil
	case parse.KindTime:
		tm, err := ParseTime(vt.text, p.now)
		if err != nil {
			return nil, p.errAt(vt, "%v", err)
		}
		return timeCmp{op: op, t: tm}, nil
	}
	if f == parse.Method { // HTTP methods compare ignoring case: get is GET
		return textCmp{f: f, op: op, val: []byte(strings.ToUpper(vt.text)), fold: true}, nil
	}
	return textCmp{f: f, op: op, val: []byte(vt.text)}, nil
}

// inList reads "(v, v, ...)" or a bare CIDR list after "in".
func (p *parser) inList(f parse.Field, ft token) (node, error) {
	var vals []token
	if p.peek().kind == tokLParen {
		p.next()
		for {
			v := p.next()
			if v.kind != tokWord && v.kind != tokString {
				return nil, p.errAt(v, "expected a value in the list, found %s", v)
			}
			vals = append(vals, v)
			sep := p.next()
			if sep.kind == tokRParen {
				break
			}
			if sep.kind != tokComma {
				return nil, p.errAt(sep, "expected ',' or ')' in the list, found %s", sep)
			}
		}
	} else {
		v := p.next()
		if v.kind != tokWord && v.kind != tokString {
			return nil, p.errAt(v, "expected '(' or an address range after 'in', found %s", v)
		}
		vals = append(vals, v)
	}
	// A list of address ranges: a CIDR match.
	if strings.Contains(vals[0].text, "/") && kind(f) == parse.KindText {
		var ps []netip.Prefix
		for _, v := range vals {
			pf, err := netip.ParsePrefix(v.text)
			if err != nil {
				return nil, p.errAt(v, "expected an address range such as 10.0.0.0/8, found %s", v)
			}
			ps = append(ps, pf.Masked())
		}
		return cidrNode{f: f, addrs: newAddrSet(ps)}, nil
	}
	switch kind(f) {
	case parse.KindInt:
		var ranges [][2]int64
		for _, v := range vals {
			if lo, hi, ok := statusClass(v.text); ok {
				ranges = append(ranges, [2]int64{lo, hi})
				continue
			}
			n, err := intLiteral(f, v.text)
			if err != nil {
				return nil, p.errAt(v, "%v", err)
			}
			ranges = append(ranges, [2]int64{n, n})
		}
		return intIn{f: f, ranges: ranges}, nil
	case parse.KindTime:
		var ts []time.Time
		for _, v := range vals {
			tm, err := ParseTime(v.text, p.now)
			if err != nil {
				return nil, p.errAt(v, "%v", err)
			}
			ts = append(ts, tm)
		}
		return timeIn{ts}, nil
	}
	set := make(map[string]struct{}, len(vals))
	for _, v := range vals {
		if f == parse.Method {
			v.text = strings.ToUpper(v.text)
		}
		set[v.text] = struct{}{}
	}
	n := textIn{f: f, set: set, fold: f == parse.Method}
	if len(set) <= smallIn {
		for v := range set {
			n.list = append(n.list, []byte(v))
		}
	}
	return n, nil
}

// statusClass reads "5xx" (any digit 1-9 then "xx").
func statusClass(s string) (lo, hi int64, ok bool) {
	if len(s) == 3 && s[0] >= '1' && s[0] <= '9' && (s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X') {
		lo = int64(s[0]-'0') * 100
		return lo, lo + 99, true
	}
	return 0, 0, false
}
