package change

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// This file holds the changes of objects managed by their definition
// ([schema.Object]): views, materialized views and their indexes,
// functions, procedures, triggers, policies, rules, domains, composite
// types, standalone sequences and extensions.

// CreateObject creates an object by running its definition, the CREATE
// statement that Object.Definition holds. The definition is checked as
// one whole statement ([schema.FragmentStatement]) before it runs. A
// function or procedure is created after SET LOCAL
// check_function_bodies = off, as pg_dump does, so that its body may
// name tables that the migration creates after it (in a migration that
// runs outside a transaction, the SET does nothing).
type CreateObject struct{ Object *schema.Object }

// DropObject drops an object, by a DROP statement built from its kind
// and identity (DROP VIEW, DROP FUNCTION name(args), DROP TRIGGER name
// ON table, ...), never from its definition, which a migration file
// leaves out. It drops nothing else (no CASCADE): a plan drops what
// depends on the object first.
type DropObject struct{ Object *schema.Object }

// ReplaceObject changes an object in place from From to To, which have
// the same identity, so that what depends on it (a trigger, a column
// default) stays: a function or procedure by running To.Definition as a
// CREATE OR REPLACE statement (OR REPLACE is added to a definition that
// says CREATE FUNCTION or CREATE PROCEDURE when the statement is
// rendered; To.Definition keeps its spelling), a sequence by ALTER
// SEQUENCE with the options of To.Definition (its current value stays).
// PostgreSQL refuses CREATE OR REPLACE when the return type, the
// parameters' names, modes or defaults, or the kind change: the differ
// then plans a [DropObject] and a [CreateObject].
type ReplaceObject struct{ From, To *schema.Object }

// Replaceable reports whether a [ReplaceObject] from from to to can be
// rendered: both are sequences of the same identity whose definitions
// start with CREATE SEQUENCE, or both are functions or both procedures
// of the same identity whose definitions start with CREATE [OR REPLACE]
// FUNCTION or PROCEDURE, as their kind says. Whether a routine's
// signature and return type stay, which PostgreSQL needs to replace it,
// is not checked here: that takes parsing the definitions, which the
// differ does before it plans a replacement.
func Replaceable(from, to *schema.Object) bool {
	if from == nil || to == nil || from.ID() != to.ID() {
		return false
	}
	if from.Kind == schema.KindSequence {
		_, ok := sequenceOptions(from.Definition)
		_, ok2 := sequenceOptions(to.Definition)
		return ok && ok2
	}
	if !from.Routine() {
		return false
	}
	_, kind, ok := schema.CreateOrReplace(from.Definition)
	_, kind2, ok2 := schema.CreateOrReplace(to.Definition)
	return ok && ok2 && kind == from.Kind && kind2 == to.Kind
}

// sequenceOptions returns what follows CREATE SEQUENCE in def (the name
// and the options, which ALTER SEQUENCE takes as they are), and whether
// def starts so.
func sequenceOptions(def string) (string, bool) {
	const prefix = "CREATE SEQUENCE "
	def = strings.TrimSpace(def)
	if len(def) <= len(prefix) || !strings.EqualFold(def[:len(prefix)], prefix) {
		return "", false
	}
	return def[len(prefix):], true
}

// replaceSQL renders c (see [ReplaceObject]).
func replaceSQL(c ReplaceObject) ([]string, error) {
	if c.To == nil {
		return nil, fmt.Errorf("change: render replace object: no object")
	}
	if c.To.Kind == schema.KindSequence {
		rest, ok := sequenceOptions(c.To.Definition)
		if !ok {
			return nil, fmt.Errorf("change: render replace %s: the definition is no CREATE SEQUENCE statement", c.To.ID())
		}
		return []string{"ALTER SEQUENCE " + rest}, nil
	}
	if !c.To.Routine() {
		if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(c.To.Definition)), "CREATE OR REPLACE ") {
			return nil, fmt.Errorf("change: render replace %s: the new definition is no CREATE OR REPLACE statement", c.To.ID())
		}
		return objectSQL(c.To, true)
	}
	def, kind, ok := schema.CreateOrReplace(c.To.Definition)
	if !ok || kind != c.To.Kind {
		return nil, fmt.Errorf("change: render replace %s: the new definition is no CREATE [OR REPLACE] %s statement", c.To.ID(), strings.ToUpper(string(c.To.Kind)))
	}
	// The statement that runs says OR REPLACE; c.To keeps the
	// definition as written.
	o := *c.To
	o.Definition = def
	return objectSQL(&o, true)
}

// objectSQL renders the statement that creates or drops o.
func objectSQL(o *schema.Object, create bool) ([]string, error) {
	if o == nil {
		return nil, fmt.Errorf("change: render object change: no object")
	}
	if create {
		if o.Definition == "" {
			return nil, fmt.Errorf("change: render create %s: no definition", o.ID())
		}
		if o.Routine() {
			// As pg_dump does: a body that names a table created later
			// in the migration (the differ creates routines before
			// tables, which may use them) is checked when it runs.
			return []string{"SET LOCAL check_function_bodies = off", o.Definition}, nil
		}
		return []string{o.Definition}, nil
	}
	q := schema.QuoteQualified(schema.QualifiedName{Schema: o.Schema, Name: o.Name})
	on := func() string {
		return " ON " + schema.QuoteQualified(schema.QualifiedName{Schema: o.Schema, Name: o.Table})
	}
	switch o.Kind {
	case schema.KindExtension:
		return []string{"DROP EXTENSION " + schema.QuoteIdent(o.Name)}, nil
	case schema.KindView:
		return []string{"DROP VIEW " + q}, nil
	case schema.KindMaterializedView:
		return []string{"DROP MATERIALIZED VIEW " + q}, nil
	case schema.KindIndex:
		return []string{"DROP INDEX " + q}, nil
	case schema.KindFunction, schema.KindProcedure:
		base, args, ok := schema.SplitRoutineName(o.Name)
		if !ok {
			return nil, fmt.Errorf("change: render drop %s: the name does not end in its argument list", o.ID())
		}
		word := "FUNCTION"
		if o.Kind == schema.KindProcedure {
			word = "PROCEDURE"
		}
		return []string{"DROP " + word + " " + schema.QuoteQualified(schema.QualifiedName{Schema: o.Schema, Name: base}) + "(" + args + ")"}, nil
	case schema.KindTrigger:
		return []string{"DROP TRIGGER " + schema.QuoteIdent(o.Name) + on()}, nil
	case schema.KindPolicy:
		return []string{"DROP POLICY " + schema.QuoteIdent(o.Name) + on()}, nil
	case schema.KindRule:
		return []string{"DROP RULE " + schema.QuoteIdent(o.Name) + on()}, nil
	case schema.KindDomain:
		return []string{"DROP DOMAIN " + q}, nil
	case schema.KindCompositeType:
		return []string{"DROP TYPE " + q}, nil
	case schema.KindSequence:
		return []string{"DROP SEQUENCE " + q}, nil
	case schema.KindCollation:
		return []string{"DROP COLLATION " + q}, nil
	case schema.KindStatistics:
		return []string{"DROP STATISTICS " + q}, nil
	}
	return nil, fmt.Errorf("change: render drop %s: unknown object kind %q", o.ID(), o.Kind)
}

// object adds the SQL text of o: its definition (unless definition is
// false) and, for a function or procedure, its argument list.
func (fs *fragmentList) object(o *schema.Object, definition bool) {
	if o == nil {
		return
	}
	if definition {
		fs.add(schema.FragmentStatement, "definition of "+o.ID().String(), o.Definition)
	}
	if o.Routine() {
		if _, args, ok := schema.SplitRoutineName(o.Name); ok && args != "" {
			fs.add(schema.FragmentArguments, "arguments of "+o.ID().String(), args)
		}
	}
}

// object adds the names of o that rendering quotes: its schema, name
// (without the arguments of a routine) and table.
func (ns *nameList) object(o *schema.Object) {
	if o == nil {
		return
	}
	what := string(o.Kind)
	name := o.Name
	if o.Routine() {
		if base, _, ok := schema.SplitRoutineName(o.Name); ok {
			name = base
		}
	}
	if o.Kind != schema.KindExtension || o.Schema != "" {
		ns.add("schema of "+o.ID().String(), o.Schema)
	}
	ns.add(what, name)
	if o.Table != "" {
		ns.add("table of "+o.ID().String(), o.Table)
	}
}

// objectHazards returns the hazards of dropping o: a materialized view
// loses the rows it holds (recomputed by its query when it is created
// again), a sequence its current value, an extension the objects it
// installed and what they hold. Creating objects, and dropping the
// others, loses nothing that their definitions do not give back.
func objectHazards(o *schema.Object) []Hazard {
	if o == nil {
		return nil
	}
	switch o.Kind {
	case schema.KindMaterializedView:
		return []Hazard{{HazardDataLoss, fmt.Sprintf("dropping %s deletes the rows it holds; creating it again runs its query, which may take long and gives the rows of then, not of its last refresh.", o.ID())}}
	case schema.KindSequence:
		return []Hazard{
			{HazardDataLoss, fmt.Sprintf("dropping %s loses its current value.", o.ID())},
			{HazardIrreversibleDowngrade, fmt.Sprintf("the downgrade creates %s again from its definition: it starts over, and may hand out values already used.", o.ID())},
		}
	case schema.KindExtension:
		return []Hazard{{HazardDataLoss, fmt.Sprintf("dropping %s drops every object it installed, with the data they hold.", o.ID())}}
	}
	return nil
}

func describeObject(verb string, o *schema.Object) string {
	if o == nil {
		return verb + " object"
	}
	return verb + " " + o.ID().String()
}
