package schema

import (
	"cmp"
	"slices"
	"strings"
)

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
	// KindEnum is used only in a [Dependency], for an enum type that an
	// object uses (a routine's argument or result, a view's cast, a
	// domain's base type): a plan that rebuilds the enum drops the
	// object before and creates it again after.
	KindEnum ObjectKind = "enum"
)

// Object is a database object managed by its definition: an extension,
// a view or materialized view (and an index of one, [KindIndex]), a
// function or procedure, a trigger, an RLS policy, a rule, a domain, a
// composite type, a standalone sequence, a collation or extended
// statistics ([KindCollation], [KindStatistics]).
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
	// Schema is the schema the object lives in (for a trigger, policy,
	// rule, column or table attribute: its table's), empty for an
	// object that lives in no schema (a cast, a foreign server, a
	// publication, ...). Include and exclude filters match it.
	Schema string `json:",omitempty"`
	// Base is the object's own name within Schema, unquoted and without
	// arguments (for a trigger, policy, rule, column or table attribute:
	// its table's name), which include and exclude filters match; it
	// takes no part in comparisons.
	Base string `json:",omitempty"`
	// Definition is what is compared: the object's definition where the
	// catalog prints one, else a summary of its catalog row. Two
	// unmanaged objects of the same Kind and Name differ when their
	// Definitions do.
	Definition string `json:",omitempty"`
	// DependsOn lists the tables and columns the object depends on,
	// where the catalog knows them: a plan that drops or retypes one of
	// them fails on the database, and package differ refuses it.
	DependsOn []Dependency `json:",omitempty"`
}

// AsDependant returns o as an entry of [Schema.Dependants]: an object
// left out of what is compared, whose dependencies still count.
func (o *Object) AsDependant() *Unmanaged {
	return &Unmanaged{Kind: string(o.Kind), Name: strings.TrimPrefix(o.ID().String(), string(o.Kind)+" "), Definition: o.Definition, DependsOn: slices.Clone(o.DependsOn)}
}

// KindIndex is the kind of an index of a materialized view: PostgreSQL
// drops it with its view, so it is an [Object] of its own, depending on
// the view, and a plan that rebuilds the view builds it again. (Indexes
// of tables are part of their [Table].)
const KindIndex ObjectKind = "index"

// KindCollation and KindStatistics are the kinds of a collation and of
// extended statistics (CREATE STATISTICS), whose Table is the table the
// statistics are on.
const (
	KindCollation  ObjectKind = "collation"
	KindStatistics ObjectKind = "statistics"
)

// ObjectKinds lists every kind of [Object], in the order a plan creates
// objects of different kinds that do not depend on each other.
func ObjectKinds() []ObjectKind {
	return []ObjectKind{KindExtension, KindCollation, KindDomain, KindCompositeType, KindSequence, KindFunction, KindProcedure,
		KindView, KindMaterializedView, KindIndex, KindStatistics, KindTrigger, KindPolicy, KindRule}
}

// String returns the object's kind and identity as messages name it:
// "view public.v", "function public.add(a integer, b integer)", "trigger
// audit on public.users", "extension citext".
func (id ObjectID) String() string {
	switch {
	case id.Kind == KindExtension:
		return string(id.Kind) + " " + id.Name
	case id.Table != "":
		return string(id.Kind) + " " + id.Name + " on " + QualifiedName{Schema: id.Schema, Name: id.Table}.String()
	}
	return string(id.Kind) + " " + QualifiedName{Schema: id.Schema, Name: id.Name}.String()
}

// String returns what d names as messages do: "table public.t", "column
// public.t.a", "view public.v".
func (d Dependency) String() string {
	if d.Kind == KindTable && d.Column != "" {
		return "column " + QualifiedName{Schema: d.Schema, Name: d.Name}.String() + "." + d.Column
	}
	return d.Object().String()
}

// Object returns the identity of the object d names (the table, for a
// dependency on a table or one of its columns).
func (d Dependency) Object() ObjectID {
	return ObjectID{Kind: d.Kind, Schema: d.Schema, Table: d.Table, Name: d.Name}
}

// Canonical returns a deep copy of o whose schema, and those of its
// dependencies, are set, to [DefaultSchema] where they are empty. It
// never modifies o.
func (o *Object) Canonical() *Object {
	out := o.Clone()
	if out.Schema == "" {
		out.Schema = DefaultSchema
	}
	for i := range out.DependsOn {
		if out.DependsOn[i].Schema == "" {
			out.DependsOn[i].Schema = DefaultSchema
		}
	}
	return out
}

func compareObjectIDs(a, b ObjectID) int {
	return cmp.Or(strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Schema, b.Schema),
		strings.Compare(a.Table, b.Table), strings.Compare(a.Name, b.Name))
}

func compareDependencies(a, b Dependency) int {
	return cmp.Or(compareObjectIDs(a.Object(), b.Object()), strings.Compare(a.Column, b.Column))
}

// Routine reports whether o is a function or a procedure, whose Name
// holds its identity arguments.
func (o *Object) Routine() bool { return o.Kind == KindFunction || o.Kind == KindProcedure }

// SplitRoutineName splits the Name of a function or procedure, such as
// "add(a integer, b integer)", into the routine's name ("add") and its
// identity arguments ("a integer, b integer"). The arguments are the
// text between the first "(" from which the rest of name is one
// parenthesized group (quotes, strings and comments read as SQL reads
// them) and the final ")". It reports false when name does not end in
// such a group.
func SplitRoutineName(name string) (base, args string, ok bool) {
	if !strings.HasSuffix(name, ")") {
		return "", "", false
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '(' || i == 0 {
			continue
		}
		inner := name[i+1 : len(name)-1]
		toks, probs, whole := lexSQLUntil(inner, true)
		if len(probs) > 0 || !whole {
			continue
		}
		depth, balanced := 0, true
		for _, t := range toks {
			switch {
			case t.isPunct("("):
				depth++
			case t.isPunct(")"):
				depth--
			}
			if depth < 0 {
				balanced = false
				break
			}
		}
		if balanced && depth == 0 {
			return name[:i], inner, true
		}
	}
	return "", "", false
}

// TrimDependencies removes from the objects of s their dependencies on
// tables, columns and objects that s does not hold, and returns s. A
// filter that leaves tables or objects out of a schema calls it, so that
// replay, which refuses to create an object whose dependency is missing,
// and plans consider only what s holds; the objects left out should go
// to [Schema.Dependants] ([Object.AsDependant]) when they depend on what
// s holds.
func (s *Schema) TrimDependencies() *Schema {
	objects := map[ObjectID]bool{}
	for _, o := range s.Objects {
		objects[o.ID()] = true
	}
	for _, o := range s.Objects {
		o.DependsOn = slices.DeleteFunc(o.DependsOn, func(d Dependency) bool {
			if d.Kind == KindEnum {
				_, ok := s.Enum(QualifiedName{Schema: d.Schema, Name: d.Name})
				return !ok
			}
			if d.Kind != KindTable {
				return !objects[d.Object()]
			}
			t, ok := s.Table(QualifiedName{Schema: d.Schema, Name: d.Name})
			if !ok {
				return true
			}
			if d.Column != "" {
				_, ok = t.Column(d.Column)
			}
			return !ok
		})
		if len(o.DependsOn) == 0 {
			o.DependsOn = nil
		}
	}
	return s
}
