package main

import (
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
)

func TestZZProfile(t *testing.T) {
	path := os.Getenv("BL_PROFILE")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Create("/tmp/report.prof")
	pprof.StartCPUProfile(f)
	args := append([]string{"report", "--quiet", "--output", "json"}, strings.Fields(os.Getenv("BL_ARGS"))...)
	runReport(append(args[1:], path), nil, io.Discard, io.Discard)
	pprof.StopCPUProfile()
	f.Close()
}
