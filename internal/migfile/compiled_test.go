package migfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/migrate"
)

// setFile is the file that declares a migrations package's Set, as
// `schemagen init` writes it.
const setFile = `package migrations

import "github.com/schemagen/schemagen/migrate"

var Set = &migrate.Set{}
`

// testPackage is a migrations package of schemagen's test data: files
// copied into a package of a throw-away module.
type testPackage struct {
	name  string
	files []string // paths; a later file replaces an earlier one of the same name
	// needsCompiler names the file that does not read statically, for a
	// package that holds one; unread is the problem of a package whose
	// metadata does not read.
	needsCompiler, unread string
}

// testPackages lists every migrations package of the test data: the
// golden files (both formats) and the migration files of the CLI's test
// cases, each over its base.
func testPackages(t *testing.T) []testPackage {
	root := repoRoot(t)
	glob := func(pattern string) []string {
		files, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	out := []testPackage{
		{name: "golden", files: glob("emitter/testdata/golden/migrations/*.go")},
		{name: "oldformat", files: glob("emitter/testdata/golden/oldformat/*.go")},
	}
	for _, suite := range []string{"badinput", "security"} {
		base := glob("internal/cli/testdata/" + suite + "/base/migrations/*.go")
		out = append(out, testPackage{name: suite + "/base", files: base})
		for _, dir := range glob("internal/cli/testdata/" + suite + "/*/migrations") {
			c := filepath.Base(filepath.Dir(dir))
			if c == "base" {
				continue
			}
			tp := testPackage{name: suite + "/" + c, files: slices.Concat(base, glob(filepath.Join("internal/cli/testdata", suite, c, "migrations/*.go")))}
			switch c {
			case "compile_error":
				tp.needsCompiler = "20260201000000_broken.go"
			case "nonliteral_metadata":
				tp.unread = "20260201000000_nonliteral.go:11:17: Revision: rev is not a literal"
			}
			out = append(out, tp)
		}
	}
	return out
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestStaticEqualsCompiled reads every migrations package of the test
// data without compiling it, and compiles the same files into a program
// that prints what each migration records (migrate.RecordAll, as the
// runner's dump): the two readings must be equal, and CrossCheck must
// find nothing.
func TestStaticEqualsCompiled(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	mod := t.TempDir()
	writeFile(t, filepath.Join(mod, "go.mod"), fmt.Sprintf("module example.com/staticcheck\n\ngo 1.26.0\n\nrequire github.com/schemagen/schemagen v0.0.0\n\nreplace github.com/schemagen/schemagen => %s\n", repoRoot(t)))
	type read struct {
		tp  testPackage
		dir string
		pkg *Package
		set *migrate.Set
	}
	var reads []read
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n\n\t\"github.com/schemagen/schemagen/migrate\"\n")
	for i, tp := range testPackages(t) {
		dir := filepath.Join(mod, fmt.Sprintf("p%d", i))
		hasSet := false
		for _, f := range tp.files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			hasSet = hasSet || bytes.Contains(src, []byte("var Set ="))
			writeFile(t, filepath.Join(dir, filepath.Base(f)), string(src))
		}
		if !hasSet {
			writeFile(t, filepath.Join(dir, "migrations.go"), setFile)
		}
		pkg, err := Read(dir, NewContext(os.Getenv, ""))
		if err != nil {
			t.Fatalf("%s: %v", tp.name, err)
		}
		if err := pkg.Err(); err != nil || tp.unread != "" {
			if err == nil || tp.unread == "" || !strings.Contains(err.Error(), tp.unread) {
				t.Errorf("%s: the metadata reads with the problems %v, want %q", tp.name, err, tp.unread)
			}
			continue
		}
		set, err := pkg.Set()
		if tp.needsCompiler != "" {
			if err == nil || !strings.Contains(err.Error(), tp.needsCompiler) {
				t.Errorf("%s: Set() = %v, want an error naming %s", tp.name, err, tp.needsCompiler)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: not static: %v", tp.name, err)
			continue
		}
		fmt.Fprintf(&main, "\tp%d %q\n", len(reads), "example.com/staticcheck/"+filepath.Base(dir))
		reads = append(reads, read{tp: tp, dir: dir, pkg: pkg, set: set})
	}
	main.WriteString(")\n\nfunc main() {\n\tout := [][]migrate.Recorded{")
	for i := range reads {
		fmt.Fprintf(&main, "migrate.RecordAll(p%d.Set), ", i)
	}
	main.WriteString("}\n\tif err := json.NewEncoder(os.Stdout).Encode(out); err != nil {\n\t\tpanic(err)\n\t}\n}\n")
	writeFile(t, filepath.Join(mod, "dump", "main.go"), main.String())

	cmd := exec.Command(goCmd, "run", "./dump")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run ./dump: %v\n%s", err, stderr.Bytes())
	}
	var compiled [][]migrate.Recorded
	if err := json.Unmarshal(out, &compiled); err != nil {
		t.Fatalf("decode the dump: %v", err)
	}
	if len(compiled) != len(reads) {
		t.Fatalf("the dump holds %d packages, want %d", len(compiled), len(reads))
	}
	for i, rd := range reads {
		recs := migrate.RecordAll(rd.set)
		rd.pkg.FillUndeclared(recs)
		static, err := RoundTrip(recs)
		if err != nil {
			t.Fatal(err)
		}
		if s, c := mustJSON(static), mustJSON(compiled[i]); !bytes.Equal(s, c) {
			t.Errorf("%s: the reading without compiling differs from the compiled one", rd.tp.name)
		}
		if len(static) == 0 {
			t.Errorf("%s: no migration read", rd.tp.name)
		}
		if err := rd.pkg.CrossCheck(compiled[i]); err != nil {
			t.Errorf("%s: CrossCheck: %v", rd.tp.name, err)
		}
		// A compiled reading that differs is reported, naming the file.
		if len(compiled[i]) > 0 {
			altered := slices.Clone(compiled[i])
			altered[0].Message += " (edited)"
			if err := rd.pkg.CrossCheck(altered); err == nil || !strings.Contains(err.Error(), altered[0].File) {
				t.Errorf("%s: CrossCheck of an altered reading: %v, want an error naming %s", rd.tp.name, err, altered[0].File)
			}
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
