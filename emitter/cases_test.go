package emitter

import (
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// The golden cases form one migrations package,
// testdata/golden/migrations, whose revisions make a valid graph: a chain
// that branches after the constraints migration and merges again.

func col(name, typ string) *schema.Column { return &schema.Column{Name: name, Type: typ} }

func nullable(c *schema.Column) *schema.Column { c.Nullable = true; return c }

func withDefault(c *schema.Column, def string) *schema.Column { c.Default = def; return c }

func identity(c *schema.Column) *schema.Column { c.Identity = true; return c }

func pub(name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: "public", Name: name}
}

func billing(name string) schema.QualifiedName {
	return schema.QualifiedName{Schema: "billing", Name: name}
}

// firstUpgrade creates a schema and tables with awkward names: a table
// named "user", a column named "select", mixed case, a double quote, a
// semicolon, unicode, and a public table whose name holds a dot.
func firstUpgrade() []change.Change {
	user := &schema.Table{
		Schema: "public",
		Name:   "user",
		Columns: []*schema.Column{
			identity(col("id", "bigint")),
			col("select", "text"),
			nullable(col("Email", "varchar(255)")),
			withDefault(col(`say "hi"; now`, "text"), `'it''s'`),
			nullable(col("naïve café", "jsonb")),
		},
		PrimaryKey: &schema.PrimaryKey{Name: "user_pkey", Columns: []string{"id"}},
		Uniques: []*schema.Unique{
			{Name: "user_select_key", Columns: []string{"select"}},
			{Name: "user_Email_key", Columns: []string{"Email"}},
		},
	}
	invoices := &schema.Table{
		Schema: "billing",
		Name:   "Invoices",
		Columns: []*schema.Column{
			col("user_id", "bigint"),
			col("number", "varchar(32)"),
			withDefault(col("total", "numeric(12,2)"), "0"),
			withDefault(col("created_at", "timestamptz"), "now()"),
		},
		PrimaryKey: &schema.PrimaryKey{Name: "Invoices_pkey", Columns: []string{"user_id", "number"}},
		ForeignKeys: []*schema.ForeignKey{{
			Name: "Invoices_user_id_fkey", Columns: []string{"user_id"},
			RefSchema: "public", RefTable: "user", RefColumns: []string{"id"},
			OnDelete: "CASCADE",
		}},
	}
	lines := &schema.Table{
		Schema: "billing",
		Name:   "invoice lines",
		Columns: []*schema.Column{
			identity(col("id", "integer")),
			col("invoice_user_id", "bigint"),
			nullable(col("invoice_number", "varchar(32)")),
		},
		PrimaryKey: &schema.PrimaryKey{Name: "invoice lines_pkey", Columns: []string{"id"}},
		ForeignKeys: []*schema.ForeignKey{{
			Name: "invoice lines_invoice_fkey", Columns: []string{"invoice_user_id", "invoice_number"},
			RefSchema: "billing", RefTable: "Invoices", RefColumns: []string{"user_id", "number"},
			OnDelete: "SET NULL", OnUpdate: "RESTRICT",
		}},
	}
	legacy := &schema.Table{
		Schema:  "public",
		Name:    "v1.legacy",
		Columns: []*schema.Column{col("id", "integer")},
	}
	return []change.Change{
		change.CreateSchema{Name: "billing"},
		change.CreateTable{Table: user},
		change.CreateTable{Table: invoices},
		change.CreateTable{Table: lines},
		change.CreateTable{Table: legacy},
	}
}

func columnsUpgrade() []change.Change {
	return []change.Change{
		change.AddColumn{Table: pub("user"), Column: withDefault(col("created_at", "timestamptz"), "now()")},
		change.AddColumn{Table: pub("v1.legacy"), Column: nullable(col("note", "text"))},
		change.DropColumn{Table: billing("Invoices"), Column: withDefault(col("total", "numeric(12,2)"), "0")},
		change.AlterColumn{
			Table: pub("user"),
			From:  col("select", "text"),
			To:    nullable(col("select", "varchar(64)")),
		},
		change.AlterColumn{
			Table: billing("invoice lines"),
			From:  identity(col("id", "integer")),
			To:    withDefault(col("id", "bigint"), "0"),
		},
	}
}

func constraintsUpgrade() []change.Change {
	return []change.Change{
		change.DropPrimaryKey{Table: billing("invoice lines"), PrimaryKey: &schema.PrimaryKey{Name: "invoice lines_pkey", Columns: []string{"id"}}},
		change.AddPrimaryKey{Table: pub("v1.legacy"), PrimaryKey: &schema.PrimaryKey{Name: "legacy_pkey", Columns: []string{"id"}}},
		change.DropUnique{Table: pub("user"), Unique: &schema.Unique{Name: "user_Email_key", Columns: []string{"Email"}}},
		change.AddUnique{Table: billing("Invoices"), Unique: &schema.Unique{Name: "Invoices_number_key", Columns: []string{"number"}}},
		change.DropForeignKey{Table: billing("Invoices"), ForeignKey: &schema.ForeignKey{
			Name: "Invoices_user_id_fkey", Columns: []string{"user_id"},
			RefSchema: "public", RefTable: "user", RefColumns: []string{"id"}, OnDelete: "CASCADE",
		}},
		change.AddForeignKey{Table: billing("Invoices"), ForeignKey: &schema.ForeignKey{
			Name: "Invoices_user_id_fkey", Columns: []string{"user_id"},
			RefSchema: "public", RefTable: "user", RefColumns: []string{"id"}, OnUpdate: "CASCADE",
		}},
	}
}

func indexesUpgrade() []change.Change {
	return []change.Change{
		change.CreateIndex{Table: billing("Invoices"), Index: &schema.Index{Name: "Invoices_created_at_idx", Columns: []string{"created_at"}}},
		change.CreateIndex{Table: pub("user"), Index: &schema.Index{Name: "user_lower_email", Columns: []string{"Email", "select"}, Unique: true}},
		change.DropIndex{Table: pub("v1.legacy"), Index: &schema.Index{Name: "legacy_id_idx", Columns: []string{"id"}}},
	}
}

func concurrentUpgrade() []change.Change {
	return []change.Change{
		change.Execute{SQL: `CREATE INDEX CONCURRENTLY "user_created_at_idx" ON "user" ("created_at")`},
	}
}

func concurrentDowngrade() []change.Change {
	return []change.Change{
		change.Execute{SQL: `DROP INDEX CONCURRENTLY "user_created_at_idx"`},
	}
}

// onlineUpgrade is an online plan on existing tables: a concurrent index,
// a foreign key and a check added NOT VALID and validated, NOT NULL
// proved by a validated check; and a dropped column, whose hazards the
// migration acknowledges.
func onlineUpgrade() []change.Change {
	notNull := &schema.Check{Name: "user_Email_not_null", Expr: `"Email" IS NOT NULL`}
	return []change.Change{
		change.DropIndex{Table: pub("user"), Index: &schema.Index{Name: "user_choice_idx", Columns: []string{"choice"}}, Concurrently: true},
		change.CreateIndex{Table: pub("user"), Index: &schema.Index{Name: "user_created_idx", Columns: []string{"created_at"}}, Concurrently: true},
		change.CreateIndex{Table: pub("user"), Index: &schema.Index{Name: "user_Email_key", Columns: []string{"Email"}, Unique: true}, Concurrently: true},
		change.AddUnique{Table: pub("user"), Unique: &schema.Unique{Name: "user_Email_key", Columns: []string{"Email"}}, UsingIndex: true},
		change.AddForeignKey{Table: billing("Invoices"), ForeignKey: &schema.ForeignKey{Name: "Invoices_payer_fkey", Columns: []string{"payer_id"}, RefSchema: "public", RefTable: "payers", RefColumns: []string{"id"}}, NotValid: true},
		change.ValidateConstraint{Table: billing("Invoices"), Name: "Invoices_payer_fkey"},
		change.AddCheck{Table: pub("user"), Check: notNull, NotValid: true},
		change.ValidateConstraint{Table: pub("user"), Name: notNull.Name},
		change.AlterColumn{Table: pub("user"), From: &schema.Column{Name: "Email", Type: "text", Nullable: true}, To: &schema.Column{Name: "Email", Type: "text"}},
		change.DropCheck{Table: pub("user"), Check: notNull},
		change.DropColumn{Table: pub("user"), Column: &schema.Column{Name: "legacy", Type: "text", Nullable: true}},
		change.AlterColumn{Table: pub("user"), From: &schema.Column{Name: "score", Type: "bigint", Nullable: true}, To: &schema.Column{Name: "score", Type: "integer", Nullable: true}},
	}
}

// onlineDowngrade is the online plan of the plain reverse of
// onlineUpgrade: what `revision --online` writes.
func onlineDowngrade() []change.Change {
	return []change.Change{
		change.AlterColumn{Table: pub("user"), From: &schema.Column{Name: "score", Type: "integer", Nullable: true}, To: &schema.Column{Name: "score", Type: "bigint", Nullable: true}},
		change.AddColumn{Table: pub("user"), Column: &schema.Column{Name: "legacy", Type: "text", Nullable: true}},
		change.AlterColumn{Table: pub("user"), From: &schema.Column{Name: "Email", Type: "text"}, To: &schema.Column{Name: "Email", Type: "text", Nullable: true}},
		change.DropForeignKey{Table: billing("Invoices"), ForeignKey: &schema.ForeignKey{Name: "Invoices_payer_fkey", Columns: []string{"payer_id"}, RefSchema: "public", RefTable: "payers", RefColumns: []string{"id"}}},
		change.DropUnique{Table: pub("user"), Unique: &schema.Unique{Name: "user_Email_key", Columns: []string{"Email"}}},
		change.DropIndex{Table: pub("user"), Index: &schema.Index{Name: "user_created_idx", Columns: []string{"created_at"}}, Concurrently: true},
		change.CreateIndex{Table: pub("user"), Index: &schema.Index{Name: "user_choice_idx", Columns: []string{"choice"}}, Concurrently: true},
	}
}

// notNullColumns adds NOT NULL columns without a default to existing
// tables, one of them with a name that holds a percent sign (which a
// format string of the stub must not read as a verb).
func notNullColumns() []change.Change {
	return []change.Change{
		change.AddColumn{Table: pub("user"), Column: col("nickname", "text")},
		change.AddColumn{Table: billing("Invoices"), Column: col("paid 100%", "boolean")},
	}
}

func executeUpgrade() []change.Change {
	return []change.Change{
		change.Execute{SQL: "COMMENT ON TABLE \"user\" IS 'uses `backquotes`'"},
		change.Execute{SQL: "UPDATE \"user\"\nSET \"select\" = 'x'\nWHERE \"select\" IS NULL"},
		change.Execute{SQL: "SELECT 1;\r\n"},
	}
}

// enumsUpgrade creates enums in two schemas, adds a column of one, alters
// both (an add-only change and a rebuild that converts columns) and drops
// a third; values hold quotes, spaces and unicode.
func enumsUpgrade() []change.Change {
	return []change.Change{
		change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "status", Values: []string{"active", "it's \"paused\"", "gelöscht"}, Pos: "models.go:3:6"}},
		change.CreateEnum{Enum: &schema.Enum{Schema: "billing", Name: "Invoice State", Values: []string{"draft", "sent"}}},
		change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "mood.v2", Values: []string{}}},
		change.AddColumn{Table: pub("user"), Column: withDefault(col("status", "status"), "'active'::status")},
		change.AddColumn{Table: billing("Invoices"), Column: col("state", `billing."Invoice State"`)},
		change.AddColumn{Table: pub("v1.legacy"), Column: withDefault(col("state", `billing."Invoice State"`), `'draft'::billing."Invoice State"`)},
		change.AlterEnum{Enum: pub("status"), From: []string{"active", "it's \"paused\"", "gelöscht"}, To: []string{"new", "active", "it's \"paused\"", "gelöscht"}},
		change.AlterEnum{
			Enum: billing("Invoice State"),
			From: []string{"draft", "sent"},
			To:   []string{"draft", "paid"},
			Columns: []change.EnumColumn{
				{Table: billing("Invoices"), Column: "state"},
				{Table: pub("v1.legacy"), Column: "state", Default: `'draft'::billing."Invoice State"`},
			},
		},
		change.AlterEnum{Enum: pub("mood.v2"), From: []string{}, To: []string{"calm"}},
		change.DropEnum{Enum: &schema.Enum{Schema: "billing", Name: "old_kind", Values: []string{"a", "b"}}},
	}
}

// checksUpgrade adds check constraints, comments with quotes, newlines and
// backslashes, and a generated column. The model hints RenamedFrom and Pos
// must not show in the file.
func checksUpgrade() []change.Change {
	comment := "Who pays.\nSee \"billing\" docs; it's `old`\\new.\r\n"
	payers := &schema.Table{
		Schema: "billing",
		Name:   "payers",
		Columns: []*schema.Column{
			{Name: "id", Type: "bigint", Identity: true, Comment: "surrogate key", RenamedFrom: "payer_id", Pos: "models.go:10:2"},
			{Name: "first", Type: "text", Comment: "given\tname"},
			{Name: "last", Type: "text"},
			{Name: "full", Type: "text", Generated: `"first" || ' ' || "last"`, Comment: "it's \"generated\""},
		},
		PrimaryKey: &schema.PrimaryKey{Name: "payers_pkey", Columns: []string{"id"}},
		Checks: []*schema.Check{
			{Name: "payers_first_check", Expr: "first <> ''"},
			{Name: "payers \"names\" check", Expr: "length(\"last\") < 100\nAND \"last\" !~ '\\s$'"},
		},
		Comment:     comment,
		RenamedFrom: billing("customers"),
		Pos:         "models.go:9:6",
	}
	return []change.Change{
		change.CreateTable{Table: payers},
		change.AddCheck{Table: billing("Invoices"), Check: &schema.Check{Name: "Invoices_number_check", Expr: "number ~ '^[A-Z]+-[0-9]+$'"}},
		change.DropCheck{Table: pub("user"), Check: &schema.Check{Name: "user_select_check", Expr: "\"select\" IS NOT NULL"}},
		change.AddColumn{Table: pub("user"), Column: &schema.Column{Name: "email_lower", Type: "text", Nullable: true, Generated: `lower("Email")`, RenamedFrom: "email_lc"}},
		change.SetTableComment{Table: pub("user"), From: "", To: "People who log in.\nOne row per \"account\"."},
		change.SetTableComment{Table: pub("v1.legacy"), From: "legacy 'v1' rows", To: ""},
		change.SetColumnComment{Table: billing("Invoices"), Column: "number", From: "", To: "it's the \"number\"\nprinted on paper"},
		change.SetColumnComment{Table: pub("user"), Column: "select", From: "reserved word", To: "still reserved"},
	}
}

// indexesOfAllKindsUpgrade creates expression, partial, gin and covering
// indexes, in a new table and on their own, and drops one.
func indexesOfAllKindsUpgrade() []change.Change {
	docs := &schema.Table{
		Schema: "public",
		Name:   "docs",
		Columns: []*schema.Column{
			identity(col("id", "bigint")),
			col("body", "jsonb"),
			nullable(col("deleted_at", "timestamptz")),
		},
		Indexes: []*schema.Index{
			{Name: "docs_body_idx", Columns: []string{"body"}, Method: "gin"},
			{Name: "docs_live_idx", Columns: []string{"id"}, Unique: true, Include: []string{"body"}, Where: "deleted_at IS NULL"},
		},
	}
	return []change.Change{
		change.CreateTable{Table: docs},
		change.CreateIndex{Table: pub("user"), Index: &schema.Index{Name: "user_email_lower_idx", Keys: []string{`lower("Email")`, `"select" DESC NULLS LAST`}, Unique: true, Where: `"Email" IS NOT NULL AND "select" <> 'it''s'`}},
		change.CreateIndex{Table: billing("Invoices"), Index: &schema.Index{Name: "Invoices_search_idx", Keys: []string{"to_tsvector('english', number)"}, Method: "gin"}},
		change.CreateIndex{Table: billing("Invoices"), Index: &schema.Index{Name: "Invoices_user_covering_idx", Columns: []string{"user_id"}, Include: []string{"number", "created_at"}}},
		change.DropIndex{Table: pub("user"), Index: &schema.Index{Name: "user_lower_email", Columns: []string{"Email", "select"}, Unique: true, Method: "hash", Where: "true"}},
	}
}

// renamesUpgrade renames tables (in place, across schemas, with dots in
// names), columns, indexes and constraints.
func renamesUpgrade() []change.Change {
	return []change.Change{
		change.RenameTable{From: pub("v1.legacy"), To: pub("legacy")},
		change.RenameTable{From: billing("payers"), To: pub("payers")},
		change.RenameTable{From: schema.QualifiedName{Schema: "public", Name: "docs"}, To: billing("Docs \"v2\"")},
		change.RenameColumn{Table: pub("user"), From: "select", To: "choice"},
		change.RenameColumn{Table: billing("invoice lines"), From: "invoice_number", To: `say "no"`},
		change.RenameIndex{Table: billing("Invoices"), From: "Invoices_created_at_idx", To: "invoices_created_idx"},
		change.RenameConstraint{Table: pub("user"), From: "user_select_key", To: "user_choice_key"},
		change.RenameConstraint{Table: billing("Invoices"), From: "Invoices_number_check", To: "invoices number check"},
	}
}

func mustReverse(cs []change.Change) []change.Change {
	r, ok := change.ReverseAll(cs)
	if !ok {
		panic("fixture changes are not reversible")
	}
	return r
}

// goldenCase is one migration file of the golden migrations package.
type goldenCase struct {
	name string
	m    Migration
}

func goldenCases() []goldenCase {
	m := func(rev string, parents []string, msg string, up, down []change.Change) Migration {
		return Migration{Package: "migrations", Revision: rev, DownRevision: parents, Message: msg, Upgrade: up, Downgrade: down}
	}
	concurrent := m("20260105090000", []string{"20260103090000"},
		"Build index concurrently, no tx test", concurrentUpgrade(), concurrentDowngrade())
	concurrent.NoTransaction = true
	online := m("20260113090000", []string{"20260112090000"},
		"Online plan with acknowledged hazards", onlineUpgrade(), onlineDowngrade())
	online.NoTransaction = true
	online.AllowHazards = []change.HazardKind{change.HazardDataLoss}
	notNull := m("20260119090000", []string{"20260118090000"}, "Add NOT NULL columns online",
		plan.Online(notNullColumns()), plan.Online(mustReverse(notNullColumns())))
	notNull.NoTransaction = plan.NeedsNoTransaction(notNull.Upgrade)
	// A merge revision that settles the order of enum values; its
	// downgrade is empty, as OrderEnum reverses to no change.
	orderEnums := m("20260118090000", []string{"20260117090000"}, "Merge heads, settling the order of enum values", []change.Change{
		change.OrderEnum{Enum: pub("status"), Values: []string{"active", "blocked", "it's \"paused\"", "new", "done"}, Tables: []schema.QualifiedName{pub("user")}},
		change.OrderEnum{Enum: billing("Invoice State"), Values: []string{"draft", "sent", "paid", "void"},
			Tables: []schema.QualifiedName{billing("Invoices"), billing("Invoices archived in the years before the migration to schemagen")}},
	}, nil)
	orderEnums.AllowHazards = []change.HazardKind{change.HazardTableRewrite}
	return []goldenCase{
		{name: "first migration", m: m("20260101090000", nil,
			"Create billing schema with user and invoice tables", firstUpgrade(), mustReverse(firstUpgrade()))},
		{name: "columns", m: m("20260102090000", []string{"20260101090000"},
			"Add, drop and alter columns", columnsUpgrade(), mustReverse(columnsUpgrade()))},
		{name: "constraints", m: m("20260103090000", []string{"20260102090000"},
			"Swap keys and constraints", constraintsUpgrade(), mustReverse(constraintsUpgrade()))},
		{name: "indexes", m: m("20260104090000", []string{"20260103090000"},
			"Create and drop indexes", indexesUpgrade(), mustReverse(indexesUpgrade()))},
		{name: "no transaction, name ends in test", m: concurrent},
		{name: "merge", m: m("20260106090000", []string{"20260104090000", "20260105090000"},
			"Merge heads\n\nJoins the indexes branch and the concurrent-index branch.", nil, nil)},
		{name: "execute", m: m("20260107090000", []string{"20260106090000"},
			"Backfill with hand-written SQL", executeUpgrade(), []change.Change{change.Execute{SQL: "SELECT `1`"}})},
		{name: "empty message", m: m("20260108090000", []string{"20260107090000"},
			"", []change.Change{change.DropSchema{Name: "Old Schema"}}, []change.Change{change.CreateSchema{Name: "Old Schema"}})},
		{name: "enums", m: m("20260109090000", []string{"20260108090000"},
			"Create, alter and drop enums", enumsUpgrade(), mustReverse(enumsUpgrade()))},
		{name: "checks, comments, generated columns", m: m("20260110090000", []string{"20260109090000"},
			"Checks, comments and generated columns", checksUpgrade(), mustReverse(checksUpgrade()))},
		{name: "indexes of all kinds", m: m("20260111090000", []string{"20260110090000"},
			"Expression, partial, gin and covering indexes", indexesOfAllKindsUpgrade(), mustReverse(indexesOfAllKindsUpgrade()))},
		{name: "renames", m: m("20260112090000", []string{"20260111090000"},
			"Rename tables, columns, indexes and constraints", renamesUpgrade(), mustReverse(renamesUpgrade()))},
		{name: "online plan, hazards", m: online},
		{name: "long lines", m: m("20260114090000", []string{"20260113090000"}, longMessage,
			append(longUpgrade(), longExecute), append([]change.Change{longExecute}, mustReverse(longUpgrade())...))},
		{name: "template", m: m("20260115090000", []string{"20260114090000"}, "Backfill nicknames", nil, nil)},
		{name: "enum deltas", m: m("20260116090000", []string{"20260115090000"},
			"Alter enums by deltas", enumDeltasUpgrade(), mustReverse(enumDeltasUpgrade()))},
		{name: "declared effects", m: m("20260117090000", []string{"20260116090000"},
			"Hand-written SQL that declares its effects", declaredUpgrade(), declaredDowngrade())},
		{name: "enum order", m: orderEnums},
		{name: "not null columns online", m: notNull},
		{name: "reversible drops", m: m("20260120090000", []string{"20260119090000"},
			"Drop a table and columns, archived until pruned", archiveUpgrade(), mustReverse(archiveUpgrade()))},
		{name: "identity kinds, serial, collations, nulls not distinct", m: m("20260121090000", []string{"20260120090000"},
			"Identity kinds, serial columns, collations and NULLS NOT DISTINCT", withoutFromUsing(columnAttrsUpgrade()), withoutFromUsing(mustReverse(columnAttrsUpgrade())))},
		{name: "table attributes", m: m("20260122090000", []string{"20260121090000"},
			"Exclusion constraints, deferrable keys, unlogged tables, storage parameters, row security", tableAttrsUpgrade(), mustReverse(tableAttrsUpgrade()))},
		{name: "partitions", m: m("20260123090000", []string{"20260122090000"},
			"Partitioned tables, partitions and inheritance", partitionsUpgrade(), mustReverse(partitionsUpgrade()))},
		{name: "objects", m: m("20260124090000", []string{"20260123090000"},
			"Views, functions, triggers and a sequence by their definitions", objectsUpgrade(), mustReverse(objectsUpgrade()))},
	}
}

// withoutFromUsing returns cs with the USING expression of the old
// definition of each altered column left out, as a file holds it: it is
// the reverse's, and a file writes its downgrade itself.
func withoutFromUsing(cs []change.Change) []change.Change {
	out := make([]change.Change, len(cs))
	for i, c := range cs {
		if a, ok := c.(change.AlterColumn); ok {
			from := *a.From
			from.Using = ""
			a.From = &from
			c = a
		}
		out[i] = c
	}
	return out
}

// columnAttrsUpgrade creates a table with a serial column, an identity
// GENERATED ALWAYS with sequence options, collated columns, a unique
// constraint and a unique index NULLS NOT DISTINCT; makes an identity
// ALWAYS; turns a column into a serial one; and changes a type with a
// USING expression each way.
func columnAttrsUpgrade() []change.Change {
	counters := &schema.Table{
		Schema: "billing",
		Name:   "counters",
		Columns: []*schema.Column{
			{Name: "id", Type: "bigint", Sequence: "counters_id_seq", SequenceOptions: "INCREMENT 10 START 1000"},
			{Name: "n", Type: "integer", Identity: true, IdentityAlways: true, SequenceOptions: "MINVALUE 0 MAXVALUE 999 CYCLE"},
			{Name: "code", Type: "text", Collation: `"C"`},
			{Name: "label", Type: "text", Nullable: true, Collation: `"en_US.utf8"`},
		},
		PrimaryKey: &schema.PrimaryKey{Name: "counters_pkey", Columns: []string{"id"}},
		Uniques:    []*schema.Unique{{Name: "counters_label_key", Columns: []string{"label"}, NullsNotDistinct: true}},
		Indexes: []*schema.Index{{Name: "counters_code_label_idx", Keys: []string{`code COLLATE "POSIX" text_pattern_ops`, "label"},
			Unique: true, NullsNotDistinct: true}},
	}
	return []change.Change{
		change.CreateTable{Table: counters},
		change.AlterColumn{Table: pub("user"),
			From: identity(col("id", "bigint")),
			To:   &schema.Column{Name: "id", Type: "bigint", Identity: true, IdentityAlways: true, SequenceOptions: "START 100"}},
		change.AlterColumn{Table: billing("Invoices"),
			From: col("number", "varchar(32)"),
			To:   &schema.Column{Name: "number", Type: "bigint", Sequence: "Invoices_number_seq"}},
		change.AlterColumn{Table: billing("Invoices"),
			From: &schema.Column{Name: "created_at", Type: "timestamptz", Default: "now()"},
			To:   &schema.Column{Name: "created_at", Type: "bigint", Using: `extract(epoch FROM "created_at")::bigint`}},
		change.AlterColumn{Table: billing("Invoices"),
			From: &schema.Column{Name: "total", Type: "numeric(12,2)", Default: "0", Using: `"total"::numeric(12,2)`},
			To:   &schema.Column{Name: "total", Type: "boolean", Default: "false", Using: `"total" <> 0`}},
	}
}

// tableAttrsUpgrade creates a table with every table attribute and
// constraint timing, and changes them on an existing table.
func tableAttrsUpgrade() []change.Change {
	rooms := &schema.Table{
		Schema:      "billing",
		Name:        "bookings",
		Columns:     []*schema.Column{col("id", "bigint"), col("room", "integer"), col("during", "tstzrange")},
		PrimaryKey:  &schema.PrimaryKey{Name: "bookings_pkey", Columns: []string{"id"}, Deferrable: true},
		Uniques:     []*schema.Unique{{Name: "bookings \"room\" key", Columns: []string{"room", "id"}, Include: []string{"during"}, Deferrable: true, InitiallyDeferred: true}},
		Checks:      []*schema.Check{{Name: "bookings_room_check", Expr: "room > 0", NoInherit: true}},
		Exclusions:  []*schema.Exclusion{{Name: "bookings_no_overlap", Definition: "USING gist (room WITH =, during WITH &&) WHERE (NOT isempty(during))", Deferrable: true}},
		Indexes:     []*schema.Index{{Name: "bookings_during_idx", Columns: []string{"during"}, Method: "gist", Options: []string{"fillfactor=80"}}},
		Unlogged:    true,
		Options:     []string{"autovacuum_enabled=false", "fillfactor=70"},
		RowSecurity: true, ForceRowSecurity: true,
	}
	return []change.Change{
		change.CreateSchema{Name: "billing"},
		change.SetSchemaComment{Schema: "billing", To: "Money: \"invoices\" and payers."},
		change.CreateTable{Table: rooms},
		change.AddExclusion{Table: pub("user"), Exclusion: &schema.Exclusion{Name: "user_email_excl", Definition: "USING btree (lower(\"Email\") WITH =)"}},
		change.AlterConstraint{Table: billing("Invoices"), Name: "Invoices_customer_fkey", To: schema.Deferral{Deferrable: true, InitiallyDeferred: true}},
		change.AlterTable{Table: pub("user"), From: schema.TableAttrs{Options: []string{"fillfactor=90"}}, To: schema.TableAttrs{Unlogged: true, Options: []string{"toast.autovacuum_enabled=false"}, RowSecurity: true}},
		change.DropExclusion{Table: pub("user"), Exclusion: &schema.Exclusion{Name: "user_old_excl", Definition: "USING gist (during WITH &&)"}},
	}
}

// partitionsUpgrade creates a partitioned table with partitions (one of
// them partitioned in turn, one the default), an inheritance child, and
// moves a partition to another bound.
func partitionsUpgrade() []change.Change {
	events := billing("Events")
	return []change.Change{
		change.CreateTable{Table: &schema.Table{Schema: "billing", Name: "Events",
			Columns:     []*schema.Column{col("id", "bigint"), col("at", "date")},
			PrimaryKey:  &schema.PrimaryKey{Name: "Events_pkey", Columns: []string{"id", "at"}},
			PartitionBy: "RANGE (at)"}},
		change.CreateTable{Table: &schema.Table{Schema: "billing", Name: "Events 2024",
			PartitionOf: &schema.PartitionOf{Parent: events, Bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"},
			PartitionBy: "HASH (id)"}},
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "events_rest",
			PartitionOf: &schema.PartitionOf{Parent: events, Bound: "DEFAULT"},
			Checks:      []*schema.Check{{Name: "events_rest_recent", Expr: "at > '2000-01-01'"}}}},
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "admin",
			Columns:  []*schema.Column{nullable(col("level", "integer"))},
			Inherits: []schema.QualifiedName{pub("user")}}},
		change.DetachPartition{Table: billing("Events 2023"), Parent: events, Bound: "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')"},
		change.AttachPartition{Table: billing("Events 2023"), Parent: events, Bound: "FOR VALUES FROM ('2022-01-01') TO ('2024-01-01')"},
	}
}

// objectsUpgrade creates and drops objects managed by their
// definitions: a function with a hostile name and a dollar-quoted body,
// a trigger on it, a view on a view, and drops a materialized view, its
// index and a sequence.
func objectsUpgrade() []change.Change {
	fn := &schema.Object{Kind: schema.KindFunction, Schema: "public", Name: `touch"it"(a integer, "b c" text)`,
		Definition: "CREATE OR REPLACE FUNCTION public.\"touch\"\"it\"\"\"(a integer, \"b c\" text)\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$BEGIN NEW.at := now(); RETURN NEW; END$function$"}
	return []change.Change{
		change.CreateObject{Object: fn},
		change.ReplaceObject{From: &schema.Object{Kind: schema.KindFunction, Schema: "billing", Name: "total()",
			Definition: "CREATE OR REPLACE FUNCTION billing.total()\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT 1$function$"},
			To: &schema.Object{Kind: schema.KindFunction, Schema: "billing", Name: "total()",
				Definition: "CREATE OR REPLACE FUNCTION billing.total()\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT 2$function$"}},
		change.CreateObject{Object: &schema.Object{Kind: schema.KindTrigger, Schema: "billing", Name: "touch", Table: "Invoices",
			Definition: `CREATE TRIGGER touch BEFORE UPDATE ON billing."Invoices" FOR EACH ROW EXECUTE FUNCTION "touch""it"""()`,
			DependsOn: []schema.Dependency{{Kind: schema.KindTable, Schema: "billing", Name: "Invoices"},
				{Kind: schema.KindFunction, Schema: "public", Name: fn.Name}}}},
		change.CreateObject{Object: &schema.Object{Kind: schema.KindView, Schema: "public", Name: "users`v1",
			Definition: "CREATE VIEW public.\"users`v1\" AS\n SELECT \"user\".id\n   FROM \"user\"",
			DependsOn:  []schema.Dependency{{Kind: schema.KindTable, Schema: "public", Name: "user", Column: "id"}}}},
		change.DropObject{Object: &schema.Object{Kind: schema.KindIndex, Schema: "billing", Name: "totals_idx", Table: "totals",
			Definition: "CREATE INDEX totals_idx ON billing.totals USING btree (total)",
			DependsOn:  []schema.Dependency{{Kind: schema.KindMaterializedView, Schema: "billing", Name: "totals"}}}},
		change.DropObject{Object: &schema.Object{Kind: schema.KindMaterializedView, Schema: "billing", Name: "totals",
			Definition: "CREATE MATERIALIZED VIEW billing.totals AS\n SELECT 1 AS total"}},
		change.DropObject{Object: &schema.Object{Kind: schema.KindSequence, Schema: "public", Name: "tickets",
			Definition: "CREATE SEQUENCE public.tickets AS integer START WITH 100 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE"}},
	}
}

// archiveUpgrade drops a table and a column with archives (reversible
// drops), and a table without (a plain drop).
func archiveUpgrade() []change.Change {
	payers := &schema.Table{
		Schema:     "billing",
		Name:       "payers",
		Columns:    []*schema.Column{col("id", "bigint"), nullable(col("name", "text"))},
		PrimaryKey: &schema.PrimaryKey{Name: "payers_pkey", Columns: []string{"id"}},
		Indexes:    []*schema.Index{{Name: "payers_name_idx", Columns: []string{"name"}}},
	}
	return []change.Change{
		change.DropColumn{Table: pub("user"), Column: withDefault(col("nick", "text"), "''"),
			Archive: change.ColumnArchiveName("20260120090000", pub("user"), "nick")},
		change.DropTable{Table: payers, Archive: change.TableArchiveName("20260120090000", payers.QualifiedName())},
		change.DropTable{Table: &schema.Table{Schema: "public", Name: "scratch", Columns: []*schema.Column{nullable(col("a", "text"))}}},
	}
}

// declaredUpgrade is hand-written SQL in the forms that declare what it
// does: effects (one, and several, among them a long literal that
// breaks), and none.
func declaredUpgrade() []change.Change {
	score := func(typ string) *schema.Column { return &schema.Column{Name: "score", Type: typ, Nullable: true} }
	return []change.Change{
		change.Execute{SQL: `ALTER TABLE "user" ALTER COLUMN score TYPE integer USING round(score)::integer`, Declared: true,
			Effects: change.Changes{change.AlterColumn{Table: pub("user"), From: score("bigint"), To: score("integer")}}},
		change.Execute{SQL: "ALTER TABLE billing.\"Invoices\" ADD COLUMN paid_at timestamptz;\nCREATE INDEX \"Invoices_paid_at_idx\" ON billing.\"Invoices\" (paid_at) WHERE paid_at IS NOT NULL", Declared: true,
			Effects: change.Changes{
				change.AddColumn{Table: billing("Invoices"), Column: &schema.Column{Name: "paid_at", Type: "timestamptz", Nullable: true, Comment: "when the invoice was paid, in full, by whichever means the customer chose"}},
				change.CreateIndex{Table: billing("Invoices"), Index: &schema.Index{Name: "Invoices_paid_at_idx", Columns: []string{"paid_at"}, Where: "paid_at IS NOT NULL"}},
			}},
		change.Execute{SQL: `UPDATE "user" SET score = 0 WHERE score IS NULL`, Declared: true},
	}
}

func declaredDowngrade() []change.Change {
	score := func(typ string) *schema.Column { return &schema.Column{Name: "score", Type: typ, Nullable: true} }
	return []change.Change{
		change.Execute{SQL: "ALTER TABLE billing.\"Invoices\" DROP COLUMN paid_at", Declared: true,
			Effects: change.Changes{change.DropColumn{Table: billing("Invoices"), Column: &schema.Column{Name: "paid_at"}}}},
		change.Execute{SQL: `ALTER TABLE "user" ALTER COLUMN score TYPE bigint`, Declared: true,
			Effects: change.Changes{change.AlterColumn{Table: pub("user"), From: score("integer"), To: score("bigint")}}},
	}
}

// enumDeltasUpgrade alters the enums of enumsUpgrade as the differ does
// now, by deltas: values added in place, at the end, moved and dropped,
// a column given a new default by the rebuild, values added that a later
// change uses (AddedValuesUsed).
func enumDeltasUpgrade() []change.Change {
	statusAdd, statusDrop := change.EnumDiff(
		[]string{"new", "active", "it's \"paused\"", "gelöscht"},
		[]string{"active", "blocked", "it's \"paused\"", "new", "done"})
	stateAdd, stateDrop := change.EnumDiff([]string{"draft", "paid"}, []string{"draft", "sent", "paid", "void"})
	return []change.Change{
		change.AlterEnum{Enum: pub("status"), Add: statusAdd, Drop: statusDrop, Columns: []change.EnumColumn{
			{Table: pub("user"), Column: "status", Default: "'blocked'::status", OldDefault: "'active'::status"},
		}},
		change.AlterEnum{Enum: billing("Invoice State"), Add: stateAdd, Drop: stateDrop, Columns: []change.EnumColumn{
			{Table: billing("Invoices"), Column: "state"},
		}, AddedValuesUsed: true},
		change.AddCheck{Table: billing("Invoices"), Check: &schema.Check{Name: "Invoices_state_check", Expr: `"state" <> 'void'`}},
	}
}

// longMessage is a message whose lines are too long for one comment line,
// with an indented line (a code block in a doc comment), a list, and
// words that must not start a wrapped line.
const longMessage = "Wrap long lines at one hundred columns: a message, hazard comments, literals and calls " +
	"that do not fit - whatever their names - 1. stay readable\n\n" +
	"\tan indented line stays as it is, however long it is, since a doc comment reads it as code\n\n" +
	"- a list item\n- another"

// longUpgrade has names and values too long to fit on one line: a table
// whose literal breaks at every level, calls whose arguments go one per
// line, an enum whose values fill several lines, hazards that wrap, and
// a comment that no layout can shorten.
func longUpgrade() []change.Change {
	const long = "a_rather_long_identifier_that_takes_up_room"
	ledger := billing("general_ledger_entries_by_accounting_period")
	return []change.Change{
		change.CreateTable{Table: &schema.Table{
			Schema: "billing",
			Name:   ledger.Name,
			Columns: []*schema.Column{
				identity(col("id", "bigint")),
				withDefault(col("posted_at_in_the_ledger_timezone", "timestamp with time zone"), "(now() AT TIME ZONE 'Europe/Amsterdam')"),
				{Name: "amount", Type: "numeric(18,4)", Default: "0", Comment: "the amount of the entry, in the currency of the ledger it belongs to"},
			},
			PrimaryKey: &schema.PrimaryKey{Name: ledger.Name + "_pkey", Columns: []string{"id"}},
			Indexes:    []*schema.Index{{Name: ledger.Name + "_posted_idx", Columns: []string{"posted_at_in_the_ledger_timezone", "amount", "id"}}},
		}},
		change.CreateEnum{Enum: &schema.Enum{Schema: "billing", Name: "entry_kind", Values: []string{
			"opening_balance", "invoice", "credit_note", "payment", "refund", "write_off", "currency_revaluation",
			"accrual", "deferral", "depreciation", "closing_balance",
		}}},
		change.AddColumn{Table: ledger, Column: nullable(col(long, "billing.entry_kind"))},
		change.DropColumn{Table: pub("user"), Column: nullable(col(long+"_too", "text"))},
		change.RenameConstraint{Table: ledger, From: ledger.Name + "_pkey", To: ledger.Name + "_primary_key"},
		change.SetTableComment{Table: ledger, To: "One row per entry of the general ledger; entries are never updated, a correction is a new entry."},
	}
}

// longExecute holds SQL too long for a line, which stays one literal.
var longExecute = change.Execute{SQL: "UPDATE billing.general_ledger_entries_by_accounting_period SET amount = 0 WHERE amount IS NULL"}
