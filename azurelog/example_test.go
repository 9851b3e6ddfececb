package azurelog_test

import (
	"fmt"

	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/parse"
)

func ExampleParser() {
	line := `1.0;2026-07-01T12:00:00.1234567Z;GetBlob;AnonymousSuccess;200;18;10;anonymous;;myaccount;blob;"https://myaccount.blob.core.windows.net/photos/cat.jpg";"/myaccount/photos/cat.jpg";a84aa705;0;192.0.2.10:4362;2021-10-04;252;0;265;48213;0;;;""0x8D1"";;;"curl/8.4.0 &quot;x&quot;";;`
	var p azurelog.Parser
	var r parse.Record
	if err := p.Parse([]byte(line), &r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(r.Action), string(r.Bucket), string(r.Key), string(r.RemoteIP), string(r.ETag), string(r.UserAgent), r.Has(parse.Requester))
	// Output: GetObject photos cat.jpg 192.0.2.10 0x8D1 curl/8.4.0 "x" false
}
