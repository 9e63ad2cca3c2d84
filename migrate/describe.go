package migrate

import (
	"fmt"
	"strings"
)

// Describe returns a one-line, human-readable summary of c, such as
// "add column users.email" or "create table billing.invoices".
func Describe(c Change) string {
	col := func(t QualifiedName, name string) string { return t.String() + "." + name }
	switch c := c.(type) {
	case CreateSchema:
		return "create schema " + c.Name
	case DropSchema:
		return "drop schema " + c.Name
	case CreateTable:
		return "create table " + c.Table.QualifiedName().String()
	case DropTable:
		return "drop table " + c.Table.QualifiedName().String()
	case AddColumn:
		return "add column " + col(c.Table, c.Column.Name) + " " + c.Column.Type
	case DropColumn:
		return "drop column " + col(c.Table, c.Column.Name)
	case AlterColumn:
		return "alter column " + col(c.Table, c.To.Name) + ": " + columnDelta(c.From, c.To)
	case AddPrimaryKey:
		return fmt.Sprintf("add primary key %s on %s (%s)", c.PrimaryKey.Name, c.Table, strings.Join(c.PrimaryKey.Columns, ", "))
	case DropPrimaryKey:
		return fmt.Sprintf("drop primary key %s on %s", c.PrimaryKey.Name, c.Table)
	case AddUnique:
		return fmt.Sprintf("add unique constraint %s on %s (%s)", c.Unique.Name, c.Table, strings.Join(c.Unique.Columns, ", "))
	case DropUnique:
		return fmt.Sprintf("drop unique constraint %s on %s", c.Unique.Name, c.Table)
	case AddForeignKey:
		return fmt.Sprintf("add foreign key %s on %s (%s) -> %s", c.ForeignKey.Name, c.Table, strings.Join(c.ForeignKey.Columns, ", "), c.ForeignKey.Ref())
	case DropForeignKey:
		return fmt.Sprintf("drop foreign key %s on %s", c.ForeignKey.Name, c.Table)
	case CreateIndex:
		return fmt.Sprintf("create index %s on %s (%s)", c.Index.Name, c.Table, strings.Join(c.Index.Columns, ", "))
	case DropIndex:
		return fmt.Sprintf("drop index %s on %s", c.Index.Name, c.Table)
	case Execute:
		return "execute " + firstLine(c.SQL)
	case RunGo:
		return "run Go code"
	}
	return fmt.Sprintf("%T", c)
}

func columnDelta(from, to *Column) string {
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
	if from.Identity != to.Identity {
		if to.Identity {
			parts = append(parts, "add identity")
		} else {
			parts = append(parts, "drop identity")
		}
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
