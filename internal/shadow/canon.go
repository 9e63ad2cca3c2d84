package shadow

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/lib/pq"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/schema"
)

// errNeedsScratch says that a model cannot be canonicalized in a
// transaction of the target database; see [canonicalizeInTx].
var errNeedsScratch = errors.New("shadow: the model needs a scratch database")

// canonicalizeInTx canonicalizes model in the database that dbURL names,
// in one transaction that it always rolls back, sending each statement
// alone through [execOne], so that no text of the model can end the
// transaction or add a statement:
//
//   - The model's enums that the database lacks are created under their
//     own names (and schemas the database lacks), so that column types,
//     defaults and expressions name them as they will be named. An enum
//     that the database holds with the same values is used as it is; one
//     that it holds with other values (or a type of another kind of that
//     name) makes it return errNeedsScratch.
//   - A table whose generated columns, check constraints or indexes with
//     expressions, predicates or access methods PostgreSQL must spell is
//     created in the session's temporary schema under a scratch name,
//     with its columns, defaults, generated columns and checks (no keys,
//     no identity, no NOT NULL, no comments), and those indexes (unique
//     ones as plain ones), under scratch names too. PostgreSQL spells none
//     of these by the table's name or schema.
//   - The type and default of every other column depend on nothing but
//     their text and the session (a default cannot refer to columns), so
//     each distinct (type, default) pair of them is spelled once, as a
//     column of a wide scratch table.
//
// The scratch tables are partitioned tables without partitions, which
// have no storage: creating them writes no file and syncs nothing. (The
// exclusion constraints of a table, which PostgreSQL 15 refuses on
// partitioned tables, are spelled by an ordinary, empty one.) They
// are created and introspected in rounds of at most roundRelations
// relations, each undone by ROLLBACK TO SAVEPOINT, which also releases
// their locks, so that no round outgrows the server's lock table.
//
// Serial types, whose defaults name a sequence named after the table,
// make it return errNeedsScratch; so does any failure, after which
// [Canonicalize] tries a scratch database.
func canonicalizeInTx(ctx context.Context, dbURL string, model *schema.Schema) (*schema.Schema, error) {
	p, err := newPlan(model)
	if err != nil {
		return nil, err
	}
	db, err := pgconn.Open(dbURL)
	if err != nil {
		return nil, fmt.Errorf("shadow: %w", err)
	}
	defer db.Close()
	// BEGIN by hand rather than with BeginTx, which lib/pq sends as BEGIN
	// READ WRITE: a database whose sessions default to read-only stays
	// so. The connection is the handle's only one and closes with it, so
	// that the server rolls back whatever a failed ROLLBACK leaves.
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("shadow: connect to %s: %w", dburl.Redact(dbURL), dburl.ScrubError(err, dbURL))
	}
	defer conn.Close()
	if err := execOne(ctx, conn, "BEGIN"); err != nil {
		return nil, fmt.Errorf("shadow: begin a transaction on %s: %w", dburl.Redact(dbURL), err)
	}
	// Nothing of the transaction is kept.
	defer func() { _ = execOne(context.Background(), conn, "ROLLBACK") }()
	// Never queue behind a lock of the live database (say, another
	// session's uncommitted CREATE TYPE of the same name): give up and let
	// the caller fall back to a scratch database instead.
	if err := execOne(ctx, conn, "SET LOCAL lock_timeout = '5s'"); err != nil {
		return nil, fmt.Errorf("shadow: set lock_timeout: %w", err)
	}
	prelude, err := p.prelude(ctx, conn)
	if err != nil {
		return nil, err
	}
	for _, stmt := range prelude {
		if err := execOne(ctx, conn, stmt); err != nil {
			return nil, fmt.Errorf("shadow: create the models' enums: %w", err)
		}
	}
	got := map[string]*schema.Table{}
	var tempSchema string
	for _, round := range p.rounds() {
		if err := execOne(ctx, conn, "SAVEPOINT schemagen_canonicalize"); err != nil {
			return nil, fmt.Errorf("shadow: set a savepoint: %w", err)
		}
		for _, st := range round {
			for _, stmt := range st.stmts {
				if err := execOne(ctx, conn, stmt); err != nil {
					return nil, fmt.Errorf("shadow: create the models in a temporary schema: %w", err)
				}
			}
		}
		if tempSchema == "" {
			if err := conn.QueryRowContext(ctx, tempSchemaQuery).Scan(&tempSchema); err != nil {
				return nil, fmt.Errorf("shadow: find the temporary schema: %w", err)
			}
		}
		s, err := catalog.Inspect(ctx, conn, catalog.Options{Schemas: []string{tempSchema}})
		if err != nil {
			return nil, fmt.Errorf("shadow: introspect the models in a temporary schema: %w", err)
		}
		for _, t := range s.Tables {
			got[t.Name] = t
		}
		if err := execOne(ctx, conn, "ROLLBACK TO SAVEPOINT schemagen_canonicalize"); err != nil {
			return nil, fmt.Errorf("shadow: roll back the temporary tables: %w", err)
		}
	}
	return p.canon(got)
}

// preparer is a *sql.DB, *sql.Conn or *sql.Tx.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// execOne runs stmt, one statement, through the extended query protocol:
// prepared, then executed. The server refuses to prepare text that holds
// more than one statement ("cannot insert multiple commands into a
// prepared statement"), so that text in stmt that ends it and starts
// another (a COMMIT, a DROP) is an error, not a second command. (lib/pq
// sends an Exec without arguments as a simple query, in which the server
// runs every statement of the text.)
func execOne(ctx context.Context, q preparer, stmt string) error {
	ps, err := q.PrepareContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer ps.Close()
	_, err = ps.ExecContext(ctx)
	return err
}

// tempSchemaQuery names the session's temporary schema.
const tempSchemaQuery = `SELECT nspname::text FROM pg_catalog.pg_namespace WHERE oid = pg_catalog.pg_my_temp_schema()`

// roundRelations bounds the relations (tables and indexes) created in one
// round of canonicalizeInTx.
const roundRelations = 400

// wideColumns bounds the columns of a wide scratch table (PostgreSQL
// allows 1,600).
const wideColumns = 1000

// plan is what canonicalizeInTx creates for a model.
type plan struct {
	model *schema.Schema
	// prefix starts every scratch name.
	prefix string
	// scratch lists the scratch tables in creation order.
	scratch []*scratchTable
	// byTable maps a model table created under a scratch name to it.
	byTable map[schema.QualifiedName]*scratchTable
	// wide maps a (type, default) pair to the wide table and column that
	// spell it.
	wide map[typeDefault]wideColumn
}

// scratchTable is a table created in the temporary schema.
type scratchTable struct {
	name  string
	stmts []string
	// relations counts the table and its indexes.
	relations int
	// indexes maps a model index name to its scratch name.
	indexes map[string]string
	// exclTable names the ordinary scratch table that spells the
	// table's exclusion constraints (PostgreSQL 15 has none on
	// partitioned tables), "" for none; exclusions maps a model
	// exclusion constraint's name to its scratch name.
	exclTable  string
	exclusions map[string]string
}

// typeDefault is a column's type and default as the model writes them.
type typeDefault struct{ typ, def string }

// wideColumn names a column of a wide scratch table.
type wideColumn struct{ table, column string }

// newPlan decides which scratch tables spell model, and writes their
// statements.
func newPlan(model *schema.Schema) (*plan, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("shadow: name scratch tables: %w", err)
	}
	p := &plan{
		model:   model,
		prefix:  "schemagen_" + hex.EncodeToString(b) + "_",
		byTable: map[schema.QualifiedName]*scratchTable{},
		wide:    map[typeDefault]wideColumn{},
	}
	var pairs []*schema.Column
	for i, t := range model.Tables {
		for _, c := range t.Columns {
			if isSerial(c.Type) {
				return nil, errNeedsScratch
			}
		}
		if t.PartitionBy != "" || t.PartitionOf != nil {
			// PostgreSQL spells partition keys and bounds by the
			// table's columns and their types: made in full there.
			return nil, errNeedsScratch
		}
		if !needsTable(t) {
			for _, c := range t.Columns {
				k := typeDefault{c.Type, c.Default}
				if _, ok := p.wide[k]; !ok {
					p.wide[k] = wideColumn{}
					pairs = append(pairs, &schema.Column{Type: c.Type, Default: c.Default, Nullable: true})
				}
			}
			continue
		}
		st, err := p.tableScratch(i, t)
		if err != nil {
			return nil, err
		}
		p.scratch = append(p.scratch, st)
		p.byTable[t.QualifiedName()] = st
	}
	for start := 0; start < len(pairs); start += wideColumns {
		name := p.prefix + "w" + strconv.Itoa(start/wideColumns)
		cols := pairs[start:min(start+wideColumns, len(pairs))]
		for i, c := range cols {
			c.Name = "c" + strconv.Itoa(i)
			p.wide[typeDefault{c.Type, c.Default}] = wideColumn{table: name, column: c.Name}
		}
		stmt, err := createPartitioned(&schema.Table{Name: name, Columns: cols})
		if err != nil {
			return nil, err
		}
		p.scratch = append(p.scratch, &scratchTable{name: name, stmts: []string{stmt}, relations: 1})
	}
	return p, nil
}

// tableScratch writes the scratch table of model table number i.
func (p *plan) tableScratch(i int, t *schema.Table) (*scratchTable, error) {
	st := &scratchTable{name: p.prefix + "t" + strconv.Itoa(i), indexes: map[string]string{}, relations: 1}
	tt := &schema.Table{Name: st.name}
	for _, c := range t.Columns {
		// The collation too: an index key's COLLATE is spelled when it
		// differs from its column's.
		tt.Columns = append(tt.Columns, &schema.Column{Name: c.Name, Type: c.Type, Default: c.Default, Generated: c.Generated, Nullable: true, Collation: c.Collation})
	}
	for _, c := range t.Checks {
		c := *c
		c.NoInherit = false // refused on a partitioned table, and spells nothing
		tt.Checks = append(tt.Checks, &c)
	}
	stmt, err := createPartitioned(tt)
	if err != nil {
		return nil, err
	}
	st.stmts = append(st.stmts, stmt)
	for j, ix := range t.Indexes {
		if plainIndex(ix) {
			continue
		}
		scratch := ix.Clone()
		scratch.Name = st.name + "_" + strconv.Itoa(j)
		// A unique index of a partitioned table must hold the partition
		// key; uniqueness changes no spelling.
		scratch.Unique, scratch.NullsNotDistinct = false, false
		scratch.Options = nil // kept as the model writes them
		stmts, err := change.SQL(change.CreateIndex{Table: tempName(st.name), Index: scratch})
		if err != nil {
			return nil, err
		}
		st.stmts = append(st.stmts, stmts...)
		st.indexes[ix.Name] = scratch.Name
		st.relations++
	}
	if len(t.Exclusions) > 0 {
		// An ordinary table (with storage, empty): exclusion
		// constraints are refused on partitioned ones. Constraint (and
		// index) names are scratch names too, since the temporary
		// schema holds every table's.
		// Collations as on the table: an element's COLLATE is spelled
		// when it differs from its column's.
		xt := &schema.Table{Schema: tempSchemaAlias, Name: st.name + "_x"}
		for _, c := range t.Columns {
			xt.Columns = append(xt.Columns, &schema.Column{Name: c.Name, Type: c.Type, Generated: c.Generated, Nullable: true, Collation: c.Collation})
		}
		st.exclusions = map[string]string{}
		for j, x := range t.Exclusions {
			sx := *x
			sx.Name = xt.Name + strconv.Itoa(j)
			xt.Exclusions = append(xt.Exclusions, &sx)
			st.exclusions[x.Name] = sx.Name
			st.relations++
		}
		stmts, err := change.SQL(change.CreateTable{Table: xt})
		if err != nil {
			return nil, err
		}
		st.stmts = append(st.stmts, stmts...)
		st.exclTable = xt.Name
		st.relations++
	}
	return st, nil
}

// createPartitioned renders CREATE TABLE for t in the temporary schema as
// a partitioned table, with a partition key column named apart from t's
// columns.
func createPartitioned(t *schema.Table) (string, error) {
	key := "schemagen_key"
	for n := 0; slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Name == key }); n++ {
		key = "schemagen_key" + strconv.Itoa(n)
	}
	tt := *t
	tt.Schema = tempSchemaAlias
	tt.Columns = append(slices.Clip(t.Columns), &schema.Column{Name: key, Type: "integer", Nullable: true})
	stmts, err := change.SQL(change.CreateTable{Table: &tt})
	if err != nil {
		return "", err
	}
	if len(stmts) != 1 || !strings.HasPrefix(stmts[0], "CREATE TABLE ") {
		return "", fmt.Errorf("shadow: unexpected statements for a scratch table: %q", stmts)
	}
	return stmts[0] + " PARTITION BY LIST (" + schema.QuoteIdent(key) + ")", nil
}

// tempSchemaAlias names the session's temporary schema in DDL.
const tempSchemaAlias = "pg_temp"

// tempName names a relation in the session's temporary schema.
func tempName(name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: tempSchemaAlias, Name: name}
}

// needsTable reports whether PostgreSQL must see t's columns to spell some
// of its SQL: generated columns, checks, exclusion constraints and
// indexes other than plain ones.
func needsTable(t *schema.Table) bool {
	return len(t.Checks) > 0 || len(t.Exclusions) > 0 ||
		slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Generated != "" }) ||
		slices.ContainsFunc(t.Indexes, func(ix *schema.Index) bool { return !plainIndex(ix) })
}

// plainIndex reports whether ix is a btree index on plain columns without
// a predicate: the catalog reads it back as the model writes it.
func plainIndex(ix *schema.Index) bool {
	return len(ix.Keys) == 0 && ix.Where == "" && ix.Method == ""
}

// isSerial reports whether typ is one of the serial pseudo-types, whose
// default names a sequence named after the table.
func isSerial(typ string) bool {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2":
		return true
	}
	return false
}

// prelude returns the statements that create the model's enums the
// database lacks, and the schemas they need. An enum that the database
// holds with other values, or a type of another kind of that name, gives
// errNeedsScratch.
func (p *plan) prelude(ctx context.Context, q catalog.Querier) ([]string, error) {
	if len(p.model.Enums) == 0 {
		return nil, nil
	}
	var nsps, names []string
	for _, e := range p.model.Enums {
		qn := e.QualifiedName()
		nsps, names = append(nsps, qn.Schema), append(names, qn.Name)
	}
	rows, err := q.QueryContext(ctx, typesQuery, pq.Array(nsps), pq.Array(names))
	if err != nil {
		return nil, fmt.Errorf("shadow: query the models' enums in the database: %w", err)
	}
	defer rows.Close()
	type found struct {
		kind   string
		values []string
	}
	have := map[schema.QualifiedName]found{}
	schemas := map[string]bool{}
	for rows.Next() {
		var (
			qn     schema.QualifiedName
			kind   sql.NullString
			values pq.StringArray
		)
		if err := rows.Scan(&qn.Schema, &qn.Name, &kind, &values); err != nil {
			return nil, fmt.Errorf("shadow: scan a type: %w", err)
		}
		schemas[qn.Schema] = true
		if kind.Valid {
			have[qn] = found{kind.String, values}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("shadow: read the models' enums in the database: %w", err)
	}
	var stmts []string
	for _, e := range p.model.Enums {
		qn := e.QualifiedName()
		if f, ok := have[qn]; ok {
			if f.kind != "e" || !slices.Equal(f.values, e.Values) {
				return nil, errNeedsScratch
			}
			continue
		}
		if !schemas[qn.Schema] {
			schemas[qn.Schema] = true
			stmts = append(stmts, "CREATE SCHEMA "+schema.QuoteIdent(qn.Schema))
		}
		s, err := change.SQL(change.CreateEnum{Enum: e})
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s...)
	}
	return stmts, nil
}

// typesQuery reports, for each (schema, name) of $1 and $2, the schema
// when it exists, and the kind (typtype) and enum labels of the type of
// that name in it, if any.
const typesQuery = `
SELECT n.nspname::text, m.name, t.typtype::text,
	ARRAY(
		SELECT e.enumlabel::text
		FROM pg_catalog.pg_enum e
		WHERE e.enumtypid = t.oid
		ORDER BY e.enumsortorder)
FROM unnest($1::text[], $2::text[]) AS m(nsp, name)
JOIN pg_catalog.pg_namespace n ON n.nspname = m.nsp
LEFT JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = m.name`

// rounds splits the scratch tables into rounds of at most roundRelations
// relations (a table with more indexes makes a round of its own).
func (p *plan) rounds() [][]*scratchTable {
	var (
		out [][]*scratchTable
		cur []*scratchTable
		n   int
	)
	for _, st := range p.scratch {
		if n+st.relations > roundRelations && len(cur) > 0 {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, st)
		n += st.relations
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// canon builds the model as PostgreSQL spells it from the scratch tables
// read back, by name.
func (p *plan) canon(got map[string]*schema.Table) (*schema.Schema, error) {
	out := p.model.Clone()
	missing := func(what string) error {
		return fmt.Errorf("shadow: %s not found in the temporary schema", what)
	}
	for _, t := range out.Tables {
		st, ok := p.byTable[t.QualifiedName()]
		if !ok {
			for _, c := range t.Columns {
				w := p.wide[typeDefault{c.Type, c.Default}]
				wt, ok := got[w.table]
				if !ok {
					return nil, missing("scratch table " + w.table)
				}
				wc, ok := wt.Column(w.column)
				if !ok {
					return nil, missing("scratch column " + w.table + "." + w.column)
				}
				c.Type, c.Default = wc.Type, wc.Default
			}
			continue
		}
		gt, ok := got[st.name]
		if !ok {
			return nil, missing("scratch table " + st.name)
		}
		for _, c := range t.Columns {
			gc, ok := gt.Column(c.Name)
			if !ok {
				return nil, missing("column " + c.Name + " of scratch table " + st.name)
			}
			c.Type, c.Default, c.Generated = gc.Type, gc.Default, gc.Generated
		}
		for _, c := range t.Checks {
			gc, ok := gt.Check(c.Name)
			if !ok {
				return nil, missing("check " + c.Name + " of scratch table " + st.name)
			}
			c.Expr = gc.Expr
		}
		if st.exclTable != "" {
			xt, ok := got[st.exclTable]
			if !ok {
				return nil, missing("scratch table " + st.exclTable)
			}
			for _, x := range t.Exclusions {
				gx, ok := xt.Exclusion(st.exclusions[x.Name])
				if !ok {
					return nil, missing("exclusion constraint " + st.exclusions[x.Name] + " of scratch table " + st.exclTable)
				}
				x.Definition = gx.Definition
			}
		}
		for i, ix := range t.Indexes {
			name, ok := st.indexes[ix.Name]
			if !ok {
				continue // a plain index, spelled as the model spells it
			}
			gi, ok := gt.Index(name)
			if !ok {
				return nil, missing("index " + name + " of scratch table " + st.name)
			}
			spelled := gi.Clone()
			spelled.Name, spelled.Unique, spelled.NullsNotDistinct, spelled.Options = ix.Name, ix.Unique, ix.NullsNotDistinct, ix.Options
			t.Indexes[i] = spelled
		}
	}
	return out, nil
}
