package migrate_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/migrate"
)

// TestAttackHazardsRenameOntoCreatedName checks that a table the list
// created and dropped again does not lend its "new and empty" status to
// another table renamed to its name: dropping that table, which holds
// the rows of users, is data loss.
func TestAttackHazardsRenameOntoCreatedName(t *testing.T) {
	t.Parallel()
	changes := migrate.Record(func(op *migrate.Op) {
		op.CreateTable(migrate.Table{Name: "tmp", Columns: []*migrate.Column{{Name: "id", Type: "int"}}})
		op.DropTable("tmp")
		op.RenameTable("users", "tmp")
		op.DropTable("tmp")
	})
	hs := migrate.UnallowedHazards(changes, false, nil)
	for _, h := range hs {
		if h.Kind == migrate.HazardDataLoss {
			return
		}
	}
	t.Errorf("dropping users (renamed to a name the migration created and dropped before) carries no data-loss hazard; hazards: %v", hs)
}

// TestAttackMainRedactsDriverError checks that migrate.Main, the program
// that applications and deploy jobs run directly, prints no password
// when the driver refuses DATABASE_URL: lib/pq quotes a malformed URL
// whole in its error.
func TestAttackMainRedactsDriverError(t *testing.T) {
	const secret = "s3cr3t-pa\"ss"
	t.Setenv("DATABASE_URL", "postgres://app:"+secret+"@127.0.0.1:5432/app")
	var stdout, stderr bytes.Buffer
	code := migrate.Main(newSet(mig("1", "t")), []string{"upgrade", "head"}, &stdout, &stderr)
	if code == 0 {
		t.Fatalf("Main succeeded with a malformed URL; stderr: %s", stderr.String())
	}
	out := stdout.String() + stderr.String()
	if strings.Contains(out, "s3cr3t") {
		t.Errorf("Main printed the password: %s", out)
	}
}
