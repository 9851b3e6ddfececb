package query_test

import (
	"fmt"
	"strings"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/query"
	"github.com/bucketlogs/bucketlogs/s3line"
)

const exampleLogs = `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"
o photos [17/Nov/2026:09:00:01 +0000] 203.0.113.9 - A2 REST.GET.OBJECT dog.jpg "GET /photos/dog.jpg HTTP/1.1" 404 NoSuchKey 243 - 2 - "-" "Mozilla/5.0"
o photos [17/Nov/2026:09:30:00 +0000] 10.0.0.8 - A3 REST.DELETE.OBJECT cat.jpg "DELETE /photos/cat.jpg HTTP/1.1" 204 - - - 9 9 "-" "aws-cli/2.15"
`

func ExampleQuery_Match() {
	q, err := query.Compile(`remote_ip in 10.0.0.0/8 and status = 2xx`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for rec, err := range q.Filter(s3line.Records(strings.NewReader(exampleLogs))) {
		if err != nil {
			continue
		}
		fmt.Println(string(rec.RequestID), string(rec.Operation))
	}
	// Output:
	// A1 REST.GET.OBJECT
	// A3 REST.DELETE.OBJECT
}

func ExampleQuery_NewState() {
	q := query.MustCompile(`* | count, sum(bytes_sent) by method | sort by count desc`)
	st := q.NewState()
	for rec, err := range s3line.Records(strings.NewReader(exampleLogs)) {
		if err == nil && q.Match(rec) {
			st.Add(rec)
		}
	}
	res := st.Result()
	fmt.Println(strings.Join(res.Columns, " | "))
	for _, row := range res.Rows {
		fmt.Println(row[0], "|", row[1], "|", row[2])
	}
	// Output:
	// method | count | sum(bytes_sent)
	// GET | 2 | 755
	// DELETE | 1 |
}

func ExampleCompile_error() {
	_, err := query.Compile(`status = 5xx and bukcet = photos`)
	if se, ok := err.(*query.SyntaxError); ok {
		fmt.Println(se.Msg)
		fmt.Println(se.Caret())
	}
	// Output:
	// unknown field "bukcet": did you mean bucket? (the fields are the record's keys, listed in FIELDS.md, and format)
	// status = 5xx and bukcet = photos
	//                  ^
}

func ExampleIndex() {
	var recs []*parse.Record
	for rec, err := range s3line.Records(strings.NewReader(exampleLogs)) {
		if err == nil {
			recs = append(recs, rec.Clone())
		}
	}
	ix := query.NewIndex(recs)
	q := query.MustCompile(`operation = REST.GET.OBJECT and status != 200`)
	for _, r := range ix.Records(q) {
		fmt.Println(string(r.RequestID), r.Status, string(r.ErrorCode))
	}
	// Output:
	// A2 404 NoSuchKey
}
