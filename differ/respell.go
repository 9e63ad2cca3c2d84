package differ

import "github.com/schemagen/schemagen/schema"

// Respell returns a copy of live in which each column type and default is
// written as the model writes it, wherever PostgreSQL stores the model's
// text the same way as live's.
//
// canon is model as PostgreSQL stores it (the model created in a scratch
// database and introspected), so it names the same objects as model. Diffing
// the result against model finds no false differences from PostgreSQL's
// rewriting (int4 for integer, 'x'::text for 'x'), and the changes it finds
// carry the model's own spelling.
func Respell(live, canon, model *schema.Schema) *schema.Schema {
	out := live.Clone()
	for _, t := range out.Tables {
		q := t.QualifiedName()
		ct, ok1 := canon.Table(q)
		mt, ok2 := model.Table(q)
		if !ok1 || !ok2 {
			continue
		}
		for _, c := range t.Columns {
			cc, ok1 := ct.Column(c.Name)
			mc, ok2 := mt.Column(c.Name)
			if !ok1 || !ok2 {
				continue
			}
			if c.Type == cc.Type {
				c.Type = mc.Type
			}
			if c.Default == cc.Default {
				c.Default = mc.Default
			}
		}
	}
	return out
}
