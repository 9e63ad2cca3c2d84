package schema

import "strings"

// QuoteIdent quotes a PostgreSQL identifier, doubling embedded double
// quotes. It is the only place that schemagen quotes a name: every
// identifier in SQL that schemagen builds passes through it.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteLiteral quotes a string as a PostgreSQL literal that reads the same
// whatever standard_conforming_strings says: '...' with embedded single
// quotes doubled, or, when s holds a backslash, the escape form E'...'
// with backslashes doubled too (in '...' a backslash escapes the next
// character when the setting is off, which legacy databases and roles
// still set). It is the only place that schemagen quotes a value.
func QuoteLiteral(s string) string {
	if strings.Contains(s, `\`) {
		return `E'` + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + `'`
	}
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}

// QuoteTagText quotes text for a struct-tag option of the models, such
// as comment:'...': in single quotes, a quote inside doubled, every other
// character, backslashes too, as it is. It is the form the models' tag
// reader strips, not an SQL literal (which [QuoteLiteral] writes, with
// E'...' around backslashes).
func QuoteTagText(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}

// QuoteQualified quotes a canonical schema-qualified name (see
// [QualifiedName]) as "schema"."name".
func QuoteQualified(q QualifiedName) string {
	return QuoteIdent(q.Schema) + "." + QuoteIdent(q.Name)
}

// QuoteType spells the name of a user-defined type, such as an enum, as
// column types spell it and package catalog reads it: the bare name in
// [DefaultSchema], else "schema.name"; each
// part quoted by [QuoteIdent] unless it is a plain lower-case identifier,
// which PostgreSQL reads as written. A plain identifier that is also an
// SQL keyword ("user") is left unquoted, as package parser writes it.
func QuoteType(q QualifiedName) string {
	if q.Schema == DefaultSchema {
		return quoteIfNeeded(q.Name)
	}
	return quoteIfNeeded(q.Schema) + "." + quoteIfNeeded(q.Name)
}

// quoteIfNeeded quotes name unless it is a plain lower-case identifier: a
// lower-case ASCII letter or underscore, then lower-case letters, digits
// and underscores.
func quoteIfNeeded(name string) string {
	plain := name != ""
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			plain = false
		}
	}
	if plain {
		return name
	}
	return QuoteIdent(name)
}
