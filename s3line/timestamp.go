package s3line

import (
	"time"

	"github.com/bucketlogs/bucketlogs/internal/timefmt"
)

// timeFieldLen is the length of "[06/Feb/2019:00:00:38 +0000]".
const timeFieldLen = 28

// parseTime parses the bracketed access-log time "[02/Jan/2006:15:04:05 -0700]"
// (the brackets included) into an instant in UTC, applying the offset. It is a
// fixed-layout parser: about ten times faster than time.Parse, and it does not
// allocate. ok is false for anything else, including impossible dates.
func parseTime(b []byte) (t time.Time, ok bool) {
	if len(b) != timeFieldLen || b[0] != '[' || b[3] != '/' || b[7] != '/' || b[12] != ':' ||
		b[15] != ':' || b[18] != ':' || b[21] != ' ' || b[27] != ']' {
		return time.Time{}, false
	}
	day, ok1 := num2(b[1], b[2])
	year, ok2 := num4(b[8:12])
	hour, ok3 := num2(b[13], b[14])
	minute, ok4 := num2(b[16], b[17])
	sec, ok5 := num2(b[19], b[20])
	oh, ok6 := num2(b[23], b[24])
	om, ok7 := num2(b[25], b[26])
	month := monthIndex(b[4], b[5], b[6])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || month == 0 ||
		day < 1 || day > timefmt.DaysIn(month, year) || hour > 23 || minute > 59 || sec > 60 || oh > 23 || om > 59 {
		return time.Time{}, false
	}
	offset := (oh*60 + om) * 60
	switch b[22] {
	case '+':
	case '-':
		offset = -offset
	default:
		return time.Time{}, false
	}
	unix := timefmt.Unix(year, month, day, hour, minute, sec) - int64(offset)
	if !timefmt.Representable(unix) {
		return time.Time{}, false
	}
	return time.Unix(unix, 0).UTC(), true
}

// A timeCache remembers the minute and offset of the last time parsed,
// which the next lines of a log mostly share: a time in the same minute
// costs two comparisons and its seconds. The zero value is empty.
type timeCache struct {
	key  [24]byte // bytes 1-17 and 21-27 of the field: "02/Jan/2006:15:04" and " -0700]"
	base int64    // the Unix time of that minute, the offset applied
	ok   bool
}

// parse is parseTime through the cache.
func (c *timeCache) parse(b []byte) (time.Time, bool) {
	if c.ok && len(b) == timeFieldLen && b[0] == '[' && b[18] == ':' &&
		string(b[1:18]) == string(c.key[:17]) && string(b[21:28]) == string(c.key[17:]) {
		if sec, ok := num2(b[19], b[20]); ok && sec <= 60 {
			if unix := c.base + int64(sec); timefmt.Representable(unix) {
				return time.Unix(unix, 0).UTC(), true
			}
		}
	}
	t, ok := parseTime(b)
	if ok {
		copy(c.key[:17], b[1:18])
		copy(c.key[17:], b[21:28])
		sec, _ := num2(b[19], b[20])
		c.base, c.ok = t.Unix()-int64(sec), true
	}
	return t, ok
}

func num2(a, b byte) (int, bool) {
	x, y := a-'0', b-'0'
	return int(x)*10 + int(y), x <= 9 && y <= 9
}

func num4(b []byte) (int, bool) {
	h, ok1 := num2(b[0], b[1])
	l, ok2 := num2(b[2], b[3])
	return h*100 + l, ok1 && ok2
}

// monthIndex returns 1..12 for "Jan".."Dec" (any letter case), and 0 otherwise.
func monthIndex(a, b, c byte) int {
	switch (uint32(a|0x20) << 16) | (uint32(b|0x20) << 8) | uint32(c|0x20) {
	case 'j'<<16 | 'a'<<8 | 'n':
		return 1
	case 'f'<<16 | 'e'<<8 | 'b':
		return 2
	case 'm'<<16 | 'a'<<8 | 'r':
		return 3
	case 'a'<<16 | 'p'<<8 | 'r':
		return 4
	case 'm'<<16 | 'a'<<8 | 'y':
		return 5
	case 'j'<<16 | 'u'<<8 | 'n':
		return 6
	case 'j'<<16 | 'u'<<8 | 'l':
		return 7
	case 'a'<<16 | 'u'<<8 | 'g':
		return 8
	case 's'<<16 | 'e'<<8 | 'p':
		return 9
	case 'o'<<16 | 'c'<<8 | 't':
		return 10
	case 'n'<<16 | 'o'<<8 | 'v':
		return 11
	case 'd'<<16 | 'e'<<8 | 'c':
		return 12
	}
	return 0
}
