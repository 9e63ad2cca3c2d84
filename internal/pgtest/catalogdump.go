package pgtest

import (
	"bytes"
	"context"
	"database/sql"
	"slices"
	"testing"
)

// Querier is what CatalogDump reads through: *sql.DB, *sql.Conn and
// *sql.Tx all are.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// CatalogDump describes the user objects of the database behind db in
// sorted lines, read from pg_catalog with one query of its own and
// without package catalog, so that it judges the catalog (and what
// schemagen wrote from it) independently: two databases with the same
// lines hold the same schemas, enums, tables, columns, constraints,
// indexes, sequences, partitions and objects managed by their definition
// (see catalogDumpQuery). Rows, sequence values and privileges are not
// read. Comparing two dumps with go-cmp shows the lines that differ.
func CatalogDump(t testing.TB, db Querier) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), catalogDumpQuery)
	if err != nil {
		t.Fatalf("read pg_catalog: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line []byte
		if err := rows.Scan(&line); err != nil {
			t.Fatalf("read pg_catalog: %v", err)
		}
		out = append(out, string(bytes.TrimSpace(line)))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read pg_catalog: %v", err)
	}
	slices.Sort(out)
	return out
}

// catalogDumpQuery lists schemas, enums with their labels in order, tables
// with their comments, columns (type, nullability, default, identity,
// generated expression, comment), constraints and indexes as PostgreSQL
// prints them; and the objects managed by their definition: views and
// materialized views (with their options and indexes), standalone
// sequences, functions and procedures, triggers, policies, rules,
// domains, composite types, collations, extended statistics and
// extensions.
const catalogDumpQuery = `
WITH ns AS (
	SELECT n.oid, n.nspname FROM pg_namespace n
	WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
		AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
), rel AS (
	SELECT c.oid, ns.nspname, c.relname FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p')
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
)
SELECT format('schema %I', nspname) FROM ns
UNION ALL
SELECT format('schema %I comment %L', nspname, obj_description(oid, 'pg_namespace')) FROM ns
UNION ALL
SELECT format('table %I.%I persistence=%s options=%s toast=%s rowsecurity=%s force=%s', rel.nspname, rel.relname,
	c.relpersistence, (SELECT array_agg(o ORDER BY o) FROM unnest(c.reloptions) o),
	(SELECT array_agg(o ORDER BY o) FROM pg_class tc, unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid),
	c.relrowsecurity, c.relforcerowsecurity)
FROM rel JOIN pg_class c ON c.oid = rel.oid
UNION ALL
SELECT format('enum %I.%I (%s)', ns.nspname, t.typname,
	(SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e'
UNION ALL
SELECT format('table %I.%I comment %L', nspname, relname, obj_description(oid, 'pg_class')) FROM rel
UNION ALL
SELECT format('column %I.%I.%I %s notnull=%s default=%L identity=%L generated=%L comment=%L',
	rel.nspname, rel.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
	pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated, col_description(rel.oid, a.attnum))
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
UNION ALL
SELECT format('constraint %I.%I.%I %s', rel.nspname, rel.relname, con.conname, pg_get_constraintdef(con.oid))
FROM rel JOIN pg_constraint con ON con.conrelid = rel.oid
UNION ALL
SELECT format('index %s', regexp_replace(pg_get_indexdef(i.indexrelid), ' WITH \([^)]*\)', ''))
FROM rel JOIN pg_index i ON i.indrelid = rel.oid
UNION ALL
SELECT format('index %I options %s', ic.relname, (SELECT array_agg(o ORDER BY o) FROM unnest(ic.reloptions) o))
FROM rel JOIN pg_index i ON i.indrelid = rel.oid JOIN pg_class ic ON ic.oid = i.indexrelid
UNION ALL
SELECT format('column-collation %I.%I.%I %s', rel.nspname, rel.relname, a.attname, a.attcollation::regcollation)
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type ty ON ty.oid = a.atttypid
WHERE a.attcollation <> ty.typcollation
UNION ALL
SELECT format('sequence %s as %s increment %s min %s max %s start %s cache %s cycle %s owned by %s',
	CASE WHEN d.deptype = 'i' THEN 'of identity' ELSE format('%I.%I', ns.nspname, c.relname) END,
	format_type(sq.seqtypid, NULL), sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqstart, sq.seqcache, sq.seqcycle,
	CASE WHEN d.refobjid IS NOT NULL THEN format('%s.%I (%s)', d.refobjid::regclass, a.attname, d.deptype) END)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_sequence sq ON sq.seqrelid = c.oid
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE c.relkind = 'S'
UNION ALL
SELECT format('partitioning %I.%I key=%s bound=%s parents=%s', rel.nspname, rel.relname, pg_get_partkeydef(c.oid),
	pg_get_expr(c.relpartbound, c.oid),
	(SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid))
FROM rel JOIN pg_class c ON c.oid = rel.oid
WHERE c.relkind = 'p' OR c.relispartition OR EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)
UNION ALL
SELECT format('inherited column %I.%I.%I local=%s inhcount=%s', rel.nspname, rel.relname, a.attname, a.attislocal, a.attinhcount)
FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount > 0
UNION ALL
SELECT format('relation %s %I.%I %s options=%s', c.relkind, ns.nspname, c.relname, pg_get_viewdef(c.oid), c.reloptions)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT format('matview index %s', pg_get_indexdef(i.indexrelid))
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'm'
UNION ALL
SELECT format('sequence %I.%I %s %s %s %s %s %s %s', ns.nspname, c.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement,
	s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
UNION ALL
SELECT format('routine %s', pg_get_functiondef(p.oid))
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p')
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT format('trigger %s enabled=%s', pg_get_triggerdef(tg.oid), tg.tgenabled)
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN ns ON ns.oid = c.relnamespace WHERE NOT tg.tgisinternal
UNION ALL
SELECT format('policy %I.%I.%I %s %s %s %s %s', po.schemaname, po.tablename, po.policyname, po.permissive, po.roles, po.cmd, po.qual, po.with_check)
FROM pg_policies po JOIN ns ON ns.nspname = po.schemaname
UNION ALL
SELECT format('rule %s', pg_get_ruledef(r.oid))
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT format('type %s %I.%I base=%s notnull=%s default=%L collation=%s checks=%s attributes=%s', t.typtype, ns.nspname, t.typname,
	format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, t.typcollation::regcollation,
	(SELECT string_agg(format('%I %s', con.conname, pg_get_constraintdef(con.oid)), ', ' ORDER BY con.conname) FROM pg_constraint con WHERE con.contypid = t.oid),
	(SELECT string_agg(format('%I %s %s', a.attname, format_type(a.atttypid, a.atttypmod), a.attcollation::regcollation), ', ' ORDER BY a.attnum)
		FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE (t.typtype = 'd' OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
	AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
UNION ALL
SELECT format('collation %I.%I %s', ns.nspname, co.collname, to_jsonb(co) - 'oid' - 'collnamespace' - 'collowner' - 'collversion')
FROM pg_collation co JOIN ns ON ns.oid = co.collnamespace
UNION ALL
SELECT format('statistics %s', pg_get_statisticsobjdef(st.oid))
FROM pg_statistic_ext st JOIN ns ON ns.oid = st.stxnamespace
UNION ALL
SELECT format('extension %I schema %I', e.extname, n.nspname)
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'`
