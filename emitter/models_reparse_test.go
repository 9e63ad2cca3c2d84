package emitter

import "testing"

func TestKeepArrayCoercions(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"varchar IN", `((format)::text = ANY ((ARRAY['csv'::character varying, 'json'::character varying])::text[]))`,
			`((format)::text = ANY ((ARRAY['csv'::character varying, 'json'::character varying]::character varying[])::text[]))`},
		{"NOT IN, two arrays", `(((k)::text <> ALL ((ARRAY['a'::character varying])::text[])) AND ((k)::text = ANY ((ARRAY['b'::character varying, 'c'::character varying])::text[])))`,
			`(((k)::text <> ALL ((ARRAY['a'::character varying]::character varying[])::text[])) AND ((k)::text = ANY ((ARRAY['b'::character varying, 'c'::character varying]::character varying[])::text[])))`},
		{"typmod", `(ARRAY['a'::character varying(3), 'b,c'::character varying(3)])::text[]`,
			`(ARRAY['a'::character varying(3), 'b,c'::character varying(3)]::character varying(3)[])::text[]`},
		{"element casts of an expression", `(ARRAY[(a)::character varying, lower(b)::character varying])::text[]`,
			`(ARRAY[(a)::character varying, lower(b)::character varying]::character varying[])::text[]`},
		{"as package catalog reads it", `format::text = ANY (ARRAY['csv'::character varying, 'json'::character varying]::text[])`,
			`format::text = ANY (ARRAY['csv'::character varying, 'json'::character varying]::character varying[]::text[])`},
		{"varchar(5)[]", `ARRAY['a'::character varying]::character varying(5)[]`, `ARRAY['a'::character varying]::character varying[]::character varying(5)[]`},
		{"no cast after", `ARRAY['a'::character varying, 'b'::character varying] && x`, `ARRAY['a'::character varying, 'b'::character varying] && x`},
		{"a function named like it", `MYARRAY['a'::character varying]::text[]`, `MYARRAY['a'::character varying]::text[]`},
		{"no outer cast", `(ARRAY['a'::text, 'b'::text])`, `(ARRAY['a'::text, 'b'::text])`},
		{"untyped elements", `x = ANY ((ARRAY[1, 2])::bigint[])`, `x = ANY ((ARRAY[1, 2])::bigint[])`},
		{"mixed element types", `(ARRAY['a'::character varying, 'b'::text])::text[]`, `(ARRAY['a'::character varying, 'b'::text])::text[]`},
		{"element with an operator after its cast", `(ARRAY['a'::character varying || 'b'])::text[]`, `(ARRAY['a'::character varying || 'b'])::text[]`},
		{"inside a literal", `'(ARRAY[''a''::character varying])::text[]'`, `'(ARRAY[''a''::character varying])::text[]'`},
		{"inside an E literal", `E'\'(ARRAY[''a''::character varying])::text[]'`, `E'\'(ARRAY[''a''::character varying])::text[]'`},
		{"inside a function body", "CREATE FUNCTION f() RETURNS boolean LANGUAGE sql AS $fn$ SELECT 'a'::varchar = ANY ((ARRAY['a'::character varying])::text[]) $fn$",
			"CREATE FUNCTION f() RETURNS boolean LANGUAGE sql AS $fn$ SELECT 'a'::varchar = ANY ((ARRAY['a'::character varying])::text[]) $fn$"},
		{"after a function body", "$$x$$ || ((ARRAY['a'::character varying])::text[])", "$$x$$ || ((ARRAY['a'::character varying]::character varying[])::text[])"},
		{"quoted element type", `(ARRAY['a'::"My Type", 'b'::"My Type"])::text[]`, `(ARRAY['a'::"My Type", 'b'::"My Type"]::"My Type"[])::text[]`},
		{"identifier ending in (", `f(ARRAY['a'::character varying])::text[]`, `f(ARRAY['a'::character varying])::text[]`},
		{"unclosed", `(ARRAY['a'::character varying`, `(ARRAY['a'::character varying`},
		{"empty", ``, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := keepArrayCoercions(tc.in); got != tc.want {
				t.Errorf("keepArrayCoercions(%s)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if again := keepArrayCoercions(tc.want); again != tc.want {
				t.Errorf("not idempotent: keepArrayCoercions(%s) = %s", tc.want, again)
			}
		})
	}
}
