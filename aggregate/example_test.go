package aggregate_test

import (
	"fmt"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

func ExampleTopK() {
	// Two shards, as two goroutines would build them, merged.
	a, b := aggregate.NewTopK(0), aggregate.NewTopK(0)
	for _, ip := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.1"} {
		a.Add([]byte(ip), 1)
	}
	for _, ip := range []string{"10.0.0.2", "10.0.0.2", "10.0.0.3"} {
		b.Add([]byte(ip), 1)
	}
	a.Merge(b)
	for _, e := range a.Top(2) {
		fmt.Println(e.Key, e.Count, e.Err)
	}
	fmt.Println("exact:", a.Exact())
	// Output:
	// 10.0.0.2 3 0
	// 10.0.0.1 2 0
	// exact: true
}

func ExampleReport() {
	rep := aggregate.NewReport(aggregate.Options{})
	for i, status := range []int64{200, 200, 404, 503} {
		var r parse.Record
		r.Format = parse.FormatS3
		r.SetText(parse.Operation, []byte("REST.GET.OBJECT"))
		r.SetInt(parse.Status, status)
		r.SetInt(parse.TotalTimeMS, int64(10*(i+1)))
		rep.Add(&r)
	}
	// A partial report crosses machines as bytes.
	b, _ := rep.MarshalBinary()
	var back aggregate.Report
	if err := back.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("records %d, error rate %.2f, p50 %d ms, max %d ms\n", back.Records, back.Statuses.ErrorRate(),
		back.Latency.Total().Quantile(0.5), back.Latency.Total().Max())
	for op, t := range back.ByOperation.All() {
		fmt.Println(op, t.Requests)
	}
	// Output:
	// records 4, error rate 0.50, p50 20 ms, max 40 ms
	// REST.GET.OBJECT 4
}
