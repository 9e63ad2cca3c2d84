package change

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/schema"
)

// conversion is how a column's values fare when its type changes.
type conversion int

const (
	// convCoercible: the types share a binary form and the new one holds
	// every old value (varchar(10) to varchar(20) or text); PostgreSQL
	// changes the catalog only.
	convCoercible conversion = iota
	// convWidening: every old value fits the new type, but PostgreSQL
	// rewrites the table (integer to bigint, anything to text).
	convWidening
	// convNarrowing: some values may not convert or may be cut; the
	// table is rewritten. Conversions not known to be safe count here.
	convNarrowing
)

// sqlType is a column type split into its base name (aliases resolved),
// its modifiers and whether it is an array.
type sqlType struct {
	base   string
	mods   []int  // nil when none are given
	fields string // the fields of an interval, "day to second"
	array  bool
}

var typeAliases = map[string]string{
	"int": "integer", "int4": "integer", "serial": "integer", "serial4": "integer",
	"int2": "smallint", "smallserial": "smallint", "serial2": "smallint",
	"int8": "bigint", "bigserial": "bigint", "serial8": "bigint",
	"float4": "real", "float8": "double precision", "float": "double precision",
	"decimal": "numeric", "bool": "boolean",
	"varchar": "character varying", "char": "character", "bpchar": "character",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"time": "time without time zone", "timetz": "time with time zone",
	"varbit": "bit varying",
}

// parseType splits a type as written in a model or read from the catalog.
// It does not fail: a type it cannot read keeps its text as base.
func parseType(s string) sqlType {
	t := normalizeType(s)
	var out sqlType
	for strings.HasSuffix(t, "[]") {
		out.array = true
		t = strings.TrimSpace(strings.TrimSuffix(t, "[]"))
	}
	if i := strings.IndexByte(t, '('); i >= 0 {
		if j := strings.IndexByte(t[i:], ')'); j > 0 {
			for _, m := range strings.Split(t[i+1:i+j], ",") {
				n, err := strconv.Atoi(strings.TrimSpace(m))
				if err != nil {
					return sqlType{base: t, array: out.array}
				}
				out.mods = append(out.mods, n)
			}
			// "timestamp(3) with time zone" keeps its words.
			t = strings.TrimSpace(t[:i] + t[i+j+1:])
			t = strings.Join(strings.Fields(t), " ")
		}
	}
	if a, ok := typeAliases[t]; ok {
		t = a
	}
	if f, ok := strings.CutPrefix(t, "interval "); ok {
		t, out.fields = "interval", f
	}
	out.base = t
	return out
}

// normalizeType lower-cases s and collapses its white space, outside
// double quotes: "My Type" stays as it is.
func normalizeType(s string) string {
	var b strings.Builder
	quoted, space := false, false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case unicode.IsSpace(r):
			space = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// integer widths, by rank.
var intRank = map[string]int{"smallint": 1, "integer": 2, "bigint": 3}

// conversionOf classifies the change of a column's type from from to to.
func conversionOf(from, to string) conversion {
	f, t := parseType(from), parseType(to)
	if f.array != t.array {
		return convNarrowing
	}
	if f.base == t.base {
		switch {
		case equalMods(f.mods, t.mods) && f.fields == t.fields:
			return convCoercible
		case f.fields != t.fields:
			// Fewer interval fields drop the smaller units; none keeps
			// them all.
			if t.fields == "" && (t.mods == nil || (f.mods != nil && t.mods[0] >= f.mods[0])) {
				return convCoercible
			}
			return convNarrowing
		case f.base == "character varying" || f.base == "bit varying":
			// No length holds any value; a longer one holds the shorter.
			if t.mods == nil || (f.mods != nil && t.mods[0] >= f.mods[0]) {
				return convCoercible
			}
			return convNarrowing
		case f.base == "numeric":
			return numericConversion(f.mods, t.mods)
		case f.base == "character":
			if f.mods != nil && t.mods != nil && t.mods[0] >= f.mods[0] {
				return convWidening
			}
			return convNarrowing
		}
		// Precision of time types and the like.
		if t.mods == nil || (f.mods != nil && len(f.mods) == 1 && len(t.mods) == 1 && t.mods[0] >= f.mods[0]) {
			return convWidening
		}
		return convNarrowing
	}
	switch {
	case t.base == "text" && (f.base == "character varying"):
		return convCoercible
	case t.base == "character varying" && t.mods == nil && f.base == "text":
		return convCoercible
	case t.base == "text":
		// Every value has a text form.
		return convWidening
	case intRank[f.base] > 0 && intRank[t.base] > intRank[f.base]:
		return convWidening
	case intRank[f.base] > 0 && t.base == "numeric" && t.mods == nil:
		return convWidening
	case f.base == "real" && t.base == "double precision":
		return convWidening
	case f.base == "cidr" && t.base == "inet":
		return convCoercible
	}
	return convNarrowing
}

func equalMods(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// numericConversion classifies numeric(p,s) to numeric(p2,s2): no
// modifiers holds anything; more digits on both sides of the point holds
// the old values, and only a larger precision with the same scale needs
// no rewrite.
func numericConversion(f, t []int) conversion {
	if t == nil {
		return convCoercible
	}
	if f == nil {
		return convNarrowing
	}
	fs, ts := 0, 0
	if len(f) > 1 {
		fs = f[1]
	}
	if len(t) > 1 {
		ts = t[1]
	}
	if ts < fs || t[0]-ts < f[0]-fs {
		return convNarrowing
	}
	if ts == fs {
		return convCoercible
	}
	return convWidening
}

// assignable reports whether PostgreSQL converts a column of type from to
// type to by itself, as it does when a value is assigned, so that ALTER
// COLUMN ... TYPE needs no USING: the same base type with other modifiers
// (a length coercion, which refuses to cut: "value too long for type
// character varying(10)"), a pair with an implicit or assignment cast in
// pg_cast ([assignmentCasts]), or a conversion to a string type through
// the types' text forms; arrays convert element by element. Anything else
// (text to integer, a user-defined type) is not assignable and needs
// USING col::type, an explicit cast.
func assignable(from, to string) bool {
	f, t := parseType(from), parseType(to)
	if !t.array && stringTypes[t.base] {
		// PostgreSQL's I/O conversion to a string type is an assignment
		// cast, for any type, arrays too; pg_cast lists no explicit-only
		// cast to one.
		return true
	}
	if f.array != t.array {
		return false
	}
	return f.base == t.base || stringTypes[t.base] || slices.Contains(assignmentCasts[f.base], t.base)
}

// usingCast returns the USING expression that converts column col from
// type from to type to, for a pair that [assignable] refuses: an
// explicit cast, col::to, which reads a string through the new type's
// input function and uses pg_cast otherwise; or, when either type is not
// a built-in one (an enum, say, for which pg_cast lists no cast but
// to and from text), a cast through the text form, col::text::to
// (col::text[]::to for arrays): PostgreSQL refuses e1::e2 between two
// enums, or integer::e.
func usingCast(col, from, to string) string {
	f, t := parseType(from), parseType(to)
	if stringTypes[f.base] || (builtinTypes[f.base] && builtinTypes[t.base]) {
		return col + "::" + to
	}
	text := "text"
	if f.array && t.array {
		text = "text[]"
	}
	return col + "::" + text + "::" + to
}

// builtinTypes are PostgreSQL's built-in types as [parseType] names them:
// those of [assignmentCasts] and a few without assignment casts.
var builtinTypes = func() map[string]bool {
	m := map[string]bool{}
	for from, tos := range assignmentCasts {
		m[from] = true
		for _, to := range tos {
			m[to] = true
		}
	}
	for _, typ := range []string{"uuid", "bytea", "tsvector", "tsquery", "line", "lseg", "circle", "pg_lsn",
		"int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange"} {
		m[typ] = true
	}
	return m
}()

// stringTypes are the built-in types of PostgreSQL's string category, to
// which any type converts through its text form on assignment.
var stringTypes = map[string]bool{"text": true, "character varying": true, "character": true, "name": true}

// assignmentCasts lists, for each built-in type, the other built-in types
// it converts to with an implicit or assignment cast: pg_cast's rows with
// castcontext 'i' or 'a' between built-in types, as PostgreSQL 15 has
// them, named as format_type names them. TestAssignmentCasts checks it
// against the server.
var assignmentCasts = map[string][]string{
	`"char"`:                      {"character", "character varying", "text"},
	"bigint":                      {"double precision", "integer", "money", "numeric", "oid", "real", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype", "smallint"},
	"bit":                         {"bit varying"},
	"bit varying":                 {"bit"},
	"boolean":                     {"character", "character varying", "text"},
	"box":                         {"polygon"},
	"character":                   {`"char"`, "character varying", "name", "text"},
	"character varying":           {`"char"`, "character", "name", "regclass", "text"},
	"cidr":                        {"character", "character varying", "inet", "text"},
	"date":                        {"timestamp with time zone", "timestamp without time zone"},
	"double precision":            {"bigint", "integer", "numeric", "real", "smallint"},
	"inet":                        {"character", "character varying", "cidr", "text"},
	"integer":                     {"bigint", "double precision", "money", "numeric", "oid", "real", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype", "smallint"},
	"interval":                    {"time without time zone"},
	"json":                        {"jsonb"},
	"jsonb":                       {"json"},
	"macaddr":                     {"macaddr8"},
	"macaddr8":                    {"macaddr"},
	"money":                       {"numeric"},
	"name":                        {"character", "character varying", "text"},
	"numeric":                     {"bigint", "double precision", "integer", "money", "real", "smallint"},
	"oid":                         {"bigint", "integer", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype"},
	"path":                        {"polygon"},
	"pg_dependencies":             {"bytea", "text"},
	"pg_mcv_list":                 {"bytea", "text"},
	"pg_ndistinct":                {"bytea", "text"},
	"pg_node_tree":                {"text"},
	"point":                       {"box"},
	"polygon":                     {"path"},
	"real":                        {"bigint", "double precision", "integer", "numeric", "smallint"},
	"regclass":                    {"bigint", "integer", "oid"},
	"regcollation":                {"bigint", "integer", "oid"},
	"regconfig":                   {"bigint", "integer", "oid"},
	"regdictionary":               {"bigint", "integer", "oid"},
	"regnamespace":                {"bigint", "integer", "oid"},
	"regoper":                     {"bigint", "integer", "oid", "regoperator"},
	"regoperator":                 {"bigint", "integer", "oid", "regoper"},
	"regproc":                     {"bigint", "integer", "oid", "regprocedure"},
	"regprocedure":                {"bigint", "integer", "oid", "regproc"},
	"regrole":                     {"bigint", "integer", "oid"},
	"regtype":                     {"bigint", "integer", "oid"},
	"smallint":                    {"bigint", "double precision", "integer", "numeric", "oid", "real", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype"},
	"text":                        {`"char"`, "character", "character varying", "name", "regclass"},
	"time with time zone":         {"time without time zone"},
	"time without time zone":      {"interval", "time with time zone"},
	"timestamp with time zone":    {"date", "time with time zone", "time without time zone", "timestamp without time zone"},
	"timestamp without time zone": {"date", "time without time zone", "timestamp with time zone"},
	"xml":                         {"character", "character varying", "text"},
}

// explicitCasts lists, for each built-in type, the other built-in types
// it converts to with an explicit cast only: pg_cast's rows with
// castcontext 'e' between built-in types, as PostgreSQL 15 has them
// (multirange casts left out).
var explicitCasts = map[string][]string{
	`"char"`:            {"integer"},
	"bigint":            {"bit"},
	"bit":               {"bigint", "integer"},
	"boolean":           {"integer"},
	"box":               {"circle", "lseg", "point"},
	"character":         {"xml"},
	"character varying": {"xml"},
	"circle":            {"box", "point", "polygon"},
	"integer":           {`"char"`, "bit", "boolean"},
	"jsonb":             {"bigint", "boolean", "double precision", "integer", "numeric", "real", "smallint"},
	"lseg":              {"point"},
	"polygon":           {"box", "circle", "point"},
	"text":              {"xml"},
}

// Convertible reports whether PostgreSQL can convert a column of type
// from to type to at all, so that ALTER COLUMN ... TYPE renders without
// an expression from the author: an assignment conversion ([assignable]),
// an explicit cast of pg_cast, the input function of to reading a string
// type's value, or, for a type that is not built in (an enum, a domain,
// an extension's type), a conversion through text, which is assumed to
// exist. A pair of built-in types with none of these (bigint to
// timestamp, boolean to date) is not convertible.
func Convertible(from, to string) bool {
	if assignable(from, to) {
		return true
	}
	f, t := parseType(from), parseType(to)
	if f.array != t.array {
		return false
	}
	if stringTypes[f.base] || !builtinTypes[f.base] || !builtinTypes[t.base] {
		return true
	}
	return slices.Contains(explicitCasts[f.base], t.base)
}

// WithUsing returns copies of the definitions from and to of a column
// whose change [AlterColumn] renders, with [schema.UsingPlaceholder] as
// the USING expression of each direction that changes the type between
// types PostgreSQL cannot convert ([Convertible]): to's for the change,
// from's for its reverse. The author replaces each placeholder with an
// expression; until then the change neither renders nor passes `check`.
// Definitions that need none are returned with Using cleared.
func WithUsing(from, to *schema.Column) (*schema.Column, *schema.Column) {
	f, t := *from, *to
	f.Using, t.Using = "", ""
	if f.Type != t.Type {
		if !Convertible(f.Type, t.Type) {
			t.Using = schema.UsingPlaceholder
		}
		if !Convertible(t.Type, f.Type) {
			f.Using = schema.UsingPlaceholder
		}
	}
	return &f, &t
}
