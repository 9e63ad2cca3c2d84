package change

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestExplicitCasts checks explicitCasts against pg_cast of the live
// server: the explicit-only casts between built-in types, multiranges
// aside.
func TestExplicitCasts(t *testing.T) {
	t.Parallel()
	db := pgtest.Server(t)
	rows, err := db.Query(`SELECT format_type(castsource, NULL), format_type(casttarget, NULL)
		FROM pg_catalog.pg_cast
		WHERE castcontext = 'e' AND castsource < 16384 AND casttarget < 16384
			AND format_type(casttarget, NULL) NOT LIKE '%multirange' AND format_type(castsource, NULL) NOT IN ('xid8')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		n++
		if !Convertible(from, to) {
			t.Errorf("pg_cast has an explicit cast %s -> %s that Convertible denies", from, to)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("pg_cast lists no explicit cast")
	}
}

// TestUsingPlaceholder: a type change that PostgreSQL cannot convert
// gets the placeholder in each direction that needs it; a change holding
// it never renders and is a problem (so `check` and the runtime's
// validation refuse the migration); an expression written in its place
// runs, both ways, on a table with rows; a hostile expression is refused.
func TestUsingPlaceholder(t *testing.T) {
	t.Parallel()
	tbl := schema.QualifiedName{Schema: "public", Name: "ev ents"}
	from, to := WithUsing(&schema.Column{Name: "at", Type: "bigint"}, &schema.Column{Name: "at", Type: "timestamp with time zone"})
	if from.Using != schema.UsingPlaceholder || to.Using != schema.UsingPlaceholder {
		t.Fatalf("WithUsing(bigint, timestamptz) = %q, %q; want the placeholder both ways", from.Using, to.Using)
	}
	if f, tt := WithUsing(&schema.Column{Name: "a", Type: "text"}, &schema.Column{Name: "a", Type: "integer", Using: "x"}); f.Using != "" || tt.Using != "" {
		t.Errorf("WithUsing(text, integer) = %q, %q; want none (text casts to integer, integer to text)", f.Using, tt.Using)
	}
	c := AlterColumn{Table: tbl, From: from, To: to}
	if _, err := SQL(c); err == nil || !strings.Contains(err.Error(), "still to be written") {
		t.Errorf("SQL of a change holding the placeholder: %v, want an error", err)
	}
	if probs := Problems(c); len(probs) != 1 {
		t.Errorf("Problems = %v, want the placeholder reported once", probs)
	}
	if ps := ColumnProblems(Execute{SQL: "SELECT 1", Declared: true, Effects: Changes{c}}); len(ps) != 1 {
		t.Errorf("a declared effect holding the placeholder: %v, want it reported", ps)
	}
	rev, _ := Reverse(c)
	if _, err := SQL(rev); err == nil {
		t.Error("SQL of the reverse holding the placeholder: no error")
	}
	for _, hostile := range []string{`1); DROP TABLE "ev ents"; --`, `"at" /* `, `pg_sleep(1)) , ALTER COLUMN x TYPE int USING (1`} {
		bad := AlterColumn{Table: tbl, From: &schema.Column{Name: "at", Type: "bigint"}, To: &schema.Column{Name: "at", Type: "timestamp with time zone", Using: hostile}}
		var fe *schema.FragmentError
		if _, err := SQL(bad); !errors.As(err, &fe) {
			t.Errorf("SQL with USING %q: %v, want a fragment error", hostile, err)
		}
		if len(Problems(bad)) == 0 {
			t.Errorf("Problems with USING %q: none", hostile)
		}
	}

	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE "ev ents" (at bigint NOT NULL); INSERT INTO "ev ents" VALUES (0), (86400)`); err != nil {
		t.Fatal(err)
	}
	to.Using = `to_timestamp("at")`
	from.Using = `extract(epoch FROM "at")::bigint`
	filled := AlterColumn{Table: tbl, From: from, To: to}
	if probs := Problems(filled); len(probs) > 0 {
		t.Fatalf("Problems of the filled change: %v", probs)
	}
	back, _ := Reverse(filled)
	for _, ch := range []Change{filled, back} {
		stmts, err := SQL(ch)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	var sum int64
	if err := db.QueryRowContext(ctx, `SELECT sum(at) FROM "ev ents"`).Scan(&sum); err != nil || sum != 86400 {
		t.Errorf("values after the round trip: sum %d, %v; want 86400", sum, err)
	}
}

// TestColumnAttributeAttacks: sequence options, collations and sequence
// names that would smuggle SQL are refused before rendering, or quoted.
func TestColumnAttributeAttacks(t *testing.T) {
	t.Parallel()
	tbl := schema.QualifiedName{Schema: "public", Name: "t"}
	for _, col := range []*schema.Column{
		{Name: "a", Type: "integer", Identity: true, SequenceOptions: "START 1) ; DROP TABLE t; --"},
		{Name: "a", Type: "integer", Sequence: "s", SequenceOptions: "CACHE 1 RESTART"},
		{Name: "a", Type: "text", Collation: `"C" NOT NULL, b int`},
		{Name: "a", Type: "text", Collation: `C; DROP TABLE t`},
		{Name: "a", Type: "integer", Sequence: strings.Repeat("x", 64)},
	} {
		if _, err := SQL(AddColumn{Table: tbl, Column: col}); err == nil {
			t.Errorf("SQL of AddColumn %+v: no error", col)
		}
		if len(Problems(AddColumn{Table: tbl, Column: col})) == 0 {
			t.Errorf("Problems of AddColumn %+v: none", col)
		}
	}
	stmts, err := SQL(AddColumn{Table: tbl, Column: &schema.Column{Name: `i"d`, Type: "integer", Sequence: `t_i"d'; DROP_seq`}})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(stmts, ";\n")
	for _, want := range []string{`CREATE SEQUENCE "public"."t_i""d'; DROP_seq"`, `nextval('"public"."t_i""d''; DROP_seq"'::regclass)`, `OWNED BY "public"."t"."i""d"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("serial column with a hostile sequence name renders\n%s\nwant it to hold %s", joined, want)
		}
	}
}

// TestSequenceGoesOnAfterRows: a column that starts taking its values
// from a sequence while rows hold values (an integer column made serial,
// an identity added) gets next a value past them, or the sequence's
// start when that lies beyond them; a serial column added to a table
// with rows gives each row its own value.
func TestSequenceGoesOnAfterRows(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE a (id int NOT NULL); INSERT INTO a VALUES (5), (9);
		CREATE TABLE b (id int NOT NULL); INSERT INTO b VALUES (5), (9);
		CREATE TABLE c (id bigint NOT NULL); INSERT INTO c VALUES (41);
		CREATE TABLE d (v text); INSERT INTO d VALUES ('x'), ('y'), ('z')`); err != nil {
		t.Fatal(err)
	}
	tbl := func(n string) schema.QualifiedName { return schema.QualifiedName{Schema: "public", Name: n} }
	for _, c := range []Change{
		AlterColumn{Table: tbl("a"), From: &schema.Column{Name: "id", Type: "integer"}, To: &schema.Column{Name: "id", Type: "integer", Sequence: "a_id_seq"}},
		AlterColumn{Table: tbl("b"), From: &schema.Column{Name: "id", Type: "integer"}, To: &schema.Column{Name: "id", Type: "integer", Sequence: "b_id_seq", SequenceOptions: "START 1000"}},
		AlterColumn{Table: tbl("c"), From: &schema.Column{Name: "id", Type: "bigint"}, To: &schema.Column{Name: "id", Type: "bigint", Identity: true}},
		AddColumn{Table: tbl("d"), Column: &schema.Column{Name: "n", Type: "bigint", Sequence: "d_n_seq"}},
	} {
		stmts, err := SQL(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	for _, tc := range []struct {
		insert string
		want   int64
	}{
		{`INSERT INTO a DEFAULT VALUES RETURNING id`, 10},
		{`INSERT INTO b DEFAULT VALUES RETURNING id`, 1000},
		{`INSERT INTO c DEFAULT VALUES RETURNING id`, 42},
		{`INSERT INTO d DEFAULT VALUES RETURNING n`, 4},
	} {
		var got int64
		if err := db.QueryRowContext(ctx, tc.insert).Scan(&got); err != nil || got != tc.want {
			t.Errorf("%s = %d, %v; want %d", tc.insert, got, err, tc.want)
		}
	}
	var distinct int
	if err := db.QueryRowContext(ctx, `SELECT count(DISTINCT n) FROM d`).Scan(&distinct); err != nil || distinct != 4 {
		t.Errorf("distinct values of the added serial column: %d, %v; want 4", distinct, err)
	}
}
