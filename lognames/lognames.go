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
// [Span] and [MayHold] also know the names that tell the hour or the day
// of their records:
//
//	BUCKET_usage_YYYY_MM_DD_HH_MM_SS_ID_v0      Google Cloud Storage usage logs
//	.../y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json    Azure Monitor (StorageBlobLogs)
//	$logs/SERVICE/YYYY/MM/DD/hh00/NNNNNN.log    Azure Storage Analytics
//	PREFIXYYYY/MM/DD/TIME_RANDOM_INDEX          Tencent COS (any YYYY/MM/DD/ folder)
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
// time is in [since, until): false only when the [Span] its name gives
// lies wholly before since or at or after until. For a delivery time t
// that is t before since (minus [Skew]), or at or after until plus late (a
// record is delivered at most late after its time; 0 means
// [DefaultLate]). A zero since or until leaves that end open. Names
// without a time may hold anything.
//
// Records are still to be filtered by their own time: skipping objects only
// saves reading ones that cannot matter, so the answer is the same as
// reading everything when late holds.
func MayHold(name string, since, until time.Time, late time.Duration) bool {
	from, to, ok := Span(name, late)
	if !ok {
		return true
	}
	if !since.IsZero() && to.Before(since) {
		return false
	}
	if !until.IsZero() && !from.Before(until) {
		return false
	}
	return true
}

// Span returns the times the records of the object named name can have,
// as far as the name tells, and false when it tells nothing. A delivery
// time t ([Time]) gives [t-late, t+Skew]; an hour folder of Azure's
// (StorageBlobLogs' h=HH, Storage Analytics' hh00) gives that hour, widened
// by Skew; a GCS usage log's hour gives [hour-late, hour+1h+Skew] (its
// records are of that hour or delivered in it); a YYYY/MM/DD/ folder (COS)
// gives [day-late, day+24h+Skew]. late 0 means [DefaultLate]. It does not
// allocate.
func Span(name string, late time.Duration) (from, to time.Time, ok bool) {
	if late <= 0 {
		late = DefaultLate
	}
	if t, ok := Time(name); ok {
		return t.Add(-late), t.Add(Skew), true
	}
	if h, ok := gcsHour(name); ok {
		return h.Add(-late), h.Add(time.Hour + Skew), true
	}
	if h, ok := azureHour(name); ok {
		return h.Add(-Skew), h.Add(time.Hour + Skew), true
	}
	if d, ok := anyDayFolder(name); ok {
		return d.Add(-late), d.Add(24*time.Hour + Skew), true
	}
	return time.Time{}, time.Time{}, false
}

// gcsHour reads the hour of a GCS usage log's name:
// BUCKET_usage_YYYY_MM_DD_HH_MM_SS_ID_v0.
func gcsHour(name string) (time.Time, bool) {
	base := name[strings.LastIndexByte(name, '/')+1:]
	i := strings.LastIndex(base, "_usage_")
	if i < 0 || len(base) < i+7+20 {
		return time.Time{}, false
	}
	v := base[i+7 : i+7+19] // YYYY_MM_DD_HH_MM_SS
	if v[4] != '_' || v[7] != '_' || v[10] != '_' || v[13] != '_' || v[16] != '_' {
		return time.Time{}, false
	}
	return hourAt(v[0:4], v[5:7], v[8:10], v[11:13])
}

// azureHour reads the hour of an Azure log blob's path: .../y=YYYY/m=MM/
// d=DD/h=HH/... (StorageBlobLogs) or .../YYYY/MM/DD/hh00/NNNNNN.log
// (Storage Analytics, in $logs).
func azureHour(name string) (time.Time, bool) {
	if i := strings.LastIndex(name, "y="); i >= 0 && len(name) >= i+24 {
		s := name[i : i+24] // y=YYYY/m=MM/d=DD/h=HH/
		if s[6:9] == "/m=" && s[11:14] == "/d=" && s[16:19] == "/h=" && s[21] == '/' {
			return hourAt(s[2:6], s[9:11], s[14:16], s[19:21])
		}
	}
	dir := name[:strings.LastIndexByte(name, '/')+1]
	const n = len("YYYY/MM/DD/hh00/")
	if len(dir) >= n {
		f := dir[len(dir)-n:]
		if f[4] == '/' && f[7] == '/' && f[10] == '/' && f[13:16] == "00/" {
			return hourAt(f[0:4], f[5:7], f[8:10], f[11:13])
		}
	}
	return time.Time{}, false
}

// anyDayFolder finds the last YYYY/MM/DD/ folder in name's directories.
func anyDayFolder(name string) (time.Time, bool) {
	dir := name[:strings.LastIndexByte(name, '/')+1]
	for end := len(dir); end > 0; end = strings.LastIndexByte(dir[:end-1], '/') + 1 {
		if _, day, ok := dayFolder(dir[:end]); ok {
			return day, true
		}
		if end == 1 {
			break
		}
	}
	return time.Time{}, false
}

// hourAt is the hour given by the decimal texts of its parts.
func hourAt(y, mo, d, h string) (time.Time, bool) {
	num := func(s string) (int, bool) {
		v := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			v = v*10 + int(s[i]-'0')
		}
		return v, len(s) > 0
	}
	yy, ok1 := num(y)
	mm, ok2 := num(mo)
	dd, ok3 := num(d)
	hh, ok4 := num(h)
	if !(ok1 && ok2 && ok3 && ok4) || mm < 1 || mm > 12 || dd < 1 || hh > 23 {
		return time.Time{}, false
	}
	t := time.Date(yy, time.Month(mm), dd, hh, 0, 0, 0, time.UTC)
	if t.Day() != dd {
		return time.Time{}, false
	}
	return t, true
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
