package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// The import round trip: a database built by hand is adopted with
// `schemagen import`, and everything schemagen then does with what import
// wrote must give that database back. For each database:
//
//  1. its SQL runs on a fresh database A, and `schemagen import` writes a
//     model package and a baseline migration into a module and stamps A;
//  2. `go build ./...` compiles the models and migrations (one build for
//     every case of a test: the cases share one module, a folder each);
//  3. `check` against A is clean (exit 0; exit 3 where A holds objects of a
//     kind schemagen does not manage, which import leaves out by design),
//     and so is `check --offline` (models against the baseline replayed);
//  4. `upgrade head` on an empty database B gives the catalog of A, as
//     pgtest.CatalogDump reads it (its own query of pg_catalog, not package
//     catalog, so an error shared by catalog, import and the differ cannot
//     hide itself);
//  5. `downgrade base` on B leaves only the version table.
//
// TestImportRoundTripRealistic does this for testdata/import/realistic.sql,
// a SaaS schema of 49 tables and 3 partitions; TestImportRoundTripCorpus for the databases of
// testdata/corpus (each case's old.sql and new.sql): a sample under
// -short and `make test` (see importSampleEvery), every database under
// SCHEMAGEN_CORPUS=all.

// importRefusals are the corpus databases that import refuses by design,
// because the models cannot declare something they hold (the README's
// list, under "import refuses"): the case's folder name and side, and a
// text the refusal must contain. A refusal of any other database is a
// failure, as is a listed database that imports. The corpus holds them on
// purpose: it tests the differ with every name and shape PostgreSQL
// takes, where models hold the ones tags and directives can write.
var importRefusals = map[string]string{
	// A partition with indexes, constraints or a comment of its own: a
	// partition is a directive on its parent, not a struct.
	"507_partition_parent_index_added.new": "cannot declare on a partition",
	"507_partition_parent_index_added.old": "cannot declare on a partition",
	"512_partition_own_index.new":          "cannot declare on a partition",
	"513_partition_own_check.new":          "cannot declare on a partition",
	"526_partition_comments.new":           "cannot declare on a partition",
	// A serial column whose sequence is not named TABLE_COLUMN_seq.
	"120_serial_sequence_named_apart.new": "serial column's sequence",
	// An enum whose name is not a lower-case identifier.
	"022_enum_in_schema.new": "must be lower-case identifiers",
	// Names a tag or a directive cannot hold: schemas and tables with
	// dots, spaces or quotes, columns with quotes or commas, constraints
	// and indexes with spaces.
	"013_quoted_names.new":                      "holds a dot, a space, a quote",
	"117_serial_hostile_names.new":              "holds a dot, a space, a quote",
	"210_view_hostile_names.new":                "holds a dot, a space, a quote",
	"210_view_hostile_names.old":                "holds a dot, a space, a quote",
	"310_deferrable_hostile_names.new":          "holds a dot, a space, a quote",
	"310_deferrable_hostile_names.old":          "holds a dot, a space, a quote",
	"338_attributes_hostile_name.new":           "holds a dot, a space, a quote",
	"338_attributes_hostile_name.old":           "holds a dot, a space, a quote",
	"525_partition_hostile_names.new":           "holds a dot, a space, a quote",
	"139_identity_hostile_names.new":            "which a db tag cannot hold",
	"148_unique_nulls_not_distinct_hostile.new": "which a db tag cannot hold",
	"148_unique_nulls_not_distinct_hostile.old": "which a db tag cannot hold",
	"325_exclusion_hostile_names.new":           "which a db tag cannot hold",
	"325_exclusion_hostile_names.old":           "which a db tag cannot hold",
	"014_quoted_names_changed.new":              "which a directive cannot hold",
	"326_exclusion_in_schema.new":               "which a directive cannot hold",
	"343_new_table_index_with_options.new":      "which a directive cannot hold",
	// A schema that holds nothing and has no comment (its name, with a
	// space, could not be declared anyway), or a comment of several lines
	// (a //schemagen:schema directive holds one).
	"600_extension_moves_schema.old": "holds nothing imported",
	"349_schema_comment_hostile.new": "directive holds one line",
}

// importKnownFailures are the corpus databases whose round trip fails for
// a bug of import not fixed yet, with the reason: they are skipped, and
// listed in the skip message. Each entry is a bug to fix, not a design.
var importKnownFailures = map[string]string{}

// TestImportRoundTripRealistic adopts testdata/import/realistic.sql, a
// SaaS application's database of five schemas, 49 tables and 3
// partitions (see the file's header), by the round trip described above.
func TestImportRoundTripRealistic(t *testing.T) {
	if testing.Short() {
		t.Skip("imports, builds and migrates a 52-table schema (5 s, 15 s on busy cores); runs without -short (make test)")
	}
	path := filepath.Join(repoRoot(t), "testdata", "import", "realistic.sql")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &importCase{name: "realistic", dir: "app", sql: string(b)}
	runImportRoundTrips(t, []*importCase{c})
	if !c.imported {
		return
	}
	// The schema must have been imported as a whole, not reduced to
	// what was easy: every table is a struct.
	db := openURL(t, c.dbURL)
	s, err := catalog.Inspect(context.Background(), db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tables, structs int
	for _, tb := range s.Tables {
		if tb.Schema == "public" && strings.HasPrefix(tb.Name, "schemagen_version") {
			continue
		}
		tables++
		if tb.PartitionOf == nil {
			structs++
		}
	}
	if tables < 40 {
		t.Errorf("realistic.sql holds %d tables, want at least 40", tables)
	}
	src := readGoFiles(t, filepath.Join(c.module, c.dir, "models"))
	if n := strings.Count(src, "//schemagen:table "); n != structs {
		t.Errorf("the models declare %d tables, the database holds %d and %d partitions", n, structs, tables-structs)
	}
}

// TestImportRoundTripCorpus adopts the databases of testdata/corpus by
// the round trip described above: a sample of the cases (see
// importCorpusSample), every case's old.sql and new.sql under
// SCHEMAGEN_CORPUS=all.
func TestImportRoundTripCorpus(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "corpus", "[0-9]*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 200 {
		t.Fatalf("testdata/corpus holds %d cases, want at least 200", len(dirs))
	}
	// Every entry of the lists names a database of the corpus.
	for _, list := range []map[string]string{importRefusals, importKnownFailures} {
		for name := range list {
			dir, side, _ := strings.Cut(name, ".")
			if _, err := os.Stat(filepath.Join(repoRoot(t), "testdata", "corpus", dir, side+".sql")); err != nil {
				t.Errorf("%s names no database of testdata/corpus: %v", name, err)
			}
		}
	}
	var cases []*importCase
	var known []string
	for _, sc := range importCorpusSample(dirs) {
		name := filepath.Base(sc.dir) + "." + sc.side
		if reason, ok := importKnownFailures[name]; ok {
			known = append(known, name+": "+reason)
			continue
		}
		b, err := os.ReadFile(filepath.Join(sc.dir, sc.side+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, &importCase{
			name:   name,
			dir:    "c" + strings.ReplaceAll(name, ".", "_"),
			sql:    string(b),
			refuse: importRefusals[name],
		})
	}
	runImportRoundTrips(t, cases)
	if len(known) > 0 {
		t.Logf("skipped for known bugs of import (importKnownFailures):\n%s", strings.Join(known, "\n"))
	}
}

// The corpus sample's rates. Each database costs two builds of a runner
// (check --offline, upgrade) besides its import and checks: 2 to 8 s of
// the test's time on two cores, by their load; the 548 databases of
// SCHEMAGEN_CORPUS=all took 19 to 45 minutes. `make test`
// (SCHEMAGEN_CORPUS=sample) takes one case in 46 (6 databases, 8 s on a
// quiet machine) and -short one in 92 (3 databases, 4 s), within their
// budgets.
const (
	importSampleEvery = 46
	importShortEvery  = 92
)

// sampledCase is one database of the corpus: a case's folder and the side
// ("old" or "new") whose SQL builds it.
type sampledCase struct{ dir, side string }

// importCorpusSample returns the corpus databases to import: both sides
// of every case under SCHEMAGEN_CORPUS=all; else one case in
// importSampleEvery (SCHEMAGEN_CORPUS=sample, what `make test` sets, or
// no -short) or importShortEvery (-short), spread over every kind as the
// folders' numbers group them, and one side of each, new and old in turn,
// so that the sample holds both.
func importCorpusSample(dirs []string) []sampledCase {
	every := 1
	switch mode := os.Getenv("SCHEMAGEN_CORPUS"); {
	case mode == "all":
		var out []sampledCase
		for _, d := range dirs {
			out = append(out, sampledCase{d, "old"}, sampledCase{d, "new"})
		}
		return out
	case mode == "sample" || !testing.Short():
		every = importSampleEvery
	default:
		every = importShortEvery
	}
	var out []sampledCase
	for i, d := range dirs {
		if i%every != 0 {
			continue
		}
		side := "new"
		if len(out)%2 == 1 {
			side = "old"
		}
		out = append(out, sampledCase{d, side})
	}
	return out
}

// importCase is one database adopted by the round trip.
type importCase struct {
	name string // the subtests' name
	dir  string // the case's folder in the shared module: models and migrations below it
	sql  string // what builds the database
	// refuse, when set, says import must refuse this database with a
	// message holding this text: the round trip stops there.
	refuse string

	// Set by the round trip.
	module   string // the shared module's root
	dbURL    string // database A, imported and stamped
	imported bool   // import wrote models and a baseline and stamped A
	refused  bool   // import refused A, as refuse says it must
	// notManaged lists the objects of A of kinds schemagen does not
	// manage (extension versions aside, which are compared only when an
	// extension is on both sides): import leaves them out and `check`
	// exits 3 for them.
	notManaged []string
	buildErr   string // the go build errors of the case's packages
}

// flags are the global flags that point schemagen at the case's models
// and migrations.
func (c *importCase) flags() []string {
	return []string{"--models", "./" + c.dir + "/models", "--migrations", c.dir + "/migrations"}
}

// runImportRoundTrips runs the round trip for cases in one module: every
// import first (in parallel subtests of "import"), then one go build of
// the module, then the checks, upgrades and downgrades (subtests of
// "verify"). It logs how long each phase took.
func runImportRoundTrips(t *testing.T, cases []*importCase) {
	module := newImportModule(t)
	pool := &dbPool{server: pgtest.Server(t)}
	t.Cleanup(pool.dropAll)
	for _, c := range cases {
		c.module = module
	}

	start := time.Now()
	t.Run("import", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				c.importDB(t, pool)
			})
		}
	})
	imported := time.Now()

	buildErrs := goBuildAll(t, module)
	for _, c := range cases {
		c.buildErr = buildErrs[c.dir]
	}
	built := time.Now()

	t.Run("verify", func(t *testing.T) {
		for _, c := range cases {
			if !c.imported {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				c.verify(t)
			})
		}
	})
	var ran, refused, verified int
	for _, c := range cases {
		switch {
		case c.imported:
			verified++
		case c.refused:
			refused++
		}
		if c.dbURL != "" {
			ran++
		}
	}
	t.Logf("%d databases: %d imported and verified, %d refused as they must be; import %s, go build %s, verify %s", ran, verified, refused,
		imported.Sub(start).Round(time.Millisecond), built.Sub(imported).Round(time.Millisecond), time.Since(built).Round(time.Millisecond))
}

// importDB builds database A from the case's SQL and imports it.
func (c *importCase) importDB(t *testing.T, pool *dbPool) {
	c.dbURL = pool.create(t)
	db := openURL(t, c.dbURL)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, c.sql); err != nil {
		t.Fatalf("run the SQL: %v", err)
	}
	s, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	for _, u := range s.Unmanaged {
		if u.Kind != "extension version" {
			c.notManaged = append(c.notManaged, u.Kind+" "+u.Name)
		}
	}
	if c.refuse == "" && len(s.Tables) == 0 && len(s.Enums) == 0 && len(s.Objects) == 0 {
		// An empty database has nothing to import; a schema that holds
		// nothing is declared by its comment, and refused without one.
		if len(s.Schemas) == 0 {
			c.refuse = "nothing to import"
		}
		for _, nsp := range s.Schemas {
			if s.SchemaComments[nsp] == "" {
				c.refuse = "holds nothing imported and has no comment"
			}
		}
	}
	if c.refuse == "" && len(s.Tables) == 0 && len(s.Enums) == 0 && len(s.Objects) == 0 {
		// An empty database has nothing to import; a schema that holds
		// nothing is declared by its comment, and refused without one.
		if len(s.Schemas) == 0 {
			c.refuse = "nothing to import"
		}
		for _, nsp := range s.Schemas {
			if s.SchemaComments[nsp] == "" {
				c.refuse = "holds nothing imported and has no comment"
			}
		}
	}
	m := c.cli(t)
	args := append([]string{"import", "--out", c.dir + "/models"}, c.flags()...)
	code, stdout, stderr := m.run(args...)
	if c.refuse != "" {
		if code != ExitError || !strings.Contains(stderr, c.refuse) {
			t.Fatalf("schemagen import: exit %d, want %d and a refusal holding %q (importRefusals)\nstdout:\n%s\nstderr:\n%s", code, ExitError, c.refuse, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(c.module, c.dir, "models")); err == nil {
			t.Errorf("a refused import wrote %s/models", c.dir)
		}
		c.refused = true
		return
	}
	if code != ExitOK {
		t.Fatalf("schemagen import: exit %d, want %d\nstdout:\n%s\nstderr:\n%s\nSQL:\n%s", code, ExitOK, stdout, stderr, c.sql)
	}
	c.imported = true
}

// verify runs the round trip's checks on an imported case.
func (c *importCase) verify(t *testing.T) {
	if c.buildErr != "" {
		t.Fatalf("go build ./...: the imported packages do not compile:\n%s\n%s", c.buildErr, c.sources(t))
	}
	m := c.cli(t)
	flags := c.flags()
	wantCheck := ExitOK
	if len(c.notManaged) > 0 {
		wantCheck = ExitNotManaged
	}
	if code, stdout, stderr := m.run(append([]string{"check"}, flags...)...); code != wantCheck {
		t.Fatalf("schemagen check on the imported database: exit %d, want %d (objects not managed: %v)\nstdout:\n%s\nstderr:\n%s\n%s", code, wantCheck, c.notManaged, stdout, stderr, c.sources(t))
	}
	if code, stdout, stderr := m.run(append([]string{"check", "--offline"}, flags...)...); code != ExitOK {
		t.Fatalf("schemagen check --offline: exit %d, want 0\nstdout:\n%s\nstderr:\n%s\n%s", code, stdout, stderr, c.sources(t))
	}

	_, emptyURL := pgtest.DB(t)
	onEmpty := map[string]string{"DATABASE_URL": emptyURL}
	if code, stdout, stderr := m.runEnv(onEmpty, append([]string{"upgrade", "head"}, flags...)...); code != ExitOK {
		t.Fatalf("schemagen upgrade head on an empty database: exit %d, want 0\nstdout:\n%s\nstderr:\n%s\n%s", code, stdout, stderr, c.sources(t))
	}
	want := pgtest.CatalogDump(t, openURL(t, c.dbURL))
	got := pgtest.CatalogDump(t, openURL(t, emptyURL))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("upgrade head on an empty database: its catalog differs from the imported database's (-imported +upgraded):\n%s\n%s", diff, c.sources(t))
	}
	if code, stdout, stderr := m.runEnv(onEmpty, append([]string{"downgrade", "base"}, flags...)...); code != ExitOK {
		t.Fatalf("schemagen downgrade base on the upgraded copy: exit %d, want 0\nstdout:\n%s\nstderr:\n%s\n%s", code, stdout, stderr, c.sources(t))
	}
	assertOnlyVersionTable(t, emptyURL)
}

// cli returns a testModule that runs schemagen in the shared module on
// database A.
func (c *importCase) cli(t *testing.T) *testModule {
	return &testModule{t: t, dir: c.module, dbURL: c.dbURL, clock: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
}

// sources returns the files import wrote for the case, for failure
// messages.
func (c *importCase) sources(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, sub := range []string{"models", "migrations"} {
		b.WriteString(readGoFiles(t, filepath.Join(c.module, c.dir, sub)))
	}
	return b.String()
}

// readGoFiles returns the .go and .sql files of dir, each after a line
// with its name.
func readGoFiles(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), ".sql")) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "==== %s\n%s\n", filepath.Join(filepath.Base(dir), e.Name()), src)
	}
	return b.String()
}

// newImportModule creates a module in a temp folder for the cases of one
// test, as newTestModule does, with a schemagen.toml that names nothing,
// so that import's init leaves it alone and the flags of each case say
// where its models and migrations are.
func newImportModule(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/rt\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/schemagen/schemagen v0.0.0\n\tgithub.com/lib/pq v1.12.3\n)\n\nreplace github.com/schemagen/schemagen => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	writeFile(t, filepath.Join(dir, ConfigFile), "# The import round trip: each case names its models and migrations by flags.\n")
	return dir
}

// goBuildAll runs go build ./... in the module once and returns the
// errors by case folder (the first path element of the package).
func goBuildAll(t *testing.T, module string) map[string]string {
	t.Helper()
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = module
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	errs := map[string]string{}
	dir := ""
	for _, line := range strings.Split(string(out), "\n") {
		if pkg, ok := strings.CutPrefix(line, "# example.com/rt/"); ok {
			dir, _, _ = strings.Cut(pkg, "/")
		} else if d, _, ok := strings.Cut(line, "/"); ok && !strings.HasPrefix(line, "\t") && !strings.Contains(d, " ") {
			dir = d
		}
		if dir != "" && line != "" {
			errs[dir] += line + "\n"
		}
	}
	if len(errs) == 0 {
		t.Fatalf("go build ./...: %v\n%s", err, out)
	}
	return errs
}

// dbPool creates databases that outlive the subtest that creates them,
// for the round trip's phases, and drops them when its test ends.
type dbPool struct {
	server   *sql.DB
	once     sync.Once
	strategy string // " STRATEGY FILE_COPY" where the server knows it
	mu       sync.Mutex
	names    []string
}

// create makes a database with a unique name and returns its URL.
func (p *dbPool) create(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "schemagen_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	p.once.Do(func() {
		// As pgtest.DB: copying the template's files is the faster way
		// on PostgreSQL 15 and later.
		var version int
		if err := p.server.QueryRowContext(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err == nil && version >= 150000 {
			p.strategy = " STRATEGY FILE_COPY"
		}
	})
	if _, err := p.server.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)+p.strategy); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	p.mu.Lock()
	p.names = append(p.names, name)
	p.mu.Unlock()
	u, err := dburl.WithDatabase(pgtest.ServerURL(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// dropAll drops the databases of the pool.
func (p *dbPool) dropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, name := range slices.Backward(p.names) {
		_, _ = p.server.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name)+" WITH (FORCE)")
	}
	p.names = nil
}
