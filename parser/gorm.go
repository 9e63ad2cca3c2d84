package parser

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// This file reads packages of GORM models (gorm.io/gorm v1.31 with
// gorm.io/driver/postgres v1.6), marked //schemagen:gorm, into the
// tables AutoMigrate creates for them on PostgreSQL: GORM's rules ported
// from its schema package (field.go, schema.go, index.go, constraint.go,
// relationship.go), its migrator and the postgres driver's DataTypeOf,
// read statically. What the port does not cover is an error at the
// field, never a guess.

// gormPkg is a package marked //schemagen:gorm.
type gormPkg struct {
	pkg    *packages.Package
	naming gormNaming
	pos    token.Position
}

// gormDirective returns the package's //schemagen:gorm settings among
// its package-level directives, or nil when it has none.
func gormDirective(pkg *packages.Package, dirs []directive, errs *ErrorList) *gormPkg {
	var g *gormPkg
	for _, d := range dirs {
		if d.name != "gorm" {
			continue
		}
		if g != nil {
			errs.Add(d.pos, "duplicate //schemagen:gorm directive (also at "+g.pos.String()+")")
			continue
		}
		g = &gormPkg{pkg: pkg, pos: d.pos}
		for _, arg := range strings.Fields(d.args) {
			switch k, v, _ := strings.Cut(arg, "="); strings.ToLower(k) {
			case "singulartable":
				g.naming.singularTable = true
			case "tableprefix":
				g.naming.tablePrefix = v
			default:
				errs.Add(d.pos, fmt.Sprintf("//schemagen:gorm: unknown setting %q (want singulartable or tableprefix=PREFIX, as GORM's NamingStrategy has them)", arg))
			}
		}
	}
	return g
}

// gormField is a field of a GORM schema: schema.Field's parts that the
// schema depends on.
type gormField struct {
	name      string   // the Go field's name
	bindNames []string // the path of field names through embedded structs
	dbName    string
	// dataType is GORM's DataType: bool, int, uint, float, string, time,
	// bytes, or the SQL type of type:T; "" for a field that is no column
	// (an association, or -).
	dataType string
	gormType string // GORM's GORMDataType
	size     int
	prec     int
	scale    int
	pk       bool
	autoInc  bool
	notNull  bool
	unique   bool
	comment  string
	// def is the column default as SQL, "" for none.
	def string
	// settings are the tag's settings (GORM's TagSettings); tag the raw
	// gorm tag, which indexes are read from.
	settings map[string]string
	tag      string
	// perm is whether the field may be read, created or updated.
	perm            bool
	ignoreMigration bool
	typ             types.Type // the field's Go type
	// embedded is set for a field of an embedded struct.
	embedded bool
	// unknownValuer is set for a type whose value GORM takes from its
	// Value method, which cannot be read statically.
	unknownValuer bool
	pos           token.Position
	model         *gormModel
}

// gormModel is a GORM schema: a model's, or a many2many join table's.
type gormModel struct {
	name        string // the struct's name
	obj         *types.TypeName
	pkg         *packages.Package
	table       string
	pos         token.Position
	fields      []*gormField
	dbNames     []string
	byDBName    map[string]*gormField
	byName      map[string]*gormField
	primary     []*gormField
	prioritized *gormField
	rels        []*gormRel
	// registered are the has-one and has-many associations of other
	// models whose foreign keys live here.
	registered []*gormRel
	join       bool
	bad        bool
}

// gormRel is an association (GORM's Relationship).
type gormRel struct {
	name        string
	kind        string // "has_one", "has_many", "belongs_to", "many_to_many"
	field       *gormField
	model       *gormModel // the schema that declares it
	fieldModel  *gormModel
	refs        []gormRef
	constraint  string // the constraint: setting of the field
	ignore      bool   // the field is -:migration
	fromJoin    bool   // a join table's reference to one side
	joinTable   *gormModel
	declaredPos token.Position
}

// gormRef pairs a foreign-key field with the field it references.
type gormRef struct {
	primary, foreign *gormField
	ownPrimary       bool
}

// lookUp is GORM's LookUpField: by column name, then by field name.
func (m *gormModel) lookUp(name string) *gormField {
	if f := m.byDBName[name]; f != nil {
		return f
	}
	return m.byName[name]
}

// gormKnownKeys are the settings of a gorm tag the reader knows; the
// value says what it does with them ("" maps to the schema or has no
// effect on it, otherwise the reason it is refused).
var gormKnownKeys = map[string]string{
	"COLUMN": "", "TYPE": "", "SERIALIZER": "", "JSON": "", "SIZE": "", "PRIMARYKEY": "", "PRIMARY_KEY": "",
	"UNIQUE": "", "DEFAULT": "", "PRECISION": "", "SCALE": "", "NOT NULL": "", "NOTNULL": "",
	"AUTOINCREMENT": "", "AUTOINCREMENTINCREMENT": "", "EMBEDDED": "", "EMBEDDEDPREFIX": "",
	"AUTOCREATETIME": "", "AUTOUPDATETIME": "", "INDEX": "", "UNIQUEINDEX": "", "CHECK": "",
	"<-": "", "->": "", "-": "", "COMMENT": "", "FOREIGNKEY": "", "REFERENCES": "", "CONSTRAINT": "",
	"MANY2MANY": "", "JOINFOREIGNKEY": "", "JOINREFERENCES": "", "GENERATED": "",
	"POLYMORPHIC":      "polymorphic associations are not supported",
	"POLYMORPHICTYPE":  "polymorphic associations are not supported",
	"POLYMORPHICID":    "polymorphic associations are not supported",
	"POLYMORPHICVALUE": "polymorphic associations are not supported",
	"BELONGSTO":        "belongsTo is not supported; name the foreign key with foreignKey",
}

// gormSerializers are the serializers GORM registers itself.
var gormSerializers = []string{"json", "gob", "unixtime"}

// gormReader reads the models of the //schemagen:gorm packages.
type gormReader struct {
	sp     *sourcePositions
	pf     posFormatter
	fc     *sqlcheck.Checker
	errs   *ErrorList
	models map[*types.TypeName]*gormModel
	order  []*gormModel
	joins  map[string]*gormModel
	naming gormNaming
}

// gormModels returns the tables of the models of the //schemagen:gorm
// packages: every exported struct type of such a package, except those
// marked //schemagen:ignore, those that implement driver.Valuer (column
// types) and those only embedded in other structs; plus the join tables
// of their many2many associations.
// Packages marked //schemagen:bun may mark types //schemagen:ignore too
// (see bun.go); buns lists them.
func gormModels(gpkgs []*gormPkg, buns []*packages.Package, decls []*typeDecl, sp *sourcePositions, pf posFormatter, fc *sqlcheck.Checker, errs *ErrorList) []*model {
	ignored := map[*ast.TypeSpec]bool{}
	isGorm := map[*packages.Package]bool{}
	for _, g := range gpkgs {
		isGorm[g.pkg] = true
	}
	for _, td := range decls {
		if isGorm[td.pkg] || slices.Contains(buns, td.pkg) {
			for _, d := range td.dirs["table"] {
				errs.Add(d.pos, "//schemagen:table in a //schemagen:gorm or //schemagen:bun package: its structs are models read by their gorm or bun tags")
			}
		}
		for _, d := range td.dirs["ignore"] {
			switch {
			case isGorm[td.pkg]:
				ignored[td.ts] = true
			case slices.Contains(buns, td.pkg):
			default:
				errs.Add(d.pos, "//schemagen:ignore is for the types of a //schemagen:gorm or //schemagen:bun package")
			}
		}
	}
	var out []*model
	for _, g := range gpkgs {
		r := &gormReader{sp: sp, pf: pf, fc: fc, errs: errs, models: map[*types.TypeName]*gormModel{}, joins: map[string]*gormModel{}, naming: g.naming}
		r.readPackage(g.pkg, ignored)
		out = append(out, r.tables()...)
	}
	return out
}

// readPackage parses the package's models and their associations.
func (r *gormReader) readPackage(pkg *packages.Package, ignored map[*ast.TypeSpec]bool) {
	if pkg.Types == nil || pkg.TypesInfo == nil {
		return
	}
	type candidate struct {
		obj *types.TypeName
		pos token.Position
	}
	var cands []candidate
	embedded := map[*types.TypeName]bool{}
	referenced := map[*types.TypeName]bool{}
	for _, f := range pkg.Syntax {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				obj, _ := pkg.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if obj == nil || obj.IsAlias() {
					continue
				}
				st, ok := obj.Type().Underlying().(*types.Struct)
				if !ok {
					continue
				}
				for i := range st.NumFields() {
					fld := st.Field(i)
					tn := namedStruct(fld.Type())
					if tn == nil {
						continue
					}
					settings := gormTagSettings(reflect.StructTag(st.Tag(i)).Get("gorm"), ";")
					if _, ok := settings["EMBEDDED"]; ok || fld.Embedded() {
						embedded[tn] = true
					} else {
						referenced[tn] = true
					}
				}
				if !ts.Name.IsExported() || ts.TypeParams != nil || ignored[ts] {
					continue
				}
				cands = append(cands, candidate{obj, pkg.Fset.Position(ts.Name.Pos())})
			}
		}
	}
	for _, c := range cands {
		if (embedded[c.obj] && !referenced[c.obj]) || isValuer(c.obj.Type()) {
			continue
		}
		m := &gormModel{name: c.obj.Name(), obj: c.obj, pkg: pkg, pos: c.pos}
		m.table = r.tableName(m)
		r.models[c.obj] = m
		r.order = append(r.order, m)
	}
	for _, m := range r.order {
		st := m.obj.Type().Underlying().(*types.Struct)
		m.fields = r.parseStruct(m, st, []*types.Struct{st})
		r.finish(m)
	}
	for _, m := range r.order {
		for _, f := range m.fields {
			if f.dataType == "" && f.gormType == "" && f.perm {
				r.parseRelation(m, f)
			}
		}
	}
}

// namedStruct returns the named struct type t holds, through pointers,
// slices and arrays, or nil.
func namedStruct(t types.Type) *types.TypeName {
	for {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u.Obj()
			}
			return nil
		default:
			return nil
		}
	}
}

// tableName returns a model's table: its TableName method's constant,
// or GORM's name for its struct.
func (r *gormReader) tableName(m *gormModel) string {
	ms := types.NewMethodSet(types.NewPointer(m.obj.Type()))
	sel := ms.Lookup(m.obj.Pkg(), "TableName")
	if sel == nil {
		return r.naming.table(m.name)
	}
	fn := sel.Obj().(*types.Func)
	pos := m.pkg.Fset.Position(fn.Pos())
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		r.errs.Add(pos, fmt.Sprintf("model %s: TableName with parameters (TablerWithNamer) is not read; make it `func (%s) TableName() string` returning a constant", m.name, m.name))
		m.bad = true
		return r.naming.table(m.name)
	}
	var body *ast.BlockStmt
	for _, f := range m.pkg.Syntax {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && m.pkg.TypesInfo.Defs[fd.Name] == fn {
				body = fd.Body
			}
		}
	}
	if body != nil && len(body.List) == 1 {
		if ret, ok := body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			if v := constValue(m.pkg, ret.Results[0]); v != nil && v.Kind() == constant.String {
				return constant.StringVal(v)
			}
		}
	}
	r.errs.Add(pos, fmt.Sprintf("model %s: TableName must be one return of a constant string for schemagen to read it", m.name))
	m.bad = true
	return r.naming.table(m.name)
}

// constValue returns the value of a constant expression: a literal or
// a package-level constant, or nil.
func constValue(pkg *packages.Package, e ast.Expr) constant.Value {
	if tv, ok := pkg.TypesInfo.Types[e]; ok && tv.Value != nil {
		return tv.Value
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if s, err := strconv.Unquote(e.Value); err == nil {
				return constant.MakeString(s)
			}
		}
	case *ast.Ident:
		if c, ok := pkg.Types.Scope().Lookup(e.Name).(*types.Const); ok {
			return c.Val()
		}
	}
	return nil
}

// parseStruct returns the fields of st as GORM's Parse reads them
// (before associations): embedded structs flattened, column names,
// primary keys. path holds the structs being flattened.
func (r *gormReader) parseStruct(m *gormModel, st *types.Struct, path []*types.Struct) []*gormField {
	var fields []*gormField
	for i := range st.NumFields() {
		v := st.Field(i)
		if !v.Exported() {
			continue
		}
		f, inner := r.parseField(m, v, st.Tag(i))
		if f == nil {
			continue
		}
		if inner == nil {
			fields = append(fields, f)
			continue
		}
		if slices.Contains(path, inner) {
			r.fail(m, f.pos, "field %s: embedded struct cycle", f.name)
			continue
		}
		sub := &gormModel{name: m.name, obj: m.obj, pkg: m.pkg, table: m.table}
		sub.fields = r.parseStruct(sub, inner, append(path, inner))
		r.finish(sub)
		for _, ef := range sub.fields {
			ef.model = m
			ef.embedded = true
			ef.bindNames = append([]string{f.name}, ef.bindNames...)
			if prefix, ok := f.settings["EMBEDDEDPREFIX"]; ok && ef.dbName != "" {
				ef.dbName = prefix + ef.dbName
			}
			if ef.pk && !gormTruth(ef.settings["PRIMARYKEY"], ef.settings["PRIMARY_KEY"]) {
				ef.pk = false
				if v, ok := ef.settings["AUTOINCREMENT"]; !ok || !gormTruth(v) {
					ef.autoInc = false
				}
			}
			fields = append(fields, ef)
		}
		if sub.bad {
			m.bad = true
		}
	}
	return fields
}

// fail reports a mistake of model m.
func (r *gormReader) fail(m *gormModel, pos token.Position, format string, a ...any) {
	r.errs.Add(pos, fmt.Sprintf(format, a...))
	m.bad = true
}

// parseField reads one field as GORM's ParseField does. For a field
// that embeds a struct it returns that struct too.
func (r *gormReader) parseField(m *gormModel, v *types.Var, rawTag string) (*gormField, *types.Struct) {
	pos := r.sp.fieldPos(m.pkg.Fset, v)
	tag, hasTag := reflect.StructTag(rawTag).Lookup("gorm")
	if !hasTag && strings.Contains(rawTag, "gorm:") {
		r.fail(m, pos, "field %s: malformed struct tag %q", v.Name(), rawTag)
		return nil, nil
	}
	return r.parseGORMTag(m, v, tag, pos)
}

// parseGORMTag reads one field with its gorm tag's value, as GORM's
// ParseField does.
func (r *gormReader) parseGORMTag(m *gormModel, v *types.Var, tag string, pos token.Position) (*gormField, *types.Struct) {
	s := gormTagSettings(tag, ";")
	bad := func(format string, a ...any) {
		r.fail(m, pos, "field %s: gorm tag %q: %s", v.Name(), tag, fmt.Sprintf(format, a...))
	}
	for _, k := range gormTagKeys(tag, ";") {
		why, ok := gormKnownKeys[k]
		switch {
		case !ok:
			bad("unknown setting %q%s", k, suggestKey(k, slices.Sorted(maps.Keys(gormKnownKeys))))
		case why != "":
			bad("%s", why)
		}
	}
	f := &gormField{
		name:      v.Name(),
		bindNames: []string{v.Name()},
		dbName:    s["COLUMN"],
		pk:        gormTruth(s["PRIMARYKEY"], s["PRIMARY_KEY"]),
		autoInc:   gormTruth(s["AUTOINCREMENT"]),
		notNull:   gormTruth(s["NOT NULL"], s["NOTNULL"]),
		unique:    gormTruth(s["UNIQUE"]),
		comment:   s["COMMENT"],
		settings:  s,
		tag:       tag,
		perm:      true,
		typ:       v.Type(),
		pos:       pos,
		model:     m,
	}
	indirect := v.Type()
	for {
		p, ok := types.Unalias(indirect).(*types.Pointer)
		if !ok {
			break
		}
		indirect = p.Elem()
	}
	valuer := isValuer(indirect)
	real := indirect
	if valuer {
		if rt, ok := knownValuer(indirect); ok {
			real = rt
		} else {
			f.unknownValuer = true
		}
	}
	kind := gormKind(real)
	if f.unknownValuer {
		kind = ""
	}
	if hasMethod(indirect, "GormDataType") || hasMethod(indirect, "GormDBDataType") {
		bad("type %s decides its SQL type in its GormDataType/GormDBDataType method, which is not read", types.TypeString(indirect, nil))
	}
	if isGormSerializer(indirect) {
		f.dataType = "string"
	} else if name := cmp.Or(s["JSON"], s["SERIALIZER"]); name != "" {
		if !slices.Contains(gormSerializers, strings.ToLower(name)) && !slices.Contains(gormSerializers, name) {
			bad("unknown serializer %q (GORM registers %s)", name, strings.Join(gormSerializers, ", "))
		}
		f.dataType = "string"
	}
	defVal, hasDef := s["DEFAULT"]
	defVal = strings.TrimSpace(defVal)
	if n, ok := s["SIZE"]; ok {
		var err error
		if f.size, err = strconv.Atoi(n); err != nil {
			f.size = -1
		}
	}
	if p, ok := s["PRECISION"]; ok {
		f.prec, _ = strconv.Atoi(p)
	}
	if sc, ok := s["SCALE"]; ok {
		f.scale, _ = strconv.Atoi(sc)
	}
	skip := strings.Contains(defVal, "(") && strings.Contains(defVal, ")") || strings.EqualFold(defVal, "null") || defVal == ""
	parsed := "" // the default as GORM binds it, when it parses it
	parseDef := func(parse func(string) (string, error), what string) {
		if !hasDef || skip {
			return
		}
		p, err := parse(defVal)
		if err != nil {
			bad("default %q is not a %s: GORM refuses it", defVal, what)
			return
		}
		parsed = p
	}
	switch kind {
	case "bool":
		f.dataType = "bool"
		parseDef(func(s string) (string, error) {
			b, err := strconv.ParseBool(s)
			return strconv.FormatBool(b), err
		}, "bool")
	case "int":
		f.dataType = "int"
		parseDef(func(s string) (string, error) {
			n, err := strconv.ParseInt(s, 0, 64)
			return strconv.FormatInt(n, 10), err
		}, "int")
	case "uint":
		f.dataType = "uint"
		parseDef(func(s string) (string, error) {
			n, err := strconv.ParseUint(s, 0, 64)
			return strconv.FormatUint(n, 10), err
		}, "uint")
	case "float":
		f.dataType = "float"
		parseDef(func(s string) (string, error) {
			x, err := strconv.ParseFloat(s, 64)
			return strconv.FormatFloat(x, 'f', -1, 64), err
		}, "float")
	case "string":
		f.dataType = "string"
		if hasDef && !skip {
			parsed = schema.QuoteLiteral(strings.Trim(strings.Trim(defVal, "'"), `"`))
		}
	case "time":
		f.dataType = "time"
		if hasDef && !skip && !regexp.MustCompile(`^[A-Za-z_]+$`).MatchString(defVal) {
			bad("default %q of a time field: GORM parses it as a time in Go, which schemagen does not; write an SQL expression with parentheses (a function call) instead", defVal)
		}
	case "bytes":
		if f.dataType == "" {
			f.dataType = "bytes"
		}
	}
	switch {
	case !hasDef:
	case parsed != "":
		f.def = parsed
	case defVal == "" || strings.EqualFold(defVal, "null") || defVal == "(-)":
		// No default: GORM writes none, or DEFAULT NULL, which PostgreSQL
		// does not store.
	default:
		f.def = defVal
	}
	if f.unknownValuer && hasDef && !skip {
		bad("default %q of type %s, whose value GORM takes from its Value method: write an SQL expression with parentheses", defVal, types.TypeString(indirect, nil))
	}
	if f.gormType == "" {
		f.gormType = f.dataType
	}
	if val, ok := s["TYPE"]; ok {
		switch lv := strings.ToLower(val); lv {
		case "bool", "int", "uint", "float", "string", "time", "bytes":
			f.dataType = lv
		default:
			f.dataType = val
		}
	}
	if f.unknownValuer && f.dataType == "" {
		bad("type %s implements driver.Valuer, whose Value method GORM takes the column type from; give it type:", types.TypeString(indirect, nil))
	}
	if f.size == 0 {
		f.size = gormKindSize(real)
	}
	if val, ok := s["-"]; ok {
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "-":
			f.perm, f.dataType = false, ""
		case "all":
			f.perm, f.dataType, f.ignoreMigration = false, "", true
		case "migration":
			f.ignoreMigration = true
		}
	}
	creatable, updatable, readable := f.perm, f.perm, f.perm
	if v, ok := s["->"]; ok {
		creatable, updatable = false, false
		readable = !strings.EqualFold(v, "false")
	}
	if v, ok := s["<-"]; ok {
		creatable, updatable = true, true
		if v != "<-" {
			creatable, updatable = strings.Contains(v, "create"), strings.Contains(v, "update")
		}
	}
	f.perm = creatable || updatable || readable
	_, embeddedTag := s["EMBEDDED"]
	if embeddedTag || (f.gormType != "time" && f.gormType != "bytes" && !valuer && v.Embedded() && f.perm) {
		switch u := real.Underlying().(type) {
		case *types.Struct:
			for _, k := range gormTagKeys(tag, ";") {
				if k != "EMBEDDED" && k != "EMBEDDEDPREFIX" {
					bad("setting %q on an embedded struct: GORM copies it to every embedded field; put it on those fields", k)
					return nil, nil
				}
			}
			return f, u
		case *types.Basic:
		default:
			bad("embedded field of type %s: GORM embeds structs only", types.TypeString(v.Type(), nil))
			return nil, nil
		}
	}
	return f, nil
}

// finish completes a schema after its fields are read, as GORM's Parse
// does: column names, primary keys, the auto-increment primary key.
func (r *gormReader) finish(m *gormModel) {
	m.byDBName, m.byName = map[string]*gormField{}, map[string]*gormField{}
	for _, f := range m.fields {
		if f.dbName == "" && f.dataType != "" {
			f.dbName = gormDBName(f.name)
		}
		if f.dbName != "" {
			if first, dup := m.byDBName[f.dbName]; dup {
				r.fail(m, f.pos, "field %s: column %q of model %s is also field %s's (at %s)", f.name, f.dbName, m.name, first.name, r.pf.format(first.pos))
				continue
			}
			m.dbNames = append(m.dbNames, f.dbName)
			m.byDBName[f.dbName] = f
			m.byName[f.name] = f
			if f.pk {
				m.primary = append(m.primary, f)
			}
		}
		if _, ok := m.byName[f.name]; !ok {
			m.byName[f.name] = f
		}
	}
	p := m.lookUp("id")
	if p == nil {
		p = m.lookUp("ID")
	}
	if p != nil {
		if p.pk {
			m.prioritized = p
		} else if len(m.primary) == 0 {
			p.pk = true
			m.prioritized = p
			m.primary = append(m.primary, p)
		}
	}
	if m.prioritized == nil {
		if len(m.primary) == 1 {
			m.prioritized = m.primary[0]
		} else {
			for _, f := range m.primary {
				if f.autoInc {
					m.prioritized = f
					break
				}
			}
		}
	}
	if f := m.prioritized; f != nil && (f.gormType == "int" || f.gormType == "uint") {
		if _, ok := f.settings["AUTOINCREMENT"]; !ok {
			f.autoInc = true
		}
	}
	if f := m.prioritized; f != nil && f.unknownValuer {
		if _, ok := f.settings["AUTOINCREMENT"]; !ok {
			r.fail(m, f.pos, "field %s: the primary key's type implements driver.Valuer, and GORM makes it auto-increment when its Value is an integer, which schemagen cannot read: add autoIncrement:false or autoIncrement", f.name)
		}
	}
}

// gormKind returns GORM's DataType for a Go type by its kind: bool, int,
// uint, float, string, time, bytes; "struct", "slice" or "" for none.
func gormKind(t types.Type) string {
	if isTime(t) {
		return "time"
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "bool"
		case u.Info()&types.IsUnsigned != 0 && u.Kind() != types.Uintptr:
			return "uint"
		case u.Info()&types.IsInteger != 0 && u.Kind() != types.Uintptr:
			return "int"
		case u.Info()&types.IsFloat != 0:
			return "float"
		case u.Info()&types.IsString != 0:
			return "string"
		}
	case *types.Slice:
		if isByte(u.Elem()) {
			return "bytes"
		}
		return "slice"
	case *types.Array:
		if isByte(u.Elem()) {
			return "bytes"
		}
		return "slice"
	case *types.Struct:
		return "struct"
	}
	return ""
}

// gormKindSize is the size GORM gives a field of t without size:.
func gormKindSize(t types.Type) int {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return 0
	}
	switch b.Kind() {
	case types.Int, types.Int64, types.Uint, types.Uint64, types.Float64:
		return 64
	case types.Int8, types.Uint8:
		return 8
	case types.Int16, types.Uint16:
		return 16
	case types.Int32, types.Uint32, types.Float32:
		return 32
	}
	return 0
}

func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Uint8
}

// isTime reports whether t converts to time.Time, as GORM's time fields
// do.
func isTime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || st.NumFields() != 3 {
		return false
	}
	// time.Time's fields: wall, ext, loc.
	return st.Field(0).Name() == "wall" && st.Field(1).Name() == "ext" && st.Field(2).Name() == "loc" &&
		st.Field(0).Pkg() != nil && st.Field(0).Pkg().Path() == "time"
}

// hasMethod reports whether *t has a method called name.
func hasMethod(t types.Type, name string) bool {
	ms := types.NewMethodSet(types.NewPointer(t))
	for i := range ms.Len() {
		if ms.At(i).Obj().Name() == name {
			return true
		}
	}
	return false
}

// isValuer reports whether *t implements database/sql/driver.Valuer:
// a method Value() (driver.Value, error).
func isValuer(t types.Type) bool {
	ms := types.NewMethodSet(types.NewPointer(t))
	for i := range ms.Len() {
		fn := ms.At(i).Obj()
		if fn.Name() != "Value" {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() == 0 && sig.Results().Len() == 2 {
			return true
		}
	}
	return false
}

// isGormSerializer reports whether *t implements GORM's
// SerializerInterface (Scan and Value with a context and a field).
func isGormSerializer(t types.Type) bool {
	ms := types.NewMethodSet(types.NewPointer(t))
	for i := range ms.Len() {
		fn := ms.At(i).Obj()
		if fn.Name() == "Scan" && fn.Type().(*types.Signature).Params().Len() == 4 {
			return true
		}
	}
	return false
}

// knownValuer returns the type GORM takes a valuer's column type from
// for the valuers of database/sql and gorm.DeletedAt, whose zero Value
// is nil: the first field of the struct, recursively.
func knownValuer(t types.Type) (types.Type, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil, false
	}
	switch path := n.Obj().Pkg().Path(); {
	case path == "database/sql" && (strings.HasPrefix(n.Obj().Name(), "Null")):
	case path == "gorm.io/gorm" && n.Obj().Name() == "DeletedAt":
	default:
		return nil, false
	}
	for {
		st, ok := t.Underlying().(*types.Struct)
		if !ok || isTime(t) || st.NumFields() == 0 {
			return t, true
		}
		next := st.Field(0).Type()
		for {
			p, ok := types.Unalias(next).(*types.Pointer)
			if !ok {
				break
			}
			next = p.Elem()
		}
		if types.Identical(next, t) {
			return t, true
		}
		t = next
	}
}

// parseRelation reads an association field (GORM's parseRelation).
func (r *gormReader) parseRelation(m *gormModel, f *gormField) {
	if f.embedded {
		r.fail(m, f.pos, "field %s: associations in embedded structs are not supported", f.name)
		return
	}
	tn := namedStruct(f.typ)
	var target *gormModel
	if tn != nil {
		target = r.models[tn]
	}
	if target == nil {
		r.fail(m, f.pos, "field %s: type %s is neither a column type nor a model of this package: GORM would read it as an association (give the field a serializer, type:, or -)", f.name, types.TypeString(f.typ, nil))
		return
	}
	if f.dbName != "" {
		r.fail(m, f.pos, "field %s: an association takes no column:", f.name)
		return
	}
	rel := &gormRel{name: f.name, field: f, model: m, fieldModel: target, constraint: f.settings["CONSTRAINT"], ignore: f.ignoreMigration, declaredPos: f.pos}
	fks, refs := gormColumns(f.settings["FOREIGNKEY"]), gormColumns(f.settings["REFERENCES"])
	if target.bad {
		m.bad = true
		return
	}
	isSlice := false
	t := f.typ
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	switch types.Unalias(t).Underlying().(type) {
	case *types.Slice, *types.Array:
		isSlice = true
	}
	if j := f.settings["MANY2MANY"]; j != "" {
		r.many2many(m, f, rel, j, fks, refs)
		return
	}
	var levels []string
	switch {
	case isSlice:
		levels = []string{"has"}
	case target == m:
		levels = []string{"belongs", "belongs", "has"}
	default:
		levels = []string{"has", "belongs", "has"}
	}
	for _, l := range levels {
		if r.guess(m, f, rel, l, fks, refs) {
			break
		}
	}
	if rel.kind == "" {
		r.fail(m, f.pos, "field %s: no foreign key found for the association with %s: define one with foreignKey (GORM fails too)", f.name, target.name)
		return
	}
	if rel.kind == "has" {
		rel.kind = "has_one"
		if isSlice {
			rel.kind = "has_many"
		}
		if target != m {
			target.registered = append(target.registered, rel)
		}
	}
	m.rels = append(m.rels, rel)
}

// gormColumns is GORM's toColumns: a comma-separated list, trimmed.
func gormColumns(v string) []string {
	if v == "" {
		return nil
	}
	var out []string
	for s := range strings.SplitSeq(v, ",") {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// guess is GORM's guessRelation at one level ("has" or "belongs"); it
// fills rel and reports whether it found the foreign key.
func (r *gormReader) guess(m *gormModel, f *gormField, rel *gormRel, level string, fks, refNames []string) bool {
	primary, foreign := m, rel.fieldModel
	if level == "belongs" {
		primary, foreign = rel.fieldModel, m
	}
	var primaryFields, foreignFields []*gormField
	if len(fks) > 0 {
		for _, fk := range fks {
			ff := foreign.lookUp(fk)
			if ff == nil {
				return false
			}
			foreignFields = append(foreignFields, ff)
		}
	} else {
		if len(refNames) > 0 {
			for _, pk := range refNames {
				if pf := primary.lookUp(pk); pf != nil {
					primaryFields = append(primaryFields, pf)
				}
			}
		} else {
			primaryFields = slices.Clone(primary.primary)
		}
		n := len(primaryFields)
	loop:
		for _, pf := range primaryFields[:n] {
			lookUpName := primary.name + pf.name
			if level == "belongs" {
				lookUpName = f.name + pf.name
			}
			names := []string{lookUpName}
			if n == 1 {
				base := strings.TrimSuffix(lookUpName, pf.name)
				names = append(names, base+"ID", base+"Id", gormDBName(base+"ID"))
			}
			for _, name := range names {
				if ff := foreign.lookUp(name); ff != nil {
					foreignFields = append(foreignFields, ff)
					primaryFields = append(primaryFields, pf)
					continue loop
				}
			}
		}
	}
	switch {
	case len(foreignFields) == 0:
		return false
	case len(refNames) > 0:
		for i, pk := range refNames {
			pf := primary.lookUp(pk)
			if pf == nil {
				return false
			}
			if len(primaryFields) < i+1 {
				primaryFields = append(primaryFields, pf)
			} else if pf != primaryFields[i] {
				return false
			}
		}
	case len(primaryFields) == 0:
		if len(foreignFields) == 1 && primary.prioritized != nil {
			primaryFields = append(primaryFields, primary.prioritized)
		} else if len(primary.primary) == len(foreignFields) {
			primaryFields = append(primaryFields, primary.primary...)
		} else {
			return false
		}
	}
	rel.refs = nil
	for i, ff := range foreignFields {
		copyFKType(ff, primaryFields[i])
		rel.refs = append(rel.refs, gormRef{primary: primaryFields[i], foreign: ff, ownPrimary: m == primary && level == "has"})
	}
	if level == "has" {
		rel.kind = "has"
	} else {
		rel.kind = "belongs_to"
	}
	return true
}

// copyFKType gives a foreign key the type of the key it references, as
// GORM does ("use same data type for foreign keys").
func copyFKType(fk, pk *gormField) {
	lower := strings.ToLower(pk.dataType)
	if !strings.Contains(lower, "auto_increment") && !strings.Contains(lower, "primary key") {
		fk.dataType = pk.dataType
	}
	fk.gormType = pk.gormType
	if fk.size == 0 {
		fk.size = pk.size
	}
}

// many2many builds the join table of a many2many association (GORM's
// buildMany2ManyRelation).
func (r *gormReader) many2many(m *gormModel, f *gormField, rel *gormRel, joinName string, fks, refNames []string) {
	rel.kind = "many_to_many"
	if f.ignoreMigration {
		// AutoMigrate leaves the join table of a -:migration field out.
		m.rels = append(m.rels, rel)
		return
	}
	joinFKs, joinRefs := gormColumns(f.settings["JOINFOREIGNKEY"]), gormColumns(f.settings["JOINREFERENCES"])
	own, ref := m.primary, rel.fieldModel.primary
	if len(fks) > 0 {
		own = nil
		for _, fk := range fks {
			of := m.lookUp(fk)
			if of == nil {
				r.fail(m, f.pos, "field %s: invalid foreign key %q (GORM fails too)", f.name, fk)
				return
			}
			own = append(own, of)
		}
	}
	if len(refNames) > 0 {
		ref = nil
		for _, pk := range refNames {
			rf := rel.fieldModel.lookUp(pk)
			if rf == nil {
				r.fail(m, f.pos, "field %s: invalid references %q (GORM fails too)", f.name, pk)
				return
			}
			ref = append(ref, rf)
		}
	}
	j := &gormModel{name: joinName, pkg: m.pkg, table: r.naming.joinTable(joinName), pos: f.pos, join: true}
	type joinField struct {
		name    string
		source  *gormField
		isOwner bool
	}
	var jfs []joinField
	ownNames := map[string]bool{}
	for i, of := range own {
		name := gormTitle(m.name) + of.name
		if len(joinFKs) > i {
			name = gormTitle(joinFKs[i])
		}
		ownNames[name] = true
		jfs = append(jfs, joinField{name, of, true})
	}
	for i, rf := range ref {
		name := gormTitle(rel.fieldModel.name) + rf.name
		if ownNames[name] {
			if f.name != rel.fieldModel.name {
				name = inflectSingular(f.name) + rf.name
			} else {
				name += "Reference"
			}
		}
		if len(joinRefs) > i {
			name = gormTitle(joinRefs[i])
		}
		if !slices.ContainsFunc(jfs, func(x joinField) bool { return x.name == name }) {
			jfs = append(jfs, joinField{name, rf, false})
		}
	}
	relName, relRefName := m.name, rel.fieldModel.name
	if relName == relRefName {
		relRefName = f.name
	}
	ownRel := &gormRel{name: relName, kind: "belongs_to", field: f, model: j, fieldModel: m, constraint: rel.constraint, ignore: rel.ignore, fromJoin: true, declaredPos: f.pos}
	refRel := &gormRel{name: relRefName, kind: "belongs_to", field: f, model: j, fieldModel: rel.fieldModel, constraint: rel.constraint, ignore: rel.ignore, fromJoin: true, declaredPos: f.pos}
	for _, jf := range jfs {
		// The join field has the source's Go type and tag, with
		// primaryKey and without column, autoIncrement, index, unique
		// and uniqueIndex.
		tag := jf.source.tag
		for _, name := range []string{"column", "autoincrement", "index", "unique", "uniqueindex"} {
			tag = regexp.MustCompile(`(?i)^(.*?)(`+name+`(:[^;]*)?)(;|$)`).ReplaceAllString(tag, "${1}")
		}
		if !strings.Contains(tag, "primaryKey") {
			tag = "primaryKey;" + tag
		}
		v := types.NewField(token.NoPos, nil, jf.name, jf.source.typ, false)
		nf, inner := r.parseGORMTag(j, v, tag, f.pos)
		if nf == nil || inner != nil {
			r.fail(m, f.pos, "field %s: the join table's column %s cannot be read", f.name, jf.name)
			return
		}
		if nf.perm {
			copyFKType(nf, jf.source)
		}
		j.fields = append(j.fields, nf)
		ref := gormRef{primary: jf.source, foreign: nf}
		if jf.isOwner {
			ownRel.refs = append(ownRel.refs, ref)
		} else {
			refRel.refs = append(refRel.refs, ref)
		}
	}
	r.finish(j)
	if j.bad {
		m.bad = true
		return
	}
	j.primary = nil
	for _, jf := range j.fields {
		jf.pk = jf.perm
		jf.autoInc = false
		if jf.perm {
			j.primary = append(j.primary, jf)
		}
	}
	j.rels = []*gormRel{ownRel, refRel}
	rel.joinTable = j
	if m.bad {
		return
	}
	m.rels = append(m.rels, rel)
	if prev, ok := r.joins[j.table]; ok {
		// Both sides declare the join table (User.Languages and
		// Language.Users): AutoMigrate keeps the declaration it parses
		// last, that of the model that comes last among its arguments,
		// which are the models in source order.
		r.joins[j.table] = j
		r.order[slices.Index(r.order, prev)] = j
		return
	}
	r.joins[j.table] = j
	r.order = append(r.order, j)
}

// tables returns the models' tables.
func (r *gormReader) tables() []*model {
	var out []*model
	for _, m := range r.order {
		// A model with a mistake is read through, for its other
		// mistakes, but gives no table.
		if t := r.table(m); t != nil && !m.bad {
			out = append(out, t)
		}
	}
	return out
}

// table builds the table AutoMigrate creates for m, or nil when a
// mistake keeps it from being read.
func (r *gormReader) table(m *gormModel) *model {
	q := schema.QualifiedName{Schema: schema.DefaultSchema, Name: m.table}
	if sch, name, ok := strings.Cut(m.table, "."); ok {
		q = schema.QualifiedName{Schema: sch, Name: name}
	}
	out := &model{pkgPath: m.pkg.PkgPath, pos: m.pos}
	t := &schema.Table{Schema: q.Schema, Name: q.Name, Pos: r.pf.format(m.pos)}
	out.table = t
	ok := true
	fail := func(pos token.Position, format string, a ...any) {
		r.errs.Add(pos, fmt.Sprintf(format, a...))
		ok = false
	}
	if msg := checkIdent("table", q.Name); msg != "" {
		fail(m.pos, "model %s: %s", m.name, msg)
	}
	add := func(kind, name string, pos token.Position) {
		out.objs = append(out.objs, namedObj{kind: kind, name: name, pos: pos})
	}
	fragment := func(f *gormField, kind schema.FragmentKind, what, text string) bool {
		if err := r.fc.Fragment(schema.Fragment{Kind: kind, Text: text}); err != nil {
			fail(f.pos, "field %s: gorm tag %q: %s %v", f.name, f.tag, what, err)
			return false
		}
		return true
	}
	for _, name := range m.dbNames {
		f := m.byDBName[name]
		if f.ignoreMigration {
			continue
		}
		col := r.column(m, f, t, fragment, fail)
		if col == nil {
			continue
		}
		if msg := checkIdent("column", col.Name); msg != "" {
			fail(f.pos, "field %s: %s", f.name, msg)
		}
		t.Columns = append(t.Columns, col)
		if col.Sequence != "" {
			add("sequence", col.Sequence, f.pos)
		}
	}
	if len(m.primary) > 0 {
		var cols []string
		for _, f := range m.primary {
			if f.ignoreMigration {
				fail(f.pos, "field %s: a primary key that is -:migration: GORM's table would name a column it does not create", f.name)
			}
			cols = append(cols, f.dbName)
		}
		t.PrimaryKey = &schema.PrimaryKey{Name: schema.ConstraintName(t.Name, cols, "pkey"), Columns: cols}
		add("primary key", t.PrimaryKey.Name, m.primary[0].pos)
	}
	for _, f := range m.fields {
		if !f.unique {
			continue
		}
		if f.dbName == "" || f.ignoreMigration {
			fail(f.pos, "field %s: unique on a field that is no column", f.name)
			continue
		}
		u := &schema.Unique{Name: gormUniqueName(m.table, f.dbName), Columns: []string{f.dbName}}
		t.Uniques = append(t.Uniques, u)
		add("unique constraint", u.Name, f.pos)
	}
	checks := map[string]token.Position{}
	for _, name := range m.dbNames {
		f := m.byDBName[name]
		chk := f.settings["CHECK"]
		if chk == "" {
			continue
		}
		names := strings.Split(chk, ",")
		c := &schema.Check{}
		if len(names) > 1 && regexp.MustCompile(`^[\w-]+$`).MatchString(names[0]) {
			c.Name, c.Expr = names[0], strings.Join(names[1:], ",")
		} else {
			if names[0] == "" {
				chk = strings.Join(names[1:], ",")
			}
			c.Name, c.Expr = gormCheckName(m.table, f.dbName), chk
		}
		if first, dup := checks[c.Name]; dup {
			fail(f.pos, "field %s: check constraint %q is declared twice (also at %s): GORM keeps one, which one is left to chance", f.name, c.Name, r.pf.format(first))
			continue
		}
		checks[c.Name] = f.pos
		if !fragment(f, schema.FragmentExpr, "check", c.Expr) {
			continue
		}
		t.Checks = append(t.Checks, c)
		add("check constraint", c.Name, f.pos)
	}
	for _, ix := range r.indexes(m, fail) {
		t.Indexes = append(t.Indexes, ix.index)
		add("index", ix.index.Name, ix.pos)
	}
	rels := slices.Concat(m.rels, m.registered)
	for _, rel := range rels {
		if rel.ignore || rel.kind == "many_to_many" {
			continue
		}
		fk, owner := r.constraint(rel, fail)
		if fk == nil || owner != m {
			continue
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
		add("foreign key", fk.Name, rel.declaredPos)
	}
	seen := map[string]namedObj{}
	for _, o := range out.objs {
		if o.kind == "index" || o.kind == "sequence" {
			continue
		}
		if first, dup := seen[o.name]; dup {
			fail(o.pos, "duplicate constraint name %q in table %s (also at %s, %s)", o.name, t.Name, r.pf.format(first.pos), first.kind)
			continue
		}
		seen[o.name] = o
	}
	if !ok {
		return nil
	}
	return out
}

// column returns the column of a field, as the postgres driver's
// DataTypeOf and GORM's FullDataTypeOf write it.
func (r *gormReader) column(m *gormModel, f *gormField, t *schema.Table, fragment func(*gormField, schema.FragmentKind, string, string) bool, fail func(token.Position, string, ...any)) *schema.Column {
	col := &schema.Column{Name: f.dbName, Nullable: !f.notNull && !f.pk, Comment: f.comment, Pos: r.pf.format(f.pos)}
	intType := func() string {
		size := f.size
		if f.dataType == "uint" {
			size++
		}
		switch {
		case size <= 16:
			return "smallint"
		case size <= 32:
			return "integer"
		}
		return "bigint"
	}
	serial := func(size int, unsigned bool) string {
		if unsigned {
			size++
		}
		switch {
		case size <= 16:
			return "smallserial"
		case size <= 32:
			return "serial"
		}
		return "bigserial"
	}
	var base string
	switch f.dataType {
	case "bool":
		base = "boolean"
	case "int", "uint":
		base = intType()
		if f.autoInc {
			base = serial(f.size, f.dataType == "uint")
		}
	case "float":
		switch {
		case f.prec > 0 && f.scale > 0:
			base = fmt.Sprintf("numeric(%d, %d)", f.prec, f.scale)
		case f.prec > 0:
			base = fmt.Sprintf("numeric(%d)", f.prec)
		default:
			base = "decimal"
		}
	case "string":
		base = "text"
		if f.size > 0 && f.size <= 10485760 {
			base = fmt.Sprintf("varchar(%d)", f.size)
		}
	case "time":
		base = "timestamptz"
		if f.prec > 0 {
			base = fmt.Sprintf("timestamptz(%d)", f.prec)
		}
	case "bytes":
		base = "bytea"
	default:
		base = f.dataType
		if f.autoInc && !strings.Contains(strings.ToLower(base), "serial") {
			base = serial(f.size, f.gormType == "uint")
		}
		if strings.Contains(strings.ToUpper(base), "PRIMARY KEY") {
			fail(f.pos, "field %s: gorm tag %q: a type that holds PRIMARY KEY is not supported", f.name, f.tag)
			return nil
		}
	}
	if gen := strings.TrimSpace(f.settings["GENERATED"]); gen != "" && gen != "GENERATED" {
		if mode, identity := gormIdentityMode(gen); identity {
			base = intType()
			if f.dataType != "int" && f.dataType != "uint" {
				size := f.size
				if f.gormType == "uint" {
					size++
				}
				base = map[bool]string{true: "smallint", false: "integer"}[size <= 16]
				if size > 32 {
					base = "bigint"
				}
			}
			col.Identity, col.IdentityAlways, col.Nullable = true, mode == "ALWAYS", false
		} else {
			if !fragment(f, schema.FragmentExpr, "generated", gen) {
				return nil
			}
			col.Generated = gen
		}
	}
	if !fragment(f, schema.FragmentType, "type", base) {
		return nil
	}
	col.Type = base
	if typ, ok := schema.SerialType(base); ok {
		// A serial column is NOT NULL, and its default is its sequence's.
		col.Type, col.Sequence, col.Nullable = typ, schema.SerialSequenceName(t.Name, col.Name), false
		if col.Generated != "" {
			fail(f.pos, "field %s: gorm tag %q: an auto-increment column cannot be generated", f.name, f.tag)
			return nil
		}
	}
	if f.def != "" {
		if col.Sequence != "" || col.Generated != "" || col.Identity {
			fail(f.pos, "field %s: gorm tag %q: a default on an auto-increment, identity or generated column, which PostgreSQL refuses", f.name, f.tag)
			return nil
		}
		if !fragment(f, schema.FragmentExpr, "default", f.def) {
			return nil
		}
		col.Default = f.def
	}
	return col
}

// gormIdentityMode is the postgres driver's identityMode: whether the
// value of generated: asks for an identity column, and its mode.
func gormIdentityMode(value string) (mode string, ok bool) {
	mode = "BY DEFAULT"
	for _, tok := range strings.Fields(strings.ToLower(value)) {
		switch tok {
		case "identity":
			ok = true
		case "always":
			mode = "ALWAYS"
		case "by", "default":
		default:
			return "", false
		}
	}
	return mode, ok
}

// gormIndex is an index with the position of its first field.
type gormIndex struct {
	index *schema.Index
	pos   token.Position
}

// gormIndexKeys are the settings of index: and uniqueIndex: the reader
// knows.
var gormIndexKeys = []string{"CLASS", "TYPE", "WHERE", "COMMENT", "OPTION", "EXPRESSION", "SORT", "COLLATE", "LENGTH", "PRIORITY", "COMPOSITE", "UNIQUE"}

// indexes returns the indexes of m's index: and uniqueIndex: settings,
// as GORM's ParseIndexes merges them and the postgres driver creates
// them.
func (r *gormReader) indexes(m *gormModel, fail func(token.Position, string, ...any)) []gormIndex {
	type key struct {
		text     string
		plain    bool
		priority int
	}
	type idx struct {
		name, class, typ, where, option string
		keys                            []key
		pos                             token.Position
	}
	var list []*idx
	byName := map[string]*idx{}
	for _, f := range m.fields {
		if f.settings["INDEX"] == "" && f.settings["UNIQUEINDEX"] == "" {
			continue
		}
		for value := range strings.SplitSeq(f.tag, ";") {
			if value == "" {
				continue
			}
			v := strings.Split(value, ":")
			k := strings.TrimSpace(strings.ToUpper(v[0]))
			if k != "INDEX" && k != "UNIQUEINDEX" {
				continue
			}
			tag := strings.Join(v[1:], ":")
			name, rest, _ := strings.Cut(tag, ",")
			settings := gormTagSettings(rest, ",")
			for _, sk := range gormTagKeys(rest, ",") {
				if !slices.Contains(gormIndexKeys, sk) {
					fail(f.pos, "field %s: gorm tag %q: unknown index setting %q%s", f.name, f.tag, sk, suggestKey(sk, gormIndexKeys))
				}
			}
			if name == "" {
				sub := f.name
				if c, found := settings["COMPOSITE"]; found {
					if c == "" || c == "COMPOSITE" {
						fail(f.pos, "field %s: gorm tag %q: composite needs a name (GORM fails too)", f.name, f.tag)
						continue
					}
					sub = c
				}
				name = gormIndexName(m.table, sub)
			}
			if k == "UNIQUEINDEX" || settings["UNIQUE"] != "" {
				settings["CLASS"] = "UNIQUE"
			}
			priority, err := strconv.Atoi(settings["PRIORITY"])
			if err != nil {
				priority = 10
			}
			if f.dbName == "" || f.ignoreMigration {
				fail(f.pos, "field %s: an index on a field that is no column", f.name)
				continue
			}
			kt, plain := schema.QuoteIdent(f.dbName), true
			if e := settings["EXPRESSION"]; e != "" {
				kt, plain = e, false
			}
			if c := settings["COLLATE"]; c != "" {
				kt, plain = kt+" COLLATE "+c, false
			}
			if s := settings["SORT"]; s != "" {
				kt, plain = kt+" "+s, false
			}
			if err := r.fc.Fragment(schema.Fragment{Kind: schema.FragmentIndexKey, Text: kt}); err != nil {
				fail(f.pos, "field %s: gorm tag %q: index key %v", f.name, f.tag, err)
				continue
			}
			ix := byName[name]
			if ix == nil {
				ix = &idx{name: name, pos: f.pos}
				byName[name] = ix
				list = append(list, ix)
			}
			ix.class = cmp.Or(ix.class, settings["CLASS"])
			ix.typ = cmp.Or(ix.typ, settings["TYPE"])
			ix.where = cmp.Or(ix.where, settings["WHERE"])
			ix.option = cmp.Or(ix.option, settings["OPTION"])
			if plain {
				kt = f.dbName
			}
			ix.keys = append(ix.keys, key{kt, plain, priority})
			slices.SortStableFunc(ix.keys, func(a, b key) int { return cmp.Compare(a.priority, b.priority) })
		}
	}
	var out []gormIndex
	for _, ix := range list {
		si := &schema.Index{Name: ix.name}
		switch strings.ToUpper(ix.class) {
		case "":
		case "UNIQUE":
			si.Unique = true
		default:
			fail(ix.pos, "index %s: class %q is not PostgreSQL's (only UNIQUE is)", ix.name, ix.class)
			continue
		}
		if ix.typ != "" {
			method := strings.ToLower(ix.typ)
			if !slices.Contains(indexMethods, method) {
				fail(ix.pos, "index %s: type %q is no index method (want %s)", ix.name, ix.typ, strings.Join(indexMethods, ", "))
				continue
			}
			if method != "btree" {
				si.Method = method
			}
		}
		if o := strings.TrimSpace(ix.option); o != "" && !strings.EqualFold(o, "CONCURRENTLY") {
			fail(ix.pos, "index %s: option %q is not read (only CONCURRENTLY, which changes no schema)", ix.name, ix.option)
			continue
		}
		if ix.where != "" {
			if err := r.fc.Fragment(schema.Fragment{Kind: schema.FragmentExpr, Text: ix.where}); err != nil {
				fail(ix.pos, "index %s: where %v", ix.name, err)
				continue
			}
			si.Where = ix.where
		}
		plain := true
		for _, k := range ix.keys {
			plain = plain && k.plain
		}
		for _, k := range ix.keys {
			if plain {
				si.Columns = append(si.Columns, k.text)
			} else {
				si.Keys = append(si.Keys, k.text)
			}
		}
		out = append(out, gormIndex{si, ix.pos})
	}
	return out
}

// suggestKey returns " (did you mean X?)" with the setting key closest
// to key, or "". Keys are in upper case.
func suggestKey(key string, keys []string) string {
	lower := make([]string, len(keys))
	for i, k := range keys {
		lower[i] = strings.ToLower(k)
	}
	if s := suggest(key, lower); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", strings.ToUpper(s))
	}
	return ""
}

// constraint returns the foreign key of an association and the model
// whose table holds it (GORM's ParseConstraint), or nil when it makes
// none.
func (r *gormReader) constraint(rel *gormRel, fail func(token.Position, string, ...any)) (*schema.ForeignKey, *gormModel) {
	str := rel.constraint
	if str == "-" {
		return nil, nil
	}
	if rel.kind == "belongs_to" {
		for _, o := range slices.Concat(rel.fieldModel.rels, rel.fieldModel.registered) {
			if o == rel || o.fieldModel != rel.model || len(o.refs) != len(rel.refs) {
				continue
			}
			same := true
			for i, ref := range o.refs {
				if rel.refs[i].primary != ref.primary || rel.refs[i].foreign != ref.foreign {
					same = false
				}
			}
			if same {
				return nil, nil
			}
		}
	}
	settings := gormTagSettings(str, ",")
	name := ""
	if i := strings.IndexByte(str, ','); i != -1 && regexp.MustCompile(`^[\w-]+$`).MatchString(str[:i]) {
		name = str[:i]
	} else {
		name = gormFKName(rel.model.table, rel.name)
	}
	fk := &schema.ForeignKey{Name: name}
	for _, a := range []struct {
		key string
		dst *string
	}{{"ONDELETE", &fk.OnDelete}, {"ONUPDATE", &fk.OnUpdate}} {
		if v, ok := settings[a.key]; ok && v != "" {
			act, ok := parseAction(v)
			if !ok {
				fail(rel.declaredPos, "field %s: constraint %q: %s %q is no referential action (CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION)", rel.field.name, str, a.key, v)
				return nil, nil
			}
			*a.dst = act
		}
	}
	var owner, refModel *gormModel
	for _, ref := range rel.refs {
		if ref.primary == nil {
			continue
		}
		fk.Columns = append(fk.Columns, ref.foreign.dbName)
		fk.RefColumns = append(fk.RefColumns, ref.primary.dbName)
		if ref.ownPrimary {
			owner, refModel = ref.foreign.model, rel.model
		} else {
			owner, refModel = rel.model, ref.primary.model
		}
	}
	if owner == nil {
		return nil, nil
	}
	q := schema.QualifiedName{Schema: schema.DefaultSchema, Name: refModel.table}
	if sch, n, ok := strings.Cut(refModel.table, "."); ok {
		q = schema.QualifiedName{Schema: sch, Name: n}
	}
	fk.RefSchema, fk.RefTable = q.Schema, q.Name
	return fk, owner
}
