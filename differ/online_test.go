package differ

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

func TestOnline(t *testing.T) {
	users := schema.QualifiedName{Name: "users"}
	fresh := schema.QualifiedName{Name: "fresh"}
	ix := &schema.Index{Name: "users_email_idx", Columns: []string{"email"}}
	ix2 := &schema.Index{Name: "users_email_idx", Columns: []string{"email", "org"}, Unique: true}
	fk := &schema.ForeignKey{Name: "users_org_id_fkey", Columns: []string{"org_id"}, RefTable: "orgs", RefColumns: []string{"id"}}
	ck := &schema.Check{Name: "users_age_check", Expr: "age > 0"}
	nullable := &schema.Column{Name: "email", Type: "text", Nullable: true}
	notNull := &schema.Column{Name: "email", Type: "text"}
	notNullCheck := &schema.Check{Name: "users_email_not_null", Expr: `"email" IS NOT NULL`}
	create := migrate.CreateTable{Table: &schema.Table{Name: "fresh", Columns: []*schema.Column{{Name: "id", Type: "bigint"}}}}
	tests := []struct {
		name string
		in   []migrate.Change
		want []migrate.Change
	}{
		{
			name: "index on an existing table is built concurrently",
			in:   []migrate.Change{migrate.CreateIndex{Table: users, Index: ix}, migrate.DropIndex{Table: users, Index: ix}},
			want: []migrate.Change{migrate.CreateIndex{Table: users, Index: ix, Concurrently: true}, migrate.DropIndex{Table: users, Index: ix, Concurrently: true}},
		},
		{
			name: "foreign key and check are added not valid, then validated",
			in:   []migrate.Change{migrate.AddForeignKey{Table: users, ForeignKey: fk}, migrate.AddCheck{Table: users, Check: ck}},
			want: []migrate.Change{
				migrate.AddForeignKey{Table: users, ForeignKey: fk, NotValid: true},
				migrate.ValidateConstraint{Table: users, Name: fk.Name},
				migrate.AddCheck{Table: users, Check: ck, NotValid: true},
				migrate.ValidateConstraint{Table: users, Name: ck.Name},
			},
		},
		{
			name: "not null is proved by a validated check",
			in:   []migrate.Change{migrate.AlterColumn{Table: users, From: nullable, To: notNull}},
			want: []migrate.Change{
				migrate.AddCheck{Table: users, Check: notNullCheck, NotValid: true},
				migrate.ValidateConstraint{Table: users, Name: notNullCheck.Name},
				migrate.AlterColumn{Table: users, From: nullable, To: notNull},
				migrate.DropCheck{Table: users, Check: notNullCheck},
			},
		},
		{
			name: "a changed index is built under a scratch name, then swapped",
			in: []migrate.Change{
				migrate.DropIndex{Table: users, Index: ix},
				migrate.AddColumn{Table: users, Column: &schema.Column{Name: "org", Type: "bigint", Nullable: true}},
				migrate.CreateIndex{Table: users, Index: ix2},
			},
			want: []migrate.Change{
				migrate.AddColumn{Table: users, Column: &schema.Column{Name: "org", Type: "bigint", Nullable: true}},
				migrate.CreateIndex{Table: users, Index: &schema.Index{Name: "users_email_idx_ccnew", Columns: []string{"email", "org"}, Unique: true}, Concurrently: true},
				migrate.DropIndex{Table: users, Index: &schema.Index{Name: "users_email_idx"}, Concurrently: true},
				migrate.RenameIndex{Table: users, From: "users_email_idx_ccnew", To: "users_email_idx"},
			},
		},
		{
			name: "a unique constraint takes over an index built concurrently",
			in:   []migrate.Change{migrate.AddUnique{Table: users, Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
			want: []migrate.Change{
				migrate.CreateIndex{Table: users, Index: &schema.Index{Name: "users_email_key", Columns: []string{"email"}, Unique: true}, Concurrently: true},
				migrate.AddUnique{Table: users, Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}, UsingIndex: true},
			},
		},
		{
			name: "dropping not null stays as it is",
			in:   []migrate.Change{migrate.AlterColumn{Table: users, From: notNull, To: nullable}},
			want: []migrate.Change{migrate.AlterColumn{Table: users, From: notNull, To: nullable}},
		},
		{
			name: "a table created in the same plan is left alone",
			in: []migrate.Change{
				create,
				migrate.CreateIndex{Table: fresh, Index: ix},
				migrate.AddForeignKey{Table: fresh, ForeignKey: fk},
				migrate.AlterColumn{Table: fresh, From: nullable, To: notNull},
			},
			want: []migrate.Change{
				create,
				migrate.CreateIndex{Table: fresh, Index: ix},
				migrate.AddForeignKey{Table: fresh, ForeignKey: fk},
				migrate.AlterColumn{Table: fresh, From: nullable, To: notNull},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Online(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Online (-want +got):\n%s", diff)
			}
			// The online plan holds no long-lock hazard.
			for i, hs := range migrate.Hazards(got, migrate.NeedsNoTransaction(got)) {
				for _, h := range hs {
					if h.Kind == migrate.HazardLongLock {
						t.Errorf("change %d (%s) keeps hazard %s", i, migrate.Describe(got[i]), h)
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
