package differ_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// corpusDir holds the database-to-database cases: one folder each, with
// old.sql and new.sql.
const corpusDir = "../testdata/corpus"

// TestCorpus runs every case of testdata/corpus as a round trip on
// PostgreSQL. old.sql builds database A and new.sql the target B; the
// changes of Diff(Inspect(A), Inspect(B)) run on A in one transaction, after
// which A must equal B (by the catalog, ignoring column order, and by an
// independent reading of pg_catalog) and a second Diff must be empty. Then
// the reversed changes run on A, which must equal its old self the same
// ways. With -corpus.dump, pg_dump --schema-only is a third judge (see
// corpusDump).
func TestCorpus(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join(corpusDir, "[0-9]*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 200 {
		t.Fatalf("testdata/corpus holds %d cases, want at least 200", len(dirs))
	}
	for _, dir := range corpusSample(dirs) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			runCorpusCase(t, dir)
		})
	}
}

// corpusSample returns the cases to run: all of them, unless the run is
// -short (one case in 12) or SCHEMAGEN_CORPUS=sample (one in 4: what
// `make test` sets, to stay within its time budget). The sample is
// spread over every kind, since the folders' numbers group the cases by
// kind. SCHEMAGEN_CORPUS=all, or -corpus.dump (`make corpus-dump`, which
// CI runs after `make test`), always takes every case.
func corpusSample(dirs []string) []string {
	mode := os.Getenv("SCHEMAGEN_CORPUS")
	every := 1
	switch {
	case *corpusDump || mode == "all":
	case mode == "sample":
		every = 4
	case testing.Short():
		every = 12
	}
	var out []string
	for i, d := range dirs {
		if i%every == 0 {
			out = append(out, d)
		}
	}
	return out
}

func runCorpusCase(t *testing.T, dir string) {
	ctx := context.Background()
	oldSQL := readCorpusFile(t, filepath.Join(dir, "old.sql"))
	newSQL := readCorpusFile(t, filepath.Join(dir, "new.sql"))
	db, url := pgtest.DB(t)
	// The target is read from new.sql run in a transaction that is rolled
	// back: a second database per case would double the cost of the
	// corpus, and DDL is transactional in PostgreSQL. Only the pg_dump
	// judge (-corpus.dump) needs one.
	to, rawTo := readTarget(t, db, newSQL)
	dump := newDumpJudge(t, url, newSQL, func() (func(string) error, string) {
		b, bURL := pgtest.DB(t)
		return func(script string) error { _, err := b.ExecContext(ctx, script); return err }, bURL
	})
	if _, err := db.ExecContext(ctx, oldSQL); err != nil {
		t.Fatalf("old.sql: %v", err)
	}
	from := corpusInspect(t, db)
	rawFrom := rawCatalog(t, db)
	dump.recordOld(t)

	changes, err := differ.Diff(from, to)
	if err != nil {
		t.Fatalf("Diff(old, new): %v", err)
	}
	// A case whose databases differ must give changes, or the round trip
	// below would pass without testing anything.
	if same := slices.Equal(rawFrom, rawTo); same != (len(changes) == 0) {
		t.Fatalf("pg_catalog says old and new are equal: %v; Diff gave %d changes:\n%s", same, len(changes), renderChanges(changes))
	}

	up := execChanges(t, db, "upgrade", changes)
	checkSame(t, "after upgrade", up, db, to, rawTo)
	dump.check(t, "after upgrade", up, true)

	down, ok := change.ReverseAll(changes)
	if !ok {
		t.Fatalf("ReverseAll: some change cannot be reversed:\n%s", renderChanges(changes))
	}
	sqlDown := execChanges(t, db, "downgrade", down)
	checkSame(t, "after downgrade", sqlDown, db, from, rawFrom)
	dump.check(t, "after downgrade", sqlDown, false)
}

// checkSame asserts that the database behind db equals want (and raw, its
// reading of pg_catalog) and that a second diff is empty. ran is the SQL
// that led there, for the failure messages.
func checkSame(t *testing.T, step string, ran []string, db *sql.DB, want *schema.Schema, raw []string) {
	t.Helper()
	got := corpusInspect(t, db)
	if fingerprint(t, got) != fingerprint(t, want) {
		t.Errorf("%s: catalog differs from the target (-want +got):\n%s\nSQL run:\n%s",
			step, cmp.Diff(sortedColumns(want), sortedColumns(got), cmpopts.EquateEmpty()), strings.Join(ran, ";\n"))
	}
	if diff := cmp.Diff(raw, rawCatalog(t, db)); diff != "" {
		t.Errorf("%s: pg_catalog differs from the target (-want +got):\n%s\nSQL run:\n%s", step, diff, strings.Join(ran, ";\n"))
	}
	again, err := differ.Diff(got, want)
	if err != nil {
		t.Fatalf("%s: second Diff: %v", step, err)
	}
	if len(again) > 0 {
		t.Errorf("%s: second Diff is not empty (a false difference):\n%s\nSQL run:\n%s", step, renderChanges(again), strings.Join(ran, ";\n"))
	}
}

// readTarget runs script in a transaction on db, reads the schema it
// makes (by package catalog and by rawCatalog) and rolls back.
func readTarget(t *testing.T, db *sql.DB, script string) (*schema.Schema, []string) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, script); err != nil {
		t.Fatalf("new.sql: %v", err)
	}
	return corpusInspect(t, tx), rawCatalog(t, tx)
}

func readCorpusFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func corpusInspect(t *testing.T, db catalog.Querier) *schema.Schema {
	t.Helper()
	s, err := catalog.Inspect(context.Background(), db, catalog.Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	return s
}

// execChanges runs the statements of changes on db in one transaction and
// returns them. A failure rolls back and ends the test, showing every
// statement.
func execChanges(t *testing.T, db *sql.DB, step string, changes []change.Change) []string {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	for _, c := range changes {
		s, err := change.SQL(c)
		if err != nil {
			t.Fatalf("%s: SQL(%T): %v", step, c, err)
		}
		stmts = append(stmts, s...)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: statement %d: %v\n%s\nSQL of the %s:\n%s", step, i+1, err, stmt, step, strings.Join(stmts, ";\n"))
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("%s: commit: %v\nSQL:\n%s", step, err, strings.Join(stmts, ";\n"))
	}
	return stmts
}

// renderChanges shows changes as their SQL, or their Go value when they
// do not render.
func renderChanges(changes []change.Change) string {
	var b strings.Builder
	for _, c := range changes {
		stmts, err := change.SQL(c)
		if err != nil || len(stmts) == 0 {
			fmt.Fprintf(&b, "%T %+v\n", c, c)
			continue
		}
		for _, s := range stmts {
			fmt.Fprintf(&b, "%s;\n", s)
		}
	}
	return b.String()
}

// sortedColumns returns s normalized, with every table's columns sorted by
// name: column order is not compared, since a column dropped and added
// again (a generated column whose expression changes) moves to the end.
func sortedColumns(s *schema.Schema) *schema.Schema {
	n := s.Normalize()
	for _, t := range n.Tables {
		slices.SortFunc(t.Columns, func(a, b *schema.Column) int { return strings.Compare(a.Name, b.Name) })
	}
	return n
}

// fingerprint is the JSON of sortedColumns(s).
func fingerprint(t *testing.T, s *schema.Schema) string {
	t.Helper()
	b, err := json.Marshal(sortedColumns(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rawCatalog describes the user objects of db in sorted lines, read from
// pg_catalog without package catalog: what the catalog does not read yet
// must still match (see [pgtest.CatalogDump]).
func rawCatalog(t *testing.T, db catalog.Querier) []string {
	t.Helper()
	return pgtest.CatalogDump(t, db)
}
