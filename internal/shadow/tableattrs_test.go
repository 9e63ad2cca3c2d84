package shadow

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestCanonicalizeTableAttrs checks that a model holding table attributes
// and constraint timing, canonicalized, equals the live database built
// from the same definitions written otherwise: no false difference in
// either the in-transaction path (where an ordinary temporary table
// spells exclusion constraints) or a scratch database.
func TestCanonicalizeTableAttrs(t *testing.T) {
	t.Parallel()
	model := func(exclusions bool) *schema.Schema {
		bookings := &schema.Table{Schema: "billing", Name: "bookings",
			Columns: []*schema.Column{
				{Name: "id", Type: "bigint"},
				{Name: "during", Type: "tstzrange"},
				{Name: "cancelled", Type: "boolean", Default: "false"},
				{Name: "parent_id", Type: "bigint", Nullable: true},
			},
			PrimaryKey: &schema.PrimaryKey{Name: "bookings_pkey", Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Name: "bookings_during_key", Columns: []string{"during"}, Deferrable: true, InitiallyDeferred: true}},
			ForeignKeys: []*schema.ForeignKey{{Name: "bookings_parent_id_fkey", Columns: []string{"parent_id"},
				RefSchema: "billing", RefTable: "bookings", RefColumns: []string{"id"}, Deferrable: true}},
			Checks:   []*schema.Check{{Name: "bookings_id_check", Expr: "id > 0", NoInherit: true}},
			Indexes:  []*schema.Index{{Name: "bookings_during_idx", Keys: []string{"upper(during)"}, Options: []string{"fillfactor=80"}}},
			Unlogged: true, Options: []string{"autovacuum_enabled=false", "fillfactor=70", "toast.autovacuum_enabled=false"},
			RowSecurity: true, ForceRowSecurity: true,
		}
		if exclusions {
			bookings.Exclusions = []*schema.Exclusion{{Name: "bookings_no_overlap",
				Definition: "using GIST (during with &&) where (not cancelled)", Deferrable: true}}
		}
		return &schema.Schema{Schemas: []string{"billing"}, SchemaComments: map[string]string{"billing": "Money."},
			Tables: []*schema.Table{bookings}}
	}
	const live = `
CREATE SCHEMA billing; COMMENT ON SCHEMA billing IS 'Money.';
CREATE UNLOGGED TABLE billing.bookings (
	id bigint PRIMARY KEY, during tstzrange NOT NULL, cancelled boolean NOT NULL DEFAULT false,
	parent_id bigint REFERENCES billing.bookings (id) DEFERRABLE INITIALLY IMMEDIATE,
	CONSTRAINT bookings_during_key UNIQUE (during) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT bookings_id_check CHECK (id > 0) NO INHERIT
) WITH (FILLFACTOR = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false);
CREATE INDEX bookings_during_idx ON billing.bookings (upper(during)) WITH (fillfactor = 80);
ALTER TABLE billing.bookings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;`
	for _, tc := range []struct {
		name       string
		exclusions bool
		extra      string
	}{
		{name: "in a transaction"},
		{name: "with exclusion constraints", exclusions: true,
			extra: `ALTER TABLE billing.bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled) DEFERRABLE`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, url := pgtest.DB(t)
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, live+tc.extra); err != nil {
				t.Fatal(err)
			}
			got, err := catalog.Inspect(ctx, db, catalog.Options{})
			if err != nil {
				t.Fatal(err)
			}
			canon, err := canonicalizeInTx(ctx, url, model(tc.exclusions))
			if err != nil {
				t.Fatalf("canonicalizeInTx: %v", err)
			}
			changes, err := validate(model(tc.exclusions))
			if err != nil {
				t.Fatal(err)
			}
			slow, err := canonicalizeInScratch(ctx, url, changes)
			if err != nil {
				t.Fatalf("canonicalizeInScratch: %v", err)
			}
			if d, err := differ.Diff(got, slow); err != nil || len(d) > 0 {
				t.Errorf("the scratch database's spelling differs from the database: %v %v", d, err)
			}
			diff, err := differ.Diff(got, canon)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range diff {
				t.Errorf("false difference: %#v", c)
			}
		})
	}
}

// TestCanonicalizeExclusionCollation: the scratch table that spells a
// table's exclusion constraints has its columns' collations, since
// PostgreSQL spells an element's COLLATE only where it differs from its
// column's.
func TestCanonicalizeExclusionCollation(t *testing.T) {
	t.Parallel()
	model := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "codes",
		Columns:    []*schema.Column{{Name: "code", Type: "text", Collation: `"C"`}},
		Exclusions: []*schema.Exclusion{{Name: "codes_code_excl", Definition: `(code COLLATE "C" WITH =)`}},
	}}}
	db, url := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE codes (code text COLLATE "C" NOT NULL, CONSTRAINT codes_code_excl EXCLUDE (code COLLATE "C" WITH =))`); err != nil {
		t.Fatal(err)
	}
	got, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	canon, err := canonicalizeInTx(ctx, url, model)
	if err != nil {
		t.Fatalf("canonicalizeInTx: %v", err)
	}
	diff, err := differ.Diff(got, canon)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range diff {
		t.Errorf("false difference: %#v", c)
	}
}
