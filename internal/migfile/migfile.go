// Package migfile reads a migrations package without compiling it.
//
// The schemagen CLI has two readers of migration files: the go command,
// which compiles them into a program that records their changes (see
// [migrate.Main]'s dump), and this package, which reads their syntax.
// This one accepts what the compiler accepts or says that it cannot read
// a file; where both readings exist the CLI compares them
// ([Package.CrossCheck]).
//
// [Read] selects the files the go command would compile (build
// constraints, GOOS/GOARCH file names, no _test.go files, one package
// clause) and reads the metadata of every migration: each file adds its
// migrations in init() as
//
//	Set.Add(migrate.Migration{Revision: "...", DownRevision: []string{"..."}, Message: "...", ...})
//
// with the migrate package imported under any name, and the metadata
// (Revision, DownRevision, Message, NoTransaction, AllowHazards) written
// as literals. A migration added any other way is a [Package.Problems]
// entry naming its file:line:col: history, heads and merge cannot see it
// without compiling.
//
// A file is static when, beyond that, its Upgrade and Downgrade functions
// are sequences of op.Method(args...) calls whose arguments are literals:
// strings, bools, numbers, nil, composite literals of migrate's exported
// types and slices and pointers of them, and migrate's constants. A Go
// step, op.Run(func(ctx context.Context, q migrate.Querier) error {...}),
// is read as a step whose function is not at hand: the recording that
// replay, hazards and SQL scripts work from, which is what the compiled
// program's dump gives them too (a dump carries no functions). Its body
// is not compiled here, so a mistake in it shows when the runner is built
// (upgrade, downgrade, go build ./...), not in `check --offline`.
//
// When every file of the package is static (the migration files and the
// file declaring `var Set = &migrate.Set{}`), [Package.Set] returns the
// package's Set, built in this process: each migration's functions call
// the real [migrate.Op] methods, found by reflection, with the values the
// literals spell, so that the recording is the code a compiled file runs.
package migfile

import (
	"errors"
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
)

// Package is a migrations package as read from its files.
type Package struct {
	// Dir is the package's folder.
	Dir string
	// Name is the package name (of its first file); empty when no file
	// is compiled.
	Name string
	// Files are the files the go command compiles, in name order.
	Files []*File
	// Problems are what keeps the metadata of a migration from being read
	// without compiling: a file that does not parse, two package names,
	// a build constraint only the go command can decide, a migration
	// added other than as a literal in init(). Empty when every
	// migration's metadata is read.
	Problems parser.ErrorList
	fset     *token.FileSet
	stamp    string // the folder's Go files as Read saw them (see stampOf)
}

// File is one Go file of the package.
type File struct {
	// Name is the file's base name, Path its path.
	Name, Path string
	// Migrations are the migrations the file adds, in order, without
	// their functions ([Package.Set] builds those).
	Migrations []*Migration

	ast      *ast.File
	parsed   bool // ast is the whole file, without syntax errors
	reader   *fileReader
	problems bool // the file has entries in Package.Problems
	// reason says why the file is not static, nil when it is; computed
	// once, by compile.
	once    sync.Once
	reason  *parser.Error
	setDecl bool // the file declares the package's Set
}

// Migration is one migration's metadata, as the file spells it.
type Migration struct {
	// Migration holds the metadata: Revision, DownRevision, Message,
	// NoTransaction, AllowHazards, and File and Line as [migrate.Set.Add]
	// fills them (the file's base name and the line of the call).
	migrate.Migration
	// Pos is the position of the migrate.Migration literal.
	Pos token.Position

	upgrade, downgrade ast.Expr // the function fields; nil when absent
	up, down           *body    // compiled by static
}

// Read reads the migrations package in dir, as the go command would
// compile it in the context c. The error is about reading the folder
// (fs.ErrNotExist when there is none); what keeps a migration from being
// read is in Problems.
func Read(dir string, c *Context) (*Package, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &Package{Dir: dir, fset: token.NewFileSet(), stamp: stampOf(entries)}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		switch t := e.Type(); {
		case t.IsRegular():
		case t&fs.ModeSymlink != 0:
			// The go command follows a link to a file.
			if st, err := os.Stat(filepath.Join(dir, name)); err != nil || !st.Mode().IsRegular() {
				continue
			}
		default:
			continue
		}
		names = append(names, name)
	}
	// Reading and parsing the files is most of the work: spread it.
	files := make([]*File, len(names))
	errs := make([]parser.ErrorList, len(names))
	var readErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, min(runtime.GOMAXPROCS(0), len(names))) {
		wg.Go(func() {
			for i := range next {
				f, problems, err := p.readFile(c, names[i])
				if err != nil {
					mu.Lock()
					readErr = cmpErr(readErr, err)
					mu.Unlock()
					continue
				}
				files[i], errs[i] = f, problems
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	var first *File
	for i, f := range files {
		p.Problems = append(p.Problems, errs[i]...)
		if f == nil {
			continue
		}
		if f.ast != nil {
			switch name := f.ast.Name.Name; {
			case p.Name == "":
				p.Name, first = name, f
			case name != p.Name:
				p.Problems.Add(p.fset.Position(f.ast.Name.Pos()),
					fmt.Sprintf("package %s; expected package %s: the go command refuses a folder of two packages (%s is package %s)", name, p.Name, first.Name, p.Name))
				f.problems = true
			}
		}
		p.Files = append(p.Files, f)
	}
	p.Problems.RemoveDuplicates()
	return p, nil
}

// stampOf identifies the Go files of a folder listing: names, sizes and
// modification times.
func stampOf(entries []fs.DirEntry) string {
	var b strings.Builder
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			b.WriteString(e.Name() + "\x00?\x00")
			continue
		}
		fmt.Fprintf(&b, "%s\x00%d\x00%d\x00", e.Name(), info.Size(), info.ModTime().UnixNano())
	}
	return b.String()
}

// Unchanged reports whether the package's folder holds the Go files Read
// read, by name, size and modification time.
func (p *Package) Unchanged() bool {
	entries, err := os.ReadDir(p.Dir)
	return err == nil && stampOf(entries) == p.stamp
}

// cmpErr keeps the first error.
func cmpErr(old, err error) error {
	if old != nil {
		return old
	}
	return err
}

// readFile reads the file name: nil when the go command leaves it out.
func (p *Package) readFile(c *Context, name string) (*File, parser.ErrorList, error) {
	path := filepath.Join(p.Dir, name)
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var problems parser.ErrorList
	match, certain, err := c.match(p.Dir, name, src)
	if err != nil {
		problems.Add(token.Position{Filename: path, Line: 1, Column: 1}, err.Error())
		return &File{Name: name, Path: path, problems: true}, problems, nil
	}
	if !certain {
		problems.Add(token.Position{Filename: path, Line: 1, Column: 1},
			"whether the go command compiles this file depends on its version, its experiments or cgo (a build constraint on a go1.N, goexperiment or cgo tag): schemagen cannot read the migrations without compiling; set CGO_ENABLED, or write the constraint on tags of your own")
		return &File{Name: name, Path: path, problems: true}, problems, nil
	}
	if !match {
		return nil, nil, nil
	}
	f := &File{Name: name, Path: path}
	af, err := goparser.ParseFile(p.fset, path, src, goparser.SkipObjectResolution)
	if err != nil {
		f.problems = true
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				problems.Add(e.Pos, e.Msg)
			}
		} else {
			problems.Add(token.Position{Filename: path}, err.Error())
		}
		if af == nil || af.Name == nil || af.Name.Name == "" || af.Name.Name == "_" {
			return f, problems, nil
		}
	}
	if af.Name.Name == "documentation" {
		// go/build leaves such files out.
		return nil, nil, nil
	}
	f.ast = af
	f.parsed = err == nil
	if len(problems) == 0 {
		f.reader = newFileReader(p.fset, af)
		f.Migrations = f.reader.metadata(&problems)
		f.problems = len(problems) > 0
	}
	return f, problems, nil
}

// Migrations returns the metadata of every migration, in the order the
// package adds them.
func (p *Package) Migrations() []*Migration {
	var out []*Migration
	for _, f := range p.Files {
		out = append(out, f.Migrations...)
	}
	return out
}

// Err returns the problems as an error; nil when every migration's
// metadata was read.
func (p *Package) Err() error { return p.Problems.Err() }

// NotStaticError says why a package cannot be read without compiling.
type NotStaticError struct {
	// Reasons hold, for each file that needs the compiler, where and
	// why; or the package's problems.
	Reasons parser.ErrorList
}

// Error implements error.
func (e *NotStaticError) Error() string {
	return "the migrations need the compiler: " + e.Reasons.Error()
}

// Static reports whether the file can be read without compiling; when
// not, the returned error says where and why.
func (p *Package) Static(f *File) error {
	f.once.Do(func() { p.compile(f) })
	if f.reason != nil {
		return f.reason
	}
	return nil
}

// Set returns the package's Set, built in this process, when every file
// is static; otherwise a *NotStaticError. Each call builds a new Set.
func (p *Package) Set() (*migrate.Set, error) {
	if len(p.Problems) > 0 {
		return nil, &NotStaticError{Reasons: p.Problems}
	}
	var reasons parser.ErrorList
	var decls []*File
	for _, f := range p.Files {
		if err := p.Static(f); err != nil {
			reasons = append(reasons, f.reason)
			continue
		}
		if f.setDecl {
			decls = append(decls, f)
		}
	}
	if len(reasons) == 0 && len(decls) != 1 {
		pos := token.Position{Filename: p.Dir}
		msg := "no file declares var Set = &migrate.Set{}"
		if len(decls) > 1 {
			pos = p.fset.Position(decls[1].ast.Name.Pos())
			msg = fmt.Sprintf("Set is declared again (first in %s)", decls[0].Name)
		}
		reasons.Add(pos, msg)
	}
	if len(reasons) > 0 {
		reasons.Sort()
		return nil, &NotStaticError{Reasons: reasons}
	}
	set := &migrate.Set{}
	for _, f := range p.Files {
		for _, m := range f.Migrations {
			set.Add(m.built())
		}
	}
	return set, nil
}

// built returns the migration with its functions.
func (m *Migration) built() migrate.Migration {
	out := m.Migration
	out.DownRevision = slices.Clone(m.DownRevision)
	out.AllowHazards = slices.Clone(m.AllowHazards)
	out.Upgrade, out.Downgrade = m.up.fn(), m.down.fn()
	return out
}

// AddsMigration reports whether the parsed file f holds a
// migrate.Migration literal, whatever the name it imports migrate by. It
// does not look inside one, which is most of a big migration file.
func AddsMigration(f *ast.File) bool {
	r := newFileReader(token.NewFileSet(), f)
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok && r.isMigrationType(lit.Type) {
			found = true
		}
		return !found
	})
	return found
}

// Syntax returns the file's syntax tree as Read parsed it (without
// comments), or nil when the file does not parse.
func (f *File) Syntax() *ast.File {
	if !f.parsed {
		return nil
	}
	return f.ast
}

// File returns the file name of the package, or nil when the go command
// does not compile it (as far as this reading knows).
func (p *Package) File(name string) *File {
	i, ok := slices.BinarySearchFunc(p.Files, name, func(f *File, name string) int { return strings.Compare(f.Name, name) })
	if !ok {
		return nil
	}
	return p.Files[i]
}

// Compiles reports whether the go command compiles the file name into
// the package, as far as this reading knows: a file whose inclusion it
// could not decide counts as compiled.
func (p *Package) Compiles(name string) bool {
	return slices.ContainsFunc(p.Files, func(f *File) bool { return f.Name == name })
}
