package bucket

import (
	"errors"
	"fmt"
	"strings"
)

// A URL names a bucket, or the objects of a bucket under a key prefix:
// s3://BUCKET or s3://BUCKET/PREFIX.
type URL struct {
	Bucket string
	// Prefix is the key prefix, "" for the whole bucket. It is taken as
	// written: "logs" also lists "logs-old/...", "logs/" does not.
	Prefix string
}

// String returns the URL as s3://BUCKET/PREFIX.
func (u URL) String() string { return "s3://" + u.Bucket + "/" + u.Prefix }

// object returns the URL of the object key of u's bucket.
func (u URL) object(key string) string { return "s3://" + u.Bucket + "/" + key }

// IsURL reports whether s is written as a URL (SCHEME://...) rather than a
// local path, whatever its scheme: give it to [ParseURL], which rejects
// schemes other than s3.
func IsURL(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	for _, c := range s[:i] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// ParseURL parses s3://BUCKET[/PREFIX]. The error says what was expected:
// another scheme, no bucket, or a bucket name S3 does not allow.
func ParseURL(s string) (URL, error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return URL{}, fmt.Errorf("%q is not a URL (want s3://BUCKET/PREFIX)", s)
	}
	if !strings.EqualFold(scheme, "s3") {
		return URL{}, fmt.Errorf("%q: unknown scheme %q (want s3://BUCKET/PREFIX, or a local path)", s, scheme+"://")
	}
	name, prefix, _ := strings.Cut(rest, "/")
	if err := checkBucket(name); err != nil {
		return URL{}, fmt.Errorf("%q: %w (want s3://BUCKET/PREFIX)", s, err)
	}
	return URL{Bucket: name, Prefix: prefix}, nil
}

// checkBucket accepts the names S3-compatible stores allow: 3 to 63 of
// lower-case letters, digits, '.', '-' and (for older buckets) '_',
// beginning and ending with a letter or digit.
func checkBucket(name string) error {
	if name == "" {
		return errors.New("no bucket name")
	}
	if len(name) < 3 || len(name) > 63 {
		return fmt.Errorf("bucket name %q is not 3 to 63 characters", name)
	}
	for i, c := range []byte(name) {
		ok := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		if !ok && 0 < i && i < len(name)-1 {
			ok = c == '.' || c == '-' || c == '_'
		}
		if !ok {
			return fmt.Errorf("bucket name %q has %q at %d (letters a-z, digits, '.', '-' and '_' only, a letter or digit at each end)", name, c, i)
		}
	}
	return nil
}
