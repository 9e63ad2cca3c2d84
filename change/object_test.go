package change_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// TestObjectSQL renders the drop of every kind from its identity, with
// hostile names quoted, and refuses definitions and argument lists that
// would run more than their one statement.
func TestObjectSQL(t *testing.T) {
	t.Parallel()
	s := `we."ird`
	tests := []struct {
		o    *schema.Object
		want string
	}{
		{&schema.Object{Kind: schema.KindExtension, Schema: "public", Name: "citext"}, `DROP EXTENSION "citext"`},
		{&schema.Object{Kind: schema.KindView, Schema: s, Name: "v.w"}, `DROP VIEW "we.""ird"."v.w"`},
		{&schema.Object{Kind: schema.KindMaterializedView, Schema: s, Name: "m"}, `DROP MATERIALIZED VIEW "we.""ird"."m"`},
		{&schema.Object{Kind: schema.KindIndex, Schema: s, Name: "i", Table: "m"}, `DROP INDEX "we.""ird"."i"`},
		{&schema.Object{Kind: schema.KindFunction, Schema: s, Name: `f(x)(a integer, "b)" text)`}, `DROP FUNCTION "we.""ird"."f(x)"(a integer, "b)" text)`},
		{&schema.Object{Kind: schema.KindProcedure, Schema: s, Name: "p(IN n integer)"}, `DROP PROCEDURE "we.""ird"."p"(IN n integer)`},
		{&schema.Object{Kind: schema.KindTrigger, Schema: s, Name: "select", Table: "t'x"}, `DROP TRIGGER "select" ON "we.""ird"."t'x"`},
		{&schema.Object{Kind: schema.KindPolicy, Schema: s, Name: "p", Table: "t"}, `DROP POLICY "p" ON "we.""ird"."t"`},
		{&schema.Object{Kind: schema.KindRule, Schema: s, Name: "r", Table: "t"}, `DROP RULE "r" ON "we.""ird"."t"`},
		{&schema.Object{Kind: schema.KindDomain, Schema: s, Name: "d"}, `DROP DOMAIN "we.""ird"."d"`},
		{&schema.Object{Kind: schema.KindCompositeType, Schema: s, Name: "c"}, `DROP TYPE "we.""ird"."c"`},
		{&schema.Object{Kind: schema.KindSequence, Schema: s, Name: "q"}, `DROP SEQUENCE "we.""ird"."q"`},
		{&schema.Object{Kind: schema.KindCollation, Schema: s, Name: "co"}, `DROP COLLATION "we.""ird"."co"`},
		{&schema.Object{Kind: schema.KindStatistics, Schema: s, Name: "st", Table: "t"}, `DROP STATISTICS "we.""ird"."st"`},
	}
	for _, tc := range tests {
		got, err := change.SQL(change.DropObject{Object: tc.o})
		if err != nil {
			t.Errorf("%s: %v", tc.o.ID(), err)
			continue
		}
		if d := cmp.Diff([]string{tc.want}, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.o.ID(), d)
		}
		rev, ok := change.Reverse(change.DropObject{Object: tc.o})
		if _, isCreate := rev.(change.CreateObject); !ok || !isCreate {
			t.Errorf("%s: Reverse = %v, %v", tc.o.ID(), rev, ok)
		}
	}

	var fe *schema.FragmentError
	bad := []change.Change{
		change.CreateObject{Object: &schema.Object{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "CREATE VIEW v AS SELECT 1; DROP TABLE sentinel"}},
		change.CreateObject{Object: &schema.Object{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "DROP TABLE sentinel"}},
		change.DropObject{Object: &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: "f(a int, b (int); DROP TABLE sentinel; SELECT (1))"}},
	}
	for _, c := range bad {
		if _, err := change.SQL(c); !errors.As(err, &fe) {
			t.Errorf("SQL(%s) = %v, want a FragmentError", change.Describe(c), err)
		}
		if len(change.Problems(c)) == 0 {
			t.Errorf("Problems(%s): none", change.Describe(c))
		}
	}
	// A sequence is replaced by ALTER SEQUENCE, a function by its CREATE
	// OR REPLACE; a view cannot be.
	seq := func(def string) *schema.Object {
		return &schema.Object{Kind: schema.KindSequence, Schema: "public", Name: "s", Definition: def}
	}
	got, err := change.SQL(change.ReplaceObject{From: seq("CREATE SEQUENCE s"), To: seq(`CREATE SEQUENCE "public"."s" INCREMENT BY 2`)})
	if err != nil || len(got) != 1 || got[0] != `ALTER SEQUENCE "public"."s" INCREMENT BY 2` {
		t.Errorf("replace sequence: %q, %v", got, err)
	}
	v := &schema.Object{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "CREATE VIEW v AS SELECT 1"}
	if change.Replaceable(v, v) {
		t.Errorf("a view is replaceable")
	}
}

// TestReplaceRoutineSQL: a function or procedure is replaced by its
// definition made CREATE OR REPLACE, past comments and white space and
// in any case, while the change keeps the definition as written; a
// definition of another statement, or of the other kind, is refused.
func TestReplaceRoutineSQL(t *testing.T) {
	t.Parallel()
	const set = "SET LOCAL check_function_bodies = off"
	tests := []struct {
		name string
		kind schema.ObjectKind
		def  string
		want string // "" when refused
	}{
		{"create function", schema.KindFunction, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
			"CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"},
		{"already or replace", schema.KindFunction, "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
			"CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"},
		{"lower case, comments and white space first", schema.KindFunction,
			"\n  -- adds one\n/* a /* nested */ comment */\tcreate\n  function f() returns int language sql as 'SELECT 1'",
			"\n  -- adds one\n/* a /* nested */ comment */\tcreate OR REPLACE\n  function f() returns int language sql as 'SELECT 1'"},
		{"procedure", schema.KindProcedure, "Create Procedure p() LANGUAGE sql AS 'SELECT 1'",
			"Create OR REPLACE Procedure p() LANGUAGE sql AS 'SELECT 1'"},
		{"or replace spelled apart", schema.KindProcedure, "create or/**/replace procedure p() LANGUAGE sql AS 'SELECT 1'",
			"create or/**/replace procedure p() LANGUAGE sql AS 'SELECT 1'"},
		{"kind differs", schema.KindProcedure, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", ""},
		{"not a routine", schema.KindFunction, "CREATE VIEW f AS SELECT 1", ""},
		{"CREATE in a comment only", schema.KindFunction, "-- CREATE\nFUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", ""},
		{"quoted key word", schema.KindFunction, `"CREATE" FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'`, ""},
		{"a comment that does not end", schema.KindFunction, "/* CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", ""},
		{"empty", schema.KindFunction, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from := &schema.Object{Kind: tc.kind, Schema: "public", Name: "f()", Definition: tc.def}
			to := from.Clone()
			c := change.ReplaceObject{From: from, To: to}
			got, err := change.SQL(c)
			if tc.want == "" {
				if err == nil {
					t.Errorf("SQL = %q, want an error", got)
				}
				if change.Replaceable(from, to) {
					t.Errorf("Replaceable: true")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{set, tc.want}, got); diff != "" {
				t.Errorf("SQL (-want +got):\n%s", diff)
			}
			if to.Definition != tc.def {
				t.Errorf("the change's definition became %q", to.Definition)
			}
			if !change.Replaceable(from, to) {
				t.Errorf("Replaceable: false")
			}
		})
	}
}
