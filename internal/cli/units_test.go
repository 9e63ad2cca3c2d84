package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/internal/migfile"
)

// setFile is a migrations package's Set file, as init writes it.
const setFile = "package migrations\n\nimport \"github.com/schemagen/schemagen/migrate\"\n\n// Set holds the migrations.\nvar Set = &migrate.Set{}\n"

// migrationSource returns a migration file that creates table, with
// extra appended to the file.
func migrationSource(rev, parent, table, extra string) string {
	down := ""
	if parent != "" {
		down = fmt.Sprintf("\n\t\tDownRevision: []string{%q},", parent)
	}
	return fmt.Sprintf(`package migrations

import "github.com/schemagen/schemagen/migrate"

func init() {
	Set.Add(migrate.Migration{
		Revision: %q,%s
		Message:  "create %s",
		Upgrade: func(op *migrate.Op) {
			op.Execute("CREATE TABLE %s (id int)")
		},
		Downgrade: func(op *migrate.Op) {
			op.Execute("DROP TABLE %s")
		},
	})
}
%s`, rev, down, table, table, table, extra)
}

// TestPlanUnits checks when the migrations package is split into units
// and when it is built whole, and why.
func TestPlanUnits(t *testing.T) {
	big := "\nvar _ = `" + strings.Repeat("x", bigUnitBytes) + "`\n"
	tests := []struct {
		name  string
		files map[string]string
		// wantUnits lists each unit's files; nil wants the package whole,
		// with wantReason in the reason.
		wantUnits  [][]string
		wantNames  []string // the units' folders, when not nil
		wantReason string
	}{
		{
			name: "generated files",
			files: map[string]string{
				"migrations.go":    setFile,
				"20260101_a.go":    migrationSource("20260101", "", "a", ""),
				"20260102_b.go":    migrationSource("20260102", "20260101", "b", ""),
				"doc_test.go":      "package migrations\n\nfunc init() {}\n",
				"notes.txt":        "not Go",
				"_ignored.go":      "package migrations\n\nfunc init() {}\n",
				".hidden.go":       "package migrations\n\nfunc init() {}\n",
				"helpers.go":       "package migrations\n\nfunc helper() string { return \"t\" }\n",
				"20260103_big.go":  migrationSource("20260103", "20260102", "big", big),
				"20260104_next.go": migrationSource("20260104", "20260103", "next", ""),
			},
			wantUnits: [][]string{{"20260101_a.go", "20260102_b.go"}, {"20260103_big.go"}, {"20260104_next.go"}},
		},
		{
			name: "two file names, one folder name",
			files: map[string]string{
				"migrations.go":   setFile,
				"20260101_a b.go": migrationSource("20260101", "", "a", big),
				"20260101_a_b.go": migrationSource("20260102", "20260101", "b", big),
			},
			wantUnits: [][]string{{"20260101_a b.go"}, {"20260101_a_b.go"}},
			wantNames: []string{"u20260101_a_b", "u20260101_a_b_2"},
		},
		{
			name: "a helper used in its own file",
			files: map[string]string{
				"migrations.go": setFile,
				"20260101_a.go": migrationSource("20260101", "", "a", "\nfunc name() string { return \"a\" }\n\nvar _ = name()\n"),
			},
			wantUnits: [][]string{{"20260101_a.go"}},
		},
		{
			name: "a helper of one migration file used by another",
			files: map[string]string{
				"migrations.go": setFile,
				"20260101_a.go": migrationSource("20260101", "", "a", "\nfunc shared() string { return \"a\" }\n"),
				"20260102_b.go": migrationSource("20260102", "20260101", "b", "\nvar _ = shared()\n"),
			},
			wantReason: "20260102_b.go uses shared, which 20260101_a.go declares",
		},
		{
			name: "a method used elsewhere",
			files: map[string]string{
				"migrations.go": setFile + "\ntype T struct{}\n\nvar _ = T{}.M()\n",
				"20260101_a.go": migrationSource("20260101", "", "a", "\nfunc (T) M() int { return 1 }\n"),
			},
			wantReason: "migrations.go uses M, which 20260101_a.go declares",
		},
		{
			name: "the Set declared in a migration file",
			files: map[string]string{
				"20260101_a.go": migrationSource("20260101", "", "a", "\nvar Set = &migrate.Set{}\n"),
				"20260102_b.go": migrationSource("20260102", "20260101", "b", ""),
			},
			wantReason: "20260102_b.go uses Set, which 20260101_a.go declares",
		},
		{
			name: "a support file with an init function",
			files: map[string]string{
				"migrations.go": setFile + "\nfunc init() {}\n",
				"20260101_a.go": migrationSource("20260101", "", "a", ""),
			},
			wantReason: "migrations.go has an init function",
		},
		{
			name: "an embedded file",
			files: map[string]string{
				"migrations.go": setFile,
				"20260101_a.go": strings.Replace(migrationSource("20260101", "", "a", "\n//go:embed a.sql\nvar aSQL string\n"),
					`import "github.com/schemagen/schemagen/migrate"`, "import (\n\t_ \"embed\"\n\n\t\"github.com/schemagen/schemagen/migrate\"\n)", 1),
			},
			wantReason: "20260101_a.go embeds files",
		},
		{
			name: "cgo",
			files: map[string]string{
				"migrations.go": "package migrations\n\nimport \"C\"\n",
				"20260101_a.go": migrationSource("20260101", "", "a", ""),
			},
			wantReason: "migrations.go uses cgo",
		},
		{
			name:       "a file that does not parse",
			files:      map[string]string{"migrations.go": setFile, "20260101_a.go": "package migrations\n\nfunc {"},
			wantReason: "20260101_a.go does not parse",
		},
		{
			name:       "no migration",
			files:      map[string]string{"migrations.go": setFile},
			wantReason: "no migration",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				writeFile(t, filepath.Join(dir, name), src)
			}
			plan, err := planUnits(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Given the package read without compiling, the plan uses its
			// syntax trees, and is the same.
			pkg, err := migfile.Read(dir, migfile.NewContext(os.Getenv, ""))
			if err != nil {
				t.Fatal(err)
			}
			fromRead, err := planUnits(dir, pkg)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(plan, fromRead, cmp.AllowUnexported(unitPlan{}, unit{})); d != "" {
				t.Errorf("the plan from the package read without compiling differs (-parsed here +read):\n%s", d)
			}
			if tt.wantUnits == nil {
				if plan.split || !strings.Contains(plan.reason, tt.wantReason) {
					t.Errorf("split %v, reason %q; want the package whole because %q", plan.split, plan.reason, tt.wantReason)
				}
				return
			}
			var got [][]string
			for _, u := range plan.units {
				got = append(got, u.files)
			}
			if !plan.split || !slices.EqualFunc(got, tt.wantUnits, slices.Equal) {
				t.Errorf("split %v (%s), units %q; want %q", plan.split, plan.reason, got, tt.wantUnits)
			}
			var names []string
			for _, u := range plan.units {
				names = append(names, u.name)
			}
			if tt.wantNames != nil && !slices.Equal(names, tt.wantNames) {
				t.Errorf("unit folders %q, want %q", names, tt.wantNames)
			}
			wantSupport := []string{"migrations.go"}
			if _, ok := tt.files["helpers.go"]; ok {
				wantSupport = []string{"helpers.go", "migrations.go"}
			}
			if !slices.Equal(plan.support, wantSupport) {
				t.Errorf("support files %q, want %q", plan.support, wantSupport)
			}
		})
	}
}

// TestPlanUnitsStable checks that a new migration file, wherever its name
// sorts, changes no unit but its own group: every other unit keeps its
// name and files, so the build cache keeps it compiled.
func TestPlanUnitsStable(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations.go"), setFile)
	for i := 0; i < 200; i++ {
		rev := fmt.Sprintf("2026%06d", i*2)
		writeFile(t, filepath.Join(dir, rev+"_m.go"), migrationSource(rev, "", "t", ""))
	}
	before, err := planUnits(dir, nil)
	if err != nil || !before.split {
		t.Fatalf("plan: %v (split %v, %s)", err, before.split, before.reason)
	}
	if n := len(before.units); n < 1 || n > 200/8 {
		t.Errorf("200 small migrations make %d units; want groups of about %d", n, groupEvery)
	}
	for _, at := range []int{1, 101, 399} {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			added := fmt.Sprintf("2026%06d_m.go", at)
			writeFile(t, filepath.Join(dir, added), migrationSource("x", "", "t", ""))
			defer os.Remove(filepath.Join(dir, added))
			after, err := planUnits(dir, nil)
			if err != nil || !after.split {
				t.Fatalf("plan: %v", err)
			}
			// The added file's group changes; when the file ends a group,
			// the rest of the group it joined becomes the next unit.
			var changed []int
			for i, u := range after.units {
				if !slices.ContainsFunc(before.units, func(b unit) bool { return b.name == u.name && slices.Equal(b.files, u.files) }) {
					changed = append(changed, i)
				}
			}
			ok := len(changed) == 1 || len(changed) == 2 && endsGroup(added) && changed[1] == changed[0]+1
			if !ok || !slices.Contains(after.units[changed[0]].files, added) {
				t.Errorf("adding %s changed units %v of %d", added, changed, len(after.units))
			}
		})
	}
}

// offlineModule returns a module with a migrations folder holding the Set
// file, for verbs that need no database.
func offlineModule(t *testing.T) *testModule {
	t.Helper()
	if testing.Short() {
		t.Skip("builds migrations with the go command; runs without -short (make test)")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/rt\n\ngo 1.26.0\n\nrequire github.com/schemagen/schemagen v0.0.0\n\nreplace github.com/schemagen/schemagen => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	writeFile(t, filepath.Join(dir, "migrations", "migrations.go"), setFile)
	return &testModule{t: t, dir: dir, dbURL: closedPortURL}
}

// TestRunnerUnits builds migrations in units and checks what users see:
// the migrations in file order, the positions a panic reports naming the
// real files, and, when a file cannot be compiled on its own, the package
// built whole with the go command's own messages.
func TestRunnerUnits(t *testing.T) {
	m := offlineModule(t)
	mig := filepath.Join(m.dir, "migrations")
	writeFile(t, filepath.Join(mig, "20260101000001_a.go"), migrationSource("20260101000001", "", "a", ""))
	writeFile(t, filepath.Join(mig, "20260101000002_b.go"), migrationSource("20260101000002", "20260101000001", "b", ""))
	p := m.project()
	r, err := buildRunner(context.Background(), p, offlineRunner)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := r.dump(context.Background(), "dump")
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !r.split {
		t.Error("the migrations were built whole; want units")
	}
	var got []string
	for _, rec := range recs {
		got = append(got, rec.Revision+" "+rec.File)
	}
	if want := []string{"20260101000001 20260101000001_a.go", "20260101000002 20260101000002_b.go"}; !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}

	// A panic in a migration file names its real file and line.
	panicking := filepath.Join(mig, "20260101000003_c.go")
	src := migrationSource("20260101000003", "20260101000002", "c", "\nfunc init() { panic(\"boom\") }\n")
	writeFile(t, panicking, src)
	line := strings.Count(src[:strings.Index(src, "panic(")], "\n") + 1
	out := m.must(ExitError, "upgrade", "--sql")
	if want := fmt.Sprintf("%s:%d", panicking, line); !strings.Contains(out, want) || strings.Contains(out, "/u20260101000003_c/20260101000003_c.go") {
		t.Errorf("a panic in a migration file: want %s in the trace, and no path in the units' folders:\n%s", want, out)
	}

	// A compile error: the go command's message at the real file.
	writeFile(t, panicking, strings.Replace(migrationSource("20260101000003", "20260101000002", "c", ""),
		`op.Execute("CREATE TABLE c (id int)")`, `op.Execute(undefinedName)`, 1))
	out = m.must(ExitError, "upgrade", "--sql")
	if want := "20260101000003_c.go:11:15: undefined: undefinedName"; !strings.Contains(out, want) || strings.Contains(out, unitsDir) {
		t.Errorf("a compile error: want %q, and no units' folder:\n%s", want, out)
	}

	// A helper of one migration file that another uses: built whole.
	writeFile(t, panicking, migrationSource("20260101000003", "20260101000002", "c", "\nfunc tableName() string { return \"c\" }\n"))
	writeFile(t, filepath.Join(mig, "20260101000004_d.go"), migrationSource("20260101000004", "20260101000003", "d", "\nvar _ = tableName()\n"))
	r, err = buildRunner(context.Background(), p, offlineRunner)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if r.split {
		t.Error("a helper shared between migration files: built in units; want the package whole")
	}
	if out := m.must(ExitOK, "upgrade", "--sql"); !strings.Contains(out, "CREATE TABLE d") {
		t.Errorf("upgrade --sql of the whole package:\n%s", out)
	}

	// A method that a support file needs, declared in a migration file:
	// no name says so, the split build fails, the whole one works, and
	// the cache folder remembers not to split these files again.
	os.Remove(filepath.Join(mig, "20260101000004_d.go"))
	// (A big file, so that it is a unit of its own.)
	writeFile(t, panicking, migrationSource("20260101000003", "20260101000002", "c", "\nfunc (T) String() string { return \"t\" }\n\nvar _ = `"+strings.Repeat("x", bigUnitBytes)+"`\n"))
	writeFile(t, filepath.Join(mig, "iface.go"), "package migrations\n\nimport \"fmt\"\n\n// T is a Stringer.\ntype T struct{}\n\nvar _ fmt.Stringer = T{}\n")
	plan, err := planUnits(mig, nil)
	if err != nil || !plan.split {
		t.Fatalf("planUnits: %v, split %v (%s); want a split", err, plan.split, plan.reason)
	}
	for range 2 {
		r, err = buildRunner(context.Background(), p, offlineRunner)
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		if r.split {
			t.Error("a split that does not compile: built in units")
		}
	}
	cache, err := runnerCacheDir(p.root, "example.com/rt/migrations")
	if err != nil {
		t.Fatal(err)
	}
	if !splitFailedBefore(cache, plan.fingerprint) {
		t.Error("the failed split is not remembered")
	}
	if out := m.must(ExitOK, "upgrade", "--sql"); !strings.Contains(out, "CREATE TABLE c") {
		t.Errorf("upgrade --sql of the whole package:\n%s", out)
	}
}

// project loads the module's project as the CLI does.
func (m *testModule) project() *project {
	m.t.Helper()
	p, err := loadProject(m.dir, &globalFlags{}, func(string) string { return "" }, true)
	if err != nil {
		m.t.Fatal(err)
	}
	return p
}

// TestOfflineRunnerLinksNoDriver builds the offline runner and lists what
// it links: no driver, nor package net or anything above it.
func TestOfflineRunnerLinksNoDriver(t *testing.T) {
	m := offlineModule(t)
	writeFile(t, filepath.Join(m.dir, "migrations", "20260101000001_a.go"), migrationSource("20260101000001", "", "a", ""))
	p := m.project()
	r, err := buildRunner(context.Background(), p, offlineRunner)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	importPath, err := p.migrationsImportPath()
	if err != nil {
		t.Fatal(err)
	}
	cache, err := runnerCacheDir(p.root, importPath)
	if err != nil {
		t.Fatal(err)
	}
	list := exec.Command("go", "list", "-deps", "-overlay="+filepath.Join(cache, "overlay-offline.json"), "./"+runnerDir+"/offline")
	list.Dir = m.dir
	out, err := list.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/schemagen/schemagen/migrate") || !slices.Contains(deps, importPath+"/"+unitsDir+"/u20260101000001_a") {
		t.Fatalf("go list lists neither migrate nor the unit:\n%s", out)
	}
	for _, bad := range []string{driverPath, pgxPath + "/stdlib", "net", "crypto/tls", "net/http"} {
		if slices.Contains(deps, bad) {
			t.Errorf("the offline runner links %s", bad)
		}
	}
}
