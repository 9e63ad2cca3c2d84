package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/schema"
)

// TestGORMAutoMigrate migrates a fresh database with GORM's own
// AutoMigrate (gorm.io/gorm with its postgres driver, in the test-only
// module testdata/gorm) and checks that the parser reads the same
// schema from the GORM models: the catalog of the GORM-migrated database
// equals the models' as the server canonicalizes them, check's
// comparison of a live database with models finds nothing, and
// `revision --autogenerate` against that database writes nothing.
func TestGORMAutoMigrate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds GORM and migrates a database with it; runs without -short (make test)")
	}
	t.Parallel()
	pgtest.Server(t) // skip (or fail) before building, when no server answers
	dir := testModuleOf(t, "gorm")
	bin := filepath.Join(t.TempDir(), "gorm-migrate")
	goCmd(t, dir, "build", "-o", bin, "./migrate")

	t.Run("models", func(t *testing.T) {
		t.Parallel()
		_, dbURL := pgtest.DB(t)
		compareMigrated(t, bin, dir, dbURL, "./models")
		if t.Failed() {
			return
		}
		// The CLI: a baseline migration written from the models alone,
		// stamped on the GORM-migrated database; autogenerate against
		// it then finds nothing, and check is clean.
		m := &testModule{t: t, dir: dir, dbURL: dbURL, clock: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
		m.must(ExitOK, "init")
		m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "baseline")
		if n := len(m.migrationFiles()); n != 1 {
			t.Fatalf("the offline baseline wrote %d migration files, want 1", n)
		}
		m.must(ExitOK, "stamp", "head")
		out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing")
		if !strings.Contains(out, "no changes") || len(m.migrationFiles()) != 1 {
			t.Errorf("autogenerate against the GORM-migrated database wrote a migration:\n%s", out)
		}
		m.must(ExitOK, "check")
	})
	// A NamingStrategy of singular names with a prefix, a table in
	// another schema, and associations found in less common ways.
	t.Run("naming", func(t *testing.T) {
		if os.Getenv("SCHEMAGEN_CORPUS") == "sample" {
			t.Skip("a second model set; runs unless SCHEMAGEN_CORPUS=sample (make test samples)")
		}
		t.Parallel()
		_, dbURL := pgtest.DB(t)
		compareMigrated(t, bin, dir, dbURL, "./naming", "-naming")
	})
}

// compareMigrated migrates the database dbURL with the program bin
// (GORM's or bun's, given args) and compares its catalog with the models
// of the package pattern of the module dir: as the server stores those
// (catalog to catalog), and as check compares a live database with
// models.
func compareMigrated(t *testing.T, bin, dir, dbURL, pattern string, args ...string) {
	t.Helper()
	ctx := context.Background()
	migrate := exec.CommandContext(ctx, bin, args...)
	migrate.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(bin), err, out)
	}
	model, err := parser.Load(ctx, parser.Config{Dir: dir}, pattern)
	if err != nil {
		t.Fatalf("load the models: %v", err)
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	live, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Tables) != len(model.Tables) {
		t.Errorf("the database has %d tables, the models %d", len(live.Tables), len(model.Tables))
	}
	canon, err := shadow.Canonicalize(ctx, dbURL, model)
	if err != nil {
		t.Fatalf("canonicalize the models: %v", err)
	}
	// Catalog to catalog: what GORM created, and what the models create
	// as the server stores it.
	cs, err := differ.Diff(live, canon)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) > 0 {
		t.Errorf("the migrated database differs from the models as the server stores them; the changes that bring it there:\n%s\n(-database +models):\n%s",
			describeChanges(cs), cmp.Diff(schemaJSON(t, live), schemaJSON(t, canon)))
	}
	// check's comparison of a live database with the models.
	up, err := differ.Diff(differ.RespellLive(live, differ.Spelling{Text: model, Canon: canon}, differ.Spelling{}), model)
	if err != nil {
		t.Fatal(err)
	}
	if len(up) > 0 {
		t.Errorf("check's comparison finds the migrated database different from the models:\n%s", describeChanges(up))
	}
}

// TestBunCreateTable creates the tables of the bun models of the
// test-only module testdata/bun with bun's own CREATE TABLE (with
// foreign keys, github.com/uptrace/bun with pgdialect) on a fresh
// database, and checks that the parser reads the same schema from the
// models, as TestGORMAutoMigrate does for GORM.
func TestBunCreateTable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bun and creates a database's tables with it; runs without -short (make test)")
	}
	t.Parallel()
	pgtest.Server(t)
	dir := testModuleOf(t, "bun")
	bin := filepath.Join(t.TempDir(), "bun-migrate")
	goCmd(t, dir, "build", "-o", bin, "./migrate")
	_, dbURL := pgtest.DB(t)
	compareMigrated(t, bin, dir, dbURL, "./models")
	if t.Failed() {
		return
	}
	if os.Getenv("SCHEMAGEN_CORPUS") == "sample" {
		// make test samples: the CLI's part is TestGORMAutoMigrate's.
		return
	}
	m := &testModule{t: t, dir: dir, dbURL: dbURL, clock: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "baseline")
	m.must(ExitOK, "stamp", "head")
	out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing")
	if !strings.Contains(out, "no changes") || len(m.migrationFiles()) != 1 {
		t.Errorf("autogenerate against the bun-created database wrote a migration:\n%s", out)
	}
	m.must(ExitOK, "check")
}

// testModuleOf copies the test-only module testdata/NAME to a temporary
// folder, as module example.com/NAMEtest that requires this checkout of
// schemagen too (the migrations the CLI builds import it), and resolves
// its dependencies. A failure to download them skips the test, loudly,
// or fails it under SCHEMAGEN_REQUIRE_DB=1.
func testModuleOf(t *testing.T, name string) string {
	t.Helper()
	root := repoRoot(t)
	src := filepath.Join(root, "testdata", name)
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := strings.ReplaceAll(string(b), "github.com/schemagen/schemagen/testdata/"+name, "example.com/"+name+"test")
		if rel == "go.mod" {
			text = strings.Replace(text, "require (", "require (\n\tgithub.com/schemagen/schemagen v0.0.0", 1) +
				"\nreplace github.com/schemagen/schemagen => " + root + "\n"
		}
		if rel == "go.sum" {
			own, err := os.ReadFile(filepath.Join(root, "go.sum"))
			if err != nil {
				return err
			}
			text += string(own)
		}
		writeFile(t, filepath.Join(dir, rel), text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = dir
	if out, err := tidy.CombinedOutput(); err != nil {
		msg := fmt.Sprintf("\n\n*** go mod tidy of the test module testdata/%s failed (are its dependencies downloadable?): %v\n%s\n*** test skipped ***\n\n", name, err, out)
		if os.Getenv("SCHEMAGEN_REQUIRE_DB") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// goCmd runs the go command in dir and fails the test when it fails.
func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// describeChanges lists changes one a line.
func describeChanges(cs []change.Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "  %s\n", change.Describe(c))
	}
	return b.String()
}

// schemaJSON returns s as indented JSON, tables, constraints and
// indexes sorted by name, for a readable diff.
func schemaJSON(t *testing.T, s *schema.Schema) string {
	t.Helper()
	s = s.Clone()
	byName := func(a, b *schema.Table) int {
		return strings.Compare(a.QualifiedName().String(), b.QualifiedName().String())
	}
	slices.SortFunc(s.Tables, byName)
	for _, tb := range s.Tables {
		slices.SortFunc(tb.Indexes, func(a, b *schema.Index) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(tb.Uniques, func(a, b *schema.Unique) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(tb.ForeignKeys, func(a, b *schema.ForeignKey) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(tb.Checks, func(a, b *schema.Check) int { return strings.Compare(a.Name, b.Name) })
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
