package migrate

import (
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Op records the changes of a migration's Upgrade or Downgrade function.
// Its methods mirror Alembic's op module. Table arguments are names such as
// "users" (in the public schema) or "billing.invoices", read by
// [schema.ParseQualifiedName]; a table, enum or foreign key literal that
// names no schema is in the public one. Op is where a migration file's
// names enter schemagen: the changes it records hold canonical names (see
// [schema.QualifiedName]).
//
// An Op is filled by one call of a migration function and is not safe for
// concurrent use.
type Op struct {
	changes []change.Change
	// undeclared holds where each Execute that declares no effects was
	// called, in order: "file.go:12", or "" when unknown.
	undeclared []string
}

func (op *Op) add(c change.Change) { op.changes = append(op.changes, c) }

// Record runs fn with a fresh Op and returns the changes it recorded.
func Record(fn func(*Op)) []change.Change {
	return record(fn).changes
}

// record runs fn with a fresh Op and returns it.
func record(fn func(*Op)) *Op {
	op := &Op{}
	if fn != nil {
		fn(op)
	}
	return op
}

func ref(table string) QualifiedName { return schema.ParseQualifiedName(table) }

// CreateSchema creates the schema name unless it exists (CREATE SCHEMA
// IF NOT EXISTS): two migrations, on two branches, may each create the
// schema of their first table in it. See [change.CreateSchema].
func (op *Op) CreateSchema(name string) { op.add(change.CreateSchema{Name: name}) }

// EnsureSchema makes sure that the schema name exists (CREATE SCHEMA IF
// NOT EXISTS) before the migration puts a table or enum in it, since
// another branch of the history may have dropped it; its downgrade is no
// change. `revision --autogenerate` writes it. See [change.CreateSchema].
func (op *Op) EnsureSchema(name string) { op.add(change.CreateSchema{Name: name, Ensure: true}) }

// DropSchema drops the schema name when it is empty, and keeps it (with a
// NOTICE) while anything lives in it: a table another branch added, or a
// function or view the models do not know, is never dropped with it. See
// [change.DropSchema].
func (op *Op) DropSchema(name string) { op.add(change.DropSchema{Name: name}) }

// CreateTableNamed creates the table named table ("users" or
// "billing.invoices", as every other op names tables) with the columns,
// keys, constraints, indexes and comment of t. The name overrides t's
// Schema and Name, which are best left out. schemagen writes this form.
func (op *Op) CreateTableNamed(table string, t Table) {
	q := ref(table)
	t.Schema, t.Name = q.Schema, q.Name
	op.add(change.CreateTable{Table: t.Canonical()})
}

// CreateTable creates t, named by its Schema and Name fields, with its
// columns, keys, constraints, indexes and comment. It is the form of the
// migration files written before [Op.CreateTableNamed], which records the
// same change.
func (op *Op) CreateTable(t Table) { op.add(change.CreateTable{Table: t.Canonical()}) }

// DropTable drops the table.
func (op *Op) DropTable(table string) {
	q := ref(table)
	op.add(change.DropTable{Table: &Table{Schema: q.Schema, Name: q.Name}})
}

// ArchiveTable drops the table by moving it, with its rows, indexes,
// constraints and sequences, to the schema archive (see
// [change.TableArchiveName]), where it stays until `schemagen prune`.
// Its foreign keys to other tables are dropped and its enum columns
// become text; [Op.RestoreTable] with the same archive undoes all of it.
// A table without a primary key is dropped, with a WARNING. schemagen
// writes this form for a dropped table with a primary key; replace it
// with [Op.DropTable] to drop the rows for good.
func (op *Op) ArchiveTable(table, archive string) {
	q := ref(table)
	op.add(change.DropTable{Table: &Table{Schema: q.Schema, Name: q.Name}, Archive: archive})
}

// RestoreTable moves the table that [Op.ArchiveTable] put in the schema
// archive back to its place, as named by table, and converts it back to
// the definition t (column types and defaults, foreign keys to other
// tables). When the archive is gone (pruned), it creates table empty as
// [Op.CreateTableNamed] does, with a WARNING.
func (op *Op) RestoreTable(table, archive string, t Table) {
	q := ref(table)
	t.Schema, t.Name = q.Schema, q.Name
	op.add(change.CreateTable{Table: t.Canonical(), Archive: archive})
}

// ArchiveColumn copies the values of column, with the primary key of
// table, to the table archive of schema schemagen_archive (see
// [change.ColumnArchiveName]), then drops the column. A table without a
// primary key (or a column of the key) loses the column's values, with a
// WARNING. Replace it with [Op.DropColumn] to drop the values for good.
func (op *Op) ArchiveColumn(table, column, archive string) {
	op.add(change.DropColumn{Table: ref(table), Column: &Column{Name: column}, Archive: archive})
}

// RestoreColumn adds c back to table and puts back the values that
// [Op.ArchiveColumn] kept in archive, by primary key. Rows inserted since
// the drop get c's default; when c is NOT NULL without a default and such
// rows exist, it fails before changing anything, naming how many. When
// the archive is gone (pruned), the column comes back without its values,
// with a WARNING.
func (op *Op) RestoreColumn(table, archive string, c Column) {
	op.add(change.AddColumn{Table: ref(table), Column: &c, Archive: archive})
}

// AddColumn adds c to table.
func (op *Op) AddColumn(table string, c Column) {
	op.add(change.AddColumn{Table: ref(table), Column: &c})
}

// DropColumn drops the column named column from table.
func (op *Op) DropColumn(table, column string) {
	op.add(change.DropColumn{Table: ref(table), Column: &Column{Name: column}})
}

// AlterColumn changes a column of table from its definition from to to:
// type, nullability, default and identity, whichever differ. Both
// definitions name the column.
func (op *Op) AlterColumn(table string, from, to Column) {
	op.add(change.AlterColumn{Table: ref(table), From: &from, To: &to})
}

// AddPrimaryKey adds a primary-key constraint to table.
func (op *Op) AddPrimaryKey(table string, pk PrimaryKey) {
	op.add(change.AddPrimaryKey{Table: ref(table), PrimaryKey: &pk})
}

// DropPrimaryKey drops the primary-key constraint named name from table.
func (op *Op) DropPrimaryKey(table, name string) {
	op.add(change.DropPrimaryKey{Table: ref(table), PrimaryKey: &PrimaryKey{Name: name}})
}

// AddUnique adds a unique constraint to table.
func (op *Op) AddUnique(table string, u Unique) {
	op.add(change.AddUnique{Table: ref(table), Unique: &u})
}

// AddUniqueUsingIndex adds a unique constraint to table that takes over
// the unique index of the same name, built beforehand (for example with
// [Op.CreateIndexConcurrently]).
func (op *Op) AddUniqueUsingIndex(table string, u Unique) {
	op.add(change.AddUnique{Table: ref(table), Unique: &u, UsingIndex: true})
}

// DropUnique drops the unique constraint named name from table.
func (op *Op) DropUnique(table, name string) {
	op.add(change.DropUnique{Table: ref(table), Unique: &Unique{Name: name}})
}

// AddForeignKey adds a foreign-key constraint to table.
func (op *Op) AddForeignKey(table string, fk ForeignKey) {
	op.add(change.AddForeignKey{Table: ref(table), ForeignKey: fk.Canonical()})
}

// AddForeignKeyNotValid adds a foreign-key constraint to table without
// checking the existing rows; validate them later with
// [Op.ValidateConstraint].
func (op *Op) AddForeignKeyNotValid(table string, fk ForeignKey) {
	op.add(change.AddForeignKey{Table: ref(table), ForeignKey: fk.Canonical(), NotValid: true})
}

// DropForeignKey drops the foreign-key constraint named name from table.
func (op *Op) DropForeignKey(table, name string) {
	op.add(change.DropForeignKey{Table: ref(table), ForeignKey: &ForeignKey{Name: name}})
}

// CreateIndex creates an index on table.
func (op *Op) CreateIndex(table string, ix Index) {
	op.add(change.CreateIndex{Table: ref(table), Index: &ix})
}

// CreateIndexConcurrently creates an index on table without blocking
// writes; the migration must set NoTransaction.
func (op *Op) CreateIndexConcurrently(table string, ix Index) {
	op.add(change.CreateIndex{Table: ref(table), Index: &ix, Concurrently: true})
}

// DropIndexConcurrently drops the index named name of table without
// blocking reads and writes; the migration must set NoTransaction.
func (op *Op) DropIndexConcurrently(table, name string) {
	op.add(change.DropIndex{Table: ref(table), Index: &Index{Name: name}, Concurrently: true})
}

// DropIndex drops the index named name of table.
func (op *Op) DropIndex(table, name string) {
	op.add(change.DropIndex{Table: ref(table), Index: &Index{Name: name}})
}

// CreateEnum creates the enum type e.
func (op *Op) CreateEnum(e Enum) { op.add(change.CreateEnum{Enum: e.Canonical()}) }

// DropEnum drops the enum type name ("status" or "billing.status").
func (op *Op) DropEnum(name string) {
	q := ref(name)
	op.add(change.DropEnum{Enum: &Enum{Schema: q.Schema, Name: q.Name}})
}

// AlterEnumValues changes the values of the enum type name by d: it
// drops the values of d.Drop, then adds those of d.Add, each in its
// place, to the values the type holds when the migration runs (so that
// values added on another branch of the history stay). columns lists the
// columns of that type and the defaults a rebuild gives them; see
// [change.AlterEnum].
func (op *Op) AlterEnumValues(name string, d EnumDelta, columns ...EnumColumn) {
	op.add(change.AlterEnum{Enum: ref(name), Add: d.Add, Drop: d.Drop, Columns: enumColumns(columns), AddedValuesUsed: d.AddedValuesUsed})
}

// AlterEnum changes the values of the enum type name from from to to: it
// is [Op.AlterEnumValues] with the delta from from to to
// ([change.EnumDiff]), which migration files written before deltas
// call. On a single branch of the history it gives to.
func (op *Op) AlterEnum(name string, from, to []string, columns ...EnumColumn) {
	op.add(change.AlterEnum{Enum: ref(name), From: from, To: to, Columns: enumColumns(columns)})
}

// OrderEnum puts the values of the enum type name in the order values,
// which a merge revision writes (`schemagen merge heads`) where the
// branches it joins leave them in an order that depends on the order
// the branches were applied in: where the type's values stand in that
// order it changes nothing; where they are the same values in another
// order, it rebuilds the type in that order (rows keep their values);
// other values are an error. tables lists the tables with columns of the
// type, for review. Its downgrade is no change. See [change.OrderEnum].
func (op *Op) OrderEnum(name string, values []string, tables ...string) {
	var ts []QualifiedName
	for _, t := range tables {
		ts = append(ts, ref(t))
	}
	op.add(change.OrderEnum{Enum: ref(name), Values: values, Tables: ts})
}

func enumColumns(columns []EnumColumn) []change.EnumColumn {
	var cols []change.EnumColumn
	if columns != nil {
		cols = make([]change.EnumColumn, len(columns))
	}
	for i, c := range columns {
		cols[i] = change.EnumColumn{Table: ref(c.Table), Column: c.Column, Default: c.Default, Array: c.Array, OldDefault: c.OldDefault}
	}
	return cols
}

// AddCheck adds a check constraint to table.
func (op *Op) AddCheck(table string, c Check) { op.add(change.AddCheck{Table: ref(table), Check: &c}) }

// AddCheckNotValid adds a check constraint to table without checking the
// existing rows; validate them later with [Op.ValidateConstraint].
func (op *Op) AddCheckNotValid(table string, c Check) {
	op.add(change.AddCheck{Table: ref(table), Check: &c, NotValid: true})
}

// ValidateConstraint checks the existing rows of table against the
// foreign-key or check constraint name, added not valid, without blocking
// writes.
func (op *Op) ValidateConstraint(table, name string) {
	op.add(change.ValidateConstraint{Table: ref(table), Name: name})
}

// DropCheck drops the check constraint named name from table.
func (op *Op) DropCheck(table, name string) {
	op.add(change.DropCheck{Table: ref(table), Check: &Check{Name: name}})
}

// AddExclusion adds the exclusion constraint x to table.
func (op *Op) AddExclusion(table string, x Exclusion) {
	op.add(change.AddExclusion{Table: ref(table), Exclusion: &x})
}

// DropExclusion drops the exclusion constraint named name from table.
func (op *Op) DropExclusion(table, name string) {
	op.add(change.DropExclusion{Table: ref(table), Exclusion: &Exclusion{Name: name}})
}

// AlterConstraint changes the timing of the foreign key name of table
// from from to to (ALTER CONSTRAINT ... DEFERRABLE); see
// [change.AlterConstraint].
func (op *Op) AlterConstraint(table, name string, from, to Deferral) {
	op.add(change.AlterConstraint{Table: ref(table), Name: name, From: from, To: to})
}

// AlterTable changes the attributes of table from from to to: UNLOGGED
// (SET LOGGED and SET UNLOGGED rewrite the table), storage parameters
// and row level security; see [change.AlterTable].
func (op *Op) AlterTable(table string, from, to TableAttrs) {
	op.add(change.AlterTable{Table: ref(table), From: from, To: to})
}

// SetSchemaComment sets the comment of the schema name; empty removes
// it.
func (op *Op) SetSchemaComment(name, comment string) {
	op.add(change.SetSchemaComment{Schema: name, To: comment})
}

// SetTableComment sets table's comment; empty removes it.
func (op *Op) SetTableComment(table, comment string) {
	op.add(change.SetTableComment{Table: ref(table), To: comment})
}

// SetColumnComment sets the comment of a column of table; empty removes
// it.
func (op *Op) SetColumnComment(table, column, comment string) {
	op.add(change.SetColumnComment{Table: ref(table), Column: column, To: comment})
}

// AttachPartition makes the existing table a partition of the
// partitioned table parent for the values of bound ("FOR VALUES FROM
// (1) TO (10)", "FOR VALUES IN ('eu')", "DEFAULT"): ALTER TABLE parent
// ATTACH PARTITION table bound. The table must have exactly parent's
// columns; PostgreSQL checks its rows against bound.
func (op *Op) AttachPartition(table, parent, bound string) {
	op.add(change.AttachPartition{Table: ref(table), Parent: ref(parent), Bound: bound})
}

// DetachPartition makes the partition table of parent a table of its
// own, keeping its rows: ALTER TABLE parent DETACH PARTITION table.
// bound is the bound it had, which the downgrade attaches it with again.
func (op *Op) DetachPartition(table, parent, bound string) {
	op.add(change.DetachPartition{Table: ref(table), Parent: ref(parent), Bound: bound})
}

// RenameTable renames the table from to to; both may name a schema.
func (op *Op) RenameTable(from, to string) { op.add(change.RenameTable{From: ref(from), To: ref(to)}) }

// RenameColumn renames a column of table.
func (op *Op) RenameColumn(table, from, to string) {
	op.add(change.RenameColumn{Table: ref(table), From: from, To: to})
}

// RenameIndex renames an index of table.
func (op *Op) RenameIndex(table, from, to string) {
	op.add(change.RenameIndex{Table: ref(table), From: from, To: to})
}

// RenameConstraint renames a constraint of table.
func (op *Op) RenameConstraint(table, from, to string) {
	op.add(change.RenameConstraint{Table: ref(table), From: from, To: to})
}

// CreateObject creates o, an object managed by its definition (a view,
// a materialized view or one of its indexes, a function, a procedure, a
// trigger, a policy, a rule, a domain, a composite type, a sequence or
// an extension), by running o.Definition, its CREATE statement, which
// is checked as one statement before anything runs. o.DependsOn lists
// the tables, columns and objects o needs: replay refuses to create o
// without them, and to drop them while o exists, as PostgreSQL does,
// and plans drop and create o again around a change to them. An empty
// Schema (of o or of a dependency) is the public one. See
// [change.CreateObject].
func (op *Op) CreateObject(o Object) { op.add(change.CreateObject{Object: o.Canonical()}) }

// DropObject drops the object that o names by its Kind, Schema, Name
// (for a function or procedure, with its identity arguments, as in
// "add(a integer, b integer)") and Table (for a trigger, policy or
// rule); other fields are not needed. Nothing that depends on it is
// dropped with it. See [change.DropObject].
func (op *Op) DropObject(o Object) { op.add(change.DropObject{Object: o.Canonical()}) }

// ReplaceObject replaces the function, procedure or sequence from by
// to, of the same identity, in place: a routine by running
// to.Definition, a CREATE OR REPLACE statement, a sequence by ALTER
// SEQUENCE with the options of to.Definition (its current value stays);
// its reverse replaces to by from. What depends on the object stays.
// See [change.ReplaceObject].
func (op *Op) ReplaceObject(from, to Object) {
	op.add(change.ReplaceObject{From: from.Canonical(), To: to.Canonical()})
}

// Execute runs hand-written SQL, as written: it is the one raw door of a
// migration. Unlike the SQL text that other changes carry, sql is not
// checked ([schema.CheckFragment], [Set.Validate]) and may hold several
// statements; it runs with standard_conforming_strings on. Review it as
// the code it is, and build any value in it with [schema.QuoteLiteral] and any
// name with [schema.QuoteIdent].
//
// Execute declares nothing of what sql does to the schema, so replaying
// the migrations in memory cannot see it: `schemagen check` says it
// cannot verify the migration offline, naming the line of the call.
// Prefer [Op.ExecuteAs] for SQL that changes the schema and
// [Op.ExecuteData] for SQL that does not; Execute is the form of the
// files written before them.
func (op *Op) Execute(sql string) {
	op.undeclared = append(op.undeclared, callerPos())
	op.add(change.Execute{SQL: sql})
}

// ExecuteAs runs hand-written SQL, as [Op.Execute] does, and declares what
// it does to the schema: the changes that effects records, calling the
// other methods of its Op as a migration function does, as in Django's
// RunSQL(state_operations=...). The changes are never rendered nor run:
// replaying the migrations in memory applies them in place of sql, so
// that the replayed schema is what the database holds after sql.
//
//	op.ExecuteAs(`ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2) USING total / 100.0`,
//		func(op *migrate.Op) {
//			op.AlterColumn("orders",
//				migrate.Column{Name: "total", Type: "bigint"},
//				migrate.Column{Name: "total", Type: "numeric(12,2)"})
//		})
//
// The effects must be schema changes: hand-written SQL or a Go step
// among them is refused by [Set.Validate]. A nil effects declares no
// effect, as [Op.ExecuteData] does.
func (op *Op) ExecuteAs(sql string, effects func(op *Op)) {
	op.add(change.Execute{SQL: sql, Declared: true, Effects: Record(effects)})
}

// ExecuteData runs hand-written SQL, as [Op.Execute] does, and declares
// that it changes nothing in the schema that replay models: it changes
// data (UPDATE, INSERT, DELETE), grants, statistics, or objects that
// schemagen does not compare.
func (op *Op) ExecuteData(sql string) {
	op.add(change.Execute{SQL: sql, Declared: true})
}

// callerPos returns "file.go:12" for the caller of the Op method that
// calls it, or "" when that caller is not Go source (a call through
// package reflect).
func callerPos() string {
	pc, file, line, ok := runtime.Caller(2)
	if !ok {
		return ""
	}
	if fn := runtime.FuncForPC(pc); fn != nil && strings.HasPrefix(fn.Name(), "reflect.") {
		return ""
	}
	return filepath.Base(file) + ":" + strconv.Itoa(line)
}

// Run runs Go code with the migration's transaction: fn gets it as q. In
// a migration outside a transaction ([Migration.NoTransaction]) fn gets a
// transaction of its own, which also records the step done: its
// database writes through q happen exactly once, however often the run
// is killed and resumed. What fn does other than through q is not
// covered (see [change.RunFunc]).
func (op *Op) Run(fn change.RunFunc) { op.add(change.RunGo{Func: fn}) }

// RunBatched runs Go code as [Op.Run] does, except in a migration outside
// a transaction ([Migration.NoTransaction]): there fn runs outside one
// too, each statement it runs through q committed on its own, so that it
// can fill a large table in batches without holding locks for its whole
// run. After an interruption the step runs again from its start: fn must
// be idempotent (as a backfill that fills only the rows still NULL is).
// The online plan of a NOT NULL column writes its backfill with it.
func (op *Op) RunBatched(fn change.RunFunc) { op.add(change.RunGo{Func: fn, Batched: true}) }
