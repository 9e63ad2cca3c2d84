package catalog

import "testing"

func TestQualifiedName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		nsp, typ string
		want     string
	}{
		{name: "public is left out", nsp: "public", typ: "mood", want: "mood"},
		{name: "pg_catalog is left out", nsp: "pg_catalog", typ: "jsonb_path_ops", want: "jsonb_path_ops"},
		{name: "other schema", nsp: "billing", typ: "status", want: "billing.status"},
		{name: "digits and underscores", nsp: "_v2", typ: "s_1", want: "_v2.s_1"},
		{name: "upper case", nsp: "Billing", typ: "Status", want: `"Billing"."Status"`},
		{name: "leading digit", nsp: "public", typ: "1st", want: `"1st"`},
		{name: "space and quote", nsp: "a b", typ: `say "hi"`, want: `"a b"."say ""hi"""`},
		{name: "non-ASCII", nsp: "public", typ: "ärger", want: `"ärger"`},
		{name: "dollar", nsp: "public", typ: "a$b", want: `"a$b"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := qualifiedName(tc.nsp, tc.typ); got != tc.want {
				t.Errorf("qualifiedName(%q, %q) = %s, want %s", tc.nsp, tc.typ, got, tc.want)
			}
		})
	}
}

func TestCheckExpr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		def     string
		want    string
		wantErr bool
	}{
		{name: "simple", def: "CHECK (price > 0::numeric)", want: "price > 0::numeric"},
		{name: "nested parentheses", def: "CHECK ((a > 0) OR (b = ANY (ARRAY[1, 2])))", want: "(a > 0) OR (b = ANY (ARRAY[1, 2]))"},
		{name: "NO INHERIT", def: "CHECK (a > 0) NO INHERIT", want: "a > 0"},
		{name: "NOT VALID", def: "CHECK (a > 0) NOT VALID", want: "a > 0"},
		{name: "parenthesis in a literal", def: `CHECK (name <> 'x)''"'::text) NOT VALID`, want: `name <> 'x)''"'::text`},
		{name: "parenthesis in an identifier", def: `CHECK ("a)" <> ''::text)`, want: `"a)" <> ''::text`},
		{name: "not a check", def: "UNIQUE (a)", wantErr: true},
		{name: "unbalanced", def: "CHECK (a > (0)", wantErr: true},
		{name: "empty", def: "", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := checkExpr(tc.def)
			if (err != nil) != tc.wantErr {
				t.Fatalf("checkExpr(%q) error = %v, want error: %v", tc.def, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("checkExpr(%q) = %q, want %q", tc.def, got, tc.want)
			}
		})
	}
}
