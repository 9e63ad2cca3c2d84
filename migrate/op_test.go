package migrate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCreateTableForms checks that the two forms of creating a table, the
// name as the first argument (what schemagen writes) and the name inside
// the Table (the files written before), record the same table: the same
// SQL and the same replayed schema.
func TestCreateTableForms(t *testing.T) {
	t.Parallel()
	cols := []*Column{{Name: "id", Type: "bigint"}}
	tests := []struct {
		name  string
		named func(op *Op)
		old   func(op *Op)
		want  QualifiedName
	}{
		{
			name:  "public",
			named: func(op *Op) { op.CreateTableNamed("users", Table{Columns: cols}) },
			old:   func(op *Op) { op.CreateTable(Table{Name: "users", Columns: cols}) },
			want:  QualifiedName{Schema: "public", Name: "users"},
		},
		{
			name:  "other schema",
			named: func(op *Op) { op.CreateTableNamed("billing.invoices", Table{Columns: cols, Comment: "c"}) },
			old:   func(op *Op) { op.CreateTable(Table{Schema: "billing", Name: "invoices", Columns: cols, Comment: "c"}) },
			want:  QualifiedName{Schema: "billing", Name: "invoices"},
		},
		{
			name:  "dotted public name",
			named: func(op *Op) { op.CreateTableNamed("public.v1.legacy", Table{Columns: cols}) },
			old:   func(op *Op) { op.CreateTable(Table{Name: "v1.legacy", Columns: cols}) },
			want:  QualifiedName{Schema: "public", Name: "v1.legacy"},
		},
		{
			name:  "the first argument wins over the Table's name",
			named: func(op *Op) { op.CreateTableNamed("billing.invoices", Table{Schema: "x", Name: "y", Columns: cols}) },
			old:   func(op *Op) { op.CreateTable(Table{Schema: "billing", Name: "invoices", Columns: cols}) },
			want:  QualifiedName{Schema: "billing", Name: "invoices"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			named, old := Record(tc.named), Record(tc.old)
			if len(named) != 1 || len(old) != 1 {
				t.Fatalf("recorded %d and %d changes, want 1 each", len(named), len(old))
			}
			ct, ok := named[0].(CreateTable)
			if !ok {
				t.Fatalf("recorded %T, want CreateTable", named[0])
			}
			if got := ct.Table.QualifiedName(); got != tc.want {
				t.Errorf("table name = %v, want %v", got, tc.want)
			}
			namedSQL, err := SQL(named[0])
			if err != nil {
				t.Fatal(err)
			}
			oldSQL, err := SQL(old[0])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(oldSQL, namedSQL); diff != "" {
				t.Errorf("SQL differs (-old +named):\n%s", diff)
			}
			namedSchema, err := Replay(nil, named)
			if err != nil {
				t.Fatal(err)
			}
			oldSchema, err := Replay(nil, old)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(oldSchema.Normalize(), namedSchema.Normalize()); diff != "" {
				t.Errorf("replayed schemas differ (-old +named):\n%s", diff)
			}
		})
	}
}
