package differ_test

import (
	"bytes"
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
// must still match.
func rawCatalog(t *testing.T, db catalog.Querier) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), rawCatalogQuery)
	if err != nil {
		t.Fatalf("read pg_catalog: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line []byte
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		out = append(out, string(bytes.TrimSpace(line)))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// rawCatalogQuery lists schemas, enums with their labels in order, tables
// with their comments, columns (type, nullability, default, identity,
// generated expression, comment), constraints and indexes as PostgreSQL
// prints them; and the objects managed by their definition: views and
// materialized views (with their options and indexes), standalone
// sequences, functions and procedures, triggers, policies, rules,
// domains, composite types, collations, extended statistics and
// extensions.
const rawCatalogQuery = `
WITH ns AS (
	SELECT n.oid, n.nspname FROM pg_namespace n
	WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
), rel AS (
	SELECT c.oid, ns.nspname, c.relname FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p')
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT format('schema %I', nspname) FROM ns
UNION ALL
SELECT format('schema %I comment %L', nspname, obj_description(oid, 'pg_namespace')) FROM ns
UNION ALL
SELECT format('table %I.%I persistence=%s options=%s toast=%s rowsecurity=%s force=%s', rel.nspname, rel.relname,
	c.relpersistence, (SELECT array_agg(o ORDER BY o) FROM unnest(c.reloptions) o),
	(SELECT array_agg(o ORDER BY o) FROM pg_class tc, unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid),
	c.relrowsecurity, c.relforcerowsecurity)
FROM rel JOIN pg_class c ON c.oid = rel.oid
UNION ALL
SELECT format('enum %I.%I (%s)', ns.nspname, t.typname,
	(SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e'
UNION ALL
SELECT format('table %I.%I comment %L', nspname, relname, obj_description(oid, 'pg_class')) FROM rel
UNION ALL
SELECT format('column %I.%I.%I %s notnull=%s default=%L identity=%L generated=%L comment=%L',
	rel.nspname, rel.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
	pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated, col_description(rel.oid, a.attnum))
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
UNION ALL
SELECT format('constraint %I.%I.%I %s', rel.nspname, rel.relname, con.conname, pg_get_constraintdef(con.oid))
FROM rel JOIN pg_constraint con ON con.conrelid = rel.oid
UNION ALL
SELECT format('index %s', regexp_replace(pg_get_indexdef(i.indexrelid), ' WITH \([^)]*\)', ''))
FROM rel JOIN pg_index i ON i.indrelid = rel.oid
UNION ALL
SELECT format('index %I options %s', ic.relname, (SELECT array_agg(o ORDER BY o) FROM unnest(ic.reloptions) o))
FROM rel JOIN pg_index i ON i.indrelid = rel.oid JOIN pg_class ic ON ic.oid = i.indexrelid
UNION ALL
SELECT format('column-collation %I.%I.%I %s', rel.nspname, rel.relname, a.attname, a.attcollation::regcollation)
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type ty ON ty.oid = a.atttypid
WHERE a.attcollation <> ty.typcollation
UNION ALL
SELECT format('sequence %s as %s increment %s min %s max %s start %s cache %s cycle %s owned by %s',
	CASE WHEN d.deptype = 'i' THEN 'of identity' ELSE format('%I.%I', ns.nspname, c.relname) END,
	format_type(sq.seqtypid, NULL), sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqstart, sq.seqcache, sq.seqcycle,
	CASE WHEN d.refobjid IS NOT NULL THEN format('%s.%I (%s)', d.refobjid::regclass, a.attname, d.deptype) END)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_sequence sq ON sq.seqrelid = c.oid
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE c.relkind = 'S'
UNION ALL
SELECT format('partitioning %I.%I key=%s bound=%s parents=%s', rel.nspname, rel.relname, pg_get_partkeydef(c.oid),
	pg_get_expr(c.relpartbound, c.oid),
	(SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid))
FROM rel JOIN pg_class c ON c.oid = rel.oid
WHERE c.relkind = 'p' OR c.relispartition OR EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)
UNION ALL
SELECT format('inherited column %I.%I.%I local=%s inhcount=%s', rel.nspname, rel.relname, a.attname, a.attislocal, a.attinhcount)
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount > 0
UNION ALL
SELECT format('relation %s %I.%I %s options=%s', c.relkind, ns.nspname, c.relname, pg_get_viewdef(c.oid), c.reloptions)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT format('matview index %s', pg_get_indexdef(i.indexrelid))
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'm'
UNION ALL
SELECT format('sequence %I.%I %s %s %s %s %s %s %s', ns.nspname, c.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement,
	s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
UNION ALL
SELECT format('routine %s', pg_get_functiondef(p.oid))
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p')
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT format('trigger %s enabled=%s', pg_get_triggerdef(tg.oid), tg.tgenabled)
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN ns ON ns.oid = c.relnamespace WHERE NOT tg.tgisinternal
UNION ALL
SELECT format('policy %I.%I.%I %s %s %s %s %s', po.schemaname, po.tablename, po.policyname, po.permissive, po.roles, po.cmd, po.qual, po.with_check)
FROM pg_policies po JOIN ns ON ns.nspname = po.schemaname
UNION ALL
SELECT format('rule %s', pg_get_ruledef(r.oid))
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT format('type %s %I.%I base=%s notnull=%s default=%L collation=%s checks=%s attributes=%s', t.typtype, ns.nspname, t.typname,
	format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, t.typcollation::regcollation,
	(SELECT string_agg(format('%I %s', con.conname, pg_get_constraintdef(con.oid)), ', ' ORDER BY con.conname) FROM pg_constraint con WHERE con.contypid = t.oid),
	(SELECT string_agg(format('%I %s %s', a.attname, format_type(a.atttypid, a.atttypmod), a.attcollation::regcollation), ', ' ORDER BY a.attnum)
		FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE (t.typtype = 'd' OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
UNION ALL
SELECT format('collation %I.%I %s', ns.nspname, co.collname, to_jsonb(co) - 'oid' - 'collnamespace' - 'collowner' - 'collversion')
FROM pg_collation co JOIN ns ON ns.oid = co.collnamespace
UNION ALL
SELECT format('statistics %s', pg_get_statisticsobjdef(st.oid))
FROM pg_statistic_ext st JOIN ns ON ns.oid = st.stxnamespace
UNION ALL
SELECT format('extension %I schema %I', e.extname, n.nspname)
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'`
