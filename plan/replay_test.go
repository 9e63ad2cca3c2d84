package plan_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/nametest"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestReplayCanonicalInput: Replay's input schema is a boundary of the
// pipeline. A schema built by hand that leaves out the public schema is
// read as canonical (see schema.Schema.Canonical), so canonical changes
// find its objects, and the result holds canonical names only.
func TestReplayCanonicalInput(t *testing.T) {
	t.Parallel()
	in := &schema.Schema{
		Enums: []*schema.Enum{{Name: "mood", Values: []string{"a", "b"}}},
		Tables: []*schema.Table{
			{Name: "users", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}},
			{Name: "v1.legacy", Columns: []*schema.Column{{Name: "id", Type: "bigint"}, {Name: "m", Type: "mood"}},
				ForeignKeys: []*schema.ForeignKey{{Name: "fk", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}}}},
		},
	}
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	legacy := schema.QualifiedName{Schema: "public", Name: "v1.legacy"}
	got, err := plan.Replay(in, []change.Change{
		change.AddColumn{Table: users, Column: &schema.Column{Name: "n", Type: "text"}},
		change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a", "b"}, To: []string{"a"},
			Columns: []change.EnumColumn{{Table: legacy, Column: "m"}}},
		change.RenameTable{From: users, To: schema.QualifiedName{Schema: "public", Name: "people"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if bad := nametest.NonCanonical(got); len(bad) > 0 {
		t.Errorf("Replay returned names without a schema:\n%s", strings.Join(bad, "\n"))
	}
	lt, ok := got.Table(legacy)
	if !ok || lt.ForeignKeys[0].Ref() != (schema.QualifiedName{Schema: "public", Name: "people"}) {
		t.Errorf("the foreign key of %s does not follow the renamed table: %+v", legacy, lt)
	}
	if in.Tables[0].Schema != "" || len(in.Tables[0].Columns) != 1 {
		t.Error("Replay modified its input")
	}
}

// TestReplayExecute replays hand-written SQL as it declares itself: its
// effects applied in its place, nothing for SQL that declares none or
// nothing, an error naming the effect that does not apply.
func TestReplayExecute(t *testing.T) {
	t.Parallel()
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	base := func() *schema.Schema {
		return &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "users", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}}}}
	}
	nick := &schema.Column{Name: "nick", Type: "text", Nullable: true}
	nickIdx := &schema.Index{Name: "users_nick", Columns: []string{"nick"}}
	withNick := base()
	withNick.Tables[0].Columns = append(withNick.Tables[0].Columns, nick)
	withNick.Tables[0].Indexes = []*schema.Index{nickIdx}
	const ddl = "ALTER TABLE users ADD nick text; CREATE INDEX users_nick ON users (nick)"
	tests := []struct {
		name    string
		c       change.Execute
		want    *schema.Schema
		wantErr string
	}{
		{name: "effects", c: change.Execute{SQL: ddl, Declared: true, Effects: change.Changes{
			change.AddColumn{Table: users, Column: nick}, change.CreateIndex{Table: users, Index: nickIdx}}}, want: withNick},
		{name: "no schema change", c: change.Execute{SQL: "UPDATE users SET id = id", Declared: true}, want: base()},
		{name: "undeclared", c: change.Execute{SQL: ddl}, want: base()},
		{name: "an effect that does not apply", c: change.Execute{SQL: ddl, Declared: true, Effects: change.Changes{
			change.AddColumn{Table: users, Column: &schema.Column{Name: "id", Type: "bigint"}}}},
			wantErr: "replay execute ALTER TABLE users ADD nick text; CREATE INDEX users_nick ON users (nick) (as: add column users.id bigint NOT NULL): declared effect add column users.id bigint NOT NULL: column users.id exists"},
		{name: "hand-written SQL as an effect", c: change.Execute{SQL: ddl, Declared: true, Effects: change.Changes{change.Execute{SQL: ddl}}},
			wantErr: "declared effect 1 is execute ALTER TABLE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := plan.Replay(base(), []change.Change{tc.c})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Replay error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got, sortedNames); d != "" {
				t.Errorf("Replay (-want +got):\n%s", d)
			}
		})
	}
}

// TestUndeclared finds the hand-written SQL of upgrades that declares
// nothing, with the positions the recording gives, in order; SQL that
// declares its effects, or none, and downgrades are not listed.
func TestUndeclared(t *testing.T) {
	t.Parallel()
	recs := []migrate.Recorded{
		{Revision: "1", File: "1_a.go", Upgrade: change.Changes{
			change.Execute{SQL: "CREATE TABLE a (id int)"},
			change.Execute{SQL: "INSERT INTO a VALUES (1)", Declared: true},
			change.Execute{SQL: "CREATE TABLE b (id int)"},
		}, Downgrade: change.Changes{change.Execute{SQL: "DROP TABLE a, b"}}, Undeclared: []string{"1_a.go:12", "1_a.go:14"}},
		{Revision: "2", File: "2_b.go", Upgrade: change.Changes{change.Execute{SQL: "CREATE TABLE c (id int)"}}},
		{Revision: "3", File: "3_c.go", Upgrade: change.Changes{change.Execute{SQL: "SELECT 1", Declared: true}}},
	}
	got := plan.Undeclared(recs)
	want := []plan.UndeclaredSQL{
		{Revision: "1", File: "1_a.go", Pos: "1_a.go:12", Change: change.Execute{SQL: "CREATE TABLE a (id int)"}},
		{Revision: "1", File: "1_a.go", Pos: "1_a.go:14", Change: change.Execute{SQL: "CREATE TABLE b (id int)"}},
		{Revision: "2", File: "2_b.go", Change: change.Execute{SQL: "CREATE TABLE c (id int)"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Undeclared (-want +got):\n%s", d)
	}
}

// TestReplayAlterEnumDefaults (found by the generative test of issue 12,
// seeds 20040, 20041, 20049, 20050, 20056): an enum change that gives a
// column of the type a new default (the default named a value the change
// drops, or the same step changed it) sets it as part of the rebuild, and
// the differ leaves it out of any AlterColumn. Replay ignored it: the
// replayed column kept its old default, the database had the new one,
// and `check --offline` reported drift the live check did not. Replay
// sets the listed defaults, where the columns exist, and leaves the
// others alone.
func TestReplayAlterEnumDefaults(t *testing.T) {
	t.Parallel()
	st := schema.QualifiedName{Schema: "public", Name: "st"}
	tasks := schema.QualifiedName{Schema: "public", Name: "tasks"}
	in := &schema.Schema{
		Enums: []*schema.Enum{{Schema: "public", Name: "st", Values: []string{"a", "b", "c"}}},
		Tables: []*schema.Table{{Schema: "public", Name: "tasks", Columns: []*schema.Column{
			{Name: "s", Type: "st", Default: "'b'"},
			{Name: "t", Type: "st", Default: "'a'"},
			{Name: "u", Type: "st", Default: "'a'"},
			{Name: "v", Type: "st[]", Default: "'{}'"},
		}}},
	}
	got, err := plan.Replay(in, []change.Change{change.AlterEnum{
		Enum: st, Drop: []change.EnumValue{{Value: "b", After: "a"}},
		Columns: []change.EnumColumn{
			{Table: tasks, Column: "s", Default: "'c'", OldDefault: "'b'"},
			{Table: tasks, Column: "t", Default: "", OldDefault: "'a'"},
			{Table: tasks, Column: "u", Default: "'a'", OldDefault: "'a'"},
			{Table: tasks, Column: "v", Array: true, Default: "'{}'", OldDefault: "'{}'"},
			{Table: schema.QualifiedName{Schema: "public", Name: "gone"}, Column: "s", Default: "'c'", OldDefault: "'b'"},
		},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tt, _ := got.Table(tasks)
	var defaults []string
	for _, c := range tt.Columns {
		defaults = append(defaults, c.Name+"="+c.Default)
	}
	if want := "s='c' t= u='a' v='{}'"; strings.Join(defaults, " ") != want {
		t.Errorf("defaults after the rebuild: %s, want %s", strings.Join(defaults, " "), want)
	}
}

// TestReplaySchemas replays CreateSchema and DropSchema as PostgreSQL
// runs them (issue 12, known bug C): a schema that holds model tables is
// implicit and shared between branches, so creating one that exists
// changes nothing (CREATE SCHEMA IF NOT EXISTS), and dropping one that
// still holds a table or an enum keeps it.
func TestReplaySchemas(t *testing.T) {
	t.Parallel()
	t2 := &schema.Table{Schema: "app", Name: "t2", Columns: []*schema.Column{{Name: "id", Type: "integer"}}}
	t3 := &schema.Table{Schema: "app", Name: "t3", Columns: []*schema.Column{{Name: "id", Type: "integer"}}}
	mood := &schema.Enum{Schema: "app", Name: "mood", Values: []string{"a"}}
	tests := []struct {
		name        string
		in          *schema.Schema
		changes     []change.Change
		wantSchemas []string
		wantTables  int
		wantErr     string
	}{
		{name: "create", in: &schema.Schema{},
			changes: []change.Change{change.CreateSchema{Name: "app"}}, wantSchemas: []string{"app"}},
		{name: "create an existing schema", in: &schema.Schema{Schemas: []string{"app"}, Tables: []*schema.Table{t2}},
			changes:     []change.Change{change.CreateSchema{Name: "app"}, change.CreateTable{Table: t3}},
			wantSchemas: []string{"app"}, wantTables: 2},
		{name: "two branches merged", in: &schema.Schema{},
			changes: []change.Change{
				change.CreateSchema{Name: "app"}, change.CreateTable{Table: t2},
				change.CreateSchema{Name: "app"}, change.CreateTable{Table: t3},
			},
			wantSchemas: []string{"app"}, wantTables: 2},
		{name: "drop an empty schema", in: &schema.Schema{Schemas: []string{"app", "b"}},
			changes: []change.Change{change.DropSchema{Name: "app"}}, wantSchemas: []string{"b"}},
		{name: "drop the last table, then the schema", in: &schema.Schema{Schemas: []string{"app"}, Tables: []*schema.Table{t2}},
			changes: []change.Change{change.DropTable{Table: t2}, change.DropSchema{Name: "app"}}},
		{name: "drop a schema that holds another branch's table", in: &schema.Schema{Schemas: []string{"app"}, Tables: []*schema.Table{t2, t3}},
			changes:     []change.Change{change.DropTable{Table: t3}, change.DropSchema{Name: "app"}},
			wantSchemas: []string{"app"}, wantTables: 1},
		{name: "drop a schema that holds an enum", in: &schema.Schema{Schemas: []string{"app"}, Enums: []*schema.Enum{mood}},
			changes: []change.Change{change.DropSchema{Name: "app"}}, wantSchemas: []string{"app"}},
		{name: "both downgrades of two branches", in: &schema.Schema{Schemas: []string{"app"}, Tables: []*schema.Table{t2, t3}},
			changes: []change.Change{
				change.DropTable{Table: t3}, change.DropSchema{Name: "app"},
				change.DropTable{Table: t2}, change.DropSchema{Name: "app"},
			}},
		{name: "drop a schema that does not exist", in: &schema.Schema{},
			changes: []change.Change{change.DropSchema{Name: "app"}}, wantErr: "replay drop schema app if empty: no schema app"},
		{name: "drop it twice", in: &schema.Schema{Schemas: []string{"app"}},
			changes: []change.Change{change.DropSchema{Name: "app"}, change.DropSchema{Name: "app"}}, wantErr: "no schema app"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := plan.Replay(tc.in, tc.changes)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Replay: %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.wantSchemas, got.Normalize().Schemas, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("schemas (-want +got):\n%s", d)
			}
			if len(got.Tables) != tc.wantTables {
				t.Errorf("%d tables, want %d", len(got.Tables), tc.wantTables)
			}
		})
	}
}

// TestReplayColumnAttributes: replay keeps a column's identity kind,
// sequence, options and collation, and drops the USING expression of the
// change that brought it there (it describes the change, not the
// column); a renamed table keeps its serial sequence's name, as
// PostgreSQL does.
func TestReplayColumnAttributes(t *testing.T) {
	t.Parallel()
	q := schema.QualifiedName{Schema: "public", Name: "t"}
	id := &schema.Column{Name: "id", Type: "bigint", Identity: true, IdentityAlways: true, SequenceOptions: "START 5"}
	n := &schema.Column{Name: "n", Type: "integer", Sequence: "t_n_seq", SequenceOptions: "CACHE 2"}
	s, err := plan.Replay(&schema.Schema{}, []change.Change{
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t", Columns: []*schema.Column{id, n}}},
		change.AddColumn{Table: q, Column: &schema.Column{Name: "at", Type: "bigint", Collation: "", Using: "x"}},
		change.AlterColumn{Table: q, From: &schema.Column{Name: "at", Type: "bigint"},
			To: &schema.Column{Name: "at", Type: "text", Collation: `"C"`, Using: `"at"::text`}},
		change.RenameTable{From: q, To: schema.QualifiedName{Schema: "public", Name: "u"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []*schema.Column{id, n, {Name: "at", Type: "text", Collation: `"C"`}}
	if diff := cmp.Diff(want, s.Tables[0].Columns); diff != "" {
		t.Errorf("replayed columns (-want +got):\n%s", diff)
	}
}
