package parser

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// This file reads packages of bun models (github.com/uptrace/bun v1.3
// with its pgdialect), marked //schemagen:bun, into the tables bun's
// CREATE TABLE creates for them with WithForeignKeys: bun's rules ported
// from its schema package (table.go, sqltype.go, relation.go), its
// tag parser, the CreateTable query and pgdialect's types, read
// statically.

// bunTag is a parsed bun tag (bun's tagparser.Tag).
type bunTag struct {
	name    string
	options map[string][]string
}

func (t bunTag) has(name string) bool { _, ok := t.options[name]; return ok }

// option returns the last value of an option.
func (t bunTag) option(name string) (string, bool) {
	if vs, ok := t.options[name]; ok {
		return vs[len(vs)-1], true
	}
	return "", false
}

// parseBunTag is bun's tagparser.Parse: NAME,KEY:VALUE,KEY,...; a value
// may be "quoted" (with \ escapes) and keeps commas inside parentheses.
func parseBunTag(s string) bunTag {
	var t bunTag
	if s == "" {
		return t
	}
	seenName := false
	setName := func(name string) {
		if seenName {
			addOption(&t, &seenName, name, "")
		} else {
			seenName = true
			t.name = name
		}
	}
	i := 0
	quoted := func() string {
		if j := strings.IndexByte(s[i:], '"'); j >= 0 && (i+j == 0 || s[i+j-1] != '\\') {
			v := s[i : i+j]
			i += j + 1
			return v
		}
		var b []byte
		for i < len(s) {
			c := s[i]
			i++
			switch c {
			case '\\':
				if i < len(s) {
					b = append(b, s[i])
					i++
				}
			case '"':
				return string(b)
			default:
				b = append(b, c)
			}
		}
		return ""
	}
	value := func() string {
		start := i
		for i < len(s) {
			c := s[i]
			i++
			switch c {
			case '"':
				return quoted()
			case ',':
				return s[start : i-1]
			case '(':
				lvl := 1
				for i < len(s) && lvl > 0 {
					switch s[i] {
					case '(':
						lvl++
					case ')':
						lvl--
					}
					i++
				}
			}
		}
		return s[start:i]
	}
	for i < len(s) {
		start := i
		done := false
		for i < len(s) && !done {
			c := s[i]
			i++
			switch c {
			case ',':
				setName(s[start : i-1])
				done = true
			case ':':
				key := s[start : i-1]
				addOption(&t, &seenName, key, value())
				done = true
			case '"':
				setName(quoted())
				done = true
			}
		}
		if !done {
			setName(s[start:i])
		}
		if i < len(s) && s[i] == ',' {
			i++
		}
	}
	return t
}

func addOption(t *bunTag, seenName *bool, key, value string) {
	*seenName = true
	if key == "" {
		return
	}
	if t.options == nil {
		t.options = map[string][]string{}
	}
	t.options[key] = append(t.options[key], value)
}

// bunUnderscore is bun's internal.Underscore.
func bunUnderscore(s string) string {
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	var r []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				r = append(r, '_', c+32)
			} else {
				r = append(r, c+32)
			}
		} else {
			r = append(r, c)
		}
	}
	return string(r)
}

// bunFieldOptions are the field options bun knows; the value is why one
// is refused, "" when it is read (or makes no schema).
var bunFieldOptions = map[string]string{
	"column": "", "alt": "", "type": "", "array": "", "hstore": "", "composite": "", "multirange": "",
	"json_use_number": "", "notnull": "", "nullzero": "", "default": "", "unique": "",
	"soft_delete": "", "scanonly": "", "skipupdate": "", "pk": "", "autoincrement": "", "rel": "",
	"join": "", "join_on": "", "on_update": "", "on_delete": "", "m2m": "", "identity": "", "embed": "",
	"msgpack":     "msgpack columns are not supported; give type:bytea",
	"polymorphic": "polymorphic relations are not supported",
}

// bunField is a field of a bun table.
type bunField struct {
	goName  string
	name    string // the column
	tag     bunTag
	raw     string
	typ     types.Type // indirect
	pk      bool
	notNull bool
	autoInc bool
	ident   bool
	def     string
	sqlType string
	index   []int // the path of field indexes, for bun's order of embedded fields
	pos     token.Position
}

// bunTable is a bun model.
type bunTable struct {
	obj      *types.TypeName
	pkg      *packages.Package
	typeName string
	schema   string
	name     string
	fields   []*bunField
	byName   map[string]*bunField
	relField []*bunField
	uniques  map[string][]*bunField
	uniqKeys []string
	m2m      bool
	pos      token.Position
	bad      bool
}

// bunReader reads the models of the //schemagen:bun packages.
type bunReader struct {
	sp     *sourcePositions
	pf     posFormatter
	fc     *sqlcheck.Checker
	errs   *ErrorList
	tables map[*types.TypeName]*bunTable
	order  []*bunTable
}

// bunModels returns the tables of the //schemagen:bun packages: every
// exported struct type that embeds bun.BaseModel, except those marked
// //schemagen:ignore.
func bunModels(pkgs []*packages.Package, decls []*typeDecl, sp *sourcePositions, pf posFormatter, fc *sqlcheck.Checker, errs *ErrorList) []*model {
	ignored := map[*ast.TypeSpec]bool{}
	for _, td := range decls {
		if td.dirs["ignore"] != nil && slices.Contains(pkgs, td.pkg) {
			ignored[td.ts] = true
		}
	}
	var out []*model
	for _, pkg := range pkgs {
		r := &bunReader{sp: sp, pf: pf, fc: fc, errs: errs, tables: map[*types.TypeName]*bunTable{}}
		r.readPackage(pkg, ignored)
		for _, t := range r.order {
			if m := r.table(t); m != nil && !t.bad {
				out = append(out, m)
			}
		}
	}
	return out
}

// isBunBaseModel reports whether t is bun.BaseModel, an alias of
// bun/schema.BaseModel.
func isBunBaseModel(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != "BaseModel" {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == "github.com/uptrace/bun/schema" || p == "github.com/uptrace/bun"
}

func (r *bunReader) readPackage(pkg *packages.Package, ignored map[*ast.TypeSpec]bool) {
	if pkg.Types == nil || pkg.TypesInfo == nil {
		return
	}
	for _, f := range pkg.Syntax {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				obj, _ := pkg.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if obj == nil || obj.IsAlias() || !ts.Name.IsExported() || ts.TypeParams != nil || ignored[ts] {
					continue
				}
				st, ok := obj.Type().Underlying().(*types.Struct)
				if !ok || !slices.ContainsFunc(fieldsOf(st), func(v *types.Var) bool { return v.Embedded() && isBunBaseModel(v.Type()) }) {
					continue
				}
				t := &bunTable{obj: obj, pkg: pkg, typeName: obj.Name(), schema: schema.DefaultSchema, pos: pkg.Fset.Position(ts.Name.Pos())}
				t.name = inflectPlural(bunUnderscore(obj.Name()))
				r.tables[obj] = t
				r.order = append(r.order, t)
			}
		}
	}
	for _, t := range r.order {
		st := t.obj.Type().Underlying().(*types.Struct)
		t.byName = map[string]*bunField{}
		t.uniques = map[string][]*bunField{}
		r.processFields(t, st, nil, "", []*types.Struct{st})
		slices.SortStableFunc(t.fields, func(a, b *bunField) int { return slices.Compare(a.index, b.index) })
	}
	for _, t := range r.order {
		for _, f := range t.relField {
			if v, ok := f.tag.option("m2m"); ok {
				for _, o := range r.order {
					if o.name == v || o.schema+"."+o.name == v {
						o.m2m = true
					}
				}
			}
		}
	}
}

func fieldsOf(st *types.Struct) []*types.Var {
	var out []*types.Var
	for i := range st.NumFields() {
		out = append(out, st.Field(i))
	}
	return out
}

// processFields adds the fields of st (bun's processFields), those of
// embedded structs after index and with prefix.
func (r *bunReader) processFields(t *bunTable, st *types.Struct, index []int, prefix string, path []*types.Struct) {
	for i := range st.NumFields() {
		v := st.Field(i)
		pos := r.sp.fieldPos(t.pkg.Fset, v)
		raw := reflect.StructTag(st.Tag(i)).Get("bun")
		if raw == "-" {
			continue
		}
		tag := parseBunTag(raw)
		if !v.Exported() && !v.Embedded() {
			continue
		}
		idx := append(slices.Clone(index), i)
		bad := func(format string, a ...any) {
			r.errs.Add(pos, fmt.Sprintf("field %s: bun tag %q: %s", v.Name(), raw, fmt.Sprintf(format, a...)))
			t.bad = true
		}
		embedPrefix, embed := tag.option("embed")
		if v.Embedded() || embed {
			if v.Embedded() && isBunBaseModel(v.Type()) {
				if len(path) == 1 {
					r.baseModel(t, tag, bad)
				}
				continue
			}
			inner := v.Type()
			if p, ok := types.Unalias(inner).(*types.Pointer); ok {
				inner = p.Elem()
			}
			ist, ok := inner.Underlying().(*types.Struct)
			if !ok {
				if embed {
					bad("embed needs a struct")
				}
				continue
			}
			if v.Embedded() && (tag.has("inherit") || tag.has("extend")) {
				bad("inherit/extend is not supported")
				continue
			}
			if slices.Contains(path, ist) {
				bad("embedded struct cycle")
				continue
			}
			r.processFields(t, ist, idx, prefix+embedPrefix, append(path, ist))
			continue
		}
		for k := range tag.options {
			why, ok := bunFieldOptions[k]
			switch {
			case !ok:
				if sg := suggest(k, slices.Sorted(maps.Keys(bunFieldOptions))); sg != "" {
					bad("unknown option %q (did you mean %q?)", k, sg)
				} else {
					bad("unknown option %q", k)
				}
			case why != "":
				bad("%s", why)
			}
		}
		f := &bunField{goName: v.Name(), tag: tag, raw: raw, index: idx, pos: pos}
		f.name = bunUnderscore(v.Name())
		if tag.name != "" {
			f.name = tag.name
		}
		if c, ok := tag.option("column"); ok {
			f.name = c
		}
		f.name = prefix + f.name
		f.typ = v.Type()
		for {
			p, ok := types.Unalias(f.typ).(*types.Pointer)
			if !ok {
				break
			}
			f.typ = p.Elem()
		}
		if tag.has("rel") || tag.has("m2m") {
			t.relField = append(t.relField, f)
			continue
		}
		if tag.has("scanonly") {
			continue
		}
		f.notNull = tag.has("notnull")
		if tag.has("pk") {
			f.pk, f.notNull = true, true
		}
		if tag.has("autoincrement") {
			f.autoInc, f.notNull = true, true
		}
		f.ident = tag.has("identity")
		f.def, _ = tag.option("default")
		f.sqlType = bunSQLType(f)
		if f.sqlType == "" {
			bad("cannot tell the SQL type of %s; give type:", types.TypeString(v.Type(), nil))
			continue
		}
		if f.autoInc && !f.ident {
			switch strings.ToLower(f.sqlType) {
			case "smallint":
				f.sqlType = "smallserial"
			case "integer":
				f.sqlType = "serial"
			case "bigint":
				f.sqlType = "bigserial"
			}
		}
		if first, dup := t.byName[f.name]; dup {
			bad("column %q is also field %s's (at %s)", f.name, first.goName, r.pf.format(first.pos))
			continue
		}
		t.byName[f.name] = f
		t.fields = append(t.fields, f)
		if vs, ok := tag.options["unique"]; ok {
			names := vs
			if len(vs) == 1 {
				names = strings.Split(vs[0], ",")
			}
			for _, u := range names {
				if u != "" && prefix != "" {
					u = prefix + u
				}
				if _, seen := t.uniques[u]; !seen {
					t.uniqKeys = append(t.uniqKeys, u)
				}
				t.uniques[u] = append(t.uniques[u], f)
			}
		}
	}
}

// baseModel reads the tag of bun.BaseModel: the table's name.
func (r *bunReader) baseModel(t *bunTable, tag bunTag, bad func(string, ...any)) {
	name := tag.name
	if s, ok := tag.option("table"); ok {
		name = s
	}
	for k := range tag.options {
		if k != "table" && k != "alias" && k != "select" {
			bad("unknown table option %q", k)
		}
	}
	if name == "" {
		return
	}
	t.schema, t.name = schema.DefaultSchema, name
	if parts := strings.Split(name, "."); len(parts) == 2 {
		t.schema, t.name = parts[0], parts[1]
	}
}

// bunSQLType is pgdialect's fieldSQLType: the column's SQL type, "" when
// bun has none.
func bunSQLType(f *bunField) string {
	if v, ok := f.tag.option("type"); ok {
		return v
	}
	if v, ok := f.tag.option("composite"); ok {
		return v
	}
	if f.tag.has("hstore") {
		return "hstore"
	}
	if f.tag.has("array") {
		switch u := f.typ.Underlying().(type) {
		case *types.Slice:
			return bunPGType(u.Elem()) + "[]"
		case *types.Array:
			return bunPGType(u.Elem()) + "[]"
		}
	}
	// bun discovers a slice of bytes as a blob, bytea, before pgdialect
	// looks at the type's name (net.IP is bytea too); json.RawMessage
	// is discovered as JSON first.
	if sl, ok := f.typ.Underlying().(*types.Slice); ok && isByte(sl.Elem()) && bunPGType(f.typ) != "jsonb" {
		return "bytea"
	}
	return bunPGType(f.typ)
}

// bunPGType is pgdialect's sqlType of a Go type.
func bunPGType(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
		case "database/sql.NullString":
			return "varchar"
		case "net.IP":
			return "inet"
		case "net.IPNet":
			return "cidr"
		case "encoding/json.RawMessage":
			return "jsonb"
		case "time.Time", "database/sql.NullTime", "github.com/uptrace/bun/schema.NullTime", "github.com/uptrace/bun.NullTime":
			return "timestamptz"
		case "database/sql.NullBool":
			return "boolean"
		case "database/sql.NullFloat64":
			return "double precision"
		case "database/sql.NullInt64":
			return "bigint"
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Bool:
			return "boolean"
		case types.Int, types.Int64, types.Uint, types.Uint64, types.Uintptr:
			return "bigint"
		case types.Int8, types.Int16, types.Uint8, types.Uint16:
			return "smallint"
		case types.Int32, types.Uint32:
			return "integer"
		case types.Float32:
			return "real"
		case types.Float64:
			return "double precision"
		case types.String:
			return "varchar"
		}
	case *types.Slice:
		if isByte(u.Elem()) {
			return "bytea"
		}
		return "jsonb"
	case *types.Array:
		if isByte(u.Elem()) {
			return "bytea"
		}
		return "jsonb"
	case *types.Map, *types.Struct:
		return "jsonb"
	}
	return ""
}

// table builds the table bun's CreateTable with WithForeignKeys
// creates for t, or nil.
func (r *bunReader) table(t *bunTable) *model {
	m := &model{pkgPath: t.pkg.PkgPath, pos: t.pos}
	tb := &schema.Table{Schema: t.schema, Name: t.name, Pos: r.pf.format(t.pos)}
	m.table = tb
	ok := true
	fail := func(pos token.Position, format string, a ...any) {
		r.errs.Add(pos, fmt.Sprintf(format, a...))
		ok = false
	}
	if msg := checkIdent("table", t.name); msg != "" {
		fail(t.pos, "model %s: %s", t.typeName, msg)
	}
	var pks []string
	for _, f := range t.fields {
		col := &schema.Column{Name: f.name, Nullable: !f.notNull, Pos: r.pf.format(f.pos)}
		if err := r.fc.Fragment(schema.Fragment{Kind: schema.FragmentType, Text: f.sqlType}); err != nil {
			fail(f.pos, "field %s: bun tag %q: type %v", f.goName, f.raw, err)
			continue
		}
		col.Type = f.sqlType
		if typ, isSerial := schema.SerialType(f.sqlType); isSerial {
			col.Type, col.Sequence, col.Nullable = typ, schema.SerialSequenceName(t.name, f.name), false
		}
		if f.ident {
			col.Identity, col.Nullable = true, false
		}
		if f.def != "" {
			if err := r.fc.Fragment(schema.Fragment{Kind: schema.FragmentExpr, Text: f.def}); err != nil {
				fail(f.pos, "field %s: bun tag %q: default %v", f.goName, f.raw, err)
				continue
			}
			if col.Sequence != "" || col.Identity {
				fail(f.pos, "field %s: bun tag %q: a default on a serial or identity column, which PostgreSQL refuses", f.goName, f.raw)
				continue
			}
			col.Default = f.def
		}
		if msg := checkIdent("column", f.name); msg != "" {
			fail(f.pos, "field %s: %s", f.goName, msg)
		}
		tb.Columns = append(tb.Columns, col)
		if f.pk {
			pks = append(pks, f.name)
		}
	}
	if len(pks) > 0 {
		tb.PrimaryKey = &schema.PrimaryKey{Name: schema.ConstraintName(t.name, pks, "pkey"), Columns: pks}
	}
	keys := slices.Clone(t.uniqKeys)
	slices.Sort(keys)
	for _, k := range keys {
		fs := t.uniques[k]
		if k == "" {
			for _, f := range fs {
				tb.Uniques = append(tb.Uniques, &schema.Unique{Name: schema.ConstraintName(t.name, []string{f.name}, "key"), Columns: []string{f.name}})
			}
			continue
		}
		u := &schema.Unique{Name: k}
		for _, f := range fs {
			u.Columns = append(u.Columns, f.name)
		}
		tb.Uniques = append(tb.Uniques, u)
	}
	rels := slices.Clone(t.relField)
	slices.SortFunc(rels, func(a, b *bunField) int { return strings.Compare(a.goName, b.goName) })
	for _, f := range rels {
		fk, isFK := r.foreignKey(t, f, fail)
		if isFK {
			tb.ForeignKeys = append(tb.ForeignKeys, fk)
		}
	}
	if !ok {
		return nil
	}
	return m
}

// foreignKey returns the foreign key of a relation field, as
// WithForeignKeys writes it: for belongs-to relations over columns that
// are no primary key, or all primary key columns in an m2m table.
func (r *bunReader) foreignKey(t *bunTable, f *bunField, fail func(token.Position, string, ...any)) (*schema.ForeignKey, bool) {
	rel, _ := f.tag.option("rel")
	if name, ok := f.tag.option("m2m"); ok && !slices.ContainsFunc(r.order, func(o *bunTable) bool { return o.name == name || o.schema+"."+o.name == name }) {
		fail(f.pos, "field %s: bun tag %q: m2m table %q is no model of this package (bun panics: it must be registered)", f.goName, f.raw, name)
		return nil, false
	}
	if f.tag.has("m2m") || rel == "has-one" || rel == "has-many" {
		// has-one joins by the base table's key, has-many and m2m
		// hold no key of the table: no foreign key.
		return nil, false
	}
	if rel != "belongs-to" {
		fail(f.pos, "field %s: bun tag %q: unknown relation %q", f.goName, f.raw, rel)
		return nil, false
	}
	tn := namedStruct(f.typ)
	target := r.tables[tn]
	if tn == nil || target == nil {
		fail(f.pos, "field %s: bun tag %q: %s is not a model of this package (a struct embedding bun.BaseModel)", f.goName, f.raw, types.TypeString(f.typ, nil))
		return nil, false
	}
	var base, join []*bunField
	if js, ok := f.tag.options["join"]; ok {
		ss := js
		if len(js) == 1 {
			ss = strings.Split(js[0], ",")
		}
		for _, s := range ss {
			b, j, ok := strings.Cut(strings.TrimSpace(s), "=")
			bf, jf := t.byName[b], target.byName[j]
			if !ok || bf == nil || jf == nil {
				fail(f.pos, "field %s: bun tag %q: join %q names no columns of %s and %s (bun panics)", f.goName, f.raw, s, t.typeName, target.typeName)
				return nil, false
			}
			base, join = append(base, bf), append(join, jf)
		}
	} else {
		prefix := bunUnderscore(f.goName) + "_"
		for _, pk := range target.fields {
			if !pk.pk {
				continue
			}
			join = append(join, pk)
			if fk := t.byName[prefix+pk.name]; fk != nil {
				base = append(base, fk)
			} else if fk := t.byName[pk.name]; fk != nil {
				base = append(base, fk)
			} else {
				fail(f.pos, "field %s: bun tag %q: %s has no column %s (bun panics)", f.goName, f.raw, t.typeName, prefix+pk.name)
				return nil, false
			}
		}
	}
	allPK, nonePK := true, true
	for _, b := range base {
		allPK, nonePK = allPK && b.pk, nonePK && !b.pk
	}
	if !(nonePK || (t.m2m && allPK)) {
		return nil, false
	}
	fk := &schema.ForeignKey{RefSchema: target.schema, RefTable: target.name}
	for i := range base {
		fk.Columns = append(fk.Columns, base[i].name)
		fk.RefColumns = append(fk.RefColumns, join[i].name)
	}
	fk.Name = schema.ConstraintName(t.name, fk.Columns, "fkey")
	for _, a := range []struct {
		key string
		dst *string
	}{{"on_delete", &fk.OnDelete}, {"on_update", &fk.OnUpdate}} {
		if vs, ok := f.tag.options[a.key]; ok {
			act, known := parseAction(vs[len(vs)-1])
			if len(vs) > 1 || !known {
				fail(f.pos, "field %s: bun tag %q: %s is no referential action (CASCADE, RESTRICT, SET NULL, SET DEFAULT)", f.goName, f.raw, a.key)
				return nil, false
			}
			*a.dst = act
		}
	}
	return fk, true
}
