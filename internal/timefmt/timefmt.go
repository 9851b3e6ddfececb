// Package timefmt holds the calendar arithmetic the fixed-layout timestamp
// parsers of s3line and yajson share, so that they can build a time.Time
// without time.Date's normalisation or time.Parse's allocations.
package timefmt

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
