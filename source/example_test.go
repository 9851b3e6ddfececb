package source_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// writeExampleLogs writes one s3 log and one Yandex log into a new directory.
func writeExampleLogs() string {
	dir, _ := os.MkdirTemp("", "bucketlogs-example")
	os.WriteFile(filepath.Join(dir, "a.log"), []byte(
		`o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"
not a log line
`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(
		`{"bucket":"docs","handler":"REST.PUT.OBJECT","status":200,"timestamp":"2026-11-17T09:01:00Z","bytes_send":0}
`), 0o644)
	return dir
}

func ExampleOpen() {
	dir := writeExampleLogs()
	defer os.RemoveAll(dir)
	inputs, _ := source.Expand([]string{dir}) // files below dir, in name order
	for _, name := range inputs {
		st, err := source.Open(name, source.Options{}) // format recognised from the first bytes
		if err != nil {
			fmt.Println(err)
			continue
		}
		for rec, err := range st.All() {
			if err != nil {
				fmt.Println("error at line", err.(*parse.Error).Line)
				continue
			}
			fmt.Println(st.Format, string(rec.Bucket), string(rec.Operation), rec.Status)
		}
		st.Close()
	}
	// Output:
	// s3 photos REST.GET.OBJECT 200
	// error at line 2
	// yandex docs REST.PUT.OBJECT 200
}

func ExampleRun() {
	dir := writeExampleLogs()
	defer os.RemoveAll(dir)
	inputs, _ := source.Expand([]string{dir})
	// One consumer per worker: each only ever runs on its own goroutine, so
	// per-worker state needs no lock. Merge the states after Run returns.
	sent := make([]int64, 2)
	consumers := []func(*parse.Record){
		func(r *parse.Record) { sent[0] += r.BytesSent },
		func(r *parse.Record) { sent[1] += r.BytesSent },
	}
	counts, err := source.Run(inputs, source.RunOptions{
		OnError: func(err error) {
			pe := err.(*parse.Error) // Source, Line, Offset, Field, Err
			fmt.Println("malformed:", filepath.Base(pe.Source), pe.Line, pe.Field, pe.Err)
		},
	}, consumers)
	fmt.Println(err, counts.Records, counts.Errors, sent[0]+sent[1])
	// Output:
	// malformed: a.log 2 time invalid syntax
	// <nil> 2 1 512
}

func ExampleRunBatches() {
	dir := writeExampleLogs()
	defer os.RemoveAll(dir)
	inputs, _ := source.Expand([]string{dir})
	// A report per worker, fed a batch at a time: each of its aggregates
	// takes the whole batch before the next one does.
	reports := []*aggregate.Report{aggregate.NewReport(aggregate.Options{}), aggregate.NewReport(aggregate.Options{})}
	consumers := []func([]parse.Record){reports[0].AddBatch, reports[1].AddBatch}
	counts, err := source.RunBatches(source.Names(inputs, nil, nil), source.RunOptions{}, consumers)
	reports[0].Merge(reports[1])
	fmt.Println(err, counts.Records, reports[0].Records, reports[0].ByOperation.Len())
	// Output:
	// <nil> 2 2 2
}
