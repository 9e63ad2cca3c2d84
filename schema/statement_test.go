package schema

import "testing"

// TestCheckStatement: the definition of an object is one CREATE
// statement; a second statement is refused wherever it hides.
func TestCheckStatement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"view", "CREATE VIEW v AS SELECT a, b FROM t", true},
		{"dollar-quoted body with semicolons", "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", true},
		{"SQL-standard body", "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT a; SELECT CASE WHEN a = '' THEN 'x' END; END", true},
		{"procedure body", "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END", true},
		{"second statement", "CREATE VIEW v AS SELECT 1; DROP TABLE t", false},
		{"after a SQL-standard body", "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; DROP TABLE t", false},
		{"begin atomic in the arguments", "CREATE FUNCTION f(begin atomic) RETURNS int LANGUAGE sql AS 'SELECT 1'; DROP TABLE t", false},
		{"begin outside a routine", "CREATE VIEW begin AS SELECT 1; DROP TABLE t", false},
		{"not a CREATE", "DROP TABLE t", false},
		{"unterminated string", "CREATE VIEW v AS SELECT 'x", false},
		{"unclosed parenthesis", "CREATE VIEW v AS SELECT (1", false},
		{"trailing comment", "CREATE VIEW v AS SELECT 1 --", false},
		{"empty", "  ", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckFragment(Fragment{Kind: FragmentStatement, Where: "definition", Text: tc.text})
			if (err == nil) != tc.ok {
				t.Errorf("CheckFragment(%q) = %v, want ok %v", tc.text, err, tc.ok)
			}
		})
	}
	for _, args := range []string{"a integer, b text", `"x)" integer`, "IN n numeric DEFAULT 1"} {
		if err := CheckFragment(Fragment{Kind: FragmentArguments, Text: args}); err != nil {
			t.Errorf("arguments %q: %v", args, err)
		}
	}
	for _, args := range []string{"a integer); DROP TABLE t; SELECT (1", "a integer)", ""} {
		if err := CheckFragment(Fragment{Kind: FragmentArguments, Text: args}); err == nil {
			t.Errorf("arguments %q: accepted", args)
		}
	}
}

func TestSplitRoutineName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, base, args string
		ok               bool
	}{
		{"add(a integer, b integer)", "add", "a integer, b integer", true},
		{"f()", "f", "", true},
		{`add("x" integer)(a numeric)`, `add("x" integer)`, "a numeric", false},
		{`f(x(y)(a "t)" )`, "f(x(y)", `a "t)" `, true},
		{"f(a numeric(10,2))", "f", "a numeric(10,2)", true},
		{`we(ird(a text)`, "we(ird", "a text", true},
		{"noargs", "", "", false},
	}
	for _, tc := range tests {
		base, args, ok := SplitRoutineName(tc.name)
		if !tc.ok {
			if ok && tc.base == "" {
				t.Errorf("SplitRoutineName(%q) = %q, %q, true; want false", tc.name, base, args)
			}
			continue
		}
		if !ok || base != tc.base || args != tc.args {
			t.Errorf("SplitRoutineName(%q) = %q, %q, %v; want %q, %q", tc.name, base, args, ok, tc.base, tc.args)
		}
	}
}

func TestTrimDependencies(t *testing.T) {
	t.Parallel()
	s := &Schema{
		Tables: []*Table{{Schema: "public", Name: "t", Columns: []*Column{{Name: "a", Type: "integer"}}}},
		Objects: []*Object{
			{Kind: KindFunction, Schema: "public", Name: "f()"},
			{Kind: KindView, Schema: "public", Name: "v", DependsOn: []Dependency{
				{Kind: KindTable, Schema: "public", Name: "t", Column: "a"},
				{Kind: KindTable, Schema: "public", Name: "t", Column: "gone"},
				{Kind: KindTable, Schema: "legacy", Name: "old"},
				{Kind: KindFunction, Schema: "public", Name: "f()"},
				{Kind: KindExtension, Schema: "public", Name: "citext"},
			}},
		},
	}
	got := s.TrimDependencies().Objects[1].DependsOn
	want := []Dependency{{Kind: KindTable, Schema: "public", Name: "t", Column: "a"}, {Kind: KindFunction, Schema: "public", Name: "f()"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("TrimDependencies kept %v, want %v", got, want)
	}
}
