package pgtest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestServerRecordsSkips checks that a test skipped for want of a server
// is written to the file SCHEMAGEN_SKIP_LOG names, one line each, which
// is what `make test` counts in its last line.
func TestServerRecordsSkips(t *testing.T) {
	log := filepath.Join(t.TempDir(), "skips")
	t.Setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")
	t.Setenv("SCHEMAGEN_REQUIRE_DB", "")
	t.Setenv(SkipLogEnv, log)
	for _, name := range []string{"first", "second"} {
		ran := false
		t.Run(name, func(t *testing.T) {
			Server(t)
			ran = true
		})
		if ran {
			t.Fatalf("%s: Server returned without a server at 127.0.0.1:1", name)
		}
	}
	got, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if want := "TestServerRecordsSkips/first\nTestServerRecordsSkips/second\n"; string(got) != want {
		t.Errorf("skip log = %q, want %q", got, want)
	}
}

// TestRecordSkipWithoutLog checks that without SCHEMAGEN_SKIP_LOG nothing
// is written and nothing fails.
func TestRecordSkipWithoutLog(t *testing.T) {
	t.Setenv(SkipLogEnv, "")
	if err := RecordSkip("x"); err != nil {
		t.Fatal(err)
	}
}
