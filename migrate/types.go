package migrate

import (
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Table, Column and the other types that a migration file's op calls take
// are those of packages schema and change, so that a migration file needs
// only this package.
type (
	// Table is a table definition; see [schema.Table].
	Table = schema.Table
	// Column is a column definition; see [schema.Column].
	Column = schema.Column
	// PrimaryKey is a primary-key constraint; see [schema.PrimaryKey].
	PrimaryKey = schema.PrimaryKey
	// Unique is a unique constraint; see [schema.Unique].
	Unique = schema.Unique
	// Index is an index; see [schema.Index].
	Index = schema.Index
	// ForeignKey is a foreign-key constraint; see [schema.ForeignKey].
	ForeignKey = schema.ForeignKey
	// QualifiedName is a schema-qualified name; see [schema.QualifiedName].
	QualifiedName = schema.QualifiedName
	// Enum is an enum type; see [schema.Enum].
	Enum = schema.Enum
	// Check is a check constraint; see [schema.Check].
	Check = schema.Check
	// Exclusion is an exclusion constraint; see [schema.Exclusion].
	Exclusion = schema.Exclusion
	// TableAttrs are a table's attributes (UNLOGGED, storage parameters,
	// row level security); see [schema.TableAttrs].
	TableAttrs = schema.TableAttrs
	// Deferral is a constraint's timing (DEFERRABLE, INITIALLY
	// DEFERRED); see [schema.Deferral].
	Deferral = schema.Deferral
	// PartitionOf says which table a partition belongs to, for which
	// values; see [schema.PartitionOf].
	PartitionOf = schema.PartitionOf
	// Object is an object managed by its definition (a view, a
	// function, a trigger, ...); see [schema.Object].
	Object = schema.Object
	// ObjectKind is the kind of an [Object]; see [schema.ObjectKind].
	ObjectKind = schema.ObjectKind
	// Dependency names what an [Object] depends on; see
	// [schema.Dependency].
	Dependency = schema.Dependency
	// Querier is what a Go step ([Op.Run]) gets to work with: the
	// migration's *sql.Tx, or its *sql.Conn outside a transaction; see
	// [change.Querier].
	Querier = change.Querier
	// HazardKind names a kind of hazard, as [Migration.AllowHazards]
	// lists them; see [change.HazardKind].
	HazardKind = change.HazardKind
)

// The hazard kinds, as a migration acknowledges them in
// [Migration.AllowHazards]; see [change.HazardKind].
const (
	HazardDataLoss              = change.HazardDataLoss
	HazardTableRewrite          = change.HazardTableRewrite
	HazardLongLock              = change.HazardLongLock
	HazardIrreversibleDowngrade = change.HazardIrreversibleDowngrade
	HazardNotNullNoDefault      = change.HazardNotNullNoDefault
)

// The kinds of [Object], as migration files name them; see
// [schema.ObjectKind].
const (
	KindExtension        = schema.KindExtension
	KindView             = schema.KindView
	KindMaterializedView = schema.KindMaterializedView
	KindIndex            = schema.KindIndex
	KindFunction         = schema.KindFunction
	KindProcedure        = schema.KindProcedure
	KindTrigger          = schema.KindTrigger
	KindPolicy           = schema.KindPolicy
	KindRule             = schema.KindRule
	KindDomain           = schema.KindDomain
	KindCompositeType    = schema.KindCompositeType
	KindSequence         = schema.KindSequence
	KindTable            = schema.KindTable
	KindEnum             = schema.KindEnum
	KindCollation        = schema.KindCollation
	KindStatistics       = schema.KindStatistics
)

// EnumValue is a value that [Op.AlterEnumValues] adds or drops, with its
// place: right after the value After, right before the value Before, or,
// with neither, at the end; see [change.EnumValue].
type EnumValue = change.EnumValue

// EnumDelta is what [Op.AlterEnumValues] changes in an enum type's
// values: the values of Drop are dropped (each with the place it had,
// where the downgrade puts it back), then those of Add added, one after
// another, each in its place. A value in both moves.
type EnumDelta struct {
	Add  []EnumValue
	Drop []EnumValue
	// AddedValuesUsed says that a later change of the same migration
	// uses a value of Add (in a default, a check, an index predicate or
	// hand-written SQL). PostgreSQL refuses to use a value added by ALTER
	// TYPE ... ADD VALUE in the transaction that adds it; with
	// AddedValuesUsed the type is rebuilt instead, and its values are all
	// usable. A use without it, in a migration that runs in a
	// transaction, fails with an [AddedValueError]. See
	// [change.AlterEnum].
	AddedValuesUsed bool
}

// EnumColumn names a column of the enum type that [Op.AlterEnumValues]
// (or [Op.AlterEnum]) changes, with the default that a rebuild of the
// type gives it; it is recorded as a [change.EnumColumn].
type EnumColumn struct {
	// Table is the table that holds the column, named as the other Op
	// methods name tables: "users" (in the public schema),
	// "billing.invoices", or "public.v1.legacy" for a public table whose
	// name holds a dot.
	Table string
	// Column is the column's name.
	Column string
	// Default is the default set after the type changes; empty for none.
	Default string
	// Array marks a column holding an array of the enum.
	Array bool
	// OldDefault is the column's default before the change, dropped
	// before the type changes (and set again by the reverse change).
	OldDefault string
}
