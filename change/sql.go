package change

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

func quoteList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = schema.QuoteIdent(n)
	}
	return strings.Join(quoted, ", ")
}

// renderedFragments returns the fragments of c (see [Fragments]) that
// [SQL] pastes into its statements: not those of what a drop removes, nor
// the old definition of an altered column or the old defaults of an enum's
// columns, which only the reverse change renders.
func renderedFragments(c Change) []schema.Fragment {
	var fs fragmentList
	switch c := c.(type) {
	case DropTable, DropColumn, DropForeignKey, DropIndex, DropCheck:
		return nil
	case DropObject:
		fs.object(c.Object, false)
	case ReplaceObject:
		fs.object(c.To, true)
	case AlterColumn:
		fs.column(c.Table, c.To)
	case AlterEnum:
		for _, col := range c.Columns {
			fs.add(schema.FragmentExpr, fmt.Sprintf("default of column %q of table %s", col.Column, col.Table), col.Default)
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
// Names are quoted by [schema.QuoteIdent] and values by [schema.QuoteLiteral].
// The SQL text that c carries (see [Fragments]) is pasted in: SQL first checks
// each piece it pastes with [schema.CheckFragment] and returns its
// [*schema.FragmentError] when one is refused, and it renders every expression
// in parentheses (DEFAULT (expr), CHECK (expr), GENERATED ALWAYS AS (expr),
// WHERE (expr)), so that a piece that passes stays in its slot. Referential
// actions are rendered from the fixed set, not from c's text.
func SQL(c Change) ([]string, error) {
	for _, f := range renderedFragments(c) {
		if err := schema.CheckFragment(f); err != nil {
			return nil, fmt.Errorf("change: render %s: %w", Describe(c), err)
		}
	}
	switch c := c.(type) {
	case CreateSchema:
		return []string{"CREATE SCHEMA IF NOT EXISTS " + schema.QuoteIdent(c.Name)}, nil
	case DropSchema:
		return []string{dropSchemaSQL(c.Name)}, nil
	case CreateTable:
		if c.Archive != "" {
			return restoreTableSQL(c.Table, c.Archive), nil
		}
		return createTableSQL(c.Table), nil
	case DropTable:
		if c.Archive != "" {
			return []string{archiveTableSQL(c.Table.QualifiedName(), c.Archive)}, nil
		}
		return []string{"DROP TABLE " + schema.QuoteQualified(c.Table.QualifiedName())}, nil
	case AddColumn:
		if c.Archive != "" && c.Column.Generated == "" {
			return restoreColumnSQL(c.Table, c.Column, c.Archive), nil
		}
		stmts := []string{alterTable(c.Table, "ADD COLUMN "+columnSQL(c.Column))}
		if c.Column.Comment != "" {
			stmts = append(stmts, columnCommentSQL(c.Table, c.Column.Name, c.Column.Comment))
		}
		return stmts, nil
	case DropColumn:
		if c.Archive != "" {
			return []string{archiveColumnSQL(c.Table, c.Column.Name, c.Archive)}, nil
		}
		return []string{alterTable(c.Table, "DROP COLUMN "+schema.QuoteIdent(c.Column.Name))}, nil
	case AlterColumn:
		return alterColumnSQL(c)
	case AddPrimaryKey:
		return []string{alterTable(c.Table, "ADD "+primaryKeySQL(c.PrimaryKey))}, nil
	case DropPrimaryKey:
		return []string{dropKeySQL(c.Table, c.PrimaryKey.Name, false)}, nil
	case AddUnique:
		if c.UsingIndex {
			return []string{alterTable(c.Table, "ADD CONSTRAINT "+schema.QuoteIdent(c.Unique.Name)+" UNIQUE USING INDEX "+schema.QuoteIdent(c.Unique.Name))}, nil
		}
		return []string{alterTable(c.Table, "ADD "+uniqueSQL(c.Unique))}, nil
	case DropUnique:
		return []string{dropKeySQL(c.Table, c.Unique.Name, false)}, nil
	case AddForeignKey:
		return []string{alterTable(c.Table, "ADD "+foreignKeySQL(c.ForeignKey)+notValid(c.NotValid))}, nil
	case DropForeignKey:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+schema.QuoteIdent(c.ForeignKey.Name))}, nil
	case CreateIndex:
		if c.Concurrently {
			// An earlier build that failed leaves an invalid index of
			// this name behind; drop it so that the build can be rerun.
			return []string{
				"DROP INDEX CONCURRENTLY IF EXISTS " + schema.QuoteQualified(schema.QualifiedName{Schema: c.Table.Schema, Name: c.Index.Name}),
				createIndexSQL(c.Table, c.Index, true),
			}, nil
		}
		return []string{createIndexSQL(c.Table, c.Index, false)}, nil
	case DropIndex:
		// A migration file names the index alone (op.DropIndex): whether
		// it is unique, and a foreign key tied to it, is found at run
		// time. An index known not to be unique is dropped plainly.
		known := c.Index.Invalid || len(c.Index.Columns) > 0 || len(c.Index.Keys) > 0
		if !c.Concurrently && (c.Index.Unique || !known) {
			return []string{dropKeySQL(c.Table, c.Index.Name, true)}, nil
		}
		drop := "DROP INDEX "
		if c.Concurrently {
			// Outside a transaction the drop and its progress record
			// commit apart: IF EXISTS lets a rerun pass a drop that
			// happened just before a crash.
			drop += "CONCURRENTLY IF EXISTS "
		}
		return []string{drop + schema.QuoteQualified(schema.QualifiedName{Schema: c.Table.Schema, Name: c.Index.Name})}, nil
	case CreateEnum:
		return []string{createEnumSQL(c.Enum.QualifiedName(), c.Enum.Values)}, nil
	case DropEnum:
		return []string{"DROP TYPE " + schema.QuoteQualified(c.Enum.QualifiedName())}, nil
	case AlterEnum:
		return alterEnumSQL(c)
	case OrderEnum:
		return []string{orderEnumSQL(c)}, nil
	case AddCheck:
		return []string{alterTable(c.Table, "ADD "+checkSQL(c.Check)+notValid(c.NotValid))}, nil
	case ValidateConstraint:
		return []string{alterTable(c.Table, "VALIDATE CONSTRAINT "+schema.QuoteIdent(c.Name))}, nil
	case DropCheck:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+schema.QuoteIdent(c.Check.Name))}, nil
	case SetTableComment:
		return []string{"COMMENT ON TABLE " + schema.QuoteQualified(c.Table) + " IS " + commentLiteral(c.To)}, nil
	case SetColumnComment:
		return []string{columnCommentSQL(c.Table, c.Column, c.To)}, nil
	case RenameTable:
		return renameTableSQL(c), nil
	case RenameColumn:
		return []string{alterTable(c.Table, "RENAME COLUMN "+schema.QuoteIdent(c.From)+" TO "+schema.QuoteIdent(c.To))}, nil
	case RenameIndex:
		return []string{"ALTER INDEX " + schema.QuoteQualified(schema.QualifiedName{Schema: c.Table.Schema, Name: c.From}) + " RENAME TO " + schema.QuoteIdent(c.To)}, nil
	case RenameConstraint:
		return []string{alterTable(c.Table, "RENAME CONSTRAINT "+schema.QuoteIdent(c.From)+" TO "+schema.QuoteIdent(c.To))}, nil
	case CreateObject:
		return objectSQL(c.Object, true)
	case DropObject:
		return objectSQL(c.Object, false)
	case ReplaceObject:
		return replaceSQL(c)
	case Execute:
		return []string{c.SQL}, nil
	case RunGo:
		return nil, nil
	}
	return nil, fmt.Errorf("change: render %T: unknown change", c)
}

// dropSchemaSQL renders one DO statement that drops schema name when
// nothing lives in it, and otherwise keeps it with a NOTICE. "Nothing"
// is what DROP SCHEMA ... RESTRICT means by it: no normal dependency in
// pg_depend refers to the schema (tables, types, functions, views,
// sequences, ...); automatic ones (default privileges in the schema, a
// publication of its tables) go with it, as they go with DROP SCHEMA.
// Checking pg_depend first, rather than
// catching the error of the drop, takes no lock on the objects that
// keep the schema. A schema that does not exist is an error, as it is
// for DROP SCHEMA.
func dropSchemaSQL(name string) string {
	lit := schema.QuoteLiteral(name)
	body := "BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_namespace n ON n.oid = d.refobjid" +
		" WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.deptype = 'n' AND n.nspname = " + lit + ")" +
		" THEN RAISE NOTICE 'schema % is not empty: kept', " + lit + ";" +
		" ELSE DROP SCHEMA " + schema.QuoteIdent(name) + "; END IF; END"
	return "DO " + schema.QuoteLiteral(body)
}

// dropKeySQL renders the drop of the primary key or unique constraint
// name of table t, or, when index is set, of the index name in t's schema
// (unique, or not known not to be), as one DO statement. A foreign key depends on the one unique
// index of its referenced columns that PostgreSQL picked when the foreign
// key was created (pg_constraint.conindid), and keeps that index from
// being dropped even when another one covers the same columns. At run time
// the block saves the definitions of the foreign keys that use the index
// (pg_get_constraintdef, which keeps NOT VALID, DEFERRABLE and the
// actions), drops them, drops the key, and adds them back: PostgreSQL then
// picks a remaining unique index, or, when none covers the columns, fails
// and the whole statement rolls back. When no foreign key uses the index,
// the block is just the drop. Adding a foreign key back validates it,
// which holds a lock on its table while the rows are checked; no hazard
// says so, since only a key that another covers can be dropped under a
// foreign key.
//
// Names are literals quoted by [schema.QuoteLiteral], or identifiers by
// [schema.QuoteIdent] inside them; those read at run time are quoted by
// PostgreSQL's format.
func dropKeySQL(t schema.QualifiedName, name string, index bool) string {
	lit := schema.QuoteLiteral
	// The index of the key, or NULL, and the drop itself, whose error is
	// PostgreSQL's when there is no such key.
	ix := "(SELECT k.conindid FROM pg_catalog.pg_constraint k WHERE k.conrelid = pg_catalog.to_regclass(" +
		lit(schema.QuoteQualified(t)) + ") AND k.conname = " + lit(name) + ")"
	drop := alterTable(t, "DROP CONSTRAINT "+schema.QuoteIdent(name))
	if index {
		q := schema.QuoteQualified(schema.QualifiedName{Schema: t.Schema, Name: name})
		ix = "pg_catalog.to_regclass(" + lit(q) + ")"
		drop = "DROP INDEX " + q
	}
	return dollarDo(strings.Join([]string{
		"DECLARE",
		"\t_drops text[];",
		"\t_creates text[];",
		"\t_stmt text;",
		"BEGIN",
		"\t-- The foreign keys that use the index, put back after it.",
		"\tSELECT coalesce(pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) ORDER BY c.oid), '{}'),",
		"\t\tcoalesce(pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_catalog.pg_get_constraintdef(c.oid)) ORDER BY c.oid), '{}')",
		"\tINTO _drops, _creates",
		"\tFROM pg_catalog.pg_constraint c",
		"\tWHERE c.contype = 'f' AND c.conparentid = 0 AND c.conindid = " + ix + ";",
		"\tFOREACH _stmt IN ARRAY _drops LOOP",
		"\t\tEXECUTE _stmt;",
		"\tEND LOOP;",
		"\tEXECUTE " + lit(drop) + ";",
		"\tFOREACH _stmt IN ARRAY _creates LOOP",
		"\t\tEXECUTE _stmt;",
		"\tEND LOOP;",
		"END",
	}, "\n"))
}

// dollarDo renders body as a DO statement, dollar-quoted with a tag that
// body does not hold.
func dollarDo(body string) string {
	tag := "$schemagen$"
	for i := 1; strings.Contains(body, tag); i++ {
		tag = fmt.Sprintf("$schemagen%d$", i)
	}
	return "DO " + tag + "\n" + body + "\n" + tag
}

func alterTable(t schema.QualifiedName, action string) string {
	return "ALTER TABLE " + schema.QuoteQualified(t) + " " + action
}

func columnSQL(c *schema.Column) string {
	var b strings.Builder
	b.WriteString(schema.QuoteIdent(c.Name))
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

func primaryKeySQL(pk *schema.PrimaryKey) string {
	return "CONSTRAINT " + schema.QuoteIdent(pk.Name) + " PRIMARY KEY (" + quoteList(pk.Columns) + ")"
}

func uniqueSQL(u *schema.Unique) string {
	return "CONSTRAINT " + schema.QuoteIdent(u.Name) + " UNIQUE (" + quoteList(u.Columns) + ")"
}

func foreignKeySQL(fk *schema.ForeignKey) string {
	s := "CONSTRAINT " + schema.QuoteIdent(fk.Name) + " FOREIGN KEY (" + quoteList(fk.Columns) + ") REFERENCES " +
		schema.QuoteQualified(fk.Ref()) + " (" + quoteList(fk.RefColumns) + ")"
	// SQL checked the actions: each is empty or one of referentialActions.
	if a, ok := schema.ReferentialAction(fk.OnDelete); ok && a != "NO ACTION" {
		s += " ON DELETE " + a
	}
	if a, ok := schema.ReferentialAction(fk.OnUpdate); ok && a != "NO ACTION" {
		s += " ON UPDATE " + a
	}
	return s
}

func checkSQL(c *schema.Check) string {
	return "CONSTRAINT " + schema.QuoteIdent(c.Name) + " CHECK (" + c.Expr + ")"
}

// commentLiteral renders a comment: NULL removes it.
func commentLiteral(comment string) string {
	if comment == "" {
		return "NULL"
	}
	return schema.QuoteLiteral(comment)
}

func columnCommentSQL(t schema.QualifiedName, column, comment string) string {
	return "COMMENT ON COLUMN " + schema.QuoteQualified(t) + "." + schema.QuoteIdent(column) + " IS " + commentLiteral(comment)
}

func createTableSQL(t *schema.Table) []string {
	var defs []string
	for _, c := range t.Columns {
		defs = append(defs, columnSQL(c))
	}
	q := t.QualifiedName()
	// CREATE TABLE keeps one index of several over the same columns in
	// the same order, and silently leaves out the others: a unique
	// constraint that repeats the primary key, or an earlier unique
	// constraint, is added after the table, where it is kept.
	var keys [][]string
	var repeated []string
	if t.PrimaryKey != nil {
		defs = append(defs, primaryKeySQL(t.PrimaryKey))
		keys = append(keys, t.PrimaryKey.Columns)
	}
	for _, u := range t.Uniques {
		if slices.ContainsFunc(keys, func(k []string) bool { return slices.Equal(k, u.Columns) }) {
			repeated = append(repeated, alterTable(q, "ADD "+uniqueSQL(u)))
			continue
		}
		keys = append(keys, u.Columns)
		defs = append(defs, uniqueSQL(u))
	}
	for _, fk := range t.ForeignKeys {
		defs = append(defs, foreignKeySQL(fk))
	}
	for _, c := range t.Checks {
		defs = append(defs, checkSQL(c))
	}
	stmts := []string{"CREATE TABLE " + schema.QuoteQualified(q) + " (\n    " + strings.Join(defs, ",\n    ") + "\n)"}
	stmts = append(stmts, repeated...)
	if t.Comment != "" {
		stmts = append(stmts, "COMMENT ON TABLE "+schema.QuoteQualified(q)+" IS "+schema.QuoteLiteral(t.Comment))
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

func createIndexSQL(t schema.QualifiedName, ix *schema.Index, concurrently bool) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	if concurrently {
		b.WriteString("CONCURRENTLY ")
	}
	b.WriteString(schema.QuoteIdent(ix.Name) + " ON " + schema.QuoteQualified(t))
	if ix.Method != "" && !strings.EqualFold(ix.Method, "btree") {
		b.WriteString(" USING " + schema.QuoteIdent(strings.ToLower(ix.Method)))
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

func createEnumSQL(q schema.QualifiedName, values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = schema.QuoteLiteral(v)
	}
	return "CREATE TYPE " + schema.QuoteQualified(q) + " AS ENUM (" + strings.Join(quoted, ", ") + ")"
}

func renameTableSQL(c RenameTable) []string {
	from, to := c.From, c.To
	var stmts []string
	if from.Schema != to.Schema {
		stmts = append(stmts, "ALTER TABLE "+schema.QuoteQualified(from)+" SET SCHEMA "+schema.QuoteIdent(to.Schema))
		from.Schema = to.Schema
	}
	if from.Name != to.Name {
		stmts = append(stmts, "ALTER TABLE "+schema.QuoteQualified(from)+" RENAME TO "+schema.QuoteIdent(to.Name))
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
		return nil, fmt.Errorf("change: render alter column on %s: From and To must name the same column", c.Table)
	}
	col := "ALTER COLUMN " + schema.QuoteIdent(to.Name) + " "
	var actions []string
	typeChanged := from.Type != to.Type
	var first []string
	if from.Identity && !to.Identity {
		if typeChanged {
			// PostgreSQL checks the new type of an identity column
			// before it drops the identity in the same statement
			// ("identity column type must be smallint, integer, or
			// bigint"): the identity goes first, on its own.
			first = append(first, "ALTER TABLE "+schema.QuoteQualified(c.Table)+" "+col+"DROP IDENTITY")
		} else {
			actions = append(actions, col+"DROP IDENTITY")
		}
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
			act += " USING " + usingCast(schema.QuoteIdent(to.Name), from.Type, to.Type)
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
		return first, nil
	}
	return append(first, "ALTER TABLE "+schema.QuoteQualified(c.Table)+" "+strings.Join(actions, ", ")), nil
}
