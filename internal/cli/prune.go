package cli

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// archived is one row of the registry of archived objects.
type archived struct {
	name, kind, original string
	at                   time.Time
}

func (a archived) String() string {
	where := schema.QuoteIdent(a.name)
	if a.kind == "column" {
		where = schema.QuoteQualified(schema.QualifiedName{Schema: change.ArchiveSchema, Name: a.name})
	}
	return fmt.Sprintf("%s %s, archived %s in %s", a.kind, a.original, a.at.UTC().Format(time.RFC3339), where)
}

// cmdPrune drops archived data of reversible drops (see
// [change.ArchiveSchema]).
func cmdPrune(fs *flag.FlagSet) runFunc {
	olderThan := fs.String("older-than", "", "prune only what was archived longer ago than `DURATION` (such as 720h or 30d); default: everything")
	dryRun := fs.Bool("dry-run", false, "list what would be pruned, and prune nothing")
	yes := fs.Bool("yes", false, "prune for good (without it, prune lists what it would drop and exits 2)")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("prune", args); err != nil {
			return err
		}
		var age time.Duration
		if *olderThan != "" {
			var err error
			if age, err = parseAge(*olderThan); err != nil {
				return usageErr("--older-than: %v", err)
			}
		}
		db, err := a.openDB(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		// The migration lock: a downgrade restoring an archive does not
		// run while prune drops it.
		conn, unlock, err := migrationLock(ctx, db, p.versionTable)
		if err != nil {
			return err
		}
		defer conn.Close()
		defer unlock()
		all, err := listArchived(ctx, conn, age)
		if err != nil {
			return err
		}
		var list, refused []archived
		for _, x := range all {
			if why := x.notAnArchive(); why != "" {
				fmt.Fprintf(a.Stderr, "schemagen: warning: registry row %q (%s %s) skipped: %s\n", x.name, x.kind, x.original, why)
				refused = append(refused, x)
				continue
			}
			list = append(list, x)
		}
		if len(list) == 0 {
			a.printf("nothing archived to prune\n")
			return refusedRows(refused)
		}
		verb := "would prune"
		if *yes && !*dryRun {
			verb = "pruning"
		}
		a.printf("%s %d archived object(s):\n", verb, len(list))
		for _, x := range list {
			a.printf("  %s\n", x)
		}
		if *dryRun {
			return refusedRows(refused)
		}
		if !*yes {
			return usageErr("hazard data-loss: prune deletes the archived data for good, and a downgrade past the migration that archived it then recreates the table empty, or the column without its values; rerun with --yes to prune")
		}
		for _, x := range list {
			if err := pruneOne(ctx, conn, x); err != nil {
				return err
			}
		}
		a.printf("pruned %d archived object(s)\n", len(list))
		return refusedRows(refused)
	}
}

// notAnArchive says why the registry row x names no archive that prune
// may drop (a table archive is a schema named schemagen_archive_*, a
// column archive a table of schemagen_archive other than the registry),
// or returns "". The registry is a table anyone with the privileges can
// write: prune must not drop a schema such as public on its word.
func (x archived) notAnArchive() string {
	switch x.kind {
	case "table":
		if x.name == change.ArchiveSchema || !change.IsArchiveSchema(x.name) {
			return fmt.Sprintf("the archive of a table is a schema named %s_*, not %s", change.ArchiveSchema, schema.QuoteIdent(x.name))
		}
	case "column":
		if x.name == "" || x.name == change.ArchiveRegistry {
			return fmt.Sprintf("the archive of a column is a table of schema %s other than its registry, not %s", change.ArchiveSchema, schema.QuoteIdent(x.name))
		}
	default:
		return fmt.Sprintf("unknown kind %q", x.kind)
	}
	return ""
}

// refusedRows is the error of the registry rows that prune skipped, nil
// when there are none.
func refusedRows(refused []archived) error {
	if len(refused) == 0 {
		return nil
	}
	return fmt.Errorf("prune: skipped %d row(s) of %s that name no archive (see the warnings): nothing was dropped for them; delete them from the registry by hand",
		len(refused), change.RegistryTable())
}

// migrationLock takes, on a connection of db, the advisory lock that
// migration runs on the version table vt hold ([migrate.LockKey]), and
// returns the connection and the function that releases the lock. A run
// that holds it makes migrationLock fail at once rather than wait: prune
// is rerun by hand.
func migrationLock(ctx context.Context, db *sql.DB, vt schema.QualifiedName) (*sql.Conn, func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("prune: connect: %w", err)
	}
	key := migrate.LockKey(vt)
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("prune: take the migration lock: %w", err)
	}
	if !got {
		conn.Close()
		return nil, nil, fmt.Errorf("prune: a migration run holds the migration lock (advisory lock %d of version table %s): rerun prune when it is done", key, vt)
	}
	return conn, func() {
		// A fresh context: the lock must be released even when ctx is done.
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
	}, nil
}

// parseAge parses a Go duration, or a number of days such as "30d".
func parseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// listArchived returns the registry's rows archived longer ago than age,
// oldest first; none when there is no registry.
func listArchived(ctx context.Context, db *sql.Conn, age time.Duration) ([]archived, error) {
	reg := schema.QuoteQualified(change.RegistryTable())
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", reg).Scan(&exists); err != nil {
		return nil, fmt.Errorf("read the archive registry: %w", err)
	}
	if !exists {
		return nil, nil
	}
	rows, err := db.QueryContext(ctx, "SELECT archive, kind, original, archived_at FROM "+reg+
		" WHERE archived_at <= now() - make_interval(secs => $1) ORDER BY archived_at, archive", age.Seconds())
	if err != nil {
		return nil, fmt.Errorf("read the archive registry: %w", err)
	}
	defer rows.Close()
	var out []archived
	for rows.Next() {
		var x archived
		if err := rows.Scan(&x.name, &x.kind, &x.original, &x.at); err != nil {
			return nil, fmt.Errorf("read the archive registry: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the archive registry: %w", err)
	}
	return out, nil
}

// pruneOne drops the archive x and its registry row in one transaction.
// The row is deleted first, which waits for (and then skips) a downgrade
// restoring the same archive at the same time.
func pruneOne(ctx context.Context, db *sql.Conn, x archived) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("prune %s: %w", x.name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "DELETE FROM "+schema.QuoteQualified(change.RegistryTable())+" WHERE archive = $1", x.name)
	if err != nil {
		return fmt.Errorf("prune %s: %w", x.name, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return nil // restored (or pruned) meanwhile
	}
	var stmts []string
	switch x.kind {
	case "table":
		// The schema of the archive holds the table alone (and what
		// moved with it); no CASCADE, so that a view of the user's on
		// it stops the prune, named.
		rows, err := tx.QueryContext(ctx, "SELECT c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"+
			" WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1", x.name)
		if err != nil {
			return fmt.Errorf("prune %s: %w", x.name, err)
		}
		for rows.Next() {
			var rel string
			if err := rows.Scan(&rel); err != nil {
				rows.Close()
				return fmt.Errorf("prune %s: %w", x.name, err)
			}
			stmts = append(stmts, "DROP TABLE "+schema.QuoteQualified(schema.QualifiedName{Schema: x.name, Name: rel}))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("prune %s: %w", x.name, err)
		}
		stmts = append(stmts, "DROP SCHEMA IF EXISTS "+schema.QuoteIdent(x.name))
	case "column":
		stmts = append(stmts, "DROP TABLE IF EXISTS "+schema.QuoteQualified(schema.QualifiedName{Schema: change.ArchiveSchema, Name: x.name}))
	default:
		return fmt.Errorf("prune %s: unknown kind %q in the archive registry", x.name, x.kind)
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("prune %s (%s %s): %w", x.name, x.kind, x.original, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("prune %s: commit: %w", x.name, err)
	}
	return nil
}
