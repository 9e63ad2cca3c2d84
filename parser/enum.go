package parser

import (
	"cmp"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// enumSet maps the type names of //schemagen:enum types to their enums.
// Types are matched by identity, which holds across the packages of one
// [Load].
type enumSet map[*types.TypeName]*schema.Enum

// enumNamePart is what each part of an enum's name must match: column
// types name the enum unquoted, and PostgreSQL folds unquoted names to
// lower case.
var enumNamePart = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// collectEnums returns the enums of every type marked //schemagen:enum:
// by type, and sorted by package path, then position, with the position of
// each type's name. It reports every mistake.
func collectEnums(decls []*typeDecl, pf posFormatter, errs *ErrorList) (enumSet, []*schema.Enum, map[*schema.Enum]token.Position) {
	set := enumSet{}
	type found struct {
		pkgPath string
		pos     token.Position
		enum    *schema.Enum
	}
	var all []found
	for _, td := range decls {
		ds := td.dirs["enum"]
		if len(ds) == 0 {
			continue
		}
		obj, e := parseEnum(td, ds[0], pf, errs)
		if e == nil {
			continue
		}
		set[obj] = e
		all = append(all, found{td.pkg.PkgPath, td.pos, e})
	}
	slices.SortStableFunc(all, func(a, b found) int {
		return cmp.Or(
			strings.Compare(a.pkgPath, b.pkgPath),
			strings.Compare(a.pos.Filename, b.pos.Filename),
			cmp.Compare(a.pos.Offset, b.pos.Offset),
		)
	})
	var enums []*schema.Enum
	positions := map[*schema.Enum]token.Position{}
	byName := map[schema.QualifiedName]token.Position{}
	for _, f := range all {
		q := f.enum.QualifiedName()
		if first, ok := byName[q]; ok {
			errs.Add(f.pos, fmt.Sprintf("duplicate enum %q (also at %s)", q.String(), pf.format(first)))
			continue
		}
		byName[q] = f.pos
		enums = append(enums, f.enum)
		positions[f.enum] = f.pos
	}
	return set, enums, positions
}

// parseEnum returns the enum of one type marked //schemagen:enum, or nil
// when the type is no string type. An enum with mistakes is returned too,
// so that its columns take its name rather than adding errors of their own.
func parseEnum(td *typeDecl, d directive, pf posFormatter, errs *ErrorList) (*types.TypeName, *schema.Enum) {
	ts, pkg := td.ts, td.pkg
	typeName := ts.Name.Name
	name := snakeCase(typeName)
	if args := strings.Fields(d.args); len(args) > 1 {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:enum takes one [schema.]name, got %q", d.args))
	} else if len(args) == 1 {
		name = args[0]
	}
	if ts.TypeParams != nil {
		errs.Add(td.pos, fmt.Sprintf("//schemagen:enum on generic type %s: an enum cannot have type parameters", typeName))
		return nil, nil
	}
	if ts.Assign.IsValid() {
		errs.Add(td.pos, fmt.Sprintf("//schemagen:enum on alias %s: declare a defined type (type %s string)", typeName, typeName))
		return nil, nil
	}
	obj, _ := pkg.TypesInfo.Defs[ts.Name].(*types.TypeName)
	if obj == nil {
		return nil, nil // a type error, reported with the package
	}
	if b, ok := obj.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		if !hasInvalid(obj.Type().Underlying()) {
			errs.Add(td.pos, fmt.Sprintf("//schemagen:enum on %s, whose underlying type is %s, not string", typeName, types.TypeString(obj.Type().Underlying(), types.RelativeTo(pkg.Types))))
		}
		return nil, nil
	}
	e := &schema.Enum{Schema: schema.DefaultSchema, Name: name, Pos: pf.format(td.pos)}
	if msg := checkEnumName(name); msg != "" {
		errs.Add(d.pos, msg)
	} else {
		q := schema.ParseQualifiedName(name)
		e.Schema, e.Name = q.Schema, q.Name
	}

	var consts []*types.Const
	scope := pkg.Types.Scope()
	for _, n := range scope.Names() {
		if c, ok := scope.Lookup(n).(*types.Const); ok && c.Type() == obj.Type() && c.Val().Kind() == constant.String {
			consts = append(consts, c)
		}
	}
	slices.SortFunc(consts, func(a, b *types.Const) int { return cmp.Compare(a.Pos(), b.Pos()) })
	if len(consts) == 0 {
		errs.Add(td.pos, fmt.Sprintf("enum %s has no values: declare constants of type %s", e.TypeName(), typeName))
	}
	seen := map[string]token.Position{}
	for _, c := range consts {
		v := constant.StringVal(c.Val())
		pos := pkg.Fset.Position(c.Pos())
		if first, ok := seen[v]; ok {
			errs.Add(pos, fmt.Sprintf("enum %s: constant %s repeats value %q (also at %s)", e.TypeName(), c.Name(), v, pf.format(first)))
			continue
		}
		seen[v] = pos
		switch {
		case v == "" || len(v) > schema.MaxIdentifierLength:
			errs.Add(pos, fmt.Sprintf("enum %s: constant %s has value %s; enum labels are 1 to %d bytes long", e.TypeName(), c.Name(), sqlcheck.Quote(v), schema.MaxIdentifierLength))
		case strings.IndexByte(v, 0) >= 0:
			errs.Add(pos, fmt.Sprintf("enum %s: constant %s has value %q, which holds a NUL byte; no PostgreSQL text can", e.TypeName(), c.Name(), v))
		}
		e.Values = append(e.Values, v)
	}
	return obj, e
}

// checkEnumName reports an enum name that column types could not spell
// unquoted.
func checkEnumName(name string) string {
	parts := strings.Split(name, ".")
	if len(parts) > 2 {
		return fmt.Sprintf("invalid enum name %q: a dot after the schema part", name)
	}
	for _, p := range parts {
		if !enumNamePart.MatchString(p) {
			return fmt.Sprintf("invalid enum name %q: column types name the enum unquoted, so it must be [schema.]name with each part matching [a-z_][a-z0-9_]*", name)
		}
	}
	if len(parts) == 2 {
		if msg := checkIdent("enum schema", parts[0]); msg != "" {
			return msg
		}
	}
	return checkIdent("enum", parts[len(parts)-1])
}

// enumCandidate returns the named string type a column of Go type t holds
// (through a pointer, a slice or sql.Null[T]), or nil.
func enumCandidate(t types.Type) *types.TypeName {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if s, ok := t.(*types.Slice); ok {
		t = types.Unalias(s.Elem())
		if p, ok := t.(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
	}
	n, ok := t.(*types.Named)
	if !ok {
		return nil
	}
	obj := n.Origin().Obj()
	if obj.Pkg() != nil && obj.Pkg().Path() == "database/sql" && obj.Name() == "Null" && n.TypeArgs().Len() == 1 {
		return enumCandidate(n.TypeArgs().At(0))
	}
	if b, ok := n.Underlying().(*types.Basic); !ok || b.Kind() != types.String || obj.Pkg() == nil {
		return nil
	}
	return obj
}
