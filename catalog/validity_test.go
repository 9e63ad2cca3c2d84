package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestInspectValidity reads what an online migration leaves behind when it
// is interrupted: an index whose concurrent build failed (INVALID), and a
// check and a foreign key added NOT VALID and never validated. Each is
// read as such, next to valid objects of the same kinds, and a validation
// makes the constraint valid.
func TestInspectValidity(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	for _, stmt := range []string{
		`CREATE TABLE owners (id bigint PRIMARY KEY)`,
		`CREATE TABLE pets (id bigint NOT NULL, owner bigint, name text NOT NULL)`,
		`INSERT INTO owners VALUES (1)`,
		`INSERT INTO pets VALUES (1, 1, 'rex'), (2, 7, 'max'), (3, NULL, ''), (4, 1, 'rex')`,
		`CREATE INDEX pets_owner_idx ON pets (owner)`,
		`CREATE INDEX CONCURRENTLY pets_id_idx ON pets (id)`,
		`ALTER TABLE pets ADD CONSTRAINT pets_id_check CHECK (id > 0)`,
		`ALTER TABLE pets ADD CONSTRAINT pets_name_check CHECK (name <> '') NOT VALID`,
		`ALTER TABLE pets ADD CONSTRAINT pets_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id) NOT VALID`,
		`ALTER TABLE pets ADD CONSTRAINT pets_owner_valid_fkey FOREIGN KEY (owner) REFERENCES owners (id) NOT VALID`,
		`DELETE FROM pets WHERE owner = 7`,
		`ALTER TABLE pets VALIDATE CONSTRAINT pets_owner_valid_fkey`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	// Two rows named rex: the unique build fails and leaves the index
	// INVALID, as an interrupted online migration does.
	const build = `CREATE UNIQUE INDEX CONCURRENTLY pets_name_key ON pets (name)`
	if _, err := db.ExecContext(ctx, build); err == nil || !strings.Contains(err.Error(), "could not create unique index") {
		t.Fatalf("%s over duplicates: got %v, want a unique violation", build, err)
	}

	got, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	fk := func(name string, notValid bool) *schema.ForeignKey {
		return &schema.ForeignKey{Name: name, Columns: []string{"owner"}, RefSchema: "public", RefTable: "owners",
			RefColumns: []string{"id"}, NotValid: notValid}
	}
	want := &schema.Schema{Tables: []*schema.Table{
		{Schema: "public", Name: "owners", Columns: []*schema.Column{notNull("id", "bigint")}, PrimaryKey: pk("owners_pkey", "id")},
		{Schema: "public", Name: "pets",
			Columns: []*schema.Column{notNull("id", "bigint"), null("owner", "bigint"), notNull("name", "text")},
			Indexes: []*schema.Index{
				{Name: "pets_id_idx", Columns: []string{"id"}},
				{Name: "pets_name_key", Columns: []string{"name"}, Unique: true, Invalid: true},
				{Name: "pets_owner_idx", Columns: []string{"owner"}},
			},
			ForeignKeys: []*schema.ForeignKey{fk("pets_owner_fkey", true), fk("pets_owner_valid_fkey", false)},
			Checks: []*schema.Check{
				{Name: "pets_id_check", Expr: "id > 0"},
				{Name: "pets_name_check", Expr: "name <> ''::text", NotValid: true},
			}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Inspect mismatch (-want +got):\n%s", diff)
	}
}
