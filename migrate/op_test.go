package migrate

import (
	"context"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/nametest"
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
		change.AddForeignKey{Table: pub, ForeignKey: &ForeignKey{Name: "fk", Columns: []string{"n"}, RefSchema: "public", RefTable: "t", RefColumns: []string{"id"}}},
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
			ct, ok := named[0].(change.CreateTable)
			if !ok {
				t.Fatalf("recorded %T, want change.CreateTable", named[0])
			}
			if got := ct.Table.QualifiedName(); got != tc.want {
				t.Errorf("table name = %v, want %v", got, tc.want)
			}
			if diff := cmp.Diff(old, named); diff != "" {
				t.Errorf("the two forms record different changes (-old +named):\n%s", diff)
			}
			namedSQL, err := change.SQL(named[0])
			if err != nil {
				t.Fatal(err)
			}
			oldSQL, err := change.SQL(old[0])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(oldSQL, namedSQL); diff != "" {
				t.Errorf("SQL differs (-old +named):\n%s", diff)
			}
		})
	}
}

// TestRecordCanonical checks that Op is the boundary where a migration
// file's names become canonical: every method, given table and enum
// literals that leave out the public schema (as the emitter writes them),
// records names with their schema set. A new Op method belongs here.
func TestRecordCanonical(t *testing.T) {
	t.Parallel()
	fk := ForeignKey{Name: "fk", Columns: []string{"n"}, RefTable: "t", RefColumns: []string{"id"}}
	got := Record(func(op *Op) {
		op.CreateSchema("billing")
		op.CreateTable(Table{Name: "users", Columns: []*Column{{Name: "id", Type: "bigint"}}, ForeignKeys: []*ForeignKey{&fk}})
		op.DropTable("users")
		op.AddColumn("users", Column{Name: "n", Type: "text"})
		op.DropColumn("users", "n")
		op.AlterColumn("users", Column{Name: "n", Type: "text"}, Column{Name: "n", Type: "text", Nullable: true})
		op.AddPrimaryKey("users", PrimaryKey{Name: "pk", Columns: []string{"id"}})
		op.DropPrimaryKey("users", "pk")
		op.AddUnique("users", Unique{Name: "u", Columns: []string{"n"}})
		op.AddUniqueUsingIndex("users", Unique{Name: "u", Columns: []string{"n"}})
		op.DropUnique("users", "u")
		op.AddForeignKey("users", fk)
		op.AddForeignKeyNotValid("users", fk)
		op.DropForeignKey("users", "fk")
		op.CreateIndex("users", Index{Name: "ix", Columns: []string{"n"}})
		op.CreateIndexConcurrently("users", Index{Name: "ix", Columns: []string{"n"}})
		op.DropIndex("users", "ix")
		op.DropIndexConcurrently("users", "ix")
		op.CreateEnum(Enum{Name: "mood", Values: []string{"a"}})
		op.DropEnum("mood")
		op.AlterEnum("mood", []string{"a", "b"}, []string{"a"}, EnumColumn{Table: "users", Column: "m"}, EnumColumn{Table: "public.v1.legacy", Column: "m"})
		op.AddCheck("users", Check{Name: "c", Expr: "true"})
		op.AddCheckNotValid("users", Check{Name: "c", Expr: "true"})
		op.ValidateConstraint("users", "c")
		op.DropCheck("users", "c")
		op.SetTableComment("users", "x")
		op.SetColumnComment("users", "n", "x")
		op.RenameTable("users", "people")
		op.RenameColumn("users", "a", "b")
		op.RenameIndex("users", "a", "b")
		op.RenameConstraint("users", "a", "b")
		op.Execute("SELECT 1")
		op.Run(func(context.Context, Querier) error { return nil })
		op.CreateTableNamed("audit", Table{Columns: []*Column{{Name: "id", Type: "bigint"}}, ForeignKeys: []*ForeignKey{&fk}})
	})
	if bad := nametest.NonCanonical(got); len(bad) > 0 {
		t.Errorf("Record holds names without a schema:\n%s", strings.Join(bad, "\n"))
	}
	if fk.RefSchema != "" {
		t.Errorf("Record modified the file's literal: RefSchema = %q", fk.RefSchema)
	}
	ae, ok := got[20].(change.AlterEnum)
	if !ok {
		t.Fatalf("change 20 is %T, want change.AlterEnum", got[20])
	}
	wantCols := []change.EnumColumn{
		{Table: QualifiedName{Schema: "public", Name: "users"}, Column: "m"},
		{Table: QualifiedName{Schema: "public", Name: "v1.legacy"}, Column: "m"},
	}
	if diff := cmp.Diff(wantCols, ae.Columns); diff != "" {
		t.Errorf("AlterEnum columns (-want +got):\n%s", diff)
	}
}

// TestExecuteDeclarations records hand-written SQL in its three forms:
// ExecuteAs with the effects its function records, ExecuteData with
// none, and Execute, which declares nothing.
func TestExecuteDeclarations(t *testing.T) {
	t.Parallel()
	users := QualifiedName{Schema: "public", Name: "users"}
	tests := []struct {
		name string
		fn   func(op *Op)
		want change.Execute
	}{
		{"as", func(op *Op) {
			op.ExecuteAs("ALTER TABLE users ADD nick text; CREATE INDEX users_nick ON users (nick)", func(op *Op) {
				op.AddColumn("users", Column{Name: "nick", Type: "text", Nullable: true})
				op.CreateIndex("users", Index{Name: "users_nick", Columns: []string{"nick"}})
			})
		}, change.Execute{SQL: "ALTER TABLE users ADD nick text; CREATE INDEX users_nick ON users (nick)", Declared: true, Effects: change.Changes{
			change.AddColumn{Table: users, Column: &Column{Name: "nick", Type: "text", Nullable: true}},
			change.CreateIndex{Table: users, Index: &Index{Name: "users_nick", Columns: []string{"nick"}}},
		}}},
		{"as, nil effects", func(op *Op) { op.ExecuteAs("VACUUM users", nil) }, change.Execute{SQL: "VACUUM users", Declared: true}},
		{"data", func(op *Op) { op.ExecuteData("UPDATE users SET nick = name") }, change.Execute{SQL: "UPDATE users SET nick = name", Declared: true}},
		{"undeclared", func(op *Op) { op.Execute("ALTER TABLE users ADD nick text") }, change.Execute{SQL: "ALTER TABLE users ADD nick text"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Record(tc.fn)
			if diff := cmp.Diff([]change.Change{tc.want}, got); diff != "" {
				t.Errorf("Record (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRecordAllUndeclared checks that RecordAll names the line of every
// op.Execute of an upgrade, the SQL that declares nothing, and only
// those.
func TestRecordAllUndeclared(t *testing.T) {
	t.Parallel()
	set := &Set{}
	_, _, line, _ := runtime.Caller(0)
	set.Add(Migration{Revision: "1", Upgrade: func(op *Op) {
		op.Execute("CREATE TABLE a (id int)") // line+2
		op.ExecuteData("INSERT INTO a VALUES (1)")
		op.ExecuteAs("CREATE TABLE b (id int)", func(op *Op) {
			op.CreateTableNamed("b", Table{Columns: []*Column{{Name: "id", Type: "integer", Nullable: true}}})
		})
		op.Execute("CREATE TABLE c (id int)") // line+7
	}, Downgrade: func(op *Op) {
		op.Execute("DROP TABLE c, b, a")
	}})
	set.Add(Migration{Revision: "2", DownRevision: []string{"1"}, Upgrade: func(op *Op) {
		op.ExecuteData("SELECT 1")
	}})
	recs := RecordAll(set)
	want := []string{"op_test.go:" + strconv.Itoa(line+2), "op_test.go:" + strconv.Itoa(line+7)}
	if diff := cmp.Diff(want, recs[0].Undeclared); diff != "" {
		t.Errorf("Undeclared of revision 1 (-want +got):\n%s", diff)
	}
	if recs[1].Undeclared != nil {
		t.Errorf("Undeclared of revision 2 = %v, want none", recs[1].Undeclared)
	}
	// A call through package reflect, as a reader of migration files
	// that does not compile them makes it, has no line of its own.
	op := &Op{}
	reflect.ValueOf(op).MethodByName("Execute").Call([]reflect.Value{reflect.ValueOf("SELECT 1")})
	if len(op.undeclared) != 1 || op.undeclared[0] != "" {
		t.Errorf("Execute through reflect recorded the position %q, want none", op.undeclared)
	}
}
