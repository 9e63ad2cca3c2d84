// Package catalog reads a live PostgreSQL database into a [schema.Schema].
//
// [Inspect] introspects pg_catalog in a fixed number of queries, however
// many tables the database holds: one for the schemas, one for enum types,
// one for tables and their columns (with comments), one for primary-key,
// unique, foreign-key and check constraints, and one for the indexes that
// back no constraint. Its result has the shape that package parser gives
// the same objects, with SQL text (types, defaults, expressions) as
// PostgreSQL prints it, except that user-defined column types are spelled
// independently of the connection's search_path (see [Inspect]).
package catalog

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
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

// Inspect reads the schemas, enum types, ordinary and partitioned tables,
// columns, comments, primary keys, unique, foreign-key and check
// constraints and indexes of the database behind q. Tables and enum types
// that belong to extensions are skipped.
//
// The result is deterministic: Schemas sorted (public left out), enums and
// tables sorted by (schema, name) with Schema always set, columns in table
// order, and unique constraints, foreign keys, check constraints and
// indexes sorted by name. Empty lists are nil. Inspect issues at most five
// queries, whatever the number of tables.
//
// A column whose type (or array element type) lives outside pg_catalog —
// an enum, domain, composite or extension type — has its type spelled from
// the type's own namespace, not by format_type, whose output depends on
// the connection's search_path: the bare name in public, "schema.name"
// elsewhere, each part in double quotes unless it is a plain lower-case
// identifier, and "[]" appended for an array ("mood", "billing.status[]",
// `"Billing"."Status"`). Package parser spells enum column types the same
// way. Built-in types are spelled by format_type ("character varying(32)",
// "timestamp(3) with time zone"). SQL expressions (defaults, checks, index
// keys and predicates) are PostgreSQL's text and may still qualify names
// that the search_path does not reach.
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
	if out.Enums, err = in.enums(ctx, names); err != nil {
		return nil, err
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
	slices.SortFunc(out.Enums, func(a, b *schema.Enum) int {
		return cmp.Or(strings.Compare(a.Schema, b.Schema), strings.Compare(a.Name, b.Name))
	})
	out.Tables = in.order
	slices.SortFunc(out.Tables, func(a, b *schema.Table) int {
		return cmp.Or(strings.Compare(a.Schema, b.Schema), strings.Compare(a.Name, b.Name))
	})
	for _, t := range out.Tables {
		slices.SortFunc(t.Uniques, func(a, b *schema.Unique) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.ForeignKeys, func(a, b *schema.ForeignKey) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(t.Checks, func(a, b *schema.Check) int { return strings.Compare(a.Name, b.Name) })
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

// enums reads the enum types of the given schemas with their values in
// sort order.
func (in *inspector) enums(ctx context.Context, schemas []string) ([]*schema.Enum, error) {
	rows, err := in.q.QueryContext(ctx, enumsQuery, pq.Array(schemas))
	if err != nil {
		return nil, fmt.Errorf("catalog: query enums: %w", err)
	}
	defer rows.Close()
	var enums []*schema.Enum
	for rows.Next() {
		var (
			e      schema.Enum
			values pq.StringArray
		)
		if err := rows.Scan(&e.Schema, &e.Name, &values); err != nil {
			return nil, fmt.Errorf("catalog: scan enum: %w", err)
		}
		if len(values) > 0 {
			e.Values = values
		}
		enums = append(enums, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog: read enums: %w", err)
	}
	return enums, nil
}

// columns reads the tables of the given schemas with their columns and
// comments.
func (in *inspector) columns(ctx context.Context, schemas []string, excluded map[schema.QualifiedName]bool) error {
	rows, err := in.q.QueryContext(ctx, columnsQuery, pq.Array(schemas))
	if err != nil {
		return fmt.Errorf("catalog: query tables and columns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			q                                schema.QualifiedName
			tableComment                     sql.NullString
			name, typ, typSchema, typName    sql.NullString
			typmod, def, generated, identity sql.NullString
			comment                          sql.NullString
			notNull, isArray                 sql.NullBool
		)
		if err := rows.Scan(&q.Schema, &q.Name, &tableComment, &name, &typ, &typSchema, &typName, &isArray, &typmod,
			&notNull, &def, &generated, &identity, &comment); err != nil {
			return fmt.Errorf("catalog: scan column: %w", err)
		}
		if excluded[q] {
			continue
		}
		t, ok := in.tables[q]
		if !ok {
			t = &schema.Table{Schema: q.Schema, Name: q.Name, Comment: tableComment.String}
			in.tables[q] = t
			in.order = append(in.order, t)
		}
		if !name.Valid {
			continue // a table without columns
		}
		c := &schema.Column{
			Name:      name.String,
			Type:      typ.String,
			Nullable:  !notNull.Bool,
			Default:   def.String,
			Generated: generated.String,
			// attidentity 'd' is BY DEFAULT and 'a' is ALWAYS; the model
			// knows one kind, and schemagen emits BY DEFAULT.
			Identity: identity.String == "d" || identity.String == "a",
			Comment:  comment.String,
		}
		if typSchema.Valid && typSchema.String != "pg_catalog" {
			// See Inspect's doc: not format_type, which follows the
			// search_path. The typmod is empty for enums, domains and
			// composites; an extension type keeps its own ("vector(3)").
			c.Type = qualifiedName(typSchema.String, typName.String) + typmod.String
			if isArray.Bool {
				c.Type += "[]"
			}
		}
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read tables and columns: %w", err)
	}
	return nil
}

// qualifiedName spells a type or operator class: the bare name in public
// (or with an empty schema), else "schema.name"; each part is quoted only
// when it is not a plain lower-case identifier.
//
// A plain identifier that is also an SQL keyword ("user") is left
// unquoted, as package parser writes it.
func qualifiedName(nsp, name string) string {
	if nsp == "" || nsp == schema.DefaultSchema {
		return quoteIfNeeded(name)
	}
	return quoteIfNeeded(nsp) + "." + quoteIfNeeded(name)
}

// quoteIfNeeded double-quotes name unless it is a plain lower-case
// identifier: a lower-case ASCII letter or underscore, then lower-case
// letters, digits and underscores.
func quoteIfNeeded(name string) string {
	plain := name != ""
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			plain = false
		}
	}
	if plain {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// constraints reads primary keys, unique, foreign-key and check
// constraints into the tables read by columns.
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
			def                 sql.NullString
		)
		if err := rows.Scan(&q.Schema, &q.Name, &name, &kind, &cols, &refSchema, &refTable, &refCols, &onDelete, &onUpdate, &def); err != nil {
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
		case "c":
			expr, err := checkExpr(def.String)
			if err != nil {
				return fmt.Errorf("catalog: check constraint %s on %s: %w", name, q, err)
			}
			t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: expr})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read constraints: %w", err)
	}
	return nil
}

// checkExpr returns the expression inside a check constraint's definition
// as pg_get_constraintdef prints it, "CHECK (expr)" followed perhaps by
// " NO INHERIT" or " NOT VALID", which the model does not keep: CHECK
// (expr) re-creates the constraint.
func checkExpr(def string) (string, error) {
	const prefix = "CHECK ("
	if !strings.HasPrefix(def, prefix) {
		return "", fmt.Errorf("unexpected definition %q", def)
	}
	depth := 1
	var quote byte // the quote character of the literal or identifier we are in
	for i := len(prefix); i < len(def); i++ {
		ch := def[i]
		switch {
		case quote != 0:
			if ch == quote { // a doubled quote reopens at once
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				return def[len(prefix):i], nil
			}
		}
	}
	return "", fmt.Errorf("unbalanced definition %q", def)
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

// indexKey is one key of an index, as indexesQuery reports it in JSON.
type indexKey struct {
	// Column is the column's name, null for an expression.
	Column *string `json:"column"`
	// Def is the key as pg_get_indexdef prints it, without operator
	// class and order.
	Def string `json:"def"`
	// Option holds pg_index.indoption bits.
	Option int `json:"option"`
	// OpclassDefault reports whether the operator class is the default
	// one; OpclassSchema and Opclass name it.
	OpclassDefault bool   `json:"opclass_default"`
	OpclassSchema  string `json:"opclass_schema"`
	Opclass        string `json:"opclass"`
}

// pg_index.indoption bits (INDOPTION_DESC, INDOPTION_NULLS_FIRST).
const (
	indoptionDesc       = 1
	indoptionNullsFirst = 2
)

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
			q        schema.QualifiedName
			ix       schema.Index
			keysJSON []byte
			include  pq.StringArray
		)
		if err := rows.Scan(&q.Schema, &q.Name, &ix.Name, &ix.Unique, &ix.Method, &ix.Where, &keysJSON, &include); err != nil {
			return fmt.Errorf("catalog: scan index: %w", err)
		}
		t, ok := in.tables[q]
		if !ok {
			continue // an excluded or extension-owned table
		}
		var keys []indexKey
		if err := json.Unmarshal(keysJSON, &keys); err != nil {
			return fmt.Errorf("catalog: decode keys of index %s on %s: %w", ix.Name, q, err)
		}
		ix.Columns, ix.Keys = indexKeys(keys)
		if len(include) > 0 {
			ix.Include = include
		}
		t.Indexes = append(t.Indexes, &ix)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read indexes: %w", err)
	}
	return nil
}

// indexKeys returns the key column names when every key is a plain column
// with the default order and operator class, and the keys as SQL text
// otherwise ("lower(email)", "created_at DESC", "name text_pattern_ops
// NULLS FIRST"). Non-default collations and operator class parameters are
// not part of the model and are not read.
func indexKeys(keys []indexKey) (columns, exprs []string) {
	plain := true
	for _, k := range keys {
		if k.Column == nil || k.Option != 0 || !k.OpclassDefault {
			plain = false
		}
	}
	for _, k := range keys {
		if plain {
			columns = append(columns, *k.Column)
			continue
		}
		s := k.Def
		if !k.OpclassDefault {
			nsp := k.OpclassSchema
			if nsp == "pg_catalog" {
				nsp = ""
			}
			s += " " + qualifiedName(nsp, k.Opclass)
		}
		desc, nullsFirst := k.Option&indoptionDesc != 0, k.Option&indoptionNullsFirst != 0
		switch {
		case desc && nullsFirst:
			s += " DESC" // NULLS FIRST is DESC's default
		case desc:
			s += " DESC NULLS LAST"
		case nullsFirst:
			s += " NULLS FIRST"
		}
		exprs = append(exprs, s)
	}
	return columns, exprs
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

	// enumsQuery lists the enum types of the schemas $1 that belong to no
	// extension, with their labels in enumsortorder.
	enumsQuery = `
SELECT n.nspname::text, t.typname::text,
	ARRAY(
		SELECT e.enumlabel::text
		FROM pg_catalog.pg_enum e
		WHERE e.enumtypid = t.oid
		ORDER BY e.enumsortorder)
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid
WHERE n.nspname = ANY($1::text[])
	AND t.typtype = 'e'
	AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_depend d
		WHERE d.classid = 'pg_catalog.pg_type'::regclass
			AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.nspname, t.typname`

	// columnsQuery lists the ordinary and partitioned tables of the
	// schemas $1 with their comments and columns, one row per column, or
	// one row with NULL columns for a table without any. Tables owned by
	// extensions are left out.
	//
	// Each column comes with format_type's text and with the namespace
	// and name of its type, or of its element type for an array (et: the
	// element type whose array type the column's type is), plus the
	// typmod text of a type outside pg_catalog. The expression in
	// pg_attrdef is the default of an ordinary column and the expression
	// of a stored generated column (attgenerated 's'); other kinds of
	// generated columns are not modeled.
	columnsQuery = `
SELECT n.nspname::text, c.relname::text, tc.description,
	a.attname::text,
	pg_catalog.format_type(a.atttypid, a.atttypmod),
	bn.nspname::text, bt.typname::text, et.oid IS NOT NULL,
	CASE WHEN a.atttypmod >= 0 AND bn.nspname <> 'pg_catalog'
		THEN substr(pg_catalog.format_type(bt.oid, a.atttypmod),
			length(pg_catalog.format_type(bt.oid, NULL)) + 1)
		ELSE '' END,
	a.attnotnull,
	CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
	CASE WHEN a.attgenerated = 's' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END,
	a.attidentity::text,
	ac.description
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
LEFT JOIN pg_catalog.pg_description tc
	ON tc.objoid = c.oid AND tc.classoid = 'pg_catalog.pg_class'::regclass AND tc.objsubid = 0
LEFT JOIN pg_catalog.pg_attribute a
	ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type et ON et.oid = ty.typelem AND et.typarray = ty.oid
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = coalesce(et.oid, ty.oid)
LEFT JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad
	ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description ac
	ON ac.objoid = c.oid AND ac.classoid = 'pg_catalog.pg_class'::regclass AND ac.objsubid = a.attnum
WHERE n.nspname = ANY($1::text[])
	AND c.relkind IN ('r', 'p')
	AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_depend d
		WHERE d.classid = 'pg_catalog.pg_class'::regclass
			AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum`

	// constraintsQuery lists the primary-key, unique, foreign-key and
	// check constraints of the tables of the schemas $1, with their
	// columns in key order, for foreign keys the referenced table and
	// columns, and for checks the definition. Exclusion constraints ('x')
	// are not part of the model and are skipped, as are the NOT NULL
	// constraints ('n') of PostgreSQL 18, which attnotnull reports.
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
	con.confdeltype::text, con.confupdtype::text,
	CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname = ANY($1::text[])
	AND c.relkind IN ('r', 'p')
	AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY n.nspname, c.relname, con.conname`

	// indexesQuery lists the indexes of the tables of the schemas $1 that
	// back no primary-key, unique or exclusion constraint: the access
	// method ('' for btree), the predicate of a partial index, the key
	// columns (indkey up to indnkeyatts) as a JSON array of their column
	// name (null for an expression), pg_get_indexdef text, indoption bits
	// and operator class, and the INCLUDE columns (indkey past
	// indnkeyatts). (A foreign key's conindid names the referenced
	// table's index, so only constraints of the indexed table itself
	// count.)
	indexesQuery = `
SELECT n.nspname::text, c.relname::text, ic.relname::text, i.indisunique,
	CASE WHEN am.amname = 'btree' THEN '' ELSE am.amname::text END,
	coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid, true), ''),
	coalesce((
		SELECT json_agg(json_build_object(
			'column', a.attname,
			'def', pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true),
			'option', k.option,
			'opclass_default', oc.opcdefault,
			'opclass_schema', ocn.nspname,
			'opclass', oc.opcname) ORDER BY k.ord)
		FROM unnest(i.indkey::int2[], i.indoption::int2[], i.indclass::oid[])
			WITH ORDINALITY AS k(attnum, option, opclass, ord)
		LEFT JOIN pg_catalog.pg_attribute a
			ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
		LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = k.opclass
		LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
		WHERE k.ord <= i.indnkeyatts), '[]'),
	ARRAY(
		SELECT a.attname::text
		FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE k.ord > i.indnkeyatts
		ORDER BY k.ord)
FROM pg_catalog.pg_namespace n
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY($1::text[])
	AND c.relkind IN ('r', 'p')
	AND NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_constraint con
		WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid
			AND con.contype IN ('p', 'u', 'x'))
ORDER BY n.nspname, c.relname, ic.relname`
)
