package differ_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

func TestNotManaged(t *testing.T) {
	t.Parallel()
	op := func(def string) *schema.Unmanaged {
		return &schema.Unmanaged{Kind: "operator", Name: "public.===(integer,integer)", Schema: "public", Base: "===", Definition: def}
	}
	cast := &schema.Unmanaged{Kind: "cast", Name: "(public.c AS pg_catalog.text)", Definition: "WITH INOUT AS EXPLICIT"}
	fn := &schema.Unmanaged{Kind: "aggregate", Name: `public."Sum"(integer)`, Definition: "line one\nline two"}
	tests := []struct {
		name     string
		from, to []*schema.Unmanaged
		want     []string
	}{
		{name: "nothing", want: nil},
		{name: "equal", from: []*schema.Unmanaged{op("a"), cast}, to: []*schema.Unmanaged{cast, op("a")}, want: nil},
		{name: "only in from", from: []*schema.Unmanaged{op("a")},
			want: []string{"not managed: operator public.===(integer,integer) (only in from)"}},
		{name: "only in to", to: []*schema.Unmanaged{cast},
			want: []string{"not managed: cast (public.c AS pg_catalog.text) (only in to)"}},
		{name: "definitions differ, first line only", from: []*schema.Unmanaged{op("a"), fn}, to: []*schema.Unmanaged{op("b"), {Kind: fn.Kind, Name: fn.Name}},
			want: []string{
				`not managed: aggregate public."Sum"(integer) (differs: «line one …» in from, «(empty)» in to)`,
				"not managed: operator public.===(integer,integer) (differs: «a» in from, «b» in to)",
			}},
		{name: "first differing line", from: []*schema.Unmanaged{{Kind: "function", Name: "public.f()", Definition: "CREATE FUNCTION f()\n RETURNS int\nAS $$SELECT 1$$\n"}},
			to:   []*schema.Unmanaged{{Kind: "function", Name: "public.f()", Definition: "CREATE FUNCTION f()\n RETURNS int\nAS $$SELECT 2$$"}},
			want: []string{"not managed: function public.f() (differs: «… AS $$SELECT 1$$» in from, «… AS $$SELECT 2$$» in to)"}},
		{name: "one longer", from: []*schema.Unmanaged{{Kind: "rule", Name: "r on public.t", Definition: "a\nb"}},
			to:   []*schema.Unmanaged{{Kind: "rule", Name: "r on public.t", Definition: "a"}},
			want: []string{"not managed: rule r on public.t (differs: «… b» in from, «(ends)» in to)"}},
		// An extension's version is compared when the extension is on
		// both sides; on one side only, the extension is planned (and the
		// models never hold a version: check against them stays clean).
		{name: "extension version on one side", from: []*schema.Unmanaged{{Kind: "extension version", Name: "citext", Definition: "VERSION 1.6"}}, want: nil},
		{name: "extension version differs", from: []*schema.Unmanaged{{Kind: "extension version", Name: "hstore", Definition: "VERSION 1.7"}},
			to:   []*schema.Unmanaged{{Kind: "extension version", Name: "hstore", Definition: "VERSION 1.8"}},
			want: []string{"not managed: extension version hstore (differs: «VERSION 1.7» in from, «VERSION 1.8» in to)"}},
		{name: "same name, other kind", from: []*schema.Unmanaged{{Kind: "view", Name: "public.v"}}, to: []*schema.Unmanaged{{Kind: "materialized view", Name: "public.v"}},
			want: []string{
				"not managed: materialized view public.v (only in to)",
				"not managed: view public.v (only in from)",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from, to := &schema.Schema{Unmanaged: tc.from}, &schema.Schema{Unmanaged: tc.to}
			var got []string
			for _, d := range differ.NotManaged(from, to) {
				got = append(got, d.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("NotManaged (-want +got):\n%s", diff)
			}
			// Reversed, each difference is on the other side.
			back := differ.NotManaged(to, from)
			if len(back) != len(got) {
				t.Fatalf("NotManaged(to, from) gave %d differences, want %d", len(back), len(got))
			}
			for _, d := range back {
				if d.Where() == "only in from" && d.From == nil || d.Where() == "only in to" && d.To == nil {
					t.Errorf("reversed difference %v has the wrong side", d)
				}
			}
		})
	}
	if got := differ.NotManaged(&schema.Schema{}, nil); got != nil {
		t.Errorf("NotManaged(empty, nil) = %v, want nil", got)
	}
}
