package differ_test

import (
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// TestReplayMatchesDiff replays every diff case in memory: the changes
// take from to to, and their reverse takes to back to from.
func TestReplayMatchesDiff(t *testing.T) {
	t.Parallel()
	for _, tc := range append(diffCases(), objectCases()...) {
		if tc.wantErrContains != "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from, to := tc.from, tc.to
			if from == nil {
				from = &schema.Schema{}
			}
			if to == nil {
				to = &schema.Schema{}
			}
			up, err := differ.Diff(from, to)
			if err != nil {
				t.Fatal(err)
			}
			got, err := plan.Replay(from, up)
			if err != nil {
				t.Fatalf("Replay(up): %v", err)
			}
			if rest, err := differ.Diff(got, to); err != nil || len(rest) != 0 {
				t.Errorf("after replaying up, Diff to the target = %v, %v; want nothing", rest, err)
			}
			down, _ := change.ReverseAll(up)
			back, err := plan.Replay(got, down)
			if err != nil {
				t.Fatalf("Replay(down): %v", err)
			}
			if rest, err := differ.Diff(back, from); err != nil || len(rest) != 0 {
				t.Errorf("after replaying down, Diff to the start = %v, %v; want nothing", rest, err)
			}
		})
	}
}
