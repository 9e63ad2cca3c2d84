package change

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// Reversible drops. A [DropTable] or [DropColumn] with an Archive name
// keeps the data it drops until `schemagen prune` removes it, and the
// reverse change ([CreateTable] or [AddColumn] with the same Archive)
// puts it back:
//
//   - A table moves, instantly and without a copy, to a schema of its
//     own named Archive (which starts with [ArchiveSchema] + "_"),
//     keeping its name, rows, indexes, constraints, comments and owned
//     sequences. Its foreign keys to other tables are dropped (they
//     would block later drops of those tables) and its enum columns
//     become text (they would block a later drop of the type, and
//     their defaults, checks and indexes with expressions or predicates
//     on them are dropped); the restore moves the table back, converts
//     those columns back to the types and defaults of its definition,
//     and adds back the foreign keys, and the checks and indexes of the
//     definition that are missing.
//   - A column's values are copied, with the table's primary key, to
//     the table [ArchiveSchema].Archive (enum values, and key columns of
//     types of the user's such as enums and domains, as text: the archive
//     must not hold up a later DROP TYPE), and the column is dropped. The restore adds the column back nullable,
//     sets the archived values by primary key, gives the rows inserted
//     since the drop the column's default, then sets NOT NULL. A NOT
//     NULL column without a default and rows without a value makes the
//     restore fail before it changes anything, naming how many rows.
//
// An archive first checks the privileges it needs (see
// archivePrivilegeSQL) and fails with a hint that names the ways out.
// Each archive is recorded in [ArchiveSchema].[ArchiveRegistry] (archive
// name, kind, original name, time) by the statement that makes it, so in
// the migration's transaction. A restore whose archive was pruned falls
// back to the plain change (an empty table, a column without its values)
// with a WARNING, or fails naming the rows a NOT NULL column cannot fill.

// ArchiveSchema is the schema that holds the registry of archived objects
// and the archived columns. Archived tables each live in a schema of
// their own whose name starts with ArchiveSchema + "_". Package catalog
// never reads these schemas.
const ArchiveSchema = "schemagen_archive"

// ArchiveRegistry is the table of [ArchiveSchema] that lists what is
// archived: archive (the name), kind ("table" or "column"), original
// (the table, or table.column, archived), archived_at.
const ArchiveRegistry = "registry"

// IsArchiveSchema reports whether name is [ArchiveSchema] or the schema of
// an archived table.
func IsArchiveSchema(name string) bool {
	return name == ArchiveSchema || strings.HasPrefix(name, ArchiveSchema+"_")
}

// TableArchiveName returns the name of the schema that keeps table t when
// the migration revision archives it: schemagen_archive_<revision>_<schema>_<table>_<hash>,
// where hash is 8 hex digits of a hash of the exact revision, schema and
// table, so that names are unique per (revision, table) even when their
// parts contain "_" (table b_c of schema a and table c of schema a_b).
// The name is at most [schema.MaxIdentifierLength] bytes: a long one is
// cut before the hash.
func TableArchiveName(revision string, t schema.QualifiedName) string {
	return archiveName(ArchiveSchema+"_"+revision+"_"+t.Schema+"_"+t.Name, revision, t.Schema, t.Name)
}

// ColumnArchiveName returns the name of the table of [ArchiveSchema] that
// keeps the values of column of table t when the migration revision
// archives them: <revision>_<schema>_<table>_<column>_<hash>, unique per
// (revision, table, column) (see [TableArchiveName]).
func ColumnArchiveName(revision string, t schema.QualifiedName, column string) string {
	return archiveName(revision+"_"+t.Schema+"_"+t.Name+"_"+column, revision, t.Schema, t.Name, column)
}

// archiveName returns readable, cut so that the result fits in
// [schema.MaxIdentifierLength] bytes (at a UTF-8 boundary), followed by
// "_" and 8 hex digits of a hash of parts.
func archiveName(readable string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		// Length-prefixed: no two lists of parts hash the same bytes.
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	return schema.IdentifierWithSuffix(readable, "_"+hex.EncodeToString(h.Sum(nil)[:4]))
}

// archivePrivilegeSQL renders the PL/pgSQL check, before the archive of
// what (such as "table public.t") is made, that the role may make it:
// create schemas in the database (CREATE SCHEMA IF NOT EXISTS checks that
// privilege even when the schema exists, and a table's archive is a
// schema), use and create in [ArchiveSchema] and insert into its registry
// when they exist. Without them the statement fails with a message and a
// hint that name the ways out, rather than a bare "permission denied for
// database". plain is the Op of the plain drop.
func archivePrivilegeSQL(what, plain string) string {
	lit := schema.QuoteLiteral
	arch := lit(ArchiveSchema)
	reg := lit(schema.QuoteQualified(registryTable))
	hint := lit("GRANT CREATE ON DATABASE to the migration role (and USAGE, CREATE ON SCHEMA " + ArchiveSchema +
		" and INSERT, DELETE ON " + registryTable.String() + " when another role owns them), or regenerate the migration with" +
		" `schemagen revision --autogenerate --no-archive`, or write " + plain + " in it to drop without archiving")
	raise := func(privilege, on string) string {
		return "RAISE EXCEPTION 'cannot archive %: role % lacks the % privilege on %', " + lit(what) + ", current_user, " + lit(privilege) + ", " + on +
			" USING ERRCODE = 'insufficient_privilege', HINT = " + hint + ";"
	}
	return "IF NOT has_database_privilege(current_database(), 'CREATE') THEN " +
		raise("CREATE", "'database ' || quote_ident(current_database())") + " END IF;" +
		" IF EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = " + arch + ") AND NOT (has_schema_privilege(" + arch + ", 'CREATE')" +
		" AND has_schema_privilege(" + arch + ", 'USAGE')) THEN " + raise("USAGE and CREATE", lit("schema "+ArchiveSchema)) + " END IF;" +
		" IF to_regclass(" + reg + ") IS NOT NULL AND NOT has_table_privilege(" + reg + ", 'INSERT') THEN " +
		raise("INSERT", lit("table "+registryTable.String())) + " END IF; "
}

// registryTable is the qualified name of the registry.
var registryTable = schema.QualifiedName{Schema: ArchiveSchema, Name: ArchiveRegistry}

// RegistryTable returns the qualified name of the registry of archives.
func RegistryTable() schema.QualifiedName { return registryTable }

// ensureRegistrySQL creates the archive schema and the registry unless
// they exist (PL/pgSQL statements).
func ensureRegistrySQL() string {
	return "CREATE SCHEMA IF NOT EXISTS " + schema.QuoteIdent(ArchiveSchema) + ";" +
		" CREATE TABLE IF NOT EXISTS " + schema.QuoteQualified(registryTable) +
		" (archive text PRIMARY KEY, kind text NOT NULL, original text NOT NULL, archived_at timestamptz NOT NULL DEFAULT now());"
}

// doBlock renders a DO statement running the PL/pgSQL body (without BEGIN
// and END), declaring decl.
func doBlock(decl, body string) string {
	return "DO " + schema.QuoteLiteral("DECLARE "+decl+" BEGIN "+body+" END")
}

// plExec renders a PL/pgSQL EXECUTE of the statement stmt.
func plExec(stmt string) string { return "EXECUTE " + schema.QuoteLiteral(stmt) + ";" }

// archiveTableSQL renders the archive of table q to the schema archive:
// one statement, so that it applies whole or not at all even outside a
// transaction. A table without a primary key (by then) is dropped, with a
// WARNING, as a plain [DropTable] does.
func archiveTableSQL(q schema.QualifiedName, archive string) string {
	tbl := schema.QuoteLiteral(schema.QuoteQualified(q))
	arch := schema.QuoteIdent(archive)
	body := "IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = tbl AND contype = 'p') THEN" +
		" RAISE WARNING 'table % has no primary key: dropped, not archived', tbl; " +
		plExec("DROP TABLE "+schema.QuoteQualified(q)) + " RETURN; END IF; " +
		archivePrivilegeSQL("table "+q.String(), "op.DropTable") +
		ensureRegistrySQL() +
		// Foreign keys to other tables would block later drops of them.
		" FOR r IN SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = tbl AND contype = 'f' AND confrelid <> conrelid LOOP" +
		" EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, r.conname); END LOOP;" +
		// Enum columns would block a later drop of their type. The
		// checks, and the indexes with expressions or predicates, that
		// use them would not convert: they go (the restore adds them
		// back from the definition).
		" FOR r IN " + enumColumnsQuery("tbl", "") + " LOOP" +
		" FOR d IN SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = tbl AND contype = 'c' AND r.attnum = ANY (conkey) LOOP" +
		" EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, d.conname); END LOOP;" +
		" FOR d IN SELECT i.indexrelid::regclass AS ix FROM pg_catalog.pg_index i WHERE i.indrelid = tbl AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)" +
		" AND EXISTS (SELECT FROM pg_catalog.pg_depend p WHERE p.classid = 'pg_catalog.pg_class'::regclass AND p.objid = i.indexrelid AND p.refobjid = tbl AND p.refobjsubid = r.attnum) LOOP" +
		" EXECUTE format('DROP INDEX %s', d.ix); END LOOP;" +
		" EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT, ALTER COLUMN %I TYPE text USING %I::text', tbl, r.attname, r.attname, r.attname); END LOOP;" +
		" CREATE SCHEMA " + arch + ";" +
		" ALTER TABLE " + schema.QuoteQualified(q) + " SET SCHEMA " + arch + ";" +
		" INSERT INTO " + schema.QuoteQualified(registryTable) + " (archive, kind, original) VALUES (" +
		schema.QuoteLiteral(archive) + ", 'table', " + schema.QuoteLiteral(q.String()) + ");"
	return doBlock("tbl regclass := "+tbl+"; r record; d record;", body)
}

// enumColumnsQuery selects (attname, attnum) of the columns of the table rel (a
// PL/pgSQL expression of type regclass) whose type is an enum or an array
// of one; with column set (a literal), that column only.
func enumColumnsQuery(rel, column string) string {
	q := "SELECT a.attname, a.attnum FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid" +
		" LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND t.typelem <> 0" +
		" WHERE a.attrelid = " + rel + " AND a.attnum > 0 AND NOT a.attisdropped AND (t.typtype = 'e' OR e.typtype = 'e')"
	if column != "" {
		q += " AND a.attname = " + column
	}
	return q
}

// plainTypes are column types that are never enums: a restored table
// converts back only the other columns that its archive holds as text.
var plainTypes = map[string]bool{
	"text": true, "bigint": true, "integer": true, "smallint": true, "boolean": true, "int8": true, "int4": true,
	"int2": true, "bool": true, "real": true, "double precision": true, "numeric": true, "timestamptz": true,
	"timestamp with time zone": true, "timestamp": true, "timestamp without time zone": true, "date": true,
	"uuid": true, "jsonb": true, "json": true, "bytea": true, "inet": true, "serial": true, "bigserial": true,
	"character varying": true, "varchar": true, "interval": true, "time": true,
}

func plainType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	if i := strings.IndexByte(t, '('); i >= 0 {
		return true // varchar(n), numeric(p,s), ...: never an enum
	}
	return plainTypes[t]
}

// restoreTableSQL renders the restore of table t from the schema archive,
// or, when the archive is gone, its creation with a WARNING.
func restoreTableSQL(t *schema.Table, archive string) []string {
	q := t.QualifiedName()
	lit := schema.QuoteLiteral
	arch := schema.QuoteIdent(archive)
	archived := schema.QualifiedName{Schema: archive, Name: q.Name}
	var create strings.Builder
	for _, stmt := range createTableSQL(t) {
		create.WriteString(plExec(stmt))
	}
	var restore strings.Builder
	restore.WriteString("ALTER TABLE " + schema.QuoteQualified(archived) + " SET SCHEMA " + schema.QuoteIdent(q.Schema) + ";")
	restore.WriteString(" DROP SCHEMA " + arch + ";")
	for _, c := range t.Columns {
		if plainType(c.Type) || c.Generated != "" {
			continue
		}
		// Archived as text: back to the definition's type and default.
		stmt := alterTable(q, "ALTER COLUMN "+schema.QuoteIdent(c.Name)+" TYPE "+c.Type+" USING "+schema.QuoteIdent(c.Name)+"::"+c.Type)
		if c.Default != "" {
			stmt += ", ALTER COLUMN " + schema.QuoteIdent(c.Name) + " SET DEFAULT (" + c.Default + ")"
		}
		restore.WriteString(" IF (SELECT atttypid FROM pg_catalog.pg_attribute WHERE attrelid = " + lit(schema.QuoteQualified(q)) +
			"::regclass AND attname = " + lit(c.Name) + ") = 'text'::regtype THEN " + plExec(stmt) + " END IF;")
	}
	// The checks and indexes that the archive dropped with its enum
	// columns: those of the definition that are missing.
	for _, ck := range t.Checks {
		restore.WriteString(" IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = " + lit(schema.QuoteQualified(q)) +
			"::regclass AND conname = " + lit(ck.Name) + ") THEN " + plExec(alterTable(q, "ADD "+checkSQL(ck)+notValid(ck.NotValid))) + " END IF;")
	}
	for _, ix := range t.Indexes {
		restore.WriteString(" IF to_regclass(" + lit(schema.QuoteQualified(schema.QualifiedName{Schema: q.Schema, Name: ix.Name})) + ") IS NULL THEN " +
			plExec(createIndexSQL(q, ix, false)) + " END IF;")
	}
	for _, fk := range t.ForeignKeys {
		if fk.Ref() == q {
			continue // stayed with the table
		}
		restore.WriteString(" " + plExec(alterTable(q, "ADD "+foreignKeySQL(fk)+notValid(fk.NotValid))))
	}
	body := "IF to_regclass(" + lit(schema.QuoteQualified(archived)) + ") IS NULL THEN" +
		" RAISE WARNING 'the archive % of table % is gone (pruned?): the table is created empty', " + lit(archive) + ", " + lit(q.String()) + "; " +
		create.String() + " ELSE " + restore.String() + " END IF;" +
		" IF to_regclass(" + lit(schema.QuoteQualified(registryTable)) + ") IS NOT NULL THEN" +
		" DELETE FROM " + schema.QuoteQualified(registryTable) + " WHERE archive = " + lit(archive) + "; END IF;"
	return []string{doBlock("", body)}
}

// archiveColumnSQL renders the archive of column of table q to the table
// archive of [ArchiveSchema], then the drop of the column: one statement.
// A table without a primary key, or a column of the key, is dropped with
// a WARNING, as a plain [DropColumn] does.
func archiveColumnSQL(q schema.QualifiedName, column, archive string) string {
	lit := schema.QuoteLiteral
	drop := plExec(alterTable(q, "DROP COLUMN "+schema.QuoteIdent(column)))
	archived := schema.QuoteQualified(schema.QualifiedName{Schema: ArchiveSchema, Name: archive})
	// The key's columns of a type of the user's (an enum, a domain, an
	// array of them, ...) are kept as text: the archive must not depend
	// on a type that a later migration may drop.
	body := "SELECT string_agg(CASE WHEN ty.typnamespace = 'pg_catalog'::regnamespace THEN quote_ident(a.attname)" +
		" ELSE quote_ident(a.attname) || '::text AS ' || quote_ident(a.attname) END, ', ' ORDER BY k.ord), bool_or(a.attname = " + lit(column) + ") INTO keys, inkey" +
		" FROM pg_catalog.pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(attnum, ord)" +
		" JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum" +
		" JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid" +
		" WHERE c.conrelid = tbl AND c.contype = 'p';" +
		" IF keys IS NULL OR inkey THEN RAISE WARNING 'column %.% is dropped, not archived: the table has no primary key apart from it', tbl, " + lit(column) + "; " +
		drop + " RETURN; END IF; " +
		archivePrivilegeSQL("column "+q.String()+"."+column, "op.DropColumn") +
		ensureRegistrySQL() +
		" value := " + lit(schema.QuoteIdent(column)) + ";" +
		" IF EXISTS (" + enumColumnsQuery("tbl", lit(column)) + ") THEN value := value || '::text AS ' || " + lit(schema.QuoteIdent(column)) + "; END IF;" +
		" EXECUTE format('CREATE TABLE %s AS SELECT %s, %s FROM %s', " + lit(archived) + ", keys, value, tbl);" +
		" " + drop +
		" INSERT INTO " + schema.QuoteQualified(registryTable) + " (archive, kind, original) VALUES (" +
		lit(archive) + ", 'column', " + lit(q.String()+"."+column) + ");"
	return doBlock("tbl regclass := "+lit(schema.QuoteQualified(q))+"; keys text; inkey boolean; value text;", body)
}

// restoreColumnSQL renders the restore of column c of table q from the
// table archive of [ArchiveSchema] (see the comment at the top of this
// file): one statement.
func restoreColumnSQL(q schema.QualifiedName, c *schema.Column, archive string) []string {
	lit := schema.QuoteLiteral
	col := schema.QuoteIdent(c.Name)
	archQ := schema.QuoteQualified(schema.QualifiedName{Schema: ArchiveSchema, Name: archive})
	bare := *c
	bare.Nullable, bare.Default, bare.Comment = true, "", ""
	bare.Sequence, bare.SequenceOptions = "", ""
	var b strings.Builder
	// The key: the archive's columns other than the value.
	// The key: the archive's columns other than the value, compared as
	// text when the archive keeps them as text (see archiveColumnSQL).
	b.WriteString("IF arch IS NOT NULL THEN SELECT string_agg(CASE WHEN ta.atttypid = aa.atttypid THEN format('t.%1$I = a.%1$I', aa.attname)" +
		" ELSE format('t.%1$I::text = a.%1$I', aa.attname) END, ' AND ') INTO keys" +
		" FROM pg_catalog.pg_attribute aa LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = " + lit(schema.QuoteQualified(q)) + "::regclass" +
		" AND ta.attname = aa.attname AND NOT ta.attisdropped" +
		" WHERE aa.attrelid = arch AND aa.attnum > 0 AND NOT aa.attisdropped AND aa.attname <> " + lit(c.Name) + "; END IF;")
	if !c.Nullable && c.Default == "" {
		// Fail before changing anything when a row would have no value.
		b.WriteString(" IF arch IS NULL THEN EXECUTE " + lit("SELECT count(*) FROM "+schema.QuoteQualified(q)) + " INTO missing;" +
			" ELSE EXECUTE " + lit("SELECT count(*) FROM "+schema.QuoteQualified(q)+" t WHERE NOT EXISTS (SELECT FROM "+archQ+" a WHERE a."+col+" IS NOT NULL AND ") +
			" || keys || ')' INTO missing; END IF;" +
			" IF missing > 0 THEN RAISE EXCEPTION 'cannot restore column %.% NOT NULL: % row(s) have no archived value (inserted after the column was dropped, or the archive % was pruned)', " +
			lit(q.String()) + ", " + lit(c.Name) + ", missing, " + lit(archive) +
			" USING HINT = 'give the column a default in this downgrade (migrate.Column Default), or fill the rows first'; END IF;")
	}
	b.WriteString(" IF arch IS NULL THEN RAISE WARNING 'the archive % of column %.% is gone (pruned?): the column is added back without its values', " +
		lit(archive) + ", " + lit(q.String()) + ", " + lit(c.Name) + "; END IF;")
	b.WriteString(" " + plExec(alterTable(q, "ADD COLUMN "+columnSQL(q, &bare))))
	b.WriteString(" IF arch IS NOT NULL THEN EXECUTE " + lit("UPDATE "+schema.QuoteQualified(q)+" t SET "+col+" = a."+col+"::"+c.Type+" FROM "+archQ+" a WHERE ") + " || keys; END IF;")
	if c.Default != "" {
		b.WriteString(" " + plExec(alterTable(q, "ALTER COLUMN "+col+" SET DEFAULT ("+c.Default+")")))
		b.WriteString(" IF arch IS NULL THEN " + plExec("UPDATE "+schema.QuoteQualified(q)+" SET "+col+" = DEFAULT") +
			" ELSE EXECUTE " + lit("UPDATE "+schema.QuoteQualified(q)+" t SET "+col+" = DEFAULT WHERE NOT EXISTS (SELECT FROM "+archQ+" a WHERE ") + " || keys || ')'; END IF;")
	}
	if !c.Nullable {
		b.WriteString(" " + plExec(alterTable(q, "ALTER COLUMN "+col+" SET NOT NULL")))
	}
	if c.Comment != "" {
		b.WriteString(" " + plExec(columnCommentSQL(q, c.Name, c.Comment)))
	}
	b.WriteString(" IF arch IS NOT NULL THEN " + plExec("DROP TABLE "+archQ) + " END IF;" +
		" IF to_regclass(" + lit(schema.QuoteQualified(registryTable)) + ") IS NOT NULL THEN" +
		" DELETE FROM " + schema.QuoteQualified(registryTable) + " WHERE archive = " + lit(archive) + "; END IF;")
	return []string{doBlock("arch regclass := to_regclass("+lit(archQ)+"); keys text; missing bigint;", b.String())}
}
