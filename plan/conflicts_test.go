package plan_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// rec is a recorded migration of revision rev, with parents
// (comma-separated) and the upgrade cs, in file rev.go.
func rec(rev, parents string, cs ...change.Change) migrate.Recorded {
	r := migrate.Recorded{Revision: rev, File: rev + ".go", Upgrade: cs}
	if parents != "" {
		r.DownRevision = strings.Split(parents, ",")
	}
	return r
}

// TestUpgradeConflicts: the databases of merged branches whose changes
// do not compose in the order they apply them are reported, with the
// revision that fails and why; merges that compose, and linear
// histories, report nothing.
func TestUpgradeConflicts(t *testing.T) {
	t.Parallel()
	t1 := schema.QualifiedName{Schema: "public", Name: "t1"}
	t2 := schema.QualifiedName{Schema: "app", Name: "t2"}
	table := func(q schema.QualifiedName, cols ...string) *schema.Table {
		t := &schema.Table{Schema: q.Schema, Name: q.Name, Columns: []*schema.Column{{Name: "id", Type: "integer"}}}
		for _, c := range cols {
			t.Columns = append(t.Columns, &schema.Column{Name: c, Type: "text", Nullable: true})
		}
		return t
	}
	create := func(q schema.QualifiedName, cols ...string) change.Change {
		return change.CreateTable{Table: table(q, cols...)}
	}
	// base: public.t1 (id, c), and app.t2, the only table of app.
	base := rec("0001", "", change.CreateSchema{Name: "app"}, create(t1, "c"), create(t2))
	dropApp := []change.Change{change.DropTable{Table: table(t2)}, change.DropSchema{Name: "app"}}
	addToApp := create(schema.QualifiedName{Schema: "app", Name: "t3"})
	dropC := change.DropColumn{Table: t1, Column: &schema.Column{Name: "c", Type: "text", Nullable: true}}
	indexC := change.CreateIndex{Table: t1, Index: &schema.Index{Name: "t1_c_idx", Columns: []string{"c"}}}
	indexID := change.CreateIndex{Table: t1, Index: &schema.Index{Name: "t1_id_idx", Columns: []string{"id"}}}
	tests := []struct {
		name    string
		recs    []migrate.Recorded
		want    []plan.Conflict // Err compared by its text
		wantErr string
	}{
		{
			// Graph order adds app.t3 first, so dropping app
			// keeps it; the database at 0003 dropped app.
			name: "a branch drops a schema that the other adds a table to",
			recs: []migrate.Recorded{base, rec("0002", "0001", addToApp), rec("0003", "0001", dropApp...)},
			want: []plan.Conflict{{At: []string{"0003"}, Revision: "0002", File: "0002.go", Err: errorf("replay create table app.t3: no schema app")}},
		},
		{
			// The other way round: graph order, that of a fresh
			// database and of one at 0002, fails; the database at
			// 0003 adds app.t3 first.
			name: "a branch that graph order applies first drops the schema",
			recs: []migrate.Recorded{base, rec("0002", "0001", dropApp...), rec("0003", "0001", addToApp)},
			want: []plan.Conflict{{Fresh: true, At: []string{"0002"}, Revision: "0003", File: "0003.go", Err: errorf("replay create table app.t3: no schema app")}},
		},
		{
			// Dropped first, the column is gone for the index;
			// indexed first, the drop drops the index too.
			name: "a branch drops a column that the other indexes",
			recs: []migrate.Recorded{base, rec("0002", "0001", dropC), rec("0003", "0001", indexC)},
			want: []plan.Conflict{{Fresh: true, At: []string{"0002"}, Revision: "0003", File: "0003.go", Err: errorf("replay create index t1_c_idx on t1 (c): no column t1.c")}},
		},
		{
			// Both branches add app.t3: no order works.
			name: "both branches add one table",
			recs: []migrate.Recorded{base, rec("0002", "0001", addToApp), rec("0003", "0001", addToApp)},
			want: []plan.Conflict{
				{At: []string{"0003"}, Revision: "0002", File: "0002.go", Err: errorf("replay create table app.t3: table app.t3 exists")},
				{Fresh: true, At: []string{"0002"}, Revision: "0003", File: "0003.go", Err: errorf("replay create table app.t3: table app.t3 exists")},
			},
		},
		{
			// The databases at 0003 and 0004 apply two orders that
			// fail alike: one conflict.
			name: "databases that fail alike are one conflict",
			recs: []migrate.Recorded{base, rec("0002", "0001", addToApp), rec("0003", "0001", dropApp...),
				rec("0004", "0003", create(schema.QualifiedName{Schema: "public", Name: "t4"}))},
			want: []plan.Conflict{{At: []string{"0003", "0004"}, Revision: "0002", File: "0002.go", Err: errorf("replay create table app.t3: no schema app")}},
		},
		{
			name: "a clean merge",
			recs: []migrate.Recorded{base, rec("0002", "0001", addToApp, indexID), rec("0003", "0001", dropC),
				rec("0004", "0003", create(schema.QualifiedName{Schema: "public", Name: "t4"}))},
		},
		{
			name: "branches merged before",
			recs: []migrate.Recorded{base, rec("0002", "0001", addToApp), rec("0003", "0001", create(schema.QualifiedName{Schema: "public", Name: "t4"})),
				rec("0004", "0002,0003"), rec("0005", "0004", dropC)},
		},
		{
			// Graph order replays each revision after its
			// ancestors: nothing to report, however it replays.
			name: "a linear history",
			recs: []migrate.Recorded{base, rec("0002", "0001", dropApp...), rec("0003", "0002", addToApp)},
		},
		{
			name:    "a revision that fails after its own ancestors",
			recs:    []migrate.Recorded{base, rec("0002", "0001", addToApp), rec("0003", "0001", indexC, indexC)},
			wantErr: "revision 0003 (0003.go): replay create index t1_c_idx on t1 (c): index t1_c_idx exists",
		},
		{
			name:    "an invalid graph",
			recs:    []migrate.Recorded{base, rec("0002", "0009")},
			wantErr: "missing parent 0009",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := plan.UpgradeConflicts(tc.recs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("UpgradeConflicts error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			errText := cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })
			if d := cmp.Diff(tc.want, got, errText); d != "" {
				t.Errorf("UpgradeConflicts (-want +got):\n%s", d)
			}
		})
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// TestConflictDatabases: the databases of a conflict, as messages name
// them.
func TestConflictDatabases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    plan.Conflict
		want string
	}{
		{plan.Conflict{At: []string{"0003"}}, "one at 0003"},
		{plan.Conflict{Fresh: true, At: []string{"0002", "0003", "0004"}}, "a fresh database or one at 0002, 0003 or 0004"},
		{plan.Conflict{Fresh: true}, "a fresh database"},
	}
	for _, tc := range tests {
		if got := tc.c.Databases(); got != tc.want {
			t.Errorf("Databases() = %q, want %q", got, tc.want)
		}
	}
}

// conflictHistory is a history of n revisions in a line, then two
// branches of k revisions each: branch x adds tables to schema app,
// branch y drops the last table of app, and with it the schema, then
// adds tables to public.
func conflictHistory(n, k int) []migrate.Recorded {
	var recs []migrate.Recorded
	parent := ""
	for i := range n {
		rev := fmt.Sprintf("%06d", i)
		var cs []change.Change
		if i == 0 {
			cs = append(cs, change.CreateSchema{Name: "app"}, change.CreateTable{Table: &schema.Table{Schema: "app", Name: "t", Columns: []*schema.Column{{Name: "id", Type: "integer"}}}})
		}
		cs = append(cs, change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t" + rev, Columns: []*schema.Column{{Name: "id", Type: "integer"}, {Name: "c", Type: "text"}}}})
		recs = append(recs, rec(rev, parent, cs...))
		parent = rev
	}
	fork := parent
	for _, b := range []string{"x", "y"} { // graph order applies x first
		parent := fork
		for i := range k {
			rev := fmt.Sprintf("%s%05d", b, i)
			q := schema.QualifiedName{Schema: "app", Name: "t" + rev}
			if b == "y" {
				q.Schema = "public"
			}
			cs := []change.Change{change.CreateTable{Table: &schema.Table{Schema: q.Schema, Name: q.Name, Columns: []*schema.Column{{Name: "id", Type: "integer"}}}}}
			if b == "y" && i == 0 {
				cs = append(cs, change.DropTable{Table: &schema.Table{Schema: "app", Name: "t"}}, change.DropSchema{Name: "app"})
			}
			recs = append(recs, rec(rev, parent, cs...))
			parent = rev
		}
	}
	return recs
}

// TestUpgradeConflictsLong: on a long history, the databases of branch
// y fail on x's first revision; a linear history of the same length
// replays nothing, and is cheap.
func TestUpgradeConflictsLong(t *testing.T) {
	t.Parallel()
	recs := conflictHistory(200, 5)
	got, err := plan.UpgradeConflicts(recs)
	if err != nil {
		t.Fatal(err)
	}
	// 000199 is the fork: its database applies graph order (x first).
	want := []plan.Conflict{{At: []string{"y00000", "y00001", "y00002", "y00003", "y00004"}, Revision: "x00000", File: "x00000.go", Err: errorf("replay create table app.tx00000: no schema app")}}
	errText := cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })
	if d := cmp.Diff(want, got, errText); d != "" {
		t.Errorf("UpgradeConflicts (-want +got):\n%s", d)
	}
	linear := conflictHistory(2000, 0)
	start := time.Now()
	if got, err := plan.UpgradeConflicts(linear); err != nil || got != nil {
		t.Errorf("UpgradeConflicts of a linear history = %v, %v; want nothing", got, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("UpgradeConflicts of a linear history of 2000 revisions took %v", d)
	}
}

// BenchmarkUpgradeConflicts: a history of 1,000 revisions in a line,
// then two branches of 5 revisions, which conflict.
func BenchmarkUpgradeConflicts(b *testing.B) {
	recs := conflictHistory(1000, 5)
	for b.Loop() {
		cs, err := plan.UpgradeConflicts(recs)
		if err != nil || len(cs) != 1 {
			b.Fatalf("UpgradeConflicts = %v, %v; want one conflict", cs, err)
		}
	}
}

// BenchmarkUpgradeConflictsLinear: a history of 1,010 revisions in a line.
func BenchmarkUpgradeConflictsLinear(b *testing.B) {
	recs := conflictHistory(1010, 0)
	for b.Loop() {
		if _, err := plan.UpgradeConflicts(recs); err != nil {
			b.Fatal(err)
		}
	}
}
