package change

import (
	"reflect"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/kindtest"
	"github.com/schemagen/schemagen/schema"
)

// TestBriefEveryKind checks the words of every kind of change (a new
// kind needs its line here: everyChange holds every kind).
func TestBriefEveryKind(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"CreateSchema":       "create schema billing",
		"DropSchema":         "drop schema billing",
		"CreateTable":        "create table billing.Invoice",
		"DropTable":          "drop table user",
		"RenameTable":        "rename table billing.Invoice to bill",
		"AddColumn":          "add billing.Invoice.select",
		"DropColumn":         "drop billing.Invoice.select",
		"AlterColumn":        "alter billing.Invoice.select type/not null/default/generated",
		"RenameColumn":       "rename billing.Invoice.a to b",
		"AddPrimaryKey":      "add primary key to billing.Invoice",
		"DropPrimaryKey":     "drop primary key of billing.Invoice",
		"AddUnique":          "add unique u",
		"DropUnique":         "drop unique u",
		"AddForeignKey":      "add foreign key f",
		"DropForeignKey":     "drop foreign key f",
		"AddCheck":           "add check k",
		"DropCheck":          "drop check k",
		"RenameConstraint":   "rename constraint a to b",
		"ValidateConstraint": "validate c",
		"AttachPartition":    "attach partition billing.Invoice_2024",
		"DetachPartition":    "detach partition billing.Invoice_2024",
		"CreateIndex":        "create index i",
		"DropIndex":          "drop index i",
		"RenameIndex":        "rename index i to j",
		"CreateEnum":         "create enum mood",
		"DropEnum":           "drop enum mood",
		"AlterEnum":          "alter enum mood",
		"OrderEnum":          "order enum mood",
		"SetTableComment":    "comment on table billing.Invoice",
		"AddExclusion":       "add exclusion x",
		"DropExclusion":      "drop exclusion x",
		"AlterConstraint":    "alter constraint f",
		"AlterTable":         "alter table billing.Invoice",
		"SetSchemaComment":   "comment on schema billing",
		"SetColumnComment":   "comment on billing.Invoice.c",
		"CreateObject":       "create view v",
		"DropObject":         "drop trigger trg on t",
		"ReplaceObject":      "replace function f()",
		"Execute":            "execute SQL",
		"RunGo":              "run Go code",
	}
	for _, c := range everyChange() {
		name := reflect.TypeOf(c).Name()
		w, ok := want[name]
		if !ok {
			t.Errorf("no expected Brief for %s: %q", name, Brief(c))
			continue
		}
		if got := Brief(c); got != w {
			t.Errorf("Brief(%s) = %q, want %q", name, got, w)
		}
	}
	if len(want) != len(kindtest.Kinds(t)) {
		t.Errorf("%d expectations for %d kinds", len(want), len(kindtest.Kinds(t)))
	}
}

// TestBriefOddInput: changes with nil parts, as a hand-made Changes may
// hold, still get words, not a panic.
func TestBriefOddInput(t *testing.T) {
	t.Parallel()
	tb := schema.QualifiedName{Schema: "public", Name: "t"}
	for _, tc := range []struct {
		c    Change
		want string
	}{
		{CreateTable{}, "create table"},
		{DropTable{}, "drop table"},
		{AddColumn{Table: tb}, "add column to t"},
		{DropColumn{Table: tb}, "drop column of t"},
		{AlterColumn{Table: tb}, "alter column of t"},
		{AlterColumn{Table: tb, From: &schema.Column{Name: "c", Type: "text"}, To: &schema.Column{Name: "c", Type: "text"}}, "alter t.c"},
		{AlterColumn{Table: tb, From: &schema.Column{Name: "c", Type: "text"}, To: &schema.Column{Name: "c", Type: "text", Nullable: true, Collation: "C"}}, "alter t.c null/collation"},
		{AlterColumn{Table: tb, From: &schema.Column{Name: "c", Type: "int"}, To: &schema.Column{Name: "c", Type: "int", Identity: true, Sequence: "s"}}, "alter t.c identity/sequence"},
		{CreateIndex{Table: tb}, "create index on t"},
		{DropIndex{Table: tb, Index: &schema.Index{}}, "drop index on t"},
		{CreateEnum{}, "create enum"},
		{CreateObject{}, "create object"},
		{CreateTable{Table: &schema.Table{Schema: "public", Name: "t"}, Archive: "a"}, "restore table t"},
		{AddColumn{Table: tb, Column: &schema.Column{Name: "c"}, Archive: "a"}, "restore t.c"},
		{RunGo{Backfill: &Backfill{Table: tb, Column: "c"}}, "backfill t.c"},
		{CreateSchema{Name: "s", Ensure: true}, "ensure schema s"},
	} {
		if got := Brief(tc.c); got != tc.want {
			t.Errorf("Brief(%#v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tasks := schema.QualifiedName{Schema: "public", Name: "tasks"}
	labels := &schema.Table{Schema: "public", Name: "labels"}
	old := &schema.Table{Schema: "public", Name: "old"}
	oldQ := old.QualifiedName()
	est := AddColumn{Table: tasks, Column: &schema.Column{Name: "estimate", Type: "int"}}
	title := AlterColumn{Table: tasks, From: &schema.Column{Name: "title", Type: "text"}, To: &schema.Column{Name: "title", Type: "varchar(80)"}}
	for _, tc := range []struct {
		name string
		cs   []Change
		want string
	}{
		{"none", nil, ""},
		{"one", []Change{est}, "add tasks.estimate"},
		{"two", []Change{CreateTable{Table: labels}, est}, "create table labels and add tasks.estimate"},
		{"three", []Change{CreateTable{Table: labels}, est, title}, "create table labels, add tasks.estimate and alter tasks.title type"},
		{"four", []Change{CreateTable{Table: labels}, est, title, DropIndex{Table: tasks, Index: &schema.Index{Name: "x"}}}, "create table labels, add tasks.estimate, alter tasks.title type and 1 more"},
		{"a created table's parts are implied", []Change{
			CreateTable{Table: labels},
			CreateIndex{Table: labels.QualifiedName(), Index: &schema.Index{Name: "labels_name_idx"}},
			AddForeignKey{Table: labels.QualifiedName(), ForeignKey: &schema.ForeignKey{Name: "labels_task_fkey"}},
			SetColumnComment{Table: labels.QualifiedName(), Column: "name"},
			AddForeignKey{Table: tasks, ForeignKey: &schema.ForeignKey{Name: "tasks_label_fkey"}},
		}, "create table labels and add foreign key tasks_label_fkey"},
		{"a dropped table's parts are implied", []Change{
			DropForeignKey{Table: oldQ, ForeignKey: &schema.ForeignKey{Name: "old_fkey"}},
			DropIndex{Table: oldQ, Index: &schema.Index{Name: "old_idx"}},
			DropTable{Table: old},
		}, "drop table old"},
		{"but not a created table's drops", []Change{
			DropIndex{Table: labels.QualifiedName(), Index: &schema.Index{Name: "labels_idx"}},
			CreateTable{Table: labels},
		}, "drop index labels_idx and create table labels"},
		{"repeats once", []Change{Execute{SQL: "a"}, Execute{SQL: "b"}}, "execute SQL"},
		{"other schema", []Change{AddColumn{Table: schema.QualifiedName{Schema: "billing", Name: "invoices"}, Column: &schema.Column{Name: "due"}}}, "add billing.invoices.due"},
	} {
		if got := Summary(tc.cs); got != tc.want {
			t.Errorf("%s: Summary = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestSummaryEveryKind summarizes every kind at once: named up to three,
// the rest counted.
func TestSummaryEveryKind(t *testing.T) {
	t.Parallel()
	cs := everyChange()
	got := Summary(cs)
	if !strings.HasPrefix(got, "create schema billing, drop schema billing, create table billing.Invoice and ") || !strings.HasSuffix(got, " more") {
		t.Errorf("Summary(everyChange) = %q", got)
	}
}
