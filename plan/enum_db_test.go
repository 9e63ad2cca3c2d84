package plan_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// enumSetup is a table whose enum column has a default, a partial index
// and a check that compare it with a value, next to an index and a check
// that do not use the type, with rows.
const enumSetup = `CREATE TYPE st AS ENUM ('todo', 'doing', 'done');
CREATE TABLE tasks (id bigint PRIMARY KEY, title text NOT NULL, s st NOT NULL DEFAULT 'todo',
	CONSTRAINT tasks_todo_titled CHECK (s <> 'todo' OR title <> ''),
	CONSTRAINT tasks_title_short CHECK (length(title) < 200));
CREATE INDEX tasks_open ON tasks (id) WHERE s <> 'done';
CREATE INDEX tasks_titled ON tasks (id) WHERE title <> '';
INSERT INTO tasks SELECT g, 't' || g, (ARRAY['todo', 'doing', 'done'])[1 + g % 3]::st FROM generate_series(1, 300) g;`

// TestOnlineEnumPlans (issue 12, cases 3 and 4) runs the online plans of
// an added enum value, both ways, on PostgreSQL, each statement
// committing on its own as a migration outside a transaction runs it: the
// plan the differ makes now (the type alone), and the plan of a file that
// an earlier differ wrote, which dropped and recreated the indexes and
// checks of the table around the enum change; its downgrade rebuilt the
// type while the partial index still used it, and failed half-way. After
// each direction the catalog must be the target, and the replayed schema
// too.
func TestOnlineEnumPlans(t *testing.T) {
	t.Parallel()
	tasks := schema.QualifiedName{Schema: "public", Name: "tasks"}
	st := schema.QualifiedName{Schema: "public", Name: "st"}
	tests := []struct {
		name string
		// up makes the upgrade from the live schema and the target.
		up        func(t *testing.T, live, target *schema.Schema) []change.Change
		wantSteps int
	}{
		{
			name: "the differ's plan",
			up: func(t *testing.T, live, target *schema.Schema) []change.Change {
				up, err := differ.Diff(live, target)
				if err != nil {
					t.Fatal(err)
				}
				return up
			},
			wantSteps: 1,
		},
		{
			name: "a file of an earlier differ",
			up: func(t *testing.T, live, target *schema.Schema) []change.Change {
				from, _ := live.Table(tasks)
				var drops, adds []change.Change
				for _, ix := range from.Indexes {
					if ix.Where != "" {
						drops = append(drops, change.DropIndex{Table: tasks, Index: ix})
						adds = append(adds, change.CreateIndex{Table: tasks, Index: ix})
					}
				}
				for _, ck := range from.Checks {
					drops = append(drops, change.DropCheck{Table: tasks, Check: ck})
					adds = append(adds, change.AddCheck{Table: tasks, Check: ck})
				}
				e, _ := target.Enum(st)
				old, _ := live.Enum(st)
				return slices.Concat(drops, []change.Change{change.AlterEnum{Enum: st, From: old.Values, To: e.Values,
					Columns: []change.EnumColumn{{Table: tasks, Column: "s", Default: "'todo'::st", OldDefault: "'todo'::st"}}}}, adds)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := pgtest.DB(t)
			mustExec(t, db, enumSetup)
			live := inspect(t, db)
			target := live.Clone()
			e, _ := target.Enum(st)
			e.Values = []string{"todo", "doing", "blocked", "done"}

			up := tc.up(t, live, target)
			down, ok := change.ReverseAll(up)
			if !ok {
				t.Fatal("the upgrade does not reverse")
			}
			onlineUp, onlineDown := plan.Online(up), plan.Online(down)
			if tc.wantSteps > 0 && len(onlineUp) != tc.wantSteps {
				t.Errorf("the online upgrade has %d steps, want %d: %v", len(onlineUp), tc.wantSteps, onlineUp)
			}
			for i, hs := range change.Hazards(onlineUp, plan.NeedsNoTransaction(onlineUp)) {
				if len(hs) > 0 {
					t.Errorf("online upgrade step %s has hazards %v", change.Describe(onlineUp[i]), hs)
				}
			}

			runEach(ctx, t, db, onlineUp)
			assertCatalog(t, db, "after the online upgrade", target)
			if _, err := db.Exec(`UPDATE tasks SET s = 'blocked' WHERE id % 7 = 0`); err != nil {
				t.Fatal(err)
			}
			// A row holds the value: the downgrade fails, and changes
			// nothing (an old file's downgrade fails at the rebuild,
			// after the steps before it, which a rerun resumes after).
			if tc.wantSteps > 0 {
				if err := runEachErr(ctx, db, onlineDown); err == nil {
					t.Fatal("the downgrade removed value blocked while rows hold it")
				}
				assertCatalog(t, db, "after a failed online downgrade", target)
			}
			if _, err := db.Exec(`UPDATE tasks SET s = 'doing' WHERE s = 'blocked'`); err != nil {
				t.Fatal(err)
			}
			runEach(ctx, t, db, onlineDown)
			assertCatalog(t, db, "after the online downgrade", live)

			// Replay says the same.
			replayed, err := plan.Replay(live, onlineUp)
			if err != nil {
				t.Fatal(err)
			}
			if rest, err := differ.Diff(replayed, target); err != nil || len(rest) > 0 {
				t.Errorf("replaying the online upgrade leaves %v (%v)", rest, err)
			}
			if replayed, err = plan.Replay(replayed, onlineDown); err != nil {
				t.Fatal(err)
			}
			if rest, err := differ.Diff(replayed, live); err != nil || len(rest) > 0 {
				t.Errorf("replaying the online downgrade leaves %v (%v)", rest, err)
			}
		})
	}
}

func inspect(t *testing.T, db *sql.DB) *schema.Schema {
	t.Helper()
	s, err := catalog.Inspect(context.Background(), db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// assertCatalog fails the test unless the database's catalog is want.
func assertCatalog(t *testing.T, db *sql.DB, when string, want *schema.Schema) {
	t.Helper()
	got := inspect(t, db)
	rest, err := differ.Diff(got, want)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rest {
		t.Errorf("%s, left to do: %s", when, change.Describe(c))
	}
	var leftovers int
	if err := db.QueryRow(`SELECT count(*) FROM pg_type WHERE typname LIKE 'st\_\_%'`).Scan(&leftovers); err != nil || leftovers != 0 {
		t.Errorf("%s: %d leftover type(s) (%v)", when, leftovers, err)
	}
}

// runEach runs the statements of changes one by one, each committing on
// its own.
func runEach(ctx context.Context, t *testing.T, db *sql.DB, changes []change.Change) {
	t.Helper()
	if err := runEachErr(ctx, db, changes); err != nil {
		t.Fatal(err)
	}
}

func runEachErr(ctx context.Context, db *sql.DB, changes []change.Change) error {
	for _, c := range changes {
		stmts, err := change.SQL(c)
		if err != nil {
			return err
		}
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				return err
			}
		}
	}
	return nil
}
