package migrate

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
)

func TestRecord(t *testing.T) {
	t.Parallel()
	got := Record(func(op *Op) {
		op.CreateSchema("billing")
		op.CreateTable(Table{Schema: "billing", Name: "inv", Columns: []*Column{{Name: "id", Type: "bigint"}}})
		op.AddColumn("billing.inv", Column{Name: "n", Type: "text"})
		op.AlterColumn("billing.inv", Column{Name: "n", Type: "text"}, Column{Name: "n", Type: "text", Nullable: true})
		op.AddPrimaryKey("billing.inv", PrimaryKey{Name: "pk", Columns: []string{"id"}})
		op.AddUnique("users", Unique{Name: "u", Columns: []string{"n"}})
		op.AddForeignKey("users", ForeignKey{Name: "fk", Columns: []string{"n"}, RefTable: "t", RefColumns: []string{"id"}})
		op.CreateIndex("users", Index{Name: "ix", Columns: []string{"n"}})
		op.DropIndex("users", "ix")
		op.DropForeignKey("users", "fk")
		op.DropUnique("users", "u")
		op.DropPrimaryKey("billing.inv", "pk")
		op.DropColumn("billing.inv", "n")
		op.DropTable("billing.inv")
		op.DropSchema("billing")
		op.Execute("SELECT 1")
	})
	inv := QualifiedName{Schema: "billing", Name: "inv"}
	pub := QualifiedName{Schema: "public", Name: "users"}
	want := []change.Change{
		change.CreateSchema{Name: "billing"},
		change.CreateTable{Table: &Table{Schema: "billing", Name: "inv", Columns: []*Column{{Name: "id", Type: "bigint"}}}},
		change.AddColumn{Table: inv, Column: &Column{Name: "n", Type: "text"}},
		change.AlterColumn{Table: inv, From: &Column{Name: "n", Type: "text"}, To: &Column{Name: "n", Type: "text", Nullable: true}},
		change.AddPrimaryKey{Table: inv, PrimaryKey: &PrimaryKey{Name: "pk", Columns: []string{"id"}}},
		change.AddUnique{Table: pub, Unique: &Unique{Name: "u", Columns: []string{"n"}}},
		change.AddForeignKey{Table: pub, ForeignKey: &ForeignKey{Name: "fk", Columns: []string{"n"}, RefTable: "t", RefColumns: []string{"id"}}},
		change.CreateIndex{Table: pub, Index: &Index{Name: "ix", Columns: []string{"n"}}},
		change.DropIndex{Table: pub, Index: &Index{Name: "ix"}},
		change.DropForeignKey{Table: pub, ForeignKey: &ForeignKey{Name: "fk"}},
		change.DropUnique{Table: pub, Unique: &Unique{Name: "u"}},
		change.DropPrimaryKey{Table: inv, PrimaryKey: &PrimaryKey{Name: "pk"}},
		change.DropColumn{Table: inv, Column: &Column{Name: "n"}},
		change.DropTable{Table: &Table{Schema: "billing", Name: "inv"}},
		change.DropSchema{Name: "billing"},
		change.Execute{SQL: "SELECT 1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Record (-want +got):\n%s", diff)
	}
	if got := Record(nil); got != nil {
		t.Errorf("Record(nil) = %v, want nil", got)
	}
}
