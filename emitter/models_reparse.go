package emitter

import (
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// reparsable returns s, or a copy of s whose expressions and definitions
// read back to themselves. PostgreSQL prints some expressions in a text
// that it reads as another expression, which it prints differently: a
// schema created again from the catalog's text (what [Models] writes, and
// so the baseline of `schemagen import`) would not be the schema read,
// though `check` would find them alike. The one such text known is a cast
// of an array of typed elements (see [keepArrayCoercions]); every other
// text is kept as it is.
func reparsable(s *schema.Schema) *schema.Schema {
	if !mentions(s, "ARRAY[") {
		return s
	}
	out := s.Clone()
	for _, t := range out.Tables {
		for _, c := range t.Columns {
			c.Default = keepArrayCoercions(c.Default)
			c.Generated = keepArrayCoercions(c.Generated)
		}
		for _, c := range t.Checks {
			c.Expr = keepArrayCoercions(c.Expr)
		}
		for _, x := range t.Exclusions {
			x.Definition = keepArrayCoercions(x.Definition)
		}
		for _, ix := range t.Indexes {
			for i, k := range ix.Keys {
				ix.Keys[i] = keepArrayCoercions(k)
			}
			ix.Where = keepArrayCoercions(ix.Where)
		}
	}
	for _, o := range out.Objects {
		o.Definition = keepArrayCoercions(o.Definition)
	}
	return out
}

// keepArrayCoercions returns expr, an SQL expression or statement as
// PostgreSQL prints it, with a cast added inside every
// "(ARRAY[e1, e2, ...])::T" whose elements all end in the same cast
// "::E": "(ARRAY[e1, e2, ...]::E[])::T"; and the same without the
// parentheses, as package catalog reads the expressions of checks,
// defaults and indexes: "ARRAY[e1, e2, ...]::E[]::T".
//
// PostgreSQL prints a cast of an array of typed elements that way (x IN
// ('a', 'b') on a varchar column is stored as a cast of a varchar[] to
// text[], printed "(x)::text = ANY ((ARRAY['a'::character varying,
// 'b'::character varying])::text[])"), but reads the printed text as a
// cast of each element to text: another expression, printed "ARRAY[('a'::
// character varying)::text, ...]". The cast to E[] is a no-op on the
// array, whose elements are E already, and makes the outer cast apply to
// the array as a whole again, as it did. PostgreSQL prints a cast of an
// ARRAY[...] after nothing else (a constant array is '{...}'::T, and an
// array whose elements were cast has no cast after it), so the cast added
// never changes what the expression means. Quoted literals, quoted
// identifiers and dollar-quoted strings (function bodies) are left alone.
func keepArrayCoercions(expr string) string {
	if !strings.Contains(expr, "ARRAY[") {
		return expr
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(expr); {
		switch c := expr[i]; {
		case c == '\'' || c == '"':
			i = skipQuoted(expr, i)
			continue
		case c == '$':
			i = skipDollarQuoted(expr, i)
			continue
		case c == 'A' && strings.HasPrefix(expr[i:], "ARRAY[") && (i == 0 || !identByte(expr[i-1])):
			// PostgreSQL prints "(ARRAY[...])::T"; package catalog
			// reads it without the parentheses.
			open := i + len("ARRAY")
			end := closingBracket(expr, open)
			if end < 0 {
				break
			}
			after := expr[end+1:]
			if i > 0 && expr[i-1] == '(' && (i == 1 || !identByte(expr[i-2])) {
				// A parenthesis of its own, not a call's.
				after = strings.TrimPrefix(after, ")")
			}
			if !strings.HasPrefix(after, "::") {
				break
			}
			if elem, ok := commonCast(expr[open+1 : end]); ok && !strings.HasPrefix(expr[end+1:], "::"+elem+"[]") {
				b.WriteString(expr[last : end+1])
				b.WriteString("::" + elem + "[]")
				last = end + 1
			}
		}
		i++
	}
	if last == 0 {
		return expr
	}
	b.WriteString(expr[last:])
	return b.String()
}

// identByte reports whether c may be part of an identifier.
func identByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// skipQuoted returns the index after the quoted literal or identifier
// that starts at i: a doubled quote is the quote itself, and in an E'...'
// literal a backslash escapes the next byte.
func skipQuoted(s string, i int) int {
	q := s[i]
	escapes := q == '\'' && i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') && (i == 1 || !identByte(s[i-2]))
	for j := i + 1; j < len(s); j++ {
		switch {
		case escapes && s[j] == '\\':
			j++
		case s[j] == q && j+1 < len(s) && s[j+1] == q:
			j++
		case s[j] == q:
			return j + 1
		}
	}
	return len(s)
}

// skipDollarQuoted returns the index after the dollar-quoted string that
// starts at i, or i+1 when the $ starts none (a parameter such as $1, or a
// $ inside an identifier).
func skipDollarQuoted(s string, i int) int {
	if i > 0 && identByte(s[i-1]) {
		return i + 1
	}
	j := i + 1
	for j < len(s) && s[j] != '$' {
		c := s[j]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || c >= '0' && c <= '9' && j > i+1) {
			return i + 1
		}
		j++
	}
	if j >= len(s) {
		return i + 1
	}
	tag := s[i : j+1]
	if k := strings.Index(s[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(s)
}

// closingBracket returns the index of the ']' that closes the '[' at
// open, past quoted text and nested brackets and parentheses, or -1 when
// there is none or a parenthesis closes first.
func closingBracket(s string, open int) int {
	depth := 0
	for i := open; i < len(s); {
		switch s[i] {
		case '\'', '"':
			i = skipQuoted(s, i)
			continue
		case '$':
			i = skipDollarQuoted(s, i)
			continue
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth == 0 {
				if s[i] != ']' {
					return -1
				}
				return i
			}
		}
		i++
	}
	return -1
}

// topLevel calls f with the index of every byte of s outside quoted text,
// dollar-quoted strings and brackets, and the bracket depth there.
func topLevel(s string, f func(i, depth int)) {
	depth := 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '\'', '"':
			i = skipQuoted(s, i)
			continue
		case '$':
			i = skipDollarQuoted(s, i)
			continue
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		default:
			f(i, depth)
		}
		i++
	}
}

// commonCast returns E when every element of list (the inside of
// ARRAY[...]) ends in the cast "::E", for one E.
func commonCast(list string) (string, bool) {
	var elems []string
	start := 0
	topLevel(list, func(i, depth int) {
		if depth == 0 && list[i] == ',' {
			elems = append(elems, list[start:i])
			start = i + 1
		}
	})
	elems = append(elems, list[start:])
	common := ""
	for _, e := range elems {
		typ, ok := trailingCast(strings.TrimSpace(e))
		if !ok || (common != "" && typ != common) {
			return "", false
		}
		common = typ
	}
	return common, common != ""
}

// trailingCast returns the type of e's last top-level cast "::TYPE" when
// nothing but that type name follows it.
func trailingCast(e string) (string, bool) {
	at := -1
	topLevel(e, func(i, depth int) {
		if depth == 0 && e[i] == ':' && i+1 < len(e) && e[i+1] == ':' && (i == 0 || e[i-1] != ':') {
			at = i
		}
	})
	if at < 0 {
		return "", false
	}
	typ := e[at+2:]
	if typ == "" {
		return "", false
	}
	for i := 0; i < len(typ); i++ {
		c := typ[i]
		if !(c == ' ' || c == '_' || c == '.' || c == '"' || c == '(' || c == ')' || c == ',' || c == '[' || c == ']' ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
			return "", false
		}
	}
	return typ, true
}

// mentions reports whether any expression or definition of s holds text.
func mentions(s *schema.Schema, text string) bool {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if strings.Contains(c.Default, text) || strings.Contains(c.Generated, text) {
				return true
			}
		}
		for _, c := range t.Checks {
			if strings.Contains(c.Expr, text) {
				return true
			}
		}
		for _, x := range t.Exclusions {
			if strings.Contains(x.Definition, text) {
				return true
			}
		}
		for _, ix := range t.Indexes {
			if strings.Contains(ix.Where, text) || slices.ContainsFunc(ix.Keys, func(k string) bool { return strings.Contains(k, text) }) {
				return true
			}
		}
	}
	return slices.ContainsFunc(s.Objects, func(o *schema.Object) bool { return strings.Contains(o.Definition, text) })
}
