package catalog_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// objectsDDL holds one object of every kind, with hostile names: quotes,
// dots, unicode, reserved words and overloaded functions.
const objectsDDL = `
CREATE EXTENSION citext;
CREATE SCHEMA "we.ird";
CREATE TABLE "we.ird"."Tab""le" (id integer PRIMARY KEY, "select" text, e citext);
CREATE VIEW "we.ird"."v.iew" WITH (security_barrier = true) AS
	SELECT id, "select" FROM "we.ird"."Tab""le" WHERE id > 0 WITH LOCAL CHECK OPTION;
CREATE VIEW "we.ird"."on view" AS SELECT id FROM "we.ird"."v.iew";
CREATE MATERIALIZED VIEW "we.ird".mv AS SELECT id, e FROM "we.ird"."Tab""le" WITH NO DATA;
CREATE UNIQUE INDEX "mv id" ON "we.ird".mv (id);
CREATE FUNCTION "we.ird"."add""s"(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION "we.ird"."add""s"(a text) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT a || 'x'; END;
CREATE FUNCTION "we.ird".trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE PROCEDURE "we.ird"."prö"(INOUT n integer) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
CREATE TRIGGER "trig""ger" BEFORE UPDATE OF "select" ON "we.ird"."Tab""le" FOR EACH ROW EXECUTE FUNCTION "we.ird".trg();
CREATE POLICY "select" ON "we.ird"."Tab""le" AS RESTRICTIVE FOR SELECT TO postgres USING (id > 0);
CREATE POLICY p2 ON "we.ird"."Tab""le" FOR INSERT WITH CHECK ("select" <> '');
CREATE RULE "no delete" AS ON DELETE TO "we.ird"."Tab""le" DO INSTEAD NOTHING;
CREATE DOMAIN "we.ird".posint AS integer DEFAULT 1 NOT NULL CONSTRAINT "pos itive" CHECK (VALUE > 0);
CREATE TYPE "we.ird".pair AS (x "we.ird".posint, "y y" text COLLATE "C");
CREATE SEQUENCE "we.ird"."séq" AS smallint START 5 INCREMENT 2 CYCLE;
CREATE TABLE "we.ird".owned (id serial, k bigint GENERATED ALWAYS AS IDENTITY, n bigint);
CREATE SEQUENCE "we.ird".loose OWNED BY "we.ird".owned.n;
CREATE AGGREGATE "we.ird".mysum(integer) (sfunc = int4pl, stype = integer);
CREATE AGGREGATE "we.ird".addsum(integer) (sfunc = "we.ird"."add""s", stype = integer);
CREATE COLLATION "we.ird"."ci coll" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE STATISTICS "we.ird"."st""x" (ndistinct) ON id, "select" FROM "we.ird"."Tab""le";
CREATE SCHEMA other;
CREATE VIEW other.outside AS SELECT "select", id FROM "we.ird"."Tab""le";
`

// TestInspectObjects reads one object of every kind: its identity, its
// definition as built from the catalog, and its dependencies. Owned
// sequences, aggregates and extension members are not read; a view in a
// schema not read that depends on a table read is a dependant.
func TestInspectObjects(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, objectsDDL); err != nil {
		t.Fatal(err)
	}
	got, err := catalog.Inspect(ctx, db, catalog.Options{Schemas: []string{"public", "we.ird"}})
	if err != nil {
		t.Fatal(err)
	}
	tab := func(col string) schema.Dependency {
		return schema.Dependency{Kind: schema.KindTable, Schema: "we.ird", Name: `Tab"le`, Column: col}
	}
	want := []*schema.Object{
		{Kind: schema.KindCollation, Schema: "we.ird", Name: "ci coll",
			Definition: `CREATE COLLATION "we.ird"."ci coll" (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`},
		{Kind: schema.KindDomain, Schema: "we.ird", Name: "posint",
			Definition: `CREATE DOMAIN "we.ird"."posint" AS integer DEFAULT 1 NOT NULL CONSTRAINT "pos itive" CHECK ((VALUE > 0))`},
		{Kind: schema.KindExtension, Schema: "public", Name: "citext", Definition: `CREATE EXTENSION "citext" WITH SCHEMA "public"`},
		{Kind: schema.KindFunction, Schema: "we.ird", Name: `add"s(a integer, b integer)`,
			Definition: "CREATE OR REPLACE FUNCTION \"we.ird\".\"add\"\"s\"(a integer, b integer)\n RETURNS integer\n LANGUAGE sql\n IMMUTABLE\nAS $function$ SELECT a + b $function$"},
		{Kind: schema.KindFunction, Schema: "we.ird", Name: `add"s(a text)`,
			Definition: "CREATE OR REPLACE FUNCTION \"we.ird\".\"add\"\"s\"(a text)\n RETURNS text\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT (a || 'x'::text);\nEND"},
		{Kind: schema.KindFunction, Schema: "we.ird", Name: "trg()",
			Definition: "CREATE OR REPLACE FUNCTION \"we.ird\".trg()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$"},
		{Kind: schema.KindIndex, Schema: "we.ird", Name: "mv id", Table: "mv",
			Definition: `CREATE UNIQUE INDEX "mv id" ON "we.ird".mv USING btree (id)`,
			DependsOn:  []schema.Dependency{{Kind: schema.KindMaterializedView, Schema: "we.ird", Name: "mv"}}},
		{Kind: schema.KindMaterializedView, Schema: "we.ird", Name: "mv",
			Definition: "CREATE MATERIALIZED VIEW \"we.ird\".\"mv\" AS\n SELECT \"Tab\"\"le\".id,\n    \"Tab\"\"le\".e\n   FROM \"we.ird\".\"Tab\"\"le\"",
			DependsOn:  []schema.Dependency{{Kind: schema.KindExtension, Schema: "public", Name: "citext"}, tab("e"), tab("id")}},
		{Kind: schema.KindPolicy, Schema: "we.ird", Name: "p2", Table: `Tab"le`,
			Definition: `CREATE POLICY "p2" ON "we.ird"."Tab""le" AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK (("select" <> ''::text))`,
			DependsOn:  []schema.Dependency{tab(""), tab("select")}},
		{Kind: schema.KindPolicy, Schema: "we.ird", Name: "select", Table: `Tab"le`,
			Definition: `CREATE POLICY "select" ON "we.ird"."Tab""le" AS RESTRICTIVE FOR SELECT TO "postgres" USING ((id > 0))`,
			DependsOn:  []schema.Dependency{tab(""), tab("id")}},
		{Kind: schema.KindProcedure, Schema: "we.ird", Name: "prö(INOUT n integer)",
			Definition: "CREATE OR REPLACE PROCEDURE \"we.ird\".\"prö\"(INOUT n integer)\n LANGUAGE plpgsql\nAS $procedure$ BEGIN n := n + 1; END $procedure$"},
		{Kind: schema.KindRule, Schema: "we.ird", Name: "no delete", Table: `Tab"le`,
			Definition: "CREATE RULE \"no delete\" AS\n    ON DELETE TO \"we.ird\".\"Tab\"\"le\" DO INSTEAD NOTHING",
			DependsOn:  []schema.Dependency{tab("")}},
		// Owned by a column whose default it is not: no serial
		// column's, so a sequence of its own.
		{Kind: schema.KindSequence, Schema: "we.ird", Name: "loose",
			Definition: `CREATE SEQUENCE "we.ird"."loose" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE`,
			DependsOn:  []schema.Dependency{{Kind: schema.KindTable, Schema: "we.ird", Name: "owned", Column: "n"}}},
		{Kind: schema.KindSequence, Schema: "we.ird", Name: "séq",
			Definition: `CREATE SEQUENCE "we.ird"."séq" AS smallint INCREMENT BY 2 MINVALUE 1 MAXVALUE 32767 START WITH 5 CACHE 1 CYCLE`},
		{Kind: schema.KindStatistics, Schema: "we.ird", Name: `st"x`, Table: `Tab"le`,
			Definition: `CREATE STATISTICS "we.ird"."st""x" (ndistinct) ON id, "select" FROM "we.ird"."Tab""le"`,
			DependsOn:  []schema.Dependency{tab("id"), tab("select")}},
		{Kind: schema.KindTrigger, Schema: "we.ird", Name: `trig"ger`, Table: `Tab"le`,
			Definition: `CREATE TRIGGER "trig""ger" BEFORE UPDATE OF "select" ON "we.ird"."Tab""le" FOR EACH ROW EXECUTE FUNCTION "we.ird".trg()`,
			DependsOn:  []schema.Dependency{{Kind: schema.KindFunction, Schema: "we.ird", Name: "trg()"}, tab(""), tab("select")}},
		{Kind: schema.KindCompositeType, Schema: "we.ird", Name: "pair",
			Definition: `CREATE TYPE "we.ird"."pair" AS ("x" "we.ird".posint, "y y" text COLLATE "pg_catalog"."C")`,
			DependsOn:  []schema.Dependency{{Kind: schema.KindDomain, Schema: "we.ird", Name: "posint"}}},
		{Kind: schema.KindView, Schema: "we.ird", Name: "on view",
			Definition: "CREATE VIEW \"we.ird\".\"on view\" AS\n SELECT \"v.iew\".id\n   FROM \"we.ird\".\"v.iew\"",
			DependsOn:  []schema.Dependency{{Kind: schema.KindView, Schema: "we.ird", Name: "v.iew"}}},
		{Kind: schema.KindView, Schema: "we.ird", Name: "v.iew",
			Definition: "CREATE VIEW \"we.ird\".\"v.iew\" WITH (security_barrier=true) AS\n SELECT \"Tab\"\"le\".id,\n    \"Tab\"\"le\".\"select\"\n   FROM \"we.ird\".\"Tab\"\"le\"\n  WHERE (\"Tab\"\"le\".id > 0) WITH LOCAL CHECK OPTION",
			DependsOn:  []schema.Dependency{tab("id"), tab("select")}},
	}
	if d := cmp.Diff(want, got.Objects); d != "" {
		t.Errorf("objects (-want +got):\n%s", d)
	}
	wantDependants := []*schema.Unmanaged{
		{Kind: "aggregate", Name: "we.ird.addsum(integer)", DependsOn: []schema.Dependency{{Kind: schema.KindFunction, Schema: "we.ird", Name: `add"s(a integer, b integer)`}}},
		{Kind: "view", Name: "other.outside", DependsOn: []schema.Dependency{tab("id"), tab("select")}}, // sorted
	}
	if d := cmp.Diff(wantDependants, got.Dependants); d != "" {
		t.Errorf("dependants (-want +got):\n%s", d)
	}
	// Every definition is one statement, as rendering checks it.
	for _, o := range got.Objects {
		if err := schema.CheckFragment(schema.Fragment{Kind: schema.FragmentStatement, Text: o.Definition}); err != nil {
			t.Errorf("%s: %v", o.ID(), err)
		}
	}
}
