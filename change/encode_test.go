package change

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/internal/kindtest"
	"github.com/schemagen/schemagen/schema"
)

// everyChange holds one change of each type with its fields set.
func everyChange() Changes {
	t := schema.QualifiedName{Schema: "billing", Name: "Invoice"}
	col := &schema.Column{Name: "select", Type: "text", Nullable: true, Default: "'x'", Comment: "c"}
	return Changes{
		CreateSchema{Name: "billing"},
		DropSchema{Name: "billing"},
		CreateTable{Table: &schema.Table{Schema: "billing", Name: "Invoice", Columns: []*schema.Column{col}, Checks: []*schema.Check{{Name: "k", Expr: "true"}}, Comment: "t"}},
		DropTable{Table: &schema.Table{Schema: "public", Name: "user", PartitionOf: &schema.PartitionOf{Parent: t, Bound: "FOR VALUES IN (2024)"}, PartitionBy: "HASH (id)", Inherits: []schema.QualifiedName{t}}},
		RenameTable{From: t, To: schema.QualifiedName{Schema: "public", Name: "bill"}},
		AddColumn{Table: t, Column: col},
		DropColumn{Table: t, Column: col},
		AlterColumn{Table: t, From: col, To: &schema.Column{Name: "select", Type: "bigint", Generated: "1"}},
		RenameColumn{Table: t, From: "a", To: "b"},
		AddPrimaryKey{Table: t, PrimaryKey: &schema.PrimaryKey{Name: "pk", Columns: []string{"a"}}},
		DropPrimaryKey{Table: t, PrimaryKey: &schema.PrimaryKey{Name: "pk"}},
		AddUnique{Table: t, Unique: &schema.Unique{Name: "u", Columns: []string{"a", "b"}}, UsingIndex: true},
		DropUnique{Table: t, Unique: &schema.Unique{Name: "u"}},
		AddForeignKey{Table: t, ForeignKey: &schema.ForeignKey{Name: "f", Columns: []string{"a"}, RefSchema: "public", RefTable: "r", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		DropForeignKey{Table: t, ForeignKey: &schema.ForeignKey{Name: "f"}},
		AddCheck{Table: t, Check: &schema.Check{Name: "k", Expr: "a > 0"}, NotValid: true},
		DropCheck{Table: t, Check: &schema.Check{Name: "k"}},
		RenameConstraint{Table: t, From: "a", To: "b"},
		ValidateConstraint{Table: t, Name: "c"},
		AttachPartition{Table: schema.QualifiedName{Schema: "billing", Name: "Invoice_2024"}, Parent: t, Bound: "FOR VALUES IN (2024)"},
		DetachPartition{Table: schema.QualifiedName{Schema: "billing", Name: "Invoice_2024"}, Parent: t, Bound: "DEFAULT"},
		CreateIndex{Table: t, Index: &schema.Index{Name: "i", Keys: []string{"lower(a)"}, Method: "gin", Include: []string{"b"}, Where: "a > 0", Unique: true}},
		DropIndex{Table: t, Index: &schema.Index{Name: "i"}, Concurrently: true},
		RenameIndex{Table: t, From: "i", To: "j"},
		CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "mood", Values: []string{"a", "b"}}},
		DropEnum{Enum: &schema.Enum{Schema: "public", Name: "mood"}},
		AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a"}, To: []string{"b"}, Columns: []EnumColumn{{Table: schema.QualifiedName{Schema: "public", Name: "t"}, Column: "m", Default: "'a'"}}},
		OrderEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, Values: []string{"b", "a"}, Tables: []schema.QualifiedName{{Schema: "public", Name: "t"}}},
		SetTableComment{Table: t, From: "a", To: "b"},
		AddExclusion{Table: t, Exclusion: &schema.Exclusion{Name: "x", Definition: "USING gist (a WITH &&)", Deferrable: true}},
		DropExclusion{Table: t, Exclusion: &schema.Exclusion{Name: "x"}},
		AlterConstraint{Table: t, Name: "f", From: schema.Deferral{Deferrable: true}, To: schema.Deferral{Deferrable: true, InitiallyDeferred: true}},
		AlterTable{Table: t, From: schema.TableAttrs{Options: []string{"fillfactor=70"}}, To: schema.TableAttrs{Unlogged: true, RowSecurity: true, ForceRowSecurity: true}},
		SetSchemaComment{Schema: "billing", From: "a", To: "b"},
		SetColumnComment{Table: t, Column: "c", From: "a", To: "b"},
		CreateObject{Object: &schema.Object{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "CREATE VIEW v AS SELECT 1",
			DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "t", Column: "a"}}}},
		DropObject{Object: &schema.Object{Kind: schema.KindTrigger, Schema: "public", Name: "trg", Table: "t"}},
		ReplaceObject{From: &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: "f()", Definition: "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"},
			To: &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: "f()", Definition: "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'"}},
		Execute{SQL: "SELECT 1"},
		RunGo{},
	}
}

func TestChangesJSONRoundTrip(t *testing.T) {
	in := everyChange()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Changes
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out, cmpopts.IgnoreFields(RunGo{}, "Func")); diff != "" {
		t.Errorf("JSON round trip (-in +out):\n%s", diff)
	}
	// Every change type of the vocabulary is covered.
	seen := map[string]bool{}
	for _, c := range in {
		seen[reflect.TypeOf(c).Name()] = true
		if _, err := newChange(reflect.TypeOf(c).Name()); err != nil {
			t.Error(err)
		}
	}
	if len(seen) != len(in) {
		t.Errorf("everyChange repeats a type")
	}
}

func TestChangesJSONErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{name: "unknown op", in: `[{"op":"Frobnicate"}]`},
		{name: "bad body", in: `[{"op":"AddColumn","change":"x"}]`},
		{name: "not a list", in: `{}`},
		// A newer schemagen's field: refused, not dropped.
		{name: "unknown field", in: `[{"op":"AlterEnum","change":{"Enum":{"Schema":"public","Name":"e"},"Add":[{"Value":"v"}],"Settle":true}}]`},
		{name: "unknown nested field", in: `[{"op":"AddColumn","change":{"Table":{"Schema":"public","Name":"t"},"Column":{"Name":"c","Type":"text","Compression":"lz4"}}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cs Changes
			if err := json.Unmarshal([]byte(tc.in), &cs); err == nil {
				t.Errorf("Unmarshal(%s) succeeded", tc.in)
			}
		})
	}
}

// TestEveryChangeEncodes checks that everyChange, and so the JSON
// encoding, covers every type with a change() method in change.go.
func TestEveryChangeEncodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range everyChange() {
		seen[reflect.TypeOf(c).Name()] = true
	}
	for _, name := range kindtest.Kinds(t) {
		if !seen[name] {
			t.Errorf("everyChange lacks %s", name)
		}
	}
}

// TestExecuteJSON: hand-written SQL keeps what it declares through JSON,
// its effects encoded as changes are; SQL that declares nothing encodes
// as it did before declarations (so that what a file records, and a hash
// of it, stays the same).
func TestExecuteJSON(t *testing.T) {
	tbl := schema.QualifiedName{Schema: "public", Name: "t"}
	tests := []struct {
		name string
		in   Execute
		want string
	}{
		{"undeclared", Execute{SQL: "SELECT 1"}, `[{"op":"Execute","change":{"SQL":"SELECT 1"}}]`},
		{"no schema change", Execute{SQL: "UPDATE t SET a = 1", Declared: true}, `[{"op":"Execute","change":{"SQL":"UPDATE t SET a = 1","Declared":true}}]`},
		{"effects", Execute{SQL: "ALTER TABLE t ADD a int; CREATE INDEX i ON t (a)", Declared: true, Effects: Changes{
			AddColumn{Table: tbl, Column: &schema.Column{Name: "a", Type: "integer"}},
			CreateIndex{Table: tbl, Index: &schema.Index{Name: "i", Columns: []string{"a"}}},
		}}, `[{"op":"Execute","change":{"SQL":"ALTER TABLE t ADD a int; CREATE INDEX i ON t (a)","Declared":true,"Effects":[` +
			`{"op":"AddColumn","change":{"Table":{"Schema":"public","Name":"t"},"Column":{"Name":"a","Type":"integer"}}},` +
			`{"op":"CreateIndex","change":{"Table":{"Schema":"public","Name":"t"},"Index":{"Name":"i","Columns":["a"]}}}]}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(Changes{tc.in})
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("encoded\n%s\nwant\n%s", b, tc.want)
			}
			var out Changes
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Changes{tc.in}, out); diff != "" {
				t.Errorf("round trip (-in +out):\n%s", diff)
			}
		})
	}
}

// TestEnumDeltaJSONRoundTrip: an enum change by delta keeps its values
// and their places through JSON.
func TestEnumDeltaJSONRoundTrip(t *testing.T) {
	in := Changes{AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"},
		Add:  []EnumValue{{Value: "c", After: "a"}, {Value: "d"}},
		Drop: []EnumValue{{Value: "b", Before: "a"}}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Changes
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
}
