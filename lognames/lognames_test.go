package lognames_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/lognames"
)

func TestTime(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02-15-04-05", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		want time.Time // zero: no time
	}{
		{"logs/2026-11-17-09-00-00-0A1B2C3D4E5F6A7B", at("2026-11-17-09-00-00")},
		{"2026-11-17-09-00-00-0A1B2C3D4E5F6A7B", at("2026-11-17-09-00-00")},
		{"logs/111122223333/eu-west-1/photos/2026/11/17/2026-11-17-23-59-59-6E6F6E6365", at("2026-11-17-23-59-59")},
		{"access/MyLog-oss-example2017-09-10-04-00-00-0000", at("2017-09-10-04-00-00")},
		{"access/bucket20192017-09-10-04-00-00-0001", at("2017-09-10-04-00-00")},
		{"/var/log/s3/2026-02-28-12-00-00-ABCDEF", at("2026-02-28-12-00-00")},
		{"logs/2026-11-17-09-00-00-", time.Time{}},        // no ID
		{"logs/2026-02-30-09-00-00-ABC", time.Time{}},     // no such day
		{"logs/2026-11-17-24-00-00-ABC", time.Time{}},     // no such hour
		{"logs/2026-11-17/access.log", time.Time{}},       // a date folder only
		{"2026-11-17-09-00-00-ID/other.log", time.Time{}}, // the stamp is in a folder
		{"logs/access.log.gz", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := lognames.Time(tt.name)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("Time(%q) = %v, %v; want %v", tt.name, got, ok, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { lognames.Time("logs/2026-11-17-09-00-00-0A1B2C3D4E5F6A7B") }); n != 0 {
		t.Errorf("Time allocates %v times", n)
	}
}

func TestMayHold(t *testing.T) {
	since := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	until := since.Add(24 * time.Hour)
	tests := []struct {
		name string
		want bool
	}{
		{"logs/2026-11-16-23-50-00-A", false}, // delivered before the window: its records are older
		{"logs/2026-11-16-23-57-00-A", true},  // within the clock skew
		{"logs/2026-11-17-12-00-00-A", true},  // inside
		{"logs/2026-11-18-03-00-00-A", true},  // after, but a late delivery may hold the 17th
		{"logs/2026-11-18-06-00-00-A", false}, // later than the slack
		{"logs/unrelated-name.log", true},     // no time: never skipped
	}
	for _, tt := range tests {
		if got := lognames.MayHold(tt.name, since, until, 0); got != tt.want {
			t.Errorf("MayHold(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !lognames.MayHold("logs/2020-01-01-00-00-00-A", time.Time{}, until, 0) {
		t.Error("an open start skipped an old object")
	}
}

func TestNext(t *testing.T) {
	since := time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC)
	until := time.Date(2026, 11, 18, 20, 0, 0, 0, time.UTC)
	const base = "logs/111122223333/eu-west-1/photos/"
	tests := []struct {
		key, want string
	}{
		// Simple layout: before the window, jump to since less the skew.
		{"logs/2026-11-01-00-00-00-A", "logs/2026-11-17-09-55-00"},
		{"2026-11-01-00-00-00-A", "2026-11-17-09-55-00"},
		// OSS: the source bucket's name stays in front of the stamp.
		{"access/photos2026-11-01-00-00-00-0001", "access/photos2026-11-17-09-55-00"},
		// In the window, or after it in the simple layout: no jump (a
		// later name may belong to another source bucket).
		{"logs/2026-11-17-12-00-00-A", ""},
		{"logs/2026-11-20-00-00-00-A", ""},
		// Names of no layout are never jumped over.
		{"logs/readme.txt", ""},
		// Partitioned: to the day folder of since, then its stamp.
		{base + "2026/10/02/2026-10-02-05-00-00-A", base + "2026/11/17/2026-11-17-09-55-00"},
		{base + "2026/11/17/2026-11-17-01-00-00-A", base + "2026/11/17/2026-11-17-09-55-00"},
		// Partitioned, in a day folder past until+late: past the base.
		{base + "2026/11/19/2026-11-19-03-00-00-A", base + "9999/"},
		// ... but not from the folder of until, which late records reach.
		{base + "2026/11/18/2026-11-18-23-00-00-A", ""},
		// A folder that is not a date is not the partitioned layout.
		{"logs/x/2026/13/01/2026-11-01-00-00-00-A", "logs/x/2026/13/01/2026-11-17-09-55-00"},
	}
	for _, tt := range tests {
		if got := lognames.Next(tt.key, since, until, time.Hour); got != tt.want {
			t.Errorf("Next(%q) = %q, want %q", tt.key, got, tt.want)
		}
		if got := lognames.Next(tt.key, since, until, time.Hour); got != "" && got <= tt.key {
			t.Errorf("Next(%q) = %q does not move forward", tt.key, got)
		}
	}
	// An open window never jumps.
	if got := lognames.Next("logs/2020-01-01-00-00-00-A", time.Time{}, time.Time{}, 0); got != "" {
		t.Errorf("Next with no window = %q", got)
	}
}

// TestNextSkipsOnlyWhatMayHoldRejects checks the promise behind Next: over
// sorted keys, every key between a key and its jump target is one MayHold
// rejects, so listing with the jumps gives the keys MayHold keeps.
func TestNextSkipsOnlyWhatMayHoldRejects(t *testing.T) {
	var keys []string
	start := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	for _, dir := range []string{"a/", "a/b/", "z/"} {
		for _, stem := range []string{"", "photos", "photos-eu", "photos2"} {
			for h := 0; h < 24*20; h += 5 {
				keys = append(keys, dir+stem+start.Add(time.Duration(h)*time.Hour).Format("2006-01-02-15-04-05")+"-ID")
			}
		}
		for _, src := range []string{"1/eu-west-1/b1/", "1/eu-west-1/b2/", "2/us-east-1/b1/"} {
			for h := 0; h < 24*20; h += 5 {
				at := start.Add(time.Duration(h) * time.Hour)
				keys = append(keys, dir+src+at.Format("2006/01/02/")+at.Format("2006-01-02-15-04-05")+"-ID")
			}
		}
		keys = append(keys, dir+"readme.txt", dir+"9/notes")
	}
	slices.Sort(keys)
	since := time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC)
	until := time.Date(2026, 11, 18, 20, 0, 0, 0, time.UTC)
	late := 2 * time.Hour
	var want, got []string
	for _, k := range keys {
		if lognames.MayHold(k, since, until, late) {
			want = append(want, k)
		}
	}
	jumps := 0
	for i := 0; i < len(keys); i++ {
		k := keys[i]
		if lognames.MayHold(k, since, until, late) {
			got = append(got, k)
			continue
		}
		if next := lognames.Next(k, since, until, late); next != "" {
			jumps++
			j, _ := slices.BinarySearch(keys, next) // first key >= next
			if j < len(keys) && keys[j] == next {
				j++ // listing starts after next
			}
			i = j - 1
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("listing with jumps (-want +got):\n%s", diff)
	}
	if jumps == 0 {
		t.Error("no jumps")
	}
}

// TestSpanOtherStores reads the hour or day the other stores put in their
// log object names, and checks MayHold prunes by it.
func TestSpanOtherStores(t *testing.T) {
	h := func(s string) time.Time {
		v, err := time.Parse("2006-01-02T15", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const late = 2 * time.Hour
	tests := []struct {
		name     string
		from, to time.Time
		ok       bool
	}{
		{"logs/media_usage_2026_11_17_09_00_00_00a1b2c3_v0", h("2026-11-17T07"), h("2026-11-17T10").Add(lognames.Skew), true},
		{"resourceId=/SUBSCRIPTIONS/X/y=2026/m=11/d=17/h=09/m=00/PT1H.json", h("2026-11-17T09").Add(-lognames.Skew), h("2026-11-17T10").Add(lognames.Skew), true},
		{"$logs/blob/2026/11/17/0900/000001.log", h("2026-11-17T09").Add(-lognames.Skew), h("2026-11-17T10").Add(lognames.Skew), true},
		{"cos-logs/2026/11/17/20261117093000_ab12_0", h("2026-11-16T22"), h("2026-11-18T00").Add(lognames.Skew), true},
		{"logs/2026-11-17-09-00-00-0A1B2C3D4E5F6A7B", h("2026-11-17T07"), h("2026-11-17T09").Add(lognames.Skew), true},
		{"media_usage_2026_13_17_09_00_00_x_v0", time.Time{}, time.Time{}, false},                                  // month 13
		{"$logs/blob/2026/11/17/0930/000001.log", h("2026-11-16T22"), h("2026-11-18T00").Add(lognames.Skew), true}, // not an hour folder: the day
		{"y=2026/m=11/d=31/h=09/m=00/PT1H.json", time.Time{}, time.Time{}, false},                                  // 31 November
		{"plain.log", time.Time{}, time.Time{}, false},
	}
	for _, tc := range tests {
		from, to, ok := lognames.Span(tc.name, late)
		if ok != tc.ok || !from.Equal(tc.from) || !to.Equal(tc.to) {
			t.Errorf("Span(%q) = %v, %v, %v; want %v, %v, %v", tc.name, from, to, ok, tc.from, tc.to, tc.ok)
		}
	}
	blob := "$logs/blob/2026/11/17/0900/000001.log"
	if lognames.MayHold(blob, h("2026-11-17T11"), time.Time{}, late) {
		t.Error("an 09:00 Azure blob may hold records from 11:00 on")
	}
	if !lognames.MayHold(blob, h("2026-11-17T09"), h("2026-11-17T10"), late) {
		t.Error("an 09:00 Azure blob may not hold records of 09:00")
	}
	if lognames.MayHold(blob, time.Time{}, h("2026-11-17T08"), late) {
		t.Error("an 09:00 Azure blob may hold records before 08:00")
	}
	if n := testing.AllocsPerRun(100, func() { lognames.Span(blob, late) }); n != 0 {
		t.Errorf("Span allocates %v times", n)
	}
}
