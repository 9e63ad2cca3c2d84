package migrate

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// FuzzGraph builds a revision graph from fuzzed nodes and checks NewGraph
// against an independent validity check, then the graph's order, heads,
// bases, Resolve, and upgrade and downgrade plans to fuzzed and usual
// targets from a fuzzed current state. Its seed corpus is under
// testdata/fuzz/FuzzGraph; fuzz it with
//
//	go test -run '^$' -fuzz '^FuzzGraph$' -fuzztime 60s -parallel 2 ./migrate
func FuzzGraph(f *testing.F) {
	// Three nodes a <- aa <- aaa, current {a}, target "head".
	f.Add([]byte{3, 0, 1, 2, 0, 1, 0, 1, 1, 1, 0}, "head")
	f.Fuzz(func(t *testing.T, data []byte, target string) {
		if len(target) > 64 {
			return
		}
		nodes, current := decodeGraph(data)
		g, err := NewGraph(nodes)
		valid := validGraph(nodes)
		if err != nil {
			var ge *GraphError
			if valid || !errors.As(err, &ge) || ge.Msg == "" {
				t.Fatalf("NewGraph(%v) = %v (%T); want a graph: %v", nodes, err, err, valid)
			}
			return
		}
		if !valid {
			t.Fatalf("NewGraph(%v) accepts an invalid graph", nodes)
		}
		checkGraph(t, g, nodes)

		targets := []string{target, "", "head", "heads", "base", "+0", "+1", "+2", "-0", "-1", "-2", "+-1", "-+1", "+1x"}
		targets = append(targets, "+"+strconv.Itoa(len(nodes)), "-"+strconv.Itoa(len(nodes)), "+"+strconv.Itoa(len(nodes)+1))
		for _, n := range nodes {
			targets = append(targets, n.Revision, n.Revision[:1], n.Revision+"x", n.Revision+"@-1", n.Revision+"@-2", n.Revision+"@1")
		}
		currents := [][]string{current, g.headsOf(g.ancestors(current...)), nil, g.Heads()}
		for _, tgt := range targets {
			checkResolve(t, g, tgt)
			for _, cur := range currents {
				checkUpgradePlan(t, g, cur, tgt)
				checkDowngradePlan(t, g, cur, tgt)
			}
			// The runner refuses a current revision the graph lacks;
			// the plans must not panic on one either.
			_, _ = g.UpgradePlan([]string{"zz"}, tgt)
			_, _ = g.DowngradePlan([]string{"zz"}, tgt)
		}

		// A relative target takes digits only.
		for _, bad := range []string{"++1", "+-1", "+ 1", "+1 ", "+0x1", "-+1", "--1", "- 1", "-1 "} {
			if p, err := g.UpgradePlan(current, bad); err == nil && strings.HasPrefix(bad, "+") {
				t.Fatalf("UpgradePlan(%v, %q) = %v; want an error", current, bad, p.Revisions)
			}
			if p, err := g.DowngradePlan(current, bad); err == nil {
				t.Fatalf("DowngradePlan(%v, %q) = %v; want an error", current, bad, p.Revisions)
			}
		}

		// Upgrading to heads and downgrading to base undoes everything.
		up, err := g.UpgradePlan(current, "heads")
		if err != nil {
			t.Fatalf("UpgradePlan(%v, heads): %v", current, err)
		}
		applied := g.ancestors(current...)
		for _, rev := range up.Revisions {
			applied[rev] = true
		}
		if len(applied) != g.size() {
			t.Fatalf("UpgradePlan(%v, heads) = %v leaves %d of %d revisions applied", current, up.Revisions, len(applied), g.size())
		}
		down, err := g.DowngradePlan(g.Heads(), "base")
		if err != nil || len(down.Revisions) != g.size() {
			t.Fatalf("DowngradePlan(heads, base) = %v, %v; want all %d revisions", down.Revisions, err, g.size())
		}
	})
}

// decodeGraph turns fuzz bytes into at most 16 nodes, whose revisions
// are 1 to 3 letters of "ab1" so that prefixes and duplicates are common,
// and a current state (a subset of the revisions).
//
// The layout: a node count byte; a revision byte per node (0xff: no
// revision); per node, a parent count byte (0 to 3) and one byte per
// parent: below 0x80 an earlier node (acyclic), 0xff a missing revision,
// else any node; last, two bytes of a bit mask of the current revisions.
func decodeGraph(data []byte) ([]Node, []string) {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		c := data[0]
		data = data[1:]
		return c
	}
	n := int(next() % 17)
	revs := make([]string, n)
	for i := range revs {
		revs[i] = fuzzRevision(next())
	}
	nodes := make([]Node, n)
	for i := range nodes {
		nodes[i] = Node{Revision: revs[i], File: "f" + strconv.Itoa(i) + ".go"}
		for range next() % 4 {
			switch p := next(); {
			case p == 0xff:
				nodes[i].Parents = append(nodes[i].Parents, "zz")
			case p < 0x80 && i > 0:
				nodes[i].Parents = append(nodes[i].Parents, revs[int(p)%i])
			case p >= 0x80:
				nodes[i].Parents = append(nodes[i].Parents, revs[int(p)%n])
			}
		}
	}
	mask := int(next()) | int(next())<<8
	var current []string
	for i, rev := range revs {
		if mask&(1<<i) != 0 && rev != "" && !slices.Contains(current, rev) {
			current = append(current, rev)
		}
	}
	return nodes, current
}

// fuzzRevision maps a byte to a revision ID of 1 to 3 letters of "ab1",
// or to "" for 0xff.
func fuzzRevision(c byte) string {
	if c == 0xff {
		return ""
	}
	const alphabet = "ab1"
	n := 1 + int(c%3)
	c /= 3
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[c%3]
		c /= 3
	}
	return string(b)
}

// validGraph reports whether nodes make a graph: revisions non-empty and
// unique, parents existing and not repeated, no cycle.
func validGraph(nodes []Node) bool {
	byRev := map[string]*Node{}
	for i := range nodes {
		n := &nodes[i]
		if n.Revision == "" || byRev[n.Revision] != nil {
			return false
		}
		byRev[n.Revision] = n
	}
	for _, n := range nodes {
		seen := map[string]bool{}
		for _, p := range n.Parents {
			if seen[p] || byRev[p] == nil {
				return false
			}
			seen[p] = true
		}
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var acyclic func(rev string) bool
	acyclic = func(rev string) bool {
		switch state[rev] {
		case visiting:
			return false
		case done:
			return true
		}
		state[rev] = visiting
		for _, p := range byRev[rev].Parents {
			if !acyclic(p) {
				return false
			}
		}
		state[rev] = done
		return true
	}
	for _, n := range nodes {
		if !acyclic(n.Revision) {
			return false
		}
	}
	return true
}

// checkGraph checks the order, children, heads, bases and head of a valid
// graph against its nodes.
func checkGraph(t *testing.T, g *Graph, nodes []Node) {
	t.Helper()
	if g.size() != len(nodes) {
		t.Fatalf("size() = %d, want %d", g.size(), len(nodes))
	}
	order := g.Order()
	pos := map[string]int{}
	for i, rev := range order {
		pos[rev] = i
	}
	if len(order) != len(nodes) || len(pos) != len(nodes) {
		t.Fatalf("Order() = %v for %d nodes", order, len(nodes))
	}
	children := map[string][]string{}
	var wantHeads, wantBases []string
	for _, n := range nodes {
		if got, ok := g.Node(n.Revision); !ok || got.Revision != n.Revision {
			t.Fatalf("Node(%q) = %v, %v", n.Revision, got, ok)
		}
		for _, p := range n.Parents {
			if pos[p] >= pos[n.Revision] {
				t.Fatalf("Order() = %v puts %s before its parent %s", order, n.Revision, p)
			}
			children[p] = append(children[p], n.Revision)
		}
		if len(n.Parents) == 0 {
			wantBases = append(wantBases, n.Revision)
		}
	}
	for _, n := range nodes {
		want := children[n.Revision]
		slices.Sort(want)
		if got := g.childrenOf(n.Revision); !slices.Equal(got, want) {
			t.Fatalf("childrenOf(%s) = %v, want %v", n.Revision, got, want)
		}
		if len(want) == 0 {
			wantHeads = append(wantHeads, n.Revision)
		}
	}
	slices.Sort(wantHeads)
	slices.Sort(wantBases)
	if got := g.Heads(); !slices.Equal(got, wantHeads) {
		t.Fatalf("Heads() = %v, want %v", got, wantHeads)
	}
	if got := g.bases(); !slices.Equal(got, wantBases) {
		t.Fatalf("bases() = %v, want %v", got, wantBases)
	}
	head, err := g.Head()
	switch {
	case len(wantHeads) == 0 && (head != "" || err != nil),
		len(wantHeads) == 1 && (head != wantHeads[0] || err != nil),
		len(wantHeads) > 1 && (head != "" || !errors.As(err, new(*MultipleHeadsError))):
		t.Fatalf("Head() = %q, %v with heads %v", head, err, wantHeads)
	}
	// The order does not depend on the order of the input.
	reversed := slices.Clone(nodes)
	slices.Reverse(reversed)
	g2, err := NewGraph(reversed)
	if err != nil || !slices.Equal(g2.Order(), order) {
		t.Fatalf("NewGraph(reversed nodes) = %v, %v; want order %v", g2, err, order)
	}
}

// checkResolve checks Resolve(prefix) against a scan of the revisions.
func checkResolve(t *testing.T, g *Graph, prefix string) {
	t.Helper()
	got, err := g.Resolve(prefix)
	var matches []string
	for _, rev := range g.Order() {
		if strings.HasPrefix(rev, prefix) {
			matches = append(matches, rev)
		}
	}
	_, exact := g.Node(prefix)
	switch {
	case prefix == "":
		if err == nil {
			t.Fatalf("Resolve(\"\") = %q, want an error", got)
		}
	case exact:
		if got != prefix || err != nil {
			t.Fatalf("Resolve(%q) = %q, %v; want the revision itself", prefix, got, err)
		}
	case len(matches) == 1:
		if got != matches[0] || err != nil {
			t.Fatalf("Resolve(%q) = %q, %v; want %s", prefix, got, err, matches[0])
		}
	default:
		if err == nil || got != "" {
			t.Fatalf("Resolve(%q) = %q, %v; want an error (matches %v)", prefix, got, err, matches)
		}
	}
}

// checkUpgradePlan checks an upgrade plan: existing revisions, none
// applied before, each after its parents; "+N" applies N; any other target
// is reached, and planning it again from the resulting version table
// gives an empty plan.
func checkUpgradePlan(t *testing.T, g *Graph, current []string, target string) {
	t.Helper()
	p, err := g.UpgradePlan(current, target)
	if err != nil {
		if err.Error() == "" {
			t.Fatalf("UpgradePlan(%v, %q): empty error", current, target)
		}
		return
	}
	if !p.Up {
		t.Fatalf("UpgradePlan(%v, %q) = %+v: not an upgrade", current, target, p)
	}
	applied := g.ancestors(current...)
	for _, rev := range p.Revisions {
		n, ok := g.Node(rev)
		if !ok || applied[rev] {
			t.Fatalf("UpgradePlan(%v, %q) = %v: %s is unknown or applied already", current, target, p.Revisions, rev)
		}
		for _, parent := range n.Parents {
			if !applied[parent] {
				t.Fatalf("UpgradePlan(%v, %q) = %v: %s before its parent %s", current, target, p.Revisions, rev, parent)
			}
		}
		applied[rev] = true
	}
	if rest, ok := strings.CutPrefix(target, "+"); ok {
		if n, err := strconv.Atoi(rest); err != nil || n != len(p.Revisions) || strings.Trim(rest, "0123456789") != "" {
			t.Fatalf("UpgradePlan(%v, %q) = %v; want N revisions, and only digits accepted", current, target, p.Revisions)
		}
		return
	}
	var reached bool
	switch target {
	case "heads":
		reached = len(applied) == g.size()
	case "head", "":
		head, _ := g.Head()
		reached = head == "" || applied[head]
	default:
		rev, err := g.Resolve(target)
		reached = err == nil && applied[rev]
	}
	if !reached {
		t.Fatalf("UpgradePlan(%v, %q) = %v does not reach the target", current, target, p.Revisions)
	}
	again, err := g.UpgradePlan(g.headsOf(applied), target)
	if err != nil || len(again.Revisions) > 0 {
		t.Fatalf("UpgradePlan(%v, %q) = %v, then from %v: %v, %v; want nothing left", current, target, p.Revisions, g.headsOf(applied), again.Revisions, err)
	}
}

// checkDowngradePlan checks a downgrade plan: applied revisions, each
// undone after its children; "-N" undoes N; "base" leaves nothing and a
// revision exactly its ancestors; planning again gives an empty plan.
func checkDowngradePlan(t *testing.T, g *Graph, current []string, target string) {
	t.Helper()
	p, err := g.DowngradePlan(current, target)
	if err != nil {
		if err.Error() == "" {
			t.Fatalf("DowngradePlan(%v, %q): empty error", current, target)
		}
		return
	}
	if p.Up {
		t.Fatalf("DowngradePlan(%v, %q) = %+v: not a downgrade", current, target, p)
	}
	applied := g.ancestors(current...)
	for _, rev := range p.Revisions {
		if !applied[rev] {
			t.Fatalf("DowngradePlan(%v, %q) = %v: %s is not applied, or undone twice", current, target, p.Revisions, rev)
		}
		for _, c := range g.childrenOf(rev) {
			if applied[c] {
				t.Fatalf("DowngradePlan(%v, %q) = %v: %s undone before its child %s", current, target, p.Revisions, rev, c)
			}
		}
		delete(applied, rev)
	}
	if head, rest, ok := strings.Cut(target, "@-"); ok {
		// REV@-N undoes N revisions, the first REV, a head the database
		// was at, each next one a head once the one before is undone.
		n, err := strconv.Atoi(rest)
		rev, rerr := g.Resolve(head)
		if err != nil || rerr != nil || n != len(p.Revisions) || p.Revisions[0] != rev || !slices.Contains(g.headsOf(g.ancestors(current...)), rev) {
			t.Fatalf("DowngradePlan(%v, %q) = %v; want N revisions from %s", current, target, p.Revisions, head)
		}
		return
	}
	if rest, ok := strings.CutPrefix(target, "-"); ok {
		if n, err := strconv.Atoi(rest); err != nil || n != len(p.Revisions) || strings.Trim(rest, "0123456789") != "" {
			t.Fatalf("DowngradePlan(%v, %q) = %v; want N revisions, and only digits accepted", current, target, p.Revisions)
		}
		return
	}
	if target == "base" {
		if len(applied) > 0 {
			t.Fatalf("DowngradePlan(%v, base) = %v leaves %v", current, p.Revisions, applied)
		}
	} else {
		rev, err := g.Resolve(target)
		if err != nil || !maps.Equal(applied, g.ancestors(rev)) {
			t.Fatalf("DowngradePlan(%v, %q) = %v leaves %v, want the ancestors of %s", current, target, p.Revisions, applied, rev)
		}
	}
	again, err := g.DowngradePlan(g.headsOf(applied), target)
	if err != nil || len(again.Revisions) > 0 {
		t.Fatalf("DowngradePlan(%v, %q) = %v, then from %v: %v, %v; want nothing left", current, target, p.Revisions, g.headsOf(applied), again.Revisions, err)
	}
}
