package catalog

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lib/pq"

	"github.com/schemagen/schemagen/schema"
)

// unmanagedKind is a kind of object (or of object attribute) that
// unmanagedQuery can return.
type unmanagedKind struct {
	// Kind is the kind's name, [schema.Unmanaged.Kind].
	Kind string
	// Managed is true when the rest of package catalog reads the kind
	// into the schema's tables, enums or objects: unmanagedQuery leaves it
	// out (it costs nothing then), and it is never reported as not
	// managed.
	Managed bool
	// Owner says who manages the kind, or will.
	Owner string
}

// unmanagedKinds is the one list of what [Inspect] reads into
// [schema.Schema.Unmanaged]: every kind that unmanagedQuery can return,
// and whether schemagen manages it (then it is not read there). It is the
// switch to flip when a kind becomes managed: set Managed, and the kind
// moves from "not managed: ..." to the differ's plans. Tables and their
// columns, constraints and indexes, enums and schemas are read elsewhere
// and are not listed; so are the attributes that [Inspect] reads into
// them.
var unmanagedKinds = []unmanagedKind{
	// Objects managed by their definition, [schema.Object].
	{Kind: "extension", Managed: true, Owner: "objects"},
	{Kind: "view", Managed: true, Owner: "objects"},
	{Kind: "materialized view", Managed: true, Owner: "objects"},
	{Kind: "materialized view index", Managed: true, Owner: "objects"},
	{Kind: "function", Managed: true, Owner: "objects"},
	{Kind: "procedure", Managed: true, Owner: "objects"},
	{Kind: "trigger", Managed: true, Owner: "objects"},
	{Kind: "policy", Managed: true, Owner: "objects"},
	{Kind: "rule", Managed: true, Owner: "objects"},
	{Kind: "domain", Managed: true, Owner: "objects"},
	{Kind: "composite type", Managed: true, Owner: "objects"},
	{Kind: "sequence", Managed: true, Owner: "objects"},
	{Kind: "statistics", Managed: true, Owner: "objects"},
	{Kind: "collation", Managed: true, Owner: "objects"},
	// Columns.
	{Kind: "owned sequence", Managed: true, Owner: "columns"},
	{Kind: "identity sequence", Managed: true, Owner: "columns"},
	{Kind: "column collation", Managed: true, Owner: "columns"},
	{Kind: "nulls not distinct", Managed: true, Owner: "columns"},
	// Table attributes.
	{Kind: "exclusion constraint", Managed: true, Owner: "table attributes"},
	{Kind: "constraint attributes", Managed: true, Owner: "table attributes"},
	{Kind: "row security", Managed: true, Owner: "table attributes"},
	{Kind: "unlogged table", Managed: true, Owner: "table attributes"},
	{Kind: "storage parameters", Managed: true, Owner: "table attributes"},
	{Kind: "index storage parameters", Managed: true, Owner: "table attributes"},
	{Kind: "schema comment", Managed: true, Owner: "table attributes"},
	// Partitions and inheritance.
	{Kind: "partition", Managed: true, Owner: "partitions"},
	{Kind: "partition key", Managed: true, Owner: "partitions"},
	{Kind: "inheritance", Managed: true, Owner: "partitions"},
	// Not managed.
	{Kind: "aggregate"},
	{Kind: "window function"},
	{Kind: "operator"},
	{Kind: "operator class"},
	{Kind: "operator family"},
	{Kind: "conversion"},
	{Kind: "text search configuration"},
	{Kind: "text search dictionary"},
	{Kind: "text search parser"},
	{Kind: "text search template"},
	{Kind: "foreign table"},
	{Kind: "base type"},
	{Kind: "shell type"},
	{Kind: "range type"},
	{Kind: "multirange type"},
	{Kind: "typed table"},
	{Kind: "table access method"},
	{Kind: "replica identity"},
	{Kind: "tablespace"},
	{Kind: "column setting"},
	{Kind: "inherited column"},
	{Kind: "view column default"},
	{Kind: "clustered index"},
	{Kind: "rule state"},
	{Kind: "statistics target"},
	{Kind: "partition index setting"},
	{Kind: "foreign key match"},
	{Kind: "unlogged sequence"},
	{Kind: "extension version"},
	{Kind: "comment"},
	{Kind: "public schema comment"},
	{Kind: "trigger state"},
	{Kind: "sequence owner"},
	// Database-wide: read when Inspect reads every schema.
	{Kind: "cast"},
	{Kind: "language"},
	{Kind: "access method"},
	{Kind: "transform"},
	{Kind: "foreign-data wrapper"},
	{Kind: "server"},
	{Kind: "user mapping"},
	{Kind: "event trigger"},
	{Kind: "publication"},
	{Kind: "subscription"},
}

// UnmanagedKinds returns the kinds of [schema.Unmanaged] that [Inspect]
// may read, sorted: every kind of object of PostgreSQL that schemagen
// does not manage (see the README's table of object kinds).
func UnmanagedKinds() []string {
	var out []string
	for _, k := range unmanagedKinds {
		if !k.Managed {
			out = append(out, k.Kind)
		}
	}
	slices.Sort(out)
	return out
}

// managedKinds returns the kinds unmanagedQuery leaves out.
func managedKinds() []string {
	var out []string
	for _, k := range unmanagedKinds {
		if k.Managed {
			out = append(out, k.Kind)
		}
	}
	return out
}

// unmanaged reads the objects of kinds schemagen does not manage in the
// schemas whose oids nsps holds and, when whole is true, those that live
// in no schema (casts, foreign servers, publications, ...), skipping
// objects that belong to an extension and those that are parts of
// another object (an array type, an identity column's sequence, a
// view's rule), and the kinds that managed lists.
func (in *inspector) unmanaged(ctx context.Context, nsps any, whole bool, managed []string) ([]*schema.Unmanaged, error) {
	if managed == nil {
		managed = []string{} // not NULL, which <> ALL would make unknown
	}
	query := unmanagedQuery(managed, in.census)
	if query == "" {
		return nil, nil
	}
	rows, err := in.q.QueryContext(ctx, query, nsps, pq.Array(managed), whole)
	if err != nil {
		return nil, fmt.Errorf("catalog: query unmanaged objects: %w", err)
	}
	defer rows.Close()
	var out []*schema.Unmanaged
	for rows.Next() {
		var u schema.Unmanaged
		if err := rows.Scan(&u.Kind, &u.Schema, &u.Base, &u.Name, &u.Definition); err != nil {
			return nil, fmt.Errorf("catalog: scan unmanaged object: %w", err)
		}
		out = append(out, &u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog: read unmanaged objects: %w", err)
	}
	slices.SortFunc(out, func(a, b *schema.Unmanaged) int {
		return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Name, b.Name), strings.Compare(a.Definition, b.Definition))
	})
	return out, nil
}

// unmanagedQuery returns the query that lists the objects of kinds that
// schemagen does not manage: $1 is the oid[] of the schemas read, $2 the
// text[] of kinds to leave out (see unmanagedKinds), $3 whether to read
// the objects that live in no schema. Each branch of the UNION ALL reads
// one catalog and gives the kind, the schema's oid (0 for none), the
// object's own name, its identity when pg_identify_object's is not the
// one wanted, its definition (the catalog's text where PostgreSQL prints
// one, else a summary of the catalog row, with no oids), and the catalog,
// oid and sub-id of the object whose extension membership and internal
// dependency (deptype 'e' and 'i') decide whether it is left out. Only
// objects created after initdb (oid 16384 and up) are read where the
// catalog holds built-in ones too. A user mapping's options are read by
// name only: their values hold passwords, which reports must not print.
//
// The query has only the branches (and the rows of their VALUES lists)
// that return a kind managed does not list, and only those that read
// catalog rows census c says the database has: PostgreSQL neither plans
// nor runs the others, and planning is most of the query's cost on a
// small database. The filter on $2 stays, pushed into each branch. It
// returns "" when no branch is left.
func unmanagedQuery(managed []string, c census) string {
	unmanaged := func(k string) bool { return !slices.Contains(managed, k) }
	var branches []string
	for _, b := range unmanagedBranches {
		if !c.hasAny(b.needs) {
			continue
		}
		sql := strings.Trim(b.sql, "\n")
		if b.values != nil {
			var rows []string
			for _, v := range b.values {
				if unmanaged(v.kind) {
					rows = append(rows, "\t\t("+schema.QuoteLiteral(v.kind)+", "+v.expr+")")
				}
			}
			if len(rows) == 0 {
				continue
			}
			sql = strings.Replace(sql, "{{values}}", strings.Join(rows, ",\n"), 1)
		} else if !slices.ContainsFunc(b.kinds, unmanaged) {
			continue
		}
		branches = append(branches, sql)
	}
	if len(branches) == 0 {
		return ""
	}
	return unmanagedHead + strings.Join(branches, "\n\tUNION ALL\n") + "\n" + unmanagedTail
}

// unmanagedBranch is one branch of the UNION ALL of [unmanagedQuery].
type unmanagedBranch struct {
	// kinds are the kinds the branch returns; a branch with values
	// returns theirs.
	kinds []string
	// needs lists census keys: the branch is read when the census has
	// one of them, or when needs is empty.
	needs []string
	// sql is the branch's SELECT. With values, it holds {{values}}
	// where the rows of its LATERAL VALUES list go.
	sql    string
	values []unmanagedValue
}

// unmanagedValue is a row of a branch's LATERAL VALUES list: a kind, and
// the SQL expression of its definition (NULL where there is none).
type unmanagedValue struct {
	kind, expr string
}

// unmanagedHead and unmanagedTail wrap the branches of unmanagedQuery.
const (
	unmanagedHead = `
SELECT u.kind, coalesce(n.nspname::text, ''), coalesce(u.base, ''),
	coalesce(u.ident, (pg_catalog.pg_identify_object(u.classid, u.objid, u.objsubid)).identity, u.base),
	coalesce(u.def, '')
FROM (
`
	unmanagedTail = `) AS u(kind, nsp, base, ident, def, classid, objid, objsubid, whole)
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = u.nsp
WHERE u.kind <> ALL($2::text[])
	AND NOT EXISTS (
		SELECT FROM pg_catalog.pg_depend d
		WHERE d.classid = u.classid AND d.objid = u.objid AND d.objsubid = 0
			AND (d.deptype = 'e' OR d.deptype = 'i' AND u.whole))`
)

// pgClassSelect is the select list of the unmanagedQuery branches over
// pg_class (sequences, views, materialized views, partitions; foreign
// tables in a branch of their own, which the census leaves out when the
// database has none); each branch adds its WHERE.
const pgClassSelect = `
	-- pg_class: sequences, views, materialized views, foreign tables, partitions.
	SELECT CASE c.relkind
			WHEN 'S' THEN CASE WHEN EXISTS (
					SELECT FROM pg_catalog.pg_depend d
					WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
						AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a')
				THEN 'owned sequence' ELSE 'sequence' END
			WHEN 'v' THEN 'view'
			WHEN 'm' THEN 'materialized view'
			WHEN 'f' THEN 'foreign table'
			ELSE 'partition' END AS kind,
		c.relnamespace AS nsp, c.relname::text AS base, NULL::text AS ident,
		CASE c.relkind
			WHEN 'S' THEN (
				SELECT format('AS %s INCREMENT %s MINVALUE %s MAXVALUE %s START %s CACHE %s%s%s%s',
					pg_catalog.format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart,
					s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' END,
					CASE WHEN c.relpersistence = 'u' THEN ' UNLOGGED' END,
					(SELECT ' OWNED BY ' || (pg_catalog.pg_identify_object(d.refclassid, d.refobjid, d.refobjsubid)).identity
					 FROM pg_catalog.pg_depend d
					 WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
						AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'))
				FROM pg_catalog.pg_sequence s WHERE s.seqrelid = c.oid)
			WHEN 'v' THEN pg_catalog.pg_get_viewdef(c.oid, true)
			WHEN 'm' THEN pg_catalog.pg_get_viewdef(c.oid, true)
			WHEN 'f' THEN (
				SELECT format('(%s) SERVER %s%s',
					(SELECT string_agg(pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
							|| CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
							|| coalesce(' OPTIONS (' || array_to_string(a.attfdwoptions, ', ') || ')', ''),
						', ' ORDER BY a.attnum)
					 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
					pg_catalog.quote_ident(fs.srvname),
					' OPTIONS (' || array_to_string(ft.ftoptions, ', ') || ')')
				FROM pg_catalog.pg_foreign_table ft
				JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
				WHERE ft.ftrelid = c.oid)
			ELSE (
				SELECT 'PARTITION OF ' || (pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, i.inhparent, 0)).identity
					|| ' ' || pg_catalog.pg_get_expr(c.relpartbound, c.oid)
				FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid)
			END AS def,
		'pg_catalog.pg_class'::regclass::oid AS classid, c.oid AS objid, 0 AS objsubid, true AS whole
	FROM pg_catalog.pg_class c
`

// indexSelect is the select list, joins and common conditions of the
// unmanagedQuery branches over indexes (pg_index with the index's and
// the table's pg_class rows, a row per VALUES entry whose def is not
// null); each branch adds its own conditions.
const indexSelect = `	SELECT x.kind, ic.relnamespace, ic.relname::text,
		(pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, ic.oid, 0)).identity, x.def,
		'pg_catalog.pg_class'::regclass, tc.oid, 0, true
	FROM pg_catalog.pg_index i
	JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
	JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid,
	LATERAL (VALUES
{{values}}
	) AS x(kind, def)
	WHERE ic.relnamespace = ANY($1::oid[])
		AND ic.relkind IN ('i', 'I')
`

// unmanagedBranches are the branches of unmanagedQuery's UNION ALL, in
// the order the query has always listed them.
var unmanagedBranches = []unmanagedBranch{
	{kinds: []string{"owned sequence", "sequence", "view", "materialized view", "partition"}, sql: pgClassSelect + `
	WHERE c.relnamespace = ANY($1::oid[])
		AND (c.relkind IN ('S', 'v', 'm') OR c.relkind IN ('r', 'p') AND c.relispartition)
`},
	{kinds: []string{"foreign table"}, needs: []string{censusForeignTable}, sql: pgClassSelect + `
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind = 'f'
`},
	{sql: `
	-- Attributes of tables, materialized views and foreign tables that
	-- the model of a table does not hold.
	SELECT x.kind, c.relnamespace, c.relname::text, NULL, x.def,
		'pg_catalog.pg_class'::regclass, c.oid, 0, true
	FROM pg_catalog.pg_class c,
	LATERAL (VALUES
{{values}}
	) AS x(kind, def)
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind IN ('r', 'p', 'm', 'f')
		AND x.def IS NOT NULL
`, values: []unmanagedValue{
		{"partition key", `CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END`},
		{"inheritance", `CASE WHEN NOT c.relispartition THEN (
			SELECT 'INHERITS (' || string_agg((pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, i.inhparent, 0)).identity, ', ' ORDER BY i.inhseqno) || ')'
			FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) END`},
		{"typed table", `CASE WHEN c.reloftype <> 0 THEN 'OF ' || pg_catalog.format_type(c.reloftype, NULL) END`},
		{"table access method", `CASE WHEN c.relam <> 0 THEN (
			SELECT 'USING ' || am.amname FROM pg_catalog.pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap') END`},
		{"replica identity", `CASE WHEN c.relkind IN ('r', 'p') THEN CASE c.relreplident WHEN 'f' THEN 'FULL' WHEN 'n' THEN 'NOTHING' WHEN 'i' THEN (
			SELECT 'USING INDEX ' || pg_catalog.quote_ident(ic.relname)
			FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
			WHERE i.indrelid = c.oid AND i.indisreplident) END END`},
		{"tablespace", `CASE WHEN c.reltablespace <> 0 THEN (
			SELECT 'TABLESPACE ' || pg_catalog.quote_ident(ts.spcname) FROM pg_catalog.pg_tablespace ts WHERE ts.oid = c.reltablespace) END`},
		{"row security", `CASE WHEN c.relrowsecurity OR c.relforcerowsecurity THEN
			concat_ws(' ', CASE WHEN c.relrowsecurity THEN 'ENABLE' END, CASE WHEN c.relforcerowsecurity THEN 'FORCE' END) END`},
		{"unlogged table", `CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED' END`},
		{"storage parameters", `'WITH (' || array_to_string(c.reloptions, ', ') || ')'`},
	}},
	{sql: `
	-- Columns: settings with no place in the model, collations, and
	-- identity columns other than the model's (BY DEFAULT, with the
	-- sequence's default options). (Some builds of PostgreSQL set an attoption
	-- pg_attver on every column, which pg_dump does not print: it is
	-- left out.)
	SELECT x.kind, c.relnamespace, c.relname::text,
		(pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, c.oid, a.attnum)).identity, x.def,
		'pg_catalog.pg_class'::regclass, c.oid, 0, true
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	JOIN pg_catalog.pg_type t ON t.oid = a.atttypid,
	LATERAL (SELECT array_to_string(ARRAY(
		SELECT o FROM unnest(a.attoptions) AS o WHERE o NOT LIKE 'pg\_attver=%' ORDER BY o), ', ') AS options) AS ao,
	LATERAL (VALUES
{{values}}
	) AS x(kind, def)
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind IN ('r', 'p', 'm', 'f')
		AND NOT c.relispartition
		AND x.def IS NOT NULL
`, values: []unmanagedValue{
		{"column setting", `CASE WHEN a.attstattarget <> -1 OR a.attstorage <> t.typstorage OR a.attcompression <> ''
				OR ao.options <> '' THEN
			concat_ws(' ',
				CASE WHEN a.attstattarget <> -1 THEN 'STATISTICS ' || a.attstattarget END,
				CASE WHEN a.attstorage <> t.typstorage THEN 'STORAGE ' || CASE a.attstorage
					WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END,
				CASE WHEN a.attcompression <> '' THEN 'COMPRESSION ' || CASE a.attcompression WHEN 'p' THEN 'pglz' ELSE 'lz4' END END,
				'SET (' || nullif(ao.options, '') || ')') END`},
		{"column collation", `CASE WHEN a.attcollation <> t.typcollation THEN (
			SELECT 'COLLATE ' || (pg_catalog.pg_identify_object('pg_catalog.pg_collation'::regclass, co.oid, 0)).identity
			FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END`},
		{"identity sequence", `CASE WHEN a.attidentity <> '' THEN (
			SELECT format('GENERATED %s AS IDENTITY (AS %s INCREMENT %s MINVALUE %s MAXVALUE %s START %s CACHE %s%s)',
				CASE a.attidentity WHEN 'a' THEN 'ALWAYS' ELSE 'BY DEFAULT' END,
				pg_catalog.format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,
				CASE WHEN s.seqcycle THEN ' CYCLE' END)
			FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_sequence s ON s.seqrelid = d.objid
			WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.oid AND d.refobjsubid = a.attnum
				AND d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'i'
				AND (a.attidentity = 'a' OR s.seqincrement <> 1 OR s.seqmin <> 1 OR s.seqstart <> 1 OR s.seqcache <> 1
					OR s.seqcycle OR s.seqmax <> CASE s.seqtypid
						WHEN 'pg_catalog.int2'::regtype THEN 32767
						WHEN 'pg_catalog.int4'::regtype THEN 2147483647
						ELSE 9223372036854775807 END)) END`},
	}},
	{kinds: []string{"column setting"}, sql: `
	-- Index columns' statistics targets (ALTER INDEX ... ALTER COLUMN n
	-- SET STATISTICS), which the model of an index does not hold.
	SELECT 'column setting', c.relnamespace, c.relname::text,
		(pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, c.oid, a.attnum)).identity,
		'STATISTICS ' || a.attstattarget,
		'pg_catalog.pg_class'::regclass, c.oid, 0, false
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind IN ('i', 'I')
		AND a.attstattarget <> -1
`},
	{sql: `
	-- The index a table is clustered on (CLUSTER ... USING, ALTER TABLE
	-- ... CLUSTER ON), and the storage parameters of a partition's index
	-- attached to its parent's where they differ from the parent's
	-- (ALTER INDEX partition_index SET (...)).
` + indexSelect + `		AND x.def IS NOT NULL
`, values: []unmanagedValue{
		{"clustered index", `CASE WHEN i.indisclustered THEN 'CLUSTER ON' END`},
		{"partition index setting", `(
			SELECT 'WITH (' || coalesce(array_to_string(ic.reloptions, ', '), '') || ')'
			FROM pg_catalog.pg_inherits ih JOIN pg_catalog.pg_class pc ON pc.oid = ih.inhparent
			WHERE ih.inhrelid = ic.oid AND ic.reloptions IS DISTINCT FROM pc.reloptions)`},
	}},
	{kinds: []string{"rule state"}, needs: []string{censusRewrite}, sql: `
	-- States that the managed objects' definitions leave out: a rule not
	-- simply enabled (ALTER TABLE ... DISABLE RULE), and the statistics
	-- target of extended statistics (ALTER STATISTICS ... SET
	-- STATISTICS). (Whether a materialized view is populated is data, as
	-- pg_dump --schema-only has it: not read.)
	SELECT 'rule state', c.relnamespace, c.relname::text, NULL,
		CASE r.ev_enabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' END,
		'pg_catalog.pg_rewrite'::regclass, r.oid, 0, true
	FROM pg_catalog.pg_rewrite r
	JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
	WHERE c.relnamespace = ANY($1::oid[]) AND r.ev_enabled <> 'O'
`},
	{kinds: []string{"statistics target"}, needs: []string{censusStatistics}, sql: `
	SELECT 'statistics target', s.stxnamespace, s.stxname::text, NULL, 'STATISTICS ' || s.stxstattarget,
		'pg_catalog.pg_statistic_ext'::regclass, s.oid, 0, true
	FROM pg_catalog.pg_statistic_ext s
	WHERE s.stxnamespace = ANY($1::oid[]) AND s.stxstattarget <> -1
`},
	{kinds: []string{"view column default"}, needs: []string{censusView}, sql: `
	-- Defaults of views' columns (ALTER VIEW ... ALTER COLUMN SET
	-- DEFAULT), which a view's definition does not hold.
	SELECT 'view column default', c.relnamespace, c.relname::text,
		(pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, c.oid, ad.adnum)).identity,
		'DEFAULT ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
		'pg_catalog.pg_class'::regclass, c.oid, 0, true
	FROM pg_catalog.pg_attrdef ad
	JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind = 'v'
`},
	{kinds: []string{"inherited column"}, needs: []string{censusInherits}, sql: `
	-- Columns that a partition or an inheritance child takes from its
	-- parent (the model reads them as the parent's) but whose default,
	-- generation expression, NOT NULL or settings differ from the
	-- parent's: ALTER TABLE partition ALTER c SET DEFAULT ..., or a
	-- partition's own generation expression.
	SELECT 'inherited column', c.relnamespace, c.relname::text,
		(pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, c.oid, a.attnum)).identity, ca.def,
		'pg_catalog.pg_class'::regclass, c.oid, 0, true
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		AND (c.relispartition OR NOT a.attislocal),
	LATERAL (SELECT concat_ws(' ',
			CASE WHEN a.attgenerated <> '' THEN 'GENERATED ALWAYS AS (' ELSE 'DEFAULT ' END
				|| (SELECT pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) FROM pg_catalog.pg_attrdef ad
					WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum)
				|| CASE WHEN a.attgenerated <> '' THEN ') STORED' ELSE '' END,
			CASE WHEN a.attnotnull THEN 'NOT NULL' END,
			CASE WHEN a.attstattarget <> -1 THEN 'STATISTICS ' || a.attstattarget END,
			'STORAGE ' || a.attstorage::text,
			CASE WHEN a.attcompression <> '' THEN 'COMPRESSION ' || a.attcompression::text END,
			'SET (' || nullif(array_to_string(ARRAY(
				SELECT o FROM unnest(a.attoptions) AS o WHERE o NOT LIKE 'pg\_attver=%' ORDER BY o), ', '), '') || ')') AS def) AS ca
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind IN ('r', 'p')
		AND NOT EXISTS (
			SELECT FROM pg_catalog.pg_inherits i
			JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname AND NOT pa.attisdropped,
			LATERAL (SELECT concat_ws(' ',
					CASE WHEN pa.attgenerated <> '' THEN 'GENERATED ALWAYS AS (' ELSE 'DEFAULT ' END
						|| (SELECT pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) FROM pg_catalog.pg_attrdef ad
							WHERE ad.adrelid = pa.attrelid AND ad.adnum = pa.attnum)
						|| CASE WHEN pa.attgenerated <> '' THEN ') STORED' ELSE '' END,
					CASE WHEN pa.attnotnull THEN 'NOT NULL' END,
					CASE WHEN pa.attstattarget <> -1 THEN 'STATISTICS ' || pa.attstattarget END,
					'STORAGE ' || pa.attstorage::text,
					CASE WHEN pa.attcompression <> '' THEN 'COMPRESSION ' || pa.attcompression::text END,
					'SET (' || nullif(array_to_string(ARRAY(
						SELECT o FROM unnest(pa.attoptions) AS o WHERE o NOT LIKE 'pg\_attver=%' ORDER BY o), ', '), '') || ')') AS def) AS pca
			WHERE i.inhrelid = c.oid AND pca.def = ca.def)
`},
	{sql: `
	-- Indexes: of materialized views, and index attributes the model of
	-- an index does not hold (also of indexes that back constraints,
	-- which are internal parts of them: the table decides whether an
	-- extension owns them).
` + indexSelect + `		AND NOT tc.relispartition
		AND x.def IS NOT NULL
`, values: []unmanagedValue{
		{"materialized view index", `CASE WHEN tc.relkind = 'm' THEN pg_catalog.pg_get_indexdef(ic.oid) END`},
		{"nulls not distinct", `CASE WHEN i.indnullsnotdistinct THEN 'NULLS NOT DISTINCT' END`},
		{"index storage parameters", `'WITH (' || array_to_string(ic.reloptions, ', ') || ')'`},
		{"tablespace", `CASE WHEN ic.reltablespace <> 0 THEN (
			SELECT 'TABLESPACE ' || pg_catalog.quote_ident(ts.spcname) FROM pg_catalog.pg_tablespace ts WHERE ts.oid = ic.reltablespace) END`},
	}},
	{kinds: []string{"exclusion constraint", "constraint attributes"}, sql: `
	-- Constraints: exclusion constraints, and deferrable or NO INHERIT
	-- ones.
	SELECT CASE WHEN con.contype = 'x' THEN 'exclusion constraint' ELSE 'constraint attributes' END,
		con.connamespace, con.conname::text, NULL, pg_catalog.pg_get_constraintdef(con.oid, true),
		'pg_catalog.pg_constraint'::regclass, con.oid, 0, true
	FROM pg_catalog.pg_constraint con
	WHERE con.connamespace = ANY($1::oid[])
		AND con.conrelid <> 0
		AND con.conparentid = 0
		AND (con.contype = 'x' OR con.condeferrable OR con.contype = 'c' AND con.connoinherit)
`},
	{kinds: []string{"foreign key match"}, sql: `
	-- Foreign keys MATCH FULL (the model's are MATCH SIMPLE).
	SELECT 'foreign key match', con.connamespace, con.conname::text, NULL, pg_catalog.pg_get_constraintdef(con.oid, true),
		'pg_catalog.pg_constraint'::regclass, con.oid, 0, true
	FROM pg_catalog.pg_constraint con
	WHERE con.connamespace = ANY($1::oid[])
		AND con.conrelid <> 0
		AND con.conparentid = 0
		AND con.contype = 'f' AND con.confmatchtype <> 's'
`},
	{kinds: []string{"unlogged sequence"}, needs: []string{censusSequence}, sql: `
	-- Unlogged sequences (a managed sequence is created logged) but
	-- those of unlogged tables, which PostgreSQL makes unlogged.
	SELECT 'unlogged sequence', c.relnamespace, c.relname::text, NULL, 'UNLOGGED',
		'pg_catalog.pg_class'::regclass, c.oid, 0, false
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace = ANY($1::oid[])
		AND c.relkind = 'S' AND c.relpersistence = 'u'
		AND NOT EXISTS (
			SELECT FROM pg_catalog.pg_depend d
			JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid AND tc.relpersistence = 'u'
			WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
				AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i'))
`},
	{kinds: []string{"trigger"}, needs: []string{censusTrigger}, sql: `
	-- Triggers (not those of foreign keys, nor clones on partitions).
	SELECT 'trigger', c.relnamespace, c.relname::text, NULL,
		pg_catalog.pg_get_triggerdef(tg.oid, true) || CASE tg.tgenabled
			WHEN 'D' THEN ' DISABLE' WHEN 'R' THEN ' ENABLE REPLICA' WHEN 'A' THEN ' ENABLE ALWAYS' ELSE '' END,
		'pg_catalog.pg_trigger'::regclass, tg.oid, 0, true
	FROM pg_catalog.pg_trigger tg
	JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
	WHERE c.relnamespace = ANY($1::oid[])
		AND NOT tg.tgisinternal
		AND tg.tgparentid = 0
`},
	{kinds: []string{"trigger state"}, needs: []string{censusTrigger}, sql: `
	-- The state of a trigger that is not simply enabled (ALTER TABLE ...
	-- DISABLE TRIGGER, ENABLE REPLICA, ENABLE ALWAYS): a trigger's
	-- definition says nothing of it.
	SELECT 'trigger state', c.relnamespace, c.relname::text, NULL,
		CASE tg.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END,
		'pg_catalog.pg_trigger'::regclass, tg.oid, 0, true
	FROM pg_catalog.pg_trigger tg
	JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
	WHERE c.relnamespace = ANY($1::oid[])
		AND NOT tg.tgisinternal
		AND (tg.tgparentid = 0 AND tg.tgenabled <> 'O'
			-- A partition's clone of its parent's trigger, in another state
			-- than the parent's (ALTER TABLE partition DISABLE TRIGGER).
			OR tg.tgparentid <> 0 AND tg.tgenabled <> (
				SELECT ptg.tgenabled FROM pg_catalog.pg_trigger ptg WHERE ptg.oid = tg.tgparentid))
`},
	{kinds: []string{"sequence owner"}, needs: []string{censusSequence}, sql: `
	-- The owner of a sequence that a column owns but does not take its
	-- default from (ALTER SEQUENCE ... OWNED BY): the sequence itself is
	-- read as a standalone one, whose definition says nothing of it.
	SELECT 'sequence owner', c.relnamespace, c.relname::text, NULL,
		'OWNED BY ' || (pg_catalog.pg_identify_object(d.refclassid, d.refobjid, d.refobjsubid)).identity,
		'pg_catalog.pg_class'::regclass, c.oid, 0, true
	FROM pg_catalog.pg_depend d
	JOIN pg_catalog.pg_class c ON c.oid = d.objid AND c.relkind = 'S'
	LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = d.refobjid AND ad.adnum = d.refobjsubid
	WHERE c.relnamespace = ANY($1::oid[])
		AND d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
		AND d.refobjsubid > 0 AND d.deptype = 'a'
		AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) IS DISTINCT FROM pg_catalog.format('nextval(%L::regclass)', c.oid::regclass::text)
`},
	{kinds: []string{"policy"}, needs: []string{censusPolicy}, sql: `
	-- Row level security policies.
	SELECT 'policy', c.relnamespace, c.relname::text, NULL,
		format('AS %s FOR %s TO %s%s%s',
			CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
			CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
			(SELECT string_agg(x.role, ', ' ORDER BY x.role) FROM (
				SELECT CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(ro.rolname) END AS role
				FROM unnest(p.polroles) AS r(oid) LEFT JOIN pg_catalog.pg_roles ro ON ro.oid = r.oid) AS x),
			' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
			' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')'),
		'pg_catalog.pg_policy'::regclass, p.oid, 0, true
	FROM pg_catalog.pg_policy p
	JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
	WHERE c.relnamespace = ANY($1::oid[])
`},
	{kinds: []string{"rule"}, needs: []string{censusRewrite}, sql: `
	-- Rules (a view's _RETURN rule is an internal part of it).
	SELECT 'rule', c.relnamespace, c.relname::text, NULL, pg_catalog.pg_get_ruledef(r.oid, true),
		'pg_catalog.pg_rewrite'::regclass, r.oid, 0, true
	FROM pg_catalog.pg_rewrite r
	JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
	WHERE c.relnamespace = ANY($1::oid[])
`},
	{kinds: []string{"base type", "shell type", "range type", "multirange type", "domain", "composite type"}, needs: []string{censusType, censusComposite}, sql: `
	-- Types: base, shell, range, multirange, domain and composite types
	-- (enums are read by enumsQuery; array, table row and multirange
	-- types are internal parts of another object).
	SELECT CASE t.typtype
			WHEN 'b' THEN 'base type' WHEN 'p' THEN 'shell type' WHEN 'r' THEN 'range type'
			WHEN 'm' THEN 'multirange type' WHEN 'd' THEN 'domain' ELSE 'composite type' END,
		t.typnamespace, t.typname::text, NULL,
		CASE t.typtype
			WHEN 'b' THEN format('INPUT = %s, OUTPUT = %s, RECEIVE = %s, SEND = %s, TYPMOD_IN = %s, TYPMOD_OUT = %s, ANALYZE = %s, SUBSCRIPT = %s, INTERNALLENGTH = %s, PASSEDBYVALUE = %s, ALIGNMENT = %s, STORAGE = %s, CATEGORY = %s, PREFERRED = %s, DELIMITER = %s, ELEMENT = %s, COLLATABLE = %s, DEFAULT = %s',
				t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc,
				t.typmodin::regproc, t.typmodout::regproc, t.typanalyze::regproc, t.typsubscript::regproc,
				t.typlen, t.typbyval, t.typalign, t.typstorage, t.typcategory, t.typispreferred, t.typdelim,
				CASE WHEN t.typelem <> 0 THEN pg_catalog.format_type(t.typelem, NULL) END, t.typcollation <> 0, t.typdefault)
			WHEN 'p' THEN 'shell'
			WHEN 'r' THEN (
				SELECT format('SUBTYPE = %s, SUBTYPE_OPCLASS = %s, COLLATION = %s, CANONICAL = %s, SUBTYPE_DIFF = %s, MULTIRANGE_TYPE_NAME = %s',
					pg_catalog.format_type(r.rngsubtype, NULL),
					(pg_catalog.pg_identify_object('pg_catalog.pg_opclass'::regclass, r.rngsubopc, 0)).identity,
					CASE WHEN r.rngcollation <> 0 THEN (pg_catalog.pg_identify_object('pg_catalog.pg_collation'::regclass, r.rngcollation, 0)).identity END,
					r.rngcanonical::regproc, r.rngsubdiff::regproc, pg_catalog.format_type(r.rngmultitypid, NULL))
				FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid)
			WHEN 'm' THEN 'multirange'
			WHEN 'd' THEN concat_ws(' ', 'AS ' || pg_catalog.format_type(t.typbasetype, t.typtypmod),
				CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN
					'COLLATE ' || (pg_catalog.pg_identify_object('pg_catalog.pg_collation'::regclass, t.typcollation, 0)).identity END,
				'DEFAULT ' || t.typdefault,
				CASE WHEN t.typnotnull THEN 'NOT NULL' END,
				(SELECT string_agg('CONSTRAINT ' || pg_catalog.quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid, true), ' ' ORDER BY con.conname)
				 FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid))
			ELSE (
				SELECT '(' || string_agg(pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
					|| CASE WHEN a.attcollation <> at.typcollation THEN
						' COLLATE ' || (pg_catalog.pg_identify_object('pg_catalog.pg_collation'::regclass, a.attcollation, 0)).identity ELSE '' END,
					', ' ORDER BY a.attnum) || ')'
				FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
				WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
			END,
		'pg_catalog.pg_type'::regclass, t.oid, 0, true
	FROM pg_catalog.pg_type t
	LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
	WHERE t.typnamespace = ANY($1::oid[])
		AND (t.typtype IN ('b', 'r', 'm', 'd')
			OR t.typtype = 'p' AND NOT t.typisdefined
			OR t.typtype = 'c' AND (SELECT rc.relkind FROM pg_catalog.pg_class rc WHERE rc.oid = t.typrelid) = 'c')
`},
	{kinds: []string{"function", "procedure", "aggregate", "window function"}, needs: []string{censusProc}, sql: `
	-- Functions, procedures, aggregates and window functions.
	SELECT CASE p.prokind WHEN 'f' THEN 'function' WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
		p.pronamespace, p.proname::text, NULL,
		CASE WHEN p.prokind = 'a' THEN (
			SELECT format('(%s) SFUNC = %s, STYPE = %s, FINALFUNC = %s, FINALFUNC_MODIFY = %s, COMBINEFUNC = %s, SERIALFUNC = %s, DESERIALFUNC = %s, INITCOND = %s, MSFUNC = %s, MINVFUNC = %s, MSTYPE = %s, MFINALFUNC = %s, MINITCOND = %s, SORTOP = %s, KIND = %s, PARALLEL = %s',
				pg_catalog.pg_get_function_arguments(p.oid), ag.aggtransfn::regproc, pg_catalog.format_type(ag.aggtranstype, NULL),
				ag.aggfinalfn::regproc, ag.aggfinalmodify, ag.aggcombinefn::regproc, ag.aggserialfn::regproc,
				ag.aggdeserialfn::regproc, ag.agginitval, ag.aggmtransfn::regproc, ag.aggminvtransfn::regproc,
				CASE WHEN ag.aggmtranstype <> 0 THEN pg_catalog.format_type(ag.aggmtranstype, NULL) END,
				ag.aggmfinalfn::regproc, ag.aggminitval, ag.aggsortop::regoperator, ag.aggkind, p.proparallel)
			FROM pg_catalog.pg_aggregate ag WHERE ag.aggfnoid = p.oid)
		ELSE pg_catalog.pg_get_functiondef(p.oid) END,
		'pg_catalog.pg_proc'::regclass, p.oid, 0, true
	FROM pg_catalog.pg_proc p
	WHERE p.pronamespace = ANY($1::oid[])
`},
	{kinds: []string{"operator"}, needs: []string{censusOperator}, sql: `
	SELECT 'operator', o.oprnamespace, o.oprname::text, NULL,
		format('PROCEDURE = %s, LEFTARG = %s, RIGHTARG = %s, COMMUTATOR = %s, NEGATOR = %s, RESTRICT = %s, JOIN = %s, HASHES = %s, MERGES = %s',
			o.oprcode::regproc, CASE WHEN o.oprleft <> 0 THEN pg_catalog.format_type(o.oprleft, NULL) END,
			pg_catalog.format_type(o.oprright, NULL),
			CASE WHEN o.oprcom <> 0 THEN o.oprcom::regoperator::text END,
			CASE WHEN o.oprnegate <> 0 THEN o.oprnegate::regoperator::text END,
			o.oprrest::regproc, o.oprjoin::regproc, o.oprcanhash, o.oprcanmerge),
		'pg_catalog.pg_operator'::regclass, o.oid, 0, true
	FROM pg_catalog.pg_operator o
	WHERE o.oprnamespace = ANY($1::oid[])
`},
	{kinds: []string{"operator class"}, needs: []string{censusOpclass}, sql: `
	SELECT 'operator class', oc.opcnamespace, oc.opcname::text, NULL,
		format('%sFOR TYPE %s USING %s FAMILY %s%s',
			CASE WHEN oc.opcdefault THEN 'DEFAULT ' ELSE '' END, pg_catalog.format_type(oc.opcintype, NULL),
			(SELECT am.amname FROM pg_catalog.pg_am am WHERE am.oid = oc.opcmethod),
			(pg_catalog.pg_identify_object('pg_catalog.pg_opfamily'::regclass, oc.opcfamily, 0)).identity,
			CASE WHEN oc.opckeytype <> 0 THEN ' STORAGE ' || pg_catalog.format_type(oc.opckeytype, NULL) END),
		'pg_catalog.pg_opclass'::regclass, oc.oid, 0, true
	FROM pg_catalog.pg_opclass oc
	WHERE oc.opcnamespace = ANY($1::oid[])
`},
	{kinds: []string{"operator family"}, needs: []string{censusOpfamily}, sql: `
	SELECT 'operator family', f.opfnamespace, f.opfname::text, NULL,
		concat_ws(', ',
			(SELECT string_agg(format('OPERATOR %s %s%s', ao.amopstrategy, ao.amopopr::regoperator,
					CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || (pg_catalog.pg_identify_object('pg_catalog.pg_opfamily'::regclass, ao.amopsortfamily, 0)).identity ELSE '' END),
				', ' ORDER BY ao.amopstrategy, ao.amopopr::regoperator::text)
			 FROM pg_catalog.pg_amop ao WHERE ao.amopfamily = f.oid),
			(SELECT string_agg(format('FUNCTION %s (%s, %s) %s', ap.amprocnum, pg_catalog.format_type(ap.amproclefttype, NULL),
					pg_catalog.format_type(ap.amprocrighttype, NULL), ap.amproc::regprocedure),
				', ' ORDER BY ap.amprocnum, ap.amproc::regprocedure::text)
			 FROM pg_catalog.pg_amproc ap WHERE ap.amprocfamily = f.oid)),
		'pg_catalog.pg_opfamily'::regclass, f.oid, 0, true
	FROM pg_catalog.pg_opfamily f
	WHERE f.opfnamespace = ANY($1::oid[])
`},
	{kinds: []string{"conversion"}, needs: []string{censusConversion}, sql: `
	SELECT 'conversion', cv.connamespace, cv.conname::text, NULL,
		format('%sFOR %L TO %L FROM %s', CASE WHEN cv.condefault THEN 'DEFAULT ' ELSE '' END,
			pg_catalog.pg_encoding_to_char(cv.conforencoding), pg_catalog.pg_encoding_to_char(cv.contoencoding),
			cv.conproc::regproc),
		'pg_catalog.pg_conversion'::regclass, cv.oid, 0, true
	FROM pg_catalog.pg_conversion cv
	WHERE cv.connamespace = ANY($1::oid[])
`},
	{kinds: []string{"collation"}, needs: []string{censusCollation}, sql: `
	SELECT 'collation', co.collnamespace, co.collname::text, NULL,
		format('PROVIDER = %s, LC_COLLATE = %L, LC_CTYPE = %L, ICU_LOCALE = %L, DETERMINISTIC = %s, ENCODING = %s',
			CASE co.collprovider WHEN 'i' THEN 'icu' WHEN 'c' THEN 'libc' ELSE 'default' END,
			co.collcollate, co.collctype, co.colliculocale, co.collisdeterministic,
			CASE WHEN co.collencoding <> -1 THEN pg_catalog.pg_encoding_to_char(co.collencoding) END),
		'pg_catalog.pg_collation'::regclass, co.oid, 0, true
	FROM pg_catalog.pg_collation co
	WHERE co.collnamespace = ANY($1::oid[])
`},
	{kinds: []string{"statistics"}, needs: []string{censusStatistics}, sql: `
	SELECT 'statistics', s.stxnamespace, s.stxname::text, NULL,
		pg_catalog.pg_get_statisticsobjdef(s.oid)
			|| CASE WHEN s.stxstattarget <> -1 THEN ' STATISTICS ' || s.stxstattarget ELSE '' END,
		'pg_catalog.pg_statistic_ext'::regclass, s.oid, 0, true
	FROM pg_catalog.pg_statistic_ext s
	WHERE s.stxnamespace = ANY($1::oid[])
`},
	{kinds: []string{"text search configuration"}, needs: []string{censusTextSearch}, sql: `
	SELECT 'text search configuration', cf.cfgnamespace, cf.cfgname::text, NULL,
		format('PARSER = %s, MAPPING = %s',
			(pg_catalog.pg_identify_object('pg_catalog.pg_ts_parser'::regclass, cf.cfgparser, 0)).identity,
			(SELECT string_agg(m.maptokentype || ':' || (pg_catalog.pg_identify_object('pg_catalog.pg_ts_dict'::regclass, m.mapdict, 0)).identity,
				', ' ORDER BY m.maptokentype, m.mapseqno)
			 FROM pg_catalog.pg_ts_config_map m WHERE m.mapcfg = cf.oid)),
		'pg_catalog.pg_ts_config'::regclass, cf.oid, 0, true
	FROM pg_catalog.pg_ts_config cf
	WHERE cf.cfgnamespace = ANY($1::oid[])
`},
	{kinds: []string{"text search dictionary"}, needs: []string{censusTextSearch}, sql: `
	SELECT 'text search dictionary', d.dictnamespace, d.dictname::text, NULL,
		format('TEMPLATE = %s%s', (pg_catalog.pg_identify_object('pg_catalog.pg_ts_template'::regclass, d.dicttemplate, 0)).identity,
			', ' || d.dictinitoption),
		'pg_catalog.pg_ts_dict'::regclass, d.oid, 0, true
	FROM pg_catalog.pg_ts_dict d
	WHERE d.dictnamespace = ANY($1::oid[])
`},
	{kinds: []string{"text search parser"}, needs: []string{censusTextSearch}, sql: `
	SELECT 'text search parser', pr.prsnamespace, pr.prsname::text, NULL,
		format('START = %s, GETTOKEN = %s, END = %s, LEXTYPES = %s, HEADLINE = %s',
			pr.prsstart::regproc, pr.prstoken::regproc, pr.prsend::regproc, pr.prslextype::regproc, pr.prsheadline::regproc),
		'pg_catalog.pg_ts_parser'::regclass, pr.oid, 0, true
	FROM pg_catalog.pg_ts_parser pr
	WHERE pr.prsnamespace = ANY($1::oid[])
`},
	{kinds: []string{"text search template"}, needs: []string{censusTextSearch}, sql: `
	SELECT 'text search template', tm.tmplnamespace, tm.tmplname::text, NULL,
		format('INIT = %s, LEXIZE = %s', tm.tmplinit::regproc, tm.tmpllexize::regproc),
		'pg_catalog.pg_ts_template'::regclass, tm.oid, 0, true
	FROM pg_catalog.pg_ts_template tm
	WHERE tm.tmplnamespace = ANY($1::oid[])
`},
	{kinds: []string{"extension"}, needs: []string{censusExtension}, sql: `
	SELECT 'extension', e.extnamespace, e.extname::text, e.extname::text,
		'VERSION ' || e.extversion,
		'pg_catalog.pg_extension'::regclass, e.oid, 0, true
	FROM pg_catalog.pg_extension e
	WHERE e.extnamespace = ANY($1::oid[])
`},
	{kinds: []string{"extension version"}, needs: []string{censusExtension}, sql: `
	-- The version of an extension, which the managed extension leaves out
	-- (see NotManaged in package differ: compared only when the
	-- extension is on both sides).
	SELECT 'extension version', e.extnamespace, e.extname::text, e.extname::text,
		'VERSION ' || e.extversion,
		'pg_catalog.pg_extension'::regclass, e.oid, 0, true
	FROM pg_catalog.pg_extension e
	WHERE e.extnamespace = ANY($1::oid[])
`},
	{kinds: []string{"comment", "public schema comment", "schema comment"}, sql: `
	-- Comments on objects whose model holds none (a table's and its
	-- columns' are read by columnsQuery; the public schema's comment from
	-- initdb is no difference), including those on objects that are
	-- parts of others (an index that backs a constraint).
	SELECT CASE WHEN ds.classoid <> 'pg_catalog.pg_namespace'::regclass THEN 'comment'
			WHEN ds.objoid = 'public'::regnamespace THEN 'public schema comment' ELSE 'schema comment' END,
		coalesce((SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname = o.schema), 0), o.name,
		'comment on ' || o.type || ' ' || o.identity, ds.description,
		ds.classoid, ds.objoid, 0, false
	FROM pg_catalog.pg_description ds,
	LATERAL pg_catalog.pg_identify_object(ds.classoid, ds.objoid, ds.objsubid) AS o
	WHERE (ds.objoid >= 16384 OR ds.classoid = 'pg_catalog.pg_namespace'::regclass)
		-- An extension's comment is its control file's, unless changed.
		AND NOT (ds.classoid = 'pg_catalog.pg_extension'::regclass AND ds.description IS NOT DISTINCT FROM (
			SELECT ae.comment FROM pg_catalog.pg_available_extensions ae
			WHERE ae.name = (SELECT e.extname FROM pg_catalog.pg_extension e WHERE e.oid = ds.objoid)))
		AND NOT (ds.classoid = 'pg_catalog.pg_namespace'::regclass AND ds.objoid = 'public'::regnamespace
			AND ds.description = 'standard public schema')
		-- A table's comment, and its own columns' (not those a partition
		-- or a child takes from its parent, which the model does not
		-- hold), are the model's.
		AND NOT (ds.classoid = 'pg_catalog.pg_class'::regclass AND EXISTS (
			SELECT FROM pg_catalog.pg_class c
			WHERE c.oid = ds.objoid AND c.relkind IN ('r', 'p')
				AND (ds.objsubid = 0 OR NOT c.relispartition AND EXISTS (
					SELECT FROM pg_catalog.pg_attribute a
					WHERE a.attrelid = c.oid AND a.attnum = ds.objsubid AND a.attislocal))))
		AND (ds.classoid = 'pg_catalog.pg_namespace'::regclass AND ds.objoid = ANY($1::oid[])
			OR o.schema IN (SELECT ns.nspname FROM pg_catalog.pg_namespace ns WHERE ns.oid = ANY($1::oid[]))
			OR $3 AND o.schema IS NULL AND ds.classoid <> 'pg_catalog.pg_namespace'::regclass)
`},
	{kinds: []string{"cast"}, needs: []string{censusGlobal}, sql: `
	-- Database-wide objects: read with every schema.
	SELECT 'cast', 0, NULL, NULL,
		format('WITH %s AS %s%s',
			CASE ca.castmethod WHEN 'f' THEN 'FUNCTION ' || ca.castfunc::regprocedure WHEN 'i' THEN 'INOUT' ELSE 'BINARY' END,
			CASE ca.castcontext WHEN 'e' THEN 'EXPLICIT' WHEN 'a' THEN 'ASSIGNMENT' ELSE 'IMPLICIT' END, ''),
		'pg_catalog.pg_cast'::regclass, ca.oid, 0, true
	FROM pg_catalog.pg_cast ca
	WHERE $3 AND ca.oid >= 16384
`},
	{kinds: []string{"language"}, needs: []string{censusGlobal}, sql: `
	SELECT 'language', 0, l.lanname::text, NULL,
		format('TRUSTED = %s, HANDLER = %s, INLINE = %s, VALIDATOR = %s', l.lanpltrusted,
			l.lanplcallfoid::regproc, l.laninline::regproc, l.lanvalidator::regproc),
		'pg_catalog.pg_language'::regclass, l.oid, 0, true
	FROM pg_catalog.pg_language l
	WHERE $3 AND l.oid >= 16384
`},
	{kinds: []string{"access method"}, needs: []string{censusGlobal}, sql: `
	SELECT 'access method', 0, am.amname::text, NULL,
		format('TYPE %s HANDLER %s', CASE am.amtype WHEN 'i' THEN 'INDEX' ELSE 'TABLE' END, am.amhandler::regproc),
		'pg_catalog.pg_am'::regclass, am.oid, 0, true
	FROM pg_catalog.pg_am am
	WHERE $3 AND am.oid >= 16384
`},
	{kinds: []string{"transform"}, needs: []string{censusGlobal}, sql: `
	SELECT 'transform', 0, NULL, NULL,
		format('FROM SQL WITH FUNCTION %s, TO SQL WITH FUNCTION %s', tr.trffromsql::regprocedure, tr.trftosql::regprocedure),
		'pg_catalog.pg_transform'::regclass, tr.oid, 0, true
	FROM pg_catalog.pg_transform tr
	WHERE $3
`},
	{kinds: []string{"foreign-data wrapper"}, needs: []string{censusGlobal}, sql: `
	SELECT 'foreign-data wrapper', 0, w.fdwname::text, NULL,
		format('HANDLER %s VALIDATOR %s%s', w.fdwhandler::regproc, w.fdwvalidator::regproc,
			' OPTIONS (' || array_to_string(w.fdwoptions, ', ') || ')'),
		'pg_catalog.pg_foreign_data_wrapper'::regclass, w.oid, 0, true
	FROM pg_catalog.pg_foreign_data_wrapper w
	WHERE $3
`},
	{kinds: []string{"server"}, needs: []string{censusGlobal}, sql: `
	SELECT 'server', 0, s.srvname::text, NULL,
		format('TYPE %L VERSION %L FOREIGN DATA WRAPPER %s%s', s.srvtype, s.srvversion,
			(SELECT pg_catalog.quote_ident(w.fdwname) FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.oid = s.srvfdw),
			' OPTIONS (' || array_to_string(s.srvoptions, ', ') || ')'),
		'pg_catalog.pg_foreign_server'::regclass, s.oid, 0, true
	FROM pg_catalog.pg_foreign_server s
	WHERE $3
`},
	{kinds: []string{"user mapping"}, needs: []string{censusGlobal}, sql: `
	SELECT 'user mapping', 0, um.srvname::text, NULL,
		(SELECT 'OPTIONS (' || string_agg(split_part(o, '=', 1), ', ' ORDER BY split_part(o, '=', 1)) || ')' FROM unnest(um.umoptions) AS o),
		'pg_catalog.pg_user_mapping'::regclass, um.umid, 0, true
	FROM pg_catalog.pg_user_mappings um
	WHERE $3
`},
	{kinds: []string{"event trigger"}, needs: []string{censusGlobal}, sql: `
	SELECT 'event trigger', 0, et.evtname::text, NULL,
		format('ON %s%s EXECUTE FUNCTION %s%s', et.evtevent,
			' WHEN TAG IN (' || array_to_string(et.evttags, ', ') || ')', et.evtfoid::regprocedure,
			CASE et.evtenabled WHEN 'D' THEN ' DISABLE' WHEN 'R' THEN ' ENABLE REPLICA' WHEN 'A' THEN ' ENABLE ALWAYS' ELSE '' END),
		'pg_catalog.pg_event_trigger'::regclass, et.oid, 0, true
	FROM pg_catalog.pg_event_trigger et
	WHERE $3
`},
	{kinds: []string{"publication"}, needs: []string{censusGlobal}, sql: `
	SELECT 'publication', 0, pb.pubname::text, NULL,
		format('ALL TABLES = %s, INSERT = %s, UPDATE = %s, DELETE = %s, TRUNCATE = %s, VIA ROOT = %s, TABLES = %s, SCHEMAS = %s',
			pb.puballtables, pb.pubinsert, pb.pubupdate, pb.pubdelete, pb.pubtruncate, pb.pubviaroot,
			(SELECT string_agg(x.rel, ', ' ORDER BY x.rel) FROM (
				SELECT (pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, pr.prrelid, 0)).identity
					|| coalesce(' WHERE (' || pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) || ')', '') AS rel
				FROM pg_catalog.pg_publication_rel pr WHERE pr.prpubid = pb.oid) AS x),
			(SELECT string_agg(pg_catalog.quote_ident(ns.nspname), ', ' ORDER BY ns.nspname)
			 FROM pg_catalog.pg_publication_namespace pn JOIN pg_catalog.pg_namespace ns ON ns.oid = pn.pnnspid
			 WHERE pn.pnpubid = pb.oid)),
		'pg_catalog.pg_publication'::regclass, pb.oid, 0, true
	FROM pg_catalog.pg_publication pb
	WHERE $3
`},
	{kinds: []string{"subscription"}, needs: []string{censusGlobal}, sql: `
	SELECT 'subscription', 0, sb.subname::text, pg_catalog.quote_ident(sb.subname),
		format('PUBLICATION %s, ENABLED = %s', array_to_string(sb.subpublications, ', '), sb.subenabled),
		0, 0, 0, true
	FROM pg_catalog.pg_subscription sb
	WHERE $3 AND sb.subdbid = (SELECT db.oid FROM pg_catalog.pg_database db WHERE db.datname = current_database())
`},
}
