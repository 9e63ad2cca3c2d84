package gen

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/parser"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// TestModelsMatchSQL checks that the Go models of the database variant
// describe exactly what the SQL creates, that [Schema] describes the
// same tables as the Go models, and that the models variant
// differs from it by exactly the expected changes. N=3 has one of each
// difference. Table 2 gets its foreign key afterwards, as the benchmark
// does for the first table of each range it creates in parallel.
func TestModelsMatchSQL(t *testing.T) {
	const n = 3
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	tables := Tables(n, Database)
	var stmts []string
	for i := range tables {
		stmts = append(stmts, TableSQL(&tables[i], i == 1)...)
	}
	stmts = append(stmts, ForeignKeySQL(&tables[1]))
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%v\n    in: %s", err, stmt)
		}
	}
	live, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Tables) != n {
		t.Fatalf("the SQL made %d tables, want %d", len(live.Tables), n)
	}

	want := Expected(n)
	for _, tc := range []struct {
		variant Variant
		want    map[string]int
	}{
		{Database, map[string]int{}},
		{Models, map[string]int{"AddColumn": want.AddedColumns, "DropIndex": want.DroppedIndexes, "AlterColumn": want.ChangedNullability}},
	} {
		t.Run(fmt.Sprint(tc.variant), func(t *testing.T) {
			dir := t.TempDir()
			mod, err := Module(repoRoot(t))
			if err != nil {
				t.Fatal(err)
			}
			models, err := GoModels(Tables(n, tc.variant))
			if err != nil {
				t.Fatal(err)
			}
			for _, fs := range []Files{mod, models} {
				if err := fs.Write(dir); err != nil {
					t.Fatal(err)
				}
			}
			model, err := parser.Load(ctx, parser.Config{Dir: dir}, "./models")
			if err != nil {
				t.Fatal(err)
			}
			// Schema describes the same tables as the Go models.
			if rest, err := differ.Diff(Schema(Tables(n, tc.variant)), model); err != nil || len(rest) > 0 {
				t.Errorf("Schema and the loaded Go models differ: %v, %v", rest, err)
			}
			canon, err := shadow.Canonicalize(ctx, pgtest.ServerURL(), model)
			if err != nil {
				t.Fatal(err)
			}
			changes, err := differ.Diff(differ.Respell(live, canon, model), model)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, c := range changes {
				got[reflect.TypeOf(c).Name()]++
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("changes from the database to the models: %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSQLAlchemySyntax checks that the generated Python parses, when a
// python3 is at hand.
func TestSQLAlchemySyntax(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	for name, src := range Alembic(Tables(3, Models)) {
		if !strings.HasSuffix(name, ".py") {
			continue
		}
		cmd := exec.Command(python, "-c", "import ast, sys; ast.parse(sys.stdin.read())")
		cmd.Stdin = strings.NewReader(string(src))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", name, err, out)
		}
	}
}

// TestChain checks the chain's shape: the Set file and one file per
// migration, with distinct names.
func TestChain(t *testing.T) {
	fs, err := Chain(12)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 13 {
		t.Fatalf("Chain(12) gave %d files, want 13", len(fs))
	}
	for name, src := range fs {
		if !strings.HasPrefix(name, "migrations/") || !strings.HasSuffix(name, ".go") || !strings.Contains(string(src), "package migrations") {
			t.Errorf("unexpected file %s", name)
		}
	}
}
