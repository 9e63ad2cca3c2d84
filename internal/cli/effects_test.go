package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// withNickname returns the keywords models (v1) with a nullable column
// nickname on table user.
func withNickname(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1", "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	const field = "Name string `db:\"name\"`\n"
	src := strings.Replace(string(b), field, field+"\tNickname *string `db:\"nickname\"`\n", 1)
	if src == string(b) {
		t.Fatal("the keywords models changed: no field Name to add nickname after")
	}
	return src
}

// checkJSON runs check with args and --format json, wants exit code want,
// and returns the report.
func (m *testModule) checkJSON(want int, args ...string) checkReport {
	m.t.Helper()
	code, stdout, stderr := m.run(append([]string{"check", "--format", "json"}, args...)...)
	var rep checkReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		m.t.Fatalf("check --format json printed no JSON: %v\n%s%s", err, stdout, stderr)
	}
	if code != want {
		m.t.Fatalf("check --format json %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, stdout, stderr)
	}
	return rep
}

func ops(cs []reportChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Op)
	}
	return out
}

// TestCheckHandAddedColumn is the regression test of a column added by
// hand to both a model and the database: the live check compared only
// the two and said "clean", though no migration has the column. It now
// compares the database with the migrations at head, and the migrations
// with the models, and reports each difference under its heading with
// its advice; following the advice makes it clean.
func TestCheckHandAddedColumn(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	m.writeModels(withNickname(t))
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`ALTER TABLE "user" ADD COLUMN nickname text`); err != nil {
		t.Fatal(err)
	}

	out := m.must(ExitDrift, "check")
	for _, want := range []string{
		"check (live): drift",
		"the database differs from the migrations at head",
		"undo the change, or write it as a migration",
		"drop column user.nickname",
		"the models differ from the migrations at head",
		"add column user.nickname text",
		// Autogenerating against this database would miss the column:
		// the advice compares with the migrations.
		"schemagen revision --autogenerate --offline",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check lacks %q:\n%s", want, out)
		}
	}
	rep := m.checkJSON(ExitDrift)
	if rep.Status != "drift" || strings.Join(ops(rep.Database), ",") != "DropColumn" || strings.Join(ops(rep.Changes), ",") != "AddColumn" {
		t.Errorf("check --format json = %+v, want drift with database_changes [DropColumn] and changes [AddColumn]", rep)
	}

	// The offline check compares the migrations with the models alone.
	if out := m.must(ExitDrift, "check", "--offline"); !strings.Contains(out, "add column user.nickname text") || strings.Contains(out, "database") {
		t.Errorf("check --offline:\n%s", out)
	}

	// Autogenerating against this database would write nothing (it
	// holds the models' column): the live revision refuses, naming the
	// difference and the way out.
	out = m.must(ExitError, "revision", "--autogenerate", "-m", "add nickname")
	for _, want := range []string{"the database differs from the migrations at head", "drop column user.nickname", "--offline"} {
		if !strings.Contains(out, want) {
			t.Errorf("revision --autogenerate lacks %q:\n%s", want, out)
		}
	}

	// Write the migration; this database has its change already: stamp
	// it there, and everything agrees.
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "add nickname")
	m.must(ExitOK, "stamp", "head")
	if out := m.must(ExitOK, "check"); !strings.Contains(out, "check (live): clean") {
		t.Errorf("check after the migration and stamp:\n%s", out)
	}
}

// TestCheckHandChangedDatabase: a change made by hand to the database
// alone is reported as the database differing from the migrations, with
// the advice to undo it or write it as a migration, and never the advice
// to autogenerate (whose output would hold its undoing).
func TestCheckHandChangedDatabase(t *testing.T) {
	t.Parallel()
	m := migratedModule(t)
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`CREATE INDEX user_name_idx ON "user" (name)`); err != nil {
		t.Fatal(err)
	}
	out := m.must(ExitDrift, "check")
	for _, want := range []string{"the database differs from the migrations at head", "undo the change, or write it as a migration", "drop index user_name_idx"} {
		if !strings.Contains(out, want) {
			t.Errorf("check lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "autogenerate") || strings.Contains(out, "the models differ") {
		t.Errorf("check blames the models for a change made to the database:\n%s", out)
	}
	rep := m.checkJSON(ExitDrift)
	if rep.Status != "drift" || strings.Join(ops(rep.Database), ",") != "DropIndex" || len(rep.Changes) != 0 {
		t.Errorf("check --format json = %+v, want drift with database_changes [DropIndex] and no changes", rep)
	}
	m.must(ExitOK, "check", "--offline")
	// A migration autogenerated against it would drop the index on every
	// database: refused.
	if out := m.must(ExitError, "revision", "--autogenerate", "-m", "nothing"); !strings.Contains(out, "drop index user_name_idx") {
		t.Errorf("revision --autogenerate on a hand-changed database:\n%s", out)
	}
	if _, err := db.Exec(`DROP INDEX user_name_idx`); err != nil {
		t.Fatal(err)
	}
	m.must(ExitOK, "check")
	if out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing"); !strings.Contains(out, "no changes") {
		t.Errorf("revision --autogenerate on the database at head:\n%s", out)
	}
}

// declaredUp and declaredDown add and drop the column nickname of
// withNickname by hand-written SQL that declares its effects, and fill
// it in with SQL that declares none.
const (
	declaredUp = "op.ExecuteAs(`ALTER TABLE \"user\" ADD COLUMN nickname text`, func(op *migrate.Op) {\n" +
		"\t\t\t\top.AddColumn(\"user\", migrate.Column{Name: \"nickname\", Type: \"text\", Nullable: true})\n" +
		"\t\t\t})\n" +
		"\t\t\top.ExecuteData(`UPDATE \"user\" SET nickname = name`)"
	declaredDown = "op.ExecuteAs(`ALTER TABLE \"user\" DROP COLUMN nickname`, func(op *migrate.Op) {\n" +
		"\t\t\t\top.DropColumn(\"user\", \"nickname\")\n" +
		"\t\t\t})"
	undeclaredUp = "op.Execute(`ALTER TABLE \"user\" ADD COLUMN nickname text`)"
)

// TestCheckDeclaredEffects is the regression test of DDL in hand-written
// SQL, which replay could not see: the pre-commit check (check
// --offline) reported drift and go generate (revision --autogenerate
// --offline) wrote a duplicate migration that failed. SQL that declares
// its effects replays as them: both are clean, and so is the live check
// after upgrade. SQL that declares nothing makes check --offline say,
// naming the file and line, that it cannot verify the migration (exit 1,
// not drift), and revision --autogenerate --offline refuse to guess.
func TestCheckDeclaredEffects(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "create models")
	first := m.migrationFiles()[0]
	m.writeModels(withNickname(t))
	m.must(ExitOK, "revision", "-m", "nickname by hand")
	hand := newestFile(t, m.migrationFiles(), first)
	fillTemplate(t, hand, declaredUp, declaredDown)

	if out := m.must(ExitOK, "check", "--offline"); !strings.Contains(out, "check (offline): clean") {
		t.Errorf("check --offline with declared effects:\n%s", out)
	}
	if out := m.must(ExitOK, "revision", "--autogenerate", "--offline", "-m", "again"); !strings.Contains(out, "no changes") {
		t.Errorf("revision --autogenerate --offline after declared effects wrote a migration:\n%s", out)
	}
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--mode", modeShadow, "--roundtrip")

	// The same SQL, declaring nothing.
	m.must(ExitOK, "downgrade", "base")
	fillTemplateAgain(t, hand, declaredUp, undeclaredUp)
	src, err := os.ReadFile(hand)
	if err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(string(src[:strings.Index(string(src), "op.Execute(")]), "\n")
	site := filepath.Join("migrations", filepath.Base(hand)) + ":" + strconv.Itoa(line)
	code, stdout, stderr := m.run("check", "--offline")
	if code != ExitDrift || !strings.Contains(stdout, "check (offline): unverifiable") || !strings.Contains(stdout, site+": ") ||
		!strings.Contains(stdout, "op.ExecuteAs") || !strings.Contains(stdout, "op.ExecuteData") || strings.Contains(stdout, "drift") {
		t.Errorf("check --offline with undeclared DDL: exit %d, want %d naming %s, not drift:\n%s%s", code, ExitDrift, site, stdout, stderr)
	}
	rep := m.checkJSON(ExitDrift, "--offline")
	if rep.Status != "unverifiable" || len(rep.Unverifiable) != 1 || len(rep.Changes) != 0 {
		t.Fatalf("check --offline --format json = %+v, want unverifiable, one site, no changes", rep)
	}
	// (Paths are relative to the working directory, the test's.)
	if u := rep.Unverifiable[0]; !strings.HasSuffix(u.File, filepath.Join("migrations", filepath.Base(hand))) || u.Line != line || u.Revision != revisionOf(hand) || !strings.Contains(u.SQL, "ADD COLUMN nickname") {
		t.Errorf("unverifiable = %+v, want %s:%d, revision %s", u, filepath.Base(hand), line, revisionOf(hand))
	}
	// The live check replays the migrations too: it cannot compare
	// either, and says so.
	m.must(ExitOK, "upgrade")
	if out := m.must(ExitDrift, "check"); !strings.Contains(out, "check (live): unverifiable") || !strings.Contains(out, site) {
		t.Errorf("check with undeclared DDL:\n%s", out)
	}
	// The shadow check runs the SQL: it needs no declaration.
	m.must(ExitOK, "check", "--mode", modeShadow)
	// Autogenerating offline would write the column a second time.
	if out := m.must(ExitError, "revision", "--autogenerate", "--offline", "-m", "duplicate"); !strings.Contains(out, site) {
		t.Errorf("revision --autogenerate --offline with undeclared DDL:\n%s", out)
	}
	if got := len(m.migrationFiles()); got != 2 {
		t.Errorf("%d migration files, want 2", got)
	}
}

// fillTemplateAgain replaces old with new in the migration file path.
func fillTemplateAgain(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	writeFile(t, path, strings.Replace(string(b), old, new, 1))
}
