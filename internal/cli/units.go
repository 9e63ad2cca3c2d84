package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/internal/migfile"
)

// The migrations package is compiled in units, so that the go command's
// build cache keeps each migration compiled: a change to one migration,
// or a new one, recompiles that migration alone, not every migration of
// the package (a package of one 1,000-table migration takes the compiler
// about half a minute).
//
// A unit is a package of its own that the go command sees, through the
// overlay, in a folder that never exists on disk:
// <migrations>/_schemagen_units/<name>/. It holds one or a few migration
// files and every support file of the package (the files that add no
// migration, such as migrations.go, which declares the Set): the overlay
// points its entries at the real files, so nothing is written into the
// module. Each unit has a Set of its own; the runner's main package
// imports every unit and adds their migrations to one Set in file order,
// the order in which the package's init functions would have added them.
// The units are compiled with -trimpath off (see [splitGCFlags]), so that
// positions (runtime.Caller in Set.Add, panics, compile errors) name the
// real files.
//
// The split is only made when it cannot change what the package means:
// no support file has an init function (it would run once per unit), no
// name a migration file declares is used by another file, and no file
// embeds files or uses cgo. Otherwise, or when the split build fails, the
// package is built whole, as one package, with its own messages.
const unitsDir = "_schemagen_units"

// Unit sizes. A migration file of bigUnitBytes or more is a unit of its
// own. Smaller ones are grouped, so that a package of a thousand small
// migrations is not a thousand compiler runs: a group ends after a file
// whose name hashes to a multiple of groupEvery, before a big file, or at
// groupMax files. The ends depend on the names alone, so adding, editing
// or removing a file changes its own group and no other (but for the rare
// run of groupMax files without a hashed end). Measured on a chain of
// 1,000 small migrations: groups of about 64 make the first build cost
// what the whole package costs (23 units, 3.5 s of CPU), and an edit to
// one migration rebuilds the runner in 0.4 s.
const (
	bigUnitBytes = 32 << 10
	groupEvery   = 64
	groupMax     = 256
)

// unitPlan is how the runner compiles the migrations package.
type unitPlan struct {
	// split is false when the package is built whole; reason then says
	// why.
	split  bool
	reason string
	// support are the package's files that add no migration, and units
	// the migration files in groups, in file order (base names).
	support []string
	units   []unit
	// fingerprint identifies the package's files (names, sizes, times),
	// to remember that a split build of them failed.
	fingerprint string
}

// unit is one package of migration files.
type unit struct {
	name  string // folder under unitsDir
	files []string
}

// goFile is one Go file of the migrations package as planUnits reads it.
type goFile struct {
	name      string
	size      int
	f         *ast.File
	migration bool     // adds a migration (holds a migrate.Migration literal)
	declares  []string // top-level names, init and _ left out
}

// planUnits reads the migrations package in dir and says how to compile
// it: the files of pkg (the package read without compiling; nil for
// every file). A file that does not parse makes the plan whole: the
// build reports it.
func planUnits(dir string, pkg *migfile.Package) (*unitPlan, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations folder: %w", err)
	}
	plan := &unitPlan{}
	fp := sha256.New()
	fset := token.NewFileSet()
	var files []*goFile
	// The trees pkg parsed stand for the files while the folder is as
	// pkg read it.
	parsed := pkg
	if pkg != nil && !pkg.Unchanged() {
		parsed = nil
	}
	whole := func(format string, args ...any) (*unitPlan, error) {
		plan.split, plan.reason, plan.units, plan.support = false, fmt.Sprintf(format, args...), nil, nil
		plan.fingerprint = hex.EncodeToString(fp.Sum(nil)[:12])
		return plan, nil
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || pkg != nil && !pkg.Compiles(name) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", relPath(filepath.Join(dir, name)), err)
		}
		fmt.Fprintf(fp, "%s\x00%d\x00%d\x00", name, info.Size(), info.ModTime().UnixNano())
		f, err := parseGoFile(fset, dir, name, parsed)
		if err != nil {
			return nil, err
		}
		if f == nil {
			return whole("%s does not parse", name)
		}
		for _, imp := range f.Imports {
			switch imp.Path.Value {
			case `"C"`:
				return whole("%s uses cgo", name)
			case `"embed"`: // //go:embed needs the import
				return whole("%s embeds files", name)
			}
		}
		gf := &goFile{name: name, size: int(info.Size()), f: f, migration: migfile.AddsMigration(f)}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" {
					if !gf.migration {
						return whole("%s has an init function but adds no migration", name)
					}
					continue
				}
				gf.declares = append(gf.declares, d.Name.Name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							gf.declares = append(gf.declares, n.Name)
						}
					case *ast.TypeSpec:
						gf.declares = append(gf.declares, s.Name.Name)
					}
				}
			}
		}
		gf.declares = slices.DeleteFunc(gf.declares, func(n string) bool { return n == "_" })
		files = append(files, gf)
	}
	plan.fingerprint = hex.EncodeToString(fp.Sum(nil)[:12])
	// A name a migration file declares must not be used by another file:
	// in its unit, the other files would not see it.
	declaredBy := map[string]string{}
	for _, gf := range files {
		if gf.migration {
			for _, n := range gf.declares {
				declaredBy[n] = gf.name
			}
		}
	}
	if len(declaredBy) > 0 {
		for _, gf := range files {
			var used string
			ast.Inspect(gf.f, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if ok && used == "" {
					if by, ok := declaredBy[id.Name]; ok && by != gf.name {
						used = id.Name
					}
				}
				return used == ""
			})
			if used != "" {
				return whole("%s uses %s, which %s declares", gf.name, used, declaredBy[used])
			}
		}
	}
	var group *unit
	used := map[string]bool{}
	// newUnit starts a unit named after its first file, uniquely: two
	// file names may map to one folder name.
	newUnit := func(first string) *unit {
		name := unitName(first)
		for i := 2; used[name]; i++ {
			name = unitName(first) + "_" + strconv.Itoa(i)
		}
		used[name] = true
		plan.units = append(plan.units, unit{name: name})
		return &plan.units[len(plan.units)-1]
	}
	for _, gf := range files {
		if !gf.migration {
			plan.support = append(plan.support, gf.name)
			continue
		}
		if gf.size >= bigUnitBytes {
			newUnit(gf.name).files = []string{gf.name}
			group = nil
			continue
		}
		if group == nil {
			group = newUnit(gf.name)
		}
		group.files = append(group.files, gf.name)
		if endsGroup(gf.name) || len(group.files) >= groupMax {
			group = nil
		}
	}
	if len(plan.units) == 0 {
		return whole("it holds no migration")
	}
	plan.split = true
	return plan, nil
}

// parseGoFile returns the syntax of the file name in dir: the tree that
// parsed (the package read without compiling, or nil) holds for it, so
// that a file is parsed once per command; else the file parsed now. It
// returns nil when the file does not parse.
func parseGoFile(fset *token.FileSet, dir, name string, parsed *migfile.Package) (*ast.File, error) {
	if parsed != nil {
		if mf := parsed.File(name); mf != nil {
			return mf.Syntax(), nil
		}
	}
	path := filepath.Join(dir, name)
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", relPath(path), err)
	}
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil
	}
	return f, nil
}

// endsGroup reports whether a group of small migrations ends after the
// file name.
func endsGroup(name string) bool {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()%groupEvery == 0
}

// unitName returns the unit folder named after the migration file name
// that starts it: a path element the go command accepts.
func unitName(file string) string {
	base := strings.TrimSuffix(file, ".go")
	var b strings.Builder
	b.WriteString("u")
	for _, r := range base {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// overlay adds to replace the overlay entries of the units of the
// migrations package in migDir: each unit's folder gets its migration
// files and the support files, pointing at the real files.
func (pl *unitPlan) overlay(migDir string, replace map[string]string) {
	for _, u := range pl.units {
		for _, name := range slices.Concat(pl.support, u.files) {
			replace[filepath.Join(migDir, unitsDir, u.name, name)] = filepath.Join(migDir, name)
		}
	}
}

// importPaths returns the import paths of the units of the migrations
// package importPath.
func (pl *unitPlan) importPaths(importPath string) []string {
	out := make([]string, len(pl.units))
	for i, u := range pl.units {
		out[i] = importPath + "/" + unitsDir + "/" + u.name
	}
	return out
}

// splitGCFlags returns the -gcflags argument that compiles the units of
// the migrations package importPath with an empty -trimpath. The go
// command rewrites the positions of an overlaid file to its folder in the
// overlay (<migrations>/_schemagen_units/<unit>/); the compiler is given
// the real file, so with no rewrite the positions it records (what
// runtime.Caller, panics and compile errors report) name the real file.
func splitGCFlags(importPath string) string {
	return "-gcflags=" + importPath + "/" + unitsDir + "/...=-trimpath="
}

// splitFailedFile is the file in the runner's cache folder that remembers
// the fingerprint of a migrations package whose split build failed while
// its whole build worked, so that later builds go straight to the whole
// build until a file changes.
const splitFailedFile = "split-failed"

// splitFailedBefore reports whether the split build of the package with
// the fingerprint fp failed before.
func splitFailedBefore(cache, fp string) bool {
	b, err := os.ReadFile(filepath.Join(cache, splitFailedFile))
	return err == nil && string(b) == fp
}

// rememberSplitFailed records that the split build of the package with
// the fingerprint fp failed. Failing that, the next build tries the split
// again: nothing is lost.
func rememberSplitFailed(cache, fp string) {
	_ = writeIfChanged(filepath.Join(cache, splitFailedFile), []byte(fp))
}

// runnerSource returns the main package of a runner: it imports the
// driver when withDriver, and the migrations: the package pkg itself when
// units is empty (the package built whole), else its units (import
// paths), whose migrations it adds to one Set in order. defaults are
// environment variables (NAME, value) that the program sets when they are
// unset: the settings of schemagen.toml that a built program carries.
func runnerSource(withDriver bool, pkg string, units []string, defaults [][2]string) []byte {
	var b strings.Builder
	b.WriteString("// Code generated by schemagen: the migrations runner, built through an overlay.\npackage main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"os\"\n\n")
	if withDriver {
		fmt.Fprintf(&b, "\t_ %q\n\n", driverPath)
	}
	b.WriteString("\t\"github.com/schemagen/schemagen/migrate\"\n\n")
	if len(units) == 0 {
		fmt.Fprintf(&b, "\tmigrations %q\n", pkg)
	}
	for i, imp := range units {
		fmt.Fprintf(&b, "\tm%d %q\n", i, imp)
	}
	b.WriteString(")\n\n// defaults are settings built into the program, as NAME, value pairs;\n// the environment overrides them.\nvar defaults = [][2]string{")
	for _, d := range defaults {
		fmt.Fprintf(&b, "\n\t{%q, %q},", d[0], d[1])
	}
	if len(defaults) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("}\n\nfunc main() {\n\tfor _, d := range defaults {\n\t\tif os.Getenv(d[0]) == \"\" {\n\t\t\tos.Setenv(d[0], d[1])\n\t\t}\n\t}\n")
	if len(units) == 0 {
		b.WriteString("\tset := migrations.Set\n")
	} else {
		// Each unit's Set holds its files' migrations; one Set takes them
		// in file order.
		b.WriteString("\tset := &migrate.Set{}\n\tfor _, unit := range []*migrate.Set{")
		for i := range units {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("m" + strconv.Itoa(i) + ".Set")
		}
		b.WriteString("} {\n\t\tfor _, m := range unit.Migrations() {\n\t\t\tset.Add(*m)\n\t\t}\n\t}\n")
	}
	b.WriteString(`	if len(os.Args) == 2 && os.Args[1] == "dump-unchecked" {
		// The changes as recorded, before the runtime's checks, so that
		// schemagen can point at the text of a migration they refuse.
		if err := json.NewEncoder(os.Stdout).Encode(migrate.RecordAll(set)); err != nil {
			fmt.Fprintln(os.Stderr, "schemagen:", err)
			os.Exit(2)
		}
		return
	}
	os.Exit(migrate.Main(set, os.Args[1:], os.Stdout, os.Stderr))
}
`)
	return []byte(b.String())
}
