package change_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestOrderEnumOnDatabase runs the statement of an OrderEnum on
// PostgreSQL: values already in order are left alone (the type keeps its
// oid, nothing is rebuilt); the same values in another order are put in
// order by a rebuild that keeps the rows, and the index, check and
// default that use the type; other values fail, naming both lists, and
// change nothing. Replay agrees with each outcome.
func TestOrderEnumOnDatabase(t *testing.T) {
	t.Parallel()
	st := schema.QualifiedName{Schema: "public", Name: "st"}
	const setup = `CREATE SCHEMA ops;
CREATE TABLE tasks (id int PRIMARY KEY, title text NOT NULL DEFAULT '', s st NOT NULL DEFAULT 'b', hist st[],
	CONSTRAINT tasks_s_not_c CHECK (s <> 'c' OR title <> ''),
	CONSTRAINT tasks_title_short CHECK (length(title) < 100));
CREATE INDEX tasks_open ON tasks (id) WHERE s <> 'c';
CREATE INDEX tasks_s ON tasks (s);
INSERT INTO tasks VALUES (1, 't', 'a', '{a,c}'), (2, 'u', 'c', '{c}'), (3, DEFAULT, DEFAULT, NULL);`
	tests := []struct {
		name string
		// values are the type's values on the database, in order.
		values []string
		want   []string
		// wantErr, when set, is in the error, and nothing may change.
		wantErr string
	}{
		{name: "already in order", values: []string{"a", "b", "c"}, want: []string{"a", "b", "c"}},
		{name: "another order", values: []string{"a", "c", "b"}, want: []string{"a", "b", "c"}},
		{name: "reversed", values: []string{"c", "b", "a"}, want: []string{"a", "b", "c"}},
		{name: "a value more", values: []string{"a", "c", "b", "d"}, want: []string{"a", "b", "c"},
			wantErr: `enum "public"."st" holds the values (a, c, b, d), not the values to put in order (a, b, c)`},
		{name: "a value less", values: []string{"c", "a"}, want: []string{"a", "b", "c"},
			wantErr: `enum "public"."st" holds the values (c, a), not the values to put in order (a, b, c)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			ctx := context.Background()
			create := change.CreateEnum{Enum: &schema.Enum{Schema: st.Schema, Name: st.Name, Values: tc.values}}
			if err := runChange(ctx, db, create); err != nil {
				t.Fatal(err)
			}
			setupSQL := setup
			if !slices.Contains(tc.values, "b") {
				setupSQL = strings.NewReplacer("DEFAULT 'b'", "DEFAULT 'a'").Replace(setupSQL)
			}
			mustExec(t, db, setupSQL)
			typeOID := func() uint32 {
				var oid uint32
				if err := db.QueryRow(`SELECT 'st'::regtype::oid`).Scan(&oid); err != nil {
					t.Fatal(err)
				}
				return oid
			}
			oidBefore, oids := typeOID(), objectOIDs(t, db)
			c := change.OrderEnum{Enum: st, Values: tc.want, Tables: []schema.QualifiedName{{Schema: "public", Name: "tasks"}}}
			replayed, replayErr := plan.Replay(&schema.Schema{Enums: []*schema.Enum{create.Enum}}, []change.Change{c})
			err := runChange(ctx, db, c)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tc.wantErr)
				}
				if replayErr == nil {
					t.Errorf("replay accepts what the database refuses")
				}
				if got := enumLabels(t, db, "st"); !slices.Equal(got, tc.values) {
					t.Errorf("a failed change left the values %v, want %v", got, tc.values)
				}
				if typeOID() != oidBefore {
					t.Errorf("a failed change replaced the type")
				}
				if diff := cmp.Diff(oids, objectOIDs(t, db)); diff != "" {
					t.Errorf("a failed change changed objects (-before +after):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if replayErr != nil {
				t.Fatalf("replay: %v", replayErr)
			}
			got := enumLabels(t, db, "st")
			if e, _ := replayed.Enum(st); !slices.Equal(got, tc.want) || !slices.Equal(e.Values, tc.want) {
				t.Errorf("values %v, want %v; replay says %v", got, tc.want, e.Values)
			}
			after := objectOIDs(t, db)
			if slices.Equal(tc.values, tc.want) {
				// In order already: nothing rebuilt.
				if typeOID() != oidBefore {
					t.Errorf("values in order, yet the type was rebuilt")
				}
				if diff := cmp.Diff(oids, after); diff != "" {
					t.Errorf("values in order, yet objects were replaced (-before +after):\n%s", diff)
				}
			} else if typeOID() == oidBefore {
				t.Errorf("the type was not rebuilt")
			}
			for name := range oids {
				if _, ok := after[name]; !ok {
					t.Errorf("%s is gone after the change", name)
				}
			}
			if after["tasks_title_short"] != oids["tasks_title_short"] {
				t.Errorf("tasks_title_short does not use the type, yet the change replaced it")
			}
			var defs string
			if err := db.QueryRow(`SELECT string_agg(pg_get_constraintdef(oid), '; ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'tasks'::regclass`).Scan(&defs); err != nil {
				t.Fatal(err)
			}
			if want := "CHECK (((s <> 'c'::st) OR (title <> ''::text)))"; !strings.Contains(defs, want) {
				t.Errorf("constraints after the change lack %s: %s", want, defs)
			}
			var idx, def string
			if err := db.QueryRow(`SELECT pg_get_indexdef('tasks_open'::regclass)`).Scan(&idx); err != nil || !strings.Contains(idx, "WHERE (s <> 'c'::st)") {
				t.Errorf("index tasks_open after the change: %q (%v)", idx, err)
			}
			if err := db.QueryRow(`SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'tasks'::regclass AND a.attname = 's'`).Scan(&def); err != nil || def != "'b'::st" {
				t.Errorf("default of tasks.s after the change: %q (%v)", def, err)
			}
			// The rows, their order by the type, and the order of the
			// array column's values.
			var ordered string
			if err := db.QueryRow(`SELECT string_agg(id::text || ':' || s::text || ':' || coalesce(hist::text, '-'), ' ' ORDER BY s, id) FROM tasks`).Scan(&ordered); err != nil {
				t.Fatal(err)
			}
			if want := "1:a:{a,c} 3:b:- 2:c:{c}"; ordered != want {
				t.Errorf("rows ordered by the type: %q, want %q", ordered, want)
			}
			// Running it again changes nothing.
			oidAfter := typeOID()
			if err := runChange(ctx, db, c); err != nil {
				t.Fatalf("again: %v", err)
			}
			if typeOID() != oidAfter {
				t.Errorf("run again, the change rebuilt the type")
			}
		})
	}
}

// TestOrderEnumLongName (found by review): a rebuild renames the type to
// name__old while it creates the new one; for a 63-byte name that was the
// name itself, and the rebuild failed. Names up to the limit, also of
// multibyte characters, rebuild.
func TestOrderEnumLongName(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	for i, name := range []string{strings.Repeat("e", 58), strings.Repeat("e", 59), strings.Repeat("e", 63), strings.Repeat("é", 31), strings.Repeat("€", 21)} {
		q := schema.QualifiedName{Schema: schema.DefaultSchema, Name: name}
		mustExec(t, db, `CREATE TYPE `+schema.QuoteQualified(q)+` AS ENUM ('b', 'a')`)
		mustExec(t, db, `CREATE TABLE `+schema.QuoteIdent(fmt.Sprintf("t%d", i))+` (s `+schema.QuoteQualified(q)+`)`)
		if err := runChange(ctx, db, change.OrderEnum{Enum: q, Values: []string{"a", "b"}}); err != nil {
			t.Errorf("%d bytes: %v", len(name), err)
		}
	}
}
