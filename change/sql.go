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
	case DropTable, DropColumn, DropForeignKey, DropIndex, DropCheck, DropExclusion, DetachPartition:
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
	for _, p := range renderedColumnProblems(c) {
		return nil, fmt.Errorf("change: render %s: %w", Describe(c), p.Err)
	}
	for _, o := range renderedOptions(c) {
		if err := checkOptions(o.where, o.opts); err != nil {
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
		if c.Archive != "" && c.Column.Generated == "" && c.Column.Sequence == "" {
			return restoreColumnSQL(c.Table, c.Column, c.Archive), nil
		}
		var stmts []string
		if c.Column.Sequence != "" {
			stmts = append(stmts, createSequenceSQL(c.Table, c.Column))
		}
		stmts = append(stmts, alterTable(c.Table, "ADD COLUMN "+columnSQL(c.Table, c.Column)))
		if c.Column.Sequence != "" {
			stmts = append(stmts, ownedBySQL(c.Table, c.Column))
		}
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
			return []string{alterTable(c.Table, "ADD CONSTRAINT "+schema.QuoteIdent(c.Unique.Name)+" UNIQUE USING INDEX "+schema.QuoteIdent(c.Unique.Name)+deferralSQL(c.Unique.Deferral()))}, nil
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
	case AddExclusion:
		return []string{alterTable(c.Table, "ADD "+exclusionSQL(c.Exclusion))}, nil
	case DropExclusion:
		return []string{alterTable(c.Table, "DROP CONSTRAINT "+schema.QuoteIdent(c.Exclusion.Name))}, nil
	case AlterConstraint:
		timing := "NOT DEFERRABLE"
		if c.To.Deferrable || c.To.InitiallyDeferred {
			timing = "DEFERRABLE INITIALLY IMMEDIATE"
			if c.To.InitiallyDeferred {
				timing = "DEFERRABLE INITIALLY DEFERRED"
			}
		}
		return []string{alterTable(c.Table, "ALTER CONSTRAINT "+schema.QuoteIdent(c.Name)+" "+timing)}, nil
	case AlterTable:
		return alterTableSQL(c), nil
	case SetSchemaComment:
		return []string{"COMMENT ON SCHEMA " + schema.QuoteIdent(c.Schema) + " IS " + commentLiteral(c.To)}, nil
	case AttachPartition:
		return []string{alterTable(c.Parent, "ATTACH PARTITION "+schema.QuoteQualified(c.Table)+" "+c.Bound)}, nil
	case DetachPartition:
		return []string{alterTable(c.Parent, "DETACH PARTITION "+schema.QuoteQualified(c.Table))}, nil
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

// columnSQL renders the definition of column c of table t.
func columnSQL(t schema.QualifiedName, c *schema.Column) string {
	var b strings.Builder
	b.WriteString(schema.QuoteIdent(c.Name))
	b.WriteString(" ")
	b.WriteString(c.Type)
	b.WriteString(collateSQL(c))
	if c.Identity {
		b.WriteString(" " + identitySQL(c))
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
	if c.Sequence != "" {
		b.WriteString(" DEFAULT " + nextvalSQL(t, c))
	}
	return b.String()
}

func primaryKeySQL(pk *schema.PrimaryKey) string {
	return "CONSTRAINT " + schema.QuoteIdent(pk.Name) + " PRIMARY KEY (" + quoteList(pk.Columns) + ")" + includeSQL(pk.Include) + withSQL(pk.Options) + deferralSQL(pk.Deferral())
}

func uniqueSQL(u *schema.Unique) string {
	nulls := ""
	if u.NullsNotDistinct {
		nulls = "NULLS NOT DISTINCT "
	}
	return "CONSTRAINT " + schema.QuoteIdent(u.Name) + " UNIQUE " + nulls + "(" + quoteList(u.Columns) + ")" + includeSQL(u.Include) + withSQL(u.Options) + deferralSQL(u.Deferral())
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
	return s + deferralSQL(fk.Deferral())
}

func checkSQL(c *schema.Check) string {
	s := "CONSTRAINT " + schema.QuoteIdent(c.Name) + " CHECK (" + c.Expr + ")"
	if c.NoInherit {
		s += " NO INHERIT"
	}
	return s
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
	q := t.QualifiedName()
	var defs, stmts []string
	for _, c := range t.Columns {
		defs = append(defs, columnSQL(q, c))
		if c.Sequence != "" {
			stmts = append(stmts, createSequenceSQL(q, c))
		}
	}
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
	for _, x := range t.Exclusions {
		defs = append(defs, exclusionSQL(x))
	}
	stmts = append(stmts, createTableHead(t, defs))
	for _, c := range t.Columns {
		if c.Sequence != "" {
			stmts = append(stmts, ownedBySQL(q, c))
		}
	}
	stmts = append(stmts, repeated...)
	stmts = append(stmts, rowSecuritySQL(q, t.Attrs())...)
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

// createTableHead renders the CREATE TABLE statement of t with the
// column and constraint definitions defs: a partition's as CREATE TABLE
// ... PARTITION OF parent [(constraints)] bound (its columns are the
// parent's), an inheritance child's with INHERITS (parents), and a
// partitioned table's with PARTITION BY key.
func createTableHead(t *schema.Table, defs []string) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if t.Unlogged {
		b.WriteString("UNLOGGED ")
	}
	b.WriteString("TABLE " + schema.QuoteQualified(t.QualifiedName()))
	list := " (\n    " + strings.Join(defs, ",\n    ") + "\n)"
	if p := t.PartitionOf; p != nil {
		b.WriteString(" PARTITION OF " + schema.QuoteQualified(p.Parent))
		if len(defs) > 0 {
			b.WriteString(list)
		}
		b.WriteString(" " + p.Bound)
	} else {
		b.WriteString(list)
		if len(t.Inherits) > 0 {
			parents := make([]string, len(t.Inherits))
			for i, p := range t.Inherits {
				parents[i] = schema.QuoteQualified(p)
			}
			b.WriteString(" INHERITS (" + strings.Join(parents, ", ") + ")")
		}
	}
	if t.PartitionBy != "" {
		b.WriteString(" PARTITION BY " + t.PartitionBy)
	}
	if len(t.Options) > 0 {
		b.WriteString(" WITH (" + optionsSQL(t.Options) + ")")
	}
	return b.String()
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
	if ix.NullsNotDistinct {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	if len(ix.Options) > 0 {
		b.WriteString(" WITH (" + optionsSQL(ix.Options) + ")")
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
