package differ_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

func TestRespell(t *testing.T) {
	t.Parallel()
	// model as written, canon as PostgreSQL stores the model.
	model := db(
		tbl("t").col("n", "integer").def("s", "text", "'x'").null("v", "varchar(10)").def("ts", "timestamptz", "now()"),
		tbl("billing.inv").col("total", "numeric(12,2)"),
	)
	canon := db(
		tbl("t").col("n", "int4").def("s", "text", "'x'::text").null("v", "character varying(10)").def("ts", "timestamptz", "now()"),
		tbl("billing.inv").col("total", "numeric(12,2)"),
	)
	tests := []struct {
		name string
		live *schema.Schema
		want *schema.Schema
		// wantNoDiff: Diff(Respell(live), model) finds nothing.
		wantNoDiff bool
	}{
		{
			name:       "same as canon takes the model's spelling",
			live:       canon.Clone(),
			want:       model.Clone(),
			wantNoDiff: true,
		},
		{
			name: "a real difference keeps the live text",
			live: db(
				tbl("t").col("n", "int8").def("s", "text", "'y'::text").null("v", "character varying(10)").def("ts", "timestamptz", "now()"),
				tbl("billing.inv").col("total", "numeric(10,2)"),
			),
			want: db(
				tbl("t").col("n", "int8").def("s", "text", "'y'::text").null("v", "varchar(10)").def("ts", "timestamptz", "now()"),
				tbl("billing.inv").col("total", "numeric(10,2)"),
			),
		},
		{
			name: "nullability is left alone",
			live: db(tbl("t").null("n", "int4")),
			want: db(tbl("t").null("n", "integer")),
		},
		{
			name: "columns and tables the model lacks are left alone",
			live: db(tbl("t").col("n", "int4").col("extra", "int4"), tbl("other").col("n", "int4")),
			want: db(tbl("t").col("n", "integer").col("extra", "int4"), tbl("other").col("n", "int4")),
		},
		{
			name: "a default only live has is kept",
			live: db(tbl("t").def("n", "int4", "0")),
			want: db(tbl("t").def("n", "integer", "0")),
		},
		{
			name: "a default only the model has is not invented",
			live: db(tbl("t").def("s", "text", "")),
			want: db(tbl("t").def("s", "text", "")),
		},
		{
			name: "empty live",
			live: db(),
			want: db(),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := tc.live.Clone()
			modelBefore, canonBefore := model.Clone(), canon.Clone()
			got := differ.Respell(tc.live, canon, model)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Respell (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tc.live); diff != "" {
				t.Errorf("Respell modified live (-before +after):\n%s", diff)
			}
			if !cmp.Equal(modelBefore, model) || !cmp.Equal(canonBefore, canon) {
				t.Errorf("Respell modified model or canon")
			}
			changes, err := differ.Diff(got, model)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantNoDiff && len(changes) != 0 {
				t.Errorf("Diff(Respell(live), model) = %v, want nothing", changes)
			}
		})
	}
}

// TestRespellKeepsValidity: a NOT VALID check and an invalid index take
// the model's text and stay half-built, so that the differ still finishes
// them.
func TestRespellKeepsValidity(t *testing.T) {
	t.Parallel()
	ix := func(key, where string) *schema.Index {
		return &schema.Index{Name: "t_lower_idx", Keys: []string{key}, Where: where}
	}
	model := db(tbl("t").col("s", "text").check("t_s_check", "s <> 'x'").index(ix("lower(s)", "s <> ''")))
	canon := db(tbl("t").col("s", "text").check("t_s_check", "s <> 'x'::text").index(ix("lower(s)", "s <> ''::text")))
	live := db(tbl("t").col("s", "text").check("t_s_check", "s <> 'x'::text").notValid().index(ix("lower(s)", "s <> ''::text")).invalid())
	want := db(tbl("t").col("s", "text").check("t_s_check", "s <> 'x'").notValid().index(ix("lower(s)", "s <> ''")).invalid())
	if d := cmp.Diff(want, differ.Respell(live, canon, model)); d != "" {
		t.Errorf("Respell (-want +got):\n%s", d)
	}
}
