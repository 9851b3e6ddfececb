package yajson_test

import (
	"fmt"
	"strings"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

func ExampleParser_Parse() {
	data := []byte(`{"bucket":"my-bucket","bytes_send":1251,"handler":"REST.GET.OBJECT","ip":"84.201.121.46","request_time":88,"status":200,"timestamp":"2020-11-10T13:21:18Z","vhost":"storage.yandexcloud.net","version_id":""}`)
	var p yajson.Parser
	var r parse.Record
	if err := p.Parse(data, &r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Time, string(r.Operation), r.BytesSent, r.TotalTimeMS, string(r.HostHeader))
	fmt.Println("version_id present:", r.Has(parse.VersionID))
	// Output:
	// 2020-11-10 13:21:18 +0000 UTC REST.GET.OBJECT 1251 88 storage.yandexcloud.net
	// version_id present: false
}

func ExampleRecords() {
	// A pretty-printed JSON array, one bad record in the middle.
	logs := strings.NewReader(`[
  {"bucket": "a", "status": 200, "timestamp": "2024-05-20T09:00:00Z"},
  {"bucket": "b", "status": "oops", "timestamp": "2024-05-20T09:00:01Z"},
  {
    "bucket": "c",
    "status": 404,
    "timestamp": "2024-05-20T12:00:02+03:00"
  }
]`)
	for rec, err := range yajson.Records(logs) {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(string(rec.Bucket), rec.Status, rec.Time.Format("15:04:05"))
	}
	// Output:
	// a 200 09:00:00
	// error: 3:91: status: wrong type (near "\"status\": \"oops\", \"timestamp\": \"2024-05-20T09:00:01Z\"}")
	// c 404 09:00:02
}

func ExampleAppendRecord() {
	var r parse.Record
	r.SetText(parse.Bucket, []byte("photos"))
	r.SetInt(parse.Status, 200)
	r.SetText(parse.Operation, []byte("REST.GET.OBJECT"))
	fmt.Println(string(yajson.AppendRecord(nil, &r)))
	// Output:
	// {"bucket":"photos","handler":"REST.GET.OBJECT","status":200}
}
