package differ

import (
	"fmt"
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// renameTables turns a new table whose model says it was renamed
// (RenamedFrom) into a rename of the old one, when the old one exists in
// from and is gone from to. The hint is harmless once applied: the table
// then exists under its new name. The from copy is rewritten as if the
// rename had run, so the rest of the diff compares like with like.
func (d *differ) renameTables() {
	var renames []change.Change
	for _, t := range d.to.Tables {
		if t.RenamedFrom == (schema.QualifiedName{}) {
			continue
		}
		q := t.QualifiedName()
		if _, ok := d.fromTables.table(q); ok {
			continue
		}
		old := t.RenamedFrom
		if _, ok := d.fromTables.table(old); !ok {
			continue
		}
		if _, still := d.toTables.table(old); still {
			continue
		}
		renames = append(renames, change.RenameTable{From: old, To: q})
	}
	d.applyRenames(renames)
}

// applyRenames records renames and rewrites the from copy as if they had
// run (references and keys follow the renamed objects), by replaying them.
func (d *differ) applyRenames(renames []change.Change) {
	if len(renames) == 0 || d.err != nil {
		return
	}
	renamed, err := plan.Replay(d.from, renames)
	if err != nil {
		d.err = fmt.Errorf("differ: apply rename hints: %w", err)
		return
	}
	d.setFrom(renamed)
	d.renames = append(d.renames, renames...)
}

// columnRenames turns the new columns of to with a RenamedFrom hint into
// renames of from's columns.
func columnRenames(from, to *schema.Table) []change.Change {
	var renames []change.Change
	for _, c := range to.Columns {
		if c.RenamedFrom == "" {
			continue
		}
		if _, ok := from.Column(c.Name); ok {
			continue
		}
		if _, ok := from.Column(c.RenamedFrom); !ok {
			continue
		}
		if _, still := to.Column(c.RenamedFrom); still {
			continue
		}
		renames = append(renames, change.RenameColumn{Table: to.QualifiedName(), From: c.RenamedFrom, To: c.Name})
	}
	return renames
}

// renameConstraints renames a constraint or index whose definition is
// unchanged but whose name is new (after a table rename, say, the default
// names change with the table's), instead of dropping and creating it.
func (d *differ) renameConstraints(from, to *schema.Table) {
	q := to.QualifiedName()
	renameConstraint := func(oldName, newName string) {
		d.renames = append(d.renames, change.RenameConstraint{Table: q, From: oldName, To: newName})
	}
	taken := func(name string) bool {
		if from.PrimaryKey != nil && from.PrimaryKey.Name == name {
			return true
		}
		_, u := from.Unique(name)
		_, f := from.ForeignKey(name)
		_, c := from.Check(name)
		_, x := from.Exclusion(name)
		return u || f || c || x
	}
	if fp, tp := from.PrimaryKey, to.PrimaryKey; fp != nil && tp != nil && fp.Name != tp.Name &&
		slices.Equal(fp.Columns, tp.Columns) && !taken(tp.Name) {
		renameConstraint(fp.Name, tp.Name)
		fp.Name = tp.Name
	}
	for _, u := range to.Uniques {
		if taken(u.Name) {
			continue
		}
		for _, ou := range from.Uniques {
			if _, kept := to.Unique(ou.Name); !kept && slices.Equal(ou.Columns, u.Columns) {
				renameConstraint(ou.Name, u.Name)
				ou.Name = u.Name
				break
			}
		}
	}
	for _, fk := range to.ForeignKeys {
		if taken(fk.Name) {
			continue
		}
		for _, ofk := range from.ForeignKeys {
			if _, kept := to.ForeignKey(ofk.Name); !kept && equalForeignKey(ofk, fk) {
				renameConstraint(ofk.Name, fk.Name)
				ofk.Name = fk.Name
				break
			}
		}
	}
	for _, c := range to.Checks {
		if taken(c.Name) {
			continue
		}
		for _, oc := range from.Checks {
			if _, kept := to.Check(oc.Name); !kept && oc.Expr == c.Expr {
				renameConstraint(oc.Name, c.Name)
				oc.Name = c.Name
				break
			}
		}
	}
	for _, x := range to.Exclusions {
		if taken(x.Name) {
			continue
		}
		for _, ox := range from.Exclusions {
			if _, kept := to.Exclusion(ox.Name); !kept && ox.Definition == x.Definition && ox.Deferral() == x.Deferral() {
				renameConstraint(ox.Name, x.Name)
				ox.Name = x.Name
				break
			}
		}
	}
	for _, ix := range to.Indexes {
		if _, exists := from.Index(ix.Name); exists {
			continue
		}
		for _, oix := range from.Indexes {
			if _, kept := to.Index(oix.Name); !kept && equalIndex(oix, ix) {
				d.renames = append(d.renames, change.RenameIndex{Table: q, From: oix.Name, To: ix.Name})
				oix.Name = ix.Name
				break
			}
		}
	}
}
