package s3line_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

func ExampleParser_Parse() {
	line := []byte(`1542319462669586:user-5hwhM25pPT6f my-bucket [10/Jan/2023:15:06:47 +0000] 109.190.254.61 1542319462669586:user-5hwhM25pPT6f txd467757a5fac478b9132e-0063bd7f07 REST.GET.LOGGING_STATUS - "GET /?logging HTTP/1.0" 200 - 254 - 11 9 "-" "aws-cli/1.24.10" - - SigV4 - AuthHeader my-bucket.s3.training.perf.cloud.ovh.net - -`)
	var p s3line.Parser // the zero Parser reads s3 lines
	var r parse.Record
	if err := p.Parse(line, &r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Time, string(r.Operation), r.Status, r.BytesSent)
	fmt.Println(string(r.Method), string(r.RequestPath), string(r.RequestArgs))
	fmt.Println("object size present:", r.Has(parse.ObjectSize))
	// Output:
	// 2023-01-10 15:06:47 +0000 UTC REST.GET.LOGGING_STATUS 200 254
	// GET / logging
	// object size present: false
}

func ExampleParser_Parse_oss() {
	line := []byte(`203.0.113.7 - - [03/Jan/2024:16:50:00 +0800] "GET /cat.jpg HTTP/1.1" 200 5576 44 "-" "curl/8.5.0" "photos.oss-cn-hangzhou.aliyuncs.com" "65A1B2C3D4E5F60718293A4B" "true" "1234567890123456" "GetObject" "photos" "cat.jpg" 5576 12 "-" 389 "1234567890123456" 0 "-" "Standard" "-"`)
	p := s3line.Parser{Format: parse.FormatOSS}
	var r parse.Record
	if err := p.Parse(line, &r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Time, string(r.Operation), string(r.Bucket), string(r.Key), string(r.StorageClass))
	// Output:
	// 2024-01-03 08:50:00 +0000 UTC GetObject photos cat.jpg Standard
}

func ExampleRecords() {
	logs := strings.NewReader(`o photos [02/Jun/2024:11:00:00 +0000] 192.0.2.1 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"
o photos [02/Jun/2024:11:00:01 +0000] 192.0.2.1 - A2 REST.GET.OBJECT dog.jpg "GET /photos/dog.jpg HTTP/1.1" 404 NoSuchKey 243 - 2 - "-" "curl/8.5.0"
`)
	var sent int64
	for rec, err := range s3line.Records(logs) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		sent += rec.BytesSent
		fmt.Println(string(rec.Key), rec.Status)
	}
	fmt.Println("bytes sent:", sent)
	// Output:
	// cat.jpg 200
	// dog.jpg 404
	// bytes sent: 755
}

func ExampleReader_All() {
	logs := strings.NewReader("o photos [02/Jun/2024:11:00:00 +0000] 192.0.2.1 - A1 REST.GET.OBJECT cat.jpg \"GET /photos/cat.jpg HTTP/1.1\" 2x0 - 512 512 4 3 \"-\" \"curl\"\n")
	rd := s3line.NewReader(logs)
	rd.Source = "access.log"
	for _, err := range rd.All() {
		var pe *parse.Error
		if errors.As(err, &pe) {
			fmt.Println(pe.Line, pe.Field, errors.Is(err, parse.ErrSyntax))
			fmt.Println(err)
		}
	}
	fmt.Printf("%+v\n", rd.Counts())
	// Output:
	// 1 status true
	// access.log:1:108: status: invalid syntax (near "2x0 - 512 512 4 3 \"-\" \"curl\"")
	// {Lines:1 Records:0 Errors:1 Blank:0}
}

func ExampleDetect() {
	f, ok := s3line.Detect([]byte(`203.0.113.7 - - [03/Jan/2024:16:50:00 +0800] "GET /cat.jpg HTTP/1.1" 200`))
	fmt.Println(f, ok)
	f, ok = s3line.Detect([]byte(`owner photos [02/Jun/2024:11:00:00 +0000] 192.0.2.1 - A1 REST.GET.OBJECT`))
	fmt.Println(f, ok)
	// Output:
	// oss true
	// s3 true
}
