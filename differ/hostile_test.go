package differ_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// Hostile names: each is a valid PostgreSQL identifier (at most 63 bytes)
// that breaks SQL built by pasting it in.
const (
	hostileSchema = `we"ird; DROP TABLE x; --`
	mixedSchema   = `Mixed Case`
	hostileTable  = `we"ird; DROP TABLE x; --`
	quoteTable    = `it's`
	dottedTable   = `dot.ted`
	hostileEnum   = `Mood'); DROP TABLE x; --`
	// hostileEnumType spells hostileEnum as a column type, as catalog
	// spells it: schema-qualified, each part in double quotes.
	hostileEnumType = `"we""ird; DROP TABLE x; --"."Mood'); DROP TABLE x; --"`
	// sentinel is the table the hostile names try to drop.
	sentinel = "x"
)

// hostileModel returns a schema whose every name — schemas, tables,
// columns, constraints, indexes, enums and enum values — and comment holds
// quotes, semicolons, spaces, backslashes, dollar signs, upper case or
// non-ASCII letters.
func hostileModel() *schema.Schema {
	weird := &schema.Table{
		Schema: hostileSchema,
		Name:   hostileTable,
		Columns: []*schema.Column{
			{Name: "Mixed Case", Type: "bigint", Identity: true},
			{Name: "it's", Type: "text", Nullable: true, Default: `'it''s; DROP TABLE x; --'::text`, Comment: `it's a "comment"; DROP TABLE x; --`},
			{Name: `back\slash`, Type: "text", Nullable: true, Comment: `\'; DROP TABLE x; -- \`},
			{Name: "dollar$$sign", Type: "integer"},
			{Name: "ünïcödé ☃", Type: "text", Nullable: true},
			{Name: `"; DROP TABLE x; --`, Type: hostileEnumType, Default: `'$$dollar$$'::"we""ird; DROP TABLE x; --"."Mood'); DROP TABLE x; --"`},
			{Name: "a.b", Type: hostileEnumType + "[]", Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Name: `pk "q"; DROP TABLE x; --`, Columns: []string{"Mixed Case"}},
		Uniques:    []*schema.Unique{{Name: `uq 'x'; DROP TABLE x; --`, Columns: []string{"it's", `back\slash`}}},
		Indexes: []*schema.Index{
			{Name: `ix "x"; DROP TABLE x; --`, Columns: []string{"ünïcödé ☃"}, Include: []string{"dollar$$sign"}},
			{Name: `ix partial $$`, Columns: []string{`back\slash`}, Where: `"dollar$$sign" > 0`},
		},
		Checks:  []*schema.Check{{Name: `chk'); DROP TABLE x; --`, Expr: `"dollar$$sign" > 0`}},
		Comment: `'; DROP TABLE x; -- it's \ "quoted" $$`,
	}
	ref := &schema.Table{
		Schema: mixedSchema,
		Name:   quoteTable,
		Columns: []*schema.Column{
			{Name: "ID", Type: "integer"},
			{Name: "Ref; --", Type: "bigint", Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Name: "it's_pkey", Columns: []string{"ID"}},
		ForeignKeys: []*schema.ForeignKey{{
			Name:       `fk "a"; DROP TABLE x; --`,
			Columns:    []string{"Ref; --"},
			RefSchema:  hostileSchema,
			RefTable:   hostileTable,
			RefColumns: []string{"Mixed Case"},
			OnDelete:   "CASCADE",
		}},
		Comment: "Ünïcödé $tag$ comment $tag$",
	}
	dotted := &schema.Table{
		Schema:  schema.DefaultSchema,
		Name:    dottedTable,
		Columns: []*schema.Column{{Name: "a.b", Type: "text", Comment: "it's"}},
		Uniques: []*schema.Unique{{Name: "dot.ted_a.b_key", Columns: []string{"a.b"}}},
	}
	return &schema.Schema{
		Schemas: []string{mixedSchema, hostileSchema},
		Enums: []*schema.Enum{{
			Schema: hostileSchema,
			Name:   hostileEnum,
			Values: []string{"it's", `"quoted"`, `back\slash`, "$$dollar$$", "Ünï cödé", "'); DROP TYPE x; --"},
		}},
		Tables: []*schema.Table{dotted, weird, ref},
	}
}

// TestHostileNames creates a schema of hostile names through the SQL of
// migrate, reads it back with catalog, and undoes it: the database must
// hold exactly the model, then nothing of it, and the sentinel table x —
// the target of every injection attempt — must survive with its row.
func TestHostileNames(t *testing.T) {
	t.Parallel()
	pg, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := pg.ExecContext(ctx, `CREATE TABLE public.x (id integer); INSERT INTO public.x VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	model := hostileModel()

	up, err := differ.Diff(&schema.Schema{}, model)
	if err != nil {
		t.Fatalf("Diff(empty, model): %v", err)
	}
	down, ok := change.ReverseAll(up)
	if !ok {
		t.Fatal("ReverseAll(up) not ok")
	}
	apply(t, pg, "create", up)
	assertSchema(t, pg, "after create", model)

	// Changes between two hostile schemas: new column, index, check and
	// enum value, changed comments, column type and foreign key, dropped
	// objects; undone, the enum is rebuilt without the new value.
	changed := hostileModel()
	weird := changed.Tables[1]
	weird.Columns = append(weird.Columns, &schema.Column{Name: `new "col"; --`, Type: "text", Nullable: true, Default: `'$q$'::text`, Comment: "new; --"})
	weird.Columns[3].Type = "bigint"                    // dollar$$sign
	weird.Columns[2].Comment = ""                       // back\slash
	weird.Columns[4].Comment = "ünï'; DROP TABLE x; --" // ünïcödé ☃
	weird.Comment = `changed "comment"; --`
	weird.Indexes = weird.Indexes[:1]
	weird.Indexes = append(weird.Indexes, &schema.Index{Name: `ix new '; --`, Columns: []string{`new "col"; --`, "it's"}, Unique: true})
	weird.Checks = append(weird.Checks, &schema.Check{Name: `chk new "; --`, Expr: `"it's" <> ''::text`})
	weird.Uniques = nil
	changed.Enums[0].Values = append(changed.Enums[0].Values, `new'); DROP TYPE x; --`)
	changed.Tables[2].ForeignKeys[0].OnDelete = "SET NULL"
	steps, err := differ.Diff(model, changed)
	if err != nil {
		t.Fatalf("Diff(model, changed): %v", err)
	}
	back, ok := change.ReverseAll(steps)
	if !ok {
		t.Fatal("ReverseAll(steps) not ok")
	}
	apply(t, pg, "change", steps)
	assertSchema(t, pg, "after change", changed)
	apply(t, pg, "change back", back)
	assertSchema(t, pg, "after change back", model)

	// Renames to and from hostile names.
	mainQ := schema.QualifiedName{Schema: hostileSchema, Name: hostileTable}
	renamedQ := schema.QualifiedName{Schema: mixedSchema, Name: `renamed "t"; DROP TABLE x; --`}
	renames := []change.Change{
		change.RenameColumn{Table: mainQ, From: "it's", To: `it''s "renamed"; --`},
		change.RenameIndex{Table: mainQ, From: `ix "x"; DROP TABLE x; --`, To: `ix renamed '; --`},
		change.RenameConstraint{Table: mainQ, From: `chk'); DROP TABLE x; --`, To: `chk renamed "; --`},
		change.RenameTable{From: mainQ, To: renamedQ},
	}
	renamed, err := plan.Replay(model, renames)
	if err != nil {
		t.Fatalf("Replay(renames): %v", err)
	}
	unrenames, ok := change.ReverseAll(renames)
	if !ok {
		t.Fatal("ReverseAll(renames) not ok")
	}
	apply(t, pg, "rename", renames)
	assertSchema(t, pg, "after rename", renamed)
	apply(t, pg, "rename back", unrenames)

	apply(t, pg, "drop", down)
	if got := inspect(t, pg); !cmp.Equal(got, &schema.Schema{}) {
		t.Errorf("after drop, the database holds %s", cmp.Diff(&schema.Schema{}, got))
	}
	var n int
	if err := pg.QueryRowContext(ctx, `SELECT count(*) FROM public.x`).Scan(&n); err != nil || n != 1 {
		t.Errorf("sentinel table x: %d rows, %v; want 1 row", n, err)
	}
}

// inspect reads the database, less the sentinel table.
func inspect(t *testing.T, pg *sql.DB) *schema.Schema {
	t.Helper()
	s, err := catalog.Inspect(context.Background(), pg, catalog.Options{Exclude: []schema.QualifiedName{{Name: sentinel}}})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	return s
}

// assertSchema checks that the database holds exactly want: Diff finds
// no change either way.
func assertSchema(t *testing.T, pg *sql.DB, step string, want *schema.Schema) {
	t.Helper()
	got := inspect(t, pg)
	for _, pair := range []struct {
		name     string
		from, to *schema.Schema
	}{{"database -> model", got, want}, {"model -> database", want, got}} {
		cs, err := differ.Diff(pair.from, pair.to)
		if err != nil {
			t.Fatalf("%s: Diff(%s): %v", step, pair.name, err)
		}
		for _, c := range cs {
			stmts, _ := change.SQL(c)
			t.Errorf("%s: Diff(%s) has %T: %q", step, pair.name, c, stmts)
		}
	}
}
