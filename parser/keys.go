package parser

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/schema"
)

// This file reads the table-level key directives, for the keys that the
// pk, unique and fk: options of fields cannot say: a name of one's own,
// columns in an order other than the fields', a foreign key over several
// columns.
//
//	//schemagen:primarykey [NAME] (COLUMN, ...)
//	//schemagen:unique NAME (COLUMN, ...) [nulls not distinct]
//	//schemagen:foreignkey NAME (COLUMN, ...) references [schema.]TABLE [(COLUMN, ...)] [on delete ACTION] [on update ACTION]
//
// //schemagen:deferrable, //schemagen:include and //schemagen:with name
// these keys as they name the keys of fields.

// The grammars, for error messages.
const (
	primaryKeySyntax = "//schemagen:primarykey [NAME] (COLUMN, ...)"
	uniqueSyntax     = "//schemagen:unique NAME (COLUMN, ...) [nulls not distinct]"
	foreignKeySyntax = "//schemagen:foreignkey NAME (COLUMN, ...) references [schema.]TABLE [(COLUMN, ...)] [on delete ACTION] [on update ACTION]"
)

// pendingKeyFK is a foreign key of //schemagen:foreignkey, whose target
// is resolved once every model is known.
type pendingKeyFK struct {
	fk       *schema.ForeignKey
	table    string // as written, maybe schema-qualified
	refCols  []string
	refGiven bool // the directive lists the referenced columns
	pos      token.Position
}

// keyScanner reads the words and parenthesized lists of a key directive.
type keyScanner struct {
	s string
}

// done reports whether only white space is left.
func (k *keyScanner) done() bool {
	k.s = strings.TrimLeftFunc(k.s, unicode.IsSpace)
	return k.s == ""
}

// atList reports whether a parenthesized list comes next.
func (k *keyScanner) atList() bool {
	return !k.done() && k.s[0] == '('
}

// word returns the next word: the text up to white space or a
// parenthesis.
func (k *keyScanner) word() string {
	k.s = strings.TrimLeftFunc(k.s, unicode.IsSpace)
	i := strings.IndexFunc(k.s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == ')' })
	if i < 0 {
		i = len(k.s)
	}
	w := k.s[:i]
	k.s = k.s[i:]
	return w
}

// columns reads a parenthesized list of column names, bare or in double
// quotes.
func (k *keyScanner) columns() ([]string, string) {
	if !k.atList() {
		return nil, "want a list of columns (COLUMN, ...)"
	}
	end, msg := matchParen(k.s)
	if end < 0 {
		return nil, msg
	}
	inner := k.s[1:end]
	k.s = k.s[end+1:]
	if strings.TrimSpace(inner) == "" {
		return nil, "empty list of columns ()"
	}
	parts, err := splitList(inner)
	if err != nil {
		return nil, err.Error()
	}
	var cols []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		c, ok := identName(p)
		if !ok {
			return nil, fmt.Sprintf("want column names, got %q", p)
		}
		if slices.Contains(cols, c) {
			return nil, fmt.Sprintf("column %q appears twice", c)
		}
		cols = append(cols, c)
	}
	return cols, ""
}

// keyName reads the name of a key directive (what names it in
// messages), checked as a constraint name.
func (k *keyScanner) keyName(what, syntax string) (string, string) {
	if k.atList() || k.done() {
		return "", fmt.Sprintf("//schemagen:%s needs a name first: %s", what, syntax)
	}
	name := k.word()
	if msg := checkObjectName("constraint", name); msg != "" {
		return "", fmt.Sprintf("//schemagen:%s %s: %s", what, name, msg)
	}
	if strings.Contains(name, ".") {
		return "", fmt.Sprintf("//schemagen:%s %s: a constraint belongs to its table; name it without a schema", what, name)
	}
	return name, ""
}

// knownColumns reports the first of cols that is no column of the table,
// with a suggestion, or "".
func (b *tableBuilder) knownColumns(cols []string) string {
	for _, c := range cols {
		if _, ok := b.cols[c]; !ok {
			return fmt.Sprintf("unknown column %q%s", c, b.suggestColumn(c))
		}
	}
	return ""
}

// addKeyDirectives applies //schemagen:primarykey, //schemagen:unique and
// //schemagen:foreignkey, once every column is known and before the
// directives that name constraints (deferrable, include, with).
func (b *tableBuilder) addKeyDirectives(dirs map[string][]directive) {
	if ds := dirs["primarykey"]; len(ds) > 0 {
		b.addPrimaryKeyDirective(ds[0])
	}
	for _, d := range dirs["unique"] {
		b.addUniqueDirective(d)
	}
	for _, d := range dirs["foreignkey"] {
		b.addForeignKeyDirective(d)
	}
}

// addPrimaryKeyDirective applies //schemagen:primarykey [NAME] (COLUMN,
// ...): the table's primary key, its columns NOT NULL.
func (b *tableBuilder) addPrimaryKeyDirective(d directive) {
	t := b.model.table
	k := &keyScanner{s: d.args}
	name := ""
	if !k.atList() {
		if k.done() {
			b.errs.Add(d.pos, "//schemagen:primarykey needs a list of columns: "+primaryKeySyntax)
			return
		}
		n, msg := k.keyName("primarykey", primaryKeySyntax)
		if msg != "" {
			b.errs.Add(d.pos, msg)
			return
		}
		name = n
	}
	label := "//schemagen:primarykey"
	if name != "" {
		label += " " + name
	}
	cols, msg := k.columns()
	if msg == "" && !k.done() {
		msg = fmt.Sprintf("unexpected %q; want %s", k.s, primaryKeySyntax)
	}
	if msg == "" {
		msg = b.knownColumns(cols)
	}
	if msg != "" {
		b.errs.Add(d.pos, label+": "+msg)
		return
	}
	if t.PrimaryKey != nil {
		b.errs.Add(d.pos, fmt.Sprintf("%s: the fields already make the primary key (pk at %s); a table has one: drop the pk options or the directive", label, b.pf.format(b.pkPos)))
		return
	}
	if name == "" {
		name = schema.ConstraintName(t.Name, cols, "pkey")
	}
	for _, c := range cols {
		if col, ok := t.Column(c); ok {
			col.Nullable = false
		}
	}
	t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols}
	// First, as the primary key of fields is, so that a clash is
	// reported at the other name.
	b.model.objs = slices.Insert(b.model.objs, 0, namedObj{kind: "primary key", name: name, pos: d.pos})
}

// addUniqueDirective applies //schemagen:unique NAME (COLUMN, ...) [nulls
// not distinct].
func (b *tableBuilder) addUniqueDirective(d directive) {
	t := b.model.table
	k := &keyScanner{s: d.args}
	name, msg := k.keyName("unique", uniqueSyntax)
	if msg != "" {
		b.errs.Add(d.pos, msg)
		return
	}
	cols, msg := k.columns()
	nnd := false
	if msg == "" && !k.done() {
		if words := strings.Fields(strings.ToLower(k.s)); slices.Equal(words, []string{"nulls", "not", "distinct"}) {
			nnd = true
		} else {
			msg = fmt.Sprintf("unexpected %q; want %s", strings.TrimSpace(k.s), uniqueSyntax)
		}
	}
	if msg == "" {
		msg = b.knownColumns(cols)
	}
	if msg != "" {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:unique %s: %s", name, msg))
		return
	}
	t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols, NullsNotDistinct: nnd})
	b.add("unique constraint", name, d.pos)
}

// addForeignKeyDirective applies //schemagen:foreignkey; its target is
// resolved by [resolveKeyFK].
func (b *tableBuilder) addForeignKeyDirective(d directive) {
	t := b.model.table
	k := &keyScanner{s: d.args}
	name, msg := k.keyName("foreignkey", foreignKeySyntax)
	if msg != "" {
		b.errs.Add(d.pos, msg)
		return
	}
	fail := func(format string, a ...any) {
		b.errs.Add(d.pos, fmt.Sprintf("//schemagen:foreignkey %s: ", name)+fmt.Sprintf(format, a...))
	}
	cols, msg := k.columns()
	if msg != "" {
		fail("%s", msg)
		return
	}
	if msg := b.knownColumns(cols); msg != "" {
		fail("%s", msg)
		return
	}
	if w := k.word(); !strings.EqualFold(w, "references") {
		fail("want \"references\" after the columns, got %q: %s", w, foreignKeySyntax)
		return
	}
	target := k.word()
	if target == "" {
		fail("\"references\" needs a [schema.]table")
		return
	}
	if msg := checkTableName(target); msg != "" {
		fail("%s", msg)
		return
	}
	p := pendingKeyFK{table: target, pos: d.pos}
	if k.atList() {
		refCols, msg := k.columns()
		if msg != "" {
			fail("referenced %s", msg)
			return
		}
		p.refCols, p.refGiven = refCols, true
		if len(refCols) != len(cols) {
			fail("%d referencing column(s) (%s) but %d referenced (%s): PostgreSQL wants as many on each side",
				len(cols), strings.Join(cols, ", "), len(refCols), strings.Join(refCols, ", "))
			return
		}
	}
	fk := &schema.ForeignKey{Name: name, Columns: cols}
	seen := map[string]bool{}
	for !k.done() {
		w := strings.ToLower(k.word())
		if w != "on" {
			fail("unexpected %q; want %s", w, foreignKeySyntax)
			return
		}
		event := strings.ToLower(k.word())
		var dst *string
		switch event {
		case "delete":
			dst = &fk.OnDelete
		case "update":
			dst = &fk.OnUpdate
		default:
			fail("want \"on delete ACTION\" or \"on update ACTION\", got \"on %s\"", event)
			return
		}
		if seen[event] {
			fail("\"on %s\" is given twice", event)
			return
		}
		seen[event] = true
		act := k.word()
		if lw := strings.ToLower(act); lw == "set" || lw == "no" {
			act += " " + k.word()
		}
		a, ok := parseAction(act)
		if !ok {
			fail("unknown action %q (want cascade, restrict, set null, set default or no action)", act)
			return
		}
		*dst = a
	}
	t.ForeignKeys = append(t.ForeignKeys, fk)
	b.model.keyFKs = append(b.model.keyFKs, pendingKeyFK{fk: fk, table: p.table, refCols: p.refCols, refGiven: p.refGiven, pos: d.pos})
	b.add("foreign key", name, d.pos)
}

// resolveKeyFK points a foreign key of //schemagen:foreignkey at its
// model table, found as [resolveFK] finds one. As PostgreSQL requires,
// the referenced columns (the primary key's when the directive lists
// none) must be, in any order, those of the target's primary key, of a
// unique constraint or of a plain unique index, not deferrable, and each
// pair of columns of types PostgreSQL can compare.
func resolveKeyFK(t *schema.Table, ref pendingKeyFK, byName map[schema.QualifiedName]*model, enums map[string]bool, errs *ErrorList) {
	fail := func(format string, a ...any) {
		errs.Add(ref.pos, fmt.Sprintf("//schemagen:foreignkey %s: ", ref.fk.Name)+fmt.Sprintf(format, a...))
	}
	var target *model
	if strings.Contains(ref.table, ".") {
		target = byName[schema.ParseQualifiedName(ref.table)]
	} else {
		target = byName[schema.QualifiedName{Schema: t.Schema, Name: ref.table}]
		if target == nil {
			target = byName[schema.QualifiedName{Schema: schema.DefaultSchema, Name: ref.table}]
		}
	}
	if target == nil {
		fail("references unknown table %q: a foreign key references a model table", ref.table)
		return
	}
	tt := target.table
	refCols := ref.refCols
	if !ref.refGiven {
		if tt.PrimaryKey == nil {
			fail("references table %s, which has no primary key; name the referenced columns: references %s (COLUMN, ...)", tt.QualifiedName(), ref.table)
			return
		}
		refCols = tt.PrimaryKey.Columns
		if len(refCols) != len(ref.fk.Columns) {
			fail("%d referencing column(s) (%s) but the primary key of %s has %d (%s): PostgreSQL wants as many on each side",
				len(ref.fk.Columns), strings.Join(ref.fk.Columns, ", "), tt.QualifiedName(), len(refCols), strings.Join(refCols, ", "))
			return
		}
	}
	for _, c := range refCols {
		if _, ok := tt.Column(c); !ok {
			fail("references unknown column %q of %s%s", c, tt.QualifiedName(), suggestColumnOf(tt, c))
			return
		}
	}
	found, deferrable := keyOf(tt, refCols)
	if !found {
		fail("references (%s) of %s, which are neither its primary key nor a unique constraint or unique index: PostgreSQL refuses a foreign key to them", strings.Join(refCols, ", "), tt.QualifiedName())
		return
	}
	if deferrable {
		fail("references (%s) of %s, whose key is deferrable: PostgreSQL refuses a foreign key to a deferrable key", strings.Join(refCols, ", "), tt.QualifiedName())
		return
	}
	if tt.Unlogged && !t.Unlogged {
		fail("references table %s, which is unlogged: PostgreSQL refuses a foreign key of a logged table to an unlogged one; make table %s unlogged too, or %s logged",
			tt.QualifiedName(), t.QualifiedName(), tt.QualifiedName())
		return
	}
	for i, c := range ref.fk.Columns {
		own, ok1 := t.Column(c)
		rc, ok2 := tt.Column(refCols[i])
		if !ok1 || !ok2 || own.Type == "" || rc.Type == "" || fkTypesCompatible(own.Type, rc.Type, enums) {
			continue
		}
		at := ""
		if rc.Pos != "" {
			at = " (at " + rc.Pos + ")"
		}
		fail("column %q is %s, but it references %s.%s, which is %s%s: PostgreSQL cannot compare the two types; make them match",
			own.Name, own.Type, tt.QualifiedName(), rc.Name, rc.Type, at)
		return
	}
	ref.fk.RefSchema, ref.fk.RefTable, ref.fk.RefColumns = tt.Schema, tt.Name, slices.Clone(refCols)
}

// keyOf reports whether cols, in any order, are the columns of t's
// primary key, of a unique constraint or of a unique index on plain
// columns without a predicate, which a foreign key may reference; and
// whether every such key is deferrable.
func keyOf(t *schema.Table, cols []string) (found, deferrable bool) {
	same := func(key []string) bool {
		if len(key) != len(cols) {
			return false
		}
		for _, c := range cols {
			if !slices.Contains(key, c) {
				return false
			}
		}
		return true
	}
	deferrable = true
	if pk := t.PrimaryKey; pk != nil && same(pk.Columns) {
		found, deferrable = true, pk.Deferral().Deferrable
	}
	for _, u := range t.Uniques {
		if same(u.Columns) {
			found = true
			deferrable = deferrable && u.Deferral().Deferrable
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && len(ix.Keys) == 0 && ix.Where == "" && same(ix.Columns) {
			found, deferrable = true, false
		}
	}
	return found, found && deferrable
}

// isKeyDirective reports whether the directive called name is one of
// this file's, whose column names may be quoted: a "//" inside quotes
// ends no directive's text.
func isKeyDirective(name string) bool {
	return name == "primarykey" || name == "unique" || name == "foreignkey"
}

// checkRelationNames reports indexes, and the indexes of primary-key,
// unique and exclusion constraints, and serial sequences, named as a
// model table of their schema: PostgreSQL names them all in one
// namespace of relations per schema, and refuses the second ("relation
// already exists").
func checkRelationNames(models []*model, byName map[schema.QualifiedName]*model, pf posFormatter, errs *ErrorList) {
	for _, m := range models {
		for _, o := range m.objs {
			switch o.kind {
			case "index", "unique constraint", "primary key", "exclusion constraint", "sequence":
			default:
				continue
			}
			q := schema.QualifiedName{Schema: m.table.Schema, Name: o.name}
			if other, ok := byName[q]; ok {
				errs.Add(o.pos, fmt.Sprintf("the name %q (%s) is taken in schema %s by table %s (at %s): indexes and tables share one namespace per schema",
					o.name, o.kind, q.Schema, other.table.QualifiedName(), pf.format(other.pos)))
			}
		}
	}
}

// checkPartitionedKeys reports a primary key or unique constraint of a
// partitioned table that lacks a column of its partition key, or whose
// partition key holds an expression: PostgreSQL refuses both, as the
// key's index is built on each partition alone.
func checkPartitionedKeys(models []*model, errs *ErrorList) {
	for _, m := range models {
		t := m.table
		if t.PartitionBy == "" {
			continue
		}
		_, rest, _ := strings.Cut(t.PartitionBy, " ")
		rest = strings.TrimSpace(rest)
		if len(rest) < 2 || rest[0] != '(' || rest[len(rest)-1] != ')' {
			continue
		}
		parts, err := splitList(rest[1 : len(rest)-1])
		if err != nil {
			continue
		}
		var keyCols []string
		expr := false
		for _, p := range parts {
			w := strings.Fields(strings.TrimSpace(p))
			c, ok := "", false
			if len(w) > 0 {
				c, ok = identName(w[0])
			}
			if !ok {
				expr = true
				continue
			}
			keyCols = append(keyCols, c)
		}
		check := func(kind, name string, cols []string) {
			pos := token.Position{}
			for _, o := range m.objs {
				if o.kind == kind && o.name == name {
					pos = o.pos
					break
				}
			}
			if expr {
				errs.Add(pos, fmt.Sprintf("%s %s of partitioned table %s: its partition key (%s) holds an expression, and PostgreSQL refuses a primary key or unique constraint then", kind, name, t.QualifiedName(), t.PartitionBy))
				return
			}
			for _, c := range keyCols {
				if !slices.Contains(cols, c) {
					errs.Add(pos, fmt.Sprintf("%s %s of partitioned table %s lacks column %q of the partition key (%s): PostgreSQL wants every partition key column in it", kind, name, t.QualifiedName(), c, t.PartitionBy))
					return
				}
			}
		}
		if pk := t.PrimaryKey; pk != nil {
			check("primary key", pk.Name, pk.Columns)
		}
		for _, u := range t.Uniques {
			check("unique constraint", u.Name, u.Columns)
		}
	}
}
