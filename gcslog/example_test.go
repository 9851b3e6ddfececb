package gcslog_test

import (
	"fmt"

	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/parse"
)

func ExampleParser() {
	var p gcslog.Parser
	var r parse.Record
	if err := p.Parse([]byte(gcslog.Header), &r); err == parse.ErrHeader {
		fmt.Println("header skipped")
	}
	line := `"1782907200123456","203.0.113.50","1","","GET","/media/cat.jpg","200","0","48213","25431","storage.googleapis.com","","curl/8.4.0","ADPycdtQ1","GET_Object","media","cat.jpg"`
	if err := p.Parse([]byte(line), &r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Time.Format("15:04:05.000000"), string(r.Action), string(r.Bucket), string(r.Key), r.Status, r.TotalTimeMS)
	// Output:
	// header skipped
	// 12:00:00.098025 GetObject media cat.jpg 200 25
}
