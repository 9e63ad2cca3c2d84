package schema_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

func TestFilterIncludes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		f         schema.Filter
		nsp, obj  string
		want      bool
		wantNoNsp bool // Includes("", obj)
	}{
		{name: "zero keeps all", nsp: "app", obj: "t", want: true, wantNoNsp: true},
		{name: "include list", f: schema.Filter{Schemas: []string{"app", "b*"}}, nsp: "reporting", obj: "t", want: false, wantNoNsp: true},
		{name: "include glob", f: schema.Filter{Schemas: []string{"b*"}}, nsp: "billing", obj: "t", want: true, wantNoNsp: true},
		{name: "exclude schema", f: schema.Filter{ExcludeSchemas: []string{"reporting"}}, nsp: "reporting", obj: "t", want: false, wantNoNsp: true},
		{name: "exclude qualified glob", f: schema.Filter{Exclude: []string{"public.legacy_*"}}, nsp: "public", obj: "legacy_orders", want: false, wantNoNsp: true},
		{name: "exclude qualified glob, other schema", f: schema.Filter{Exclude: []string{"public.legacy_*"}}, nsp: "app", obj: "legacy_orders", want: true, wantNoNsp: true},
		{name: "bare pattern: public and no schema", f: schema.Filter{Exclude: []string{"citext"}}, nsp: "public", obj: "citext", want: false, wantNoNsp: false},
		{name: "bare pattern: not another schema", f: schema.Filter{Exclude: []string{"citext"}}, nsp: "app", obj: "citext", want: true, wantNoNsp: false},
		{name: "schema.* excludes all in it", f: schema.Filter{Exclude: []string{"reporting.*"}}, nsp: "reporting", obj: "anything", want: false, wantNoNsp: true},
		{name: "question mark", f: schema.Filter{Exclude: []string{"public.t?"}}, nsp: "public", obj: "t1", want: false, wantNoNsp: true},
		{name: "question mark needs one", f: schema.Filter{Exclude: []string{"public.t?"}}, nsp: "public", obj: "t", want: true, wantNoNsp: true},
		{name: "escaped star is literal", f: schema.Filter{Exclude: []string{`public.a\*`}}, nsp: "public", obj: "ab", want: true, wantNoNsp: true},
		{name: "escaped star matches a star", f: schema.Filter{Exclude: []string{`public.a\*`}}, nsp: "public", obj: "a*", want: false, wantNoNsp: true},
		{name: "escaped dot in schema", f: schema.Filter{Exclude: []string{`my\.app.t`}}, nsp: "my.app", obj: "t", want: false, wantNoNsp: true},
		{name: "case-sensitive", f: schema.Filter{Exclude: []string{"public.Legacy"}}, nsp: "public", obj: "legacy", want: true, wantNoNsp: true},
		{name: "unicode", f: schema.Filter{Exclude: []string{"public.ta?le"}}, nsp: "public", obj: "taéle", want: false, wantNoNsp: true},
		{name: "star backtracks", f: schema.Filter{Exclude: []string{"public.*a*b"}}, nsp: "public", obj: "xaxaxb", want: false, wantNoNsp: true},
		{name: "star backtracks, no match", f: schema.Filter{Exclude: []string{"public.*a*b"}}, nsp: "public", obj: "xaxaxc", want: true, wantNoNsp: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.f.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got := tc.f.Includes(tc.nsp, tc.obj); got != tc.want {
				t.Errorf("Includes(%q, %q) = %v, want %v", tc.nsp, tc.obj, got, tc.want)
			}
			if got := tc.f.Includes("", tc.obj); got != tc.wantNoNsp {
				t.Errorf("Includes(\"\", %q) = %v, want %v", tc.obj, got, tc.wantNoNsp)
			}
		})
	}
}

func TestFilterValidate(t *testing.T) {
	t.Parallel()
	for _, f := range []schema.Filter{
		{Schemas: []string{""}},
		{ExcludeSchemas: []string{`a\`}},
		{ExcludeSchemas: []string{`a\\\`}},
		{Exclude: []string{".t"}},
		{Exclude: []string{"s."}},
	} {
		if err := f.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", f)
		}
	}
}

// TestFilterRoutineName: a routine is matched by its name without its
// arguments, though its name holds a '('.
func TestFilterRoutineName(t *testing.T) {
	t.Parallel()
	s := &schema.Schema{Objects: []*schema.Object{
		{Kind: schema.KindFunction, Schema: "public", Name: "odd(name(a integer)"},
		{Kind: schema.KindProcedure, Schema: "public", Name: "odd(b integer)"},
	}}
	got := schema.Filter{Exclude: []string{"public.odd(name"}}.Apply(s)
	if len(got.Objects) != 1 || got.Objects[0].Name != "odd(b integer)" {
		t.Errorf("Apply kept %v, want procedure odd(b integer) alone", got.Objects)
	}
}

func TestFilterApply(t *testing.T) {
	t.Parallel()
	s := &schema.Schema{
		Schemas:        []string{"app", "reporting"},
		SchemaComments: map[string]string{"app": "the app", "reporting": "reports"},
		Enums:          []*schema.Enum{{Schema: "public", Name: "mood"}, {Schema: "public", Name: "legacy_mood"}},
		Tables: []*schema.Table{
			{Schema: "public", Name: "users", ForeignKeys: []*schema.ForeignKey{{Name: "fk", Columns: []string{"o"}, RefSchema: "public", RefTable: "legacy_orders", RefColumns: []string{"id"}}}},
			{Schema: "public", Name: "legacy_orders"},
			{Schema: "reporting", Name: "daily"},
			{Schema: "app", Name: "x"},
			{Schema: "public", Name: "legacy_events", PartitionBy: "RANGE (at)"},
			{Schema: "app", Name: "events_2024", PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "public", Name: "legacy_events"}, Bound: "DEFAULT"}},
		},
		Objects: []*schema.Object{
			{Kind: schema.KindView, Schema: "reporting", Name: "user_names", DependsOn: []schema.Dependency{
				{Kind: schema.KindTable, Schema: "public", Name: "users", Column: "name"},
				{Kind: schema.KindTable, Schema: "public", Name: "legacy_orders"}}},
			{Kind: schema.KindExtension, Schema: "public", Name: "citext"},
			{Kind: schema.KindTrigger, Schema: "public", Table: "legacy_orders", Name: "trg"},
			{Kind: schema.KindFunction, Schema: "public", Name: "legacy_fn(a integer)"},
			{Kind: schema.KindView, Schema: "app", Name: "v"},
		},
		Unmanaged: []*schema.Unmanaged{
			{Kind: "operator", Name: "public.===(integer,integer)", Schema: "public", Base: "==="},
			{Kind: "server", Name: "srv", Base: "srv"},
			{Kind: "operator", Name: "reporting.<<<(integer,integer)", Schema: "reporting", Base: "<<<"},
		},
	}
	before := s.Clone()
	f := schema.Filter{Exclude: []string{"reporting.*", "public.legacy_*", "citext", "srv"}}
	got := f.Apply(s)
	want := &schema.Schema{
		Schemas:        []string{"app"},
		SchemaComments: map[string]string{"app": "the app"},
		Enums:          []*schema.Enum{{Schema: "public", Name: "mood"}},
		Tables: []*schema.Table{
			{Schema: "public", Name: "users", ForeignKeys: []*schema.ForeignKey{{Name: "fk", Columns: []string{"o"}, RefSchema: "public", RefTable: "legacy_orders", RefColumns: []string{"id"}}}},
			{Schema: "app", Name: "x"},
		},
		Objects:   []*schema.Object{{Kind: schema.KindView, Schema: "app", Name: "v"}},
		Unmanaged: []*schema.Unmanaged{{Kind: "operator", Name: "public.===(integer,integer)", Schema: "public", Base: "==="}},
	}
	// The excluded view still depends on a kept table: a plan must not
	// drop it from under the view (package differ refuses that).
	wantApplied := want.Clone()
	wantApplied.Dependants = []*schema.Unmanaged{{Kind: "view", Name: "reporting.user_names", DependsOn: []schema.Dependency{
		{Kind: schema.KindTable, Schema: "public", Name: "users", Column: "name"}}}}
	if diff := cmp.Diff(wantApplied, got); diff != "" {
		t.Errorf("Apply (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, s); diff != "" {
		t.Errorf("Apply modified its input (-before +after):\n%s", diff)
	}
	kept, left := f.Split(s)
	if diff := cmp.Diff(want, kept); diff != "" {
		t.Errorf("Split kept (-want +got):\n%s", diff)
	}
	if len(left.Tables) != 4 || len(left.Objects) != 4 || len(left.Unmanaged) != 2 || len(left.Enums) != 1 || len(left.Schemas) != 1 {
		t.Errorf("Split left out %+v, want the four tables, four objects, two unmanaged objects, the enum and the schema that Apply drops", left)
	}
	if (schema.Filter{}).Apply(s) != s {
		t.Error("the zero Filter's Apply does not return its input")
	}
	only := schema.Filter{Schemas: []string{"app"}}.Apply(s)
	if len(only.Tables) != 1 || only.Tables[0].Name != "x" || len(only.Unmanaged) != 1 || only.Unmanaged[0].Kind != "server" {
		t.Errorf("Schemas [app]: got tables %v and unmanaged %v, want app.x and the server", only.Tables, only.Unmanaged)
	}
}
