package main

import (
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
)

// sparkWidth is the most characters a sparkline takes: longer series are
// summed into that many columns.
const sparkWidth = 60

// sparkBars are the eight heights of a sparkline column.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// sparklines draws the traffic series as two lines for a terminal:
// requests and errors (4xx and 5xx) over time, intervals without records
// as the lowest bar, each column the sum of as many intervals as needed to
// fit sparkWidth. It returns nil when there are fewer than two intervals.
func sparklines(series *aggregate.Series, interval time.Duration) []string {
	step := max(int64(interval/time.Second), 60)
	step -= step % 60
	var first, last int64
	reqs, errs := map[int64]int64{}, map[int64]int64{}
	n := 0
	for t, p := range series.Points(interval) {
		k := t.Unix() / step
		if n == 0 {
			first = k
		}
		last = k
		reqs[k], errs[k] = p.Requests, p.Status4xx+p.Status5xx
		n++
	}
	span := last - first + 1
	if n == 0 || span < 2 {
		return nil
	}
	per := (span + sparkWidth - 1) / sparkWidth // intervals a column
	cols := int((span + per - 1) / per)
	sum := func(m map[int64]int64) []int64 {
		out := make([]int64, cols)
		for k, v := range m {
			out[(k-first)/per] += v
		}
		return out
	}
	from := time.Unix(first*step, 0).UTC().Format(time.RFC3339)
	to := time.Unix((last+1)*step, 0).UTC().Format(time.RFC3339)
	unit := intervalName(interval)
	if per > 1 {
		unit = (time.Duration(per*step) * time.Second).String()
	}
	return []string{
		"  requests " + spark(sum(reqs)) + "  (one column per " + unit + ", " + from + " to " + to + ")",
		"  errors   " + spark(sum(errs)) + "  (4xx and 5xx)",
	}
}

// spark draws values as bars scaled to the largest; zero is the lowest
// bar, and any non-zero value is above it.
func spark(values []int64) string {
	var top int64
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range values {
		i := 0
		if top > 0 && v > 0 {
			// v/top of the tallest bar, rounded, and above the zero bar.
			hi := int64(len(sparkBars) - 1)
			i = int(max(1, (v*hi+top/2)/top))
		}
		b.WriteRune(sparkBars[i])
	}
	return b.String()
}
