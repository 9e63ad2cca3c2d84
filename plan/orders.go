package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/migrate"
)

// upgradeOrder is an order in which databases apply every revision of a
// graph: that of a database at a revision r, which applied the ancestors
// of r in graph order, upgraded to the heads.
type upgradeOrder struct {
	// at are the revisions r whose databases apply it, in graph order.
	at []string
	// revisions are every revision of the graph, in the order the
	// databases apply them: the ancestors of r in graph order, then
	// the rest as [migrate.Graph.UpgradePlan] orders them.
	revisions []string
	// departs is the index of the first revision where revisions
	// departs from graph order: revisions[:departs] is graph order's
	// (len(revisions) for graph order).
	departs int
}

// upgradeOrders returns the orders in which databases at the revisions of
// g apply every revision of g when upgraded to the heads (see
// [upgradeOrder]), each distinct order once: first graph order (that of
// a fresh database, and of a database at a revision whose ancestors are
// the revisions graph order applies first), then the others in the graph
// order of the first revision whose database applies them.
//
// A revision whose parent comes just before it in graph order, where a
// database at that parent applies graph order, applies graph order too,
// and costs nothing: a linear history costs one pass over its revisions.
//
// Only databases at the revisions of the branches being joined are
// considered, and at the latest revisions that every head descends from:
// a database at an older revision of an earlier fork applies that fork's
// merge on its way, which settled its order and warned of its conflicts
// when it was written. So the cost grows with the branches joined, not
// with the history.
func upgradeOrders(g *migrate.Graph) ([]upgradeOrder, error) {
	order := g.Order()
	settled, err := settledRevisions(g)
	if err != nil {
		return nil, err
	}
	pos := make(map[string]int, len(order))
	for i, rev := range order {
		pos[rev] = i
	}
	graph := upgradeOrder{revisions: order, departs: len(order)}
	// inOrder holds the revisions whose databases apply graph order:
	// their ancestors are the revisions before them in graph order.
	inOrder := make(map[string]bool, len(order))
	index := map[string]int{} // of the orders in out, by their revisions
	var out []upgradeOrder
	for i, rev := range order {
		n, _ := g.Node(rev)
		if len(n.Parents) == 0 && i == 0 || slices.ContainsFunc(n.Parents, func(p string) bool { return pos[p] == i-1 && inOrder[p] }) {
			inOrder[rev] = true
			graph.at = append(graph.at, rev)
			continue
		}
		if settled[rev] {
			continue
		}
		at, err := g.UpgradePlan(nil, rev)
		if err != nil {
			return nil, fmt.Errorf("plan: the upgrade order of a database at %s: %w", rev, err)
		}
		rest, err := g.UpgradePlan([]string{rev}, "heads")
		if err != nil {
			return nil, fmt.Errorf("plan: the upgrade order of a database at %s: %w", rev, err)
		}
		revs := slices.Concat(at.Revisions, rest.Revisions)
		d := 0
		for d < len(revs) && d < len(order) && revs[d] == order[d] {
			d++
		}
		if d == len(order) {
			inOrder[rev] = true
			graph.at = append(graph.at, rev)
			continue
		}
		key := strings.Join(revs, " ")
		if k, ok := index[key]; ok {
			out[k].at = append(out[k].at, rev)
			continue
		}
		index[key] = len(out)
		out = append(out, upgradeOrder{at: []string{rev}, revisions: revs, departs: d})
	}
	return append([]upgradeOrder{graph}, out...), nil
}

// settledRevisions returns the revisions of g that every head descends
// from, other than the latest ones (those none of whose children every
// head descends from): the revisions before the branches that a merge of
// the heads joins.
func settledRevisions(g *migrate.Graph) (map[string]bool, error) {
	heads := g.Heads()
	common := map[string]int{}
	for _, h := range heads {
		// A database upgraded from base to h applies h's ancestors.
		p, err := g.UpgradePlan(nil, h)
		if err != nil {
			return nil, fmt.Errorf("plan: the ancestors of %s: %w", h, err)
		}
		for _, rev := range p.Revisions {
			common[rev]++
		}
	}
	settled := map[string]bool{}
	for rev, n := range common {
		if n == len(heads) {
			settled[rev] = true
		}
	}
	// The latest common revisions stay: their databases apply the
	// branches.
	latest := map[string]bool{}
	for rev := range settled {
		latest[rev] = true
	}
	for rev := range settled {
		if n, ok := g.Node(rev); ok {
			for _, p := range n.Parents {
				delete(latest, p)
			}
		}
	}
	for rev := range latest {
		delete(settled, rev)
	}
	return settled, nil
}
