package emitter

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// This file decides how the models say a table's keys: by the pk, unique
// and fk: options of fields where those can, by the table directives
// //schemagen:primarykey, //schemagen:unique and //schemagen:foreignkey
// (package parser's keys.go) where they cannot: a name of one's own,
// columns in an order other than the fields', several columns.

// pkByDirective reports whether t's primary key needs
// //schemagen:primarykey: its name is not TABLE_pkey, or its columns are
// not in field order.
func pkByDirective(t *schema.Table) bool {
	pk := t.PrimaryKey
	return pk != nil && (pk.Name != schema.ConstraintName(t.Name, pk.Columns, "pkey") || !inTableOrder(t, pk.Columns))
}

// uniqueByDirective reports whether the unique constraint u of t needs
// //schemagen:unique: unique options cannot name it, its columns are not
// in field order, or a column of it is also in a unique constraint that
// differs in NULLS NOT DISTINCT, which the fields say per column.
func uniqueByDirective(t *schema.Table, u *schema.Unique) bool {
	if uniqueNameProblem(u.Name) != "" || !inTableOrder(t, u.Columns) {
		return true
	}
	for _, v := range t.Uniques {
		if v != u && v.NullsNotDistinct != u.NullsNotDistinct && slices.ContainsFunc(v.Columns, func(c string) bool { return slices.Contains(u.Columns, c) }) {
			return true
		}
	}
	return false
}

// fkByTag reports whether the fk: option of a field says fk: one column,
// named TABLE_COLUMN_fkey, to a column that is alone the primary key or
// a unique constraint of the referenced table (package parser's fk:
// takes no other).
func (g *modelGen) fkByTag(t *schema.Table, fk *schema.ForeignKey) bool {
	if len(fk.Columns) != 1 || len(fk.RefColumns) != 1 || fk.Name != schema.ConstraintName(t.Name, fk.Columns, "fkey") {
		return false
	}
	rt, ok := g.s.Table(fk.Ref())
	if !ok {
		return true // refused as a reference outside the import
	}
	if pk := rt.PrimaryKey; pk != nil && slices.Equal(pk.Columns, fk.RefColumns) {
		return true
	}
	return slices.ContainsFunc(rt.Uniques, func(u *schema.Unique) bool { return slices.Equal(u.Columns, fk.RefColumns) })
}

// columnList returns cols as a key directive lists them: "(a, "B")".
func columnList(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = sqlIdent(c)
	}
	return "(" + strings.Join(out, ", ") + ")"
}

// keyColumnsProblem says why a key directive cannot list cols, or "".
func keyColumnsProblem(cols []string) string {
	for _, c := range cols {
		if msg := columnNameProblem(c); msg != "" {
			return msg
		}
	}
	return ""
}

// primaryKeyDirective returns the //schemagen:primarykey directive of
// t's primary key (without the prefix), or false after recording why
// there is none.
func (g *modelGen) primaryKeyDirective(t *schema.Table) (string, bool) {
	pk := t.PrimaryKey
	d := "primarykey "
	if pk.Name != schema.ConstraintName(t.Name, pk.Columns, "pkey") {
		if msg := objectNameProblem(pk.Name); msg != "" {
			g.problem("table %s: primary key %s: %s", t.QualifiedName(), pk.Name, msg)
			return "", false
		}
		d += pk.Name + " "
	}
	if msg := keyColumnsProblem(pk.Columns); msg != "" {
		g.problem("table %s: primary key %s: %s", t.QualifiedName(), pk.Name, msg)
		return "", false
	}
	return d + columnList(pk.Columns), true
}

// uniqueDirective returns the //schemagen:unique directive of u (without
// the prefix), or false after recording why there is none.
func (g *modelGen) uniqueDirective(t *schema.Table, u *schema.Unique) (string, bool) {
	if msg := cmp.Or(objectNameProblem(u.Name), keyColumnsProblem(u.Columns)); msg != "" {
		g.problem("table %s: unique constraint %s: %s", t.QualifiedName(), u.Name, msg)
		return "", false
	}
	d := "unique " + u.Name + " " + columnList(u.Columns)
	if u.NullsNotDistinct {
		d += " nulls not distinct"
	}
	return d, true
}

// foreignKeyDirective returns the //schemagen:foreignkey directive of fk
// (without the prefix), or false after recording why there is none.
func (g *modelGen) foreignKeyDirective(t *schema.Table, fk *schema.ForeignKey) (string, bool) {
	q := t.QualifiedName()
	if !g.tables[fk.Ref()] {
		g.problem("table %s: foreign key %s references table %s, which is not among the tables imported (a filter leaves it out?): the models declare foreign keys to model tables only; import it too, or leave out %s", q, fk.Name, fk.Ref(), q)
		return "", false
	}
	if len(fk.Columns) != len(fk.RefColumns) || len(fk.Columns) == 0 {
		g.problem("table %s: foreign key %s: %d referencing but %d referenced columns", q, fk.Name, len(fk.Columns), len(fk.RefColumns))
		return "", false
	}
	if msg := cmp.Or(objectNameProblem(fk.Name), g.tableNameProblem(fk.Ref()), keyColumnsProblem(fk.Columns), keyColumnsProblem(fk.RefColumns)); msg != "" {
		g.problem("table %s: foreign key %s: %s", q, fk.Name, msg)
		return "", false
	}
	d := fmt.Sprintf("foreignkey %s %s references %s.%s %s", fk.Name, columnList(fk.Columns), fk.RefSchema, fk.RefTable, columnList(fk.RefColumns))
	if fk.OnDelete != "" {
		d += " on delete " + strings.ToLower(fk.OnDelete)
	}
	if fk.OnUpdate != "" {
		d += " on update " + strings.ToLower(fk.OnUpdate)
	}
	return d, true
}
