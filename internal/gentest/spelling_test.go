package gentest

import (
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// spelledBy returns a copy of cs whose old-side SQL text (what a change
// drops or alters from: AlterColumn.From, the definitions of DropColumn,
// DropTable, DropIndex and DropCheck, the old defaults of AlterEnum's
// columns) is the text that src holds for the same object, where src has
// it.
//
// The live plan takes its old side from the database, in PostgreSQL's
// spelling, wherever the models no longer hold the same text (a default
// the step changes, a column it drops); the offline plan from the
// migration files. Spelled by the database on both sides (the catalog
// for the live plan, the replayed schema canonicalized by the server for
// the offline one), the two plans must be equal: a difference that
// remains is more than spelling.
//
// The changes name objects as the plan's renames leave them; src, as they
// were before: the lookups go back through the renames.
func spelledBy(cs []change.Change, src *schema.Schema) []change.Change {
	tables := map[schema.QualifiedName]schema.QualifiedName{}
	columns := map[[2]string]string{}
	for _, c := range cs {
		switch c := c.(type) {
		case change.RenameTable:
			tables[c.To] = c.From
		case change.RenameColumn:
			columns[[2]string{c.Table.Schema + "." + c.Table.Name, c.To}] = c.From
		}
	}
	table := func(q schema.QualifiedName) (*schema.Table, bool) {
		if old, ok := tables[q]; ok {
			q = old
		}
		return src.Table(q)
	}
	col := func(q schema.QualifiedName, name string) (*schema.Column, bool) {
		t, ok := table(q)
		if !ok {
			return nil, false
		}
		if old, ok := columns[[2]string{q.Schema + "." + q.Name, name}]; ok {
			name = old
		}
		return t.Column(name)
	}
	respell := func(q schema.QualifiedName, c *schema.Column) *schema.Column {
		out := *c
		if sc, ok := col(q, c.Name); ok {
			out.Type, out.Default, out.Generated = sc.Type, sc.Default, sc.Generated
		}
		return &out
	}
	out := make([]change.Change, len(cs))
	for i, c := range cs {
		switch c := c.(type) {
		case change.AlterColumn:
			c.From = respell(c.Table, c.From)
			out[i] = c
		case change.DropColumn:
			c.Column = respell(c.Table, c.Column)
			out[i] = c
		case change.DropTable:
			t := c.Table.Clone()
			for j, tc := range t.Columns {
				t.Columns[j] = respell(t.QualifiedName(), tc)
			}
			if st, ok := table(t.QualifiedName()); ok {
				for _, ck := range t.Checks {
					if sck, ok := st.Check(ck.Name); ok {
						ck.Expr = sck.Expr
					}
				}
			}
			c.Table = t
			out[i] = c
		case change.DropIndex:
			if st, ok := table(c.Table); ok {
				if six, ok := st.Index(c.Index.Name); ok {
					ix := c.Index.Clone()
					ix.Columns, ix.Keys, ix.Where = slices.Clone(six.Columns), slices.Clone(six.Keys), six.Where
					c.Index = ix
				}
			}
			out[i] = c
		case change.DropCheck:
			if st, ok := table(c.Table); ok {
				if sck, ok := st.Check(c.Check.Name); ok {
					ck := *c.Check
					ck.Expr = sck.Expr
					c.Check = &ck
				}
			}
			out[i] = c
		case change.AlterEnum:
			cols := slices.Clone(c.Columns)
			for j, ec := range cols {
				if sc, ok := col(ec.Table, ec.Column); ok && ec.OldDefault != "" {
					cols[j].OldDefault = sc.Default
				}
			}
			c.Columns = cols
			out[i] = c
		default:
			out[i] = c
		}
	}
	return out
}
