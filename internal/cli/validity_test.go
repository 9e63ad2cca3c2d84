package cli

import (
	"strings"
	"testing"
)

// Models of TestHalfBuiltObjects: v1 a table, v2 a unique index on it,
// v3 a check too.
const (
	halfBuiltV1 = `package models

//schemagen:table pets
type Pet struct {
	ID   int64  ` + "`db:\"id,pk\"`" + `
	Name string ` + "`db:\"name\"`" + `
}
`
	halfBuiltV2 = `package models

//schemagen:table pets
//schemagen:index pets_name_idx unique (name)
type Pet struct {
	ID   int64  ` + "`db:\"id,pk\"`" + `
	Name string ` + "`db:\"name\"`" + `
}
`
	halfBuiltV3 = `package models

//schemagen:table pets
//schemagen:index pets_name_idx unique (name)
type Pet struct {
	ID   int64  ` + "`db:\"id,pk\"`" + `
	Name string ` + "`db:\"name,check:name <> ''\"`" + `
}
`
)

// TestHalfBuiltObjects (issue 12, item 7): two online migrations are
// interrupted, one by a concurrent unique build that fails over duplicate
// rows (the index is left INVALID), the other by a validation that fails
// (the check is left NOT VALID), and each is stamped as applied. The
// migrations and the models agree, so check --offline is clean; but the
// database is not what they say, and check and diff must say so, and a
// repair migration must finish both objects.
func TestHalfBuiltObjects(t *testing.T) {
	t.Parallel()
	m := newTestModule(t)
	m.writeModels(halfBuiltV1)
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create pets")
	m.must(ExitOK, "upgrade")
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(`INSERT INTO pets VALUES (1, 'rex'), (2, 'rex'), (3, '')`); err != nil {
		t.Fatal(err)
	}

	m.writeModels(halfBuiltV2)
	m.must(ExitOK, "revision", "--autogenerate", "--online", "-m", "index names")
	if code, out, errOut := m.run("upgrade"); code == ExitOK {
		t.Fatalf("upgrade over duplicate names succeeded:\n%s%s", out, errOut)
	}
	m.must(ExitOK, "stamp", "head")
	m.writeModels(halfBuiltV3)
	m.must(ExitOK, "revision", "--autogenerate", "--offline", "--online", "-m", "check names")
	if code, out, errOut := m.run("upgrade"); code == ExitOK {
		t.Fatalf("upgrade over a blank name succeeded:\n%s%s", out, errOut)
	}
	m.must(ExitOK, "stamp", "head")

	m.must(ExitOK, "check", "--offline")
	out := m.must(ExitDrift, "check")
	for _, want := range []string{"drop invalid index pets_name_idx", "create index pets_name_idx", "validate constraint pets_name_check"} {
		if !strings.Contains(out, want) {
			t.Errorf("check over half-built objects lacks %q:\n%s", want, out)
		}
	}
	out = m.must(ExitDrift, "diff", "--from", m.dbURL, "--to", "migrations:migrations")
	for _, want := range []string{`DROP INDEX "public"."pets_name_idx"`, `CREATE UNIQUE INDEX "pets_name_idx"`, `VALIDATE CONSTRAINT "pets_name_check"`} {
		if !strings.Contains(out, want) {
			t.Errorf("diff from the database to the migrations lacks %q:\n%s", want, out)
		}
	}

	// Fix the rows; the live autogenerate writes the repair, online as the
	// migrations that it finishes.
	if _, err := db.Exec(`DELETE FROM pets WHERE id IN (2, 3)`); err != nil {
		t.Fatal(err)
	}
	m.must(ExitOK, "revision", "--autogenerate", "--online", "-m", "repair")
	m.must(ExitOK, "upgrade")
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")
	if code, out, errOut := m.run("diff", "--from", m.dbURL, "--to", "migrations:migrations"); code != ExitOK {
		t.Errorf("diff after the repair: exit %d\n%s%s", code, out, errOut)
	}
}
