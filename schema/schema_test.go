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
		{name: "duplicate table", s: &Schema{Tables: []*Table{{Name: "t"}, {Schema: "public", Name: "t"}}}, wantErr: "duplicate table t"},
		{name: "duplicate column", s: &Schema{Tables: []*Table{{Name: "t", Columns: []*Column{col("a"), col("a")}}}}, wantErr: `duplicate column "a"`},
		{name: "key on unknown column", s: &Schema{Tables: []*Table{{Name: "t", Columns: []*Column{col("a")}, PrimaryKey: &PrimaryKey{Name: "t_pkey", Columns: []string{"b"}}}}}, wantErr: `unknown column "b"`},
		{name: "index without keys", s: &Schema{Tables: []*Table{{Name: "t", Indexes: []*Index{{Name: "i"}}}}}, wantErr: "has no keys"},
		{name: "constraint names clash", s: &Schema{Tables: []*Table{{Name: "t", Columns: []*Column{col("a")}, Uniques: []*Unique{{Name: "k", Columns: []string{"a"}}}, Checks: []*Check{{Name: "k", Expr: "a > 0"}}}}}, wantErr: "has the name of a unique constraint"},
		{name: "duplicate enum value", s: &Schema{Enums: []*Enum{{Name: "e", Values: []string{"a", "a"}}}}, wantErr: `duplicate value "a"`},
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
	s := &Schema{Schemas: []string{"b", "public", "a"}, Tables: []*Table{{Name: "z"}, {Schema: "a", Name: "y", Indexes: []*Index{{Name: "j", Columns: []string{"c"}}, {Name: "i", Columns: []string{"c"}}}}}}
	n := s.Normalize()
	if s.Tables[0].Name != "z" || s.Tables[0].Schema != "" || s.Tables[1].Indexes[0].Name != "j" {
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
