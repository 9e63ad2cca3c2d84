package readmetest

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/emitter"
)

// How the README's ```go blocks are compiled. The line right before a
// block may be an HTML comment saying what the block is:
//
//	<!-- go: file -->          a whole file (the default for a block that has a
//	                           package clause); a file of package migrations joins
//	                           the migrations package of the example module
//	<!-- go: decls -->         top-level declarations (imports first, if any)
//	<!-- go: body -->          statements: in a function where ctx
//	                           (context.Context), db (*sql.DB) and op
//	                           (*migrate.Op) are in scope; imports first, if any
//	<!-- go: fields -->        fields of a migrate.Migration literal
//	<!-- go: skip REASON -->   not compiled: REASON says why
//
// A block with no comment must be a whole file. In every block, "…"
// marks text left out and is deleted before compiling.
//
// Every block is written into one throw-away module, example.com/shop (the
// README's example module: its package models/base, and a package
// migrations as `schemagen init` writes it), with a replace directive to
// this repository, each block in a package of its own; one `go build ./...`
// compiles them all.

// readmePath is the README whose blocks are compiled.
const readmePath = "../../README.md"

var marker = regexp.MustCompile(`^<!-- go: (file|decls|body|fields|skip)\b(.*?)-->$`)

// block is one ```go block of the README.
type block struct {
	line int    // line of the opening fence
	kind string // file, decls, body, fields or skip
	src  string
}

// readmeBlocks returns the ```go blocks of the README, with their kinds,
// and what is wrong with their markers.
func readmeBlocks(readme string) (blocks []block, problems []string) {
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		b := block{line: i + 1}
		j := i + 1
		for ; j < len(lines) && strings.TrimSpace(lines[j]) != "```"; j++ {
		}
		if j == len(lines) {
			problems = append(problems, fmt.Sprintf("README.md:%d: the block never ends", b.line))
			break
		}
		b.src = strings.Join(lines[i+1:j], "\n") + "\n"
		if i > 0 {
			if m := marker.FindStringSubmatch(strings.TrimSpace(lines[i-1])); m != nil {
				b.kind = m[1]
				if b.kind == "skip" && strings.TrimSpace(m[2]) == "" {
					problems = append(problems, fmt.Sprintf("README.md:%d: a skipped block must say why: <!-- go: skip REASON -->", b.line))
				}
			} else if strings.HasPrefix(strings.TrimSpace(lines[i-1]), "<!-- go") {
				problems = append(problems, fmt.Sprintf("README.md:%d: unknown marker %q", b.line, lines[i-1]))
				b.kind = "skip"
			}
		}
		if b.kind == "" {
			if !isFile(b.src) {
				problems = append(problems, fmt.Sprintf("README.md:%d: a Go block that is not a whole file needs a marker on the line before it (<!-- go: decls|body|fields|skip REASON -->; see internal/readmetest)", b.line))
				b.kind = "skip"
			} else {
				b.kind = "file"
			}
		}
		blocks = append(blocks, b)
		i = j
	}
	return blocks, problems
}

// prelude lists the imports that a decls, body or fields block may use
// without importing them, each with a use that keeps the compiler quiet
// when the block does not.
var prelude = map[string]string{
	"context":                                "context.Background",
	"database/sql":                           "sql.Open",
	"errors":                                 "errors.New",
	"log":                                    "log.Fatal",
	"os":                                     "os.Exit",
	"time":                                   "time.Now",
	"github.com/schemagen/schemagen/migrate": "migrate.New",
	"example.com/shop/migrations":            "migrations.Set",
}

// isFile reports whether src starts, after comments, with a package
// clause.
func isFile(src string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	return err == nil
}

// splitImports splits a fragment into its leading import declarations and
// the rest.
func splitImports(src string) (imports []string, rest string) {
	const pkg = "package p\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", pkg+src, parser.ImportsOnly)
	if err != nil || len(f.Imports) == 0 {
		return nil, src
	}
	end := 0
	for _, d := range f.Decls {
		end = fset.Position(d.End()).Offset
	}
	for _, s := range f.Imports {
		imports = append(imports, strings.Trim(s.Path.Value, `"`))
	}
	return imports, src[end-len(pkg):]
}

// wrap turns a block into a Go file.
func wrap(b block) string {
	src := strings.ReplaceAll(b.src, "…", "")
	if b.kind == "file" {
		return src
	}
	imported, rest := splitImports(src)
	head := strings.TrimSuffix(src, rest)
	var out strings.Builder
	fmt.Fprintf(&out, "// README.md:%d\n\npackage readme\n\n%s\n", b.line, head)
	var paths []string
	for p := range prelude {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var uses strings.Builder
	for _, p := range paths {
		if !contains(imported, p) {
			fmt.Fprintf(&out, "import %q\n", p)
			fmt.Fprintf(&uses, "var _ = %s\n", prelude[p])
		}
	}
	out.WriteString("\n" + uses.String() + "\n")
	switch b.kind {
	case "decls":
		out.WriteString(rest)
	case "body":
		fmt.Fprintf(&out, "func _(ctx context.Context, db *sql.DB, op *migrate.Op) {\n%s}\n", rest)
	case "fields":
		fmt.Fprintf(&out, "var _ = migrate.Migration{\n%s}\n", rest)
	}
	return out.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestREADMEGoBlocks compiles every ```go block of the README.
func TestREADMEGoBlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the README's examples with the go command")
	}
	raw, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	blocks, problems := readmeBlocks(string(raw))
	for _, p := range problems {
		t.Error(p)
	}
	if len(blocks) < 10 {
		t.Fatalf("found only %d Go blocks in the README", len(blocks))
	}
	dir := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.mod", "module example.com/shop\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/lib/pq v1.12.3\n\tgithub.com/schemagen/schemagen v0.0.0\n)\n\nreplace github.com/schemagen/schemagen => "+root+"\n")
	write("go.sum", string(sum))
	base, err := os.ReadFile(filepath.Join(root, "testdata", "example", "models", "base", "base.go"))
	if err != nil {
		t.Fatal(err)
	}
	write("models/base/base.go", string(base))
	set, err := emitter.SetFile("migrations")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range set {
		write(filepath.Join("migrations", name), string(src))
	}
	compiled := 0
	for _, b := range blocks {
		if b.kind == "skip" {
			continue
		}
		compiled++
		file := fmt.Sprintf("readme/line%d/block.go", b.line)
		if b.kind == "file" && regexp.MustCompile(`(?m)^package migrations$`).MatchString(b.src) {
			file = fmt.Sprintf("migrations/readme_line%d.go", b.line)
		}
		write(file, wrap(b))
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's Go blocks do not compile (readme/lineN is the block at README.md:N):\n%s", out)
	}
	t.Logf("compiled %d of the README's %d Go blocks", compiled, len(blocks))
}

// TestMarkers checks the reading of markers on a README of each case,
// without building anything.
func TestMarkers(t *testing.T) {
	readme := "text\n```go\nx := 1\n```\n" + // 2: fragment, no marker
		"<!-- go: skip -->\n```go\nfoo\n```\n" + // 6: skip without reason
		"<!-- go: stuff -->\n```go\nfoo\n```\n" + // 10: unknown marker
		"// Package p.\npackage p\n```go\n// Doc.\npackage p\n```\n" + // 15: a file
		"<!-- go: body -->\n```go\nimport (\n\t\"os\"\n)\n\nos.Exit(…0)\n```\n" // 20: body with an import
	blocks, problems := readmeBlocks(readme)
	wantProblems := []string{"README.md:2: a Go block that is not a whole file", "README.md:6: a skipped block must say why", "README.md:10: unknown marker"}
	if len(problems) != len(wantProblems) {
		t.Fatalf("problems %q, want %d", problems, len(wantProblems))
	}
	for i, w := range wantProblems {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d = %q, want %q...", i, problems[i], w)
		}
	}
	if len(blocks) != 5 || blocks[3].kind != "file" || blocks[4].kind != "body" {
		t.Fatalf("blocks %+v", blocks)
	}
	src := wrap(blocks[4])
	if strings.Count(src, `"os"`) != 1 || !regexp.MustCompile(`func _\(ctx context.Context, db \*sql.DB, op \*migrate.Op\) {\s*os.Exit\(0\)\s*}`).MatchString(src) {
		t.Errorf("wrapped body:\n%s", src)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "", src, 0); err != nil {
		t.Errorf("wrapped body does not parse: %v\n%s", err, src)
	}
}
