// Package migrate is the runtime of schemagen's migrations: what an
// application links to bring its database to the revision its code
// expects. It holds the [Op] recorder that migration files call, the
// [Set] and [Migration] they fill, the revision [Graph], the [Migrator]
// that applies and rolls back migrations on PostgreSQL, and [Main], the
// command line of a migrations binary. It imports the standard library,
// package schema (the objects: [Table], [Column], ... are its types) and
// package change (what a migration records) only; no driver: the
// application brings its own, registered for database/sql.
//
// The schemagen tool writes the migration files, and reads them through
// this same package; comparing, replaying and planning live on the tool's
// side (packages differ, plan, emitter).
//
// # Migration files
//
// A migrations package declares one Set, and each migration file adds one
// migration to it in init():
//
//	var Set = &migrate.Set{} // migrations.go, written once by `schemagen init`
//
//	func init() {
//		Set.Add(migrate.Migration{
//			Revision:     "20261130213005",
//			DownRevision: []string{"20261101093000"},
//			Message:      "Add created_at to address",
//			Upgrade: func(op *migrate.Op) {
//				op.AddColumn("address", migrate.Column{Name: "created_at", Type: "timestamptz", Default: "now()"})
//			},
//			Downgrade: func(op *migrate.Op) {
//				op.DropColumn("address", "created_at")
//			},
//		})
//	}
//
// # Upgrade functions record; side effects go in op.Run
//
// Upgrade and Downgrade do not touch the database: each call of an [Op]
// method records one change (a value of package change), and the runner
// renders and applies the recorded list afterwards. The functions run more
// than once — to validate the set before anything runs ([Set.Validate]),
// to check hazards, to render a script, and when the schemagen tool reads
// the migrations to replay them in memory (Main's "dump") — so they must
// only record: no queries, no clock, no I/O.
//
// Work that needs the database goes in a step: [Op.ExecuteAs],
// [Op.ExecuteData] and [Op.Execute] run hand-written SQL, as written and
// unchecked (the one raw door; build any value in it with
// [schema.QuoteLiteral] and any name with [schema.QuoteIdent]), and
// [Op.Run] runs Go code, when the migration runs, with the migration's
// transaction as its [Querier] (its connection under NoTransaction).
// Both are steps in order among the other changes.
//
// Replaying the migrations in memory (`schemagen check --offline`,
// `revision --autogenerate --offline`) must know what each step does to
// the schema. Hand-written SQL declares it: ExecuteAs with the op calls
// of its schema changes, which replay applies in its place (and which
// never run), ExecuteData for none. Execute declares nothing: replay
// cannot see its effects, and `schemagen check` says, naming its line,
// that it cannot verify the migration. A Go step is taken to leave the
// schema alone.
//
// # At start-up
//
// An application that migrates itself calls [Upgrade] (or [New] and
// [Migrator.Upgrade]) before it serves; see the package example. Replicas
// may start at once: every run holds a PostgreSQL advisory lock, so each
// migration is applied exactly once, and the others wait, then find
// nothing to do. A migration and its version-table update commit together
// (the version table is public.schemagen_version unless
// [WithVersionTable] says otherwise), so a failure leaves the database at
// the previous revision. Cancelling the context rolls the migration in
// progress back. [WithLockTimeout], [WithLockRetries] and
// [WithStatementTimeout] bound the waits; [WithLogf] shows the progress.
//
// A program whose main is one line around [Main] is a migrations command
// with upgrade, downgrade and stamp, for deploy jobs; the schemagen CLI
// runs migrations through the same code (see the Main example).
//
// # NoTransaction and progress
//
// A migration with [Migration.NoTransaction] runs outside a transaction,
// as CREATE INDEX CONCURRENTLY requires. It runs step by step (each SQL
// statement, each Go step), and a progress table next to the version table
// ([ProgressTable], read with [ReadProgress]) records each step done, so
// that a failure part-way is reported exactly (a [*StepError]) and the
// next run in the same direction resumes at the failed step. A run that
// cannot resume it is refused with an [*InterruptedError]; [Migrator.Stamp]
// clears the record. A Go step runs in a transaction of its own that also
// records it done, and gets that transaction: its database writes happen
// exactly once, however often a run is killed inside it and resumed
// ([Progress.Stopped] names a step that did not finish); what it does
// outside the database may happen again.
//
// # The migration lock
//
// Every run holds an advisory lock ([LockKey]) so that one run at a time
// migrates a database. A run that finds it held polls for it, logs at
// once and every 10 seconds who holds it (pid, application_name, since
// when), and gives up after [WithLockWait] ([DefaultLockWait]; 0 waits
// forever) with a [*LockWaitError] naming the holder.
//
// # Fingerprints: edited migrations
//
// The database records, next to the version table ([FingerprintTable]),
// a fingerprint of each applied migration's upgrade ([Fingerprint]: a
// hash of the changes it recorded), written with the migration and
// deleted when it is undone. [Migrator.Upgrade] refuses, before it
// applies anything, while a migration applied to the database records
// other changes now (its file was edited since): an [*EditedError].
// [WithAllowEdited] runs all the same; [Migrator.AcceptFingerprints]
// (Main's `stamp --force-fingerprint REV...`) accepts an intended edit;
// [Migrator.Fingerprints] (Main's current) reports edited migrations and
// those whose fingerprint is unknown (applied before fingerprints were
// recorded, or stamped), which the next upgrade that applies a migration
// records.
//
// # What runs, and what is checked
//
// Migration files are Go code that people edit, so nothing in them is
// trusted to be well-formed SQL. Before anything runs, [New] (and so
// [Upgrade] and [Main]) validates the set: the revision graph, and every
// change that each Upgrade and Downgrade records — every SQL fragment (a
// column's type or default, a check, an index key or predicate, a
// referential action) with [schema.CheckFragment], a lexical check that
// the text is exactly one expression, type name, index key or action and
// cannot end its statement or leave its clause; and every identifier with
// [schema.CheckIdentifier], which refuses names over 63 bytes (PostgreSQL
// would truncate them) or holding NUL. Every problem is reported at once,
// naming the revision, the file and line that added the migration, the
// function and the change. Rendering checks the fragments again, puts
// every expression in parentheses, and quotes names and values, in a form
// that reads the same whatever standard_conforming_strings says; the
// runner also turns standard_conforming_strings on for the session it
// holds, and puts the session's value back afterwards.
//
// A change can be hazardous on a database that holds data and serves
// traffic: it may lose data, rewrite a table, hold a lock for long, or
// fail on a table that has rows.
// Upgrade refuses, before applying anything, a migration whose upgrade
// has a hazard of a kind that neither its [Migration.AllowHazards] nor
// [WithAllowHazards] acknowledges ([HazardDataLoss], [HazardTableRewrite],
// [HazardLongLock], [HazardIrreversibleDowngrade], [HazardNotNullNoDefault]).
//
// # Errors
//
// The errors name what to do next, and have types for [errors.As]:
//
//   - [*ValidationError]: the set's changes hold problems, each a
//     [*ChangeError] (New, Upgrade, Main; nothing ran);
//   - [*GraphError]: the revision graph is broken: a duplicate revision,
//     a missing parent, a cycle (nothing ran);
//   - [*MultipleHeadsError]: the target "head" is ambiguous; name a head,
//     use "heads", or merge them;
//   - [*UnknownRevisionError]: the database is at a revision that no
//     migration of the set has;
//   - [*HazardError]: a migration to apply holds unacknowledged hazards
//     (nothing ran);
//   - [*EditedError]: migrations applied to the database were edited
//     since (nothing ran);
//   - [*PartialError]: a run failed part-way; the migrations it lists were
//     applied, the failed one was rolled back, or, outside a transaction,
//     stopped at a step ([*StepError]);
//   - [*InterruptedError]: a migration outside a transaction stopped
//     part-way in an earlier run, and this run cannot resume it;
//   - [*LockWaitError]: another run held the migration lock longer than
//     the lock wait (nothing ran).
package migrate
