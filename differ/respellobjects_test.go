package differ

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

// TestRespellObjects: a live object that the models' canonical object
// matches takes the models' identity (a function's arguments as the
// models spell them) and, where the server stores the same definition,
// the models' text; one whose definition differs keeps the live text, so
// the differ sees the difference; dependencies on a respelled function
// follow it.
func TestRespellObjects(t *testing.T) {
	t.Parallel()
	fn := func(name, def string) *schema.Object {
		return &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: name, Definition: def}
	}
	view := func(def string) *schema.Object {
		return &schema.Object{Kind: schema.KindView, Schema: "public", Name: "v", Definition: def,
			DependsOn: []schema.Dependency{{Kind: schema.KindFunction, Schema: "public", Name: "f(a integer)"}}}
	}
	model := &schema.Schema{Objects: []*schema.Object{
		fn("f(a int4)", "CREATE FUNCTION f(a int4) RETURNS int AS 'SELECT a' LANGUAGE sql"),
		{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "CREATE VIEW v AS SELECT f(1)"},
	}}
	canon := &schema.Schema{Objects: []*schema.Object{
		fn("f(a integer)", "CREATE OR REPLACE FUNCTION public.f(a integer) ... SELECT a"),
		view("CREATE VIEW public.v AS SELECT f(1) AS f"),
	}}
	for _, tc := range []struct {
		name string
		live []*schema.Object
		want []*schema.Object
	}{
		{
			name: "same",
			live: []*schema.Object{
				view("CREATE VIEW public.v AS SELECT f(1) AS f"),
				fn("f(a integer)", "CREATE OR REPLACE FUNCTION public.f(a integer) ... SELECT a"),
			},
			want: []*schema.Object{
				{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "CREATE VIEW v AS SELECT f(1)",
					DependsOn: []schema.Dependency{{Kind: schema.KindFunction, Schema: "public", Name: "f(a int4)"}}},
				fn("f(a int4)", "CREATE FUNCTION f(a int4) RETURNS int AS 'SELECT a' LANGUAGE sql"),
			},
		},
		{
			name: "changed by hand",
			live: []*schema.Object{
				fn("f(a integer)", "CREATE OR REPLACE FUNCTION public.f(a integer) ... SELECT a + 1"),
			},
			want: []*schema.Object{
				fn("f(a int4)", "CREATE OR REPLACE FUNCTION public.f(a integer) ... SELECT a + 1"),
			},
		},
		{
			name: "not the models'",
			live: []*schema.Object{fn("g()", "CREATE FUNCTION g()")},
			want: []*schema.Object{fn("g()", "CREATE FUNCTION g()")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			live := &schema.Schema{Objects: tc.live}
			before := live.Clone()
			got := Respell(live, canon, model)
			if diff := cmp.Diff(tc.want, got.Objects); diff != "" {
				t.Errorf("respelled objects (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, live); diff != "" {
				t.Errorf("Respell modified live (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRespellObjectsOtherOrder: a canon made for the same objects in
// another order (the models' canon serving the migrations replayed)
// pairs each object with its own, not with the one at its index.
func TestRespellObjectsOtherOrder(t *testing.T) {
	t.Parallel()
	view := func(name, def string) *schema.Object {
		return &schema.Object{Kind: schema.KindView, Schema: "public", Name: name, Definition: def}
	}
	proc := func(name, def string) *schema.Object {
		return &schema.Object{Kind: schema.KindProcedure, Schema: "public", Name: name, Definition: def}
	}
	canon := &schema.Schema{Objects: []*schema.Object{
		view("a", "canon a"), view("b", "canon b"), proc("p(IN x bigint)", "canon p"),
	}}
	head := &schema.Schema{Objects: []*schema.Object{
		proc("p(x bigint)", "text p"), view("b", "text b"), view("a", "text a"),
	}}
	live := &schema.Schema{Objects: []*schema.Object{
		view("a", "canon a"), view("b", "canon b"), proc("p(IN x bigint)", "canon p"),
	}}
	got := Respell(live, canon, head)
	want := []*schema.Object{view("a", "text a"), view("b", "text b"), proc("p(x bigint)", "text p")}
	if diff := cmp.Diff(want, got.Objects); diff != "" {
		t.Errorf("respelled objects (-want +got):\n%s", diff)
	}
}
