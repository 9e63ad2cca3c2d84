package change_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestAlterEnumOnDatabase runs enum changes on PostgreSQL, each statement
// on its own as a migration outside a transaction runs it. The type's
// values afterwards must be what Apply (and so replay) says, from the
// values the type held at run time, which may hold more than the change's
// author saw (values added on another branch). A rebuild sets aside and
// puts back exactly what uses the type in an expression: the objects that
// do not use it keep their identity (their oid). A rebuild that fails
// changes nothing.
func TestAlterEnumOnDatabase(t *testing.T) {
	t.Parallel()
	st := schema.QualifiedName{Schema: "public", Name: "st"}
	tasks := schema.QualifiedName{Schema: "public", Name: "tasks"}
	const setup = `CREATE SCHEMA ops;
CREATE TYPE st AS ENUM ('a', 'b', 'c');
CREATE TABLE tasks (id int PRIMARY KEY, title text NOT NULL DEFAULT '', s st NOT NULL DEFAULT 'a', hist st[],
	CONSTRAINT tasks_s_not_c CHECK (s <> 'c' OR title <> ''),
	CONSTRAINT tasks_s_in CHECK (s IN ('a', 'c')),
	CONSTRAINT tasks_title_short CHECK (length(title) < 100));
ALTER TABLE tasks ADD CONSTRAINT tasks_hist_nonempty CHECK (hist <> '{}'::st[]) NOT VALID;
CREATE INDEX tasks_open ON tasks (id) WHERE s <> 'c';
CREATE INDEX tasks_is_a ON tasks ((s = 'a'));
CREATE INDEX tasks_s ON tasks (s);
CREATE INDEX tasks_titled ON tasks (id) WHERE title <> '';
CREATE TABLE ops.log (id int, s st DEFAULT 'a', t text DEFAULT 'x') PARTITION BY RANGE (id);
CREATE TABLE ops.log_1 PARTITION OF ops.log FOR VALUES FROM (0) TO (100);
CREATE INDEX log_a ON ops.log (id) WHERE s = 'a';
INSERT INTO tasks VALUES (1, 't', 'a', '{a,c}'), (2, 'u', 'c', '{c}');
INSERT INTO ops.log VALUES (1, 'a'), (2, DEFAULT);`
	// What must keep its identity through a rebuild: it does not use the
	// type in an expression.
	// (An index on a column of the type alone, such as tasks_s, is
	// rebuilt by ALTER COLUMN ... TYPE itself.)
	untouched := []string{"tasks_title_short", "tasks_titled", "tasks_pkey"}

	tests := []struct {
		name string
		// extra runs after setup: what other branches did.
		extra  string
		change change.AlterEnum
		want   []string
		// wantErr, when set, is in the error, and nothing may change.
		wantErr string
	}{
		{
			name:   "append in place",
			change: alterEnum(st, []string{"a", "b", "c"}, []string{"a", "b", "c", "d"}),
			want:   []string{"a", "b", "c", "d"},
		},
		{
			name:   "appends from two branches both land at the end",
			extra:  `ALTER TYPE st ADD VALUE 'x'`,
			change: alterEnum(st, []string{"a", "b", "c"}, []string{"a", "b", "c", "d"}),
			want:   []string{"a", "b", "c", "x", "d"},
		},
		{
			name:   "rebuild drops its value and keeps one added on another branch",
			extra:  `ALTER TYPE st ADD VALUE 'x'; ALTER TYPE st ADD VALUE 'y' AFTER 'a'`,
			change: alterEnum(st, []string{"a", "b", "c"}, []string{"a", "c"}),
			want:   []string{"a", "y", "c", "x"},
		},
		{
			name:   "rebuild reorders, drops and adds, keeping another branch's value",
			extra:  `ALTER TYPE st ADD VALUE 'x'`,
			change: alterEnum(st, []string{"a", "b", "c"}, []string{"c", "a", "n"}),
			want:   []string{"c", "a", "x", "n"},
		},
		{
			name: "rebuild gives a column a new default",
			change: change.AlterEnum{Enum: st, Drop: []change.EnumValue{{Value: "b", After: "a"}},
				Columns: []change.EnumColumn{
					{Table: schema.QualifiedName{Schema: "ops", Name: "log"}, Column: "s", Default: "'c'::st", OldDefault: "'a'::st"},
					{Table: tasks, Column: "s", Default: "'a'", OldDefault: "'a'"},
					{Table: schema.QualifiedName{Schema: "public", Name: "gone"}, Column: "s", Default: "'a'", OldDefault: "'b'"},
				}},
			want: []string{"a", "c"},
		},
		{
			name:    "rebuild refused while a row holds the dropped value",
			change:  alterEnum(st, []string{"a", "b", "c"}, []string{"a", "b"}),
			wantErr: `invalid input value for enum`,
		},
		{
			name:    "rebuild of a value that another branch dropped",
			change:  change.AlterEnum{Enum: st, Drop: []change.EnumValue{{Value: "z"}}},
			wantErr: `enum "public"."st" has no label "z" to drop`,
		},
		{
			name:    "rebuild adding a value another branch added",
			extra:   `ALTER TYPE st ADD VALUE 'n'`,
			change:  change.AlterEnum{Enum: st, Add: []change.EnumValue{{Value: "n"}}, Drop: []change.EnumValue{{Value: "b", After: "a"}}},
			wantErr: `enum label "n" already exists`,
		},
		{
			name:    "rebuild next to a value another branch dropped",
			change:  change.AlterEnum{Enum: st, Add: []change.EnumValue{{Value: "n", After: "q"}}, Drop: []change.EnumValue{{Value: "b", After: "a"}}},
			wantErr: `"q" is not an existing enum label`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, _ := pgtest.DB(t)
			mustExec(t, db, setup)
			if tc.extra != "" {
				mustExec(t, db, tc.extra)
			}
			before := enumLabels(t, db, "st")
			oids := objectOIDs(t, db)
			want, applyErr := tc.change.Apply(before)
			err := runChange(ctx, db, tc.change)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tc.wantErr)
				}
				if applyErr == nil && !strings.Contains(tc.wantErr, "invalid input value") {
					t.Errorf("Apply accepts what the database refuses: %v", want)
				}
				if got := enumLabels(t, db, "st"); !slices.Equal(got, before) {
					t.Errorf("a failed change left the values %v, want %v", got, before)
				}
				if diff := cmp.Diff(oids, objectOIDs(t, db)); diff != "" {
					t.Errorf("a failed change changed objects (-before +after):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if applyErr != nil {
				t.Fatalf("Apply: %v", applyErr)
			}
			got := enumLabels(t, db, "st")
			if !slices.Equal(got, tc.want) || !slices.Equal(got, want) {
				t.Errorf("values %v; want %v, and Apply says %v", got, tc.want, want)
			}
			after := objectOIDs(t, db)
			for _, name := range untouched {
				if after[name] != oids[name] {
					t.Errorf("%s does not use the type, yet the change replaced it", name)
				}
			}
			for name := range oids {
				if _, ok := after[name]; !ok {
					t.Errorf("%s is gone after the change", name)
				}
			}
			if !tc.change.Rebuilds() {
				if diff := cmp.Diff(oids, after); diff != "" {
					t.Errorf("adding values in place touched objects (-before +after):\n%s", diff)
				}
			}
			var leftovers int
			if err := db.QueryRow(`SELECT count(*) FROM pg_type WHERE typname LIKE 'st\_\_%'`).Scan(&leftovers); err != nil || leftovers != 0 {
				t.Errorf("%d leftover type(s) (%v)", leftovers, err)
			}
			// The saved definitions came back as they were, and the rows
			// are there.
			var defs string
			if err := db.QueryRow(`SELECT string_agg(pg_get_constraintdef(oid), '; ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'tasks'::regclass`).Scan(&defs); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"CHECK (((s <> 'c'::st) OR (title <> ''::text)))", "NOT VALID", "CHECK ((s = ANY (ARRAY['a'::st, 'c'::st])))"} {
				if !strings.Contains(defs, want) {
					t.Errorf("constraints after the change lack %s: %s", want, defs)
				}
			}
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM tasks WHERE s = 'c' AND hist = '{c}'`).Scan(&n); err != nil || n != 1 {
				t.Errorf("rows after the change: %d, %v", n, err)
			}

			// The reverse change undoes it, on the values there are now:
			// the values of before, in their order where no other branch
			// added values (it puts each back where the change's author
			// saw it).
			r, _ := change.Reverse(tc.change)
			down := r.(change.AlterEnum)
			wantDown, err := down.Apply(got)
			if err != nil {
				t.Fatalf("Apply of the reverse: %v", err)
			}
			if err := runChange(ctx, db, down); err != nil {
				t.Fatalf("reverse: %v", err)
			}
			gotDown := enumLabels(t, db, "st")
			if !slices.Equal(gotDown, wantDown) || !slices.Equal(slices.Sorted(slices.Values(gotDown)), slices.Sorted(slices.Values(before))) {
				t.Errorf("after the reverse change the values are %v; want those of %v, and Apply says %v", gotDown, before, wantDown)
			}
			if tc.extra == "" && !slices.Equal(gotDown, before) {
				t.Errorf("after the reverse change the values are %v, want %v", gotDown, before)
			}
		})
	}
}

// TestAlterEnumHostileNames rebuilds enums whose names and values hold
// quotes, backslashes, percent signs and the dollar tag of the block.
func TestAlterEnumHostileNames(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	values := []string{`it's`, `a\b`, `$schemagen$`, `50%`, `"q"`, `ü`, `$schemagen1$`}
	q := schema.QualifiedName{Schema: `we"ird$schemagen$`, Name: `m%s'ood`}
	tbl := schema.QualifiedName{Schema: q.Schema, Name: `t;ab"le`}
	mustExec(t, db, `CREATE TABLE sentinel (id int)`)
	create := []change.Change{
		change.CreateSchema{Name: q.Schema},
		change.CreateEnum{Enum: &schema.Enum{Schema: q.Schema, Name: q.Name, Values: values}},
		change.CreateTable{Table: &schema.Table{Schema: tbl.Schema, Name: tbl.Name, Columns: []*schema.Column{
			{Name: `c"%1$I`, Type: schema.QuoteQualified(q), Default: schema.QuoteLiteral(`it's`) + "::" + schema.QuoteQualified(q)},
		}}},
	}
	for _, c := range create {
		if err := runChange(ctx, db, c); err != nil {
			t.Fatal(err)
		}
	}
	to := []string{`$schemagen1$`, `it's`, `a\b`, `50%`, `'); DROP TABLE sentinel; --`}
	c := alterEnum(q, values, to)
	c.Columns = []change.EnumColumn{{Table: tbl, Column: `c"%1$I`, Default: schema.QuoteLiteral(`a\b`) + "::" + schema.QuoteQualified(q), OldDefault: "x"}}
	if err := runChange(ctx, db, c); err != nil {
		t.Fatal(err)
	}
	var got []string
	rows, err := db.Query(`SELECT enumlabel FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`, schema.QuoteQualified(q))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(to, got); diff != "" {
		t.Errorf("values after the rebuild (-want +got):\n%s", diff)
	}
	var def string
	if err := db.QueryRow(`SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = $1::regclass`, schema.QuoteQualified(tbl)).Scan(&def); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(def, `'a\b'`) {
		t.Errorf("default after the rebuild: %s", def)
	}
	// Putting the values in another order, then failing on a list of
	// other values, with the same names.
	reordered := slices.Clone(to)
	slices.Reverse(reordered)
	if err := runChange(ctx, db, change.OrderEnum{Enum: q, Values: reordered, Tables: []schema.QualifiedName{tbl}}); err != nil {
		t.Fatal(err)
	}
	if got := enumLabels(t, db, schema.QuoteQualified(q)); !slices.Equal(got, reordered) {
		t.Errorf("values after OrderEnum: %v, want %v", got, reordered)
	}
	if err := runChange(ctx, db, change.OrderEnum{Enum: q, Values: append(slices.Clone(to), `'); DROP TABLE sentinel; --2`)}); err == nil {
		t.Errorf("OrderEnum with a value more than the type's: no error")
	}
	mustExec(t, db, `SELECT count(*) FROM sentinel`)
}

// alterEnum is the change that the differ makes from from to to.
func alterEnum(q schema.QualifiedName, from, to []string) change.AlterEnum {
	add, drop := change.EnumDiff(from, to)
	return change.AlterEnum{Enum: q, Add: add, Drop: drop}
}

// runChange runs the statements of c one by one, each committing on its
// own.
func runChange(ctx context.Context, db *sql.DB, c change.Change) error {
	stmts, err := change.SQL(c)
	if err != nil {
		return err
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func mustExec(t *testing.T, db *sql.DB, stmt string) {
	t.Helper()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func enumLabels(t *testing.T, db *sql.DB, typ string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT enumlabel FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`, typ)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// objectOIDs returns the oid of every index and constraint of the
// database's tables, and of every column default, by name.
func objectOIDs(t *testing.T, db *sql.DB) map[string]uint32 {
	t.Helper()
	rows, err := db.Query(`SELECT c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('i', 'I') AND n.nspname IN ('public', 'ops')
		UNION ALL SELECT conname, oid FROM pg_constraint WHERE conrelid <> 0 AND connamespace IN ('public'::regnamespace, 'ops'::regnamespace)
		UNION ALL SELECT 'default of ' || adrelid::regclass || '.' || adnum, oid FROM pg_attrdef`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]uint32{}
	for rows.Next() {
		var name string
		var oid uint32
		if err := rows.Scan(&name, &oid); err != nil {
			t.Fatal(err)
		}
		out[name] = oid
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
