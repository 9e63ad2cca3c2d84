package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRenameHints runs testdata/models/renames: v2 renames a table
// (//schemagen:renamed) and two columns (renamed:), and the migration
// must rename them, both ways, keeping their rows, never drop and add.
// Once applied, the hints change nothing.
func TestRenameHints(t *testing.T) {
	t.Parallel()
	caseDir := filepath.Join(repoRoot(t), "testdata", "models", "renames")
	m := newTestModule(t)
	m.setModels(filepath.Join(caseDir, "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	m.must(ExitOK, "upgrade")
	first := m.migrationFiles()[0]
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`INSERT INTO customers (name, mail) VALUES ('ada', 'ada@example.com');
INSERT INTO orders (customer_id, memo) SELECT id, 'first' FROM customers`); err != nil {
		t.Fatal(err)
	}

	m.setModels(filepath.Join(caseDir, "v2"))
	m.must(ExitOK, "revision", "--autogenerate", "-m", "rename")
	second := newestFile(t, m.migrationFiles(), first)
	b, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	up, down, ok := strings.Cut(src, "Downgrade:")
	if !ok {
		t.Fatalf("%s has no Downgrade:\n%s", second, src)
	}
	for _, tc := range []struct {
		part, text string
		want       []string
	}{
		{"upgrade", up, []string{
			`op\.RenameTable\("customers", "clients"\)`,
			`op\.RenameColumn\("(customers|clients)", "mail", "email"\)`,
			`op\.RenameColumn\("orders", "memo", "note"\)`,
		}},
		{"downgrade", down, []string{
			`op\.RenameTable\("clients", "customers"\)`,
			`op\.RenameColumn\("(customers|clients)", "email", "mail"\)`,
			`op\.RenameColumn\("orders", "note", "memo"\)`,
		}},
	} {
		for _, w := range tc.want {
			if !regexp.MustCompile(w).MatchString(tc.text) {
				t.Errorf("%s lacks %s", tc.part, w)
			}
		}
	}
	for _, bad := range []string{"op.DropTable(", "op.CreateTable", "op.DropColumn(", "op.AddColumn("} {
		if strings.Contains(src, bad) {
			t.Errorf("the migration calls %s: a rename hint gave a drop and an add", bad)
		}
	}
	if t.Failed() {
		t.Fatalf("migration %s:\n%s", filepath.Base(second), src)
	}

	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	// The hints stay in the models; once applied they mean nothing.
	if out := m.must(ExitOK, "revision", "--autogenerate", "-m", "nothing"); !strings.Contains(out, "no changes") {
		t.Errorf("autogenerate after the renames: %s", out)
	}
	var email, note string
	if err := db.QueryRow(`SELECT c.email, o.note FROM clients c JOIN orders o ON o.customer_id = c.id`).Scan(&email, &note); err != nil {
		t.Fatalf("rows after the renames: %v", err)
	}
	if email != "ada@example.com" || note != "first" {
		t.Errorf("after the renames: email %q, note %q; want the rows of v1", email, note)
	}

	m.must(ExitOK, "downgrade", "-1")
	var mail, memo string
	if err := db.QueryRow(`SELECT c.mail, o.memo FROM customers c JOIN orders o ON o.customer_id = c.id`).Scan(&mail, &memo); err != nil {
		t.Fatalf("rows after the downgrade: %v", err)
	}
	if mail != "ada@example.com" || memo != "first" {
		t.Errorf("after the downgrade: mail %q, memo %q; want the rows of v1", mail, memo)
	}
	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
}
