package differ_test

import (
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/plan"
)

// TestCorpusReplayPartitions replays the plans of the corpus cases of
// partitions and inheritance (500-529) offline: what replay makes of the
// changes must be what the database makes of them (TestCorpus applies
// them), both ways. Each case reads old.sql and new.sql in transactions
// that are rolled back, in one database.
func TestCorpusReplayPartitions(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join(corpusDir, "5[0-2][0-9]_*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 20 {
		t.Fatalf("found %d partition cases, want at least 20", len(dirs))
	}
	db, _ := pgtest.DB(t)
	for _, dir := range dirs {
		from, _ := readTarget(t, db, readCorpusFile(t, filepath.Join(dir, "old.sql")))
		to, _ := readTarget(t, db, readCorpusFile(t, filepath.Join(dir, "new.sql")))
		t.Run(filepath.Base(dir), func(t *testing.T) {
			up, err := differ.Diff(from, to)
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			got, err := plan.Replay(from, up)
			if err != nil {
				t.Fatalf("Replay(up): %v", err)
			}
			if rest, err := differ.Diff(got, to); err != nil || len(rest) != 0 {
				t.Errorf("after replaying up, Diff to new = %v, %v; want nothing", rest, err)
			}
			down, ok := change.ReverseAll(up)
			if !ok {
				t.Fatal("ReverseAll: irreversible")
			}
			back, err := plan.Replay(got, down)
			if err != nil {
				t.Fatalf("Replay(down): %v", err)
			}
			if rest, err := differ.Diff(back, from); err != nil || len(rest) != 0 {
				t.Errorf("after replaying down, Diff to old = %v, %v; want nothing", rest, err)
			}
		})
	}
}
