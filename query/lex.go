package query

import (
	"fmt"
	"strconv"
	"strings"
)

type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokWord           // a bare word: a field, keyword, number, time, address, glob
	tokString         // a quoted string, unquoted
	tokOp             // = != < <= > >= ~ =~ !~
	tokLParen
	tokRParen
	tokComma
	tokPipe
)

type token struct {
	kind tokKind
	text string
	off  int // byte offset in the expression
}

func (t token) is(word string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, word)
}

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokString:
		return strconv.Quote(t.text)
	}
	return "'" + t.text + "'"
}

// lex cuts expr into tokens.
// It refuses parentheses nested deeper than MaxDepth here already, before
// a huge expression becomes a huge token list.
func lex(expr string) ([]token, error) {
	var toks []token
	open := 0
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			if open++; open > MaxDepth {
				return nil, &SyntaxError{Expr: expr, Offset: i, Msg: fmt.Sprintf("nested more than %d levels deep (parentheses and 'not')", MaxDepth)}
			}
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			open = max(open-1, 0)
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case c == ',':
			toks = append(toks, token{tokComma, ",", i})
			i++
		case c == '|':
			toks = append(toks, token{tokPipe, "|", i})
			i++
		case c == '=' || c == '!' || c == '<' || c == '>' || c == '~':
			n := 1
			if i+1 < len(expr) && (expr[i+1] == '=' || expr[i+1] == '~') && c != '~' || c == '~' && i+1 < len(expr) && expr[i+1] == '~' {
				n = 2
			}
			op := expr[i : i+n]
			switch op {
			case "=", "!=", "<", "<=", ">", ">=", "~", "~~", "=~", "!~":
			default:
				return nil, &SyntaxError{Expr: expr, Offset: i, Msg: "unknown operator " + strconv.Quote(op)}
			}
			toks = append(toks, token{tokOp, op, i})
			i += n
		case c == '"' || c == '\'':
			s, n, err := unquote(expr[i:], c)
			if err != "" {
				return nil, &SyntaxError{Expr: expr, Offset: i, Msg: err}
			}
			toks = append(toks, token{tokString, s, i})
			i += n
		default:
			j := i
			for j < len(expr) && isWordByte(expr[j]) {
				j++
			}
			if j == i {
				return nil, &SyntaxError{Expr: expr, Offset: i, Msg: "unexpected character " + strconv.QuoteRune(rune(c))}
			}
			toks = append(toks, token{tokWord, expr[i:j], i})
			i = j
		}
	}
	return append(toks, token{tokEOF, "", len(expr)}), nil
}

func isWordByte(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '(', ')', ',', '|', '=', '!', '<', '>', '~', '"', '\'':
		return false
	}
	return c > ' ' && c != 0x7f
}

// unquote reads a string quoted with q, in which a backslash escapes the
// next byte. It returns the content and the length consumed.
func unquote(s string, q byte) (string, int, string) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 == len(s) {
				return "", 0, "unterminated string"
			}
			i++
			b.WriteByte(s[i])
		case q:
			return b.String(), i + 1, ""
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, "unterminated string"
}
