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
// and read back. internal/shadow keeps canon's objects in the order of
// the schema it canonicalized, with the same kind, schema and table, and
// the same name but for a function's or procedure's arguments, which
// take the server's spelling; canon may also be that of another schema
// holding the same objects in another order (the models' canon serves
// the migrations replayed when they hold what the models hold). So an
// object pairs with canon's object at its index when that one is the
// same object, else with the one same object of canon (an overloaded
// routine whose arguments the server spells otherwise pairs with none);
// an object of canon with text's identity comes first.
func objectSpelling(text, canon *schema.Schema) []objectPair {
	if text == nil || canon == nil {
		return nil
	}
	byID := map[schema.ObjectID]*schema.Object{}
	for _, c := range canon.Objects {
		byID[c.ID()] = c
	}
	var out []objectPair
	for i, t := range text.Objects {
		if c, ok := byID[t.ID()]; ok {
			out = append(out, objectPair{text: t, canon: c})
			continue
		}
		if i < len(canon.Objects) && sameObject(t, canon.Objects[i]) {
			out = append(out, objectPair{text: t, canon: canon.Objects[i]})
			continue
		}
		var found *schema.Object
		n := 0
		for _, c := range canon.Objects {
			if sameObject(t, c) {
				found, n = c, n+1
			}
		}
		if n == 1 {
			out = append(out, objectPair{text: t, canon: found})
		}
	}
	return out
}

// sameObject reports whether c, an object as the server spells it, may
// be t: the same kind, schema, table and name, a routine's arguments
// aside.
func sameObject(t, c *schema.Object) bool {
	if c == nil || t.Kind != c.Kind || t.Schema != c.Schema || t.Table != c.Table {
		return false
	}
	if t.Name == c.Name {
		return true
	}
	if !t.Routine() {
		return false
	}
	tb, _, ok1 := schema.SplitRoutineName(t.Name)
	cb, _, ok2 := schema.SplitRoutineName(c.Name)
	return ok1 && ok2 && tb == cb
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
