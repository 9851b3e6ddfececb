// Package timefmt holds the calendar arithmetic the fixed-layout timestamp
// parsers of the decoders share, so that they can build a time.Time
// without time.Date's normalisation or time.Parse's allocations.
package timefmt

import "time"

// DaysIn returns the number of days in month (1-12) of year.
func DaysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Unix returns the Unix time of the given proleptic Gregorian date and time
// of day in UTC. The caller has checked the ranges (see DaysIn).
func Unix(year, month, day, hour, minute, sec int) int64 {
	return daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
}

// Representable reports whether the Unix time unix falls in the years 0000
// to 9999 in UTC, the ones a four-digit year can write; decoders reject
// others (a year-0000 local time with a positive offset would be year -1).
func Representable(unix int64) bool {
	const first, end = -62167219200, 253402300800 // 0000-01-01 and 10000-01-01
	return unix >= first && unix < end
}

// daysFromCivil returns the days from 1970-01-01 to a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// ParseRFC3339 parses an RFC 3339 timestamp, "2020-11-10T13:21:18Z", with
// optional fractional seconds (up to nanoseconds) and a "Z" or numeric
// offset ("+03:00" or "+0300"), into an instant in UTC. It does not allocate.
func ParseRFC3339(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > DaysIn(month, year) || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	rest := b[19:]
	nsec := 0
	if rest[0] == '.' {
		n := 1
		scale := 100000000
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if n > 9 {
				return time.Time{}, false
			}
			nsec += int(rest[n]-'0') * scale
			scale /= 10
			n++
		}
		if n == 1 {
			return time.Time{}, false
		}
		rest = rest[n:]
	}
	offset := 0
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case (len(rest) == 6 && rest[3] == ':' || len(rest) == 5) && (rest[0] == '+' || rest[0] == '-'):
		oh, okh := digits(rest[1:3])
		om, okm := digits(rest[len(rest)-2:])
		if !okh || !okm || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	unix := Unix(year, month, day, hour, minute, sec) - int64(offset)
	if !Representable(unix) {
		return time.Time{}, false
	}
	return time.Unix(unix, int64(nsec)).UTC(), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
