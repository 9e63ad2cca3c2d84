// Package catalog reads a live PostgreSQL database into a [schema.Schema].
//
// [Inspect] introspects pg_catalog in seven queries, however many tables
// and objects the database holds, each of them reading the rows of the
// schemas read in one pass: one for the schemas, one for enum types, one
// for tables and their columns (with comments), one for constraints, one
// for indexes (those that back a constraint are left out), one for the
// objects managed by their definition (views, materialized views and
// their indexes, functions, procedures, triggers, policies, rules,
// domains, composite types, standalone sequences, extensions; see
// objects.go) and one for their dependencies (pg_depend). Its result has the shape that package parser gives
// the same objects, with SQL text (types, defaults, expressions) as
// PostgreSQL prints it, except that user-defined column types are spelled
// independently of the connection's search_path (see [Inspect]).
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
	// pg_toast*, pg_temp_*, schemas owned by extensions and the archive
	// of reversible drops (schemagen_archive and schemagen_archive_*,
	// see change.ArchiveSchema).
	Schemas []string
	// Exclude lists tables to leave out, such as the version table; a
	// name without a schema is in the public one. Foreign keys of other
	// tables that reference an excluded table are kept.
	Exclude []schema.QualifiedName
}

// Inspect reads the schemas, enum types, ordinary and partitioned tables,
// columns, comments, primary keys, unique, foreign-key and check
// constraints and indexes of the database behind q, and the objects
// managed by their definition with their dependencies
// ([schema.Schema.Objects]; objects outside what is read that depend on
// it go to [schema.Schema.Dependants]: see objects.go). Tables and enum types
// that belong to extensions are skipped. Half-built objects are read as
// such: an index that a failed concurrent build left invalid has
// [schema.Index.Invalid] set, and a check or foreign key added NOT VALID
// and not validated since has NotValid set.
//
// The result is deterministic: Schemas sorted (public left out), enums and
// tables sorted by (schema, name) with Schema always set, columns in table
// order, and unique constraints, foreign keys, check constraints and
// indexes sorted by name, objects by kind, schema, table and name. Empty
// lists are nil. Inspect issues seven queries, whatever the number of
// tables and objects, and their cost follows the size
// of the schemas read: each reads the catalog rows of those schemas in one
// pass, and PostgreSQL deparses (pg_get_expr, pg_get_indexdef,
// pg_get_constraintdef) only the SQL text the result holds.
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
	in := &inspector{q: q, rels: map[int64]*relation{}}
	excluded := make(map[schema.QualifiedName]bool, len(opts.Exclude))
	for _, e := range opts.Exclude {
		excluded[e.Canonical()] = true
	}
	out := &schema.Schema{}
	names, oids, err := in.schemas(ctx, opts.Schemas)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n != schema.DefaultSchema {
			out.Schemas = append(out.Schemas, n)
		}
	}
	slices.Sort(out.Schemas)
	if len(names) == 0 {
		return out, nil
	}
	nsps := pq.Array(oids)
	if out.Enums, err = in.enums(ctx, nsps); err != nil {
		return nil, err
	}
	if err := in.columns(ctx, nsps, excluded); err != nil {
		return nil, err
	}
	if err := in.constraints(ctx, nsps); err != nil {
		return nil, err
	}
	if err := in.indexes(ctx, nsps); err != nil {
		return nil, err
	}
	if err := in.objects(ctx, nsps, out); err != nil {
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
	q Querier
	// rels holds every table that columnsQuery returned, by oid,
	// including excluded and extension-owned ones, whose column names
	// foreign keys may need.
	rels  map[int64]*relation
	order []*schema.Table
	// backing holds the indexes of primary-key, unique and exclusion
	// constraints, which are no indexes of the model.
	backing map[int64]bool
}

// relation is a table read by columnsQuery.
type relation struct {
	// table is nil for an excluded or extension-owned table.
	table *schema.Table
	// atts holds the columns by attnum-1; dropped columns are zero.
	atts []attribute
}

// attribute is a column's name, and its name as quote_ident spells it
// when that differs.
type attribute struct {
	name, quoted string
}

// attName returns the name of column attnum of the table with oid rel.
func (in *inspector) attName(rel, attnum int64) (attribute, bool) {
	r, ok := in.rels[rel]
	if !ok || attnum < 1 || attnum > int64(len(r.atts)) || r.atts[attnum-1].name == "" {
		return attribute{}, false
	}
	return r.atts[attnum-1], true
}

// attNames maps the attnums of the table with oid rel to column names.
func (in *inspector) attNames(rel int64, attnums []int64) ([]string, bool) {
	names := make([]string, len(attnums))
	for i, n := range attnums {
		a, ok := in.attName(rel, n)
		if !ok {
			return nil, false
		}
		names[i] = a.name
	}
	return names, true
}

// schemas returns the names of the schemas to read and their oids.
func (in *inspector) schemas(ctx context.Context, only []string) ([]string, []int64, error) {
	var arg any // NULL: every user schema
	if len(only) > 0 {
		arg = pq.Array(only)
	}
	rows, err := in.q.QueryContext(ctx, schemasQuery, arg)
	if err != nil {
		return nil, nil, fmt.Errorf("catalog: query schemas: %w", err)
	}
	defer rows.Close()
	var (
		names []string
		oids  []int64
	)
	for rows.Next() {
		var (
			oid int64
			n   string
		)
		if err := rows.Scan(&oid, &n); err != nil {
			return nil, nil, fmt.Errorf("catalog: scan schema: %w", err)
		}
		names = append(names, n)
		oids = append(oids, oid)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("catalog: read schemas: %w", err)
	}
	return names, oids, nil
}

// enums reads the enum types of the schemas whose oids nsps holds, with
// their values in sort order.
func (in *inspector) enums(ctx context.Context, nsps any) ([]*schema.Enum, error) {
	rows, err := in.q.QueryContext(ctx, enumsQuery, nsps)
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

// columns reads the tables of the schemas whose oids nsps holds, with
// their columns and comments.
func (in *inspector) columns(ctx context.Context, nsps any, excluded map[schema.QualifiedName]bool) error {
	rows, err := in.q.QueryContext(ctx, columnsQuery, nsps)
	if err != nil {
		return fmt.Errorf("catalog: query tables and columns: %w", err)
	}
	defer rows.Close()
	// cols holds the columns of each table by attnum-1 until the rows are
	// read: the query does not sort them.
	cols := map[*schema.Table][]*schema.Column{}
	for rows.Next() {
		var (
			oid                   int64
			q                     schema.QualifiedName
			extension             bool
			tableComment, comment sql.NullString
			attnum                sql.NullInt64
			name, quoted, typ     sql.NullString
			userType              pq.StringArray
			expr, identity        sql.NullString
			notNull, generated    sql.NullBool
		)
		if err := rows.Scan(&oid, &q.Schema, &q.Name, &extension, &tableComment, &attnum, &name, &quoted,
			&typ, &userType, &notNull, &expr, &generated, &identity, &comment); err != nil {
			return fmt.Errorf("catalog: scan column: %w", err)
		}
		r, ok := in.rels[oid]
		if !ok {
			r = &relation{}
			if !extension && !excluded[q] {
				r.table = &schema.Table{Schema: q.Schema, Name: q.Name, Comment: tableComment.String}
				in.order = append(in.order, r.table)
			}
			in.rels[oid] = r
		}
		if !name.Valid {
			continue // a table without columns
		}
		n := int(attnum.Int64)
		if n < 1 || n > maxColumns {
			return fmt.Errorf("catalog: column %s of %s has attnum %d", name.String, q, n)
		}
		if n > len(r.atts) {
			r.atts = slices.Grow(r.atts, n-len(r.atts))[:n]
		}
		r.atts[n-1] = attribute{name: name.String, quoted: cmp.Or(quoted.String, name.String)}
		if r.table == nil {
			continue
		}
		c := &schema.Column{
			Name:     name.String,
			Type:     typ.String,
			Nullable: !notNull.Bool,
			// attidentity 'd' is BY DEFAULT and 'a' is ALWAYS; the model
			// knows one kind, and schemagen emits BY DEFAULT.
			Identity: identity.String == "d" || identity.String == "a",
			Comment:  comment.String,
		}
		if generated.Bool {
			c.Generated = expr.String
		} else {
			c.Default = expr.String
		}
		if len(userType) == 4 && userType[0] != "pg_catalog" {
			// See Inspect's doc: not format_type, which follows the
			// search_path. The typmod is empty for enums, domains and
			// composites; an extension type keeps its own ("vector(3)").
			c.Type = qualifiedName(userType[0], userType[1]) + userType[3]
			if userType[2] == "true" {
				c.Type += "[]"
			}
		}
		byNum := cols[r.table]
		if n > len(byNum) {
			byNum = slices.Grow(byNum, n-len(byNum))[:n]
		}
		byNum[n-1] = c
		cols[r.table] = byNum
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read tables and columns: %w", err)
	}
	for t, byNum := range cols {
		t.Columns = make([]*schema.Column, 0, len(byNum))
		for _, c := range byNum {
			if c != nil { // nil: a dropped column
				t.Columns = append(t.Columns, c)
			}
		}
	}
	return nil
}

// maxColumns bounds attnum: PostgreSQL allows 1600 columns in a table.
const maxColumns = 1600

// qualifiedName spells a type or operator class of the schema nsp as
// [schema.QuoteType] does: the bare name in public, else "schema.name";
// each part is quoted only when it is not a plain lower-case identifier.
// An operator class of pg_catalog, which every search_path reaches, is
// spelled bare too.
func qualifiedName(nsp, name string) string {
	if nsp == "pg_catalog" {
		nsp = schema.DefaultSchema
	}
	return schema.QuoteType(schema.QualifiedName{Schema: nsp, Name: name})
}

// constraints reads primary keys, unique, foreign-key and check
// constraints into the tables read by columns, and notes the indexes that
// back primary-key, unique and exclusion constraints.
func (in *inspector) constraints(ctx context.Context, nsps any) error {
	rows, err := in.q.QueryContext(ctx, constraintsQuery, nsps)
	if err != nil {
		return fmt.Errorf("catalog: query constraints: %w", err)
	}
	defer rows.Close()
	in.backing = map[int64]bool{}
	for rows.Next() {
		var (
			rel, index, refRel  int64
			name, kind          string
			keys, refKeys       pq.Int64Array
			refSchema, refTable sql.NullString
			refNames            pq.StringArray
			onDelete, onUpdate  sql.NullString
			def                 sql.NullString
			notValid            bool
		)
		if err := rows.Scan(&rel, &name, &kind, &keys, &index, &refRel, &refSchema, &refTable, &refKeys, &refNames,
			&onDelete, &onUpdate, &def, &notValid); err != nil {
			return fmt.Errorf("catalog: scan constraint: %w", err)
		}
		if kind == "p" || kind == "u" || kind == "x" {
			in.backing[index] = true
		}
		r, ok := in.rels[rel]
		if !ok || r.table == nil {
			continue // an excluded or extension-owned table, or no table
		}
		t := r.table
		var cols []string
		if kind == "p" || kind == "u" || kind == "f" {
			// An exclusion constraint's keys may be expressions
			// (attnum 0); only its index is of interest.
			if cols, ok = in.attNames(rel, keys); !ok {
				return fmt.Errorf("catalog: constraint %s on %s: unknown key columns %v", name, t.QualifiedName(), keys)
			}
		}
		switch kind {
		case "p":
			t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols}
		case "u":
			t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols})
		case "f":
			del, err := refAction(onDelete.String)
			if err != nil {
				return fmt.Errorf("catalog: foreign key %s on %s: %w", name, t.QualifiedName(), err)
			}
			upd, err := refAction(onUpdate.String)
			if err != nil {
				return fmt.Errorf("catalog: foreign key %s on %s: %w", name, t.QualifiedName(), err)
			}
			refCols := []string(refNames)
			if refNames == nil { // the referenced table was read
				if refCols, ok = in.attNames(refRel, refKeys); !ok {
					return fmt.Errorf("catalog: foreign key %s on %s: unknown referenced columns %v", name, t.QualifiedName(), refKeys)
				}
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
				NotValid:   notValid,
			})
		case "c":
			expr, err := checkExpr(def.String)
			if err != nil {
				return fmt.Errorf("catalog: check constraint %s on %s: %w", name, t.QualifiedName(), err)
			}
			t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: expr, NotValid: notValid})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read constraints: %w", err)
	}
	return nil
}

// checkExpr returns the expression inside a check constraint's definition
// as pg_get_constraintdef prints it, "CHECK (expr)" followed perhaps by
// " NO INHERIT", which the model does not keep, or " NOT VALID", which
// [schema.Check.NotValid] holds (read from convalidated).
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

// indexKey is one key of an index.
type indexKey struct {
	// Column is the column's name, nil for an expression.
	Column *string
	// Def is the key as pg_get_indexdef prints it, without operator
	// class and order: the quoted column name, or the expression.
	Def string
	// Option holds pg_index.indoption bits.
	Option int
	// OpclassDefault reports whether the operator class is the default
	// one; OpclassSchema and Opclass name it.
	OpclassDefault bool
	OpclassSchema  string
	Opclass        string
}

// pg_index.indoption bits (INDOPTION_DESC, INDOPTION_NULLS_FIRST).
const (
	indoptionDesc       = 1
	indoptionNullsFirst = 2
)

// indexBuilder collects the rows of one index, one per column.
type indexBuilder struct {
	rel     int64
	ix      schema.Index
	nkeys   int
	keys    []indexKey // by position, key columns first, then INCLUDE columns
	present []bool
}

// indexes reads the indexes that back no constraint into the tables read
// by columns.
func (in *inspector) indexes(ctx context.Context, nsps any) error {
	rows, err := in.q.QueryContext(ctx, indexesQuery, nsps)
	if err != nil {
		return fmt.Errorf("catalog: query indexes: %w", err)
	}
	defer rows.Close()
	builders := map[int64]*indexBuilder{}
	var order []*indexBuilder
	for rows.Next() {
		var (
			rel, index     int64
			name, method   string
			unique         bool
			where, def     sql.NullString
			nkeys, ord     int
			attnum, option int64
			opcDefault     sql.NullBool
			opclass        pq.StringArray
			invalid        bool
		)
		if err := rows.Scan(&rel, &index, &name, &unique, &method, &where, &nkeys, &ord, &attnum, &option, &def,
			&opcDefault, &opclass, &invalid); err != nil {
			return fmt.Errorf("catalog: scan index: %w", err)
		}
		if in.backing[index] {
			continue
		}
		if r, ok := in.rels[rel]; !ok || r.table == nil {
			continue // an excluded or extension-owned table
		}
		b, ok := builders[index]
		if !ok {
			b = &indexBuilder{rel: rel, ix: schema.Index{Name: name, Unique: unique, Method: method, Invalid: invalid}, nkeys: nkeys}
			builders[index] = b
			order = append(order, b)
		}
		if where.Valid {
			b.ix.Where = where.String
		}
		if ord < 1 || ord > maxColumns {
			return fmt.Errorf("catalog: index %s: column %d out of range", name, ord)
		}
		if ord > len(b.keys) {
			b.keys = slices.Grow(b.keys, ord-len(b.keys))[:ord]
			b.present = slices.Grow(b.present, ord-len(b.present))[:ord]
		}
		k := indexKey{Option: int(option), OpclassDefault: opcDefault.Bool}
		if len(opclass) == 2 {
			k.OpclassSchema, k.Opclass = opclass[0], opclass[1]
		}
		if attnum == 0 {
			k.Def = def.String
		} else {
			a, ok := in.attName(rel, attnum)
			if !ok {
				return fmt.Errorf("catalog: index %s: unknown column %d", name, attnum)
			}
			k.Column, k.Def = &a.name, a.quoted
		}
		b.keys[ord-1], b.present[ord-1] = k, true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read indexes: %w", err)
	}
	for _, b := range order {
		if slices.Contains(b.present, false) || b.nkeys > len(b.keys) {
			return fmt.Errorf("catalog: index %s: columns missing", b.ix.Name)
		}
		b.ix.Columns, b.ix.Keys = indexKeys(b.keys[:b.nkeys])
		for _, k := range b.keys[b.nkeys:] {
			if k.Column == nil {
				return fmt.Errorf("catalog: index %s: INCLUDE holds an expression", b.ix.Name)
			}
			b.ix.Include = append(b.ix.Include, *k.Column)
		}
		t := in.rels[b.rel].table
		ix := b.ix
		t.Indexes = append(t.Indexes, &ix)
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
			s += " " + qualifiedName(k.OpclassSchema, k.Opclass)
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

// The queries after schemasQuery take $1, the oid[] of the schemas to
// read. Their cost follows the size of the schemas read, and stays so
// when the planner's statistics of the catalogs are stale, as they are
// right after a large migration: each scans the catalog rows of those
// schemas once, looks other rows up by index only where they exist
// (defaults, comments, user-defined types, non-default operator classes),
// and sorts nothing (Inspect sorts). PostgreSQL deparses only the text the
// result keeps: pg_get_expr with a relation, pg_get_indexdef and
// pg_get_constraintdef open that relation, which costs a relation cache
// entry per table in a new session, so defaults (which cannot refer to
// columns) are deparsed without one, and key columns come as attnums,
// which Inspect names from the columns read. Objects that belong to an
// extension are found from the extensions' side of pg_depend
// (refclassid pg_extension, an index prefix).
const (
	// schemasQuery lists the oids and names of the schemas to read. $1
	// is a text[] of names, or NULL for every user schema.
	schemasQuery = `
SELECT n.oid::int8, n.nspname::text
FROM pg_catalog.pg_namespace n
WHERE CASE WHEN $1::text[] IS NULL THEN
		n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND n.nspname NOT LIKE 'pg\_toast%'
		AND n.nspname NOT LIKE 'pg\_temp\_%'
		AND n.nspname <> 'schemagen_archive'
		AND n.nspname NOT LIKE 'schemagen\_archive\_%'
		AND n.oid NOT IN (
			SELECT d.objid FROM pg_catalog.pg_depend d
			WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
				AND d.classid = 'pg_catalog.pg_namespace'::regclass)
	ELSE n.nspname = ANY($1::text[])
	END`

	// enumsQuery lists the enum types that belong to no extension, with
	// their labels in enumsortorder.
	enumsQuery = `
SELECT n.nspname::text, t.typname::text,
	ARRAY(
		SELECT e.enumlabel::text
		FROM pg_catalog.pg_enum e
		WHERE e.enumtypid = t.oid
		ORDER BY e.enumsortorder)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typnamespace = ANY($1::oid[])
	AND t.typtype = 'e'
	AND t.oid NOT IN (
		SELECT d.objid FROM pg_catalog.pg_depend d
		WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
			AND d.classid = 'pg_catalog.pg_type'::regclass)`

	// columnsQuery lists the ordinary and partitioned tables with their
	// oid, whether an extension owns them, their comments and columns,
	// one row per column, or one row with NULL columns for a table
	// without any. (OFFSET 0 keeps the subquery of tables apart, so that
	// the lookups of each table run once per table.)
	//
	// Each column comes with its attnum, its name, quote_ident's spelling
	// of the name when that differs, and format_type's text. A type
	// created after initdb (oid 10000 and up; the types below are
	// pg_catalog's) comes with a text[] too: the namespace and name of
	// the type, or of its element type for an array (et: the element
	// type whose array type the column's type is), whether it is an
	// array, and its typmod text. The expression in pg_attrdef is the
	// default of an ordinary column and the expression of a stored
	// generated column (attgenerated 's'); other kinds of generated
	// columns are not modeled.
	columnsQuery = `
SELECT c.oid::int8, n.nspname::text, c.relname::text, c.extension,
	CASE WHEN c.commented THEN (
		SELECT d.description FROM pg_catalog.pg_description d
		WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0) END,
	a.attnum::int8, a.attname::text, nullif(pg_catalog.quote_ident(a.attname), a.attname::text),
	pg_catalog.format_type(a.atttypid, a.atttypmod),
	CASE WHEN a.atttypid >= 10000 THEN (
		SELECT ARRAY[bn.nspname::text, bt.typname::text, (et.oid IS NOT NULL)::text,
			CASE WHEN a.atttypmod >= 0
				THEN substr(pg_catalog.format_type(bt.oid, a.atttypmod),
					length(pg_catalog.format_type(bt.oid, NULL)) + 1)
				ELSE '' END]
		FROM pg_catalog.pg_type ty
		LEFT JOIN pg_catalog.pg_type et ON et.oid = ty.typelem AND et.typarray = ty.oid
		JOIN pg_catalog.pg_type bt ON bt.oid = coalesce(et.oid, ty.oid)
		JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace
		WHERE ty.oid = a.atttypid) END,
	a.attnotnull,
	CASE WHEN a.atthasdef THEN (
		SELECT CASE a.attgenerated
			WHEN '' THEN pg_catalog.pg_get_expr(ad.adbin, 0)
			WHEN 's' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END
		FROM pg_catalog.pg_attrdef ad
		WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END,
	a.attgenerated = 's',
	a.attidentity::text,
	CASE WHEN c.commented THEN (
		SELECT d.description FROM pg_catalog.pg_description d
		WHERE d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass
			AND d.objsubid = a.attnum) END
FROM (
	SELECT c.oid, c.relname, c.relnamespace,
		c.oid IN (
			SELECT d.objid FROM pg_catalog.pg_depend d
			WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
				AND d.classid = 'pg_catalog.pg_class'::regclass) AS extension,
		EXISTS (
			SELECT FROM pg_catalog.pg_description d
			WHERE d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass) AS commented
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind IN ('r', 'p')
		AND NOT c.relispartition
	OFFSET 0) c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a
	ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped`

	// constraintsQuery lists the primary-key, unique, foreign-key, check
	// and exclusion constraints of tables: the table's oid, the key
	// columns' attnums, the index of a key, for foreign keys the
	// referenced table and its columns' attnums (and their names when
	// the table lies outside the schemas read), for checks the
	// definition, and whether the constraint is NOT VALID (never
	// validated). The NOT NULL constraints ('n') of PostgreSQL 18, which
	// attnotnull reports, are left out, as are domains' constraints.
	constraintsQuery = `
SELECT con.conrelid::int8, con.conname::text, con.contype::text, con.conkey::int8[], con.conindid::int8,
	con.confrelid::int8, rn.nspname::text, rc.relname::text, con.confkey::int8[],
	CASE WHEN con.contype = 'f' AND rc.relnamespace <> ALL($1::oid[]) THEN ARRAY(
		SELECT a.attname::text
		FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
		ORDER BY k.ord) END,
	con.confdeltype::text, con.confupdtype::text,
	CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END,
	NOT con.convalidated
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.connamespace = ANY($1::oid[])
	AND con.conrelid <> 0
	AND con.conparentid = 0
	AND con.contype IN ('p', 'u', 'f', 'c', 'x')`

	// indexesQuery lists the indexes, one row per column (indkey): the
	// table's and the index's oids, its name, uniqueness, access method
	// ('' for btree), on the first row the predicate of a partial index,
	// the number of key columns (indnkeyatts; the columns after them are
	// INCLUDE columns), the column's position, attnum (0 for an
	// expression), indoption bits, the expression as pg_get_indexdef
	// prints it, whether the operator class is a default one, the
	// schema and name of one that is not, and whether the index is
	// invalid: not valid for queries (indisvalid) or not kept up to date
	// by writes (indisready), as a failed or unfinished CREATE INDEX
	// CONCURRENTLY leaves it.
	indexesQuery = `
SELECT i.indrelid::int8, i.indexrelid::int8, ic.relname::text, i.indisunique,
	CASE WHEN am.amname = 'btree' THEN '' ELSE am.amname::text END,
	CASE WHEN k.ord = 1 THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) END,
	i.indnkeyatts::int, k.ord::int, k.attnum::int8, coalesce(k.option, 0)::int8,
	CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END,
	k.opclass IN (SELECT oc.oid FROM pg_catalog.pg_opclass oc WHERE oc.opcdefault),
	CASE WHEN k.opclass NOT IN (SELECT oc.oid FROM pg_catalog.pg_opclass oc WHERE oc.opcdefault) THEN (
		SELECT ARRAY[ocn.nspname::text, oc.opcname::text]
		FROM pg_catalog.pg_opclass oc
		JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
		WHERE oc.oid = k.opclass) END,
	NOT (i.indisvalid AND i.indisready)
FROM pg_catalog.pg_class ic
JOIN pg_catalog.pg_index i ON i.indexrelid = ic.oid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam,
LATERAL unnest(i.indkey::int2[], i.indoption::int2[], i.indclass::oid[])
	WITH ORDINALITY AS k(attnum, option, opclass, ord)
WHERE ic.relnamespace = ANY($1::oid[])
	AND ic.relkind IN ('i', 'I')`
)
