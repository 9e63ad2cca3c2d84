package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

const archiveModelsV1 = `package models

//schemagen:enum mood
type Mood string

const (
	MoodOK  Mood = "ok"
	MoodBad Mood = "bad"
)

//schemagen:table users
type User struct {
	ID   int64  ` + "`db:\"id,pk\"`" + `
	Name string ` + "`db:\"name\"`" + `
	Mood Mood   ` + "`db:\"mood\"`" + `
}

//schemagen:table items
type Item struct {
	ID    int64  ` + "`db:\"id,pk\"`" + `
	Label string ` + "`db:\"label,index\"`" + `
	Owner int64  ` + "`db:\"owner,fk:users.id\"`" + `
}

//schemagen:table loose
type Loose struct {
	A string ` + "`db:\"a\"`" + `
}
`

const archiveModelsV2 = `package models

//schemagen:table users
type User struct {
	ID int64 ` + "`db:\"id,pk\"`" + `
}
`

// TestReversibleDrops runs the loop on a populated database: the
// generated migration archives a dropped table and dropped columns
// (enum and NOT NULL), check ignores the archive, the downgrade brings
// every row back, prune refuses without --yes, and a downgrade past a
// pruned archive warns and recreates the table empty. The table without
// a primary key is dropped for good, with the hazard that says so.
func TestReversibleDrops(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	models := t.TempDir()
	writeFile(t, filepath.Join(models, "models.go"), archiveModelsV1)
	m.setModels(models)
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create")
	m.must(ExitOK, "upgrade")
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`INSERT INTO users SELECT g, 'u' || g, (ARRAY['ok', 'bad'])[1 + g % 2]::mood FROM generate_series(1, 10000) g;
		INSERT INTO items SELECT g, 'l' || g, 1 + g % 10000 FROM generate_series(1, 10000) g;
		INSERT INTO loose SELECT 'a' || g FROM generate_series(1, 10) g`); err != nil {
		t.Fatal(err)
	}
	// Row by row, in key order, by column name (a restored column
	// comes back last).
	snapshot := func(table, cols string) string {
		var s string
		if err := db.QueryRow(`SELECT string_agg((` + cols + `)::text, ',' ORDER BY id) FROM ` + table).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	users, items := snapshot("users", "id, name, mood"), snapshot("items", "id, label, owner")

	writeFile(t, filepath.Join(models, "models.go"), archiveModelsV2)
	m.setModels(models)
	out := m.must(ExitOK, "revision", "--autogenerate", "-m", "drop")
	for _, want := range []string{"moves it, instantly and with every row, to schema schemagen_archive_", "copies its values with the primary key to schemagen_archive.", "dropping table loose deletes every row"} {
		if !strings.Contains(out, want) {
			t.Errorf("the hazards lack %q:\n%s", want, out)
		}
	}
	files := m.migrationFiles()
	src, err := os.ReadFile(files[len(files)-1])
	if err != nil {
		t.Fatal(err)
	}
	rev := revisionOf(files[len(files)-1])
	if !strings.HasPrefix(rev, "20261130120400_") {
		t.Fatalf("the revision is %s, want 20261130120400_SUFFIX", rev)
	}
	usersQ, itemsQ := schema.QualifiedName{Schema: "public", Name: "users"}, schema.QualifiedName{Schema: "public", Name: "items"}
	itemsArchive := change.TableArchiveName(rev, itemsQ)
	if !strings.HasPrefix(itemsArchive, "schemagen_archive_"+rev+"_public_items_") {
		t.Errorf("the archive of items is %s, want schemagen_archive_%s_public_items_<hash>", itemsArchive, rev)
	}
	// A call is on one line, or its arguments one a line when it does
	// not fit in 100 columns: compare with the breaks taken out.
	flat := regexp.MustCompile(`\(\n\s*`).ReplaceAllString(string(src), "(")
	flat = regexp.MustCompile(`,\n\s*`).ReplaceAllString(flat, ", ")
	for _, want := range []string{`op.ArchiveTable("items", "` + itemsArchive + `")`, `op.ArchiveColumn("users", "name", "` + change.ColumnArchiveName(rev, usersQ, "name") + `")`,
		`op.RestoreTable("items", "` + itemsArchive + `", migrate.Table{`, `op.RestoreColumn("users", "` + change.ColumnArchiveName(rev, usersQ, "mood") + `", migrate.Column{`, `op.DropTable("loose")`} {
		if !strings.Contains(flat, want) {
			t.Errorf("the migration lacks %s:\n%s", want, src)
		}
	}
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	if out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing"); !strings.Contains(out, "no changes") {
		t.Errorf("the archive shows as a change:\n%s", out)
	}

	if out := m.must(ExitOK, "prune", "--dry-run"); !strings.Contains(out, "would prune 3 archived object(s)") {
		t.Errorf("prune --dry-run:\n%s", out)
	}
	if out := m.must(ExitError, "prune"); !strings.Contains(out, "rerun with --yes") {
		t.Errorf("prune without --yes:\n%s", out)
	}
	if out := m.must(ExitOK, "prune", "--older-than", "30d", "--yes"); !strings.Contains(out, "nothing archived to prune") {
		t.Errorf("prune --older-than 30d:\n%s", out)
	}

	m.must(ExitOK, "downgrade", "-1")
	if got := snapshot("users", "id, name, mood"); got != users {
		t.Errorf("users differ after the downgrade")
	}
	if got := snapshot("items", "id, label, owner"); got != items {
		t.Errorf("items differ after the downgrade")
	}

	// Pruned, the downgrade warns and recreates the table empty.
	m.must(ExitOK, "upgrade")
	if out := m.must(ExitOK, "prune", "--older-than", "0s", "--yes"); !strings.Contains(out, "pruned 3 archived object(s)") {
		t.Errorf("prune --yes:\n%s", out)
	}
	var left int
	if err := db.QueryRow(`SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'schemagen\_archive\_%'`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d archive schemas after prune (%v)", left, err)
	}
	// users.name is NOT NULL without a default: with its values pruned,
	// the downgrade fails first, naming the rows and the fix.
	if out := m.must(ExitError, "downgrade", "-1"); !strings.Contains(out, "10000 row(s) have no archived value") || !strings.Contains(out, "give the column a default") {
		t.Errorf("downgrade past a pruned NOT NULL column:\n%s", out)
	}
	if _, err := db.Exec(`DELETE FROM users`); err != nil {
		t.Fatal(err)
	}
	if out := m.must(ExitOK, "downgrade", "-1"); !strings.Contains(out, "gone (pruned)") {
		t.Errorf("a downgrade past a prune does not warn:\n%s", out)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM items`).Scan(&n); err != nil || n != 0 {
		t.Errorf("items after a pruned restore: %d rows (%v)", n, err)
	}
}

// TestPruneTrustsNoRegistryRow writes registry rows that name a schema
// that is no archive (public, schemagen_archive itself) and the registry
// as a column archive: prune --yes skips them with a warning and exits 2,
// and drops only the real archive. It also refuses to run while a
// migration run holds the migration lock.
func TestPruneTrustsNoRegistryRow(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	models := t.TempDir()
	writeFile(t, filepath.Join(models, "models.go"), archiveModelsV2)
	m.setModels(models)
	m.must(ExitOK, "init")
	db := openURL(t, m.dbURL)
	archive := change.TableArchiveName("20261206083000", schema.QualifiedName{Schema: "public", Name: "old"})
	if _, err := db.Exec(`CREATE TABLE keep (id int PRIMARY KEY);
		CREATE SCHEMA schemagen_archive;
		CREATE TABLE schemagen_archive.registry (archive text PRIMARY KEY, kind text NOT NULL, original text NOT NULL, archived_at timestamptz NOT NULL DEFAULT now());
		CREATE SCHEMA ` + schema.QuoteIdent(archive) + `;
		CREATE TABLE ` + schema.QuoteIdent(archive) + `.old (id int PRIMARY KEY);
		INSERT INTO schemagen_archive.registry (archive, kind, original) VALUES
			('public', 'table', 'public.keep'), ('schemagen_archive', 'table', 'public.x'),
			('registry', 'column', 'public.keep.id'), (` + schema.QuoteLiteral(archive) + `, 'table', 'public.old')`); err != nil {
		t.Fatal(err)
	}

	// A migration run holds the lock: prune waits for nothing and
	// drops nothing.
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	key := migrate.LockKey(migrate.DefaultVersionTable())
	if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_lock($1)", key); err != nil {
		t.Fatal(err)
	}
	if out := m.must(ExitError, "prune", "--yes"); !strings.Contains(out, "a migration run holds the migration lock") {
		t.Errorf("prune while the lock is held:\n%s", out)
	}
	if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key); err != nil {
		t.Fatal(err)
	}

	out := m.must(ExitError, "prune", "--yes")
	for _, want := range []string{`registry row "public" (table public.keep) skipped`, `registry row "schemagen_archive" (table public.x) skipped`,
		`registry row "registry" (column public.keep.id) skipped`, "pruned 1 archived object(s)", "skipped 3 row(s) of schemagen_archive.registry"} {
		if !strings.Contains(out, want) {
			t.Errorf("prune --yes lacks %q:\n%s", want, out)
		}
	}
	var keep, registry, left bool
	if err := db.QueryRow(`SELECT to_regclass('public.keep') IS NOT NULL, to_regclass('schemagen_archive.registry') IS NOT NULL,
		EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)`, archive).Scan(&keep, &registry, &left); err != nil {
		t.Fatal(err)
	}
	if !keep || !registry || left {
		t.Errorf("after prune: public.keep %t, the registry %t (want both), the archive %t (want it dropped)", keep, registry, left)
	}
}
