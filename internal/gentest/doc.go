// Package gentest is schemagen's generative, model-based test (issue 12):
// seeded random histories of models, turned into migrations the way
// `revision --autogenerate` writes them, applied to real databases and
// checked at every revision against the three readers of the same
// history — the live database, the offline replay of the migrations and
// the live autogenerate plan.
//
// A history ([Generate]) is a list of [Event]s: steps on the main line,
// a fork into two branches that evolve independently (each with its own
// database, as two developers have), steps on either branch, a merge, and
// more steps on the main line. A step is one [Op], an edit of the model
// as a developer makes it in the Go structs: tables, columns, types,
// nullability, defaults, indexes, uniques, foreign keys, checks, enums
// with values added, dropped and moved, and renames of tables, columns
// and constraints. [Op.Apply] applies an op to a [State] (the model and
// what the branch may touch) or says why it does not apply, so that a
// shortened history — the one a failure is reduced to — still replays.
//
// The test (gentest_test.go) runs the histories: `go test` runs a few with
// fixed seeds; -gen.histories, -gen.steps and -gen.seed run more, and
// -gen.replay reruns a step list that a failure printed.
package gentest
