package parser

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/schema"
)

// directivePrefix starts every schemagen directive.
const directivePrefix = "//schemagen:"

// laterDirectives are documented directives that a later version
// implements.
var laterDirectives = []string{"index", "check", "comment", "renamed", "enum"}

// model is one struct marked //schemagen:table.
type model struct {
	pkgPath string
	pos     token.Position // the type's name
	table   *schema.Table
	fks     []pendingFK
}

// pendingFK is a foreign key whose target is resolved once every model is
// known.
type pendingFK struct {
	fk     *schema.ForeignKey
	target fkTarget
	field  string
	pos    token.Position
}

// directive is one //schemagen: comment.
type directive struct {
	name string // "table"
	args string // the text after the name, up to a following "//"
	pos  token.Position
}

// parseDirective parses a comment that starts with [directivePrefix].
func parseDirective(fset *token.FileSet, c *ast.Comment) (directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, directivePrefix)
	if !ok {
		return directive{}, false
	}
	if i := strings.Index(rest, "//"); i >= 0 {
		rest = rest[:i]
	}
	d := directive{name: rest, pos: fset.Position(c.Slash)}
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		d.name, d.args = rest[:i], strings.TrimSpace(rest[i:])
	}
	return d, true
}

// parsePackage returns the models of one package and reports every
// misplaced, unknown or unsupported directive.
func parsePackage(pkg *packages.Package, sp *sourcePositions, errs *ErrorList) []*model {
	if pkg.TypesInfo == nil || pkg.Fset == nil {
		return nil
	}
	var models []*model
	for _, f := range pkg.Syntax {
		placed := map[*ast.Comment]bool{}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil && !gd.Lparen.IsValid() {
					doc = gd.Doc
				}
				if m := parseTypeSpec(pkg, sp, ts, doc, placed, errs); m != nil {
					models = append(models, m)
				}
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := parseDirective(pkg.Fset, c)
				if !ok || placed[c] {
					continue
				}
				if msg := checkDirectiveName(d.name); msg != "" {
					errs.Add(d.pos, msg)
					continue
				}
				errs.Add(d.pos, fmt.Sprintf("misplaced directive //schemagen:%s: it belongs in the doc comment of a type", d.name))
			}
		}
	}
	return models
}

// checkDirectiveName reports an unknown or not yet supported directive.
func checkDirectiveName(name string) string {
	if name == "table" {
		return ""
	}
	if slices.Contains(laterDirectives, name) {
		return fmt.Sprintf("directive //schemagen:%s is not supported yet", name)
	}
	if s := suggest(name, append([]string{"table"}, laterDirectives...)); s != "" {
		return fmt.Sprintf("unknown directive //schemagen:%s (did you mean //schemagen:%s?)", name, s)
	}
	return fmt.Sprintf("unknown directive //schemagen:%s", name)
}

// parseTypeSpec reads the directives of one type declaration and returns
// its model, or nil when it declares none or a broken one.
func parseTypeSpec(pkg *packages.Package, sp *sourcePositions, ts *ast.TypeSpec, doc *ast.CommentGroup, placed map[*ast.Comment]bool, errs *ErrorList) *model {
	if doc == nil {
		return nil
	}
	var table *directive
	for _, c := range doc.List {
		d, ok := parseDirective(pkg.Fset, c)
		if !ok {
			continue
		}
		placed[c] = true
		if msg := checkDirectiveName(d.name); msg != "" {
			errs.Add(d.pos, msg)
			continue
		}
		if table != nil {
			errs.Add(d.pos, fmt.Sprintf("duplicate //schemagen:table directive (also at %s)", formatPos(table.pos)))
			continue
		}
		table = &d
	}
	if table == nil {
		return nil
	}
	m := &model{pkgPath: pkg.PkgPath, pos: pkg.Fset.Position(ts.Name.Pos())}
	ok := true
	name := schema.QualifiedName{Name: snakeCase(ts.Name.Name)}
	if args := strings.Fields(table.args); len(args) > 1 {
		errs.Add(table.pos, fmt.Sprintf("//schemagen:table takes one [schema.]name, got %q", table.args))
		ok = false
	} else if len(args) == 1 {
		q, msg := parseTableName(args[0])
		if msg != "" {
			errs.Add(table.pos, msg)
			ok = false
		} else {
			name = q
		}
	}
	if ts.TypeParams != nil {
		errs.Add(m.pos, fmt.Sprintf("//schemagen:table on generic type %s: a model cannot have type parameters", ts.Name.Name))
		return nil
	}
	obj, _ := pkg.TypesInfo.Defs[ts.Name].(*types.TypeName)
	if obj == nil {
		return nil // a type error, reported with the package
	}
	st, isStruct := obj.Type().Underlying().(*types.Struct)
	if !isStruct {
		errs.Add(m.pos, fmt.Sprintf("//schemagen:table on %s, which is not a struct type", ts.Name.Name))
		return nil
	}
	m.table = &schema.Table{Schema: name.Schema, Name: name.Name, Pos: formatPos(m.pos)}
	b := &tableBuilder{
		pkg:     pkg,
		sp:      sp,
		errs:    errs,
		model:   m,
		cols:    map[string]token.Position{},
		uniques: map[string]*schema.Unique{},
		indexes: map[string]*schema.Index{},
	}
	b.addFields(st, []*types.Struct{st})
	if len(b.pk) > 0 {
		m.table.PrimaryKey = &schema.PrimaryKey{Name: schema.ConstraintName(m.table.Name, b.pk, "pkey"), Columns: b.pk}
	}
	if !ok {
		return nil
	}
	return m
}

// tableBuilder turns the fields of one model into its table.
type tableBuilder struct {
	pkg     *packages.Package
	sp      *sourcePositions
	errs    *ErrorList
	model   *model
	cols    map[string]token.Position
	uniques map[string]*schema.Unique // by NAME of unique:NAME
	indexes map[string]*schema.Index  // by NAME of index:NAME
	pk      []string
}

// addFields adds the columns of st; path holds the structs being flattened,
// to stop at a cycle of embedded pointers.
func (b *tableBuilder) addFields(st *types.Struct, path []*types.Struct) {
	for i := range st.NumFields() {
		f := st.Field(i)
		pos := b.sp.fieldPos(b.pkg.Fset, f)
		rawTag := st.Tag(i)
		tag, hasTag := reflect.StructTag(rawTag).Lookup("db")
		if !hasTag && strings.Contains(rawTag, "db:") {
			b.errs.Add(pos, fmt.Sprintf("field %s: malformed struct tag %q", f.Name(), rawTag))
			continue
		}
		if hasTag && tag == "-" {
			continue
		}
		if inner := embeddedStruct(f); inner != nil {
			if hasTag {
				b.errs.Add(pos, fmt.Sprintf("field %s: an embedded struct takes no db tag but \"-\"", f.Name()))
			}
			if slices.Contains(path, inner) {
				b.errs.Add(pos, fmt.Sprintf("field %s: embedded struct cycle", f.Name()))
				continue
			}
			b.addFields(inner, append(path, inner))
			continue
		}
		if !f.Exported() {
			continue
		}
		b.addColumn(f, tag, pos)
	}
}

// embeddedStruct returns the struct to flatten for an embedded field, or
// nil when f is no embedded struct or is a column type such as time.Time.
func embeddedStruct(f *types.Var) *types.Struct {
	if !f.Embedded() || isScalar(f.Type()) {
		return nil
	}
	t := types.Unalias(f.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// addColumn adds the column of one field with its keys and indexes.
func (b *tableBuilder) addColumn(f *types.Var, tag string, pos token.Position) {
	t := b.model.table
	ft, msgs := parseTag(tag)
	for _, msg := range msgs {
		b.errs.Add(pos, fmt.Sprintf("field %s: %s", f.Name(), msg))
	}
	col := &schema.Column{
		Name:     cmp.Or(ft.name, snakeCase(f.Name())),
		Type:     ft.typ,
		Nullable: isNullable(f.Type()),
		Default:  ft.def,
		Identity: ft.identity,
		Pos:      formatPos(pos),
	}
	if col.Type == "" {
		typ, ok := inferType(f.Type())
		if !ok && !hasInvalid(f.Type()) {
			b.errs.Add(pos, fmt.Sprintf("field %s: cannot infer an SQL type for %s; add type:...", f.Name(), types.TypeString(f.Type(), b.qualifier)))
		}
		col.Type = typ
	}
	switch {
	case ft.pk || ft.identity:
		col.Nullable = false
	case ft.null:
		col.Nullable = true
	case ft.notnull:
		col.Nullable = false
	}
	if first, dup := b.cols[col.Name]; dup {
		b.errs.Add(pos, fmt.Sprintf("duplicate column %q (also at %s)", col.Name, formatPos(first)))
		return
	}
	b.cols[col.Name] = pos
	t.Columns = append(t.Columns, col)
	cols := func() []string { return []string{col.Name} }
	if ft.pk {
		b.pk = append(b.pk, col.Name)
	}
	for _, name := range ft.uniques {
		if u := b.uniques[name]; u != nil && name != "" {
			u.Columns = append(u.Columns, col.Name)
			continue
		}
		u := &schema.Unique{Name: cmp.Or(name, schema.ConstraintName(t.Name, cols(), "key")), Columns: cols()}
		b.uniques[name] = u
		t.Uniques = append(t.Uniques, u)
	}
	for _, name := range ft.indexes {
		if ix := b.indexes[name]; ix != nil && name != "" {
			ix.Columns = append(ix.Columns, col.Name)
			continue
		}
		ix := &schema.Index{Name: cmp.Or(name, schema.ConstraintName(t.Name, cols(), "idx")), Columns: cols()}
		b.indexes[name] = ix
		t.Indexes = append(t.Indexes, ix)
	}
	if ft.fk != nil {
		fk := &schema.ForeignKey{
			Name:       schema.ConstraintName(t.Name, cols(), "fkey"),
			Columns:    cols(),
			RefColumns: []string{ft.fk.column},
		}
		if ft.onDelete != nil {
			fk.OnDelete = *ft.onDelete
		}
		if ft.onUpdate != nil {
			fk.OnUpdate = *ft.onUpdate
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
		b.model.fks = append(b.model.fks, pendingFK{fk: fk, target: *ft.fk, field: f.Name(), pos: pos})
	}
}

// qualifier prints types of other packages with their package name.
func (b *tableBuilder) qualifier(p *types.Package) string {
	if p == b.pkg.Types {
		return ""
	}
	return p.Name()
}

// hasInvalid reports whether t holds an invalid type, already reported as
// a type error.
func hasInvalid(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		return t.Kind() == types.Invalid
	case *types.Pointer:
		return hasInvalid(t.Elem())
	case *types.Slice:
		return hasInvalid(t.Elem())
	}
	return false
}
