//go:build !goexperiment.jsonv2

package bench

import "testing"

// jsonV2Baseline is a no-op without the jsonv2 experiment: see
// jsonv2_bench_test.go.
func jsonV2Baseline(*testing.B, string, []byte, func(*testing.B)) {}
