package change

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

func TestAddedValueUses(t *testing.T) {
	t.Parallel()
	pub := func(name string) schema.QualifiedName {
		return schema.QualifiedName{Schema: schema.DefaultSchema, Name: name}
	}
	addV2 := AlterEnum{Enum: pub("e1"), Add: []EnumValue{{Value: "v2"}, {Value: "v3"}}}
	rebuild := AlterEnum{Enum: pub("e1"), Add: []EnumValue{{Value: "v2"}}, Drop: []EnumValue{{Value: "v0"}}}
	oldForm := AlterEnum{Enum: pub("e1"), From: []string{"v1"}, To: []string{"v1", "v2"}}
	table := func(def string) CreateTable {
		return CreateTable{Table: &schema.Table{Schema: schema.DefaultSchema, Name: "t2",
			Columns: []*schema.Column{{Name: "id", Type: "integer"}, {Name: "c1", Type: "e1", Default: def, Nullable: true}}}}
	}
	check := func(expr string) AddCheck {
		return AddCheck{Table: pub("t1"), Check: &schema.Check{Name: "ck", Expr: expr}}
	}
	tests := []struct {
		name string
		cs   []Change
		want []AddedValueUse
	}{
		{name: "default of a new table", cs: []Change{addV2, table("'v2'::e1")}, want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}}},
		{name: "both values in a check", cs: []Change{addV2, CreateSchema{Name: "s"}, check("c1 IN ('v3', 'v2')")},
			want: []AddedValueUse{{Alter: 0, User: 2, Value: "v2"}, {Alter: 0, User: 2, Value: "v3"}}},
		{name: "index predicate", cs: []Change{addV2, CreateIndex{Table: pub("t1"), Index: &schema.Index{Name: "k", Columns: []string{"id"}, Where: "c1 <> 'v3'"}}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v3"}}},
		{name: "new default", cs: []Change{addV2, AlterColumn{Table: pub("t1"),
			From: &schema.Column{Name: "c1", Type: "e1"}, To: &schema.Column{Name: "c1", Type: "e1", Default: "'v2'"}}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}}},
		{name: "hand-written SQL", cs: []Change{addV2, Execute{SQL: "UPDATE t1 SET c1 = 'v2'; SELECT 1"}}, want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}}},
		{name: "declared effect", cs: []Change{addV2, Execute{SQL: "SELECT 1", Declared: true, Effects: Changes{check("c1 <> 'v2'")}}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}}},
		{name: "hand-written SQL that does not end uses every value", cs: []Change{addV2, Execute{SQL: "SELECT 'x"}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}, {Alter: 0, User: 1, Value: "v3"}}},
		{name: "old form", cs: []Change{oldForm, table("'v2'")}, want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}}},
		{name: "another value", cs: []Change{addV2, table("'v1'")}},
		{name: "a name", cs: []Change{addV2, check(`"v2" IS NOT NULL`)}},
		{name: "a use before the add", cs: []Change{table("'v2'"), addV2}},
		{name: "a rebuild", cs: []Change{rebuild, table("'v2'")}},
		{name: "marked already", cs: []Change{AlterEnum{Enum: pub("e1"), Add: []EnumValue{{Value: "v2"}}, AddedValuesUsed: true}, table("'v2'")}},
		{name: "Go code is not seen", cs: []Change{addV2, RunGo{}}},
		// Found by review: an array default holds the value as an
		// element; a conversion casts what the rows hold.
		{name: "array default", cs: []Change{addV2, AddColumn{Table: pub("t1"), Column: &schema.Column{Name: "c2", Type: "e1[]", Default: `'{v1,"v3"}'::e1[]`}}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v3"}}},
		{name: "conversion from text", cs: []Change{addV2, AlterColumn{Table: pub("t1"),
			From: &schema.Column{Name: "c1", Type: "text"}, To: &schema.Column{Name: "c1", Type: "e1"}}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}, {Alter: 0, User: 1, Value: "v3"}}},
		{name: "conversion to the array", cs: []Change{addV2, AlterColumn{Table: pub("t1"),
			From: &schema.Column{Name: "c1", Type: "text[]"}, To: &schema.Column{Name: "c1", Type: "e1[]"}}},
			want: []AddedValueUse{{Alter: 0, User: 1, Value: "v2"}, {Alter: 0, User: 1, Value: "v3"}}},
		{name: "a constant holding the value inside a word", cs: []Change{addV2, check("c3 <> 'av2b'")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, AddedValueUses(tc.cs)); diff != "" {
				t.Errorf("AddedValueUses (-want +got):\n%s", diff)
			}
			marked := MarkAddedValuesUsed(tc.cs)
			if AddedValueUses(marked) != nil {
				t.Errorf("uses left after MarkAddedValuesUsed: %v", AddedValueUses(marked))
			}
			for i, c := range marked {
				a, ok := c.(AlterEnum)
				if !ok {
					continue
				}
				was := tc.cs[i].(AlterEnum).AddedValuesUsed
				if want := was || len(tc.want) > 0 && tc.want[0].Alter == i; a.AddedValuesUsed != want {
					t.Errorf("change %d AddedValuesUsed = %v, want %v", i, a.AddedValuesUsed, want)
				}
			}
		})
	}
}

// TestAddedValuesUsedRebuilds: a change marked AddedValuesUsed renders
// as the rebuild, says why in its description and hazard, round-trips
// through JSON, and its reverse does not carry the mark; ReverseAll marks
// the reverse whose added values (those the upgrade drops) a later
// change of the downgrade uses.
func TestAddedValuesUsedRebuilds(t *testing.T) {
	t.Parallel()
	e1 := schema.QualifiedName{Schema: schema.DefaultSchema, Name: "e1"}
	t1 := schema.QualifiedName{Schema: schema.DefaultSchema, Name: "t1"}
	c := AlterEnum{Enum: e1, Add: []EnumValue{{Value: "v2"}}, Columns: []EnumColumn{{Table: t1, Column: "c1"}}, AddedValuesUsed: true}
	stmts, err := SQL(c)
	if err != nil || len(stmts) != 1 || !strings.HasPrefix(stmts[0], "DO $schemagen$") {
		t.Errorf("SQL = %q, %v; want the rebuild", stmts, err)
	}
	plain := c
	plain.AddedValuesUsed = false
	if stmts, _ := SQL(plain); len(stmts) != 1 || stmts[0] != `ALTER TYPE "public"."e1" ADD VALUE 'v2'` {
		t.Errorf("SQL without the mark = %q, want ADD VALUE", stmts)
	}
	if d := Describe(c); d != "alter enum e1: add v2 (rebuilt: a later change uses a value it adds)" {
		t.Errorf("Describe = %q", d)
	}
	hs := Hazards([]Change{c}, false)[0]
	if len(hs) != 1 || hs[0].Kind != HazardTableRewrite || !strings.Contains(hs[0].Message, "a later change uses a value it adds") {
		t.Errorf("hazards = %v, want a table rewrite that says why", hs)
	}
	var back Changes
	if b, err := (Changes{c}).MarshalJSON(); err != nil || back.UnmarshalJSON(b) != nil || !cmp.Equal(back, Changes{c}) {
		t.Errorf("JSON round trip = %v, %v; want %v", back, err, c)
	}
	if r, _ := Reverse(c); r.(AlterEnum).AddedValuesUsed {
		t.Errorf("Reverse kept AddedValuesUsed: %v", r)
	}

	// Upgrade: drop the check that names v2, then v2; the downgrade adds
	// v2 back, then the check.
	ck := &schema.Check{Name: "ck", Expr: "c1 <> 'v2'"}
	up := []Change{DropCheck{Table: t1, Check: ck}, AlterEnum{Enum: e1, Drop: []EnumValue{{Value: "v2"}}}}
	down, ok := ReverseAll(up)
	if !ok || len(down) != 2 || !down[0].(AlterEnum).AddedValuesUsed {
		t.Errorf("ReverseAll = %v, %v; want the value added back by a rebuild", down, ok)
	}
}
