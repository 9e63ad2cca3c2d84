package differ_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestApply runs the changes of Diff on PostgreSQL: empty -> a -> b, then
// back with ReverseAll, b -> a -> empty. Every statement must run, the
// tables after each step must be those of its schema, and the database
// must end without tables or schemas of ours.
func TestApply(t *testing.T) {
	t.Parallel()
	a, b := ab()
	emp := tbl("emp").col("id", "bigint").null("manager_id", "bigint").pk("id").fk("manager_id", "emp.id")
	tests := []struct {
		name     string
		from, to *schema.Schema
	}{
		{
			name: "cycle between new tables",
			from: db(users()),
			to: db(users(),
				tbl("a").col("id", "bigint").null("b_id", "bigint").col("owner", "bigint").pk("id").fk("b_id", "b.id").fk("owner", "users.id").idx("b_id"),
				tbl("b").col("id", "bigint").null("a_id", "bigint").pk("id").fk("a_id", "a.id").onDelete("set null")),
		},
		{
			name: "drop a cycle",
			from: db(a, b, users()),
			to:   db(users()),
		},
		{
			name: "self reference and column changes",
			from: db(tbl("emp").col("id", "bigint").col("name", "text").col("age", "integer").pk("id")),
			to:   db(tbl("emp").col("id", "bigint").def("name", "varchar(50)", "'nobody'").null("manager_id", "bigint").null("age", "bigint").pk("id").fk("manager_id", "emp.id")),
		},
		{
			name: "self-referencing new table",
			from: db(),
			to:   db(emp),
		},
		{
			name: "non-public schemas",
			from: db(tbl("billing.inv").col("id", "bigint").col("number", "text").pk("id").uniq("number")),
			to: db(
				tbl("billing.inv").col("id", "bigint").col("number", "text").null("customer_id", "bigint").pk("id").fk("customer_id", "crm.customer.id").idx("customer_id"),
				tbl("crm.customer").ident("id", "bigint").col("name", "text").pk("id").uidx("name"),
			),
		},
		{
			name: "keywords and quotes",
			from: db(tbl("user").col("select", "text").null("from", "int").pk("select").idx("from")),
			to: db(
				tbl("user").col("select", "text").col("Where", "text").col("a\"b", "int").pk("select").uniq("Where", "a\"b"),
				tbl("Order Items").col("user", "text").fk("user", "user.select").onDelete("cascade").idx("user"),
				tbl("we\"ird.tab;le").col("x", "int").pk("x"),
			),
		},
		{
			name: "primary key renamed under a foreign key",
			from: db(users(), tbl("orders").col("u", "bigint").fk("u", "users.id")),
			to:   db(tbl("users").ident("id", "bigint").col("email", "text").pkNamed("users_pk", "id"), tbl("orders").col("u", "bigint").fk("u", "users.id")),
		},
		{
			name: "unique constraint and unique index recreated under foreign keys",
			from: db(tbl("t").col("a", "int").col("b", "int").col("c", "int").uniq("a", "b").uidx("c"),
				tbl("r").col("a", "int").col("b", "int").col("c", "int").fkCols([]string{"b", "a"}, "t", []string{"b", "a"}).fk("c", "t.c")),
			to: db(tbl("t").col("a", "int").col("b", "int").col("c", "int").uniqNamed("t_ab", "a", "b").idx("c"),
				tbl("t2").col("c", "int").uniq("c"),
				tbl("r").col("a", "int").col("b", "int").col("c", "int").fkCols([]string{"b", "a"}, "t", []string{"b", "a"}).fk("c", "t2.c")),
		},
		{
			name: "unique constraint replaced by a unique index under a foreign key",
			from: db(tbl("t").col("a", "int").col("b", "int").uniq("a", "b"), tbl("r").col("a", "int").col("b", "int").fkCols([]string{"b", "a"}, "t", []string{"b", "a"})),
			to:   db(tbl("t").col("a", "int").col("b", "int").uidx("a", "b"), tbl("r").col("a", "int").col("b", "int").fkCols([]string{"b", "a"}, "t", []string{"b", "a"})),
		},
		{
			name: "dropped table under a dropped foreign key",
			from: db(users(), tbl("orders").col("u", "bigint").fk("u", "users.id")),
			to:   db(tbl("orders").col("u", "bigint")),
		},
		{
			name: "keys and indexes change",
			from: db(tbl("t").col("a", "int").col("b", "int").pk("a").uniq("b").idx("a")),
			to:   db(tbl("t").col("a", "int").col("b", "int").pk("a", "b").uidx("a")),
		},
		{
			name: "identity and defaults",
			from: db(tbl("t").def("id", "integer", "0").null("n", "bigint").ident("m", "bigint")),
			to:   db(tbl("t").ident("id", "integer").def("n", "bigint", "5").null("m", "integer")),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pg, _ := pgtest.DB(t)
			up1 := diff(t, nil, tc.from)
			up2 := diff(t, tc.from, tc.to)
			down2 := reverse(t, up2)
			down1 := reverse(t, up1)
			steps := []struct {
				name    string
				changes []change.Change
				want    *schema.Schema
			}{
				{"empty -> from", up1, tc.from},
				{"from -> to", up2, tc.to},
				{"to -> from", down2, tc.from},
				{"from -> empty", down1, &schema.Schema{}},
			}
			for _, s := range steps {
				apply(t, pg, s.name, s.changes)
				if diff := cmp.Diff(tableNames(s.want), liveTables(t, pg), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: tables (-want +got):\n%s", s.name, diff)
				}
			}
			if got := liveSchemas(t, pg); len(got) != 0 {
				t.Errorf("schemas left behind: %q", got)
			}
		})
	}
}

func diff(t *testing.T, from, to *schema.Schema) []change.Change {
	t.Helper()
	cs, err := differ.Diff(from, to)
	if err != nil {
		t.Fatalf("Diff: %v", err)
	}
	return cs
}

func reverse(t *testing.T, cs []change.Change) []change.Change {
	t.Helper()
	r, ok := change.ReverseAll(cs)
	if !ok {
		t.Fatalf("ReverseAll not ok")
	}
	return r
}

func apply(t *testing.T, pg *sql.DB, step string, cs []change.Change) {
	t.Helper()
	ctx := context.Background()
	for _, c := range cs {
		stmts, err := change.SQL(c)
		if err != nil {
			t.Fatalf("%s: SQL(%T): %v", step, c, err)
		}
		for _, stmt := range stmts {
			if _, err := pg.ExecContext(ctx, stmt); err != nil {
				t.Fatalf("%s: %v\n%s", step, err, stmt)
			}
		}
	}
}

func tableNames(s *schema.Schema) []string {
	var out []string
	for _, t := range s.Tables {
		q := t.QualifiedName()
		out = append(out, q.Schema+"."+q.Name)
	}
	slices.Sort(out)
	return out
}

func queryStrings(t *testing.T, pg *sql.DB, query string) []string {
	t.Helper()
	rows, err := pg.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func liveTables(t *testing.T, pg *sql.DB) []string {
	return queryStrings(t, pg, `SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`)
}

func liveSchemas(t *testing.T, pg *sql.DB) []string {
	return queryStrings(t, pg, `SELECT nspname FROM pg_catalog.pg_namespace
		WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%'`)
}
