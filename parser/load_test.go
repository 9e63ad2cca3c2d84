package parser

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/internal/nametest"
	"github.com/schemagen/schemagen/schema"
)

// testEnv keeps the go command of the tests offline and out of any
// workspace.
var testEnv = []string{"GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=mod"}

// load runs Load on a testdata module.
func load(t *testing.T, dir string, patterns ...string) (*schema.Schema, error) {
	t.Helper()
	return Load(context.Background(), Config{Dir: dir, Env: testEnv}, patterns...)
}

// Fixture builders for the expected schema.

func table(schemaName, name string, cols ...*schema.Column) *schema.Table {
	return &schema.Table{Schema: schemaName, Name: name, Columns: cols}
}

func col(name, typ string, opts ...func(*schema.Column)) *schema.Column {
	c := &schema.Column{Name: name, Type: typ}
	for _, o := range opts {
		o(c)
	}
	return c
}

func null(c *schema.Column)     { c.Nullable = true }
func identity(c *schema.Column) { c.Identity = true }

func def(expr string) func(*schema.Column) {
	return func(c *schema.Column) { c.Default = expr }
}

func renamed(old string) func(*schema.Column) {
	return func(c *schema.Column) { c.RenamedFrom = old }
}

func comment(text string) func(*schema.Column) {
	return func(c *schema.Column) { c.Comment = text }
}

func generated(expr string) func(*schema.Column) {
	return func(c *schema.Column) { c.Generated = expr }
}

func pk(t *schema.Table, cols ...string) *schema.Table {
	t.PrimaryKey = &schema.PrimaryKey{Name: t.Name + "_pkey", Columns: cols}
	return t
}

func unique(t *schema.Table, name string, cols ...string) *schema.Table {
	t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols})
	return t
}

func index(t *schema.Table, name string, cols ...string) *schema.Table {
	t.Indexes = append(t.Indexes, &schema.Index{Name: name, Columns: cols})
	return t
}

func fk(t *schema.Table, column, refSchema, refTable, refColumn, onDelete, onUpdate string) *schema.Table {
	t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
		Name:       t.Name + "_" + column + "_fkey",
		Columns:    []string{column},
		RefSchema:  refSchema,
		RefTable:   refTable,
		RefColumns: []string{refColumn},
		OnDelete:   onDelete,
		OnUpdate:   onUpdate,
	})
	return t
}

// goodSchema is the schema of testdata/src/good.
func goodSchema() *schema.Schema {
	kind := pk(table("public", "kind",
		col("id", "bigint", identity),
		col("flag", "boolean"),
		col("tiny", "smallint"),
		col("small", "smallint"),
		col("medium", "integer"),
		col("plain", "bigint"),
		col("big", "bigint"),
		col("u8", "integer"),
		col("u16", "integer"),
		col("u32", "bigint"),
		col("f32", "real"),
		col("f64", "double precision"),
		col("text", "text"),
		col("blob", "bytea"),
		col("at", "timestamptz"),
		col("doc", "jsonb"),
		col("uid", "uuid"),
		col("addr", "inet"),
		col("tags", "text[]"),
		col("nums", "bigint[]"),
		col("stamps", "timestamptz[]"),
		col("n_string", "text", null),
		col("n_int64", "bigint", null),
		col("n_int32", "integer", null),
		col("n_int16", "smallint", null),
		col("n_bool", "boolean", null),
		col("n_float", "double precision", null),
		col("n_time", "timestamptz", null),
		col("n_byte", "smallint", null),
		col("n_generic", "integer", null),
		col("state", "text"),
		col("amount", "bigint"),
		col("aliases", "text[]"),
		col("ptr", "text", null),
		col("ptr_time", "timestamptz", null),
		col("forced_null", "text", null),
		col("forced_not_null", "bigint"),
		col("price", "numeric(12,2)", def("0")),
		col("note", "text", def("'a,b'")),
		col("big2", "numeric(20)"),
		col("audited_by", "text"),
	), "id")

	customers := table("billing", "customers",
		col("id", "bigint", identity),
		col("created_at", "timestamptz", def("now()")),
		col("updated_at", "timestamptz", null),
		col("email", "text"),
		col("name", "text"),
		col("region", "text"),
	)
	pk(customers, "id")
	unique(customers, "customers_email_key", "email")
	unique(customers, "customers_name_region_key", "name", "region")
	index(customers, "customers_region_idx", "region")

	invoices := table("billing", "invoices",
		col("id", "bigint", identity),
		col("number", "varchar(32)"),
		col("customer_id", "bigint"),
		col("kind_id", "bigint", null),
		col("email", "text"),
		col("year", "bigint"),
		col("month", "bigint"),
	)
	pk(invoices, "id")
	unique(invoices, "invoices_number_key", "number")
	index(invoices, "invoices_customer_id_idx", "customer_id")
	index(invoices, "invoices_period_idx", "year", "month")
	fk(invoices, "customer_id", "billing", "customers", "id", "CASCADE", "SET NULL")
	fk(invoices, "kind_id", "public", "kind", "id", "SET DEFAULT", "")
	fk(invoices, "email", "billing", "customers", "email", "", "RESTRICT")

	lineItems := pk(table("public", "line_items",
		col("invoice_id", "bigint"),
		col("line", "integer"),
		col("qty", "smallint"),
	), "invoice_id", "line")
	fk(lineItems, "invoice_id", "billing", "invoices", "id", "", "")

	httpServer := pk(table("public", "http_server", col("host", "text")), "host")

	task := pk(table("public", "task",
		col("id", "bigint", identity),
		col("owner", "text", renamed("owner_name"), comment("the owner, in full")),
		col("due", "bigint"),
		col("title", "text", comment(`a title, "quoted"`)),
		col("note", "text", null),
		col("slug", "text", generated("lower(title)")),
		col("tags", "text[]"),
		col("prio", "priority", def("'low'")),
		col("maybe_prio", "priority", null),
		col("null_prio", "priority", null),
		col("prios", "priority[]"),
		col("as_text", "text"),
		col("state", "billing.invoice_state"),
		col("color", "color"),
		col("colors", "color[]"),
		col("n_color", "color", null),
		col("gen", "bigint", null, generated("due * 2")),
	), "id")
	index(task, "tasks_owner_due_idx", "owner", "due")
	task.Indexes = append(task.Indexes,
		&schema.Index{
			Name:   "tasks_title_lower_idx",
			Keys:   []string{"lower(title)", "coalesce(note, '(none)')"},
			Unique: true,
			Where:  "title <> 'a // b'",
		},
		&schema.Index{
			Name:    "tasks_due_desc_idx",
			Keys:    []string{"due DESC NULLS LAST", "owner"},
			Include: []string{"title", "note"},
		},
		&schema.Index{Name: "tasks_tags_idx", Columns: []string{"tags"}, Method: "gin"},
		&schema.Index{Name: "tasks_quoted_idx", Keys: []string{`"owner"`}},
	)
	task.Checks = []*schema.Check{
		{Name: "task_due_check", Expr: "due >= 0"},
		{Name: "tasks_due_after_start", Expr: "due > 0 AND owner <> ''"},
		{Name: "tasks_title_check", Expr: "length(title) < 200"},
	}
	task.Comment = "Tasks to do.\nSee https://example.com/tasks for more."
	task.RenamedFrom = schema.QualifiedName{Schema: "billing", Name: "todo"}

	return &schema.Schema{
		Schemas: []string{"billing"},
		Enums: []*schema.Enum{
			{Schema: "public", Name: "priority", Values: []string{"low", "medium", "high", "urgent"}},
			{Schema: "billing", Name: "invoice_state", Values: []string{"draft", "paid"}},
			{Schema: "public", Name: "color", Values: []string{"red", "green", "blue"}},
		},
		Tables: []*schema.Table{kind, customers, invoices, lineItems, httpServer, task},
	}
}

func TestLoadGood(t *testing.T) {
	t.Parallel()
	// With ". ./enums" the embedded package base comes from export data;
	// with "./..." it is type-checked from source. Both must give the same
	// schema and positions. The enum of package enums is found either way,
	// matched by type identity across packages.
	for _, tc := range []struct {
		name     string
		patterns []string
	}{
		{name: "root package", patterns: []string{".", "./enums"}},
		{name: "all packages", patterns: []string{"./..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := load(t, "testdata/src/good", tc.patterns...)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			ignorePos := cmpopts.IgnoreFields(schema.Column{}, "Pos")
			ignoreTablePos := cmpopts.IgnoreFields(schema.Table{}, "Pos")
			ignoreEnumPos := cmpopts.IgnoreFields(schema.Enum{}, "Pos")
			if diff := cmp.Diff(goodSchema(), got, ignorePos, ignoreTablePos, ignoreEnumPos); diff != "" {
				t.Errorf("schema mismatch (-want +got):\n%s", diff)
			}
			// parser is a boundary of the pipeline: every name it
			// returns has its schema set.
			if bad := nametest.NonCanonical(got); len(bad) > 0 {
				t.Errorf("Load returned names without a schema:\n%s", strings.Join(bad, "\n"))
			}
			wantPos := map[string]string{
				"kind":                 "testdata/src/good/a.go:35:6",
				"kind.id":              "testdata/src/good/a.go:36:2",
				"kind.audited_by":      "testdata/src/good/a.go:24:2",
				"customers":            "testdata/src/good/b.go:9:6",
				"customers.id":         "testdata/src/good/base/base.go:14:2",
				"customers.created_at": "testdata/src/good/base/base.go:8:2",
				"line_items":           "testdata/src/good/b.go:32:2",
				"line_items.qty":       "testdata/src/good/b.go:35:3",
				"enum priority":        "testdata/src/good/c.go:12:6",
				"enum color":           "testdata/src/good/enums/enums.go:7:6",
			}
			gotPos := map[string]string{}
			for _, e := range got.Enums {
				gotPos["enum "+e.Name] = e.Pos
			}
			for _, tab := range got.Tables {
				gotPos[tab.Name] = tab.Pos
				for _, c := range tab.Columns {
					gotPos[tab.Name+"."+c.Name] = c.Pos
				}
			}
			for k, want := range wantPos {
				if gotPos[k] != filepath.FromSlash(want) {
					t.Errorf("Pos of %s = %q, want %q", k, gotPos[k], want)
				}
			}
		})
	}
}

func TestLoadUnloadedEnum(t *testing.T) {
	t.Parallel()
	// Without ./enums, package enums comes from export data and its
	// directives are not read: its enum type must not silently become
	// text.
	_, err := load(t, "testdata/src/good", ".")
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v (%T), want an ErrorList", err, err)
	}
	var want []string
	for _, f := range []string{"66:2: field Color", "67:2: field Colors", "68:2: field NColor"} {
		want = append(want, filepath.FromSlash("testdata/src/good/c.go:")+f+": enums.Color is marked //schemagen:enum, "+
			"but its package example.com/good/enums is not loaded; add it to the package patterns")
	}
	if diff := cmp.Diff(want, strings.Split(list.Error(), "\n")); diff != "" {
		t.Errorf("Load errors (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	const dir = "testdata/src/errs"
	s, err := load(t, dir, "./...")
	if s != nil {
		t.Errorf("Load returned a schema along with errors")
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v (%T), want an ErrorList", err, err)
	}

	t.Run("want comments", func(t *testing.T) {
		for _, p := range checkWants(readWants(t, dir), list) {
			t.Error(p)
		}
	})

	// Each case is one package of the module; want lists every error in
	// it, exactly, in order.
	lines := strings.Split(list.Error(), "\n")
	for _, tc := range []struct {
		name string
		pkg  string
		want []string
	}{
		{
			name: "unknown option",
			pkg:  "unknownoption",
			want: []string{
				`unknownoption/a.go:6:2: field Total: unknown option "defualt" (did you mean "default"?)`,
				`unknownoption/a.go:7:2: field Code: unknown option "zzz"`,
			},
		},
		{
			name: "enums",
			pkg:  "enums",
			want: []string{
				`enums/a.go:4:6: enum mood has no values: declare constants of type Mood`,
				`enums/a.go:7:6: //schemagen:enum on Level, whose underlying type is int, not string`,
				`enums/a.go:21:2: enum color: constant Crimson repeats value "red" (also at testdata/src/errs/enums/a.go:19:2)`,
				`enums/a.go:22:2: enum color: constant Empty has value ""; enum labels are 1 to 63 bytes long`,
				`enums/a.go:25:1: invalid enum name "Shape": column types name the enum unquoted, so it must be [schema.]name with each part matching [a-z_][a-z0-9_]*`,
				`enums/a.go:31:1: invalid enum name "a.b.c": a dot after the schema part`,
				`enums/a.go:37:1: //schemagen:enum takes one [schema.]name, got "one two"`,
				`enums/a.go:44:6: duplicate enum "color" (also at testdata/src/errs/enums/a.go:15:6)`,
				`enums/a.go:50:6: //schemagen:enum on alias Alias: declare a defined type (type Alias string)`,
				`enums/a.go:53:6: //schemagen:enum on generic type Generic: an enum cannot have type parameters`,
				`enums/a.go:56:1: duplicate //schemagen:enum directive (also at testdata/src/errs/enums/a.go:55:1)`,
				`enums/a.go:63:6: enum "gadget" has the name of a table, whose row type takes it (also at testdata/src/errs/enums/a.go:71:6)`,
			},
		},
		{
			name: "index directives and index names",
			pkg:  "indexes",
			want: []string{
				`indexes/a.go:6:1: //schemagen:index needs a name first: //schemagen:index NAME [unique] [using METHOD] (KEY, ...) [include (COLUMN, ...)] [nulls not distinct] [with (NAME=VALUE, ...)] [where PREDICATE]`,
				`indexes/a.go:7:1: //schemagen:index docs_nokeys_idx: missing the keys (KEY, ...); want //schemagen:index NAME [unique] [using METHOD] (KEY, ...) [include (COLUMN, ...)] [nulls not distinct] [with (NAME=VALUE, ...)] [where PREDICATE]`,
				`indexes/a.go:8:1: //schemagen:index docs_order_idx: unexpected "unique"; want //schemagen:index NAME [unique] [using METHOD] (KEY, ...) [include (COLUMN, ...)] [nulls not distinct] [with (NAME=VALUE, ...)] [where PREDICATE]`,
				`indexes/a.go:9:1: //schemagen:index docs_gin_idx: unknown index method "gni" (want btree, hash, gist, gin, brin or spgist)`,
				`indexes/a.go:10:1: //schemagen:index docs_hash_idx: unknown index method "hsah" (did you mean "hash"?)`,
				`indexes/a.go:11:1: //schemagen:index docs_using_idx: "using" needs a method (btree, hash, gist, gin, brin, spgist)`,
				`indexes/a.go:12:1: //schemagen:index docs_uhash_idx: method hash does not support unique indexes; only btree does`,
				`indexes/a.go:13:1: //schemagen:index docs_inc_idx: include names unknown column "summary"`,
				`indexes/a.go:14:1: //schemagen:index docs_incexpr_idx: include takes column names, got "lower(body)"`,
				`indexes/a.go:15:1: //schemagen:index docs_key_idx: key "titel" names unknown column "titel" (did you mean "title"?)`,
				`indexes/a.go:16:1: //schemagen:index docs_desc_idx: key "titel DESC" names unknown column "titel" (did you mean "title"?)`,
				`indexes/a.go:17:1: //schemagen:index docs_paren_idx: keys: unclosed "("`,
				`indexes/a.go:18:1: //schemagen:index docs_empty_idx: keys: empty list ()`,
				`indexes/a.go:19:1: //schemagen:index docs_comma_idx: keys: empty item in (title,,body)`,
				`indexes/a.go:20:1: //schemagen:index docs_where_idx: "where" needs a predicate`,
				`indexes/a.go:21:1: //schemagen:index ix.docs_schema_idx: an index lives in its table's schema; name it without a schema`,
				`indexes/a.go:22:1: duplicate index name "docs_title_idx" in schema ix (also at testdata/src/errs/indexes/a.go:26:2, index of table ix.docs)`,
				`indexes/a.go:23:1: duplicate index name "docs_title_key" in schema ix (also at testdata/src/errs/indexes/a.go:26:2, unique constraint of table ix.docs)`,
				`indexes/a.go:33:1: duplicate index name "docs_title_idx" in schema ix (also at testdata/src/errs/indexes/a.go:26:2, index of table ix.docs)`,
				`indexes/a.go:37:2: duplicate index name "docs_pkey" in schema ix (also at testdata/src/errs/indexes/a.go:25:2, primary key of table ix.docs)`,
				`indexes/a.go:51:1: //schemagen:index needs //schemagen:table on the same type`,
				`indexes/a.go:52:1: //schemagen:check needs //schemagen:table on the same type`,
				`indexes/a.go:53:1: //schemagen:comment needs //schemagen:table on the same type`,
				`indexes/a.go:54:1: //schemagen:renamed needs //schemagen:table on the same type`,
			},
		},
		{
			name: "column options, check, comment and renamed directives, constraint names",
			pkg:  "options",
			want: []string{
				`options/a.go:8:2: field Def: options "generated" and "default" conflict: a generated column has no default`,
				`options/a.go:9:2: field Ident: options "generated" and "identity" conflict: a column is generated or identity, not both`,
				`options/a.go:10:2: field Key: options "generated" and "pk" conflict: a generated column cannot be part of the primary key`,
				`options/a.go:11:2: field Note: option "comment" needs text (comment:...)`,
				`options/a.go:12:2: field Same: option "renamed" names the column's own name "same"`,
				`options/a.go:13:2: field Chk: option "check" needs a value (check:...)`,
				`options/a.go:14:2: field Chk2: option "check" given twice`,
				`options/a.go:15:2: field Gens: unknown option "generatd" (did you mean "generated"?)`,
				`options/a.go:21:1: duplicate constraint name "checked_amount_check" (also at testdata/src/errs/options/a.go:27:2, check constraint)`,
				`options/a.go:22:1: duplicate constraint name "checked_code_key" (also at testdata/src/errs/options/a.go:28:2, unique constraint)`,
				`options/a.go:24:1: duplicate constraint name "positive" (also at testdata/src/errs/options/a.go:23:1, check constraint)`,
				`options/a.go:29:2: duplicate constraint name "checked_parent_fkey" (also at testdata/src/errs/options/a.go:29:2, unique constraint)`,
				`options/a.go:35:1: //schemagen:check needs a name and an expression: //schemagen:check NAME EXPR [NO INHERIT]`,
				`options/a.go:36:1: //schemagen:check needs a name and an expression: //schemagen:check NAME EXPR [NO INHERIT]`,
				`options/a.go:37:1: //schemagen:check needs a name and an expression: //schemagen:check NAME EXPR [NO INHERIT]`,
				`options/a.go:38:1: //schemagen:comment needs text`,
				`options/a.go:39:1: //schemagen:renamed takes one [schema.]name, got "old one"`,
				`options/a.go:40:1: duplicate //schemagen:renamed directive (also at testdata/src/errs/options/a.go:39:1)`,
				`options/a.go:41:1: unknown directive //schemagen:idnex (did you mean //schemagen:index?)`,
				`options/a.go:49:1: //schemagen:renamed names the table's own name "opt.self"`,
				`options/a.go:57:1: //schemagen:renamed: invalid table name "a.b.c": a dot after the schema part`,
			},
		},
		{
			name: "no type inference",
			pkg:  "noinference",
			want: []string{
				`noinference/a.go:6:2: field Big: cannot infer an SQL type for uint64; add type:...`,
				`noinference/a.go:7:2: field Meta: cannot infer an SQL type for map[string]string; add type:...`,
				`noinference/a.go:9:2: field Inner: cannot infer an SQL type for struct{X int}; add type:...`,
			},
		},
		{
			name: "duplicate column through embedding",
			pkg:  "dupcolumn",
			want: []string{
				`dupcolumn/a.go:11:2: duplicate column "id" (also at testdata/src/errs/dupcolumn/a.go:5:2)`,
				`dupcolumn/a.go:12:2: duplicate column "id" (also at testdata/src/errs/dupcolumn/a.go:5:2)`,
			},
		},
		{
			name: "duplicate table",
			pkg:  "duptable",
			want: []string{
				`duptable/a.go:9:6: duplicate table "things" (also at testdata/src/errs/duptable/a.go:4:6)`,
			},
		},
		{
			name: "foreign keys",
			pkg:  "fk",
			want: []string{
				`fk/a.go:12:2: field Customer: fk references unknown table "customer"`,
				`fk/a.go:13:2: field Other: fk references unknown column "customers.idx" (did you mean "id"?)`,
				`fk/a.go:14:2: field Mail: fk references "customers.email", which is neither the primary key nor unique`,
				`fk/a.go:15:2: field Public: fk references unknown table "public.customers"`,
				`fk/a.go:16:2: field Bad: option "fk" needs TABLE.COLUMN, got "customers"`,
				`fk/a.go:17:2: field Deep: option "fk": invalid table name "a.b.c": a dot after the schema part`,
			},
		},
		{
			name: "foreign keys of types PostgreSQL cannot compare",
			pkg:  "fktype",
			want: []string{
				`fktype/a.go:31:2: field IntUUID: fk column "int_uuid" is bigint, but it references "keys.token", which is uuid (at testdata/src/errs/fktype/a.go:12:2): PostgreSQL cannot compare the two types; make them match`,
				`fktype/a.go:32:2: field TextInt: fk column "text_int" is text, but it references "keys.id", which is bigint (at testdata/src/errs/fktype/a.go:10:2): PostgreSQL cannot compare the two types; make them match`,
				`fktype/a.go:33:2: field NumInt: fk column "num_int" is numeric, but it references "keys.small", which is integer (at testdata/src/errs/fktype/a.go:11:2): PostgreSQL cannot compare the two types; make them match`,
				`fktype/a.go:34:2: field FloatNum: fk column "float_num" is double precision, but it references "keys.amount", which is numeric(12,2) (at testdata/src/errs/fktype/a.go:14:2): PostgreSQL cannot compare the two types; make them match`,
				`fktype/a.go:35:2: field TextEnum: fk column "text_enum" is text, but it references "keys.status", which is status (at testdata/src/errs/fktype/a.go:15:2): PostgreSQL cannot compare the two types; make them match`,
				`fktype/a.go:36:2: field Scalar: fk column "scalar" is text, but it references "keys.tags", which is text[] (at testdata/src/errs/fktype/a.go:16:2): PostgreSQL cannot compare the two types; make them match`,
				`fktype/a.go:37:2: field TimeUUID: fk column "time_uuid" is timestamp(3) with time zone, but it references "keys.token", which is uuid (at testdata/src/errs/fktype/a.go:12:2): PostgreSQL cannot compare the two types; make them match`,
			},
		},
		{
			name: "nullability and conflicting options",
			pkg:  "nullability",
			want: []string{
				`nullability/a.go:5:2: field ID: options "pk" and "null" conflict: primary-key columns are NOT NULL`,
				`nullability/a.go:6:2: field Seq: options "identity" and "null" conflict: identity columns are NOT NULL`,
				`nullability/a.go:7:2: field Both: options "null" and "notnull" conflict`,
				`nullability/a.go:8:2: field Twice: option "null" given twice`,
				`nullability/a.go:9:2: field Gen: options "identity" and "default" conflict`,
			},
		},
		{
			name: "referential actions",
			pkg:  "actions",
			want: []string{
				`actions/a.go:10:2: field ID: option "ondelete" needs fk:TABLE.COLUMN`,
				`actions/a.go:11:2: field Parent: unknown onupdate action "explode" (want cascade, restrict, set null, set default or no action)`,
			},
		},
		{
			name: "table directive",
			pkg:  "tablename",
			want: []string{
				`tablename/a.go:3:1: invalid table name "a.b.c": a dot after the schema part`,
				`tablename/a.go:8:1: //schemagen:table takes one [schema.]name, got "one two"`,
				`tablename/a.go:14:6: //schemagen:table on Status, which is not a struct type`,
				`tablename/a.go:17:6: //schemagen:table on generic type Generic: a model cannot have type parameters`,
			},
		},
		{
			name: "unknown, misplaced and repeated directives",
			pkg:  "directives",
			want: []string{
				`directives/a.go:3:1: unknown directive //schemagen:tabel (did you mean //schemagen:table?)`,
				`directives/a.go:8:1: misplaced directive //schemagen:table: it belongs in the doc comment of a type`,
				`directives/a.go:15:1: duplicate //schemagen:table directive (also at testdata/src/errs/directives/a.go:14:1)`,
			},
		},
		{
			name: "tag syntax",
			pkg:  "tags",
			want: []string{
				`tags/a.go:6:2: field Price: db tag "price,type:numeric(12,2": unclosed "("`,
				`tags/a.go:7:2: field Note: db tag "note,default:'a,b": unterminated ' quote`,
				`tags/a.go:8:2: field Kind: option "type" needs a value (type:...)`,
				`tags/a.go:9:2: field Key: option "pk" takes no value`,
				`tags/a.go:10:2: field Empty: db tag "empty,,unique": empty option`,
				`tags/a.go:11:2: field Dash: column name "-" with options; write db:"-" alone to skip the field`,
				`tags/a.go:12:2: field Bad: malformed struct tag "db:\"bad"`,
				`tags/a.go:13:2: field Base: an embedded struct takes no db tag but "-"`,
			},
		},
		{
			name: "hostile SQL fragments",
			pkg:  "hostile",
			want: []string{
				`hostile/a.go:7:1: //schemagen:index target_pred_idx: predicate "id > 0; COMMIT; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:8:1: //schemagen:index target_dollar_idx: predicate "id <> $q$'$q$; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:9:1: //schemagen:index target_key_idx: key "lower(a); DROP TABLE sentinel" is not one SQL index key: it holds a second statement`,
				`hostile/a.go:10:1: //schemagen:index target_sub_idx: key "((SELECT 1))" is not one SQL index key: it holds a subquery, which PostgreSQL refuses in defaults, check constraints, generated columns and indexes`,
				`hostile/a.go:11:1: //schemagen:check target_commit: "1; COMMIT; DROP TABLE s" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:12:1: //schemagen:check target_paren: "a > 0) OR (true" is not one SQL expression: its ")" at offset 5 closes a bracket opened outside it`,
				`hostile/a.go:15:2: field A: default "0; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:16:2: field B: default "$q$'$q$; DROP TABLE sentinel" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:17:2: field C: default "$$a$$; COMMIT" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:18:2: field D: default "E'\\''; DROP TABLE sentinel; --" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:19:2: field E: default "0 -- )" is not one SQL expression: its -- comment runs to its end and would hide the text after it`,
				`hostile/a.go:20:2: field F: db tag "f,check:f > 0) OR (true": unbalanced ")" at offset 13`,
				`hostile/a.go:21:2: field G: check "COMMIT" is not one SQL expression: alone, it is a statement (COMMIT); write a column or type of that name in double quotes`,
				`hostile/a.go:22:2: field H: default "1; COMMIT; DROP TABLE s" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:23:2: field I: type "int; DROP TABLE s" is not one SQL type name: it holds a second statement`,
				`hostile/a.go:24:2: field J: type "int REFERENCES sentinel ON DELETE CASCADE" is not one SQL type name: syntax error at or near "REFERENCES"`,
				`hostile/a.go:25:2: field K: type "int DEFAULT 1" is not one SQL type name: syntax error at or near "DEFAULT"`,
				`hostile/a.go:26:2: field L: type "text COLLATE \"C\"" is not one SQL type name: syntax error at or near "COLLATE"`,
				`hostile/a.go:27:2: field M: generated "(SELECT max(id) FROM sentinel)" is not one SQL expression: it holds a subquery, which PostgreSQL refuses in defaults, check constraints, generated columns and indexes`,
				`hostile/a.go:28:2: field N: db tag "n,default:'a' /* unterminated": unterminated /* comment`,
				`hostile/a.go:29:2: field O: db tag "o,default:$x$never closed": unterminated dollar-quoted string`,
				`hostile/a.go:30:2: field P: default "ROLLBACK" is not one SQL expression: alone, it is a statement (ROLLBACK); write a column or type of that name in double quotes`,
				`hostile/a.go:31:2: field Q: check "q > 0; DROP TABLE s" is not one SQL expression: it holds a second statement`,
				`hostile/a.go:31:2: field Q: default "(SELECT 1)" is not one SQL expression: it holds a subquery, which PostgreSQL refuses in defaults, check constraints, generated columns and indexes`,
				`hostile/a.go:31:2: field Q: type "int;" is not one SQL type name: it ends with a semicolon, which would end the statement`,
			},
		},
		{
			name: "names PostgreSQL would not keep",
			pkg:  "names",
			want: []string{
				`names/a.go:6:1: table name "long_table_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:7:1: //schemagen:index long_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o: index name "long_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:8:1: //schemagen:check long_check_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o: check constraint name "long_check_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:9:1: //schemagen:renamed: schema name "old_schema_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:12:2: field A: column name "a_column_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on" is 70 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:13:2: field B: option "unique": unique constraint name "b_unique_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:14:2: field C: option "index": index name "c_index_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_a" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:15:2: field D: option "renamed": column name "d_old_name_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:16:2: field E: option "fk": table name "e_target_table_goes_on_and_on_and_on_and_on_and_on_and_on_and_on" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:17:2: field F: option "fk": column name "f_target_column_goes_on_and_on_and_on_and_on_and_on_and_on_and_o" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:18:2: field G: column name "g\x00nul" holds a NUL byte`,
				`names/a.go:20:2: field TheFieldNameOfThisColumnGoesOnAndOnPastTheLimitOfSixtyThreeBytes: column name "the_field_name_of_this_column_goes_on_and_on_past_the_limit_of_sixty_three_bytes" is 80 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:33:1: table name "a_model_whose_name_goes_on_and_on_and_on_past_the_limit_of_sixty_three_bytes_in_all" is 83 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it (the snake_case of AModelWhoseNameGoesOnAndOnAndOnPastTheLimitOfSixtyThreeBytesInAll); name the table: //schemagen:table NAME`,
				`names/a.go:40:1: enum name "mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_" is 64 bytes long; PostgreSQL keeps at most 63 bytes of a name and would truncate it`,
				`names/a.go:46:2: enum mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_: constant TooLong has value "a_label_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on"; enum labels are 1 to 63 bytes long`,
				`names/a.go:47:2: enum mood_enum_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_: constant Nul has value "nul\x00label", which holds a NUL byte; no PostgreSQL text can`,
			},
		},
		{
			name: "type error of the package",
			pkg:  "typeerror",
			want: []string{
				`typeerror/a.go:6:8: undefined: Missing`,
			},
		},
		{
			name: "several mistakes in one package, one embedded from another",
			pkg:  "many",
			want: []string{
				`many/a.go:8:2: duplicate column "id" (also at testdata/src/errs/many/shared/shared.go:6:2)`,
				`many/a.go:9:2: field Limit: cannot infer an SQL type for uint; add type:...`,
				`many/a.go:10:2: field Total: unknown option "uniqe" (did you mean "unique"?)`,
				`many/a.go:11:2: field Parent: fk references unknown table "nowhere"`,
				`many/a.go:12:2: field Ref: option "ondelete" needs fk:TABLE.COLUMN`,
				`many/a.go:16:1: //schemagen:index ledger_note_idx: key "nope" names unknown column "nope" (did you mean "note"?)`,
				`many/a.go:19:2: field Data: cannot infer an SQL type for map[string]int; add type:...`,
				`many/a.go:20:2: field Note: options "generated" and "default" conflict: a generated column has no default`,
				`many/shared/shared.go:7:2: field Big: cannot infer an SQL type for uint64; add type:...`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := filepath.FromSlash(dir + "/" + tc.pkg + "/")
			var got []string
			for _, l := range lines {
				if strings.HasPrefix(l, prefix) {
					got = append(got, l)
				}
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, filepath.FromSlash(dir+"/")+w)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors of package %s (-want +got):\n%s", tc.pkg, diff)
			}
		})
	}
}

func TestLoadSyntaxError(t *testing.T) {
	t.Parallel()
	// The broken file is written at test time, so that no file of the
	// repository fails to parse (gofmt -l would stop at it).
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/broken\n\ngo 1.26\n",
		"a.go":   "package broken\n\n//schemagen:table\ntype T struct { A int; B int,}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := load(t, dir, ".")
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v (%T), want an ErrorList", err, err)
	}
	want := fmt.Sprintf("%s:4:29: expected ';', found ','", filepath.Join(dir, "a.go"))
	if got := list.Error(); got != want {
		t.Errorf("Load error:\n%s\nwant:\n%s", got, want)
	}
}

func TestLoadFatal(t *testing.T) {
	t.Parallel()
	_, err := load(t, "testdata/no-such-dir", ".")
	if err == nil {
		t.Fatal("Load in a missing directory succeeded")
	}
	var list ErrorList
	if errors.As(err, &list) {
		t.Errorf("Load error is an ErrorList, want the fatal error of go/packages: %v", err)
	}
}

// wantKey is a line of a file, absolute.
type wantKey struct {
	file string
	line int
}

// readWants collects the `// want "regexp"...` comments of the Go files
// under dir, as analysistest does: each regexp must match one error
// reported on that line.
func readWants(t *testing.T, dir string) map[wantKey][]*regexp.Regexp {
	t.Helper()
	wants := map[wantKey][]*regexp.Regexp{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			_, rest, ok := strings.Cut(line, "// want ")
			if !ok {
				continue
			}
			for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
				lit, err := strconv.QuotedPrefix(rest)
				if err != nil {
					return fmt.Errorf("%s:%d: bad want comment %q", path, i+1, rest)
				}
				rest = rest[len(lit):]
				pattern, _ := strconv.Unquote(lit)
				re, err := regexp.Compile(pattern)
				if err != nil {
					return fmt.Errorf("%s:%d: %v", path, i+1, err)
				}
				k := wantKey{abs, i + 1}
				wants[k] = append(wants[k], re)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}

// checkWants matches errors against expectations and returns a problem
// for every error no expectation matches and every expectation no error
// matched.
func checkWants(wants map[wantKey][]*regexp.Regexp, errs ErrorList) []string {
	left := map[wantKey][]*regexp.Regexp{}
	for k, res := range wants {
		left[k] = slices.Clone(res)
	}
	var problems []string
	for _, e := range errs {
		k := wantKey{e.Pos.Filename, e.Pos.Line}
		i := slices.IndexFunc(left[k], func(re *regexp.Regexp) bool { return re.MatchString(e.Msg) })
		if i < 0 {
			problems = append(problems, fmt.Sprintf("unexpected diagnostic: %v", e))
			continue
		}
		left[k] = slices.Delete(left[k], i, i+1)
	}
	for k, res := range left {
		for _, re := range res {
			problems = append(problems, fmt.Sprintf("%s: missing diagnostic matching %q", formatPos(token.Position{Filename: k.file, Line: k.line}), re))
		}
	}
	slices.Sort(problems)
	return problems
}

func TestCheckWants(t *testing.T) {
	t.Parallel()
	const file = "/src/a.go"
	wants := map[wantKey][]*regexp.Regexp{
		{file, 3}: {regexp.MustCompile(`unknown option`)},
		{file, 5}: {regexp.MustCompile(`never reported`)},
	}
	errs := ErrorList{
		{Pos: token.Position{Filename: file, Line: 3, Column: 2}, Msg: `field X: unknown option "y"`},
		{Pos: token.Position{Filename: file, Line: 4, Column: 2}, Msg: `field Z: surprise`},
		{Pos: token.Position{Filename: file, Line: 3, Column: 2}, Msg: `field X: unknown option "z"`},
	}
	want := []string{
		`/src/a.go:5: missing diagnostic matching "never reported"`,
		`unexpected diagnostic: /src/a.go:3:2: field X: unknown option "z"`,
		`unexpected diagnostic: /src/a.go:4:2: field Z: surprise`,
	}
	if diff := cmp.Diff(want, checkWants(wants, errs)); diff != "" {
		t.Errorf("checkWants (-want +got):\n%s", diff)
	}
	if len(wants[wantKey{file, 3}]) != 1 {
		t.Errorf("checkWants changed its input")
	}
}
