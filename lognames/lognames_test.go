package lognames_test

import (
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

func TestListingBounds(t *testing.T) {
	since := time.Date(2026, 11, 17, 10, 0, 0, 0, time.UTC)
	until := time.Date(2026, 11, 18, 20, 0, 0, 0, time.UTC)
	if got, want := lognames.StartAfter("logs/", since), "logs/2026-11-17-09-55-00"; got != want {
		t.Errorf("StartAfter = %q, want %q", got, want)
	}
	got := lognames.DayPrefixes("logs/1/eu-west-1/b/", since, until, time.Hour)
	want := []string{"logs/1/eu-west-1/b/2026/11/17/", "logs/1/eu-west-1/b/2026/11/18/"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DayPrefixes (-want +got):\n%s", diff)
	}
	got = lognames.DayPrefixes("b/", since, until, 6*time.Hour) // until+late crosses midnight
	if len(got) != 3 || got[2] != "b/2026/11/19/" {
		t.Errorf("DayPrefixes with 6h late = %v", got)
	}
}
