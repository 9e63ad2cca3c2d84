package schema

import (
	"strings"
	"testing"
)

func TestParseQualifiedName(t *testing.T) {
	tests := []struct {
		in   string
		want QualifiedName
		str  string
	}{
		{in: "users", want: QualifiedName{Schema: "public", Name: "users"}, str: "users"},
		{in: "billing.invoices", want: QualifiedName{Schema: "billing", Name: "invoices"}, str: "billing.invoices"},
		{in: "public.user", want: QualifiedName{Schema: "public", Name: "user"}, str: "user"},
		{in: "public.v1.legacy", want: QualifiedName{Schema: "public", Name: "v1.legacy"}, str: "v1.legacy"},
		{in: "v1.legacy", want: QualifiedName{Schema: "v1", Name: "legacy"}, str: "v1.legacy"},
		{in: ".users", want: QualifiedName{Schema: "public", Name: "users"}, str: "users"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := ParseQualifiedName(tc.in)
			if got != tc.want || got.String() != tc.str {
				t.Errorf("ParseQualifiedName(%q) = %+v (%q), want %+v (%q)", tc.in, got, got.String(), tc.want, tc.str)
			}
		})
	}
}

func TestConstraintName(t *testing.T) {
	long := strings.Repeat("x", 70)
	tests := []struct {
		name, table, suffix string
		cols                []string
		want                string
	}{
		{name: "primary key", table: "users", cols: []string{"id"}, suffix: "pkey", want: "users_pkey"},
		{name: "composite unique", table: "t", cols: []string{"a", "b"}, suffix: "key", want: "t_a_b_key"},
		{name: "truncated", table: long, cols: []string{"id"}, suffix: "fkey", want: long[:63]},
		{name: "utf-8 kept whole", table: strings.Repeat("x", 62) + "é", cols: nil, suffix: "pkey", want: strings.Repeat("x", 62)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ConstraintName(tc.table, tc.cols, tc.suffix); got != tc.want {
				t.Errorf("ConstraintName = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	col := func(n string) *Column { return &Column{Name: n, Type: "int"} }
	tests := []struct {
		name    string
		s       *Schema
		wantErr string
	}{
		{name: "empty", s: &Schema{}},
		{name: "duplicate table", s: &Schema{Tables: []*Table{{Schema: "public", Name: "t"}, {Schema: "public", Name: "t"}}}, wantErr: "duplicate table t"},
		{name: "duplicate column", s: &Schema{Tables: []*Table{{Schema: "public", Name: "t", Columns: []*Column{col("a"), col("a")}}}}, wantErr: `duplicate column "a"`},
		{name: "key on unknown column", s: &Schema{Tables: []*Table{{Schema: "public", Name: "t", Columns: []*Column{col("a")}, PrimaryKey: &PrimaryKey{Name: "t_pkey", Columns: []string{"b"}}}}}, wantErr: `unknown column "b"`},
		{name: "index without keys", s: &Schema{Tables: []*Table{{Schema: "public", Name: "t", Indexes: []*Index{{Name: "i"}}}}}, wantErr: "has no keys"},
		{name: "constraint names clash", s: &Schema{Tables: []*Table{{Schema: "public", Name: "t", Columns: []*Column{col("a")}, Uniques: []*Unique{{Name: "k", Columns: []string{"a"}}}, Checks: []*Check{{Name: "k", Expr: "a > 0"}}}}}, wantErr: "has the name of a unique constraint"},
		{name: "duplicate enum value", s: &Schema{Enums: []*Enum{{Schema: "public", Name: "e", Values: []string{"a", "a"}}}}, wantErr: `duplicate value "a"`},
		{name: "table without schema", s: &Schema{Tables: []*Table{{Name: "t"}}}, wantErr: `table "t" has an empty schema name`},
		{name: "enum without schema", s: &Schema{Enums: []*Enum{{Name: "e"}}}, wantErr: `enum "e" has an empty schema name`},
		{name: "referenced table without schema", s: &Schema{Tables: []*Table{{Schema: "public", Name: "t", Columns: []*Column{col("a")},
			ForeignKeys: []*ForeignKey{{Name: "fk", Columns: []string{"a"}, RefTable: "u", RefColumns: []string{"id"}}}}}}, wantErr: `foreign key "fk" references table "u" with an empty schema name`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Validate()
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Validate() = %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestNormalizeDoesNotModify(t *testing.T) {
	s := &Schema{Schemas: []string{"b", "public", "a"}, Tables: []*Table{{Schema: "public", Name: "z", Pos: "m.go:1:1"}, {Schema: "a", Name: "y", Indexes: []*Index{{Name: "j", Columns: []string{"c"}}, {Name: "i", Columns: []string{"c"}}}}}}
	n := s.Normalize()
	if s.Tables[0].Name != "z" || s.Tables[0].Pos == "" || s.Tables[1].Indexes[0].Name != "j" {
		t.Fatal("Normalize modified its receiver")
	}
	if len(n.Schemas) != 2 || n.Schemas[0] != "a" || n.Tables[0].Schema != "a" || n.Tables[1].Schema != "public" || n.Tables[0].Indexes[0].Name != "i" {
		t.Errorf("Normalize() = %+v", n)
	}
}

func TestCheckIdentifier(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ident   string
		wantErr string
	}{
		{name: "plain", ident: "users"},
		{name: "63 bytes", ident: strings.Repeat("a", 63)},
		{name: "63 bytes of multibyte runes", ident: strings.Repeat("é", 31) + "a"},
		{name: "64 bytes", ident: strings.Repeat("a", 64), wantErr: "64 bytes long; PostgreSQL keeps at most 63"},
		{name: "multibyte over the limit", ident: strings.Repeat("é", 32), wantErr: "64 bytes long"},
		{name: "a huge name is cut short in the message", ident: strings.Repeat("a", 10000), wantErr: `"` + strings.Repeat("a", 63) + `…" is 10000 bytes long`},
		{name: "NUL", ident: "a\x00b", wantErr: "NUL byte"},
		{name: "empty", ident: "", wantErr: "empty name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckIdentifier(tc.ident)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("CheckIdentifier(%q) = %v, want nil", tc.ident, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("CheckIdentifier(%q) = %v, want an error containing %q", tc.ident, err, tc.wantErr)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	s := &Schema{
		Enums: []*Enum{{Name: "mood", Values: []string{"a"}}, {Schema: "billing", Name: "state"}},
		Tables: []*Table{{Name: "v1.legacy", ForeignKeys: []*ForeignKey{
			{Name: "a", RefTable: "users"},
			{Name: "b", RefSchema: "billing", RefTable: "invoices"},
			{Name: "by_name"},
		}}},
	}
	c := s.Canonical()
	if s.Enums[0].Schema != "" || s.Tables[0].Schema != "" || s.Tables[0].ForeignKeys[0].RefSchema != "" {
		t.Fatal("Canonical modified its receiver")
	}
	got := []QualifiedName{c.Enums[0].QualifiedName(), c.Enums[1].QualifiedName(), c.Tables[0].QualifiedName()}
	for _, fk := range c.Tables[0].ForeignKeys {
		got = append(got, fk.Ref())
	}
	want := []QualifiedName{
		{Schema: "public", Name: "mood"}, {Schema: "billing", Name: "state"}, {Schema: "public", Name: "v1.legacy"},
		{Schema: "public", Name: "users"}, {Schema: "billing", Name: "invoices"}, {},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("name %d = %#v, want %#v", i, got[i], want[i])
		}
	}
	c.Tables[0].ForeignKeys = c.Tables[0].ForeignKeys[:2] // a schema's foreign keys name their table
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() of the canonical schema = %v", err)
	}
	c.Enums[0].Values[0] = "changed"
	if s.Enums[0].Values[0] != "a" {
		t.Error("Canonical shares the enum's values with its receiver")
	}
}

func TestIdentifierWithSuffix(t *testing.T) {
	tests := []struct {
		name, suffix, want string
	}{
		{name: "orders", suffix: "_ccnew", want: "orders_ccnew"},
		{name: strings.Repeat("a", 60), suffix: "__old", want: strings.Repeat("a", 58) + "__old"},
		{name: strings.Repeat("a", 63), suffix: "__old", want: strings.Repeat("a", 58) + "__old"},
		// A two-byte character is not split: one byte less is kept.
		{name: strings.Repeat("é", 40), suffix: "_x", want: strings.Repeat("é", 30) + "_x"},
	}
	for _, tc := range tests {
		got := IdentifierWithSuffix(tc.name, tc.suffix)
		if got != tc.want || len(got) > MaxIdentifierLength {
			t.Errorf("IdentifierWithSuffix(%q, %q) = %q (%d bytes), want %q", tc.name, tc.suffix, got, len(got), tc.want)
		}
	}
}
