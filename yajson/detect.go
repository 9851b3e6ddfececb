package yajson

import (
	"bytes"

	"github.com/bucketlogs/bucketlogs/parse"
)

// Detect reports whether head, the first bytes of a decompressed stream (or
// of one of its lines), looks like JSON records: its first byte other than
// white space is '{' or '['. It returns the layout and true if so, the same
// shape as s3line.Detect, and reads at most the bytes it is given. The
// layout is told by the keys of the first record (its first 4 KiB):
// StorageBlobLogs' "operationName" with "callerIpAddress" or "resourceId"
// is azurejson, S3's "bucket_name" or "schema_version_id" with
// "http_status" or "request_time" is s3json, anything else yandex.
func Detect(head []byte) (parse.Format, bool) {
	for i, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return layoutOf(head[i:]), true
		}
		return parse.FormatUnknown, false
	}
	return parse.FormatUnknown, false
}

// layoutOf tells the JSON layout from the keys near the start of head.
func layoutOf(head []byte) parse.Format {
	if len(head) > 4096 {
		head = head[:4096]
	}
	if i := bytes.IndexByte(head, '\n'); i >= 0 && bytes.IndexByte(head[:i], '}') >= 0 {
		head = head[:i] // JSON lines: the first record
	}
	has := func(key string) bool { return bytes.Contains(head, []byte(`"`+key+`"`)) }
	switch {
	case has("operationName") && (has("callerIpAddress") || has("resourceId")):
		return parse.FormatAzureJSON
	case (has("bucket_name") || has("schema_version_id")) && (has("http_status") || has("request_time")):
		return parse.FormatS3JSON
	}
	return parse.FormatYandex
}

// IsLines reports whether head, the first bytes of a decompressed stream,
// is JSON lines, the way Yandex delivers: every line holding anything but
// white space is exactly one JSON object, and there is at least one. The
// last line is only judged when atEOF (head is the whole stream); a head
// that ends inside a line leaves that line out. Arrays, concatenated
// objects and pretty-printed ones are not lines.
//
// Lines are what [Reader] and source.Run decode line by line (Run on every
// worker): in such a stream each line is one record, and a line that is
// not one object is an error for that line, later lines decoded. Other
// shapes go through the framer, which finds records however they are laid
// out.
func IsLines(head []byte, atEOF bool) bool {
	if parse.HasBOM(head) {
		head = head[3:]
	}
	objects := 0
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		if i < 0 && !atEOF {
			break // a line cut by the end of the head
		}
		line := head
		head = nil
		if i >= 0 {
			line, head = line[:i], line[i+1:]
		}
		switch oneObject(line) {
		case lineBlank:
		case lineObject:
			objects++
		default:
			return false
		}
	}
	return objects > 0
}

// The shapes of a line for IsLines.
const (
	lineBlank = iota
	lineObject
	lineOther
)

// oneObject says whether line is blank, one JSON object (braces balanced
// outside strings, closed exactly at its last '}'), or something else. It
// checks the shape only: the object's content is the decoder's business.
func oneObject(line []byte) int {
	i := skipWS(line, 0)
	if i == len(line) {
		return lineBlank
	}
	if line[i] != '{' {
		return lineOther
	}
	depth := 0
	for ; i < len(line); i++ {
		switch line[i] {
		case '"':
			// Skip the string, and its escapes.
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' {
					i++
				}
			}
			if i >= len(line) {
				return lineOther
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				if skipWS(line, i+1) == len(line) {
					return lineObject
				}
				return lineOther
			}
		}
	}
	return lineOther
}
