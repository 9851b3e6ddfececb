package bucket_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bucketlogs/bucketlogs/bucket"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// Count yesterday's 5xx answers in a bucket of OVHcloud access logs,
// fetching only the objects delivered in that window. (It needs a store
// and credentials, so it is compiled but not run by go test.)
func ExampleClient_Inputs() {
	ctx := context.Background()
	until := time.Now().UTC().Truncate(24 * time.Hour)
	since := until.Add(-24 * time.Hour)
	c, err := bucket.New(ctx, bucket.Options{
		Endpoint: "https://s3.gra.io.cloud.ovh.net", Region: "gra",
		Since: since, Until: until, // prunes objects by name; records are filtered below
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, _ := bucket.ParseURL("s3://my-access-logs/logs/")
	inputs, err := c.Inputs(ctx, u) // *bucket.Error: credentials, bucket, empty prefix
	if err != nil {
		fmt.Println(err)
		return
	}
	errors5xx := make([]int, 2)
	consumers := make([]func(*parse.Record), 2)
	for i := range consumers {
		consumers[i] = func(r *parse.Record) {
			if r.Time.Before(since) || !r.Time.Before(until) {
				return
			}
			if r.Status >= 500 {
				errors5xx[i]++
			}
		}
	}
	_, err = source.RunInputs(inputs, source.RunOptions{OnError: func(err error) { fmt.Println(err) }}, consumers)
	fmt.Println(errors5xx[0]+errors5xx[1], "5xx answers;", c.Stats().Skipped.Load(), "objects not fetched", err)
}
