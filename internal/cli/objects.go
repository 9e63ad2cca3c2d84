package cli

import "github.com/schemagen/schemagen/schema"

// withViewColumns gives the views of head (the migrations replayed) that
// a model declares as a Go struct with the same definition the model's
// columns and position, so that canonicalizing head checks the struct's
// columns against the query as canonicalizing the models does (see
// internal/shadow). It changes head's objects in place: head is the
// caller's own replay.
func withViewColumns(head, model *schema.Schema) {
	if head == nil || model == nil {
		return
	}
	byID := map[schema.ObjectID]*schema.Object{}
	for _, o := range model.Objects {
		if len(o.Columns) > 0 {
			byID[o.ID()] = o
		}
	}
	for _, o := range head.Objects {
		if m, ok := byID[o.ID()]; ok && m.Definition == o.Definition {
			o.Columns, o.Pos = m.Columns, m.Pos
		}
	}
}
