package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// This file replays the changes of objects managed by their definition
// ([schema.Object]) as PostgreSQL applies them, where replay can tell
// from the objects' dependencies: an object is not created while
// something it depends on is missing, nor is a table, column or object
// dropped (or a column's type changed) while an object depends on it.
// The triggers, policies, rules and indexes of a table or view (objects
// whose Table names it) go with it, as PostgreSQL drops them with it.

// objectIndex returns the index in s.Objects of the object id, or -1.
func objectIndex(s *schema.Schema, id schema.ObjectID) int {
	return slices.IndexFunc(s.Objects, func(o *schema.Object) bool { return o.ID() == id })
}

// createObject adds o to s.
func createObject(s *schema.Schema, o *schema.Object) error {
	if o == nil {
		return fmt.Errorf("no object")
	}
	if objectIndex(s, o.ID()) >= 0 {
		return fmt.Errorf("%s exists", o.ID())
	}
	if err := hasSchema(s, o.Schema); err != nil {
		return err
	}
	for _, d := range o.DependsOn {
		if err := hasDependency(s, d); err != nil {
			return fmt.Errorf("%s depends on %s: %w", o.ID(), d, err)
		}
	}
	if o.Table != "" && o.Kind != schema.KindIndex {
		if !hasRelation(s, schema.QualifiedName{Schema: o.Schema, Name: o.Table}) {
			return fmt.Errorf("no table or view %s for %s", schema.QualifiedName{Schema: o.Schema, Name: o.Table}, o.ID())
		}
	}
	s.Objects = append(s.Objects, o.Clone())
	return nil
}

// replaceObject replaces the object from by to, of the same identity.
func replaceObject(s *schema.Schema, from, to *schema.Object) error {
	if from == nil || to == nil || from.ID() != to.ID() {
		return fmt.Errorf("a replacement needs two objects of the same identity")
	}
	i := objectIndex(s, to.ID())
	if i < 0 {
		return fmt.Errorf("no %s", to.ID())
	}
	for _, d := range to.DependsOn {
		if err := hasDependency(s, d); err != nil {
			return fmt.Errorf("%s depends on %s: %w", to.ID(), d, err)
		}
	}
	s.Objects[i] = to.Clone()
	return nil
}

// hasDependency returns an error when s lacks what d names.
func hasDependency(s *schema.Schema, d schema.Dependency) error {
	if d.Kind == schema.KindEnum {
		if _, ok := s.Enum(schema.QualifiedName{Schema: d.Schema, Name: d.Name}); !ok {
			return fmt.Errorf("no enum %s", schema.QualifiedName{Schema: d.Schema, Name: d.Name})
		}
		return nil
	}
	if d.Kind == schema.KindTable {
		t, err := table(s, schema.QualifiedName{Schema: d.Schema, Name: d.Name})
		if err != nil || d.Column == "" {
			return err
		}
		// A partition's or child's column may be its ancestors'.
		return hasColumns(s, t, []string{d.Column})
	}
	if objectIndex(s, d.Object()) < 0 {
		return fmt.Errorf("no %s", d.Object())
	}
	return nil
}

// hasRelation reports whether s holds a table, view or materialized
// view named q.
func hasRelation(s *schema.Schema, q schema.QualifiedName) bool {
	if _, ok := s.Table(q); ok {
		return true
	}
	return slices.ContainsFunc(s.Objects, func(o *schema.Object) bool {
		return (o.Kind == schema.KindView || o.Kind == schema.KindMaterializedView) && o.Schema == q.Schema && o.Name == q.Name
	})
}

// dropObject removes the object o names from s, with the objects that
// belong to it (those whose Table it is, for a view or materialized
// view), unless another object depends on it.
func dropObject(s *schema.Schema, o *schema.Object) error {
	if o == nil {
		return fmt.Errorf("no object")
	}
	i := objectIndex(s, o.ID())
	if i < 0 {
		return fmt.Errorf("no %s", o.ID())
	}
	id := o.ID()
	owns := id.Kind == schema.KindView || id.Kind == schema.KindMaterializedView
	q := schema.QualifiedName{Schema: id.Schema, Name: id.Name}
	var users []string
	for _, other := range s.Objects {
		if owns && other.Table == q.Name && other.Schema == q.Schema {
			continue
		}
		for _, d := range other.DependsOn {
			if d.Object() == id {
				users = append(users, other.ID().String())
				break
			}
		}
	}
	if len(users) > 0 {
		return fmt.Errorf("cannot drop %s because other objects depend on it: %s", id, strings.Join(users, ", "))
	}
	s.Objects = slices.Delete(s.Objects, i, i+1)
	if owns {
		dropOwned(s, q)
	}
	return nil
}

// dropOwned removes the objects that belong to the table or view q:
// its triggers, policies, rules and indexes.
func dropOwned(s *schema.Schema, q schema.QualifiedName) {
	s.Objects = slices.DeleteFunc(s.Objects, func(o *schema.Object) bool { return o.Table == q.Name && o.Schema == q.Schema })
}

// refuseDependants returns an error naming the objects that depend on
// table q (on its column col, when col is set), other than those that
// belong to q when the whole table goes (col empty): what PostgreSQL
// refuses to what (a verb phrase).
func refuseDependants(s *schema.Schema, q schema.QualifiedName, col, what string) error {
	var users []string
	for _, o := range s.Objects {
		if col == "" && o.Table == q.Name && o.Schema == q.Schema {
			continue
		}
		for _, d := range o.DependsOn {
			if d.Kind == schema.KindTable && d.Schema == q.Schema && d.Name == q.Name && (col == "" || d.Column == col) {
				users = append(users, o.ID().String())
				break
			}
		}
	}
	if len(users) == 0 {
		return nil
	}
	target := "table " + q.String()
	if col != "" {
		target = "column " + q.String() + "." + col
	}
	return fmt.Errorf("cannot %s %s because other objects depend on it: %s", strings.TrimSuffix(strings.TrimSuffix(what, " column"), " table"), target, strings.Join(users, ", "))
}

// renameInObjects follows a table renamed from from to to, or (with
// fromCol set) a column of table from renamed from fromCol to toCol, in
// the dependencies of the objects of s and the tables of its triggers,
// policies and rules. The definitions keep their text: PostgreSQL keeps
// views and triggers as trees and prints the new names, so a replayed
// definition may differ from the database's until the object is next
// created.
func renameInObjects(s *schema.Schema, from, to schema.QualifiedName, fromCol, toCol string) {
	for _, o := range s.Objects {
		if fromCol == "" && o.Table == from.Name && o.Schema == from.Schema {
			o.Schema, o.Table = to.Schema, to.Name
		}
		for i := range o.DependsOn {
			d := &o.DependsOn[i]
			if d.Kind != schema.KindTable || d.Schema != from.Schema || d.Name != from.Name {
				continue
			}
			if fromCol == "" {
				d.Schema, d.Name = to.Schema, to.Name
			} else if d.Column == fromCol {
				d.Column = toCol
			}
		}
	}
}
