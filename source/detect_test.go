package source_test

import (
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

const (
	s3Line  = `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"`
	ossLine = `203.0.113.7 - - [03/Jan/2024:16:50:00 +0800] "GET /cat.jpg HTTP/1.1" 200 512 4 "-" "curl/8.5.0" photos.oss-cn-hangzhou.aliyuncs.com 5C1D0000 true 1000 GetObject photos cat.jpg 512 3 - 0 1000 0 - Standard`
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want parse.Format
	}{
		{"s3", s3Line + "\n", parse.FormatS3},
		{"oss", ossLine + "\n", parse.FormatOSS},
		{"yandex", `{"bucket":"b"}` + "\n", parse.FormatYandex},
		{"pretty-printed yandex after a blank line", "\n\n{\n  \"bucket\": \"b\"\n}\n", parse.FormatYandex},
		{"blank first line", "\n  \t\n" + s3Line + "\n", parse.FormatS3},
		{"#Version header", "#Version: 1.0\n#Fields: ...\n" + s3Line + "\n", parse.FormatS3},
		{"byte order mark", "\xef\xbb\xbf" + s3Line + "\n", parse.FormatS3},
		{"byte order mark before JSON", "\xef\xbb\xbf" + `{"bucket":"b"}`, parse.FormatYandex},
		{"garbage first line", "not a log line at all\n" + ossLine + "\n", parse.FormatOSS},
		{"lines ending in a lone CR", s3Line + "\r" + s3Line + "\r", parse.FormatS3},
		{"a line cut at the end of the head", s3Line[:60], parse.FormatS3},
		{"white space only", " \n\t\n", parse.FormatUnknown},
		{"unknown", "hello world\nthis is not a log\n", parse.FormatUnknown},
	}
	for _, tt := range tests {
		if got := source.Detect([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDetectEveryFormat recognises the generated files of every format
// from their first bytes, and never takes an s3 line for obs, or an obs
// line for s3, against the evidence of its fields 20-21.
func TestDetectEveryFormat(t *testing.T) {
	for _, f := range source.Formats() {
		data := gen.Corpus(9, f, 50)
		if got := source.Detect(data[:min(len(data), 64<<10)]); got != f {
			t.Errorf("%v file detected as %v", f, got)
		}
	}
	obs := `o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0" - - STANDARD -`
	sigv4 := s3Line + ` - Zx8v SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader`
	for line, want := range map[string]parse.Format{obs: parse.FormatOBS, sigv4: parse.FormatS3, s3Line: parse.FormatS3} {
		if got := source.Detect([]byte(line + "\n")); got != want {
			t.Errorf("Detect(%q) = %v, want %v", line, got, want)
		}
	}
}
