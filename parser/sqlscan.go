package parser

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"
)

// sqlToken is a token of text as PostgreSQL's lexer reads it, with its
// byte offsets; a bad token is text the lexer refused.
type sqlToken struct {
	start, end int
	tok        pg_query.Token
	bad        string // the lexer's complaint; "" for a good token
	rest       bool   // a bad token that swallows the text up to its end
}

// scanSQL returns the tokens of s as PostgreSQL's lexer reads them (with
// standard_conforming_strings on), comments included. Tags and directives
// mix SQL with names and prose, so the lexer's complaints do not stop the
// walk: a number with trailing junk ("2fa") or a zero-length quoted
// identifier is one bad token and the walk goes on after it; any other
// complaint (an unterminated quote, dollar quote or comment) makes one
// bad token of the rest of s, up to a NUL byte, which is a bad token of
// its own, since the C lexer would stop reading there.
func scanSQL(s string) []sqlToken {
	var toks []sqlToken
	for base := 0; base <= len(s); {
		seg := s[base:]
		if i := strings.IndexByte(seg, 0); i >= 0 {
			seg = seg[:i]
		}
		toks = scanSegment(toks, s, base, base+len(seg))
		base += len(seg)
		if base == len(s) {
			break
		}
		toks = append(toks, sqlToken{start: base, end: base + 1, bad: "NUL byte"})
		base++
	}
	return toks
}

// scanSegment appends the tokens of s[from:to], which holds no NUL byte.
func scanSegment(toks []sqlToken, s string, from, to int) []sqlToken {
	for from < to {
		seg := s[from:to]
		res, err := pg_query.Scan(seg)
		if err == nil {
			return appendTokens(toks, res, from)
		}
		off, n, rest := badSpan(seg, err)
		if off > 0 {
			res, err := pg_query.Scan(seg[:off])
			if err != nil {
				off, n, rest = 0, len(seg), true
			} else {
				toks = appendTokens(toks, res, from)
			}
		}
		toks = append(toks, sqlToken{start: from + off, end: from + off + n, bad: lexMessage(err), rest: rest})
		from += off + n
	}
	return toks
}

// appendTokens appends the tokens of res, their offsets moved by base.
func appendTokens(toks []sqlToken, res *pg_query.ScanResult, base int) []sqlToken {
	for _, t := range res.GetTokens() {
		toks = append(toks, sqlToken{start: base + int(t.GetStart()), end: base + int(t.GetEnd()), tok: t.GetToken()})
	}
	return toks
}

// localErrors start the complaints of the lexer about one token, which
// the walk can step over.
var localErrors = []string{
	"trailing junk after ",
	"invalid hexadecimal integer",
	"invalid octal integer",
	"invalid binary integer",
	"zero-length delimited identifier",
}

// badSpan returns where in s the text lies that the lexer refused with
// err: its byte offset and length, and whether it runs to the end of s.
func badSpan(s string, err error) (off, n int, rest bool) {
	var pe *pgparser.Error
	if !errors.As(err, &pe) || pe.Cursorpos <= 0 || !utf8.ValidString(s) {
		return 0, len(s), true
	}
	// Cursorpos counts characters from 1.
	chars := 0
	off = -1
	for i := range s {
		if chars == pe.Cursorpos-1 {
			off = i
			break
		}
		chars++
	}
	if off < 0 {
		return 0, len(s), true
	}
	near := nearText(pe.Message)
	local := false
	for _, p := range localErrors {
		local = local || strings.HasPrefix(pe.Message, p)
	}
	if !local || near == "" || !strings.HasPrefix(s[off:], near) {
		return off, len(s) - off, true
	}
	return off, len(near), false
}

// nearText returns the text of `... at or near "TEXT"` in a message of
// the lexer, or "".
func nearText(msg string) string {
	const near = ` at or near "`
	i := strings.Index(msg, near)
	if i < 0 || !strings.HasSuffix(msg, `"`) {
		return ""
	}
	return msg[i+len(near) : len(msg)-1]
}

// lexMessage returns a message of the lexer without its "at or near"
// text, and an unterminated quote as the parser has always named it.
func lexMessage(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " at or near "); i >= 0 {
		msg = msg[:i]
	}
	switch msg {
	case "unterminated quoted string":
		return "unterminated ' quote"
	case "unterminated quoted identifier":
		return `unterminated " quote`
	}
	return msg
}

// isOpen and isClose report brackets: ( and [ open, ) and ] close.
func isOpen(t sqlToken) bool {
	return t.bad == "" && (t.tok == pg_query.Token_ASCII_40 || t.tok == pg_query.Token_ASCII_91)
}

func isClose(t sqlToken) bool {
	return t.bad == "" && (t.tok == pg_query.Token_ASCII_41 || t.tok == pg_query.Token_ASCII_93)
}

// matches reports whether the closing bracket c closes the opening one o.
func matches(s string, o, c sqlToken) bool {
	return (s[o.start] == '(' && s[c.start] == ')') || (s[o.start] == '[' && s[c.start] == ']')
}

// splitList splits s at the commas outside brackets, quotes, dollar
// quotes and comments, as PostgreSQL's lexer reads them: the parts
// joined with "," are s again. A bracket that closes one it did not
// open, or is never closed, an unterminated quote and text that is not
// UTF-8 are errors.
//
// Text without quotes, dollar signs, brackets or comment starts, as most
// tags are, splits at every comma: the lexer would read every comma of
// it as a token of its own, so it is not run.
func splitList(s string) ([]string, error) {
	if !strings.ContainsAny(s, `'"$()[]`) && !strings.Contains(s, "--") && !strings.Contains(s, "/*") && utf8.ValidString(s) {
		return strings.Split(s, ","), nil
	}
	return splitTokens(s)
}

// splitTokens is [splitList] by the tokens of PostgreSQL's lexer.
func splitTokens(s string) ([]string, error) {
	if !utf8.ValidString(s) {
		return nil, errors.New("not valid UTF-8")
	}
	var parts []string
	var open []sqlToken
	start := 0
	for _, t := range scanSQL(s) {
		switch {
		case t.rest:
			return nil, errors.New(t.bad)
		case isOpen(t):
			open = append(open, t)
		case isClose(t):
			if len(open) == 0 {
				return nil, fmt.Errorf("unbalanced %q at offset %d", s[t.start:t.end], t.start)
			}
			if o := open[len(open)-1]; !matches(s, o, t) {
				return nil, fmt.Errorf("%q at offset %d does not close the %q at offset %d", s[t.start:t.end], t.start, s[o.start:o.end], o.start)
			}
			open = open[:len(open)-1]
		case len(open) == 0 && t.bad == "" && t.tok == pg_query.Token_ASCII_44:
			parts = append(parts, s[start:t.start])
			start = t.end
		}
	}
	if len(open) > 0 {
		return nil, fmt.Errorf("unclosed %q", s[open[0].start:open[0].end])
	}
	return append(parts, s[start:]), nil
}

// matchParen returns the offset of the ")" that closes the "(" at s[0]
// as PostgreSQL's lexer reads s, or -1 and what is wrong.
func matchParen(s string) (int, string) {
	var open []sqlToken
	for _, t := range scanSQL(s) {
		switch {
		case t.rest:
			return -1, t.bad
		case isOpen(t):
			open = append(open, t)
		case isClose(t):
			if len(open) == 0 {
				return -1, fmt.Sprintf("unbalanced %q at offset %d", s[t.start:t.end], t.start)
			}
			if o := open[len(open)-1]; !matches(s, o, t) {
				return -1, fmt.Sprintf("%q at offset %d does not close the %q at offset %d", s[t.start:t.end], t.start, s[o.start:o.end], o.start)
			}
			open = open[:len(open)-1]
			if len(open) == 0 {
				return t.start, ""
			}
		}
	}
	return -1, `unclosed "("`
}

// quotedAt reports whether offset i of s lies inside a token of toks
// other than at its start: inside a string, a quoted identifier, a
// comment, or text the lexer refused.
func quotedAt(toks []sqlToken, i int) bool {
	for _, t := range toks {
		if t.start < i && i < t.end {
			return true
		}
	}
	return false
}
