package cli

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// columnModelsV1 is a table of plain columns.
const columnModelsV1 = `// Package models holds one table.
package models

// Counter is a table whose columns v2 turns into identity, serial and
// collated columns.
//
//schemagen:table counters
type Counter struct {
	ID    int64   ` + "`db:\"id,pk,identity\"`" + `
	N     int32   ` + "`db:\"n\"`" + `
	Code  string  ` + "`db:\"code\"`" + `
	Label *string ` + "`db:\"label\"`" + `
	At    int64   ` + "`db:\"at\"`" + `
}
`

// columnModelsV2 uses every tag option of issue 14's columns part:
// identity:always with sequence options, type:serial with options,
// collate, unique with nullsnotdistinct, an index directive nulls not
// distinct, and a new bigserial column.
const columnModelsV2 = `// Package models holds one table.
package models

// Counter is a table of identity, serial and collated columns.
//
//schemagen:table counters
//schemagen:index counters_code_label_idx unique (code, label) nulls not distinct
type Counter struct {
	ID    int64   ` + "`db:\"id,pk,identity:always,sequence:start 100 increment 10\"`" + `
	N     int32   ` + "`db:\"n,type:serial,sequence:cache 5\"`" + `
	Code  string  ` + "`db:\"code,collate:C\"`" + `
	Label *string ` + "`db:\"label,unique,nullsnotdistinct,collate:POSIX\"`" + `
	At    int64   ` + "`db:\"at\"`" + `
	Seq   int64   ` + "`db:\"seq,type:bigserial\"`" + `
}
`

// TestColumnAttributes is the model-side round trip of identity kinds,
// sequence options, serial columns, collations and NULLS NOT DISTINCT:
// v1 -> upgrade -> check clean -> v2 -> check drift -> revision ->
// upgrade -> check clean -> downgrade base leaves only the version
// table. Then a type change PostgreSQL cannot convert (bigint to
// timestamptz) autogenerates a migration with the USING placeholder,
// which check and upgrade refuse until the author writes the
// expressions.
func TestColumnAttributes(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(columnModelsV1)
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "v1")
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")

	m.writeModels(columnModelsV2)
	m.must(ExitDrift, "check")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "v2")
	m.reviewHazards()
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	db := openURL(t, m.dbURL)
	var seqs int
	if err := db.QueryRow(`SELECT count(*) FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'a'
		WHERE c.relkind = 'S' AND c.relname IN ('counters_n_seq', 'counters_seq_seq')`).Scan(&seqs); err != nil || seqs != 2 {
		t.Fatalf("owned serial sequences: %d, %v; want 2", seqs, err)
	}
	var always string
	if err := db.QueryRow(`SELECT attidentity FROM pg_attribute WHERE attrelid = 'counters'::regclass AND attname = 'id'`).Scan(&always); err != nil || always != "a" {
		t.Fatalf("identity of counters.id: %q, %v; want a (ALWAYS)", always, err)
	}

	// A conversion with no cast: the placeholder, refused until filled.
	m.writeModels(strings.Replace(columnModelsV2, "At    int64   `db:\"at\"`", "At    int64   `db:\"at,type:timestamptz\"`", 1))
	m.must(ExitOK, "revision", "--autogenerate", "-m", "at becomes a timestamp")
	m.reviewHazards()
	files := m.migrationFiles()
	last := files[len(files)-1]
	src, err := os.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(src), schema.UsingPlaceholder) != 2 {
		t.Fatalf("migration %s holds the placeholder %d times, want 2 (upgrade and downgrade):\n%s", last, strings.Count(string(src), schema.UsingPlaceholder), src)
	}
	if out := m.must(ExitError, "check"); !strings.Contains(out, "USING") {
		t.Errorf("check of a migration holding the placeholder says:\n%s\nwant it to name the USING expression", out)
	}
	m.must(ExitError, "upgrade")
	filled := strings.Replace(string(src), `"`+schema.UsingPlaceholder+`"`, "`to_timestamp(\"at\")`", 1)
	filled = strings.Replace(filled, `"`+schema.UsingPlaceholder+`"`, "`extract(epoch FROM \"at\")::bigint`", 1)
	// The upgrade's To comes after the downgrade's in no particular
	// order: put each expression where its direction needs it.
	if strings.Index(filled, "to_timestamp") > strings.Index(filled, "extract(epoch") {
		filled = strings.NewReplacer("`to_timestamp(\"at\")`", "`extract(epoch FROM \"at\")::bigint`", "`extract(epoch FROM \"at\")::bigint`", "`to_timestamp(\"at\")`").Replace(filled)
	}
	writeFile(t, last, filled)
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")

	m.must(ExitOK, "downgrade", "base")
	var tables []string
	rows, err := db.Query(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if len(tables) == 0 || slices.ContainsFunc(tables, func(n string) bool { return !strings.HasPrefix(n, "schemagen_version") }) {
		t.Errorf("after downgrade base the database holds %v, want only the version tables", tables)
	}
}
