package differ_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// column adds c to the table.
func (b *tb) column(c *schema.Column) *tb {
	b.t.Columns = append(b.t.Columns, c)
	return b
}

// TestLiveColumnAttributes: identity kinds and options, serial columns
// and their sequences, collations and NULLS NOT DISTINCT, planned from
// models against a live database (read by catalog, canonicalized by the
// shadow database) and against replayed migrations: both plans agree,
// apply, leave nothing to plan, and reverse. A renamed table's serial
// sequence is renamed with it.
func TestLiveColumnAttributes(t *testing.T) {
	t.Parallel()
	serial := func(table, col, typ string) *schema.Column {
		return &schema.Column{Name: col, Type: typ, Sequence: schema.SerialSequenceName(table, col)}
	}
	tests := []struct {
		name   string
		v1, v2 *schema.Schema
		rows   string          // inserted into v1
		want   []change.Change // nil: not checked
	}{
		{
			name: "table renamed: its serial sequence follows",
			v1:   db(tbl("widgets").column(serial("widgets", "id", "integer")).null("n", "text").pk("id")),
			v2:   db(tbl("gadgets").column(serial("gadgets", "id", "integer")).null("n", "text").pk("id").renamedFrom("widgets")),
			rows: `INSERT INTO widgets (n) VALUES ('a'), ('b')`,
			want: []change.Change{
				change.RenameTable{From: qn("widgets"), To: qn("gadgets")},
				change.RenameConstraint{Table: qn("gadgets"), From: "widgets_pkey", To: "gadgets_pkey"},
				change.AlterColumn{Table: qn("gadgets"), From: serial("widgets", "id", "integer"), To: serial("gadgets", "id", "integer")},
			},
		},
		{
			name: "every attribute changes",
			v1: db(tbl("t").ident("id", "bigint").col("n", "integer").null("code", "text").null("label", "text").pk("id").
				uniqNamed("t_label_key", "label").
				index(&schema.Index{Name: "t_code_idx", Columns: []string{"code"}, Unique: true})),
			v2: db(tbl("t").column(&schema.Column{Name: "id", Type: "bigint", Identity: true, IdentityAlways: true, SequenceOptions: "INCREMENT 10 START 100"}).
				column(&schema.Column{Name: "n", Type: "integer", Sequence: "t_n_seq", SequenceOptions: "CACHE 5"}).
				column(&schema.Column{Name: "code", Type: "text", Nullable: true, Collation: `"C"`}).
				column(&schema.Column{Name: "label", Type: "text", Nullable: true, Collation: `"POSIX"`}).
				column(serial("t", "extra", "bigint")).pk("id").
				index(&schema.Index{Name: "t_code_idx", Columns: []string{"code"}, Unique: true, NullsNotDistinct: true}).
				index(&schema.Index{Name: "t_label_idx", Keys: []string{`label COLLATE "C" text_pattern_ops DESC`}})),
			rows: `INSERT INTO t (n, code) VALUES (7, 'x'), (9, NULL)`,
		},
		{
			name: "serial to identity and back to a plain column",
			v1:   db(tbl("t").column(serial("t", "id", "integer")).col("m", "integer").pk("id")),
			v2: db(tbl("t").column(&schema.Column{Name: "id", Type: "integer", Identity: true}).
				column(&schema.Column{Name: "m", Type: "bigint", Sequence: "t_m_seq"}).pk("id")),
			rows: `INSERT INTO t (m) VALUES (3), (5)`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pg, dbURL := pgtest.DB(t)
			up1 := diff(t, nil, tc.v1)
			apply(t, pg, "create v1", up1)
			if _, err := pg.Exec(tc.rows); err != nil {
				t.Fatalf("insert a row: %v", err)
			}

			offline := offlinePlan(t, [][]change.Change{up1}, tc.v2)
			live := livePlan(t, pg, dbURL, tc.v2)
			if tc.want != nil {
				if d := cmp.Diff(tc.want, offline, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("offline plan (-want +got):\n%s\nplan:%s", d, describeAll(offline))
				}
			}
			if d := cmp.Diff(offline, live, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("live and offline plans differ (-offline +live):\n%s\nlive plan:%s", d, describeAll(live))
			}
			apply(t, pg, "v1 -> v2", live)
			if again := livePlan(t, pg, dbURL, tc.v2); len(again) != 0 {
				t.Errorf("after the plan, the live plan is not empty:%s", describeAll(again))
			}
			if again := offlinePlan(t, [][]change.Change{up1, live}, tc.v2); len(again) != 0 {
				t.Errorf("after the plan, the offline plan is not empty:%s", describeAll(again))
			}
			apply(t, pg, "v2 -> v1", reverse(t, live))
			if again := livePlan(t, pg, dbURL, tc.v1); len(again) != 0 {
				t.Errorf("after the reverse plan, the live plan to v1 is not empty:%s", describeAll(again))
			}
		})
	}
}

// TestDiffUsingPlaceholder: a type change PostgreSQL cannot convert is
// planned with the placeholder in each direction, so that neither
// renders until its author writes the expression.
func TestDiffUsingPlaceholder(t *testing.T) {
	t.Parallel()
	cs := diff(t, db(tbl("t").col("at", "bigint")), db(tbl("t").col("at", "timestamp with time zone")))
	if len(cs) != 1 {
		t.Fatalf("Diff = %s, want one change", describeAll(cs))
	}
	a, ok := cs[0].(change.AlterColumn)
	if !ok || a.To.Using != schema.UsingPlaceholder || a.From.Using != schema.UsingPlaceholder {
		t.Fatalf("Diff = %#v, want an AlterColumn with the placeholder both ways", cs[0])
	}
	if _, err := change.SQL(a); err == nil {
		t.Error("the change renders")
	}
	if cs := diff(t, db(tbl("t").col("n", "text")), db(tbl("t").col("n", "integer"))); cs[0].(change.AlterColumn).To.Using != "" {
		t.Errorf("text to integer has a cast, but Diff wrote a USING: %#v", cs[0])
	}
}

// TestOnlineNullsNotDistinct: the online plan builds a unique
// constraint's index concurrently and has the constraint take it over;
// a NULLS NOT DISTINCT constraint keeps its NULLS NOT DISTINCT, and the
// live plan after it is empty.
func TestOnlineNullsNotDistinct(t *testing.T) {
	t.Parallel()
	pg, dbURL := pgtest.DB(t)
	v1 := db(tbl("t").null("a", "integer").null("b", "text"))
	v2 := db(tbl("t").null("a", "integer").null("b", "text"))
	v2.Tables[0].Uniques = []*schema.Unique{{Name: "t_a_b_key", Columns: []string{"a", "b"}, NullsNotDistinct: true}}
	apply(t, pg, "create v1", diff(t, nil, v1))
	if _, err := pg.Exec(`INSERT INTO t VALUES (1, NULL), (2, NULL)`); err != nil {
		t.Fatal(err)
	}
	online := plan.Online(livePlan(t, pg, dbURL, v2))
	if _, ok := online[0].(change.CreateIndex); !ok {
		t.Fatalf("online plan:%s\nwant a concurrent index build first", describeAll(online))
	}
	apply(t, pg, "online", online)
	if again := livePlan(t, pg, dbURL, v2); len(again) != 0 {
		t.Errorf("after the online plan, the live plan is not empty:%s", describeAll(again))
	}
	if _, err := pg.Exec(`INSERT INTO t VALUES (1, NULL)`); err == nil {
		t.Error("a second (1, NULL) row was accepted: the constraint is not NULLS NOT DISTINCT")
	}
}

// TestSerialTypeOfOldFiles: a migration file written before serial
// columns were modeled holds Type "serial"; replayed, it compares equal
// with the model of the same column (an integer column with its
// sequence), so no plan recreates what the database holds.
func TestSerialTypeOfOldFiles(t *testing.T) {
	t.Parallel()
	old := db(tbl("orders").col("id", "bigserial").col("n", "SERIAL").pk("id"))
	model := db(tbl("orders").column(&schema.Column{Name: "id", Type: "bigint", Sequence: "orders_id_seq"}).
		column(&schema.Column{Name: "n", Type: "integer", Sequence: "orders_n_seq"}).pk("id"))
	if cs := diff(t, old, model); len(cs) != 0 {
		t.Errorf("Diff(old file, model) = %s, want none", describeAll(cs))
	}
}
