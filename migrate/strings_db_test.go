package migrate_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// TestStandardStringsOff runs a migration on a database whose default
// says standard_conforming_strings = off: a comment and enum values
// holding \' and "; DROP TABLE sentinel; --" are stored exactly, the
// sentinel keeps its rows, and the connection goes back to the pool with
// the setting as it was.
func TestStandardStringsOff(t *testing.T) {
	t.Parallel()
	setup, url := pgtest.DB(t)
	ctx := context.Background()
	var name string
	if err := setup.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"ALTER DATABASE " + schema.QuoteIdent(name) + " SET standard_conforming_strings = off",
		"CREATE TABLE sentinel (id int PRIMARY KEY)",
		"INSERT INTO sentinel SELECT generate_series(1, 100)",
	} {
		if _, err := setup.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	// A fresh pool of one connection, which takes the database's default.
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	setting := func() string {
		var s string
		if err := db.QueryRowContext(ctx, "SHOW standard_conforming_strings").Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := setting(); s != "off" {
		t.Fatalf("standard_conforming_strings = %s on a new connection, want off", s)
	}

	comment := `it\'s; DROP TABLE sentinel; --`
	values := []string{`\'`, `; DROP TABLE sentinel; --`, `it\'s'); DROP TABLE sentinel; --`}
	set := newSet(migrate.Migration{
		Revision: "1", Message: "hostile strings",
		Upgrade: func(op *migrate.Op) {
			op.CreateEnum(migrate.Enum{Name: "mood", Values: values[:2]})
			op.CreateTable(migrate.Table{Name: "t", Comment: comment, Columns: []*migrate.Column{
				{Name: "m", Type: "mood", Nullable: true, Comment: comment},
			}})
			op.SetColumnComment("t", "m", comment+"!")
			op.AlterEnum("mood", values[:2], values)
			op.Run(func(ctx context.Context, q migrate.Querier) error {
				var s string
				if err := q.QueryRowContext(ctx, "SHOW standard_conforming_strings").Scan(&s); err != nil {
					return err
				}
				if s != "on" {
					return fmt.Errorf("standard_conforming_strings is %s while the migration runs, want on", s)
				}
				return nil
			})
		},
	})
	if _, err := newMigrator(t, db, set).Upgrade(ctx, "head"); err != nil {
		t.Fatalf("Upgrade: %v", err)
	}
	if s := setting(); s != "off" {
		t.Errorf("standard_conforming_strings = %s after the upgrade, want off as before", s)
	}

	var n int
	if err := setup.QueryRowContext(ctx, "SELECT count(*) FROM sentinel").Scan(&n); err != nil || n != 100 {
		t.Fatalf("sentinel: %d rows, %v; want 100", n, err)
	}
	var tableComment, columnComment string
	if err := setup.QueryRowContext(ctx, "SELECT obj_description('t'::regclass, 'pg_class'), col_description('t'::regclass, 1)").Scan(&tableComment, &columnComment); err != nil {
		t.Fatal(err)
	}
	if tableComment != comment || columnComment != comment+"!" {
		t.Errorf("comments = %q, %q; want %q, %q", tableComment, columnComment, comment, comment+"!")
	}
	rows, err := setup.QueryContext(ctx, "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var labels []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		labels = append(labels, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(values, labels); diff != "" {
		t.Errorf("enum labels (-want +got):\n%s", diff)
	}
	if !slices.Contains(tables(t, setup), "public.sentinel") {
		t.Error("the sentinel table is gone")
	}
}
