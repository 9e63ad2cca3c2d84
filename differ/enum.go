package differ

import (
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// enums diffs the enum types. New types are created before any table or
// column uses them and dropped types go after every column that used
// them. Changed values alter the type by a delta ([change.EnumDiff]): the
// values it adds, each in its place, and those it drops, which the
// database applies to the values the type holds when it runs. Nothing
// else is touched for it: added values go in place (unless a later change
// uses one, which makes the change a rebuild: see [differ.plan]), and a
// rebuild sets aside and puts back itself, at run time, exactly the
// defaults, indexes and constraints that use the type (see
// [change.AlterEnum]).
func (d *differ) enums() {
	diffByName(d.from.Enums, d.to.Enums, byName[*schema.Enum, schema.QualifiedName]{
		name: (*schema.Enum).QualifiedName,
		drop: func(e *schema.Enum) { d.dropEnums = append(d.dropEnums, change.DropEnum{Enum: e}) },
		add:  func(e *schema.Enum) { d.createEnums = append(d.createEnums, change.CreateEnum{Enum: e}) },
		keep: func(o, n *schema.Enum) {
			if slices.Equal(o.Values, n.Values) {
				return
			}
			add, drop := change.EnumDiff(o.Values, n.Values)
			d.alterEnums = append(d.alterEnums, change.AlterEnum{
				Enum: n.QualifiedName(), Add: add, Drop: drop, Columns: d.enumColumns(o),
			})
		},
	})
}

// enumColumns lists the columns of type e that exist before and after the
// change (after renames) and keep the type, with their defaults as they
// stand when the type is altered.
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
			if !ok || nc.Generated != c.Generated || nc.Type != c.Type {
				// Gone, or leaving the type before the change (see
				// [differ.leavesAlteredEnum]).
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

// leavesAlteredEnum reports whether a column of type from (in d.from)
// becomes one of type to of another type, from an enum (or an array of
// one) that the diff alters. Its AlterColumn runs before the enum change
// (the leaveEnums phase): a rebuild of the type would otherwise convert
// the column too, and fail on a row that holds a value it drops, which
// the column, becoming text, say, keeps; and its new default would not
// fit the type. The downgrade, reversed, converts it back after the enum
// has its values again.
func (d *differ) leavesAlteredEnum(from, to string) bool {
	if from == to {
		return false
	}
	for _, c := range d.alterEnums {
		typ := schema.QuoteType(c.(change.AlterEnum).Enum)
		if from == typ || from == typ+"[]" {
			return true
		}
	}
	return false
}
