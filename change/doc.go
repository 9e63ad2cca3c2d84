// Package change is schemagen's vocabulary of schema changes: the closed
// set of operations that a migration is made of ([Change]: small
// structs such as [CreateTable], [AddColumn] and [CreateIndex]), and
// everything that can be known of a change without a database:
//
//   - its inverse, [Reverse] and [ReverseAll], which make a downgrade;
//   - its SQL, [SQL]: one or more statements, names quoted by
//     [schema.QuoteIdent], values by [schema.QuoteLiteral], and the SQL
//     text a change carries checked first ([schema.CheckFragment]) and
//     pasted where it cannot leave its slot;
//   - a one-line description for people, [Describe];
//   - its hazards on a database that holds data and serves traffic,
//     [Hazards] and [UnallowedHazards], of the kinds [HazardKind] lists;
//   - the SQL text and the identifiers it carries, [Fragments] and
//     [Names], and the runtime's check of both, [Problems];
//   - its JSON form, [Changes], which names each change's type.
//
// Who uses it: package differ computes changes from two schemas; the Op
// recorder of package migrate records them from a migration file's
// Upgrade and Downgrade functions, and migrate's runner renders and
// applies them; package emitter writes them as a Go migration file; and
// package plan replays them into a schema in memory and rewrites them
// into an online plan.
//
// The package needs nothing but the standard library and package schema,
// so that the runtime that applications link (package migrate) can use
// it.
//
// # Adding a change kind
//
// A new kind is one struct in change.go with the marker method change().
// [Change] is a sum type for go-check-sumtype, which `make test` runs: it
// names every type switch on Change that lacks a case for the new type
// (here [Reverse], [SQL], [Describe], [Hazards], [Fragments], [Names] and
// the JSON codec; elsewhere replay, the online plan and the emitter), and
// TestEveryChangeEncodes and emitter's TestEveryChangeTypeEmitted fail
// until the new type is covered.
package change
