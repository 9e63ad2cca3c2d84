package catalog_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestInspectPartitions reads partitioned tables, partitions and
// inheritance children: a partition holds only what it has of its own
// (no columns, none of the keys, foreign keys, checks and indexes that
// come from its parent), a child only its own columns and checks.
func TestInspectPartitions(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	const ddl = `
CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE events (
	id bigint GENERATED ALWAYS AS IDENTITY,
	account_id bigint NOT NULL REFERENCES accounts (id),
	at date NOT NULL,
	CONSTRAINT events_at_check CHECK (at > '2000-01-01'),
	PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE INDEX events_account_idx ON events (account_id);
CREATE TABLE events_2024 PARTITION OF events (CONSTRAINT events_2024_own CHECK (id > 0))
	FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id);
CREATE TABLE events_2024_0 PARTITION OF events_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE events_2024_1 PARTITION OF events_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE INDEX events_2024_0_id_idx ON events_2024_0 (id);
CREATE SCHEMA "Old";
CREATE TABLE "Old"."events rest" PARTITION OF events DEFAULT;
COMMENT ON TABLE "Old"."events rest" IS 'the rest';
CREATE TABLE vehicles (id bigint NOT NULL, name text, CONSTRAINT vehicles_name_check CHECK (name <> ''));
CREATE TABLE boats (id bigint);
CREATE TABLE cars (doors int NOT NULL, CONSTRAINT cars_doors_check CHECK (doors > 0)) INHERITS (vehicles, boats);
`
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	got, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := schema.QualifiedName{Schema: "public", Name: "events"}
	part := func(s, name string, parent schema.QualifiedName, bound string) *schema.Table {
		return &schema.Table{Schema: s, Name: name, PartitionOf: &schema.PartitionOf{Parent: parent, Bound: bound}}
	}
	p2024 := part("public", "events_2024", events, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
	p2024.PartitionBy = "HASH (id)"
	p2024.Checks = []*schema.Check{{Name: "events_2024_own", Expr: "id > 0"}}
	p0 := part("public", "events_2024_0", p2024.QualifiedName(), "FOR VALUES WITH (modulus 2, remainder 0)")
	p0.Indexes = []*schema.Index{{Name: "events_2024_0_id_idx", Columns: []string{"id"}}}
	rest := part("Old", "events rest", events, "DEFAULT")
	rest.Comment = "the rest"
	want := &schema.Schema{
		Schemas: []string{"Old"},
		Tables: []*schema.Table{
			rest,
			{Schema: "public", Name: "accounts", Columns: []*schema.Column{notNull("id", "bigint")}, PrimaryKey: pk("accounts_pkey", "id")},
			{Schema: "public", Name: "boats", Columns: []*schema.Column{null("id", "bigint")}},
			{Schema: "public", Name: "cars", Columns: []*schema.Column{notNull("doors", "integer")},
				Checks:   []*schema.Check{{Name: "cars_doors_check", Expr: "doors > 0"}},
				Inherits: []schema.QualifiedName{{Schema: "public", Name: "vehicles"}, {Schema: "public", Name: "boats"}}},
			{Schema: "public", Name: "events",
				Columns:     []*schema.Column{identity(notNull("id", "bigint")), notNull("account_id", "bigint"), notNull("at", "date")},
				PrimaryKey:  pk("events_pkey", "id", "at"),
				Indexes:     []*schema.Index{{Name: "events_account_idx", Columns: []string{"account_id"}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "events_account_id_fkey", Columns: []string{"account_id"}, RefSchema: "public", RefTable: "accounts", RefColumns: []string{"id"}}},
				Checks:      []*schema.Check{{Name: "events_at_check", Expr: "at > '2000-01-01'::date"}},
				PartitionBy: "RANGE (at)"},
			p2024,
			p0,
			part("public", "events_2024_1", p2024.QualifiedName(), "FOR VALUES WITH (modulus 2, remainder 1)"),
			{Schema: "public", Name: "vehicles", Columns: []*schema.Column{notNull("id", "bigint"), null("name", "text")},
				Checks: []*schema.Check{{Name: "vehicles_name_check", Expr: "name <> ''::text"}}},
		},
	}
	// Tables alone: what is not managed (identity sequences, say) is
	// another test's.
	if diff := cmp.Diff(want.Tables, got.Tables); diff != "" {
		t.Errorf("Inspect (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want.Schemas, got.Schemas); diff != "" {
		t.Errorf("Inspect schemas (-want +got):\n%s", diff)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

// TestInspectPartitionsOfExcluded: the partitions of an excluded table
// are left out with it, and theirs.
func TestInspectPartitionsOfExcluded(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	const ddl = `
CREATE TABLE legacy (k int NOT NULL) PARTITION BY LIST (k);
CREATE TABLE old_1 PARTITION OF legacy FOR VALUES IN (1) PARTITION BY LIST (k);
CREATE TABLE old_1_a PARTITION OF old_1 DEFAULT;
CREATE TABLE kept (k int);
`
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	got, err := catalog.Inspect(ctx, db, catalog.Options{Exclude: []schema.QualifiedName{{Name: "legacy"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []*schema.Table{{Schema: "public", Name: "kept", Columns: []*schema.Column{null("k", "integer")}}}
	if diff := cmp.Diff(want, got.Tables); diff != "" {
		t.Errorf("Inspect (-want +got):\n%s", diff)
	}
}
