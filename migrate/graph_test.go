package migrate

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// node is a fixture: a revision in file rev.go with the given parents.
func node(rev string, parents ...string) Node {
	return Node{Revision: rev, Parents: parents, Message: "m" + rev, File: rev + ".go"}
}

func mustGraph(t *testing.T, nodes ...Node) *Graph {
	t.Helper()
	g, err := NewGraph(nodes)
	if err != nil {
		t.Fatalf("NewGraph: %v", err)
	}
	return g
}

// Fixture graphs.
var (
	// linear: 100 <- 200 <- 300
	linearNodes = []Node{node("100"), node("200", "100"), node("300", "200")}
	// branched: 100 <- 200 <- {310, 320}; 320 <- 330
	branchedNodes = []Node{node("100"), node("200", "100"), node("310", "200"), node("320", "200"), node("330", "320")}
	// merged: branched plus 400 merging 310 and 330, then 500.
	mergedNodes = append(append([]Node{}, branchedNodes...), node("400", "310", "330"), node("500", "400"))
)

func TestNewGraph(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		nodes        []Node
		wantOrder    []string
		wantContains []string // each must appear in the error
		wantAbsent   []string // none may appear in the error
	}{
		{name: "empty", nodes: nil, wantOrder: nil},
		{name: "linear", nodes: linearNodes, wantOrder: []string{"100", "200", "300"}},
		{
			name:      "input order does not matter",
			nodes:     []Node{node("300", "200"), node("100"), node("200", "100")},
			wantOrder: []string{"100", "200", "300"},
		},
		{name: "merged", nodes: mergedNodes, wantOrder: []string{"100", "200", "310", "320", "330", "400", "500"}},
		{
			name:  "topological order before revision order",
			nodes: []Node{node("900"), node("100", "900"), node("500")},
			// ready: 500, 900; 100 only after 900.
			wantOrder: []string{"500", "900", "100"},
		},
		{
			name:  "revision IDs that targets would misread",
			nodes: []Node{node("base"), node("heads"), node("+1"), node("-2"), node("a:b"), node("r@-1"), node("x y")},
			wantContains: []string{`"base" is a target word`, `"heads" is a target word`, `"+1" starts with "+"`, `"-2" starts with "-"`,
				`"a:b" holds ':'`, `"r@-1" holds '@'`, `"x y" holds white space`, "revision ID in base.go cannot be used"},
		},
		{
			name:         "duplicate revision names both files",
			nodes:        []Node{node("100"), {Revision: "100", File: "other.go"}},
			wantContains: []string{"duplicate revision 100", "other.go", "100.go"},
		},
		{
			name:         "duplicate revision without file",
			nodes:        []Node{node("100"), {Revision: "100"}},
			wantContains: []string{"duplicate revision 100 in an unknown file, also in 100.go"},
		},
		{
			name:         "missing parent",
			nodes:        []Node{node("100"), node("200", "150")},
			wantContains: []string{"revision 200 (200.go) has missing parent 150"},
		},
		{
			name:         "parent listed twice",
			nodes:        []Node{node("100"), node("200", "100", "100")},
			wantContains: []string{"revision 200 (200.go) lists parent 100 twice"},
		},
		{
			name:         "empty revision",
			nodes:        []Node{node("100"), {File: "broken.go", Parents: []string{"100"}}},
			wantContains: []string{"migration in broken.go has no revision ID"},
		},
		{
			name:         "every problem is reported",
			nodes:        []Node{node("100"), {Revision: "100", File: "x.go"}, node("200", "999"), {File: "y.go"}},
			wantContains: []string{"duplicate revision 100", "missing parent 999", "y.go has no revision ID"},
		},
		{
			name:         "cycle",
			nodes:        []Node{node("100"), node("200", "100", "400"), node("300", "200"), node("400", "300")},
			wantContains: []string{"revision cycle through 200, 300, 400 (in 200.go, 300.go, 400.go)"},
			wantAbsent:   []string{"100"},
		},
		{
			name:         "cycle names only its members",
			nodes:        []Node{node("100", "300"), node("200", "100"), node("300", "200"), node("900", "300")},
			wantContains: []string{"revision cycle through 100, 200, 300"},
			wantAbsent:   []string{"900"},
		},
		{
			name:         "self parent",
			nodes:        []Node{node("100", "100")},
			wantContains: []string{"revision cycle through 100"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, err := NewGraph(tc.nodes)
			if len(tc.wantContains) > 0 {
				if err == nil {
					t.Fatalf("NewGraph: no error, want one containing %q", tc.wantContains)
				}
				var ge *GraphError
				if !errors.As(err, &ge) {
					t.Errorf("error %T is no *GraphError", err)
				}
				for _, s := range tc.wantContains {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				for _, s := range tc.wantAbsent {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error %q contains %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("NewGraph: %v", err)
			}
			if diff := cmp.Diff(tc.wantOrder, g.Order(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Order (-want +got):\n%s", diff)
			}
			if g.size() != len(tc.nodes) {
				t.Errorf("size = %d, want %d", g.size(), len(tc.nodes))
			}
		})
	}
}

func TestGraphAccessors(t *testing.T) {
	t.Parallel()
	g := mustGraph(t, mergedNodes...)
	if n, ok := g.Node("400"); !ok || n.File != "400.go" || !cmp.Equal(n.Parents, []string{"310", "330"}) {
		t.Errorf("Node(400) = %+v, %v", n, ok)
	}
	if _, ok := g.Node("40"); ok {
		t.Errorf("Node takes a prefix")
	}
	if got := g.childrenOf("200"); !cmp.Equal(got, []string{"310", "320"}) {
		t.Errorf("childrenOf(200) = %v", got)
	}
	if got := g.bases(); !cmp.Equal(got, []string{"100"}) {
		t.Errorf("bases = %v", got)
	}
	got := g.ancestors("310")
	want := map[string]bool{"100": true, "200": true, "310": true}
	if !cmp.Equal(got, want) {
		t.Errorf("ancestors(310) = %v, want %v", got, want)
	}
	// Order and childrenOf return copies.
	g.Order()[0] = "x"
	g.childrenOf("200")[0] = "x"
	if g.Order()[0] != "100" || g.childrenOf("200")[0] != "310" {
		t.Errorf("Order or childrenOf exposed the graph's slices")
	}
}

func TestHeads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		nodes     []Node
		wantHeads []string
		wantHead  string
		wantMulti bool
	}{
		{name: "empty", nodes: nil, wantHeads: nil, wantHead: ""},
		{name: "linear", nodes: linearNodes, wantHeads: []string{"300"}, wantHead: "300"},
		{name: "branched", nodes: branchedNodes, wantHeads: []string{"310", "330"}, wantMulti: true},
		{name: "merged", nodes: mergedNodes, wantHeads: []string{"500"}, wantHead: "500"},
		{
			name:      "two roots",
			nodes:     []Node{node("900"), node("100")},
			wantHeads: []string{"100", "900"},
			wantMulti: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := mustGraph(t, tc.nodes...)
			if diff := cmp.Diff(tc.wantHeads, g.Heads(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Heads (-want +got):\n%s", diff)
			}
			head, err := g.Head()
			if !tc.wantMulti {
				if err != nil || head != tc.wantHead {
					t.Errorf("Head = %q, %v; want %q", head, err, tc.wantHead)
				}
				return
			}
			var mh *MultipleHeadsError
			if !errors.As(err, &mh) {
				t.Fatalf("Head error %T is no *MultipleHeadsError", err)
			}
			if !cmp.Equal(mh.Heads, tc.wantHeads) {
				t.Errorf("MultipleHeadsError.Heads = %v, want %v", mh.Heads, tc.wantHeads)
			}
			for _, h := range tc.wantHeads {
				if !strings.Contains(err.Error(), h) {
					t.Errorf("error %q does not name head %s", err, h)
				}
			}
		})
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	g := mustGraph(t, node("1000"), node("2000", "1000"), node("2100", "2000"), node("21", "1000"))
	tests := []struct {
		name            string
		in              string
		want            string
		wantErrContains string
	}{
		{name: "full", in: "2000", want: "2000"},
		{name: "full that is a prefix of another", in: "21", want: "21"},
		{name: "unique prefix", in: "1", want: "1000"},
		{name: "unique longer prefix", in: "210", want: "2100"},
		{name: "ambiguous", in: "2", wantErrContains: `revision prefix "2" is ambiguous: 2000 (m2000), 21 (m21), 2100 (m2100)`},
		{name: "unknown", in: "9", wantErrContains: `no revision "9"`},
		{name: "longer than any", in: "10000", wantErrContains: `no revision "10000"`},
		{name: "empty", in: "", wantErrContains: "empty revision"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := g.Resolve(tc.in)
			if tc.wantErrContains != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrContains) {
					t.Fatalf("Resolve(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.wantErrContains)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Resolve(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestResolveSuffix resolves IDs of the form TIMESTAMP_SUFFIX by a
// prefix of the whole ID or of the suffix alone, beside old IDs (the
// timestamp alone) and IDs of other forms.
func TestResolveSuffix(t *testing.T) {
	t.Parallel()
	g := mustGraph(t,
		node("20261206090000"),
		node("20261206100000_kfxd", "20261206090000"),
		node("20261206100001_kmbq", "20261206100000_kfxd"),
		node("20261206110000_zzzz", "20261206100001_kmbq"),
		node("add_users", "20261206110000_zzzz"),
		node("20261206120000_xa_b", "add_users"), // not the form: no suffix
	)
	tests := []struct {
		in, want, wantErrContains string
	}{
		{in: "kfxd", want: "20261206100000_kfxd"},
		{in: "kf", want: "20261206100000_kfxd"},
		{in: "kmb", want: "20261206100001_kmbq"},
		{in: "k", wantErrContains: `revision prefix "k" is ambiguous: 20261206100000_kfxd (m20261206100000_kfxd), 20261206100001_kmbq (m20261206100001_kmbq)`},
		{in: "z", want: "20261206110000_zzzz"},
		{in: "20261206100000", want: "20261206100000_kfxd"},
		{in: "20261206100000_k", want: "20261206100000_kfxd"},
		{in: "202612061000", wantErrContains: "20261206100000_kfxd (m20261206100000_kfxd), 20261206100001_kmbq"},
		{in: "20261206090000", want: "20261206090000"}, // an old ID, whole
		{in: "2026120609", want: "20261206090000"},
		{in: "add", want: "add_users"},
		{in: "users", wantErrContains: `no revision "users"`}, // not the TIMESTAMP_SUFFIX form
		{in: "b", wantErrContains: `no revision "b"`},
		{in: "xa", wantErrContains: `no revision "xa"`},
		{in: "kfxdq", wantErrContains: `no revision "kfxdq"`},
		{in: "KFXD", wantErrContains: `no revision "KFXD"`},
	}
	for _, tc := range tests {
		got, err := g.Resolve(tc.in)
		if tc.wantErrContains != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErrContains) {
				t.Errorf("Resolve(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.wantErrContains)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	// Targets resolve the same way.
	p, err := g.UpgradePlan(nil, "kmbq")
	if err != nil || len(p.Revisions) != 3 || p.Revisions[2] != "20261206100001_kmbq" {
		t.Errorf("UpgradePlan(nil, kmbq) = %v, %v", p.Revisions, err)
	}
}

func TestUpgradePlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		nodes           []Node
		current         []string
		target          string
		want            []string
		wantErrAs       bool // a *MultipleHeadsError
		wantErrContains string
	}{
		{name: "head from nothing", nodes: linearNodes, target: "head", want: []string{"100", "200", "300"}},
		{name: "empty target is head", nodes: linearNodes, target: "", want: []string{"100", "200", "300"}},
		{name: "head of empty graph", nodes: nil, target: "head", want: nil},
		{name: "heads of empty graph", nodes: nil, target: "heads", want: nil},
		{name: "head from partially applied", nodes: linearNodes, current: []string{"200"}, target: "head", want: []string{"300"}},
		{name: "head already applied", nodes: linearNodes, current: []string{"300"}, target: "head", want: nil},
		{name: "heads linear", nodes: linearNodes, current: []string{"100"}, target: "heads", want: []string{"200", "300"}},
		{name: "rev", nodes: linearNodes, target: "200", want: []string{"100", "200"}},
		{name: "prefix", nodes: linearNodes, current: []string{"100"}, target: "3", want: []string{"200", "300"}},
		{name: "rev behind current", nodes: linearNodes, current: []string{"300"}, target: "100", want: nil},
		{name: "unknown rev", nodes: linearNodes, target: "7", wantErrContains: `no revision "7"`},
		{name: "+1", nodes: linearNodes, target: "+1", want: []string{"100"}},
		{name: "+2 from partially applied", nodes: linearNodes, current: []string{"100"}, target: "+2", want: []string{"200", "300"}},
		{name: "+N too many", nodes: linearNodes, current: []string{"200"}, target: "+2", wantErrContains: "only 1 revision(s) left"},
		{name: "+0", nodes: linearNodes, target: "+0", wantErrContains: "bad relative target"},
		{name: "+x", nodes: linearNodes, target: "+x", wantErrContains: "bad relative target"},
		{
			name: "branch: head refused", nodes: branchedNodes, target: "head",
			wantErrAs: true,
		},
		{
			name: "branch: heads applies both children of one parent", nodes: branchedNodes, target: "heads",
			want: []string{"100", "200", "310", "320", "330"},
		},
		{
			name: "branch: heads from one branch applied", nodes: branchedNodes, current: []string{"310"}, target: "heads",
			want: []string{"320", "330"},
		},
		{
			name: "branch: one branch by rev", nodes: branchedNodes, current: []string{"200"}, target: "330",
			want: []string{"320", "330"},
		},
		{
			name: "branch: +2 walks topological order", nodes: branchedNodes, current: []string{"200"}, target: "+2",
			want: []string{"310", "320"},
		},
		{
			name: "merge: head applies both branches before the merge", nodes: mergedNodes, target: "head",
			want: []string{"100", "200", "310", "320", "330", "400", "500"},
		},
		{
			name: "merge: from both heads", nodes: mergedNodes, current: []string{"310", "330"}, target: "head",
			want: []string{"400", "500"},
		},
		{
			name: "merge: from one head pulls the other branch", nodes: mergedNodes, current: []string{"330"}, target: "400",
			want: []string{"310", "400"},
		},
		{
			name: "merge: +1 waits for both parents", nodes: mergedNodes, current: []string{"310", "320"}, target: "+2",
			want: []string{"330", "400"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := mustGraph(t, tc.nodes...)
			p, err := g.UpgradePlan(tc.current, tc.target)
			if tc.wantErrAs || tc.wantErrContains != "" {
				if err == nil {
					t.Fatalf("UpgradePlan = %v, want an error", p)
				}
				var mh *MultipleHeadsError
				if tc.wantErrAs && !errors.As(err, &mh) {
					t.Errorf("error %v is no *MultipleHeadsError", err)
				}
				if !strings.Contains(err.Error(), tc.wantErrContains) {
					t.Errorf("error %q does not contain %q", err, tc.wantErrContains)
				}
				return
			}
			if err != nil {
				t.Fatalf("UpgradePlan: %v", err)
			}
			if !p.Up {
				t.Errorf("Plan.Up = false")
			}
			if diff := cmp.Diff(tc.want, p.Revisions, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Revisions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDowngradePlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		nodes           []Node
		current         []string
		target          string
		want            []string
		wantErrContains string
	}{
		{name: "base", nodes: linearNodes, current: []string{"300"}, target: "base", want: []string{"300", "200", "100"}},
		{name: "base from nothing", nodes: linearNodes, current: nil, target: "base", want: nil},
		{name: "base partially applied", nodes: linearNodes, current: []string{"200"}, target: "base", want: []string{"200", "100"}},
		{name: "rev stays applied", nodes: linearNodes, current: []string{"300"}, target: "100", want: []string{"300", "200"}},
		{name: "current rev", nodes: linearNodes, current: []string{"300"}, target: "300", want: nil},
		{name: "prefix", nodes: linearNodes, current: []string{"300"}, target: "2", want: []string{"300"}},
		{name: "-1", nodes: linearNodes, current: []string{"300"}, target: "-1", want: []string{"300"}},
		{name: "-2", nodes: linearNodes, current: []string{"300"}, target: "-2", want: []string{"300", "200"}},
		{name: "-N too many", nodes: linearNodes, current: []string{"200"}, target: "-3", wantErrContains: "only 2 revision(s) applied"},
		{name: "-0", nodes: linearNodes, current: []string{"200"}, target: "-0", wantErrContains: "bad relative target"},
		{name: "not applied rev", nodes: linearNodes, current: []string{"200"}, target: "300", wantErrContains: "cannot downgrade to 300: it is not applied"},
		{name: "unknown rev", nodes: linearNodes, current: []string{"200"}, target: "8", wantErrContains: `no revision "8"`},
		{
			name: "branches to base", nodes: branchedNodes, current: []string{"310", "330"}, target: "base",
			want: []string{"330", "320", "310", "200", "100"},
		},
		{
			name: "branches to branch point", nodes: branchedNodes, current: []string{"310", "330"}, target: "200",
			want: []string{"330", "320", "310"},
		},
		{
			// It used to undo the last revision in graph order, 330,
			// dropping one branch's tables unasked.
			name: "branches -1 is ambiguous", nodes: branchedNodes, current: []string{"310", "330"}, target: "-1",
			wantErrContains: "downgrade -1 is ambiguous: the database is at 2 heads (310, 330), one per branch; name the branch to step back:\n  downgrade 310@-1  undoes 310\n  downgrade 330@-1  undoes 330",
		},
		{
			name: "branches -2 offers the branches that are long enough", nodes: branchedNodes, current: []string{"310", "330"}, target: "-2",
			wantErrContains: "name the branch to step back:\n  downgrade 330@-2  undoes 330, 320",
		},
		{
			name: "branches -3 offers to keep one branch", nodes: branchedNodes, current: []string{"310", "330"}, target: "-3",
			wantErrContains: "name the branch to step back:\n  downgrade 310  undoes 330, 320\n  downgrade 330  undoes 310",
		},
		{name: "branch@-1", nodes: branchedNodes, current: []string{"310", "330"}, target: "310@-1", want: []string{"310"}},
		{name: "branch prefix@-2", nodes: branchedNodes, current: []string{"310", "330"}, target: "33@-2", want: []string{"330", "320"}},
		{
			name: "branch@-N stops at the shared parent", nodes: branchedNodes, current: []string{"310", "330"}, target: "310@-2",
			wantErrContains: "cannot downgrade 310@-2: 200 is also the parent of 320, which stays applied",
		},
		{
			name: "branch@-N of a revision the database is not at", nodes: branchedNodes, current: []string{"310", "330"}, target: "320@-1",
			wantErrContains: "the database is at 310, 330, not at 320",
		},
		{name: "branch@ malformed", nodes: branchedNodes, current: []string{"310", "330"}, target: "310@1", wantErrContains: "bad branch target"},
		{name: "branch@ without a revision", nodes: branchedNodes, current: []string{"310", "330"}, target: "@-1", wantErrContains: "bad branch target"},
		{name: "linear rev@-N", nodes: linearNodes, current: []string{"300"}, target: "300@-2", want: []string{"300", "200"}},
		{name: "linear rev@-N too many", nodes: linearNodes, current: []string{"300"}, target: "300@-4", wantErrContains: "the branch has only 3 revision(s)"},
		{
			name: "-1 at a merge is ambiguous", nodes: mergedNodes, current: []string{"400"}, target: "-1",
			wantErrContains: "downgrade -1 is ambiguous: it reaches merge revision 400, whose parents are 310 and 330; name what to undo:\n" +
				"  downgrade 400@-1  undoes 400\n  downgrade 310     undoes 400, 330, 320\n  downgrade 330     undoes 400, 310",
		},
		{name: "merge@-1 undoes the merge only", nodes: mergedNodes, current: []string{"400"}, target: "400@-1", want: []string{"400"}},
		{name: "merge@-2 is ambiguous", nodes: mergedNodes, current: []string{"400"}, target: "400@-2", wantErrContains: "downgrade 400@-2 is ambiguous: it reaches merge revision 400"},
		{
			name: "through the merge to the branch point", nodes: mergedNodes, current: []string{"500"}, target: "200",
			want: []string{"500", "400", "330", "320", "310"},
		},
		{
			name: "to one merge parent", nodes: mergedNodes, current: []string{"500"}, target: "330",
			want: []string{"500", "400", "310"},
		},
		{
			name: "-2 through the merge is ambiguous", nodes: mergedNodes, current: []string{"500"}, target: "-2",
			wantErrContains: "it reaches merge revision 400, whose parents are 310 and 330; name what to undo:\n" +
				"  downgrade 500@-2  undoes 500, 400\n  downgrade 310     undoes 500, 400, 330, 320",
		},
		{name: "rev@-2 through the merge", nodes: mergedNodes, current: []string{"500"}, target: "500@-2", want: []string{"500", "400"}},
		{name: "-1 before the merge", nodes: mergedNodes, current: []string{"500"}, target: "-1", want: []string{"500"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := mustGraph(t, tc.nodes...)
			p, err := g.DowngradePlan(tc.current, tc.target)
			if tc.wantErrContains != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrContains) {
					t.Fatalf("DowngradePlan = %v, %v; want error containing %q", p, err, tc.wantErrContains)
				}
				return
			}
			if err != nil {
				t.Fatalf("DowngradePlan: %v", err)
			}
			if p.Up {
				t.Errorf("Plan.Up = true")
			}
			if diff := cmp.Diff(tc.want, p.Revisions, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Revisions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHeadsOfThroughPlans checks what the version table would hold after
// each step of a plan, as the runner computes it.
func TestHeadsOfThroughPlans(t *testing.T) {
	t.Parallel()
	g := mustGraph(t, mergedNodes...)
	tests := []struct {
		name    string
		current []string
		up      bool
		target  string
		want    [][]string // heads after each revision of the plan
	}{
		{
			name: "upgrade head", up: true, target: "head",
			want: [][]string{
				{"100"}, {"200"}, {"310"}, {"310", "320"}, {"310", "330"}, {"400"}, {"500"},
			},
		},
		{
			name: "downgrade to branch point", current: []string{"500"}, target: "200",
			want: [][]string{
				{"400"}, {"310", "330"}, {"310", "320"}, {"310"}, {"200"},
			},
		},
		{
			name: "downgrade base", current: []string{"310"}, target: "base",
			want: [][]string{{"200"}, {"100"}, nil},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var p Plan
			var err error
			if tc.up {
				p, err = g.UpgradePlan(tc.current, tc.target)
			} else {
				p, err = g.DowngradePlan(tc.current, tc.target)
			}
			if err != nil {
				t.Fatal(err)
			}
			applied := g.ancestors(tc.current...)
			var got [][]string
			for _, rev := range p.Revisions {
				if p.Up {
					applied[rev] = true
				} else {
					delete(applied, rev)
				}
				got = append(got, g.headsOf(applied))
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("heads after each step (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHeadsOf(t *testing.T) {
	t.Parallel()
	g := mustGraph(t, mergedNodes...)
	tests := []struct {
		name    string
		applied []string
		want    []string
	}{
		{name: "nothing", applied: nil, want: nil},
		{name: "chain", applied: []string{"100", "200"}, want: []string{"200"}},
		{name: "both branches", applied: []string{"100", "200", "310", "320", "330"}, want: []string{"310", "330"}},
		{name: "all", applied: []string{"100", "200", "310", "320", "330", "400", "500"}, want: []string{"500"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			set := map[string]bool{}
			for _, r := range tc.applied {
				set[r] = true
			}
			if diff := cmp.Diff(tc.want, g.headsOf(set), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("headsOf (-want +got):\n%s", diff)
			}
		})
	}
}
