package migrate_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/migrate"
)

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
