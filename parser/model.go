package parser

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// model is one struct marked //schemagen:table.
type model struct {
	pkgPath string
	pos     token.Position // the type's name
	table   *schema.Table
	fks     []pendingFK
	objs    []namedObj // constraints and indexes: primary key, fields, directives
	// partitions are the partitions that //schemagen:partition declares
	// on the model; parents the tables //schemagen:inherits names.
	partitions []pendingPartition
	parents    []pendingParent

	// keyFKs are the foreign keys of //schemagen:foreignkey (keys.go).
	keyFKs []pendingKeyFK
}

// pendingFK is a foreign key whose target is resolved once every model is
// known.
type pendingFK struct {
	fk     *schema.ForeignKey
	target fkTarget
	field  string
	pos    token.Position
}

// namedObj is a constraint or index of a model, for reporting duplicate
// names.
type namedObj struct {
	kind string // "primary key", "unique constraint", "foreign key", "check constraint", "index"
	name string
	pos  token.Position
}

// buildModel returns the model of a type marked //schemagen:table, or nil
// when the model is broken.
func buildModel(td *typeDecl, sp *sourcePositions, pf posFormatter, enums enumSet, fc *sqlcheck.Checker, errs *ErrorList) *model {
	pkg, ts := td.pkg, td.ts
	table := td.dirs["table"][0]
	m := &model{pkgPath: pkg.PkgPath, pos: td.pos}
	ok := true
	name := schema.QualifiedName{Schema: schema.DefaultSchema, Name: snakeCase(ts.Name.Name)}
	if args := strings.Fields(table.args); len(args) > 1 {
		errs.Add(table.pos, fmt.Sprintf("//schemagen:table takes one [schema.]name, got %q", table.args))
		ok = false
	} else if len(args) == 0 {
		if msg := checkIdent("table", name.Name); msg != "" {
			errs.Add(table.pos, fmt.Sprintf("%s (the snake_case of %s); name the table: //schemagen:table NAME", msg, ts.Name.Name))
			ok = false
		}
	} else {
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
	m.table = &schema.Table{Schema: name.Schema, Name: name.Name, Pos: pf.format(m.pos)}
	b := &tableBuilder{
		pkg:     pkg,
		sp:      sp,
		pf:      pf,
		enums:   enums,
		fc:      fc,
		errs:    errs,
		model:   m,
		cols:    map[string]token.Position{},
		renamed: map[string]token.Position{},
		uniques: map[string]*schema.Unique{},
		indexes: map[string]*schema.Index{},
	}
	b.addFields(st, []*types.Struct{st})
	if len(b.pk) > 0 {
		m.table.PrimaryKey = &schema.PrimaryKey{Name: schema.ConstraintName(m.table.Name, b.pk, "pkey"), Columns: b.pk}
		// First, so that a clash is reported at the other name.
		m.objs = slices.Insert(m.objs, 0, namedObj{kind: "primary key", name: m.table.PrimaryKey.Name, pos: b.pkPos})
	}
	b.addKeyDirectives(td.dirs)
	b.addDirectives(td.dirs)
	b.addAttrDirectives(td.dirs)
	b.addPartitionDirectives(td.dirs)
	b.checkConstraintNames()
	if !ok {
		return nil
	}
	return m
}

// tableBuilder turns the fields of one model into its table.
type tableBuilder struct {
	pkg     *packages.Package
	sp      *sourcePositions
	pf      posFormatter
	enums   enumSet
	fc      *sqlcheck.Checker
	errs    *ErrorList
	model   *model
	cols    map[string]token.Position
	renamed map[string]token.Position // by the OLD of renamed:OLD
	uniques map[string]*schema.Unique // by NAME of unique:NAME
	indexes map[string]*schema.Index  // by NAME of index:NAME
	pk      []string
	pkPos   token.Position // the first pk field
}

// add records a constraint or index for the checks of duplicate names.
func (b *tableBuilder) add(kind, name string, pos token.Position) {
	b.model.objs = append(b.model.objs, namedObj{kind: kind, name: name, pos: pos})
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
	ft, msgs := parseTag(tag, b.fc)
	for _, msg := range msgs {
		b.errs.Add(pos, fmt.Sprintf("field %s: %s", f.Name(), msg))
	}
	col := &schema.Column{
		Name:            cmp.Or(ft.name, snakeCase(f.Name())),
		Type:            ft.typ,
		Nullable:        isNullable(f.Type()),
		Default:         ft.def,
		Identity:        ft.identity,
		IdentityAlways:  ft.identityAlways,
		SequenceOptions: ft.sequence,
		Collation:       ft.collation,
		Generated:       ft.generated,
		Comment:         ft.comment,
		RenamedFrom:     ft.renamed,
		Pos:             b.pf.format(pos),
	}
	if col.Type == "" {
		typ, ok := inferType(f.Type(), b.enums)
		if !ok && !hasInvalid(f.Type()) {
			b.errs.Add(pos, fmt.Sprintf("field %s: cannot infer an SQL type for %s; add type:...", f.Name(), types.TypeString(f.Type(), b.qualifier)))
		}
		if tn := enumCandidate(f.Type()); tn != nil && b.enums[tn] == nil && b.sp.isUnloadedEnum(b.pkg.Fset, tn) {
			b.errs.Add(pos, fmt.Sprintf("field %s: %s is marked //schemagen:enum, but its package %s is not loaded; add it to the package patterns", f.Name(), types.TypeString(tn.Type(), b.qualifier), tn.Pkg().Path()))
		}
		col.Type = typ
	}
	if msg := checkIdent("column", col.Name); msg != "" {
		b.errs.Add(pos, fmt.Sprintf("field %s: %s", f.Name(), msg))
	}
	if col.RenamedFrom == col.Name {
		b.errs.Add(pos, fmt.Sprintf("field %s: option \"renamed\" names the column's own name %q", f.Name(), col.Name))
	} else if col.RenamedFrom != "" {
		if first, dup := b.renamed[col.RenamedFrom]; dup {
			b.errs.Add(pos, fmt.Sprintf("field %s: option \"renamed\": another column is renamed from %q too; one column only can take the old one's place (also at %s)", f.Name(), col.RenamedFrom, b.pf.format(first)))
		} else {
			b.renamed[col.RenamedFrom] = pos
		}
	}
	if typ, ok := schema.SerialType(col.Type); ok {
		// PostgreSQL's serial: an integer column whose default is
		// nextval of a sequence it owns, named as PostgreSQL names it.
		col.Type, col.Sequence = typ, schema.SerialSequenceName(t.Name, col.Name)
		b.add("sequence", col.Sequence, pos)
		if ft.identity || ft.def != "" || ft.generated != "" {
			b.errs.Add(pos, fmt.Sprintf("field %s: type %s makes a serial column, whose default is its sequence's: not with identity, default or generated", f.Name(), ft.typ))
		}
	}
	if ft.sequence != "" {
		if !col.Identity && col.Sequence == "" {
			b.errs.Add(pos, fmt.Sprintf("field %s: option \"sequence\" is for identity and serial columns (identity, type:serial, type:bigserial, type:smallserial)", f.Name()))
		} else if canon, err := schema.CanonicalSequenceOptions(col.Type, ft.sequence); err != nil {
			b.errs.Add(pos, fmt.Sprintf("field %s: option \"sequence\": %v", f.Name(), err))
		} else {
			col.SequenceOptions = canon
			if err := col.Validate(); err != nil {
				b.errs.Add(pos, fmt.Sprintf("field %s: option \"sequence\": %v", f.Name(), err))
			}
		}
	}
	if col.Identity && !isIntegerType(col.Type) && col.Type != "" {
		b.errs.Add(pos, fmt.Sprintf("field %s: option \"identity\" needs an integer type (smallint, integer or bigint), not %s: PostgreSQL refuses an identity column of any other type", f.Name(), col.Type))
	}
	switch {
	case ft.pk || ft.identity || (col.Sequence != "" && !ft.null):
		col.Nullable = false
	case ft.null:
		col.Nullable = true
	case ft.notnull:
		col.Nullable = false
	}
	if first, dup := b.cols[col.Name]; dup {
		b.errs.Add(pos, fmt.Sprintf("duplicate column %q (also at %s)", col.Name, b.pf.format(first)))
		return
	}
	b.cols[col.Name] = pos
	t.Columns = append(t.Columns, col)
	cols := func() []string { return []string{col.Name} }
	if ft.pk {
		if len(b.pk) == 0 {
			b.pkPos = pos
		}
		b.pk = append(b.pk, col.Name)
	}
	for _, name := range ft.uniques {
		if u := b.uniques[name]; u != nil && name != "" {
			u.Columns = append(u.Columns, col.Name)
			u.NullsNotDistinct = u.NullsNotDistinct || ft.nullsNotDistinct
			continue
		}
		u := &schema.Unique{Name: cmp.Or(name, schema.ConstraintName(t.Name, cols(), "key")), Columns: cols(), NullsNotDistinct: ft.nullsNotDistinct}
		b.uniques[name] = u
		t.Uniques = append(t.Uniques, u)
		b.add("unique constraint", u.Name, pos)
	}
	for _, name := range ft.indexes {
		if ix := b.indexes[name]; ix != nil && name != "" {
			ix.Columns = append(ix.Columns, col.Name)
			continue
		}
		ix := &schema.Index{Name: cmp.Or(name, schema.ConstraintName(t.Name, cols(), "idx")), Columns: cols()}
		b.indexes[name] = ix
		t.Indexes = append(t.Indexes, ix)
		b.add("index", ix.Name, pos)
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
		b.add("foreign key", fk.Name, pos)
	}
	if ft.check != "" {
		c := &schema.Check{Name: schema.ConstraintName(t.Name, cols(), "check"), Expr: ft.check}
		t.Checks = append(t.Checks, c)
		b.add("check constraint", c.Name, pos)
	}
}

// addDirectives applies the table-level directives other than
// //schemagen:table, once every column is known.
func (b *tableBuilder) addDirectives(dirs map[string][]directive) {
	t := b.model.table
	for _, d := range dirs["index"] {
		ix, ok := b.parseIndex(d)
		if ok {
			t.Indexes = append(t.Indexes, ix)
			b.add("index", ix.Name, d.pos)
		}
	}
	for _, d := range dirs["check"] {
		c, msg := parseCheckDirective(d.args)
		if msg != "" {
			b.errs.Add(d.pos, msg)
			continue
		}
		t.Checks = append(t.Checks, c)
		b.add("check constraint", c.Name, d.pos)
	}
	if ds := dirs["comment"]; len(ds) > 0 {
		lines := make([]string, len(ds))
		for i, d := range ds {
			lines[i] = d.args
		}
		t.Comment = strings.Join(lines, "\n")
		if strings.TrimSpace(t.Comment) == "" {
			b.errs.Add(ds[0].pos, "//schemagen:comment needs text")
		}
	}
	if ds := dirs["renamed"]; len(ds) > 0 {
		d := ds[0]
		args := strings.Fields(d.args)
		switch {
		case len(args) == 0:
			b.errs.Add(d.pos, "//schemagen:renamed needs the table's old [schema.]name")
		case len(args) > 1:
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:renamed takes one [schema.]name, got %q", d.args))
		default:
			if q, msg := parseTableName(args[0]); msg != "" {
				b.errs.Add(d.pos, "//schemagen:renamed: "+msg)
			} else if q == t.QualifiedName() {
				b.errs.Add(d.pos, fmt.Sprintf("//schemagen:renamed names the table's own name %q", args[0]))
			} else {
				if !strings.Contains(args[0], ".") {
					q.Schema = t.Schema // an unqualified old name is in the table's own schema
				}
				t.RenamedFrom = q
			}
		}
	}
}

// parseIndex returns the index of one //schemagen:index directive.
func (b *tableBuilder) parseIndex(d directive) (*schema.Index, bool) {
	spec, msg := parseIndexDirective(d.args)
	if msg != "" {
		b.errs.Add(d.pos, msg)
		return nil, false
	}
	fail := func(format string, a ...any) (*schema.Index, bool) {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:index %s: ", spec.name)+fmt.Sprintf(format, a...))
		return nil, false
	}
	bad := false
	for _, k := range spec.keys {
		if err := b.fc.Fragment(schema.Fragment{Kind: schema.FragmentIndexKey, Text: k}); err != nil {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:index %s: key %v", spec.name, err))
			bad = true
		}
	}
	if spec.where != "" {
		if err := b.fc.Fragment(schema.Fragment{Kind: schema.FragmentExpr, Text: spec.where}); err != nil {
			b.errs.Add(d.pos, fmt.Sprintf("//schemagen:index %s: predicate %v", spec.name, err))
			bad = true
		}
	}
	if bad {
		return nil, false
	}
	ix := &schema.Index{Name: spec.name, Unique: spec.unique, NullsNotDistinct: spec.nullsNotDistinct, Method: spec.method, Include: spec.include, Options: spec.options, Where: spec.where}
	plain := true
	for _, k := range spec.keys {
		plain = plain && bareIdent.MatchString(k)
		if m := leadingIdent.FindStringSubmatch(k); m != nil {
			if _, ok := b.cols[m[1]]; !ok {
				return fail("key %q names unknown column %q%s", k, m[1], b.suggestColumn(m[1]))
			}
		}
	}
	if plain {
		ix.Columns = spec.keys
	} else {
		ix.Keys = spec.keys
	}
	for _, c := range spec.include {
		if _, ok := b.cols[c]; !ok {
			return fail("include names unknown column %q%s", c, b.suggestColumn(c))
		}
	}
	return ix, true
}

// suggestColumn returns " (did you mean ...?)" with the column of the
// table closest to name, or "".
func (b *tableBuilder) suggestColumn(name string) string {
	return suggestColumnOf(b.model.table, name)
}

// suggestColumnOf returns " (did you mean ...?)" with the column of t
// closest to name, or "".
func suggestColumnOf(t *schema.Table, name string) string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	if s := suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// checkConstraintNames reports constraints of the table that share a name:
// PostgreSQL names constraints per table. Names are taken in the order
// primary key, fields, directives; a clash is reported at the later one,
// pointing at the earlier, so that a directive's name is blamed rather
// than a name derived from a field.
func (b *tableBuilder) checkConstraintNames() {
	seen := map[string]namedObj{}
	for _, o := range b.model.objs {
		if o.kind == "index" || o.kind == "sequence" {
			continue
		}
		if first, ok := seen[o.name]; ok {
			b.errs.Add(o.pos, fmt.Sprintf("duplicate constraint name %q (also at %s, %s)", o.name, b.pf.format(first.pos), first.kind))
			continue
		}
		seen[o.name] = o
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

// isIntegerType reports whether typ, an SQL type as a model writes it,
// is one PostgreSQL accepts for an identity column: smallint, integer or
// bigint, under any of their names.
func isIntegerType(typ string) bool {
	switch strings.ToLower(strings.Join(strings.Fields(typ), " ")) {
	case "smallint", "integer", "int", "bigint", "int2", "int4", "int8",
		"pg_catalog.int2", "pg_catalog.int4", "pg_catalog.int8":
		return true
	}
	return false
}
