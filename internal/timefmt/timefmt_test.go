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
