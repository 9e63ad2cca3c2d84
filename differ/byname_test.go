package differ

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// named is an object of a list for TestDiffByName: a name and a
// definition.
type named struct{ name, def string }

func TestDiffByName(t *testing.T) {
	t.Parallel()
	// list reads "a=1 b=2" as objects a and b with definitions 1 and 2.
	list := func(s string) []named {
		var out []named
		for _, f := range strings.Fields(s) {
			n, d, _ := strings.Cut(f, "=")
			out = append(out, named{n, d})
		}
		return out
	}
	// Long lists are looked up through a map, not scanned: from holds
	// o0..o19 and a second o5, to holds them in reverse, o0 and o1
	// changed, o2 gone and o20 new.
	var longFrom, longTo []string
	for i := range scanMax + 4 {
		longFrom = append(longFrom, fmt.Sprintf("o%d=1", i))
	}
	longFrom = append(longFrom, "o5=9")
	for i := scanMax + 4; i >= 3; i-- {
		longTo = append(longTo, fmt.Sprintf("o%d=1", i))
	}
	longTo = append(longTo, "o1=2", "o0=2")
	tests := []struct {
		name     string
		from, to string
		// noReplace leaves byName.replace nil; noKeep leaves keep nil.
		noReplace, noKeep bool
		want              []string
	}{
		{name: "both empty", want: nil},
		{name: "all new", to: "b=1 a=1", want: []string{"add b=1", "add a=1"}},
		{name: "all gone", from: "b=1 a=1", want: []string{"drop b=1", "drop a=1"}},
		{name: "unchanged", from: "a=1 b=2", to: "b=2 a=1", want: nil},
		{
			name: "drops first, in from's order; then adds and keeps in to's order",
			from: "z=1 a=1 m=1 k=1", to: "k=2 n=1 m=1 a=2",
			want: []string{"drop z=1", "drop a=1", "drop k=1", "add k=2", "add n=1", "add a=2"},
		},
		{
			name: "no replace: changed objects are kept",
			from: "a=1 b=1 c=1", to: "c=2 a=1 d=1", noReplace: true,
			want: []string{"drop b=1", "keep c=1 c=2", "keep a=1 a=1", "add d=1"},
		},
		{
			name: "no keep: kept objects are left alone",
			from: "a=1 b=1", to: "a=1 b=2", noKeep: true,
			want: []string{"drop b=1", "add b=2"},
		},
		{
			// Each object is compared with the first of its name in
			// the other list, as the schema's lookups do.
			name: "the first of a name counts",
			from: "a=1 a=2", to: "a=2 a=1",
			want: []string{"drop a=1", "add a=2"},
		},
		{
			name: "long lists", from: strings.Join(longFrom, " "), to: strings.Join(longTo, " "),
			want: []string{"drop o0=1", "drop o1=1", "drop o2=1", "drop o5=9", "add o20=1", "add o1=2", "add o0=2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			k := byName[named, string]{
				name:    func(x named) string { return x.name },
				replace: func(o, n named) bool { return o.def != n.def },
				drop:    func(o named) { got = append(got, "drop "+o.name+"="+o.def) },
				add:     func(n named) { got = append(got, "add "+n.name+"="+n.def) },
				keep: func(o, n named) {
					if o.def != n.def || tc.noReplace {
						got = append(got, fmt.Sprintf("keep %s=%s %s=%s", o.name, o.def, n.name, n.def))
					}
				},
			}
			if tc.noReplace {
				k.replace = nil
			}
			if tc.noKeep {
				k.keep = nil
			}
			diffByName(list(tc.from), list(tc.to), k)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}
