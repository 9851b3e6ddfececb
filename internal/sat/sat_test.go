package sat

import (
	"math"
	"math/big"
	"testing"
)

func TestAddMul(t *testing.T) {
	vals := []int64{0, 1, -1, 2, 1000, -1000, math.MaxInt64, math.MaxInt64 - 1, math.MinInt64, math.MinInt64 + 1, 1 << 62, -(1 << 62), 3037000500}
	clamp := func(z *big.Int) int64 {
		if z.Cmp(big.NewInt(math.MaxInt64)) > 0 {
			return math.MaxInt64
		}
		if z.Cmp(big.NewInt(math.MinInt64)) < 0 {
			return math.MinInt64
		}
		return z.Int64()
	}
	for _, a := range vals {
		for _, b := range vals {
			if got, want := Add(a, b), clamp(new(big.Int).Add(big.NewInt(a), big.NewInt(b))); got != want {
				t.Errorf("Add(%d, %d) = %d, want %d", a, b, got, want)
			}
			if got, want := Mul(a, b), clamp(new(big.Int).Mul(big.NewInt(a), big.NewInt(b))); got != want {
				t.Errorf("Mul(%d, %d) = %d, want %d", a, b, got, want)
			}
		}
	}
}
