package change

import (
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// AddedValueUse is a use, by a change of a list, of an enum value that
// an earlier [AlterEnum] of the list adds by ALTER TYPE ... ADD VALUE.
// PostgreSQL refuses it when both run in one transaction (SQLSTATE 55P04,
// "unsafe use of new value").
type AddedValueUse struct {
	// Alter is the index in the list of the AlterEnum that adds Value.
	Alter int
	// User is the index of the later change that uses it.
	User int
	// Value is the value.
	Value string
}

// AddedValueUses returns the uses, by later changes of cs, of the values
// that each [AlterEnum] of cs adds by ALTER TYPE ... ADD VALUE (one that
// does not rebuild the type, see [AlterEnum.Rebuilds]), ordered by Alter,
// then User, then the order of the values added.
//
// It errs on the side of a use: a change uses a value when a string
// constant ([schema.StringConstants]) of one of its SQL fragments
// ([Fragments]), or of the SQL of an [Execute], equals the value or holds
// it as an element of an array, range or row literal ('{a,b}'), whatever
// the constant is compared with; text that does not read to its end uses
// every value; and a column whose type becomes the enum (or its array)
// uses every value, since its rows may hold any. Go code ([RunGo]) is not
// seen.
func AddedValueUses(cs []Change) []AddedValueUse {
	var uses []AddedValueUse
	consts := make([]*constantSet, len(cs))
	for i, c := range cs {
		a, ok := c.(AlterEnum)
		if !ok || a.Rebuilds() {
			continue
		}
		add, _ := a.Delta()
		for j := i + 1; j < len(cs); j++ {
			if consts[j] == nil {
				consts[j] = stringConstants(cs[j])
			}
			converts := convertsTo(cs[j], a.Enum)
			for _, v := range add {
				if converts || consts[j].has(v.Value) {
					uses = append(uses, AddedValueUse{Alter: i, User: j, Value: v.Value})
				}
			}
		}
	}
	return uses
}

// MarkAddedValuesUsed returns cs with AddedValuesUsed set on each
// [AlterEnum] whose added values a later change of cs uses
// ([AddedValueUses]), so that it rebuilds the type. cs is not modified:
// when it marks a change, it returns a copy.
func MarkAddedValuesUsed(cs []Change) []Change {
	uses := AddedValueUses(cs)
	if len(uses) == 0 {
		return cs
	}
	out := slices.Clone(cs)
	for _, u := range uses {
		a := out[u.Alter].(AlterEnum)
		a.AddedValuesUsed = true
		out[u.Alter] = a
	}
	return out
}

// constantSet holds the values of the string constants of a change.
type constantSet struct {
	values map[string]bool
	// any says that some text did not read to its end: it may hold any
	// value.
	any bool
}

func (s *constantSet) has(v string) bool { return s.any || s.values[v] }

// convertsTo reports whether c changes a column's type to the enum q or
// its array type: the conversion casts the values the rows hold.
func convertsTo(c Change, q schema.QualifiedName) bool {
	ac, ok := c.(AlterColumn)
	if !ok || ac.From == nil || ac.To == nil || ac.From.Type == ac.To.Type {
		return false
	}
	typ := schema.QuoteType(q)
	return ac.To.Type == typ || ac.To.Type == typ+"[]"
}

// stringConstants returns the string constants of c's SQL fragments and,
// for an [Execute], of its SQL; a constant that reads as an array, range
// or row literal gives its elements too.
func stringConstants(c Change) *constantSet {
	s := &constantSet{values: map[string]bool{}}
	add := func(text string) {
		vals, complete := schema.StringConstants(text)
		for _, v := range vals {
			s.values[v] = true
			for _, e := range literalElements(v) {
				s.values[e] = true
			}
		}
		if !complete {
			s.any = true
		}
	}
	for _, f := range Fragments(c) {
		add(f.Text)
	}
	if x, ok := c.(Execute); ok {
		add(x.SQL)
	}
	return s
}

// literalElements returns the elements of v when it reads as an array
// ('{a,"b c"}'), range ('[a,b)') or row ('(a,b)') literal, nested ones
// included: the text between separators, with double quotes and
// backslash escapes removed. Anything else gives nothing. It errs on the
// side of more elements, never fewer: a value an element equals counts
// as used.
func literalElements(v string) []string {
	t := strings.TrimSpace(v)
	if t == "" || !strings.ContainsRune("{[(", rune(t[0])) {
		return nil
	}
	var out []string
	var cur strings.Builder
	quoted, escaped := false, false
	flush := func() {
		out = append(out, cur.String(), strings.TrimSpace(cur.String()))
		cur.Reset()
	}
	for _, r := range t {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case quoted:
			cur.WriteRune(r)
		case strings.ContainsRune("{}[]()", r), r == ',':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return slices.DeleteFunc(out, func(e string) bool { return e == "" })
}
