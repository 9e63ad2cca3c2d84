package plan_test

import (
	"context"
	"encoding/json"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/internal/kindtest"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// kindsBase is the schema every row of [everyKind] applies to: it holds
// one object of each kind a change can drop, alter or rename.
func kindsBase() *schema.Schema {
	invoices := schema.QualifiedName{Schema: "billing", Name: "invoices"}
	return &schema.Schema{
		Schemas: []string{"audit", "billing"},
		Enums: []*schema.Enum{
			{Schema: "billing", Name: "legacy_state", Values: []string{"a"}},
			{Schema: "billing", Name: "status", Values: []string{"draft", "paid"}},
		},
		Tables: []*schema.Table{
			{
				Schema:     "billing",
				Name:       "customers",
				Columns:    []*schema.Column{{Name: "id", Type: "bigint"}},
				PrimaryKey: &schema.PrimaryKey{Name: "customers_pkey", Columns: []string{"id"}},
			},
			{
				Schema: invoices.Schema,
				Name:   invoices.Name,
				Columns: []*schema.Column{
					{Name: "id", Type: "bigint"},
					{Name: "number", Type: "text"},
					{Name: "status", Type: "billing.status", Default: "'draft'::billing.status"},
					{Name: "customer_id", Type: "bigint"},
					{Name: "note", Type: "text", Nullable: true},
					{Name: "memo", Type: "text", Nullable: true},
				},
				PrimaryKey:  &schema.PrimaryKey{Name: "invoices_pkey", Columns: []string{"id"}},
				Uniques:     []*schema.Unique{{Name: "invoices_number_key", Columns: []string{"number"}}},
				Indexes:     []*schema.Index{{Name: "invoices_customer_idx", Columns: []string{"customer_id"}}},
				ForeignKeys: []*schema.ForeignKey{{Name: "invoices_customer_fkey", Columns: []string{"customer_id"}, RefSchema: "billing", RefTable: "customers", RefColumns: []string{"id"}}},
				Checks:      []*schema.Check{{Name: "invoices_note_check", Expr: "note <> ''"}},
				Exclusions:  []*schema.Exclusion{{Name: "invoices_number_excl", Definition: "USING btree (number WITH =)"}},
			},
			{
				Schema:  "billing",
				Name:    "notes",
				Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "body", Type: "text"}},
			},
			{
				Schema:      "billing",
				Name:        "events",
				Columns:     []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "date"}},
				PartitionBy: "RANGE (at)",
			},
			{
				Schema:      "billing",
				Name:        "events_2024",
				PartitionOf: &schema.PartitionOf{Parent: schema.QualifiedName{Schema: "billing", Name: "events"}, Bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"},
			},
			{
				Schema:  "billing",
				Name:    "events_2025",
				Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "date"}},
			},
		},
		Objects: []*schema.Object{
			{Kind: schema.KindFunction, Schema: "billing", Name: "total(a integer)",
				Definition: "CREATE OR REPLACE FUNCTION billing.total(a integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT a + 1$function$"},
			{Kind: schema.KindMaterializedView, Schema: "billing", Name: "customer_ids",
				Definition: "CREATE MATERIALIZED VIEW billing.customer_ids AS\n SELECT customers.id\n   FROM billing.customers",
				DependsOn:  []schema.Dependency{{Kind: schema.KindTable, Schema: "billing", Name: "customers", Column: "id"}}},
		},
	}
}

// kindRow is one change of one kind (in one of its forms, for a kind
// with several) and what every switch on change.Change must make of it.
type kindRow struct {
	c change.Change
	// op is the Op method the emitter writes for c; "" when the emitter
	// cannot write c (a Go step is code, not data).
	op string
	// replays is false for a change whose effect replay cannot see.
	replays bool
	// reversible says whether change.Reverse inverts c (with nothing,
	// for a change that leaves nothing to undo).
	reversible bool
	// hazards are the kinds change.Hazards finds in c alone.
	hazards []change.HazardKind
}

func everyKind() []kindRow {
	inv := schema.QualifiedName{Schema: "billing", Name: "invoices"}
	notes := schema.QualifiedName{Schema: "billing", Name: "notes"}
	base := kindsBase()
	invT := base.Tables[1]
	notesT := base.Tables[2]
	events := schema.QualifiedName{Schema: "billing", Name: "events"}
	events2024 := schema.QualifiedName{Schema: "billing", Name: "events_2024"}
	events2025 := schema.QualifiedName{Schema: "billing", Name: "events_2025"}
	return []kindRow{
		{c: change.CreateSchema{Name: "reports"}, op: "CreateSchema", replays: true, reversible: true},
		{c: change.CreateSchema{Name: "billing", Ensure: true}, op: "EnsureSchema", replays: false, reversible: true},
		{c: change.DropSchema{Name: "audit"}, op: "DropSchema", replays: true, reversible: true},
		{c: change.CreateTable{Table: &schema.Table{Schema: "audit", Name: "log", Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "timestamptz", Default: "now()"}}}},
			op: "CreateTableNamed", replays: true, reversible: true},
		{c: change.DropTable{Table: notesT}, op: "DropTable", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardDataLoss, change.HazardIrreversibleDowngrade}},
		// Reversible drops: archive and restore.
		{c: change.DropTable{Table: invT, Archive: change.TableArchiveName("20260101000000", inv)}, op: "ArchiveTable", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardDataLoss}},
		{c: change.CreateTable{Table: &schema.Table{Schema: "audit", Name: "log", Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "s", Type: "billing.status", Default: "'draft'::billing.status"}},
			PrimaryKey:  &schema.PrimaryKey{Name: "log_pkey", Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKey{{Name: "log_id_fkey", Columns: []string{"id"}, RefSchema: "billing", RefTable: "customers", RefColumns: []string{"id"}}}},
			Archive: change.TableArchiveName("20260101000000", schema.QualifiedName{Schema: "audit", Name: "log"})},
			op: "RestoreTable", replays: true, reversible: true},
		{c: change.DropColumn{Table: inv, Column: invT.Columns[2], Archive: change.ColumnArchiveName("20260101000000", inv, "status")}, op: "ArchiveColumn", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardDataLoss}},
		{c: change.AddColumn{Table: inv, Column: &schema.Column{Name: "total", Type: "numeric(12,2)", Default: "0"}, Archive: change.ColumnArchiveName("20260101000000", inv, "total")},
			op: "RestoreColumn", replays: true, reversible: true},
		{c: change.AddColumn{Table: inv, Column: &schema.Column{Name: "total", Type: "numeric(12,2)", Default: "0"}},
			op: "AddColumn", replays: true, reversible: true},
		{c: change.DropColumn{Table: inv, Column: invT.Columns[5]}, op: "DropColumn", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardDataLoss, change.HazardIrreversibleDowngrade}},
		{c: change.AlterColumn{Table: inv, From: invT.Columns[1], To: &schema.Column{Name: "number", Type: "varchar(64)"}},
			op: "AlterColumn", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardDataLoss, change.HazardTableRewrite, change.HazardIrreversibleDowngrade}},
		{c: change.AddPrimaryKey{Table: notes, PrimaryKey: &schema.PrimaryKey{Name: "notes_pkey", Columns: []string{"id"}}},
			op: "AddPrimaryKey", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.DropPrimaryKey{Table: inv, PrimaryKey: invT.PrimaryKey}, op: "DropPrimaryKey", replays: true, reversible: true},
		{c: change.AddUnique{Table: inv, Unique: &schema.Unique{Name: "invoices_customer_id_number_key", Columns: []string{"customer_id", "number"}}},
			op: "AddUnique", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.DropUnique{Table: inv, Unique: invT.Uniques[0]}, op: "DropUnique", replays: true, reversible: true},
		{c: change.AddForeignKey{Table: notes, ForeignKey: &schema.ForeignKey{Name: "notes_id_fkey", Columns: []string{"id"}, RefSchema: "billing", RefTable: "customers", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			op: "AddForeignKey", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.DropForeignKey{Table: inv, ForeignKey: invT.ForeignKeys[0]}, op: "DropForeignKey", replays: true, reversible: true},
		{c: change.CreateIndex{Table: inv, Index: &schema.Index{Name: "invoices_status_idx", Columns: []string{"status"}, Where: "note IS NOT NULL"}},
			op: "CreateIndex", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.DropIndex{Table: inv, Index: invT.Indexes[0]}, op: "DropIndex", replays: true, reversible: true},
		{c: change.CreateEnum{Enum: &schema.Enum{Schema: "billing", Name: "priority", Values: []string{"low", "high"}}},
			op: "CreateEnum", replays: true, reversible: true},
		{c: change.DropEnum{Enum: base.Enums[0]}, op: "DropEnum", replays: true, reversible: true},
		{c: change.AlterEnum{Enum: schema.QualifiedName{Schema: "billing", Name: "status"}, From: []string{"draft", "paid"}, To: []string{"draft", "sent", "paid"},
			Columns: []change.EnumColumn{{Table: inv, Column: "status", Default: "'draft'::billing.status", OldDefault: "'draft'::billing.status"}}},
			op: "AlterEnum", replays: true, reversible: true},
		// Replay puts the values in order, which sortedNames does not
		// see (TestReplayOrderEnum does); the reverse is no change.
		{c: change.OrderEnum{Enum: schema.QualifiedName{Schema: "billing", Name: "status"}, Values: []string{"paid", "draft"}, Tables: []schema.QualifiedName{inv}},
			op: "OrderEnum", replays: false, reversible: true, hazards: []change.HazardKind{change.HazardTableRewrite}},
		{c: change.AddCheck{Table: inv, Check: &schema.Check{Name: "invoices_number_check", Expr: "number <> ''"}},
			op: "AddCheck", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.ValidateConstraint{Table: inv, Name: "invoices_note_check"}, op: "ValidateConstraint", replays: false, reversible: true},
		{c: change.DetachPartition{Table: events2024, Parent: events, Bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}, op: "DetachPartition", replays: true, reversible: true},
		{c: change.AttachPartition{Table: events2025, Parent: events, Bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"}, op: "AttachPartition", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.DropCheck{Table: inv, Check: invT.Checks[0]}, op: "DropCheck", replays: true, reversible: true},
		{c: change.SetTableComment{Table: inv, To: "Invoices sent"}, op: "SetTableComment", replays: true, reversible: true},
		{c: change.SetColumnComment{Table: inv, Column: "number", To: "The invoice's number"}, op: "SetColumnComment", replays: true, reversible: true},
		{c: change.RenameTable{From: notes, To: schema.QualifiedName{Schema: "billing", Name: "memos"}}, op: "RenameTable", replays: true, reversible: true},
		{c: change.RenameColumn{Table: inv, From: "memo", To: "remark"}, op: "RenameColumn", replays: true, reversible: true},
		{c: change.RenameIndex{Table: inv, From: "invoices_customer_idx", To: "invoices_customer_id_idx"}, op: "RenameIndex", replays: true, reversible: true},
		{c: change.RenameConstraint{Table: inv, From: "invoices_number_key", To: "invoices_number_uniq"}, op: "RenameConstraint", replays: true, reversible: true},
		{c: change.CreateObject{Object: &schema.Object{Kind: schema.KindView, Schema: "billing", Name: "customer list",
			Definition: `CREATE VIEW billing."customer list" AS SELECT id FROM billing.customers`,
			DependsOn:  []schema.Dependency{{Kind: schema.KindTable, Schema: "billing", Name: "customers", Column: "id"}}}},
			op: "CreateObject", replays: true, reversible: true},
		{c: change.DropObject{Object: base.Objects[0]}, op: "DropObject", replays: true, reversible: true},
		{c: change.ReplaceObject{From: base.Objects[0], To: &schema.Object{Kind: schema.KindFunction, Schema: "billing", Name: "total(a integer)",
			Definition: "CREATE OR REPLACE FUNCTION billing.total(a integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT a + 2$function$"}},
			op: "ReplaceObject", replays: true, reversible: true},
		{c: change.DropObject{Object: base.Objects[1]}, op: "DropObject", replays: true, reversible: true,
			hazards: []change.HazardKind{change.HazardDataLoss}},
		// Hand-written SQL in its three forms: declaring its effects
		// (replay applies them), declaring none, declaring nothing (files
		// written before declarations; opaque to replay).
		{c: change.Execute{SQL: "ALTER TABLE billing.invoices ALTER COLUMN number TYPE varchar(64) USING left(number, 64)", Declared: true,
			Effects: change.Changes{change.AlterColumn{Table: inv, From: invT.Columns[1], To: &schema.Column{Name: "number", Type: "varchar(64)"}}}},
			op: "ExecuteAs", replays: true, reversible: false},
		{c: change.Execute{SQL: "UPDATE billing.invoices SET memo = 'x' WHERE memo IS NULL", Declared: true}, op: "ExecuteData", replays: false, reversible: false},
		{c: change.Execute{SQL: "UPDATE billing.invoices SET memo = 'x' WHERE memo IS NULL"}, op: "Execute", replays: false, reversible: false},
		{c: change.RunGo{Func: func(context.Context, change.Querier) error { return nil }}, op: "", replays: false, reversible: false},
		{c: change.AddExclusion{Table: inv, Exclusion: &schema.Exclusion{Name: "invoices_memo_excl", Definition: "USING btree (memo WITH =) WHERE (memo IS NOT NULL)", Deferrable: true}},
			op: "AddExclusion", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardLongLock}},
		{c: change.DropExclusion{Table: inv, Exclusion: invT.Exclusions[0]}, op: "DropExclusion", replays: true, reversible: true},
		{c: change.AlterConstraint{Table: inv, Name: "invoices_customer_fkey", To: schema.Deferral{Deferrable: true, InitiallyDeferred: true}},
			op: "AlterConstraint", replays: true, reversible: true},
		{c: change.AlterTable{Table: inv, To: schema.TableAttrs{Unlogged: true, Options: []string{"fillfactor=70", "toast.autovacuum_enabled=false"}, RowSecurity: true, ForceRowSecurity: true}},
			op: "AlterTable", replays: true, reversible: true, hazards: []change.HazardKind{change.HazardTableRewrite}},
		{c: change.SetSchemaComment{Schema: "billing", To: "Money: invoices and customers."}, op: "SetSchemaComment", replays: true, reversible: true},
	}
}

// kindName is the name of c's type, "AddColumn" for change.AddColumn.
func kindName(c change.Change) string {
	t := strings.TrimPrefix(strings.TrimPrefix(typeString(c), "change."), "*")
	return t
}

func typeString(c change.Change) string {
	b, _ := json.Marshal(change.Changes{c})
	var out []struct{ Op string }
	_ = json.Unmarshal(b, &out)
	if len(out) == 1 {
		return out[0].Op
	}
	return ""
}

// sortedNames compares schemas as PostgreSQL does: by the names of what
// they hold, whatever the order a replay appended them in.
var sortedNames = cmp.Options{
	cmpopts.SortSlices(func(a, b *schema.Table) bool { return a.Schema+"."+a.Name < b.Schema+"."+b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Enum) bool { return a.Schema+"."+a.Name < b.Schema+"."+b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Column) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Unique) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Index) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *schema.ForeignKey) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Check) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Exclusion) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b *schema.Object) bool { return a.ID().String() < b.ID().String() }),
	cmpopts.SortSlices(func(a, b string) bool { return a < b }),
	cmpopts.EquateEmpty(),
}

// TestEveryKind runs one change of every kind through every switch on
// change.Change: SQL, Describe, Replay, Reverse, Hazards, the JSON codec
// and the emitter. Adding a kind means one row here (TestEveryKindHasARow
// fails until it is added) and one case in each switch go-check-sumtype
// names.
func TestEveryKind(t *testing.T) {
	checker := &sqlcheck.Checker{}
	for _, row := range everyKind() {
		name := kindName(row.c)
		t.Run(name, func(t *testing.T) {
			// SQL: statements, each exactly one command (Execute's SQL is
			// the user's own and may hold several).
			stmts, err := change.SQL(row.c)
			if err != nil {
				t.Fatalf("SQL: %v", err)
			}
			_, isGo := row.c.(change.RunGo)
			if len(stmts) == 0 && !isGo {
				t.Errorf("SQL rendered no statement")
			}
			if _, isExec := row.c.(change.Execute); !isExec {
				for _, s := range stmts {
					if err := sqlcheck.Statement(s); err != nil {
						t.Errorf("SQL statement %q: %v", s, err)
					}
				}
			}
			if problems := change.Problems(row.c); len(problems) > 0 {
				t.Errorf("Problems: %v", problems)
			}
			for _, f := range change.Fragments(row.c) {
				if err := checker.Fragment(f); err != nil {
					t.Errorf("fragment %v: %v", f, err)
				}
			}

			// Describe: a sentence of its own.
			if d := change.Describe(row.c); d == "" || strings.Contains(d, "unknown") || strings.Contains(d, "%!") {
				t.Errorf("Describe = %q", d)
			}

			// Replay: the change shows in the schema, or is opaque.
			base := kindsBase()
			after, err := plan.Replay(base, []change.Change{row.c})
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if changed := !cmp.Equal(kindsBase(), after, sortedNames); changed != row.replays {
				t.Errorf("Replay changed the schema: %v, want %v", changed, row.replays)
			}

			// Reverse: the reverse change undoes it.
			rev, ok := change.Reverse(row.c)
			if ok != row.reversible {
				t.Fatalf("Reverse ok = %v, want %v", ok, row.reversible)
			}
			if ok && rev != nil {
				back, err := plan.Replay(after, []change.Change{rev})
				if err != nil {
					t.Fatalf("Replay of the reverse %s: %v", change.Describe(rev), err)
				}
				if d := cmp.Diff(kindsBase(), back, sortedNames); d != "" {
					t.Errorf("the reverse does not undo the change (-before +after reverse):\n%s", d)
				}
			}

			// Hazards: one list for the one change, of the expected kinds,
			// each a sentence.
			hs := change.Hazards([]change.Change{row.c}, false)
			if len(hs) != 1 {
				t.Fatalf("Hazards returned %d lists for 1 change", len(hs))
			}
			var kinds []change.HazardKind
			for _, h := range hs[0] {
				if !slices.Contains(change.HazardKinds(), h.Kind) || h.Message == "" {
					t.Errorf("hazard %+v: unknown kind or no message", h)
				}
				if !slices.Contains(kinds, h.Kind) {
					kinds = append(kinds, h.Kind)
				}
			}
			if d := cmp.Diff(row.hazards, kinds, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("hazard kinds (-want +got):\n%s", d)
			}

			// The JSON codec: what the runner's dump carries back.
			b, err := json.Marshal(change.Changes{row.c})
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			var decoded change.Changes
			if err := json.Unmarshal(b, &decoded); err != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if d := cmp.Diff(change.Changes{row.c}, decoded, cmpopts.IgnoreFields(change.RunGo{}, "Func")); d != "" {
				t.Errorf("JSON round trip (-want +got):\n%s", d)
			}

			// The emitter: a Go file holding the op call, or a clear
			// refusal for a Go step.
			m := emitter.Migration{Package: "migrations", Revision: "20260101000000", Message: "every kind", Upgrade: []change.Change{row.c}}
			files, err := emitter.Emit(m)
			if row.op == "" {
				if err == nil {
					t.Errorf("Emit wrote a change it cannot write")
				}
				return
			}
			if err != nil {
				t.Fatalf("Emit: %v", err)
			}
			var src []byte
			for _, b := range files {
				src = b
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "m.go", src, 0); err != nil {
				t.Fatalf("the emitted file does not parse: %v\n%s", err, src)
			}
			if !strings.Contains(string(src), "op."+row.op+"(") {
				t.Errorf("the emitted file has no op.%s call:\n%s", row.op, src)
			}
		})
	}
}

// TestEveryKindHasARow fails when package change gains a kind that
// [everyKind] does not list: the members of the sum type are the types
// with a change() method in change/change.go.
func TestEveryKindHasARow(t *testing.T) {
	members := kindtest.Kinds(t)
	var rows []string
	for _, row := range everyKind() {
		rows = append(rows, kindName(row.c))
	}
	slices.Sort(rows)
	rows = slices.Compact(rows) // a kind may have a row per form
	if d := cmp.Diff(members, rows); d != "" {
		t.Errorf("the kinds of change.Change (-) and the rows of everyKind (+) differ:\n%s", d)
	}
}
