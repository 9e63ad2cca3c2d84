package shadow

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/schema"
)

// canonicalizeWithObjects canonicalizes a model that holds objects
// managed by their definition (views, functions, triggers, ...; see
// [schema.Object]) in a scratch database on the server that serverURL
// names: their names may be taken in the target database by the very
// objects being compared, which a rolled-back transaction of it could not
// create again under the same names, and a view or trigger names its
// tables by their real names.
//
// Everything is created as a migration would: schemas and enums; the
// objects tables may use (extensions, collations, domains, composite types,
// sequences, functions and procedures, with check_function_bodies off as
// pg_dump sets it, since a function's body may name a table); the
// tables; then views, materialized views (WITH NO DATA, so that no query
// runs), triggers, policies and rules. Objects of one phase are created
// in the order of their dependencies. The database is then read back
// with package catalog, and each object of the model takes the
// catalog's definition of the object it created (see [canonObjects]).
//
// The result holds the catalog's schemas, enums and tables, and the
// model's objects in the model's order, each with the catalog's
// Definition and, for a function or procedure, the catalog's identity
// in its Name (the parser's spelling of the arguments may differ from
// pg_get_function_identity_arguments'); differ.Respell relies on that
// order. A view declared by a Go struct whose query does not produce the
// struct's columns is an error at the struct's position.
func canonicalizeWithObjects(ctx context.Context, serverURL string, model *schema.Schema) (_ *schema.Schema, err error) {
	tables := model.Clone()
	tables.Objects = nil
	changes, err := validate(tables)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, o := range model.Objects {
		if err := sqlcheck.Definition(o.Kind, o.Definition); err != nil {
			errs = append(errs, atPos(o, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("shadow: the models hold SQL that cannot be sent as it is:\n%w", err)
	}
	var early, rest []string
	for _, c := range changes {
		s, err := change.SQL(c)
		if err != nil {
			return nil, err
		}
		switch c.(type) {
		case change.CreateSchema, change.CreateEnum:
			early = append(early, s...)
		default:
			rest = append(rest, s...)
		}
	}
	before, after := phases(model.Objects)

	db, err := Create(ctx, serverURL)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := db.Drop(ctx); derr != nil && err == nil {
			err = derr
		}
	}()
	if err := execBatches(ctx, db.DB, early); err != nil {
		return nil, fmt.Errorf("create the models' schemas and enums in a scratch database: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("shadow: connect to the scratch database: %w", err)
	}
	defer conn.Close()
	if err := execOne(ctx, conn, "SET check_function_bodies = off"); err != nil {
		return nil, fmt.Errorf("shadow: set check_function_bodies: %w", err)
	}
	ids := map[*schema.Object]string{} // function or procedure -> its Name on the server
	if err := createObjects(ctx, conn, before, ids); err != nil {
		return nil, err
	}
	if err := execBatches(ctx, db.DB, rest); err != nil {
		return nil, fmt.Errorf("create the models in a scratch database: %w", err)
	}
	if err := createObjects(ctx, conn, after, ids); err != nil {
		return nil, err
	}
	canon, err := catalog.Inspect(ctx, db, catalog.Options{})
	if err != nil {
		return nil, fmt.Errorf("introspect the models in a scratch database: %w", err)
	}
	if err := checkViewColumns(ctx, conn, model.Objects); err != nil {
		return nil, err
	}
	objs, err := canonObjects(model.Objects, canon.Objects, ids)
	if err != nil {
		return nil, err
	}
	canon.Objects, canon.Unmanaged = objs, nil
	return canon, nil
}

// atPos prefixes err with the position of o, when it has one.
func atPos(o *schema.Object, err error) error {
	if o.Pos == "" {
		return err
	}
	return fmt.Errorf("%s: %w", o.Pos, err)
}

// phases splits objects into those created before the tables (which
// columns may use) and those created after (which use tables, or a
// table's row type, directly or through other objects), each in
// dependency order.
func phases(objs []*schema.Object) (before, after []*schema.Object) {
	for _, o := range objs {
		switch o.Kind {
		case schema.KindExtension, schema.KindCollation, schema.KindDomain, schema.KindCompositeType, schema.KindSequence,
			schema.KindFunction, schema.KindProcedure:
			if usesTable(o, objs, map[*schema.Object]bool{}) {
				after = append(after, o)
			} else {
				before = append(before, o)
			}
		default:
			after = append(after, o)
		}
	}
	return dependencyOrder(before), dependencyOrder(after)
}

// usesTable reports whether o depends on a model table, directly or
// through the objects of objs.
func usesTable(o *schema.Object, objs []*schema.Object, seen map[*schema.Object]bool) bool {
	if seen[o] {
		return false
	}
	seen[o] = true
	for _, d := range o.DependsOn {
		if d.Kind == schema.KindTable {
			return true
		}
		for _, other := range objs {
			if other.Kind == d.Kind && other.Schema == d.Schema && other.Name == d.Name && other.Table == d.Table && usesTable(other, objs, seen) {
				return true
			}
		}
	}
	return false
}

// dependencyOrder returns objs ordered so that an object comes after the
// objects of objs it depends on, otherwise in the order given; a cycle
// keeps the given order of its members.
func dependencyOrder(objs []*schema.Object) []*schema.Object {
	type key struct {
		kind               schema.ObjectKind
		schema, name, tabl string
	}
	byKey := map[key]*schema.Object{}
	for _, o := range objs {
		byKey[key{o.Kind, o.Schema, o.Name, o.Table}] = o
	}
	var out []*schema.Object
	state := map[*schema.Object]int{} // 1 visiting, 2 done
	var visit func(o *schema.Object)
	visit = func(o *schema.Object) {
		if state[o] != 0 {
			return
		}
		state[o] = 1
		for _, d := range o.DependsOn {
			if dep, ok := byKey[key{d.Kind, d.Schema, d.Name, d.Table}]; ok {
				visit(dep)
			}
		}
		state[o] = 2
		out = append(out, o)
	}
	for _, o := range objs {
		visit(o)
	}
	return out
}

// createObjects creates objs in the scratch database, each statement
// alone, and records in ids the server's identity of each function and
// procedure: its name and pg_get_function_identity_arguments.
func createObjects(ctx context.Context, conn *sql.Conn, objs []*schema.Object, ids map[*schema.Object]string) error {
	for _, o := range objs {
		def := o.Definition
		if o.Kind == schema.KindMaterializedView {
			var err error
			if def, err = sqlcheck.MaterializedViewWithoutData(def); err != nil {
				return atPos(o, err)
			}
		}
		fn := o.Kind == schema.KindFunction || o.Kind == schema.KindProcedure
		var name schema.QualifiedName
		var had []string
		if fn {
			var err error
			if name, err = sqlcheck.FunctionName(def); err != nil {
				return atPos(o, err)
			}
			name.Schema = cmp.Or(name.Schema, o.Schema)
			if had, err = identities(ctx, conn, name); err != nil {
				return err
			}
		}
		if err := execOne(ctx, conn, def); err != nil {
			return atPos(o, fmt.Errorf("shadow: create %s %s in a scratch database: %w\n    in: %s", o.Kind, objectName(o), err, o.Definition))
		}
		if !fn {
			continue
		}
		now, err := identities(ctx, conn, name)
		if err != nil {
			return err
		}
		for _, args := range now {
			if !slices.Contains(had, args) {
				ids[o] = name.Name + "(" + args + ")"
			}
		}
	}
	return nil
}

// objectName names an object for messages.
func objectName(o *schema.Object) string {
	if o.Table != "" {
		return o.Name + " on " + o.Schema + "." + o.Table
	}
	return o.Schema + "." + o.Name
}

// identities returns the identity arguments of the functions and
// procedures called name.
func identities(ctx context.Context, conn *sql.Conn, name schema.QualifiedName) ([]string, error) {
	rows, err := conn.QueryContext(ctx, identitiesQuery, name.Schema, name.Name)
	if err != nil {
		return nil, fmt.Errorf("shadow: query the functions called %s: %w", name, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("shadow: scan a function's identity: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shadow: read the functions called %s: %w", name, err)
	}
	return out, nil
}

// identitiesQuery lists the identity arguments of the functions and
// procedures of schema $1 called $2.
const identitiesQuery = `
SELECT pg_catalog.pg_get_function_identity_arguments(p.oid)
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.proname = $2`

// canonObjects returns the model's objects, in the model's order, each
// with the definition that the catalog read of the object it created
// (found by identity; a function's or procedure's by the identity that
// ids records).
func canonObjects(model, read []*schema.Object, ids map[*schema.Object]string) ([]*schema.Object, error) {
	byID := map[schema.ObjectID]*schema.Object{}
	for _, o := range read {
		byID[o.ID()] = o
	}
	var errs []error
	out := make([]*schema.Object, len(model))
	for i, o := range model {
		c := o.Clone()
		if name, ok := ids[o]; ok {
			c.Name = name
		}
		r, ok := byID[c.ID()]
		if !ok {
			errs = append(errs, atPos(o, fmt.Errorf("shadow: %s %s was created in a scratch database, but the catalog does not read it back", o.Kind, objectName(c))))
			continue
		}
		c.Definition = r.Definition
		out[i] = c
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// checkViewColumns checks that each view and materialized view that a Go
// struct declares (Columns set) produces the struct's columns: the same
// names, in any order, as sqlx and pgx scan by name.
func checkViewColumns(ctx context.Context, conn *sql.Conn, objs []*schema.Object) error {
	var errs []error
	for _, o := range objs {
		if (o.Kind != schema.KindView && o.Kind != schema.KindMaterializedView) || len(o.Columns) == 0 {
			continue
		}
		got, err := viewColumns(ctx, conn, schema.QualifiedName{Schema: o.Schema, Name: o.Name})
		if err != nil {
			return err
		}
		var missing, extra []string
		for _, c := range o.Columns {
			if !slices.Contains(got, c) {
				missing = append(missing, c)
			}
		}
		for _, c := range got {
			if !slices.Contains(o.Columns, c) {
				extra = append(extra, c)
			}
		}
		if len(missing) == 0 && len(extra) == 0 {
			continue
		}
		var what []string
		if len(missing) > 0 {
			what = append(what, "the query has no column "+strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			what = append(what, "the struct has no field for "+strings.Join(extra, ", "))
		}
		errs = append(errs, atPos(o, fmt.Errorf("%s %s: its query's columns are (%s), its struct's (%s): %s",
			o.Kind, objectName(o), strings.Join(got, ", "), strings.Join(o.Columns, ", "), strings.Join(what, "; "))))
	}
	return errors.Join(errs...)
}

// viewColumns returns the column names of the relation q, in order.
func viewColumns(ctx context.Context, conn *sql.Conn, q schema.QualifiedName) ([]string, error) {
	rows, err := conn.QueryContext(ctx, viewColumnsQuery, schema.QuoteQualified(q))
	if err != nil {
		return nil, fmt.Errorf("shadow: query the columns of %s: %w", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("shadow: scan a column of %s: %w", q, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shadow: read the columns of %s: %w", q, err)
	}
	return out, nil
}

// viewColumnsQuery lists the columns of the relation named $1 (quoted).
const viewColumnsQuery = `
SELECT a.attname::text
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`
