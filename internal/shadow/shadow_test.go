package shadow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// richModel has what canonicalization must spell: enums in two schemas
// used as types, arrays and in defaults, identity, generated columns,
// checks, expression, partial, covering, unique and gin indexes, and
// (type, default) pairs that several tables share.
func richModel() *schema.Schema {
	return &schema.Schema{
		Schemas: []string{"billing"},
		Enums: []*schema.Enum{
			{Schema: "billing", Name: "status", Values: []string{"open", "paid"}},
			{Schema: "public", Name: "mood", Values: []string{"sad", "ok"}},
		},
		Tables: []*schema.Table{
			{Schema: "billing", Name: "invoices",
				Columns: []*schema.Column{
					{Name: "id", Type: "bigint", Identity: true},
					{Name: "number", Type: "varchar(32)"},
					{Name: "status", Type: "billing.status", Default: "'open'"},
					{Name: "history", Type: "billing.status[]", Nullable: true},
					{Name: "net", Type: "numeric(12,2)", Default: "0"},
					{Name: "tax", Type: "numeric(12,2)", Default: "0"},
					{Name: "total", Type: "numeric(12,2)", Generated: "net + tax"},
					{Name: "created_at", Type: "timestamptz", Default: "now()"},
					{Name: "data", Type: "jsonb", Default: "'{}'"},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "invoices_pkey", Columns: []string{"id"}},
				Uniques:    []*schema.Unique{{Name: "invoices_number_key", Columns: []string{"number"}}},
				Checks: []*schema.Check{
					{Name: "invoices_number_check", Expr: "number <> ''"},
					{Name: "invoices_total_check", Expr: "total >= 0 AND status IN ('open', 'paid')"},
				},
				Indexes: []*schema.Index{
					{Name: "invoices_created_idx", Columns: []string{"created_at"}},
					{Name: "invoices_data_idx", Columns: []string{"data"}, Method: "gin"},
					{Name: "invoices_desc_idx", Keys: []string{"created_at DESC", "id"}},
					{Name: "invoices_lower_number_key", Keys: []string{"lower(number)"}, Unique: true, Include: []string{"total"}},
					{Name: "invoices_open_idx", Columns: []string{"created_at"}, Where: "status = 'open'"},
				}},
			{Schema: "public", Name: "customers",
				Columns: []*schema.Column{
					{Name: "id", Type: "int8"},
					{Name: "email", Type: "varchar(320)"},
					{Name: "mood", Type: "mood", Default: "'ok'"},
					{Name: "moods", Type: "mood[]", Default: "'{sad}'"},
					{Name: "score", Type: "float8", Default: "1.5"},
					{Name: "born", Type: "date", Nullable: true, Default: "CURRENT_DATE"},
					{Name: "tags", Type: "text[]", Default: "'{}'"},
				},
				PrimaryKey: &schema.PrimaryKey{Name: "customers_pkey", Columns: []string{"id"}},
				Indexes:    []*schema.Index{{Name: "customers_email_idx", Columns: []string{"email"}, Unique: true}}},
			{Schema: "public", Name: "scores",
				Columns: []*schema.Column{
					{Name: "score", Type: "float8", Default: "1.5"},
					{Name: "label", Type: "varchar(16)", Default: "'x' || 'y'"},
					{Name: "at", Type: "timestamp(3)", Default: "now() + interval '1 day'"},
				}},
		},
	}
}

// spelling is the part of a table that canonicalization spells.
type spelling struct {
	Columns []*schema.Column
	Checks  []*schema.Check
	Indexes []*schema.Index
}

// spellings keeps what Respell reads of each table of s, named as in the
// model.
func spellings(s *schema.Schema) map[schema.QualifiedName]spelling {
	out := map[schema.QualifiedName]spelling{}
	for _, t := range s.Tables {
		var sp spelling
		for _, c := range t.Columns {
			sp.Columns = append(sp.Columns, &schema.Column{Name: c.Name, Type: c.Type, Default: c.Default, Generated: c.Generated})
		}
		sp.Checks, sp.Indexes = t.Checks, t.Indexes
		out[t.QualifiedName()] = sp
	}
	return out
}

// TestCanonicalizeInTxMatchesScratch checks that canonicalizing in a
// transaction of the database spells the model as creating all of it in a
// scratch database does, and leaves nothing behind.
func TestCanonicalizeInTxMatchesScratch(t *testing.T) {
	t.Parallel()
	db, url := pgtest.DB(t)
	ctx := context.Background()
	// The database holds one of the model's enums already (as the model
	// has it) and a table of the model's name, with other columns.
	if _, err := db.ExecContext(ctx, `
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE customers (id bigint PRIMARY KEY, name text DEFAULT 'anonymous');
CREATE INDEX customers_name_idx ON customers (lower(name));`); err != nil {
		t.Fatal(err)
	}
	before, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	model := richModel()
	fast, err := canonicalizeInTx(ctx, url, model)
	if err != nil {
		t.Fatalf("canonicalizeInTx: %v", err)
	}
	changes, err := validate(model)
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	slow, err := canonicalizeInScratch(ctx, url, changes)
	if err != nil {
		t.Fatalf("canonicalizeInScratch: %v", err)
	}
	if diff := cmp.Diff(spellings(slow), spellings(fast)); diff != "" {
		t.Errorf("spellings (-scratch database +transaction):\n%s", diff)
	}
	if diff := cmp.Diff(richModel(), model); diff != "" {
		t.Errorf("canonicalizeInTx changed its model (-want +got):\n%s", diff)
	}
	// Spot checks, so that a regression shared by both paths shows too.
	inv, _ := fast.Table(schema.QualifiedName{Schema: "billing", Name: "invoices"})
	for name, want := range map[string]string{"number": "character varying(32)", "status": "billing.status", "history": "billing.status[]"} {
		if c, _ := inv.Column(name); c.Type != want {
			t.Errorf("type of invoices.%s = %q, want %q", name, c.Type, want)
		}
	}
	if c, _ := inv.Column("status"); c.Default != "'open'::billing.status" {
		t.Errorf("default of invoices.status = %q, want %q", c.Default, "'open'::billing.status")
	}
	if ix, _ := inv.Index("invoices_lower_number_key"); !ix.Unique || ix.Keys[0] != "lower(number::text)" {
		t.Errorf("index invoices_lower_number_key = %+v, want unique on lower(number::text)", ix)
	}
	after, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the database changed (-before +after):\n%s", diff)
	}
}

// TestCanonicalizeNeedsScratch checks the models that canonicalizeInTx
// leaves to a scratch database, and that Canonicalize spells them there.
func TestCanonicalizeNeedsScratch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		ddl   string
		model *schema.Schema
		// column and want: a column of the first table and its default.
		column, want string
	}{
		{
			name: "an enum the database holds with other values",
			ddl:  `CREATE TYPE mood AS ENUM ('sad', 'ok')`,
			model: &schema.Schema{
				Enums: []*schema.Enum{{Schema: "public", Name: "mood", Values: []string{"sad", "ok", "happy"}}},
				Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{
					{Name: "m", Type: "mood", Default: "'happy'"}}}},
			},
			column: "m", want: "'happy'::mood",
		},
		{
			name: "an enum named like a table of the database",
			ddl:  `CREATE TABLE mood (id integer)`,
			model: &schema.Schema{
				Enums: []*schema.Enum{{Schema: "public", Name: "mood", Values: []string{"ok"}}},
				Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{
					{Name: "m", Type: "mood", Default: "'ok'"}}}},
			},
			column: "m", want: "'ok'::mood",
		},
		{
			name: "a serial column",
			model: &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{
				{Name: "id", Type: "bigserial"}}}}},
			// Read as a serial column: the default is its sequence's.
			column: "id", want: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, url := pgtest.DB(t)
			ctx := context.Background()
			if tc.ddl != "" {
				if _, err := db.ExecContext(ctx, tc.ddl); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := canonicalizeInTx(ctx, url, tc.model); !errors.Is(err, errNeedsScratch) {
				t.Errorf("canonicalizeInTx: got error %v, want errNeedsScratch", err)
			}
			canon, err := Canonicalize(ctx, url, tc.model)
			if err != nil {
				t.Fatalf("Canonicalize: %v", err)
			}
			if c, ok := canon.Tables[0].Column(tc.column); !ok || c.Default != tc.want {
				t.Errorf("default of %s = %+v, want %q", tc.column, c, tc.want)
			}
		})
	}
}

// TestCanonicalizeUsesTheDatabase checks that the models may use what
// the database has and a scratch database lacks: an extension's type.
func TestCanonicalizeUsesTheDatabase(t *testing.T) {
	t.Parallel()
	db, url := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE EXTENSION citext`); err != nil {
		t.Skipf("no citext extension: %v", err)
	}
	model := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "accounts", Columns: []*schema.Column{
		{Name: "email", Type: "citext", Default: "'a@b'"},
		{Name: "aliases", Type: "citext[]", Nullable: true},
	}}}}
	canon, err := canonicalizeInTx(ctx, url, model)
	if err != nil {
		t.Fatalf("canonicalizeInTx: %v", err)
	}
	want := []*schema.Column{
		{Name: "email", Type: "citext", Default: "'a@b'::citext"},
		{Name: "aliases", Type: "citext[]", Nullable: true},
	}
	if diff := cmp.Diff(want, canon.Tables[0].Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
}

// TestCanonicalizeReportsTheStatement checks that a model PostgreSQL
// refuses is reported with the statement that fails.
func TestCanonicalizeReportsTheStatement(t *testing.T) {
	t.Parallel()
	_, url := pgtest.DB(t)
	model := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{
		{Name: "a", Type: "integer", Default: "'not a number'"},
	}}}}
	_, err := Canonicalize(context.Background(), url, model)
	if err == nil {
		t.Fatal("Canonicalize succeeded, want an error")
	}
	for _, want := range []string{"invalid input syntax for type integer", "in: CREATE TABLE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// TestCanonicalizeInRounds checks a model of more scratch relations than
// one round holds.
func TestCanonicalizeInRounds(t *testing.T) {
	t.Parallel()
	_, url := pgtest.DB(t)
	model := &schema.Schema{}
	for i := range roundRelations {
		name := fmt.Sprintf("t%03d", i)
		model.Tables = append(model.Tables, &schema.Table{Schema: "public", Name: name,
			Columns: []*schema.Column{{Name: "v", Type: "varchar(8)", Default: "'a'"}},
			Checks:  []*schema.Check{{Name: name + "_v_check", Expr: "v <> ''"}},
			Indexes: []*schema.Index{{Name: name + "_lower_idx", Keys: []string{"lower(v)"}}}})
	}
	p, err := newPlan(model)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.rounds()); n < 2 {
		t.Fatalf("the model makes %d round, want several", n)
	}
	canon, err := canonicalizeInTx(context.Background(), url, model)
	if err != nil {
		t.Fatalf("canonicalizeInTx: %v", err)
	}
	for _, tbl := range canon.Tables {
		c, _ := tbl.Column("v")
		if c.Type != "character varying(8)" || c.Default != "'a'::character varying" ||
			tbl.Checks[0].Expr != "v::text <> ''::text" || tbl.Indexes[0].Keys[0] != "lower(v::text)" {
			t.Fatalf("table %s spelled %+v, %+v, %+v", tbl.Name, c, tbl.Checks[0], tbl.Indexes[0])
		}
	}
}

// roleWithoutTemp creates a role that may not create temporary tables in
// the database behind db (nor may anyone else), and may create databases
// when createdb is set, and returns the URL of dbURL for that role. The
// role is dropped when the test ends.
func roleWithoutTemp(t *testing.T, db *sql.DB, dbURL string, createdb bool) string {
	t.Helper()
	ctx := context.Background()
	name := currentDatabase(t, db)
	role := "schemagen_test_role_" + strings.TrimPrefix(name, "schemagen_test_")
	server := pgtest.Server(t)
	attrs := " LOGIN NOCREATEDB"
	if createdb {
		attrs = " LOGIN CREATEDB"
	}
	if _, err := server.ExecContext(ctx, "CREATE ROLE "+role+attrs); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := server.ExecContext(ctx, "DROP ROLE IF EXISTS "+role); err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
	})
	if _, err := db.ExecContext(ctx, "REVOKE TEMPORARY ON DATABASE "+name+" FROM PUBLIC"); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}

// TestCanonicalizeFallsBack checks that a role that may not create
// temporary tables, but may create databases, canonicalizes in a scratch
// database.
func TestCanonicalizeFallsBack(t *testing.T) {
	t.Parallel()
	db, dbURL := pgtest.DB(t)
	roleURL := roleWithoutTemp(t, db, dbURL, true)
	ctx := context.Background()
	model := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{{Name: "a", Type: "int4", Default: "1"}}}}}
	if _, err := canonicalizeInTx(ctx, roleURL, model); !Refused(err) {
		t.Fatalf("canonicalizeInTx without TEMP: got error %v, want a refusal", err)
	}
	canon, err := Canonicalize(ctx, roleURL, model)
	if err != nil {
		t.Fatalf("Canonicalize: %v", err)
	}
	if c := canon.Tables[0].Columns[0]; c.Type != "integer" || c.Default != "1" {
		t.Errorf("column spelled %+v, want integer with default 1", c)
	}
}

// TestCanonicalizeRefusedBothWays checks that when the role may create
// neither temporary tables nor databases, the error says so of both.
func TestCanonicalizeRefusedBothWays(t *testing.T) {
	t.Parallel()
	db, dbURL := pgtest.DB(t)
	roleURL := roleWithoutTemp(t, db, dbURL, false)
	model := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{{Name: "a", Type: "integer"}}}}}
	_, err := Canonicalize(context.Background(), roleURL, model)
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("Canonicalize: error %v, want a *RefusedError", err)
	}
	for _, want := range []string{"TEMP on the database", "CREATEDB on the server", "permission denied to create temporary tables", "permission denied to create database"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// currentDatabase names the database behind db.
func currentDatabase(t *testing.T, db *sql.DB) string {
	t.Helper()
	var name string
	if err := db.QueryRowContext(context.Background(), "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}
