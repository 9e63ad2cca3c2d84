package parser

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// sourcePositions gives the positions of struct fields. [Load] type-checks
// the root packages from source; the types of their imports come from
// export data, as a rule, which keeps a field's file and line but not its
// column. For those, the column is found by parsing the file, once per
// file, which is far cheaper than type-checking every dependency (the
// standard library included) from source.
type sourcePositions struct {
	exact  map[*types.Package]bool // packages type-checked from source
	roots  map[*types.Package]bool // the root packages, whose directives are read
	goroot string                  // for file names of the standard library as $GOROOT/src/...
	fset   *token.FileSet
	files  map[string]*ast.File // nil for a file that does not parse
}

// newSourcePositions records which of the roots pkgs and their imports
// were type-checked from source.
func newSourcePositions(pkgs []*packages.Package) *sourcePositions {
	sp := &sourcePositions{exact: map[*types.Package]bool{}, roots: map[*types.Package]bool{}, fset: token.NewFileSet(), files: map[string]*ast.File{}}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Types != nil && len(p.Syntax) > 0 {
			sp.exact[p.Types] = true
		}
	})
	for _, p := range pkgs {
		if p.Types != nil {
			sp.roots[p.Types] = true
		}
	}
	sp.goroot = goroot(pkgs)
	return sp
}

// goroot returns the GOROOT that the files of a standard-library package
// among pkgs and their imports lie below, or "".
func goroot(pkgs []*packages.Package) string {
	root := ""
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if root != "" || p.Module != nil || len(p.GoFiles) == 0 {
			return
		}
		dir := filepath.Dir(p.GoFiles[0])
		if suffix := filepath.FromSlash("/src/" + p.PkgPath); strings.HasSuffix(dir, suffix) {
			root = strings.TrimSuffix(dir, suffix)
		}
	})
	return root
}

// gorootPrefix starts the file names that the go command's export data
// gives the standard library's files.
const gorootPrefix = "$GOROOT"

// realFile returns the file name of a position, with a leading $GOROOT of
// the go command's export data replaced by the GOROOT.
func (sp *sourcePositions) realFile(name string) string {
	if rest, ok := strings.CutPrefix(name, gorootPrefix); ok && sp.goroot != "" && (rest == "" || os.IsPathSeparator(rest[0])) {
		return sp.goroot + rest
	}
	return name
}

// fieldPos returns the position of field f's name (for an embedded field,
// of its type's name).
func (sp *sourcePositions) fieldPos(fset *token.FileSet, f *types.Var) token.Position {
	p := fset.Position(f.Pos())
	if f.Pkg() == nil || sp.exact[f.Pkg()] || p.Filename == "" || p.Line == 0 {
		return p
	}
	p.Filename = sp.realFile(p.Filename)
	file := sp.file(p.Filename)
	if file == nil {
		return p
	}
	ast.Inspect(file, func(n ast.Node) bool {
		field, ok := n.(*ast.Field)
		if !ok {
			return true
		}
		idents := field.Names
		if len(idents) == 0 {
			if id := embeddedName(field.Type); id != nil {
				idents = []*ast.Ident{id}
			}
		}
		for _, id := range idents {
			if q := sp.fset.Position(id.Pos()); id.Name == f.Name() && q.Line == p.Line {
				p.Column = q.Column
				return false
			}
		}
		return true
	})
	return p
}

// file returns the syntax of a file, parsed once, or nil when it does
// not parse.
func (sp *sourcePositions) file(name string) *ast.File {
	file, ok := sp.files[name]
	if !ok {
		file, _ = goparser.ParseFile(sp.fset, name, nil, goparser.SkipObjectResolution|goparser.ParseComments)
		sp.files[name] = file
	}
	return file
}

// isUnloadedEnum reports whether tn is declared, in a package that is no
// root, with //schemagen:enum in its doc comment: such a package's
// directives are not read, so its enum is unknown.
func (sp *sourcePositions) isUnloadedEnum(fset *token.FileSet, tn *types.TypeName) bool {
	p := fset.Position(tn.Pos())
	if tn.Pkg() == nil || sp.roots[tn.Pkg()] || p.Filename == "" || p.Line == 0 {
		return false
	}
	p.Filename = sp.realFile(p.Filename)
	file := sp.file(p.Filename)
	if file == nil {
		return false
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if ts.Name.Name != tn.Name() || sp.fset.Position(ts.Name.Pos()).Line != p.Line {
				continue
			}
			doc := typeDoc(gd, ts)
			if doc == nil {
				return false
			}
			for _, c := range doc.List {
				if d, ok := parseDirective(sp.fset, c); ok && d.name == "enum" {
					return true
				}
			}
			return false
		}
	}
	return false
}

// embeddedName returns the type name of an embedded field: T, *T, pkg.T,
// T[A] and so on.
func embeddedName(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			return x.Sel
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return nil
		}
	}
}
