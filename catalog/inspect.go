// Package catalog reads a live PostgreSQL database into a [schema.Schema].
//
// [Inspect] introspects pg_catalog in eight queries, however many tables
// and objects the database holds, each of them reading the rows of the
// schemas read in one pass: one for the schemas, one for enum types, one
// for tables and their columns (with comments), one for constraints, one
// for indexes (those that back a constraint are left out), one for the
// objects managed by their definition (views, materialized views and
// their indexes, functions, procedures, triggers, policies, rules,
// domains, composite types, standalone sequences, collations, extended
// statistics, extensions; see objects.go), one for their dependencies (pg_depend), and one for every
// object of a kind that schemagen does not manage ([schema.Unmanaged], see
// [UnmanagedKinds]). Its result has the shape that package parser gives
// the same objects, with SQL text (types, defaults, expressions) as
// PostgreSQL prints it, except that user-defined column types are spelled
// independently of the connection's search_path (see [Inspect]).
package catalog

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
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
	// tables that reference an excluded table are kept. The partitions
	// of an excluded table are left out with it.
	Exclude []schema.QualifiedName
}

// Inspect reads the schemas (with their comments, public's left out),
// enum types, ordinary and partitioned tables (with UNLOGGED, storage
// parameters of the table and its TOAST table, and row level security),
// columns, comments, primary keys, unique, foreign-key, check and
// exclusion constraints (with DEFERRABLE, INITIALLY DEFERRED and NO
// INHERIT) and indexes (with storage parameters) of the database behind
// q, and the objects managed by their definition with their dependencies
// ([schema.Schema.Objects]; objects outside what is read that depend on
// it go to [schema.Schema.Dependants]: see objects.go). Tables and enum
// types that belong to extensions are skipped.
//
// Columns carry their identity kind (ALWAYS or BY DEFAULT) and the
// options of an identity's sequence, their collation when it is not
// their type's default, and, for a serial column — one whose default is
// nextval of a sequence the column owns (pg_depend deptype 'a' from the
// sequence to the column) — the sequence's name and options in place of
// the default (see [schema.Column.Sequence]). Owned sequences (deptype
// 'a' or 'i') belong to their columns: a reader of standalone sequences
// leaves them out. Unique constraints and indexes carry NULLS NOT
// DISTINCT; index keys carry their collation, operator class and its
// parameters as pg_get_indexdef spells them. Half-built objects are read as
// such: an index that a failed concurrent build left invalid has
// [schema.Index.Invalid] set, and a check or foreign key added NOT VALID
// and not validated since has NotValid set.
//
// A partitioned table has its partition key ([schema.Table.PartitionBy]),
// a partition its parent and bound ([schema.Table.PartitionOf]) and no
// columns: what it inherits from its parent (columns, keys, foreign keys,
// checks, and the indexes attached to its parent's) is its parent's, and
// only what it has of its own is read. A table created with INHERITS has
// its parents ([schema.Table.Inherits]) and only its own columns
// (attislocal) and checks (conislocal).
//
// The result is deterministic: Schemas sorted (public left out), enums and
// tables sorted by (schema, name) with Schema always set, columns in table
// order, and unique constraints, foreign keys, check constraints and
// indexes sorted by name, objects by kind, schema, table and name.
// Unmanaged lists, sorted by kind and name, the objects of the kinds that
// schemagen does not manage (see [UnmanagedKinds]): those in the schemas
// read, and, when opts.Schemas is empty, those that live in no schema.
// Empty lists are nil. Inspect issues eight queries, whatever the number
// of tables and objects, and their cost follows the size
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
	return inspect(ctx, q, opts, true)
}

// inspect is [Inspect]; without useCensus, it reads every query and
// branch whatever the census says (the census's tests compare the two).
func inspect(ctx context.Context, q Querier, opts Options, useCensus bool) (*schema.Schema, error) {
	in := &inspector{q: q, rels: map[int64]*relation{}}
	excluded := make(map[schema.QualifiedName]bool, len(opts.Exclude))
	for _, e := range opts.Exclude {
		excluded[e.Canonical()] = true
	}
	out := &schema.Schema{}
	names, oids, comments, err := in.schemas(ctx, opts.Schemas)
	if err != nil {
		return nil, err
	}
	if !useCensus {
		in.census = nil
	}
	for i, n := range names {
		if n != schema.DefaultSchema {
			out.Schemas = append(out.Schemas, n)
			if comments[i] != "" {
				if out.SchemaComments == nil {
					out.SchemaComments = map[string]string{}
				}
				out.SchemaComments[n] = comments[i]
			}
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
	in.leavePartitionsOfExcluded(excluded)
	if err := in.constraints(ctx, nsps); err != nil {
		return nil, err
	}
	if err := in.indexes(ctx, nsps); err != nil {
		return nil, err
	}
	if err := in.objects(ctx, nsps, out); err != nil {
		return nil, err
	}
	if out.Unmanaged, err = in.unmanaged(ctx, nsps, len(opts.Schemas) == 0, managedKinds()); err != nil {
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
	// enumOids holds the enums read by the oids of their types and of
	// their array types.
	enumOids map[int64]*schema.Enum
	// census is what schemas read: which queries and branches can be
	// left out. Nil until then (nothing is left out).
	census census
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

// schemas returns the names of the schemas to read, their oids and
// their comments ("" for none).
func (in *inspector) schemas(ctx context.Context, only []string) ([]string, []int64, []string, error) {
	var arg any // NULL: every user schema
	if len(only) > 0 {
		arg = pq.Array(only)
	}
	rows, err := in.q.QueryContext(ctx, schemasQuery, arg)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("catalog: query schemas: %w", err)
	}
	defer rows.Close()
	var (
		names, comments []string
		oids            []int64
	)
	for rows.Next() {
		var (
			oid     int64
			n       string
			comment sql.NullString
			keys    []string
		)
		if err := rows.Scan(&oid, &n, &comment, pq.Array(&keys)); err != nil {
			return nil, nil, nil, fmt.Errorf("catalog: scan schema: %w", err)
		}
		names = append(names, n)
		oids = append(oids, oid)
		comments = append(comments, comment.String)
		in.census = census{}
		for _, k := range keys {
			in.census[k] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("catalog: read schemas: %w", err)
	}
	return names, oids, comments, nil
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
			e          schema.Enum
			values     pq.StringArray
			oid, array int64
		)
		if err := rows.Scan(&oid, &array, &e.Schema, &e.Name, &values); err != nil {
			return nil, fmt.Errorf("catalog: scan enum: %w", err)
		}
		if len(values) > 0 {
			e.Values = values
		}
		enums = append(enums, &e)
		if in.enumOids == nil {
			in.enumOids = map[int64]*schema.Enum{}
		}
		// An object that uses the enum's array type depends on the enum.
		in.enumOids[oid], in.enumOids[array] = &e, &e
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
			seq, collation        pq.StringArray
			attrs                 tableAttrs
			partKey, bound        sql.NullString
			isPartition           bool
			parents               pq.StringArray
			local                 sql.NullBool
		)
		if err := rows.Scan(&oid, &q.Schema, &q.Name, &extension, &tableComment, &partKey, &isPartition, &bound, &parents,
			&attnum, &name, &quoted, &typ, &userType, &notNull, &expr, &generated, &identity, &comment, &local, &seq, &collation,
			&attrs.persistence, &attrs.options, &attrs.toastOptions, &attrs.rowSecurity, &attrs.forceRowSecurity); err != nil {
			return fmt.Errorf("catalog: scan column: %w", err)
		}
		r, ok := in.rels[oid]
		if !ok {
			r = &relation{}
			if !extension && !excluded[q] {
				t := &schema.Table{Schema: q.Schema, Name: q.Name, Comment: tableComment.String, PartitionBy: partKey.String}
				t.SetAttrs(attrs.attrs())
				if len(parents)%2 != 0 || (isPartition && len(parents) != 2) {
					return fmt.Errorf("catalog: table %s: unexpected parents %q", q, []string(parents))
				}
				for i := 0; i < len(parents); i += 2 {
					t.Inherits = append(t.Inherits, schema.QualifiedName{Schema: parents[i], Name: parents[i+1]})
				}
				if isPartition {
					t.PartitionOf = &schema.PartitionOf{Parent: t.Inherits[0], Bound: bound.String}
					t.Inherits = nil
				}
				r.table = t
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
		if r.table == nil || r.table.PartitionOf != nil || !local.Bool {
			// A partition's columns are its parent's, and a child's
			// inherited columns are its parents' (see schema.Table).
			continue
		}
		c := &schema.Column{
			Name:     name.String,
			Type:     typ.String,
			Nullable: !notNull.Bool,
			// attidentity 'd' is BY DEFAULT and 'a' is ALWAYS.
			Identity:       identity.String == "d" || identity.String == "a",
			IdentityAlways: identity.String == "a",
			Comment:        comment.String,
		}
		if generated.Bool {
			c.Generated = expr.String
		} else {
			c.Default = expr.String
		}
		if len(collation) == 2 {
			c.Collation = schema.CollationName(collation[0], collation[1])
		}
		if err := ownedSequence(c, seq); err != nil {
			return fmt.Errorf("catalog: column %s of %s: %w", name.String, q, err)
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

// ownedSequence reads the sequence a column owns, seq (see
// columnsQuery), into c: the options of an identity's sequence (pg_depend
// deptype 'i'), or, for a sequence owned by the column (deptype 'a',
// ALTER SEQUENCE ... OWNED BY, as serial makes it) that the column's
// default takes nextval of, the sequence's name and options, the default
// then being implied (see [schema.Column.Sequence]). A sequence that the
// column owns but whose nextval is not the column's default stays apart:
// it is no serial column's.
func ownedSequence(c *schema.Column, seq []string) error {
	if len(seq) != 10 {
		return nil
	}
	var r schema.ResolvedSequence
	r.As, r.Cycle = seq[3], seq[9] == "true"
	for i, p := range []*int64{&r.Increment, &r.MinValue, &r.MaxValue, &r.Start, &r.Cache} {
		n, err := strconv.ParseInt(seq[4+i], 10, 64)
		if err != nil {
			return fmt.Errorf("sequence %s: option %d: %w", seq[1], i, err)
		}
		*p = n
	}
	switch {
	case seq[0] == "i" && c.Identity:
		c.SequenceOptions = r.Canonical(c.Type).String()
	case seq[0] == "a" && !c.Identity && c.Generated == "" &&
		c.Default == "nextval("+schema.QuoteLiteral(seq[2])+"::regclass)":
		c.Sequence, c.Default = seq[1], ""
		c.SequenceOptions = r.Canonical(c.Type).String()
	}
	return nil
}

// leavePartitionsOfExcluded leaves out the partitions of excluded
// tables, and theirs: a partition belongs to its parent, and planning it
// apart (dropping it because no model names it) would act on the
// excluded table's rows.
func (in *inspector) leavePartitionsOfExcluded(excluded map[schema.QualifiedName]bool) {
	if len(excluded) == 0 {
		return
	}
	gone := maps.Clone(excluded)
	for changed := true; changed; {
		changed = false
		for _, r := range in.rels {
			if t := r.table; t != nil && t.PartitionOf != nil && gone[t.PartitionOf.Parent] {
				gone[t.QualifiedName()] = true
				r.table = nil
				changed = true
			}
		}
	}
	in.order = slices.DeleteFunc(in.order, func(t *schema.Table) bool { return gone[t.QualifiedName()] })
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
			nullsNotDistinct    bool
			deferrable          bool
			deferred            bool
			noInherit           bool
			options             pq.StringArray
			include             pq.Int64Array
		)
		if err := rows.Scan(&rel, &name, &kind, &keys, &index, &refRel, &refSchema, &refTable, &refKeys, &refNames,
			&onDelete, &onUpdate, &def, &notValid, &nullsNotDistinct, &deferrable, &deferred, &noInherit, &options, &include); err != nil {
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
		var incl []string
		if len(include) > 0 {
			if incl, ok = in.attNames(rel, include); !ok {
				return fmt.Errorf("catalog: constraint %s on %s: unknown INCLUDE columns %v", name, t.QualifiedName(), include)
			}
		}
		switch kind {
		case "p":
			t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols, Deferrable: deferrable, InitiallyDeferred: deferred,
				Options: sortedOptions(options), Include: incl}
		case "u":
			t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols, NullsNotDistinct: nullsNotDistinct, Deferrable: deferrable, InitiallyDeferred: deferred,
				Options: sortedOptions(options), Include: incl})
		case "x":
			d, err := exclusionDef(def.String, deferrable, deferred)
			if err != nil {
				return fmt.Errorf("catalog: exclusion constraint %s on %s: %w", name, t.QualifiedName(), err)
			}
			t.Exclusions = append(t.Exclusions, &schema.Exclusion{Name: name, Definition: d, Deferrable: deferrable, InitiallyDeferred: deferred})
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
			// MATCH FULL is not part of the model yet.
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
				Name:       name,
				Columns:    cols,
				RefSchema:  refSchema.String,
				RefTable:   refTable.String,
				RefColumns: refCols,
				OnDelete:   del,
				OnUpdate:   upd,
				NotValid:   notValid,

				Deferrable:        deferrable,
				InitiallyDeferred: deferred,
			})
		case "c":
			expr, err := checkExpr(def.String)
			if err != nil {
				return fmt.Errorf("catalog: check constraint %s on %s: %w", name, t.QualifiedName(), err)
			}
			t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: expr, NotValid: notValid, NoInherit: noInherit})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read constraints: %w", err)
	}
	return nil
}

// checkExpr returns the expression inside a check constraint's definition
// as pg_get_constraintdef prints it, "CHECK (expr)" followed perhaps by
// " NO INHERIT" or " NOT VALID", which [schema.Check.NoInherit] and
// [schema.Check.NotValid] hold (read from connoinherit and convalidated).
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

// exclusionDef returns the definition of an exclusion constraint as
// [schema.Exclusion.Definition] holds it: pg_get_constraintdef's text
// without the keyword EXCLUDE in front nor DEFERRABLE and INITIALLY
// DEFERRED behind, which condeferrable and condeferred give.
func exclusionDef(def string, deferrable, deferred bool) (string, error) {
	d, ok := strings.CutPrefix(def, "EXCLUDE ")
	if !ok {
		return "", fmt.Errorf("unexpected definition %q", def)
	}
	if deferred {
		if d, ok = strings.CutSuffix(d, " INITIALLY DEFERRED"); !ok {
			return "", fmt.Errorf("definition %q lacks INITIALLY DEFERRED", def)
		}
	}
	if deferrable {
		if d, ok = strings.CutSuffix(d, " DEFERRABLE"); !ok {
			return "", fmt.Errorf("definition %q lacks DEFERRABLE", def)
		}
	}
	return d, nil
}

// sortedOptions returns storage parameters sorted, nil for none.
func sortedOptions(opts []string) []string {
	if len(opts) == 0 {
		return nil
	}
	return slices.Sorted(slices.Values(opts))
}

// tableAttrs are the attributes of a table as columnsQuery reads them.
type tableAttrs struct {
	persistence                   sql.NullString
	options, toastOptions         pq.StringArray
	rowSecurity, forceRowSecurity sql.NullBool
}

// attrs returns a as [schema.TableAttrs]: the TOAST table's storage
// parameters prefixed "toast.", all sorted.
func (a tableAttrs) attrs() schema.TableAttrs {
	out := schema.TableAttrs{
		Unlogged:         a.persistence.String == "u",
		RowSecurity:      a.rowSecurity.Bool,
		ForceRowSecurity: a.forceRowSecurity.Bool,
	}
	out.Options = append(out.Options, a.options...)
	for _, o := range a.toastOptions {
		out.Options = append(out.Options, "toast."+o)
	}
	slices.Sort(out.Options)
	if len(out.Options) == 0 {
		out.Options = nil
	}
	return out
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
	// Params are the operator class's parameters ("siglen=100"), read
	// from the index column's attoptions; Opclass is set then, even for
	// a default one.
	Params []string
	// Collation is the key's collation when it is not the column's (for
	// an expression: when pg_get_indexdef prints it), as
	// [schema.CollationName] spells it.
	Collation string
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
			nullsNot       bool
			collation      []sql.NullString
			params         pq.StringArray
			paramOpclass   pq.StringArray
			options        pq.StringArray
		)
		if err := rows.Scan(&rel, &index, &name, &unique, &method, &where, &nkeys, &ord, &attnum, &option, &def,
			&opcDefault, &opclass, &invalid, &nullsNot, pq.Array(&collation), &params, &paramOpclass, &options); err != nil {
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
		if nullsNot {
			b.ix.NullsNotDistinct = true
		}
		if len(options) > 0 {
			b.ix.Options = slices.Sorted(slices.Values(options))
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
		if len(paramOpclass) == 2 {
			k.OpclassSchema, k.Opclass = paramOpclass[0], paramOpclass[1]
		}
		k.Params = params
		if attnum == 0 {
			k.Def = def.String
		} else {
			a, ok := in.attName(rel, attnum)
			if !ok {
				return fmt.Errorf("catalog: index %s: unknown column %d", name, attnum)
			}
			k.Column, k.Def = &a.name, a.quoted
		}
		if len(collation) == 3 {
			k.Collation = schema.CollationName(collation[0].String, collation[1].String)
			if attnum == 0 && !strings.Contains(collation[2].String, k.Def+" COLLATE ") {
				// The key's expression has this collation itself:
				// pg_get_indexdef prints no COLLATE (see indexesQuery).
				k.Collation = ""
			}
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
// with the default order, collation and operator class, and the keys as
// SQL text otherwise, spelled as pg_get_indexdef spells them
// ("lower(email)", "created_at DESC", `name COLLATE "C" text_pattern_ops
// NULLS FIRST`, "doc tsvector_ops (siglen='100')").
func indexKeys(keys []indexKey) (columns, exprs []string) {
	plain := true
	for _, k := range keys {
		if k.Column == nil || k.Option != 0 || !k.OpclassDefault || k.Collation != "" || len(k.Params) > 0 {
			plain = false
		}
	}
	for _, k := range keys {
		if plain {
			columns = append(columns, *k.Column)
			continue
		}
		s := k.Def
		if k.Collation != "" {
			s += " COLLATE " + k.Collation
		}
		if !k.OpclassDefault || len(k.Params) > 0 {
			s += " " + qualifiedName(k.OpclassSchema, k.Opclass)
		}
		if len(k.Params) > 0 {
			ps := make([]string, len(k.Params))
			for i, p := range k.Params {
				name, value, _ := strings.Cut(p, "=")
				ps[i] = schema.QuoteType(schema.QualifiedName{Schema: schema.DefaultSchema, Name: name}) + "=" + schema.QuoteLiteral(value)
			}
			s += " (" + strings.Join(ps, ", ") + ")"
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
	// schemasQuery lists the oids, names and comments of the schemas to
	// read, and on each row the same census of them (see [census]): the
	// keys of the kinds of rows they (or the database) have. $1 is a
	// text[] of names, or NULL for every user schema.
	schemasQuery = `
WITH s AS (
	SELECT n.oid, n.nspname,
		(SELECT d.description FROM pg_catalog.pg_description d
			WHERE d.objoid = n.oid AND d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objsubid = 0) AS comment
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
		END)
SELECT s.oid::int8, s.nspname::text, s.comment, x.census
FROM s, (SELECT ARRAY(
		SELECT DISTINCT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'matview'
			WHEN 'f' THEN 'foreign table' ELSE 'composite' END
		FROM pg_catalog.pg_class c
		WHERE c.relnamespace IN (SELECT s.oid FROM s) AND c.relkind IN ('S', 'v', 'm', 'f', 'c'))
	|| array_remove(ARRAY[
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_inherits) THEN 'inherits' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
			WHERE c.relnamespace IN (SELECT s.oid FROM s)) THEN 'rewrite' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
			WHERE c.relnamespace IN (SELECT s.oid FROM s) AND NOT tg.tgisinternal) THEN 'trigger' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
			WHERE c.relnamespace IN (SELECT s.oid FROM s)) THEN 'policy' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_statistic_ext st WHERE st.stxnamespace IN (SELECT s.oid FROM s)) THEN 'statistics' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace IN (SELECT s.oid FROM s)
			AND (t.typtype IN ('b', 'r', 'm', 'd') OR t.typtype = 'p' AND NOT t.typisdefined)
			-- Not an internal part of another object (an array type).
			AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
				WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.objsubid = 0 AND d.deptype = 'i')) THEN 'type' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace IN (SELECT s.oid FROM s)) THEN 'proc' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_operator o WHERE o.oprnamespace IN (SELECT s.oid FROM s)) THEN 'operator' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_opclass oc WHERE oc.opcnamespace IN (SELECT s.oid FROM s)) THEN 'opclass' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace IN (SELECT s.oid FROM s)) THEN 'opfamily' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_conversion cv WHERE cv.connamespace IN (SELECT s.oid FROM s)) THEN 'conversion' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_collation co WHERE co.collnamespace IN (SELECT s.oid FROM s)) THEN 'collation' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_ts_config cf WHERE cf.cfgnamespace IN (SELECT s.oid FROM s))
			OR EXISTS (SELECT FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace IN (SELECT s.oid FROM s))
			OR EXISTS (SELECT FROM pg_catalog.pg_ts_parser pr WHERE pr.prsnamespace IN (SELECT s.oid FROM s))
			OR EXISTS (SELECT FROM pg_catalog.pg_ts_template tm WHERE tm.tmplnamespace IN (SELECT s.oid FROM s)) THEN 'text search' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_extension e WHERE e.extnamespace IN (SELECT s.oid FROM s)) THEN 'extension' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_cast ca WHERE ca.oid >= 16384)
			OR EXISTS (SELECT FROM pg_catalog.pg_language l WHERE l.oid >= 16384)
			OR EXISTS (SELECT FROM pg_catalog.pg_am am WHERE am.oid >= 16384)
			OR EXISTS (SELECT FROM pg_catalog.pg_transform)
			OR EXISTS (SELECT FROM pg_catalog.pg_foreign_data_wrapper)
			OR EXISTS (SELECT FROM pg_catalog.pg_foreign_server)
			OR EXISTS (SELECT FROM pg_catalog.pg_user_mappings)
			OR EXISTS (SELECT FROM pg_catalog.pg_event_trigger)
			OR EXISTS (SELECT FROM pg_catalog.pg_publication)
			OR EXISTS (SELECT FROM pg_catalog.pg_subscription sb
				WHERE sb.subdbid = (SELECT db.oid FROM pg_catalog.pg_database db WHERE db.datname = current_database())) THEN 'global' END,
		CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_rewrite r WHERE r.oid >= 16384)
			OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.oid >= 16384) THEN 'user depends' END
	], NULL) AS census) AS x`

	// enumsQuery lists the enum types that belong to no extension, with
	// their labels in enumsortorder.
	enumsQuery = `
SELECT t.oid::int8, t.typarray::int8, n.nspname::text, t.typname::text,
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
	// oid, whether an extension owns them, their comments, partition key
	// (pg_get_partkeydef), whether they are partitions and their bound,
	// their parents (schema and name, flattened, in inhseqno order: a
	// partition's one, or the INHERITS list), and their columns, one row
	// per column with whether it is the table's own (attislocal), or one
	// row with NULL columns for a table without any. (OFFSET 0 keeps the
	// subquery of tables apart, so that the lookups of each table run
	// once per table.)
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
	CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
	c.relispartition,
	CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
	CASE WHEN c.inherits THEN ARRAY(
		SELECT x
		FROM pg_catalog.pg_inherits i
		JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
		JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace,
		LATERAL unnest(ARRAY[pn.nspname::text, pc.relname::text]) WITH ORDINALITY AS u(x, o)
		WHERE i.inhrelid = c.oid
		ORDER BY i.inhseqno, u.o) END,
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
			AND d.objsubid = a.attnum) END,
	a.attislocal,
	CASE WHEN a.attidentity <> '' OR a.atthasdef THEN (
		SELECT ARRAY[d.deptype::text, s.relname::text, s.oid::regclass::text, sq.seqtypid::regtype::text,
			sq.seqincrement::text, sq.seqmin::text, sq.seqmax::text, sq.seqstart::text, sq.seqcache::text,
			sq.seqcycle::text]
		FROM pg_catalog.pg_depend d
		JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
		JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = s.oid
		WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = a.attrelid
			AND d.refobjsubid = a.attnum AND d.classid = 'pg_catalog.pg_class'::regclass
			AND d.deptype IN ('a', 'i')
		ORDER BY d.deptype DESC, s.oid
		LIMIT 1) END,
	CASE WHEN a.attcollation <> 0 AND a.attcollation <> (
		SELECT ty.typcollation FROM pg_catalog.pg_type ty WHERE ty.oid = a.atttypid) THEN (
		SELECT ARRAY[cn.nspname::text, co.collname::text]
		FROM pg_catalog.pg_collation co
		JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
		WHERE co.oid = a.attcollation) END,
	c.relpersistence::text, c.reloptions::text[],
	CASE WHEN c.reltoastrelid <> 0 THEN (
		SELECT tc.reloptions::text[] FROM pg_catalog.pg_class tc WHERE tc.oid = c.reltoastrelid) END,
	c.relrowsecurity, c.relforcerowsecurity
FROM (
	SELECT c.oid, c.relname, c.relnamespace, c.relkind, c.relispartition, c.relpartbound, c.relpersistence, c.reloptions, c.reltoastrelid,
		c.relrowsecurity, c.relforcerowsecurity,
		c.relispartition OR c.oid IN (SELECT i.inhrelid FROM pg_catalog.pg_inherits i) AS inherits,
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
	// attnotnull reports, are left out, as are domains' constraints and
	// those a table inherits: a partition's copies of its parent's keys
	// and foreign keys (conparentid) and inherited checks (not
	// conislocal).
	constraintsQuery = `
SELECT con.conrelid::int8, con.conname::text, con.contype::text, con.conkey::int8[], con.conindid::int8,
	con.confrelid::int8, rn.nspname::text, rc.relname::text, con.confkey::int8[],
	CASE WHEN con.contype = 'f' AND rc.relnamespace <> ALL($1::oid[]) THEN ARRAY(
		SELECT a.attname::text
		FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
		ORDER BY k.ord) END,
	con.confdeltype::text, con.confupdtype::text,
	CASE WHEN con.contype IN ('c', 'x') THEN pg_catalog.pg_get_constraintdef(con.oid, true) END,
	NOT con.convalidated,
	con.contype = 'u' AND coalesce((
		SELECT i.indnullsnotdistinct FROM pg_catalog.pg_index i WHERE i.indexrelid = con.conindid), false),
	con.condeferrable, con.condeferred, con.connoinherit,
	CASE WHEN con.contype IN ('p', 'u') THEN (
		SELECT ic.reloptions::text[] FROM pg_catalog.pg_class ic WHERE ic.oid = con.conindid) END,
	CASE WHEN con.contype IN ('p', 'u') THEN ARRAY(
		SELECT k.attnum::int8
		FROM pg_catalog.pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		WHERE i.indexrelid = con.conindid AND k.ord > i.indnkeyatts
		ORDER BY k.ord) END
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.connamespace = ANY($1::oid[])
	AND con.conrelid <> 0
	AND con.conparentid = 0
	AND con.conislocal
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
	// CONCURRENTLY leaves it. A partition's indexes attached to an index
	// of its parent (relispartition) are the parent's, and left out.
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
	NOT (i.indisvalid AND i.indisready),
	k.ord = 1 AND i.indnullsnotdistinct,
	CASE WHEN k.coll <> 0 AND k.coll <> CASE WHEN k.attnum = 0
			THEN (SELECT ty.typcollation FROM pg_catalog.pg_attribute ia
				JOIN pg_catalog.pg_type ty ON ty.oid = ia.atttypid
				WHERE ia.attrelid = i.indexrelid AND ia.attnum = k.ord)
			ELSE (SELECT a.attcollation FROM pg_catalog.pg_attribute a
				WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum) END THEN (
		SELECT ARRAY[cn.nspname::text, co.collname::text,
			CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) END]
		FROM pg_catalog.pg_collation co
		JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
		WHERE co.oid = k.coll) END,
	(SELECT ia.attoptions::text[] FROM pg_catalog.pg_attribute ia
		WHERE ia.attrelid = i.indexrelid AND ia.attnum = k.ord AND ia.attoptions IS NOT NULL),
	(SELECT ARRAY[ocn.nspname::text, oc.opcname::text]
		FROM pg_catalog.pg_opclass oc
		JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
		WHERE oc.oid = k.opclass AND EXISTS (
			SELECT FROM pg_catalog.pg_attribute ia
			WHERE ia.attrelid = i.indexrelid AND ia.attnum = k.ord AND ia.attoptions IS NOT NULL)),
	CASE WHEN k.ord = 1 THEN ic.reloptions::text[] END
FROM pg_catalog.pg_class ic
JOIN pg_catalog.pg_index i ON i.indexrelid = ic.oid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam,
LATERAL unnest(i.indkey::int2[], i.indoption::int2[], i.indclass::oid[], i.indcollation::oid[])
	WITH ORDINALITY AS k(attnum, option, opclass, coll, ord)
WHERE ic.relnamespace = ANY($1::oid[])
	AND ic.relkind IN ('i', 'I')
	AND NOT ic.relispartition`
)
