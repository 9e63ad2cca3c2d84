package differ

import (
	"slices"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// enums diffs the enum types. New types are created before any table or
// column uses them and dropped types go after every column that used
// them; changed values alter the type in place (added values) or rebuild
// it, converting the columns of that type that the change keeps.
func (d *differ) enums() {
	for _, e := range d.to.Enums {
		old, ok := d.from.Enum(e.QualifiedName())
		switch {
		case !ok:
			d.createEnums = append(d.createEnums, migrate.CreateEnum{Enum: e})
		case !slices.Equal(old.Values, e.Values):
			d.alterEnums = append(d.alterEnums, migrate.AlterEnum{
				Enum: e.QualifiedName(), From: old.Values, To: e.Values, Columns: d.enumColumns(old),
			})
		}
	}
	for _, e := range d.from.Enums {
		if _, ok := d.to.Enum(e.QualifiedName()); !ok {
			d.dropEnums = append(d.dropEnums, migrate.DropEnum{Enum: e})
		}
	}
}

// enumColumns lists the columns of type e that exist before and after the
// change (after renames), with their defaults as they stand when the type
// is altered.
func (d *differ) enumColumns(e *schema.Enum) []migrate.EnumColumn {
	var cols []migrate.EnumColumn
	for _, t := range d.from.Tables {
		nt, ok := d.to.Table(t.QualifiedName())
		if !ok {
			continue
		}
		for _, c := range t.Columns {
			if c.Type != e.TypeName() {
				continue
			}
			if nc, ok := nt.Column(c.Name); !ok || nc.Generated != c.Generated {
				continue
			}
			cols = append(cols, migrate.EnumColumn{Table: t.QualifiedName().String(), Column: c.Name, Default: c.Default})
		}
	}
	return cols
}
