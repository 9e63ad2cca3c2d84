package differ_test

import (
	"slices"
	"testing"

	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

// TestReplaceRoutine: a function or procedure whose definition, as the
// models or the migrations write it (CREATE FUNCTION, not pg_get_functiondef's
// CREATE OR REPLACE), changes but keeps its signature and return type is
// replaced in place, and a trigger that uses it stays; one that changes
// what CREATE OR REPLACE may not is dropped and created again, with the
// trigger.
func TestReplaceRoutine(t *testing.T) {
	t.Parallel()
	routine := func(kind schema.ObjectKind, name, def string) *schema.Object {
		return &schema.Object{Kind: kind, Schema: "public", Name: name, Definition: def}
	}
	fn := func(name, def string) *schema.Object { return routine(schema.KindFunction, name, def) }
	const touch = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"
	trg := func(f *schema.Object) *schema.Object {
		return &schema.Object{Kind: schema.KindTrigger, Schema: "public", Name: "t_touch", Table: "t",
			Definition: "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()",
			DependsOn:  []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "t"}, objDep(f)}}
	}
	const add1 = "CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$"
	const dflt = "CREATE FUNCTION d(a integer DEFAULT 1) RETURNS integer LANGUAGE sql AS $$ SELECT a $$"
	tests := []struct {
		name     string
		from, to []*schema.Object
		want     []string
	}{
		{
			name: "body changed: replaced, the trigger stays",
			from: []*schema.Object{fn("touch()", touch), trg(fn("touch()", touch))},
			to: []*schema.Object{fn("touch()", "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$"),
				trg(fn("touch()", touch))},
			want: []string{"replace function touch()"},
		},
		{
			name: "body changed, written CREATE OR REPLACE on one side",
			from: []*schema.Object{fn("add1(a integer)", add1)},
			to:   []*schema.Object{fn("add1(a integer)", "create or replace function add1(a int) returns int language sql as $$ SELECT a + 2 $$")},
			want: []string{"replace function add1(a integer)"},
		},
		{
			name: "procedure body changed",
			from: []*schema.Object{routine(schema.KindProcedure, "p(a bigint)", "CREATE PROCEDURE p(a bigint) LANGUAGE sql AS $$ SELECT 1 $$")},
			to:   []*schema.Object{routine(schema.KindProcedure, "p(a bigint)", "CREATE PROCEDURE p(a bigint) LANGUAGE sql AS $$ SELECT 2 $$")},
			want: []string{"replace procedure p(a bigint)"},
		},
		{
			name: "return type changed: rebuilt with the trigger",
			from: []*schema.Object{fn("touch()", touch), trg(fn("touch()", touch))},
			to: []*schema.Object{fn("touch()", "CREATE FUNCTION touch() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$"),
				trg(fn("touch()", touch))},
			want: []string{"drop trigger t_touch on t", "drop function touch()", "create function touch()", "create trigger t_touch on t"},
		},
		{
			name: "default changed",
			from: []*schema.Object{fn("d(a integer)", dflt)},
			to:   []*schema.Object{fn("d(a integer)", "CREATE FUNCTION d(a integer DEFAULT 2) RETURNS integer LANGUAGE sql AS $$ SELECT a $$")},
			want: []string{"drop function d(a integer)", "create function d(a integer)"},
		},
		{
			name: "OUT parameter changed",
			from: []*schema.Object{fn("o(a integer)", "CREATE FUNCTION o(a integer, OUT b integer) LANGUAGE sql AS $$ SELECT a $$")},
			to:   []*schema.Object{fn("o(a integer)", "CREATE FUNCTION o(a integer, OUT c integer) LANGUAGE sql AS $$ SELECT a $$")},
			want: []string{"drop function o(a integer)", "create function o(a integer)"},
		},
		{
			name: "a definition that does not parse is rebuilt",
			from: []*schema.Object{fn("add1(a integer)", add1)},
			to:   []*schema.Object{fn("add1(a integer)", "CREATE FUNCTION add1(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 2")},
			want: []string{"drop function add1(a integer)", "create function add1(a integer)"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			t1 := func() *tb { return tbl("t").col("id", "integer") }
			cs, err := differ.Diff(withObjects(db(t1()), tc.from...), withObjects(db(t1()), tc.to...))
			if err != nil {
				t.Fatal(err)
			}
			if got := describeEach(cs); !slices.Equal(got, tc.want) {
				t.Errorf("plan:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}
