package migfile

import (
	"go/ast"
	"go/token"
	"strconv"

	"github.com/schemagen/schemagen/parser"
)

// compile decides whether the file f is static, compiling the functions
// of its migrations; f.reason says why when it is not.
func (p *Package) compile(f *File) {
	if f.reader == nil || f.problems {
		f.reason = &parser.Error{Pos: token.Position{Filename: f.Path, Line: 1, Column: 1}, Msg: "its migrations cannot be read without compiling (see the problems reported)"}
		return
	}
	r := f.reader
	if err := r.static(f); err != nil {
		f.reason = r.toError(err)
	}
}

// static checks that the file holds nothing but imports, init functions
// that add migrations, and the declaration of the package's Set, and
// compiles the migrations' functions.
func (r *fileReader) static(f *File) error {
	for _, spec := range r.f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return errAt(spec, "invalid import path %s", spec.Path.Value)
		}
		switch {
		case path == "C":
			return errAt(spec, "the file uses cgo")
		case spec.Name != nil && spec.Name.Name == ".":
			return errAt(spec, "%s is imported with a dot: schemagen reads only names written as pkg.Name", spec.Path.Value)
		case spec.Name != nil && spec.Name.Name == "_":
			return errAt(spec, "%s is imported for its side effects", spec.Path.Value)
		}
	}
	for _, d := range r.f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			switch {
			case d.Tok == token.IMPORT:
			case r.isSetDecl(d):
				f.setDecl = true
			default:
				return errAt(d, "the file declares %s", declared(d))
			}
		case *ast.FuncDecl:
			fd, ok := isInit(d)
			if !ok {
				return errAt(d, "the file declares %s", d.Name.Name)
			}
			for _, s := range fd.Body.List {
				if call, _ := r.registration(s); call == nil {
					if _, empty := s.(*ast.EmptyStmt); !empty {
						return errAt(s, "init() does more than add migrations")
					}
				}
			}
		}
	}
	for _, m := range f.Migrations {
		var err error
		if m.up, err = r.side(m.upgrade); err != nil {
			return err
		}
		if m.down, err = r.side(m.downgrade); err != nil {
			return err
		}
	}
	// Every import must be used, as the compiler wants: an unused one,
	// or one used where the reader does not look, needs the compiler.
	for _, spec := range r.f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := defaultName(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if !r.used[name] {
			return errAt(spec, "%s is imported and not used where schemagen reads (a Go step's function may use imports)", spec.Path.Value)
		}
	}
	return nil
}

// isSetDecl reports whether d is `var Set = &migrate.Set{}` (or with
// the type *migrate.Set written out).
func (r *fileReader) isSetDecl(d *ast.GenDecl) bool {
	if d.Tok != token.VAR || len(d.Specs) != 1 {
		return false
	}
	vs := d.Specs[0].(*ast.ValueSpec)
	if len(vs.Names) != 1 || vs.Names[0].Name != "Set" || len(vs.Values) != 1 {
		return false
	}
	isSet := func(e ast.Expr) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if ok && sel.Sel.Name == "Set" && r.isMigrate(sel.X) {
			r.pathOf(sel.X)
			return true
		}
		return false
	}
	if vs.Type != nil {
		star, ok := vs.Type.(*ast.StarExpr)
		if !ok || !isSet(star.X) {
			return false
		}
	}
	u, ok := ast.Unparen(vs.Values[0]).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return false
	}
	lit, ok := ast.Unparen(u.X).(*ast.CompositeLit)
	return ok && len(lit.Elts) == 0 && isSet(lit.Type)
}

// declared names what the declaration d declares, for messages.
func declared(d *ast.GenDecl) string {
	for _, s := range d.Specs {
		switch s := s.(type) {
		case *ast.ValueSpec:
			if len(s.Names) > 0 {
				return s.Names[0].Name
			}
		case *ast.TypeSpec:
			return s.Name.Name
		}
	}
	return d.Tok.String()
}
