package plan_test

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestReplayObjects: replay follows PostgreSQL's dependencies between
// objects and tables: it refuses what the database refuses, and drops
// what the database drops along.
func TestReplayObjects(t *testing.T) {
	t.Parallel()
	tq := schema.QualifiedName{Schema: "public", Name: "t"}
	base := func() *schema.Schema {
		return &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t",
			Columns: []*schema.Column{{Name: "id", Type: "integer"}, {Name: "a", Type: "integer", Nullable: true}}}}}
	}
	fn := &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: "trg()", Definition: "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$"}
	trg := &schema.Object{Kind: schema.KindTrigger, Schema: "public", Name: "tr", Table: "t", Definition: "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg()",
		DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "t"}, {Kind: schema.KindFunction, Schema: "public", Name: "trg()"}}}
	v := &schema.Object{Kind: schema.KindView, Schema: "public", Name: "v", Definition: "CREATE VIEW v AS SELECT a FROM t",
		DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "t", Column: "a"}}}
	w := &schema.Object{Kind: schema.KindView, Schema: "public", Name: "w", Definition: "CREATE VIEW w AS SELECT a FROM v",
		DependsOn: []schema.Dependency{{Kind: schema.KindView, Schema: "public", Name: "v"}}}
	a := &schema.Column{Name: "a", Type: "integer", Nullable: true}
	// A partitioned table p, its partition p1 and p1's partition p11,
	// with a trigger on p11 and a view on p11's column a (its parent's).
	pq, p1q := schema.QualifiedName{Schema: "public", Name: "p"}, schema.QualifiedName{Schema: "public", Name: "p1"}
	partitions := []change.Change{
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "p", PartitionBy: "LIST (a)", Columns: []*schema.Column{a}}},
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "p1", PartitionBy: "LIST (a)", PartitionOf: &schema.PartitionOf{Parent: pq, Bound: "FOR VALUES IN (1, 2)"}}},
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "p11", PartitionOf: &schema.PartitionOf{Parent: p1q, Bound: "FOR VALUES IN (1)"}}},
		change.CreateObject{Object: fn},
		change.CreateObject{Object: &schema.Object{Kind: schema.KindTrigger, Schema: "public", Name: "tr", Table: "p11", Definition: "CREATE TRIGGER tr BEFORE INSERT ON p11 FOR EACH ROW EXECUTE FUNCTION trg()",
			DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "p11"}, {Kind: schema.KindFunction, Schema: "public", Name: "trg()"}}}},
	}
	pv := &schema.Object{Kind: schema.KindView, Schema: "public", Name: "pv", Definition: "CREATE VIEW pv AS SELECT a FROM p11",
		DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "p11", Column: "a"}}}
	tests := []struct {
		name    string
		changes []change.Change
		wantErr string
		check   func(t *testing.T, s *schema.Schema)
	}{
		{name: "objects created in order", changes: []change.Change{change.CreateObject{Object: fn}, change.CreateObject{Object: trg},
			change.CreateObject{Object: v}, change.CreateObject{Object: w}},
			check: func(t *testing.T, s *schema.Schema) {
				if len(s.Objects) != 4 {
					t.Errorf("objects: %d, want 4", len(s.Objects))
				}
			}},
		{name: "a trigger before its function", changes: []change.Change{change.CreateObject{Object: trg}},
			wantErr: "trigger tr on t depends on function trg(): no function trg()"},
		{name: "a view on a column that is missing", changes: []change.Change{change.DropColumn{Table: tq, Column: a}, change.CreateObject{Object: v}},
			wantErr: "no column t.a"},
		{name: "a column a view uses is dropped", changes: []change.Change{change.CreateObject{Object: v}, change.DropColumn{Table: tq, Column: a}},
			wantErr: "cannot drop column t.a because other objects depend on it: view v"},
		{name: "a column a view uses is retyped", changes: []change.Change{change.CreateObject{Object: v},
			change.AlterColumn{Table: tq, From: a, To: &schema.Column{Name: "a", Type: "bigint", Nullable: true}}},
			wantErr: "cannot change the type of column t.a because other objects depend on it: view v"},
		{name: "a column a view uses changes collation", changes: []change.Change{change.CreateObject{Object: v},
			change.AlterColumn{Table: tq, From: a, To: &schema.Column{Name: "a", Type: "integer", Nullable: true, Collation: `"C"`}}},
			wantErr: "cannot change the type of column t.a because other objects depend on it: view v"},
		{name: "a view a view uses is dropped", changes: []change.Change{change.CreateObject{Object: v}, change.CreateObject{Object: w}, change.DropObject{Object: v}},
			wantErr: "cannot drop view v because other objects depend on it: view w"},
		{name: "a function a trigger uses is dropped", changes: []change.Change{change.CreateObject{Object: fn}, change.CreateObject{Object: trg}, change.DropObject{Object: fn}},
			wantErr: "cannot drop function trg() because other objects depend on it: trigger tr on t"},
		{name: "a table goes with its trigger", changes: []change.Change{change.CreateObject{Object: fn}, change.CreateObject{Object: trg},
			change.DropTable{Table: &schema.Table{Schema: "public", Name: "t"}}},
			check: func(t *testing.T, s *schema.Schema) {
				if len(s.Objects) != 1 || s.Objects[0].Kind != schema.KindFunction {
					t.Errorf("objects after the table's drop: %v, want the function alone", s.Objects)
				}
			}},
		{name: "a table goes with its partitions and their triggers", changes: append(partitions, change.DropTable{Table: &schema.Table{Schema: "public", Name: "p"}}),
			check: func(t *testing.T, s *schema.Schema) {
				if len(s.Tables) != 1 || len(s.Objects) != 1 || s.Objects[0].Kind != schema.KindFunction {
					t.Errorf("after the drop: tables %v, objects %v; want t and the function alone", s.Tables, s.Objects)
				}
			}},
		{name: "a view on a partition's inherited column", changes: append(partitions, change.CreateObject{Object: pv}),
			check: func(t *testing.T, s *schema.Schema) {
				if len(s.Objects) != 3 {
					t.Errorf("objects: %v, want 3", s.Objects)
				}
			}},
		{name: "a table whose partition a view uses is dropped", changes: append(partitions, change.CreateObject{Object: pv}, change.DropTable{Table: &schema.Table{Schema: "public", Name: "p"}}),
			wantErr: "cannot drop table p11 because other objects depend on it: view pv"},
		{name: "a table a view uses is dropped", changes: []change.Change{change.CreateObject{Object: v}, change.DropTable{Table: &schema.Table{Schema: "public", Name: "t"}}},
			wantErr: "cannot drop table t because other objects depend on it: view v"},
		{name: "a renamed column is followed", changes: []change.Change{change.CreateObject{Object: v}, change.RenameColumn{Table: tq, From: "a", To: "b"},
			change.DropObject{Object: v}, change.DropColumn{Table: tq, Column: &schema.Column{Name: "b"}}}},
		{name: "a schema holding a function stays", changes: []change.Change{change.CreateSchema{Name: "util"},
			change.CreateObject{Object: &schema.Object{Kind: schema.KindFunction, Schema: "util", Name: "one()", Definition: "CREATE FUNCTION util.one() RETURNS int LANGUAGE sql AS 'SELECT 1'"}},
			change.DropSchema{Name: "util"}},
			check: func(t *testing.T, s *schema.Schema) {
				if len(s.Schemas) != 1 {
					t.Errorf("schemas: %v, want util kept", s.Schemas)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := plan.Replay(base(), tc.changes)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Replay error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}
