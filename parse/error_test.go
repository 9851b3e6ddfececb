package parse_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/bucketlogs/bucketlogs/parse"
)

func TestErrorMessageAndKind(t *testing.T) {
	tests := []struct {
		err       *parse.Error
		msg       string
		malformed bool
	}{
		{&parse.Error{Offset: 4, Field: "time", Err: parse.ErrSyntax, Input: "[1x"},
			`offset 4: time: invalid syntax (near "[1x")`, true},
		{&parse.Error{Source: "a.log", Line: 12, Offset: 3456, Field: "status", Err: parse.ErrRange},
			`a.log:12:3456: status: value out of range`, true},
		{&parse.Error{Source: "b.gz", Line: 3, Offset: 99, Err: io.ErrUnexpectedEOF},
			`b.gz:3:99: unexpected EOF`, false},
		{&parse.Error{Line: 1, Offset: 0, Field: "time", Err: parse.ErrFieldCount, Hint: "the line looks like the oss layout, not s3"},
			`1:0: time: too few fields; the line looks like the oss layout, not s3`, true},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.msg {
			t.Errorf("Error() = %q, want %q", got, tt.msg)
		}
		if tt.err.Malformed() != tt.malformed || parse.IsMalformed(fmt.Errorf("wrapped: %w", tt.err)) != tt.malformed {
			t.Errorf("%q: Malformed = %v, want %v", tt.msg, tt.err.Malformed(), tt.malformed)
		}
	}
	if parse.IsMalformed(errors.New("not a parse error")) {
		t.Error("IsMalformed of a plain error")
	}
}
