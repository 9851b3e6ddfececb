package fuzz

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
)

// A refExpr is a filter written twice: as query text, and as a plain Go
// function that evaluates it the obvious way, sharing no code with package
// query.
type refExpr struct {
	text string
	eval func(r *parse.Record) bool
}

func textOf(r *parse.Record, f parse.Field) (string, bool) {
	if !r.Has(f) {
		return "", false
	}
	return string(r.Text(f)), true
}

// randomFilter builds a filter of the given depth from rng.
func randomFilter(rng *rand.Rand, depth int) refExpr {
	if depth > 0 && rng.IntN(3) > 0 {
		l, r := randomFilter(rng, depth-1), randomFilter(rng, depth-1)
		switch rng.IntN(3) {
		case 0:
			return refExpr{"(" + l.text + " and " + r.text + ")", func(x *parse.Record) bool { return l.eval(x) && r.eval(x) }}
		case 1:
			return refExpr{"(" + l.text + " or " + r.text + ")", func(x *parse.Record) bool { return l.eval(x) || r.eval(x) }}
		default:
			return refExpr{"not " + l.text, func(x *parse.Record) bool { return !l.eval(x) }}
		}
	}
	textFields := []parse.Field{parse.Bucket, parse.Operation, parse.Method, parse.ErrorCode, parse.StorageClass, parse.Requester}
	textValues := []string{"backups", "photos-prod", "REST.GET.OBJECT", "GetObject", "GET", "PUT", "NoSuchKey", "STANDARD", "Standard", "zzz", ""}
	intFields := []parse.Field{parse.Status, parse.BytesSent, parse.TotalTimeMS, parse.ObjectSize}
	ops := []string{"=", "!=", "<", "<=", ">", ">="}
	holds := func(op string, c int) bool {
		switch op {
		case "=":
			return c == 0
		case "!=":
			return c != 0
		case "<":
			return c < 0
		case "<=":
			return c <= 0
		case ">":
			return c > 0
		}
		return c >= 0
	}
	switch rng.IntN(8) {
	case 0: // text comparison
		f, v, op := textFields[rng.IntN(len(textFields))], textValues[rng.IntN(len(textValues))], ops[rng.IntN(len(ops))]
		return refExpr{f.String() + " " + op + " " + strconv.Quote(v), func(r *parse.Record) bool {
			s, ok := textOf(r, f)
			if f == parse.Method { // HTTP methods compare ignoring case
				s, v := strings.ToUpper(s), strings.ToUpper(v)
				return ok && holds(op, strings.Compare(s, v))
			}
			return ok && holds(op, strings.Compare(s, v))
		}}
	case 1: // number comparison
		f, op := intFields[rng.IntN(len(intFields))], ops[rng.IntN(len(ops))]
		v := []int64{0, 200, 404, 500, 30, 1000, 1 << 20}[rng.IntN(7)]
		return refExpr{f.String() + " " + op + " " + strconv.FormatInt(v, 10), func(r *parse.Record) bool {
			x, ok := r.Int(f)
			c := 0
			if x < v {
				c = -1
			} else if x > v {
				c = 1
			}
			return ok && holds(op, c)
		}}
	case 2: // status class
		d := int64(2 + rng.IntN(4))
		neg := rng.IntN(2) == 0
		op := "="
		if neg {
			op = "!="
		}
		return refExpr{"status " + op + " " + strconv.FormatInt(d, 10) + "xx", func(r *parse.Record) bool {
			x, ok := r.Int(parse.Status)
			return ok && (x/100 == d) != neg
		}}
	case 3: // presence
		f := append(textFields, intFields...)[rng.IntN(len(textFields)+len(intFields))]
		return refExpr{"has(" + f.String() + ")", func(r *parse.Record) bool { return r.Has(f) }}
	case 4: // glob, checked against a regular expression made from it
		pat := []string{"images/*", "*.jpg", "logs/app/*%20*", "data/?aw/*", "*"}[rng.IntN(5)]
		re := regexp.MustCompile("^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pat)) + "$")
		return refExpr{"key ~ " + strconv.Quote(pat), func(r *parse.Record) bool {
			s, ok := textOf(r, parse.Key)
			return ok && re.MatchString(s)
		}}
	case 5: // address ranges
		cidr := []string{"10.0.0.0/8", "192.0.0.0/2", "2001:db8::/32", "172.16.0.0/12", "84.0.0.0/8"}[rng.IntN(5)]
		p := netip.MustParsePrefix(cidr)
		return refExpr{"remote_ip in " + cidr, func(r *parse.Record) bool {
			s, ok := textOf(r, parse.RemoteIP)
			if !ok {
				return false
			}
			a, err := netip.ParseAddr(s)
			return err == nil && p.Contains(a.Unmap())
		}}
	case 6: // time window
		from := gen.Start.Add(time.Duration(rng.IntN(3600)) * time.Second)
		return refExpr{"time >= " + from.Format(time.RFC3339), func(r *parse.Record) bool {
			return r.Has(parse.Time) && !r.Time.Before(from)
		}}
	default: // list
		vals := []string{textValues[rng.IntN(len(textValues))], textValues[rng.IntN(len(textValues))]}
		f := textFields[rng.IntN(len(textFields))]
		return refExpr{f.String() + " in (" + strconv.Quote(vals[0]) + ", " + strconv.Quote(vals[1]) + ")", func(r *parse.Record) bool {
			s, ok := textOf(r, f)
			return ok && (s == vals[0] || s == vals[1])
		}}
	}
}

// FuzzQueryMatchesReference: for random filters, Compile succeeds and Match
// agrees with the reference evaluation on every record of a generated batch.
func FuzzQueryMatchesReference(f *testing.F) {
	f.Add(uint64(1))
	f.Add(uint64(77))
	g := gen.New(8)
	var recs []*parse.Record
	var r parse.Record
	formats := []parse.Format{parse.FormatS3, parse.FormatOSS, parse.FormatYandex}
	for i := range 600 {
		g.Next(&r, formats[i%3])
		recs = append(recs, r.Clone())
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, seed>>7))
		for range 20 {
			e := randomFilter(rng, 3)
			q, err := query.Compile(e.text)
			if err != nil {
				t.Fatalf("%q does not compile: %v", e.text, err)
			}
			for i, rec := range recs {
				if got, want := q.Match(rec), e.eval(rec); got != want {
					var b bytes.Buffer
					b.Write(parse.AppendJSON(nil, rec))
					t.Fatalf("%q on record %d: Match %v, reference %v\n%s", e.text, i, got, want, b.String())
				}
			}
		}
	})
}
