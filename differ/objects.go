package differ

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// This file plans the objects managed by their definition
// ([schema.Object]): views, functions, triggers, policies, domains, ...
//
// Objects are compared by identity ([schema.Object.ID]) and definition.
// An object only in to is created, one only in from dropped; one whose
// definition differs is replaced in place when it is a function or
// procedure whose signature and return type stay (the parameters'
// names, types, modes and defaults, and the return type, compared on the
// parsed definitions: see [sqlcheck.SameSignature]), or a sequence
// ([change.Replaceable]), and otherwise dropped and created again.
//
// Dependency-aware plans: an object present and unchanged on both sides
// that depends (DependsOn, transitively through other objects) on a
// table the plan drops or renames, on a column it drops, renames or
// retypes (a type change, a generated column rebuilt, an enum rebuilt),
// or on an object the plan drops or rebuilds, is dropped before and
// created again after, from its definition in to.
//
// Order: an object that depends, directly or through other objects, on
// a table is created after the tables and their changes, and dropped
// before them; one that does not (a domain, a composite type, a
// sequence, a function, an extension) is created before the tables
// (which may use it) and, when the plan drops it for good, dropped after
// them. Among objects, what an object depends on is created first and
// dropped last. Functions and procedures are created with
// check_function_bodies off (see [change.SQL]), so that a body naming a
// table created later in the plan passes.
//
// What the plan cannot do is refused with an [*ObjectDependencyError]:
// dropping or changing what an object not managed (in
// [schema.Schema.Unmanaged] or [schema.Schema.Dependants] of from)
// depends on, and dropping or rebuilding a domain or composite type that
// a column the plan keeps still uses, and dropping and creating again a
// function or sequence that a column default or generation expression,
// a check constraint or an index uses (read from the live side's
// pg_depend), or dropping it while they stay.

// ObjectDependencyError reports a plan that would drop or change what
// something still depends on, which PostgreSQL refuses: each line names
// a dependant and what it depends on.
type ObjectDependencyError struct {
	Lines []string
}

// Error implements the error interface.
func (e *ObjectDependencyError) Error() string {
	return "differ: the plan drops or changes what other objects depend on, which PostgreSQL refuses; drop or change them first (or let schemagen manage them):\n\t" +
		strings.Join(e.Lines, "\n\t")
}

// affected is what the plan's table changes drop, rename or retype.
type affected struct {
	tables  map[schema.QualifiedName]string
	columns map[schema.QualifiedName]map[string]string
	enums   map[schema.QualifiedName]string
}

// of returns why the plan touches what d names ("dropped", "type
// changed", ...), or "" when it does not.
func (a affected) of(d schema.Dependency) string {
	if d.Kind == schema.KindEnum {
		return a.enums[schema.QualifiedName{Schema: d.Schema, Name: d.Name}]
	}
	if d.Kind != schema.KindTable {
		return ""
	}
	q := schema.QualifiedName{Schema: d.Schema, Name: d.Name}
	if why := a.tables[q]; why != "" {
		return why
	}
	if d.Column != "" {
		return a.columns[q][d.Column]
	}
	return ""
}

// affectedByPlan reads the changes planned for tables.
func (d *differ) affectedByPlan() affected {
	a := affected{tables: map[schema.QualifiedName]string{}, columns: map[schema.QualifiedName]map[string]string{}, enums: map[schema.QualifiedName]string{}}
	col := func(q schema.QualifiedName, name, why string) {
		if a.columns[q] == nil {
			a.columns[q] = map[string]string{}
		}
		if a.columns[q][name] == "" {
			a.columns[q][name] = why
		}
	}
	for _, phase := range [][]change.Change{d.renames, d.dropTables, d.dropColumns, d.alterColumns, d.alterEnums, d.leaveEnums} {
		for _, c := range phase {
			switch c := c.(type) {
			case change.DropTable:
				a.tables[c.Table.QualifiedName()] = "dropped"
			case change.RenameTable:
				a.tables[c.From] = "renamed"
			case change.DropColumn:
				col(c.Table, c.Column.Name, "dropped")
			case change.RenameColumn:
				col(c.Table, c.From, "renamed")
			case change.AlterColumn:
				// A collation changes by ALTER COLUMN ... TYPE too.
				if c.From.Type != c.To.Type || c.From.Collation != c.To.Collation {
					col(c.Table, c.From.Name, "type changed")
				}
			case change.AlterEnum:
				if c.Rebuilds() {
					a.enums[c.Enum] = "type rebuilt"
					for _, ec := range c.Columns {
						col(ec.Table, ec.Column, "type rebuilt")
					}
				}
			default:
				// Other changes leave what objects depend on alone.
			}
		}
	}
	return a
}

// objectSet indexes objects by identity.
type objectSet map[schema.ObjectID]*schema.Object

func indexObjects(which string, objs []*schema.Object) (objectSet, error) {
	set := objectSet{}
	for _, o := range objs {
		if _, dup := set[o.ID()]; dup {
			return nil, fmt.Errorf("differ: %s schema: duplicate %s", which, o.ID())
		}
		set[o.ID()] = o
	}
	return set, nil
}

// replaceable reports whether the differ replaces from by to in place
// (see [change.ReplaceObject]): a sequence as [change.Replaceable] says,
// a function or procedure when, also, PostgreSQL takes the CREATE OR
// REPLACE of to's definition for from, whose parameters and return type
// it keeps ([sqlcheck.SameSignature]).
func replaceable(from, to *schema.Object) bool {
	if !change.Replaceable(from, to) {
		return false
	}
	if !from.Routine() {
		return true
	}
	same, err := sqlcheck.SameSignature(from.Definition, to.Definition)
	return err == nil && same
}

// planObjects plans the objects of from (the schema as given, before
// renames) and d.to, once the tables are planned.
func (d *differ) planObjects(from *schema.Schema) error {
	fromObjs, err := indexObjects("from", from.Objects)
	if err != nil {
		return err
	}
	toObjs, err := indexObjects("to", d.to.Objects)
	if err != nil {
		return err
	}
	aff := d.affectedByPlan()

	dropped := map[schema.ObjectID]bool{} // dropped for good
	rebuilt := map[schema.ObjectID]bool{} // dropped and created again
	var replaced []change.Change
	for _, id := range sortedIDs(fromObjs) {
		f := fromObjs[id]
		t, ok := toObjs[id]
		switch {
		case !ok:
			dropped[id] = true
		case f.Definition != t.Definition:
			if replaceable(f, t) {
				replaced = append(replaced, change.ReplaceObject{From: f, To: t})
			} else {
				rebuilt[id] = true
			}
		}
	}
	// Kept objects that depend on what the plan drops, renames, retypes
	// or rebuilds are rebuilt, transitively.
	for changed := true; changed; {
		changed = false
		for _, id := range sortedIDs(fromObjs) {
			if dropped[id] || rebuilt[id] {
				continue
			}
			if _, ok := toObjs[id]; !ok {
				continue
			}
			for _, dep := range fromObjs[id].DependsOn {
				if aff.of(dep) != "" || (dep.Kind != schema.KindTable && (dropped[dep.Object()] || rebuilt[dep.Object()])) {
					rebuilt[id] = true
					changed = true
					break
				}
			}
		}
	}
	// A replaceable object that the pass above rebuilds is created again
	// from to: replacing it too would create it before the tables change.
	replaced = slices.DeleteFunc(replaced, func(c change.Change) bool {
		return rebuilt[c.(change.ReplaceObject).From.ID()]
	})
	if err := d.refuseObjectDependants(from, aff, fromObjs, dropped, rebuilt); err != nil {
		return err
	}

	// Drops: dependants first. Early (before the tables change) for an
	// object that depends on a table or is rebuilt, and for what depends
	// on an early one; late (after the tables) otherwise.
	var drops []*schema.Object
	for _, id := range sortedIDs(fromObjs) {
		if dropped[id] || rebuilt[id] {
			drops = append(drops, fromObjs[id])
		}
	}
	// A routine's identity arguments hold the arguments' names, which
	// PostgreSQL's does not: a routine dropped for one of the same name
	// created (an argument renamed) goes before the creation. So does an
	// extension dropped for one of the same name created in another
	// schema: an extension's name is the database's, not its schema's.
	created := map[string]bool{}
	for id, o := range toObjs {
		if _, kept := fromObjs[id]; !kept && (o.Routine() || o.Kind == schema.KindExtension) {
			created[sameNameKey(o)] = true
		}
	}
	early := map[schema.ObjectID]bool{}
	for _, o := range drops {
		if rebuilt[o.ID()] || onTables(o, fromObjs, map[schema.ObjectID]bool{}) ||
			((o.Routine() || o.Kind == schema.KindExtension) && created[sameNameKey(o)]) {
			early[o.ID()] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, o := range drops {
			if early[o.ID()] {
				continue
			}
			for _, dep := range o.DependsOn {
				if early[dep.Object()] {
					early[o.ID()] = true
					changed = true
					break
				}
			}
		}
	}
	for _, o := range objectOrder(drops, fromObjs, true) {
		if early[o.ID()] {
			d.dropObjects = append(d.dropObjects, change.DropObject{Object: o})
		} else {
			d.dropObjectsLate = append(d.dropObjectsLate, change.DropObject{Object: o})
		}
	}

	// Creates: dependencies first. Late for an object that depends on a
	// table, or on an enum the plan rebuilds (or on a late one), early
	// otherwise.
	var creates []*schema.Object
	for _, id := range sortedIDs(toObjs) {
		if _, kept := fromObjs[id]; !kept || rebuilt[id] {
			creates = append(creates, toObjs[id])
		}
	}
	for _, o := range objectOrder(creates, toObjs, false) {
		if onTables(o, toObjs, map[schema.ObjectID]bool{}) || onRebuiltEnum(o, toObjs, aff, map[schema.ObjectID]bool{}) {
			d.createObjectsLate = append(d.createObjectsLate, change.CreateObject{Object: o})
		} else {
			d.createObjectsEarly = append(d.createObjectsEarly, change.CreateObject{Object: o})
		}
	}
	d.createObjectsEarly = append(d.createObjectsEarly, replaced...)
	return nil
}

// sameNameKey is what two objects that cannot stand side by side share:
// the schema and name of a function or procedure, without its arguments,
// and the name of an extension, whatever its schema.
func sameNameKey(o *schema.Object) string {
	if o.Kind == schema.KindExtension {
		return "extension\x00" + o.Name
	}
	base, _, _ := schema.SplitRoutineName(o.Name)
	return o.Schema + "\x00" + base
}

// onRebuiltEnum reports whether o depends on an enum that the plan
// rebuilds, directly or through the objects of set: created again after
// the rebuild, since PostgreSQL binds it to the type's oid.
func onRebuiltEnum(o *schema.Object, set objectSet, aff affected, seen map[schema.ObjectID]bool) bool {
	if seen[o.ID()] {
		return false
	}
	seen[o.ID()] = true
	for _, dep := range o.DependsOn {
		if dep.Kind == schema.KindEnum && aff.of(dep) != "" {
			return true
		}
		if other, ok := set[dep.Object()]; ok && onRebuiltEnum(other, set, aff, seen) {
			return true
		}
	}
	return false
}

// onTables reports whether o depends on a table, directly or through the
// objects of set; views, materialized views, their indexes, statistics,
// triggers, policies and rules always do.
func onTables(o *schema.Object, set objectSet, seen map[schema.ObjectID]bool) bool {
	if seen[o.ID()] {
		return false
	}
	seen[o.ID()] = true
	switch o.Kind {
	case schema.KindTrigger, schema.KindPolicy, schema.KindRule, schema.KindView, schema.KindMaterializedView,
		schema.KindIndex, schema.KindStatistics:
		// Objects of a table or a query: with the tables, whether or not
		// their source listed the dependencies.
		return true
	}
	for _, dep := range o.DependsOn {
		if dep.Kind == schema.KindTable {
			return true
		}
		if other, ok := set[dep.Object()]; ok && onTables(other, set, seen) {
			return true
		}
	}
	return false
}

// objectOrder sorts objs so that each comes after the objects of objs
// it depends on (per set), or, with dependantsFirst, before them; ties
// and cycles go by identity.
func objectOrder(objs []*schema.Object, set objectSet, dependantsFirst bool) []*schema.Object {
	in := map[schema.ObjectID]bool{}
	for _, o := range objs {
		in[o.ID()] = true
	}
	sorted := slices.Clone(objs)
	slices.SortFunc(sorted, func(a, b *schema.Object) int { return compareIDs(a.ID(), b.ID()) })
	var out []*schema.Object
	done := map[schema.ObjectID]bool{}
	var visit func(o *schema.Object, path map[schema.ObjectID]bool)
	visit = func(o *schema.Object, path map[schema.ObjectID]bool) {
		if done[o.ID()] || path[o.ID()] {
			return
		}
		path[o.ID()] = true
		deps := slices.Clone(o.DependsOn)
		slices.SortFunc(deps, func(a, b schema.Dependency) int { return compareIDs(a.Object(), b.Object()) })
		for _, dep := range deps {
			if other, ok := set[dep.Object()]; ok && in[dep.Object()] {
				visit(other, path)
			}
		}
		// The objects that belong to a view (its indexes, triggers and
		// rules) come after it too.
		if o.Table != "" {
			for _, k := range []schema.ObjectKind{schema.KindView, schema.KindMaterializedView} {
				id := schema.ObjectID{Kind: k, Schema: o.Schema, Name: o.Table}
				if other, ok := set[id]; ok && in[id] {
					visit(other, path)
				}
			}
		}
		delete(path, o.ID())
		done[o.ID()] = true
		out = append(out, o)
	}
	for _, o := range sorted {
		visit(o, map[schema.ObjectID]bool{})
	}
	if dependantsFirst {
		slices.Reverse(out)
	}
	return out
}

func compareIDs(a, b schema.ObjectID) int {
	return strings.Compare(a.String(), b.String())
}

func sortedIDs(set objectSet) []schema.ObjectID {
	ids := make([]schema.ObjectID, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, compareIDs)
	return ids
}

// refuseObjectDependants returns an [*ObjectDependencyError] naming
// each object not managed that depends on what the plan drops or changes,
// and each column kept that uses a domain or composite type the plan drops
// or rebuilds.
func (d *differ) refuseObjectDependants(from *schema.Schema, aff affected, fromObjs objectSet, dropped, rebuilt map[schema.ObjectID]bool) error {
	var lines []string
	for _, list := range [][]*schema.Unmanaged{from.Unmanaged, from.Dependants} {
		for _, u := range list {
			if tablePartKinds[u.Kind] {
				lines = append(lines, d.refuseTablePart(from, u, aff, dropped, rebuilt)...)
				continue
			}
			for _, dep := range u.DependsOn {
				why := aff.of(dep)
				if why == "renamed" {
					continue // PostgreSQL follows a rename
				}
				if dep.Kind != schema.KindTable {
					switch {
					case dropped[dep.Object()]:
						why = "dropped"
					case rebuilt[dep.Object()]:
						why = "dropped and created again"
					}
				}
				if why != "" {
					lines = append(lines, fmt.Sprintf("%s %s (not managed) depends on %s, which the plan %s", u.Kind, u.Name, dep, planVerb(why)))
				}
			}
		}
	}
	for _, id := range sortedIDs(fromObjs) {
		if (!dropped[id] && !rebuilt[id]) || (id.Kind != schema.KindDomain && id.Kind != schema.KindCompositeType) {
			continue
		}
		typ := schema.QuoteType(schema.QualifiedName{Schema: id.Schema, Name: id.Name})
		for _, t := range from.Tables {
			for _, c := range t.Columns {
				if c.Type != typ && c.Type != typ+"[]" {
					continue
				}
				dep := schema.Dependency{Kind: schema.KindTable, Schema: t.Schema, Name: t.Name, Column: c.Name}
				if aff.of(dep) == "dropped" || aff.of(dep) == "type changed" {
					continue // the column goes, or changes type, first
				}
				lines = append(lines, fmt.Sprintf("column %s.%s uses %s, which the plan drops%s", t.QualifiedName(), c.Name, id, map[bool]string{true: " and creates again"}[rebuilt[id]]))
			}
		}
	}
	if len(lines) > 0 {
		slices.Sort(lines)
		return &ObjectDependencyError{Lines: slices.Compact(lines)}
	}
	return nil
}

// tablePartKinds are the kinds of the [schema.Schema.Dependants] that
// package catalog reads for a column default (or generation
// expression), check constraint or index using a function or sequence
// the schema holds: each depends on its table's columns and on those
// objects; Base is the check's or index's name (the column's for a
// default).
var tablePartKinds = map[string]bool{"column default": true, "check constraint": true, "index": true}

// refuseTablePart returns why the plan fails on u (see tablePartKinds),
// if it does: an object it uses is dropped and created again (before
// the tables change, while u still uses it), or dropped for good while
// u stays as it is.
func (d *differ) refuseTablePart(from *schema.Schema, u *schema.Unmanaged, aff affected, dropped, rebuilt map[schema.ObjectID]bool) []string {
	var table *schema.Dependency
	for i, dep := range u.DependsOn {
		if dep.Kind == schema.KindTable && (table == nil || dep.Column == u.Base) {
			table = &u.DependsOn[i]
		}
	}
	// kept reports whether u stays as it is: its table is neither
	// dropped nor renamed, nor its column for a default, and to holds
	// it as from does.
	kept := func() bool {
		if table == nil {
			return true
		}
		q := schema.QualifiedName{Schema: table.Schema, Name: table.Name}
		if why := aff.tables[q]; why == "dropped" || why == "renamed" {
			return false
		}
		ft, ok := from.Table(q)
		if !ok {
			return true // a table left out by a filter: it stays
		}
		tt, ok := d.to.Table(q)
		if !ok {
			return false
		}
		switch u.Kind {
		case "column default":
			if why := aff.columns[q][u.Base]; why == "dropped" || why == "renamed" {
				return false
			}
			fc, ok := ft.Column(u.Base)
			if !ok {
				return true
			}
			tc, ok := tt.Column(u.Base)
			return ok && fc.Default == tc.Default && fc.Generated == tc.Generated
		case "check constraint":
			for _, fc := range ft.Checks {
				if fc.Name != u.Base {
					continue
				}
				for _, tc := range tt.Checks {
					if tc.Name == u.Base {
						return tc.Expr == fc.Expr
					}
				}
				return false
			}
			return true
		}
		for _, ix := range tt.Indexes {
			if ix.Name == u.Base {
				return true
			}
		}
		return false
	}
	var lines []string
	for _, dep := range u.DependsOn {
		if dep.Kind == schema.KindTable {
			continue
		}
		switch {
		case rebuilt[dep.Object()]:
			lines = append(lines, fmt.Sprintf("%s %s depends on %s, which the plan drops and creates again", u.Kind, u.Name, dep))
		case dropped[dep.Object()] && kept():
			lines = append(lines, fmt.Sprintf("%s %s depends on %s, which the plan drops", u.Kind, u.Name, dep))
		}
	}
	return lines
}

func planVerb(why string) string {
	switch why {
	case "dropped":
		return "drops"
	case "type changed":
		return "changes the type of"
	case "type rebuilt":
		return "rebuilds the type of"
	case "dropped and created again":
		return "drops and creates again"
	}
	return why
}
