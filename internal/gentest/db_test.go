package gentest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/testcache"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// testDB is a database of one history; the history drops it when it ends.
type testDB struct {
	name, url string
	db        *sql.DB
}

// createDB creates a database with a unique name on server.
func createDB(ctx context.Context, server *sql.DB) (*testDB, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	name := "schemagen_test_gen_" + hex.EncodeToString(b)
	// FILE_COPY (PostgreSQL 15) copies the template's few files instead of
	// writing them to the WAL: about half the time.
	if _, err := server.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)+" STRATEGY FILE_COPY"); err != nil {
		return nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := dburl.WithDatabase(pgtest.ServerURL(), name)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("postgres", u)
	if err != nil {
		return nil, err
	}
	return &testDB{name: name, url: u, db: db}, nil
}

// drop closes and drops d.
func (d *testDB) drop(ctx context.Context, server *sql.DB) error {
	d.db.Close()
	if _, err := server.ExecContext(ctx, "DROP DATABASE IF EXISTS "+schema.QuoteIdent(d.name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", d.name, err)
	}
	return nil
}

// dbPool keeps the databases of finished histories, emptied, for the
// next ones: creating a database takes longer than emptying one. The
// histories of parallel tests share it.
type dbPool struct {
	mu   sync.Mutex
	free []*testDB
	all  []*testDB
}

// pool is the test binary's; TestMain drops its databases when the
// tests end.
var pool dbPool

// TestMain runs the tests with a cache folder of their own (see
// [testcache.Run]), then drops the pool's databases.
func TestMain(m *testing.M) {
	code := testcache.Run(m)
	if len(pool.all) > 0 {
		// The tests' own handles on the server are closed by now.
		server, err := sql.Open("postgres", pgtest.ServerURL())
		if err == nil {
			err = pool.drain(context.Background(), server)
			server.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gentest:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// get returns an empty database. A kept database that is gone (a
// cleanup of schemagen_test_* databases by another run on the server) is
// passed over.
func (p *dbPool) get(ctx context.Context, server *sql.DB) (*testDB, error) {
	for {
		p.mu.Lock()
		n := len(p.free)
		if n == 0 {
			p.mu.Unlock()
			break
		}
		d := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		if d.db.PingContext(ctx) == nil {
			return d, nil
		}
	}
	d, err := createDB(ctx, server)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.all = append(p.all, d)
	p.mu.Unlock()
	return d, nil
}

// put empties d and keeps it for get; a database that is gone is let go.
func (p *dbPool) put(ctx context.Context, d *testDB) error {
	for _, stmt := range []string{"DROP SCHEMA IF EXISTS app CASCADE", "DROP SCHEMA public CASCADE", "CREATE SCHEMA public"} {
		if _, err := d.db.ExecContext(ctx, stmt); err != nil {
			if d.db.PingContext(ctx) != nil {
				return nil
			}
			return fmt.Errorf("empty database %s: %s: %w", d.name, stmt, err)
		}
	}
	p.mu.Lock()
	p.free = append(p.free, d)
	p.mu.Unlock()
	return nil
}

// drain drops every database of the pool.
func (p *dbPool) drain(ctx context.Context, server *sql.DB) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, d := range p.all {
		errs = append(errs, d.drop(ctx, server))
	}
	p.free, p.all = nil, nil
	return errors.Join(errs...)
}

// bookkeeping lists the tables of the runner, which the comparisons leave
// out as the CLI does.
var bookkeeping = []schema.QualifiedName{migrate.DefaultVersionTable(), migrate.ProgressTable(migrate.DefaultVersionTable()), migrate.FingerprintTable(migrate.DefaultVersionTable())}

// userSchemas is the condition on a namespace column n that selects the
// schemas the histories use.
const userSchemas = "n.nspname IN ('public', 'app')"

// bookkeepingCond is the condition on a relation name column that leaves
// out the runner's tables.
func bookkeepingCond(col string) string {
	var names []string
	for _, q := range bookkeeping {
		names = append(names, schema.QuoteLiteral(q.Name))
	}
	return col + " NOT IN (" + strings.Join(names, ", ") + ")"
}

// catalogTypes spells the types the generator writes as format_type
// prints them; enums, and other types, are spelled alike.
var catalogTypes = map[string]string{
	"varchar(20)": "character varying(20)",
	"timestamptz": "timestamp with time zone",
}

// independent is a reading of the catalog that shares nothing with
// package catalog: the columns, enum values, constraints and indexes of
// the user schemas, straight from pg_catalog.
type independent struct {
	// Columns lists "schema.table: name type [not null] [identity] [default X]" in
	// table and column order.
	Columns []string
	// Enums lists "schema.name: v1, v2" in name order.
	Enums []string
	// Constraints lists "schema.table: kind name [not valid]", sorted.
	Constraints []string
	// Indexes lists "schema.table: name [invalid]" of the indexes that back no
	// constraint, sorted.
	Indexes []string
	// Schemas lists the user schemas that exist besides public.
	Schemas []string
}

func readIndependent(ctx context.Context, db *sql.DB) (*independent, error) {
	var out independent
	query := func(q string, row func(*sql.Rows) error) error {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("independent reading: %w\n%s", err, q)
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := query(`SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
			coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND `+userSchemas+` AND `+bookkeepingCond("c.relname")+`
		ORDER BY n.nspname, c.relname, a.attnum`, func(r *sql.Rows) error {
		var nsp, rel, att, typ, ident, def string
		var notNull bool
		if err := r.Scan(&nsp, &rel, &att, &typ, &notNull, &ident, &def); err != nil {
			return err
		}
		out.Columns = append(out.Columns, columnLine(nsp, rel, att, typ, notNull, ident == "d", def))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(`SELECT n.nspname, t.typname, coalesce(pg_catalog.string_agg(e.enumlabel::text, ', ' ORDER BY e.enumsortorder), '')
		FROM pg_catalog.pg_type t
		JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
		LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
		WHERE t.typtype = 'e' AND `+userSchemas+`
		GROUP BY 1, 2 ORDER BY 1, 2`, func(r *sql.Rows) error {
		var nsp, typ, vals string
		if err := r.Scan(&nsp, &typ, &vals); err != nil {
			return err
		}
		out.Enums = append(out.Enums, nsp+"."+typ+": "+vals)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(`SELECT n.nspname, c.relname, k.contype::text, k.conname, k.convalidated
		FROM pg_catalog.pg_constraint k
		JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE `+userSchemas+` AND k.contype IN ('p', 'u', 'f', 'c') AND `+bookkeepingCond("c.relname")+`
		ORDER BY 1, 2, 3, 4`, func(r *sql.Rows) error {
		var nsp, rel, kind, name string
		var valid bool
		if err := r.Scan(&nsp, &rel, &kind, &name, &valid); err != nil {
			return err
		}
		out.Constraints = append(out.Constraints, constraintLine(nsp, rel, kind, name, !valid))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(`SELECT n.nspname, c.relname, x.relname, i.indisvalid AND i.indisready
		FROM pg_catalog.pg_index i
		JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
		JOIN pg_catalog.pg_class x ON x.oid = i.indexrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE `+userSchemas+` AND `+bookkeepingCond("c.relname")+`
			AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'))
		ORDER BY 1, 2, 3`, func(r *sql.Rows) error {
		var nsp, rel, name string
		var valid bool
		if err := r.Scan(&nsp, &rel, &name, &valid); err != nil {
			return err
		}
		out.Indexes = append(out.Indexes, indexLine(nsp, rel, name, !valid))
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(`SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname = 'app'`, func(r *sql.Rows) error {
		var nsp string
		if err := r.Scan(&nsp); err != nil {
			return err
		}
		out.Schemas = append(out.Schemas, nsp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.sortLines()
	return &out, nil
}

func columnLine(nsp, rel, att, typ string, notNull, identity bool, def string) string {
	s := nsp + "." + rel + ": " + att + " " + typ
	if notNull {
		s += " not null"
	}
	if identity {
		s += " identity"
	}
	if def != "" {
		s += " default " + def
	}
	return s
}

func constraintLine(nsp, rel, kind, name string, notValid bool) string {
	s := nsp + "." + rel + ": " + kind + " " + name
	if notValid {
		s += " not valid"
	}
	return s
}

func indexLine(nsp, rel, name string, invalid bool) string {
	s := nsp + "." + rel + ": " + name
	if invalid {
		s += " invalid"
	}
	return s
}

// independentOf returns what an independent reading of a database that
// holds s finds, with each column's default as defaults gives it (the
// catalog's spelling, which only the database knows) and types as
// format_type prints them.
func independentOf(s *schema.Schema, typeName func(string) string, withDefaults bool) *independent {
	var out independent
	s = s.Normalize()
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			def := ""
			if withDefaults {
				def = c.Default
			}
			out.Columns = append(out.Columns, columnLine(t.Schema, t.Name, c.Name, typeName(c.Type), !c.Nullable, c.Identity, def))
		}
		if pk := t.PrimaryKey; pk != nil {
			out.Constraints = append(out.Constraints, constraintLine(t.Schema, t.Name, "p", pk.Name, false))
		}
		for _, u := range t.Uniques {
			out.Constraints = append(out.Constraints, constraintLine(t.Schema, t.Name, "u", u.Name, false))
		}
		for _, fk := range t.ForeignKeys {
			out.Constraints = append(out.Constraints, constraintLine(t.Schema, t.Name, "f", fk.Name, fk.NotValid))
		}
		for _, ck := range t.Checks {
			out.Constraints = append(out.Constraints, constraintLine(t.Schema, t.Name, "c", ck.Name, ck.NotValid))
		}
		for _, ix := range t.Indexes {
			out.Indexes = append(out.Indexes, indexLine(t.Schema, t.Name, ix.Name, ix.Invalid))
		}
	}
	for _, e := range s.Enums {
		out.Enums = append(out.Enums, e.Schema+"."+e.Name+": "+strings.Join(e.Values, ", "))
	}
	out.sortLines()
	out.Schemas = slices.DeleteFunc(slices.Clone(s.Schemas), func(n string) bool { return n == schema.DefaultSchema })
	return &out
}

// sortLines orders the lines as [independentOf] does: columns by table
// (keeping their order), the rest sorted.
func (in *independent) sortLines() {
	slices.SortStableFunc(in.Columns, func(a, b string) int {
		return strings.Compare(a[:strings.Index(a, ": ")], b[:strings.Index(b, ": ")])
	})
	slices.Sort(in.Enums)
	slices.Sort(in.Constraints)
	slices.Sort(in.Indexes)
}

// snapshot is what rows a database holds: the number of rows of each
// table, and how many rows hold each value of each enum (in any column of
// the type, or element of an array of it).
type snapshot struct {
	Rows   map[schema.QualifiedName]int
	Values map[string]map[string]int
}

func readSnapshot(ctx context.Context, db *sql.DB) (*snapshot, error) {
	s := &snapshot{Rows: map[schema.QualifiedName]int{}, Values: map[string]map[string]int{}}
	type col struct {
		table      schema.QualifiedName
		name, enum string
		array      bool
	}
	var tables []schema.QualifiedName
	var cols []col
	rows, err := db.QueryContext(ctx, `SELECT n.nspname, c.relname, coalesce(a.attname, ''), coalesce(pg_catalog.format_type(e.oid, NULL), ''), coalesce(t.typtype <> 'e', false)
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
			AND EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.oid = a.atttypid AND (t.typtype = 'e' OR t.typelem IN (SELECT oid FROM pg_catalog.pg_type WHERE typtype = 'e')))
		LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_catalog.pg_type e ON e.oid = CASE WHEN t.typtype = 'e' THEN t.oid ELSE t.typelem END
		WHERE c.relkind = 'r' AND `+userSchemas+` AND `+bookkeepingCond("c.relname")+`
		ORDER BY 1, 2, a.attnum`)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.table.Schema, &c.table.Name, &c.name, &c.enum, &c.array); err != nil {
			rows.Close()
			return nil, err
		}
		if len(tables) == 0 || tables[len(tables)-1] != c.table {
			tables = append(tables, c.table)
		}
		if c.name != "" {
			cols = append(cols, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range tables {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+schema.QuoteQualified(q)).Scan(&n); err != nil {
			return nil, fmt.Errorf("snapshot: count %s: %w", q, err)
		}
		s.Rows[q] = n
	}
	for _, c := range cols {
		expr := schema.QuoteIdent(c.name) + "::text"
		if c.array {
			expr = "pg_catalog.unnest(" + schema.QuoteIdent(c.name) + ")::text"
		}
		rows, err := db.QueryContext(ctx, "SELECT v, count(*) FROM (SELECT "+expr+" AS v FROM "+schema.QuoteQualified(c.table)+") x WHERE v IS NOT NULL GROUP BY v")
		if err != nil {
			return nil, fmt.Errorf("snapshot: values of %s.%s: %w", c.table, c.name, err)
		}
		for rows.Next() {
			var v string
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				rows.Close()
				return nil, err
			}
			if s.Values[c.enum] == nil {
				s.Values[c.enum] = map[string]int{}
			}
			s.Values[c.enum][v] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// keptBy returns s as it should read after table renames (old name to
// new), without empty tables.
func (s *snapshot) keptBy(renames map[schema.QualifiedName]schema.QualifiedName) *snapshot {
	out := &snapshot{Rows: map[schema.QualifiedName]int{}, Values: map[string]map[string]int{}}
	for q, n := range s.Rows {
		if n == 0 {
			continue
		}
		if to, ok := renames[q]; ok {
			q = to
		}
		out.Rows[q] = n
	}
	for e, vs := range s.Values {
		out.Values[e] = maps.Clone(vs)
	}
	return out
}
