package differ

import (
	"github.com/schemagen/schemagen/schema"
)

// objectPair is an object as a source writes it (text) and as PostgreSQL
// stores it (canon).
type objectPair struct {
	text, canon *schema.Object
}

// objectSpelling pairs the objects of text, the models or the
// migrations replayed, with those of canon, the same created on a server
// and read back (internal/shadow keeps them in text's order; a canon that
// does not, or holds no objects, pairs nothing).
func objectSpelling(text, canon *schema.Schema) []objectPair {
	if text == nil || canon == nil || len(text.Objects) != len(canon.Objects) {
		return nil
	}
	var out []objectPair
	for i, t := range text.Objects {
		c := canon.Objects[i]
		if c == nil || c.Kind != t.Kind {
			return nil
		}
		out = append(out, objectPair{text: t, canon: c})
	}
	return out
}

// respellObjects gives the objects of out, the copy of live, the
// spelling of srcs in turn, as [Respell] does for tables: a live object
// that is the object a source created (the same identity as that
// source's canonical one) takes the source's identity, since a
// function's arguments may be spelled otherwise in the source than in
// pg_get_function_identity_arguments; and, when its definition is the
// one PostgreSQL stores for the source's, the source's definition, so
// that it compares equal and what changes keeps the source's text.
// Dependencies on a function respelled so are respelled too.
func respellObjects(live, out *schema.Schema, srcs []spelling) {
	named := map[schema.Dependency]schema.Dependency{}
	for j, lo := range live.Objects {
		id, def := false, false
		for _, src := range srcs {
			for _, p := range src.objects {
				if p.canon.ID() != lo.ID() {
					continue
				}
				o := out.Objects[j]
				if !id {
					if o.Name != p.text.Name && (o.Kind == schema.KindFunction || o.Kind == schema.KindProcedure) {
						named[schema.Dependency{Kind: o.Kind, Schema: o.Schema, Name: o.Name}] = schema.Dependency{Kind: o.Kind, Schema: o.Schema, Name: p.text.Name}
					}
					o.Schema, o.Name, o.Table = p.text.Schema, p.text.Name, p.text.Table
					id = true
				}
				if !def && lo.Definition == p.canon.Definition {
					o.Definition = p.text.Definition
					def = true
				}
				break
			}
		}
	}
	if len(named) == 0 {
		return
	}
	for _, o := range out.Objects {
		for i, d := range o.DependsOn {
			if n, ok := named[d]; ok {
				o.DependsOn[i] = n
			}
		}
	}
}
