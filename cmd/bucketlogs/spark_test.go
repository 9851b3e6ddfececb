package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

func TestSpark(t *testing.T) {
	for _, tt := range []struct {
		in   []int64
		want string
	}{
		{[]int64{0, 1, 2, 3, 4, 5, 6, 7}, "▁▂▃▄▅▆▇█"},
		{[]int64{0, 0}, "▁▁"},
		{[]int64{1, 1000}, "▂█"}, // non-zero is never the zero bar
	} {
		if got := spark(tt.in); got != tt.want {
			t.Errorf("spark(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSparklines: an empty interval between two is a low bar, and a
// series longer than sparkWidth intervals is summed into columns.
func TestSparklines(t *testing.T) {
	var s aggregate.Series
	at := time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)
	add := func(d time.Duration, status int64, n int) {
		var r parse.Record
		r.SetTime(at.Add(d))
		r.SetInt(parse.Status, status)
		for range n {
			s.Add(&r)
		}
	}
	add(0, 200, 4)
	add(2*time.Hour, 503, 2)
	lines := sparklines(&s, time.Hour)
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "  requests █▁▅  (one column per hour, 2026-11-17T00:00:00Z to 2026-11-17T03:00:00Z)") ||
		!strings.HasPrefix(lines[1], "  errors   ▁▁█") {
		t.Errorf("sparklines:\n%s", strings.Join(lines, "\n"))
	}
	add(120*time.Minute, 200, 1) // 121 minutes of minute intervals: 3 a column
	lines = sparklines(&s, time.Minute)
	if bar := []rune(strings.Fields(lines[0])[1]); len(bar) != 41 || bar[0] != '█' || bar[40] != '▆' || !strings.Contains(lines[0], "one column per 3m0s") { // 121 minutes, 3 a column
		t.Errorf("long series: %s", lines[0])
	}
	var one aggregate.Series
	if sparklines(&one, time.Hour) != nil {
		t.Error("no records: a chart")
	}
}
