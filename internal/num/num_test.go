package num

import (
	"errors"
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
)

func TestParseUint(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  error
	}{
		{"0", 0, nil}, {"48213", 48213, nil}, {"9223372036854775807", 1<<63 - 1, nil},
		{"9223372036854775808", 0, parse.ErrRange}, {"", 0, parse.ErrSyntax}, {"-1", 0, parse.ErrSyntax}, {"1e3", 0, parse.ErrSyntax},
	} {
		got, err := ParseUint([]byte(tc.in))
		if got != tc.want || !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
			t.Errorf("ParseUint(%q) = %d, %v; want %d, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}
