// Package lognames reads the delivery time that object stores write into
// the names of access-log objects, so that a question about one day need
// not open, or even list, a bucket's other days.
//
// The layouts it knows, all with UTC times:
//
//	PREFIX YYYY-MM-DD-HH-MM-SS-ID                               AWS S3 (simple), OVHcloud, Yandex, Huawei OBS, Backblaze
//	PREFIX ACCOUNT/REGION/BUCKET/YYYY/MM/DD/YYYY-MM-DD-HH-MM-SS-ID  AWS S3 (partitioned)
//	PREFIX SOURCEBUCKET YYYY-MM-DD-HH-MM-SS-ID                   Alibaba Cloud OSS
//
// (written without the spaces). The time is found in the last path element
// as the last run of the form YYYY-MM-DD-HH-MM-SS- followed by an ID, so a
// prefix or bucket name ending in digits does not confuse it. A name that
// matches no layout has no time and is never skipped.
//
// The time is when the object was delivered: its records are from before
// it, and delivery is late and best effort, so a record may arrive hours
// after its own time. [MayHold] decides with both in mind.
package lognames

import (
	"strings"
	"time"
)

// stampLen is the length of "YYYY-MM-DD-HH-MM-SS-".
const stampLen = 20

// Time returns the delivery time written in an access-log object's name (a
// key such as "logs/2026-11-17-09-00-00-0A1B2C3D4E5F6A7B", or a path), and
// false if the name follows no known layout. It does not allocate.
func Time(name string) (time.Time, bool) {
	base := name
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' || name[i] == '\\' {
			base = name[i+1:]
			break
		}
	}
	// The ID after the stamp must be non-empty: the last possible start is
	// len(base)-stampLen-1.
	for i := len(base) - stampLen - 1; i >= 0; i-- {
		if t, ok := stamp(base[i : i+stampLen]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// stamp parses "YYYY-MM-DD-HH-MM-SS-".
func stamp(s string) (time.Time, bool) {
	for i := range stampLen {
		switch i {
		case 4, 7, 10, 13, 16, 19:
			if s[i] != '-' {
				return time.Time{}, false
			}
		default:
			if s[i] < '0' || s[i] > '9' {
				return time.Time{}, false
			}
		}
	}
	n := func(a, b int) int {
		v := 0
		for _, c := range s[a:b] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, se := n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19)
	if mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if t.Day() != d { // 31 February
		return time.Time{}, false
	}
	return t, true
}

// DefaultLate is the slack [MayHold] allows for late delivery when none is
// given: AWS delivers most records within a few hours and documents no
// bound, so six hours.
const DefaultLate = 6 * time.Hour

// Skew is how far a record's time may be after the delivery time in its
// object's name (clocks of the logging hosts differ a little).
const Skew = 5 * time.Minute

// MayHold reports whether the object named name can hold a record whose
// time is in [since, until): false only when its name has a delivery time
// before since (minus [Skew]), or at or after until plus late (a record is
// delivered at most late after its time; 0 means [DefaultLate]). A zero since
// or until leaves that end open. Names without a time may hold anything.
//
// Records are still to be filtered by their own time: skipping objects only
// saves reading ones that cannot matter, so the answer is the same as
// reading everything when late holds.
func MayHold(name string, since, until time.Time, late time.Duration) bool {
	t, ok := Time(name)
	if !ok {
		return true
	}
	if late <= 0 {
		late = DefaultLate
	}
	if !since.IsZero() && t.Before(since.Add(-Skew)) {
		return false
	}
	if !until.IsZero() && !t.Before(until.Add(late)) {
		return false
	}
	return true
}

// Next says where listing may jump after key, a key in sorted order that
// [MayHold] rejects for [since, until) with late (0: [DefaultLate]): it
// returns the key to list after next (as S3's StartAfter), always greater
// than key, or "" to go on with the key after it. Every key between key
// and the returned one is rejected by MayHold or follows no layout's full
// shape (a name under PREFIX of the form DATE-like text), so listing with
// the jumps lists what listing everything and filtering with MayHold keeps
// (TestNextSkipsOnlyWhatMayHoldRejects checks it).
//
// Before since, the jump is to since less [Skew] written as the stamp,
// after the same folder and source-bucket stem as key (in the partitioned
// layout, in since's day folder). After until+late only the partitioned
// layout jumps, past the rest of key's ACCOUNT/REGION/BUCKET/ base and only
// from a day folder starting at or after until+late: in the other layouts a
// later key may belong to another source bucket (OSS names "photos" and
// "photos2" interleave), so listing goes on. A name with no time never
// jumps.
func Next(key string, since, until time.Time, late time.Duration) string {
	t, ok := Time(key)
	if !ok {
		return ""
	}
	if late <= 0 {
		late = DefaultLate
	}
	dir := strings.LastIndexByte(key, '/') + 1 // start of the last element
	stemEnd := dir + stampIndex(key[dir:])
	base, day, partitioned := dayFolder(key[:dir])
	var next string
	switch {
	case !since.IsZero() && t.Before(since.Add(-Skew)):
		from := since.Add(-Skew).UTC()
		stamp := from.Format("2006-01-02-15-04-05")
		if partitioned {
			next = base + from.Format("2006/01/02/") + key[dir:stemEnd] + stamp
		} else {
			next = key[:stemEnd] + stamp
		}
	case !until.IsZero() && partitioned && !day.Before(until.Add(late)):
		next = base + "9999/"
	}
	if next <= key {
		return ""
	}
	return next
}

// stampIndex is where [Time] finds the stamp in the last element of a
// name, which it must hold.
func stampIndex(base string) int {
	for i := len(base) - stampLen - 1; i >= 0; i-- {
		if _, ok := stamp(base[i : i+stampLen]); ok {
			return i
		}
	}
	return 0
}

// dayFolder reports whether dir (ending in '/') ends in YYYY/MM/DD/, the
// day folders of the AWS partitioned layout, returning what is before them
// and the day.
func dayFolder(dir string) (base string, day time.Time, ok bool) {
	const n = len("YYYY/MM/DD/")
	if len(dir) < n {
		return "", time.Time{}, false
	}
	f := dir[len(dir)-n:]
	if f[4] != '/' || f[7] != '/' || f[10] != '/' {
		return "", time.Time{}, false
	}
	day, err := time.Parse("2006/01/02/", f)
	if err != nil {
		return "", time.Time{}, false
	}
	return dir[:len(dir)-n], day, true
}
