package gentest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// ScalarTypes are the built-in column types the generator uses.
var ScalarTypes = []string{
	"integer", "bigint", "smallint", "numeric(10,2)", "text", "varchar(20)", "boolean",
	"timestamptz", "date", "jsonb", "uuid", "integer[]", "text[]",
}

// typeGroup names the types that convert into each other by a cast
// PostgreSQL has (on a table without rows).
func typeGroup(typ string) string {
	switch typ {
	case "integer", "bigint", "smallint", "numeric(10,2)":
		return "number"
	case "text", "varchar(20)":
		return "string"
	case "timestamptz", "date":
		return "time"
	}
	if strings.HasSuffix(typ, "[]") {
		return "array:" + typ
	}
	return typ
}

// convertible reports whether a column of type from can become one of
// type to, as a model change a developer makes expecting it to work: in
// a group of types that cast into each other, to or from a string type
// (PostgreSQL's I/O casts), or from one enum to another (through their
// labels). Arrays change only to strings.
func convertible(from, to string) bool {
	f, t := typeGroup(from), typeGroup(to)
	switch {
	case f == t, isEnumType(from) && isEnumType(to):
		return true
	case t == "string":
		return true
	case f == "string":
		return !strings.HasPrefix(t, "array:")
	}
	return false
}

// isEnumType reports whether typ, a type the generator writes, is an
// enum (not an array of one).
func isEnumType(typ string) bool {
	return !slices.Contains(ScalarTypes, typ) && !strings.HasSuffix(typ, "[]")
}

var (
	identRe = regexp.MustCompile(`^(id|c[0-9]+)$`)
	valueRe = regexp.MustCompile(`^v[0-9]+( it's)?$`)
)

// tokens splits SQL text into identifiers and quoted strings (as
// 'text'), leaving out the rest. It knows the little SQL the generator
// writes: no escapes but doubled quotes.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			out = append(out, s[i:min(j+1, len(s))])
			i = j + 1
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			i++
		}
	}
	return out
}

// ColumnRefs returns the column names (id, cN) that SQL text s reads.
func ColumnRefs(s string) []string {
	var out []string
	for _, tok := range tokens(s) {
		if identRe.MatchString(tok) && !slices.Contains(out, tok) {
			out = append(out, tok)
		}
	}
	return out
}

// ValueRefs returns the enum values (vN, or "vN it's") that SQL text s
// names as string literals.
func ValueRefs(s string) []string {
	var out []string
	for _, tok := range tokens(s) {
		if len(tok) >= 2 && tok[0] == '\'' {
			v := strings.ReplaceAll(tok[1:len(tok)-1], "''", "'")
			if valueRe.MatchString(v) && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// RenameIdent renames identifier from to to in SQL text s, outside string
// literals.
func RenameIdent(s, from, to string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(s))
			b.WriteString(s[i:j])
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if s[i:j] == from {
				b.WriteString(to)
			} else {
				b.WriteString(s[i:j])
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// enumTypes maps the column types that name an enum of m (the type and
// its array) to the enum.
func enumTypes(m *schema.Schema) map[string]*schema.Enum {
	out := map[string]*schema.Enum{}
	for _, e := range m.Enums {
		out[schema.QuoteType(e.QualifiedName())] = e
		out[schema.QuoteType(e.QualifiedName())+"[]"] = e
	}
	return out
}

// valid reports what would make st's model one that a developer could not
// write, or that PostgreSQL refuses: see [schema.Schema.Validate], and
// names that clash in a schema, unknown types, foreign keys to no key or
// across branches, expressions and defaults that read unknown columns or
// values, or values that the other branch may drop.
func (st *State) valid() error {
	m := st.Model
	if err := m.Validate(); err != nil {
		return err
	}
	relations := map[schema.QualifiedName]string{}
	claim := func(q schema.QualifiedName, what string) error {
		if prev, ok := relations[q]; ok {
			return fmt.Errorf("%s %s clashes with %s", what, q, prev)
		}
		relations[q] = what
		return nil
	}
	for _, e := range m.Enums {
		if err := claim(e.QualifiedName(), "enum"); err != nil {
			return err
		}
	}
	enums := enumTypes(m)
	for _, t := range m.Tables {
		q := t.QualifiedName()
		if err := claim(q, "table"); err != nil {
			return err
		}
		for _, n := range relationNames(t) {
			if err := claim(schema.QualifiedName{Schema: t.Schema, Name: n}, "index of "+q.String()); err != nil {
				return err
			}
		}
		for _, c := range t.Columns {
			e, isEnum := enums[c.Type]
			if !isEnum && !slices.Contains(ScalarTypes, c.Type) {
				return fmt.Errorf("column %s.%s: unknown type %s", q, c.Name, c.Type)
			}
			if c.Identity && (!integerType(c.Type) || c.Nullable || c.Default != "") {
				return fmt.Errorf("column %s.%s: a bad identity", q, c.Name)
			}
			if isEnum && c.Default != "" {
				if strings.HasSuffix(c.Type, "[]") {
					if c.Default != "'{}'" {
						return fmt.Errorf("column %s.%s: default %s", q, c.Name, c.Default)
					}
				} else if vs := ValueRefs(c.Default); len(vs) != 1 || !slices.Contains(e.Values, vs[0]) || !st.mayUse(e.QualifiedName(), vs[0]) {
					return fmt.Errorf("column %s.%s: default %s names no value of %s this branch may name", q, c.Name, c.Default, c.Type)
				}
			}
		}
		for _, ix := range t.Indexes {
			for _, n := range ix.Include {
				if _, ok := t.Column(n); !ok {
					return fmt.Errorf("table %s: index %s includes no column %s", q, ix.Name, n)
				}
			}
		}
		var exprs []string
		for _, ck := range t.Checks {
			exprs = append(exprs, ck.Expr)
		}
		for _, ix := range t.Indexes {
			exprs = append(exprs, ix.Where)
			exprs = append(exprs, ix.Keys...)
		}
		for _, x := range exprs {
			cols := ColumnRefs(x)
			for _, n := range cols {
				if _, ok := t.Column(n); !ok {
					return fmt.Errorf("table %s: %q reads no column %s", q, x, n)
				}
			}
			for _, v := range ValueRefs(x) {
				ok := slices.ContainsFunc(cols, func(n string) bool {
					c, _ := t.Column(n)
					e, isEnum := enums[c.Type]
					return isEnum && slices.Contains(e.Values, v) && st.mayUse(e.QualifiedName(), v)
				})
				if !ok {
					return fmt.Errorf("table %s: %q names value %s that no column of it holds, or the other branch may drop", q, x, v)
				}
			}
		}
		for _, fk := range t.ForeignKeys {
			ref, ok := m.Table(fk.Ref())
			if !ok {
				return fmt.Errorf("foreign key %s of %s: no table %s", fk.Name, q, fk.Ref())
			}
			if st.onBranch() && st.Owner[fk.Ref()] != st.Owner[q] {
				return fmt.Errorf("foreign key %s of %s crosses branches", fk.Name, q)
			}
			key := ref.PrimaryKey != nil && sameSet(ref.PrimaryKey.Columns, fk.RefColumns) ||
				slices.ContainsFunc(ref.Uniques, func(u *schema.Unique) bool { return sameSet(u.Columns, fk.RefColumns) })
			if !key {
				return fmt.Errorf("foreign key %s of %s references no key of %s", fk.Name, q, fk.Ref())
			}
			for i, n := range fk.Columns {
				c, _ := t.Column(n)
				rc, ok := ref.Column(fk.RefColumns[i])
				if !ok || rc.Type != c.Type {
					return fmt.Errorf("foreign key %s of %s: types differ", fk.Name, q)
				}
			}
		}
	}
	return nil
}
