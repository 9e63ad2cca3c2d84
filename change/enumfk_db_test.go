package change_test

import (
	"context"
	"slices"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestAlterEnumRebuildKeepsForeignKeys (found by the generative test of
// issue 12, seed 40022): a rebuild converts the columns of the type one
// table at a time, and a foreign key between a column of the type and one
// of another table (or of the same one) broke the conversion of the
// first side ("foreign key constraint ... cannot be implemented"). The
// rebuild sets such foreign keys aside and puts them back, as they were
// (actions, NOT VALID), and the rows stay.
func TestAlterEnumRebuildKeepsForeignKeys(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TYPE st AS ENUM ('a', 'b', 'c');
		CREATE TABLE p (k st PRIMARY KEY, up st REFERENCES p (k));
		CREATE TABLE c (id int, r st REFERENCES p (k) ON DELETE SET NULL, rs st[]);
		ALTER TABLE c ADD CONSTRAINT c_r_nv FOREIGN KEY (r) REFERENCES p (k) NOT VALID;
		INSERT INTO p VALUES ('a', NULL), ('c', 'a');
		INSERT INTO c VALUES (1, 'c', '{a,c}'), (2, 'a', NULL)`); err != nil {
		t.Fatal(err)
	}
	defs := func() []string {
		rows, err := db.QueryContext(ctx, `SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	before := defs()
	c := change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "st"},
		Drop: []change.EnumValue{{Value: "b", After: "a"}}, Add: []change.EnumValue{{Value: "d"}}}
	stmts, err := change.SQL(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range stmts {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	if after := defs(); !slices.Equal(before, after) {
		t.Errorf("foreign keys before the rebuild:\n%q\nafter:\n%q", before, after)
	}
	var rows string
	if err := db.QueryRowContext(ctx, `SELECT string_agg(concat_ws(':', id, r, rs), ' ' ORDER BY id) FROM c`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != "1:c:{a,c} 2:a" {
		t.Errorf("rows of c after the rebuild: %q", rows)
	}
	var values string
	if err := db.QueryRowContext(ctx, `SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'st'::regtype`).Scan(&values); err != nil {
		t.Fatal(err)
	}
	if values != "a,c,d" {
		t.Errorf("values after the rebuild: %s, want a,c,d", values)
	}
}
