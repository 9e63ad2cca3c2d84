package migrate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/internal/revid"
)

// Node is one revision of a [Graph].
type Node struct {
	Revision string
	Parents  []string
	Message  string
	// File names the migration's source file, for messages.
	File string
}

// Graph is a validated revision graph: revision IDs are unique, every
// parent exists, and there is no cycle. Its methods do not modify it and are
// safe for concurrent use.
type Graph struct {
	nodes    map[string]*Node
	children map[string][]string
	order    []string // topological: parents before children, ties by revision
}

// GraphError reports an invalid revision graph.
type GraphError struct {
	Msg string
}

// Error implements the error interface.
func (e *GraphError) Error() string { return "migrate: " + e.Msg }

// MultipleHeadsError reports a target that needs a single head, "head",
// while the graph has several; it names them.
type MultipleHeadsError struct{ Heads []string }

// Error implements the error interface.
func (e *MultipleHeadsError) Error() string {
	return fmt.Sprintf("migrate: multiple heads (%s); name one of them as the target, use \"heads\" to upgrade every branch, or join them with `schemagen merge heads`", strings.Join(e.Heads, ", "))
}

// NewGraph validates nodes and builds their graph. It reports every
// duplicate revision (naming both files), missing parent and cycle.
func NewGraph(nodes []Node) (*Graph, error) {
	g := &Graph{nodes: map[string]*Node{}, children: map[string][]string{}}
	var problems []string
	for i := range nodes {
		n := nodes[i]
		if n.Revision == "" {
			problems = append(problems, fmt.Sprintf("migration in %s has no revision ID", orUnknown(n.File)))
			continue
		}
		if why := reservedRevision(n.Revision); why != "" {
			problems = append(problems, fmt.Sprintf("revision ID in %s cannot be used: %s", orUnknown(n.File), why))
			continue
		}
		if prev, ok := g.nodes[n.Revision]; ok {
			problems = append(problems, fmt.Sprintf("duplicate revision %s in %s, also in %s", n.Revision, orUnknown(n.File), orUnknown(prev.File)))
			continue
		}
		g.nodes[n.Revision] = &n
	}
	for _, rev := range sortedKeys(g.nodes) {
		n := g.nodes[rev]
		seen := map[string]bool{}
		for _, p := range n.Parents {
			if seen[p] {
				problems = append(problems, fmt.Sprintf("revision %s (%s) lists parent %s twice", rev, orUnknown(n.File), p))
				continue
			}
			seen[p] = true
			if _, ok := g.nodes[p]; !ok {
				problems = append(problems, fmt.Sprintf("revision %s (%s) has missing parent %s", rev, orUnknown(n.File), p))
				continue
			}
			g.children[p] = append(g.children[p], rev)
		}
	}
	if len(problems) > 0 {
		return nil, &GraphError{Msg: strings.Join(problems, "; ")}
	}
	// Kahn's algorithm, smallest revision first, so the order is stable.
	indeg := map[string]int{}
	for rev, n := range g.nodes {
		indeg[rev] = len(n.Parents)
	}
	var ready []string
	for rev, d := range indeg {
		if d == 0 {
			ready = append(ready, rev)
		}
	}
	slices.Sort(ready)
	for len(ready) > 0 {
		rev := ready[0]
		ready = ready[1:]
		g.order = append(g.order, rev)
		for _, c := range g.children[rev] {
			indeg[c]--
			if indeg[c] == 0 {
				i, _ := slices.BinarySearch(ready, c)
				ready = slices.Insert(ready, i, c)
			}
		}
	}
	if len(g.order) != len(g.nodes) {
		cycle := g.cyclic(indeg)
		msg := "revision cycle through " + strings.Join(cycle, ", ")
		var files []string
		for _, rev := range cycle {
			if f := g.nodes[rev].File; f != "" {
				files = append(files, f)
			}
		}
		if len(files) > 0 {
			msg += " (in " + strings.Join(files, ", ") + ")"
		}
		return nil, &GraphError{Msg: msg}
	}
	for _, kids := range g.children {
		slices.Sort(kids)
	}
	return g, nil
}

// cyclic returns, sorted, the revisions that Kahn's algorithm left with
// unmet parents (indeg > 0), less those that merely descend from a cycle:
// revisions of which no remaining revision is a parent are pruned until
// none is left to prune.
func (g *Graph) cyclic(indeg map[string]int) []string {
	left := map[string]bool{}
	for rev, d := range indeg {
		if d > 0 {
			left[rev] = true
		}
	}
	for pruned := true; pruned; {
		pruned = false
		for rev := range left {
			if !slices.ContainsFunc(g.children[rev], func(c string) bool { return left[c] }) {
				delete(left, rev)
				pruned = true
			}
		}
	}
	return sortedKeys(left)
}

func orUnknown(file string) string {
	if file == "" {
		return "an unknown file"
	}
	return file
}

// size returns the number of revisions.
func (g *Graph) size() int { return len(g.nodes) }

// Node returns the node of a full revision ID.
func (g *Graph) Node(rev string) (*Node, bool) {
	n, ok := g.nodes[rev]
	return n, ok
}

// Order returns every revision, parents before children.
func (g *Graph) Order() []string { return slices.Clone(g.order) }

// childrenOf returns the revisions whose parent is rev, sorted.
func (g *Graph) childrenOf(rev string) []string { return slices.Clone(g.children[rev]) }

// Children returns the revisions whose parent is rev, sorted: more than
// one at a branch point, none at a head.
func (g *Graph) Children(rev string) []string { return g.childrenOf(rev) }

// Bases returns the revisions without parents, sorted.
func (g *Graph) Bases() []string { return g.bases() }

// Heads returns the revisions that no revision names as parent, sorted.
func (g *Graph) Heads() []string {
	var heads []string
	for _, rev := range g.order {
		if len(g.children[rev]) == 0 {
			heads = append(heads, rev)
		}
	}
	slices.Sort(heads)
	return heads
}

// Head returns the single head, or a [MultipleHeadsError].
func (g *Graph) Head() (string, error) {
	heads := g.Heads()
	switch len(heads) {
	case 0:
		return "", nil
	case 1:
		return heads[0], nil
	}
	return "", &MultipleHeadsError{Heads: heads}
}

// bases returns the revisions without parents, sorted.
func (g *Graph) bases() []string {
	var bases []string
	for _, rev := range g.order {
		if len(g.nodes[rev].Parents) == 0 {
			bases = append(bases, rev)
		}
	}
	return bases
}

// ancestors returns the set of revs and all their ancestors.
func (g *Graph) ancestors(revs ...string) map[string]bool {
	seen := map[string]bool{}
	stack := slices.Clone(revs)
	for len(stack) > 0 {
		rev := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[rev] {
			continue
		}
		seen[rev] = true
		if n, ok := g.nodes[rev]; ok {
			stack = append(stack, n.Parents...)
		}
	}
	return seen
}

// Resolve turns a revision, a unique prefix of one, or a unique prefix of
// the suffix of one (the letters after the timestamp of an ID such as
// 20261206153012_kfxd, see package revid: "kfxd" or "kf") into a full
// revision ID. An ambiguous prefix is an error listing the candidates,
// each with its message.
func (g *Graph) Resolve(prefix string) (string, error) {
	if prefix == "" {
		return "", errors.New("migrate: empty revision")
	}
	if _, ok := g.nodes[prefix]; ok {
		return prefix, nil
	}
	var matches []string
	for _, rev := range g.order {
		suffix, _ := revid.Suffix(rev)
		if strings.HasPrefix(rev, prefix) || (suffix != "" && strings.HasPrefix(suffix, prefix)) {
			matches = append(matches, rev)
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("migrate: no revision %q", prefix)
	case 1:
		return matches[0], nil
	}
	slices.Sort(matches)
	for i, rev := range matches {
		if msg := g.nodes[rev].Message; msg != "" {
			matches[i] += " (" + msg + ")"
		}
	}
	return "", fmt.Errorf("migrate: revision prefix %q is ambiguous: %s", prefix, strings.Join(matches, ", "))
}

// Heads reduces a set of applied revisions to the revisions of it that no
// other revision of it descends from: what the version table records.
func (g *Graph) headsOf(applied map[string]bool) []string {
	var heads []string
	for rev := range applied {
		head := true
		for _, c := range g.children[rev] {
			if applied[c] {
				head = false
				break
			}
		}
		if head {
			heads = append(heads, rev)
		}
	}
	slices.Sort(heads)
	return heads
}

// Plan is an ordered list of revisions to apply or undo.
type Plan struct {
	// Up is true for an upgrade, false for a downgrade.
	Up bool
	// Revisions in the order they run.
	Revisions []string
}

// UpgradePlan returns the revisions to apply, in order, to take a database
// whose version table holds current to target. Targets: "head" (the single
// head), "heads", a revision or unique prefix, or "+N".
func (g *Graph) UpgradePlan(current []string, target string) (Plan, error) {
	applied := g.ancestors(current...)
	var want map[string]bool
	switch {
	case target == "head" || target == "":
		head, err := g.Head()
		if err != nil {
			return Plan{}, err
		}
		if head == "" {
			return Plan{Up: true}, nil
		}
		want = g.ancestors(head)
	case target == "heads":
		want = g.ancestors(g.Heads()...)
	case strings.HasPrefix(target, "+"):
		n, ok := relativeCount(target[1:])
		if !ok {
			return Plan{}, fmt.Errorf("migrate: bad relative target %q: want +N with N >= 1", target)
		}
		var revs []string
		for _, rev := range g.order {
			if !applied[rev] && allIn(g.nodes[rev].Parents, applied) {
				revs = append(revs, rev)
				applied[rev] = true
				if len(revs) == n {
					break
				}
			}
		}
		if len(revs) < n {
			return Plan{}, fmt.Errorf("migrate: cannot upgrade %s: only %d revision(s) left to apply", target, len(revs))
		}
		return Plan{Up: true, Revisions: revs}, nil
	default:
		rev, err := g.Resolve(target)
		if err != nil {
			return Plan{}, err
		}
		want = g.ancestors(rev)
	}
	var revs []string
	for _, rev := range g.order {
		if want[rev] && !applied[rev] {
			revs = append(revs, rev)
		}
	}
	return Plan{Up: true, Revisions: revs}, nil
}

// DowngradePlan returns the revisions to undo, in order, to take a database
// whose version table holds current to target. Targets: "base", a revision
// or unique prefix (which stays applied), "-N" or "HEAD@-N". A relative
// target steps back one revision at a time and never guesses: where a
// step could go two ways (several heads, a merge revision) it returns an
// [*AmbiguousDowngradeError] listing the explicit targets.
func (g *Graph) DowngradePlan(current []string, target string) (Plan, error) {
	applied := g.ancestors(current...)
	var keep map[string]bool
	switch {
	case target == "base":
		keep = map[string]bool{}
	case strings.HasPrefix(target, "-"):
		n, ok := relativeCount(target[1:])
		if !ok {
			return Plan{}, fmt.Errorf("migrate: bad relative target %q: want -N with N >= 1", target)
		}
		return g.stepBack(current, applied, "", n, target)
	case strings.Contains(target, "@"):
		head, rel, _ := strings.Cut(target, "@")
		n, ok := 0, strings.HasPrefix(rel, "-")
		if ok {
			n, ok = relativeCount(rel[1:])
		}
		if head == "" || !ok {
			return Plan{}, fmt.Errorf("migrate: bad branch target %q: want REV@-N, REV a head the database is at and N >= 1", target)
		}
		rev, err := g.Resolve(head)
		if err != nil {
			return Plan{}, err
		}
		if !slices.Contains(g.headsOf(applied), rev) {
			return Plan{}, fmt.Errorf("migrate: cannot downgrade %s: the database is at %s, not at %s (REV@-N steps back from a revision the database is at)", target, revisionsOrBase(g.headsOf(applied)), rev)
		}
		return g.stepBack(current, applied, rev, n, target)
	default:
		rev, err := g.Resolve(target)
		if err != nil {
			return Plan{}, err
		}
		if !applied[rev] {
			return Plan{}, fmt.Errorf("migrate: cannot downgrade to %s: it is not applied", rev)
		}
		keep = g.ancestors(rev)
	}
	var revs []string
	for i := len(g.order) - 1; i >= 0; i-- {
		if rev := g.order[i]; applied[rev] && !keep[rev] {
			revs = append(revs, rev)
		}
	}
	return Plan{Revisions: revs}, nil
}

// relativeCount parses the N of a "+N" or "-N" target: decimal digits
// only (no sign, no space), N >= 1.
func relativeCount(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1
}

func allIn(revs []string, set map[string]bool) bool {
	for _, r := range revs {
		if !set[r] {
			return false
		}
	}
	return true
}

// AmbiguousDowngradeError reports a relative downgrade whose step back is
// not one revision: the database is at several heads (which branch to step
// back?), or the step back reaches a merge revision (back to which
// parent?). Nothing is undone; Choices lists the explicit targets, each
// with what it undoes.
type AmbiguousDowngradeError struct {
	// Target is the relative target asked for, "-N" or "REV@-N".
	Target string
	// Heads are the revisions the database is at, when several.
	Heads []string
	// Merge is the merge revision reached, and Parents its parents.
	Merge   string
	Parents []string
	// Choices are the downgrades to choose from.
	Choices []DowngradeChoice
}

// DowngradeChoice is one explicit downgrade offered by an
// [AmbiguousDowngradeError].
type DowngradeChoice struct {
	// Target is the downgrade's target, such as "310@-1" or "330".
	Target string
	// Undoes lists the revisions it undoes, in order.
	Undoes []string
}

// Error implements the error interface; it lists the choices, one a line.
func (e *AmbiguousDowngradeError) Error() string {
	var b strings.Builder
	if e.Merge != "" {
		fmt.Fprintf(&b, "migrate: downgrade %s is ambiguous: it reaches merge revision %s, whose parents are %s; name what to undo:", e.Target, e.Merge, strings.Join(e.Parents, " and "))
	} else {
		fmt.Fprintf(&b, "migrate: downgrade %s is ambiguous: the database is at %d heads (%s), one per branch; name the branch to step back:", e.Target, len(e.Heads), strings.Join(e.Heads, ", "))
	}
	width := 0
	for _, c := range e.Choices {
		width = max(width, len(c.Target))
	}
	for _, c := range e.Choices {
		fmt.Fprintf(&b, "\n  downgrade %-*s  undoes %s", width, c.Target, strings.Join(c.Undoes, ", "))
	}
	return b.String()
}

// stepBack plans a relative downgrade of n revisions (target is "-N" or
// "REV@-N", for messages). Each step undoes the one revision the database
// is at: with from empty ("-N"), the database must be at one head and
// the step must not undo a merge revision; with from set ("REV@-N"),
// the first step undoes from, a head the database is at, and each next
// step its single parent, which no other applied revision may descend
// from; a merge revision may be undone by the last step only. Anything
// else is ambiguous: an [*AmbiguousDowngradeError] lists the explicit
// choices.
func (g *Graph) stepBack(current []string, applied map[string]bool, from string, n int, target string) (Plan, error) {
	var revs []string
	for len(revs) < n {
		heads := g.headsOf(applied)
		var rev string
		switch {
		case len(revs) > 0 && from != "":
			prev := g.nodes[revs[len(revs)-1]]
			switch len(prev.Parents) {
			case 0:
				return Plan{}, fmt.Errorf("migrate: cannot downgrade %s: the branch has only %d revision(s)", target, len(revs))
			case 1:
			default:
				return Plan{}, g.ambiguousMerge(current, target, revs, prev.Revision)
			}
			rev = prev.Parents[0]
			if !slices.Contains(heads, rev) {
				var others []string
				for _, c := range g.children[rev] {
					if applied[c] {
						others = append(others, c)
					}
				}
				return Plan{}, fmt.Errorf("migrate: cannot downgrade %s: %s is also the parent of %s, which stays applied; undo that branch first, or downgrade to a revision the branches share (%s is one)",
					target, rev, strings.Join(others, ", "), rev)
			}
		case len(revs) == 0 && from != "":
			rev = from
		case len(heads) == 0:
			return Plan{}, fmt.Errorf("migrate: cannot downgrade %s: only %d revision(s) applied", target, len(revs))
		case len(heads) > 1:
			e := &AmbiguousDowngradeError{Target: target, Heads: heads}
			for _, h := range heads {
				t := fmt.Sprintf("%s@-%d", h, n)
				if p, err := g.DowngradePlan(current, t); err == nil {
					e.Choices = append(e.Choices, DowngradeChoice{Target: t, Undoes: p.Revisions})
				}
			}
			if len(e.Choices) == 0 {
				// No branch is N long before the fork: keep one branch,
				// undoing the others.
				for _, h := range heads {
					if p, err := g.DowngradePlan(current, h); err == nil && len(p.Revisions) > 0 {
						e.Choices = append(e.Choices, DowngradeChoice{Target: h, Undoes: p.Revisions})
					}
				}
			}
			return Plan{}, e
		default:
			rev = heads[0]
			if n, ok := g.nodes[rev]; ok && len(n.Parents) > 1 {
				return Plan{}, g.ambiguousMerge(current, target, revs, rev)
			}
		}
		if _, ok := g.nodes[rev]; !ok {
			return Plan{}, fmt.Errorf("migrate: no revision %q", rev)
		}
		revs = append(revs, rev)
		delete(applied, rev)
	}
	return Plan{Revisions: revs}, nil
}

// ambiguousMerge is the error of a relative downgrade (target) that,
// after undoing done, reaches the merge revision merge.
func (g *Graph) ambiguousMerge(current []string, target string, done []string, merge string) error {
	e := &AmbiguousDowngradeError{Target: target, Merge: merge, Parents: slices.Clone(g.nodes[merge].Parents)}
	first := merge
	if len(done) > 0 {
		first = done[0]
	}
	steps := len(done) + 1
	if slices.Contains(done, merge) {
		steps-- // REV@-N undid the merge and would go on
	}
	targets := []string{fmt.Sprintf("%s@-%d", first, steps)}
	targets = append(targets, e.Parents...)
	for _, t := range targets {
		if p, err := g.DowngradePlan(current, t); err == nil && len(p.Revisions) > 0 {
			e.Choices = append(e.Choices, DowngradeChoice{Target: t, Undoes: p.Revisions})
		}
	}
	return e
}
