// Package emitter renders the changes of a migration as a Go migration
// file: a gofmt'ed source file that adds one [migrate.Migration] to its
// package's Set in init(), with Upgrade and Downgrade functions that call
// the [migrate.Op] method of each change.
//
// The emitter is a pure function of its input: the same [Migration] gives
// byte-identical output, and nothing reads a clock or touches the file
// system. [Emit] and [SetFile] return file names mapped to contents; the
// caller writes them.
//
// Generated files carry no "DO NOT EDIT" marker: migration files belong to
// their users, who may edit them.
package emitter

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// migratePath is the import path of the runtime that migration files use.
const migratePath = "github.com/schemagen/schemagen/migrate"

// SetFileName is the name of the file that declares a migrations package's
// Set; see [SetFile].
const SetFileName = "migrations.go"

// Migration is what one generated file holds.
type Migration struct {
	// Package is the Go package name of the migrations folder, such as
	// "migrations".
	Package string
	// Revision is the migration's ID, the UTC creation time as
	// YYYYMMDDHHMMSS (14 digits).
	Revision string
	// DownRevision lists the parents: none for the first migration, one
	// for an ordinary migration, two or more for a merge.
	DownRevision []string
	// Message says what the migration does. It becomes the file's leading
	// comment and names the file (see [FileName]); an empty message gives
	// the comment "Revision <Revision>".
	Message string
	// Upgrade and Downgrade are the changes of the two directions, in
	// order. Drops need only their object's name; adds, creates and alters
	// are written in full. [change.RunGo] cannot be written and is an
	// error.
	Upgrade   []change.Change
	Downgrade []change.Change
	// NoTransaction marks a migration that runs outside a transaction.
	NoTransaction bool
	// AllowHazards acknowledges hazard kinds of the upgrade; it is written
	// as the migration's AllowHazards field. The upgrade's hazards (see
	// [change.Hazards]) are written as comments above their changes, and
	// the kinds not allowed here as a commented-out AllowHazards line for
	// the reviewer to take in.
	AllowHazards []change.HazardKind
}

// Emit returns the migration's file as a map with one entry: the file name
// ([FileName] of the revision and message) to its gofmt'ed source.
//
// Emit reports an error for an invalid package name or revision, a change
// with a missing definition, a [change.RunGo] change (Go code cannot be
// written back as source), or a table or enum whose schema name holds a
// dot (the op vocabulary names them as "schema.name"). It never modifies
// m.
func Emit(m Migration) (map[string][]byte, error) {
	if err := checkPackage(m.Package); err != nil {
		return nil, fmt.Errorf("emit migration %s: %w", m.Revision, err)
	}
	if !isRevision(m.Revision) {
		return nil, fmt.Errorf("emit migration: revision %q is not of the form YYYYMMDDHHMMSS", m.Revision)
	}
	var b bytes.Buffer
	for _, line := range commentLines(m.Message, m.Revision) {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "package %s\n\nimport %s\n\nfunc init() {\n\tSet.Add(migrate.Migration{\n", m.Package, strconv.Quote(migratePath))
	fmt.Fprintf(&b, "Revision: %s,\n", strconv.Quote(m.Revision))
	if len(m.DownRevision) == 0 {
		b.WriteString("DownRevision: nil,\n")
	} else {
		fmt.Fprintf(&b, "DownRevision: %s,\n", stringSlice(m.DownRevision))
	}
	fmt.Fprintf(&b, "Message: %s,\n", goStr(m.Message))
	for _, dir := range []struct {
		name    string
		changes []change.Change
	}{{"Upgrade", m.Upgrade}, {"Downgrade", m.Downgrade}} {
		fmt.Fprintf(&b, "%s: func(op *migrate.Op) {\n", dir.name)
		if len(dir.changes) == 0 {
			b.WriteString("// nothing to do\n")
		}
		var hazards [][]change.Hazard
		if dir.name == "Upgrade" {
			hazards = change.Hazards(dir.changes, m.NoTransaction)
		}
		for i, c := range dir.changes {
			call, err := opCall(c)
			if err != nil {
				return nil, fmt.Errorf("emit migration %s: %s change %d: %w", m.Revision, strings.ToLower(dir.name), i+1, err)
			}
			if hazards != nil {
				for _, h := range hazards[i] {
					for _, line := range commentLines("hazard "+h.String(), "") {
						b.WriteString(line)
						b.WriteByte('\n')
					}
				}
			}
			b.WriteString(call)
			b.WriteByte('\n')
		}
		b.WriteString("},\n")
	}
	if m.NoTransaction {
		b.WriteString("NoTransaction: true,\n")
	}
	allowed, pending := hazardKinds(m.Upgrade, m.NoTransaction, m.AllowHazards)
	if len(allowed) > 0 {
		fmt.Fprintf(&b, "AllowHazards: %s,\n", hazardList(allowed))
	}
	if len(pending) > 0 {
		b.WriteString("// The upgrade has hazards (see the comments above its changes) that\n")
		b.WriteString("// `schemagen check` reports until they are acknowledged. Review them,\n")
		if len(allowed) > 0 {
			b.WriteString("// then acknowledge them by replacing AllowHazards above with:\n")
		} else {
			b.WriteString("// then acknowledge them by adding this field:\n")
		}
		fmt.Fprintf(&b, "// AllowHazards: %s,\n", hazardList(append(allowed, pending...)))
	}
	b.WriteString("})\n}\n")

	name := FileName(m.Revision, m.Message)
	src, err := formatSource(name, b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("emit migration %s: %w", m.Revision, err)
	}
	return map[string][]byte{name: src}, nil
}

// SetFile returns the file that declares the Set of the migrations package
// pkg, as a map from [SetFileName] to its gofmt'ed source. The migration
// files that [Emit] writes add themselves to that Set.
func SetFile(pkg string) (map[string][]byte, error) {
	if err := checkPackage(pkg); err != nil {
		return nil, fmt.Errorf("emit set file: %w", err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `// Package %[1]s holds the schema migrations of this module, written by
// schemagen. Each migration file adds one migration to [Set] in init().
package %[1]s

import %[2]s

// Set holds the migrations of this package, one per migration file, in
// file order. Pass it to the migrate runtime to upgrade or downgrade a
// database.
var Set = &migrate.Set{}
`, pkg, strconv.Quote(migratePath))
	src, err := formatSource(SetFileName, b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("emit set file: %w", err)
	}
	return map[string][]byte{SetFileName: src}, nil
}

// hazardKinds returns the kinds of allow that the file lists (all of them,
// in [change.HazardKinds] order) and the kinds of the upgrade's hazards
// that allow lacks.
func hazardKinds(upgrade []change.Change, noTransaction bool, allow []change.HazardKind) (allowed, pending []change.HazardKind) {
	held := map[change.HazardKind]bool{}
	for _, hs := range change.Hazards(upgrade, noTransaction) {
		for _, h := range hs {
			held[h.Kind] = true
		}
	}
	for _, k := range change.HazardKinds() {
		switch {
		case slices.Contains(allow, k):
			allowed = append(allowed, k)
		case held[k]:
			pending = append(pending, k)
		}
	}
	return allowed, pending
}

func hazardList(kinds []change.HazardKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = "migrate." + k.GoName()
	}
	return "[]migrate.HazardKind{" + strings.Join(names, ", ") + "}"
}

// formatSource gofmts src, the source of the file name. On failure the
// error holds the raw source, so that the bug that produced it can be seen.
func formatSource(name string, src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("format %s: %w\nsource:\n%s", name, err, src)
	}
	return out, nil
}

func checkPackage(pkg string) error {
	if !token.IsIdentifier(pkg) || pkg == "_" {
		return fmt.Errorf("package name %q is not a Go identifier", pkg)
	}
	return nil
}

func isRevision(rev string) bool {
	if len(rev) != 14 {
		return false
	}
	for i := 0; i < len(rev); i++ {
		if rev[i] < '0' || rev[i] > '9' {
			return false
		}
	}
	return true
}

// commentLines returns the file's leading comment: the message, one "// "
// line per message line. Characters that Go source cannot hold in a
// comment (invalid UTF-8, control characters, byte order marks) become
// U+FFFD or spaces, and a line starting "+build", which gofmt and the go
// command would read as a build constraint, is escaped as "\+build"; the
// Message field keeps the exact text.
func commentLines(msg, rev string) []string {
	msg = strings.ToValidUTF8(msg, "\uFFFD")
	msg = strings.ReplaceAll(msg, "\r\n", "\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		l = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return r
			case r == '\uFEFF':
				return '\uFFFD'
			case !strconv.IsPrint(r):
				return ' '
			}
			return r
		}, l)
		l = strings.TrimRight(l, " \t")
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "+build") {
			l = `\` + strings.TrimLeft(l, " \t")
		}
		lines[i] = l
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return []string{"// Revision " + rev}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if l == "" {
			out[i] = "//"
		} else {
			out[i] = "// " + l
		}
	}
	return out
}

// notValidName names the Op method that adds a constraint NOT VALID.
func notValidName(method string, notValid bool) string {
	if notValid {
		return method + "NotValid"
	}
	return method
}

// concurrentName names the Op method that works on an index concurrently.
func concurrentName(method string, concurrently bool) string {
	if concurrently {
		return method + "Concurrently"
	}
	return method
}

// opCall renders c as one call of the [migrate.Op] method of the same name.
func opCall(c change.Change) (string, error) {
	switch c := c.(type) {
	case change.CreateSchema:
		return "op.CreateSchema(" + goStr(c.Name) + ")", nil
	case change.DropSchema:
		return "op.DropSchema(" + goStr(c.Name) + ")", nil
	case change.CreateTable:
		if c.Table == nil {
			return "", fmt.Errorf("create table: no table definition")
		}
		lit, err := tableLit(c.Table)
		if err != nil {
			return "", err
		}
		return "op.CreateTable(" + lit + ")", nil
	case change.DropTable:
		if c.Table == nil {
			return "", fmt.Errorf("drop table: no table definition")
		}
		return call("DropTable", c.Table.QualifiedName())
	case change.AddColumn:
		if c.Column == nil {
			return "", fmt.Errorf("add column to %s: no column definition", c.Table)
		}
		return call("AddColumn", c.Table, "migrate.Column"+columnLit(c.Column))
	case change.DropColumn:
		if c.Column == nil {
			return "", fmt.Errorf("drop column of %s: no column definition", c.Table)
		}
		return call("DropColumn", c.Table, goStr(c.Column.Name))
	case change.AlterColumn:
		if c.From == nil || c.To == nil {
			return "", fmt.Errorf("alter column of %s: From and To are both needed", c.Table)
		}
		return call("AlterColumn", c.Table, "migrate.Column"+columnLit(c.From), "migrate.Column"+columnLit(c.To))
	case change.AddPrimaryKey:
		if c.PrimaryKey == nil {
			return "", fmt.Errorf("add primary key to %s: no primary-key definition", c.Table)
		}
		return call("AddPrimaryKey", c.Table, "migrate.PrimaryKey"+primaryKeyLit(c.PrimaryKey))
	case change.DropPrimaryKey:
		if c.PrimaryKey == nil {
			return "", fmt.Errorf("drop primary key of %s: no primary-key definition", c.Table)
		}
		return call("DropPrimaryKey", c.Table, goStr(c.PrimaryKey.Name))
	case change.AddUnique:
		if c.Unique == nil {
			return "", fmt.Errorf("add unique constraint to %s: no constraint definition", c.Table)
		}
		method := "AddUnique"
		if c.UsingIndex {
			method = "AddUniqueUsingIndex"
		}
		return call(method, c.Table, "migrate.Unique"+uniqueLit(c.Unique))
	case change.DropUnique:
		if c.Unique == nil {
			return "", fmt.Errorf("drop unique constraint of %s: no constraint definition", c.Table)
		}
		return call("DropUnique", c.Table, goStr(c.Unique.Name))
	case change.AddForeignKey:
		if c.ForeignKey == nil {
			return "", fmt.Errorf("add foreign key to %s: no foreign-key definition", c.Table)
		}
		return call(notValidName("AddForeignKey", c.NotValid), c.Table, "migrate.ForeignKey"+foreignKeyLit(c.ForeignKey))
	case change.DropForeignKey:
		if c.ForeignKey == nil {
			return "", fmt.Errorf("drop foreign key of %s: no foreign-key definition", c.Table)
		}
		return call("DropForeignKey", c.Table, goStr(c.ForeignKey.Name))
	case change.CreateIndex:
		if c.Index == nil {
			return "", fmt.Errorf("create index on %s: no index definition", c.Table)
		}
		return call(concurrentName("CreateIndex", c.Concurrently), c.Table, "migrate.Index"+indexLit(c.Index))
	case change.DropIndex:
		if c.Index == nil {
			return "", fmt.Errorf("drop index of %s: no index definition", c.Table)
		}
		return call(concurrentName("DropIndex", c.Concurrently), c.Table, goStr(c.Index.Name))
	case change.CreateEnum:
		if c.Enum == nil {
			return "", fmt.Errorf("create enum: no enum definition")
		}
		lit, err := enumLit(c.Enum)
		if err != nil {
			return "", err
		}
		return "op.CreateEnum(migrate.Enum" + lit + ")", nil
	case change.DropEnum:
		if c.Enum == nil {
			return "", fmt.Errorf("drop enum: no enum definition")
		}
		name, err := nameArg("enum", c.Enum.QualifiedName())
		if err != nil {
			return "", err
		}
		return "op.DropEnum(" + name + ")", nil
	case change.AlterEnum:
		return alterEnumCall(c)
	case change.AddCheck:
		if c.Check == nil {
			return "", fmt.Errorf("add check constraint to %s: no constraint definition", c.Table)
		}
		return call(notValidName("AddCheck", c.NotValid), c.Table, "migrate.Check"+checkLit(c.Check))
	case change.ValidateConstraint:
		return call("ValidateConstraint", c.Table, goStr(c.Name))
	case change.DropCheck:
		if c.Check == nil {
			return "", fmt.Errorf("drop check constraint of %s: no constraint definition", c.Table)
		}
		return call("DropCheck", c.Table, goStr(c.Check.Name))
	case change.SetTableComment:
		return call("SetTableComment", c.Table, goStr(c.To))
	case change.SetColumnComment:
		return call("SetColumnComment", c.Table, goStr(c.Column), goStr(c.To))
	case change.RenameTable:
		to, err := tableArg(c.To)
		if err != nil {
			return "", err
		}
		return call("RenameTable", c.From, to)
	case change.RenameColumn:
		return call("RenameColumn", c.Table, goStr(c.From), goStr(c.To))
	case change.RenameIndex:
		return call("RenameIndex", c.Table, goStr(c.From), goStr(c.To))
	case change.RenameConstraint:
		return call("RenameConstraint", c.Table, goStr(c.From), goStr(c.To))
	case change.Execute:
		return "op.Execute(" + sqlLit(c.SQL) + ")", nil
	case change.RunGo:
		return "", fmt.Errorf("run Go code: a Go function cannot be written to a migration file; add the op.Run call by hand")
	case nil:
		return "", fmt.Errorf("nil change")
	}
	return "", fmt.Errorf("unknown change type %T", c)
}

// call renders op.method(table, args...), with table written as the op
// vocabulary names tables.
func call(method string, table schema.QualifiedName, args ...string) (string, error) {
	t, err := tableArg(table)
	if err != nil {
		return "", err
	}
	return "op." + method + "(" + strings.Join(append([]string{t}, args...), ", ") + ")", nil
}

// tableArg returns the Go string literal that names the table q in an op
// call; see [nameArg].
func tableArg(q schema.QualifiedName) (string, error) { return nameArg("table", q) }

// nameArg returns the Go string literal that names q, a table or enum
// (kind), in an op call, such that [schema.ParseQualifiedName] gives q
// back: q.String(), "users" for the public schema and "billing.invoices"
// otherwise. A public name that holds a dot is written "public.a.b", since
// the parse splits at the first dot; a schema name with a dot cannot be
// written at all.
func nameArg(kind string, q schema.QualifiedName) (string, error) {
	if strings.Contains(q.Schema, ".") {
		return "", fmt.Errorf("%s %q of schema %q: a schema name holding a dot cannot be named in an op call", kind, q.Name, q.Schema)
	}
	if q.Schema == schema.DefaultSchema && !strings.Contains(q.Name, ".") {
		return goStr(q.Name), nil
	}
	return goStr(q.Schema + "." + q.Name), nil
}

// alterEnumCall renders c as op.AlterEnum(name, from, to, columns...), one
// column per line when there are any.
func alterEnumCall(c change.AlterEnum) (string, error) {
	name, err := nameArg("enum", c.Enum)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "op.AlterEnum(%s, %s, %s", name, nilOrStrings(c.From), nilOrStrings(c.To))
	if len(c.Columns) == 0 {
		b.WriteString(")")
		return b.String(), nil
	}
	b.WriteString(",\n")
	for _, ec := range c.Columns {
		table, err := tableArg(ec.Table)
		if err != nil {
			return "", err
		}
		f := fields{"Table: " + table, "Column: " + goStr(ec.Column)}
		f.str("Default", ec.Default)
		f.flag("Array", ec.Array)
		f.str("OldDefault", ec.OldDefault)
		b.WriteString("migrate.EnumColumn" + f.lit() + ",\n")
	}
	b.WriteString(")")
	return b.String(), nil
}

// nilOrStrings renders ss as a []string literal, or nil when ss is nil,
// so that an empty list and no list stay apart.
func nilOrStrings(ss []string) string {
	if ss == nil {
		return "nil"
	}
	return stringSlice(ss)
}

// tableLit renders t as a multi-line schema.Table literal, leaving out
// zero-valued fields, the public schema, and the model hints RenamedFrom
// and Pos.
func tableLit(t *schema.Table) (string, error) {
	var b strings.Builder
	b.WriteString("migrate.Table{\n")
	if t.Schema != schema.DefaultSchema {
		fmt.Fprintf(&b, "Schema: %s,\n", goStr(t.Schema))
	}
	fmt.Fprintf(&b, "Name: %s,\n", goStr(t.Name))
	if len(t.Columns) > 0 {
		b.WriteString("Columns: []*migrate.Column{\n")
		for _, c := range t.Columns {
			if c == nil {
				return "", fmt.Errorf("create table %s: nil column", t.QualifiedName())
			}
			b.WriteString(columnLit(c) + ",\n")
		}
		b.WriteString("},\n")
	}
	if t.PrimaryKey != nil {
		b.WriteString("PrimaryKey: &migrate.PrimaryKey" + primaryKeyLit(t.PrimaryKey) + ",\n")
	}
	if len(t.Uniques) > 0 {
		b.WriteString("Uniques: []*migrate.Unique{\n")
		for _, u := range t.Uniques {
			if u == nil {
				return "", fmt.Errorf("create table %s: nil unique constraint", t.QualifiedName())
			}
			b.WriteString(uniqueLit(u) + ",\n")
		}
		b.WriteString("},\n")
	}
	if len(t.Indexes) > 0 {
		b.WriteString("Indexes: []*migrate.Index{\n")
		for _, ix := range t.Indexes {
			if ix == nil {
				return "", fmt.Errorf("create table %s: nil index", t.QualifiedName())
			}
			b.WriteString(indexLit(ix) + ",\n")
		}
		b.WriteString("},\n")
	}
	if len(t.ForeignKeys) > 0 {
		b.WriteString("ForeignKeys: []*migrate.ForeignKey{\n")
		for _, fk := range t.ForeignKeys {
			if fk == nil {
				return "", fmt.Errorf("create table %s: nil foreign key", t.QualifiedName())
			}
			b.WriteString(foreignKeyLit(fk) + ",\n")
		}
		b.WriteString("},\n")
	}
	if len(t.Checks) > 0 {
		b.WriteString("Checks: []*migrate.Check{\n")
		for _, c := range t.Checks {
			if c == nil {
				return "", fmt.Errorf("create table %s: nil check constraint", t.QualifiedName())
			}
			b.WriteString(checkLit(c) + ",\n")
		}
		b.WriteString("},\n")
	}
	if t.Comment != "" {
		fmt.Fprintf(&b, "Comment: %s,\n", goStr(t.Comment))
	}
	b.WriteString("}")
	return b.String(), nil
}

// fields collects the key-value pairs of a one-line composite literal.
type fields []string

func (f *fields) str(key, v string) {
	if v != "" {
		*f = append(*f, key+": "+goStr(v))
	}
}

func (f *fields) strs(key string, v []string) {
	if len(v) > 0 {
		*f = append(*f, key+": "+stringSlice(v))
	}
}

func (f *fields) flag(key string, v bool) {
	if v {
		*f = append(*f, key+": true")
	}
}

func (f fields) lit() string { return "{" + strings.Join(f, ", ") + "}" }

// The literal functions below render a value without its type name, as
// elements of a slice literal are written; callers prepend the type where
// it is needed. Name is always written; other zero-valued fields and Pos
// are left out, as is RenamedFrom: a rename hint is for the differ, and
// a migration file holds the rename itself.

func columnLit(c *schema.Column) string {
	f := fields{"Name: " + goStr(c.Name)}
	f.str("Type", c.Type)
	f.flag("Nullable", c.Nullable)
	f.str("Default", c.Default)
	f.flag("Identity", c.Identity)
	f.str("Generated", c.Generated)
	f.str("Comment", c.Comment)
	return f.lit()
}

func primaryKeyLit(pk *schema.PrimaryKey) string {
	f := fields{"Name: " + goStr(pk.Name)}
	f.strs("Columns", pk.Columns)
	return f.lit()
}

func uniqueLit(u *schema.Unique) string {
	f := fields{"Name: " + goStr(u.Name)}
	f.strs("Columns", u.Columns)
	return f.lit()
}

func indexLit(ix *schema.Index) string {
	f := fields{"Name: " + goStr(ix.Name)}
	f.strs("Columns", ix.Columns)
	f.strs("Keys", ix.Keys)
	f.flag("Unique", ix.Unique)
	f.str("Method", ix.Method)
	f.strs("Include", ix.Include)
	f.str("Where", ix.Where)
	return f.lit()
}

func checkLit(c *schema.Check) string {
	f := fields{"Name: " + goStr(c.Name)}
	f.str("Expr", c.Expr)
	return f.lit()
}

// enumLit renders e, leaving out the public schema. Its schema name may
// not hold a dot, since DropEnum and AlterEnum could not name it.
func enumLit(e *schema.Enum) (string, error) {
	if _, err := nameArg("enum", e.QualifiedName()); err != nil {
		return "", err
	}
	var f fields
	if e.Schema != schema.DefaultSchema {
		f.str("Schema", e.Schema)
	}
	f = append(f, "Name: "+goStr(e.Name))
	f.strs("Values", e.Values)
	return f.lit(), nil
}

func foreignKeyLit(fk *schema.ForeignKey) string {
	f := fields{"Name: " + goStr(fk.Name)}
	f.strs("Columns", fk.Columns)
	if fk.RefSchema != schema.DefaultSchema {
		f.str("RefSchema", fk.RefSchema)
	}
	f.str("RefTable", fk.RefTable)
	f.strs("RefColumns", fk.RefColumns)
	f.str("OnDelete", fk.OnDelete)
	f.str("OnUpdate", fk.OnUpdate)
	return f.lit()
}

func stringSlice(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = goStr(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

// goStr renders s as a Go string literal. A string that holds a double
// quote is written as a raw string, which spares the reader the
// backslashes of quoted SQL identifiers, as long as the raw string carries
// it unchanged and on one line: no backquote, no control character (tab
// and newline included) and valid UTF-8. Otherwise it is an interpreted
// literal.
func goStr(s string) string {
	if !strings.Contains(s, `"`) || strings.Contains(s, "`") || !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return "`" + s + "`"
}

// sqlLit renders hand-written SQL as a raw string literal, which keeps it
// readable, unless it holds a backquote or a character that a raw string
// cannot carry unchanged (a carriage return, which the Go scanner drops, a
// control character or invalid UTF-8); then it is an interpreted literal.
func sqlLit(s string) string {
	if !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if r == '`' || (r != '\n' && r != '\t' && !strconv.IsPrint(r)) {
			return strconv.Quote(s)
		}
	}
	return "`" + s + "`"
}
