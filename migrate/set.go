package migrate

import (
	"path/filepath"
	"runtime"
	"sort"
)

// Migration is one revision: the changes that take the database from its
// parents (DownRevision) to it, and back.
type Migration struct {
	// Revision is the ID: as schemagen writes it, the UTC creation time
	// as YYYYMMDDHHMMSS, "_" and a random suffix (20261206153012_kfxd),
	// or the time alone in files written before; any other string that
	// [NewGraph] accepts works too.
	Revision string
	// DownRevision lists the parents: none for the first migration, one
	// for an ordinary migration, two or more for a merge.
	DownRevision []string
	// Message says what the migration does.
	Message string
	// Upgrade records the changes that apply the migration.
	Upgrade func(op *Op)
	// Downgrade records the changes that undo it.
	Downgrade func(op *Op)
	// NoTransaction runs the migration outside a transaction (needed, for
	// example, by CREATE INDEX CONCURRENTLY). The zero value runs it inside
	// one, together with its version-table update.
	//
	// Such a migration runs step by step (each SQL statement, each Go
	// step) and records each step done in the progress table
	// ([ProgressTable]): a statement with CONCURRENTLY, or one PostgreSQL
	// refuses in a transaction block, runs on its own, recorded right
	// after; a Go step, and any other statement, runs in a transaction
	// with its record. The version table is written
	// after the last step. A failure part-way returns a [StepError] naming
	// the step and what is applied, and the next run resumes at the failed
	// step (logging "resuming REV at step K of N") when it starts with this
	// migration in the same direction and the applied steps are unchanged;
	// any other run is refused with an [InterruptedError]. [Migrator.Stamp]
	// clears the record. A Go step's database writes (through the
	// transaction it gets) commit with its record, so a step killed
	// part-way is rolled back and runs once more on resume; its other side
	// effects may happen again. [Progress.Stopped] names a step that did
	// not finish.
	NoTransaction bool
	// AllowHazards acknowledges the hazards of the upgrade (see
	// [change.Hazards]): `schemagen check` fails, and [Migrator.Upgrade] refuses
	// to apply anything, while the upgrade holds a hazard whose kind is
	// not listed here (nor in [WithAllowHazards]), so that a destructive
	// or locking change cannot reach production unreviewed.
	AllowHazards []HazardKind

	// File is the source file that added the migration, filled by
	// [Set.Add] for error messages.
	File string
	// Line is the line of File where [Set.Add] was called, filled with
	// File; zero when unknown.
	Line int
}

// Set holds the migrations of one migrations package. Each migration file
// adds its migration in init(); the package declares the Set:
//
//	var Set = &migrate.Set{}
//
// The zero value is an empty set. A Set is filled during package
// initialization and read afterwards; Add is not safe for concurrent use.
type Set struct {
	migrations []*Migration
}

// Add adds m to the set, filling its File and Line with the caller's
// when File is empty. Nothing is checked here: a duplicate revision, or a
// change that [Set.Validate] refuses, is reported when the set is used
// ([New]), naming the files.
func (s *Set) Add(m Migration) {
	if m.File == "" {
		if _, file, line, ok := runtime.Caller(1); ok {
			m.File, m.Line = filepath.Base(file), line
		}
	}
	s.migrations = append(s.migrations, &m)
}

// Migrations returns the migrations in the order they were added (file
// order within the package).
func (s *Set) Migrations() []*Migration { return s.migrations }

// Graph validates the set's revision graph and returns it. [Set.Validate]
// checks the migrations' changes too.
func (s *Set) Graph() (*Graph, error) {
	nodes := make([]Node, 0, len(s.migrations))
	for _, m := range s.migrations {
		nodes = append(nodes, Node{Revision: m.Revision, Parents: m.DownRevision, Message: m.Message, File: m.File})
	}
	return NewGraph(nodes)
}

// lookup returns the migration with the given full revision ID.
func (s *Set) lookup(rev string) (*Migration, bool) {
	for _, m := range s.migrations {
		if m.Revision == rev {
			return m, true
		}
	}
	return nil, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
