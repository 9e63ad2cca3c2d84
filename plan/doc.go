// Package plan is the schemagen tool's reading of a list of changes
// (package change): what schema the changes produce, and how to run them
// on a live database. It is tool-side: applications never link it, and
// the runtime (package migrate) does not import it.
//
//   - [Replay] applies changes to a schema in memory, and [ReplayAll]
//     replays every recorded migration ([migrate.Recorded]) from an empty
//     schema in the order of the revision graph: the schema at head
//     without a database, which `schemagen check --offline`, `revision
//     --autogenerate --offline` and `diff --from migrations:DIR` compare
//     with the models. Replay applies each change as a delta to the
//     schema it finds, so branches joined by a merge compose as they do on
//     PostgreSQL. Hand-written SQL and Go steps leave the schema alone.
//   - [SettleEnumOrder] finds the enums whose values merged branches
//     leave in an order that depends on the order the branches were
//     applied in, and returns the changes ([change.OrderEnum]) with which
//     `schemagen merge heads` puts them in graph order on every database.
//   - [Online] rewrites changes into an online plan, which keeps existing
//     tables readable and writable while it runs (indexes built
//     concurrently, constraints added NOT VALID and validated apart, NOT
//     NULL proved by a check first); [NeedsNoTransaction] says whether a
//     plan should run outside a transaction (the migration's
//     NoTransaction), and [MustRunOutsideTransaction] whether PostgreSQL
//     would refuse it inside one.
//
// What one change means on its own — its SQL, its reverse, its
// description and its hazards — is in package change, which the runtime
// links too.
package plan
