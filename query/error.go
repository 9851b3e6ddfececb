package query

import (
	"strconv"
	"strings"
)

// A SyntaxError reports an expression that does not compile: what was
// expected, and where. [Compile] returns it as *SyntaxError.
type SyntaxError struct {
	Expr   string // the whole expression
	Offset int    // 0-based byte offset of the fault in Expr
	Msg    string // what was wrong or expected
}

// Error returns "query: at offset N: MSG".
func (e *SyntaxError) Error() string {
	return "query: at offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Caret returns the expression with a line under it pointing at the fault,
// for showing to a person.
func (e *SyntaxError) Caret() string {
	off := min(max(e.Offset, 0), len(e.Expr))
	return e.Expr + "\n" + strings.Repeat(" ", off) + "^"
}
