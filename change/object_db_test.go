package change_test

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestObjectChangesOnDatabase creates and drops an object of every kind,
// with hostile names, by the SQL of CreateObject and DropObject (a drop
// built from the identity alone, as a migration file records it), and
// checks that a schema still holding a function is kept by DropSchema.
func TestObjectChangesOnDatabase(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	mustExec(t, db, `CREATE SCHEMA "we.ird"; CREATE TABLE "we.ird"."Tab""le" (id integer, "select" text); CREATE TABLE sentinel (id int)`)
	s := "we.ird"
	tab := `Tab"le`
	objs := []*schema.Object{
		{Kind: schema.KindExtension, Schema: "public", Name: "citext", Definition: `CREATE EXTENSION citext WITH SCHEMA public`},
		{Kind: schema.KindDomain, Schema: s, Name: `dom"ain`, Definition: `CREATE DOMAIN "we.ird"."dom""ain" AS integer CHECK (VALUE > 0)`},
		{Kind: schema.KindCompositeType, Schema: s, Name: "pa;ir", Definition: `CREATE TYPE "we.ird"."pa;ir" AS (x integer)`},
		{Kind: schema.KindSequence, Schema: s, Name: "s'q", Definition: `CREATE SEQUENCE "we.ird"."s'q"`},
		{Kind: schema.KindFunction, Schema: s, Name: `f(n)(a integer, "b c" text)`, Definition: `CREATE FUNCTION "we.ird"."f(n)"(a integer, "b c" text) RETURNS integer LANGUAGE sql AS 'SELECT 1'`},
		{Kind: schema.KindFunction, Schema: s, Name: `t"f()`, Definition: `CREATE FUNCTION "we.ird"."t""f"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`},
		{Kind: schema.KindProcedure, Schema: s, Name: "p()", Definition: `CREATE PROCEDURE "we.ird".p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END`},
		{Kind: schema.KindView, Schema: s, Name: "v.w", Definition: `CREATE VIEW "we.ird"."v.w" AS SELECT id FROM "we.ird"."Tab""le"`},
		{Kind: schema.KindMaterializedView, Schema: s, Name: "m v", Definition: `CREATE MATERIALIZED VIEW "we.ird"."m v" AS SELECT id FROM "we.ird"."Tab""le"`},
		{Kind: schema.KindIndex, Schema: s, Name: "m\"i", Table: "m v", Definition: `CREATE INDEX "m""i" ON "we.ird"."m v" (id)`},
		{Kind: schema.KindTrigger, Schema: s, Name: "select", Table: tab, Definition: `CREATE TRIGGER "select" BEFORE INSERT ON "we.ird"."Tab""le" FOR EACH ROW EXECUTE FUNCTION "we.ird"."t""f"()`},
		{Kind: schema.KindPolicy, Schema: s, Name: "po'l", Table: tab, Definition: `CREATE POLICY "po'l" ON "we.ird"."Tab""le" USING (id > 0)`},
		{Kind: schema.KindRule, Schema: s, Name: "ru le", Table: tab, Definition: `CREATE RULE "ru le" AS ON DELETE TO "we.ird"."Tab""le" DO INSTEAD NOTHING`},
	}
	run := func(c change.Change) {
		t.Helper()
		stmts, err := change.SQL(c)
		if err != nil {
			t.Fatalf("SQL(%s): %v", change.Describe(c), err)
		}
		for _, st := range stmts {
			if _, err := db.ExecContext(ctx, st); err != nil {
				t.Fatalf("%s: %v\n%s", change.Describe(c), err, st)
			}
		}
	}
	for _, o := range objs {
		run(change.CreateObject{Object: o})
	}
	// The drops name the object alone, as op.DropObject records them
	// (a trigger's function first needs the trigger gone: reverse order).
	for i := len(objs) - 1; i >= 0; i-- {
		o := objs[i]
		run(change.DropObject{Object: &schema.Object{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table}})
	}
	var left int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'we.ird')
		+ (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'we.ird' AND c.relkind <> 'r')
		+ (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'we.ird' AND (t.typtype = 'd' OR t.typname = 'pa;ir'))
		+ (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal) + (SELECT count(*) FROM pg_policy) + (SELECT count(*) FROM pg_extension WHERE extname = 'citext')`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d objects left after the drops", left)
	}

	// DROP SCHEMA's block keeps a schema that still holds a function.
	mustExec(t, db, `CREATE SCHEMA util; CREATE FUNCTION util.one() RETURNS integer LANGUAGE sql AS 'SELECT 1'`)
	run(change.DropSchema{Name: "util"})
	if !schemaExists(t, db, "util") {
		t.Errorf("DropSchema dropped a schema holding a function")
	}
	mustExec(t, db, `DROP FUNCTION util.one()`)
	run(change.DropSchema{Name: "util"})
	if schemaExists(t, db, "util") {
		t.Errorf("DropSchema kept an empty schema")
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sentinel`).Scan(&n); err != nil {
		t.Errorf("sentinel: %v", err)
	}
}
