package differ_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// Tests of the objects managed by their definition (differ/objects.go);
// the database round trips are corpus cases 200-269.

func view(name, def string, deps ...schema.Dependency) *schema.Object {
	q := schema.ParseQualifiedName(name)
	return &schema.Object{Kind: schema.KindView, Schema: q.Schema, Name: q.Name, Definition: def, DependsOn: deps}
}

func colDep(table, col string) schema.Dependency {
	q := schema.ParseQualifiedName(table)
	return schema.Dependency{Kind: schema.KindTable, Schema: q.Schema, Name: q.Name, Column: col}
}

func objDep(o *schema.Object) schema.Dependency {
	return schema.Dependency{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table}
}

func withObjects(s *schema.Schema, objs ...*schema.Object) *schema.Schema {
	s.Objects = append(s.Objects, objs...)
	return s
}

// describeEach returns the Describe of each change.
func describeEach(cs []change.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = change.Describe(c)
	}
	return out
}

func TestDiffObjects(t *testing.T) {
	t.Parallel()
	fn := &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: "f(a integer)",
		Definition: "CREATE OR REPLACE FUNCTION public.f(a integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT a$function$"}
	fnBody := fn.Clone()
	fnBody.Definition = strings.Replace(fn.Definition, "SELECT a", "SELECT a + 1", 1)
	fnRet := fn.Clone()
	fnRet.Definition = strings.Replace(fn.Definition, "RETURNS integer", "RETURNS bigint", 1)
	v1 := view("v1", "CREATE VIEW v1 AS SELECT a FROM t", colDep("t", "a"))
	v2 := view("v2", "CREATE VIEW v2 AS SELECT a FROM v1", objDep(v1))
	vf := view("vf", "CREATE VIEW vf AS SELECT f(1)", objDep(fn))
	trg := &schema.Object{Kind: schema.KindTrigger, Schema: "public", Name: "trg", Table: "t", Definition: "CREATE TRIGGER trg ...",
		DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "t"}, objDep(fn)}}
	dom := &schema.Object{Kind: schema.KindDomain, Schema: "public", Name: "pos", Definition: "CREATE DOMAIN pos AS integer"}
	fnCol := fn.Clone()
	fnCol.DependsOn = []schema.Dependency{colDep("t", "a")}
	fnColBody := fnCol.Clone()
	fnColBody.Definition = fnBody.Definition
	t1 := func() *tb { return tbl("t").col("id", "integer").null("a", "integer") }
	tColl := func(coll string) *schema.Schema {
		s := db(tbl("t").col("id", "integer").null("a", "text"))
		s.Tables[0].Columns[1].Collation = coll
		return s
	}
	t2 := func() *tb { return tbl("t").col("id", "integer").null("a", "bigint") }

	tests := []struct {
		name     string
		from, to *schema.Schema
		want     []string
	}{
		{
			name: "a view is created after its table, a domain before",
			from: db(),
			to:   withObjects(db(t1()), v1, dom),
			want: []string{"create domain pos", "create table t", "create view v1"},
		},
		{
			name: "dropped: the view before its table, the domain after",
			from: withObjects(db(t1()), v1, dom),
			to:   db(),
			want: []string{"drop view v1", "drop table t", "drop domain pos"},
		},
		{
			name: "a view on a view is created after it and dropped before it",
			from: db(t1()),
			to:   withObjects(db(t1()), v2, v1),
			want: []string{"create view v1", "create view v2"},
		},
		{
			name: "a retyped column rebuilds the views on it, transitively",
			from: withObjects(db(t1()), v1, v2),
			to:   withObjects(db(t2()), v1, v2),
			want: []string{"drop view v2", "drop view v1", "alter column t.a: type integer -> bigint",
				"create view v1", "create view v2"},
		},
		{
			name: "a column whose collation changes rebuilds the views on it",
			from: withObjects(tColl(""), v1),
			to:   withObjects(tColl(`"C"`), v1),
			want: []string{"drop view v1", `alter column t.a: collation none -> "C"`, "create view v1"},
		},
		{
			name: "a function whose body changes is replaced; what uses it stays",
			from: withObjects(db(t1()), fn, vf, trg),
			to:   withObjects(db(t1()), fnBody, vf, trg),
			want: []string{"replace function f(a integer)"},
		},
		{
			name: "a replaceable function on a retyped column is rebuilt, not also replaced",
			from: withObjects(db(t1()), fnCol),
			to:   withObjects(db(t2()), fnColBody),
			want: []string{"drop function f(a integer)", "alter column t.a: type integer -> bigint",
				"create function f(a integer)"},
		},
		{
			name: "a function whose return type changes is rebuilt, with what uses it",
			from: withObjects(db(t1()), fn, vf, trg),
			to:   withObjects(db(t1()), fnRet, vf, trg),
			want: []string{"drop view vf", "drop trigger trg on t", "drop function f(a integer)",
				"create function f(a integer)", "create trigger trg on t", "create view vf"},
		},
		{
			name: "unchanged objects on an unchanged table make no change",
			from: withObjects(db(t1()), fn, v1, v2, trg, dom),
			to:   withObjects(db(t1()), dom, trg, v2, v1, fn),
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := differ.Diff(tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, describeEach(got), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("changes (-want +got):\n%s", d)
			}
			down, ok := change.ReverseAll(got)
			if !ok {
				t.Fatal("the plan does not reverse")
			}
			back, err := differ.Diff(tc.to, tc.from)
			if err != nil {
				t.Fatal(err)
			}
			if len(back) != len(down) {
				t.Errorf("the reverse plan has %d changes, the reverse diff %d", len(down), len(back))
			}
		})
	}
}

// TestDiffObjectsRefused: a plan that drops or retypes what an object
// schemagen does not manage depends on is refused, naming each
// dependant; so is the drop of a domain a kept column uses.
func TestDiffObjectsRefused(t *testing.T) {
	t.Parallel()
	t1 := func() *tb { return tbl("t").col("id", "integer").null("a", "integer") }
	dom := &schema.Object{Kind: schema.KindDomain, Schema: "public", Name: "pos", Definition: "CREATE DOMAIN pos AS integer"}
	tests := []struct {
		name      string
		from, to  *schema.Schema
		wantLines []string
	}{
		{
			name: "a view in a schema not read on a retyped column",
			from: func() *schema.Schema {
				s := db(t1())
				s.Dependants = []*schema.Unmanaged{{Kind: "view", Name: "reporting.totals", DependsOn: []schema.Dependency{colDep("t", "a")}}}
				return s
			}(),
			to:        db(tbl("t").col("id", "integer").null("a", "bigint")),
			wantLines: []string{"view reporting.totals (not managed) depends on column t.a, which the plan changes the type of"},
		},
		{
			name: "an unmanaged aggregate on a dropped table",
			from: func() *schema.Schema {
				s := db(t1(), tbl("u").col("x", "integer"))
				s.Unmanaged = []*schema.Unmanaged{{Kind: "aggregate", Name: "public.agg(t)", DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "t"}}}}
				return s
			}(),
			to:        db(tbl("u").col("x", "integer")),
			wantLines: []string{"aggregate public.agg(t) (not managed) depends on table t, which the plan drops"},
		},
		{
			name:      "a domain dropped while a kept column uses it",
			from:      withObjects(db(tbl("t").null("p", "pos")), dom),
			to:        db(tbl("t").null("p", "pos")),
			wantLines: []string{"column t.p uses domain pos, which the plan drops"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := differ.Diff(tc.from, tc.to)
			var de *differ.ObjectDependencyError
			if !errors.As(err, &de) {
				t.Fatalf("Diff error = %v, want an ObjectDependencyError", err)
			}
			if d := cmp.Diff(tc.wantLines, de.Lines); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
		})
	}
	// A rename is followed by PostgreSQL: not refused. A domain whose
	// column goes first may go.
	ok := withObjects(db(tbl("t").null("p", "pos")), dom)
	if _, err := differ.Diff(ok, db(tbl("t").null("p", "integer"))); err != nil {
		t.Errorf("retyping the column off the domain and dropping it: %v", err)
	}
}

// TestDiffRefusesForDependantsNotRead: a view in a schema not read
// depends on a column whose type the plan changes, and an aggregate (a
// kind not managed) on a function the plan rebuilds: Diff refuses,
// naming both, before anything runs.
func TestDiffRefusesForDependantsNotRead(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `
CREATE TABLE t (id integer, a integer);
CREATE FUNCTION add2(s integer, v integer) RETURNS integer LANGUAGE sql AS 'SELECT s + v';
CREATE AGGREGATE total(integer) (sfunc = add2, stype = integer);
CREATE SCHEMA reporting;
CREATE VIEW reporting.v AS SELECT a FROM public.t;`); err != nil {
		t.Fatal(err)
	}
	from, err := catalog.Inspect(ctx, db, catalog.Options{Schemas: []string{"public"}})
	if err != nil {
		t.Fatal(err)
	}
	to := from.Clone()
	to.Tables[0].Columns[1].Type = "bigint"
	for _, o := range to.Objects {
		if o.Kind == schema.KindFunction {
			o.Definition = strings.Replace(o.Definition, "RETURNS integer", "RETURNS bigint", 1)
		}
	}
	_, err = differ.Diff(from, to)
	var de *differ.ObjectDependencyError
	if !errors.As(err, &de) {
		t.Fatalf("Diff error = %v, want an ObjectDependencyError", err)
	}
	want := []string{
		"aggregate public.total(integer) (not managed) depends on function add2(s integer, v integer), which the plan drops and creates again",
		"view reporting.v (not managed) depends on column t.a, which the plan changes the type of",
	}
	if d := cmp.Diff(want, de.Lines); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
}

// TestDiffRefusesForTableParts: a column default or generation
// expression, check constraint or index that uses a function or sequence
// the plan drops and creates again (before the tables change), or drops
// for good while it stays, is refused, naming it (the plan failed on the
// database: "cannot drop function f() because other objects depend on
// it"); one that changes or goes first lets it go.
func TestDiffRefusesForTableParts(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `
CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION g(integer) RETURNS integer IMMUTABLE LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION h(integer) RETURNS integer IMMUTABLE LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION k(integer) RETURNS integer IMMUTABLE LANGUAGE sql AS 'SELECT $1';
CREATE SEQUENCE s;
CREATE TABLE t (id integer DEFAULT nextval('s'), a integer DEFAULT f(), b integer GENERATED ALWAYS AS (g(id)) STORED,
	CONSTRAINT c CHECK (h(id) > 0));
CREATE INDEX i ON t (k(a));`); err != nil {
		t.Fatal(err)
	}
	from, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(fn func(to *schema.Schema)) *schema.Schema {
		to := from.Clone()
		fn(to)
		return to
	}
	retype := func(name string) func(*schema.Schema) {
		return func(to *schema.Schema) {
			for _, o := range to.Objects {
				if o.Kind == schema.KindFunction && strings.HasPrefix(o.Name, name+"(") {
					o.Definition = strings.Replace(o.Definition, "RETURNS integer", "RETURNS bigint", 1)
				}
			}
		}
	}
	drop := func(kind schema.ObjectKind, name string) func(*schema.Schema) {
		return func(to *schema.Schema) {
			to.Objects = slices.DeleteFunc(to.Objects, func(o *schema.Object) bool {
				return o.Kind == kind && strings.HasPrefix(o.Name, name)
			})
		}
	}
	col := func(to *schema.Schema, name string) *schema.Column {
		c, _ := to.Tables[0].Column(name)
		return c
	}
	tests := []struct {
		name string
		to   *schema.Schema
		want []string // nil: not refused
	}{
		{name: "function rebuilt", to: edit(retype("f")),
			want: []string{"column default public.t.a depends on function f(), which the plan drops and creates again"}},
		{name: "generation expression's function rebuilt", to: edit(retype("g")),
			want: []string{"column default public.t.b depends on function g(integer), which the plan drops and creates again"}},
		{name: "function dropped, default kept", to: edit(drop(schema.KindFunction, "f(")),
			want: []string{"column default public.t.a depends on function f(), which the plan drops"}},
		{name: "sequence dropped, default kept", to: edit(drop(schema.KindSequence, "s")),
			want: []string{"column default public.t.id depends on sequence s, which the plan drops"}},
		{name: "check's function rebuilt", to: edit(retype("h")),
			want: []string{"check constraint c on public.t depends on function h(integer), which the plan drops and creates again"}},
		{name: "index's function dropped, index kept", to: edit(drop(schema.KindFunction, "k(")),
			want: []string{"index public.i depends on function k(integer), which the plan drops"}},
		{name: "index's function dropped with the index", to: edit(func(to *schema.Schema) {
			drop(schema.KindFunction, "k(")(to)
			to.Tables[0].Indexes = nil
		})},
		{name: "check's function dropped, check changed", to: edit(func(to *schema.Schema) {
			drop(schema.KindFunction, "h(")(to)
			to.Tables[0].Checks[0].Expr = "id > 0"
		})},
		{name: "function dropped, default changed", to: edit(func(to *schema.Schema) {
			drop(schema.KindFunction, "f(")(to)
			col(to, "a").Default = "1"
		})},
		{name: "function dropped with its column", to: edit(func(to *schema.Schema) {
			drop(schema.KindFunction, "f(")(to)
			to.Tables[0].Columns = slices.DeleteFunc(to.Tables[0].Columns, func(c *schema.Column) bool { return c.Name == "a" })
		})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := differ.Diff(from, tc.to)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Diff: %v", err)
				}
				return
			}
			var de *differ.ObjectDependencyError
			if !errors.As(err, &de) {
				t.Fatalf("Diff error = %v, want an ObjectDependencyError", err)
			}
			if d := cmp.Diff(tc.want, de.Lines); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
		})
	}
}
