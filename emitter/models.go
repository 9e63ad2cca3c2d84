package emitter

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/schemagen/schemagen/schema"
)

// ModelOptions controls [Models]. The zero value is valid.
type ModelOptions struct {
	// Package is the Go package name of the models; empty means "models".
	Package string
	// SQLFile is the name of the file that holds, as SQL, the objects
	// that are no table (views, functions, triggers, ...); empty means
	// "schema.sql". It is written only when the schema has such objects.
	SQLFile string
}

// UnexpressibleError lists what a schema holds that Go models cannot say
// (package parser reads no directive or tag for it), each naming the
// object. [Models] returns it rather than leave anything out.
type UnexpressibleError struct {
	// Problems are sentences, one per object, sorted.
	Problems []string
}

func (e *UnexpressibleError) Error() string {
	return fmt.Sprintf("the models cannot express %d thing(s) of the schema:\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Models renders s as a Go model package that package parser reads back
// to s: the file names and their gofmt'ed contents. The caller writes
// the files.
//
// The package has doc.go (the package comment, with //schemagen:schema
// for schemas that have comments or no tables, and //schemagen:sql for
// the SQL file), enums.go (a string type marked //schemagen:enum per
// enum, with its values as typed constants in the enum's order), one
// file per schema, SCHEMA_tables.go, with a struct per table (sorted by
// name), and the SQL file with the objects that are no table, in an
// order where every object follows those it depends on.
//
// Go names follow Go's conventions: CamelCase of the SQL name with
// initialisms in upper case (user_id UserID), "X" before a name that
// would not start with an upper-case letter, a number after a name taken
// already; a struct of a table outside public starts with its schema's
// name (audit.users AuditUsers). Every field's db tag names its column.
// A nullable column is a pointer (*string, *int64, *time.Time, ...); a
// NOT NULL one is not. The Go type is the one that pgx and database/sql
// scan the column into (bool, int16, int32, int64, float32, float64,
// string, []byte, time.Time, json.RawMessage, an enum type, and slices
// of these for arrays); numeric, uuid, inet, interval and every other
// type are strings. The tag says type: whenever the parser's inference
// from the Go type would not spell the column's type exactly as s does.
//
// Keys the pk, unique and fk: options of fields cannot say (another
// name than the derived one, columns in another order than the fields',
// a foreign key over several columns) are written as the table
// directives //schemagen:primarykey, //schemagen:unique and
// //schemagen:foreignkey.
//
// What the models cannot express (a name a directive cannot hold, a NOT
// VALID constraint, ...) is not left out: Models returns an
// [*UnexpressibleError] naming each object.
func Models(s *schema.Schema, opts ModelOptions) (map[string][]byte, error) {
	pkg := cmp.Or(opts.Package, "models")
	if err := checkPackage(pkg); err != nil {
		return nil, fmt.Errorf("emit models: %w", err)
	}
	sqlFile := cmp.Or(opts.SQLFile, "schema.sql")
	if !strings.HasSuffix(sqlFile, ".sql") || strings.ContainsAny(sqlFile, "/\\ \t\n*?[") {
		return nil, fmt.Errorf("emit models: SQL file name %q: want a plain NAME.sql", sqlFile)
	}
	g := &modelGen{s: reparsable(s), pkg: pkg, types: names{}, enumTypes: map[schema.QualifiedName]string{}}
	g.plan()
	files := map[string][]byte{}
	emit := func(name string, src []byte) {
		if src == nil {
			return
		}
		out, err := formatSource(name, src)
		if err != nil {
			g.problems = append(g.problems, err.Error())
			return
		}
		files[name] = out
	}
	emit("enums.go", g.enumsFile())
	for _, f := range g.tableFiles() {
		emit(f.name, f.src)
	}
	sqlSrc := g.sqlFile()
	emit("doc.go", g.docFile(sqlSrc != nil, sqlFile))
	if sqlSrc != nil {
		files[sqlFile] = sqlSrc
	}
	if len(g.problems) > 0 {
		slices.Sort(g.problems)
		return nil, &UnexpressibleError{Problems: slices.Compact(g.problems)}
	}
	return files, nil
}

// modelGen holds the state of one [Models] run.
type modelGen struct {
	s        *schema.Schema
	pkg      string
	problems []string
	// types are the package-level names taken: structs, enum types and
	// their constants.
	types names
	// enumTypes maps each enum to its Go type's name, and enumByType
	// each enum's name as column types spell it to the same.
	enumTypes  map[schema.QualifiedName]string
	enumByType map[string]string
	// tables holds the tables of s.
	tables map[schema.QualifiedName]bool
	// structs maps each table that has a struct to its name, in
	// [modelGen.plan]'s order.
	structs map[schema.QualifiedName]string
	// partitions lists, by the model table at their root, the partitions
	// declared on it, parents before children.
	partitions map[schema.QualifiedName][]*schema.Table
}

// problem records what the models cannot express.
func (g *modelGen) problem(format string, args ...any) {
	g.problems = append(g.problems, fmt.Sprintf(format, args...))
}

// sortedTables returns the tables of s sorted by schema, then name.
func (g *modelGen) sortedTables() []*schema.Table {
	ts := slices.Clone(g.s.Tables)
	slices.SortFunc(ts, func(a, b *schema.Table) int {
		return cmp.Or(strings.Compare(a.Schema, b.Schema), strings.Compare(a.Name, b.Name))
	})
	return ts
}

// sortedEnums returns the enums of s sorted by schema, then name.
func (g *modelGen) sortedEnums() []*schema.Enum {
	es := slices.Clone(g.s.Enums)
	slices.SortFunc(es, func(a, b *schema.Enum) int {
		return cmp.Or(strings.Compare(a.Schema, b.Schema), strings.Compare(a.Name, b.Name))
	})
	return es
}

// plan names the Go types: enums first, then the structs of the tables
// that are no partitions, and finds the root of each partition.
func (g *modelGen) plan() {
	g.enumByType, g.tables = map[string]string{}, map[schema.QualifiedName]bool{}
	for _, e := range g.sortedEnums() {
		name := g.types.unique(qualifiedGoName(e.Schema, e.Name))
		g.enumTypes[e.QualifiedName()], g.enumByType[e.TypeName()] = name, name
	}
	for _, t := range g.s.Tables {
		g.tables[t.QualifiedName()] = true
	}
	g.structs = map[schema.QualifiedName]string{}
	g.partitions = map[schema.QualifiedName][]*schema.Table{}
	sorted := g.sortedTables()
	children := map[schema.QualifiedName][]*schema.Table{}
	for _, t := range sorted {
		if t.PartitionOf == nil {
			g.structs[t.QualifiedName()] = g.types.unique(qualifiedGoName(t.Schema, t.Name))
		} else {
			children[t.PartitionOf.Parent] = append(children[t.PartitionOf.Parent], t)
		}
	}
	// Partitions go on their root's model, parents before children.
	var walk func(root, parent schema.QualifiedName, depth int)
	walk = func(root, parent schema.QualifiedName, depth int) {
		if depth > len(sorted) {
			return // a cycle, which no catalog holds
		}
		for _, t := range children[parent] {
			g.partitions[root] = append(g.partitions[root], t)
			walk(root, t.QualifiedName(), depth+1)
		}
	}
	for _, t := range sorted {
		if t.PartitionOf == nil && t.PartitionBy != "" {
			walk(t.QualifiedName(), t.QualifiedName(), 0)
		}
	}
	declared := map[schema.QualifiedName]bool{}
	for _, ps := range g.partitions {
		for _, p := range ps {
			declared[p.QualifiedName()] = true
		}
	}
	for _, t := range sorted {
		if t.PartitionOf != nil && !declared[t.QualifiedName()] {
			g.problem("partition %s: its parent %s is not among the tables imported", t.QualifiedName(), t.PartitionOf.Parent)
		}
	}
}

// qualifiedGoName is the Go name of a table or enum: its schema's name
// first outside public.
func qualifiedGoName(nsp, name string) string {
	if nsp == schema.DefaultSchema {
		return exportedName(name)
	}
	return exportedName(nsp) + camel(name)
}

// header starts a Go file of the package.
func (g *modelGen) header(b *bytes.Buffer, imports []string) {
	fmt.Fprintf(b, "package %s\n\n", g.pkg)
	if len(imports) > 0 {
		b.WriteString("import (\n")
		for _, imp := range imports {
			fmt.Fprintf(b, "\t%q\n", imp)
		}
		b.WriteString(")\n\n")
	}
}

// enumsFile returns enums.go, or nil when s has no enums.
func (g *modelGen) enumsFile() []byte {
	if len(g.s.Enums) == 0 {
		return nil
	}
	var b bytes.Buffer
	g.header(&b, nil)
	for _, e := range g.sortedEnums() {
		q := e.QualifiedName()
		typ := g.enumTypes[q]
		if !enumName.MatchString(e.Name) || (e.Schema != schema.DefaultSchema && !enumName.MatchString(e.Schema)) {
			g.problem("enum %s: the models name an enum unquoted, so its schema and name must be lower-case identifiers ([a-z_][a-z0-9_]*)", q)
		}
		if len(e.Values) == 0 {
			g.problem("enum %s has no values: the models declare an enum by its values", q)
		}
		fmt.Fprintf(&b, "// %s is the enum type %s.\n//\n//schemagen:enum %s\ntype %s string\n\n", typ, commentText(q.String()), e.TypeName(), typ)
		if len(e.Values) == 0 {
			continue
		}
		fmt.Fprintf(&b, "// The values of %s, in the enum's order.\nconst (\n", typ)
		for i, v := range e.Values {
			switch {
			case !utf8.ValidString(v):
				g.problem("enum %s: value %q is not valid UTF-8", q, v)
			case v == "":
				g.problem("enum %s: the empty value '' (PostgreSQL takes it, but the models declare enum values of 1 to %d bytes); rename it first (ALTER TYPE ... RENAME VALUE '' TO ...)", q, schema.MaxIdentifierLength)
			}
			suffix := camel(v)
			if suffix == "" {
				// A value without letters or digits ("-"): its place.
				suffix = "Value" + strconv.Itoa(i+1)
			}
			fmt.Fprintf(&b, "\t%s %s = %s\n", g.types.unique(typ+suffix), typ, strconv.Quote(v))
		}
		b.WriteString(")\n\n")
	}
	return b.Bytes()
}

// enumName is what each part of an enum's name must be for a model to
// declare it (see package parser).
var enumName = regexpMust(`^[a-z_][a-z0-9_]*$`)

// docFile returns doc.go: the package comment and the package-level
// directives.
func (g *modelGen) docFile(hasSQL bool, sqlFile string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Package %s holds the models of the database schema, written by\n// `schemagen import`.", g.pkg)
	b.WriteString("\n// Edit them as your own: `schemagen revision --autogenerate` turns\n// each change into a migration.\n")
	var dirs []string
	tabled := map[string]bool{}
	for _, t := range g.s.Tables {
		tabled[t.Schema] = true
	}
	for _, e := range g.s.Enums {
		tabled[e.Schema] = true
	}
	for _, nsp := range g.s.Schemas {
		if nsp == schema.DefaultSchema {
			continue
		}
		c, commented := g.s.SchemaComments[nsp]
		switch {
		case commented && c != "":
			if msg := directiveTextProblem(c); msg != "" || strings.Contains(c, "\n") {
				g.problem("schema %s: its comment %s: a //schemagen:schema directive holds one line without leading or trailing spaces nor \" //\"", nsp, strconv.Quote(c))
				continue
			}
			if len(strings.Fields(nsp)) != 1 || nsp != strings.TrimSpace(nsp) {
				g.problem("schema %s: a //schemagen:schema directive cannot name a schema holding spaces", strconv.Quote(nsp))
				continue
			}
			dirs = append(dirs, fmt.Sprintf("//schemagen:schema %s comment %s", nsp, c))
		case !tabled[nsp] && !g.objectSchema(nsp):
			g.problem("schema %s holds nothing imported and has no comment: the models declare a schema by what it holds or by //schemagen:schema NAME comment TEXT; give it a comment, or leave it out (--exclude-schema)", nsp)
		}
	}
	if hasSQL {
		dirs = append(dirs, "//schemagen:sql "+sqlFile)
	}
	if len(dirs) > 0 {
		b.WriteString("//\n")
		for _, d := range dirs {
			b.WriteString(d + "\n")
		}
	}
	fmt.Fprintf(&b, "package %s\n", g.pkg)
	return b.Bytes()
}

// objectSchema reports whether an object of s lives in nsp.
func (g *modelGen) objectSchema(nsp string) bool {
	for _, o := range g.s.Objects {
		if o.Schema == nsp {
			return true
		}
	}
	return false
}

// modelFile is one Go file of the models.
type modelFile struct {
	name string
	src  []byte
}

// tableFiles returns SCHEMA_tables.go for each schema with tables.
func (g *modelGen) tableFiles() []modelFile {
	bySchema := map[string][]*schema.Table{}
	for _, t := range g.sortedTables() {
		if t.PartitionOf == nil {
			bySchema[t.Schema] = append(bySchema[t.Schema], t)
		}
	}
	fileNames := names{"doc": true, "enums": true}
	var out []modelFile
	for _, nsp := range slices.Sorted(maps.Keys(bySchema)) {
		var body bytes.Buffer
		imports := map[string]bool{}
		for _, t := range bySchema[nsp] {
			g.writeStruct(&body, t, imports)
		}
		var b bytes.Buffer
		g.header(&b, slices.Sorted(maps.Keys(imports)))
		b.Write(body.Bytes())
		out = append(out, modelFile{name: fileNames.unique(fileStem(nsp)) + "_tables.go", src: b.Bytes()})
	}
	return out
}

// fileStem returns a file name part for schema nsp: lower-case letters,
// digits and underscores, starting with a letter.
func fileStem(nsp string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(nsp) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
			b.WriteByte('_')
		}
	}
	stem := strings.Trim(b.String(), "_")
	if stem == "" || !unicode.IsLetter(rune(stem[0])) {
		stem = "s" + stem
	}
	return stem
}

// writeStruct writes the model of table t.
func (g *modelGen) writeStruct(b *bytes.Buffer, t *schema.Table, imports map[string]bool) {
	q := t.QualifiedName()
	name := g.structs[q]
	var dirs []string
	tableName := t.Name
	if t.Schema != schema.DefaultSchema {
		tableName = t.Schema + "." + t.Name
	}
	if msg := g.tableNameProblem(q); msg != "" {
		g.problem("table %s: %s", q, msg)
	}
	dirs = append(dirs, "table "+tableName)
	if t.Comment != "" && strings.TrimSpace(t.Comment) == "" {
		g.problem("table %s: its comment %s is white space alone, which //schemagen:comment does not hold", q, strconv.Quote(t.Comment))
	} else if t.Comment != "" {
		for _, line := range strings.Split(t.Comment, "\n") {
			if msg := directiveTextProblem(line); msg != "" {
				g.problem("table %s: its comment: %s", q, msg)
				break
			}
			dirs = append(dirs, strings.TrimRight("comment "+line, " "))
		}
	}
	for _, ix := range t.Indexes {
		if d, ok := g.indexDirective(t, ix); ok {
			dirs = append(dirs, d)
		}
	}
	for _, c := range t.Checks {
		if c.NotValid {
			g.problem("table %s: check constraint %s is NOT VALID: the models declare valid constraints only; validate it first (ALTER TABLE ... VALIDATE CONSTRAINT)", q, c.Name)
		}
		if msg := cmp.Or(objectNameProblem(c.Name), sqlLineProblem(c.Expr)); msg != "" {
			g.problem("table %s: check constraint %s: %s", q, c.Name, msg)
			continue
		}
		d := fmt.Sprintf("check %s %s", c.Name, c.Expr)
		if c.NoInherit {
			d += " NO INHERIT"
		}
		dirs = append(dirs, d)
	}
	for _, x := range t.Exclusions {
		if msg := cmp.Or(objectNameProblem(x.Name), sqlLineProblem(x.Definition)); msg != "" {
			g.problem("table %s: exclusion constraint %s: %s", q, x.Name, msg)
			continue
		}
		d := fmt.Sprintf("exclude %s %s", x.Name, x.Definition)
		if def := x.Deferral().String(); def != "" {
			d += " " + def
		}
		dirs = append(dirs, d)
	}
	dirs = append(dirs, g.constraintDirectives(t)...)
	if t.Unlogged {
		dirs = append(dirs, "unlogged")
	}
	if len(t.Options) > 0 {
		if msg := optionsProblem(t.Options); msg != "" {
			g.problem("table %s: storage parameters: %s", q, msg)
		} else {
			dirs = append(dirs, "with "+strings.Join(t.Options, " "))
		}
	}
	switch {
	case t.ForceRowSecurity && !t.RowSecurity:
		g.problem("table %s: FORCE ROW LEVEL SECURITY without ENABLE: the models force row level security only where they enable it", q)
	case t.ForceRowSecurity:
		dirs = append(dirs, "rowsecurity force")
	case t.RowSecurity:
		dirs = append(dirs, "rowsecurity")
	}
	dirs = append(dirs, g.partitionDirectives(t)...)
	if len(t.Inherits) > 0 {
		var ps []string
		for _, p := range t.Inherits {
			if msg := g.tableNameProblem(p); msg != "" {
				g.problem("table %s: parent %s: %s", q, p, msg)
			}
			if !g.tables[p] {
				g.problem("table %s inherits from %s, which is not among the tables imported (a filter leaves it out?): import it too, or leave out %s", q, p, q)
			}
			ps = append(ps, p.Schema+"."+p.Name)
		}
		dirs = append(dirs, "inherits "+strings.Join(ps, ", "))
	}

	fmt.Fprintf(b, "// %s is the table %s.\n//\n", name, commentText(q.String()))
	for _, d := range dirs {
		b.WriteString("//schemagen:" + d + "\n")
	}
	fmt.Fprintf(b, "type %s struct {\n", name)
	fields := names{}
	for _, c := range t.Columns {
		goType, tag := g.field(t, c, imports)
		fmt.Fprintf(b, "\t%s %s %s\n", fields.unique(exportedName(c.Name)), goType, structTag(tag))
	}
	b.WriteString("}\n\n")
}

// tableNameProblem says why //schemagen:table (or a reference in a tag
// or directive) cannot name q, or "".
func (g *modelGen) tableNameProblem(q schema.QualifiedName) string {
	for _, part := range []string{q.Schema, q.Name} {
		if strings.Contains(part, ".") || strings.IndexFunc(part, unicode.IsSpace) >= 0 || strings.ContainsAny(part, tagHostile) || !utf8.ValidString(part) || hasControl(part) {
			return fmt.Sprintf("the name %s holds a dot, a space, a quote, a comma or a bracket, which the models cannot write (//schemagen:table [schema.]name, fk:TABLE.COLUMN); rename it first", strconv.Quote(part))
		}
	}
	return ""
}

// tagHostile are the characters that a db tag's parts or a directive's
// names cannot hold: the tag is split as PostgreSQL's lexer reads it.
const tagHostile = `'"$()[],;`

// hasControl reports whether s holds a control character.
func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// columnNameProblem says why a db tag cannot name column c, or "".
func columnNameProblem(c string) string {
	switch {
	case c != strings.TrimSpace(c), strings.ContainsAny(c, tagHostile), strings.Contains(c, "--"), strings.Contains(c, "/*"),
		hasControl(c), !utf8.ValidString(c), c == "-", strings.Contains(c, "."):
		return fmt.Sprintf("the column name %s holds a quote, comma, bracket, dot, dollar, comment, control character or edge space, which a db tag cannot hold; rename it first", strconv.Quote(c))
	}
	return ""
}

// objectNameProblem says why a directive cannot name an index or
// constraint called name, or "".
func objectNameProblem(name string) string {
	if strings.IndexFunc(name, unicode.IsSpace) >= 0 || strings.ContainsAny(name, `()'"`) || strings.Contains(name, "//") || hasControl(name) || strings.Contains(name, ".") {
		return fmt.Sprintf("the name %s holds a space, dot, quote, parenthesis or //, which a directive cannot hold; rename it first", strconv.Quote(name))
	}
	return ""
}

// sqlLineProblem says why SQL text cannot stand on a directive line, or
// "".
func sqlLineProblem(text string) string {
	if strings.ContainsAny(text, "\n\r") || hasControl(text) {
		return "its SQL spans lines, which a directive cannot"
	}
	return ""
}

// directiveTextProblem says why free text (a comment line) cannot be the
// text of a directive, which is trimmed and ends at " //", or "".
func directiveTextProblem(line string) string {
	switch {
	case line != strings.TrimSpace(line):
		return fmt.Sprintf("the line %s has leading or trailing spaces, which a //schemagen:comment line does not keep", strconv.Quote(line))
	case strings.Contains(line, " //") || strings.Contains(line, "\t//"):
		return fmt.Sprintf("the line %s holds \" //\", which ends a directive's text", strconv.Quote(line))
	case hasControl(line) || !utf8.ValidString(line):
		return fmt.Sprintf("the line %s holds a control character", strconv.Quote(line))
	}
	return ""
}

// optionsProblem says why storage parameters cannot be written in a
// //schemagen:with directive, or "".
func optionsProblem(opts []string) string {
	for _, o := range opts {
		if strings.IndexFunc(o, unicode.IsSpace) >= 0 || strings.ContainsAny(o, `,'"()`) || !strings.Contains(o, "=") {
			return fmt.Sprintf("%s cannot be written in //schemagen:with", strconv.Quote(o))
		}
	}
	return ""
}

// commentText returns s fit for a line of a Go comment.
func commentText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// structTag returns the Go literal of the struct tag db:"tag".
func structTag(tag string) string {
	lit := "db:" + strconv.Quote(tag)
	if strings.ContainsAny(lit, "`") || !utf8.ValidString(lit) {
		return strconv.Quote(lit)
	}
	return "`" + lit + "`"
}

// sqlIdent returns name as an index directive writes a column: bare when
// the parser's pattern of a bare identifier takes it, else in double
// quotes.
func sqlIdent(name string) string {
	if bareIdentRE.MatchString(name) {
		return name
	}
	return schema.QuoteIdent(name)
}

// bareIdentRE is package parser's pattern of an identifier written bare
// in an index's keys.
var bareIdentRE = regexpMust(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// indexMethods are the access methods //schemagen:index takes.
var indexMethods = []string{"", "btree", "hash", "gist", "gin", "brin", "spgist"}

// indexDirective returns the //schemagen:index directive of ix (without
// the prefix), or false after recording why there is none.
func (g *modelGen) indexDirective(t *schema.Table, ix *schema.Index) (string, bool) {
	q := t.QualifiedName()
	fail := func(msg string) (string, bool) {
		g.problem("table %s: index %s: %s", q, ix.Name, msg)
		return "", false
	}
	if ix.Invalid {
		return fail("the index is INVALID (a CREATE INDEX CONCURRENTLY failed): drop it or build it again (REINDEX) before importing")
	}
	if msg := objectNameProblem(ix.Name); msg != "" {
		return fail(msg)
	}
	if !slices.Contains(indexMethods, ix.Method) {
		return fail(fmt.Sprintf("access method %s: //schemagen:index takes btree, hash, gist, gin, brin or spgist", ix.Method))
	}
	var keys []string
	for _, c := range ix.Columns {
		if !bareIdentRE.MatchString(c) {
			return fail(fmt.Sprintf("column %s needs quotes, which make an index key an expression for the models; rename the column first", strconv.Quote(c)))
		}
		keys = append(keys, c)
	}
	for _, k := range ix.Keys {
		if msg := sqlLineProblem(k); msg != "" {
			return fail(msg)
		}
		keys = append(keys, k)
	}
	var d strings.Builder
	d.WriteString("index " + ix.Name)
	if ix.Unique {
		d.WriteString(" unique")
	}
	if ix.Method != "" && ix.Method != "btree" {
		d.WriteString(" using " + ix.Method)
	}
	d.WriteString(" (" + strings.Join(keys, ", ") + ")")
	if len(ix.Include) > 0 {
		var inc []string
		for _, c := range ix.Include {
			inc = append(inc, sqlIdent(c))
		}
		d.WriteString(" include (" + strings.Join(inc, ", ") + ")")
	}
	if ix.NullsNotDistinct {
		d.WriteString(" nulls not distinct")
	}
	if len(ix.Options) > 0 {
		if msg := optionsProblem(ix.Options); msg != "" {
			return fail(msg)
		}
		d.WriteString(" with (" + strings.Join(ix.Options, ", ") + ")")
	}
	if ix.Where != "" {
		if msg := sqlLineProblem(ix.Where); msg != "" {
			return fail(msg)
		}
		d.WriteString(" where " + ix.Where)
	}
	return d.String(), true
}

// constraintDirectives returns the //schemagen:deferrable, include and
// with directives of t's primary key, unique constraints and foreign
// keys, and records what tags cannot express of them.
func (g *modelGen) constraintDirectives(t *schema.Table) []string {
	q := t.QualifiedName()
	var dirs []string
	index := func(kind, name string, d schema.Deferral, include, options []string) {
		if d.Deferrable {
			if msg := objectNameProblem(name); msg != "" {
				g.problem("table %s: %s %s: %s", q, kind, name, msg)
				return
			}
			dd := "deferrable " + name
			if d.InitiallyDeferred {
				dd += " initially deferred"
			}
			dirs = append(dirs, dd)
		}
		if len(include) > 0 {
			var inc []string
			for _, c := range include {
				inc = append(inc, sqlIdent(c))
			}
			dirs = append(dirs, fmt.Sprintf("include %s (%s)", name, strings.Join(inc, ", ")))
		}
		if len(options) > 0 {
			if msg := optionsProblem(options); msg != "" {
				g.problem("table %s: %s %s: storage parameters: %s", q, kind, name, msg)
				return
			}
			dirs = append(dirs, fmt.Sprintf("with %s %s", name, strings.Join(options, " ")))
		}
	}
	if pk := t.PrimaryKey; pk != nil {
		if pkByDirective(t) {
			if d, ok := g.primaryKeyDirective(t); ok {
				dirs = append(dirs, d)
			}
		}
		index("primary key", pk.Name, pk.Deferral(), pk.Include, pk.Options)
	}
	for _, u := range t.Uniques {
		if uniqueByDirective(t, u) {
			d, ok := g.uniqueDirective(t, u)
			if !ok {
				continue
			}
			dirs = append(dirs, d)
		}
		index("unique constraint", u.Name, u.Deferral(), u.Include, u.Options)
	}
	for _, fk := range t.ForeignKeys {
		if fk.NotValid {
			g.problem("table %s: foreign key %s is NOT VALID: the models declare valid constraints only; validate it first (ALTER TABLE ... VALIDATE CONSTRAINT)", q, fk.Name)
		}
		if !g.fkByTag(t, fk) {
			d, ok := g.foreignKeyDirective(t, fk)
			if !ok {
				continue
			}
			dirs = append(dirs, d)
		}
		index("foreign key", fk.Name, fk.Deferral(), nil, nil)
	}
	return dirs
}

// uniqueNameProblem says why unique:NAME cannot name a constraint, or "".
func uniqueNameProblem(name string) string {
	if name != strings.TrimSpace(name) || strings.ContainsAny(name, tagHostile) || strings.Contains(name, "--") || strings.Contains(name, "/*") || hasControl(name) {
		return fmt.Sprintf("the name %s holds a quote, comma, bracket, comment or edge space, which a db tag cannot hold; rename it first", strconv.Quote(name))
	}
	return objectNameProblem(name)
}

// inTableOrder reports whether cols are columns of t in the order t
// lists them (a key's columns as the fields of its model give them).
func inTableOrder(t *schema.Table, cols []string) bool {
	last := -1
	for _, c := range cols {
		i := slices.IndexFunc(t.Columns, func(col *schema.Column) bool { return col.Name == c })
		if i <= last {
			return false
		}
		last = i
	}
	return true
}

// partitionDirectives returns the //schemagen:partition directives of a
// partitioned table t and of the partitions declared on it.
func (g *modelGen) partitionDirectives(t *schema.Table) []string {
	if t.PartitionBy == "" {
		return nil
	}
	q := t.QualifiedName()
	var dirs []string
	key := func(by string) string {
		strategy, rest, _ := strings.Cut(by, " ")
		return "by " + strings.ToLower(strategy) + " " + rest
	}
	if msg := sqlLineProblem(t.PartitionBy); msg != "" {
		g.problem("table %s: partition key: %s", q, msg)
		return nil
	}
	dirs = append(dirs, "partition "+key(t.PartitionBy))
	for _, p := range g.partitions[q] {
		pq := p.QualifiedName()
		if msg := g.tableNameProblem(pq); msg != "" {
			g.problem("partition %s: %s", pq, msg)
			continue
		}
		if len(p.Columns) > 0 || p.PrimaryKey != nil || len(p.Uniques) > 0 || len(p.Indexes) > 0 || len(p.ForeignKeys) > 0 ||
			len(p.Checks) > 0 || len(p.Exclusions) > 0 || p.Comment != "" || !p.Attrs().Equal(schema.TableAttrs{}) || len(p.Inherits) > 0 {
			g.problem("partition %s: it has keys, constraints, indexes, a comment or attributes of its own, which the models cannot declare on a partition", pq)
			continue
		}
		if msg := sqlLineProblem(p.PartitionOf.Bound + p.PartitionBy); msg != "" {
			g.problem("partition %s: %s", pq, msg)
			continue
		}
		d := "partition " + qualify(pq, t.Schema)
		if p.PartitionOf.Parent != q {
			d += " of " + qualify(p.PartitionOf.Parent, t.Schema)
		}
		d += " " + p.PartitionOf.Bound
		if p.PartitionBy != "" {
			d += " partition " + key(p.PartitionBy)
		}
		dirs = append(dirs, d)
	}
	return dirs
}

// qualify returns q as a directive names it, bare in schema nsp.
func qualify(q schema.QualifiedName, nsp string) string {
	if q.Schema == nsp {
		return q.Name
	}
	return q.Schema + "." + q.Name
}

// field returns the Go type and db tag of column c of t.
func (g *modelGen) field(t *schema.Table, c *schema.Column, imports map[string]bool) (goType, tag string) {
	q := t.QualifiedName()
	if msg := columnNameProblem(c.Name); msg != "" {
		g.problem("table %s: column %s: %s", q, strconv.Quote(c.Name), msg)
	}
	goType, inferred := g.goType(c.Type)
	switch {
	case strings.HasPrefix(goType, "time."), strings.HasPrefix(goType, "[]time."):
		imports["time"] = true
	case strings.HasPrefix(goType, "json."):
		imports["encoding/json"] = true
	}
	opts := []string{c.Name}
	add := func(o string) { opts = append(opts, o) }
	if pk := t.PrimaryKey; pk != nil && !pkByDirective(t) && slices.Contains(pk.Columns, c.Name) {
		add("pk")
	}
	switch {
	case c.Identity && c.IdentityAlways:
		add("identity:always")
	case c.Identity:
		add("identity")
	}
	typ := c.Type
	if c.Sequence != "" {
		serial := map[string]string{"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}[c.Type]
		switch {
		case serial == "":
			g.problem("table %s: column %s: it owns sequence %s but is of type %s; the models make serial columns of smallint, integer or bigint", q, c.Name, c.Sequence, c.Type)
		case c.Sequence != schema.SerialSequenceName(t.Name, c.Name):
			g.problem("table %s: column %s: it owns sequence %s, and the models make a serial column's sequence %s; rename the sequence first", q, c.Name, c.Sequence, schema.SerialSequenceName(t.Name, c.Name))
		}
		typ = serial
		inferred = ""
	}
	if c.SequenceOptions != "" {
		add("sequence:" + c.SequenceOptions)
	}
	if c.Collation != "" {
		add("collate:" + c.Collation)
	}
	if typ != inferred {
		add("type:" + typ)
	}
	if c.Sequence != "" && c.Nullable {
		add("null")
	}
	if c.Default != "" {
		add("default:" + c.Default)
	}
	for _, u := range t.Uniques {
		if !slices.Contains(u.Columns, c.Name) || uniqueByDirective(t, u) {
			continue
		}
		if len(u.Columns) == 1 && u.Name == schema.ConstraintName(t.Name, u.Columns, "key") {
			add("unique")
		} else {
			add("unique:" + u.Name)
		}
	}
	var nnd []bool
	for _, u := range t.Uniques {
		if slices.Contains(u.Columns, c.Name) && !uniqueByDirective(t, u) {
			nnd = append(nnd, u.NullsNotDistinct)
		}
	}
	if slices.Contains(nnd, true) {
		if slices.Contains(nnd, false) {
			g.problem("table %s: column %s: of its unique constraints some are NULLS NOT DISTINCT and some not; the models say it per field", q, c.Name)
		}
		add("nullsnotdistinct")
	}
	for _, fk := range t.ForeignKeys {
		if !g.fkByTag(t, fk) || fk.Columns[0] != c.Name {
			continue
		}
		if !g.tables[fk.Ref()] {
			g.problem("table %s: foreign key %s references table %s, which is not among the tables imported (a filter leaves it out?): the models declare foreign keys to model tables only; import it too, or leave out %s", q, fk.Name, fk.Ref(), q)
			continue
		}
		if msg := cmp.Or(g.tableNameProblem(fk.Ref()), columnNameProblem(fk.RefColumns[0])); msg != "" {
			g.problem("table %s: foreign key %s: %s", q, fk.Name, msg)
			continue
		}
		add(fmt.Sprintf("fk:%s.%s.%s", fk.RefSchema, fk.RefTable, fk.RefColumns[0]))
		if fk.OnDelete != "" {
			add("ondelete:" + strings.ToLower(fk.OnDelete))
		}
		if fk.OnUpdate != "" {
			add("onupdate:" + strings.ToLower(fk.OnUpdate))
		}
	}
	if c.Generated != "" {
		add("generated:" + c.Generated)
	}
	if c.Comment != "" {
		add("comment:" + schema.QuoteTagText(c.Comment))
	}
	if c.Nullable {
		goType = "*" + goType
	}
	return goType, strings.Join(opts, ",")
}

// goType returns the Go type of a column of SQL type typ (as the catalog
// spells it) and the SQL type package parser infers from that Go type.
func (g *modelGen) goType(typ string) (goType, inferred string) {
	if elem, ok := strings.CutSuffix(typ, "[]"); ok {
		et, ei := g.goType(elem)
		if et == "[]byte" || strings.HasPrefix(et, "[]") {
			return "[]string", "text[]"
		}
		return "[]" + et, ei + "[]"
	}
	if name, ok := g.enumByType[typ]; ok {
		return name, typ
	}
	switch {
	case typ == "boolean":
		return "bool", "boolean"
	case typ == "smallint":
		return "int16", "smallint"
	case typ == "integer":
		return "int32", "integer"
	case typ == "bigint":
		return "int64", "bigint"
	case typ == "real":
		return "float32", "real"
	case typ == "double precision":
		return "float64", "double precision"
	case typ == "bytea":
		return "[]byte", "bytea"
	case typ == "json", typ == "jsonb":
		return "json.RawMessage", "jsonb"
	case typ == "date", strings.HasPrefix(typ, "timestamp"), strings.HasPrefix(typ, "time ") || typ == "time" || strings.HasPrefix(typ, "time("):
		return "time.Time", "timestamptz"
	}
	return "string", "text"
}

// sqlFile returns the SQL file of the objects of s, in dependency order,
// or nil when s has none.
func (g *modelGen) sqlFile() []byte {
	if len(g.s.Objects) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString("-- The objects of the schema that are no table, written by `schemagen import`:\n-- the models declare them with //schemagen:sql (see doc.go).\n")
	for _, o := range orderObjects(g.s.Objects) {
		if !utf8.ValidString(o.Definition) {
			g.problem("%s: its definition is not valid UTF-8", o.ID())
			continue
		}
		def := strings.TrimRightFunc(o.Definition, func(r rune) bool { return unicode.IsSpace(r) || r == ';' })
		fmt.Fprintf(&b, "\n%s;\n", def)
	}
	return b.Bytes()
}

// orderObjects returns objs in an order where every object follows the
// objects of objs it depends on: by kind as [schema.ObjectKinds] orders
// them, then by identity, each as soon as its dependencies are placed.
// Objects in a dependency cycle keep that order.
func orderObjects(objs []*schema.Object) []*schema.Object {
	kinds := schema.ObjectKinds()
	sorted := slices.Clone(objs)
	slices.SortStableFunc(sorted, func(a, b *schema.Object) int {
		return cmp.Or(cmp.Compare(slices.Index(kinds, a.Kind), slices.Index(kinds, b.Kind)),
			strings.Compare(a.Schema, b.Schema), strings.Compare(a.Table, b.Table), strings.Compare(a.Name, b.Name))
	})
	ids := map[schema.ObjectID]bool{}
	for _, o := range sorted {
		ids[o.ID()] = true
	}
	placed := map[schema.ObjectID]bool{}
	var out []*schema.Object
	for len(sorted) > 0 {
		progress := false
		for i := 0; i < len(sorted); i++ {
			o := sorted[i]
			ready := true
			for _, d := range o.DependsOn {
				if d.Kind == schema.KindTable || d.Kind == schema.KindEnum {
					continue
				}
				if id := d.Object(); ids[id] && !placed[id] && id != o.ID() {
					ready = false
					break
				}
			}
			if ready {
				out = append(out, o)
				placed[o.ID()] = true
				sorted = slices.Delete(sorted, i, i+1)
				progress = true
				break
			}
		}
		if !progress {
			return append(out, sorted...)
		}
	}
	return out
}

// regexpMust compiles a pattern of this package.
func regexpMust(pattern string) *regexp.Regexp { return regexp.MustCompile(pattern) }
