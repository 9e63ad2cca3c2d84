package change

import (
	"slices"

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
// ([Fragments]), or of the SQL of an [Execute], equals the value, whatever
// the constant is compared with; text that does not read to its end uses
// every value. Go code ([RunGo]) is not seen.
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
			for _, v := range add {
				if consts[j].has(v.Value) {
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

// stringConstants returns the string constants of c's SQL fragments and,
// for an [Execute], of its SQL.
func stringConstants(c Change) *constantSet {
	s := &constantSet{values: map[string]bool{}}
	add := func(text string) {
		vals, complete := schema.StringConstants(text)
		for _, v := range vals {
			s.values[v] = true
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
