package schema

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Filter selects what comparisons hold: the include and exclude lists of
// schemagen.toml and the command-line flags. Every source of a
// comparison — a live database, the models, the migrations replayed —
// goes through the same filter, so that an object left out is neither a
// difference nor dropped. The zero value keeps everything.
//
// Patterns are globs: '*' matches any run of characters, '?' one
// character, and '\' makes the character after it literal (as in
// `\*`). Names are matched as they are, unquoted and case-sensitive.
type Filter struct {
	// Schemas lists the only schemas to compare (patterns over schema
	// names); empty compares every schema. Objects that live in no schema
	// (casts, foreign servers, publications, ...) are not affected.
	Schemas []string
	// ExcludeSchemas lists schemas to leave out, with everything in them.
	ExcludeSchemas []string
	// Exclude lists objects to leave out by qualified name,
	// "schema.name": tables, enums and other types, views, functions
	// (by name, whatever their arguments), sequences, extensions (in the
	// schema of their members), and unmanaged objects; a trigger, policy,
	// rule or attribute of a table goes with its table. A pattern without
	// a '.' names objects in public and objects that live in no schema. A
	// pattern "schema.*" leaves the schema itself out too.
	Exclude []string
}

// IsZero reports whether f keeps everything.
func (f Filter) IsZero() bool {
	return len(f.Schemas) == 0 && len(f.ExcludeSchemas) == 0 && len(f.Exclude) == 0
}

// Validate reports a malformed pattern: an empty one, one with a '\' at
// its end, or, in Exclude, one whose schema or name part is empty
// (".name", "schema.").
func (f Filter) Validate() error {
	var errs []error
	check := func(key, p string) {
		switch {
		case p == "":
			errs = append(errs, fmt.Errorf("%s: an empty pattern matches nothing", key))
		case (len(p)-len(strings.TrimRight(p, `\`)))%2 == 1: // an odd run of '\' escapes nothing
			errs = append(errs, fmt.Errorf("%s: pattern %q ends with an escape character", key, p))
		}
	}
	for _, p := range f.Schemas {
		check("schemas", p)
	}
	for _, p := range f.ExcludeSchemas {
		check("exclude_schemas", p)
	}
	for _, p := range f.Exclude {
		check("exclude", p)
		if s, n, ok := splitPattern(p); ok && (s == "" || n == "") {
			errs = append(errs, fmt.Errorf("exclude: pattern %q: want schema.name, with both parts", p))
		}
	}
	return errors.Join(errs...)
}

// splitPattern splits an Exclude pattern at its first unescaped '.'; ok
// is false for a pattern without one.
func splitPattern(p string) (schemaPart, namePart string, ok bool) {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '.':
			return p[:i], p[i+1:], true
		}
	}
	return "", p, false
}

// IncludesSchema reports whether f keeps the schema named name (and may
// keep objects in it).
func (f Filter) IncludesSchema(name string) bool {
	if len(f.Schemas) > 0 && !slices.ContainsFunc(f.Schemas, func(p string) bool { return globMatch(p, name) }) {
		return false
	}
	if slices.ContainsFunc(f.ExcludeSchemas, func(p string) bool { return globMatch(p, name) }) {
		return false
	}
	for _, p := range f.Exclude {
		if s, n, ok := splitPattern(p); ok && n == "*" && globMatch(s, name) {
			return false
		}
	}
	return true
}

// Includes reports whether f keeps the object named name in the schema
// nsp; nsp is empty for an object that lives in no schema.
func (f Filter) Includes(nsp, name string) bool {
	if nsp != "" && !f.IncludesSchema(nsp) {
		return false
	}
	for _, p := range f.Exclude {
		s, n, ok := splitPattern(p)
		switch {
		case ok && nsp != "" && globMatch(s, nsp) && globMatch(n, name):
			return false
		case !ok && (nsp == "" || nsp == DefaultSchema) && globMatch(n, name):
			return false
		}
	}
	return true
}

// Apply returns s without what f leaves out (s itself when f keeps
// everything): schemas, enums, tables, objects and unmanaged objects.
// Foreign keys that reference a table left out are kept. It never
// modifies s.
func (f Filter) Apply(s *Schema) *Schema {
	if f.IsZero() || s == nil {
		return s
	}
	kept, left := f.Split(s)
	// What the filter leaves out still depends on what it keeps: a plan
	// that drops or retypes a kept table an excluded view reads must be
	// refused, not fail on the database (see [Schema.Dependants]).
	keptObjects := map[ObjectID]bool{}
	for _, o := range kept.Objects {
		keptObjects[o.ID()] = true
	}
	for _, o := range left.Objects {
		d := o.AsDependant()
		d.DependsOn = slices.DeleteFunc(d.DependsOn, func(dep Dependency) bool {
			if dep.Kind == KindEnum {
				_, ok := kept.Enum(QualifiedName{Schema: dep.Schema, Name: dep.Name})
				return !ok
			}
			if dep.Kind != KindTable {
				return !keptObjects[dep.Object()]
			}
			_, ok := kept.Table(QualifiedName{Schema: dep.Schema, Name: dep.Name})
			return !ok
		})
		if len(d.DependsOn) > 0 {
			kept.Dependants = append(kept.Dependants, d)
		}
	}
	kept.Dependants = append(kept.Dependants, cloneUnmanaged(s.Dependants)...)
	return kept.TrimDependencies()
}

// cloneUnmanaged returns deep copies of us, nil when it is empty.
func cloneUnmanaged(us []*Unmanaged) []*Unmanaged {
	if len(us) == 0 {
		return nil
	}
	out := make([]*Unmanaged, len(us))
	for i, u := range us {
		c := *u
		c.DependsOn = slices.Clone(u.DependsOn)
		out[i] = &c
	}
	return out
}

// Split returns what f keeps of s and what it leaves out, as two schemas
// (copies; s is not modified). What is left out is what a plan must not
// touch: a plan that drops or changes a table that an object left out
// depends on (a view of a reporting schema over an application table)
// can name that object from left.
func (f Filter) Split(s *Schema) (kept, left *Schema) {
	kept, left = &Schema{}, &Schema{}
	if s == nil {
		return kept, left
	}
	pick := func(ok bool) *Schema {
		if ok {
			return kept
		}
		return left
	}
	for _, n := range s.Schemas {
		to := pick(f.IncludesSchema(n))
		to.Schemas = append(to.Schemas, n)
	}
	for n, c := range s.SchemaComments {
		to := pick(f.IncludesSchema(n))
		if to.SchemaComments == nil {
			to.SchemaComments = map[string]string{}
		}
		to.SchemaComments[n] = c
	}
	for _, e := range s.Enums {
		q := e.QualifiedName().Canonical()
		to := pick(f.Includes(q.Schema, q.Name))
		to.Enums = append(to.Enums, e)
	}
	// A partition goes with its parent, whatever its own name: planning
	// it apart (dropping it because no model names it) would act on the
	// rows of a table the filter leaves out.
	included := map[QualifiedName]bool{}
	var includes func(t *Table) bool
	includes = func(t *Table) bool {
		q := t.QualifiedName().Canonical()
		if ok, seen := included[q]; seen {
			return ok
		}
		included[q] = false // a cycle of parents keeps nothing
		ok := f.Includes(q.Schema, q.Name)
		if ok && t.PartitionOf != nil {
			if parent, found := s.Table(t.PartitionOf.Parent); found {
				ok = includes(parent)
			}
		}
		included[q] = ok
		return ok
	}
	for _, t := range s.Tables {
		to := pick(includes(t))
		to.Tables = append(to.Tables, t)
	}
	for _, o := range s.Objects {
		to := pick(f.includesObject(o))
		to.Objects = append(to.Objects, o)
	}
	for _, u := range s.Unmanaged {
		to := pick(f.Includes(u.Schema, u.Base))
		to.Unmanaged = append(to.Unmanaged, u)
	}
	return kept.Clone(), left.Clone()
}

// includesObject reports whether f keeps o: by its table for a trigger,
// policy or rule, else by its name without arguments.
func (f Filter) includesObject(o *Object) bool {
	nsp := o.Schema
	if nsp == "" && o.Kind != KindExtension {
		nsp = DefaultSchema
	}
	if o.Table != "" {
		return f.Includes(nsp, o.Table)
	}
	name := o.Name
	if base, _, ok := SplitRoutineName(name); ok && o.Routine() {
		name = base // its own name may hold a '('
	}
	return f.Includes(nsp, name)
}

// globMatch reports whether name matches the glob pattern p: '*' matches
// any run of characters (none included), '?' one character, and '\'
// makes the next character literal.
func globMatch(p, name string) bool {
	pr, nr := []rune(p), []rune(name)
	// Backtracking over the last '*' is enough for globs with '*' only.
	pi, ni := 0, 0
	star, mark := -1, 0
	for ni < len(nr) {
		if pi < len(pr) {
			switch c := pr[pi]; {
			case c == '*':
				star, mark = pi, ni
				pi++
				continue
			case c == '?':
				pi++
				ni++
				continue
			case c == '\\' && pi+1 < len(pr):
				if pr[pi+1] == nr[ni] {
					pi += 2
					ni++
					continue
				}
			case c == nr[ni]:
				pi++
				ni++
				continue
			}
		}
		if star < 0 {
			return false
		}
		pi, mark = star+1, mark+1
		ni = mark
	}
	for pi < len(pr) && pr[pi] == '*' {
		pi++
	}
	return pi == len(pr)
}
