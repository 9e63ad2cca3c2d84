package migrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// QuoteIdent quotes a PostgreSQL identifier, doubling embedded double
// quotes. It is the only place that schemagen quotes a name: every
// identifier in SQL that schemagen builds passes through it.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteLiteral quotes a string as a PostgreSQL literal that reads the same
// whatever standard_conforming_strings says: '...' with embedded single
// quotes doubled, or, when s holds a backslash, the escape form E'...'
// with backslashes doubled too (in '...' a backslash escapes the next
// character when the setting is off, which legacy databases and roles
// still set). It is the only place that schemagen quotes a value.
func QuoteLiteral(s string) string {
	if strings.Contains(s, `\`) {
		return `E'` + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + `'`
	}
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}

// QuoteQualified quotes a schema-qualified name; an empty schema is
// [schema.DefaultSchema].
func QuoteQualified(q QualifiedName) string {
	return QuoteIdent(schema.SchemaOrDefault(q.Schema)) + "." + QuoteIdent(q.Name)
}

// QuoteType spells the name of a user-defined type, such as an enum, as
// column types spell it and package catalog reads it: the bare name in
// [schema.DefaultSchema] (or with an empty schema), else "schema.name";
// each part quoted by [QuoteIdent] unless it is a plain lower-case
// identifier, which PostgreSQL reads as written. A plain identifier that
// is also an SQL keyword ("user") is left unquoted, as package parser
// writes it.
func QuoteType(q QualifiedName) string {
	if q.Schema == "" || q.Schema == schema.DefaultSchema {
		return quoteIfNeeded(q.Name)
	}
	return quoteIfNeeded(q.Schema) + "." + quoteIfNeeded(q.Name)
}

// quoteIfNeeded quotes name unless it is a plain lower-case identifier: a
// lower-case ASCII letter or underscore, then lower-case letters, digits
// and underscores.
func quoteIfNeeded(name string) string {
	plain := name != ""
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			plain = false
		}
	}
	if plain {
		return name
	}
	return QuoteIdent(name)
}

func quoteList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = QuoteIdent(n)
	}
	return strings.Join(quoted, ", ")
}

// renderedFragments returns the fragments of c (see [Fragments]) that
// [SQL] pastes into its statements: not those of what a drop removes, nor
// the old definition of an altered column or the old defaults of an enum's
// columns, which only the reverse change renders.
func renderedFragments(c Change) []Fragment {
	var fs fragmentList
	switch c := c.(type) {
	case DropTable, DropColumn, DropForeignKey, DropIndex, DropCheck:
		return nil
	case AlterColumn:
		fs.column(c.Table, c.To)
	case AlterEnum:
		for _, col := range c.Columns {
			fs.add(FragmentExpr, fmt.Sprintf("default of column %q of table %s", col.Column, col.Table), col.Default)
		}
	default:
		return Fragments(c)
	}
	return fs
}

// SQL renders c as the statements that apply it. [RunGo] renders as none
// and is run by the runner itself; [Execute] renders as its SQL, as
// written.
//
// Names are quoted by [QuoteIdent] and values by [QuoteLiteral]. The SQL
// text that c carries (see [Fragments]) is pasted in: SQL first checks
// each piece it pastes with [CheckFragment] and returns its
// [*FragmentError] when one is refused, and it renders every expression in parentheses
// (DEFAULT (expr), CHECK (expr), GENERATED ALWAYS AS (expr), WHERE
// (expr)), so that a piece that passes stays in its slot. Referential
// actions are rendered from the fixed set, not from c's text.
func SQL(c Change) ([]string, error) {
	for _, f := range renderedFragments(c) {
		if err := CheckFragment(f); err != nil {
			return nil, fmt.Errorf("migrate: render %s: %w", Describe(c), err)
		}
	}
	switch c := c.(type) {
	case CreateSchema:
		return []string{"CREATE SCHEMA " + QuoteIdent(c.Name)}, nil
	case DropSchema:
		return []string{"DROP SCHEMA " + QuoteIdent(c.Name)}, nil
	case CreateTable:
		return createTableSQL(c.Table), nil
	case DropTable:
		return []string{"DROP TABLE " + QuoteQualified(c.Table.QualifiedName())}, nil
	case AddColumn:
		stmts := []string{alterTable(c.Table, "ADD COLUMN "+columnSQL(c.Column))}
		if c.Column.Comment != "" {
			stmts = append(stmts, columnCommentSQL(c.Table, c.Column.Name, c.Column.Comment))
		}
		return stmts, nil
	case DropColumn:
		return []string{alterTable(c.Table, "DROP COLUMN "+QuoteIdent(c.Column.Name))}, nil
	case AlterColumn:
		return alterColumnSQL(c)
	case AddPrimaryKey:
		return []string{alterTable(c.Table, "ADD "+primaryKeySQL(c.PrimaryKey))}, nil
	case DropPrimaryKey:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+QuoteIdent(c.PrimaryKey.Name))}, nil
	case AddUnique:
		if c.UsingIndex {
			return []string{alterTable(c.Table, "ADD CONSTRAINT "+QuoteIdent(c.Unique.Name)+" UNIQUE USING INDEX "+QuoteIdent(c.Unique.Name))}, nil
		}
		return []string{alterTable(c.Table, "ADD "+uniqueSQL(c.Unique))}, nil
	case DropUnique:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+QuoteIdent(c.Unique.Name))}, nil
	case AddForeignKey:
		return []string{alterTable(c.Table, "ADD "+foreignKeySQL(c.ForeignKey)+notValid(c.NotValid))}, nil
	case DropForeignKey:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+QuoteIdent(c.ForeignKey.Name))}, nil
	case CreateIndex:
		if c.Concurrently {
			// An earlier build that failed leaves an invalid index of
			// this name behind; drop it so that the build can be rerun.
			return []string{
				"DROP INDEX CONCURRENTLY IF EXISTS " + QuoteQualified(QualifiedName{Schema: c.Table.Schema, Name: c.Index.Name}),
				createIndexSQL(c.Table, c.Index, true),
			}, nil
		}
		return []string{createIndexSQL(c.Table, c.Index, false)}, nil
	case DropIndex:
		drop := "DROP INDEX "
		if c.Concurrently {
			// Outside a transaction the drop and its progress record
			// commit apart: IF EXISTS lets a rerun pass a drop that
			// happened just before a crash.
			drop += "CONCURRENTLY IF EXISTS "
		}
		return []string{drop + QuoteQualified(QualifiedName{Schema: c.Table.Schema, Name: c.Index.Name})}, nil
	case CreateEnum:
		return []string{createEnumSQL(c.Enum.QualifiedName(), c.Enum.Values)}, nil
	case DropEnum:
		return []string{"DROP TYPE " + QuoteQualified(c.Enum.QualifiedName())}, nil
	case AlterEnum:
		return alterEnumSQL(c), nil
	case AddCheck:
		return []string{alterTable(c.Table, "ADD "+checkSQL(c.Check)+notValid(c.NotValid))}, nil
	case ValidateConstraint:
		return []string{alterTable(c.Table, "VALIDATE CONSTRAINT "+QuoteIdent(c.Name))}, nil
	case DropCheck:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+QuoteIdent(c.Check.Name))}, nil
	case SetTableComment:
		return []string{"COMMENT ON TABLE " + QuoteQualified(c.Table) + " IS " + commentLiteral(c.To)}, nil
	case SetColumnComment:
		return []string{columnCommentSQL(c.Table, c.Column, c.To)}, nil
	case RenameTable:
		return renameTableSQL(c), nil
	case RenameColumn:
		return []string{alterTable(c.Table, "RENAME COLUMN "+QuoteIdent(c.From)+" TO "+QuoteIdent(c.To))}, nil
	case RenameIndex:
		return []string{"ALTER INDEX " + QuoteQualified(QualifiedName{Schema: c.Table.Schema, Name: c.From}) + " RENAME TO " + QuoteIdent(c.To)}, nil
	case RenameConstraint:
		return []string{alterTable(c.Table, "RENAME CONSTRAINT "+QuoteIdent(c.From)+" TO "+QuoteIdent(c.To))}, nil
	case Execute:
		return []string{c.SQL}, nil
	case RunGo:
		return nil, nil
	}
	return nil, fmt.Errorf("migrate: render %T: unknown change", c)
}

func alterTable(t QualifiedName, action string) string {
	return "ALTER TABLE " + QuoteQualified(t) + " " + action
}

func columnSQL(c *Column) string {
	var b strings.Builder
	b.WriteString(QuoteIdent(c.Name))
	b.WriteString(" ")
	b.WriteString(c.Type)
	if c.Identity {
		b.WriteString(" GENERATED BY DEFAULT AS IDENTITY")
	}
	if c.Generated != "" {
		b.WriteString(" GENERATED ALWAYS AS (")
		b.WriteString(c.Generated)
		b.WriteString(") STORED")
	}
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
	if c.Default != "" {
		b.WriteString(" DEFAULT (")
		b.WriteString(c.Default)
		b.WriteString(")")
	}
	return b.String()
}

func primaryKeySQL(pk *PrimaryKey) string {
	return "CONSTRAINT " + QuoteIdent(pk.Name) + " PRIMARY KEY (" + quoteList(pk.Columns) + ")"
}

func uniqueSQL(u *Unique) string {
	return "CONSTRAINT " + QuoteIdent(u.Name) + " UNIQUE (" + quoteList(u.Columns) + ")"
}

func foreignKeySQL(fk *ForeignKey) string {
	s := "CONSTRAINT " + QuoteIdent(fk.Name) + " FOREIGN KEY (" + quoteList(fk.Columns) + ") REFERENCES " +
		QuoteQualified(fk.Ref()) + " (" + quoteList(fk.RefColumns) + ")"
	// SQL checked the actions: each is empty or one of referentialActions.
	if a, ok := referentialAction(fk.OnDelete); ok && a != "NO ACTION" {
		s += " ON DELETE " + a
	}
	if a, ok := referentialAction(fk.OnUpdate); ok && a != "NO ACTION" {
		s += " ON UPDATE " + a
	}
	return s
}

func checkSQL(c *Check) string {
	return "CONSTRAINT " + QuoteIdent(c.Name) + " CHECK (" + c.Expr + ")"
}

// commentLiteral renders a comment: NULL removes it.
func commentLiteral(comment string) string {
	if comment == "" {
		return "NULL"
	}
	return QuoteLiteral(comment)
}

func columnCommentSQL(t QualifiedName, column, comment string) string {
	return "COMMENT ON COLUMN " + QuoteQualified(t) + "." + QuoteIdent(column) + " IS " + commentLiteral(comment)
}

func createTableSQL(t *Table) []string {
	var defs []string
	for _, c := range t.Columns {
		defs = append(defs, columnSQL(c))
	}
	if t.PrimaryKey != nil {
		defs = append(defs, primaryKeySQL(t.PrimaryKey))
	}
	for _, u := range t.Uniques {
		defs = append(defs, uniqueSQL(u))
	}
	for _, fk := range t.ForeignKeys {
		defs = append(defs, foreignKeySQL(fk))
	}
	for _, c := range t.Checks {
		defs = append(defs, checkSQL(c))
	}
	q := t.QualifiedName()
	stmts := []string{"CREATE TABLE " + QuoteQualified(q) + " (\n    " + strings.Join(defs, ",\n    ") + "\n)"}
	if t.Comment != "" {
		stmts = append(stmts, "COMMENT ON TABLE "+QuoteQualified(q)+" IS "+QuoteLiteral(t.Comment))
	}
	for _, c := range t.Columns {
		if c.Comment != "" {
			stmts = append(stmts, columnCommentSQL(q, c.Name, c.Comment))
		}
	}
	for _, ix := range t.Indexes {
		stmts = append(stmts, createIndexSQL(q, ix, false))
	}
	return stmts
}

func notValid(on bool) string {
	if on {
		return " NOT VALID"
	}
	return ""
}

func createIndexSQL(t QualifiedName, ix *Index, concurrently bool) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	if concurrently {
		b.WriteString("CONCURRENTLY ")
	}
	b.WriteString(QuoteIdent(ix.Name) + " ON " + QuoteQualified(t))
	if ix.Method != "" && !strings.EqualFold(ix.Method, "btree") {
		b.WriteString(" USING " + QuoteIdent(strings.ToLower(ix.Method)))
	}
	keys := quoteList(ix.Columns)
	if len(ix.Keys) > 0 {
		keys = strings.Join(ix.Keys, ", ")
	}
	b.WriteString(" (" + keys + ")")
	if len(ix.Include) > 0 {
		b.WriteString(" INCLUDE (" + quoteList(ix.Include) + ")")
	}
	if ix.Where != "" {
		b.WriteString(" WHERE (" + ix.Where + ")")
	}
	return b.String()
}

func createEnumSQL(q QualifiedName, values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = QuoteLiteral(v)
	}
	return "CREATE TYPE " + QuoteQualified(q) + " AS ENUM (" + strings.Join(quoted, ", ") + ")"
}

// alterEnumSQL adds values in place when To keeps every value of From in
// order and no column default changes, and rebuilds the type otherwise.
func alterEnumSQL(c AlterEnum) []string {
	q := QuoteQualified(c.Enum)
	// Added values cannot be used in the transaction that adds them, so a
	// change that also sets a column default to a value rebuilds the type.
	defaultsChange := slices.ContainsFunc(c.Columns, func(col EnumColumn) bool { return col.Default != col.OldDefault })
	if isSubsequence(c.From, c.To) && !defaultsChange {
		var stmts []string
		for i, v := range c.To {
			if slices.Contains(c.From, v) {
				continue
			}
			stmt := "ALTER TYPE " + q + " ADD VALUE " + QuoteLiteral(v)
			switch {
			case i > 0:
				stmt += " AFTER " + QuoteLiteral(c.To[i-1])
			case len(c.From) > 0:
				stmt += " BEFORE " + QuoteLiteral(c.From[0])
			}
			stmts = append(stmts, stmt)
		}
		return stmts
	}
	old := QualifiedName{Schema: c.Enum.Schema, Name: schema.TruncateIdentifier(c.Enum.Name + "__old")}
	stmts := []string{
		"ALTER TYPE " + q + " RENAME TO " + QuoteIdent(old.Name),
		createEnumSQL(c.Enum, c.To),
	}
	for _, col := range c.Columns {
		t := schema.ParseQualifiedName(col.Table)
		name := "ALTER COLUMN " + QuoteIdent(col.Column) + " "
		typ, text := q, "text"
		if col.Array {
			typ, text = q+"[]", "text[]"
		}
		actions := []string{name + "TYPE " + typ + " USING " + QuoteIdent(col.Column) + "::" + text + "::" + typ}
		if col.Default != "" || col.OldDefault != "" {
			actions = append([]string{name + "DROP DEFAULT"}, actions...)
		}
		if col.Default != "" {
			actions = append(actions, name+"SET DEFAULT ("+col.Default+")")
		}
		stmts = append(stmts, alterTable(t, strings.Join(actions, ", ")))
	}
	return append(stmts, "DROP TYPE "+QuoteQualified(old))
}

// isSubsequence reports whether every element of a appears in b, in the
// same order.
func isSubsequence(a, b []string) bool {
	i := 0
	for _, v := range b {
		if i < len(a) && a[i] == v {
			i++
		}
	}
	return i == len(a)
}

func renameTableSQL(c RenameTable) []string {
	from, to := c.From, c.To
	from.Schema, to.Schema = schema.SchemaOrDefault(from.Schema), schema.SchemaOrDefault(to.Schema)
	var stmts []string
	if from.Schema != to.Schema {
		stmts = append(stmts, "ALTER TABLE "+QuoteQualified(from)+" SET SCHEMA "+QuoteIdent(to.Schema))
		from.Schema = to.Schema
	}
	if from.Name != to.Name {
		stmts = append(stmts, "ALTER TABLE "+QuoteQualified(from)+" RENAME TO "+QuoteIdent(to.Name))
	}
	return stmts
}

// alterColumnSQL renders the differences between From and To as one ALTER
// TABLE. A default is dropped before a type change and set after it, since
// the old default may not cast to the new type. A type change has USING
// only when PostgreSQL has no assignment conversion (see [assignable]).
func alterColumnSQL(c AlterColumn) ([]string, error) {
	from, to := c.From, c.To
	if from == nil || to == nil || from.Name != to.Name {
		return nil, fmt.Errorf("migrate: render alter column on %s: From and To must name the same column", c.Table)
	}
	col := "ALTER COLUMN " + QuoteIdent(to.Name) + " "
	var actions []string
	typeChanged := from.Type != to.Type
	if from.Identity && !to.Identity {
		actions = append(actions, col+"DROP IDENTITY")
	}
	if from.Default != "" && (from.Default != to.Default || typeChanged) {
		actions = append(actions, col+"DROP DEFAULT")
	}
	if typeChanged {
		// A plain TYPE converts as an assignment does, which refuses to
		// cut a value: varchar(20) to varchar(10) fails with "value too
		// long" rather than truncating. USING casts explicitly, which may
		// cut silently, so it is only for changes that PostgreSQL has no
		// assignment conversion for, such as text to integer.
		act := col + "TYPE " + to.Type
		if !assignable(from.Type, to.Type) {
			act += " USING " + QuoteIdent(to.Name) + "::" + to.Type
		}
		actions = append(actions, act)
	}
	if to.Default != "" && (from.Default != to.Default || typeChanged) {
		actions = append(actions, col+"SET DEFAULT ("+to.Default+")")
	}
	if from.Nullable && !to.Nullable {
		actions = append(actions, col+"SET NOT NULL")
	}
	if !from.Nullable && to.Nullable {
		actions = append(actions, col+"DROP NOT NULL")
	}
	if !from.Identity && to.Identity {
		actions = append(actions, col+"ADD GENERATED BY DEFAULT AS IDENTITY")
	}
	if len(actions) == 0 {
		return nil, nil
	}
	return []string{"ALTER TABLE " + QuoteQualified(c.Table) + " " + strings.Join(actions, ", ")}, nil
}
