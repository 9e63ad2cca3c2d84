package parser

import "testing"

func TestNormalizeType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		base  string
		array bool
	}{
		{in: "bigint", base: "bigint"},
		{in: "  Numeric(12, 2) ", base: "numeric"},
		{in: "VARCHAR(32)[]", base: "varchar", array: true},
		{in: "timestamp(3)  with time zone", base: "timestamp with time zone"},
		{in: "integer[3][]", base: "integer", array: true},
		{in: "text ARRAY", base: "text", array: true},
		{in: "pg_catalog.int4", base: "int4"},
		{in: "billing.status", base: "billing.status"},
	}
	for _, tc := range tests {
		base, array := normalizeType(tc.in)
		if base != tc.base || array != tc.array {
			t.Errorf("normalizeType(%q) = %q, %v; want %q, %v", tc.in, base, array, tc.base, tc.array)
		}
	}
}

func TestFKTypesCompatible(t *testing.T) {
	t.Parallel()
	enums := map[string]bool{"status": true, "public.status": true, "billing.state": true}
	tests := []struct {
		from, to string
		want     bool
	}{
		{from: "bigint", to: "bigint", want: true},
		{from: "integer", to: "bigint", want: true},
		{from: "bigint", to: "int4", want: true},
		{from: "smallint", to: "serial", want: true},
		{from: "integer", to: "numeric(12,2)", want: true},
		{from: "bigint", to: "double precision", want: true},
		{from: "numeric", to: "float8", want: true},
		{from: "text", to: "varchar(32)", want: true},
		{from: "character varying(8)", to: "char(8)", want: true},
		{from: "timestamptz", to: "date", want: true},
		{from: "inet", to: "cidr", want: true},
		{from: "status", to: "public.status", want: true},
		{from: "text[]", to: "varchar(3)[]", want: true},
		{from: "citext", to: "text", want: true},    // unknown: left to PostgreSQL
		{from: "my_domain", to: "uuid", want: true}, // unknown: left to PostgreSQL
		{from: "bigint", to: "uuid", want: false},
		{from: "bigint", to: "text", want: false},
		{from: "text", to: "uuid", want: false},
		{from: "uuid", to: "varchar(36)", want: false},
		{from: "numeric", to: "integer", want: false},
		{from: "double precision", to: "numeric(12,2)", want: false},
		{from: "boolean", to: "integer", want: false},
		{from: "text", to: "status", want: false},
		{from: "status", to: "billing.state", want: false},
		{from: "text", to: "text[]", want: false},
		{from: "bigint[]", to: "bigint", want: false},
		{from: "jsonb", to: "json", want: false},
		{from: "timestamptz", to: "interval", want: false},
	}
	for _, tc := range tests {
		if got := fkTypesCompatible(tc.from, tc.to, enums); got != tc.want {
			t.Errorf("fkTypesCompatible(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}
