package query

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// sizeUnits are the units a size literal may carry: decimal (kB, MB, GB,
// as storage bills) and binary (KiB, MiB, GiB), case-insensitive.
var sizeUnits = map[string]float64{
	"b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12, "pb": 1e15,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40, "pib": 1 << 50,
}

// msUnits are the units of a duration literal for a field in milliseconds.
var msUnits = map[string]float64{"ms": 1, "s": 1e3, "sec": 1e3, "m": 6e4, "min": 6e4, "h": 36e5, "d": 864e5}

// sizeField and msField tell which integer fields take which units.
func sizeField(f parse.Field) bool {
	return f == parse.BytesSent || f == parse.BytesReceived || f == parse.ObjectSize || f == parse.DeltaDataSize
}

func msField(f parse.Field) bool { return f == parse.TotalTimeMS || f == parse.TurnaroundTimeMS }

// intLiteral reads an integer for field f: a whole number, or for sizes a
// number with a unit (1GB, 1.5MiB) and for times in milliseconds a number
// with a unit (2s, 1.5m, 250ms). The result must be a whole number.
func intLiteral(f parse.Field, s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i--
	}
	num, unit := s[:i], strings.ToLower(s[i:])
	var units map[string]float64
	var example string
	switch {
	case sizeField(f):
		units, example = sizeUnits, "1000, 1.5GB or 64KiB"
	case msField(f):
		units, example = msUnits, "1500, 1.5s or 2m"
	default:
		return 0, fmt.Errorf("expected a whole number for %s, found %q", f, s)
	}
	mult, ok := units[unit]
	x, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || num == "" {
		return 0, fmt.Errorf("expected a number such as %s for %s, found %q", example, f, s)
	}
	v := x * mult
	if v != math.Trunc(v) || math.Abs(v) >= 1<<63 {
		return 0, fmt.Errorf("%q is not a whole number of %s", s, map[bool]string{true: "bytes", false: "milliseconds"}[sizeField(f)])
	}
	return int64(v), nil
}

// parseStep reads a time bucket: a Go duration of whole seconds (30s, 5m,
// 1h) or a number of days or weeks (1d, 7d, 1w).
func parseStep(s string) (time.Duration, bool) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		return time.Duration(d) * 24 * time.Hour, err == nil && d > 0 && d < 100000
	}
	if n, ok := strings.CutSuffix(s, "w"); ok {
		w, err := strconv.Atoi(n)
		return time.Duration(w) * 7 * 24 * time.Hour, err == nil && w > 0 && w < 10000
	}
	step, err := time.ParseDuration(s)
	return step, err == nil && step >= time.Second && step%time.Second == 0
}

// ParseTime reads a time as the query language and the command's --since
// and --until take it: RFC 3339, a date-time without zone (UTC) or a date
// (UTC midnight); or, relative to now, "now", "today" and "yesterday" (UTC
// midnights) and a duration ago written as "24h", "-24h", "7d" or "-2w". A
// relative time with a zero now is an error: the package never reads the
// clock itself (see [CompileAt]).
func ParseTime(s string, now time.Time) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	rel := func() (time.Time, bool) {
		switch strings.ToLower(s) {
		case "now":
			return now, true
		case "today":
			return now.UTC().Truncate(24 * time.Hour), true
		case "yesterday":
			return now.UTC().Truncate(24 * time.Hour).Add(-24 * time.Hour), true
		}
		if d, ok := parseStep(strings.TrimPrefix(s, "-")); ok {
			return now.Add(-d), true
		}
		return time.Time{}, false
	}
	if t, ok := rel(); ok {
		if now.IsZero() {
			return time.Time{}, fmt.Errorf("%q is relative to now, and no time was given for now (compile with CompileAt)", s)
		}
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("expected a time such as 2026-11-17, 2026-11-17T09:30:00Z, today, yesterday or 24h (ago), found %q", s)
}

// canonical writes tokens as a column name: words separated by one space,
// none after '(' or before ')' and ',', one after ','; quoted strings
// quoted. Aggregation columns are named so, and sort stages find them so.
func canonical(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			prev := toks[i-1]
			if prev.kind != tokLParen && t.kind != tokRParen && t.kind != tokComma {
				b.WriteByte(' ')
			}
		}
		if t.kind == tokString {
			b.WriteString(strconv.Quote(t.text))
		} else {
			b.WriteString(t.text)
		}
	}
	return b.String()
}
