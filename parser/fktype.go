package parser

import (
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// PostgreSQL builds a foreign key only when the referencing and the
// referenced column can be compared with the equality operator of the
// referenced key's index: the same operator family (integer_ops takes
// smallint, integer and bigint alike; text_ops takes text and varchar), or
// an implicit cast from the referencing type to the referenced one
// (integer to numeric). The rules below reject the pairs that PostgreSQL
// certainly refuses and accept everything they cannot judge (domains,
// extension types such as citext), leaving those to the server.

// typeFamilies maps a base type name, as [normalizeType] writes it, to its
// family.
var typeFamilies = map[string]string{
	"smallint": "integer", "int2": "integer", "integer": "integer", "int": "integer", "int4": "integer",
	"bigint": "integer", "int8": "integer", "smallserial": "integer", "serial": "integer", "bigserial": "integer",
	"serial2": "integer", "serial4": "integer", "serial8": "integer",
	"numeric": "numeric", "decimal": "numeric",
	"real": "float", "float4": "float", "double precision": "float", "float8": "float", "float": "float",
	"text": "text", "varchar": "text", "character varying": "text", "char": "text", "character": "text",
	"bpchar": "text", "name": "text",
	"uuid":    "uuid",
	"boolean": "boolean", "bool": "boolean",
	"bytea": "bytea",
	"date":  "datetime", "timestamp": "datetime", "timestamptz": "datetime",
	"timestamp with time zone": "datetime", "timestamp without time zone": "datetime",
	"time": "time", "timetz": "time", "time with time zone": "time", "time without time zone": "time",
	"interval": "interval",
	"json":     "json",
	"jsonb":    "jsonb",
	"inet":     "network", "cidr": "network",
	"macaddr": "macaddr", "macaddr8": "macaddr8",
	"money": "money",
}

// numberRank orders the number families by implicit casts: integer casts
// to numeric and to float, numeric to float, never backwards.
var numberRank = map[string]int{"integer": 0, "numeric": 1, "float": 2}

// normalizeType returns an SQL type name lower-cased, without type
// modifiers ("(12,2)"), without a pg_catalog qualification and with single
// spaces, and whether it is an array type.
func normalizeType(t string) (base string, array bool) {
	t = strings.ToLower(strings.TrimSpace(t))
	// Drop parenthesized modifiers, wherever they are
	// ("timestamp(3) with time zone", "varchar(32)[]").
	var b strings.Builder
	depth := 0
	for _, r := range t {
		switch {
		case r == '(':
			depth++
		case r == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0:
			b.WriteRune(r)
		}
	}
	t = strings.Join(strings.Fields(b.String()), " ")
	for {
		switch {
		case strings.HasSuffix(t, "]"):
			i := strings.LastIndexByte(t, '[')
			if i < 0 {
				return t, array
			}
			t, array = strings.TrimSpace(t[:i]), true
			continue
		case strings.HasSuffix(t, " array"):
			t, array = strings.TrimSuffix(t, " array"), true
			continue
		}
		break
	}
	t = strings.TrimPrefix(t, "pg_catalog.")
	return t, array
}

// typeFamily returns the family of a normalized base type, or "" when it
// is unknown. An enum of enums is a family of its own.
func typeFamily(base string, enums map[string]bool) string {
	if f := typeFamilies[base]; f != "" {
		return f
	}
	if enums[base] {
		return "enum " + strings.TrimPrefix(base, schema.DefaultSchema+".")
	}
	return ""
}

// fkTypesCompatible reports whether a foreign-key column of SQL type from
// may reference a key column of SQL type to. enums holds the type names of
// the model's enums ("status", "public.status", "billing.status").
func fkTypesCompatible(from, to string, enums map[string]bool) bool {
	fb, fa := normalizeType(from)
	tb, ta := normalizeType(to)
	if fb == tb && fa == ta {
		return true
	}
	ff, tf := typeFamily(fb, enums), typeFamily(tb, enums)
	if ff == "" || tf == "" {
		// A type of its own (a domain, an extension's type): leave it to
		// PostgreSQL.
		return true
	}
	if fa != ta {
		return false
	}
	if ff == tf {
		return true
	}
	fr, fNum := numberRank[ff]
	tr, tNum := numberRank[tf]
	return fNum && tNum && fr <= tr
}

// enumTypeNames returns the names a column type may give each enum.
func enumTypeNames(enums []*schema.Enum) map[string]bool {
	names := map[string]bool{}
	for _, e := range enums {
		names[e.TypeName()] = true
		names[e.Schema+"."+e.Name] = true
	}
	return names
}
