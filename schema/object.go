package schema

import "slices"

// ObjectKind names a kind of database object that schemagen manages by
// its definition rather than field by field (see [Object]).
type ObjectKind string

// The kinds of [Object]. Tables, their columns, constraints and indexes,
// enum types and schemas are not objects: they have types of their own.
const (
	KindExtension        ObjectKind = "extension"
	KindView             ObjectKind = "view"
	KindMaterializedView ObjectKind = "materialized view"
	KindFunction         ObjectKind = "function"
	KindProcedure        ObjectKind = "procedure"
	KindTrigger          ObjectKind = "trigger"
	KindPolicy           ObjectKind = "policy"
	KindRule             ObjectKind = "rule"
	KindDomain           ObjectKind = "domain"
	KindCompositeType    ObjectKind = "type"
	KindSequence         ObjectKind = "sequence"
	// KindTable is used only in a [Dependency], for a table (or one of
	// its columns) that an object depends on.
	KindTable ObjectKind = "table"
)

// Object is a database object managed by its definition: an extension,
// a view or materialized view, a function or procedure, a trigger, an RLS
// policy, a rule, a domain, a composite type or a standalone sequence.
// Two objects are the same object when their [ObjectID]s are equal, and
// equal when their Definitions are too.
type Object struct {
	// Kind is what the object is.
	Kind ObjectKind
	// Schema is the namespace the object lives in (for an extension, the
	// schema its members are installed in; for a trigger, policy or rule,
	// its table's schema). Always set in a canonical object.
	Schema string
	// Name is the object's name within Schema. For a function or
	// procedure it is followed by its identity arguments, as
	// pg_get_function_identity_arguments prints them: "add(a integer, b
	// integer)"; that is its identity, since PostgreSQL overloads names.
	Name string
	// Table is the table a trigger, policy or rule belongs to (its name
	// within Schema); empty for other kinds.
	Table string `json:",omitempty"`
	// Definition is the SQL statement that creates the object, without a
	// final semicolon, as its source spells it: the catalog's text for a
	// live database, the author's for models and migrations.
	Definition string
	// DependsOn lists the objects and tables this one needs, in no
	// particular order (the differ sorts what it plans). A plan that
	// drops or changes one of them drops this object first and creates it
	// again after.
	DependsOn []Dependency `json:",omitempty"`
	// Pos is where the object was declared ("file:line:col"), empty when
	// the source has no positions. It never takes part in comparisons.
	Pos string `json:"-"`
	// Columns lists, for a view or materialized view that a model
	// declares as a Go struct, the struct's columns (its fields' db
	// names), which the view's query must produce: the models are
	// checked against the server's reading of the query when they are
	// canonicalized. Empty for other sources; it never takes part in
	// comparisons.
	Columns []string `json:"-"`
}

// Dependency names what an [Object] depends on: a table (Kind
// [KindTable], with Column set when the dependency is on one column) or
// another object (Name is then the other object's Name, arguments
// included).
type Dependency struct {
	Kind   ObjectKind
	Schema string
	Name   string
	// Table is the table of a trigger, policy or rule depended on.
	Table string `json:",omitempty"`
	// Column is the column of a table depended on; empty for the whole
	// table.
	Column string `json:",omitempty"`
}

// ObjectID is the identity of an [Object]: what two sources compare to
// decide that they hold the same object.
type ObjectID struct {
	Kind   ObjectKind
	Schema string
	Table  string
	Name   string
}

// ID returns the object's identity.
func (o *Object) ID() ObjectID {
	return ObjectID{Kind: o.Kind, Schema: o.Schema, Table: o.Table, Name: o.Name}
}

// Clone returns a deep copy of o.
func (o *Object) Clone() *Object {
	out := *o
	out.DependsOn = slices.Clone(o.DependsOn)
	out.Columns = slices.Clone(o.Columns)
	return &out
}

// Unmanaged is an object of a kind that schemagen does not manage (an
// operator, a text search configuration, a foreign table, ...): package
// catalog reads it so that a difference in it is reported as "not
// managed", never passed over in silence. It is never planned, emitted or
// replayed: only a live database holds one.
type Unmanaged struct {
	// Kind is the kind as the README's table of object kinds names it,
	// such as "operator" or "foreign table".
	Kind string
	// Name is the object's identity within its kind, schema-qualified
	// where it lives in a schema.
	Name string
	// Definition is what is compared: the object's definition where the
	// catalog prints one, else a summary of its catalog row. Two
	// unmanaged objects of the same Kind and Name differ when their
	// Definitions do.
	Definition string `json:",omitempty"`
}
