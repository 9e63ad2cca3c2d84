package parser

import (
	"errors"
	"go/token"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

// TestLoadKeyDirectives loads //schemagen:primarykey, unique and
// foreignkey: names of their own, columns out of field order, foreign
// keys over several columns, to a primary key left unnamed and to a
// unique index, with //schemagen:deferrable naming them.
func TestLoadKeyDirectives(t *testing.T) {
	t.Parallel()
	s, err := load(t, "testdata/src/keys", "./good")
	if err != nil {
		t.Fatal(err)
	}
	get := func(nsp, name string) *schema.Table {
		t.Helper()
		tb, ok := s.Table(schema.QualifiedName{Schema: nsp, Name: name})
		if !ok {
			t.Fatalf("no table %s.%s", nsp, name)
		}
		return tb
	}
	orders, lines, notes := get("shop", "orders"), get("shop", "lines"), get("shop", "notes")
	tests := []struct {
		name      string
		got, want any
	}{
		{"orders primary key", orders.PrimaryKey, &schema.PrimaryKey{Name: "orders_key", Columns: []string{"region", "number"}}},
		{"orders uniques", orders.Uniques, []*schema.Unique{{Name: "orders_ref_uq", Columns: []string{"region", "ref"}, NullsNotDistinct: true}}},
		{"lines primary key", lines.PrimaryKey, &schema.PrimaryKey{Name: "lines_pkey", Columns: []string{"line", "number", "region"}}},
		{"lines uniques", lines.Uniques, []*schema.Unique{{Name: "lines_b_uq", Columns: []string{"b", "a"}}}},
		{"lines foreign keys", lines.ForeignKeys, []*schema.ForeignKey{
			{Name: "lines_order_fk", Columns: []string{"region", "number"}, RefSchema: "shop", RefTable: "orders", RefColumns: []string{"region", "number"},
				OnDelete: "CASCADE", Deferrable: true, InitiallyDeferred: true},
			{Name: "lines_ref_fk", Columns: []string{"Ref", "region"}, RefSchema: "shop", RefTable: "orders", RefColumns: []string{"ref", "region"}, OnUpdate: "SET NULL"},
		}},
		{"notes foreign keys", notes.ForeignKeys, []*schema.ForeignKey{
			{Name: "notes_order_fk", Columns: []string{"order_region", "order_number"}, RefSchema: "shop", RefTable: "orders", RefColumns: []string{"region", "number"}},
			{Name: "notes_tag_fk", Columns: []string{"tag"}, RefSchema: "public", RefTable: "tags", RefColumns: []string{"name"}},
		}},
		{"primary-key column made NOT NULL", lines.Columns[2].Nullable, false},
		{"other column stays NULL", lines.Columns[3].Nullable, true},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, tt.got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}

// TestLoadKeyDirectivesErrors checks the mistakes of the key directives,
// marked by want comments.
func TestLoadKeyDirectivesErrors(t *testing.T) {
	t.Parallel()
	const dir = "testdata/src/keys"
	_, err := load(t, dir, "./bad")
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v (%T), want an ErrorList", err, err)
	}
	for _, p := range checkWants(readWants(t, dir), list) {
		t.Error(p)
	}
}

// FuzzKeyDirectives gives arbitrary text to the three key directives of
// a table of columns a and "B c": never a panic, an empty message or a
// key over no column, a column twice or a column the table lacks.
func FuzzKeyDirectives(f *testing.F) {
	for _, s := range []string{
		`(a, "B c")`, `k (a) nulls not distinct`, `fk (a, "B c") references t (x, y) on delete set null on update no action`,
		`k ("a""b", a)`, `k (a, "B c"); DROP TABLE t`, `k (a, $$)$$)`, `k ((a))`, `k (a,)`, `k "(a)"`, `fk (a) references`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		if len(args) > maxFuzzInput {
			return
		}
		var errs ErrorList
		tb := &schema.Table{Schema: "public", Name: "t", Columns: []*schema.Column{{Name: "a", Type: "integer"}, {Name: "B c", Type: "text"}}}
		b := &tableBuilder{errs: &errs, pf: newPosFormatter(), model: &model{table: tb}, cols: map[string]token.Position{"a": {}, "B c": {}}}
		dirs := map[string][]directive{}
		for _, name := range []string{"primarykey", "unique", "foreignkey"} {
			dirs[name] = []directive{{name: name, args: args}}
		}
		b.addKeyDirectives(dirs)
		for _, e := range errs {
			if e.Msg == "" {
				t.Fatalf("%q: an empty message", args)
			}
		}
		var keys [][]string
		if tb.PrimaryKey != nil {
			keys = append(keys, tb.PrimaryKey.Columns)
		}
		for _, u := range tb.Uniques {
			keys = append(keys, u.Columns)
		}
		for _, fk := range tb.ForeignKeys {
			keys = append(keys, fk.Columns)
		}
		for _, k := range keys {
			if len(k) == 0 || len(slices.Compact(slices.Sorted(slices.Values(k)))) != len(k) {
				t.Fatalf("%q: key columns %q", args, k)
			}
			for _, c := range k {
				if _, ok := tb.Column(c); !ok {
					t.Fatalf("%q: unknown column %q in a key", args, c)
				}
			}
		}
	})
}
