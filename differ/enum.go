package differ

import (
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// enums diffs the enum types. New types are created before any table or
// column uses them and dropped types go after every column that used
// them; changed values alter the type in place (added values) or rebuild
// it, converting the columns of that type that the change keeps.
func (d *differ) enums() {
	diffByName(d.from.Enums, d.to.Enums, byName[*schema.Enum, schema.QualifiedName]{
		name: (*schema.Enum).QualifiedName,
		drop: func(e *schema.Enum) { d.dropEnums = append(d.dropEnums, change.DropEnum{Enum: e}) },
		add:  func(e *schema.Enum) { d.createEnums = append(d.createEnums, change.CreateEnum{Enum: e}) },
		keep: func(o, n *schema.Enum) {
			if slices.Equal(o.Values, n.Values) {
				return
			}
			cols := d.enumColumns(o)
			d.alterEnums = append(d.alterEnums, change.AlterEnum{
				Enum: n.QualifiedName(), From: o.Values, To: n.Values, Columns: cols,
			})
			d.rebuildEnumDependents(cols)
		},
	})
}

// enumColumns lists the columns of type e that exist before and after the
// change (after renames), with their defaults as they stand when the type
// is altered.
func (d *differ) enumColumns(e *schema.Enum) []change.EnumColumn {
	var cols []change.EnumColumn
	typ := schema.QuoteType(e.QualifiedName()) // as column types spell it
	for _, t := range d.from.Tables {
		nt, ok := d.toTables.table(t.QualifiedName())
		if !ok {
			continue
		}
		for _, c := range t.Columns {
			array := c.Type == typ+"[]"
			if c.Type != typ && !array {
				continue
			}
			nc, ok := nt.Column(c.Name)
			if !ok || nc.Generated != c.Generated {
				continue
			}
			// The rebuild sets the column's new default itself, after the
			// type exists: a default naming a new value cannot be set
			// before, nor an old default naming a removed value after.
			cols = append(cols, change.EnumColumn{Table: t.QualifiedName(), Column: c.Name, Array: array, Default: nc.Default, OldDefault: c.Default})
			c.Default = nc.Default
		}
	}
	return cols
}

// rebuildEnumDependents drops and recreates the unchanged check
// constraints and expression or partial indexes of the tables holding
// cols: an enum rebuild (this change's or its reverse's) cannot convert a
// column while such an expression compares it with the old type.
func (d *differ) rebuildEnumDependents(cols []change.EnumColumn) {
	seen := map[schema.QualifiedName]bool{}
	for _, col := range cols {
		q := col.Table
		if seen[q] {
			continue
		}
		seen[q] = true
		from, ok1 := d.fromTables.table(q)
		to, ok2 := d.toTables.table(q)
		if !ok1 || !ok2 {
			continue
		}
		for _, c := range from.Checks {
			if nc, ok := to.Check(c.Name); ok && nc.Expr == c.Expr {
				d.dropConstraints = append(d.dropConstraints, change.DropCheck{Table: q, Check: c})
				d.addConstraints = append(d.addConstraints, change.AddCheck{Table: q, Check: nc})
			}
		}
		for _, ix := range from.Indexes {
			if ix.Where == "" && len(ix.Keys) == 0 {
				continue
			}
			if nix, ok := to.Index(ix.Name); ok && equalIndex(ix, nix) {
				d.dropIndexes = append(d.dropIndexes, change.DropIndex{Table: q, Index: ix})
				d.createIndexes = append(d.createIndexes, change.CreateIndex{Table: q, Index: nix})
			}
		}
	}
}
