package migfile

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
)

// fileReader reads one parsed file.
type fileReader struct {
	fset    *token.FileSet
	f       *ast.File
	imports map[string]string // import name -> path, for named imports
	used    map[string]bool   // import names the reading used
}

func newFileReader(fset *token.FileSet, f *ast.File) *fileReader {
	r := &fileReader{fset: fset, f: f, imports: map[string]string{}, used: map[string]bool{}}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := defaultName(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name != "_" && name != "." {
			r.imports[name] = p
		}
	}
	return r
}

// majorElem matches a major-version path element (v2); versionSuffix
// gopkg.in's suffix (.v3).
var (
	majorElem     = regexp.MustCompile(`^v[0-9]+$`)
	versionSuffix = regexp.MustCompile(`\.v[0-9]+$`)
)

// defaultName guesses the package name of an import path imported
// without a name: the last element, without a major version. It is exact
// for migrate and the standard library; for another package a wrong
// guess only makes its file need the compiler.
func defaultName(p string) string {
	if p == MigratePath {
		return "migrate"
	}
	elems := strings.Split(p, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && majorElem.MatchString(name) {
		name = elems[len(elems)-2]
	}
	name = versionSuffix.ReplaceAllString(name, "")
	name = strings.TrimPrefix(name, "go-")
	if i := strings.IndexAny(name, ".-"); i >= 0 {
		name = name[:i]
	}
	return name
}

// posError is a reading error at a position of the file.
type posError struct {
	pos token.Pos
	msg string
}

func (e *posError) Error() string { return e.msg }

func errAt(n ast.Node, format string, args ...any) error {
	return &posError{pos: n.Pos(), msg: fmt.Sprintf(format, args...)}
}

// toError turns err into an Error of package parser with its position.
func (r *fileReader) toError(err error) *parser.Error {
	if pe, ok := err.(*posError); ok {
		return &parser.Error{Pos: r.fset.Position(pe.pos), Msg: pe.msg}
	}
	return &parser.Error{Pos: r.fset.Position(r.f.Package), Msg: err.Error()}
}

// isMigrate reports whether the expression x names the migrate package.
func (r *fileReader) isMigrate(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && r.imports[id.Name] == MigratePath
}

// isMigrationType reports whether e is migrate.Migration.
func (r *fileReader) isMigrationType(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if ok && sel.Sel.Name == "Migration" && r.isMigrate(sel.X) {
		r.used[sel.X.(*ast.Ident).Name] = true
		return true
	}
	return false
}

// setAdd returns the argument of a call Set.Add(arg), or nil when call
// is no such call.
func setAdd(call *ast.CallExpr) (ast.Expr, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Add" {
		return nil, false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "Set" {
		return nil, false
	}
	if len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil, true
	}
	return call.Args[0], true
}

// registration returns the migration literal of a statement
// Set.Add(migrate.Migration{...}), or nil.
func (r *fileReader) registration(s ast.Stmt) (*ast.CallExpr, *ast.CompositeLit) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil, nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	arg, ok := setAdd(call)
	if !ok {
		return nil, nil
	}
	lit, ok := arg.(*ast.CompositeLit)
	if !ok || !r.isMigrationType(lit.Type) {
		return nil, nil
	}
	return call, lit
}

// isInit reports whether d is a package's init function.
func isInit(d ast.Decl) (*ast.FuncDecl, bool) {
	fd, ok := d.(*ast.FuncDecl)
	return fd, ok && fd.Recv == nil && fd.Name.Name == "init" && fd.Body != nil && fd.Type.TypeParams == nil
}

// notice is the advice of every metadata problem.
const notice = "schemagen reads migrations without compiling them (history, heads, merge, revision, stamp, current): add each in init() as Set.Add(migrate.Migration{...}) with literal metadata"

// metadata reads the metadata of every migration the file adds,
// reporting to problems each migration it cannot read.
func (r *fileReader) metadata(problems *parser.ErrorList) []*Migration {
	for _, spec := range r.f.Imports {
		if path, _ := strconv.Unquote(spec.Path.Value); spec.Name != nil && spec.Name.Name == "." && path == MigratePath {
			problems.Add(r.fset.Position(spec.Pos()), "migrate is imported with a dot, which the go command refuses in a package that declares Set (migrate.Set would clash with it): import it by name")
			return nil
		}
	}
	var out []*Migration
	seen, skip := map[ast.Node]bool{}, map[ast.Node]bool{}
	for _, d := range r.f.Decls {
		fd, ok := isInit(d)
		if !ok {
			continue
		}
		adds := false
		for _, s := range fd.Body.List {
			if call, lit := r.registration(s); call != nil {
				adds = true
				seen[call], seen[lit], seen[lit.Type] = true, true, true
				m, err := r.migration(call, lit)
				if err != nil {
					e := r.toError(err)
					problems.Add(e.Pos, e.Msg)
					continue
				}
				for _, fn := range []ast.Expr{m.upgrade, m.downgrade} {
					if fl, ok := fn.(*ast.FuncLit); ok {
						skip[fl.Body] = true
					}
				}
				out = append(out, m)
			}
		}
		if !adds {
			continue
		}
		for _, s := range fd.Body.List {
			if call, _ := r.registration(s); call == nil {
				if _, empty := s.(*ast.EmptyStmt); !empty {
					problems.Add(r.fset.Position(s.Pos()), "init() adds migrations and does more: "+notice)
				}
			}
		}
	}
	// Any other way of adding a migration is one the reader cannot follow.
	// The functions of the migrations read are left out of the search:
	// they are most of a file, and they run when a migration is
	// recorded, not when the package adds its migrations.
	ast.Inspect(r.f, func(n ast.Node) bool {
		if n == nil || skip[n] {
			return false
		}
		if seen[n] {
			return true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if arg, ok := setAdd(n); ok {
				what := "Set.Add's argument is not a migrate.Migration literal"
				if arg != nil {
					if lit, ok := arg.(*ast.CompositeLit); ok && r.isMigrationType(lit.Type) {
						what = "Set.Add outside init(), or not as a statement of its own"
					}
				}
				problems.Add(r.fset.Position(n.Pos()), what+": "+notice)
				return false
			}
		case *ast.SelectorExpr:
			if r.isMigrationType(n) {
				problems.Add(r.fset.Position(n.Pos()), "migrate.Migration used other than in Set.Add(migrate.Migration{...}) in init(): "+notice)
			}
		}
		return true
	})
	return out
}

// migration reads the metadata of the migration literal lit, added by
// the call Set.Add.
func (r *fileReader) migration(call *ast.CallExpr, lit *ast.CompositeLit) (*Migration, error) {
	m := &Migration{Pos: r.fset.Position(lit.Pos())}
	v := reflect.New(migrationType).Elem()
	keys := map[string]bool{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil, errAt(elt, "migrate.Migration literal without field names: "+notice)
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return nil, errAt(kv.Key, "invalid field name %s in struct literal", types.ExprString(kv.Key))
		}
		if keys[key.Name] {
			return nil, errAt(key, "duplicate field name %s in struct literal", key.Name)
		}
		keys[key.Name] = true
		switch key.Name {
		case "Upgrade":
			m.upgrade = kv.Value
			continue
		case "Downgrade":
			m.downgrade = kv.Value
			continue
		}
		sf, ok := migrationType.FieldByName(key.Name)
		if !ok || !sf.IsExported() || len(sf.Index) != 1 {
			return nil, errAt(key, "unknown field %s in struct literal of type migrate.Migration", key.Name)
		}
		build, err := r.value(kv.Value, sf.Type, false)
		if err != nil {
			pe, _ := err.(*posError)
			if pe == nil {
				return nil, err
			}
			return nil, &posError{pos: pe.pos, msg: fmt.Sprintf("%s: %s; %s", key.Name, pe.msg, notice)}
		}
		v.FieldByIndex(sf.Index).Set(build())
	}
	m.Migration = v.Interface().(migrate.Migration)
	if m.File == "" {
		// As Set.Add fills them from its caller: the compiler's position
		// of the call, which a //line comment may move.
		pos := r.fset.Position(call.Lparen)
		m.File, m.Line = filepath.Base(pos.Filename), pos.Line
	}
	return m, nil
}

// pathOf returns the import path of the package that the identifier x
// names, marking the import used.
func (r *fileReader) pathOf(x ast.Expr) (string, bool) {
	id, ok := x.(*ast.Ident)
	if !ok {
		return "", false
	}
	p, ok := r.imports[id.Name]
	if ok {
		r.used[id.Name] = true
	}
	return p, ok
}

// typeOf resolves the type expression e.
func (r *fileReader) typeOf(e ast.Expr) (reflect.Type, error) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.typeOf(e.X)
	case *ast.Ident:
		if t, ok := predeclaredTypes[e.Name]; ok {
			return t, nil
		}
		return nil, errAt(e, "type %s is declared in the package, not in migrate", e.Name)
	case *ast.SelectorExpr:
		p, ok := r.pathOf(e.X)
		if !ok {
			return nil, errAt(e, "%s is not a type of an imported package", types.ExprString(e))
		}
		var t reflect.Type
		if p == MigratePath {
			t = migrateTypes[e.Sel.Name]
		} else {
			t = otherTypes[p][e.Sel.Name]
		}
		if t == nil {
			return nil, errAt(e, "%s is not one of the types schemagen reads without compiling", types.ExprString(e))
		}
		return t, nil
	case *ast.StarExpr:
		t, err := r.typeOf(e.X)
		if err != nil {
			return nil, err
		}
		return reflect.PointerTo(t), nil
	case *ast.ArrayType:
		if e.Len != nil {
			return nil, errAt(e, "array types are not read without compiling")
		}
		t, err := r.typeOf(e.Elt)
		if err != nil {
			return nil, err
		}
		return reflect.SliceOf(t), nil
	case *ast.MapType:
		k, err := r.typeOf(e.Key)
		if err != nil {
			return nil, err
		}
		v, err := r.typeOf(e.Value)
		if err != nil {
			return nil, err
		}
		if !k.Comparable() {
			return nil, errAt(e.Key, "invalid map key type %s", types.ExprString(e.Key))
		}
		return reflect.MapOf(k, v), nil
	case *ast.FuncType:
		if e.TypeParams != nil {
			return nil, errAt(e, "a function type with type parameters")
		}
		in, variadic, err := r.fieldTypes(e.Params)
		if err != nil {
			return nil, err
		}
		out, dots, err := r.fieldTypes(e.Results)
		if err != nil {
			return nil, err
		}
		if dots {
			return nil, errAt(e.Results, "invalid use of ... in a result")
		}
		return reflect.FuncOf(in, out, variadic), nil
	}
	return nil, errAt(e, "%s is not a type schemagen reads without compiling", types.ExprString(e))
}

// fieldTypes returns the types of a parameter or result list, and
// whether its last one is variadic.
func (r *fileReader) fieldTypes(fl *ast.FieldList) ([]reflect.Type, bool, error) {
	if fl == nil {
		return nil, false, nil
	}
	var out []reflect.Type
	variadic := false
	for i, f := range fl.List {
		te := f.Type
		if el, ok := te.(*ast.Ellipsis); ok {
			if i != len(fl.List)-1 || len(f.Names) > 1 {
				return nil, false, errAt(el, "can only use ... with final parameter")
			}
			variadic, te = true, &ast.ArrayType{Lbrack: el.Pos(), Elt: el.Elt}
		}
		t, err := r.typeOf(te)
		if err != nil {
			return nil, false, err
		}
		for range max(1, len(f.Names)) {
			out = append(out, t)
		}
	}
	return out, variadic, nil
}
