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

// This file reads the objects managed by their definition
// ([schema.Object]) in two queries, whatever their number: objectsQuery
// lists every object with the catalog's text of it, and dependsQuery the
// dependencies (pg_depend) among them and on the tables read, and the
// objects not read that depend on tables read ([schema.Schema.Dependants]).
//
// How each kind is read, and its Definition built:
//
//   - extension (in a schema read): CREATE EXTENSION name WITH SCHEMA s,
//     without its version (an upgrade of an extension is not a schema
//     change schemagen plans).
//   - view: CREATE VIEW name [WITH (options)] AS pg_get_viewdef [WITH
//     LOCAL|CASCADED CHECK OPTION].
//   - materialized view: CREATE MATERIALIZED VIEW name [WITH (options)]
//     AS pg_get_viewdef, which creates it populated (WITH DATA) whether
//     or not the database's is. Its indexes are objects of their own
//     (kind index, Table the view), from pg_get_indexdef, depending on it.
//   - function and procedure: pg_get_functiondef; Name is the name with
//     pg_get_function_identity_arguments. Aggregates and window functions
//     are not read (they are not managed).
//   - trigger: pg_get_triggerdef, user triggers only (not the internal
//     triggers of foreign keys, nor the clones on partitions).
//   - policy: CREATE POLICY name ON table AS PERMISSIVE|RESTRICTIVE FOR
//     command TO roles [USING (...)] [WITH CHECK (...)], built from
//     pg_policy.
//   - rule: pg_get_ruledef, without the _RETURN rules of views.
//   - domain: CREATE DOMAIN name AS type [COLLATE c] [DEFAULT ...] [NOT
//     NULL] and its check constraints by name, from pg_type.
//   - composite type: CREATE TYPE name AS (attributes), from
//     pg_attribute.
//   - collation: CREATE COLLATION name (provider = icu, locale = ...) or
//     (provider = libc, lc_collate = ..., lc_ctype = ...), with
//     deterministic = false where it is not; its version is not read.
//   - statistics: pg_get_statisticsobjdef (Table is the table they are
//     on); their statistics target is not read.
//   - sequence: the sequences no column owns (neither serial nor
//     identity): CREATE SEQUENCE name AS type INCREMENT BY ... MINVALUE
//     ... MAXVALUE ... START WITH ... CACHE ... [NO] CYCLE, from
//     pg_sequence. Its current value is data, not definition.
//
// Objects that belong to an extension are not read. A trigger, policy
// or rule is read when its table is read (nor excluded, nor owned by an
// extension), or is a view read. The text is PostgreSQL's, which
// qualifies names that the connection's search_path does not reach, as
// it does for expressions.
//
// DependsOn holds the normal and automatic dependencies (pg_depend
// deptype 'n' and 'a') of each object on the tables and columns read
// (a view through its _RETURN rule) and on the other objects read; a
// dependency on a member of an extension is one on the extension, and
// one on a table's row type is one on the table. PostgreSQL records no
// dependency for what a function's body (other than a SQL-standard
// BEGIN ATOMIC body) uses, so such dependencies are not known.

// objectRow is one row of objectsQuery.
type objectRow struct {
	kind             schema.ObjectKind
	class, oid       int64
	altClass, altOid int64
	nsp, name        string
	rel              int64
	text             sql.NullString
	parts            []sql.NullString
}

// objectKey is an object's identity in the catalog: its catalog's oid
// and its own.
type objectKey struct{ class, oid int64 }

// objects reads the objects of the schemas whose oids nsps holds into
// out.Objects, and the objects outside them that depend on tables read
// into out.Dependants.
func (in *inspector) objects(ctx context.Context, nsps any, out *schema.Schema) error {
	if !in.census.hasAny(objectsKeys()) {
		// Nothing objectsQuery reads: no query, and dependsQuery only
		// for the dependants that rules and routines may be.
		return in.dependencies(ctx, nil, out)
	}
	rows, err := in.q.QueryContext(ctx, objectsQuery(in.census), nsps)
	if err != nil {
		return fmt.Errorf("catalog: query objects: %w", err)
	}
	defer rows.Close()
	var read []*objectRow
	for rows.Next() {
		var (
			r     objectRow
			kind  string
			parts []sql.NullString
		)
		if err := rows.Scan(&kind, &r.class, &r.oid, &r.altClass, &r.altOid, &r.nsp, &r.name, &r.rel, &r.text, pq.GenericArray{A: &parts}); err != nil {
			return fmt.Errorf("catalog: scan object: %w", err)
		}
		r.kind = schema.ObjectKind(kind)
		r.parts = parts
		read = append(read, &r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read objects: %w", err)
	}
	rows.Close()

	byKey := map[objectKey]*schema.Object{}
	// Views and materialized views first: the triggers, rules and
	// indexes of a view name it.
	relName := map[int64]string{}
	for _, r := range read {
		if r.kind == schema.KindView || r.kind == schema.KindMaterializedView {
			relName[r.oid] = r.name
		}
	}
	for oid, rel := range in.rels {
		if rel.table != nil {
			relName[oid] = rel.table.Name
		}
	}
	for _, r := range read {
		o := &schema.Object{Kind: r.kind, Schema: r.nsp, Name: r.name}
		if r.rel != 0 {
			table, ok := relName[r.rel]
			if !ok {
				continue // on a table not read: excluded, an extension's, a partition
			}
			o.Table = table
		}
		def, err := definition(r, o)
		if err != nil {
			return err
		}
		o.Definition = def
		out.Objects = append(out.Objects, o)
		byKey[objectKey{r.class, r.oid}] = o
		if r.altOid != 0 {
			byKey[objectKey{r.altClass, r.altOid}] = o
		}
	}
	if err := in.dependencies(ctx, byKey, out); err != nil {
		return err
	}
	slices.SortFunc(out.Objects, func(a, b *schema.Object) int {
		return cmp.Or(strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Schema, b.Schema),
			strings.Compare(a.Table, b.Table), strings.Compare(a.Name, b.Name))
	})
	return nil
}

// part returns the i-th part of r, "" when it is NULL or missing.
func (r *objectRow) part(i int) (string, bool) {
	if i >= len(r.parts) || !r.parts[i].Valid {
		return "", false
	}
	return r.parts[i].String, true
}

// definition builds o's definition from its row (see the file's doc).
func definition(r *objectRow, o *schema.Object) (string, error) {
	q := schema.QuoteQualified(schema.QualifiedName{Schema: o.Schema, Name: o.Name})
	text := strings.TrimRight(r.text.String, " \n\t;")
	switch o.Kind {
	case schema.KindExtension:
		return "CREATE EXTENSION " + schema.QuoteIdent(o.Name) + " WITH SCHEMA " + schema.QuoteIdent(o.Schema), nil
	case schema.KindView, schema.KindMaterializedView:
		var opts []string
		check := ""
		for i := range r.parts {
			opt, _ := r.part(i)
			switch {
			case opt == "check_option=local":
				check = " WITH LOCAL CHECK OPTION"
			case opt == "check_option=cascaded":
				check = " WITH CASCADED CHECK OPTION"
			case opt != "":
				opts = append(opts, opt)
			}
		}
		word := "VIEW "
		if o.Kind == schema.KindMaterializedView {
			word = "MATERIALIZED VIEW "
		}
		with := ""
		if len(opts) > 0 {
			with = " WITH (" + strings.Join(opts, ", ") + ")"
		}
		return "CREATE " + word + q + with + " AS\n" + text + check, nil
	case schema.KindIndex, schema.KindFunction, schema.KindProcedure, schema.KindTrigger, schema.KindRule, schema.KindStatistics:
		if text == "" {
			return "", fmt.Errorf("catalog: %s has no definition", o.ID())
		}
		return text, nil
	case schema.KindPolicy:
		return policyDefinition(r, o), nil
	case schema.KindDomain:
		var b strings.Builder
		b.WriteString("CREATE DOMAIN " + q + " AS " + text)
		if coll := collation(r, 2); coll != "" {
			b.WriteString(" COLLATE " + coll)
		}
		if def, ok := r.part(0); ok {
			b.WriteString(" DEFAULT " + def)
		}
		if nn, _ := r.part(1); nn == "true" {
			b.WriteString(" NOT NULL")
		}
		for i := 4; i+1 < len(r.parts); i += 2 {
			name, _ := r.part(i)
			def, _ := r.part(i + 1)
			b.WriteString(" CONSTRAINT " + schema.QuoteIdent(name) + " " + def)
		}
		return b.String(), nil
	case schema.KindCompositeType:
		var attrs []string
		for i := 0; i+3 < len(r.parts); i += 4 {
			name, _ := r.part(i)
			typ, _ := r.part(i + 1)
			a := schema.QuoteIdent(name) + " " + typ
			if coll := collation(r, i+2); coll != "" {
				a += " COLLATE " + coll
			}
			attrs = append(attrs, a)
		}
		return "CREATE TYPE " + q + " AS (" + strings.Join(attrs, ", ") + ")", nil
	case schema.KindSequence:
		p := make([]string, 7)
		for i := range p {
			p[i], _ = r.part(i)
		}
		cycle := " NO CYCLE"
		if p[6] == "true" {
			cycle = " CYCLE"
		}
		return "CREATE SEQUENCE " + q + " AS " + p[0] + " INCREMENT BY " + p[2] + " MINVALUE " + p[3] +
			" MAXVALUE " + p[4] + " START WITH " + p[1] + " CACHE " + p[5] + cycle, nil
	case schema.KindCollation:
		p := make([]string, 5)
		for i := range p {
			p[i], _ = r.part(i)
		}
		var opts []string
		switch p[0] {
		case "i":
			opts = append(opts, "provider = icu", "locale = "+schema.QuoteLiteral(p[3]))
		default:
			opts = append(opts, "provider = libc", "lc_collate = "+schema.QuoteLiteral(p[1]), "lc_ctype = "+schema.QuoteLiteral(p[2]))
		}
		if p[4] == "false" {
			opts = append(opts, "deterministic = false")
		}
		return "CREATE COLLATION " + q + " (" + strings.Join(opts, ", ") + ")", nil
	}
	return "", fmt.Errorf("catalog: %s: unknown kind", o.ID())
}

// collation returns the COLLATE name of parts i (schema) and i+1 (name)
// of r, "" when there is none.
func collation(r *objectRow, i int) string {
	name, ok := r.part(i + 1)
	if !ok {
		return ""
	}
	nsp, _ := r.part(i)
	return schema.QuoteQualified(schema.QualifiedName{Schema: nsp, Name: name})
}

// policyDefinition builds CREATE POLICY from the parts of pg_policy:
// polcmd, polpermissive, the USING and WITH CHECK expressions, then the
// role names ("" for PUBLIC).
func policyDefinition(r *objectRow, o *schema.Object) string {
	var b strings.Builder
	b.WriteString("CREATE POLICY " + schema.QuoteIdent(o.Name) + " ON " + schema.QuoteQualified(schema.QualifiedName{Schema: o.Schema, Name: o.Table}))
	if permissive, _ := r.part(1); permissive == "true" {
		b.WriteString(" AS PERMISSIVE")
	} else {
		b.WriteString(" AS RESTRICTIVE")
	}
	cmd, _ := r.part(0)
	switch cmd {
	case "r":
		b.WriteString(" FOR SELECT")
	case "a":
		b.WriteString(" FOR INSERT")
	case "w":
		b.WriteString(" FOR UPDATE")
	case "d":
		b.WriteString(" FOR DELETE")
	default:
		b.WriteString(" FOR ALL")
	}
	var roles []string
	for i := 4; i < len(r.parts); i++ {
		role, _ := r.part(i)
		if role == "" {
			roles = append(roles, "PUBLIC")
		} else {
			roles = append(roles, schema.QuoteIdent(role))
		}
	}
	slices.Sort(roles)
	if len(roles) > 0 {
		b.WriteString(" TO " + strings.Join(roles, ", "))
	}
	if using, ok := r.part(2); ok {
		b.WriteString(" USING (" + using + ")")
	}
	if check, ok := r.part(3); ok {
		b.WriteString(" WITH CHECK (" + check + ")")
	}
	return b.String()
}

// dependencies reads pg_depend for the objects of byKey, and the
// objects not read that depend on the tables read.
func (in *inspector) dependencies(ctx context.Context, byKey map[objectKey]*schema.Object, out *schema.Schema) error {
	var objOids, tableOids []int64
	for k := range byKey {
		objOids = append(objOids, k.oid)
	}
	for oid, r := range in.rels {
		if r.table != nil {
			tableOids = append(tableOids, oid)
		}
	}
	if len(objOids) == 0 && !in.census.hasAny([]string{censusUserDepends}) {
		// No object read, and no rule or routine that may depend on a
		// table read: dependsQuery would return no row.
		return nil
	}
	slices.Sort(objOids)
	slices.Sort(tableOids)
	rows, err := in.q.QueryContext(ctx, dependsQuery, pq.Array(objOids), pq.Array(tableOids))
	if err != nil {
		return fmt.Errorf("catalog: query dependencies: %w", err)
	}
	defer rows.Close()
	outside := map[string]*schema.Unmanaged{}
	var outsideOrder []string
	for rows.Next() {
		var (
			class, oid, refClass, refOid, refSub int64
			kind, name, base                     sql.NullString
		)
		if err := rows.Scan(&class, &oid, &refClass, &refOid, &refSub, &kind, &name, &base); err != nil {
			return fmt.Errorf("catalog: scan dependency: %w", err)
		}
		dep, ok := in.dependency(byKey, refClass, refOid, refSub)
		if !ok {
			continue
		}
		if o, ok := byKey[objectKey{class, oid}]; ok {
			if dep.Kind == o.Kind && dep.Object() == o.ID() {
				continue // on itself (a view's rule on the view)
			}
			if !slices.Contains(o.DependsOn, dep) {
				o.DependsOn = append(o.DependsOn, dep)
			}
			continue
		}
		if !kind.Valid {
			continue
		}
		// An object not read that depends on a table or object read.
		key := kind.String + " " + name.String
		u, ok := outside[key]
		if !ok {
			u = &schema.Unmanaged{Kind: kind.String, Name: name.String, Base: base.String}
			outside[key] = u
			outsideOrder = append(outsideOrder, key)
		}
		if !slices.Contains(u.DependsOn, dep) {
			u.DependsOn = append(u.DependsOn, dep)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("catalog: read dependencies: %w", err)
	}
	slices.Sort(outsideOrder)
	for _, k := range outsideOrder {
		out.Dependants = append(out.Dependants, outside[k])
	}
	// pg_depend's rows come in no order: sort what they made.
	for _, o := range out.Objects {
		slices.SortFunc(o.DependsOn, compareDependencies)
	}
	for _, u := range out.Dependants {
		slices.SortFunc(u.DependsOn, compareDependencies)
	}
	return nil
}

// compareDependencies orders dependencies by kind, schema, table, name
// and column.
func compareDependencies(a, b schema.Dependency) int {
	return cmp.Or(strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Schema, b.Schema),
		strings.Compare(a.Table, b.Table), strings.Compare(a.Name, b.Name), strings.Compare(a.Column, b.Column))
}

// dependency returns what the catalog object (refClass, refOid,
// refSub) is as a dependency: a table read (and its column refSub), or
// an object read.
func (in *inspector) dependency(byKey map[objectKey]*schema.Object, refClass, refOid, refSub int64) (schema.Dependency, bool) {
	if r, ok := in.rels[refOid]; ok && r.table != nil && refClass == pgClassOid {
		d := schema.Dependency{Kind: schema.KindTable, Schema: r.table.Schema, Name: r.table.Name}
		if refSub > 0 {
			a, ok := in.attName(refOid, refSub)
			if !ok {
				return schema.Dependency{}, false
			}
			d.Column = a.name
		}
		return d, true
	}
	if e, ok := in.enumOids[refOid]; ok && refClass == pgTypeOid {
		return schema.Dependency{Kind: schema.KindEnum, Schema: e.Schema, Name: e.Name}, true
	}
	o, ok := byKey[objectKey{refClass, refOid}]
	if !ok {
		return schema.Dependency{}, false
	}
	return schema.Dependency{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table}, true
}

// pgClassOid is the oid of pg_catalog.pg_class, fixed since
// PostgreSQL's bootstrap catalogs have fixed oids.
const pgClassOid = 1259

// pgTypeOid is the oid of pg_catalog.pg_type.
const pgTypeOid = 1247

// The queries of objects. objectsQuery (objectsHead, then the branches
// of objectsBranches joined by UNION ALL; each branch spells the type
// of every column that is not text, so that any of them can come first)
// takes $1, the oid[] of the schemas read, and returns one row per object: its kind, its catalog
// and oid, a second catalog and oid that stand for it in pg_depend (the
// _RETURN rule of a view, the relation of a composite type), its
// schema, name (a routine's with its identity arguments), the oid of
// the relation a trigger, policy, rule or index belongs to, the
// catalog's text of it, and parts from which the definition is built
// (see [definition]). dependsQuery takes $1, the oids of the objects
// read (and of their second keys), and $2, those of the tables read.
const (
	// objectsHead is the start of objectsQuery: the members of
	// extensions, which no branch reads.
	objectsHead = `
WITH ext AS (
	SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
	WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e')
`
)

// objectsBranches are the branches of objectsQuery's UNION ALL, each
// read when the census has one of its keys.
var objectsBranches = []struct {
	needs []string
	sql   string
}{
	{[]string{censusExtension}, `
SELECT 'extension', 'pg_catalog.pg_extension'::regclass::oid::int8, e.oid::int8, 0::int8, 0::int8,
	n.nspname::text, e.extname::text, 0::int8, NULL::text, NULL::text[]
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extnamespace = ANY($1::oid[])`},
	{[]string{censusSequence, censusView, censusMatView}, `
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' END,
	'pg_catalog.pg_class'::regclass::oid::int8, c.oid::int8,
	'pg_catalog.pg_rewrite'::regclass::oid::int8,
	coalesce((SELECT r.oid FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN'), 0)::int8,
	n.nspname::text, c.relname::text, 0::int8,
	CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
	CASE WHEN c.relkind = 'S' THEN (
		SELECT ARRAY[pg_catalog.format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text,
			s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle::text]
		FROM pg_catalog.pg_sequence s WHERE s.seqrelid = c.oid)
	ELSE c.reloptions::text[] END
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('v', 'm', 'S')
	AND c.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass)
	AND (c.relkind <> 'S' OR c.oid NOT IN (
		SELECT d.objid FROM pg_catalog.pg_depend d
		LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = d.refobjid AND ad.adnum = d.refobjsubid
		WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
			AND (d.deptype = 'i' OR (d.deptype = 'a' AND
				pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) = pg_catalog.format('nextval(%L::regclass)', d.objid::regclass::text)))))`},
	{[]string{censusMatView}, `
SELECT 'index', 'pg_catalog.pg_class'::regclass::oid::int8, i.indexrelid::int8, 0::int8, 0::int8,
	n.nspname::text, ic.relname::text, i.indrelid::int8, pg_catalog.pg_get_indexdef(i.indexrelid), NULL::text[]
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
WHERE ic.relnamespace = ANY($1::oid[]) AND c.relkind = 'm'`},
	{[]string{censusProc}, `
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
	'pg_catalog.pg_proc'::regclass::oid::int8, p.oid::int8, 0::int8, 0::int8,
	n.nspname::text, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', 0::int8,
	pg_catalog.pg_get_functiondef(p.oid), NULL::text[]
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.pronamespace = ANY($1::oid[]) AND p.prokind IN ('f', 'p')
	AND p.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::regclass)`},
	{[]string{censusTrigger}, `
SELECT 'trigger', 'pg_catalog.pg_trigger'::regclass::oid::int8, t.oid::int8, 0::int8, 0::int8,
	n.nspname::text, t.tgname::text, t.tgrelid::int8, pg_catalog.pg_get_triggerdef(t.oid), NULL::text[]
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY($1::oid[]) AND NOT t.tgisinternal AND t.tgparentid = 0`},
	{[]string{censusPolicy}, `
SELECT 'policy', 'pg_catalog.pg_policy'::regclass::oid::int8, p.oid::int8, 0::int8, 0::int8,
	n.nspname::text, p.polname::text, p.polrelid::int8, NULL::text,
	ARRAY[p.polcmd::text, p.polpermissive::text, pg_catalog.pg_get_expr(p.polqual, p.polrelid),
		pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)] ||
	ARRAY(SELECT CASE WHEN r.oid = 0 THEN '' ELSE (SELECT a.rolname::text FROM pg_catalog.pg_roles a WHERE a.oid = r.oid) END
		FROM unnest(p.polroles) WITH ORDINALITY AS r(oid, ord) ORDER BY r.ord)
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY($1::oid[])`},
	{[]string{censusRewrite}, `
SELECT 'rule', 'pg_catalog.pg_rewrite'::regclass::oid::int8, r.oid::int8, 0::int8, 0::int8,
	n.nspname::text, r.rulename::text, r.ev_class::int8, pg_catalog.pg_get_ruledef(r.oid), NULL::text[]
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY($1::oid[]) AND r.rulename <> '_RETURN'`},
	{[]string{censusType, censusComposite}, `
SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END,
	'pg_catalog.pg_type'::regclass::oid::int8, t.oid::int8,
	'pg_catalog.pg_class'::regclass::oid::int8, t.typrelid::int8,
	n.nspname::text, t.typname::text, 0::int8,
	CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
	CASE WHEN t.typtype = 'd' THEN
		ARRAY[t.typdefault, t.typnotnull::text] ||
		coalesce((
			SELECT ARRAY[cn.nspname::text, co.collname::text]
			FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
			WHERE co.oid = t.typcollation AND t.typcollation <> (
				SELECT bt.typcollation FROM pg_catalog.pg_type bt WHERE bt.oid = t.typbasetype)),
			ARRAY[NULL, NULL]::text[]) ||
		ARRAY(SELECT x FROM (
			SELECT con.conname, ARRAY[con.conname::text, pg_catalog.pg_get_constraintdef(con.oid)] AS pair
			FROM pg_catalog.pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c') s,
			unnest(s.pair) WITH ORDINALITY AS u(x, o) ORDER BY s.conname, u.o)
	ELSE ARRAY(SELECT x FROM (
			SELECT a.attnum, ARRAY[a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)] ||
				coalesce((
					SELECT ARRAY[cn.nspname::text, co.collname::text]
					FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
					WHERE co.oid = a.attcollation AND a.attcollation <> (
						SELECT at.typcollation FROM pg_catalog.pg_type at WHERE at.oid = a.atttypid)),
					ARRAY[NULL, NULL]::text[]) AS pair
			FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) s,
			unnest(s.pair) WITH ORDINALITY AS u(x, o) ORDER BY s.attnum, u.o)
	END
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typnamespace = ANY($1::oid[])
	AND (t.typtype = 'd' OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
	AND t.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::regclass)`},
	{[]string{censusCollation}, `
SELECT 'collation', 'pg_catalog.pg_collation'::regclass::oid::int8, co.oid::int8, 0::int8, 0::int8,
	n.nspname::text, co.collname::text, 0::int8, NULL::text,
	ARRAY[co.collprovider::text, co.collcollate::text, co.collctype::text,
		coalesce(pg_catalog.to_jsonb(co) ->> 'colliculocale', pg_catalog.to_jsonb(co) ->> 'colllocale'),
		co.collisdeterministic::text]
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
WHERE co.collnamespace = ANY($1::oid[])
	AND co.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_catalog.pg_collation'::regclass)`},
	{[]string{censusStatistics}, `
SELECT 'statistics', 'pg_catalog.pg_statistic_ext'::regclass::oid::int8, st.oid::int8, 0::int8, 0::int8,
	n.nspname::text, st.stxname::text, st.stxrelid::int8, pg_catalog.pg_get_statisticsobjdef(st.oid), NULL::text[]
FROM pg_catalog.pg_statistic_ext st
JOIN pg_catalog.pg_namespace n ON n.oid = st.stxnamespace
WHERE st.stxnamespace = ANY($1::oid[])
	AND st.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_catalog.pg_statistic_ext'::regclass)`},
}

const (
	// dependsQuery lists, first, the normal and automatic dependencies
	// of the objects read ($1), a dependency on an extension's member
	// standing for one on the extension and one on a table's row type
	// for one on the table; then the normal dependencies on the tables
	// ($2) and objects ($1) read of views, rules and routines (aggregates
	// included), with their kind and name, from which Inspect keeps
	// those of objects it did not read; last, every dependency of a
	// column default (or generation expression), check constraint or
	// index of a table read that uses an object read (a function, a
	// sequence): a "column default", "check constraint" or "index"
	// dependant, named by its identity, with its own name (its column's
	// for a default) as the last column, depending on its table's
	// columns and on the object.
	dependsQuery = `
SELECT d.classid::int8, d.objid::int8,
	CASE WHEN x.refobjid IS NOT NULL THEN x.refclassid
		WHEN rt.typrelid IS NOT NULL THEN 'pg_catalog.pg_class'::regclass
		ELSE d.refclassid END::oid::int8,
	coalesce(x.refobjid, rt.typrelid, d.refobjid)::int8,
	CASE WHEN x.refobjid IS NULL AND rt.typrelid IS NULL THEN d.refobjsubid ELSE 0 END::int8,
	NULL::text, NULL::text, NULL::text
FROM pg_catalog.pg_depend d
LEFT JOIN pg_catalog.pg_depend x ON x.classid = d.refclassid AND x.objid = d.refobjid AND x.deptype = 'e'
LEFT JOIN pg_catalog.pg_type rt ON d.refclassid = 'pg_catalog.pg_type'::regclass AND rt.oid = d.refobjid
	AND rt.typtype = 'c' AND rt.typrelid = ANY($2::oid[])
WHERE d.objid = ANY($1::oid[]) AND d.deptype IN ('n', 'a')
UNION ALL
SELECT d.classid::int8, d.objid::int8, d.refclassid::int8, d.refobjid::int8, d.refobjsubid::int8,
	CASE WHEN d.classid = 'pg_catalog.pg_proc'::regclass THEN (
			SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' WHEN 'p' THEN 'procedure' ELSE 'function' END
			FROM pg_catalog.pg_proc p WHERE p.oid = d.objid)
		WHEN rc.relkind = 'v' THEN 'view'
		WHEN rc.relkind = 'm' THEN 'materialized view'
		ELSE 'rule' END,
	CASE WHEN d.classid = 'pg_catalog.pg_proc'::regclass THEN (
			SELECT pn.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
			FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = d.objid)
		WHEN r.rulename = '_RETURN' THEN rn.nspname || '.' || rc.relname
		ELSE r.rulename || ' on ' || rn.nspname || '.' || rc.relname END,
	NULL::text
FROM pg_catalog.pg_depend d
LEFT JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND r.oid = d.objid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = r.ev_class
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
WHERE ((d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ANY($2::oid[])) OR d.refobjid = ANY($1::oid[]))
	AND d.deptype = 'n'
	AND d.classid IN ('pg_catalog.pg_rewrite'::regclass, 'pg_catalog.pg_proc'::regclass)
	AND (r.oid IS NULL OR r.ev_class <> d.refobjid)
UNION ALL
SELECT d.classid::int8, d.objid::int8, d.refclassid::int8, d.refobjid::int8, d.refobjsubid::int8,
	'column default', (pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, ad.adrelid, ad.adnum)).identity,
	(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = ad.adrelid AND a.attnum = ad.adnum)
FROM pg_catalog.pg_attrdef ad
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid
WHERE ad.adrelid = ANY($2::oid[])
	AND d.deptype IN ('n', 'a')
	AND EXISTS (
		SELECT FROM pg_catalog.pg_depend o
		WHERE o.classid = 'pg_catalog.pg_attrdef'::regclass AND o.objid = ad.oid
			AND o.refobjid = ANY($1::oid[]) AND o.deptype = 'n')
UNION ALL
SELECT d.classid::int8, d.objid::int8, d.refclassid::int8, d.refobjid::int8, d.refobjsubid::int8,
	'check constraint', (pg_catalog.pg_identify_object('pg_catalog.pg_constraint'::regclass, con.oid, 0)).identity, con.conname::text
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_constraint'::regclass AND d.objid = con.oid
WHERE con.conrelid = ANY($2::oid[]) AND con.contype = 'c'
	AND d.deptype IN ('n', 'a')
	AND EXISTS (
		SELECT FROM pg_catalog.pg_depend o
		WHERE o.classid = 'pg_catalog.pg_constraint'::regclass AND o.objid = con.oid
			AND o.refobjid = ANY($1::oid[]) AND o.deptype = 'n')
UNION ALL
SELECT d.classid::int8, d.objid::int8, d.refclassid::int8, d.refobjid::int8, d.refobjsubid::int8,
	'index', (pg_catalog.pg_identify_object('pg_catalog.pg_class'::regclass, i.indexrelid, 0)).identity, ic.relname::text
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = i.indexrelid
WHERE i.indrelid = ANY($2::oid[])
	AND d.deptype IN ('n', 'a')
	AND EXISTS (
		SELECT FROM pg_catalog.pg_depend o
		WHERE o.classid = 'pg_catalog.pg_class'::regclass AND o.objid = i.indexrelid
			AND o.refobjid = ANY($1::oid[]) AND o.deptype = 'n')`
)

// objectsQuery returns the query that lists the objects managed by their
// definition, with the branches of the kinds c says the database has.
func objectsQuery(c census) string {
	var branches []string
	for _, b := range objectsBranches {
		if c.hasAny(b.needs) {
			branches = append(branches, strings.Trim(b.sql, "\n"))
		}
	}
	return objectsHead + strings.Join(branches, "\nUNION ALL\n")
}

// objectsKeys returns the census keys of the branches of objectsQuery:
// without any of them, it would return no row.
func objectsKeys() []string {
	var keys []string
	for _, b := range objectsBranches {
		keys = append(keys, b.needs...)
	}
	return keys
}
