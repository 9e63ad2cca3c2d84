// Package migrate is the runtime of schemagen's migrations: the changes a
// migration records ([Op], [change.Change]), their SQL ([change.SQL]), their hazards
// ([change.Hazards]), the revision graph ([Graph]) and the runner that applies
// them to a PostgreSQL database ([Migrator], [Upgrade], [Main]). A
// migrations package declares a [Set] that each migration file fills in
// init(); an application links this package (which needs only packages
// schema, internal/dburl and internal/sigctx, and the standard library)
// to upgrade its database at start-up.
//
// # What runs, and what is checked
//
// Migration files are Go code that people edit, so nothing in them is
// trusted to be well-formed SQL. Before anything runs, [New] (and so
// [Upgrade] and [Main]) validates the set ([Set.Validate]): it records
// the Upgrade and Downgrade of every migration and checks
//
//   - every SQL fragment a change carries — column types, defaults,
//     generated expressions, check expressions, index keys and predicates,
//     referential actions ([change.Fragments]) — with [schema.CheckFragment], a lexical
//     check that the text is exactly one expression, type name, index key
//     or action and cannot end its statement or leave its clause;
//   - every identifier ([change.Names]) with [schema.CheckIdentifier]: names
//     over 63 bytes, which PostgreSQL would truncate, or holding NUL, are
//     refused,
//
// and reports every problem at once, naming the revision, the file and
// line that added the migration, the function and the change
// ([*ValidationError]). [change.SQL] checks the fragments again and renders
// every expression in parentheses, referential actions from their fixed
// set, names through [schema.QuoteIdent] and values through [schema.QuoteLiteral],
// which is safe whatever standard_conforming_strings says.
//
// [Op.Execute] is the one raw door: its SQL is sent as written, may hold
// several statements, and is not checked. [Op.Run] runs Go code. Both are
// reviewed like any other code.
//
// The runner turns standard_conforming_strings on for the session it
// holds and puts the session's value back afterwards, and it refuses to
// upgrade through a migration whose hazards nobody acknowledged
// ([Migration.AllowHazards], [WithAllowHazards], [*HazardError]), before
// applying anything. A column type change converts as an assignment does
// (no USING) whenever PostgreSQL has an assignment conversion, so that a
// narrowing change fails on a value that does not fit instead of cutting
// it.
package migrate
