package cli

import (
	"fmt"
	"strings"
)

// initConfig returns the schemagen.toml that `schemagen init` writes: the
// models' package patterns and the migrations folder (relative to the
// module root, with forward slashes), then every other setting commented
// out with an example value. The README shows it as written for
// ["./models"] and "migrations" (TestInitConfigInREADME).
func initConfig(models []string, migrations string) string {
	quoted := make([]string, len(models))
	for i, m := range models {
		quoted[i] = fmt.Sprintf("%q", m)
	}
	var b strings.Builder
	b.WriteString(`# schemagen settings; paths are relative to this folder (the module root).
# Flags override them; DATABASE_URL overrides database_url, SCHEMAGEN_DEV_URL
# dev_url, SCHEMAGEN_LOCK_TIMEOUT lock_timeout (and so on for the timeouts,
# lock_retries and lock_wait). Values are taken literally, except ${NAME} in
# the URLs, which reads the environment variable NAME.
`)
	fmt.Fprintf(&b, "%-30s # Go package patterns holding the models\n", "models = ["+strings.Join(quoted, ", ")+"]")
	fmt.Fprintf(&b, "%-30s # the migrations folder\n", fmt.Sprintf("migrations = %q", migrations))
	b.WriteString(`# database_url = "postgres://app:${DBPASS}@localhost:5432/app?sslmode=disable"
# A dev database where check, diff and revision --autogenerate do their
# scratch work, so that the target is only read:
# dev_url = "postgres://app@localhost:5432/app_dev?sslmode=disable"
# version_table = "public.schemagen_version"
# online = true                # revision --autogenerate writes online-safe plans
# lock_timeout = "2s"          # per migration statement; a lock timeout is retried
# lock_retries = 3             #   this many times, with a growing pause
# statement_timeout = "10m"
# lock_wait = "5m"             # wait for the migration lock at most this long; "0" forever
# schemas = ["public", "app"]  # compare only these schemas (globs)
# exclude_schemas = ["reporting"]
# exclude = ["public.legacy_*", "citext", "pg_trgm"]
`)
	return b.String()
}
