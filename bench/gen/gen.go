// Package gen generates the schemas that schemagen's benchmark
// (bench/cmd/schemabench) measures, in every form the benchmark needs:
// PostgreSQL DDL, Go models in schemagen's db tag grammar, the equivalent
// SQLAlchemy models for Alembic, and chains of small migration files.
//
// A schema of N tables t00001 … tNNNNN has 15 mixed columns per table
// (bigint primary key, text, varchar(n), integer, boolean, timestamptz,
// numeric(p,s), jsonb, uuid; nullable and not null; a few defaults), a
// foreign key to the previous table, an index on that key, a composite
// index on every odd table and a unique constraint. The [Models] variant
// differs from the [Database] variant (the one the SQL creates) by one
// added column in 10% of the tables, one dropped index and one changed
// nullability: see [Expected].
//
// Everything is deterministic: the choices that vary between tables come
// from a pseudo-random generator with a fixed seed ([Seed]) per table, so
// table k is the same whatever N is.
package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// Seed seeds the per-table choices.
const Seed = 20261130

// Variant selects which side of the benchmark a schema describes.
type Variant int

const (
	// Database is the schema that [SQL] creates: what the database holds.
	Database Variant = iota
	// Models is the schema of the models: [Database] with the
	// differences that [Expected] counts.
	Models
)

// String returns "database" or "models".
func (v Variant) String() string {
	if v == Models {
		return "models"
	}
	return "database"
}

// Column is one generated column.
type Column struct {
	// Name is the column name.
	Name string
	// Type is the SQL type as written in the DDL and in type: options.
	Type string
	// Nullable reports whether NULL is allowed.
	Nullable bool
	// Default is the server default as SQL, empty for none.
	Default string
	// Field is the Go field name.
	Field string
	// GoType is the Go type without the pointer of a nullable column.
	GoType string
	// TypeTag reports whether the Go model needs type:Type, because the
	// Go type does not infer it.
	TypeTag bool
	// PyType is the SQLAlchemy type expression.
	PyType string
}

// Table is one generated table.
type Table struct {
	// Number is k of tk, from 1.
	Number int
	// Name is the table name, "t" and k in five digits.
	Name string
	// Struct is the Go type name of the model.
	Struct string
	// Columns in table order; the first is the primary key "id".
	Columns []Column
	// Code is the column with the unique constraint.
	Code string
	// References is the table that prev_id references; empty for the
	// first table, which has no foreign key.
	References string
	// OnDelete is the foreign key's referential action in SQL ("CASCADE",
	// "SET NULL"), empty for the default.
	OnDelete string
	// Composite lists the columns of the composite index, nil for none.
	Composite []string
}

// PrimaryKeyName is the name of the primary key. It and the other names
// below are PostgreSQL's defaults, which schemagen derives the same way.
func (t *Table) PrimaryKeyName() string { return t.Name + "_pkey" }

// UniqueName is the name of the unique constraint on Code.
func (t *Table) UniqueName() string { return t.Name + "_" + t.Code + "_key" }

// ForeignKeyName is the name of the foreign key on prev_id.
func (t *Table) ForeignKeyName() string { return t.Name + "_prev_id_fkey" }

// PrevIndexName is the name of the index on prev_id.
func (t *Table) PrevIndexName() string { return t.Name + "_prev_id_idx" }

// CompositeIndexName is the name of the composite index.
func (t *Table) CompositeIndexName() string {
	return t.Name + "_" + strings.Join(t.Composite, "_") + "_idx"
}

// Differences counts how the [Models] variant of N tables differs from the
// [Database] variant.
type Differences struct {
	// AddedColumns is the number of tables with a column "extra" that the
	// database lacks: every table k with k%10 == 1.
	AddedColumns int
	// DroppedIndexes is 1: the composite index of table 3 (table 1 when
	// N < 3) is not in the models.
	DroppedIndexes int
	// ChangedNullability is 1: "title" of table 2 (table 1 when N < 2) is
	// NOT NULL in the models and nullable in the database.
	ChangedNullability int
}

// Expected returns the differences between the variants of n tables.
func Expected(n int) Differences {
	return Differences{AddedColumns: (n + 9) / 10, DroppedIndexes: 1, ChangedNullability: 1}
}

// TableName returns the name of table k.
func TableName(k int) string { return fmt.Sprintf("t%05d", k) }

// Tables returns the n tables of variant v.
func Tables(n int, v Variant) []Table {
	nullTable, dropTable := min(2, n), 3
	if n < 3 {
		dropTable = 1
	}
	out := make([]Table, 0, n)
	for k := 1; k <= n; k++ {
		t := table(k)
		if v == Models {
			if k%10 == 1 {
				t.Columns = append(t.Columns, Column{Name: "extra", Type: "text", Nullable: true, Field: "Extra", GoType: "string", PyType: "Text"})
			}
			if k == nullTable {
				for i := range t.Columns {
					if t.Columns[i].Name == "title" {
						t.Columns[i].Nullable = false
					}
				}
			}
			if k == dropTable {
				t.Composite = nil
			}
		}
		out = append(out, t)
	}
	return out
}

// table returns table k of the database variant.
func table(k int) Table {
	r := rand.New(rand.NewPCG(Seed, uint64(k)))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	codeType := pick("varchar(16)", "varchar(32)", "varchar(64)")
	titleType := pick("varchar(100)", "varchar(200)", "varchar(255)")
	price := pick("10,2", "12,2", "14,4")
	ratio := pick("5,3", "6,2")
	qtyDefault := pick("0", "1")
	rankNullable := r.IntN(2) == 0
	noteNullable := r.IntN(2) == 0
	onDelete := pick("", "CASCADE", "SET NULL")

	note := Column{Name: "note", Type: "text", Nullable: true, Field: "Note", GoType: "string", PyType: "Text"}
	if !noteNullable {
		note.Nullable, note.Default = false, "''"
	}
	t := Table{
		Number: k,
		Name:   TableName(k),
		Struct: fmt.Sprintf("T%05d", k),
		Code:   "code",
		Columns: []Column{
			{Name: "id", Type: "bigint", Field: "ID", GoType: "int64", PyType: "BigInteger"},
			{Name: "prev_id", Type: "bigint", Nullable: true, Field: "PrevID", GoType: "int64", PyType: "BigInteger"},
			{Name: "name", Type: "text", Field: "Name", GoType: "string", PyType: "Text"},
			{Name: "code", Type: codeType, Field: "Code", GoType: "string", TypeTag: true, PyType: pyString(codeType)},
			{Name: "title", Type: titleType, Nullable: true, Field: "Title", GoType: "string", TypeTag: true, PyType: pyString(titleType)},
			{Name: "qty", Type: "integer", Default: qtyDefault, Field: "Qty", GoType: "int32", PyType: "Integer"},
			{Name: "rank", Type: "integer", Nullable: rankNullable, Field: "Rank", GoType: "int32", PyType: "Integer"},
			{Name: "active", Type: "boolean", Default: "true", Field: "Active", GoType: "bool", PyType: "Boolean"},
			{Name: "created_at", Type: "timestamptz", Default: "now()", Field: "CreatedAt", GoType: "time.Time", PyType: "DateTime(timezone=True)"},
			{Name: "updated_at", Type: "timestamptz", Nullable: true, Field: "UpdatedAt", GoType: "time.Time", PyType: "DateTime(timezone=True)"},
			{Name: "price", Type: "numeric(" + price + ")", Default: "0", Field: "Price", GoType: "float64", TypeTag: true, PyType: "Numeric(" + price + ")"},
			{Name: "ratio", Type: "numeric(" + ratio + ")", Nullable: true, Field: "Ratio", GoType: "float64", TypeTag: true, PyType: "Numeric(" + ratio + ")"},
			{Name: "attrs", Type: "jsonb", Nullable: true, Field: "Attrs", GoType: "json.RawMessage", PyType: "JSONB"},
			{Name: "ref", Type: "uuid", Field: "Ref", GoType: "uuid.UUID", PyType: "UUID"},
			note,
		},
	}
	if k > 1 {
		t.References, t.OnDelete = TableName(k-1), onDelete
	}
	if k%2 == 1 {
		t.Composite = []string{"name", "created_at"}
	}
	return t
}

// pyString turns varchar(n) into String(n).
func pyString(sqlType string) string {
	return "String" + strings.TrimPrefix(sqlType, "varchar")
}

// ForeignKeySQL returns the statement that adds t's foreign key to the
// table, for a caller that created t without it (see [TableSQL]); empty
// when t has none.
func ForeignKeySQL(t *Table) string {
	if t.References == "" {
		return ""
	}
	return fmt.Sprintf("ALTER TABLE %s ADD %s", schema.QuoteQualified(schema.QualifiedName{Schema: "public", Name: t.Name}), foreignKey(t))
}

// foreignKey is the constraint clause of t's foreign key.
func foreignKey(t *Table) string {
	fk := fmt.Sprintf("CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)", schema.QuoteIdent(t.ForeignKeyName()), schema.QuoteIdent("prev_id"),
		schema.QuoteQualified(schema.QualifiedName{Schema: "public", Name: t.References}), schema.QuoteIdent("id"))
	if t.OnDelete != "" {
		fk += " ON DELETE " + t.OnDelete
	}
	return fk
}

// TableSQL returns the statements that create t: CREATE TABLE with its
// columns, primary key, unique constraint and, unless withoutFK,
// foreign key, then its indexes.
func TableSQL(t *Table, withoutFK bool) []string {
	q := func(name string) string { return schema.QuoteIdent(name) }
	table := schema.QuoteQualified(schema.QualifiedName{Schema: "public", Name: t.Name})
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", table)
	for _, c := range t.Columns {
		fmt.Fprintf(&b, "\t%s %s", q(c.Name), c.Type)
		if !c.Nullable {
			b.WriteString(" NOT NULL")
		}
		if c.Default != "" {
			b.WriteString(" DEFAULT " + c.Default)
		}
		b.WriteString(",\n")
	}
	fmt.Fprintf(&b, "\tCONSTRAINT %s PRIMARY KEY (%s),\n", q(t.PrimaryKeyName()), q("id"))
	fmt.Fprintf(&b, "\tCONSTRAINT %s UNIQUE (%s)", q(t.UniqueName()), q(t.Code))
	if t.References != "" && !withoutFK {
		b.WriteString(",\n\t" + foreignKey(t))
	}
	b.WriteString("\n)")
	stmts := []string{b.String(), fmt.Sprintf("CREATE INDEX %s ON %s (%s)", q(t.PrevIndexName()), table, q("prev_id"))}
	if len(t.Composite) > 0 {
		cols := make([]string, len(t.Composite))
		for i, c := range t.Composite {
			cols[i] = q(c)
		}
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX %s ON %s (%s)", q(t.CompositeIndexName()), table, strings.Join(cols, ", ")))
	}
	return stmts
}
