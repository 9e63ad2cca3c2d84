package change

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// summaryItems is how many changes [Summary] names before "and N more".
const summaryItems = 3

// Summary returns a migration message that says what the changes do,
// for a migration written without one: the [Brief] of each change,
// leaving out those that a created table or a dropped one implies (the
// indexes, constraints and comments of a table created by the same
// changes), and repeated ones; the first three, then "and N more":
//
//	create table labels, add tasks.estimate and drop index tasks_old_idx
//	add tasks.estimate, alter tasks.title type, drop users.nick and 2 more
//
// It is empty when there are no changes.
func Summary(cs []Change) string {
	created, dropped := map[schema.QualifiedName]bool{}, map[schema.QualifiedName]bool{}
	for _, c := range cs {
		switch c := c.(type) {
		case CreateTable:
			if c.Table != nil {
				created[c.Table.QualifiedName()] = true
			}
		case DropTable:
			if c.Table != nil {
				dropped[c.Table.QualifiedName()] = true
			}
		default:
			// Only whole tables imply other changes.
		}
	}
	var items []string
	seen := map[string]bool{}
	for _, c := range cs {
		if t, drop, ok := tableOf(c); ok && ((!drop && created[t]) || (drop && dropped[t])) {
			continue
		}
		b := Brief(c)
		if seen[b] {
			continue
		}
		seen[b] = true
		items = append(items, b)
	}
	switch n := len(items); {
	case n == 0:
		return ""
	case n == 1:
		return items[0]
	case n <= summaryItems:
		return strings.Join(items[:n-1], ", ") + " and " + items[n-1]
	default:
		return fmt.Sprintf("%s and %d more", strings.Join(items[:summaryItems], ", "), n-summaryItems)
	}
}

// tableOf returns the table of a change that is part of a table's
// definition (an index, a constraint, a comment, an attached partition),
// whether it takes that part away, and whether c is such a change.
func tableOf(c Change) (t schema.QualifiedName, drop, ok bool) {
	switch c := c.(type) {
	case AddPrimaryKey:
		return c.Table, false, true
	case AddUnique:
		return c.Table, false, true
	case AddForeignKey:
		return c.Table, false, true
	case CreateIndex:
		return c.Table, false, true
	case AddCheck:
		return c.Table, false, true
	case ValidateConstraint:
		return c.Table, false, true
	case SetTableComment:
		return c.Table, false, true
	case SetColumnComment:
		return c.Table, false, true
	case AddExclusion:
		return c.Table, false, true
	case AttachPartition:
		return c.Table, false, true
	case DropPrimaryKey:
		return c.Table, true, true
	case DropUnique:
		return c.Table, true, true
	case DropForeignKey:
		return c.Table, true, true
	case DropIndex:
		return c.Table, true, true
	case DropCheck:
		return c.Table, true, true
	case DropExclusion:
		return c.Table, true, true
	case DetachPartition:
		return c.Table, true, true
	default:
		// Not a part of a table's definition.
	}
	return schema.QualifiedName{}, false, false
}

// Brief returns a few words that name what c does, shorter than
// [Describe]: "add tasks.estimate", "create table labels", "drop index
// x", "alter tasks.title type". Tables of the public schema go without
// it.
func Brief(c Change) string {
	col := func(t schema.QualifiedName, name string) string { return t.String() + "." + name }
	switch c := c.(type) {
	case CreateSchema:
		if c.Ensure {
			return "ensure schema " + c.Name
		}
		return "create schema " + c.Name
	case DropSchema:
		return "drop schema " + c.Name
	case CreateTable:
		if c.Table == nil {
			return "create table"
		}
		if c.Archive != "" {
			return "restore table " + c.Table.QualifiedName().String()
		}
		return "create table " + c.Table.QualifiedName().String()
	case DropTable:
		if c.Table == nil {
			return "drop table"
		}
		return "drop table " + c.Table.QualifiedName().String()
	case AddColumn:
		if c.Column == nil {
			return "add column to " + c.Table.String()
		}
		if c.Archive != "" {
			return "restore " + col(c.Table, c.Column.Name)
		}
		return "add " + col(c.Table, c.Column.Name)
	case DropColumn:
		if c.Column == nil {
			return "drop column of " + c.Table.String()
		}
		return "drop " + col(c.Table, c.Column.Name)
	case AlterColumn:
		if c.From == nil || c.To == nil {
			return "alter column of " + c.Table.String()
		}
		return strings.TrimSpace("alter " + col(c.Table, c.To.Name) + " " + columnAspects(c.From, c.To))
	case AddPrimaryKey:
		return "add primary key to " + c.Table.String()
	case DropPrimaryKey:
		return "drop primary key of " + c.Table.String()
	case AddUnique:
		return "add unique " + nameOr(c.Unique, func(u *schema.Unique) string { return u.Name }, c.Table)
	case DropUnique:
		return "drop unique " + nameOr(c.Unique, func(u *schema.Unique) string { return u.Name }, c.Table)
	case AddForeignKey:
		return "add foreign key " + nameOr(c.ForeignKey, func(f *schema.ForeignKey) string { return f.Name }, c.Table)
	case DropForeignKey:
		return "drop foreign key " + nameOr(c.ForeignKey, func(f *schema.ForeignKey) string { return f.Name }, c.Table)
	case CreateIndex:
		return "create index " + nameOr(c.Index, func(i *schema.Index) string { return i.Name }, c.Table)
	case DropIndex:
		return "drop index " + nameOr(c.Index, func(i *schema.Index) string { return i.Name }, c.Table)
	case CreateEnum:
		if c.Enum == nil {
			return "create enum"
		}
		return "create enum " + c.Enum.QualifiedName().String()
	case DropEnum:
		if c.Enum == nil {
			return "drop enum"
		}
		return "drop enum " + c.Enum.QualifiedName().String()
	case AlterEnum:
		return "alter enum " + c.Enum.String()
	case OrderEnum:
		return "order enum " + c.Enum.String()
	case AddCheck:
		return "add check " + nameOr(c.Check, func(k *schema.Check) string { return k.Name }, c.Table)
	case ValidateConstraint:
		return "validate " + c.Name
	case DropCheck:
		return "drop check " + nameOr(c.Check, func(k *schema.Check) string { return k.Name }, c.Table)
	case SetTableComment:
		return "comment on table " + c.Table.String()
	case SetColumnComment:
		return "comment on " + col(c.Table, c.Column)
	case RenameTable:
		return "rename table " + c.From.String() + " to " + c.To.Name
	case RenameColumn:
		return "rename " + col(c.Table, c.From) + " to " + c.To
	case RenameIndex:
		return "rename index " + c.From + " to " + c.To
	case RenameConstraint:
		return "rename constraint " + c.From + " to " + c.To
	case AddExclusion:
		return "add exclusion " + nameOr(c.Exclusion, func(x *schema.Exclusion) string { return x.Name }, c.Table)
	case DropExclusion:
		return "drop exclusion " + nameOr(c.Exclusion, func(x *schema.Exclusion) string { return x.Name }, c.Table)
	case AlterConstraint:
		return "alter constraint " + c.Name
	case AlterTable:
		return "alter table " + c.Table.String()
	case SetSchemaComment:
		return "comment on schema " + c.Schema
	case AttachPartition:
		return "attach partition " + c.Table.String()
	case DetachPartition:
		return "detach partition " + c.Table.String()
	case CreateObject:
		return describeObject("create", c.Object)
	case DropObject:
		return describeObject("drop", c.Object)
	case ReplaceObject:
		return describeObject("replace", c.To)
	case Execute:
		return "execute SQL"
	case RunGo:
		if c.Backfill != nil {
			return "backfill " + col(c.Backfill.Table, c.Backfill.Column)
		}
		return "run Go code"
	}
	return fmt.Sprintf("%T", c)
}

// nameOr returns name(p), or "on TABLE" when p is nil or has no name.
func nameOr[P any](p *P, name func(*P) string, t schema.QualifiedName) string {
	if p != nil {
		if n := name(p); n != "" {
			return n
		}
	}
	return "on " + t.String()
}

// columnAspects names what an [AlterColumn] changes: "type", "not
// null", "null", "default", "generated", "identity", "sequence",
// "collation", in that order and separated by "/" ("type/not null"), so
// that a list of changes stays readable.
func columnAspects(from, to *schema.Column) string {
	var parts []string
	if from.Type != to.Type || to.Using == schema.UsingPlaceholder {
		parts = append(parts, "type")
	}
	if from.Nullable != to.Nullable {
		if to.Nullable {
			parts = append(parts, "null")
		} else {
			parts = append(parts, "not null")
		}
	}
	if from.Default != to.Default {
		parts = append(parts, "default")
	}
	if from.Generated != to.Generated {
		parts = append(parts, "generated")
	}
	if from.Identity != to.Identity || from.IdentityAlways != to.IdentityAlways {
		parts = append(parts, "identity")
	}
	if from.Sequence != to.Sequence || from.SequenceOptions != to.SequenceOptions {
		parts = append(parts, "sequence")
	}
	if from.Collation != to.Collation {
		parts = append(parts, "collation")
	}
	return strings.Join(parts, "/")
}
