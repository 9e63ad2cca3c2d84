package migrate

import (
	"errors"
	"fmt"

	"github.com/schemagen/schemagen/change"
)

// Irreversible says why a migration cannot be undone, or "" when it can:
//
//   - its Downgrade is nil while its Upgrade records something: there is
//     no downgrade;
//   - its Downgrade records nothing while its Upgrade records a schema
//     change that schemagen can see and that has something to undo (any
//     change but a Go step, [Op.Run], an [Op.Execute] that declares no
//     schema effects, and a change whose reverse is no change, such as the
//     enum order a merge settles): "undoing" it would leave the change in
//     the database while the version table says it is gone.
//
// A migration whose Upgrade records nothing (a merge migration, say), and
// one whose Upgrade only moves data (Go steps, Execute of data
// statements) with an empty Downgrade, are reversible: there is nothing
// to undo. [Migrator.Downgrade] refuses to undo an irreversible migration
// unless [WithForceIrreversible] says otherwise.
func Irreversible(noDowngrade bool, upgrade, downgrade []change.Change) string {
	switch {
	case len(upgrade) == 0 || len(downgrade) > 0:
		return ""
	case noDowngrade:
		return "it has no Downgrade"
	}
	for _, c := range upgrade {
		if _, ok := c.(change.RunGo); ok {
			continue
		}
		if x, ok := c.(change.Execute); ok && len(x.Effects) == 0 {
			continue
		}
		if r, ok := change.Reverse(c); ok && r == nil {
			continue // nothing to undo: the order a merge settles, say
		}
		return "its Downgrade records nothing, while its Upgrade changes the schema (" + change.Describe(c) + ")"
	}
	return ""
}

// Irreversible says why the migration cannot be undone, or "" when it
// can: see the function [Irreversible].
func (r *Recorded) Irreversible() string {
	return Irreversible(r.NoDowngrade, r.Upgrade, r.Downgrade)
}

// IrreversibleError reports a downgrade refused because it would undo a
// migration that cannot be undone (see [Irreversible]); nothing was
// undone. [WithForceIrreversible] undoes it all the same, which only
// removes its revision from the version table.
type IrreversibleError struct {
	Revision string
	// Pos is the migration's file:line.
	Pos    string
	Reason string
}

// Error implements the error interface.
func (e *IrreversibleError) Error() string {
	return fmt.Sprintf("migrate: cannot downgrade past %s (%s): it is irreversible: %s; downgrade to %s or a later revision, "+
		"give it a Downgrade, or run with --force-irreversible (WithForceIrreversible), which marks it undone and leaves its changes in the database",
		e.Revision, orUnknown(e.Pos), e.Reason, e.Revision)
}

// WithForceIrreversible lets [Migrator.Downgrade] undo migrations that
// cannot be undone (see [Irreversible]): their revisions leave the
// version table, their changes stay in the database. It is what
// `schemagen downgrade --force-irreversible` does.
func WithForceIrreversible() Option {
	return func(c *config) error {
		c.forceIrreversible = true
		return nil
	}
}

// checkIrreversible returns an [*IrreversibleError] for each of revs that
// cannot be undone, joined.
func (m *Migrator) checkIrreversible(revs []string) error {
	var errs []error
	for _, rev := range revs {
		mig, _ := m.set.lookup(rev)
		if why := Irreversible(mig.Downgrade == nil, Record(mig.Upgrade), Record(mig.Downgrade)); why != "" {
			errs = append(errs, &IrreversibleError{Revision: rev, Pos: mig.pos(), Reason: why})
		}
	}
	return errors.Join(errs...)
}
