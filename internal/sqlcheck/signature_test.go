package sqlcheck

import "testing"

// TestSameSignature: what CREATE OR REPLACE may change (body, language,
// volatility, SECURITY, SET, spelling) keeps the signature; what
// PostgreSQL refuses to replace (a renamed parameter, a changed or
// removed default, another return type, OUT parameters, the kind) does
// not.
func TestSameSignature(t *testing.T) {
	t.Parallel()
	const add1 = "CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$"
	tests := []struct {
		name     string
		from, to string
		want     bool
	}{
		{"body changed", add1, "CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 2 $$", true},
		{"language, volatility, security, set, cost", add1,
			"CREATE OR REPLACE FUNCTION public.add1(a integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT SECURITY DEFINER SET search_path = pg_catalog COST 5 AS $$ BEGIN RETURN a + 2; END $$", true},
		{"spelling: case, comments, white space, type aliases, IN", add1,
			"-- add one\ncreate   function /* x */ add1(IN a int4)\n  returns pg_catalog.int4 language sql as 'SELECT a + 1'", true},
		{"as pg_get_functiondef prints it", add1,
			"CREATE OR REPLACE FUNCTION public.add1(a integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT a + 2 $function$", true},
		{"SQL-standard body", add1, "CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql RETURN a + 2", true},
		{"trigger function", "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
			"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$", true},
		{"same default", "CREATE FUNCTION f(a integer DEFAULT 1) RETURNS integer AS 'SELECT a' LANGUAGE sql",
			"CREATE FUNCTION f(a integer = 1) RETURNS integer AS 'SELECT a + 1' LANGUAGE sql", true},
		{"same RETURNS TABLE", "CREATE FUNCTION f() RETURNS TABLE (x integer, y text) AS 'SELECT 1, ''a''' LANGUAGE sql",
			"CREATE FUNCTION f() RETURNS TABLE (x int, y text) AS 'SELECT 2, ''b''' LANGUAGE sql", true},
		{"procedure body", "CREATE PROCEDURE p(a bigint) LANGUAGE sql AS $$ SELECT 1 $$",
			"CREATE PROCEDURE p(IN a int8) LANGUAGE sql AS $$ SELECT 2 $$", true},

		{"renamed parameter", add1, "CREATE FUNCTION add1(b integer) RETURNS integer LANGUAGE sql AS $$ SELECT b + 1 $$", false},
		{"default added", add1, "CREATE FUNCTION add1(a integer DEFAULT 0) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$", false},
		{"default changed", "CREATE FUNCTION f(a integer DEFAULT 1) RETURNS integer AS 'SELECT a' LANGUAGE sql",
			"CREATE FUNCTION f(a integer DEFAULT 2) RETURNS integer AS 'SELECT a' LANGUAGE sql", false},
		{"default removed", "CREATE FUNCTION f(a integer DEFAULT 1) RETURNS integer AS 'SELECT a' LANGUAGE sql",
			"CREATE FUNCTION f(a integer) RETURNS integer AS 'SELECT a' LANGUAGE sql", false},
		{"return type changed", add1, "CREATE FUNCTION add1(a integer) RETURNS bigint LANGUAGE sql AS $$ SELECT a + 1 $$", false},
		{"SETOF", add1, "CREATE FUNCTION add1(a integer) RETURNS SETOF integer LANGUAGE sql AS $$ SELECT a + 1 $$", false},
		{"RETURNS TABLE column renamed", "CREATE FUNCTION f() RETURNS TABLE (x integer) AS 'SELECT 1' LANGUAGE sql",
			"CREATE FUNCTION f() RETURNS TABLE (z integer) AS 'SELECT 1' LANGUAGE sql", false},
		{"OUT parameter added", "CREATE FUNCTION f(a integer, OUT b integer) AS 'SELECT a' LANGUAGE sql",
			"CREATE FUNCTION f(a integer, OUT b integer, OUT c integer) AS 'SELECT a, a' LANGUAGE sql", false},
		{"OUT parameter renamed", "CREATE FUNCTION f(a integer, OUT b integer) AS 'SELECT a' LANGUAGE sql",
			"CREATE FUNCTION f(a integer, OUT c integer) AS 'SELECT a' LANGUAGE sql", false},
		{"IN made INOUT", "CREATE PROCEDURE p(a integer) LANGUAGE sql AS 'SELECT 1'",
			"CREATE PROCEDURE p(INOUT a integer) LANGUAGE sql AS 'SELECT 1'", false},
		{"VARIADIC", "CREATE FUNCTION f(a integer[]) RETURNS integer AS 'SELECT 1' LANGUAGE sql",
			"CREATE FUNCTION f(VARIADIC a integer[]) RETURNS integer AS 'SELECT 1' LANGUAGE sql", false},
		{"function to procedure", "CREATE FUNCTION f(a integer) RETURNS void LANGUAGE sql AS 'SELECT 1'",
			"CREATE PROCEDURE f(a integer) LANGUAGE sql AS 'SELECT 1'", false},
		{"procedure to function", "CREATE PROCEDURE f(a integer) LANGUAGE sql AS 'SELECT 1'",
			"CREATE FUNCTION f(a integer) RETURNS void LANGUAGE sql AS 'SELECT 1'", false},
		{"made a window function", "CREATE FUNCTION w() RETURNS integer LANGUAGE c AS 'x', 'y'",
			"CREATE FUNCTION w() RETURNS integer WINDOW LANGUAGE c AS 'x', 'y'", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := SameSignature(tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("SameSignature(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
			if back, err := SameSignature(tc.to, tc.from); err != nil || back != got {
				t.Errorf("SameSignature(to, from) = %v, %v; not %v as from, to", back, err, got)
			}
		})
	}
	for _, bad := range []string{"", "CREATE VIEW v AS SELECT 1", add1 + "; DROP TABLE t", "CREATE FUNCTION f("} {
		if _, err := SameSignature(add1, bad); err == nil {
			t.Errorf("SameSignature(add1, %q): no error", bad)
		}
	}
}
