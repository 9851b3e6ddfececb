package timefmt

import (
	"testing"
	"time"
)

func TestUnixMatchesTimeDate(t *testing.T) {
	for y := 0; y <= 9999; y += 7 {
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 15, DaysIn(m, y)} {
				want := time.Date(y, time.Month(m), d, 13, 14, 15, 0, time.UTC).Unix()
				if got := Unix(y, m, d, 13, 14, 15); got != want {
					t.Fatalf("Unix(%d-%02d-%02d) = %d, want %d", y, m, d, got, want)
				}
				if DaysIn(m, y) != time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
					t.Fatalf("DaysIn(%d, %d) wrong", m, y)
				}
			}
		}
	}
}

func TestRepresentable(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(-1, 12, 31, 23, 0, 0, 0, time.UTC), false},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), true},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := Representable(tc.t.Unix()); got != tc.want {
			t.Errorf("Representable(%v) = %v", tc.t, got)
		}
	}
}
