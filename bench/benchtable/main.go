// Command benchtable reads `go test -bench` output (any -count) and prints
// a Markdown table: for each benchmark, the median MB/s, records per second
// and allocations per record, and, for the bucketlogs rows, the ratio to
// each baseline of the same format measured in the same run. Benchmarks
// report their record count per op as the metric "records".
//
//	go test -run '^$' -bench Decode -count 10 ./bench > new.txt
//	go run ./bench/benchtable new.txt
package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

type sample struct{ nsPerOp, mbPerS, records, allocs float64 }

var line = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: benchtable BENCH-OUTPUT")
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	runs := map[string][]sample{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		var s sample
		fields := strings.Fields(m[2])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			switch fields[i+1] {
			case "ns/op":
				s.nsPerOp = v
			case "MB/s":
				s.mbPerS = v
			case "records":
				s.records = v
			case "allocs/op":
				s.allocs = v
			}
		}
		if _, seen := runs[m[1]]; !seen {
			order = append(order, m[1])
		}
		runs[m[1]] = append(runs[m[1]], s)
	}
	med := func(name string, get func(sample) float64) float64 {
		var vs []float64
		for _, s := range runs[name] {
			vs = append(vs, get(s))
		}
		slices.Sort(vs)
		if len(vs) == 0 {
			return 0
		}
		if len(vs)%2 == 1 {
			return vs[len(vs)/2]
		}
		return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
	}
	fmt.Println("| benchmark | runs | MB/s | records/s | allocs/record | vs baselines (MB/s ratio) |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, name := range order {
		mb := med(name, func(s sample) float64 { return s.mbPerS })
		recs := med(name, func(s sample) float64 { return s.records })
		ns := med(name, func(s sample) float64 { return s.nsPerOp })
		allocs := med(name, func(s sample) float64 { return s.allocs })
		perSec, perRec := "", ""
		if recs > 0 && ns > 0 {
			perSec = fmt.Sprintf("%.2fM", recs/(ns/1e9)/1e6)
			perRec = strconv.FormatFloat(allocs/recs, 'g', 3, 64)
		}
		var ratios []string
		if group, ok := strings.CutSuffix(name, "/bucketlogs"); ok {
			for _, other := range order {
				base, found := strings.CutPrefix(other, group+"/")
				if !found || other == name || strings.Contains(base, "/") {
					continue
				}
				if om := med(other, func(s sample) float64 { return s.mbPerS }); om > 0 {
					ratios = append(ratios, fmt.Sprintf("%.2fx %s", mb/om, base))
				}
			}
		}
		fmt.Printf("| %s | %d | %.0f | %s | %s | %s |\n", name, len(runs[name]), mb, perSec, perRec, strings.Join(ratios, ", "))
	}
}
