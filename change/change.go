package change

import (
	"context"
	"database/sql"

	"github.com/schemagen/schemagen/schema"
)

// EnumColumn names a column of an enum type that [AlterEnum] changes,
// with the default that a rebuild of the type gives it. (A rebuild finds
// the columns to convert itself, at run time; the list says which tables
// it rewrites, for hazards and review, and which defaults change.)
type EnumColumn struct {
	// Table is the table that holds the column.
	Table schema.QualifiedName
	// Column is the column's name.
	Column string
	// Default is the default set after the type changes; empty for none.
	Default string `json:",omitempty"`
	// Array marks a column holding an array of the enum.
	Array bool `json:",omitempty"`
	// OldDefault is the column's default before the change, dropped
	// before the type changes (and set again by the reverse change).
	OldDefault string `json:",omitempty"`
}

// Change is one schema operation of a migration. The set is closed: the
// concrete types are the structs of this file, and SQL rendering, hazards,
// replay (package plan) and the emitter switch on them.
//
// Changes made by the differ carry the full definition of what they drop or
// alter (From and To), so that [Reverse] can invert them. Changes recorded
// from a migration file by the Op of package migrate carry what the file
// names; for drops that is the name alone.
//
// The set is a sum type for go-check-sumtype, which `make test` runs: a
// type switch on Change must name every member (or say what to do with
// the rest in a default case).
//
//sumtype:decl
type Change interface {
	change()
}

// CreateSchema creates a schema (namespace) unless it exists: CREATE
// SCHEMA IF NOT EXISTS. A schema that holds model tables is implicit and
// shared: two branches that each add the first table of a schema both
// create it, and merged they apply in either order.
//
// With Ensure, the change only makes sure that a schema the migration
// puts a table or enum in exists (another branch of the history may have
// dropped it with its last table), and its reverse is no change: the
// downgrade never drops a schema that an earlier revision made.
type CreateSchema struct {
	Name   string
	Ensure bool `json:",omitempty"`
}

// DropSchema drops a schema when nothing lives in it, and otherwise keeps
// it (with a NOTICE): what lives in it is what DROP SCHEMA ... RESTRICT
// refuses to drop, tables, types, functions, views and any other object
// of the schema, known to the models or not, which are never dropped with
// it. So the downgrade of a migration that created a schema, and the
// upgrade that drops a schema whose last model table it dropped, leave
// the schema to another branch's table. Dropping a schema that does not
// exist is an error.
type DropSchema struct{ Name string }

// CreateTable creates a table with its columns, primary key, unique
// constraints and the foreign keys listed in it. Indexes are separate
// [CreateIndex] changes, except for a restore. A partition is created
// with CREATE TABLE ... PARTITION OF its parent and its bound (its
// columns are its parent's), an inheritance child with INHERITS, a
// partitioned table with PARTITION BY (see [schema.Table]). With Archive, it restores
// the table that a [DropTable] with the same Archive archived, with its
// rows and indexes (see archive.go), or creates it empty, with a
// WARNING, when the archive was pruned.
type CreateTable struct {
	Table   *schema.Table
	Archive string `json:",omitempty"`
}

// DropTable drops a table. With Archive, it moves the table to the
// schema Archive instead, keeping its rows until `schemagen prune` (see
// [TableArchiveName] and archive.go).
type DropTable struct {
	Table   *schema.Table
	Archive string `json:",omitempty"`
}

// AddColumn adds a column to Table. With Archive, it restores the values
// that a [DropColumn] with the same Archive archived (see archive.go).
type AddColumn struct {
	Table   schema.QualifiedName
	Column  *schema.Column
	Archive string `json:",omitempty"`
}

// DropColumn drops a column from Table. With Archive, it first copies the
// column's values, keyed by the table's primary key, to the table Archive
// of [ArchiveSchema] (see [ColumnArchiveName] and archive.go).
type DropColumn struct {
	Table   schema.QualifiedName
	Column  *schema.Column
	Archive string `json:",omitempty"`
}

// AlterColumn changes a column's type, nullability, default or identity
// from From to To. The two have the same name.
type AlterColumn struct {
	Table    schema.QualifiedName
	From, To *schema.Column
}

// AddPrimaryKey adds a primary-key constraint.
type AddPrimaryKey struct {
	Table      schema.QualifiedName
	PrimaryKey *schema.PrimaryKey
}

// DropPrimaryKey drops a primary-key constraint.
type DropPrimaryKey struct {
	Table      schema.QualifiedName
	PrimaryKey *schema.PrimaryKey
}

// AddUnique adds a unique constraint. With UsingIndex the constraint takes
// over the unique index of the same name, built beforehand (concurrently,
// in an online plan), instead of building one while it blocks writes.
type AddUnique struct {
	Table      schema.QualifiedName
	Unique     *schema.Unique
	UsingIndex bool `json:",omitempty"`
}

// DropUnique drops a unique constraint.
type DropUnique struct {
	Table  schema.QualifiedName
	Unique *schema.Unique
}

// AddForeignKey adds a foreign-key constraint. With NotValid the
// constraint is added without checking the existing rows, which takes only
// a brief lock; a later [ValidateConstraint] checks them without blocking
// writes. The change's NotValid decides, not the NotValid of the foreign
// key it carries (which describes a state; the differ sets both alike).
type AddForeignKey struct {
	Table      schema.QualifiedName
	ForeignKey *schema.ForeignKey
	NotValid   bool `json:",omitempty"`
}

// DropForeignKey drops a foreign-key constraint.
type DropForeignKey struct {
	Table      schema.QualifiedName
	ForeignKey *schema.ForeignKey
}

// CreateIndex creates an index on Table. With Concurrently the index is
// built without blocking writes (CREATE INDEX CONCURRENTLY), which cannot
// run inside a transaction: the migration must set NoTransaction. A
// concurrent build first drops an index of the same name left invalid by
// an earlier, failed build, so that it can be rerun.
type CreateIndex struct {
	Table        schema.QualifiedName
	Index        *schema.Index
	Concurrently bool `json:",omitempty"`
}

// DropIndex drops an index of Table; with Concurrently, without blocking
// reads and writes of the table (outside a transaction, as for
// [CreateIndex]), and only if it exists, so that a rerun after a crash
// passes it.
type DropIndex struct {
	Table        schema.QualifiedName
	Index        *schema.Index
	Concurrently bool `json:",omitempty"`
}

// CreateEnum creates an enum type.
type CreateEnum struct{ Enum *schema.Enum }

// DropEnum drops an enum type.
type DropEnum struct{ Enum *schema.Enum }

// AlterEnum changes the values of an enum type by a delta: it drops the
// values of Drop, then adds those of Add one after another, each in its
// place (see [AlterEnum.Apply]). The delta applies to the values the type
// holds when it runs, never to a list fixed when the migration was
// written, so that changes compose as PostgreSQL composes ALTER TYPE ...
// ADD VALUE: a value that another branch of the history added stays.
// Moving a value is dropping it and adding it in its new place, in one
// change; rows keep it.
//
// A change that only adds values, gives no column a new default, and
// whose values no later change of its migration uses (AddedValuesUsed),
// renders as ALTER TYPE ... ADD VALUE. Otherwise it rebuilds the type in
// one statement, applied whole or not at all: it reads the type's values
// at run time, applies the delta, sets aside the defaults, indexes and
// constraints whose expressions use the type (by pg_depend), creates the
// type anew, converts every column of the type through text and puts back
// what it set aside (see the SQL it renders). A rebuild fails, and
// changes nothing, when a row holds a value that it drops.
//
// Columns lists the columns of the type in the schema the change was
// made from. A rebuild converts every column of the type that it finds at
// run time; those listed with a Default other than their OldDefault get
// that default, the others keep theirs.
//
// From and To are the form of files written before deltas: a change with
// neither Add nor Drop is the delta [EnumDiff] of From and To, which
// means, on a single branch, what those files always meant.
type AlterEnum struct {
	Enum schema.QualifiedName
	// Add lists the values added, in the order they are added.
	Add []EnumValue `json:",omitempty"`
	// Drop lists the values dropped, each with the place it had, where
	// the reverse change adds it back.
	Drop     []EnumValue `json:",omitempty"`
	From, To []string
	Columns  []EnumColumn
	// AddedValuesUsed says that a later change of the same migration
	// uses a value that c adds. PostgreSQL refuses to use a value added
	// by ALTER TYPE ... ADD VALUE in the transaction that adds it
	// (SQLSTATE 55P04, "unsafe use of new value"), unless the type was
	// created in that transaction: such a change rebuilds the type,
	// whose values are then all usable. See [AddedValueUses], by which
	// the differ and [ReverseAll] set it.
	AddedValuesUsed bool `json:",omitempty"`
}

// OrderEnum puts the values of an enum type in the order Values, which a
// merge revision (`schemagen merge heads`) writes where the branches it
// joins leave the values in an order that depends on the order the
// branches were applied in: values appended on two branches end in the
// order the first database applied them, and no place given to a value
// makes two insertions commute. The merge settles the order on every
// database to the one that applying the merged revisions in graph order
// gives.
//
// It renders as one statement that, at run time, reads the type's values:
// where they stand in the order Values, it changes nothing; where they
// are the same values in another order, it rebuilds the type in that
// order as an [AlterEnum] rebuild does (setting aside and putting back
// the defaults, indexes and constraints that use the type, converting
// every column of it through text; rows keep their values); where the
// values differ from Values, it fails, naming both, and changes nothing.
//
// Tables lists the tables with columns of the type, for hazards and
// review: a rebuild finds the columns itself, at run time.
//
// Its reverse is no change: the order it settles is the one the merged
// revisions give in graph order, which is what the replay of the heads
// (the revisions a downgrade of the merge returns to) holds too, so a
// downgrade keeps it.
type OrderEnum struct {
	Enum schema.QualifiedName
	// Values are the type's values in the order they are put in.
	Values []string
	// Tables are the tables with columns of the type.
	Tables []schema.QualifiedName `json:",omitempty"`
}

// AddCheck adds a check constraint; with NotValid, without checking the
// existing rows (see [AddForeignKey]), and NotValid decides as it does
// there.
type AddCheck struct {
	Table    schema.QualifiedName
	Check    *schema.Check
	NotValid bool `json:",omitempty"`
}

// ValidateConstraint checks the existing rows against a foreign-key or
// check constraint added NotValid. It holds a SHARE UPDATE EXCLUSIVE lock,
// which lets reads and writes go on. It has nothing to undo: its reverse
// is no change.
type ValidateConstraint struct {
	Table schema.QualifiedName
	Name  string
}

// DropCheck drops a check constraint.
type DropCheck struct {
	Table schema.QualifiedName
	Check *schema.Check
}

// SetTableComment changes a table's comment from From to To; empty means
// none.
type SetTableComment struct {
	Table    schema.QualifiedName
	From, To string
}

// SetColumnComment changes a column's comment from From to To; empty means
// none.
type SetColumnComment struct {
	Table    schema.QualifiedName
	Column   string
	From, To string
}

// RenameTable renames (and, when the schemas differ, moves) a table.
type RenameTable struct{ From, To schema.QualifiedName }

// RenameColumn renames a column of Table.
type RenameColumn struct {
	Table    schema.QualifiedName
	From, To string
}

// RenameIndex renames an index of Table.
type RenameIndex struct {
	Table    schema.QualifiedName
	From, To string
}

// RenameConstraint renames a constraint of Table (primary key, unique,
// foreign key or check).
type RenameConstraint struct {
	Table    schema.QualifiedName
	From, To string
}

// AttachPartition makes the existing table Table a partition of the
// partitioned table Parent, holding the rows of Bound (see
// [schema.PartitionOf]): ALTER TABLE Parent ATTACH PARTITION Table
// Bound. PostgreSQL checks every row of Table against the bound (unless
// a valid check constraint proves it) and, when Parent has a default
// partition, the rows of that one too, and attaches Table's indexes and
// constraints that match Parent's, creating those it lacks. Table must
// have exactly Parent's columns. Its reverse is a [DetachPartition].
type AttachPartition struct {
	Table  schema.QualifiedName
	Parent schema.QualifiedName
	Bound  string
}

// DetachPartition makes the partition Table of Parent a table of its
// own, keeping its rows, columns, indexes and constraints (those it
// inherited become its own): ALTER TABLE Parent DETACH PARTITION Table.
// Bound is the bound it had, which the reverse [AttachPartition] gives
// it back.
type DetachPartition struct {
	Table  schema.QualifiedName
	Parent schema.QualifiedName
	Bound  string
}

// Execute runs hand-written SQL, as written and unchecked: it is the raw door
// (Op.Execute, Op.ExecuteAs and Op.ExecuteData of package migrate). The SQL
// is what runs; what replay makes of it is what the change declares, in
// the manner of Django's RunSQL(state_operations=...):
//
//   - Declared with Effects: the SQL changes the schema as those changes
//     would, and replay applies them in its place. They are never rendered
//     nor run: they say what the SQL does, so that the replayed schema
//     (`check --offline`, `revision --autogenerate --offline`) stays the
//     database's.
//   - Declared without Effects: the SQL changes nothing that replay
//     models (data, grants, statistics).
//   - Not declared (files written before declarations, or Op.Execute):
//     replay cannot know what the SQL does and leaves the schema alone;
//     `schemagen check` says it cannot verify such a migration offline
//     rather than report drift that may be false.
//
// Effects are changes of the other kinds: hand-written SQL or Go code
// among them is refused by [Problems].
type Execute struct {
	SQL string
	// Declared says that Effects is the whole of what SQL changes in
	// the schema; none when Effects is empty.
	Declared bool `json:",omitempty"`
	// Effects are the schema changes that SQL makes, in order.
	Effects Changes `json:",omitempty"`
}

// RunGo runs Go code, for data migrations that need more than SQL. Replay
// treats it as leaving the schema alone.
type RunGo struct {
	Func RunFunc `json:"-"`
	// Batched says that, in a migration that runs outside a transaction,
	// Func runs outside one too: each statement it runs commits on its
	// own, so that it can work through a large table in batches without
	// holding locks for its whole run. It is not exactly-once then: after
	// an interruption the step runs again from its start, so Func must be
	// idempotent (a backfill that fills only NULLs is). In a migration
	// that runs in a transaction it makes no difference.
	Batched bool `json:",omitempty"`
	// Backfill, set by a plan and never by a migration file, marks a Go
	// step that is still to be written: the backfill of a column (see
	// [Backfill]). Func is nil then; the emitter writes the step as a
	// stub that refuses to run until its author writes the value.
	Backfill *Backfill `json:",omitempty"`
}

// Backfill names the column that a Go step still to be written fills on
// the rows of an existing table that hold NULL, in batches: the step that
// the online plan of a NOT NULL column added without a default puts
// between adding the column nullable and proving it NOT NULL.
type Backfill struct {
	Table  schema.QualifiedName
	Column string
}

// RunFunc is Go code run by a migration. q is a transaction (a *sql.Tx):
// the migration's, or, when the migration runs outside a transaction, one
// of the step's own that also records the step done, so that the step's
// database writes and its record commit together and a run killed inside
// it leaves neither. The runner covers only what goes through q: other
// side effects (files, messages, calls to other services, writes on other
// connections) are not rolled back and may happen again when a failed or
// killed run is rerun.
type RunFunc func(ctx context.Context, q Querier) error

// Querier is what [RunFunc] gets to work with; *sql.DB, *sql.Conn and
// *sql.Tx all satisfy it.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// AddExclusion adds an exclusion constraint to Table.
type AddExclusion struct {
	Table     schema.QualifiedName
	Exclusion *schema.Exclusion
}

// DropExclusion drops an exclusion constraint of Table.
type DropExclusion struct {
	Table     schema.QualifiedName
	Exclusion *schema.Exclusion
}

// AlterConstraint changes the timing of the foreign key Name of Table
// from From to To in place (ALTER TABLE ... ALTER CONSTRAINT ...
// DEFERRABLE): PostgreSQL 15 alters the timing of foreign keys only, so
// the differ drops and adds a primary key, unique or exclusion
// constraint instead.
type AlterConstraint struct {
	Table    schema.QualifiedName
	Name     string
	From, To schema.Deferral
}

// AlterTable changes the attributes of Table from From to To:
// UNLOGGED (SET LOGGED or SET UNLOGGED, which rewrite the table),
// storage parameters (SET (...) and RESET (...)) and row level security
// (ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY).
type AlterTable struct {
	Table    schema.QualifiedName
	From, To schema.TableAttrs
}

// SetSchemaComment changes the comment of the schema Schema from From to
// To; empty means none.
type SetSchemaComment struct {
	Schema   string
	From, To string
}

func (CreateSchema) change()       {}
func (DropSchema) change()         {}
func (CreateTable) change()        {}
func (DropTable) change()          {}
func (AddColumn) change()          {}
func (DropColumn) change()         {}
func (AlterColumn) change()        {}
func (AddPrimaryKey) change()      {}
func (DropPrimaryKey) change()     {}
func (AddUnique) change()          {}
func (DropUnique) change()         {}
func (AddForeignKey) change()      {}
func (DropForeignKey) change()     {}
func (CreateIndex) change()        {}
func (DropIndex) change()          {}
func (CreateEnum) change()         {}
func (DropEnum) change()           {}
func (AlterEnum) change()          {}
func (OrderEnum) change()          {}
func (AddCheck) change()           {}
func (DropCheck) change()          {}
func (SetTableComment) change()    {}
func (SetColumnComment) change()   {}
func (RenameTable) change()        {}
func (RenameColumn) change()       {}
func (RenameIndex) change()        {}
func (RenameConstraint) change()   {}
func (ValidateConstraint) change() {}
func (AddExclusion) change()       {}
func (DropExclusion) change()      {}
func (AlterConstraint) change()    {}
func (AlterTable) change()         {}
func (SetSchemaComment) change()   {}
func (AttachPartition) change()    {}
func (DetachPartition) change()    {}
func (Execute) change()            {}
func (RunGo) change()              {}
func (CreateObject) change()       {}
func (DropObject) change()         {}
func (ReplaceObject) change()      {}

// Reverse returns the change that undoes c. It reports false for a change
// that cannot be inverted: hand-written SQL and Go code. A change with
// nothing to undo ([ValidateConstraint], [OrderEnum]) reverses to nil
// and true. A
// dropped constraint that was NOT VALID is added back NOT VALID. A
// [CreateSchema] reverses to a [DropSchema], which keeps a schema that
// is not empty, and a [DropSchema] to a [CreateSchema], which passes over
// a schema that exists: a schema that another branch's tables share
// survives the downgrade of the migration that created it. The reverse
// of an [AlterEnum] adds the values it drops, whose uses are its list's:
// its AddedValuesUsed is not set (see [ReverseAll]).
func Reverse(c Change) (Change, bool) {
	switch c := c.(type) {
	case CreateSchema:
		if c.Ensure {
			return nil, true
		}
		return DropSchema{Name: c.Name}, true
	case DropSchema:
		return CreateSchema{Name: c.Name}, true
	case CreateTable:
		return DropTable(c), true
	case DropTable:
		return CreateTable(c), true
	case AddColumn:
		return DropColumn(c), true
	case DropColumn:
		return AddColumn(c), true
	case AlterColumn:
		return AlterColumn{Table: c.Table, From: c.To, To: c.From}, true
	case AddPrimaryKey:
		return DropPrimaryKey(c), true
	case DropPrimaryKey:
		return AddPrimaryKey(c), true
	case AddUnique:
		return DropUnique{Table: c.Table, Unique: c.Unique}, true
	case DropUnique:
		return AddUnique{Table: c.Table, Unique: c.Unique}, true
	case AddForeignKey:
		return DropForeignKey{Table: c.Table, ForeignKey: c.ForeignKey}, true
	case DropForeignKey:
		// A NOT VALID foreign key comes back NOT VALID.
		return AddForeignKey{Table: c.Table, ForeignKey: c.ForeignKey, NotValid: c.ForeignKey != nil && c.ForeignKey.NotValid}, true
	case CreateIndex:
		return DropIndex(c), true
	case DropIndex:
		return CreateIndex(c), true
	case ValidateConstraint:
		return nil, true
	case CreateEnum:
		return DropEnum(c), true
	case DropEnum:
		return CreateEnum(c), true
	case AlterEnum:
		cols := make([]EnumColumn, len(c.Columns))
		for i, col := range c.Columns {
			col.Default, col.OldDefault = col.OldDefault, col.Default
			cols[i] = col
		}
		if len(c.Add) > 0 || len(c.Drop) > 0 {
			return AlterEnum{Enum: c.Enum, Add: c.Drop, Drop: c.Add, Columns: cols}, true
		}
		return AlterEnum{Enum: c.Enum, From: c.To, To: c.From, Columns: cols}, true
	case OrderEnum:
		// The order settled stays: it is the one the revisions before
		// the merge give in graph order (see [OrderEnum]).
		return nil, true
	case AddCheck:
		return DropCheck{Table: c.Table, Check: c.Check}, true
	case DropCheck:
		return AddCheck{Table: c.Table, Check: c.Check, NotValid: c.Check != nil && c.Check.NotValid}, true
	case SetTableComment:
		return SetTableComment{Table: c.Table, From: c.To, To: c.From}, true
	case SetColumnComment:
		return SetColumnComment{Table: c.Table, Column: c.Column, From: c.To, To: c.From}, true
	case RenameTable:
		return RenameTable{From: c.To, To: c.From}, true
	case RenameColumn:
		return RenameColumn{Table: c.Table, From: c.To, To: c.From}, true
	case RenameIndex:
		return RenameIndex{Table: c.Table, From: c.To, To: c.From}, true
	case RenameConstraint:
		return RenameConstraint{Table: c.Table, From: c.To, To: c.From}, true
	case AddExclusion:
		return DropExclusion(c), true
	case DropExclusion:
		return AddExclusion(c), true
	case AlterConstraint:
		return AlterConstraint{Table: c.Table, Name: c.Name, From: c.To, To: c.From}, true
	case AlterTable:
		return AlterTable{Table: c.Table, From: c.To, To: c.From}, true
	case SetSchemaComment:
		return SetSchemaComment{Schema: c.Schema, From: c.To, To: c.From}, true
	case AttachPartition:
		return DetachPartition(c), true
	case DetachPartition:
		return AttachPartition(c), true
	case CreateObject:
		return DropObject(c), true
	case DropObject:
		return CreateObject(c), true
	case ReplaceObject:
		return ReplaceObject{From: c.To, To: c.From}, true
	case Execute, RunGo:
		// Hand-written SQL and Go code cannot be inverted.
		return nil, false
	}
	return nil, false
}

// ReverseAll returns the changes that undo cs, in reverse order, with
// AddedValuesUsed set on each [AlterEnum] whose added values (those cs
// drops) a later change of the reverse uses ([MarkAddedValuesUsed]). It
// reports false if any change cannot be inverted.
func ReverseAll(cs []Change) ([]Change, bool) {
	out := make([]Change, 0, len(cs))
	for i := len(cs) - 1; i >= 0; i-- {
		r, ok := Reverse(cs[i])
		if !ok {
			return nil, false
		}
		if r != nil {
			out = append(out, r)
		}
	}
	return MarkAddedValuesUsed(out), true
}
