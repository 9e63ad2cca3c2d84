package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Models of TestRenameKeepsChecks: v2 renames the table of v1 and the
// column that its checks and expression index read.
const (
	renameChecksV1 = `package models

//schemagen:table widgets
//schemagen:check widgets_color_hex color ~ '^#[0-9a-f]{6}$'
//schemagen:index widgets_color_lower (lower(color)) where color <> ''
type Widget struct {
	ID    int64  ` + "`db:\"id,pk\"`" + `
	Color string ` + "`db:\"color,check:length(color) = 7\"`" + `
}
`
	renameChecksV2 = `package models

//schemagen:table gadgets
//schemagen:renamed widgets
//schemagen:check widgets_color_hex colour ~ '^#[0-9a-f]{6}$'
//schemagen:index widgets_color_lower (lower(colour)) where colour <> ''
type Widget struct {
	ID     int64  ` + "`db:\"id,pk\"`" + `
	Colour string ` + "`db:\"colour,renamed:color,check:length(colour) = 7\"`" + `
}
`
)

// TestRenameKeepsChecks (issue 12, item 4): renaming a table and a
// column that text checks and an expression index read renames them and
// their default-named constraints, never drops and adds them, and the
// live autogenerate writes the same migration as the offline one.
func TestRenameKeepsChecks(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(renameChecksV1)
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create widgets")
	m.must(ExitOK, "upgrade")

	m.writeModels(renameChecksV2)
	body := func(offline bool) string {
		t.Helper()
		args := []string{"revision", "--autogenerate", "-m", "rename"}
		if offline {
			args = append(args, "--offline")
		}
		before := m.migrationFiles()
		m.must(ExitOK, args...)
		files := m.migrationFiles()
		if len(files) != len(before)+1 {
			t.Fatalf("%s wrote %d files", strings.Join(args, " "), len(files)-len(before))
		}
		path := files[len(files)-1]
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		// The revision ID is the clock's: leave it out.
		return regexp.MustCompile(`\b2026\d{10}(_[a-z]{4})?\b`).ReplaceAllString(string(src), "REV")
	}
	live, offline := body(false), body(true)
	if live != offline {
		t.Errorf("live and offline autogenerate differ:\n--- live\n%s\n--- offline\n%s", live, offline)
	}
	for _, bad := range []string{"op.DropCheck(", "op.AddCheck(", "op.DropIndex(", "op.CreateIndex("} {
		if strings.Contains(live, bad) {
			t.Errorf("the rename calls %s:\n%s", bad, live)
		}
	}
	for _, want := range []string{
		`op.RenameTable("widgets", "gadgets")`,
		`op.RenameColumn("gadgets", "color", "colour")`,
		`op.RenameConstraint("gadgets", "widgets_color_check", "gadgets_colour_check")`,
	} {
		if !strings.Contains(live, want) {
			t.Errorf("the migration lacks %s:\n%s", want, live)
		}
	}

	m.must(ExitOK, "revision", "--autogenerate", "-m", "rename")
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")
	// Down and up again: the reverse renames put back what was there.
	m.must(ExitOK, "downgrade", "-1")
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
}
