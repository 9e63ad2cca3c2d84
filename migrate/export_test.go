package migrate

// Exported for the tests of package migrate_test, which run against a
// database (package pgtest imports migrate, so they cannot be in package
// migrate).
var (
	AssignmentCasts = assignmentCasts
	Assignable      = assignable
)
