package differ

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// NotManagedDifference is a difference between two schemas in an object
// of a kind that schemagen does not manage ([schema.Unmanaged]): never
// planned, only reported, so that "no difference" is always true.
type NotManagedDifference struct {
	// Kind and Name identify the object (see [schema.Unmanaged]).
	Kind string
	Name string
	// From and To are the object on each side; one of them is nil when
	// the object exists on one side only.
	From, To *schema.Unmanaged
}

// Where says on which side the object is: "only in from", "only in to"
// or "differs", in the words of [NotManagedDifference.Describe].
func (d NotManagedDifference) Where() string {
	switch {
	case d.To == nil:
		return "only in from"
	case d.From == nil:
		return "only in to"
	}
	return "differs"
}

// String describes d with the sides named "from" and "to", such as
// "not managed: operator public.===(integer,integer) (only in from)".
func (d NotManagedDifference) String() string {
	return d.Describe("from", "to")
}

// Describe describes d naming the sides from and to, such as "the
// database" and "the models": "not managed: operator
// public.===(integer,integer) (only in the database)", or, for an object
// on both sides, "... (differs: <from's definition> in the database,
// <to's> in the models)", showing from each the first line where they
// differ.
func (d NotManagedDifference) Describe(from, to string) string {
	head := "not managed: " + d.Kind + " " + d.Name
	switch {
	case d.To == nil:
		return head + " (only in " + from + ")"
	case d.From == nil:
		return head + " (only in " + to + ")"
	}
	a, b := firstDifference(d.From.Definition, d.To.Definition)
	return fmt.Sprintf("%s (differs: %s in %s, %s in %s)", head, a, from, b, to)
}

// firstDifference returns the first line where definitions a and b
// differ, from each, shortened by shortDef; "…" marks lines left out
// before or after.
func firstDifference(a, b string) (string, string) {
	la, lb := strings.Split(strings.TrimSpace(a), "\n"), strings.Split(strings.TrimSpace(b), "\n")
	i := 0
	for i < len(la) && i < len(lb) && strings.TrimSpace(la[i]) == strings.TrimSpace(lb[i]) {
		i++
	}
	line := func(ls []string) string {
		if i >= len(ls) {
			return "«(ends)»"
		}
		s := shortDef(strings.Join(ls[i:], "\n"))
		if i > 0 {
			s = "«… " + strings.TrimPrefix(s, "«")
		}
		return s
	}
	return line(la), line(lb)
}

// shortDef returns the first line of a definition, marked as cut when
// more follow or when it is long.
func shortDef(def string) string {
	const max = 120
	def = strings.TrimSpace(def)
	cut := false
	if i := strings.IndexByte(def, '\n'); i >= 0 {
		def, cut = strings.TrimSpace(def[:i]), true
	}
	if len(def) > max {
		r := []rune(def)
		if len(r) > max {
			def, cut = string(r[:max]), true
		}
	}
	if def == "" {
		def = "(empty)"
	}
	if cut {
		def += " …"
	}
	return "«" + def + "»"
}

// attributeOnly holds the kinds of [schema.Unmanaged] that are an
// attribute of a managed object, compared only when they are on both
// sides: on one side only, the object itself is created or dropped (and
// the models never hold them). An extension's version: CREATE EXTENSION
// installs the default version, and a later diff reports a difference.
var attributeOnly = map[string]bool{"extension version": true}

// NotManaged returns the differences between from and to in the objects
// of kinds that schemagen does not manage (their Unmanaged lists): each
// object only in from, only in to, or in both with different
// definitions, sorted by kind and name. It never modifies its inputs.
// Two objects are the same when their Kind and Name are equal; a
// duplicate on one side is compared by its first definition.
func NotManaged(from, to *schema.Schema) []NotManagedDifference {
	type key struct{ kind, name string }
	index := func(s *schema.Schema) map[key]*schema.Unmanaged {
		m := map[key]*schema.Unmanaged{}
		if s == nil {
			return m
		}
		for _, u := range s.Unmanaged {
			k := key{u.Kind, u.Name}
			if _, dup := m[k]; !dup {
				m[k] = u
			}
		}
		return m
	}
	a, b := index(from), index(to)
	var out []NotManagedDifference
	for k, u := range a {
		v, ok := b[k]
		switch {
		case !ok && attributeOnly[k.kind]:
		case !ok:
			out = append(out, NotManagedDifference{Kind: k.kind, Name: k.name, From: u})
		case u.Definition != v.Definition:
			out = append(out, NotManagedDifference{Kind: k.kind, Name: k.name, From: u, To: v})
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok && !attributeOnly[k.kind] {
			out = append(out, NotManagedDifference{Kind: k.kind, Name: k.name, To: v})
		}
	}
	slices.SortFunc(out, func(x, y NotManagedDifference) int {
		return cmp.Or(strings.Compare(x.Kind, y.Kind), strings.Compare(x.Name, y.Name))
	})
	return out
}
