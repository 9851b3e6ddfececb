// Package sat adds int64s without wrapping around: a sum past the range
// stays at its end. Sums of sizes and times in bucketlogs use it, so that
// hostile values (a bytes_sent of 2^63-1, twice) give a sum that is too
// small to be true at worst, never a negative one.
package sat

import "math"

// Add returns a+b, or math.MaxInt64 / math.MinInt64 when the true sum is
// beyond them.
func Add(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}

// Mul returns a*b for b >= 0, or math.MaxInt64 / math.MinInt64 when the
// true product is beyond them.
func Mul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		if (a < 0) != (b < 0) {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return p
}
