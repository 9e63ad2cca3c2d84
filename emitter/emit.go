// Package emitter renders the changes of a migration as a Go migration
// file: a gofmt'ed source file that adds one [migrate.Migration] to its
// package's Set in init(), with Upgrade and Downgrade functions that call
// the [migrate.Op] method of each change. The message is the doc comment
// of init, never of the package clause, so go doc of a migrations package
// shows the package comment of the Set's file ([SetFile]) alone. Lines
// stay within 100 columns (a tab counting 4) where a line break can help:
// a call that does not fit keeps its leading arguments and puts its last
// composite literal's fields one per line, or puts each argument on a
// line of its own, as gofmt users write long calls by hand; comments
// wrap at spaces.
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
	"github.com/schemagen/schemagen/internal/revid"
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
	// Revision is the migration's ID: the UTC creation time as
	// YYYYMMDDHHMMSS (14 digits), "_" and a suffix of [a-z0-9] (see
	// package internal/revid: 20261206153012_kfxd), or the time alone,
	// as IDs were before.
	Revision string
	// DownRevision lists the parents: none for the first migration (the
	// field is then left out of the file), one for an ordinary migration,
	// two or more for a merge.
	DownRevision []string
	// Message says what the migration does. It becomes the doc comment of
	// the file's init function and names the file (see [FileName]); an
	// empty message gives the comment "Revision <Revision>".
	Message string
	// Upgrade and Downgrade are the changes of the two directions, in
	// order. Drops need only their object's name; adds, creates and alters
	// are written in full. [change.RunGo] cannot be written and is an
	// error, unless it is a backfill still to be written (its Backfill
	// is set, by [plan.Online]): that is written as a stub for the
	// author to finish, which refuses to run until then.
	Upgrade   []change.Change
	Downgrade []change.Change
	// NoTransaction marks a migration that runs outside a transaction.
	NoTransaction bool
	// AllowHazards acknowledges hazard kinds of the upgrade; it is written
	// as the migration's AllowHazards field. The upgrade's hazards (see
	// [change.Hazards]) are written as comments above their changes, and
	// the kinds not allowed here as a commented-out AllowHazards field for
	// the reviewer to take in.
	AllowHazards []change.HazardKind
}

// Emit returns the migration's file as a map with one entry: the file name
// ([FileName] of the revision and message) to its gofmt'ed source. A
// migration without changes that is no merge is a template to fill: its
// Upgrade and Downgrade hold commented-out examples of op.Execute and
// op.Run; an empty function of any other migration says "nothing to do".
//
// Emit reports an error for an invalid package name or revision, a change
// with a missing definition, a [change.RunGo] change (Go code cannot be
// written back as source), or a table or enum whose schema name holds a
// dot (the op vocabulary names them as "schema.name"). It never modifies
// m.
func Emit(m Migration) (map[string][]byte, error) {
	src, err := render(m)
	if err != nil {
		return nil, err
	}
	name := FileName(m.Revision, m.Message)
	if src, err = formatSource(name, src); err != nil {
		return nil, fmt.Errorf("emit migration %s: %w", m.Revision, err)
	}
	return map[string][]byte{name: src}, nil
}

// render returns the source of m's file before gofmt, laid out as gofmt
// keeps it: gofmt changes only the spaces inside its lines.
func render(m Migration) ([]byte, error) {
	if err := checkPackage(m.Package); err != nil {
		return nil, fmt.Errorf("emit migration %s: %w", m.Revision, err)
	}
	if !isRevision(m.Revision) {
		return nil, fmt.Errorf("emit migration: revision %q is not of the form YYYYMMDDHHMMSS_suffix (or YYYYMMDDHHMMSS)", m.Revision)
	}
	var b bytes.Buffer
	if hasBackfill(m.Upgrade) || hasBackfill(m.Downgrade) {
		fmt.Fprintf(&b, "package %s\n\nimport (\n", m.Package)
		for _, p := range backfillImports {
			b.WriteString("\t" + strconv.Quote(p) + "\n")
		}
		fmt.Fprintf(&b, "\n\t%s\n)\n\n", strconv.Quote(migratePath))
	} else {
		fmt.Fprintf(&b, "package %s\n\nimport %s\n\n", m.Package, strconv.Quote(migratePath))
	}
	writeLines(&b, 0, messageComment(m.Message, m.Revision))
	b.WriteString("func init() {\n\tSet.Add(migrate.Migration{\n")
	// gofmt aligns the values of Revision, DownRevision and Message, and
	// those of NoTransaction and AllowHazards.
	field(&b, "Revision", atom(strconv.Quote(m.Revision)), 0)
	if len(m.DownRevision) > 0 {
		field(&b, "DownRevision", stringsLit(m.DownRevision), len("DownRevision: "))
	}
	field(&b, "Message", atom(goStr(m.Message)), 0)
	template := len(m.Upgrade) == 0 && len(m.Downgrade) == 0 && len(m.DownRevision) < 2
	for _, dir := range []struct {
		name    string
		changes []change.Change
		example []string
	}{{"Upgrade", m.Upgrade, upgradeExample}, {"Downgrade", m.Downgrade, downgradeExample}} {
		fmt.Fprintf(&b, "\t\t%s: func(op *migrate.Op) {\n", dir.name)
		switch {
		case template:
			writeLines(&b, bodyIndent, dir.example)
		case len(dir.changes) == 0:
			writeLines(&b, bodyIndent, []string{"// nothing to do"})
		}
		var hazards [][]change.Hazard
		if dir.name == "Upgrade" {
			hazards = change.Hazards(dir.changes, m.NoTransaction)
		}
		for i, c := range dir.changes {
			if rg, ok := c.(change.RunGo); ok && rg.Backfill != nil {
				writeLines(&b, bodyIndent, backfillStub(rg.Backfill, m.Revision, bodyIndent))
				continue
			}
			n, err := opCall(c)
			if err != nil {
				return nil, fmt.Errorf("emit migration %s: %s change %d: %w", m.Revision, strings.ToLower(dir.name), i+1, err)
			}
			if hazards != nil {
				for _, h := range hazards[i] {
					writeLines(&b, bodyIndent, comment("hazard "+h.String(), bodyIndent))
				}
			}
			b.WriteString(indentTabs(bodyIndent) + layout(n, bodyIndent, bodyIndent*tabWidth, 0, lineWidth) + "\n")
		}
		b.WriteString("\t\t},\n")
	}
	keyWidth := len("AllowHazards: ")
	if m.NoTransaction {
		field(&b, "NoTransaction", atom("true"), 0)
		keyWidth = len("NoTransaction: ")
	}
	allowed, pending := hazardKinds(m.Upgrade, m.NoTransaction, m.AllowHazards)
	if len(allowed) > 0 {
		field(&b, "AllowHazards", hazardList(allowed), keyWidth)
	}
	if len(pending) > 0 {
		how := "then acknowledge them by adding this field:"
		if len(allowed) > 0 {
			how = "then acknowledge them by replacing AllowHazards above with:"
		}
		writeLines(&b, fieldIndent, comment("The upgrade has hazards (see the comments above its changes) that "+
			"`schemagen check` reports until they are acknowledged. Review them, "+how, fieldIndent))
		// The field itself, commented out, ready to take in.
		code := "AllowHazards: " + layout(hazardList(append(allowed, pending...)), fieldIndent,
			fieldIndent*tabWidth+len("// AllowHazards: "), 1, lineWidth-len("// ")) + ","
		for _, line := range strings.Split(code, "\n") {
			b.WriteString(indentTabs(fieldIndent) + "// " + strings.TrimPrefix(line, indentTabs(fieldIndent)) + "\n")
		}
	}
	b.WriteString("\t})\n}\n")
	return b.Bytes(), nil
}

// The indentation, in tabs, of the fields of the migrate.Migration
// literal and of the statements of its Upgrade and Downgrade functions.
const (
	fieldIndent = 2
	bodyIndent  = 3
)

// field writes the Migration field key: val, whose value gofmt aligns
// keyWidth columns after the indentation (0: right after the key).
func field(b *bytes.Buffer, key string, val node, keyWidth int) {
	col := fieldIndent*tabWidth + max(keyWidth, len(key)+2)
	b.WriteString(indentTabs(fieldIndent) + key + ": " + layout(val, fieldIndent, col, 1, lineWidth) + ",\n")
}

// writeLines writes lines, each indented indent tabs.
func writeLines(b *bytes.Buffer, indent int, lines []string) {
	for _, l := range lines {
		b.WriteString(indentTabs(indent) + l + "\n")
	}
}

func indentTabs(n int) string { return strings.Repeat("\t", n) }

// upgradeExample and downgradeExample fill the functions of a migration
// written without changes (revision without --autogenerate), to show
// the two doors that the models cannot express: hand-written SQL and Go
// code.
var (
	upgradeExample = []string{
		"// Nothing yet. Record the upgrade here with op's methods, for example",
		"// hand-written SQL (run as written, unchecked) that declares its schema",
		"// changes as op calls (ExecuteAs) or that it makes none (ExecuteData),",
		"// or Go code that runs with the migration's transaction (add import",
		"// \"context\"):",
		"//",
		"// op.ExecuteAs(`ALTER TABLE users ADD COLUMN nick text`, func(op *migrate.Op) {",
		"// \top.AddColumn(\"users\", migrate.Column{Name: \"nick\", Type: \"text\", Nullable: true})",
		"// })",
		"// op.ExecuteData(`UPDATE users SET nick = name WHERE nick IS NULL`)",
		"// op.Run(func(ctx context.Context, q migrate.Querier) error {",
		"// \t_, err := q.ExecContext(ctx, `UPDATE users SET nick = lower(name)`)",
		"// \treturn err",
		"// })",
	}
	downgradeExample = []string{
		"// Nothing yet. Record here what undoes the upgrade, for example:",
		"//",
		"// op.ExecuteAs(`ALTER TABLE users DROP COLUMN nick`, func(op *migrate.Op) {",
		"// \top.DropColumn(\"users\", \"nick\")",
		"// })",
	}
)

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

// hazardList renders kinds as a []change.HazardKind literal.
func hazardList(kinds []change.HazardKind) *lit {
	l := &lit{typ: "[]migrate.HazardKind"}
	for _, k := range kinds {
		l.elems = append(l.elems, elem{val: atom("migrate." + k.GoName())})
	}
	return l
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
	if _, ok := revid.Suffix(rev); ok {
		return true
	}
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

// messageComment returns the comment on the migration's init function:
// the message (see [comment]), or "Revision <rev>" when it is blank. It
// documents the migration, not the package: the package clause of a
// migration file carries no comment, so go doc shows the package comment
// of the Set's file alone.
func messageComment(msg, rev string) []string {
	lines := comment(msg, 0)
	if len(lines) == 0 {
		return []string{"// Revision " + rev}
	}
	return lines
}

// comment returns text as "// " comment lines at indent tabs: one per
// line of text, a line too long for lineWidth wrapped at spaces (unless
// it is indented, which a doc comment reads as code), and leading and
// trailing blank lines left out. Characters that Go source cannot hold in
// a comment (invalid UTF-8, control characters, byte order marks) become
// U+FFFD or spaces, and a line starting "+build", which the go command
// and vet would read as a build constraint, is escaped as "\+build"; the
// text itself, such as the Message field, keeps its exact form.
func comment(text string, indent int) []string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
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
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var out []string
	for _, l := range lines {
		switch {
		case l == "":
			out = append(out, "//")
		case l[0] == ' ' || l[0] == '\t' || indent*tabWidth+columns("// "+l) <= lineWidth:
			out = append(out, "// "+l)
		default:
			out = append(out, wrapComment(l, indent)...)
		}
	}
	for i, l := range out {
		if rest, ok := strings.CutPrefix(l, "// "); ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "+build") {
			out[i] = `// \` + strings.TrimLeft(rest, " \t")
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
func opCall(c change.Change) (node, error) {
	switch c := c.(type) {
	case change.CreateSchema:
		if c.Ensure {
			return &callExpr{fun: "op.EnsureSchema", args: []node{atom(goStr(c.Name))}}, nil
		}
		return &callExpr{fun: "op.CreateSchema", args: []node{atom(goStr(c.Name))}}, nil
	case change.DropSchema:
		return &callExpr{fun: "op.DropSchema", args: []node{atom(goStr(c.Name))}}, nil
	case change.CreateTable:
		if c.Table == nil {
			return nil, fmt.Errorf("create table: no table definition")
		}
		t, err := tableLit(c.Table)
		if err != nil {
			return nil, err
		}
		if c.Archive != "" {
			return tableCall("RestoreTable", c.Table.QualifiedName(), atom(goStr(c.Archive)), t)
		}
		return tableCall("CreateTableNamed", c.Table.QualifiedName(), t)
	case change.DropTable:
		if c.Table == nil {
			return nil, fmt.Errorf("drop table: no table definition")
		}
		if c.Archive != "" {
			return tableCall("ArchiveTable", c.Table.QualifiedName(), atom(goStr(c.Archive)))
		}
		return tableCall("DropTable", c.Table.QualifiedName())
	case change.AddColumn:
		if c.Column == nil {
			return nil, fmt.Errorf("add column to %s: no column definition", c.Table)
		}
		if c.Archive != "" {
			return tableCall("RestoreColumn", c.Table, atom(goStr(c.Archive)), typed("migrate.Column", columnLit(c.Column)))
		}
		return tableCall("AddColumn", c.Table, typed("migrate.Column", columnLit(c.Column)))
	case change.DropColumn:
		if c.Column == nil {
			return nil, fmt.Errorf("drop column of %s: no column definition", c.Table)
		}
		if c.Archive != "" {
			return tableCall("ArchiveColumn", c.Table, atom(goStr(c.Column.Name)), atom(goStr(c.Archive)))
		}
		return tableCall("DropColumn", c.Table, atom(goStr(c.Column.Name)))
	case change.AlterColumn:
		if c.From == nil || c.To == nil {
			return nil, fmt.Errorf("alter column of %s: From and To are both needed", c.Table)
		}
		// From's USING expression is its reverse's, which a file
		// writes itself (as its downgrade).
		from := *c.From
		from.Using = ""
		return tableCall("AlterColumn", c.Table, typed("migrate.Column", columnLit(&from)), typed("migrate.Column", columnLit(c.To)))
	case change.AddPrimaryKey:
		if c.PrimaryKey == nil {
			return nil, fmt.Errorf("add primary key to %s: no primary-key definition", c.Table)
		}
		return tableCall("AddPrimaryKey", c.Table, typed("migrate.PrimaryKey", primaryKeyLit(c.PrimaryKey)))
	case change.DropPrimaryKey:
		if c.PrimaryKey == nil {
			return nil, fmt.Errorf("drop primary key of %s: no primary-key definition", c.Table)
		}
		return tableCall("DropPrimaryKey", c.Table, atom(goStr(c.PrimaryKey.Name)))
	case change.AddUnique:
		if c.Unique == nil {
			return nil, fmt.Errorf("add unique constraint to %s: no constraint definition", c.Table)
		}
		method := "AddUnique"
		if c.UsingIndex {
			method = "AddUniqueUsingIndex"
		}
		return tableCall(method, c.Table, typed("migrate.Unique", uniqueLit(c.Unique)))
	case change.DropUnique:
		if c.Unique == nil {
			return nil, fmt.Errorf("drop unique constraint of %s: no constraint definition", c.Table)
		}
		return tableCall("DropUnique", c.Table, atom(goStr(c.Unique.Name)))
	case change.AddForeignKey:
		if c.ForeignKey == nil {
			return nil, fmt.Errorf("add foreign key to %s: no foreign-key definition", c.Table)
		}
		return tableCall(notValidName("AddForeignKey", c.NotValid), c.Table, typed("migrate.ForeignKey", foreignKeyLit(c.ForeignKey)))
	case change.DropForeignKey:
		if c.ForeignKey == nil {
			return nil, fmt.Errorf("drop foreign key of %s: no foreign-key definition", c.Table)
		}
		return tableCall("DropForeignKey", c.Table, atom(goStr(c.ForeignKey.Name)))
	case change.CreateIndex:
		if c.Index == nil {
			return nil, fmt.Errorf("create index on %s: no index definition", c.Table)
		}
		return tableCall(concurrentName("CreateIndex", c.Concurrently), c.Table, typed("migrate.Index", indexLit(c.Index)))
	case change.DropIndex:
		if c.Index == nil {
			return nil, fmt.Errorf("drop index of %s: no index definition", c.Table)
		}
		return tableCall(concurrentName("DropIndex", c.Concurrently), c.Table, atom(goStr(c.Index.Name)))
	case change.CreateEnum:
		if c.Enum == nil {
			return nil, fmt.Errorf("create enum: no enum definition")
		}
		e, err := enumLit(c.Enum)
		if err != nil {
			return nil, err
		}
		return &callExpr{fun: "op.CreateEnum", args: []node{typed("migrate.Enum", e)}}, nil
	case change.DropEnum:
		if c.Enum == nil {
			return nil, fmt.Errorf("drop enum: no enum definition")
		}
		name, err := nameArg("enum", c.Enum.QualifiedName())
		if err != nil {
			return nil, err
		}
		return &callExpr{fun: "op.DropEnum", args: []node{name}}, nil
	case change.AlterEnum:
		return alterEnumCall(c)
	case change.OrderEnum:
		return orderEnumCall(c)
	case change.AddCheck:
		if c.Check == nil {
			return nil, fmt.Errorf("add check constraint to %s: no constraint definition", c.Table)
		}
		return tableCall(notValidName("AddCheck", c.NotValid), c.Table, typed("migrate.Check", checkLit(c.Check)))
	case change.ValidateConstraint:
		return tableCall("ValidateConstraint", c.Table, atom(goStr(c.Name)))
	case change.DropCheck:
		if c.Check == nil {
			return nil, fmt.Errorf("drop check constraint of %s: no constraint definition", c.Table)
		}
		return tableCall("DropCheck", c.Table, atom(goStr(c.Check.Name)))
	case change.SetTableComment:
		return tableCall("SetTableComment", c.Table, atom(goStr(c.To)))
	case change.SetColumnComment:
		return tableCall("SetColumnComment", c.Table, atom(goStr(c.Column)), atom(goStr(c.To)))
	case change.RenameTable:
		to, err := tableArg(c.To)
		if err != nil {
			return nil, err
		}
		return tableCall("RenameTable", c.From, to)
	case change.AttachPartition:
		parent, err := tableArg(c.Parent)
		if err != nil {
			return nil, err
		}
		return tableCall("AttachPartition", c.Table, parent, atom(goStr(c.Bound)))
	case change.DetachPartition:
		parent, err := tableArg(c.Parent)
		if err != nil {
			return nil, err
		}
		return tableCall("DetachPartition", c.Table, parent, atom(goStr(c.Bound)))
	case change.RenameColumn:
		return tableCall("RenameColumn", c.Table, atom(goStr(c.From)), atom(goStr(c.To)))
	case change.RenameIndex:
		return tableCall("RenameIndex", c.Table, atom(goStr(c.From)), atom(goStr(c.To)))
	case change.RenameConstraint:
		return tableCall("RenameConstraint", c.Table, atom(goStr(c.From)), atom(goStr(c.To)))
	case change.AddExclusion:
		if c.Exclusion == nil {
			return nil, fmt.Errorf("add exclusion constraint to %s: no constraint definition", c.Table)
		}
		return tableCall("AddExclusion", c.Table, typed("migrate.Exclusion", exclusionLit(c.Exclusion)))
	case change.DropExclusion:
		if c.Exclusion == nil {
			return nil, fmt.Errorf("drop exclusion constraint of %s: no constraint definition", c.Table)
		}
		return tableCall("DropExclusion", c.Table, atom(goStr(c.Exclusion.Name)))
	case change.AlterConstraint:
		return tableCall("AlterConstraint", c.Table, atom(goStr(c.Name)), typed("migrate.Deferral", deferralLit(c.From)), typed("migrate.Deferral", deferralLit(c.To)))
	case change.AlterTable:
		return tableCall("AlterTable", c.Table, typed("migrate.TableAttrs", tableAttrsLit(c.From)), typed("migrate.TableAttrs", tableAttrsLit(c.To)))
	case change.SetSchemaComment:
		return &callExpr{fun: "op.SetSchemaComment", args: []node{atom(goStr(c.Schema)), atom(goStr(c.To))}}, nil
	case change.CreateObject:
		if c.Object == nil {
			return nil, fmt.Errorf("create object: no object definition")
		}
		return &callExpr{fun: "op.CreateObject", args: []node{typed("migrate.Object", objectLit(c.Object, true))}}, nil
	case change.DropObject:
		if c.Object == nil {
			return nil, fmt.Errorf("drop object: no object definition")
		}
		return &callExpr{fun: "op.DropObject", args: []node{typed("migrate.Object", objectLit(c.Object, false))}}, nil
	case change.ReplaceObject:
		if c.From == nil || c.To == nil {
			return nil, fmt.Errorf("replace object: From and To are both needed")
		}
		return &callExpr{fun: "op.ReplaceObject", args: []node{typed("migrate.Object", objectLit(c.From, true)), typed("migrate.Object", objectLit(c.To, true))}, broken: true}, nil
	case change.Execute:
		return executeCall(c)
	case change.RunGo:
		return nil, fmt.Errorf("run Go code: a Go function cannot be written to a migration file; add the op.Run call by hand")
	case nil:
		return nil, fmt.Errorf("nil change")
	}
	return nil, fmt.Errorf("unknown change type %T", c)
}

// executeCall renders hand-written SQL as the Op method that declares
// what it declares: op.ExecuteAs with a function that records its
// effects, op.ExecuteData for none, op.Execute when it declares nothing.
func executeCall(c change.Execute) (node, error) {
	sql := atom(sqlLit(c.SQL))
	switch {
	case !c.Declared:
		return &callExpr{fun: "op.Execute", args: []node{sql}}, nil
	case len(c.Effects) == 0:
		return &callExpr{fun: "op.ExecuteData", args: []node{sql}}, nil
	}
	f := &funcLit{}
	for i, e := range c.Effects {
		switch e.(type) {
		case change.Execute, change.RunGo:
			return nil, fmt.Errorf("execute: declared effect %d is %s, not a schema change", i+1, change.Describe(e))
		default:
			// A schema change, written as its op call.
		}
		n, err := opCall(e)
		if err != nil {
			return nil, fmt.Errorf("execute: declared effect %d: %w", i+1, err)
		}
		f.calls = append(f.calls, n)
	}
	return &callExpr{fun: "op.ExecuteAs", args: []node{sql, f}}, nil
}

// tableCall renders op.method(table, args...), with table written as the
// op vocabulary names tables.
func tableCall(method string, table schema.QualifiedName, args ...node) (node, error) {
	t, err := tableArg(table)
	if err != nil {
		return nil, err
	}
	return &callExpr{fun: "op." + method, args: append([]node{t}, args...)}, nil
}

// tableArg returns the Go string literal that names the table q in an op
// call; see [nameArg].
func tableArg(q schema.QualifiedName) (atom, error) { return nameArg("table", q) }

// nameArg returns the Go string literal that names q, a table or enum
// (kind), in an op call, such that [schema.ParseQualifiedName] gives q
// back: q.String(), "users" for the public schema and "billing.invoices"
// otherwise. A public name that holds a dot is written "public.a.b", since
// the parse splits at the first dot; a schema name with a dot cannot be
// written at all.
func nameArg(kind string, q schema.QualifiedName) (atom, error) {
	if strings.Contains(q.Schema, ".") {
		return "", fmt.Errorf("%s %q of schema %q: a schema name holding a dot cannot be named in an op call", kind, q.Name, q.Schema)
	}
	if q.Schema == schema.DefaultSchema && !strings.Contains(q.Name, ".") {
		return atom(goStr(q.Name)), nil
	}
	return atom(goStr(q.Schema + "." + q.Name)), nil
}

// alterEnumCall renders c as op.AlterEnumValues(name, delta,
// columns...), or, for a change of the older form (From and To, no
// delta) that does not set AddedValuesUsed, op.AlterEnum(name, from, to,
// columns...); one column per line when there are any.
func alterEnumCall(c change.AlterEnum) (node, error) {
	name, err := nameArg("enum", c.Enum)
	if err != nil {
		return nil, err
	}
	var call *callExpr
	if len(c.Add) == 0 && len(c.Drop) == 0 && !c.AddedValuesUsed {
		call = &callExpr{fun: "op.AlterEnum", args: []node{name, nilOrStrings(c.From), nilOrStrings(c.To)}, lead: 3, broken: len(c.Columns) > 0}
	} else {
		// The older form has no place for AddedValuesUsed: its delta
		// is written out.
		add, drop := c.Delta()
		var delta fields
		delta.enumValues("Add", add)
		delta.enumValues("Drop", drop)
		delta.flag("AddedValuesUsed", c.AddedValuesUsed)
		call = &callExpr{fun: "op.AlterEnumValues", args: []node{name, &lit{typ: "migrate.EnumDelta", elems: delta}}, lead: 2, broken: len(c.Columns) > 0}
	}
	for _, ec := range c.Columns {
		table, err := tableArg(ec.Table)
		if err != nil {
			return nil, err
		}
		f := fields{{key: "Table", val: table}, {key: "Column", val: atom(goStr(ec.Column))}}
		f.str("Default", ec.Default)
		f.flag("Array", ec.Array)
		f.str("OldDefault", ec.OldDefault)
		call.args = append(call.args, &lit{typ: "migrate.EnumColumn", elems: f})
	}
	return call, nil
}

// orderEnumCall renders c as op.OrderEnum(name, values, tables...).
func orderEnumCall(c change.OrderEnum) (node, error) {
	name, err := nameArg("enum", c.Enum)
	if err != nil {
		return nil, err
	}
	call := &callExpr{fun: "op.OrderEnum", args: []node{name, stringsLit(c.Values)}, lead: 2}
	for _, t := range c.Tables {
		table, err := tableArg(t)
		if err != nil {
			return nil, err
		}
		call.args = append(call.args, table)
	}
	return call, nil
}

// enumValues adds the field key holding vs, a []migrate.EnumValue
// literal, unless vs is empty.
func (f *fields) enumValues(key string, vs []change.EnumValue) {
	if len(vs) == 0 {
		return
	}
	l := &lit{typ: "[]migrate.EnumValue"}
	for _, v := range vs {
		e := fields{{key: "Value", val: atom(goStr(v.Value))}}
		e.str("After", v.After)
		e.str("Before", v.Before)
		l.elems = append(l.elems, elem{val: &lit{elems: e}})
	}
	*f = append(*f, elem{key: key, val: l})
}

// nilOrStrings renders ss as a []string literal, or nil when ss is nil,
// so that an empty list and no list stay apart.
func nilOrStrings(ss []string) node {
	if ss == nil {
		return atom("nil")
	}
	return stringsLit(ss)
}

// tableLit renders t as the schema.Table literal of
// op.CreateTableNamed, one field per line: its name is the call's first
// argument, so Schema and Name are left out, as are zero-valued fields
// and the model hints RenamedFrom and Pos. The lists of columns,
// constraints and indexes hold one element per line.
func tableLit(t *schema.Table) (*lit, error) {
	var f fields
	list := func(key, typ, what string, n int, render func(i int) *lit) error {
		if n == 0 {
			return nil
		}
		l := &lit{typ: typ, broken: true}
		for i := range n {
			e := render(i)
			if e == nil {
				return fmt.Errorf("create table %s: nil %s", t.QualifiedName(), what)
			}
			l.elems = append(l.elems, elem{val: e})
		}
		f = append(f, elem{key: key, val: l})
		return nil
	}
	if err := list("Columns", "[]*migrate.Column", "column", len(t.Columns), func(i int) *lit {
		return nilOr(t.Columns[i], columnLit)
	}); err != nil {
		return nil, err
	}
	if t.PrimaryKey != nil {
		f = append(f, elem{key: "PrimaryKey", val: typed("&migrate.PrimaryKey", primaryKeyLit(t.PrimaryKey))})
	}
	if err := list("Uniques", "[]*migrate.Unique", "unique constraint", len(t.Uniques), func(i int) *lit {
		return nilOr(t.Uniques[i], uniqueLit)
	}); err != nil {
		return nil, err
	}
	if err := list("Indexes", "[]*migrate.Index", "index", len(t.Indexes), func(i int) *lit {
		return nilOr(t.Indexes[i], indexLit)
	}); err != nil {
		return nil, err
	}
	if err := list("ForeignKeys", "[]*migrate.ForeignKey", "foreign key", len(t.ForeignKeys), func(i int) *lit {
		return nilOr(t.ForeignKeys[i], foreignKeyLit)
	}); err != nil {
		return nil, err
	}
	if err := list("Checks", "[]*migrate.Check", "check constraint", len(t.Checks), func(i int) *lit {
		return nilOr(t.Checks[i], checkLit)
	}); err != nil {
		return nil, err
	}
	if err := list("Exclusions", "[]*migrate.Exclusion", "exclusion constraint", len(t.Exclusions), func(i int) *lit {
		return nilOr(t.Exclusions[i], exclusionLit)
	}); err != nil {
		return nil, err
	}
	f.str("Comment", t.Comment)
	f.flag("Unlogged", t.Unlogged)
	f.strs("Options", t.Options)
	f.flag("RowSecurity", t.RowSecurity)
	f.flag("ForceRowSecurity", t.ForceRowSecurity)
	f.str("PartitionBy", t.PartitionBy)
	if p := t.PartitionOf; p != nil {
		var pf fields
		pf = append(pf, elem{key: "Parent", val: typed("migrate.QualifiedName", qualifiedNameLit(p.Parent))})
		pf.str("Bound", p.Bound)
		f = append(f, elem{key: "PartitionOf", val: &lit{typ: "&migrate.PartitionOf", elems: pf}})
	}
	if len(t.Inherits) > 0 {
		l := &lit{typ: "[]migrate.QualifiedName"}
		for _, p := range t.Inherits {
			l.elems = append(l.elems, elem{val: qualifiedNameLit(p)})
		}
		f = append(f, elem{key: "Inherits", val: l})
	}
	return &lit{typ: "migrate.Table", elems: f, broken: true}, nil
}

// qualifiedNameLit renders q as {Schema: ..., Name: ...}.
func qualifiedNameLit(q schema.QualifiedName) *lit {
	return &lit{elems: fields{{key: "Schema", val: atom(goStr(q.Schema))}, {key: "Name", val: atom(goStr(q.Name))}}}
}

// nilOr returns render(x), or nil for a nil x.
func nilOr[T any](x *T, render func(*T) *lit) *lit {
	if x == nil {
		return nil
	}
	return render(x)
}

// typed returns l with its type written: typ{...}.
func typed(typ string, l *lit) *lit {
	l.typ, l.oneLine = typ, ""
	return l
}

// fields collects the fields of a composite literal.
type fields []elem

func (f *fields) str(key, v string) {
	if v != "" {
		*f = append(*f, elem{key: key, val: atom(goStr(v))})
	}
}

func (f *fields) strs(key string, v []string) {
	if len(v) > 0 {
		*f = append(*f, elem{key: key, val: stringsLit(v)})
	}
}

func (f *fields) flag(key string, v bool) {
	if v {
		*f = append(*f, elem{key: key, val: atom("true")})
	}
}

// The literal functions below render a value without its type name, as
// elements of a slice literal are written; callers set the type where it
// is needed ([typed]). Name is always written; other zero-valued fields
// and Pos are left out, as is RenamedFrom: a rename hint is for the
// differ, and a migration file holds the rename itself.

func columnLit(c *schema.Column) *lit {
	f := fields{{key: "Name", val: atom(goStr(c.Name))}}
	f.str("Type", c.Type)
	f.flag("Nullable", c.Nullable)
	f.str("Default", c.Default)
	f.flag("Identity", c.Identity)
	f.flag("IdentityAlways", c.IdentityAlways)
	f.str("Sequence", c.Sequence)
	f.str("SequenceOptions", c.SequenceOptions)
	f.str("Collation", c.Collation)
	f.str("Generated", c.Generated)
	f.str("Comment", c.Comment)
	f.str("Using", c.Using)
	return &lit{elems: f}
}

func primaryKeyLit(pk *schema.PrimaryKey) *lit {
	f := fields{{key: "Name", val: atom(goStr(pk.Name))}}
	f.strs("Columns", pk.Columns)
	f.flag("Deferrable", pk.Deferrable)
	f.flag("InitiallyDeferred", pk.InitiallyDeferred)
	f.strs("Include", pk.Include)
	f.strs("Options", pk.Options)
	return &lit{elems: f}
}

func uniqueLit(u *schema.Unique) *lit {
	f := fields{{key: "Name", val: atom(goStr(u.Name))}}
	f.strs("Columns", u.Columns)
	f.flag("NullsNotDistinct", u.NullsNotDistinct)
	f.flag("Deferrable", u.Deferrable)
	f.flag("InitiallyDeferred", u.InitiallyDeferred)
	f.strs("Include", u.Include)
	f.strs("Options", u.Options)
	return &lit{elems: f}
}

func exclusionLit(x *schema.Exclusion) *lit {
	f := fields{{key: "Name", val: atom(goStr(x.Name))}}
	f.str("Definition", x.Definition)
	f.flag("Deferrable", x.Deferrable)
	f.flag("InitiallyDeferred", x.InitiallyDeferred)
	return &lit{elems: f}
}

func deferralLit(d schema.Deferral) *lit {
	var f fields
	f.flag("Deferrable", d.Deferrable)
	f.flag("InitiallyDeferred", d.InitiallyDeferred)
	return &lit{elems: f}
}

func tableAttrsLit(a schema.TableAttrs) *lit {
	var f fields
	f.flag("Unlogged", a.Unlogged)
	f.strs("Options", a.Options)
	f.flag("RowSecurity", a.RowSecurity)
	f.flag("ForceRowSecurity", a.ForceRowSecurity)
	return &lit{elems: f}
}

func indexLit(ix *schema.Index) *lit {
	f := fields{{key: "Name", val: atom(goStr(ix.Name))}}
	f.strs("Columns", ix.Columns)
	f.strs("Keys", ix.Keys)
	f.flag("Unique", ix.Unique)
	f.flag("NullsNotDistinct", ix.NullsNotDistinct)
	f.str("Method", ix.Method)
	f.strs("Include", ix.Include)
	f.strs("Options", ix.Options)
	f.str("Where", ix.Where)
	return &lit{elems: f}
}

func checkLit(c *schema.Check) *lit {
	f := fields{{key: "Name", val: atom(goStr(c.Name))}}
	f.str("Expr", c.Expr)
	f.flag("NoInherit", c.NoInherit)
	return &lit{elems: f}
}

// enumLit renders e, leaving out the public schema. Its schema name may
// not hold a dot, since DropEnum and AlterEnum could not name it.
func enumLit(e *schema.Enum) (*lit, error) {
	if _, err := nameArg("enum", e.QualifiedName()); err != nil {
		return nil, err
	}
	var f fields
	if e.Schema != schema.DefaultSchema {
		f.str("Schema", e.Schema)
	}
	f = append(f, elem{key: "Name", val: atom(goStr(e.Name))})
	f.strs("Values", e.Values)
	return &lit{elems: f}, nil
}

func foreignKeyLit(fk *schema.ForeignKey) *lit {
	f := fields{{key: "Name", val: atom(goStr(fk.Name))}}
	f.strs("Columns", fk.Columns)
	if fk.RefSchema != schema.DefaultSchema {
		f.str("RefSchema", fk.RefSchema)
	}
	f.str("RefTable", fk.RefTable)
	f.strs("RefColumns", fk.RefColumns)
	f.str("OnDelete", fk.OnDelete)
	f.str("OnUpdate", fk.OnUpdate)
	f.flag("Deferrable", fk.Deferrable)
	f.flag("InitiallyDeferred", fk.InitiallyDeferred)
	return &lit{elems: f}
}

// kindConst returns the Go expression of object kind k: the constant of
// package migrate that names it, or a conversion for a kind it lacks.
func kindConst(k schema.ObjectKind) atom {
	names := map[schema.ObjectKind]string{
		schema.KindExtension: "KindExtension", schema.KindView: "KindView",
		schema.KindMaterializedView: "KindMaterializedView", schema.KindIndex: "KindIndex",
		schema.KindFunction: "KindFunction", schema.KindProcedure: "KindProcedure",
		schema.KindTrigger: "KindTrigger", schema.KindPolicy: "KindPolicy", schema.KindRule: "KindRule",
		schema.KindDomain: "KindDomain", schema.KindCompositeType: "KindCompositeType",
		schema.KindSequence: "KindSequence", schema.KindTable: "KindTable", schema.KindEnum: "KindEnum",
		schema.KindCollation: "KindCollation", schema.KindStatistics: "KindStatistics",
	}
	if n, ok := names[k]; ok {
		return atom("migrate." + n)
	}
	return atom("migrate.ObjectKind(" + strconv.Quote(string(k)) + ")")
}

// objectLit renders o, one field per line, leaving out the public
// schema; with full, its definition and dependencies too (a drop names
// the object alone).
func objectLit(o *schema.Object, full bool) *lit {
	f := fields{{key: "Kind", val: kindConst(o.Kind)}}
	if o.Schema != schema.DefaultSchema {
		f.str("Schema", o.Schema)
	}
	f = append(f, elem{key: "Name", val: atom(goStr(o.Name))})
	f.str("Table", o.Table)
	if full {
		if o.Definition != "" {
			f = append(f, elem{key: "Definition", val: atom(sqlLit(o.Definition))})
		}
		if len(o.DependsOn) > 0 {
			l := &lit{typ: "[]migrate.Dependency", broken: true}
			for _, d := range o.DependsOn {
				e := fields{{key: "Kind", val: kindConst(d.Kind)}}
				if d.Schema != schema.DefaultSchema {
					e.str("Schema", d.Schema)
				}
				e = append(e, elem{key: "Name", val: atom(goStr(d.Name))})
				e.str("Table", d.Table)
				e.str("Column", d.Column)
				l.elems = append(l.elems, elem{val: &lit{elems: e}})
			}
			f = append(f, elem{key: "DependsOn", val: l})
		}
	}
	return &lit{elems: f, broken: true}
}

// stringsLit renders ss as a []string literal.
func stringsLit(ss []string) *lit {
	l := &lit{typ: "[]string"}
	for _, s := range ss {
		l.elems = append(l.elems, elem{val: atom(goStr(s))})
	}
	return l
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
