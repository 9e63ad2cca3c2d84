package change

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// Describe returns a one-line, human-readable summary of c, such as
// "add column users.email" or "create table billing.invoices".
func Describe(c Change) string {
	col := func(t schema.QualifiedName, name string) string { return t.String() + "." + name }
	switch c := c.(type) {
	case CreateSchema:
		if c.Ensure {
			return "ensure schema " + c.Name
		}
		return "create schema " + c.Name
	case DropSchema:
		return "drop schema " + c.Name + " if empty"
	case CreateTable:
		if c.Archive != "" {
			return "restore table " + c.Table.QualifiedName().String() + " from archive " + c.Archive
		}
		return "create table " + c.Table.QualifiedName().String() + tableKind(c.Table)
	case DropTable:
		if c.Archive != "" {
			return "drop table " + c.Table.QualifiedName().String() + " (archived to schema " + c.Archive + ")"
		}
		return "drop table " + c.Table.QualifiedName().String()
	case AddColumn:
		if c.Archive != "" {
			return "restore column " + col(c.Table, c.Column.Name) + " " + c.Column.Type + " from archive " + ArchiveSchema + "." + c.Archive
		}
		return "add column " + col(c.Table, c.Column.Name) + " " + c.Column.Type + columnTraits(c.Column)
	case DropColumn:
		if c.Archive != "" {
			return "drop column " + col(c.Table, c.Column.Name) + " (archived to " + ArchiveSchema + "." + c.Archive + ")"
		}
		return "drop column " + col(c.Table, c.Column.Name)
	case AlterColumn:
		return "alter column " + col(c.Table, c.To.Name) + ": " + columnDelta(c.From, c.To)
	case AddPrimaryKey:
		return fmt.Sprintf("add primary key %s on %s (%s)", c.PrimaryKey.Name, c.Table, strings.Join(c.PrimaryKey.Columns, ", "))
	case DropPrimaryKey:
		return fmt.Sprintf("drop primary key %s on %s", c.PrimaryKey.Name, c.Table)
	case AddUnique:
		using := ""
		if c.UsingIndex {
			using = " using its index"
		}
		if c.Unique.NullsNotDistinct {
			using = " nulls not distinct" + using
		}
		return fmt.Sprintf("add unique constraint %s on %s (%s)%s", c.Unique.Name, c.Table, strings.Join(c.Unique.Columns, ", "), using)
	case DropUnique:
		return fmt.Sprintf("drop unique constraint %s on %s", c.Unique.Name, c.Table)
	case AddForeignKey:
		return fmt.Sprintf("add foreign key %s on %s (%s) -> %s%s", c.ForeignKey.Name, c.Table, strings.Join(c.ForeignKey.Columns, ", "), c.ForeignKey.Ref(), notValidNote(c.NotValid))
	case DropForeignKey:
		return fmt.Sprintf("drop foreign key %s on %s", c.ForeignKey.Name, c.Table)
	case CreateIndex:
		keys := c.Index.Keys
		if len(keys) == 0 {
			keys = c.Index.Columns
		}
		return fmt.Sprintf("create index %s%s on %s (%s)", concurrentlyNote(c.Concurrently), c.Index.Name, c.Table, strings.Join(keys, ", "))
	case DropIndex:
		invalid := ""
		if c.Index.Invalid {
			invalid = "invalid "
		}
		return fmt.Sprintf("drop %sindex %s%s on %s", invalid, concurrentlyNote(c.Concurrently), c.Index.Name, c.Table)
	case CreateEnum:
		return fmt.Sprintf("create enum %s (%s)", c.Enum.QualifiedName(), strings.Join(c.Enum.Values, ", "))
	case DropEnum:
		return "drop enum " + c.Enum.QualifiedName().String()
	case AlterEnum:
		return describeAlterEnum(c)
	case OrderEnum:
		return describeOrderEnum(c)
	case AddCheck:
		return fmt.Sprintf("add check constraint %s on %s: %s%s", c.Check.Name, c.Table, c.Check.Expr, notValidNote(c.NotValid))
	case ValidateConstraint:
		return fmt.Sprintf("validate constraint %s on %s", c.Name, c.Table)
	case DropCheck:
		return fmt.Sprintf("drop check constraint %s on %s", c.Check.Name, c.Table)
	case SetTableComment:
		return fmt.Sprintf("set comment on table %s: %q", c.Table, c.To)
	case SetColumnComment:
		return fmt.Sprintf("set comment on column %s: %q", col(c.Table, c.Column), c.To)
	case RenameTable:
		return fmt.Sprintf("rename table %s to %s", c.From, c.To)
	case RenameColumn:
		return fmt.Sprintf("rename column %s to %s", col(c.Table, c.From), c.To)
	case RenameIndex:
		return fmt.Sprintf("rename index %s on %s to %s", c.From, c.Table, c.To)
	case RenameConstraint:
		return fmt.Sprintf("rename constraint %s on %s to %s", c.From, c.Table, c.To)
	case AddExclusion:
		return fmt.Sprintf("add exclusion constraint %s on %s: EXCLUDE %s", c.Exclusion.Name, c.Table, firstLine(c.Exclusion.Definition))
	case DropExclusion:
		return fmt.Sprintf("drop exclusion constraint %s on %s", c.Exclusion.Name, c.Table)
	case AlterConstraint:
		return fmt.Sprintf("alter constraint %s on %s: %s -> %s", c.Name, c.Table, deferralWords(c.From), deferralWords(c.To))
	case AlterTable:
		return describeAlterTable(c)
	case SetSchemaComment:
		return fmt.Sprintf("set comment on schema %s: %q", c.Schema, c.To)
	case AttachPartition:
		return fmt.Sprintf("attach partition %s to %s %s", c.Table, c.Parent, c.Bound)
	case DetachPartition:
		return fmt.Sprintf("detach partition %s from %s", c.Table, c.Parent)
	case CreateObject:
		return describeObject("create", c.Object)
	case DropObject:
		return describeObject("drop", c.Object)
	case ReplaceObject:
		return describeObject("replace", c.To)
	case Execute:
		return "execute " + firstLine(c.SQL) + declaredNote(c)
	case RunGo:
		if c.Backfill != nil {
			return "run Go code: backfill column " + col(c.Backfill.Table, c.Backfill.Column) + " (to be written)"
		}
		return "run Go code"
	}
	return fmt.Sprintf("%T", c)
}

// tableKind says, after a table's name, whether it is partitioned, a
// partition or an inheritance child.
func tableKind(t *schema.Table) string {
	var b strings.Builder
	if t.PartitionOf != nil {
		b.WriteString(" partition of " + t.PartitionOf.Parent.String() + " " + t.PartitionOf.Bound)
	}
	if len(t.Inherits) > 0 {
		parents := make([]string, len(t.Inherits))
		for i, p := range t.Inherits {
			parents[i] = p.String()
		}
		b.WriteString(" inherits " + strings.Join(parents, ", "))
	}
	if t.PartitionBy != "" {
		b.WriteString(" partition by " + t.PartitionBy)
	}
	return b.String()
}

// columnTraits says, after a column's type, what an added column holds
// for the rows a table has: " NOT NULL" unless it is nullable, and its
// default, identity or generation expression.
func columnTraits(c *schema.Column) string {
	var b strings.Builder
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
	if c.Collation != "" {
		b.WriteString(" COLLATE " + c.Collation)
	}
	switch {
	case c.Identity && c.IdentityAlways:
		b.WriteString(" GENERATED ALWAYS AS IDENTITY")
	case c.Identity:
		b.WriteString(" GENERATED BY DEFAULT AS IDENTITY")
	case c.Sequence != "":
		b.WriteString(" DEFAULT nextval(" + c.Sequence + ")")
	case c.Generated != "":
		b.WriteString(" GENERATED ALWAYS AS (" + firstLine(c.Generated) + ") STORED")
	case c.Default != "":
		b.WriteString(" DEFAULT " + firstLine(c.Default))
	}
	if c.SequenceOptions != "" {
		b.WriteString(" (sequence " + c.SequenceOptions + ")")
	}
	return b.String()
}

func notValidNote(on bool) string {
	if on {
		return " (not valid)"
	}
	return ""
}

func concurrentlyNote(on bool) string {
	if on {
		return "concurrently "
	}
	return ""
}

func columnDelta(from, to *schema.Column) string {
	var parts []string
	if from.Type != to.Type {
		parts = append(parts, fmt.Sprintf("type %s -> %s", from.Type, to.Type))
	}
	if from.Nullable != to.Nullable {
		if to.Nullable {
			parts = append(parts, "drop not null")
		} else {
			parts = append(parts, "set not null")
		}
	}
	if from.Default != to.Default {
		parts = append(parts, fmt.Sprintf("default %s -> %s", orNone(from.Default), orNone(to.Default)))
	}
	if from.Generated != to.Generated {
		parts = append(parts, fmt.Sprintf("generated %s -> %s", orNone(from.Generated), orNone(to.Generated)))
	}
	if from.Identity != to.Identity {
		if to.Identity {
			parts = append(parts, "add identity")
		} else {
			parts = append(parts, "drop identity")
		}
	}
	if from.Identity && to.Identity && from.IdentityAlways != to.IdentityAlways {
		if to.IdentityAlways {
			parts = append(parts, "set generated always")
		} else {
			parts = append(parts, "set generated by default")
		}
	}
	if from.Sequence != to.Sequence {
		parts = append(parts, fmt.Sprintf("serial sequence %s -> %s", orNone(from.Sequence), orNone(to.Sequence)))
	}
	if from.SequenceOptions != to.SequenceOptions {
		parts = append(parts, fmt.Sprintf("sequence options %s -> %s", orNone(from.SequenceOptions), orNone(to.SequenceOptions)))
	}
	if from.Collation != to.Collation {
		parts = append(parts, fmt.Sprintf("collation %s -> %s", orNone(from.Collation), orNone(to.Collation)))
	}
	if to.Using == schema.UsingPlaceholder {
		parts = append(parts, "USING expression still to be written")
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// firstLine returns the first line of s, with " …" when more follow.
// declaredNote says what an [Execute] declares: its effects, or none.
func declaredNote(c Execute) string {
	if !c.Declared {
		return ""
	}
	if len(c.Effects) == 0 {
		return " (no schema change)"
	}
	effects := make([]string, len(c.Effects))
	for i, e := range c.Effects {
		effects[i] = Describe(e)
	}
	return " (as: " + strings.Join(effects, "; ") + ")"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
