package schema

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file reads SQL text into tokens as PostgreSQL's lexer does
// (src/backend/parser/scan.l), far enough to know where every token ends:
// string constants in all their forms, quoted identifiers, dollar quotes,
// comments, numbers, parameters and single characters. It does not know
// the grammar; [CheckFragment] builds its checks on the tokens.

// tokenKind says what a token is.
type tokenKind uint8

const (
	tokWord   tokenKind = iota // an identifier or key word, unquoted
	tokQuoted                  // a quoted identifier, "..." or U&"..."
	tokNumber                  // a numeric constant
	tokString                  // a string constant: '...', E'...', U&'...', B'...', X'...', $tag$...$tag$
	tokParam                   // a parameter, $1
	tokPunct                   // one other character: ( ) [ ] , ; . : $ or an operator character
)

// token is one token of SQL text.
type sqlToken struct {
	kind tokenKind
	text string // the sqlToken as written
	off  int    // byte offset in the text
}

// isPunct reports whether t is the single character c.
func (t sqlToken) isPunct(c string) bool { return t.kind == tokPunct && t.text == c }

// stringMode is how the body of a string constant is read.
type stringMode uint8

const (
	strStandard stringMode = iota // '...' with standard_conforming_strings on, U&'...': '' is a quote
	strEscape                     // E'...', or '...' with the setting off: '' and \x escape
	strBit                        // B'...', X'...': the first ' ends it
)

// lexSQL splits s into tokens; standard says whether
// standard_conforming_strings is on, which decides whether a backslash in
// '...' escapes the next character. Comments and white space make no
// token. The problems are what PostgreSQL would refuse or read
// differently from its other versions (a NUL byte, control characters,
// junk after a number) and tokens that do not end; lexing stops at a token
// that does not end, since everything after it is inside it.
func lexSQL(s string, standard bool) ([]sqlToken, []FragmentProblem) {
	toks, probs, _ := lexSQLUntil(s, standard)
	return toks, probs
}

// lexSQLUntil is [lexSQL], which also reports whether it read s to its
// end: false when it stopped at a NUL byte or at a token or comment that
// does not end.
func lexSQLUntil(s string, standard bool) ([]sqlToken, []FragmentProblem, bool) {
	var toks []sqlToken
	var probs []FragmentProblem
	fail := func(off int, format string, args ...any) {
		probs = append(probs, FragmentProblem{Offset: off, Msg: fmt.Sprintf(format, args...)})
	}
	emit := func(kind tokenKind, from, to int) {
		toks = append(toks, sqlToken{kind: kind, text: s[from:to], off: from})
	}
	quoteMode := strStandard
	if !standard {
		quoteMode = strEscape
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0:
			fail(i, "a NUL byte")
			return toks, probs, false
		case isSpace(c):
			i++
		case c == '-' && byteAt(s, i+1) == '-':
			n := strings.IndexAny(s[i:], "\n\r")
			if n < 0 {
				fail(i, "the -- comment runs to the end of the text, so it would hide the SQL written after it; end it with a line break or write it as /* ... */")
				return toks, probs, false
			}
			i += n
		case c == '/' && byteAt(s, i+1) == '*':
			end, ok := blockCommentEnd(s, i)
			if !ok {
				fail(i, "the /* comment is not closed (comments nest: each /* needs its */)")
				return toks, probs, false
			}
			i = end
		case c == '\'':
			end, ok := stringEnd(s, i+1, quoteMode)
			if !ok {
				fail(i, "the string constant is not closed")
				return toks, probs, false
			}
			emit(tokString, i, end)
			i = end
		case c == '"':
			end, ok := quotedIdentEnd(s, i+1)
			if !ok {
				fail(i, "the quoted identifier is not closed")
				return toks, probs, false
			}
			if end == i+2 {
				fail(i, `a zero-length quoted identifier ""`)
			}
			emit(tokQuoted, i, end)
			i = end
		case isIdentStart(c):
			next := byteAt(s, i+1)
			switch {
			case (c == 'e' || c == 'E') && next == '\'':
				end, ok := stringEnd(s, i+2, strEscape)
				if !ok {
					fail(i, "the E'...' string constant is not closed (a backslash escapes the next character, so \\' does not end it)")
					return toks, probs, false
				}
				emit(tokString, i, end)
				i = end
			case (c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'':
				end, ok := stringEnd(s, i+2, strBit)
				if !ok {
					fail(i, "the bit-string constant is not closed")
					return toks, probs, false
				}
				emit(tokString, i, end)
				i = end
			case (c == 'u' || c == 'U') && next == '&' && byteAt(s, i+2) == '\'':
				end, ok := stringEnd(s, i+3, strStandard)
				if !ok {
					fail(i, "the U&'...' string constant is not closed")
					return toks, probs, false
				}
				emit(tokString, i, end)
				i = end
			case (c == 'u' || c == 'U') && next == '&' && byteAt(s, i+2) == '"':
				end, ok := quotedIdentEnd(s, i+3)
				if !ok {
					fail(i, "the U&\"...\" quoted identifier is not closed")
					return toks, probs, false
				}
				emit(tokQuoted, i, end)
				i = end
			default:
				j := i + 1
				for j < len(s) && isIdentCont(s[j]) {
					j++
				}
				emit(tokWord, i, j)
				i = j
			}
		case c == '$':
			if isDigit(byteAt(s, i+1)) {
				j := i + 1
				for j < len(s) && isDigit(s[j]) {
					j++
				}
				emit(tokParam, i, j)
				if j < len(s) && isIdentStart(s[j]) {
					fail(j, "junk right after the parameter %s", clipText(s[i:j]))
				}
				i = j
				continue
			}
			tag, ok := dollarTag(s, i)
			if !ok {
				// A lone $ is a character of its own, as in PostgreSQL.
				emit(tokPunct, i, i+1)
				i++
				continue
			}
			n := strings.Index(s[i+len(tag):], tag)
			if n < 0 {
				fail(i, "the dollar-quoted string is not closed by %s", clipText(tag))
				return toks, probs, false
			}
			end := i + len(tag) + n + len(tag)
			emit(tokString, i, end)
			i = end
		case isDigit(c) || (c == '.' && isDigit(byteAt(s, i+1))):
			j := numberEnd(s, i)
			emit(tokNumber, i, j)
			if j < len(s) && isIdentStart(s[j]) {
				fail(j, "junk right after the number %s", clipText(s[i:j]))
				for j < len(s) && isIdentCont(s[j]) {
					j++
				}
			}
			i = j
		case c < 0x20 || c == 0x7f:
			fail(i, "the control character %U outside quotes", rune(c))
			i++
		case c == '\\':
			// No PostgreSQL token holds a backslash outside quotes, and
			// psql reads one as a meta-command (\! runs a shell command)
			// in a script of `schemagen upgrade --sql` fed to it.
			fail(i, "a backslash outside quotes (psql would read a meta-command)")
			i++
		default:
			// c < 0x80 here: bytes from 0x80 start identifiers.
			emit(tokPunct, i, i+1)
			i++
		}
	}
	return toks, probs, true
}

// isSpace reports whether c is white space to PostgreSQL: space, tab,
// line feed, carriage return, form feed. Vertical tab is left out: only
// PostgreSQL 16 and later read it as space, so lexSQL refuses it.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isIdentStart is scan.l's ident_start, [A-Za-z\200-\377_]; it is also
// the first character of a dollar-quote tag.
func isIdentStart(c byte) bool { return isLetter(c) || c == '_' || c >= 0x80 }

// isIdentCont is scan.l's ident_cont: an identifier goes on with digits
// and $ too.
func isIdentCont(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// byteAt returns s[i], or 0 past the end.
func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// blockCommentEnd returns the offset just past the /* comment starting at
// i, which nests as PostgreSQL's does.
func blockCommentEnd(s string, i int) (int, bool) {
	depth := 0
	for j := i; j < len(s); {
		switch {
		case s[j] == '/' && byteAt(s, j+1) == '*':
			depth++
			j += 2
		case s[j] == '*' && byteAt(s, j+1) == '/':
			depth--
			j += 2
			if depth == 0 {
				return j, true
			}
		default:
			j++
		}
	}
	return 0, false
}

// stringEnd returns the offset just past a string constant whose body
// starts at i, read in mode. As in PostgreSQL, a string goes on in the
// same mode when its closing quote is followed by white space holding a
// line break and another quote ('a'<newline>'b' is 'ab').
func stringEnd(s string, i int, mode stringMode) (int, bool) {
	for {
		j := i
		for {
			if j >= len(s) {
				return 0, false
			}
			c := s[j]
			if c == '\\' && mode == strEscape {
				j += 2
				continue
			}
			if c == '\'' {
				if mode != strBit && byteAt(s, j+1) == '\'' {
					j += 2
					continue
				}
				break
			}
			j++
		}
		k, ok := continuation(s, j+1)
		if !ok {
			return j + 1, true
		}
		i = k + 1
	}
}

// continuation reports whether the text from i is scan.l's quotecontinue:
// horizontal space and -- comments, a line break, any white space and --
// comments ending in a line break, then a quote, whose offset it returns.
func continuation(s string, i int) (int, bool) {
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\f' || s[j] == '-' && byteAt(s, j+1) == '-') {
		if s[j] == '-' {
			n := strings.IndexAny(s[j:], "\n\r")
			if n < 0 {
				return 0, false
			}
			j += n
			break
		}
		j++
	}
	if j >= len(s) || s[j] != '\n' && s[j] != '\r' {
		return 0, false
	}
	for j < len(s) {
		switch {
		case isSpace(s[j]):
			j++
		case s[j] == '-' && byteAt(s, j+1) == '-':
			n := strings.IndexAny(s[j:], "\n\r")
			if n < 0 {
				return 0, false
			}
			j += n + 1
		case s[j] == '\'':
			return j, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// quotedIdentEnd returns the offset just past a quoted identifier whose
// body starts at i; "" inside is a quote.
func quotedIdentEnd(s string, i int) (int, bool) {
	for j := i; j < len(s); j++ {
		if s[j] == '"' {
			if byteAt(s, j+1) == '"' {
				j++
				continue
			}
			return j + 1, true
		}
	}
	return 0, false
}

// dollarTag returns the opening delimiter of a dollar-quoted string at i
// ($$ or $tag$, where the tag is an identifier without $), if there is
// one.
func dollarTag(s string, i int) (string, bool) {
	j := i + 1
	if j < len(s) && isIdentStart(s[j]) {
		j++
		for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])) {
			j++
		}
	}
	if j < len(s) && s[j] == '$' {
		return s[i : j+1], true
	}
	return "", false
}

// numberEnd returns the offset just past the numeric constant at i, as
// PostgreSQL 16 and later read it: a decimal integer, fraction and
// exponent, or a hexadecimal (0x), octal (0o) or binary (0b) integer,
// with single underscores between digits. (PostgreSQL 15 refuses the
// underscores and prefixes as junk after a number: either way the number
// ends where lexSQL says, or the text is refused.)
func numberEnd(s string, i int) int {
	if s[i] == '0' {
		var digit func(byte) bool
		switch byteAt(s, i+1) {
		case 'x', 'X':
			digit = func(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
		case 'o', 'O':
			digit = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b', 'B':
			digit = func(c byte) bool { return c == '0' || c == '1' }
		}
		if digit != nil {
			if j := digitsEnd(s, i+2, digit, true); j > i+2 {
				return j
			}
		}
	}
	j := digitsEnd(s, i, isDigit, false)
	if byteAt(s, j) == '.' && byteAt(s, j+1) != '.' {
		j = digitsEnd(s, j+1, isDigit, false)
	}
	if c := byteAt(s, j); c == 'e' || c == 'E' {
		k := j + 1
		if c := byteAt(s, k); c == '+' || c == '-' {
			k++
		}
		if isDigit(byteAt(s, k)) {
			j = digitsEnd(s, k, isDigit, false)
		}
	}
	return j
}

// digitsEnd returns the offset past the digits from i, where a single
// underscore may stand between two digits (and, when lead is set, before
// the first, as after 0x).
func digitsEnd(s string, i int, digit func(byte) bool, lead bool) int {
	j := i
	for {
		switch {
		case j < len(s) && digit(s[j]):
			j++
		case byteAt(s, j) == '_' && (j > i || lead) && digit(byteAt(s, j+1)):
			j += 2
		default:
			return j
		}
	}
}

// maxClip is how many bytes of a token a problem's message quotes.
const maxClip = 32

// clipText cuts a token quoted in a message to maxClip bytes, at a
// character boundary, marking the cut with "…": a message, not a dump.
func clipText(s string) string {
	if len(s) <= maxClip {
		return s
	}
	i := maxClip
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
