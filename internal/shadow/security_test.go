package shadow

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// sentinelRows is how many rows the sentinel table holds.
const sentinelRows = 100

// target is a database that canonicalization must leave as it found it.
type target struct {
	db  *sql.DB
	url string
}

// newTarget creates a database holding a sentinel table of sentinelRows
// rows.
func newTarget(t *testing.T) *target {
	t.Helper()
	db, u := pgtest.DB(t)
	ctx := context.Background()
	for _, stmt := range []string{
		"CREATE TABLE sentinel (id integer PRIMARY KEY)",
		"INSERT INTO sentinel SELECT generate_series(1, 100)",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	return &target{db: db, url: u}
}

// state is what canonicalization must not change: the target's schema,
// the sentinel's rows, and the server's roles and databases of the names
// the hostile texts use.
type state struct {
	Schema    *schema.Schema
	Sentinel  int
	Roles     []string
	Databases []string
}

func (tg *target) state(t *testing.T) state {
	t.Helper()
	ctx := context.Background()
	s, err := catalog.Inspect(ctx, tg.db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := state{Schema: s}
	if err := tg.db.QueryRowContext(ctx, "SELECT count(*) FROM sentinel").Scan(&st.Sentinel); err != nil {
		t.Fatalf("count the sentinel's rows: %v", err)
	}
	for q, dst := range map[string]*[]string{
		// Other tests make roles and databases at the same time: look for
		// those the hostile texts would make.
		"SELECT rolname::text FROM pg_roles WHERE rolname LIKE 'schemagen_hostile%' ORDER BY 1":    &st.Roles,
		"SELECT datname::text FROM pg_database WHERE datname LIKE 'schemagen_hostile%' ORDER BY 1": &st.Databases,
	} {
		rows, err := tg.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			*dst = append(*dst, n)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// hostile returns SQL text that ends the statement it is pasted into and
// runs more, in the spellings the issue lists.
func hostile() []string {
	return []string{
		"0; COMMIT; DROP TABLE sentinel",
		"0; ROLLBACK; DROP TABLE sentinel",
		"0; COMMIT; CREATE ROLE schemagen_hostile_role",
		"0; COMMIT; CREATE DATABASE schemagen_hostile_db",
		"0; END; BEGIN; DROP TABLE sentinel; COMMIT",
		"$q$'$q$; COMMIT; DROP TABLE sentinel",
		"E'\\''; COMMIT; DROP TABLE sentinel; --",
		"0 /* /* nested */ ; COMMIT; */; DROP TABLE sentinel",
		"0); COMMIT; DROP TABLE sentinel; --",
	}
}

// hostileModels puts each hostile text in each place of a model that
// canonicalization sends to the server.
func hostileModels() map[string]*schema.Schema {
	out := map[string]*schema.Schema{}
	for i, h := range hostile() {
		col := func(c *schema.Column) *schema.Schema {
			c.Name = "x"
			if c.Type == "" {
				c.Type = "integer"
			}
			return &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{{Name: "id", Type: "integer"}, c}}}}
		}
		n := string(rune('a' + i))
		out[n+" default"] = col(&schema.Column{Default: h})
		out[n+" type"] = col(&schema.Column{Type: "integer DEFAULT " + h})
		out[n+" generated"] = col(&schema.Column{Generated: h})
		m := col(&schema.Column{})
		m.Tables[0].Checks = []*schema.Check{{Name: "t_check", Expr: h}}
		out[n+" check"] = m
		m = col(&schema.Column{})
		m.Tables[0].Indexes = []*schema.Index{{Name: "t_idx", Columns: []string{"id"}, Where: "id > " + h}}
		out[n+" index predicate"] = m
		m = col(&schema.Column{})
		m.Tables[0].Indexes = []*schema.Index{{Name: "t_idx", Keys: []string{"(id + " + h + ")"}}}
		out[n+" index key"] = m
	}
	return out
}

// TestCanonicalizeNeverChangesTheTarget runs hostile models through
// Canonicalize (which refuses them by sqlcheck) and through both of its
// ways on their own (which send each statement alone, so that the server
// refuses a second one) against a database with a sentinel table: the
// database, the sentinel's rows and the server's roles stay as they
// were.
func TestCanonicalizeNeverChangesTheTarget(t *testing.T) {
	t.Parallel()
	tg := newTarget(t)
	before := tg.state(t)
	ctx := context.Background()
	for name, model := range hostileModels() {
		if _, err := canonicalizeInTx(ctx, tg.url, model); err == nil {
			t.Errorf("%s: canonicalizeInTx accepted %+v", name, model.Tables[0])
		}
		// Canonicalize refuses it before sending anything.
		if _, err := Canonicalize(ctx, tg.url, model); err == nil || !strings.Contains(err.Error(), "is not one SQL") {
			t.Errorf("%s: Canonicalize: error %v, want the validator's", name, err)
		}
		// The scratch database's way refuses it on its own too (for some
		// of the texts: each makes a database).
		if strings.HasPrefix(name, "a ") || strings.HasPrefix(name, "e ") || strings.HasPrefix(name, "g ") {
			if changes, err := differ.Diff(&schema.Schema{}, model); err != nil {
				t.Errorf("%s: %v", name, err)
			} else if _, err := canonicalizeInScratch(ctx, tg.url, changes); err == nil {
				t.Errorf("%s: canonicalizeInScratch accepted it", name)
			}
		}
		if diff := cmp.Diff(before, tg.state(t)); diff != "" {
			t.Fatalf("%s: the target changed (-before +after):\n%s", name, diff)
		}
	}
}

// TestExecOneRefusesASecondStatement checks the statement runner of both
// ways on its own.
func TestExecOneRefusesASecondStatement(t *testing.T) {
	t.Parallel()
	tg := newTarget(t)
	before := tg.state(t)
	ctx := context.Background()
	stmts := []string{"CREATE TABLE t (a integer DEFAULT 0); COMMIT; DROP TABLE sentinel"}
	err := execBatches(ctx, tg.db, stmts)
	if err == nil || !strings.Contains(err.Error(), "cannot insert multiple commands into a prepared statement") {
		t.Errorf("execBatches: error %v, want the server's refusal of a second command", err)
	}
	if diff := cmp.Diff(before, tg.state(t)); diff != "" {
		t.Fatalf("the target changed (-before +after):\n%s", diff)
	}
}

// TestCanonicalizeNonConformingStrings canonicalizes an enum whose value
// holds \' in a database that sets standard_conforming_strings off, where
// the literal '\” would end early: the value arrives whole and the
// sentinel survives.
func TestCanonicalizeNonConformingStrings(t *testing.T) {
	t.Parallel()
	tg := newTarget(t)
	ctx := context.Background()
	if _, err := tg.db.ExecContext(ctx, "ALTER DATABASE "+schema.QuoteIdent(currentDatabase(t, tg.db))+" SET standard_conforming_strings = off"); err != nil {
		t.Fatal(err)
	}
	before := tg.state(t)
	value := `a\'); COMMIT; DROP TABLE sentinel; --`
	model := &schema.Schema{
		Enums: []*schema.Enum{{Schema: "public", Name: "mood", Values: []string{value, "b"}}},
		Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{
			{Name: "m", Type: "mood", Default: schema.QuoteLiteral(value)},
		}}},
	}
	canon, err := canonicalizeInTx(ctx, tg.url, model)
	if err != nil {
		t.Fatalf("canonicalizeInTx: %v", err)
	}
	// PostgreSQL spells the literal back in its standard form, with the
	// backslash as an ordinary character.
	if got, want := canon.Tables[0].Columns[0].Default, "'"+strings.ReplaceAll(value, "'", "''")+"'::mood"; got != want {
		t.Errorf("default spelled %s, want %s", got, want)
	}
	if diff := cmp.Diff(before, tg.state(t)); diff != "" {
		t.Fatalf("the target changed (-before +after):\n%s", diff)
	}
}

// TestCanonicalizeReadOnly canonicalizes against a database whose
// sessions are read-only (default_transaction_read_only = on, a stand-in
// for a hot standby, which refuses writes with the same SQLSTATE 25006):
// both ways are refused, with a *RefusedError, and nothing changes.
func TestCanonicalizeReadOnly(t *testing.T) {
	t.Parallel()
	tg := newTarget(t)
	ctx := context.Background()
	if _, err := tg.db.ExecContext(ctx, "ALTER DATABASE "+schema.QuoteIdent(currentDatabase(t, tg.db))+" SET default_transaction_read_only = on"); err != nil {
		t.Fatal(err)
	}
	before := tg.state(t)
	model := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{{Name: "a", Type: "integer", Default: "1"}}}}}
	_, err := Canonicalize(ctx, tg.url, model)
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("Canonicalize: error %v, want a *RefusedError", err)
	}
	if !strings.Contains(err.Error(), "read-only transaction") {
		t.Errorf("error %q does not say the transaction is read-only", err)
	}
	if diff := cmp.Diff(before, tg.state(t)); diff != "" {
		t.Fatalf("the target changed (-before +after):\n%s", diff)
	}
}
