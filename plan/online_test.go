package plan

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

func TestOnline(t *testing.T) {
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	fresh := schema.QualifiedName{Schema: "public", Name: "fresh"}
	ix := &schema.Index{Name: "users_email_idx", Columns: []string{"email"}}
	ix2 := &schema.Index{Name: "users_email_idx", Columns: []string{"email", "org"}, Unique: true}
	fk := &schema.ForeignKey{Name: "users_org_id_fkey", Columns: []string{"org_id"}, RefSchema: "public", RefTable: "orgs", RefColumns: []string{"id"}}
	ck := &schema.Check{Name: "users_age_check", Expr: "age > 0"}
	nullable := &schema.Column{Name: "email", Type: "text", Nullable: true}
	notNull := &schema.Column{Name: "email", Type: "text"}
	notNullCheck := &schema.Check{Name: "users_email_not_null", Expr: `"email" IS NOT NULL`}
	create := change.CreateTable{Table: &schema.Table{Schema: "public", Name: "fresh", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}}}
	tests := []struct {
		name string
		in   []change.Change
		want []change.Change
	}{
		{
			name: "index on an existing table is built concurrently",
			in:   []change.Change{change.CreateIndex{Table: users, Index: ix}, change.DropIndex{Table: users, Index: ix}},
			want: []change.Change{change.CreateIndex{Table: users, Index: ix, Concurrently: true}, change.DropIndex{Table: users, Index: ix, Concurrently: true}},
		},
		{
			name: "foreign key and check are added not valid, then validated",
			in:   []change.Change{change.AddForeignKey{Table: users, ForeignKey: fk}, change.AddCheck{Table: users, Check: ck}},
			want: []change.Change{
				change.AddForeignKey{Table: users, ForeignKey: fk, NotValid: true},
				change.ValidateConstraint{Table: users, Name: fk.Name},
				change.AddCheck{Table: users, Check: ck, NotValid: true},
				change.ValidateConstraint{Table: users, Name: ck.Name},
			},
		},
		{
			name: "not null is proved by a validated check",
			in:   []change.Change{change.AlterColumn{Table: users, From: nullable, To: notNull}},
			want: []change.Change{
				change.AddCheck{Table: users, Check: notNullCheck, NotValid: true},
				change.ValidateConstraint{Table: users, Name: notNullCheck.Name},
				change.AlterColumn{Table: users, From: nullable, To: notNull},
				change.DropCheck{Table: users, Check: notNullCheck},
			},
		},
		{
			// Issue 12, case 3: the index may compare with a value that the
			// rebuild drops (a file written before rebuilds set aside what
			// uses the type wraps them so, in both directions).
			name: "an index rebuilt around an enum rebuild is dropped before it",
			in: []change.Change{
				change.DropIndex{Table: users, Index: ix},
				change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "st"}, From: []string{"a", "b"}, To: []string{"a"}},
				change.CreateIndex{Table: users, Index: ix},
			},
			want: []change.Change{
				change.DropIndex{Table: users, Index: ix, Concurrently: true},
				change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "st"}, From: []string{"a", "b"}, To: []string{"a"}},
				change.CreateIndex{Table: users, Index: ix, Concurrently: true},
			},
		},
		{
			name: "an index rebuilt around enum values added in place is swapped",
			in: []change.Change{
				change.DropIndex{Table: users, Index: ix},
				change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "st"}, From: []string{"a"}, To: []string{"a", "b"}},
				change.CreateIndex{Table: users, Index: ix},
			},
			want: []change.Change{
				change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "st"}, From: []string{"a"}, To: []string{"a", "b"}},
				change.CreateIndex{Table: users, Index: &schema.Index{Name: "users_email_idx_ccnew", Columns: []string{"email"}}, Concurrently: true},
				change.DropIndex{Table: users, Index: &schema.Index{Name: "users_email_idx"}, Concurrently: true},
				change.RenameIndex{Table: users, From: "users_email_idx_ccnew", To: "users_email_idx"},
			},
		},
		{
			name: "a changed index is built under a scratch name, then swapped",
			in: []change.Change{
				change.DropIndex{Table: users, Index: ix},
				change.AddColumn{Table: users, Column: &schema.Column{Name: "org", Type: "bigint", Nullable: true}},
				change.CreateIndex{Table: users, Index: ix2},
			},
			want: []change.Change{
				change.AddColumn{Table: users, Column: &schema.Column{Name: "org", Type: "bigint", Nullable: true}},
				change.CreateIndex{Table: users, Index: &schema.Index{Name: "users_email_idx_ccnew", Columns: []string{"email", "org"}, Unique: true}, Concurrently: true},
				change.DropIndex{Table: users, Index: &schema.Index{Name: "users_email_idx"}, Concurrently: true},
				change.RenameIndex{Table: users, From: "users_email_idx_ccnew", To: "users_email_idx"},
			},
		},
		{
			name: "a unique constraint takes over an index built concurrently",
			in:   []change.Change{change.AddUnique{Table: users, Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
			want: []change.Change{
				change.CreateIndex{Table: users, Index: &schema.Index{Name: "users_email_key", Columns: []string{"email"}, Unique: true}, Concurrently: true},
				change.AddUnique{Table: users, Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}, UsingIndex: true},
			},
		},
		{
			// Issue 13, point 2: added nullable, backfilled by a step to
			// write, then NOT NULL proved and set.
			name: "a not null column without default is expanded, backfilled and contracted",
			in:   []change.Change{change.AddColumn{Table: users, Column: notNull}},
			want: []change.Change{
				change.AddColumn{Table: users, Column: nullable},
				change.RunGo{Batched: true, Backfill: &change.Backfill{Table: users, Column: "email"}},
				change.AddCheck{Table: users, Check: notNullCheck, NotValid: true},
				change.ValidateConstraint{Table: users, Name: notNullCheck.Name},
				change.AlterColumn{Table: users, From: nullable, To: notNull},
				change.DropCheck{Table: users, Check: notNullCheck},
			},
		},
		{
			name: "a not null column with a default is added as it is",
			in:   []change.Change{change.AddColumn{Table: users, Column: &schema.Column{Name: "n", Type: "integer", Default: "0"}}},
			want: []change.Change{change.AddColumn{Table: users, Column: &schema.Column{Name: "n", Type: "integer", Default: "0"}}},
		},
		{
			name: "dropping not null stays as it is",
			in:   []change.Change{change.AlterColumn{Table: users, From: notNull, To: nullable}},
			want: []change.Change{change.AlterColumn{Table: users, From: notNull, To: nullable}},
		},
		{
			name: "a table created in the same plan is left alone",
			in: []change.Change{
				create,
				change.CreateIndex{Table: fresh, Index: ix},
				change.AddForeignKey{Table: fresh, ForeignKey: fk},
				change.AlterColumn{Table: fresh, From: nullable, To: notNull},
				change.AddColumn{Table: fresh, Column: notNull},
			},
			want: []change.Change{
				create,
				change.CreateIndex{Table: fresh, Index: ix},
				change.AddForeignKey{Table: fresh, ForeignKey: fk},
				change.AlterColumn{Table: fresh, From: nullable, To: notNull},
				change.AddColumn{Table: fresh, Column: notNull},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Online(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Online (-want +got):\n%s", diff)
			}
			// The online plan holds no long-lock hazard, and no column
			// that fails on a table with rows.
			for i, hs := range change.Hazards(got, NeedsNoTransaction(got)) {
				for _, h := range hs {
					if h.Kind == change.HazardLongLock || h.Kind == change.HazardNotNullNoDefault {
						t.Errorf("change %d (%s) keeps hazard %s", i, change.Describe(got[i]), h)
					}
				}
			}
		})
	}
}

func TestScratchIndexName(t *testing.T) {
	long := strings.Repeat("é", 31) // 62 bytes
	tests := []struct{ in, want string }{
		{"users_email_idx", "users_email_idx_ccnew"},
		{long, strings.Repeat("é", 28) + "_ccnew"},
	}
	for _, tt := range tests {
		got := scratchIndexName(tt.in)
		if got != tt.want || len(got) > schema.MaxIdentifierLength || !utf8.ValidString(got) {
			t.Errorf("scratchIndexName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNeedsNoTransaction(t *testing.T) {
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	ix := &schema.Index{Name: "ix", Columns: []string{"a"}}
	tests := []struct {
		name    string
		changes []change.Change
		want    bool
	}{
		{"plain changes", []change.Change{change.CreateIndex{Table: users, Index: ix}, change.AddCheck{Table: users, Check: &schema.Check{Name: "c", Expr: "a > 0"}}}, false},
		{"concurrent index", []change.Change{change.CreateIndex{Table: users, Index: ix, Concurrently: true}}, true},
		{"concurrent drop", []change.Change{change.DropIndex{Table: users, Index: ix, Concurrently: true}}, true},
		{"not valid then validated", []change.Change{change.AddCheck{Table: users, Check: &schema.Check{Name: "c", Expr: "a > 0"}, NotValid: true}, change.ValidateConstraint{Table: users, Name: "c"}}, true},
		{"not valid, validated later", []change.Change{change.AddForeignKey{Table: users, ForeignKey: &schema.ForeignKey{Name: "fk"}, NotValid: true}}, false},
		{"validating an older constraint", []change.Change{change.ValidateConstraint{Table: users, Name: "fk"}}, false},
	}
	for _, tt := range tests {
		if got := NeedsNoTransaction(tt.changes); got != tt.want {
			t.Errorf("%s: NeedsNoTransaction = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestOnlineMigrationAddsInPlace (found by review): an enum change marked
// AddedValuesUsed rebuilds the type, rewriting its tables, so that the
// added value is usable in the migration's transaction; a migration that
// runs outside a transaction commits each statement, and adds the value in
// place instead. Inside a transaction the mark stays.
func TestOnlineMigrationAddsInPlace(t *testing.T) {
	t1 := schema.QualifiedName{Schema: schema.DefaultSchema, Name: "t1"}
	marked := change.AlterEnum{Enum: schema.QualifiedName{Schema: schema.DefaultSchema, Name: "e1"},
		Add: []change.EnumValue{{Value: "v2"}}, AddedValuesUsed: true}
	check := change.AddCheck{Table: t1, Check: &schema.Check{Name: "t1_c1_check", Expr: "c1 <> 'v2'"}}
	comment := change.SetTableComment{Table: t1, To: "x"}
	tests := []struct {
		name       string
		up         []change.Change
		wantNoTx   bool
		wantMarked bool
	}{
		// The check on an existing table is added NOT VALID and
		// validated apart: outside a transaction.
		{name: "outside a transaction", up: []change.Change{marked, check}, wantNoTx: true},
		{name: "in a transaction", up: []change.Change{marked, comment}, wantMarked: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up, _, noTx := OnlineMigration(tc.up, nil)
			if noTx != tc.wantNoTx {
				t.Fatalf("noTransaction = %v, want %v", noTx, tc.wantNoTx)
			}
			for _, c := range up {
				if a, ok := c.(change.AlterEnum); ok && a.AddedValuesUsed != tc.wantMarked {
					t.Errorf("AddedValuesUsed = %v, want %v", a.AddedValuesUsed, tc.wantMarked)
				}
			}
			if !tc.up[0].(change.AlterEnum).AddedValuesUsed {
				t.Error("OnlineMigration modified its input")
			}
		})
	}
}

// TestOnlineInPartitioned: on a partitioned table, indexes are built and
// dropped as they are (PostgreSQL builds none CONCURRENTLY there), a
// unique constraint builds its own index, and a foreign key is added
// valid; checks are still added NOT VALID and validated. A partition is
// an ordinary table.
func TestOnlineInPartitioned(t *testing.T) {
	events := schema.QualifiedName{Schema: "public", Name: "events"}
	part := schema.QualifiedName{Schema: "public", Name: "events_2024"}
	from := &schema.Schema{Tables: []*schema.Table{
		{Schema: "public", Name: "events", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}, PartitionBy: "HASH (id)"},
		{Schema: "public", Name: "events_2024", PartitionOf: &schema.PartitionOf{Parent: events, Bound: "FOR VALUES WITH (modulus 1, remainder 0)"}},
	}}
	ix := &schema.Index{Name: "events_id_idx", Columns: []string{"id"}}
	fk := &schema.ForeignKey{Name: "events_id_fkey", Columns: []string{"id"}, RefSchema: "public", RefTable: "ids", RefColumns: []string{"id"}}
	ck := &schema.Check{Name: "events_id_check", Expr: "id > 0"}
	u := &schema.Unique{Name: "events_id_key", Columns: []string{"id"}}
	in := []change.Change{
		change.CreateIndex{Table: events, Index: ix},
		change.DropIndex{Table: events, Index: ix},
		change.AddUnique{Table: events, Unique: u},
		change.AddForeignKey{Table: events, ForeignKey: fk},
		change.AddCheck{Table: events, Check: ck},
		change.CreateIndex{Table: part, Index: ix},
	}
	want := []change.Change{
		change.CreateIndex{Table: events, Index: ix},
		change.DropIndex{Table: events, Index: ix},
		change.AddUnique{Table: events, Unique: u},
		change.AddForeignKey{Table: events, ForeignKey: fk},
		change.AddCheck{Table: events, Check: ck, NotValid: true},
		change.ValidateConstraint{Table: events, Name: ck.Name},
		change.CreateIndex{Table: part, Index: ix, Concurrently: true},
	}
	if diff := cmp.Diff(want, OnlineIn(from, in)); diff != "" {
		t.Errorf("OnlineIn (-want +got):\n%s", diff)
	}
}
