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

// TestRespellLive: what the models no longer hold (a default they change,
// a column, check, index or table they drop) takes the spelling of the
// migrations replayed (head) where the database holds it as the server
// spells head, so that the live plan is the offline one; the models'
// spelling wins where they hold the same, and a database that differs
// from both keeps its own.
func TestRespellLive(t *testing.T) {
	t.Parallel()
	ix := func(where string) *schema.Index {
		return &schema.Index{Name: "t_s_idx", Columns: []string{"s"}, Where: where}
	}
	// head is the migrations replayed, in their spelling; the database
	// (live, unless a case says otherwise) holds it as the server
	// spells it.
	head := db(
		tbl("t").def("n", "smallint", "-1").def("s", "text", "'x'").def("d", "smallint", "-1").
			check("t_s_check", "s <> 'y'").index(ix("s <> ''")),
		tbl("gone").def("g", "text", "'a' || 'b'").check("gone_g_check", "length(g) > 1"),
	)
	canonHead := db(
		tbl("t").def("n", "smallint", "'-1'::integer").def("s", "text", "'x'::text").def("d", "smallint", "'-1'::integer").
			check("t_s_check", "s <> 'y'::text").index(ix("s <> ''::text")),
		tbl("gone").def("g", "text", "('a'::text || 'b'::text)").check("gone_g_check", "length(g) > 1"),
	)
	// The models change n's default, keep s's (written otherwise than
	// the migrations, as the server stores it alike), drop d, the check,
	// the index and table gone.
	model := db(tbl("t").def("n", "smallint", "0").def("s", "text", "('x')"))
	canonModel := db(tbl("t").def("n", "smallint", "0").def("s", "text", "'x'::text"))
	tests := []struct {
		name string
		live *schema.Schema
		want *schema.Schema
	}{
		{
			name: "the database at the migrations",
			live: canonHead.Clone(),
			want: db(
				tbl("t").def("n", "smallint", "-1").def("s", "text", "('x')").def("d", "smallint", "-1").
					check("t_s_check", "s <> 'y'").index(ix("s <> ''")),
				tbl("gone").def("g", "text", "'a' || 'b'").check("gone_g_check", "length(g) > 1"),
			),
		},
		{
			name: "a database changed by hand keeps its spelling there",
			live: db(
				tbl("t").def("n", "smallint", "'-2'::integer").def("s", "text", "'x'::text").def("d", "smallint", "5").
					check("t_s_check", "s <> 'z'::text").index(ix("s <> ''::text")),
			),
			want: db(
				tbl("t").def("n", "smallint", "'-2'::integer").def("s", "text", "('x')").def("d", "smallint", "5").
					check("t_s_check", "s <> 'z'::text").index(ix("s <> ''")),
			),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := tc.live.Clone()
			got := differ.RespellLive(tc.live, differ.Spelling{Text: model, Canon: canonModel}, differ.Spelling{Text: head, Canon: canonHead})
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("RespellLive (-want +got):\n%s", d)
			}
			if d := cmp.Diff(before, tc.live); d != "" {
				t.Errorf("RespellLive modified live (-before +after):\n%s", d)
			}
			// Without head, it is Respell.
			if d := cmp.Diff(differ.Respell(tc.live, canonModel, model), differ.RespellLive(tc.live, differ.Spelling{Text: model, Canon: canonModel}, differ.Spelling{Text: head})); d != "" {
				t.Errorf("RespellLive without head.Canon differs from Respell (-Respell +RespellLive):\n%s", d)
			}
		})
	}
}

// TestRespellLiveRenames: the migrations replayed hold no rename hints,
// and the models' renames still match the database's objects; the plan
// is the one that diffing the migrations with the models finds.
func TestRespellLiveRenames(t *testing.T) {
	t.Parallel()
	head := db(tbl("t").def("a", "smallint", "-1").def("b", "smallint", "-1").check("t_a_check", "a > -5"))
	canonHead := db(tbl("t").def("a", "smallint", "'-1'::integer").def("b", "smallint", "'-1'::integer").check("t_a_check", "a > '-5'::integer"))
	// Table t becomes u, column a becomes c with a new default, b is
	// dropped; the check stays.
	model := db(tbl("u").renamedFrom("t").renamedCol("c", "smallint", "a").check("t_a_check", "c > -5"))
	model.Tables[0].Columns[0].Default = "0"
	canonModel := db(tbl("u").def("c", "smallint", "0").check("t_a_check", "c > '-5'::integer"))
	live := canonHead.Clone()
	got := differ.RespellLive(live, differ.Spelling{Text: model, Canon: canonModel}, differ.Spelling{Text: head, Canon: canonHead})
	want := db(tbl("t").def("a", "smallint", "-1").def("b", "smallint", "-1").check("t_a_check", "a > -5"))
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("RespellLive (-want +got):\n%s", d)
	}
	liveChanges, err := differ.Diff(got, model)
	if err != nil {
		t.Fatal(err)
	}
	offline, err := differ.Diff(head, model)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(offline, liveChanges); d != "" {
		t.Errorf("the live plan differs from the offline plan (-offline +live):\n%s", d)
	}
}
