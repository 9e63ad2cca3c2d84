package catalog_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestInspectTableAttrs reads deferrable keys, NO INHERIT checks,
// exclusion constraints in several forms, UNLOGGED, storage parameters
// of tables, TOAST tables and indexes, row security and schema comments,
// under hostile names.
func TestInspectTableAttrs(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	const ddl = `
CREATE SCHEMA "Sch.""q"" ü";
COMMENT ON SCHEMA "Sch.""q"" ü" IS E'it''s "quoted"\nline two';
CREATE UNLOGGED TABLE "Sch.""q"" ü"."T ""1""" (
	id integer,
	"select" text,
	during tstzrange,
	ref integer,
	CONSTRAINT "pk.""x""" PRIMARY KEY (id) WITH (fillfactor = 90) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT u1 UNIQUE ("select") INCLUDE (ref, id) DEFERRABLE,
	CONSTRAINT c1 CHECK (id > 0) NO INHERIT,
	CONSTRAINT "ex ""1""" EXCLUDE USING gist (during WITH &&) INCLUDE ("select") WITH (fillfactor = 70) WHERE (id > 1) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT ex2 EXCLUDE (lower("select") WITH =)
) WITH (fillfactor = 60, autovacuum_enabled = off, toast.autovacuum_enabled = false);
CREATE TABLE "Sch.""q"" ü".other (id integer PRIMARY KEY);
ALTER TABLE "Sch.""q"" ü"."T ""1""" ADD CONSTRAINT f1 FOREIGN KEY (ref) REFERENCES "Sch.""q"" ü".other (id) DEFERRABLE;
ALTER TABLE "Sch.""q"" ü"."T ""1""" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE INDEX ix ON "Sch.""q"" ü"."T ""1""" USING brin (ref) WITH (pages_per_range = 16, autosummarize = on);
COMMENT ON SCHEMA public IS 'not managed';`
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	s, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const nsp = `Sch."q" ü`
	if d := cmp.Diff(map[string]string{nsp: "it's \"quoted\"\nline two"}, s.SchemaComments); d != "" {
		t.Errorf("SchemaComments (-want +got):\n%s", d)
	}
	tb, ok := s.Table(schema.QualifiedName{Schema: nsp, Name: `T "1"`})
	if !ok {
		t.Fatal("no table")
	}
	if d := cmp.Diff(schema.TableAttrs{Unlogged: true, Options: []string{"autovacuum_enabled=off", "fillfactor=60", "toast.autovacuum_enabled=false"},
		RowSecurity: true, ForceRowSecurity: true}, tb.Attrs()); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
	if d := cmp.Diff(&schema.PrimaryKey{Name: `pk."x"`, Columns: []string{"id"}, Deferrable: true, InitiallyDeferred: true, Options: []string{"fillfactor=90"}}, tb.PrimaryKey); d != "" {
		t.Errorf("primary key (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]*schema.Unique{{Name: "u1", Columns: []string{"select"}, Include: []string{"ref", "id"}, Deferrable: true}}, tb.Uniques); d != "" {
		t.Errorf("uniques (-want +got):\n%s", d)
	}
	if fk := tb.ForeignKeys[0]; !fk.Deferrable || fk.InitiallyDeferred {
		t.Errorf("foreign key = %+v, want deferrable", fk)
	}
	if d := cmp.Diff([]*schema.Check{{Name: "c1", Expr: "id > 0", NoInherit: true}}, tb.Checks); d != "" {
		t.Errorf("checks (-want +got):\n%s", d)
	}
	want := []*schema.Exclusion{
		{Name: `ex "1"`, Definition: `USING gist (during WITH &&) INCLUDE ("select") WITH (fillfactor='70') WHERE (id > 1)`, Deferrable: true, InitiallyDeferred: true},
		{Name: "ex2", Definition: `USING btree (lower("select") WITH =)`},
	}
	if d := cmp.Diff(want, tb.Exclusions); d != "" {
		t.Errorf("exclusions (-want +got):\n%s", d)
	}
	// The indexes of the exclusion constraints are theirs, not the
	// table's.
	if len(tb.Indexes) != 1 || !cmp.Equal(tb.Indexes[0].Options, []string{"autosummarize=on", "pages_per_range=16"}) {
		t.Errorf("indexes = %+v", tb.Indexes)
	}
}
