// Package catalog reads a live PostgreSQL database into a [schema.Schema].
//
// [Inspect] introspects pg_catalog in a fixed number of queries, however
// many tables the database holds: one for the schemas, one for tables and
// their columns, one for primary-key, unique and foreign-key constraints,
// and one for the indexes that back no constraint. Its result has the shape
// that package parser gives the same objects, with SQL text (types,
// defaults, index expressions) as PostgreSQL prints it.
package catalog

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/lib/pq"

	"github.com/schemagen/schemagen/schema"
)

// Querier is what [Inspect] needs; *sql.DB, *sql.Conn and *sql.Tx satisfy
// it. Pass a *sql.Tx (REPEATABLE READ) for a snapshot that concurrent DDL
// cannot tear: with a *sql.DB, each query may run on another connection.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Options narrows what [Inspect] reads. The zero value reads every user
// schema.
type Options struct {
	// Schemas lists the only schemas to read; names that do not exist are
	// ignored. Empty: every schema except pg_catalog, information_schema,
	// pg_toast*, pg_temp_* and schemas owned by extensions.
	Schemas []string
	// Exclude lists tables to leave out, such as the version table; an
	// empty Schema means [schema.DefaultSchema]. Foreign keys of other
	// tables that reference an excluded table are kept.
	Exclude []schema.QualifiedName
}

// Inspect reads the schemas, ordinary and partitioned tables, columns,
// primary keys, unique constraints, foreign keys and indexes of the
// database behind q. Tables that belong to extensions are skipped.
//
// The result is deterministic: Schemas sorted (public left out), tables
// sorted by (schema, name) with Schema always set, columns in table order,
// and unique constraints, foreign keys and indexes sorted by name. Empty
// lists are nil. Inspect issues at most four queries, whatever the number
// of tables.
func Inspect(ctx context.Context, q Querier, opts Options) (*schema.Schema, error) {
	in := &inspector{q: q, tables: map[schema.QualifiedName]*schema.Table{}}
	excluded := make(map[schema.QualifiedName]bool, len(opts.Exclude))
	for _, e := range opts.Exclude {
		excluded[schema.QualifiedName{Schema: schema.SchemaOrDefault(e.Schema), Name: e.Name}] = true
	}
	out := &schema.Schema{}
	names, err := in.schemas(ctx, opts.Schemas)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n != schema.DefaultSchema {
			out.Schemas = append(out.Schemas, n)
		}
	}
	if len(names) == 0 {
		return out, nil
	}
	if err := in.columns(ctx, names, excluded); err != nil {
		return nil, err
	}
	if err := in.constraints(ctx, names); err != nil {
		return nil, err
	}
	if err := in.indexes(ctx, names); err != nil {
		return nil, err
	}
	out.Tables = in.order
	slices.SortFunc(out.Tables, func(a, b *schema.Table) int {
		return cmp.Or(strings.Compare(a.Schema, b.Schema), strings.Compare(a.Name, b.Name))
	})
	for _, t := range out.Tables {
		slices.SortFunc(t.Uniques, func(a, b *schema.Unique) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.ForeignKeys, func(a, b *schema.ForeignKey) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.Indexes, func(a, b *schema.Index) int { return strings.Compare(a.Name, b.Name) })
	}
	return out, nil
}

// inspector holds the state of one [Inspect] call.
type inspector struct {
	q      Querier
	tables map[schema.QualifiedName]*schema.Table
	order  []*schema.Table
}

// schemas returns the names of the schemas to read, sorted.
func (in *inspector) schemas(ctx context.Context, only []string) ([]string, error) {
	var arg any // NULL: every user schema
	if len(only) > 0 {
		arg = pq.Array(only)
	}
	rows, err := in.q.QueryContext(ctx, schemasQuery, arg)
	if err != nil {
		return nil, fmt.Errorf("catalog: query schemas: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("catalog: scan schema: %w", err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog: read schemas: %w", err)
	}
	slices.Sort(names)
	return names, nil
}

// columns reads the tables of the given schemas with their columns.
func (in *inspector) columns(ctx context.Context, schemas []string, excluded map[schema.QualifiedName]bool) error {
	rows, err := in.q.QueryContext(ctx, columnsQuery, pq.Array(schemas))
	if err != nil {
		return fmt.Errorf("catalog: query tables and columns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			q                        schema.QualifiedName
			name, typ, def, identity sql.NullString
			notNull                  sql.NullBool
		)
		if err := rows.Scan(&q.Schema, &q.Name, &name, &typ, &notNull, &def, &identity); err != nil {
			return fmt.Errorf("catalog: scan column: %w", err)
		}
		if excluded[q] {
			continue
		}
		t, ok := in.tables[q]
		if !ok {
			t = &schema.Table{Schema: q.Schema, Name: q.Name}
			in.tables[q] = t
			in.order = append(in.order, t)
		}
		if !name.Valid {
			continue // a table without columns
		}
		t.Columns = append(t.Columns, &schema.Column{
			Name:     name.String,
			Type:     typ.String,
			Nullable: !notNull.Bool,
			Default:  def.String,
			// attidentity 'd' is BY DEFAULT and 'a' is ALWAYS; the model
			// knows one kind, and schemagen emits BY DEFAULT.
			Identity: identity.String == "d" || identity.String == "a",
		})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read tables and columns: %w", err)
	}
	return nil
}

// constraints reads primary keys, unique constraints and foreign keys into
// the tables read by columns.
func (in *inspector) constraints(ctx context.Context, schemas []string) error {
	rows, err := in.q.QueryContext(ctx, constraintsQuery, pq.Array(schemas))
	if err != nil {
		return fmt.Errorf("catalog: query constraints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			q                   schema.QualifiedName
			name, kind          string
			cols, refCols       pq.StringArray
			refSchema, refTable sql.NullString
			onDelete, onUpdate  sql.NullString
		)
		if err := rows.Scan(&q.Schema, &q.Name, &name, &kind, &cols, &refSchema, &refTable, &refCols, &onDelete, &onUpdate); err != nil {
			return fmt.Errorf("catalog: scan constraint: %w", err)
		}
		t, ok := in.tables[q]
		if !ok {
			continue // an excluded or extension-owned table
		}
		switch kind {
		case "p":
			t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols}
		case "u":
			t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols})
		case "f":
			del, err := refAction(onDelete.String)
			if err != nil {
				return fmt.Errorf("catalog: foreign key %s on %s: %w", name, q, err)
			}
			upd, err := refAction(onUpdate.String)
			if err != nil {
				return fmt.Errorf("catalog: foreign key %s on %s: %w", name, q, err)
			}
			// MATCH FULL and DEFERRABLE are not part of the model yet.
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
				Name:       name,
				Columns:    cols,
				RefSchema:  refSchema.String,
				RefTable:   refTable.String,
				RefColumns: refCols,
				OnDelete:   del,
				OnUpdate:   upd,
			})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read constraints: %w", err)
	}
	return nil
}

// refAction maps pg_constraint.confdeltype/confupdtype to the SQL words of
// [schema.ForeignKey]; NO ACTION is "".
func refAction(code string) (string, error) {
	switch code {
	case "a":
		return "", nil
	case "r":
		return "RESTRICT", nil
	case "c":
		return "CASCADE", nil
	case "n":
		return "SET NULL", nil
	case "d":
		return "SET DEFAULT", nil
	}
	return "", fmt.Errorf("unknown referential action %q", code)
}

// indexes reads the indexes that back no constraint into the tables read
// by columns.
func (in *inspector) indexes(ctx context.Context, schemas []string) error {
	rows, err := in.q.QueryContext(ctx, indexesQuery, pq.Array(schemas))
	if err != nil {
		return fmt.Errorf("catalog: query indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			q      schema.QualifiedName
			name   string
			unique bool
			cols   pq.StringArray
		)
		if err := rows.Scan(&q.Schema, &q.Name, &name, &unique, &cols); err != nil {
			return fmt.Errorf("catalog: scan index: %w", err)
		}
		t, ok := in.tables[q]
		if !ok {
			continue // an excluded or extension-owned table
		}
		// The access method (pg_am.amname), the predicate of a partial
		// index (pg_get_expr(indpred, indrelid)), INCLUDE columns (indkey
		// past indnkeyatts), sort order (indoption) and operator classes
		// are not part of the model yet; they are read here when it grows
		// them. Expression keys already come as their text.
		t.Indexes = append(t.Indexes, &schema.Index{Name: name, Columns: cols, Unique: unique})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read indexes: %w", err)
	}
	return nil
}

// The queries filter by namespace first and join on oids, so that their
// cost follows the size of the schemas read, not of the whole catalog.
// Array orders (conkey, confkey, indkey) are kept with WITH ORDINALITY.
const (
	// schemasQuery lists the schemas to read. $1 is a text[] of names, or
	// NULL for every user schema.
	schemasQuery = `
SELECT n.nspname::text
FROM pg_catalog.pg_namespace n
WHERE CASE WHEN $1::text[] IS NULL THEN
		n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND n.nspname NOT LIKE 'pg\_toast%'
		AND n.nspname NOT LIKE 'pg\_temp\_%'
		AND NOT EXISTS (
			SELECT 1 FROM pg_catalog.pg_depend d
			WHERE d.classid = 'pg_catalog.pg_namespace'::regclass
				AND d.objid = n.oid AND d.deptype = 'e')
	ELSE n.nspname = ANY($1::text[])
	END
ORDER BY n.nspname`

	// columnsQuery lists the ordinary and partitioned tables of the
	// schemas $1 with their columns, one row per column, or one row with
	// NULL columns for a table without any. Tables owned by extensions are
	// left out. Generated columns are not modeled yet: their expression
	// (also in pg_attrdef) is not reported as a default.
	columnsQuery = `
SELECT n.nspname::text, c.relname::text,
	a.attname::text,
	pg_catalog.format_type(a.atttypid, a.atttypmod),
	a.attnotnull,
	CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
	a.attidentity::text
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
LEFT JOIN pg_catalog.pg_attribute a
	ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_attrdef ad
	ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE n.nspname = ANY($1::text[])
	AND c.relkind IN ('r', 'p')
	AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_depend d
		WHERE d.classid = 'pg_catalog.pg_class'::regclass
			AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum`

	// constraintsQuery lists the primary-key, unique and foreign-key
	// constraints of the tables of the schemas $1, with their columns in
	// key order and, for foreign keys, the referenced table and columns.
	constraintsQuery = `
SELECT n.nspname::text, c.relname::text, con.conname::text, con.contype::text,
	ARRAY(
		SELECT a.attname::text
		FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
		ORDER BY k.ord),
	rn.nspname::text, rc.relname::text,
	ARRAY(
		SELECT a.attname::text
		FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
		ORDER BY k.ord),
	con.confdeltype::text, con.confupdtype::text
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname = ANY($1::text[])
	AND c.relkind IN ('r', 'p')
	AND con.contype IN ('p', 'u', 'f')
ORDER BY n.nspname, c.relname, con.conname`

	// indexesQuery lists the indexes of the tables of the schemas $1 that
	// back no primary-key, unique or exclusion constraint, with their key
	// columns in order: a column's name, or an expression's text.
	// (A foreign key's conindid names the referenced table's index, so
	// only constraints of the indexed table itself count.)
	indexesQuery = `
SELECT n.nspname::text, c.relname::text, ic.relname::text, i.indisunique,
	ARRAY(
		SELECT CASE WHEN k.attnum = 0
			THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true)
			ELSE a.attname::text END
		FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE k.ord <= i.indnkeyatts
		ORDER BY k.ord)
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE n.nspname = ANY($1::text[])
	AND c.relkind IN ('r', 'p')
	AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_constraint con
		WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid
			AND con.contype IN ('p', 'u', 'x'))
ORDER BY n.nspname, c.relname, ic.relname`
)
