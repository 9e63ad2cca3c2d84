package change

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

func TestHazards(t *testing.T) {
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	col := func(name, typ string, nullable bool) *schema.Column {
		return &schema.Column{Name: name, Type: typ, Nullable: nullable}
	}
	newTable := CreateTable{Table: &schema.Table{Schema: "public", Name: "fresh", Columns: []*schema.Column{col("id", "bigint", false)}}}
	fresh := schema.QualifiedName{Schema: "public", Name: "fresh"}
	notNullCheck := &schema.Check{Name: "users_email_not_null", Expr: `"email" IS NOT NULL`}
	none := []HazardKind(nil)
	tests := []struct {
		name    string
		changes []Change // the last one is judged
		want    []HazardKind
	}{
		{"create table", []Change{newTable}, none},
		{"drop table", []Change{DropTable{Table: &schema.Table{Schema: "public", Name: "users"}}}, []HazardKind{HazardDataLoss, HazardIrreversibleDowngrade}},
		{"drop table created in the same migration", []Change{newTable, DropTable{Table: &schema.Table{Schema: "public", Name: "fresh"}}}, none},
		{"drop column", []Change{DropColumn{Table: users, Column: &schema.Column{Name: "email"}}}, []HazardKind{HazardDataLoss, HazardIrreversibleDowngrade}},
		{"add nullable column", []Change{AddColumn{Table: users, Column: col("email", "text", true)}}, none},
		{"add NOT NULL column without default", []Change{AddColumn{Table: users, Column: col("email", "text", false)}}, []HazardKind{HazardNotNullNoDefault}},
		{"add NOT NULL column to a table created in the same migration", []Change{newTable, AddColumn{Table: fresh, Column: col("email", "text", false)}}, none},
		{"add NOT NULL bigserial column", []Change{AddColumn{Table: users, Column: col("n", "bigserial", false)}}, none},
		{"add NOT NULL column with volatile default", []Change{AddColumn{Table: users, Column: &schema.Column{Name: "u", Type: "uuid", Default: "gen_random_uuid()"}}}, []HazardKind{HazardTableRewrite}},
		{"set NOT NULL without default", []Change{AlterColumn{Table: users, From: col("e", "text", true), To: col("e", "text", false)}}, []HazardKind{HazardLongLock}},
		{"add column with constant default", []Change{AddColumn{Table: users, Column: &schema.Column{Name: "n", Type: "integer", Default: "0"}}}, none},
		{"add column with now()", []Change{AddColumn{Table: users, Column: &schema.Column{Name: "at", Type: "timestamptz", Default: "now()"}}}, none},
		{"add column with volatile default", []Change{AddColumn{Table: users, Column: &schema.Column{Name: "u", Type: "uuid", Default: "gen_random_uuid()"}}}, []HazardKind{HazardTableRewrite}},
		{"add identity column", []Change{AddColumn{Table: users, Column: &schema.Column{Name: "n", Type: "bigint", Identity: true}}}, []HazardKind{HazardTableRewrite}},
		{"add generated column", []Change{AddColumn{Table: users, Column: &schema.Column{Name: "g", Type: "integer", Generated: "n + 1"}}}, []HazardKind{HazardTableRewrite}},
		{"widen varchar", []Change{AlterColumn{Table: users, From: col("e", "varchar(10)", true), To: col("e", "varchar(20)", true)}}, []HazardKind{HazardIrreversibleDowngrade}},
		{"varchar to text", []Change{AlterColumn{Table: users, From: col("e", "character varying(10)", true), To: col("e", "text", true)}}, []HazardKind{HazardIrreversibleDowngrade}},
		{"integer to bigint", []Change{AlterColumn{Table: users, From: col("n", "int4", true), To: col("n", "bigint", true)}}, []HazardKind{HazardTableRewrite, HazardIrreversibleDowngrade}},
		{"narrow varchar", []Change{AlterColumn{Table: users, From: col("e", "varchar(20)", true), To: col("e", "varchar(10)", true)}}, []HazardKind{HazardDataLoss, HazardTableRewrite, HazardIrreversibleDowngrade}},
		{"bigint to integer", []Change{AlterColumn{Table: users, From: col("n", "bigint", true), To: col("n", "integer", true)}}, []HazardKind{HazardDataLoss, HazardTableRewrite, HazardIrreversibleDowngrade}},
		{"text to integer", []Change{AlterColumn{Table: users, From: col("n", "text", true), To: col("n", "integer", true)}}, []HazardKind{HazardDataLoss, HazardTableRewrite, HazardIrreversibleDowngrade}},
		{"numeric scale cut", []Change{AlterColumn{Table: users, From: col("n", "numeric(10,4)", true), To: col("n", "numeric(10,2)", true)}}, []HazardKind{HazardDataLoss, HazardTableRewrite, HazardIrreversibleDowngrade}},
		{"set not null", []Change{AlterColumn{Table: users, From: col("email", "text", true), To: col("email", "text", false)}}, []HazardKind{HazardLongLock}},
		{"drop not null", []Change{AlterColumn{Table: users, From: col("email", "text", false), To: col("email", "text", true)}}, none},
		{"set not null after a validated check", []Change{
			AddCheck{Table: users, Check: notNullCheck, NotValid: true},
			ValidateConstraint{Table: users, Name: "users_email_not_null"},
			AlterColumn{Table: users, From: col("email", "text", true), To: col("email", "text", false)},
		}, none},
		{"set not null after a check not yet validated", []Change{
			AddCheck{Table: users, Check: notNullCheck, NotValid: true},
			AlterColumn{Table: users, From: col("email", "text", true), To: col("email", "text", false)},
		}, []HazardKind{HazardLongLock}},
		{"alter column of a new table", []Change{newTable, AlterColumn{Table: fresh, From: col("id", "bigint", true), To: col("id", "integer", false)}}, none},
		{"create index", []Change{CreateIndex{Table: users, Index: &schema.Index{Name: "ix", Columns: []string{"email"}}}}, []HazardKind{HazardLongLock}},
		{"create index concurrently", []Change{CreateIndex{Table: users, Index: &schema.Index{Name: "ix", Columns: []string{"email"}}, Concurrently: true}}, none},
		{"create index on a new table", []Change{newTable, CreateIndex{Table: fresh, Index: &schema.Index{Name: "ix", Columns: []string{"id"}}}}, none},
		{"drop index", []Change{DropIndex{Table: users, Index: &schema.Index{Name: "ix"}}}, none},
		{"add unique", []Change{AddUnique{Table: users, Unique: &schema.Unique{Name: "u", Columns: []string{"email"}}}}, []HazardKind{HazardLongLock}},
		{"add unique using its index", []Change{AddUnique{Table: users, Unique: &schema.Unique{Name: "u", Columns: []string{"email"}}, UsingIndex: true}}, none},
		{"add primary key", []Change{AddPrimaryKey{Table: users, PrimaryKey: &schema.PrimaryKey{Name: "pk", Columns: []string{"id"}}}}, []HazardKind{HazardLongLock}},
		{"add foreign key", []Change{AddForeignKey{Table: users, ForeignKey: &schema.ForeignKey{Name: "fk", Columns: []string{"org_id"}, RefSchema: "public", RefTable: "orgs", RefColumns: []string{"id"}}}}, []HazardKind{HazardLongLock}},
		{"add foreign key not valid", []Change{AddForeignKey{Table: users, ForeignKey: &schema.ForeignKey{Name: "fk"}, NotValid: true}}, none},
		{"add check", []Change{AddCheck{Table: users, Check: &schema.Check{Name: "c", Expr: "n > 0"}}}, []HazardKind{HazardLongLock}},
		{"add check not valid", []Change{AddCheck{Table: users, Check: &schema.Check{Name: "c", Expr: "n > 0"}, NotValid: true}}, none},
		{"validate constraint", []Change{ValidateConstraint{Table: users, Name: "c"}}, none},
		{"enum add value", []Change{AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a"}, To: []string{"a", "b"}, Columns: []EnumColumn{{Table: schema.QualifiedName{Schema: "public", Name: "users"}, Column: "mood"}}}}, none},
		{"enum remove value", []Change{AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a", "b"}, To: []string{"a"}, Columns: []EnumColumn{{Table: schema.QualifiedName{Schema: "public", Name: "users"}, Column: "mood"}}}}, []HazardKind{HazardDataLoss, HazardTableRewrite}},
		{"enum reorder", []Change{AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a", "b"}, To: []string{"b", "a"}, Columns: []EnumColumn{{Table: schema.QualifiedName{Schema: "public", Name: "users"}, Column: "mood"}}}}, []HazardKind{HazardTableRewrite}},
		{"enum remove value, no columns", []Change{AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a", "b"}, To: []string{"a"}}}, []HazardKind{HazardDataLoss}},
		{"rename column", []Change{RenameColumn{Table: users, From: "a", To: "b"}}, none},
		{"execute", []Change{Execute{SQL: "DELETE FROM users"}}, none},
		{"comment", []Change{SetTableComment{Table: users, To: "x"}}, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := Hazards(tt.changes, true)
			if len(all) != len(tt.changes) {
				t.Fatalf("Hazards returned %d lists for %d changes", len(all), len(tt.changes))
			}
			var got []HazardKind
			for _, h := range all[len(all)-1] {
				got = append(got, h.Kind)
				if !strings.HasSuffix(h.Message, ".") || h.Message == "" {
					t.Errorf("message %q is not a full sentence", h.Message)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hazard kinds (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHazardsInTransaction: validating a constraint in the transaction
// that added it NOT VALID is a long lock; outside one it is not.
func TestHazardsInTransaction(t *testing.T) {
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	for _, add := range []Change{
		AddCheck{Table: users, Check: &schema.Check{Name: "c", Expr: `"email" IS NOT NULL`}, NotValid: true},
		AddForeignKey{Table: users, ForeignKey: &schema.ForeignKey{Name: "c"}, NotValid: true},
	} {
		changes := []Change{add, ValidateConstraint{Table: users, Name: "c"}}
		for _, noTx := range []bool{false, true} {
			var got []HazardKind
			for _, hs := range Hazards(changes, noTx) {
				for _, h := range hs {
					got = append(got, h.Kind)
				}
			}
			var want []HazardKind
			if !noTx {
				want = []HazardKind{HazardLongLock}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s then validate, noTransaction %v: hazards %v, want %v", Describe(add), noTx, got, want)
			}
		}
	}
	// A constraint added by an earlier migration validates without a
	// long lock in a transaction too.
	if hs := Hazards([]Change{ValidateConstraint{Table: users, Name: "c"}}, false); len(hs[0]) != 0 {
		t.Errorf("validating an older constraint: %v", hs[0])
	}
}

func TestUnallowedHazards(t *testing.T) {
	up := []Change{
		DropColumn{Table: schema.QualifiedName{Schema: "public", Name: "users"}, Column: &schema.Column{Name: "email"}},
		CreateIndex{Table: schema.QualifiedName{Schema: "public", Name: "users"}, Index: &schema.Index{Name: "ix", Columns: []string{"id"}}},
	}
	tests := []struct {
		allowed []HazardKind
		want    []HazardKind
	}{
		{nil, []HazardKind{HazardDataLoss, HazardIrreversibleDowngrade, HazardLongLock}},
		{[]HazardKind{HazardDataLoss}, []HazardKind{HazardIrreversibleDowngrade, HazardLongLock}},
		{HazardKinds(), nil},
	}
	for _, tt := range tests {
		var got []HazardKind
		for _, h := range UnallowedHazards(up, false, tt.allowed) {
			got = append(got, h.Kind)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("UnallowedHazards(allowed %v) = %v, want %v", tt.allowed, got, tt.want)
		}
	}
}

func TestParseHazardKind(t *testing.T) {
	for _, k := range HazardKinds() {
		got, err := ParseHazardKind(string(k))
		if err != nil || got != k {
			t.Errorf("ParseHazardKind(%q) = %q, %v", k, got, err)
		}
		if k.GoName() == "" {
			t.Errorf("%q has no Go name", k)
		}
	}
	if _, err := ParseHazardKind("data_loss"); err == nil || !strings.Contains(err.Error(), "data-loss") {
		t.Errorf("ParseHazardKind(data_loss) error = %v, want one listing the known kinds", err)
	}
}

func TestConversionOf(t *testing.T) {
	tests := []struct {
		from, to string
		want     conversion
	}{
		{"varchar(10)", "varchar(20)", convCoercible},
		{"varchar(10)", "varchar", convCoercible},
		{"varchar", "varchar(10)", convNarrowing},
		{"character varying(20)", "varchar(10)", convNarrowing},
		{"varchar(10)", "text", convCoercible},
		{"text", "varchar", convCoercible},
		{"text", "varchar(5)", convNarrowing},
		{"smallint", "int", convWidening},
		{"int4", "int8", convWidening},
		{"bigint", "integer", convNarrowing},
		{"integer", "numeric", convWidening},
		{"real", "float8", convWidening},
		{"numeric(10,2)", "numeric(12,2)", convCoercible},
		{"numeric(10,2)", "numeric(12,4)", convWidening},
		{"numeric(10,2)", "numeric(10,4)", convNarrowing},
		{"numeric(10,2)", "numeric", convCoercible},
		{"integer", "text", convWidening},
		{"text", "integer", convNarrowing},
		{"integer[]", "bigint[]", convWidening},
		{"integer[]", "integer", convNarrowing},
		{"timestamp(3)", "timestamp(6)", convWidening},
		{"timestamptz", "timestamp with time zone", convCoercible},
		{"uuid", "text", convWidening},
		{"jsonb", "json", convNarrowing},
		{"interval", "interval day", convNarrowing},
		{"interval day to second", "interval", convCoercible},
		{"interval second(3)", "interval second(6)", convWidening},
		{`"My Type"`, `"my type"`, convNarrowing},
		{`"My Type"`, `"My Type"[]`, convNarrowing},
	}
	for _, tt := range tests {
		if got := conversionOf(tt.from, tt.to); got != tt.want {
			t.Errorf("conversionOf(%q, %q) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestParseType(t *testing.T) {
	tests := []struct {
		in   string
		want sqlType
	}{
		{"VARCHAR(10)", sqlType{base: "character varying", mods: []int{10}}},
		{"timestamp(3)  WITH time zone[]", sqlType{base: "timestamp with time zone", mods: []int{3}, array: true}},
		{"interval DAY to second(3)", sqlType{base: "interval", mods: []int{3}, fields: "day to second"}},
		{`"My  Type"`, sqlType{base: `"My  Type"`}},
		{`billing."Status"`, sqlType{base: `billing."Status"`}},
		{"numeric(12, 2)", sqlType{base: "numeric", mods: []int{12, 2}}},
	}
	for _, tt := range tests {
		got := parseType(tt.in)
		if got.base != tt.want.base || !equalMods(got.mods, tt.want.mods) || got.fields != tt.want.fields || got.array != tt.want.array {
			t.Errorf("parseType(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseHazardKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []HazardKind
		wantErr string
	}{
		{in: "", want: nil},
		{in: "all", want: HazardKinds()},
		{in: " all ", want: HazardKinds()},
		{in: "data-loss", want: []HazardKind{HazardDataLoss}},
		{in: "data-loss, long-lock", want: []HazardKind{HazardDataLoss, HazardLongLock}},
		{in: "not-null-without-default,long-lock", want: []HazardKind{HazardNotNullNoDefault, HazardLongLock}},
		{in: "data-loss,", wantErr: `unknown hazard kind ""`},
		{in: "everything", wantErr: `unknown hazard kind "everything"`},
		{in: "all,data-loss", wantErr: `unknown hazard kind "all"`},
	}
	for _, tc := range tests {
		got, err := ParseHazardKinds(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseHazardKinds(%q) = %v, %v; want error %q", tc.in, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !cmp.Equal(got, tc.want) {
			t.Errorf("ParseHazardKinds(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// TestAttackHazardsRenameOntoCreatedName checks that a table the list
// created and dropped again does not lend its "new and empty" status to
// another table renamed to its name: dropping that table, which holds
// the rows of users, is data loss.
func TestAttackHazardsRenameOntoCreatedName(t *testing.T) {
	t.Parallel()
	tmp := schema.QualifiedName{Schema: "public", Name: "tmp"}
	changes := []Change{
		CreateTable{Table: &schema.Table{Schema: "public", Name: "tmp", Columns: []*schema.Column{{Name: "id", Type: "int"}}}},
		DropTable{Table: &schema.Table{Schema: "public", Name: "tmp"}},
		RenameTable{From: schema.QualifiedName{Schema: "public", Name: "users"}, To: tmp},
		DropTable{Table: &schema.Table{Schema: "public", Name: "tmp"}},
	}
	hs := UnallowedHazards(changes, false, nil)
	for _, h := range hs {
		if h.Kind == HazardDataLoss {
			return
		}
	}
	t.Errorf("dropping users (renamed to a name the migration created and dropped before) carries no data-loss hazard; hazards: %v", hs)
}

// TestPartitionHazards: attaching a partition checks its rows (a long
// lock), unless the list created it; detached in the same transaction,
// the parent stays locked, which the message says; detaching alone
// carries none.
func TestPartitionHazards(t *testing.T) {
	parent := schema.QualifiedName{Schema: "public", Name: "events"}
	part := schema.QualifiedName{Schema: "public", Name: "events_2024"}
	detach := DetachPartition{Table: part, Parent: parent, Bound: "DEFAULT"}
	attach := AttachPartition{Table: part, Parent: parent, Bound: "FOR VALUES IN (1)"}
	created := CreateTable{Table: &schema.Table{Schema: "public", Name: "events_2024", Columns: []*schema.Column{{Name: "k", Type: "integer"}}}}
	for _, tc := range []struct {
		name    string
		list    []Change
		noTx    bool
		want    []HazardKind
		mention string
	}{
		{name: "detach", list: []Change{detach}},
		{name: "attach", list: []Change{attach}, want: []HazardKind{HazardLongLock}},
		{name: "attach after detach", list: []Change{detach, attach}, want: []HazardKind{HazardLongLock}, mention: "keeps events locked"},
		{name: "attach after detach, no transaction", list: []Change{detach, attach}, noTx: true, want: []HazardKind{HazardLongLock}},
		{name: "attach of a new table", list: []Change{created, attach}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var kinds []HazardKind
			var msgs []string
			for _, hs := range Hazards(tc.list, tc.noTx) {
				for _, h := range hs {
					kinds = append(kinds, h.Kind)
					msgs = append(msgs, h.Message)
				}
			}
			if !slices.Equal(kinds, tc.want) {
				t.Errorf("hazard kinds = %v, want %v", kinds, tc.want)
			}
			joined := strings.Join(msgs, "\n")
			if tc.mention != "" && !strings.Contains(joined, tc.mention) {
				t.Errorf("hazards %q do not mention %q", joined, tc.mention)
			}
			if tc.mention == "" && strings.Contains(joined, "locked against reads") {
				t.Errorf("hazards %q mention the detach's lock", joined)
			}
		})
	}
}
