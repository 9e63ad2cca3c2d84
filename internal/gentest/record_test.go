package gentest

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// opFunc returns the Upgrade or Downgrade function of a migration file
// that package emitter writes for cs: one call of the [migrate.Op] method
// that the emitter writes for each change, with the arguments it writes
// (drops by name, comments without their old text, table names as the
// op vocabulary spells them), so that what the Set records is what a
// generated file records.
func opFunc(cs []change.Change) (func(*migrate.Op), error) {
	for _, c := range cs {
		if _, ok := c.(change.RunGo); ok {
			return nil, fmt.Errorf("a Go step cannot be written to a migration file")
		}
	}
	return func(op *migrate.Op) {
		for _, c := range cs {
			callOp(op, c)
		}
	}, nil
}

// opName spells table or enum q as the emitter writes it in a migration
// file: the bare name in public (unless it holds a dot), else
// "schema.name".
func opName(q schema.QualifiedName) string {
	if q.Schema == schema.DefaultSchema && !strings.Contains(q.Name, ".") {
		return q.Name
	}
	return q.Schema + "." + q.Name
}

// literal returns c as the emitter's column literal holds it: without
// the model's hints.
func literal(c *schema.Column) *schema.Column {
	out := *c
	out.RenamedFrom, out.Pos = "", ""
	return &out
}

func callOp(op *migrate.Op, c change.Change) {
	switch c := c.(type) {
	case change.CreateSchema:
		if c.Ensure {
			op.EnsureSchema(c.Name)
			break
		}
		op.CreateSchema(c.Name)
	case change.DropSchema:
		op.DropSchema(c.Name)
	case change.CreateTable:
		t := *c.Table.Clone()
		t.Schema, t.Name, t.RenamedFrom, t.Pos = "", "", schema.QualifiedName{}, ""
		for i, col := range t.Columns {
			t.Columns[i] = literal(col)
		}
		op.CreateTableNamed(opName(c.Table.QualifiedName()), t)
	case change.DropTable:
		op.DropTable(opName(c.Table.QualifiedName()))
	case change.AddColumn:
		op.AddColumn(opName(c.Table), *literal(c.Column))
	case change.DropColumn:
		op.DropColumn(opName(c.Table), c.Column.Name)
	case change.AlterColumn:
		op.AlterColumn(opName(c.Table), *literal(c.From), *literal(c.To))
	case change.AddPrimaryKey:
		op.AddPrimaryKey(opName(c.Table), *c.PrimaryKey)
	case change.DropPrimaryKey:
		op.DropPrimaryKey(opName(c.Table), c.PrimaryKey.Name)
	case change.AddUnique:
		if c.UsingIndex {
			op.AddUniqueUsingIndex(opName(c.Table), *c.Unique)
		} else {
			op.AddUnique(opName(c.Table), *c.Unique)
		}
	case change.DropUnique:
		op.DropUnique(opName(c.Table), c.Unique.Name)
	case change.AddForeignKey:
		fk := *c.ForeignKey
		if c.NotValid {
			op.AddForeignKeyNotValid(opName(c.Table), fk)
		} else {
			op.AddForeignKey(opName(c.Table), fk)
		}
	case change.DropForeignKey:
		op.DropForeignKey(opName(c.Table), c.ForeignKey.Name)
	case change.CreateIndex:
		if c.Concurrently {
			op.CreateIndexConcurrently(opName(c.Table), *c.Index.Clone())
		} else {
			op.CreateIndex(opName(c.Table), *c.Index.Clone())
		}
	case change.DropIndex:
		if c.Concurrently {
			op.DropIndexConcurrently(opName(c.Table), c.Index.Name)
		} else {
			op.DropIndex(opName(c.Table), c.Index.Name)
		}
	case change.CreateEnum:
		e := *c.Enum.Canonical()
		e.Pos = ""
		op.CreateEnum(e)
	case change.DropEnum:
		op.DropEnum(opName(c.Enum.QualifiedName()))
	case change.AlterEnum:
		var cols []migrate.EnumColumn
		for _, col := range c.Columns {
			cols = append(cols, migrate.EnumColumn{Table: opName(col.Table), Column: col.Column, Default: col.Default, Array: col.Array, OldDefault: col.OldDefault})
		}
		if len(c.Add) > 0 || len(c.Drop) > 0 || c.AddedValuesUsed {
			add, drop := c.Delta()
			op.AlterEnumValues(opName(c.Enum), migrate.EnumDelta{Add: add, Drop: drop, AddedValuesUsed: c.AddedValuesUsed}, cols...)
		} else {
			op.AlterEnum(opName(c.Enum), c.From, c.To, cols...)
		}
	case change.OrderEnum:
		var tables []string
		for _, t := range c.Tables {
			tables = append(tables, opName(t))
		}
		op.OrderEnum(opName(c.Enum), c.Values, tables...)
	case change.AddCheck:
		if c.NotValid {
			op.AddCheckNotValid(opName(c.Table), *c.Check)
		} else {
			op.AddCheck(opName(c.Table), *c.Check)
		}
	case change.ValidateConstraint:
		op.ValidateConstraint(opName(c.Table), c.Name)
	case change.DropCheck:
		op.DropCheck(opName(c.Table), c.Check.Name)
	case change.SetTableComment:
		op.SetTableComment(opName(c.Table), c.To)
	case change.SetColumnComment:
		op.SetColumnComment(opName(c.Table), c.Column, c.To)
	case change.RenameTable:
		op.RenameTable(opName(c.From), opName(c.To))
	case change.RenameColumn:
		op.RenameColumn(opName(c.Table), c.From, c.To)
	case change.RenameIndex:
		op.RenameIndex(opName(c.Table), c.From, c.To)
	case change.RenameConstraint:
		op.RenameConstraint(opName(c.Table), c.From, c.To)
	case change.Execute:
		op.Execute(c.SQL)
	case change.RunGo:
		op.Run(c.Func)
	}
}
