package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/bench/gen"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// splitFixture returns the changes the differ writes for new tables
// t1…tn, each with an index per name in idx: the tables first, then the
// indexes.
func splitFixture(n int, idx ...string) []change.Change {
	var tables, indexes []change.Change
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("t%d", i)
		tables = append(tables, change.CreateTable{Table: &schema.Table{Schema: schema.DefaultSchema, Name: name,
			Columns: []*schema.Column{{Name: "id", Type: "bigint"}}}})
		for _, ix := range idx {
			indexes = append(indexes, change.CreateIndex{Table: schema.QualifiedName{Schema: schema.DefaultSchema, Name: name},
				Index: &schema.Index{Name: name + "_" + ix, Columns: []string{"id"}}})
		}
	}
	return append(tables, indexes...)
}

// describeParts renders parts as "t1 t1_a | t2 t2_a" for comparing.
func describeParts(parts [][]change.Change) string {
	var ps []string
	for _, p := range parts {
		var ns []string
		for _, c := range p {
			switch c := c.(type) {
			case change.CreateTable:
				ns = append(ns, c.Table.Name)
			case change.CreateIndex:
				ns = append(ns, c.Index.Name)
			case change.AddColumn:
				ns = append(ns, c.Table.Name+"."+c.Column.Name)
			default:
				ns = append(ns, fmt.Sprintf("%T", c))
			}
		}
		ps = append(ps, strings.Join(ns, " "))
	}
	return strings.Join(ps, " | ")
}

func TestSplitChanges(t *testing.T) {
	t.Parallel()
	addCol := change.AddColumn{Table: schema.QualifiedName{Schema: schema.DefaultSchema, Name: "t1"}, Column: &schema.Column{Name: "c", Type: "text", Nullable: true}}
	idx := func(table, name string) change.Change {
		return change.CreateIndex{Table: schema.QualifiedName{Schema: schema.DefaultSchema, Name: table}, Index: &schema.Index{Name: name, Columns: []string{"id"}}}
	}
	cases := []struct {
		name    string
		changes []change.Change
		max     int
		want    string
	}{
		{name: "no limit", changes: splitFixture(3, "a"), max: 0, want: "t1 t2 t3 t1_a t2_a t3_a"},
		{name: "within the limit: as the differ wrote it", changes: splitFixture(3, "a"), max: 6, want: "t1 t2 t3 t1_a t2_a t3_a"},
		{name: "a table and its indexes stay together", changes: splitFixture(4, "a", "b"), max: 6,
			want: "t1 t1_a t1_b t2 t2_a t2_b | t3 t3_a t3_b t4 t4_a t4_b"},
		{name: "parts fill up to the limit", changes: splitFixture(5, "a"), max: 5,
			want: "t1 t1_a t2 t2_a | t3 t3_a t4 t4_a | t5 t5_a"},
		{name: "a group larger than the limit is a part of its own", changes: splitFixture(2, "a", "b", "c"), max: 2,
			want: "t1 t1_a t1_b t1_c | t2 t2_a t2_b t2_c"},
		{name: "limit 1", changes: []change.Change{addCol, addCol, addCol}, max: 1, want: "t1.c | t1.c | t1.c"},
		{
			// Another change between the tables and an index: the index
			// stays where the differ put it.
			name:    "an index after another change is not moved",
			changes: []change.Change{splitFixture(1)[0], addCol, idx("t1", "t1_a"), idx("t1", "t1_b")},
			max:     2,
			want:    "t1 t1.c | t1_a t1_b",
		},
		{
			name:    "an index on a table the list does not create stays in place",
			changes: []change.Change{idx("old", "old_a"), splitFixture(1)[0], idx("old", "old_b"), idx("t1", "t1_a")},
			max:     2,
			want:    "old_a | t1 t1_a | old_b",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			parts := splitChanges(tc.changes, tc.max)
			if got := describeParts(parts); got != tc.want {
				t.Errorf("splitChanges(max %d):\n got %s\nwant %s", tc.max, got, tc.want)
			}
			n := 0
			for _, p := range parts {
				n += len(p)
			}
			if n != len(tc.changes) {
				t.Errorf("the parts hold %d changes, want %d", n, len(tc.changes))
			}
		})
	}
}

func TestPartMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		msg  string
		k, n int
		want string
	}{
		{"initial", 1, 1, "initial"},
		{"initial", 2, 25, "initial (part 2 of 25)"},
		{"", 1, 3, "part 1 of 3"},
	} {
		if got := partMessage(tc.msg, tc.k, tc.n); got != tc.want {
			t.Errorf("partMessage(%q, %d, %d) = %q, want %q", tc.msg, tc.k, tc.n, got, tc.want)
		}
	}
}

// TestNextRevisionID checks the IDs of a split migration's parts: a
// second after the previous part (or later, past the times revisions
// have), with a suffix that no revision of the graph nor an earlier part
// has (the source of suffixes repeats them).
func TestNextRevisionID(t *testing.T) {
	t.Parallel()
	set := &migrate.Set{}
	for _, rev := range []string{"20261130120001", "20261130120002_bcdf"} {
		set.Add(migrate.Migration{Revision: rev, Upgrade: func(*migrate.Op) {}, Downgrade: func(*migrate.Op) {}})
	}
	g, err := set.Graph()
	if err != nil {
		t.Fatal(err)
	}
	// Every draw gives bcdf, then cdfg, then dfgh, ...
	a := &App{Rand: bytes.NewReader([]byte{0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 4, 1, 2, 3, 4, 2, 3, 4, 5})}
	parts := []emitter.Migration{{Revision: "20261130120003_cdfg"}}
	for _, tc := range []struct{ after, want string }{
		// 01 and 02 are revisions' times, 03 a part's.
		{"20261130120000", "20261130120004_dfgh"},
	} {
		got, err := a.nextRevisionID(g, tc.after, parts)
		if err != nil || got != tc.want {
			t.Errorf("nextRevisionID(%s) = %s, %v; want %s", tc.after, got, err, tc.want)
		}
	}
	a.Rand = bytes.NewReader([]byte{0, 1, 2, 3, 1, 2, 3, 4})
	if got, err := a.nextRevisionID(g, "20261130235959_kfxd", nil); err != nil || got != "20261201000000_cdfg" {
		t.Errorf("nextRevisionID(20261130235959_kfxd) = %s, %v; want 20261201000000_cdfg", got, err)
	}
	// A suffix is never a whole ID of the graph either.
	set.Add(migrate.Migration{Revision: "dfgh", DownRevision: []string{"20261130120001"}, Upgrade: func(*migrate.Op) {}, Downgrade: func(*migrate.Op) {}})
	if g, err = set.Graph(); err != nil {
		t.Fatal(err)
	}
	a.Rand = bytes.NewReader([]byte{2, 3, 4, 5, 3, 4, 5, 6})
	if got, err := a.nextRevisionID(g, "20261130235959_kfxd", nil); err != nil || got != "20261201000000_fghj" {
		t.Errorf("nextRevisionID with an ID dfgh = %s, %v; want 20261201000000_fghj", got, err)
	}
	if _, err := a.nextRevisionID(g, "nonsense", nil); err == nil {
		t.Error("nextRevisionID(nonsense): no error")
	}
}

// TestHugeAutogenerateChain writes the migration of 50 benchmark tables
// with --max-changes 10: a chain of revisions, each with at most 10
// changes and each table with its indexes, that upgrades, checks clean
// and downgrades to base. A part that fails leaves the database at the
// part before it, every table of the earlier parts there and none of
// its own; once the cause is gone, upgrade goes on from there.
func TestHugeAutogenerateChain(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	models, err := gen.GoModels(gen.Tables(50, gen.Database))
	if err != nil {
		t.Fatal(err)
	}
	if err := models.Write(m.dir); err != nil {
		t.Fatal(err)
	}
	// The models import example.com/bench/uuid: the test module's path
	// must be the generated one.
	gomod := filepath.Join(m.dir, "go.mod")
	src, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, gomod, strings.Replace(string(src), "module example.com/rt", "module "+gen.ModulePath, 1))

	m.must(ExitOK, "init")
	out := m.must(ExitOK, "revision", "--autogenerate", "--max-changes", "10", "-m", "create tables")
	files := m.migrationFiles()
	if len(files) < 10 || !strings.Contains(out, fmt.Sprintf("written as %d revisions of at most 10 changes", len(files))) {
		t.Fatalf("%d migration files, want at least 10 (125 changes, at most 10 each); output:\n%s", len(files), out)
	}
	// Each file: at most 10 op calls a side, a table's indexes beside it,
	// no hazard (an index built on a table an earlier part created would
	// be one), on the file before it.
	prev := ""
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if n := strings.Count(text, "\t\t\top.CreateTableNamed(") + strings.Count(text, "\t\t\top.CreateIndex("); n > 10 || n == 0 {
			t.Errorf("%s: %d upgrade changes, want 1 to 10", filepath.Base(f), n)
		}
		if strings.Contains(text, "hazard") {
			t.Errorf("%s holds a hazard:\n%s", filepath.Base(f), text)
		}
		if !strings.Contains(text, fmt.Sprintf("(part %d of %d)", i+1, len(files))) {
			t.Errorf("%s: no \"(part %d of %d)\" in the message", filepath.Base(f), i+1, len(files))
		}
		if prev != "" && !strings.Contains(text, fmt.Sprintf("DownRevision: []string{%q}", prev)) {
			t.Errorf("%s: not on %s", filepath.Base(f), prev)
		}
		prev = revisionOf(f)
	}
	if out := m.must(ExitOK, "heads"); strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, prev) {
		t.Fatalf("heads: %s, want %s alone", out, prev)
	}

	// A table of the fourth part exists already: upgrade stops there.
	db := openURL(t, m.dbURL)
	fourth, err := os.ReadFile(files[3])
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(fourth), "op.CreateTableNamed(\"")
	blocker, _, _ := strings.Cut(rest, "\"")
	if _, err := db.ExecContext(context.Background(), "CREATE TABLE "+schema.QuoteIdent(blocker)+" (x int)"); err != nil {
		t.Fatal(err)
	}
	m.must(ExitError, "upgrade")
	var at string
	if err := db.QueryRow(`SELECT string_agg(revision, ',') FROM public.schemagen_version`).Scan(&at); err != nil || at != revisionOf(files[2]) {
		t.Fatalf("after the fourth part failed: at %q (%v), want the third part %s", at, err, revisionOf(files[2]))
	}
	var tables int
	if err := db.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	var before int
	for _, f := range files[:3] {
		b, _ := os.ReadFile(f)
		before += strings.Count(string(b), "\t\t\top.CreateTableNamed(")
	}
	if tables != before+1 { // the blocker
		t.Fatalf("after the fourth part failed: %d tables, want the %d of the first three parts and the blocker", tables, before)
	}
	if _, err := db.ExecContext(context.Background(), "DROP TABLE "+schema.QuoteIdent(blocker)); err != nil {
		t.Fatal(err)
	}
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
}
