package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// SettleEnumOrder returns the changes that a merge revision of the heads
// of recs starts with, so that every database holds the values of every
// enum in one order after it: a [change.OrderEnum] for each enum whose
// values a database ends with in another order than a database that
// applies recs from base in graph order (as `upgrade` applies them, and
// as [ReplayAll] replays them), and none when no enum needs one. The
// order they settle is that of graph order.
//
// Branches that both change an enum (say, both append a value at the
// end) compose in the order they are applied: the database of a
// developer of one branch applied its branch first, the rest after,
// while a database upgraded from base applies the revisions in graph
// order. Enum order is meaningful (ORDER BY, comparisons), and no place
// given to a value makes two insertions commute; the merge revision is
// where the order is settled.
//
// The orders a database can end with are, for every revision r of recs,
// that of a database at r (which applied the ancestors of r in graph
// order) upgraded to the heads, as [migrate.Graph.UpgradePlan] orders the
// rest (as for [UpgradeConflicts]). Only the enum changes of the upgrades are replayed for these
// (including the declared effects of hand-written SQL); an order whose
// changes do not apply is passed over, since a database upgraded in that
// order fails before the merge, as is an enum that an order leaves with
// other values than graph order does, which no order settles.
//
// An invalid graph is the error of [migrate.GraphOfRecorded]; changes
// that do not apply in graph order are the error of [ReplayAll].
func SettleEnumOrder(recs []migrate.Recorded) ([]change.Change, error) {
	g, err := migrate.GraphOfRecorded(recs)
	if err != nil {
		return nil, err
	}
	head, err := ReplayAll(recs)
	if err != nil {
		return nil, err
	}
	enumChanges := map[string][]change.Change{}
	// The enum changes replay on every schema the migrations create
	// (the tables, which keep a schema from being dropped, are not
	// replayed).
	schemas := &schema.Schema{}
	for _, r := range recs {
		if cs := enumChangesOf(r.Upgrade); len(cs) > 0 {
			enumChanges[r.Revision] = cs
		}
		schemas.Schemas = append(schemas.Schemas, schemasCreated(r.Upgrade)...)
	}
	slices.Sort(schemas.Schemas)
	schemas.Schemas = slices.Compact(schemas.Schemas)
	// only keeps the revisions of revs that change enums.
	only := func(revs []string) []string {
		return slices.DeleteFunc(slices.Clone(revs), func(rev string) bool { return enumChanges[rev] == nil })
	}
	orders, err := upgradeOrders(g)
	if err != nil {
		return nil, fmt.Errorf("plan: settle enum order: %w", err)
	}
	seen := map[string]bool{strings.Join(only(g.Order()), " "): true}
	unsettled := map[schema.QualifiedName]bool{}
	for _, o := range orders {
		order := only(o.revisions)
		key := strings.Join(order, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		s := schemas
		for _, r := range order {
			if s, err = Replay(s, enumChanges[r]); err != nil {
				break
			}
		}
		if err != nil {
			continue // a database upgraded in this order fails before the merge
		}
		for _, e := range head.Enums {
			other, ok := s.Enum(e.QualifiedName())
			if ok && !slices.Equal(other.Values, e.Values) && sameValues(other.Values, e.Values) {
				unsettled[e.QualifiedName()] = true
			}
		}
	}
	var out []change.Change
	for _, e := range head.Enums {
		q := e.QualifiedName()
		if !unsettled[q] {
			continue
		}
		out = append(out, change.OrderEnum{Enum: q, Values: slices.Clone(e.Values), Tables: tablesOfType(head, q)})
	}
	slices.SortFunc(out, func(a, b change.Change) int {
		return strings.Compare(a.(change.OrderEnum).Enum.String(), b.(change.OrderEnum).Enum.String())
	})
	return out, nil
}

// enumChangesOf returns the changes of cs that create, drop or change
// the values of an enum type, with those among the declared effects of
// hand-written SQL, in order.
func enumChangesOf(cs []change.Change) []change.Change {
	var out []change.Change
	for _, c := range cs {
		switch c := c.(type) {
		case change.CreateEnum, change.DropEnum, change.AlterEnum, change.OrderEnum:
			out = append(out, c)
		case change.Execute:
			out = append(out, enumChangesOf(c.Effects)...)
		default:
			// No enum's values change.
		}
	}
	return out
}

// schemasCreated returns the schemas that cs create, with those among
// the declared effects of hand-written SQL.
func schemasCreated(cs []change.Change) []string {
	var out []string
	for _, c := range cs {
		switch c := c.(type) {
		case change.CreateSchema:
			out = append(out, c.Name)
		case change.Execute:
			out = append(out, schemasCreated(c.Effects)...)
		default:
			// Creates no schema.
		}
	}
	return out
}

// tablesOfType returns the tables of s with a column of the enum type q
// or of its array type, in the order of s.
func tablesOfType(s *schema.Schema, q schema.QualifiedName) []schema.QualifiedName {
	typ := schema.QuoteType(q) // as column types spell it
	var out []schema.QualifiedName
	for _, t := range s.Tables {
		if slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Type == typ || c.Type == typ+"[]" }) {
			out = append(out, t.QualifiedName())
		}
	}
	return out
}
