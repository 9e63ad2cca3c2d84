package differ_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/schema"
)

// tb builds a table fluently:
//
//	tbl("users").col("id", "bigint").pk("id").uniq("email")
//
// Names of constraints and indexes follow PostgreSQL's defaults. Table
// names may be qualified ("billing.invoices"); the schema defaults to
// public.
type tb struct{ t *schema.Table }

func tbl(name string) *tb {
	q := schema.ParseQualifiedName(name)
	return &tb{t: &schema.Table{Schema: q.Schema, Name: q.Name}}
}

// col adds a NOT NULL column.
func (b *tb) col(name, typ string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ})
	return b
}

// null adds a nullable column.
func (b *tb) null(name, typ string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ, Nullable: true})
	return b
}

// def adds a NOT NULL column with a default.
func (b *tb) def(name, typ, dflt string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ, Default: dflt})
	return b
}

// ident adds a NOT NULL identity column.
func (b *tb) ident(name, typ string) *tb {
	b.t.Columns = append(b.t.Columns, &schema.Column{Name: name, Type: typ, Identity: true})
	return b
}

func (b *tb) pk(cols ...string) *tb {
	b.t.PrimaryKey = &schema.PrimaryKey{Name: schema.ConstraintName(b.t.Name, cols, "pkey"), Columns: cols}
	return b
}

// pkNamed adds a primary key with a name of its own.
func (b *tb) pkNamed(name string, cols ...string) *tb {
	b.t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols}
	return b
}

// uniqNamed adds a unique constraint with a name of its own.
func (b *tb) uniqNamed(name string, cols ...string) *tb {
	b.t.Uniques = append(b.t.Uniques, &schema.Unique{Name: name, Columns: cols})
	return b
}

func (b *tb) uniq(cols ...string) *tb {
	b.t.Uniques = append(b.t.Uniques, &schema.Unique{Name: schema.ConstraintName(b.t.Name, cols, "key"), Columns: cols})
	return b
}

func (b *tb) idx(cols ...string) *tb {
	b.t.Indexes = append(b.t.Indexes, &schema.Index{Name: schema.ConstraintName(b.t.Name, cols, "idx"), Columns: cols})
	return b
}

// uidx adds a unique index; it has the same name as idx over cols.
func (b *tb) uidx(cols ...string) *tb {
	b.idx(cols...)
	b.t.Indexes[len(b.t.Indexes)-1].Unique = true
	return b
}

// fk adds a foreign key from col to ref, written "table.column" or
// "schema.table.column".
func (b *tb) fk(col, ref string) *tb {
	i := strings.LastIndexByte(ref, '.')
	q := schema.ParseQualifiedName(ref[:i])
	b.t.ForeignKeys = append(b.t.ForeignKeys, &schema.ForeignKey{
		Name:    schema.ConstraintName(b.t.Name, []string{col}, "fkey"),
		Columns: []string{col}, RefSchema: q.Schema, RefTable: q.Name, RefColumns: []string{ref[i+1:]},
	})
	return b
}

// fkCols adds a multi-column foreign key.
func (b *tb) fkCols(cols []string, ref string, refCols []string) *tb {
	q := schema.ParseQualifiedName(ref)
	b.t.ForeignKeys = append(b.t.ForeignKeys, &schema.ForeignKey{
		Name:    schema.ConstraintName(b.t.Name, cols, "fkey"),
		Columns: cols, RefSchema: q.Schema, RefTable: q.Name, RefColumns: refCols,
	})
	return b
}

// onDelete sets the delete action of the last foreign key.
func (b *tb) onDelete(action string) *tb {
	b.t.ForeignKeys[len(b.t.ForeignKeys)-1].OnDelete = action
	return b
}

// build returns a copy of the table, so that a builder can serve several
// fixtures.
func (b *tb) build() *schema.Table { return b.t.Clone() }

// noIndexes returns the table without indexes, as CREATE TABLE holds it.
func (b *tb) noIndexes() *schema.Table {
	t := b.build()
	t.Indexes = nil
	return t
}

// noFKs returns the table without indexes and foreign keys.
func (b *tb) noFKs() *schema.Table {
	t := b.noIndexes()
	t.ForeignKeys = nil
	return t
}

// db builds a schema of tables; named schemas come from the tables.
func db(tables ...*tb) *schema.Schema {
	s := &schema.Schema{}
	for _, b := range tables {
		t := b.build()
		if t.Schema != schema.DefaultSchema {
			s.Schemas = append(s.Schemas, t.Schema)
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

func qn(name string) schema.QualifiedName { return schema.ParseQualifiedName(name) }

// Fixture tables.
func users() *tb { return tbl("users").ident("id", "bigint").col("email", "text").pk("id") }

func ab() (*tb, *tb) {
	a := tbl("a").col("id", "bigint").null("b_id", "bigint").pk("id").fk("b_id", "b.id")
	b := tbl("b").col("id", "bigint").null("a_id", "bigint").pk("id").fk("a_id", "a.id").onDelete("set null")
	return a, b
}

type diffCase struct {
	name            string
	from, to        *schema.Schema
	want            []change.Change
	wantErrContains string
}

func diffCases() []diffCase {
	a, b := ab()
	emp := tbl("emp").col("id", "bigint").null("manager_id", "bigint").pk("id").fk("manager_id", "emp.id")
	orders := tbl("orders").col("id", "bigint").col("user_id", "bigint").pk("id").fk("user_id", "users.id").onDelete("cascade").idx("user_id")
	inv := tbl("billing.inv").col("id", "bigint").col("number", "text").pk("id").uniq("number")
	withIdx := users().idx("email")
	return []diffCase{
		{name: "empty to empty", from: db(), to: db(), want: nil},
		{name: "nil to nil", from: nil, to: nil, want: nil},
		{name: "same", from: db(users(), orders), to: db(users(), orders), want: nil},
		{
			name:            "empty schema name is refused: names are canonical",
			from:            &schema.Schema{Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "x", Type: "int"}}}}},
			to:              db(tbl("t").col("x", "int")),
			wantErrContains: `from schema: schema: table "t" has an empty schema name`,
		},
		{
			name: "create table",
			from: db(),
			to:   db(withIdx),
			want: []change.Change{
				change.CreateTable{Table: withIdx.noIndexes()},
				change.CreateIndex{Table: qn("public.users"), Index: withIdx.build().Indexes[0]},
			},
		},
		{
			name: "create table from nil",
			from: nil,
			to:   db(users()),
			want: []change.Change{change.CreateTable{Table: users().build()}},
		},
		{
			name: "drop table",
			from: db(withIdx),
			to:   db(),
			want: []change.Change{
				change.DropIndex{Table: qn("public.users"), Index: withIdx.build().Indexes[0]},
				change.DropTable{Table: withIdx.noIndexes()},
			},
		},
		{
			name: "add column",
			from: db(users()),
			to:   db(users().null("name", "text")),
			want: []change.Change{change.AddColumn{Table: qn("users"), Column: &schema.Column{Name: "name", Type: "text", Nullable: true}}},
		},
		{
			name: "drop column",
			from: db(users().def("n", "integer", "0")),
			to:   db(users()),
			want: []change.Change{change.DropColumn{Table: qn("users"), Column: &schema.Column{Name: "n", Type: "integer", Default: "0"}}},
		},
		{
			name: "alter column",
			from: db(tbl("t").col("a", "integer").col("b", "text")),
			to:   db(tbl("t").null("a", "bigint").def("b", "text", "'x'")),
			want: []change.Change{
				change.AlterColumn{Table: qn("t"), From: &schema.Column{Name: "a", Type: "integer"}, To: &schema.Column{Name: "a", Type: "bigint", Nullable: true}},
				change.AlterColumn{Table: qn("t"), From: &schema.Column{Name: "b", Type: "text"}, To: &schema.Column{Name: "b", Type: "text", Default: "'x'"}},
			},
		},
		{
			name: "add, drop and alter columns in one table",
			from: db(tbl("t").col("keep", "int").col("gone", "int").col("change", "int")),
			to:   db(tbl("t").col("keep", "int").null("change", "int").col("new", "int")),
			want: []change.Change{
				change.DropColumn{Table: qn("t"), Column: &schema.Column{Name: "gone", Type: "int"}},
				change.AlterColumn{Table: qn("t"), From: &schema.Column{Name: "change", Type: "int"}, To: &schema.Column{Name: "change", Type: "int", Nullable: true}},
				change.AddColumn{Table: qn("t"), Column: &schema.Column{Name: "new", Type: "int"}},
			},
		},
		{
			name: "add index",
			from: db(users()),
			to:   db(withIdx),
			want: []change.Change{change.CreateIndex{Table: qn("users"), Index: &schema.Index{Name: "users_email_idx", Columns: []string{"email"}}}},
		},
		{
			name: "drop index",
			from: db(withIdx),
			to:   db(users()),
			want: []change.Change{change.DropIndex{Table: qn("users"), Index: &schema.Index{Name: "users_email_idx", Columns: []string{"email"}}}},
		},
		{
			name: "index made unique",
			from: db(withIdx),
			to:   db(users().uidx("email")),
			want: []change.Change{
				change.DropIndex{Table: qn("users"), Index: &schema.Index{Name: "users_email_idx", Columns: []string{"email"}}},
				change.CreateIndex{Table: qn("users"), Index: &schema.Index{Name: "users_email_idx", Columns: []string{"email"}, Unique: true}},
			},
		},
		{
			name: "index columns changed",
			from: db(tbl("t").col("a", "int").col("b", "int").idx("a")),
			to: &schema.Schema{Tables: []*schema.Table{{
				Schema: "public", Name: "t", Columns: []*schema.Column{{Name: "a", Type: "int"}, {Name: "b", Type: "int"}},
				Indexes: []*schema.Index{{Name: "t_a_idx", Columns: []string{"a", "b"}}},
			}}},
			want: []change.Change{
				change.DropIndex{Table: qn("t"), Index: &schema.Index{Name: "t_a_idx", Columns: []string{"a"}}},
				change.CreateIndex{Table: qn("t"), Index: &schema.Index{Name: "t_a_idx", Columns: []string{"a", "b"}}},
			},
		},
		{
			name: "add unique",
			from: db(users()),
			to:   db(users().uniq("email")),
			want: []change.Change{change.AddUnique{Table: qn("users"), Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
		},
		{
			name: "drop unique",
			from: db(users().uniq("email")),
			to:   db(users()),
			want: []change.Change{change.DropUnique{Table: qn("users"), Unique: &schema.Unique{Name: "users_email_key", Columns: []string{"email"}}}},
		},
		{
			name: "primary key columns changed",
			from: db(tbl("t").col("a", "int").col("b", "int").pk("a")),
			to:   db(tbl("t").col("a", "int").col("b", "int").pk("a", "b")),
			want: []change.Change{
				change.DropPrimaryKey{Table: qn("t"), PrimaryKey: &schema.PrimaryKey{Name: "t_pkey", Columns: []string{"a"}}},
				change.AddPrimaryKey{Table: qn("t"), PrimaryKey: &schema.PrimaryKey{Name: "t_pkey", Columns: []string{"a", "b"}}},
			},
		},
		{
			name: "primary key added",
			from: db(tbl("t").col("a", "int")),
			to:   db(tbl("t").col("a", "int").pk("a")),
			want: []change.Change{change.AddPrimaryKey{Table: qn("t"), PrimaryKey: &schema.PrimaryKey{Name: "t_pkey", Columns: []string{"a"}}}},
		},
		{
			name: "new schema and table in it",
			from: db(),
			to:   db(inv),
			want: []change.Change{change.CreateSchema{Name: "billing"}, change.CreateTable{Table: inv.build()}},
		},
		{
			name: "table in a schema its source did not list",
			from: db(),
			to:   &schema.Schema{Tables: []*schema.Table{inv.build()}},
			want: []change.Change{change.CreateSchema{Name: "billing"}, change.CreateTable{Table: inv.build()}},
		},
		{
			name: "empty new schema",
			from: db(),
			to:   &schema.Schema{Schemas: []string{"public", "z", "a"}},
			want: []change.Change{change.CreateSchema{Name: "a"}, change.CreateSchema{Name: "z"}},
		},
		{
			name: "dropped schema",
			from: db(inv, users()),
			to:   db(users()),
			want: []change.Change{change.DropTable{Table: inv.build()}, change.DropSchema{Name: "billing"}},
		},
		{
			name: "add foreign key",
			from: db(users(), tbl("orders").col("id", "bigint").col("user_id", "bigint").pk("id")),
			to:   db(users(), orders),
			want: []change.Change{
				change.CreateIndex{Table: qn("orders"), Index: orders.build().Indexes[0]},
				change.AddForeignKey{Table: qn("orders"), ForeignKey: orders.build().ForeignKeys[0]},
			},
		},
		{
			name: "drop foreign key",
			from: db(users(), orders),
			to:   db(users(), tbl("orders").col("id", "bigint").col("user_id", "bigint").pk("id").idx("user_id")),
			want: []change.Change{change.DropForeignKey{Table: qn("orders"), ForeignKey: orders.build().ForeignKeys[0]}},
		},
		{
			name: "foreign key action changed",
			from: db(users(), orders),
			to:   db(users(), tbl("orders").col("id", "bigint").col("user_id", "bigint").pk("id").fk("user_id", "users.id").onDelete("restrict").idx("user_id")),
			want: []change.Change{
				change.DropForeignKey{Table: qn("orders"), ForeignKey: orders.build().ForeignKeys[0]},
				change.AddForeignKey{Table: qn("orders"), ForeignKey: &schema.ForeignKey{
					Name: "orders_user_id_fkey", Columns: []string{"user_id"}, RefSchema: "public", RefTable: "users", RefColumns: []string{"id"}, OnDelete: "restrict",
				}},
			},
		},
		{
			name: "foreign key action spelling is no change",
			from: db(users(), orders),
			to:   db(users(), tbl("orders").col("id", "bigint").col("user_id", "bigint").pk("id").fk("user_id", "users.id").onDelete(" CASCADE ").idx("user_id")),
			want: nil,
		},
		{
			name: "no action is the default",
			from: db(users(), tbl("o").col("u", "bigint").fk("u", "users.id")),
			to:   db(users(), tbl("o").col("u", "bigint").fk("u", "users.id").onDelete("no action")),
			want: nil,
		},
		{
			name: "two new tables referencing each other",
			from: db(),
			to:   db(b, a),
			want: []change.Change{
				change.CreateTable{Table: a.noFKs()},
				change.CreateTable{Table: b.build()},
				change.AddForeignKey{Table: qn("a"), ForeignKey: a.build().ForeignKeys[0]},
			},
		},
		{
			name: "self-referencing foreign key stays inline",
			from: db(),
			to:   db(emp),
			want: []change.Change{change.CreateTable{Table: emp.build()}},
		},
		{
			name: "new table referencing an existing table",
			from: db(users()),
			to:   db(users(), orders),
			want: []change.Change{
				change.CreateTable{Table: orders.noIndexes()},
				change.CreateIndex{Table: qn("orders"), Index: orders.build().Indexes[0]},
			},
		},
		{
			name: "new tables created after the tables they reference",
			from: db(),
			to:   db(tbl("accounts").col("zone", "int").fk("zone", "zones.id"), tbl("zones").col("id", "int").pk("id")),
			want: []change.Change{
				change.CreateTable{Table: tbl("zones").col("id", "int").pk("id").build()},
				change.CreateTable{Table: tbl("accounts").col("zone", "int").fk("zone", "zones.id").build()},
			},
		},
		{
			name: "new table in a new schema referencing a new table in public",
			from: db(),
			to:   db(tbl("billing.inv").col("u", "bigint").fk("u", "users.id"), users()),
			want: []change.Change{
				change.CreateSchema{Name: "billing"},
				change.CreateTable{Table: users().build()},
				change.CreateTable{Table: tbl("billing.inv").col("u", "bigint").fk("u", "users.id").build()},
			},
		},
		{
			name: "drop of two tables referencing each other",
			from: db(a, b),
			to:   db(),
			want: []change.Change{
				change.DropForeignKey{Table: qn("b"), ForeignKey: b.build().ForeignKeys[0]},
				change.DropForeignKey{Table: qn("a"), ForeignKey: a.build().ForeignKeys[0]},
				change.DropTable{Table: b.noFKs()},
				change.DropTable{Table: a.noFKs()},
			},
		},
		{
			name: "drop of a self-referencing table keeps its foreign key",
			from: db(emp),
			to:   db(),
			want: []change.Change{change.DropTable{Table: emp.build()}},
		},
		{
			name: "new table referenced by a new foreign key of an existing table",
			from: db(tbl("t").col("x", "int")),
			to:   db(tbl("t").col("x", "int").fk("x", "n.id"), tbl("n").col("id", "int").pk("id")),
			want: []change.Change{
				change.CreateTable{Table: tbl("n").col("id", "int").pk("id").build()},
				change.AddForeignKey{Table: qn("t"), ForeignKey: &schema.ForeignKey{Name: "t_x_fkey", Columns: []string{"x"}, RefSchema: "public", RefTable: "n", RefColumns: []string{"id"}}},
			},
		},
		{
			name: "primary key renamed under a foreign key is a rename",
			from: db(users(), tbl("orders").col("u", "bigint").fk("u", "users.id")),
			to:   db(tbl("users").ident("id", "bigint").col("email", "text").pkNamed("users_pk", "id"), tbl("orders").col("u", "bigint").fk("u", "users.id")),
			want: []change.Change{
				change.RenameConstraint{Table: qn("users"), From: "users_pkey", To: "users_pk"},
			},
		},
		{
			name: "unique constraint replaced by a unique index under a foreign key",
			from: db(tbl("t").col("a", "int").col("b", "int").uniq("a", "b"), tbl("r").col("a", "int").col("b", "int").fkCols([]string{"b", "a"}, "t", []string{"b", "a"})),
			to:   db(tbl("t").col("a", "int").col("b", "int").uidx("a", "b"), tbl("r").col("a", "int").col("b", "int").fkCols([]string{"b", "a"}, "t", []string{"b", "a"})),
			want: []change.Change{
				change.DropForeignKey{Table: qn("r"), ForeignKey: &schema.ForeignKey{Name: "r_b_a_fkey", Columns: []string{"b", "a"}, RefSchema: "public", RefTable: "t", RefColumns: []string{"b", "a"}}},
				change.DropUnique{Table: qn("t"), Unique: &schema.Unique{Name: "t_a_b_key", Columns: []string{"a", "b"}}},
				change.CreateIndex{Table: qn("t"), Index: &schema.Index{Name: "t_a_b_idx", Columns: []string{"a", "b"}, Unique: true}},
				change.AddForeignKey{Table: qn("r"), ForeignKey: &schema.ForeignKey{Name: "r_b_a_fkey", Columns: []string{"b", "a"}, RefSchema: "public", RefTable: "t", RefColumns: []string{"b", "a"}}},
			},
		},
		{
			name: "foreign key to a unique index of a new table waits for the index",
			from: db(),
			to:   db(tbl("r").col("c", "int").fk("c", "t.c"), tbl("t").col("c", "int").uidx("c")),
			want: []change.Change{
				change.CreateTable{Table: tbl("t").col("c", "int").build()},
				change.CreateTable{Table: tbl("r").col("c", "int").build()},
				change.CreateIndex{Table: qn("t"), Index: &schema.Index{Name: "t_c_idx", Columns: []string{"c"}, Unique: true}},
				change.AddForeignKey{Table: qn("r"), ForeignKey: &schema.ForeignKey{Name: "r_c_fkey", Columns: []string{"c"}, RefSchema: "public", RefTable: "t", RefColumns: []string{"c"}}},
			},
		},
		{
			name: "foreign key to a key that is not dropped is left alone",
			from: db(tbl("t").col("a", "int").col("b", "int").pk("a").uniq("b"), tbl("r").col("a", "int").fk("a", "t.a")),
			to:   db(tbl("t").col("a", "int").col("b", "int").pk("a"), tbl("r").col("a", "int").fk("a", "t.a")),
			want: []change.Change{change.DropUnique{Table: qn("t"), Unique: &schema.Unique{Name: "t_b_key", Columns: []string{"b"}}}},
		},
		{
			name:            "invalid from",
			from:            db(users(), users()),
			to:              db(),
			wantErrContains: "differ: from schema: schema: duplicate table users",
		},
		{
			name:            "invalid to",
			from:            db(),
			to:              db(tbl("t").col("a", "int").idx("b")),
			wantErrContains: `differ: to schema: schema: table t: index "t_b_idx" names unknown column "b"`,
		},
	}
}

func TestDiff(t *testing.T) {
	t.Parallel()
	for _, tc := range append(diffCases(), objectCases()...) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fromCopy, toCopy := tc.from.Clone(), tc.to.Clone()
			if tc.from == nil {
				fromCopy = nil
			}
			if tc.to == nil {
				toCopy = nil
			}
			got, err := differ.Diff(tc.from, tc.to)
			if tc.wantErrContains != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrContains) {
					t.Fatalf("Diff = %v, %v; want error containing %q", got, err, tc.wantErrContains)
				}
				return
			}
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}

			// Properties.
			if diff := cmp.Diff(fromCopy, tc.from); diff != "" {
				t.Errorf("Diff modified from (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(toCopy, tc.to); diff != "" {
				t.Errorf("Diff modified to (-before +after):\n%s", diff)
			}
			again, err := differ.Diff(tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, again, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Diff is not deterministic (-first +second):\n%s", diff)
			}
			if _, ok := change.ReverseAll(got); !ok {
				t.Errorf("ReverseAll(Diff) not ok")
			}
			for _, s := range []*schema.Schema{tc.from, tc.to} {
				if same, err := differ.Diff(s, s.Clone()); err != nil || len(same) != 0 {
					t.Errorf("Diff of a schema with itself = %v, %v; want nothing", same, err)
				}
			}
			// Every change renders.
			for _, c := range got {
				if _, err := change.SQL(c); err != nil {
					t.Errorf("SQL(%T): %v", c, err)
				}
			}
		})
	}
}

// TestDiffSharesNoPointers checks that changing a change's definitions
// leaves the inputs alone.
func TestDiffSharesNoPointers(t *testing.T) {
	t.Parallel()
	from := db(tbl("t").col("a", "int"))
	to := db(tbl("t").null("a", "bigint").idx("a"), tbl("u").col("x", "int"))
	before := to.Clone()
	got, err := differ.Diff(from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got {
		switch c := c.(type) {
		case change.AlterColumn:
			c.To.Type = "changed"
			c.From.Type = "changed"
		case change.CreateTable:
			c.Table.Name = "changed"
			c.Table.Columns[0].Name = "changed"
		case change.CreateIndex:
			c.Index.Columns[0] = "changed"
		}
	}
	if diff := cmp.Diff(before, to); diff != "" {
		t.Errorf("changes share memory with the input (-before +after):\n%s", diff)
	}
	if from.Tables[0].Columns[0].Type != "int" {
		t.Errorf("changes share memory with from")
	}
}
