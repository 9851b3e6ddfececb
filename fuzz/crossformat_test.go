package fuzz

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// sharedS3Yandex are the fields both an s3 line and a Yandex record carry.
var sharedS3Yandex = []parse.Field{
	parse.Time, parse.Bucket, parse.RemoteIP, parse.Requester, parse.RequestID, parse.Operation,
	parse.Key, parse.Method, parse.RequestPath, parse.RequestArgs, parse.Protocol, parse.Status,
	parse.BytesSent, parse.TotalTimeMS, parse.Referer, parse.UserAgent, parse.VersionID,
	parse.HostHeader, parse.TLSVersion,
}

func values(r *parse.Record, fs []parse.Field) map[string]string {
	m := rectest.Values(r, fs...)
	delete(m, "format") // the formats differ by design
	return m
}

// checkS3Yandex renders one request as an s3 line and as a Yandex record,
// decodes both, and compares the fields they share.
func checkS3Yandex(t *testing.T, seed uint64, n int) {
	g := gen.New(seed)
	var src, fromS3, fromYa parse.Record
	var sp s3line.Parser
	var yp yajson.Parser
	for i := range n {
		g.Next(&src, parse.FormatS3)
		line := s3line.AppendLine(nil, &src, parse.FormatS3)
		js := yajson.AppendRecord(nil, &src)
		if err := sp.Parse(line, &fromS3); err != nil {
			t.Fatalf("record %d: s3 line does not decode: %v\n%s", i, err, line)
		}
		if err := yp.Parse(js, &fromYa); err != nil {
			t.Fatalf("record %d: Yandex record does not decode: %v\n%s", i, err, js)
		}
		if diff := cmp.Diff(values(&fromS3, sharedS3Yandex), values(&fromYa, sharedS3Yandex)); diff != "" {
			t.Fatalf("record %d: formats disagree (-s3 +yandex):\n%s\n%s\n%s", i, diff, line, js)
		}
		if got, want := len(values(&fromS3, sharedS3Yandex)), 4; got < want {
			t.Fatalf("record %d: only %d shared fields present; the generator is not exercising the formats", i, got)
		}
	}
}

// sharedS3OSS are the fields an OSS line carries of an s3 request.
var sharedS3OSS = []parse.Field{
	parse.Time, parse.BucketOwner, parse.Bucket, parse.RemoteIP, parse.Requester, parse.RequestID,
	parse.Operation, parse.Key, parse.RequestURI, parse.Method, parse.RequestPath, parse.RequestArgs,
	parse.Protocol, parse.Status, parse.ErrorCode, parse.BytesSent, parse.ObjectSize, parse.TotalTimeMS,
	parse.TurnaroundTimeMS, parse.Referer, parse.UserAgent, parse.HostHeader,
}

// checkAllFormats renders one request as an s3 line, an OSS line and a
// Yandex record and compares what each pair shares.
func checkAllFormats(t *testing.T, seed uint64, n int) {
	g := gen.New(seed)
	var src, fromS3, fromOSS parse.Record
	s3p, ossp := s3line.Parser{}, s3line.Parser{Format: parse.FormatOSS}
	for i := range n {
		g.Next(&src, parse.FormatS3)
		s3 := s3line.AppendLine(nil, &src, parse.FormatS3)
		oss := s3line.AppendLine(nil, &src, parse.FormatOSS)
		if err := s3p.Parse(s3, &fromS3); err != nil {
			t.Fatalf("record %d: %v\n%s", i, err, s3)
		}
		if err := ossp.Parse(oss, &fromOSS); err != nil {
			t.Fatalf("record %d: OSS line does not decode: %v\n%s", i, err, oss)
		}
		if diff := cmp.Diff(values(&fromS3, sharedS3OSS), values(&fromOSS, sharedS3OSS)); diff != "" {
			t.Fatalf("record %d: s3 and oss disagree (-s3 +oss):\n%s\n%s\n%s", i, diff, s3, oss)
		}
	}
	checkS3Yandex(t, seed, n)
	checkEveryStore(t, seed, n)
}

func TestAllFormatsAgree(t *testing.T) { checkAllFormats(t, 2, 20000) }

func FuzzAllFormatsAgree(f *testing.F) {
	f.Add(uint64(2))
	f.Fuzz(func(t *testing.T, seed uint64) { checkAllFormats(t, seed, 30) })
}
