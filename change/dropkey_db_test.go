package change_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// TestDropKeyUnderForeignKey (found by the generative test of issue 12,
// seed 300076): a foreign key depends on the one unique index of its
// referenced columns that PostgreSQL picked when the key was created, and
// dropping that index failed (2BP01) though another unique index covers
// the same columns. The drop now sets the foreign keys aside and adds
// them back, on the index that remains; when none remains, it fails as
// before and changes nothing.
func TestDropKeyUnderForeignKey(t *testing.T) {
	t.Parallel()
	t1 := schema.QualifiedName{Schema: "public", Name: "t1"}
	tests := []struct {
		name string
		// setup creates t1 with unique keys on c4, and foreign keys
		// t1_c10_fkey and t2_r_fkey on index k24.
		setup   string
		change  change.Change
		wantErr string
		// wantIndex is the index the foreign keys use after the drop.
		wantIndex string
	}{
		{
			name: "unique constraint, another covers the columns",
			// As createTableSQL renders a table with both: the
			// repeated unique constraint after the table.
			setup: `CREATE TABLE t1 (id int PRIMARY KEY, c4 bigint, c10 bigint,
					CONSTRAINT k24 UNIQUE (c4),
					CONSTRAINT t1_c10_fkey FOREIGN KEY (c10) REFERENCES t1 (c4) ON DELETE CASCADE);
				ALTER TABLE t1 ADD CONSTRAINT t1_c4_key UNIQUE (c4);`,
			change:    change.DropUnique{Table: t1, Unique: &schema.Unique{Name: "k24", Columns: []string{"c4"}}},
			wantIndex: "t1_c4_key",
		},
		{
			name: "unique index, another covers the columns",
			setup: `CREATE TABLE t1 (id int PRIMARY KEY, c4 bigint, c10 bigint, CONSTRAINT t1_c4_key UNIQUE (c4));
				CREATE UNIQUE INDEX k24 ON t1 (c4);
				ALTER TABLE t1 DROP CONSTRAINT t1_c4_key;
				ALTER TABLE t1 ADD CONSTRAINT t1_c10_fkey FOREIGN KEY (c10) REFERENCES t1 (c4) ON DELETE CASCADE;
				ALTER TABLE t1 ADD CONSTRAINT t1_c4_key UNIQUE (c4);`,
			change:    change.DropIndex{Table: t1, Index: &schema.Index{Name: "k24", Columns: []string{"c4"}, Unique: true}},
			wantIndex: "t1_c4_key",
		},
		{
			name: "primary key, a unique constraint covers the columns",
			setup: `CREATE TABLE t1 (c4 bigint CONSTRAINT k24 PRIMARY KEY, c10 bigint);
				ALTER TABLE t1 ADD CONSTRAINT t1_c10_fkey FOREIGN KEY (c10) REFERENCES t1 (c4) ON DELETE CASCADE;
				ALTER TABLE t1 ADD CONSTRAINT t1_c4_key UNIQUE (c4);`,
			change:    change.DropPrimaryKey{Table: t1, PrimaryKey: &schema.PrimaryKey{Name: "k24", Columns: []string{"c4"}}},
			wantIndex: "t1_c4_key",
		},
		{
			name: "no other index covers the columns",
			setup: `CREATE TABLE t1 (id int PRIMARY KEY, c4 bigint, c10 bigint, c11 bigint,
					CONSTRAINT k24 UNIQUE (c4), CONSTRAINT t1_c4_c11_key UNIQUE (c4, c11),
					CONSTRAINT t1_c10_fkey FOREIGN KEY (c10) REFERENCES t1 (c4) ON DELETE CASCADE);`,
			change:  change.DropUnique{Table: t1, Unique: &schema.Unique{Name: "k24", Columns: []string{"c4"}}},
			wantErr: "no unique constraint matching given keys",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			ctx := context.Background()
			// A foreign key from another table, NOT VALID, on the
			// same index.
			if _, err := db.ExecContext(ctx, tc.setup+`
				CREATE TABLE t2 (id int, r bigint);
				INSERT INTO t2 VALUES (1, 7);
				ALTER TABLE t2 ADD CONSTRAINT t2_r_fkey FOREIGN KEY (r) REFERENCES t1 (c4) NOT VALID;`); err != nil {
				t.Fatal(err)
			}
			before := foreignKeys(ctx, t, db)
			if want := "t1_c10_fkey k24 FOREIGN KEY (c10) REFERENCES t1(c4) ON DELETE CASCADE\nt2_r_fkey k24 FOREIGN KEY (r) REFERENCES t1(c4) NOT VALID"; before != want {
				t.Fatalf("foreign keys before the drop:\n%s\nwant:\n%s", before, want)
			}
			stmts, err := change.SQL(tc.change)
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) != 1 {
				t.Fatalf("SQL rendered %d statements, want 1:\n%s", len(stmts), strings.Join(stmts, "\n"))
			}
			_, err = db.ExecContext(ctx, stmts[0])
			after := foreignKeys(ctx, t, db)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("drop: error %v, want one containing %q", err, tc.wantErr)
				}
				if after != before {
					t.Errorf("foreign keys after the failed drop:\n%s\nwant them unchanged:\n%s", after, before)
				}
				return
			}
			if err != nil {
				t.Fatalf("drop: %v\n%s", err, stmts[0])
			}
			want := strings.ReplaceAll(before, " k24 ", " "+tc.wantIndex+" ")
			if after != want {
				t.Errorf("foreign keys after the drop:\n%s\nwant:\n%s", after, want)
			}
			var left bool
			if err := db.QueryRowContext(ctx, `SELECT to_regclass('k24') IS NOT NULL`).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left {
				t.Error("index k24 is still there")
			}
		})
	}
}

// foreignKeys lists the foreign keys of the database, one a line: name,
// the index they use, definition.
func foreignKeys(ctx context.Context, t *testing.T, db *sql.DB) string {
	t.Helper()
	var s string
	err := db.QueryRowContext(ctx, `SELECT coalesce(string_agg(conname || ' ' || conindid::regclass || ' ' || pg_get_constraintdef(oid), E'\n' ORDER BY conname), '')
		FROM pg_constraint WHERE contype = 'f'`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
