package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/internal/s3test"
	"github.com/bucketlogs/bucketlogs/parse"
)

// startStore runs the S3 server with the environment pointing at it and a
// bucket "access-logs" of two days of hourly objects under logs/ (s3 lines
// plain, oss lines gzipped, one bad line), and returns it and the
// bucket's directory.
func startStore(t *testing.T) (*s3test.Server, string) {
	srv := s3test.Start(t)
	for _, kv := range srv.Env(t.TempDir()) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	dir := srv.Bucket(t, "access-logs")
	g := gen.New(7)
	at := time.Date(2026, 11, 17, 1, 0, 0, 0, time.UTC)
	var r parse.Record
	for h := range 48 {
		d := at.Add(time.Duration(h) * time.Hour)
		format, name := parse.FormatS3, "logs/"+d.Format("2006-01-02-15-04-05")+"-S3"
		if h%4 == 1 {
			format, name = parse.FormatOSS, "logs/photos"+d.Format("2006-01-02-15-04-05")+"-0001"
		}
		var b []byte
		for i := range 50 {
			g.Next(&r, format)
			r.SetTime(d.Add(-time.Hour + time.Duration(i)*time.Minute))
			b = append(gen.Append(b, &r), '\n')
		}
		if h == 30 {
			b = append(b, "garbage line\n"...)
		}
		if format == parse.FormatOSS {
			var z bytes.Buffer
			w := gzip.NewWriter(&z)
			w.Write(b)
			w.Close()
			b = z.Bytes()
		}
		srv.Put(t, "access-logs", name, b)
	}
	return srv, dir
}

// TestReportFromBucket: report, query and cat over s3:// equal them over
// the same files on disk, with and without a window, and a window fetches
// only the objects it needs.
func TestReportFromBucket(t *testing.T) {
	srv, dir := startStore(t)
	local := filepath.Join(dir, "logs")
	for _, args := range [][]string{
		{"report", "--output", "json"},
		{"report", "--output", "json", "--since", "2026-11-18T03:00:00Z", "--until", "2026-11-18T09:00:00Z", "--late", "1h"},
		{"query", "status = 200 | count, sum(bytes_sent) by operation, format", "--output", "json"},
		{"query", "--since", "2026-11-17T20:00:00Z", "operation = REST.GET.OBJECT | limit 5"},
		{"cat", "--until", "2026-11-17T04:00:00Z"},
	} {
		wantOut, wantErr, wantStatus := runCmd(t, "", append(args, local)...)
		srv.Gets.Store(0)
		gotOut, gotErr, gotStatus := runCmd(t, "", append(args, "s3://access-logs/logs/")...)
		if wantStatus != gotStatus || args[0] == "report" && gotStatus != exitMalformed {
			t.Errorf("%q: status %d from the bucket, %d from disk (1 when the bad line is read)", args, gotStatus, wantStatus)
		}
		if diff := cmp.Diff(stable(wantOut), stable(gotOut)); diff != "" {
			t.Errorf("%q: bucket differs from disk (-disk +bucket):\n%s", args, diff)
		}
		if strings.Contains(strings.Join(args, " "), "--since 2026-11-18T03") {
			// Delivered from 02:55 to before 10:00 (until+late): 03:00
			// to 09:00, 7 of 48.
			if n := srv.Gets.Load(); n != 7 {
				t.Errorf("%q: %d GETs, want 7", args, n)
			}
			if !strings.Contains(gotErr, "41 inputs not read") || !strings.Contains(wantErr, "41 inputs not read") {
				t.Errorf("%q: stderr does not say 41 inputs were skipped:\n%s\n%s", args, gotErr, wantErr)
			}
		}
	}
}

// TestBucketErrors: a malformed URL, an unknown scheme, wrong credentials,
// a missing bucket and a missing prefix are one message each and exit 2;
// an object deleted mid-run is reported by name, the rest decoded, exit 1.
func TestBucketErrors(t *testing.T) {
	srv, dir := startStore(t)
	tests := []struct {
		args   []string
		env    []string
		status int
		msg    string
	}{
		{[]string{"report", "s3://"}, nil, exitUsage, `bucketlogs: "s3://": no bucket name (want s3://BUCKET/PREFIX)`},
		{[]string{"cat", "gs://access-logs/logs/"}, nil, exitUsage, `bucketlogs: "gs://access-logs/logs/": unknown scheme "gs://" (want s3://BUCKET/PREFIX, or a local path)`},
		{[]string{"query", "status = 200", "s3://Bad_Name/x"}, nil, exitUsage, `bucketlogs: "s3://Bad_Name/x": bucket name "Bad_Name" has 'B' at 0`},
		{[]string{"report", "s3://access-logs/logs/"}, []string{"AWS_SECRET_ACCESS_KEY", "not-the-secret"}, exitUsage, "bucketlogs: s3://access-logs/logs/: the store refused the credentials (SignatureDoesNotMatch"},
		{[]string{"report", "s3://no-such-bucket/"}, nil, exitUsage, "bucketlogs: s3://no-such-bucket/: no such bucket at " + srv.Endpoint},
		{[]string{"cat", "s3://access-logs/nothing/"}, nil, exitUsage, "bucketlogs: s3://access-logs/nothing/: no objects under this prefix"},
		{[]string{"report", "--since", "2026-11-19", "--until", "2026-11-18", "s3://access-logs/logs/"}, nil, exitUsage, "bucketlogs report: --since 2026-11-19 is not before --until 2026-11-18"},
	}
	for _, tt := range tests {
		if tt.env != nil {
			t.Setenv(tt.env[0], tt.env[1])
		}
		_, stderr, status := runCmd(t, "", tt.args...)
		if tt.env != nil {
			t.Setenv(tt.env[0], s3test.SecretKey)
		}
		if status != tt.status || !strings.HasPrefix(stderr, tt.msg) {
			t.Errorf("%q: status %d, stderr:\n%s\nwant %d and a first line starting %q", tt.args, status, stderr, tt.status, tt.msg)
		}
	}

	gone := "logs/2026-11-17-09-00-00-S3"
	var once sync.Once
	srv.Before(func(r *http.Request) {
		if r.Method == http.MethodGet && !r.URL.Query().Has("list-type") {
			once.Do(func() { os.Remove(filepath.Join(dir, filepath.FromSlash(gone))) })
		}
	})
	stdout, stderr, status := runCmd(t, "", "query", "* | count", "--output", "csv", "s3://access-logs/logs/")
	if status != exitMalformed || !strings.Contains(stderr, "s3://access-logs/"+gone+": object not found: deleted or moved since it was listed") {
		t.Errorf("object deleted mid-run: status %d, stderr:\n%s", status, stderr)
	}
	if want := "count\n2350\n"; stdout != want { // 47 objects of 50 records
		t.Errorf("object deleted mid-run: %q, want %q", stdout, want)
	}
}
