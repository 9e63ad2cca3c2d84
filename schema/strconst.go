package schema

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// StringConstants returns the values of the string constants of the SQL
// text s, in order, read as PostgreSQL reads them with
// standard_conforming_strings on (as the migration runner sets it):
// '...' (two quotes stand for one), E'...' with its backslash escapes,
// U&'...' with its Unicode escapes, strings continued on the next line,
// and dollar-quoted strings $tag$...$tag$. The body of a dollar-quoted
// string is often SQL itself (a DO block, a function body): the string
// constants that it holds, as far as it reads as SQL, are listed after
// it. Bit strings (B'...', X'...') are no text and are left out.
//
// complete is false when s may hold constants that the list lacks or
// reads wrong: s does not read to its end (a string that is not closed,
// a NUL byte), or a U&'...' constant names its own escape character
// (UESCAPE) or holds an escape that PostgreSQL refuses. A caller that
// must not miss a constant treats such text as holding any value.
func StringConstants(s string) (values []string, complete bool) {
	toks, _, complete := lexSQLUntil(s, true)
	for i, t := range toks {
		if t.kind != tokString {
			continue
		}
		v, ok := stringValue(t.text)
		if ok && isUnicodeString(t.text) && i+1 < len(toks) && toks[i+1].kind == tokWord && strings.EqualFold(toks[i+1].text, "uescape") {
			ok = false
		}
		switch {
		case !ok:
			complete = false
		case t.text[0] == '$':
			values = append(values, v)
			inner, _ := StringConstants(v)
			values = append(values, inner...)
		case t.text[0] == 'b' || t.text[0] == 'B' || t.text[0] == 'x' || t.text[0] == 'X':
			// A bit string: no text.
		default:
			values = append(values, v)
		}
	}
	return values, complete
}

// isUnicodeString reports whether the string token tok is U&'...'.
func isUnicodeString(tok string) bool { return tok[0] == 'u' || tok[0] == 'U' }

// stringValue returns the value of the string token tok, as lexSQL read
// it with standard_conforming_strings on; false when it holds an escape
// that PostgreSQL refuses.
func stringValue(tok string) (string, bool) {
	switch c := tok[0]; {
	case c == '$':
		tag, _ := dollarTag(tok, 0)
		return tok[len(tag) : len(tok)-len(tag)], true
	case c == '\'':
		return quotedValue(tok, 1, strStandard), true
	case c == 'e' || c == 'E':
		return escapeValue(quotedValue(tok, 2, strEscape))
	case c == 'b' || c == 'B' || c == 'x' || c == 'X':
		return quotedValue(tok, 2, strBit), true
	default: // U&'...'
		return unicodeValue(quotedValue(tok, 3, strStandard))
	}
}

// quotedValue returns the body of the string whose first part starts at
// i in tok, its parts continued on other lines joined, and doubled quotes
// made single; backslash escapes (in mode strEscape) are left for
// [escapeValue], but for \' and \\, which it keeps whole.
func quotedValue(tok string, i int, mode stringMode) string {
	var b strings.Builder
	for {
		j := i
		for j < len(tok) {
			c := tok[j]
			if c == '\\' && mode == strEscape && j+1 < len(tok) {
				b.WriteString(tok[j : j+2])
				j += 2
				continue
			}
			if c == '\'' {
				if mode != strBit && byteAt(tok, j+1) == '\'' {
					b.WriteByte('\'')
					j += 2
					continue
				}
				break
			}
			b.WriteByte(c)
			j++
		}
		k, ok := continuation(tok, j+1)
		if !ok {
			return b.String()
		}
		i = k + 1
	}
}

// escapeValue reads the backslash escapes of the body of an E'...'
// string as PostgreSQL does: \b \f \n \r \t, octal \o, \oo, \ooo, hex
// \xh, \xhh, Unicode \uXXXX and \UXXXXXXXX, and any other character
// standing for itself.
func escapeValue(s string) (string, bool) {
	if !strings.Contains(s, `\`) {
		return s, true
	}
	var b strings.Builder
	var high rune // a UTF-16 high surrogate waiting for its low half
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			if high != 0 {
				return "", false
			}
			b.WriteByte(c)
			continue
		}
		i++
		c = s[i]
		if high != 0 && c != 'u' && c != 'U' {
			return "", false
		}
		switch {
		case c == 'b':
			b.WriteByte('\b')
		case c == 'f':
			b.WriteByte('\f')
		case c == 'n':
			b.WriteByte('\n')
		case c == 'r':
			b.WriteByte('\r')
		case c == 't':
			b.WriteByte('\t')
		case c >= '0' && c <= '7':
			n := 1
			for n < 3 && i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '7' {
				n++
			}
			v, _ := strconv.ParseUint(s[i:i+n], 8, 16)
			b.WriteByte(byte(v))
			i += n - 1
		case c == 'x' && i+1 < len(s) && isHex(s[i+1]):
			n := 1
			if i+2 < len(s) && isHex(s[i+2]) {
				n = 2
			}
			v, _ := strconv.ParseUint(s[i+1:i+1+n], 16, 8)
			b.WriteByte(byte(v))
			i += n
		case c == 'u' || c == 'U':
			n := 4
			if c == 'U' {
				n = 8
			}
			r, ok := hexRune(s, i+1, n)
			if !ok {
				return "", false
			}
			i += n
			var done bool
			if high, done = addRune(&b, high, r); !done {
				return "", false
			}
		default:
			b.WriteByte(c)
		}
	}
	if high != 0 {
		return "", false
	}
	return b.String(), true
}

// unicodeValue reads the escapes of the body of a U&'...' string as
// PostgreSQL does with the default escape character: \\ is a backslash,
// \XXXX and \+XXXXXX a code point.
func unicodeValue(s string) (string, bool) {
	if !strings.Contains(s, `\`) {
		return s, true
	}
	var b strings.Builder
	var high rune
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			if high != 0 {
				return "", false
			}
			b.WriteByte(c)
			continue
		}
		if byteAt(s, i+1) == '\\' && high == 0 {
			b.WriteByte('\\')
			i++
			continue
		}
		start, n := i+1, 4
		if byteAt(s, i+1) == '+' {
			start, n = i+2, 6
		}
		r, ok := hexRune(s, start, n)
		if !ok {
			return "", false
		}
		i = start + n - 1
		var done bool
		if high, done = addRune(&b, high, r); !done {
			return "", false
		}
	}
	if high != 0 {
		return "", false
	}
	return b.String(), true
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// hexRune reads the n hexadecimal digits at i of s as a code point.
func hexRune(s string, i, n int) (rune, bool) {
	if i+n > len(s) {
		return 0, false
	}
	for j := i; j < i+n; j++ {
		if !isHex(s[j]) {
			return 0, false
		}
	}
	v, err := strconv.ParseUint(s[i:i+n], 16, 32)
	if err != nil || v == 0 || v > utf8.MaxRune {
		return 0, false
	}
	return rune(v), true
}

// addRune writes r to b, joining a UTF-16 surrogate pair as PostgreSQL
// does: given the pending high surrogate high (or 0), it returns the new
// pending one, and false for a surrogate out of place.
func addRune(b *strings.Builder, high, r rune) (rune, bool) {
	switch {
	case high != 0:
		joined := utf16.DecodeRune(high, r)
		if joined == utf8.RuneError {
			return 0, false
		}
		b.WriteRune(joined)
		return 0, true
	case r >= 0xd800 && r < 0xdc00:
		return r, true
	case r >= 0xdc00 && r < 0xe000:
		return 0, false
	}
	b.WriteRune(r)
	return 0, true
}
