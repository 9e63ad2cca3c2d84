package migrate_test

import (
	"context"
	"database/sql"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	_ "github.com/lib/pq" // a PostgreSQL driver, registered for database/sql as "postgres"

	"github.com/schemagen/schemagen/migrate"
)

// migrations stands for an application's migrations package, whose files
// fill its Set.
var migrations = struct{ Set *migrate.Set }{Set: &migrate.Set{}}

// An application brings its database to the revision its code expects
// before it serves: the start-up recipe.
func Example() {
	// SIGINT and SIGTERM cancel the run: the migration in progress rolls
	// back, and the database stays at the last migration that finished.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	err = migrate.Upgrade(ctx, db, migrations.Set, "head",
		migrate.WithLockTimeout(5*time.Second), // never queue behind a busy table for long...
		migrate.WithLockRetries(3),             // ...and try again later instead
		migrate.WithLogf(log.Printf),
	)
	if err != nil {
		log.Fatal(err) // the database is at the last migration that finished
	}
	// Serve.
}

// A migration file records its changes; work on the rows goes in a Go
// step, which runs with the migration's transaction when the migration
// runs.
func ExampleOp_Run() {
	migrations.Set.Add(migrate.Migration{
		Revision:     "20261201090000",
		DownRevision: []string{"20261130213005"},
		Message:      "Add users.first_name, filled from name",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("users", migrate.Column{Name: "first_name", Type: "text", Nullable: true})
			op.Run(func(ctx context.Context, q migrate.Querier) error {
				_, err := q.ExecContext(ctx, `UPDATE users SET first_name = split_part(name, ' ', 1)`)
				return err
			})
		},
		Downgrade: func(op *migrate.Op) {
			op.DropColumn("users", "first_name")
		},
	})
}

// A migrations command for deploy jobs: upgrade, downgrade and stamp,
// reading DATABASE_URL, with the exit codes of the schemagen CLI.
func ExampleMain() {
	os.Exit(migrate.Main(migrations.Set, os.Args[1:], os.Stdout, os.Stderr))
}
