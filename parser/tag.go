package parser

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// fieldTag is a parsed db tag.
type fieldTag struct {
	name      string
	pk        bool
	identity  bool
	null      bool
	notnull   bool
	typ       string // "" when not given
	def       string // "" when not given
	uniques   []string
	indexes   []string
	fk        *fkTarget
	onDelete  *string // nil when not given; "" is NO ACTION
	onUpdate  *string
	check     string // "" when not given
	comment   string // quotes stripped
	renamed   string
	generated string
}

// fkTarget is the TABLE.COLUMN of an fk option, as written.
type fkTarget struct {
	table  string // as written, maybe schema-qualified
	column string
}

// options lists the options, in the order suggestions prefer.
var options = []string{
	"pk", "identity", "type", "null", "notnull", "default", "unique", "index",
	"fk", "ondelete", "onupdate", "check", "comment", "renamed", "generated",
}

// parseTag parses a db tag other than "-", checking its SQL fragments
// with fc (which may be nil). It returns the messages of every mistake,
// without the field prefix.
func parseTag(tag string, fc *sqlcheck.Checker) (fieldTag, []string) {
	var ft fieldTag
	parts, err := splitList(tag)
	if err != nil {
		return ft, []string{fmt.Sprintf("db tag %q: %v", tag, err)}
	}
	var errs []string
	ft.name = strings.TrimSpace(parts[0])
	if ft.name == "-" {
		errs = append(errs, `column name "-" with options; write db:"-" alone to skip the field`)
	}
	seen := map[string]bool{}
	for _, part := range parts[1:] {
		part = strings.TrimSpace(part)
		if part == "" {
			errs = append(errs, fmt.Sprintf("db tag %q: empty option", tag))
			continue
		}
		key, val, hasVal := strings.Cut(part, ":")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		seenKey := key
		if key == "unique" || key == "index" {
			seenKey = key + ":" + val
		}
		if seen[seenKey] {
			errs = append(errs, fmt.Sprintf("option %q given twice", strings.TrimSuffix(seenKey, ":")))
			continue
		}
		seen[seenKey] = true
		switch key {
		case "pk", "identity", "null", "notnull":
			if hasVal {
				errs = append(errs, fmt.Sprintf("option %q takes no value", key))
				continue
			}
			switch key {
			case "pk":
				ft.pk = true
			case "identity":
				ft.identity = true
			case "null":
				ft.null = true
			case "notnull":
				ft.notnull = true
			}
		case "type", "default", "fk", "ondelete", "onupdate", "check", "comment", "renamed", "generated":
			if val == "" {
				errs = append(errs, fmt.Sprintf("option %q needs a value (%s:...)", key, key))
				continue
			}
			switch key {
			case "type":
				ft.typ = val
			case "default":
				ft.def = val
			case "check":
				ft.check = val
			case "comment":
				ft.comment = unquote(val)
				if ft.comment == "" {
					errs = append(errs, `option "comment" needs text (comment:...)`)
				}
			case "renamed":
				if msg := checkIdent("column", val); msg != "" {
					errs = append(errs, `option "renamed": `+msg)
					continue
				}
				ft.renamed = val
			case "generated":
				ft.generated = val
			case "fk":
				t, msg := parseFK(val)
				if msg != "" {
					errs = append(errs, msg)
					continue
				}
				ft.fk = &t
			case "ondelete", "onupdate":
				action, ok := parseAction(val)
				if !ok {
					errs = append(errs, fmt.Sprintf("unknown %s action %q (want cascade, restrict, set null, set default or no action)", key, val))
					continue
				}
				if key == "ondelete" {
					ft.onDelete = &action
				} else {
					ft.onUpdate = &action
				}
			}
		case "unique", "index":
			if hasVal && val == "" {
				errs = append(errs, fmt.Sprintf("option %q needs a name after the colon", key))
				continue
			}
			what := "index"
			if key == "unique" {
				what = "unique constraint"
			}
			if msg := checkIdent(what, val); hasVal && msg != "" {
				errs = append(errs, fmt.Sprintf("option %q: %s", key, msg))
				continue
			}
			if key == "unique" {
				ft.uniques = append(ft.uniques, val)
			} else {
				ft.indexes = append(ft.indexes, val)
			}
		default:
			errs = append(errs, unknownOption(key))
		}
	}
	if ft.null && ft.notnull {
		errs = append(errs, `options "null" and "notnull" conflict`)
	}
	if ft.pk && ft.null {
		errs = append(errs, `options "pk" and "null" conflict: primary-key columns are NOT NULL`)
	}
	if ft.identity && ft.null {
		errs = append(errs, `options "identity" and "null" conflict: identity columns are NOT NULL`)
	}
	if ft.identity && ft.def != "" {
		errs = append(errs, `options "identity" and "default" conflict`)
	}
	if ft.generated != "" {
		for _, c := range []struct {
			set        bool
			name, hint string
		}{
			{ft.def != "", "default", "a generated column has no default"},
			{ft.identity, "identity", "a column is generated or identity, not both"},
			{ft.pk, "pk", "a generated column cannot be part of the primary key"},
		} {
			if c.set {
				errs = append(errs, fmt.Sprintf(`options "generated" and %q conflict: %s`, c.name, c.hint))
			}
		}
	}
	for _, f := range []struct {
		option, text string
		kind         schema.FragmentKind
	}{
		{"type", ft.typ, schema.FragmentType},
		{"default", ft.def, schema.FragmentExpr},
		{"check", ft.check, schema.FragmentExpr},
		{"generated", ft.generated, schema.FragmentExpr},
	} {
		if f.text == "" {
			continue
		}
		if err := fc.Fragment(schema.Fragment{Kind: f.kind, Text: f.text}); err != nil {
			errs = append(errs, f.option+" "+err.Error())
		}
	}
	if strings.IndexByte(ft.comment, 0) >= 0 {
		errs = append(errs, `option "comment" holds a NUL byte, which PostgreSQL text cannot hold`)
	}
	if ft.fk == nil {
		if ft.onDelete != nil {
			errs = append(errs, `option "ondelete" needs fk:TABLE.COLUMN`)
		}
		if ft.onUpdate != nil {
			errs = append(errs, `option "onupdate" needs fk:TABLE.COLUMN`)
		}
	}
	return ft, errs
}

// unknownOption reports an unknown option, with a suggestion when one is
// close.
func unknownOption(key string) string {
	if s := suggest(key, options); s != "" {
		return fmt.Sprintf("unknown option %q (did you mean %q?)", key, s)
	}
	return fmt.Sprintf("unknown option %q", key)
}

// unquote strips the quotes of a text written '...' or "...", undoubling
// the quotes inside as SQL does; other text is returned unchanged.
func unquote(s string) string {
	if len(s) < 2 || (s[0] != '\'' && s[0] != '"') || s[len(s)-1] != s[0] {
		return s
	}
	q := s[:1]
	return strings.ReplaceAll(s[1:len(s)-1], q+q, q)
}

// parseFK splits an fk value at its last dot into table and column.
func parseFK(v string) (fkTarget, string) {
	i := strings.LastIndexByte(v, '.')
	if i <= 0 || i == len(v)-1 {
		return fkTarget{}, fmt.Sprintf("option \"fk\" needs TABLE.COLUMN, got %q", v)
	}
	t := fkTarget{table: v[:i], column: v[i+1:]}
	msg := checkTableName(t.table)
	if msg == "" {
		msg = checkIdent("column", t.column)
	}
	if msg != "" {
		return fkTarget{}, "option \"fk\": " + msg
	}
	return t, ""
}

// checkTableName reports a [schema.]name with an empty part, more than
// one dot, or a part PostgreSQL would not keep as written (see
// [checkIdent]).
func checkTableName(s string) string {
	parts := strings.Split(s, ".")
	if len(parts) > 2 {
		return fmt.Sprintf("invalid table name %q: a dot after the schema part", s)
	}
	for _, p := range parts {
		if p == "" {
			return fmt.Sprintf("invalid table name %q: empty part", s)
		}
	}
	if len(parts) == 2 {
		if msg := checkIdent("schema", parts[0]); msg != "" {
			return msg
		}
	}
	return checkIdent("table", parts[len(parts)-1])
}

// checkIdent reports a name that PostgreSQL would not keep as written,
// by [schema.CheckIdentifier]: `WHAT name "x…" is 64 bytes long;
// PostgreSQL keeps at most 63 bytes of a name and would truncate it`.
func checkIdent(what, name string) string {
	err := schema.CheckIdentifier(name)
	switch {
	case err == nil:
		return ""
	case name == "":
		return "empty " + what + " name"
	}
	return what + " " + err.Error()
}

// parseTableName parses a [schema.]name into a canonical name.
func parseTableName(s string) (schema.QualifiedName, string) {
	if msg := checkTableName(s); msg != "" {
		return schema.QualifiedName{}, msg
	}
	return schema.ParseQualifiedName(s), ""
}

// parseAction returns a referential action as stored in
// [schema.ForeignKey]: upper case, "" for NO ACTION.
func parseAction(v string) (string, bool) {
	a := strings.ToUpper(strings.Join(strings.Fields(v), " "))
	switch a {
	case "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT":
		return a, true
	case "NO ACTION":
		return "", true
	}
	return "", false
}

// snakeCase converts a Go identifier to snake_case: an underscore goes
// before an upper-case letter that follows a lower-case letter or a digit,
// or that starts a word after an acronym (HTTPServer: http_server). A
// trailing plural "s" stays with its acronym (UserIDs: user_ids).
func snakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if !unicode.IsUpper(r) {
			b.WriteRune(r)
			continue
		}
		if i > 0 {
			prev := rs[i-1]
			startsWord := i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !pluralS(rs, i+1)
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && startsWord) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// pluralS reports whether rs[i] is an "s" that ends a word (IDs, URLsByHost).
func pluralS(rs []rune, i int) bool {
	return rs[i] == 's' && (i+1 == len(rs) || !unicode.IsLower(rs[i+1]))
}

// suggest returns the candidate closest to word by edit distance, or ""
// when none is close.
func suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(w, c); d < bestD && 2*d <= len([]rune(w)) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
