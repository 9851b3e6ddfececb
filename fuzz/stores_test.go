package fuzz

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/azurelog"
	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// The fields each other store's log carries of an s3 request, beside
// those every format has.
var (
	sharedEverywhere = []parse.Field{
		parse.Time, parse.Bucket, parse.RemoteIP, parse.RequestID, parse.Operation, parse.Action,
		parse.Key, parse.Status, parse.BytesSent, parse.TotalTimeMS, parse.Referer, parse.UserAgent,
	}
	sharedWith = map[parse.Format][]parse.Field{
		parse.FormatOBS: {parse.BucketOwner, parse.Requester, parse.RequestURI, parse.Method, parse.RequestPath,
			parse.RequestArgs, parse.Protocol, parse.ErrorCode, parse.ObjectSize, parse.TurnaroundTimeMS, parse.VersionID},
		parse.FormatCOS: {parse.BucketOwner, parse.Requester, parse.RequestURI, parse.Method, parse.RequestPath,
			parse.RequestArgs, parse.Protocol, parse.ErrorCode, parse.ObjectSize, parse.TurnaroundTimeMS, parse.VersionID,
			parse.HostHeader, parse.BytesReceived},
		parse.FormatGCS: {parse.Method, parse.RequestPath, parse.RequestArgs, parse.HostHeader, parse.BytesReceived,
			parse.SourceRegion},
		parse.FormatAzure: {parse.BucketOwner, parse.Requester, parse.RequestPath, parse.RequestArgs, parse.HostHeader,
			parse.TurnaroundTimeMS, parse.AuthType, parse.BytesReceived},
		parse.FormatS3JSON: {parse.BucketOwner, parse.Requester, parse.RequestURI, parse.Method, parse.RequestPath,
			parse.RequestArgs, parse.Protocol, parse.ErrorCode, parse.ObjectSize, parse.TurnaroundTimeMS, parse.VersionID,
			parse.HostID, parse.SignatureVersion, parse.CipherSuite, parse.AuthType, parse.HostHeader, parse.TLSVersion,
			parse.AccessPointARN, parse.ACLRequired, parse.SourceRegion},
		parse.FormatAzureJSON: {parse.BucketOwner, parse.RequestPath, parse.RequestArgs, parse.HostHeader,
			parse.TurnaroundTimeMS, parse.AuthType, parse.BytesReceived, parse.TLSVersion},
	}
)

// render writes src in format, with that format's encoder.
func render(src *parse.Record, format parse.Format) []byte {
	switch format {
	case parse.FormatGCS:
		return gcslog.AppendLine(nil, src)
	case parse.FormatAzure:
		return azurelog.AppendLine(nil, src)
	case parse.FormatS3JSON, parse.FormatAzureJSON:
		return yajson.AppendLayout(nil, src, format)
	}
	return s3line.AppendLine(nil, src, format)
}

// parserOf returns a new parser of format.
func parserOf(format parse.Format) parse.LineParser {
	switch format {
	case parse.FormatGCS:
		return new(gcslog.Parser)
	case parse.FormatAzure:
		return new(azurelog.Parser)
	case parse.FormatS3JSON, parse.FormatAzureJSON:
		return &yajson.Parser{Format: format}
	}
	return &s3line.Parser{Format: format}
}

// checkEveryStore renders each s3 request in every other store's format,
// decodes it, and compares the fields that format shares with s3: one
// request, the same values, whichever store logged it.
func checkEveryStore(t *testing.T, seed uint64, n int) {
	g := gen.New(seed)
	var src, fromS3, got parse.Record
	var s3p s3line.Parser
	parsers := map[parse.Format]parse.LineParser{}
	for f := range sharedWith {
		parsers[f] = parserOf(f)
	}
	for i := range n {
		g.Next(&src, parse.FormatS3)
		s3 := s3line.AppendLine(nil, &src, parse.FormatS3)
		if err := s3p.Parse(s3, &fromS3); err != nil {
			t.Fatalf("record %d: %v\n%s", i, err, s3)
		}
		for f, fields := range sharedWith {
			fs := append(append([]parse.Field(nil), sharedEverywhere...), fields...)
			text := render(&fromS3, f)
			if err := parsers[f].Parse(text, &got); err != nil {
				t.Fatalf("record %d: the %s rendering does not decode: %v\n%s", i, f, err, text)
			}
			if got.Format != f {
				t.Fatalf("record %d: decoded as %v, want %v", i, got.Format, f)
			}
			if d := cmp.Diff(values(&fromS3, fs), values(&got, fs)); d != "" {
				t.Fatalf("record %d: s3 and %s disagree (-s3 +%s):\n%s\n%s\n%s", i, f, f, d, s3, text)
			}
		}
	}
}

func TestEveryStoreAgrees(t *testing.T) { checkEveryStore(t, 3, 5000) }

// TestGeneratedStoresRoundTrip checks that the generator's records of each
// other store, written by that store's encoder, decode to themselves: what
// the built-in sample and the benchmarks hold is what the decoders read.
func TestGeneratedStoresRoundTrip(t *testing.T) {
	for f := range sharedWith {
		t.Run(f.String(), func(t *testing.T) {
			g := gen.New(5)
			p := parserOf(f)
			var src, got parse.Record
			for i := range 3000 {
				g.Next(&src, f)
				text := gen.Append(nil, &src)
				if err := p.Parse(text, &got); err != nil {
					t.Fatalf("record %d does not decode: %v\n%s", i, err, text)
				}
				all := parse.Fields()
				if d := cmp.Diff(values(&src, all), values(&got, all)); d != "" {
					t.Fatalf("record %d differs (-generated +decoded):\n%s\n%s", i, d, text)
				}
			}
		})
	}
}
