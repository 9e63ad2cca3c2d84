package plan_test

import (
	"fmt"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// enumHistory returns n revisions: a base creating enum e1, a linear
// history in which every revision appends a value (every 10th forks and
// the next merges, when forks), and two heads each appending one.
func enumHistory(n int, forks bool) []migrate.Recorded {
	e1 := schema.QualifiedName{Schema: "public", Name: "e1"}
	rev := func(i int) string { return fmt.Sprintf("%05d", i) }
	recs := []migrate.Recorded{{Revision: rev(0), File: "0.go", Upgrade: change.Changes{
		change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "e1", Values: []string{"v0"}}}}}}
	add := func(i int, parents ...string) {
		recs = append(recs, migrate.Recorded{Revision: rev(i), DownRevision: parents, File: rev(i) + ".go",
			Upgrade: change.Changes{change.AlterEnum{Enum: e1, Add: []change.EnumValue{{Value: "v" + rev(i)}}}}})
	}
	last := rev(0)
	for i := 1; i < n-2; i++ {
		if forks && i%10 == 1 && i+2 < n-2 {
			add(i, last)
			add(i+1, last)
			recs = append(recs, migrate.Recorded{Revision: rev(i + 2), DownRevision: []string{rev(i), rev(i + 1)}, File: rev(i+2) + ".go"})
			last = rev(i + 2)
			i += 2
			continue
		}
		add(i, last)
		last = rev(i)
	}
	add(n-2, last)
	add(n-1, last)
	return recs
}

// BenchmarkSettleEnumOrder (found by review: it grew with the cube of
// the history's length on histories that fork and merge often) settles
// the enum order of a merge at the end of histories whose every revision
// appends an enum value, linear or with a fork and merge every 10
// revisions.
func BenchmarkSettleEnumOrder(b *testing.B) {
	for _, n := range []int{500, 2000} {
		for _, forks := range []bool{false, true} {
			recs := enumHistory(n, forks)
			b.Run(fmt.Sprintf("revisions=%d/forks=%v", n, forks), func(b *testing.B) {
				for b.Loop() {
					if _, err := plan.SettleEnumOrder(recs); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
