package catalog_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/internal/nametest"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// notNull and null build columns for the expected schemas.
func notNull(name, typ string) *schema.Column { return &schema.Column{Name: name, Type: typ} }
func null(name, typ string) *schema.Column {
	return &schema.Column{Name: name, Type: typ, Nullable: true}
}

// withDefault returns c with the given default.
func withDefault(c *schema.Column, def string) *schema.Column {
	c.Default = def
	return c
}

// identity returns c marked as an identity column.
func identity(c *schema.Column) *schema.Column {
	c.Identity = true
	return c
}

func pk(name string, cols ...string) *schema.PrimaryKey {
	return &schema.PrimaryKey{Name: name, Columns: cols}
}

// enumsDDL creates enums, a domain and a composite in public and in
// schema billing, and a table whose columns use them.
const enumsDDL = `
CREATE SCHEMA billing;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE TYPE "Color" AS ENUM ('Red', 'it''s "green"');
CREATE TYPE nothing AS ENUM ();
CREATE TYPE billing.status AS ENUM ('draft', 'paid');
CREATE TYPE billing."Kind" AS ENUM ('a b');
CREATE DOMAIN billing.amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TYPE pair AS (x integer, y integer);
CREATE TABLE billing.invoices (
	status billing.status NOT NULL,
	history billing.status[],
	kind billing."Kind",
	m mood,
	ms mood[],
	color "Color",
	total billing.amount,
	p pair
);`

// enumsSchema is what Inspect reads after enumsDDL, with statusDefault as
// the default of column status.
func enumsSchema(statusDefault string) *schema.Schema {
	return &schema.Schema{
		Schemas: []string{"billing"},
		Enums: []*schema.Enum{
			{Schema: "billing", Name: "Kind", Values: []string{"a b"}},
			{Schema: "billing", Name: "status", Values: []string{"draft", "paid"}},
			{Schema: "public", Name: "Color", Values: []string{"Red", `it's "green"`}},
			{Schema: "public", Name: "mood", Values: []string{"sad", "meh", "ok", "happy"}},
			{Schema: "public", Name: "nothing"},
		},
		Tables: []*schema.Table{
			{Schema: "billing", Name: "invoices",
				Columns: []*schema.Column{
					withDefault(notNull("status", "billing.status"), statusDefault),
					null("history", "billing.status[]"),
					null("kind", `billing."Kind"`),
					null("m", "mood"),
					null("ms", "mood[]"),
					null("color", `"Color"`),
					null("total", "billing.amount"),
					null("p", "pair"),
				}},
		},
	}
}

func TestInspect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ddl  string
		opts catalog.Options
		// searchPath, when set, is the connection's search_path while
		// Inspect runs.
		searchPath string
		want       *schema.Schema
	}{
		{
			name: "empty database",
			ddl:  ``,
			want: &schema.Schema{},
		},
		{
			name: "non-public and empty schemas",
			ddl: `
CREATE SCHEMA billing;
CREATE SCHEMA "Empty";
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, number varchar(32) NOT NULL);
CREATE TABLE accounts (id bigint PRIMARY KEY);`,
			want: &schema.Schema{
				Schemas: []string{"Empty", "billing"},
				Tables: []*schema.Table{
					{Schema: "billing", Name: "invoices",
						Columns:    []*schema.Column{notNull("id", "bigint"), notNull("number", "character varying(32)")},
						PrimaryKey: pk("invoices_pkey", "id")},
					{Schema: "public", Name: "accounts",
						Columns:    []*schema.Column{notNull("id", "bigint")},
						PrimaryKey: pk("accounts_pkey", "id")},
				},
			},
		},
		{
			name: "reserved and mixed-case names",
			ddl: `
CREATE TABLE "user" (id integer PRIMARY KEY, "select" text);
CREATE TABLE "order" (id integer, user_id integer REFERENCES "user" (id));
CREATE TABLE "UserAccounts" ("DisplayName" text NOT NULL);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "UserAccounts",
					Columns: []*schema.Column{notNull("DisplayName", "text")}},
				{Schema: "public", Name: "order",
					Columns: []*schema.Column{null("id", "integer"), null("user_id", "integer")},
					ForeignKeys: []*schema.ForeignKey{{Name: "order_user_id_fkey", Columns: []string{"user_id"},
						RefSchema: "public", RefTable: "user", RefColumns: []string{"id"}}}},
				{Schema: "public", Name: "user",
					Columns:    []*schema.Column{notNull("id", "integer"), null("select", "text")},
					PrimaryKey: pk("user_pkey", "id")},
			}},
		},
		{
			name: "composite primary key in key order",
			ddl:  `CREATE TABLE memberships (org_id bigint, user_id bigint, PRIMARY KEY (user_id, org_id));`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "memberships",
					Columns:    []*schema.Column{notNull("org_id", "bigint"), notNull("user_id", "bigint")},
					PrimaryKey: pk("memberships_pkey", "user_id", "org_id")},
			}},
		},
		{
			name: "single and composite unique constraints",
			ddl: `
CREATE TABLE t (a text UNIQUE, b text, c text, CONSTRAINT t_c_b_key UNIQUE (c, b));`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "t",
					Columns: []*schema.Column{null("a", "text"), null("b", "text"), null("c", "text")},
					Uniques: []*schema.Unique{
						{Name: "t_a_key", Columns: []string{"a"}},
						{Name: "t_c_b_key", Columns: []string{"c", "b"}},
					}},
			}},
		},
		{
			name: "single, composite and unique indexes",
			ddl: `
CREATE TABLE people (id bigint PRIMARY KEY, email text NOT NULL, first text, last text, code text UNIQUE);
CREATE INDEX people_email_idx ON people (email);
CREATE INDEX people_name_idx ON people (last, first);
CREATE UNIQUE INDEX people_first_key ON people (first);
CREATE TABLE refs (first text REFERENCES people (first));`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "people",
					Columns: []*schema.Column{notNull("id", "bigint"), notNull("email", "text"),
						null("first", "text"), null("last", "text"), null("code", "text")},
					PrimaryKey: pk("people_pkey", "id"),
					Uniques:    []*schema.Unique{{Name: "people_code_key", Columns: []string{"code"}}},
					Indexes: []*schema.Index{
						{Name: "people_email_idx", Columns: []string{"email"}},
						// A unique index that a foreign key references still
						// backs no constraint of its own table.
						{Name: "people_first_key", Columns: []string{"first"}, Unique: true},
						{Name: "people_name_idx", Columns: []string{"last", "first"}},
					}},
				{Schema: "public", Name: "refs",
					Columns: []*schema.Column{null("first", "text")},
					ForeignKeys: []*schema.ForeignKey{{Name: "refs_first_fkey", Columns: []string{"first"},
						RefSchema: "public", RefTable: "people", RefColumns: []string{"first"}}}},
			}},
		},
		{
			name: "expression index",
			ddl: `
CREATE TABLE people (id bigint, email text NOT NULL);
CREATE UNIQUE INDEX people_lower_email_idx ON people (lower(email), id);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "people",
					Columns: []*schema.Column{null("id", "bigint"), notNull("email", "text")},
					Indexes: []*schema.Index{{Name: "people_lower_email_idx", Keys: []string{"lower(email)", "id"}, Unique: true}}},
			}},
		},
		{
			name: "foreign key actions and composite keys across schemas",
			ddl: `
CREATE SCHEMA crm;
CREATE TABLE crm.customers (id bigint PRIMARY KEY, region text, code text, UNIQUE (region, code));
CREATE TABLE orders (
	id bigint PRIMARY KEY,
	customer_id bigint REFERENCES crm.customers (id) ON DELETE CASCADE,
	rep_id bigint CONSTRAINT orders_rep_fk REFERENCES crm.customers ON DELETE SET NULL ON UPDATE CASCADE,
	code text, region text,
	CONSTRAINT orders_region_code_fkey FOREIGN KEY (code, region) REFERENCES crm.customers (code, region)
		ON DELETE RESTRICT ON UPDATE SET DEFAULT
);
CREATE UNIQUE INDEX customers_code_region ON crm.customers (code, region);`,
			want: &schema.Schema{
				Schemas: []string{"crm"},
				Tables: []*schema.Table{
					{Schema: "crm", Name: "customers",
						Columns:    []*schema.Column{notNull("id", "bigint"), null("region", "text"), null("code", "text")},
						PrimaryKey: pk("customers_pkey", "id"),
						Uniques:    []*schema.Unique{{Name: "customers_region_code_key", Columns: []string{"region", "code"}}},
						Indexes:    []*schema.Index{{Name: "customers_code_region", Columns: []string{"code", "region"}, Unique: true}}},
					{Schema: "public", Name: "orders",
						Columns: []*schema.Column{notNull("id", "bigint"), null("customer_id", "bigint"),
							null("rep_id", "bigint"), null("code", "text"), null("region", "text")},
						PrimaryKey: pk("orders_pkey", "id"),
						ForeignKeys: []*schema.ForeignKey{
							{Name: "orders_customer_id_fkey", Columns: []string{"customer_id"},
								RefSchema: "crm", RefTable: "customers", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
							{Name: "orders_region_code_fkey", Columns: []string{"code", "region"},
								RefSchema: "crm", RefTable: "customers", RefColumns: []string{"code", "region"},
								OnDelete: "RESTRICT", OnUpdate: "SET DEFAULT"},
							{Name: "orders_rep_fk", Columns: []string{"rep_id"},
								RefSchema: "crm", RefTable: "customers", RefColumns: []string{"id"},
								OnDelete: "SET NULL", OnUpdate: "CASCADE"},
						}},
				},
			},
		},
		{
			name: "self-referencing foreign key",
			ddl:  `CREATE TABLE nodes (id integer PRIMARY KEY, parent_id integer REFERENCES nodes ON DELETE CASCADE);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "nodes",
					Columns:    []*schema.Column{notNull("id", "integer"), null("parent_id", "integer")},
					PrimaryKey: pk("nodes_pkey", "id"),
					ForeignKeys: []*schema.ForeignKey{{Name: "nodes_parent_id_fkey", Columns: []string{"parent_id"},
						RefSchema: "public", RefTable: "nodes", RefColumns: []string{"id"}, OnDelete: "CASCADE"}}},
			}},
		},
		{
			name: "tables referencing each other",
			ddl: `
CREATE TABLE a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a);
ALTER TABLE a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "a",
					Columns:    []*schema.Column{notNull("id", "integer"), null("b_id", "integer")},
					PrimaryKey: pk("a_pkey", "id"),
					ForeignKeys: []*schema.ForeignKey{{Name: "a_b_id_fkey", Columns: []string{"b_id"},
						RefSchema: "public", RefTable: "b", RefColumns: []string{"id"}}}},
				{Schema: "public", Name: "b",
					Columns:    []*schema.Column{notNull("id", "integer"), null("a_id", "integer")},
					PrimaryKey: pk("b_pkey", "id"),
					ForeignKeys: []*schema.ForeignKey{{Name: "b_a_id_fkey", Columns: []string{"a_id"},
						RefSchema: "public", RefTable: "a", RefColumns: []string{"id"}}}},
			}},
		},
		{
			name: "identity columns, defaults and types",
			ddl: `
CREATE TABLE items (
	id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	seq integer GENERATED ALWAYS AS IDENTITY,
	created_at timestamptz NOT NULL DEFAULT now(),
	total numeric(12,2) NOT NULL DEFAULT 0,
	label text DEFAULT 'x',
	code varchar(32),
	tags text[] NOT NULL DEFAULT '{}',
	matrix integer[][],
	serial_id serial,
	data jsonb,
	at timestamp(3)
);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "items",
					Columns: []*schema.Column{
						identity(notNull("id", "bigint")),
						{Name: "seq", Type: "integer", Identity: true, IdentityAlways: true},
						withDefault(notNull("created_at", "timestamp with time zone"), "now()"),
						withDefault(notNull("total", "numeric(12,2)"), "0"),
						withDefault(null("label", "text"), "'x'::text"),
						null("code", "character varying(32)"),
						withDefault(notNull("tags", "text[]"), "'{}'::text[]"),
						null("matrix", "integer[]"),
						{Name: "serial_id", Type: "integer", Sequence: "items_serial_id_seq"},
						null("data", "jsonb"),
						null("at", "timestamp(3) without time zone"),
					},
					PrimaryKey: pk("items_pkey", "id")},
			}},
		},
		{
			name: "table without columns and dropped column",
			ddl: `
CREATE TABLE nothing ();
CREATE TABLE t (a text, b text NOT NULL, c integer DEFAULT 1);
ALTER TABLE t DROP COLUMN b;
CREATE INDEX t_c_idx ON t (c);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "nothing"},
				{Schema: "public", Name: "t",
					Columns: []*schema.Column{null("a", "text"), withDefault(null("c", "integer"), "1")},
					Indexes: []*schema.Index{{Name: "t_c_idx", Columns: []string{"c"}}}},
			}},
		},
		{
			name: "views, sequences and partitions of the catalog left out",
			ddl: `
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE VIEW v AS SELECT 1 AS one;
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one;
CREATE SEQUENCE s;
CREATE TYPE pair AS (x integer, y integer);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "events",
					Columns:     []*schema.Column{notNull("id", "bigint"), notNull("at", "date")},
					PrimaryKey:  pk("events_pkey", "id", "at"),
					PartitionBy: "RANGE (at)"},
			}},
		},
		{
			name: "partitions read without their cloned columns, constraints and indexes",
			ddl: `
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at_idx ON events (at);
CREATE TABLE refs (id bigint PRIMARY KEY, ev_id bigint, ev_at date, FOREIGN KEY (ev_id, ev_at) REFERENCES events (id, at));`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "events",
					Columns:     []*schema.Column{notNull("id", "bigint"), notNull("at", "date")},
					PrimaryKey:  pk("events_pkey", "id", "at"),
					Indexes:     []*schema.Index{{Name: "events_at_idx", Columns: []string{"at"}}},
					PartitionBy: "RANGE (at)"},
				{Schema: "public", Name: "events_2024", PartitionOf: &schema.PartitionOf{
					Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}},
				{Schema: "public", Name: "events_2025", PartitionOf: &schema.PartitionOf{
					Parent: schema.QualifiedName{Schema: "public", Name: "events"}, Bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"}},
				{Schema: "public", Name: "refs",
					Columns:     []*schema.Column{notNull("id", "bigint"), null("ev_id", "bigint"), null("ev_at", "date")},
					PrimaryKey:  pk("refs_pkey", "id"),
					ForeignKeys: []*schema.ForeignKey{{Name: "refs_ev_id_ev_at_fkey", Columns: []string{"ev_id", "ev_at"}, RefSchema: "public", RefTable: "events", RefColumns: []string{"id", "at"}}}},
			}},
		},
		{
			name: "exclusion constraint over an expression",
			ddl: `
CREATE TABLE booking (id integer, a integer, b integer, EXCLUDE USING gist (int4range(a, b) WITH &&));`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "booking",
					Columns:    []*schema.Column{null("id", "integer"), null("a", "integer"), null("b", "integer")},
					Exclusions: []*schema.Exclusion{{Name: "booking_int4range_excl", Definition: "USING gist (int4range(a, b) WITH &&)"}}},
			}},
		},
		{
			name: "excluded table",
			ddl: `
CREATE SCHEMA app;
CREATE TABLE schemagen_version (version_num text PRIMARY KEY);
CREATE TABLE app.schemagen_version (version_num text);
CREATE TABLE app.things (id integer);`,
			opts: catalog.Options{Exclude: []schema.QualifiedName{{Schema: "public", Name: "schemagen_version"}, {Schema: "app", Name: "things"}}},
			want: &schema.Schema{
				Schemas: []string{"app"},
				Tables: []*schema.Table{
					{Schema: "app", Name: "schemagen_version", Columns: []*schema.Column{null("version_num", "text")}},
				},
			},
		},
		{
			name: "excluded table with empty schema means public",
			ddl:  `CREATE TABLE schemagen_version (version_num text PRIMARY KEY); CREATE TABLE t (id integer);`,
			opts: catalog.Options{Exclude: []schema.QualifiedName{{Name: "schemagen_version"}}},
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "t", Columns: []*schema.Column{null("id", "integer")}},
			}},
		},
		{
			name: "only the schemas asked for",
			ddl: `
CREATE SCHEMA a; CREATE SCHEMA b;
CREATE TABLE a.t (id integer); CREATE TABLE b.t (id integer); CREATE TABLE t (id integer);`,
			opts: catalog.Options{Schemas: []string{"b", "missing"}},
			want: &schema.Schema{
				Schemas: []string{"b"},
				Tables:  []*schema.Table{{Schema: "b", Name: "t", Columns: []*schema.Column{null("id", "integer")}}},
			},
		},
		{
			name: "enums in public and in a schema, and columns of user-defined types",
			ddl: `
CREATE SCHEMA billing;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE TYPE "Color" AS ENUM ('Red', 'it''s "green"');
CREATE TYPE nothing AS ENUM ();
CREATE TYPE billing.status AS ENUM ('draft', 'paid');
CREATE TYPE billing."Kind" AS ENUM ('a b');
CREATE DOMAIN billing.amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TYPE pair AS (x integer, y integer);
CREATE TABLE billing.invoices (
	status billing.status NOT NULL DEFAULT 'draft',
	history billing.status[],
	kind billing."Kind",
	m mood,
	ms mood[],
	color "Color",
	total billing.amount,
	p pair
);`,
			want: enumsSchema(`'draft'::billing.status`),
		},
		{
			name:       "user-defined column types do not follow a search_path with the other schema first",
			ddl:        enumsDDL,
			searchPath: "billing, public",
			want:       enumsSchema(""),
		},
		{
			name:       "user-defined column types do not follow a search_path without public",
			ddl:        enumsDDL,
			searchPath: "billing",
			want:       enumsSchema(""),
		},
		{
			name: "check constraints at column and table level",
			ddl: `
CREATE TABLE products (
	price numeric CHECK (price > 0),
	qty integer NOT NULL,
	discount numeric CONSTRAINT "Discount ok" CHECK (discount >= 0 AND discount < price),
	name text,
	CONSTRAINT name_not_blank CHECK (name <> '' AND (qty > 0 OR name IN ('a', 'b')))
);
ALTER TABLE products ADD CONSTRAINT no_inherit CHECK (price < 1000000) NO INHERIT;
ALTER TABLE products ADD CONSTRAINT not_valid CHECK (name <> 'x)''"') NOT VALID;
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "products",
					Columns: []*schema.Column{null("price", "numeric"), notNull("qty", "integer"),
						null("discount", "numeric"), null("name", "text")},
					Checks: []*schema.Check{
						{Name: "Discount ok", Expr: "discount >= 0::numeric AND discount < price"},
						{Name: "name_not_blank", Expr: "name <> ''::text AND (qty > 0 OR (name = ANY (ARRAY['a'::text, 'b'::text])))"},
						{Name: "no_inherit", Expr: "price < 1000000::numeric", NoInherit: true},
						{Name: "not_valid", Expr: `name <> 'x)''"'::text`, NotValid: true},
						{Name: "products_price_check", Expr: "price > 0::numeric"},
					}},
			}},
		},
		{
			name: "comments and generated columns",
			ddl: `
CREATE TABLE lines (
	price numeric NOT NULL,
	qty integer NOT NULL DEFAULT 1,
	total numeric GENERATED ALWAYS AS (price * qty) STORED,
	note text
);
COMMENT ON TABLE lines IS 'Order lines: it''s "the" table';
COMMENT ON COLUMN lines.total IS 'price × qty';
COMMENT ON COLUMN lines.note IS '"quoted"';
CREATE TABLE "Empty" ();
COMMENT ON TABLE "Empty" IS 'no columns';`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "Empty", Comment: "no columns"},
				{Schema: "public", Name: "lines",
					Comment: `Order lines: it's "the" table`,
					Columns: []*schema.Column{
						notNull("price", "numeric"),
						withDefault(notNull("qty", "integer"), "1"),
						{Name: "total", Type: "numeric", Nullable: true, Generated: "(price * (qty)::numeric)", Comment: "price × qty"},
						{Name: "note", Type: "text", Nullable: true, Comment: `"quoted"`},
					}},
			}},
		},
		{
			name: "index methods, keys, INCLUDE and predicates",
			ddl: `
CREATE TABLE users (
	id bigint NOT NULL, email text, "Nick" text, name text, deleted_at timestamptz,
	created_at timestamptz, data jsonb, during tstzrange, loc point
);
CREATE INDEX users_lower_email_idx ON users (lower(email));
CREATE INDEX users_email_live_idx ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_created_desc_idx ON users (created_at DESC, id);
CREATE INDEX users_created_desc_nl_idx ON users (created_at DESC NULLS LAST);
CREATE INDEX users_created_asc_nl_idx ON users (created_at ASC NULLS LAST);
CREATE INDEX users_nick_nf_idx ON users ("Nick" NULLS FIRST, name);
CREATE INDEX users_name_pattern_idx ON users (name text_pattern_ops DESC);
CREATE INDEX users_data_idx ON users USING gin (data);
CREATE INDEX users_data_path_idx ON users USING gin (data jsonb_path_ops);
CREATE INDEX users_during_idx ON users USING gist (during);
CREATE INDEX users_loc_idx ON users USING gist (loc);
CREATE INDEX users_created_brin ON users USING brin (created_at);
CREATE INDEX users_email_hash ON users USING hash (email);
CREATE UNIQUE INDEX users_email_incl ON users (email) INCLUDE ("Nick", id);
CREATE INDEX users_expr_incl ON users ((id + 1)) INCLUDE (email) WHERE id > 0 AND "Nick" <> '';`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "users",
					Columns: []*schema.Column{notNull("id", "bigint"), null("email", "text"), null("Nick", "text"),
						null("name", "text"), null("deleted_at", "timestamp with time zone"),
						null("created_at", "timestamp with time zone"), null("data", "jsonb"),
						null("during", "tstzrange"), null("loc", "point")},
					Indexes: []*schema.Index{
						{Name: "users_created_asc_nl_idx", Columns: []string{"created_at"}},
						{Name: "users_created_brin", Columns: []string{"created_at"}, Method: "brin"},
						{Name: "users_created_desc_idx", Keys: []string{"created_at DESC", "id"}},
						{Name: "users_created_desc_nl_idx", Keys: []string{"created_at DESC NULLS LAST"}},
						{Name: "users_data_idx", Columns: []string{"data"}, Method: "gin"},
						{Name: "users_data_path_idx", Keys: []string{"data jsonb_path_ops"}, Method: "gin"},
						{Name: "users_during_idx", Columns: []string{"during"}, Method: "gist"},
						{Name: "users_email_hash", Columns: []string{"email"}, Method: "hash"},
						{Name: "users_email_incl", Columns: []string{"email"}, Unique: true, Include: []string{"Nick", "id"}},
						{Name: "users_email_live_idx", Columns: []string{"email"}, Where: "deleted_at IS NULL"},
						{Name: "users_expr_incl", Keys: []string{"(id + 1)"}, Include: []string{"email"},
							Where: `id > 0 AND "Nick" <> ''::text`},
						{Name: "users_loc_idx", Columns: []string{"loc"}, Method: "gist"},
						{Name: "users_lower_email_idx", Keys: []string{"lower(email)"}},
						{Name: "users_name_pattern_idx", Keys: []string{"name text_pattern_ops DESC"}},
						{Name: "users_nick_nf_idx", Keys: []string{`"Nick" NULLS FIRST`, "name"}},
					}},
			}},
		},
		{
			name: "citext column after CREATE EXTENSION citext",
			ddl: `
CREATE EXTENSION citext;
CREATE TABLE accounts (email citext NOT NULL UNIQUE, aliases citext[]);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "accounts",
					Columns: []*schema.Column{notNull("email", "citext"), null("aliases", "citext[]")},
					Uniques: []*schema.Unique{{Name: "accounts_email_key", Columns: []string{"email"}}}},
			}},
		},
		{
			name: "extension type and operator class in another schema",
			ddl: `
CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA ext;
CREATE EXTENSION pg_trgm WITH SCHEMA ext;
CREATE TABLE t (email ext.citext, name text);
CREATE INDEX t_name_trgm ON t USING gin (name ext.gin_trgm_ops);`,
			searchPath: "public, ext",
			want: &schema.Schema{
				Schemas: []string{"ext"},
				Tables: []*schema.Table{
					{Schema: "public", Name: "t",
						Columns: []*schema.Column{null("email", "ext.citext"), null("name", "text")},
						Indexes: []*schema.Index{{Name: "t_name_trgm", Keys: []string{"name ext.gin_trgm_ops"}, Method: "gin"}}},
				},
			},
		},
		{
			name: "more built-in types",
			ddl: `
CREATE TABLE t (
	i interval, ids interval day to second(2), t time(3), ts timestamp(6), tz timetz,
	n cidr, j json, bits bit varying(8), c char(2), ia interval[]
);`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "t",
					Columns: []*schema.Column{
						null("i", "interval"), null("ids", "interval day to second(2)"),
						null("t", "time(3) without time zone"), null("ts", "timestamp(6) without time zone"),
						null("tz", "time with time zone"), null("n", "cidr"), null("j", "json"),
						null("bits", "bit varying(8)"), null("c", "character(2)"), null("ia", "interval[]"),
					}},
			}},
		},
		{
			name: "objects of extensions left out",
			ddl: `
CREATE SCHEMA ext;
CREATE TABLE ext.t (id integer);
CREATE TABLE ext_owned (id integer PRIMARY KEY);
CREATE TABLE mine (id integer REFERENCES ext_owned);
CREATE TYPE ext_enum AS ENUM ('a');
CREATE TYPE ext.t_enum AS ENUM ('a');
ALTER EXTENSION plpgsql ADD SCHEMA ext;
ALTER EXTENSION plpgsql ADD TABLE ext_owned;
ALTER EXTENSION plpgsql ADD TYPE ext_enum;`,
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "mine",
					Columns: []*schema.Column{null("id", "integer")},
					ForeignKeys: []*schema.ForeignKey{{Name: "mine_id_fkey", Columns: []string{"id"},
						RefSchema: "public", RefTable: "ext_owned", RefColumns: []string{"id"}}}},
			}},
		},
		{
			name: "foreign key to a table in a schema not read, in key order",
			ddl: `
CREATE SCHEMA a; CREATE SCHEMA b;
CREATE TABLE b.parent (x integer, gone integer, y integer, PRIMARY KEY (y, x));
ALTER TABLE b.parent DROP COLUMN gone;
CREATE TABLE a.child (p integer, q integer, FOREIGN KEY (q, p) REFERENCES b.parent (y, x));`,
			opts: catalog.Options{Schemas: []string{"a"}},
			want: &schema.Schema{
				Schemas: []string{"a"},
				Tables: []*schema.Table{
					{Schema: "a", Name: "child",
						Columns: []*schema.Column{null("p", "integer"), null("q", "integer")},
						ForeignKeys: []*schema.ForeignKey{{Name: "child_q_p_fkey", Columns: []string{"q", "p"},
							RefSchema: "b", RefTable: "parent", RefColumns: []string{"y", "x"}}}},
				},
			},
		},
		{
			name: "foreign key to an excluded table past a dropped column",
			ddl: `
CREATE TABLE schemagen_version (gone integer, version_num text PRIMARY KEY);
ALTER TABLE schemagen_version DROP COLUMN gone;
CREATE TABLE t (gone integer, v text REFERENCES schemagen_version, "Select" integer);
ALTER TABLE t DROP COLUMN gone;
CREATE INDEX t_select_idx ON t ("Select" DESC) INCLUDE (v);`,
			opts: catalog.Options{Exclude: []schema.QualifiedName{{Name: "schemagen_version"}}},
			want: &schema.Schema{Tables: []*schema.Table{
				{Schema: "public", Name: "t",
					Columns: []*schema.Column{null("v", "text"), null("Select", "integer")},
					ForeignKeys: []*schema.ForeignKey{{Name: "t_v_fkey", Columns: []string{"v"},
						RefSchema: "public", RefTable: "schemagen_version", RefColumns: []string{"version_num"}}},
					Indexes: []*schema.Index{{Name: "t_select_idx", Keys: []string{`"Select" DESC`}, Include: []string{"v"}}}},
			}},
		},
		{
			name: "defaults of every kind, deparsed without their table",
			ddl: `
CREATE SEQUENCE counter;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (
	a integer DEFAULT nextval('counter'),
	b text DEFAULT 'x' || 'y',
	c timestamptz DEFAULT now() + interval '1 day',
	d mood DEFAULT 'ok',
	e mood[] DEFAULT ARRAY['sad']::mood[],
	f numeric(12,2) DEFAULT 1.5,
	g integer GENERATED ALWAYS AS (a * 2) STORED,
	h boolean DEFAULT (1 > 0)
);`,
			want: &schema.Schema{
				Enums: []*schema.Enum{{Schema: "public", Name: "mood", Values: []string{"sad", "ok"}}},
				Tables: []*schema.Table{
					{Schema: "public", Name: "t",
						Columns: []*schema.Column{
							withDefault(null("a", "integer"), "nextval('counter'::regclass)"),
							withDefault(null("b", "text"), "('x'::text || 'y'::text)"),
							withDefault(null("c", "timestamp with time zone"), "(now() + '1 day'::interval)"),
							withDefault(null("d", "mood"), "'ok'::mood"),
							withDefault(null("e", "mood[]"), "ARRAY['sad'::mood]"),
							withDefault(null("f", "numeric(12,2)"), "1.5"),
							{Name: "g", Type: "integer", Nullable: true, Generated: "(a * 2)"},
							withDefault(null("h", "boolean"), "(1 > 0)"),
						}},
				}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, _ := pgtest.DB(t)
			ctx := context.Background()
			// One connection, so that the search_path set below holds.
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if tc.ddl != "" {
				if _, err := conn.ExecContext(ctx, tc.ddl); err != nil {
					t.Fatalf("run DDL: %v", err)
				}
			}
			if tc.searchPath != "" {
				if _, err := conn.ExecContext(ctx, "SET search_path TO "+tc.searchPath); err != nil {
					t.Fatalf("set search_path: %v", err)
				}
			}
			got, err := catalog.Inspect(ctx, conn, tc.opts)
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			// What is not managed has tests of its own (unmanaged_test.go),
			// and so do the objects managed by their definition
			// (objects_test.go).
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(schema.Schema{}, "Unmanaged", "Objects", "Dependants")); diff != "" {
				t.Errorf("Inspect mismatch (-want +got):\n%s", diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			// catalog is a boundary of the pipeline: every name it
			// returns has its schema set.
			if bad := nametest.NonCanonical(got); len(bad) > 0 {
				t.Errorf("Inspect returned names without a schema:\n%s", strings.Join(bad, "\n"))
			}
		})
	}
}

// TestInspectTx checks that a transaction satisfies [catalog.Querier] and
// sees its own uncommitted DDL.
func TestInspectTx(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE t (id integer)`); err != nil {
		t.Fatal(err)
	}
	got, err := catalog.Inspect(ctx, tx, catalog.Options{})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	want := &schema.Schema{Tables: []*schema.Table{{Schema: "public", Name: "t", Columns: []*schema.Column{null("id", "integer")}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Inspect mismatch (-want +got):\n%s", diff)
	}
}

func TestInspectCanceled(t *testing.T) {
	t.Parallel()
	db, _ := pgtest.DB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err == nil || !strings.Contains(err.Error(), "catalog: query schemas") {
		t.Errorf("Inspect with a canceled context: got error %v, want one about querying schemas", err)
	}
}

// countingQuerier counts the queries run through it.
type countingQuerier struct {
	q catalog.Querier
	n atomic.Int64
}

func (c *countingQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	return c.q.QueryContext(ctx, query, args...)
}

// createTables creates tables t<from> … t<to-1> in schema s, each with a
// primary key, a foreign key to the table before it, a unique constraint,
// a check constraint, a column of an enum type of its own, a comment, an
// index and an expression index. It sends one multi-statement string that
// commits every 100 tables, so that no transaction holds more locks than
// the server's default lock table has room for.
//
// Partitioned tables (without partitions) have no storage, so that
// creating them costs no file and no fsync: a thousand take a second
// rather than ten. Their unique constraint includes the partition key id.
func createTables(ctx context.Context, db *sql.DB, s string, from, to int, partitioned bool) error {
	var b strings.Builder
	for i := from; i < to; i++ {
		if (i-from)%100 == 0 {
			if i > from {
				b.WriteString("COMMIT;\n")
			}
			b.WriteString("BEGIN;\n")
		}
		name := schema.QuoteQualified(schema.QualifiedName{Schema: s, Name: fmt.Sprintf("t%03d", i)})
		enum := schema.QuoteQualified(schema.QualifiedName{Schema: s, Name: fmt.Sprintf("e%03d", i)})
		parent := "bigint"
		if i > 0 {
			parent += " REFERENCES " + schema.QuoteQualified(schema.QualifiedName{Schema: s, Name: fmt.Sprintf("t%03d", i-1)})
		}
		fmt.Fprintf(&b, "CREATE TYPE %s AS ENUM ('a', 'b');\n", enum)
		unique, partition := "UNIQUE (code)", ""
		if partitioned {
			unique, partition = "UNIQUE (id, code)", " PARTITION BY LIST (id)"
		}
		fmt.Fprintf(&b, "CREATE TABLE %s (id bigint PRIMARY KEY, parent_id %s, code text CHECK (code <> ''), "+
			"created_at timestamptz NOT NULL DEFAULT now(), kind %s, %s)%s;\n", name, parent, enum, unique, partition)
		fmt.Fprintf(&b, "COMMENT ON TABLE %s IS 'table %d';\n", name, i)
		fmt.Fprintf(&b, "CREATE INDEX ON %s (created_at);\n", name)
		fmt.Fprintf(&b, "CREATE INDEX ON %s (lower(code));\n", name)
	}
	if to > from {
		b.WriteString("COMMIT;\n")
	}
	_, err := db.ExecContext(ctx, b.String())
	return err
}

// TestInspectQueryCountIsConstant checks that Inspect sends as many
// queries for 1,000 tables (100 with -short) as for one.
func TestInspectQueryCountIsConstant(t *testing.T) {
	t.Parallel()
	tables := 1000
	if testing.Short() {
		tables = 100 // creating them is most of the test's time
	}
	db, _ := pgtest.DB(t)
	ctx := context.Background()
	count := func(wantTables int) int64 {
		t.Helper()
		cq := &countingQuerier{q: db}
		got, err := catalog.Inspect(ctx, cq, catalog.Options{})
		if err != nil {
			t.Fatalf("Inspect: %v", err)
		}
		if len(got.Tables) != wantTables || len(got.Enums) != wantTables {
			t.Fatalf("Inspect read %d tables and %d enums, want %d of each", len(got.Tables), len(got.Enums), wantTables)
		}
		for _, tbl := range got.Tables {
			if tbl.PrimaryKey == nil || len(tbl.Uniques) != 1 || len(tbl.Checks) != 1 || len(tbl.Indexes) != 2 || tbl.Comment == "" {
				t.Fatalf("table %s: want a primary key, a unique and a check constraint, two indexes and a comment, got %+v", tbl.Name, tbl)
			}
			if len(tbl.Indexes[1].Keys) != 1 {
				t.Fatalf("table %s: want an expression index, got %+v", tbl.Name, tbl.Indexes[1])
			}
			if tbl.Name != "t000" && len(tbl.ForeignKeys) != 1 {
				t.Fatalf("table %s: want a foreign key, got %d", tbl.Name, len(tbl.ForeignKeys))
			}
		}
		return cq.n.Load()
	}
	if err := createTables(ctx, db, "public", 0, 1, true); err != nil {
		t.Fatal(err)
	}
	one := count(1)
	if err := createTables(ctx, db, "public", 1, tables, true); err != nil {
		t.Fatal(err)
	}
	many := count(tables)
	if one != many || many > 8 {
		t.Errorf("Inspect ran %d queries for 1 table and %d for %d tables; want the same number, at most 8", one, many, tables)
	}
}

// createBenchTables creates tables b00000 … b<n-1> in public shaped as in
// issue 6's benchmark: 15 columns of mixed types, some with defaults, a
// primary key, a unique constraint, a foreign key to the table before, an
// index on it, and on every other table a two-column index. Like
// createTables it sends one string that commits every 100 tables.
func createBenchTables(ctx context.Context, db *sql.DB, n int) error {
	var b strings.Builder
	for i := range n {
		if i%100 == 0 {
			if i > 0 {
				b.WriteString("COMMIT;\n")
			}
			b.WriteString("BEGIN;\n")
		}
		name := fmt.Sprintf("b%05d", i)
		parent := "bigint"
		if i > 0 {
			parent += fmt.Sprintf(" REFERENCES b%05d (id)", i-1)
		}
		fmt.Fprintf(&b, "CREATE TABLE %s (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, parent_id %s, "+
			"code varchar(32) NOT NULL UNIQUE, name text NOT NULL, amount numeric(12,2) NOT NULL DEFAULT 0, "+
			"qty integer NOT NULL DEFAULT 1, active boolean NOT NULL DEFAULT true, status varchar(16) NOT NULL DEFAULT 'new', "+
			"created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz, note text, data jsonb NOT NULL DEFAULT '{}', "+
			"tags text[] NOT NULL, score real NOT NULL, small smallint NOT NULL);\n", name, parent)
		fmt.Fprintf(&b, "CREATE INDEX ON %s (parent_id);\n", name)
		if i%2 == 0 {
			fmt.Fprintf(&b, "CREATE INDEX ON %s (status, created_at);\n", name)
		}
	}
	if n > 0 {
		b.WriteString("COMMIT;\n")
	}
	_, err := db.ExecContext(ctx, b.String())
	return err
}

// BenchmarkInspect times Inspect, in a new session each time (as the CLI
// runs it), on databases of 1, 100, 1,000 and 10,000 tables shaped by
// createBenchTables, and reports the queries sent. The "objects" case
// has 50 tables of createTables and one object of every kind
// (objectsDDL, which adds two tables). Creating the tables
// takes long: 1,000 are left out with -short, and 10,000 (some minutes)
// run only with SCHEMAGEN_BENCH_LARGE=1. The "rich" case has 1,000 tables
// of createTables, whose check constraints and expression indexes
// PostgreSQL must deparse.
func BenchmarkInspect(b *testing.B) {
	cases := []struct {
		name   string
		tables int
		create func(context.Context, *sql.DB) error
	}{
		{"tables=1", 1, func(ctx context.Context, db *sql.DB) error { return createBenchTables(ctx, db, 1) }},
		{"objects/tables=52", 52, func(ctx context.Context, db *sql.DB) error {
			if err := createTables(ctx, db, "public", 0, 50, false); err != nil {
				return err
			}
			_, err := db.ExecContext(ctx, objectsDDL)
			return err
		}},
		{"tables=100", 100, func(ctx context.Context, db *sql.DB) error { return createBenchTables(ctx, db, 100) }},
		{"tables=1000", 1000, func(ctx context.Context, db *sql.DB) error { return createBenchTables(ctx, db, 1000) }},
		{"tables=10000", 10000, func(ctx context.Context, db *sql.DB) error { return createBenchTables(ctx, db, 10000) }},
		{"rich/tables=1000", 1000, func(ctx context.Context, db *sql.DB) error {
			return createTables(ctx, db, "public", 0, 1000, false)
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			if bc.tables >= 1000 && testing.Short() {
				b.Skip("creating the tables takes long; run without -short")
			}
			if bc.tables >= 10000 && os.Getenv("SCHEMAGEN_BENCH_LARGE") != "1" {
				b.Skip("creating 10,000 tables takes minutes; set SCHEMAGEN_BENCH_LARGE=1")
			}
			db, _ := pgtest.DB(b)
			ctx := context.Background()
			if err := bc.create(ctx, db); err != nil {
				b.Fatal(err)
			}
			// Each Inspect runs on a connection of its own, closed after
			// it, so that each starts a session with cold caches.
			db.SetMaxIdleConns(0)
			var queries int64
			for b.Loop() {
				conn, err := db.Conn(ctx)
				if err != nil {
					b.Fatal(err)
				}
				cq := &countingQuerier{q: conn}
				s, err := catalog.Inspect(ctx, cq, catalog.Options{})
				conn.Close()
				if err != nil {
					b.Fatal(err)
				}
				if len(s.Tables) != bc.tables {
					b.Fatalf("Inspect read %d tables, want %d", len(s.Tables), bc.tables)
				}
				queries = cq.n.Load()
			}
			b.ReportMetric(float64(queries), "queries/op")
		})
	}
}
