package revtext_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/internal/revtext"
	"github.com/schemagen/schemagen/migrate"
)

func TestHistory(t *testing.T) {
	tests := []struct {
		name    string
		nodes   []migrate.Node
		current []string
		want    string
	}{
		{
			name:  "empty",
			nodes: nil,
			want:  "",
		},
		{
			name: "linear",
			nodes: []migrate.Node{
				{Revision: "1", Message: "create"},
				{Revision: "2", Parents: []string{"1"}, Message: "add"},
			},
			current: []string{"1"},
			want: `
* 2 (head) add
* 1 (current) (base) create`,
		},
		{
			name: "branch and merge",
			nodes: []migrate.Node{
				{Revision: "1", Message: "create"},
				{Revision: "2", Parents: []string{"1"}, Message: "a"},
				{Revision: "3", Parents: []string{"1"}, Message: "b"},
				{Revision: "4", Parents: []string{"2", "3"}, Message: "merge"},
			},
			current: []string{"4"},
			want: `
* 4 (head) (current) (merge) merge
|\
| * 3 b
* | 2 a
|/
* 1 (base) create`,
		},
		{
			name: "two open heads",
			nodes: []migrate.Node{
				{Revision: "1"},
				{Revision: "2", Parents: []string{"1"}},
				{Revision: "3", Parents: []string{"1"}},
			},
			current: []string{"2", "3"},
			want: `
* 3 (head) (current)
| * 2 (head) (current)
|/
* 1 (base)`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := migrate.NewGraph(tc.nodes)
			if err != nil {
				t.Fatal(err)
			}
			var revs []revtext.Rev
			for _, rev := range g.Order() {
				n, _ := g.Node(rev)
				revs = append(revs, revtext.Rev{Revision: n.Revision, Parents: n.Parents, Message: n.Message, File: n.File})
			}
			got := strings.Join(revtext.History(revs, tc.current, false), "\n")
			if diff := cmp.Diff(strings.TrimPrefix(tc.want, "\n"), got); diff != "" {
				t.Errorf("drawHistory (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHistoryPart renders part of a graph (a range): lanes join only the
// parents shown, so that no lane waits for a revision left out, and the
// tags are the graph's: no base where parents were left out, no head
// where children were.
func TestHistoryPart(t *testing.T) {
	t.Parallel()
	// A <- B, A <- C, (B, C) <- M <- N; shown: B and M, N left out.
	revs := []revtext.Rev{
		{Revision: "B", Parents: []string{"A"}, Message: "b", File: "b.go", HasChildren: true},
		{Revision: "M", Parents: []string{"B", "C"}, Message: "m", File: "m.go", HasChildren: true},
	}
	got := revtext.History(revs, nil, true)
	want := []string{
		"* M (merge) m",
		"|   parents: B, C; file: m.go",
		"* B b",
		"   parents: A; file: b.go",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("History of a part:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
