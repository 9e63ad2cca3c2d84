package change

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/schema"
)

func TestEnumDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		from, to  []string
		add, drop []EnumValue
	}{
		{name: "same", from: []string{"a", "b"}, to: []string{"a", "b"}},
		{name: "appended", from: []string{"a", "b"}, to: []string{"a", "b", "c", "d"},
			add: []EnumValue{{Value: "c"}, {Value: "d"}}},
		{name: "inserted", from: []string{"a", "b"}, to: []string{"x", "a", "y", "b"},
			add: []EnumValue{{Value: "x", Before: "a"}, {Value: "y", After: "a"}}},
		{name: "dropped", from: []string{"a", "b", "c"}, to: []string{"b"},
			drop: []EnumValue{{Value: "a", Before: "b"}, {Value: "c"}}},
		{name: "moved to the end", from: []string{"a", "b", "c"}, to: []string{"b", "c", "a"},
			add: []EnumValue{{Value: "a", After: "c"}}, drop: []EnumValue{{Value: "a", Before: "b"}}},
		{name: "reversed", from: []string{"a", "b", "c"}, to: []string{"c", "b", "a"},
			add:  []EnumValue{{Value: "b", After: "c"}, {Value: "a", After: "b"}},
			drop: []EnumValue{{Value: "a", Before: "c"}, {Value: "b", After: "a"}}},
		{name: "from none", from: nil, to: []string{"a", "b"}, add: []EnumValue{{Value: "a"}, {Value: "b"}}},
		{name: "to none", from: []string{"a", "b"}, to: []string{}, drop: []EnumValue{{Value: "a"}, {Value: "b"}}},
		{name: "replaced", from: []string{"a", "b"}, to: []string{"a", "c"},
			add: []EnumValue{{Value: "c"}}, drop: []EnumValue{{Value: "b"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			add, drop := EnumDiff(tc.from, tc.to)
			if diff := cmp.Diff(tc.add, add, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("add (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.drop, drop, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("drop (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEnumDeltaProperties checks, on seeded random lists, what replay and
// the database rely on: the delta of from and to applied to from gives to,
// its reverse applied to to gives from, and applied to from with values
// that another branch inserted anywhere, it gives to's values in to's
// order with the other branch's values kept (and none it dropped).
func TestEnumDeltaProperties(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(12, 2026))
	q := schema.QualifiedName{Schema: "public", Name: "e"}
	values := func(n int) []string {
		out := make([]string, 0, n)
		for _, i := range r.Perm(8)[:n] {
			out = append(out, strconv.Itoa(i))
		}
		return out
	}
	for range 3000 {
		from, to := values(r.IntN(7)), values(r.IntN(7))
		add, drop := EnumDiff(from, to)
		c := AlterEnum{Enum: q, Add: add, Drop: drop}
		got, err := c.Apply(from)
		if err != nil || !slices.Equal(got, to) {
			t.Fatalf("%v -> %v: delta +%v -%v gives %v, %v", from, to, add, drop, got, err)
		}
		rev, _ := Reverse(c)
		back, err := rev.(AlterEnum).Apply(to)
		if err != nil || !slices.Equal(back, from) {
			t.Fatalf("%v -> %v: the reverse gives %v, %v", from, to, back, err)
		}
		// The old form means the same.
		if old, err := (AlterEnum{Enum: q, From: from, To: to}).Apply(from); err != nil || !slices.Equal(old, to) {
			t.Fatalf("%v -> %v: the form with From and To gives %v, %v", from, to, old, err)
		}

		// Another branch added x and y somewhere.
		merged := slices.Clone(from)
		for _, v := range []string{"x", "y"} {
			merged = slices.Insert(merged, r.IntN(len(merged)+1), v)
		}
		got, err = c.Apply(merged)
		if err != nil {
			t.Fatalf("%v -> %v on %v: %v", from, to, merged, err)
		}
		mine := slices.DeleteFunc(slices.Clone(got), func(v string) bool { return v == "x" || v == "y" })
		if !slices.Equal(mine, to) || !slices.Contains(got, "x") || !slices.Contains(got, "y") || len(got) != len(to)+2 {
			t.Fatalf("%v -> %v on %v (delta +%v -%v) gives %v", from, to, merged, add, drop, got)
		}
	}
}

func TestDescribeAlterEnum(t *testing.T) {
	t.Parallel()
	q := schema.QualifiedName{Schema: "public", Name: "e"}
	for _, tc := range []struct {
		c    AlterEnum
		want string
	}{
		{AlterEnum{Enum: q, From: []string{"a"}, To: []string{"a", "b"}}, "alter enum e: (a) -> (a, b)"},
		{AlterEnum{Enum: q, Add: []EnumValue{{Value: "b", After: "a"}, {Value: "c"}}, Drop: []EnumValue{{Value: "d", Before: "a"}}},
			"alter enum e: add b after a, add c, drop d"},
	} {
		if got := Describe(tc.c); got != tc.want {
			t.Errorf("Describe = %q, want %q", got, tc.want)
		}
	}
	if !strings.Contains(Describe(AlterEnum{Enum: q, Add: []EnumValue{{Value: "b", Before: "a"}}}), "b before a") {
		t.Error("Describe leaves out a value's place")
	}
}
