package migrate

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/sigctx"
	"github.com/schemagen/schemagen/schema"
)

// Main runs one database command on set and returns the process exit code
// (0 done, 2 error). The schemagen CLI builds a tiny program around it in
// the user's module, so that migrations run with the user's own code:
//
//	func main() { os.Exit(migrate.Main(migrations.Set, os.Args[1:], os.Stdout, os.Stderr)) }
//
// Commands: "upgrade TARGET", "downgrade TARGET", "stamp [REV ...]", and
// "dump", which prints every migration's recorded changes as JSON
// ([Recorded]) and needs no database. The
// database URL comes from the environment variable DATABASE_URL (never from
// arguments, which other users of the machine can read) and the version
// table from SCHEMAGEN_VERSION_TABLE ("schema.name"). SCHEMAGEN_LOCK_TIMEOUT
// and SCHEMAGEN_STATEMENT_TIMEOUT (Go durations such as "2s") and
// SCHEMAGEN_LOCK_RETRIES (a count) set [WithLockTimeout],
// [WithStatementTimeout] and [WithLockRetries], and SCHEMAGEN_ALLOW_HAZARDS
// ("all" or kinds separated by commas, see [change.ParseHazardKinds]) sets
// [WithAllowHazards]; empty or unset means the default, and an invalid
// value is an error that names the variable. "dump" and every other
// command first check the set ([Set.Validate]).
// Progress lines (each migration run, a wait for the lock, a retry, a
// resumed migration) go to stdout. The program must import a PostgreSQL
// driver registered as "postgres", such as lib/pq.
//
// SIGINT (Ctrl-C) and SIGTERM cancel the run: the migration in progress
// rolls back, the migration lock is released, the database stays at the
// last migration that finished, and Main returns 2. A second signal exits
// at once with 130 (128+SIGINT, the shell's code for a program Ctrl-C
// killed); PostgreSQL then rolls back when the connection drops. When the
// schemagen CLI started the program (SCHEMAGEN_CLI=1), a second signal is
// left to the CLI, which forwards the first: Ctrl-C in a terminal reaches
// both, and that must not count as two.
func Main(set *Set, args []string, stdout, stderr io.Writer) int {
	exit := os.Exit
	if os.Getenv("SCHEMAGEN_CLI") == "1" {
		exit = nil
	}
	ctx, stop := sigctx.Cancel(context.Background(), stderr, "rolling back the migration in progress", exit)
	defer stop()
	if err := runMain(ctx, set, args, stdout, stderr); err != nil {
		// The driver may quote DATABASE_URL in its errors (lib/pq does
		// for a URL it cannot parse): no password is ever printed.
		fmt.Fprintln(stderr, "schemagen:", dburl.Scrub(err.Error(), os.Getenv("DATABASE_URL")))
		return 2
	}
	return 0
}

func runMain(ctx context.Context, set *Set, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: upgrade TARGET | downgrade TARGET | stamp [REV ...] | dump")
	}
	if args[0] == "dump" {
		if err := set.Validate(); err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		return enc.Encode(RecordAll(set))
	}
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		return fmt.Errorf("DATABASE_URL is not set")
	}
	opts, err := envOptions()
	if err != nil {
		return err
	}
	if vt := os.Getenv("SCHEMAGEN_VERSION_TABLE"); vt != "" {
		opts = append(opts, WithVersionTable(schema.ParseQualifiedName(vt)))
	}
	opts = append(opts, WithLogf(func(format string, args ...any) {
		fmt.Fprintf(stdout, format+"\n", args...)
	}))
	db, err := sql.Open("postgres", url)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	m, err := New(db, set, opts...)
	if err != nil {
		return err
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "upgrade", "downgrade":
		if len(rest) != 1 {
			return fmt.Errorf("usage: %s TARGET", cmd)
		}
		run := m.Upgrade
		if cmd == "downgrade" {
			run = m.Downgrade
		}
		results, err := run(ctx, rest[0])
		if len(results) == 0 && err == nil {
			fmt.Fprintln(stdout, "nothing to do: the database is already at the target")
		}
		return err
	case "stamp":
		return m.Stamp(ctx, rest...)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// envOptions reads the options that the environment sets: the timeouts,
// the lock retries and the acknowledged hazards.
func envOptions() ([]Option, error) {
	var opts []Option
	for _, d := range []struct {
		env string
		opt func(time.Duration) Option
	}{
		{"SCHEMAGEN_LOCK_TIMEOUT", WithLockTimeout},
		{"SCHEMAGEN_STATEMENT_TIMEOUT", WithStatementTimeout},
	} {
		v := os.Getenv(d.env)
		if v == "" {
			continue
		}
		dur, err := time.ParseDuration(v)
		if err != nil || dur < 0 {
			return nil, fmt.Errorf("%s=%q is not a duration of zero or more such as 2s or 500ms", d.env, v)
		}
		opts = append(opts, d.opt(dur))
	}
	if v := os.Getenv("SCHEMAGEN_ALLOW_HAZARDS"); v != "" {
		kinds, err := change.ParseHazardKinds(v)
		if err != nil {
			return nil, fmt.Errorf("SCHEMAGEN_ALLOW_HAZARDS=%q: %w; want \"all\" or hazard kinds separated by commas", v, err)
		}
		opts = append(opts, WithAllowHazards(kinds...))
	}
	if v := os.Getenv("SCHEMAGEN_LOCK_RETRIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("SCHEMAGEN_LOCK_RETRIES=%q is not a count of zero or more", v)
		}
		opts = append(opts, WithLockRetries(n))
	}
	return opts, nil
}
