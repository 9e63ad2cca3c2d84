package differ_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// notValid marks the last check and the last foreign key of the table NOT
// VALID, as an interrupted online migration leaves them.
func (b *tb) notValid() *tb {
	if n := len(b.t.Checks); n > 0 {
		b.t.Checks[n-1].NotValid = true
	}
	if n := len(b.t.ForeignKeys); n > 0 {
		b.t.ForeignKeys[n-1].NotValid = true
	}
	return b
}

// invalid marks the table's last index INVALID, as a failed concurrent
// build leaves it.
func (b *tb) invalid() *tb {
	b.t.Indexes[len(b.t.Indexes)-1].Invalid = true
	return b
}

// TestDiffValidity: a half-built object differs from a built one with the
// same definition, and the plan finishes it: a NOT VALID constraint is
// validated, an invalid index dropped and built again. A valid constraint
// that should be NOT VALID is added again NOT VALID (only a comparison
// with a live database can ask for that), and a new table's NOT VALID
// constraints are added NOT VALID after it. Replaying the plan reaches
// the target.
func TestDiffValidity(t *testing.T) {
	t.Parallel()
	pets := func() *tb {
		return tbl("pets").col("id", "bigint").null("owner", "bigint").col("name", "text")
	}
	owners := func() *tb { return tbl("owners").col("id", "bigint").pk("id") }
	fk := &schema.ForeignKey{Name: "pets_owner_fkey", Columns: []string{"owner"}, RefSchema: "public", RefTable: "owners", RefColumns: []string{"id"}}
	nvFK := *fk
	nvFK.NotValid = true
	check := &schema.Check{Name: "pets_name_check", Expr: "name <> ''"}
	nvCheck := *check
	nvCheck.NotValid = true
	ix := &schema.Index{Name: "pets_name_idx", Columns: []string{"name"}, Unique: true}
	badIx := ix.Clone()
	badIx.Invalid = true
	tests := []struct {
		name     string
		from, to *schema.Schema
		want     []change.Change
	}{
		{
			name: "NOT VALID check and foreign key are validated",
			from: db(owners(), pets().fk("owner", "owners.id").check("pets_name_check", "name <> ''").notValid()),
			to:   db(owners(), pets().fk("owner", "owners.id").check("pets_name_check", "name <> ''")),
			want: []change.Change{
				change.ValidateConstraint{Table: qn("pets"), Name: "pets_owner_fkey"},
				change.ValidateConstraint{Table: qn("pets"), Name: "pets_name_check"},
			},
		},
		{
			name: "invalid index is dropped and built again",
			from: db(pets().uidx("name").invalid()),
			to:   db(pets().uidx("name")),
			want: []change.Change{
				change.DropIndex{Table: qn("pets"), Index: badIx},
				change.CreateIndex{Table: qn("pets"), Index: ix},
			},
		},
		{
			name: "valid to NOT VALID: added again NOT VALID",
			from: db(pets().check("pets_name_check", "name <> ''")),
			to:   db(pets().check("pets_name_check", "name <> ''").notValid()),
			want: []change.Change{
				change.DropCheck{Table: qn("pets"), Check: check},
				change.AddCheck{Table: qn("pets"), Check: &nvCheck, NotValid: true},
			},
		},
		{
			name: "new table: NOT VALID constraints after it",
			from: db(owners()),
			to:   db(owners(), pets().fk("owner", "owners.id").check("pets_name_check", "name <> ''").notValid()),
			want: []change.Change{
				change.CreateTable{Table: pets().build()},
				change.AddCheck{Table: qn("pets"), Check: &nvCheck, NotValid: true},
				change.AddForeignKey{Table: qn("pets"), ForeignKey: &nvFK, NotValid: true},
			},
		},
		{
			name: "NOT VALID foreign key rebuilt under a changed key is added valid",
			from: db(tbl("owners").col("id", "bigint").uniq("id"), pets().fk("owner", "owners.id").notValid()),
			to:   db(tbl("owners").col("id", "bigint").pk("id"), pets().fk("owner", "owners.id")),
			want: []change.Change{
				change.DropForeignKey{Table: qn("pets"), ForeignKey: &nvFK},
				change.DropUnique{Table: qn("owners"), Unique: &schema.Unique{Name: "owners_id_key", Columns: []string{"id"}}},
				change.AddPrimaryKey{Table: qn("owners"), PrimaryKey: &schema.PrimaryKey{Name: "owners_pkey", Columns: []string{"id"}}},
				change.AddForeignKey{Table: qn("pets"), ForeignKey: fk},
			},
		},
		{
			name: "invalid unique index rebuilt: foreign keys on the same columns stay",
			from: db(tbl("owners").col("id", "bigint").pk("id").uidx("id").invalid(), pets().fk("owner", "owners.id")),
			to:   db(tbl("owners").col("id", "bigint").pk("id").uidx("id"), pets().fk("owner", "owners.id")),
			want: []change.Change{
				change.DropIndex{Table: qn("owners"), Index: &schema.Index{Name: "owners_id_idx", Columns: []string{"id"}, Unique: true, Invalid: true}},
				change.CreateIndex{Table: qn("owners"), Index: &schema.Index{Name: "owners_id_idx", Columns: []string{"id"}, Unique: true}},
			},
		},
		{
			name: "NOT VALID check of a renamed table: renamed, then validated",
			from: db(tbl("animals").col("name", "text").check("animals_name_check", "name <> ''").notValid()),
			to:   db(tbl("pets").col("name", "text").check("pets_name_check", "name <> ''").renamedFrom("animals")),
			want: []change.Change{
				change.RenameTable{From: qn("animals"), To: qn("pets")},
				change.RenameConstraint{Table: qn("pets"), From: "animals_name_check", To: "pets_name_check"},
				change.ValidateConstraint{Table: qn("pets"), Name: "pets_name_check"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := differ.Diff(tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
			for _, c := range got {
				if _, err := change.SQL(c); err != nil {
					t.Errorf("SQL(%T): %v", c, err)
				}
			}
			replayed, err := plan.Replay(tc.from, got)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if rest, err := differ.Diff(replayed, tc.to); err != nil || len(rest) != 0 {
				t.Errorf("after replaying the plan, Diff to the target = %v, %v; want nothing", rest, err)
			}
		})
	}
}
