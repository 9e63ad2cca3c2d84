// Package schema is schemagen's vocabulary: plain values that describe a
// PostgreSQL schema (schemas, tables, columns, keys, indexes).
//
// Every source of schemagen — Go models (package parser), a live database
// (package catalog) and replayed migrations (package migrate) — produces a
// [Schema], and every comparison is between two of them (package differ).
// The types hold no database handles and no syntax trees; slices keep a
// deterministic order, and lookups return (value, ok).
//
// Names are unquoted PostgreSQL identifiers exactly as stored in the catalog
// (case preserved). The name of a table, enum or referenced table always
// carries its schema ("public" too): see [QualifiedName]. SQL fragments (types, defaults, expressions) are kept as
// text: a model's text as its author wrote it, a catalog's text as PostgreSQL
// prints it.
package schema

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// DefaultSchema is the schema a name belongs to when its source names
// none. The boundaries where names enter schemagen decide it, once:
// [ParseQualifiedName] and the Canonical methods (see [QualifiedName]).
const DefaultSchema = "public"

// MaxIdentifierLength is PostgreSQL's NAMEDATALEN-1: longer names are
// truncated by the server.
const MaxIdentifierLength = 63

// Schema is a set of PostgreSQL objects. The zero value is an empty schema.
type Schema struct {
	// Schemas lists the named schemas (namespaces) other than public that
	// the tables live in, sorted.
	Schemas []string
	// Enums lists the enum types, in the order their source gave them.
	Enums []*Enum `json:",omitempty"`
	// Tables lists the tables, in the order their source gave them.
	Tables []*Table
	// Objects lists the objects managed by their definition (views,
	// functions, triggers, ...; see [Object]), in the order their source
	// gave them.
	Objects []*Object `json:",omitempty"`
	// Unmanaged lists the objects of kinds schemagen does not manage, read
	// from a live database so that their differences are reported (see
	// [Unmanaged]).
	Unmanaged []*Unmanaged `json:",omitempty"`
	// SchemaComments holds the comments (COMMENT ON SCHEMA) of schemas of
	// Schemas, by name; a schema without a comment has no entry. The
	// public schema's comment is not managed: PostgreSQL gives it one
	// ("standard public schema") that models never hold.
	SchemaComments map[string]string `json:",omitempty"`
	// Dependants lists objects that were not read (they live in a
	// schema not read, or were filtered out) but depend on tables or
	// columns that were, with those dependencies: a plan that drops or
	// retypes what they depend on would fail, and package differ refuses
	// it, naming them. They are never compared nor planned. Package
	// catalog fills it; a filter that leaves an [Object] out should put
	// it here ([Object.AsDependant]).
	Dependants []*Unmanaged `json:",omitempty"`
}

// Enum is a PostgreSQL enum type.
type Enum struct {
	// Schema is the namespace, always set in a canonical enum (see
	// [QualifiedName]).
	Schema string
	// Name is the type's name.
	Name string
	// Values in sort order.
	Values []string
	// Pos is where the enum was declared, empty when unknown.
	Pos string `json:"-"`
}

// Check is a check constraint.
type Check struct {
	// Name is the constraint name.
	Name string
	// Expr is the boolean SQL expression, without the CHECK keyword.
	Expr string
	// NotValid marks a constraint added NOT VALID and not validated
	// since (pg_constraint.convalidated false): PostgreSQL checks new and
	// updated rows against it, but has not checked the rows that were
	// there before, so it promises nothing about them. It is what an
	// online migration interrupted between adding a constraint and
	// validating it leaves behind. A model never holds one; a live
	// database and replayed migrations may. A NOT VALID constraint
	// differs from a valid one with the same definition. It describes a
	// state: a change that adds a constraint says itself whether it adds
	// it NOT VALID (package change), and does not read this field.
	NotValid bool `json:",omitempty"`
	// NoInherit marks a constraint that applies to this table alone and
	// is not inherited by its children (CHECK (...) NO INHERIT).
	NoInherit bool `json:",omitempty"`
}

// Exclusion is an exclusion constraint: EXCLUDE [USING method]
// (element WITH operator, ...) [INCLUDE (...)] [WITH (...)] [WHERE
// (predicate)], as PostgreSQL's grammar has it.
type Exclusion struct {
	// Name is the constraint name.
	Name string
	// Definition is the text after the keyword EXCLUDE, without
	// DEFERRABLE and INITIALLY (which the fields below hold): "USING gist
	// (room WITH =, during WITH &&)". A live database's is as
	// pg_get_constraintdef prints it, a model's as its author wrote it
	// (canonicalized by the server before comparing).
	Definition string
	// Deferrable and InitiallyDeferred are the constraint's timing; see
	// [PrimaryKey.Deferrable].
	Deferrable        bool `json:",omitempty"`
	InitiallyDeferred bool `json:",omitempty"`
}

// TableAttrs are the attributes of a table that ALTER TABLE changes in
// place, apart from its columns and constraints: see [Table.Attrs].
type TableAttrs struct {
	// Unlogged makes an UNLOGGED table: not written to the WAL, emptied
	// after a crash, not replicated.
	Unlogged bool `json:",omitempty"`
	// Options are the storage parameters (WITH (...), pg_class.reloptions),
	// each "name=value" with the name in lower case ("fillfactor=70",
	// "toast.autovacuum_enabled=false"), sorted.
	Options []string `json:",omitempty"`
	// RowSecurity enables row level security (ENABLE ROW LEVEL SECURITY).
	RowSecurity bool `json:",omitempty"`
	// ForceRowSecurity applies the policies to the table's owner too
	// (FORCE ROW LEVEL SECURITY).
	ForceRowSecurity bool `json:",omitempty"`
}

// Equal reports whether a and b are the same attributes; the order of
// Options does not count.
func (a TableAttrs) Equal(b TableAttrs) bool {
	return a.Unlogged == b.Unlogged && a.RowSecurity == b.RowSecurity && a.ForceRowSecurity == b.ForceRowSecurity &&
		slices.Equal(slices.Sorted(slices.Values(a.Options)), slices.Sorted(slices.Values(b.Options)))
}

// Deferral is the timing of a constraint that can be deferred: a
// primary key, unique constraint, foreign key or exclusion constraint.
type Deferral struct {
	// Deferrable allows SET CONSTRAINTS ... DEFERRED.
	Deferrable bool `json:",omitempty"`
	// InitiallyDeferred checks the constraint at commit unless told
	// otherwise; it implies Deferrable.
	InitiallyDeferred bool `json:",omitempty"`
}

// String spells d as SQL: "" (NOT DEFERRABLE, the default),
// "DEFERRABLE" or "DEFERRABLE INITIALLY DEFERRED".
func (d Deferral) String() string {
	switch {
	case d.InitiallyDeferred:
		return "DEFERRABLE INITIALLY DEFERRED"
	case d.Deferrable:
		return "DEFERRABLE"
	}
	return ""
}

// Table is a PostgreSQL table.
type Table struct {
	// Schema is the namespace, always set in a canonical table (see
	// [QualifiedName]).
	Schema string
	// Name is the table's name.
	Name string
	// Columns in table order.
	Columns []*Column
	// PrimaryKey is nil when the table has none.
	PrimaryKey *PrimaryKey `json:",omitempty"`
	// Uniques are the unique constraints.
	Uniques []*Unique `json:",omitempty"`
	// Indexes are the indexes that back no constraint.
	Indexes []*Index `json:",omitempty"`
	// ForeignKeys are the foreign-key constraints.
	ForeignKeys []*ForeignKey `json:",omitempty"`
	// Checks are the check constraints.
	Checks []*Check `json:",omitempty"`
	// Exclusions are the exclusion constraints.
	Exclusions []*Exclusion `json:",omitempty"`
	// Comment is the table's comment; empty for none.
	Comment string `json:",omitempty"`
	// Unlogged, Options, RowSecurity and ForceRowSecurity are the
	// table's attributes; see [TableAttrs].
	Unlogged         bool     `json:",omitempty"`
	Options          []string `json:",omitempty"`
	RowSecurity      bool     `json:",omitempty"`
	ForceRowSecurity bool     `json:",omitempty"`
	// PartitionBy makes the table a partitioned table: its partition
	// key as pg_get_partkeydef prints it, "RANGE (created_at)", "LIST
	// (region)", "HASH (id)" (strategy in upper case, then the key
	// columns or expressions in parentheses); empty for a table that is
	// not partitioned. A partitioned table holds no rows of its own:
	// they live in its partitions (see [Table.PartitionOf]).
	PartitionBy string `json:",omitempty"`
	// PartitionOf makes the table a partition of another; nil for a
	// table that is not a partition. A partition's columns are its
	// parent's: Columns is empty, and so are the primary key, unique and
	// foreign-key constraints, check constraints and indexes that it
	// inherits from its parent (PostgreSQL creates them with it).
	// Those it has besides are listed as a table's are.
	PartitionOf *PartitionOf `json:",omitempty"`
	// Inherits lists the parents of a table created with INHERITS (...),
	// in order; empty for none. Columns then lists the table's own
	// columns only (attislocal), and Checks its own check constraints
	// (conislocal): those it inherits come with its parents.
	Inherits []QualifiedName `json:",omitempty"`
	// RenamedFrom is a model's hint that the table used to have this
	// name; the zero value is no hint. The differ renames instead of
	// dropping and creating. It never takes part in comparisons, and is
	// harmless once the rename is applied.
	RenamedFrom QualifiedName `json:"-"`
	// Pos is where the table was declared ("file:line:col"), empty when the
	// source has no positions. It never takes part in comparisons.
	Pos string `json:"-"`
}

// PartitionOf says which table a partition belongs to and which rows it
// holds.
type PartitionOf struct {
	// Parent is the partitioned table.
	Parent QualifiedName
	// Bound is the partition's bound as pg_get_expr(relpartbound)
	// prints it: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
	// "FOR VALUES IN ('eu', 'us')", "FOR VALUES WITH (modulus 4,
	// remainder 0)", or "DEFAULT" for the default partition.
	Bound string
}

// Parents returns the tables t is a partition or inheritance child of:
// its partition parent, then its INHERITS parents.
func (t *Table) Parents() []QualifiedName {
	var out []QualifiedName
	if t.PartitionOf != nil {
		out = append(out, t.PartitionOf.Parent)
	}
	return append(out, t.Inherits...)
}

// Column is a table column.
type Column struct {
	// Name is the column's name.
	Name string
	// Type is the SQL type, such as "text" or "numeric(12,2)".
	Type string
	// Nullable reports whether NULL is allowed.
	Nullable bool `json:",omitempty"`
	// Default is the server default as an SQL expression; empty for none.
	Default string `json:",omitempty"`
	// Identity marks an identity column: GENERATED BY DEFAULT AS
	// IDENTITY, or GENERATED ALWAYS AS IDENTITY with IdentityAlways. A
	// column with Identity alone is BY DEFAULT, as in migration files
	// written before IdentityAlways existed.
	Identity bool `json:",omitempty"`
	// IdentityAlways makes an identity column GENERATED ALWAYS: an
	// INSERT may not give it a value unless it says OVERRIDING SYSTEM
	// VALUE. It means nothing without Identity ([Schema.Validate]
	// refuses it).
	IdentityAlways bool `json:",omitempty"`
	// Sequence is the name of the sequence, in the table's schema, that
	// a serial column owns (ALTER SEQUENCE ... OWNED BY the column) and
	// takes its values from: its default is nextval of that sequence,
	// and Default is empty. A model's type:serial (bigserial,
	// smallserial) sets it to the name PostgreSQL gives
	// ([SerialSequenceName]); package catalog sets it for a column whose
	// default is nextval of a sequence the column owns. Empty for none.
	Sequence string `json:",omitempty"`
	// SequenceOptions are the options of the sequence of an identity or
	// serial column that differ from PostgreSQL's defaults, in the
	// canonical text of [SequenceOptions.String] ("INCREMENT 2 START
	// 100 CYCLE"); empty for none. See [ParseSequenceOptions].
	SequenceOptions string `json:",omitempty"`
	// Collation is the column's collation when it is not its type's
	// default, spelled as [CollationName] spells it (`"C"`,
	// `"en_US.utf8"`, `myschema.mycoll`); empty for the default.
	Collation string `json:",omitempty"`
	// Using is, in a change that alters a column's type to this
	// definition, the SQL expression that converts the old values
	// (ALTER COLUMN ... TYPE ... USING expr); empty for PostgreSQL's own
	// conversion. Where PostgreSQL has no conversion, the differ writes
	// [UsingPlaceholder], which the author must replace: a change that
	// holds it never renders nor passes `check`. It takes no part in
	// comparisons and describes no state: replay clears it.
	Using string `json:",omitempty"`
	// Generated is the expression of a GENERATED ALWAYS AS (...) STORED
	// column; empty for an ordinary column.
	Generated string `json:",omitempty"`
	// Comment is the column's comment; empty for none.
	Comment string `json:",omitempty"`
	// RenamedFrom is a model's hint that the column used to have this
	// name; see [Table.RenamedFrom].
	RenamedFrom string `json:"-"`
	// Pos is where the column was declared, empty when unknown.
	Pos string `json:"-"`
}

// PrimaryKey is a table's primary-key constraint.
type PrimaryKey struct {
	// Name is the constraint name.
	Name string
	// Columns in key order.
	Columns []string
	// Deferrable makes a DEFERRABLE constraint, checked at the end of the
	// statement or, after SET CONSTRAINTS ... DEFERRED, at commit;
	// InitiallyDeferred one checked at commit by default (it implies
	// Deferrable). A foreign key cannot reference a deferrable key.
	Deferrable        bool `json:",omitempty"`
	InitiallyDeferred bool `json:",omitempty"`
	// Options are the storage parameters of the key's index (WITH
	// (...)); see [TableAttrs.Options].
	Options []string `json:",omitempty"`
	// Include lists the non-key columns of the key's index (INCLUDE
	// (...)).
	Include []string `json:",omitempty"`
}

// Unique is a unique constraint.
type Unique struct {
	// Name is the constraint name.
	Name string
	// Columns in key order.
	Columns []string
	// NullsNotDistinct makes rows whose keys hold NULL equal, so that
	// only one of them is allowed (UNIQUE NULLS NOT DISTINCT,
	// PostgreSQL 15).
	NullsNotDistinct bool `json:",omitempty"`
	// Deferrable and InitiallyDeferred are the constraint's timing; see
	// [PrimaryKey.Deferrable].
	Deferrable        bool `json:",omitempty"`
	InitiallyDeferred bool `json:",omitempty"`
	// Options are the storage parameters of the constraint's index.
	Options []string `json:",omitempty"`
	// Include lists the non-key columns of the constraint's index.
	Include []string `json:",omitempty"`
}

// Index is an index that backs no constraint.
type Index struct {
	// Name is the index name; it lives in the table's schema.
	Name string
	// Columns are the key columns, in key order, when every key is a plain
	// column in ascending order.
	Columns []string `json:",omitempty"`
	// Keys are the keys as SQL text (expressions, columns with DESC or
	// NULLS FIRST, operator classes) when some key is not a plain column;
	// Columns is empty then.
	Keys []string `json:",omitempty"`
	// Unique makes it a unique index.
	Unique bool `json:",omitempty"`
	// NullsNotDistinct, on a unique index, makes keys holding NULL
	// equal (NULLS NOT DISTINCT, PostgreSQL 15).
	NullsNotDistinct bool `json:",omitempty"`
	// Method is the access method ("gin", "gist", "hash", "brin"); empty
	// means btree.
	Method string `json:",omitempty"`
	// Include lists the non-key columns of INCLUDE (...).
	Include []string `json:",omitempty"`
	// Where is the predicate of a partial index; empty for none.
	Where string `json:",omitempty"`
	// Options are the index's storage parameters (WITH (...)), each
	// "name=value" with the name in lower case, sorted; see
	// [TableAttrs.Options].
	Options []string `json:",omitempty"`
	// Invalid marks an index that a CREATE INDEX CONCURRENTLY which
	// failed or was interrupted left behind (pg_index.indisvalid or
	// indisready false): it exists, but queries do not use it, and it may
	// miss rows. Only a live database holds one: a change that creates
	// an index does not read this field, and builds a valid one. An
	// invalid index differs from a valid one with the same definition.
	Invalid bool `json:",omitempty"`
}

// ForeignKey is a foreign-key constraint.
type ForeignKey struct {
	// Name is the constraint name.
	Name string
	// Columns are the referencing columns of the owning table.
	Columns []string
	// RefSchema is the referenced table's schema, always set in a
	// canonical foreign key that names a table (see [QualifiedName]). A
	// foreign key that a migration drops by name names neither.
	RefSchema string `json:",omitempty"`
	// RefTable is the referenced table's name.
	RefTable string
	// RefColumns are the referenced columns, matched to Columns by position.
	RefColumns []string
	// OnDelete and OnUpdate are referential actions as written in SQL
	// ("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"); empty means
	// NO ACTION.
	OnDelete string `json:",omitempty"`
	OnUpdate string `json:",omitempty"`
	// NotValid marks a foreign key added NOT VALID and not validated
	// since; see [Check.NotValid].
	NotValid bool `json:",omitempty"`
	// Deferrable and InitiallyDeferred are the constraint's timing; see
	// [PrimaryKey.Deferrable].
	Deferrable        bool `json:",omitempty"`
	InitiallyDeferred bool `json:",omitempty"`
}

// Attrs returns t's attributes.
func (t *Table) Attrs() TableAttrs {
	return TableAttrs{Unlogged: t.Unlogged, Options: slices.Clone(t.Options), RowSecurity: t.RowSecurity, ForceRowSecurity: t.ForceRowSecurity}
}

// SetAttrs sets t's attributes to a.
func (t *Table) SetAttrs(a TableAttrs) {
	t.Unlogged, t.Options, t.RowSecurity, t.ForceRowSecurity = a.Unlogged, slices.Clone(a.Options), a.RowSecurity, a.ForceRowSecurity
}

// Deferral returns the timing of pk.
func (pk *PrimaryKey) Deferral() Deferral {
	return Deferral{Deferrable: pk.Deferrable || pk.InitiallyDeferred, InitiallyDeferred: pk.InitiallyDeferred}
}

// Deferral returns the timing of u.
func (u *Unique) Deferral() Deferral {
	return Deferral{Deferrable: u.Deferrable || u.InitiallyDeferred, InitiallyDeferred: u.InitiallyDeferred}
}

// Deferral returns the timing of fk.
func (fk *ForeignKey) Deferral() Deferral {
	return Deferral{Deferrable: fk.Deferrable || fk.InitiallyDeferred, InitiallyDeferred: fk.InitiallyDeferred}
}

// Deferral returns the timing of x.
func (x *Exclusion) Deferral() Deferral {
	return Deferral{Deferrable: x.Deferrable || x.InitiallyDeferred, InitiallyDeferred: x.InitiallyDeferred}
}

// QualifiedName is a schema-qualified object name.
//
// A name is canonical when Schema is set: "empty means public" is decided
// once, where a name enters schemagen, and nowhere after. Package parser
// and package catalog produce canonical schemas; the Op recorder of
// package migrate reads a migration file's names with
// [ParseQualifiedName] and its literals with the Canonical methods; a
// caller that builds a [Schema] by hand passes it through
// [Schema.Canonical]. Everything inside the pipeline (differ, plan,
// change rendering, emitter, runner) takes canonical names as they are;
// [Schema.Validate] reports a table or enum without a schema.
type QualifiedName struct {
	// Schema is the namespace ("public" for the default one); never
	// empty in a canonical name.
	Schema string
	// Name is the object's name within Schema; it may hold dots.
	Name string
}

// String returns "schema.name", or the bare name in [DefaultSchema].
func (q QualifiedName) String() string {
	if q.Schema == DefaultSchema {
		return q.Name
	}
	return q.Schema + "." + q.Name
}

// ParseQualifiedName splits "schema.name" at its first dot and returns a
// canonical name: a name without a dot (or with an empty schema part) is
// in [DefaultSchema]. A public name that holds a dot is written
// "public.a.b".
func ParseQualifiedName(s string) QualifiedName {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return QualifiedName{Schema: s[:i], Name: s[i+1:]}.Canonical()
	}
	return QualifiedName{Schema: DefaultSchema, Name: s}
}

// Canonical returns q with its schema set: q itself, or q in
// [DefaultSchema] when q.Schema is empty. It is for the boundaries that
// take a name from outside the pipeline (an option, a literal in a
// migration file); every name inside is canonical already.
func (q QualifiedName) Canonical() QualifiedName {
	if q.Schema == "" {
		q.Schema = DefaultSchema
	}
	return q
}

// QualifiedName returns the table's schema-qualified name.
func (t *Table) QualifiedName() QualifiedName {
	return QualifiedName{Schema: t.Schema, Name: t.Name}
}

// QualifiedName returns the enum's schema-qualified name.
func (e *Enum) QualifiedName() QualifiedName {
	return QualifiedName{Schema: e.Schema, Name: e.Name}
}

// TypeName returns the enum's name as column types spell it: the bare
// name in [DefaultSchema], else "schema.name".
func (e *Enum) TypeName() string { return e.QualifiedName().String() }

// Ref returns the referenced table's qualified name.
func (fk *ForeignKey) Ref() QualifiedName {
	return QualifiedName{Schema: fk.RefSchema, Name: fk.RefTable}
}

// Canonical returns a deep copy of s whose names are canonical (see
// [QualifiedName]): every table, enum and referenced table with an empty
// schema is put in [DefaultSchema]. It never modifies s.
func (s *Schema) Canonical() *Schema {
	out := s.Clone()
	for i, e := range out.Enums {
		out.Enums[i] = e.Canonical()
	}
	for i, t := range out.Tables {
		out.Tables[i] = t.Canonical()
	}
	for i, o := range out.Objects {
		out.Objects[i] = o.Canonical()
	}
	return out
}

// Canonical returns a deep copy of t whose names are canonical: t's
// schema and those of the tables its foreign keys reference are set, to
// [DefaultSchema] where t leaves them empty. It never modifies t.
func (t *Table) Canonical() *Table {
	out := t.Clone()
	out.Schema = out.QualifiedName().Canonical().Schema
	for i, fk := range out.ForeignKeys {
		out.ForeignKeys[i] = fk.Canonical()
	}
	if out.PartitionOf != nil {
		out.PartitionOf.Parent = out.PartitionOf.Parent.Canonical()
	}
	for i, p := range out.Inherits {
		out.Inherits[i] = p.Canonical()
	}
	return out
}

// Canonical returns a copy of e in [DefaultSchema] when e names no
// schema. It never modifies e.
func (e *Enum) Canonical() *Enum {
	out := *e
	out.Schema = e.QualifiedName().Canonical().Schema
	out.Values = slices.Clone(e.Values)
	return &out
}

// Canonical returns a copy of fk whose referenced table, if it names one,
// has its schema set, to [DefaultSchema] when fk leaves it empty. It
// never modifies fk.
func (fk *ForeignKey) Canonical() *ForeignKey {
	out := *fk
	out.Columns = slices.Clone(fk.Columns)
	out.RefColumns = slices.Clone(fk.RefColumns)
	if out.RefTable != "" {
		out.RefSchema = fk.Ref().Canonical().Schema
	}
	return &out
}

// Table returns the table with the given qualified name.
func (s *Schema) Table(q QualifiedName) (*Table, bool) {
	for _, t := range s.Tables {
		if t.QualifiedName() == q {
			return t, true
		}
	}
	return nil, false
}

// Enum returns the enum type with the given qualified name.
func (s *Schema) Enum(q QualifiedName) (*Enum, bool) {
	for _, e := range s.Enums {
		if e.QualifiedName() == q {
			return e, true
		}
	}
	return nil, false
}

// Exclusion returns the exclusion constraint with the given name.
func (t *Table) Exclusion(name string) (*Exclusion, bool) {
	for _, x := range t.Exclusions {
		if x.Name == name {
			return x, true
		}
	}
	return nil, false
}

// Check returns the check constraint with the given name.
func (t *Table) Check(name string) (*Check, bool) {
	for _, c := range t.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// Column returns the column with the given name.
func (t *Table) Column(name string) (*Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// Index returns the index with the given name.
func (t *Table) Index(name string) (*Index, bool) {
	for _, ix := range t.Indexes {
		if ix.Name == name {
			return ix, true
		}
	}
	return nil, false
}

// Unique returns the unique constraint with the given name.
func (t *Table) Unique(name string) (*Unique, bool) {
	for _, u := range t.Uniques {
		if u.Name == name {
			return u, true
		}
	}
	return nil, false
}

// ForeignKey returns the foreign key with the given name.
func (t *Table) ForeignKey(name string) (*ForeignKey, bool) {
	for _, fk := range t.ForeignKeys {
		if fk.Name == name {
			return fk, true
		}
	}
	return nil, false
}

// Clone returns a deep copy of s.
func (s *Schema) Clone() *Schema {
	if s == nil {
		return &Schema{}
	}
	out := &Schema{Schemas: slices.Clone(s.Schemas), SchemaComments: maps.Clone(s.SchemaComments)}
	for _, e := range s.Enums {
		e := *e
		e.Values = slices.Clone(e.Values)
		out.Enums = append(out.Enums, &e)
	}
	for _, t := range s.Tables {
		out.Tables = append(out.Tables, t.Clone())
	}
	for _, o := range s.Objects {
		out.Objects = append(out.Objects, o.Clone())
	}
	out.Unmanaged, out.Dependants = cloneUnmanaged(s.Unmanaged), cloneUnmanaged(s.Dependants)
	return out
}

// Clone returns a deep copy of t.
func (t *Table) Clone() *Table {
	out := *t
	out.Columns = nil
	for _, c := range t.Columns {
		c := *c
		out.Columns = append(out.Columns, &c)
	}
	if t.PrimaryKey != nil {
		pk := *t.PrimaryKey
		pk.Columns = slices.Clone(pk.Columns)
		pk.Options = slices.Clone(pk.Options)
		pk.Include = slices.Clone(pk.Include)
		out.PrimaryKey = &pk
	}
	out.Uniques = nil
	for _, u := range t.Uniques {
		u := *u
		u.Columns = slices.Clone(u.Columns)
		u.Options = slices.Clone(u.Options)
		u.Include = slices.Clone(u.Include)
		out.Uniques = append(out.Uniques, &u)
	}
	out.Indexes = nil
	for _, ix := range t.Indexes {
		out.Indexes = append(out.Indexes, ix.Clone())
	}
	out.Checks = nil
	for _, c := range t.Checks {
		c := *c
		out.Checks = append(out.Checks, &c)
	}
	out.ForeignKeys = nil
	for _, fk := range t.ForeignKeys {
		fk := *fk
		fk.Columns = slices.Clone(fk.Columns)
		fk.RefColumns = slices.Clone(fk.RefColumns)
		out.ForeignKeys = append(out.ForeignKeys, &fk)
	}
	out.Exclusions = nil
	for _, x := range t.Exclusions {
		x := *x
		out.Exclusions = append(out.Exclusions, &x)
	}
	out.Options = slices.Clone(t.Options)
	if t.PartitionOf != nil {
		p := *t.PartitionOf
		out.PartitionOf = &p
	}
	out.Inherits = slices.Clone(t.Inherits)
	return &out
}

// Clone returns a deep copy of ix.
func (ix *Index) Clone() *Index {
	out := *ix
	out.Columns = slices.Clone(ix.Columns)
	out.Keys = slices.Clone(ix.Keys)
	out.Include = slices.Clone(ix.Include)
	out.Options = slices.Clone(ix.Options)
	return &out
}

// Normalize returns a copy of s for comparing: the public schema is left
// out of Schemas, tables are sorted by qualified name and constraints and
// indexes by name, objects by identity and their dependencies too,
// positions are cleared, and a column of one of PostgreSQL's serial
// pseudo-types (Type "serial", as migration files written before
// [Column.Sequence] existed hold it) is what PostgreSQL makes of it: an
// integer column with the serial sequence [SerialSequenceName] gives.
// Column order is kept: it is
// part of a table. Names are kept as they are: s is canonical (see
// [QualifiedName]).
func (s *Schema) Normalize() *Schema {
	out := s.Clone()
	out.Schemas = slices.DeleteFunc(out.Schemas, func(n string) bool { return n == DefaultSchema })
	slices.Sort(out.Schemas)
	out.Schemas = slices.Compact(out.Schemas)
	for _, e := range out.Enums {
		e.Pos = ""
	}
	slices.SortFunc(out.Enums, func(a, b *Enum) int {
		return strings.Compare(a.QualifiedName().String(), b.QualifiedName().String())
	})
	for _, t := range out.Tables {
		t.Pos = ""
		for _, c := range t.Columns {
			c.Pos = ""
			c.Using = ""
			c.resolveSerial(t.Name)
		}
		slices.SortFunc(t.Uniques, func(a, b *Unique) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.Indexes, func(a, b *Index) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.ForeignKeys, func(a, b *ForeignKey) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.Checks, func(a, b *Check) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.Exclusions, func(a, b *Exclusion) int { return strings.Compare(a.Name, b.Name) })
		slices.Sort(t.Options)
		for _, ix := range t.Indexes {
			slices.Sort(ix.Options)
		}
		for _, u := range t.Uniques {
			slices.Sort(u.Options)
		}
		if t.PrimaryKey != nil {
			slices.Sort(t.PrimaryKey.Options)
		}
	}
	for n, c := range out.SchemaComments {
		if c == "" || n == DefaultSchema {
			delete(out.SchemaComments, n)
		}
	}
	if len(out.SchemaComments) == 0 {
		out.SchemaComments = nil
	}
	slices.SortFunc(out.Tables, func(a, b *Table) int {
		return strings.Compare(a.QualifiedName().String(), b.QualifiedName().String())
	})
	for _, o := range out.Objects {
		o.Pos = ""
		slices.SortFunc(o.DependsOn, compareDependencies)
		o.DependsOn = slices.Compact(o.DependsOn)
	}
	slices.SortFunc(out.Objects, func(a, b *Object) int { return compareObjectIDs(a.ID(), b.ID()) })
	return out
}

// Validate reports a name that is not canonical (an enum, a table, a
// referenced table or an object without a schema; see [QualifiedName]),
// a duplicate table, column, constraint, index or object, or a key that
// names a column the table lacks.
func (s *Schema) Validate() error {
	enums := map[QualifiedName]bool{}
	for _, e := range s.Enums {
		q := e.QualifiedName()
		if q.Schema == "" {
			return fmt.Errorf("schema: enum %q has an empty schema name (see Schema.Canonical)", q.Name)
		}
		if enums[q] {
			return fmt.Errorf("schema: duplicate enum %s", q)
		}
		enums[q] = true
		values := map[string]bool{}
		for _, v := range e.Values {
			if values[v] {
				return fmt.Errorf("schema: enum %s: duplicate value %q", q, v)
			}
			values[v] = true
		}
	}
	tables := map[QualifiedName]bool{}
	for _, t := range s.Tables {
		q := t.QualifiedName()
		if q.Schema == "" {
			return fmt.Errorf("schema: table %q has an empty schema name (see Schema.Canonical)", q.Name)
		}
		if tables[q] {
			return fmt.Errorf("schema: duplicate table %s", q)
		}
		tables[q] = true
	}
	for _, t := range s.Tables {
		q := t.QualifiedName()
		if err := s.validateParents(t); err != nil {
			return err
		}
		cols := map[string]bool{}
		for _, c := range t.Columns {
			if cols[c.Name] {
				return fmt.Errorf("schema: table %s: duplicate column %q", q, c.Name)
			}
			cols[c.Name] = true
			if err := c.validate(); err != nil {
				return fmt.Errorf("schema: table %s: column %q: %w", q, c.Name, err)
			}
		}
		// A partition's or child's keys may name the columns it
		// inherits; those of a parent that s does not hold are unknown.
		inherited, known := s.inheritedColumns(t)
		check := func(kind, name string, names []string) error {
			for _, n := range names {
				if !cols[n] && !inherited[n] && known {
					return fmt.Errorf("schema: table %s: %s %q names unknown column %q", q, kind, name, n)
				}
			}
			return nil
		}
		if t.PrimaryKey != nil {
			if err := check("primary key", t.PrimaryKey.Name, slices.Concat(t.PrimaryKey.Columns, t.PrimaryKey.Include)); err != nil {
				return err
			}
		}
		for _, u := range t.Uniques {
			if err := check("unique constraint", u.Name, slices.Concat(u.Columns, u.Include)); err != nil {
				return err
			}
		}
		for _, ix := range t.Indexes {
			if err := check("index", ix.Name, ix.Columns); err != nil {
				return err
			}
			if len(ix.Columns) == 0 && len(ix.Keys) == 0 {
				return fmt.Errorf("schema: table %s: index %q has no keys", q, ix.Name)
			}
		}
		names := map[string]string{}
		constraint := func(kind, name string) error {
			if prev, ok := names[name]; ok {
				return fmt.Errorf("schema: table %s: %s %q has the name of a %s", q, kind, name, prev)
			}
			names[name] = kind
			return nil
		}
		if t.PrimaryKey != nil {
			if err := constraint("primary key", t.PrimaryKey.Name); err != nil {
				return err
			}
		}
		for _, u := range t.Uniques {
			if err := constraint("unique constraint", u.Name); err != nil {
				return err
			}
		}
		for _, fk := range t.ForeignKeys {
			if err := constraint("foreign key", fk.Name); err != nil {
				return err
			}
		}
		for _, c := range t.Checks {
			if err := constraint("check constraint", c.Name); err != nil {
				return err
			}
		}
		for _, x := range t.Exclusions {
			if err := constraint("exclusion constraint", x.Name); err != nil {
				return err
			}
		}
		for _, fk := range t.ForeignKeys {
			if err := check("foreign key", fk.Name, fk.Columns); err != nil {
				return err
			}
			if fk.RefSchema == "" {
				return fmt.Errorf("schema: table %s: foreign key %q references table %q with an empty schema name (see Schema.Canonical)", q, fk.Name, fk.RefTable)
			}
		}
	}
	objects := map[ObjectID]bool{}
	for _, o := range s.Objects {
		if o.Schema == "" {
			return fmt.Errorf("schema: %s %q has an empty schema name (see Schema.Canonical)", o.Kind, o.Name)
		}
		if objects[o.ID()] {
			return fmt.Errorf("schema: duplicate %s", o.ID())
		}
		objects[o.ID()] = true
	}
	return nil
}

// validateParents reports a partition without a bound or whose parent s
// holds but is not partitioned, a parent without a schema, a table that
// is its own ancestor, and a partitioned table that inherits.
func (s *Schema) validateParents(t *Table) error {
	q := t.QualifiedName()
	if t.PartitionOf != nil {
		if t.PartitionOf.Bound == "" {
			return fmt.Errorf("schema: partition %s of %s has no bound", q, t.PartitionOf.Parent)
		}
		if p, ok := s.Table(t.PartitionOf.Parent); ok && p.PartitionBy == "" {
			return fmt.Errorf("schema: table %s is a partition of %s, which is not partitioned", q, p.QualifiedName())
		}
		if len(t.Inherits) > 0 {
			return fmt.Errorf("schema: partition %s cannot inherit from other tables", q)
		}
		if len(t.Columns) > 0 {
			return fmt.Errorf("schema: partition %s lists columns; a partition's columns are its parent's", q)
		}
	}
	if t.PartitionBy != "" && len(t.Inherits) > 0 {
		return fmt.Errorf("schema: partitioned table %s cannot inherit from other tables", q)
	}
	seen := map[QualifiedName]bool{q: true}
	next := t.Parents()
	for len(next) > 0 {
		p := next[0]
		next = next[1:]
		if p.Schema == "" {
			return fmt.Errorf("schema: table %s: parent %q has an empty schema name (see Schema.Canonical)", q, p.Name)
		}
		if p == q {
			return fmt.Errorf("schema: table %s is its own ancestor", q)
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		if pt, ok := s.Table(p); ok {
			next = append(next, pt.Parents()...)
		}
	}
	return nil
}

// inheritedColumns returns the names of the columns t inherits from its
// partition parent or INHERITS parents, and whether s holds every
// ancestor (when it does not, which columns t has is unknown).
func (s *Schema) inheritedColumns(t *Table) (map[string]bool, bool) {
	out := map[string]bool{}
	known := true
	seen := map[QualifiedName]bool{t.QualifiedName(): true}
	next := t.Parents()
	for len(next) > 0 {
		p := next[0]
		next = next[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		pt, ok := s.Table(p)
		if !ok {
			known = false
			continue
		}
		for _, c := range pt.Columns {
			out[c.Name] = true
		}
		next = append(next, pt.Parents()...)
	}
	return out, known
}

// ConstraintName builds PostgreSQL's default name for a constraint or index
// on table over columns with the given suffix ("pkey", "key", "fkey",
// "idx"), truncated as PostgreSQL truncates identifiers.
func ConstraintName(table string, columns []string, suffix string) string {
	parts := []string{table}
	if suffix != "pkey" {
		parts = append(parts, columns...)
	}
	return TruncateIdentifier(strings.Join(parts, "_") + "_" + suffix)
}

// TruncateIdentifier cuts name to [MaxIdentifierLength] bytes without
// splitting a UTF-8 sequence, as PostgreSQL does.
func TruncateIdentifier(name string) string { return truncate(name, MaxIdentifierLength) }

// IdentifierWithSuffix returns name followed by suffix, name cut short
// (without splitting a UTF-8 sequence) so that the whole fits in
// [MaxIdentifierLength] bytes: the name of an object derived from
// another (a scratch index, a bookkeeping table, an archive), whose
// suffix must survive PostgreSQL's truncation.
func IdentifierWithSuffix(name, suffix string) string {
	return truncate(name, MaxIdentifierLength-len(suffix)) + suffix
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// CheckIdentifier reports a name that PostgreSQL would not keep as
// written: an empty one, one longer than [MaxIdentifierLength] bytes
// (PostgreSQL truncates it, so the object never matches its model), or
// one holding a NUL byte (which no PostgreSQL string can hold). The error
// names the limit; callers add where the name comes from.
func CheckIdentifier(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name")
	case strings.IndexByte(name, 0) >= 0:
		return fmt.Errorf("name %q holds a NUL byte", name)
	case len(name) > MaxIdentifierLength:
		shown := name
		if len(name) > 2*MaxIdentifierLength {
			shown = TruncateIdentifier(name) + "…" // a message, not a dump
		}
		return fmt.Errorf("name %q is %d bytes long; PostgreSQL keeps at most %d bytes of a name and would truncate it", shown, len(name), MaxIdentifierLength)
	}
	return nil
}
