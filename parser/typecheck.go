package parser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// graphMode is what [Load] asks go/packages for: the import graph and the
// files of every package, no types. go list then lists packages and
// compiles nothing, however cold the build cache.
const graphMode = packages.NeedName | packages.NeedFiles | packages.NeedImports |
	packages.NeedDeps | packages.NeedModule

// errNeedsExportData tells [Load] to type-check with go/packages and the
// go command's export data after all: a package to check from source uses
// cgo, and only the go command runs cgo (see [sourceLoader]).
var errNeedsExportData = errors.New("parser: a package needs the go command's export data")

// errCacheEntry tells [Load] that an entry of the type cache it counted on
// could not be read (removed meanwhile, or damaged), and that it removed
// it: loading again computes it anew.
var errCacheEntry = errors.New("parser: unreadable type cache entry")

// sourceLoader type-checks the packages matching patterns without the go
// command's export data, which `go list -export` would have to compile
// (the whole standard library below the models, with an empty build
// cache, as on a fresh CI runner). It asks go list for the import graph
// only, and then:
//
//   - the root packages (those the patterns match) are parsed and
//     type-checked from source, function bodies included, as go/packages
//     would (same parser mode, same checker settings, same errors);
//   - every other package the roots import reaches them through export
//     data that this loader writes itself: the package is type-checked
//     from source with function bodies ignored, unless it belongs to a
//     main module (the user's own code, checked as its compilation would),
//     its own dependencies likewise or read from export data, and written
//     with [gcexportdata.Write]. The [typeCache] keeps that export data under a
//     hash of everything it depends on, so a later Load reads it instead
//     of type-checking the standard library again. The roots see every
//     such package through export data, whether it came from the cache or
//     was just written, so a cold and a warm run give the same types;
//   - a package that cannot be had that way (it has errors, or a root
//     among its dependencies) is type-checked from source next to the
//     roots, the same way, and so is every package that imports it; its
//     errors are reported.
//
// A root, or a package outside the standard library, that uses cgo
// stops the loader with [errNeedsExportData]: only the go command runs
// cgo. The standard library's cgo packages (net, os/user) are checked with
// [types.Config.FakeImportC]: their exported declarations never mention C.
type sourceLoader struct {
	ctx   context.Context
	dir   string
	env   []string
	cache *typeCache

	fset    *token.FileSet // positions of the roots and what they import
	sizes   types.Sizes
	target  string  // the compiler and GOARCH the sizes are of
	version string  // the go command's go1.N release, for the hint of go/packages
	nodes   []*node // every package, dependencies before their importers
	roots   []*packages.Package
	imports map[string]*types.Package // the export-data universe the roots see

	// The scratch universe, where packages are type-checked from source to
	// write their export data.
	sfset    *token.FileSet
	simports map[string]*types.Package
}

// node is one package of the import graph.
type node struct {
	pkg     *packages.Package
	imports map[string]*node // by import path as written
	root    bool
	unsafe  bool

	// source is true for a package type-checked from source next to the
	// roots: a root, a package with errors, one that imports a root, and
	// every package that imports one of these.
	source bool

	// The export data, for packages that are not source.
	files       [][]byte       // the contents of pkg.GoFiles, read once for key and parse
	key         string         // hash of everything the export data depends on
	stored      bool           // the cache holds key, and every dependency's key
	data        []byte         // the export data, once read or written
	read        bool           // data read into the scratch universe
	syntax      []*ast.File    // the files parsed in the scratch universe
	parseFailed bool           // a file did not parse
	types       *types.Package // the scratch universe's package, type-checked from source
	failed      bool           // no export data: errors, or the export failed
}

// loadSource loads the packages matching patterns as [sourceLoader]
// describes and returns the roots, as go/packages would with
// NeedSyntax|NeedTypes|NeedTypesInfo: Fset, Syntax, Types, TypesInfo (Defs
// only), TypesSizes and Errors set.
func loadSource(ctx context.Context, dir string, env []string, cache *typeCache, patterns []string) ([]*packages.Package, error) {
	return newSourceLoader(ctx, dir, env, cache).load(patterns)
}

// newSourceLoader returns a loader that runs the go command in dir with
// env and keeps export data in cache.
func newSourceLoader(ctx context.Context, dir string, env []string, cache *typeCache) *sourceLoader {
	return &sourceLoader{
		ctx:      ctx,
		dir:      dir,
		env:      env,
		cache:    cache,
		fset:     token.NewFileSet(),
		imports:  map[string]*types.Package{},
		sfset:    token.NewFileSet(),
		simports: map[string]*types.Package{},
	}
}

// load loads the packages matching patterns; see [loadSource].
func (ld *sourceLoader) load(patterns []string) ([]*packages.Package, error) {
	if err := ld.loadGraph(patterns); err != nil {
		return nil, err
	}
	if err := ld.parseRoots(); err != nil {
		return nil, err
	}
	ld.markSource()
	ld.hashFiles()
	ld.computeKeys()
	if err := ld.exportData(); err != nil {
		return nil, err
	}
	for _, n := range ld.needed() {
		if _, err := gcexportdata.Read(bytes.NewReader(n.data), ld.fset, ld.imports, n.pkg.PkgPath); err != nil {
			if n.stored {
				ld.cache.remove(n.key)
				return nil, errCacheEntry
			}
			// Export data just written that does not read back: leave
			// the package to the go command rather than fail.
			return nil, errNeedsExportData
		}
	}
	for _, n := range ld.nodes {
		if n.source {
			if err := ld.ctx.Err(); err != nil {
				return nil, err
			}
			if err := ld.checkSource(n); err != nil {
				return nil, err
			}
		} else if n.unsafe {
			n.pkg.Types = types.Unsafe
		} else {
			n.pkg.Types = ld.imports[n.pkg.PkgPath]
		}
	}
	return ld.roots, nil
}

// loadGraph asks go list for the import graph of patterns (no types, so
// it compiles nothing) and the type sizes, at the same time.
func (ld *sourceLoader) loadGraph(patterns []string) error {
	type sizesResult struct {
		sizes           types.Sizes
		target, version string
		err             error
	}
	done := make(chan sizesResult, 1)
	go func() {
		var r sizesResult
		r.sizes, r.target, r.version, r.err = querySizes(ld.ctx, ld.dir, ld.env)
		done <- r
	}()
	roots, err := packages.Load(&packages.Config{Context: ld.ctx, Mode: graphMode, Dir: ld.dir, Env: ld.env}, patterns...)
	sz := <-done
	if err != nil {
		return err
	}
	if sz.err != nil {
		return sz.err
	}
	ld.sizes, ld.target, ld.version, ld.roots = sz.sizes, sz.target, sz.version, roots
	byPkg := map[*packages.Package]*node{}
	for _, p := range roots {
		byPkg[p] = &node{pkg: p, root: true}
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		n := byPkg[p]
		if n == nil {
			n = &node{pkg: p}
			byPkg[p] = n
		}
		n.unsafe = p.PkgPath == "unsafe"
		n.imports = make(map[string]*node, len(p.Imports))
		for path, imp := range p.Imports {
			n.imports[path] = byPkg[imp] // visited before p
		}
		ld.nodes = append(ld.nodes, n)
	})
	return nil
}

// querySizes returns the type sizes of the go command's target, the
// target ("gc amd64") and the go command's release (go1.N), as go/packages
// asks for them (`go list -f
// '{{context.GOARCH}} {{context.Compiler}}' -- unsafe`, with `go env
// GOARCH` and gc outside a module).
func querySizes(ctx context.Context, dir string, env []string) (types.Sizes, string, string, error) {
	run := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir, cmd.Env = dir, append(slices.Clip(env), "PWD="+dir)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			return stderr.String(), fmt.Errorf("go %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return stdout.String(), nil
	}
	out, err := run("list", "-f", "{{context.GOARCH}} {{context.Compiler}} {{context.ReleaseTags}}", "--", "unsafe")
	var goarch, compiler, version string
	if err != nil {
		if !strings.Contains(out, "cannot find main module") && !strings.Contains(out, "go.mod file not found") {
			return nil, "", "", err
		}
		if out, err = run("env", "GOARCH"); err != nil {
			return nil, "", "", err
		}
		goarch, compiler = strings.TrimSpace(out), "gc"
	} else {
		fields := strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(out))
		if len(fields) < 2 {
			return nil, "", "", fmt.Errorf("go list printed %q, want GOARCH and compiler", out)
		}
		goarch, compiler = fields[0], fields[1]
		if len(fields) > 2 {
			version = fields[len(fields)-1]
		}
	}
	sizes := types.SizesFor(compiler, goarch)
	if sizes == nil {
		// As go/packages: the gc sizes of this process, else of amd64.
		sizes = types.SizesFor("gc", runtime.GOARCH)
		if sizes == nil {
			sizes = types.SizesFor("gc", "amd64")
		}
	}
	return sizes, compiler + " " + goarch, version, nil
}

// parseMode is how go/packages parses a package it type-checks from source.
const parseMode = goparser.AllErrors | goparser.ParseComments

// parseRoots parses the roots' files, as go/packages does, and stops at a
// root that uses cgo.
func (ld *sourceLoader) parseRoots() error {
	var jobs []parseJob
	for _, n := range ld.nodes {
		if n.root {
			for _, name := range n.pkg.GoFiles {
				jobs = append(jobs, parseJob{n: n, name: name})
			}
		}
	}
	parseAll(ld.fset, jobs)
	for _, n := range ld.nodes {
		if !n.root {
			continue
		}
		n.pkg.Syntax = nil
		for _, j := range jobs {
			if j.n != n {
				continue
			}
			if j.file != nil {
				n.pkg.Syntax = append(n.pkg.Syntax, j.file)
			}
			if j.err != nil {
				n.pkg.Errors = append(n.pkg.Errors, parseErrors(j.err)...)
			}
		}
		if usesCgo(n.pkg.Syntax) {
			return errNeedsExportData
		}
	}
	return nil
}

// parseJob is one file to parse: from src, or from disk when src is nil.
type parseJob struct {
	n    *node
	name string
	src  []byte
	file *ast.File
	err  error
}

// parseAll parses the files of jobs into fset, GOMAXPROCS at a time, in
// go/packages' parser mode.
func parseAll(fset *token.FileSet, jobs []parseJob) {
	parallel(len(jobs), func(i int) {
		j := &jobs[i]
		src := j.src
		if src == nil {
			var err error
			if src, err = os.ReadFile(j.name); err != nil {
				j.err = err
				return
			}
		}
		j.file, j.err = goparser.ParseFile(fset, j.name, src, parseMode)
	})
}

// parallel calls f(0) to f(n-1), GOMAXPROCS at a time.
func parallel(n int, f func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// parseErrors converts an error of the parser as go/packages does.
func parseErrors(err error) []packages.Error {
	var list scanner.ErrorList
	var pathErr *os.PathError
	switch {
	case errors.As(err, &list):
		errs := make([]packages.Error, len(list))
		for i, e := range list {
			errs[i] = packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError}
		}
		return errs
	case errors.As(err, &pathErr):
		return []packages.Error{{Pos: pathErr.Path + ":1", Msg: pathErr.Err.Error(), Kind: packages.ParseError}}
	}
	return []packages.Error{{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError}}
}

// usesCgo reports whether a file imports "C".
func usesCgo(files []*ast.File) bool {
	for _, f := range files {
		for _, imp := range f.Imports {
			if imp.Path.Value == `"C"` {
				return true
			}
		}
	}
	return false
}

// markSource marks the packages to type-check from source next to the
// roots: the roots, the packages go list found errors in, and every
// package that imports one of them.
func (ld *sourceLoader) markSource() {
	for _, n := range ld.nodes { // dependencies first
		n.source = n.source || n.root || len(n.pkg.Errors) > 0 || n.failed
		for _, imp := range n.imports {
			if imp != nil && imp.source {
				n.source = true
			}
		}
	}
}

// needed returns the packages, not type-checked from source, that one
// which is imports: those the roots' universe reads export data of.
func (ld *sourceLoader) needed() []*node {
	want := map[*node]bool{}
	for _, n := range ld.nodes {
		if !n.source {
			continue
		}
		for _, imp := range n.imports {
			if imp != nil && !imp.source && !imp.unsafe {
				want[imp] = true
			}
		}
	}
	var list []*node
	for _, n := range ld.nodes {
		if want[n] {
			list = append(list, n)
		}
	}
	return list
}

// exportData provides the export data of every needed package: from the
// cache, or type-checked from source and written. A package that has
// none (it has errors) joins those type-checked from source next to the
// roots, with its importers; then more packages are needed, and so on.
func (ld *sourceLoader) exportData() error {
	for {
		grew := false
		needed := ld.needed()
		ld.parseScratch(ld.toCheck(needed))
		for _, n := range needed {
			if err := ld.ctx.Err(); err != nil {
				return err
			}
			if err := ld.provide(n); err != nil {
				return err
			}
			grew = grew || n.failed
		}
		if !grew {
			return nil
		}
		ld.markSource()
	}
}

// toCheck returns the packages that providing the export data of needed
// type-checks from source: those not stored, among needed and below.
func (ld *sourceLoader) toCheck(needed []*node) []*node {
	var list []*node
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil || seen[n] || n.unsafe || n.stored || n.data != nil || n.failed {
			return
		}
		seen[n] = true
		list = append(list, n)
		for _, imp := range n.imports {
			walk(imp)
		}
	}
	for _, n := range needed {
		walk(n)
	}
	return list
}

// scratchParseMode is how the scratch universe parses: no comments (the
// export data has none), no object resolution (go/types does its own).
const scratchParseMode = goparser.SkipObjectResolution

// parseScratch parses the files of nodes that are not parsed yet, from
// the bytes hashed for their keys, all GOMAXPROCS at a time.
func (ld *sourceLoader) parseScratch(nodes []*node) {
	var jobs []parseJob
	for _, n := range nodes {
		if n.syntax != nil || n.parseFailed {
			continue
		}
		for i, name := range n.pkg.GoFiles {
			jobs = append(jobs, parseJob{n: n, name: name, src: n.files[i]})
		}
	}
	parallel(len(jobs), func(i int) {
		j := &jobs[i]
		j.file, j.err = goparser.ParseFile(ld.sfset, j.name, j.src, scratchParseMode)
	})
	for _, j := range jobs {
		if j.err != nil {
			j.n.parseFailed = true
		}
		j.n.syntax = append(j.n.syntax, j.file)
	}
	for _, n := range nodes {
		if n.syntax == nil {
			n.syntax = []*ast.File{} // parsed: no files
		}
	}
}

// provide sets n.data: read from the cache when stored there, else
// type-checked from source in the scratch universe and written. A package
// with errors gets n.failed instead.
func (ld *sourceLoader) provide(n *node) error {
	if n.data != nil || n.failed {
		return nil
	}
	if n.stored {
		data, err := ld.cache.get(n.key)
		if err != nil {
			return errCacheEntry
		}
		n.data = data
		return nil
	}
	return ld.checkScratch(n)
}

// checkScratch type-checks n from source in the scratch universe (function
// bodies ignored outside the main module), its imports read from the
// cache or type-checked the same way first, and writes its export data,
// to n.data and the cache: every package type-checked so, not just those
// the roots import, so that a later miss finds its dependencies stored. A
// package with errors, or that imports one, gets n.failed. Since a package
// is stored only when every package below it is, the export data read
// into the scratch universe never refers to a package type-checked from
// source there: each package path stands for one package.
func (ld *sourceLoader) checkScratch(n *node) error {
	if n.types != nil || n.failed {
		return nil
	}
	for _, imp := range n.imports {
		if imp == nil || imp.unsafe {
			continue
		}
		if imp.stored {
			if err := ld.readScratch(imp); err != nil {
				return err
			}
			continue
		}
		if err := ld.checkScratch(imp); err != nil {
			return err
		}
		if imp.failed {
			n.failed = true
			return nil
		}
	}
	if err := ld.ctx.Err(); err != nil {
		return err
	}
	if n.syntax == nil {
		ld.parseScratch([]*node{n})
	}
	files := n.syntax
	if n.parseFailed {
		n.failed = true
		return nil
	}
	cgo := usesCgo(files)
	if cgo && !isStandard(n.pkg) {
		return errNeedsExportData
	}
	ok := true
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := n.imports[path]
			switch {
			case imp == nil:
				return nil, fmt.Errorf("missing package: %q", path)
			case imp.types != nil:
				return imp.types, nil
			case imp.read:
				return ld.simports[imp.pkg.PkgPath], nil
			}
			return nil, fmt.Errorf("no types for %s", path)
		}),
		IgnoreFuncBodies: !isMain(n.pkg),
		FakeImportC:      cgo,
		Error:            func(error) { ok = false },
		Sizes:            ld.sizes,
		GoVersion:        goVersion(n.pkg),
	}
	pkg := types.NewPackage(n.pkg.PkgPath, n.pkg.Name)
	if err := types.NewChecker(tc, ld.sfset, pkg, nil).Files(files); err != nil || !ok {
		n.failed = true
		return nil
	}
	n.types = pkg
	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, ld.sfset, pkg); err != nil {
		n.failed = true // type-checked from source next to the roots instead
		return nil
	}
	n.data = buf.Bytes()
	ld.cache.put(n.key, n.data)
	return nil
}

// readScratch reads the stored export data of n into the scratch universe.
func (ld *sourceLoader) readScratch(n *node) error {
	if n.read {
		return nil
	}
	if err := ld.provide(n); err != nil {
		return err
	}
	if _, err := gcexportdata.Read(bytes.NewReader(n.data), ld.sfset, ld.simports, n.pkg.PkgPath); err != nil {
		ld.cache.remove(n.key)
		return errCacheEntry
	}
	n.read = true
	return nil
}

// checkSource type-checks n from source next to the roots, as go/packages
// does: a root with its function bodies and the Defs of its TypesInfo,
// another package without; errors are added to n's.
func (ld *sourceLoader) checkSource(n *node) error {
	p := n.pkg
	if !n.root {
		jobs := make([]parseJob, len(p.GoFiles))
		for i, name := range p.GoFiles {
			jobs[i] = parseJob{n: n, name: name}
		}
		parseAll(ld.fset, jobs)
		for _, j := range jobs {
			if j.file != nil {
				p.Syntax = append(p.Syntax, j.file)
			}
			if j.err != nil {
				p.Errors = append(p.Errors, parseErrors(j.err)...)
			}
		}
	}
	cgo := usesCgo(p.Syntax)
	if cgo && (n.root || !isStandard(p)) {
		return errNeedsExportData
	}
	p.Fset = ld.fset
	p.TypesSizes = ld.sizes
	p.Types = types.NewPackage(p.PkgPath, p.Name)
	var info *types.Info
	if n.root {
		info = &types.Info{Defs: map[*ast.Ident]types.Object{}}
	}
	p.TypesInfo = info
	appendError := func(err error) {
		if te, ok := err.(types.Error); ok {
			p.TypeErrors = append(p.TypeErrors, te)
			p.Errors = append(p.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			return
		}
		p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			imp := n.imports[path]
			switch {
			case imp == nil:
				return nil, ld.importError(n, path)
			case imp.source:
				return imp.pkg.Types, nil
			}
			if t := ld.imports[imp.pkg.PkgPath]; t != nil && t.Complete() {
				return t, nil
			}
			return nil, fmt.Errorf("no export data for %s", path)
		}),
		IgnoreFuncBodies: !n.root && !isMain(p),
		FakeImportC:      cgo,
		Error:            appendError,
		Sizes:            ld.sizes,
		GoVersion:        goVersion(p),
	}
	typErr := types.NewChecker(tc, ld.fset, p.Types, info).Files(p.Syntax)
	if typErr != nil && len(p.Errors) == 0 && len(p.Syntax) > 0 {
		// As go/packages: go/types of go1.21 and go1.22 failed fast on a
		// package too new for it, without calling Error.
		if msg := typErr.Error(); strings.HasPrefix(msg, "package requires newer Go version") {
			appendError(types.Error{Fset: ld.fset, Pos: p.Syntax[0].Package, Msg: msg})
		}
	}
	if typErr != nil && len(p.Errors) == 0 {
		appendError(typErr)
	}
	if len(p.Errors) > 0 {
		// As go/packages: a hint when the go command is newer than the
		// go/types of this program.
		var running, listing int
		_, err1 := fmt.Sscanf(runtime.Version(), "go1.%d", &running)
		_, err2 := fmt.Sscanf(ld.version, "go1.%d", &listing)
		if err1 == nil && err2 == nil && running < listing {
			p.Errors = append(p.Errors, packages.Error{
				Pos:  "-",
				Msg:  fmt.Sprintf("This application uses version go1.%d of the source-processing packages but runs version go1.%d of 'go list'. It may fail to process source files that rely on newer language features. If so, rebuild the application using a newer version of Go.", running, listing),
				Kind: packages.UnknownError,
			})
		}
	}
	return nil
}

// importError is the error of importing path into n when the graph has
// no such edge, as go/packages words it: go/packages drops an import that
// closes a cycle, and one of a package go list did not list.
func (ld *sourceLoader) importError(n *node, path string) error {
	var target *node
	for _, m := range ld.nodes {
		if m.pkg.PkgPath == path {
			target = m
		}
	}
	if target == nil {
		return fmt.Errorf("missing package: %q", path)
	}
	// The stack of go/packages' depth-first walk when it met the import:
	// from a root through target to n.
	var stack []*node
	seen := map[*node]bool{}
	var walk func(m *node) bool
	walk = func(m *node) bool {
		stack = append(stack, m)
		if m == n && slices.Contains(stack, target) {
			return true
		}
		if !seen[m] {
			seen[m] = true
			paths := slices.Sorted(maps.Keys(m.imports))
			for _, p := range paths {
				if imp := m.imports[p]; imp != nil && walk(imp) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		return false
	}
	for _, m := range ld.nodes {
		if m.root && walk(m) {
			ids := make([]string, len(stack))
			for i, s := range stack {
				ids[i] = s.pkg.ID
			}
			return fmt.Errorf("import cycle: [%s]", strings.Join(ids, " "))
		}
	}
	return fmt.Errorf("no metadata for %s", path)
}

// isMain reports whether p belongs to a main module (the user's own code):
// such a package is type-checked with its function bodies, as its
// compilation would, also when it is no root.
func isMain(p *packages.Package) bool {
	return p.Module != nil && p.Module.Main
}

// goVersion is the language version go/packages type-checks p with.
func goVersion(p *packages.Package) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	return ""
}

// isStandard reports whether p is a package of the standard library: no
// module, and no dot in its path's first element.
func isStandard(p *packages.Package) bool {
	first, _, _ := strings.Cut(p.PkgPath, "/")
	return p.Module == nil && !strings.Contains(first, ".")
}

// importerFunc is a [types.Importer] made of a function.
type importerFunc func(path string) (*types.Package, error)

// Import returns f(path).
func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
