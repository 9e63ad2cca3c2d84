package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// Conflict is a way in which merged branches fail to compose: databases
// that sat at some revisions when the branches were merged apply the
// remaining revisions in an order in which a change does not apply,
// although it applies after its own ancestors.
type Conflict struct {
	// Fresh is true when a fresh database, upgraded from base in
	// graph order, fails this way, as do databases at the revisions
	// that every order applies first (those before the branches).
	Fresh bool
	// At are the other revisions whose databases fail to upgrade to
	// the heads this way, in graph order.
	At []string
	// Revision and File name the migration whose change fails.
	Revision, File string
	// Err is the error of [Replay] for the failing change.
	Err error
}

// Databases names the databases that fail: "a fresh database or one at
// 0002", "one at 0003 or 0004".
func (c Conflict) Databases() string {
	var parts []string
	if c.Fresh {
		parts = append(parts, "a fresh database")
	}
	if len(c.At) > 0 {
		parts = append(parts, "one at "+joinOr(c.At))
	}
	return strings.Join(parts, " or ")
}

// joinOr joins revs as "a, b or c".
func joinOr(revs []string) string {
	if len(revs) < 2 {
		return strings.Join(revs, "")
	}
	return strings.Join(revs[:len(revs)-1], ", ") + " or " + revs[len(revs)-1]
}

// UpgradeConflicts returns the ways in which databases fail to upgrade
// to the heads of recs because merged branches do not compose in every
// order: one drops a column that the other indexes, or the last table of
// a schema that the other adds a table to. A database migrate upgrades
// fails this way where the replayed changes do (see [Replay]).
//
// A database at revision r applied the ancestors of r in graph order and
// applies the rest as [migrate.Graph.UpgradePlan] orders them, so that
// after a merge the databases of one branch apply the other branch after
// their own, while a fresh database applies graph order (see
// [SettleEnumOrder], which considers the same orders). Each distinct
// order is replayed in full, but from the schema that graph order leaves
// where the two orders part: graph order is replayed once. An order
// whose change does not apply is a Conflict; databases that fail at one
// revision with one error are one Conflict, and conflicts come in the
// graph order of the revision where they fail. A history whose
// databases all apply graph order (a linear one) has none, and is not
// replayed.
//
// An invalid graph is the error of [migrate.GraphOfRecorded]. A change
// that does not apply after its own ancestors, as on the database of
// the developer who wrote it, is no conflict but changes that do not
// replay: an error naming its revision and file (as of [ReplayAll]).
func UpgradeConflicts(recs []migrate.Recorded) ([]Conflict, error) {
	g, err := migrate.GraphOfRecorded(recs)
	if err != nil {
		return nil, err
	}
	orders, err := upgradeOrders(g)
	if err != nil || len(orders) < 2 {
		return nil, err
	}
	byRev := make(map[string]migrate.Recorded, len(recs))
	for _, r := range recs {
		byRev[r.Revision] = r
	}
	graph := orders[0].revisions
	pos := make(map[string]int, len(graph))
	for i, rev := range graph {
		pos[rev] = i
	}
	// failure is where an order fails: at index i of its revisions
	// (len of them when it does not fail).
	type failure struct {
		i   int
		err error
	}
	fails := make([]failure, len(orders))
	// Replay graph order once, on one schema, keeping copies of it
	// where the others part from it; each order replays on a copy of
	// its snapshot.
	snaps := map[int]*schema.Schema{}
	first := len(graph) // where the first order parts from graph order
	for _, o := range orders[1:] {
		snaps[o.departs] = nil
		first = min(first, o.departs)
	}
	fails[0] = failure{i: len(graph)}
	s := (&schema.Schema{}).Canonical()
	for i, rev := range graph {
		if _, ok := snaps[i]; ok {
			snaps[i] = s.Canonical()
		}
		if err := replayOn(s, byRev[rev].Upgrade); err != nil {
			fails[0] = failure{i, err}
			break
		}
	}
	for k, o := range orders[1:] {
		if o.departs > fails[0].i {
			fails[k+1] = fails[0] // the revisions they share fail
			continue
		}
		fails[k+1] = failure{i: len(o.revisions)}
		s := snaps[o.departs].Canonical()
		for i := o.departs; i < len(o.revisions); i++ {
			if err := replayOn(s, byRev[o.revisions[i]].Upgrade); err != nil {
				fails[k+1] = failure{i, err}
				break
			}
		}
	}
	var out []Conflict
	for k, o := range orders {
		f := fails[k]
		if f.i == len(o.revisions) {
			continue
		}
		rev := o.revisions[f.i]
		var at []string
		for _, r := range o.at {
			// A database at r applied o up to r.
			if slices.Index(o.revisions, r) >= f.i {
				return nil, fmt.Errorf("revision %s (%s): %w", rev, byRev[rev].File, f.err)
			}
			if pos[r] >= first {
				at = append(at, r)
			}
		}
		i := slices.IndexFunc(out, func(c Conflict) bool { return c.Revision == rev && c.Err.Error() == f.err.Error() })
		if i < 0 {
			out = append(out, Conflict{Revision: rev, File: byRev[rev].File, Err: f.err})
			i = len(out) - 1
		}
		out[i].Fresh = out[i].Fresh || k == 0
		out[i].At = append(out[i].At, at...)
	}
	for i := range out {
		slices.SortFunc(out[i].At, func(a, b string) int { return pos[a] - pos[b] })
	}
	slices.SortStableFunc(out, func(a, b Conflict) int { return pos[a.Revision] - pos[b.Revision] })
	return out, nil
}
