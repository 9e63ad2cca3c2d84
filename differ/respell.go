package differ

import (
	"reflect"

	"github.com/schemagen/schemagen/schema"
)

// Respell returns a copy of live in which every piece of SQL text that
// PostgreSQL stores the same way for the model is written as the model
// writes it: column types, defaults and generation expressions, index
// definitions and check expressions.
//
// canon is model as PostgreSQL stores it (the model created in a scratch
// database and introspected), so it names the same objects as model. Diffing
// the result against model finds no false differences from PostgreSQL's
// rewriting (int4 for integer, 'x'::text for 'x', lower((email)::text) for
// lower(email)), and the changes it finds carry the model's own spelling.
//
// A live table or column that a model object says it was renamed from
// (RenamedFrom) is matched with that object, so a rename comes out as a
// rename and nothing more.
func Respell(live, canon, model *schema.Schema) *schema.Schema {
	out := live.Clone()
	models := indexModelTables(model)
	canonTables := indexTables(canon)
	for _, t := range out.Tables {
		mt, ok := models.table(t.QualifiedName())
		if !ok {
			continue
		}
		ct, ok := canonTables.table(mt.QualifiedName())
		if !ok {
			continue
		}
		for _, c := range t.Columns {
			mc, ok := modelColumn(mt, c.Name)
			if !ok {
				continue
			}
			cc, ok := ct.Column(mc.Name)
			if !ok {
				continue
			}
			if c.Type == cc.Type {
				c.Type = mc.Type
			}
			if c.Default == cc.Default {
				c.Default = mc.Default
			}
			if c.Generated == cc.Generated {
				c.Generated = mc.Generated
			}
		}
		for i, ix := range t.Indexes {
			if ci, ok := ct.Index(ix.Name); ok && reflect.DeepEqual(ix, ci) {
				if mi, ok := mt.Index(ix.Name); ok {
					t.Indexes[i] = mi.Clone()
				}
			}
		}
		for i, ck := range t.Checks {
			if cc, ok := ct.Check(ck.Name); ok && *cc == *ck {
				if mc, ok := mt.Check(ck.Name); ok {
					c := *mc
					t.Checks[i] = &c
				}
			}
		}
	}
	return out
}

// modelTables indexes the model's tables by name and by the name they
// say they were renamed from.
type modelTables struct {
	byName, byOldName tableIndex
}

// indexModelTables indexes the tables of model (none when nil); of several
// tables with the same name or the same old name, the first counts.
func indexModelTables(model *schema.Schema) modelTables {
	if model == nil {
		return modelTables{}
	}
	m := modelTables{byName: indexTables(model), byOldName: tableIndex{}}
	for _, t := range model.Tables {
		if t.RenamedFrom == (schema.QualifiedName{}) {
			continue
		}
		if _, dup := m.byOldName[t.RenamedFrom]; !dup {
			m.byOldName[t.RenamedFrom] = t
		}
	}
	return m
}

// table finds the model table named q, or the one renamed from q.
func (m modelTables) table(q schema.QualifiedName) (*schema.Table, bool) {
	if t, ok := m.byName.table(q); ok {
		return t, true
	}
	t, ok := m.byOldName[q]
	return t, ok
}

// modelColumn finds the model column named name, or the one renamed from
// name.
func modelColumn(t *schema.Table, name string) (*schema.Column, bool) {
	if c, ok := t.Column(name); ok {
		return c, true
	}
	for _, c := range t.Columns {
		if c.RenamedFrom == name {
			return c, true
		}
	}
	return nil, false
}
