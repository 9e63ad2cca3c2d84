package migrate

import "github.com/schemagen/schemagen/change"

// Recorded is a migration with its Upgrade and Downgrade functions run
// into lists of changes: the form the schemagen CLI reads from a built
// migrations package (see [Main]'s "dump" command) to replay migrations
// without a database.
type Recorded struct {
	Revision      string
	DownRevision  []string
	Message       string
	NoTransaction bool
	AllowHazards  []change.HazardKind `json:",omitempty"`
	File          string
	Upgrade       change.Changes
	Downgrade     change.Changes
	// NoDowngrade says that the migration's Downgrade is nil (see
	// [Irreversible]).
	NoDowngrade bool `json:",omitempty"`
	// Undeclared says where Upgrade calls [Op.Execute], whose SQL
	// declares no schema effects, so that replay cannot see what it
	// does: one entry for each such change of Upgrade, in order,
	// "file.go:12", or "" where the call has no Go source position.
	Undeclared []string `json:",omitempty"`
}

// RecordAll runs every migration function of set.
func RecordAll(set *Set) []Recorded {
	out := make([]Recorded, 0, len(set.migrations))
	for _, m := range set.migrations {
		up := record(m.Upgrade)
		out = append(out, Recorded{
			Revision: m.Revision, DownRevision: m.DownRevision, Message: m.Message,
			NoTransaction: m.NoTransaction, AllowHazards: m.AllowHazards, File: m.File,
			Upgrade: up.changes, Downgrade: Record(m.Downgrade), NoDowngrade: m.Downgrade == nil,
			Undeclared: up.undeclared,
		})
	}
	return out
}

// GraphOfRecorded validates recorded migrations and returns their
// revision graph.
func GraphOfRecorded(recs []Recorded) (*Graph, error) {
	nodes := make([]Node, len(recs))
	for i, r := range recs {
		nodes[i] = Node{Revision: r.Revision, Parents: r.DownRevision, Message: r.Message, File: r.File}
	}
	return NewGraph(nodes)
}
