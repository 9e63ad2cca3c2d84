package parser

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemagen/schemagen/schema"
)

// This file reads the objects that models declare by their definition
// (schema.Object): extensions (//schemagen:extension), views and
// materialized views as Go structs (//schemagen:view), and the
// statements of SQL files (//schemagen:sql). The README's section
// "Objects declared by their definition" says what is read and refused.

// viewSyntax is the grammar of //schemagen:view, for error messages.
const viewSyntax = "//schemagen:view [materialized] [[schema.]NAME] (AS QUERY | FILE.sql)"

// extensionSyntax is the grammar of //schemagen:extension.
const extensionSyntax = "//schemagen:extension NAME [schema SCHEMA]"

// objectsOf returns the objects of the package-level directives pkgDirs
// (extension, sql) and of the types marked //schemagen:view, their
// dependencies not yet resolved.
func objectsOf(pkgDirs []directive, decls []*typeDecl, sp *sourcePositions, errs *ErrorList) []*pendingObj {
	var out []*pendingObj
	files := map[string]bool{}
	for _, d := range pkgDirs {
		switch d.name {
		case "extension":
			if po := parseExtensionDirective(d, errs); po != nil {
				out = append(out, po)
			}
		case "sql":
			for _, f := range sqlFiles(d, errs) {
				if files[f] {
					continue // named by two directives
				}
				files[f] = true
				src, err := os.ReadFile(f)
				if err != nil {
					errs.Add(d.pos, fmt.Sprintf("//schemagen:sql: %v", err))
					continue
				}
				out = append(out, parseSQLFile(f, string(src), errs)...)
			}
		}
	}
	for _, td := range decls {
		if td.dirs["view"] == nil {
			continue
		}
		if td.dirs["table"] != nil {
			errs.Add(td.dirs["view"][0].pos, fmt.Sprintf("type %s is marked both //schemagen:table and //schemagen:view; a struct is one or the other", td.ts.Name.Name))
			continue
		}
		if po := buildView(td, sp, errs); po != nil {
			out = append(out, po)
		}
	}
	return out
}

// parseExtensionDirective returns the extension of
// //schemagen:extension NAME [schema SCHEMA].
func parseExtensionDirective(d directive, errs *ErrorList) *pendingObj {
	args := strings.Fields(d.args)
	if len(args) != 1 && (len(args) != 3 || !strings.EqualFold(args[1], "schema")) {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:extension takes a name and an optional schema, got %q; want %s", d.args, extensionSyntax))
		return nil
	}
	name := args[0]
	if n, ok := identName(name); ok {
		name = n
	} else if strings.ContainsAny(name, `"'();`) {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:extension: invalid name %q", args[0]))
		return nil
	}
	if msg := checkIdent("extension", name); msg != "" {
		errs.Add(d.pos, "//schemagen:extension: "+msg)
		return nil
	}
	o := &schema.Object{Kind: schema.KindExtension, Schema: schema.DefaultSchema, Name: name,
		Definition: "CREATE EXTENSION " + schema.QuoteIdent(name)}
	if len(args) == 3 {
		s, ok := identName(args[2])
		// pg_catalog too: some extensions are installed there.
		if msg := checkIdent("extension schema", s); !ok || msg != "" {
			errs.Add(d.pos, fmt.Sprintf("//schemagen:extension %s: invalid schema %q", name, args[2]))
			return nil
		}
		o.Schema = s
		o.Definition += " SCHEMA " + schema.QuoteIdent(s)
	}
	return &pendingObj{obj: o, pos: d.pos}
}

// sqlFiles returns the files, absolute and sorted, that a //schemagen:sql
// directive names: a file or a glob relative to the folder of the Go file
// that holds the directive, which every match must lie in (or below), and
// end in .sql.
func sqlFiles(d directive, errs *ErrorList) []string {
	pattern := strings.TrimSpace(d.args)
	if pattern == "" || strings.ContainsAny(pattern, " \t") {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:sql takes one file name or glob, got %q", d.args))
		return nil
	}
	dir := filepath.Dir(d.pos.Filename)
	if filepath.IsAbs(pattern) || slices.Contains(strings.Split(filepath.ToSlash(pattern), "/"), "..") {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: name a file in the models' folder or below it, relative to it", pattern))
		return nil
	}
	if _, err := filepath.Match(pattern, ""); err != nil {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: %v", pattern, err))
		return nil
	}
	matches, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(matches) == 0 {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: no file matches", pattern))
		return nil
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: %v", pattern, err))
		return nil
	}
	var out []string
	for _, m := range matches {
		rel, _ := filepath.Rel(dir, m)
		if !strings.HasSuffix(m, ".sql") {
			errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: %s is no .sql file", pattern, rel))
			continue
		}
		real, err := filepath.EvalSymlinks(m)
		if err != nil {
			errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: %v", pattern, err))
			continue
		}
		if r, err := filepath.Rel(realDir, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: %s lies outside the models' folder", pattern, rel))
			continue
		}
		if fi, err := os.Stat(real); err != nil || !fi.Mode().IsRegular() {
			errs.Add(d.pos, fmt.Sprintf("//schemagen:sql %s: %s is no regular file", pattern, rel))
			continue
		}
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// buildView returns the view or materialized view of a struct marked
// //schemagen:view, its columns the struct's fields.
func buildView(td *typeDecl, sp *sourcePositions, errs *ErrorList) *pendingObj {
	d := td.dirs["view"][0]
	fail := func(format string, a ...any) *pendingObj {
		errs.Add(d.pos, fmt.Sprintf(format, a...))
		return nil
	}
	obj, _ := td.pkg.TypesInfo.Defs[td.ts.Name].(*types.TypeName)
	if obj == nil {
		return nil
	}
	st, ok := obj.Type().Underlying().(*types.Struct)
	if !ok || td.ts.TypeParams != nil {
		return fail("//schemagen:view on %s, which is not a plain struct type", td.ts.Name.Name)
	}
	kind := schema.KindView
	s := strings.TrimSpace(d.args)
	word := func() string {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			i = len(s)
		}
		return s[:i]
	}
	next := func() { s = strings.TrimSpace(s[len(word()):]) }
	if strings.EqualFold(word(), "materialized") {
		kind = schema.KindMaterializedView
		next()
	}
	name := schema.QualifiedName{Schema: schema.DefaultSchema, Name: snakeCase(td.ts.Name.Name)}
	isFile := func(w string) bool { return strings.HasSuffix(w, ".sql") && w == s }
	if w := word(); w != "" && !strings.EqualFold(w, "as") && !isFile(w) {
		q, msg := parseTableName(w)
		if msg != "" {
			return fail("//schemagen:view: %s", msg)
		}
		name = q
		next()
	} else if msg := checkIdent(string(kind), name.Name); msg != "" {
		return fail("%s (the snake_case of %s); name the view: %s", msg, td.ts.Name.Name, viewSyntax)
	}
	var query, file string
	switch w := word(); {
	case strings.EqualFold(w, "as"):
		next()
		query = s
		if query == "" {
			return fail("//schemagen:view %s: AS needs a query", name.Name)
		}
	case isFile(w):
		file = w
		if filepath.IsAbs(w) || slices.Contains(strings.Split(filepath.ToSlash(w), "/"), "..") {
			return fail("//schemagen:view %s: name a file in the model's folder or below it, relative to it", name.Name)
		}
		path := filepath.Join(filepath.Dir(d.pos.Filename), w)
		src, err := os.ReadFile(path)
		if err != nil {
			return fail("//schemagen:view %s: %v", name.Name, err)
		}
		q, pos, msg := queryOfFile(path, string(src))
		if msg != "" {
			errs.Add(pos, msg)
			return nil
		}
		query = q
	default:
		return fail("//schemagen:view %s: want AS QUERY or FILE.sql after the name: %s", name.Name, viewSyntax)
	}
	prefix := "CREATE VIEW "
	if kind == schema.KindMaterializedView {
		prefix = "CREATE MATERIALIZED VIEW "
	}
	def := prefix + schema.QuoteQualified(name) + " AS " + query
	po, msg := viewOfDefinition(kind, name, def)
	if msg != "" {
		if file != "" {
			return fail("//schemagen:view %s: the query of %s %s", name.Name, file, msg)
		}
		return fail("//schemagen:view %s: the query %s", name.Name, msg)
	}
	po.pos = d.pos
	po.obj.Columns = viewColumns(td, st, sp, errs)
	return po
}

// queryOfFile returns the one query that the SQL file src holds (a
// trailing semicolon and comments allowed), or the position and text of
// what is wrong.
func queryOfFile(file, src string) (string, token.Position, string) {
	start := token.Position{Filename: file, Line: 1, Column: 1}
	tree, err := pg_query.Parse(src)
	if err != nil {
		return "", parseErrorPos(file, src, err), "SQL: " + lexMessageFull(err)
	}
	stmts := tree.GetStmts()
	if len(stmts) != 1 {
		return "", start, fmt.Sprintf("a view's SQL file holds one query, not %d statements", len(stmts))
	}
	raw := stmts[0]
	end := len(src)
	if n := raw.GetStmtLen(); n > 0 {
		end = int(raw.GetStmtLocation() + n)
	}
	text, off := statementText(src[raw.GetStmtLocation():end])
	if raw.GetStmt().GetSelectStmt() == nil {
		return "", positionAt(file, src, int(raw.GetStmtLocation())+off), fmt.Sprintf("%s is no query: a view's SQL file holds one SELECT (or VALUES, or WITH ... SELECT)", statementName(text))
	}
	return text, start, ""
}

// viewOfDefinition checks def, the CREATE [MATERIALIZED] VIEW statement
// of a view named name: it must parse as that one statement and nothing
// else.
func viewOfDefinition(kind schema.ObjectKind, name schema.QualifiedName, def string) (*pendingObj, string) {
	tree, err := pg_query.Parse(def)
	if err != nil {
		return nil, "is not valid SQL: " + lexMessageFull(err)
	}
	stmts := tree.GetStmts()
	if len(stmts) != 1 {
		return nil, "holds a second statement"
	}
	raw := stmts[0]
	end := len(def)
	if n := raw.GetStmtLen(); n > 0 {
		end = int(raw.GetStmtLocation() + n)
	}
	text, _ := statementText(def[raw.GetStmtLocation():end])
	po, msg := objectOfStatement(raw.GetStmt(), text)
	if msg != "" {
		return nil, "is more than a query: " + msg
	}
	if po.obj.Kind != kind || po.obj.Schema != name.Schema || po.obj.Name != name.Name {
		return nil, "is more than a query"
	}
	if vs := raw.GetStmt().GetViewStmt(); vs != nil && vs.GetWithCheckOption() != pg_query.ViewCheckOption_NO_CHECK_OPTION {
		return nil, "holds WITH CHECK OPTION, which the directive does not take; declare such a view in an SQL file (//schemagen:sql)"
	}
	return po, ""
}

// viewColumns returns the column names of a view's struct: the db tag's
// name of each exported field (snake_case of the field's name when
// empty), embedded structs flattened, fields tagged "-" left out. A
// view's column takes no options: its type and the rest come from the
// query.
func viewColumns(td *typeDecl, st *types.Struct, sp *sourcePositions, errs *ErrorList) []string {
	var cols []string
	seen := map[string]token.Position{}
	var add func(st *types.Struct, path []*types.Struct)
	add = func(st *types.Struct, path []*types.Struct) {
		for i := range st.NumFields() {
			f := st.Field(i)
			pos := sp.fieldPos(td.pkg.Fset, f)
			tag, hasTag := reflect.StructTag(st.Tag(i)).Lookup("db")
			if hasTag && tag == "-" {
				continue
			}
			if inner := embeddedStruct(f); inner != nil {
				if !slices.Contains(path, inner) {
					add(inner, append(path, inner))
				}
				continue
			}
			if !f.Exported() {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if opts != "" {
				errs.Add(pos, fmt.Sprintf("field %s: a view's column takes no options (%q): its type, nullability and the rest come from the query", f.Name(), opts))
			}
			name = cmp.Or(name, snakeCase(f.Name()))
			if first, dup := seen[name]; dup {
				errs.Add(pos, fmt.Sprintf("duplicate column %q (also at %s)", name, formatPos(first)))
				continue
			}
			seen[name] = pos
			cols = append(cols, name)
		}
	}
	add(st, []*types.Struct{st})
	return cols
}

// addObjects adds the objects of the models to s: it reports duplicates
// and names that clash with tables, enums or each other, adds their
// schemas to s.Schemas, and resolves what each depends on.
func addObjects(s *schema.Schema, objs []*pendingObj, pf posFormatter, errs *ErrorList) {
	ids := map[schema.ObjectID]*pendingObj{}
	type named struct {
		what string
		pos  string
	}
	rels := map[schema.QualifiedName]named{} // pg_class names
	typs := map[schema.QualifiedName]named{} // pg_type names
	for _, t := range s.Tables {
		rels[t.QualifiedName()] = named{"table", t.Pos}
		typs[t.QualifiedName()] = named{"table", t.Pos}
		// The indexes of a table and of its keys, and its serial
		// sequences, take relation names of its schema too.
		rel := func(what, name string) {
			q := schema.QualifiedName{Schema: t.Schema, Name: name}
			if _, ok := rels[q]; !ok && name != "" {
				rels[q] = named{what + " of table " + t.QualifiedName().String() + ",", t.Pos}
			}
		}
		if t.PrimaryKey != nil {
			rel("primary key", t.PrimaryKey.Name)
		}
		for _, u := range t.Uniques {
			rel("unique constraint", u.Name)
		}
		for _, x := range t.Exclusions {
			rel("exclusion constraint", x.Name)
		}
		for _, ix := range t.Indexes {
			rel("index", ix.Name)
		}
		for _, c := range t.Columns {
			rel("serial sequence", c.Sequence)
		}
	}
	for _, e := range s.Enums {
		typs[e.QualifiedName()] = named{"enum", e.Pos}
	}
	var kept []*pendingObj
	for _, po := range objs {
		o := po.obj
		o.Pos = pf.format(po.pos)
		if first, ok := ids[o.ID()]; ok {
			errs.Add(po.pos, fmt.Sprintf("duplicate %s %s (also at %s)", o.Kind, describeID(o), pf.format(first.pos)))
			continue
		}
		q := schema.QualifiedName{Schema: o.Schema, Name: o.Name}
		clash := false
		check := func(m map[schema.QualifiedName]named) {
			if n, ok := m[q]; ok && !clash {
				errs.Add(po.pos, fmt.Sprintf("%s %s has the name of %s %s (also at %s)", o.Kind, q, n.what, q, n.pos))
				clash = true
			}
		}
		switch o.Kind {
		case schema.KindView, schema.KindMaterializedView, schema.KindCompositeType:
			check(rels)
			check(typs)
		case schema.KindSequence, schema.KindIndex:
			check(rels)
		case schema.KindDomain:
			check(typs)
		}
		if clash {
			continue
		}
		switch o.Kind {
		case schema.KindView, schema.KindMaterializedView, schema.KindCompositeType:
			rels[q], typs[q] = named{string(o.Kind), o.Pos}, named{string(o.Kind), o.Pos}
		case schema.KindSequence, schema.KindIndex:
			rels[q] = named{string(o.Kind), o.Pos}
		case schema.KindDomain:
			typs[q] = named{string(o.Kind), o.Pos}
		}
		ids[o.ID()] = po
		kept = append(kept, po)
	}
	// An index in an SQL file is one of a materialized view of the
	// models; a table's indexes are the table's.
	kept = slices.DeleteFunc(kept, func(po *pendingObj) bool {
		o := po.obj
		if o.Kind != schema.KindIndex {
			return false
		}
		q := schema.QualifiedName{Schema: o.Schema, Name: o.Table}
		if slices.ContainsFunc(kept, func(v *pendingObj) bool {
			return v.obj.Kind == schema.KindMaterializedView && v.obj.Schema == q.Schema && v.obj.Name == q.Name
		}) {
			return false
		}
		if _, ok := s.Table(q); ok {
			errs.Add(po.pos, fmt.Sprintf("CREATE INDEX %s: %s is a table, whose indexes are //schemagen:index directives or index options of its model", o.Name, q))
		} else {
			errs.Add(po.pos, fmt.Sprintf("CREATE INDEX %s: %s is no materialized view of the models", o.Name, q))
		}
		return true
	})
	for _, po := range kept {
		resolveObjectDeps(s, po, kept)
		s.Objects = append(s.Objects, po.obj)
		if sch := po.obj.Schema; sch != schema.DefaultSchema && !slices.Contains(s.Schemas, sch) {
			s.Schemas = append(s.Schemas, sch)
		}
	}
	slices.Sort(s.Schemas)
}

// describeID names an object for messages: schema.name, or name on
// schema.table for a trigger, policy or rule.
func describeID(o *schema.Object) string {
	if o.Table != "" {
		return o.Name + " on " + o.Schema + "." + o.Table
	}
	return o.Schema + "." + o.Name
}

// resolveObjectDeps sets po's DependsOn from the names its definition
// references: the model tables, views, materialized views, functions,
// domains and composite types among all that they name (a table's row
// type used as a type too) (an unqualified
// name is looked up in public, as the default search_path does), and a
// trigger's, policy's or rule's table.
func resolveObjectDeps(s *schema.Schema, po *pendingObj, all []*pendingObj) {
	o := po.obj
	var deps []schema.Dependency
	add := func(d schema.Dependency) {
		if d.Kind == o.Kind && d.Schema == o.Schema && d.Name == o.Name && d.Table == o.Table {
			return
		}
		if !slices.Contains(deps, d) {
			deps = append(deps, d)
		}
	}
	qualify := func(q schema.QualifiedName) schema.QualifiedName {
		if q.Schema == "" {
			q.Schema = schema.DefaultSchema
		}
		return q
	}
	for _, r := range po.rels {
		r = qualify(r)
		found := false
		for _, other := range all {
			oo := other.obj
			if (oo.Kind == schema.KindView || oo.Kind == schema.KindMaterializedView || oo.Kind == schema.KindSequence) && oo.Schema == r.Schema && oo.Name == r.Name && oo != o {
				add(schema.Dependency{Kind: oo.Kind, Schema: oo.Schema, Name: oo.Name})
				found = true
			}
		}
		if !found && slices.ContainsFunc(s.Tables, func(t *schema.Table) bool { return t.QualifiedName() == r }) {
			add(schema.Dependency{Kind: schema.KindTable, Schema: r.Schema, Name: r.Name})
		}
	}
	addColumns(s, po, add)
	funcs := po.funcs
	if po.trigFunc != nil {
		funcs = append(slices.Clip(funcs), *po.trigFunc)
	}
	for _, f := range funcs {
		f = qualify(f)
		for _, other := range all {
			oo := other.obj
			if oo.Kind == schema.KindFunction && oo.Schema == f.Schema && strings.HasPrefix(oo.Name, f.Name+"(") {
				add(schema.Dependency{Kind: oo.Kind, Schema: oo.Schema, Name: oo.Name})
			}
		}
	}
	for _, t := range po.types {
		t = qualify(t)
		// A table's row type: the object depends on the table, and is
		// created after it.
		if slices.ContainsFunc(s.Tables, func(tb *schema.Table) bool { return tb.QualifiedName() == t }) {
			add(schema.Dependency{Kind: schema.KindTable, Schema: t.Schema, Name: t.Name})
		}
		if _, ok := s.Enum(t); ok {
			add(schema.Dependency{Kind: schema.KindEnum, Schema: t.Schema, Name: t.Name})
		}
		for _, other := range all {
			oo := other.obj
			if (oo.Kind == schema.KindDomain || oo.Kind == schema.KindCompositeType) && oo.Schema == t.Schema && oo.Name == t.Name {
				add(schema.Dependency{Kind: oo.Kind, Schema: oo.Schema, Name: oo.Name})
			}
		}
	}
	if o.Kind == schema.KindView || o.Kind == schema.KindMaterializedView || o.Kind == schema.KindStatistics {
		// PostgreSQL records a view's (or statistics') dependencies on
		// the columns it uses, and on a table as a whole only where it
		// uses none.
		deps = slices.DeleteFunc(deps, func(d schema.Dependency) bool {
			return d.Kind == schema.KindTable && d.Column == "" && slices.ContainsFunc(deps, func(c schema.Dependency) bool {
				return c.Kind == schema.KindTable && c.Schema == d.Schema && c.Name == d.Name && c.Column != ""
			})
		})
	}
	o.DependsOn = deps
}

// addColumns adds the dependencies of po on the columns of model tables
// that its column references name, as PostgreSQL records them for a
// view, rule or policy: a reference qualified by a table's name or alias
// names that table's column; an unqualified one, the column of that name
// of each model table the definition names; a star, every column.
// References to columns of subqueries or functions that share a name with
// a table's column count too: a dependency too many makes a plan
// recreate an object it could have kept, never the other way.
func addColumns(s *schema.Schema, po *pendingObj, add func(schema.Dependency)) {
	if len(po.cols) == 0 || len(po.aliases) == 0 {
		return
	}
	tableOf := func(q schema.QualifiedName) *schema.Table {
		if q.Schema == "" {
			q.Schema = schema.DefaultSchema
		}
		t, _ := s.Table(q)
		return t
	}
	var named []*schema.Table
	for _, q := range po.aliases {
		if t := tableOf(q); t != nil && !slices.Contains(named, t) {
			named = append(named, t)
		}
	}
	slices.SortFunc(named, func(a, b *schema.Table) int {
		return strings.Compare(a.QualifiedName().String(), b.QualifiedName().String())
	})
	dep := func(t *schema.Table, col string) {
		if col == "*" {
			for _, c := range t.Columns {
				add(schema.Dependency{Kind: schema.KindTable, Schema: t.Schema, Name: t.Name, Column: c.Name})
			}
			return
		}
		if _, ok := t.Column(col); ok {
			add(schema.Dependency{Kind: schema.KindTable, Schema: t.Schema, Name: t.Name, Column: col})
		}
	}
	for _, ref := range po.cols {
		switch len(ref) {
		case 0:
		case 1:
			for _, t := range named {
				dep(t, ref[0])
			}
		default:
			qual := ref[len(ref)-2]
			var t *schema.Table
			if len(ref) >= 3 {
				t = tableOf(schema.QualifiedName{Schema: ref[len(ref)-3], Name: qual})
			} else if q, ok := po.aliases[qual]; ok {
				t = tableOf(q)
			}
			if t != nil {
				dep(t, ref[len(ref)-1])
			}
		}
	}
}
