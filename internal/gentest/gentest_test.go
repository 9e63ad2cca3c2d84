package gentest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

var (
	flagHistories = flag.Int("gen.histories", 3, "how many random histories TestGenerative runs")
	flagSteps     = flag.Int("gen.steps", 12, "about how many steps a history has")
	flagSeed      = flag.Uint64("gen.seed", 1, "the seed of the first history; history i has seed gen.seed+i")
	flagReplay    = flag.String("gen.replay", "", "a file of events (JSON, as a failure writes it) to run instead of random histories")
	flagShrink    = flag.Int("gen.shrink", 80, "at most this many reruns to shorten a failing history (0: none)")
	flagVerbose   = flag.Bool("gen.v", false, "log every event of every history")
	flagOnline    = flag.Float64("gen.online", 0.2, "the share of steps written as online plans (revision --autogenerate --online)")
)

// stats counts what the histories did.
type stats struct {
	histories, events, steps, skipped, revisions, merges, stairways int
	rowsInserted, insertsRefused                                    int
	// conflicts counts the conflicts plan.UpgradeConflicts reported at
	// merges (each checked on the databases).
	conflicts int
	// enumOrders counts the enums whose order merge revisions settled.
	enumOrders int
	// backfills counts the online plans written without --online since
	// they hold a backfill step to write.
	backfills int
	kinds     map[string]int
	// time is what the steps of the check took, by name.
	time map[string]time.Duration
}

// add adds the counts of o to s.
func (s *stats) add(o *stats) {
	s.histories += o.histories
	s.events += o.events
	s.steps += o.steps
	s.skipped += o.skipped
	s.revisions += o.revisions
	s.merges += o.merges
	s.stairways += o.stairways
	s.rowsInserted += o.rowsInserted
	s.insertsRefused += o.insertsRefused
	s.conflicts += o.conflicts
	s.enumOrders += o.enumOrders
	s.backfills += o.backfills
	for k, n := range o.kinds {
		if s.kinds == nil {
			s.kinds = map[string]int{}
		}
		s.kinds[k] += n
	}
	for k, d := range o.time {
		if s.time == nil {
			s.time = map[string]time.Duration{}
		}
		s.time[k] += d
	}
}

func (s *stats) String() string {
	return fmt.Sprintf("%d histories, %d events, %d steps applied (%d did not apply), %d revisions, %d merges, %d stairways; %d rows inserted (%d refused by constraints); "+
		"%d enum orders settled by merges, %d upgrade conflicts predicted; %d online plans with a backfill to write, written without --online",
		s.histories, s.events, s.steps, s.skipped, s.revisions, s.merges, s.stairways, s.rowsInserted, s.insertsRefused, s.enumOrders, s.conflicts, s.backfills)
}

// TestGenerative runs random histories (see package doc) and checks, at
// every revision, that the live autogenerate plan equals the offline one,
// that after the upgrade the database (read by package catalog and by
// an independent reading of pg_catalog), the replayed migrations and the
// models are the same, that the revision's downgrade and upgrade again
// (a stairway) return to the same catalogs, that rows survive every step
// that allows them to, and that a merge keeps every enum value that either
// branch added. A history ends with downgrade base and upgrade head.
//
// A failure prints the seed, the events of the history shortened to a few
// that still fail, and the file that -gen.replay reruns.
func TestGenerative(t *testing.T) {
	t.Parallel()
	server := pgtest.Server(t)
	ctx := context.Background()
	var st stats
	defer func() { t.Logf("ran %s", &st); t.Logf("ops %v", st.kinds); t.Logf("time spent %v", st.time) }()
	if *flagReplay != "" {
		b, err := os.ReadFile(*flagReplay)
		if err != nil {
			t.Fatal(err)
		}
		var evs []Event
		if err := json.Unmarshal(b, &evs); err != nil {
			t.Fatalf("read %s: %v", *flagReplay, err)
		}
		if err := runHistory(ctx, t, server, evs, 1, &st); err != nil {
			t.Fatalf("%s: %v\nevents:\n%s", *flagReplay, err, eventList(evs))
		}
		return
	}
	histories := *flagHistories
	if testing.Short() && histories > 1 {
		histories = 1 // -short: one history, a smoke test
	}
	// The histories run in parallel, each with stats of its own, added
	// to st when it ends; the group returns when all have.
	var mu sync.Mutex
	t.Run("histories", func(t *testing.T) {
		for i := range histories {
			seed := *flagSeed + uint64(i)
			t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
				t.Parallel() // each history has databases of its own
				var hst stats
				defer func() {
					mu.Lock()
					st.add(&hst)
					mu.Unlock()
				}()
				runSeed(ctx, t, server, seed, &hst)
			})
		}
	})
}

// runSeed runs the random history of seed and, when it fails, shortens
// it and reports it with the file that -gen.replay reruns.
func runSeed(ctx context.Context, t *testing.T, server *sql.DB, seed uint64, st *stats) {
	evs := Generate(seed, config())
	err := runHistory(ctx, t, server, evs, seed, st)
	if err == nil {
		return
	}
	short, serr := shrink(ctx, t, server, evs, seed, err)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("schemagen-gen-seed%d.json", seed))
	b, _ := json.MarshalIndent(short, "", "  ")
	if werr := os.WriteFile(path, b, 0o644); werr != nil {
		t.Logf("write %s: %v", path, werr)
	}
	t.Errorf("history with seed %d fails: %v\n\nshortened to %d of %d events, which fail with:\n%v\n\nevents:\n%s\nrerun: go test ./internal/gentest -run TestGenerative -gen.replay=%s\n(or -gen.seed=%d -gen.histories=1 -gen.steps=%d for the whole history)",
		seed, err, len(short), len(evs), serr, eventList(short), path, seed, *flagSteps)
}

// config is the generator's configuration the flags give.
func config() Config {
	return Config{Steps: *flagSteps, Online: *flagOnline}
}

func eventList(evs []Event) string {
	var b strings.Builder
	for i, e := range evs {
		fmt.Fprintf(&b, "  %2d %s\n", i, e)
	}
	return b.String()
}

// shrink returns a shorter list of events that still fails, and its
// failure: it drops steps, one at a time from the last, then single ops
// of the steps that have several, while the history still fails, within
// -gen.shrink reruns.
func shrink(ctx context.Context, t *testing.T, server *sql.DB, evs []Event, seed uint64, err error) ([]Event, error) {
	runs := 0
	try := func(cand []Event) bool {
		runs++
		var discard stats
		if e := runHistory(ctx, t, server, cand, seed, &discard); e != nil {
			evs, err = cand, e
			return true
		}
		return false
	}
	for changed := true; changed && runs < *flagShrink; {
		changed = false
		for i := len(evs) - 1; i >= 0 && runs < *flagShrink; i-- {
			if i < len(evs) && evs[i].Kind == EventStep && try(slices.Delete(slices.Clone(evs), i, i+1)) {
				changed = true
			}
		}
		for i := len(evs) - 1; i >= 0 && runs < *flagShrink; i-- {
			for k := len(evs[i].Ops) - 1; k >= 0 && len(evs[i].Ops) > 1 && runs < *flagShrink; k-- {
				cand := slices.Clone(evs)
				cand[i].Ops = slices.Delete(slices.Clone(cand[i].Ops), k, k+1)
				if try(cand) {
					changed = true
				}
			}
		}
	}
	return evs, err
}

// revision is one migration of a history.
type revision struct {
	id       string
	parents  []string
	up, down []change.Change
	noTx     bool
	// renames are the table renames of the step's op, for the rows.
	renames map[schema.QualifiedName]schema.QualifiedName
}

// line is the main line or a branch: its models, its database, and the
// migration files its checkout holds.
type line struct {
	name string
	st   *State
	db   *testDB
	revs []string
	head []string
}

// runner runs one history.
type runner struct {
	ctx    context.Context
	t      *testing.T
	server *sql.DB
	st     *stats
	data   *rand.Rand
	dbs    []*testDB
	revs   map[string]*revision
	nextID int
	lines  map[string]*line
	fork   *State
	rowN   int
	canon  map[string]*schema.Schema
	// dev is the empty database the models are canonicalized on.
	dev *testDB
}

// runHistory runs evs on fresh databases and returns the first failure;
// then, when the history passes, end, if any, with the runner.
func runHistory(ctx context.Context, t *testing.T, server *sql.DB, evs []Event, seed uint64, st *stats, end ...func(*runner) error) (err error) {
	r := &runner{
		ctx: ctx, t: t, server: server, st: st, data: rand.New(rand.NewPCG(seed, 12)),
		revs: map[string]*revision{}, lines: map[string]*line{}, canon: map[string]*schema.Schema{},
	}
	defer func() {
		for _, d := range r.dbs {
			if perr := pool.put(ctx, d); perr != nil && err == nil {
				err = perr
			}
		}
	}()
	main, err := r.newDB()
	if err != nil {
		return err
	}
	r.lines[Main] = &line{name: Main, st: &State{Model: &schema.Schema{}, Branch: Main}, db: main}
	st.histories++
	for i, e := range evs {
		st.events++
		if *flagVerbose {
			t.Logf("seed %d event %d: %s", seed, i, e)
		}
		var err error
		switch e.Kind {
		case EventStep:
			err = r.step(r.lines[e.Branch], e)
		case EventFork:
			err = r.forkLines(e.Fork)
		case EventMerge:
			err = r.merge()
		default:
			err = fmt.Errorf("unknown event kind %q", e.Kind)
		}
		if err != nil {
			return fmt.Errorf("event %d (%s): %w", i, e, err)
		}
	}
	if err := r.finalStairway(r.lines[Main]); err != nil {
		return fmt.Errorf("end of history: %w", err)
	}
	for _, f := range end {
		if err := f(r); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) newDB() (*testDB, error) {
	defer r.st.timed("newDB")()
	d, err := pool.get(r.ctx, r.server)
	if err != nil {
		return nil, err
	}
	r.dbs = append(r.dbs, d)
	return d, nil
}

// set returns the migrations of the files of line l.
func (r *runner) set(l *line) (*migrate.Set, error) {
	set := &migrate.Set{}
	for _, id := range l.revs {
		rv := r.revs[id]
		up, err := opFunc(rv.up)
		if err != nil {
			return nil, err
		}
		down, err := opFunc(rv.down)
		if err != nil {
			return nil, err
		}
		set.Add(migrate.Migration{
			Revision: id, DownRevision: rv.parents, Message: "generated " + id,
			Upgrade: up, Downgrade: down, NoTransaction: rv.noTx, File: id + "_generated.go",
		})
	}
	return set, nil
}

func (r *runner) migrator(l *line) (*migrate.Migrator, error) {
	set, err := r.set(l)
	if err != nil {
		return nil, err
	}
	return migrate.New(l.db.db, set, migrate.WithAllowHazards(change.HazardKinds()...))
}

// migrate runs up (or down) to target on l's database and checks that
// the database is then at want.
func (r *runner) migrate(l *line, up bool, target string, want []string) error {
	defer r.st.timed("migrate")()
	m, err := r.migrator(l)
	if err != nil {
		return err
	}
	verb := "upgrade"
	if up {
		_, err = m.Upgrade(r.ctx, target)
	} else {
		verb = "downgrade"
		_, err = m.Downgrade(r.ctx, target)
	}
	if err != nil {
		return fmt.Errorf("%s %s on %s's database: %w", verb, target, l.name, err)
	}
	cur, err := m.Current(r.ctx)
	if err != nil {
		return err
	}
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(slices.Sorted(slices.Values(cur)), want) {
		return fmt.Errorf("after %s %s %s's database is at %v, want %v", verb, target, l.name, cur, want)
	}
	return nil
}

// inspect reads l's database as the CLI does (package catalog, without
// the version and progress tables).
func (r *runner) inspect(d *testDB) (*schema.Schema, error) {
	defer r.st.timed("inspect")()
	s, err := catalog.Inspect(r.ctx, d.db, catalog.Options{Exclude: bookkeeping})
	if err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	return s, nil
}

// livePlan is the plan of `revision --autogenerate` on l's database: its
// catalog (live), respelled as the CLI does ([differ.RespellLive]) by the
// model and by the migrations replayed (head), each as the server spells
// it, diffed with the model.
func (r *runner) livePlan(l *line, model, live, head *schema.Schema) ([]change.Change, error) {
	canon, err := r.canonical(l, model)
	if err != nil {
		return nil, err
	}
	h := differ.Spelling{Text: head}
	if differ.HeadSpells(head, model) {
		if h.Canon, err = r.canonical(l, head); err != nil {
			return nil, err
		}
	}
	cs, err := differ.Diff(differ.RespellLive(live, differ.Spelling{Text: model, Canon: canon}, h), model)
	if err != nil {
		return nil, fmt.Errorf("live diff: %w", err)
	}
	return cs, nil
}

// canonical returns model as the server spells it, as the CLI finds it
// (see [shadow.Canonicalize]) on an empty dev database (as with the
// CLI's dev_url), where it never needs a scratch database: on l's own
// database it does when an enum of the model has other values there,
// which makes it slow, not otherwise different. The spelling depends on
// the model alone: it is kept for the next call with the same model.
func (r *runner) canonical(l *line, model *schema.Schema) (*schema.Schema, error) {
	key, err := json.Marshal(model)
	if err != nil {
		return nil, err
	}
	if c, ok := r.canon[string(key)]; ok {
		return c, nil
	}
	defer r.st.timed("canon")()
	if r.dev == nil {
		d, err := r.newDB()
		if err != nil {
			return nil, err
		}
		r.dev = d
	}
	c, err := shadow.Canonicalize(r.ctx, r.dev.url, model)
	if err != nil {
		return nil, fmt.Errorf("canonicalize the model: %w", err)
	}
	if len(r.canon) >= 8 {
		clear(r.canon)
	}
	r.canon[string(key)] = c
	return c, nil
}

// replay replays the migrations of l's files, as `--offline` does.
func (r *runner) replay(l *line) (*schema.Schema, error) {
	defer r.st.timed("replay")()
	set, err := r.set(l)
	if err != nil {
		return nil, err
	}
	s, err := plan.ReplayAll(migrate.RecordAll(set))
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	return s, nil
}

// offlinePlan is the plan of `revision --autogenerate --offline`: head,
// the migrations replayed, diffed with the model.
func offlinePlan(model, head *schema.Schema) ([]change.Change, error) {
	cs, err := differ.Diff(head, model)
	if err != nil {
		return nil, fmt.Errorf("offline diff: %w", err)
	}
	return cs, nil
}

var cmpOpts = []cmp.Option{cmpopts.EquateEmpty(), cmp.Comparer(func(a, b change.RunFunc) bool { return a == nil && b == nil })}

// plans returns the offline plan of l at model, after checking that the
// live plan (on cat, l's database as package catalog reads it) is the
// same.
func (r *runner) plans(l *line, model, cat *schema.Schema) ([]change.Change, error) {
	head, err := r.replay(l)
	if err != nil {
		return nil, err
	}
	live, err := r.livePlan(l, model, cat, head)
	if err != nil {
		return nil, err
	}
	off, err := offlinePlan(model, head)
	if err != nil {
		return nil, err
	}
	if d := cmp.Diff(off, live, cmpOpts...); d != "" {
		return nil, fmt.Errorf("the live plan differs from the offline plan (-offline +live):\n%s\noffline:%s\nlive:%s", d, describe(off), describe(live))
	}
	return off, nil
}

func describe(cs []change.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("\n    " + change.Describe(c))
	}
	if len(cs) == 0 {
		b.WriteString(" (none)")
	}
	return b.String()
}

// forComparing returns s normalized, without the models' hints.
func forComparing(s *schema.Schema) *schema.Schema {
	out := s.Normalize()
	for _, t := range out.Tables {
		t.RenamedFrom = schema.QualifiedName{}
		for _, c := range t.Columns {
			c.RenamedFrom = ""
		}
	}
	return out
}

// newRevision writes the migration of up on l, as `revision
// --autogenerate [--online]` writes it, and adds it to l's files.
//
// Its drops archive their data, as `revision --autogenerate` writes them
// (from is the schema they drop from; nil: columns are not archived).
func (r *runner) newRevision(l *line, parents []string, up []change.Change, online bool, renames map[schema.QualifiedName]schema.QualifiedName, from *schema.Schema) (*revision, error) {
	id := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.nextID+1) * time.Second).Format("20060102150405")
	up = plan.Archive(up, from, id)
	down, ok := change.ReverseAll(up)
	if !ok {
		return nil, fmt.Errorf("no downgrade for%s", describe(up))
	}
	rv := &revision{parents: slices.Clone(parents), up: up, down: down, renames: renames}
	if online {
		oUp, oDown, noTx := plan.OnlineMigration(up, down)
		if hasBackfill(oUp) || hasBackfill(oDown) {
			// The online plan of a NOT NULL column without a default
			// holds a backfill step that its author writes (the value to
			// fill): a history cannot. The revision is written as
			// without --online (internal/cli's TestNotNullColumnOnPopulatedTable
			// runs that plan, filled, on a populated table).
			r.st.backfills++
		} else {
			rv.up, rv.down, rv.noTx = oUp, oDown, noTx
		}
	}
	r.nextID++
	rv.id = id
	r.revs[rv.id] = rv
	l.revs = append(l.revs, rv.id)
	r.st.revisions++
	return rv, nil
}

// hasBackfill reports whether cs holds a Go step still to be written
// (the backfill of a new NOT NULL column, see [change.Backfill]).
func hasBackfill(cs []change.Change) bool {
	return slices.ContainsFunc(cs, func(c change.Change) bool {
		g, ok := c.(change.RunGo)
		return ok && g.Backfill != nil
	})
}

// step applies one op on line l: the plans before, the migration, the
// upgrade, the checks after, the stairway, and new rows.
func (r *runner) step(l *line, e Event) error {
	if l == nil {
		return fmt.Errorf("no line %s open", e.Branch)
	}
	// The ops that apply, one after another; clear says which rows they
	// need gone, renames how the step renames tables.
	next := l.st.BeginStep()
	var ops []Op
	for _, op := range e.Ops {
		st, err := op.Apply(next)
		if errors.Is(err, ErrSkip) {
			r.st.skipped++
			if *flagVerbose {
				r.t.Logf("  skipped: %v", err)
			}
			continue
		}
		if err != nil {
			return err
		}
		next = st
		ops = append(ops, op)
	}
	if len(ops) == 0 {
		return nil
	}
	r.st.steps++
	if r.st.kinds == nil {
		r.st.kinds = map[string]int{}
	}
	for _, op := range ops {
		r.st.kinds[op.Kind]++
	}
	catBefore, err := r.inspect(l.db)
	if err != nil {
		return err
	}
	up, err := r.plans(l, next.Model, catBefore)
	if err != nil {
		return err
	}
	if len(up) == 0 {
		if d := cmp.Diff(forComparing(l.st.Model), forComparing(next.Model), cmpOpts...); d != "" {
			return fmt.Errorf("the models changed, but the plan is empty:\n%s", d)
		}
		l.st = next
		return nil
	}
	if err := r.clearFor(l, ops); err != nil {
		return err
	}
	before, err := readSnapshot(r.ctx, l.db.db)
	if err != nil {
		return err
	}
	renames := map[schema.QualifiedName]schema.QualifiedName{}
	for _, op := range ops {
		if op.Kind != OpRenameTable {
			continue
		}
		renamed := false
		for from, to := range renames {
			if to == op.Table {
				renames[from], renamed = op.To, true
			}
		}
		if !renamed {
			renames[op.Table] = op.To
		}
	}
	rv, err := r.newRevision(l, l.head, up, e.Online, renames, catBefore)
	if err != nil {
		return err
	}
	if *flagVerbose {
		r.t.Logf("  revision %s:%s", rv.id, describe(rv.up))
	}
	l.st = next
	if err := r.migrate(l, true, rv.id, []string{rv.id}); err != nil {
		return fmt.Errorf("%w\nmigration:%s", err, describe(rv.up))
	}
	l.head = []string{rv.id}
	catAfter, err := r.verify(l)
	if err != nil {
		return fmt.Errorf("after the upgrade to %s:%s\n%w", rv.id, describe(rv.up), err)
	}
	want := before.keptBy(renames)
	// The rows there are take the default that a column added by the step
	// has at its end (an op of the step may set it after the add).
	type addedColumn struct {
		table schema.QualifiedName
		col   *schema.Column
	}
	var added []addedColumn
	for _, op := range ops {
		switch op.Kind {
		case OpAddColumn:
			c := *op.Col
			added = append(added, addedColumn{op.Table, &c})
		case OpSetDefault:
			for _, a := range added {
				if a.table == op.Table && a.col.Name == op.Column {
					a.col.Default = op.Text
				}
			}
		}
	}
	for _, a := range added {
		if c := a.col; c.Default != "" && isEnumType(c.Type) {
			q := a.table
			for from, to := range renames {
				if to == q {
					q = from
				}
			}
			if n := before.Rows[q]; n > 0 {
				if want.Values[c.Type] == nil {
					want.Values[c.Type] = map[string]int{}
				}
				want.Values[c.Type][ValueRefs(c.Default)[0]] += n
			}
		}
	}
	if err := r.checkRows(l, want); err != nil {
		return fmt.Errorf("after the upgrade to %s:%s\n%w", rv.id, describe(rv.up), err)
	}
	if err := r.stairway(l, rv, catBefore, catAfter); err != nil {
		return err
	}
	return r.insertRows(l)
}

// verify checks l's database at head against the replay of l's files
// and l's models.
func (r *runner) verify(l *line) (*schema.Schema, error) {
	cat, err := r.inspect(l.db)
	if err != nil {
		return nil, err
	}
	replayed, err := r.replay(l)
	if err != nil {
		return nil, err
	}
	live, err := r.livePlan(l, l.st.Model, cat, replayed)
	if err != nil {
		return nil, err
	}
	if len(live) > 0 {
		return nil, fmt.Errorf("the live plan is not empty after the upgrade:%s", describe(live))
	}
	off, err := offlinePlan(l.st.Model, replayed)
	if err != nil {
		return nil, err
	}
	if len(off) > 0 {
		return nil, fmt.Errorf("the offline plan is not empty after the upgrade:%s", describe(off))
	}
	model := forComparing(l.st.Model)
	if d := cmp.Diff(model, forComparing(replayed), cmpOpts...); d != "" {
		return nil, fmt.Errorf("the replayed migrations differ from the models (-models +replay):\n%s", d)
	}
	canon, err := r.canonical(l, l.st.Model)
	if err != nil {
		return nil, err
	}
	if d := cmp.Diff(model, forComparing(differ.Respell(cat, canon, l.st.Model)), cmpOpts...); d != "" {
		return nil, fmt.Errorf("the database differs from the models (-models +catalog, respelled as the CLI does):\n%s", d)
	}
	// The independent reading against package catalog's (defaults and
	// types as the server spells them) and against the models (types by
	// a table of spellings, no defaults).
	done := r.st.timed("independent")
	ind, err := readIndependent(r.ctx, l.db.db)
	done()
	if err != nil {
		return nil, err
	}
	fromCatalog := independentOf(cat, func(s string) string { return s }, true)
	if d := cmp.Diff(fromCatalog, ind, cmpOpts...); d != "" {
		return nil, fmt.Errorf("package catalog differs from pg_catalog read directly (-catalog +direct):\n%s", d)
	}
	ind.Columns = stripDefaults(ind.Columns)
	fromModel := independentOf(l.st.Model, func(s string) string {
		if c, ok := catalogTypes[s]; ok {
			return c
		}
		return s
	}, false)
	if d := cmp.Diff(fromModel, ind, cmpOpts...); d != "" {
		return nil, fmt.Errorf("the models differ from pg_catalog read directly (-models +direct):\n%s", d)
	}
	return cat, nil
}

// sameCatalog compares two readings of a database, as `check
// --roundtrip` does (the differ finds no change), and field by field but
// for the order of columns: a downgrade that adds back a dropped column
// adds it last, PostgreSQL has no other place for it. It returns the
// differences, or "".
func sameCatalog(a, b *schema.Schema) string {
	cs, err := differ.Diff(a, b)
	if err != nil {
		return err.Error()
	}
	if len(cs) > 0 {
		return "the differ finds changes:" + describe(cs)
	}
	byName := func(s *schema.Schema) *schema.Schema {
		out := s.Normalize()
		for _, t := range out.Tables {
			slices.SortFunc(t.Columns, func(x, y *schema.Column) int { return strings.Compare(x.Name, y.Name) })
		}
		return out
	}
	return cmp.Diff(byName(a), byName(b), cmpOpts...)
}

// stripDefaults leaves the defaults out of column lines.
func stripDefaults(lines []string) []string {
	out := slices.Clone(lines)
	for i, l := range out {
		if j := strings.Index(l, " default "); j >= 0 {
			out[i] = l[:j]
		}
	}
	return out
}

// stairway downgrades rv on l's database and checks that the catalog is
// what it was before (catBefore), then upgrades again and checks that the
// catalog is back (catAfter).
func (r *runner) stairway(l *line, rv *revision, catBefore, catAfter *schema.Schema) error {
	r.st.stairways++
	// rv@-1: rv is the revision just applied, a merge perhaps, where -1
	// is ambiguous.
	if err := r.migrate(l, false, rv.id+"@-1", rv.parents); err != nil {
		return fmt.Errorf("stairway of %s: %w\ndowngrade:%s", rv.id, err, describe(rv.down))
	}
	cat, err := r.inspect(l.db)
	if err != nil {
		return err
	}
	if d := sameCatalog(catBefore, cat); d != "" {
		return fmt.Errorf("stairway of %s: after its downgrade the catalog differs from before its upgrade (-before +after):\n%s\ndowngrade:%s", rv.id, d, describe(rv.down))
	}
	if err := r.migrate(l, true, rv.id, []string{rv.id}); err != nil {
		return fmt.Errorf("stairway of %s, upgrade again: %w", rv.id, err)
	}
	cat, err = r.inspect(l.db)
	if err != nil {
		return err
	}
	if d := sameCatalog(catAfter, cat); d != "" {
		return fmt.Errorf("stairway of %s: upgraded again, the catalog differs from the first upgrade (-first +again):\n%s", rv.id, d)
	}
	return nil
}

// finalStairway empties l's database, downgrades it to base, checks that
// nothing is left, upgrades it to head and checks that the catalog is
// what it was.
func (r *runner) finalStairway(l *line) error {
	if err := r.truncateAll(l.db); err != nil {
		return err
	}
	cat, err := r.inspect(l.db)
	if err != nil {
		return err
	}
	r.st.stairways++
	if err := r.migrate(l, false, "base", nil); err != nil {
		return err
	}
	empty, err := r.inspect(l.db)
	if err != nil {
		return err
	}
	if d := cmp.Diff(&schema.Schema{}, empty.Normalize(), cmpOpts...); d != "" {
		return fmt.Errorf("at base the database is not empty:\n%s", d)
	}
	if err := r.migrate(l, true, "heads", l.head); err != nil {
		return err
	}
	again, err := r.inspect(l.db)
	if err != nil {
		return err
	}
	if d := sameCatalog(cat, again); d != "" {
		return fmt.Errorf("downgrade base, upgrade head: the catalog differs (-before +after):\n%s", d)
	}
	_, err = r.verify(l)
	return err
}

// forkLines opens the two branches: each gets a database of its own,
// upgraded from base to the fork (which must read as the main line's
// database does); the main line's database is emptied of rows.
func (r *runner) forkLines(f *Fork) error {
	main := r.lines[Main]
	r.fork = main.st.Clone()
	a, b := f.States(main.st)
	mainCat, err := r.inspect(main.db)
	if err != nil {
		return err
	}
	for _, st := range []*State{a, b} {
		d, err := r.newDB()
		if err != nil {
			return err
		}
		l := &line{name: st.Branch, st: st, db: d, revs: slices.Clone(main.revs), head: slices.Clone(main.head)}
		r.lines[st.Branch] = l
		if len(l.head) > 0 {
			if err := r.migrate(l, true, "heads", l.head); err != nil {
				return err
			}
		}
		cat, err := r.inspect(d)
		if err != nil {
			return err
		}
		if d := cmp.Diff(mainCat.Normalize(), cat.Normalize(), cmpOpts...); d != "" {
			return fmt.Errorf("branch %s: upgraded from base, its database differs from the main line's (-main +branch):\n%s", st.Branch, d)
		}
	}
	return r.truncateAll(main.db)
}

// merge joins the branches: the main line's database (at the fork) is
// upgraded to both heads, as production is; each branch's database too,
// as a developer's is, keeping its rows; the merged models must keep
// every enum value either branch added; the merge revision is written
// as `merge heads` writes it (settling the order of enum values, see
// [plan.SettleEnumOrder]) with the plan of the merged models, and
// applied as a step is; after it, each branch's database, upgraded to
// it too, must be the main line's, enum order included.
func (r *runner) merge() error {
	main, a, b := r.lines[Main], r.lines[BranchA], r.lines[BranchB]
	if a == nil || b == nil {
		return fmt.Errorf("merge without a fork")
	}
	r.st.merges++
	var all []string
	for _, l := range []*line{main, a, b} {
		for _, id := range l.revs {
			if !slices.Contains(all, id) {
				all = append(all, id)
			}
		}
	}
	slices.Sort(all)
	for _, l := range []*line{main, a, b} {
		l.revs = slices.Clone(all)
	}
	set, err := r.set(main)
	if err != nil {
		return err
	}
	g, err := set.Graph()
	if err != nil {
		return err
	}
	// A branch without revisions of its own is no head.
	heads := g.Heads()
	// The databases whose upgrade fails because the branches do not
	// compose in the order they apply them: the prediction is checked
	// on each database upgraded here.
	conflicts, err := plan.UpgradeConflicts(migrate.RecordAll(set))
	if err != nil {
		return fmt.Errorf("plan.UpgradeConflicts: %w", err)
	}
	r.st.conflicts += len(conflicts)
	fork := slices.Clone(main.head)
	upgrade := func(l *line) error {
		return checkPrediction(r.migrate(l, true, "heads", heads), l, conflicts, slices.Equal(l.head, fork))
	}
	if err := upgrade(main); err != nil {
		return err
	}
	mainCat, err := r.inspect(main.db)
	if err != nil {
		return err
	}
	// The developers' databases: rows stay. (Their catalogs are
	// compared with production's after the merge revision, which
	// settles the order of enum values.)
	for _, l := range []*line{a, b} {
		before, err := readSnapshot(r.ctx, l.db.db)
		if err != nil {
			return err
		}
		if err := upgrade(l); err != nil {
			return err
		}
		if err := r.checkRows(l, before.keptBy(nil)); err != nil {
			return fmt.Errorf("branch %s's database, upgraded to the other's head: %w", l.name, err)
		}
	}
	delete(r.lines, BranchA)
	delete(r.lines, BranchB)
	order := func(q schema.QualifiedName, want []string) []string {
		e, ok := mainCat.Enum(q)
		if !ok {
			return want
		}
		return slices.Clone(e.Values)
	}
	merged := Merge(r.fork, a.st, b.st, order)
	for q := range a.st.ValueOwner {
		e, ok := mainCat.Enum(q)
		if !ok {
			return fmt.Errorf("enum %s is gone after the merge", q)
		}
		be, _ := r.fork.Model.Enum(q)
		ae, _ := a.st.Model.Enum(q)
		bbe, _ := b.st.Model.Enum(q)
		want := MergedValues(be.Values, ae.Values, bbe.Values)
		got := slices.Sorted(slices.Values(e.Values))
		if !slices.Equal(want, got) {
			return fmt.Errorf("enum %s after the merge holds %v, want %v (fork %v, a %v, b %v)", q, e.Values, want, be.Values, ae.Values, bbe.Values)
		}
	}
	main.st = merged
	main.head = heads
	settle, err := plan.SettleEnumOrder(migrate.RecordAll(set))
	if err != nil {
		return fmt.Errorf("the merge revision: %w", err)
	}
	r.st.enumOrders += len(settle)
	up, err := r.plans(main, merged.Model, mainCat)
	if err != nil {
		return fmt.Errorf("the merge revision: %w", err)
	}
	rv, err := r.newRevision(main, heads, slices.Concat(settle, up), false, nil, nil)
	if err != nil {
		return err
	}
	if err := r.migrate(main, true, rv.id, []string{rv.id}); err != nil {
		return err
	}
	main.head = []string{rv.id}
	catAfter, err := r.verify(main)
	if err != nil {
		return fmt.Errorf("after the merge revision %s:%s\n%w", rv.id, describe(rv.up), err)
	}
	// The developers' databases, upgraded to the merge revision, are
	// production's, enum order included.
	for _, l := range []*line{a, b} {
		l.revs = slices.Clone(main.revs)
		if err := r.migrate(l, true, rv.id, []string{rv.id}); err != nil {
			return err
		}
		cat, err := r.inspect(l.db)
		if err != nil {
			return err
		}
		if d := cmp.Diff(catAfter.Normalize(), cat.Normalize(), cmpOpts...); d != "" {
			return fmt.Errorf("branch %s's database, upgraded to the merge revision %s:%s\ndiffers from the main line's (-main +branch):\n%s", l.name, rv.id, describe(rv.up), d)
		}
		if err := pool.put(r.ctx, l.db); err != nil {
			return err
		}
		r.dbs = slices.DeleteFunc(r.dbs, func(d *testDB) bool { return d == l.db })
	}
	if err := r.stairway(main, rv, mainCat, catAfter); err != nil {
		return err
	}
	return r.insertRows(main)
}

// checkPrediction checks the upgrade of l's database to the heads, which
// ended with err, against the conflicts [plan.UpgradeConflicts] reports:
// it fails if and only if a conflict names it (fresh: it is at the fork,
// where a fresh database is, as far as the order it applies the branches
// in goes). A failure is an error either way, saying whether it was
// predicted.
func checkPrediction(err error, l *line, conflicts []plan.Conflict, fresh bool) error {
	i := slices.IndexFunc(conflicts, func(c plan.Conflict) bool {
		return fresh && c.Fresh || len(l.head) == 1 && slices.Contains(c.At, l.head[0])
	})
	switch {
	case err != nil && i >= 0:
		c := conflicts[i]
		return fmt.Errorf("%w\nas plan.UpgradeConflicts predicted: %s fails to upgrade, at revision %s (%s): %v", err, c.Databases(), c.Revision, c.File, c.Err)
	case err != nil:
		return fmt.Errorf("%w\nwhich plan.UpgradeConflicts did not predict (it reports %d conflict(s): %v)", err, len(conflicts), conflicts)
	case i >= 0:
		c := conflicts[i]
		return fmt.Errorf("plan.UpgradeConflicts predicted that %s fails to upgrade, at revision %s (%s): %v; but %s's database (at %v) upgraded", c.Databases(), c.Revision, c.File, c.Err, l.name, l.head)
	}
	return nil
}

// truncateAll empties every table of d.
func (r *runner) truncateAll(d *testDB) error {
	s, err := r.inspect(d)
	if err != nil {
		return err
	}
	if len(s.Tables) == 0 {
		return nil
	}
	var names []string
	for _, t := range s.Tables {
		names = append(names, schema.QuoteQualified(t.QualifiedName()))
	}
	if _, err := d.db.ExecContext(r.ctx, "TRUNCATE "+strings.Join(names, ", ")+" CASCADE"); err != nil {
		return fmt.Errorf("truncate: %w", err)
	}
	return nil
}

// clearFor removes, before ops run on l's database, the rows that would
// make them fail: all rows of a table whose columns or constraints an op
// changes in a way existing rows may not satisfy, and the rows that hold
// an enum value an op drops. The other rows must survive the step. For a
// step of several ops, which name objects as the ops before them leave
// them, it empties every table when one op needs rows gone.
func (r *runner) clearFor(l *line, ops []Op) error {
	needs := func(op Op) bool {
		switch op.Kind {
		case OpDropTable, OpDropColumn, OpAlterType, OpAddUnique, OpAddCheck, OpAddPrimaryKey, OpEnumDrop:
			return true
		case OpAlterKeyType:
			return true
		case OpSetNullable:
			return !op.Flag
		case OpSetIdentity:
			return op.Flag
		case OpAddColumn:
			return !op.Col.Nullable && op.Col.Default == ""
		case OpAddIndex:
			return op.Index.Unique
		}
		return false
	}
	if len(ops) > 1 {
		if slices.ContainsFunc(ops, needs) {
			return r.truncateAll(l.db)
		}
		return nil
	}
	op := ops[0]
	if !needs(op) {
		return nil
	}
	truncate := func(q schema.QualifiedName) error {
		_, err := l.db.db.ExecContext(r.ctx, "TRUNCATE "+schema.QuoteQualified(q)+" CASCADE")
		return err
	}
	if op.Kind == OpAlterKeyType {
		// The referencing tables too.
		return r.truncateAll(l.db)
	}
	if op.Kind != OpEnumDrop {
		return truncate(op.Table)
	}
	typ := schema.QuoteType(op.Table)
	for _, t := range l.st.Model.Tables {
		for _, c := range t.Columns {
			var cond string
			switch c.Type {
			case typ:
				cond = schema.QuoteIdent(c.Name) + "::text = " + schema.QuoteLiteral(op.Name)
			case typ + "[]":
				cond = schema.QuoteLiteral(op.Name) + " = ANY (" + schema.QuoteIdent(c.Name) + "::text[])"
			default:
				continue
			}
			if _, err := l.db.db.ExecContext(r.ctx, "DELETE FROM "+schema.QuoteQualified(t.QualifiedName())+" WHERE "+cond); err != nil {
				if err := truncate(t.QualifiedName()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkRows checks that l's database holds the rows want says.
func (r *runner) checkRows(l *line, want *snapshot) error {
	got, err := readSnapshot(r.ctx, l.db.db)
	if err != nil {
		return err
	}
	if d := cmp.Diff(want, got.keptBy(nil), cmpOpts...); d != "" {
		return fmt.Errorf("rows were lost or changed (-before +after):\n%s", d)
	}
	return nil
}

// insertRows adds a few rows to one or two tables that l may change,
// with values the other branch cannot drop. A row that a constraint
// refuses is left out.
func (r *runner) insertRows(l *line) error {
	var tables []*schema.Table
	for _, t := range l.st.Model.Tables {
		if l.st.mayTouch(t.QualifiedName()) {
			tables = append(tables, t)
		}
	}
	if len(tables) == 0 {
		return nil
	}
	enums := enumTypes(l.st.Model)
	for range 1 + r.data.IntN(2) {
		t := tables[r.data.IntN(len(tables))]
		for range 2 {
			r.rowN++
			n := r.rowN
			var cols, vals []string
			for _, c := range t.Columns {
				if c.Identity {
					continue
				}
				v, ok := r.value(l, t, c, n, enums)
				if !ok {
					continue
				}
				cols = append(cols, schema.QuoteIdent(c.Name))
				vals = append(vals, v)
			}
			stmt := "INSERT INTO " + schema.QuoteQualified(t.QualifiedName()) + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
			if len(cols) == 0 {
				stmt = "INSERT INTO " + schema.QuoteQualified(t.QualifiedName()) + " DEFAULT VALUES"
			}
			if _, err := l.db.db.ExecContext(r.ctx, stmt); err != nil {
				r.st.insertsRefused++
				if *flagVerbose {
					r.t.Logf("  insert refused: %v\n  %s", err, stmt)
				}
				continue
			}
			r.st.rowsInserted++
		}
	}
	return nil
}

// value returns the SQL of a value of column c of t for row n; false to
// leave the column to its default.
func (r *runner) value(l *line, t *schema.Table, c *schema.Column, n int, enums map[string]*schema.Enum) (string, bool) {
	if slices.ContainsFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return slices.Contains(fk.Columns, c.Name) }) {
		for _, fk := range t.ForeignKeys {
			if i := slices.Index(fk.Columns, c.Name); i >= 0 {
				return "(SELECT " + schema.QuoteIdent(fk.RefColumns[i]) + " FROM " + schema.QuoteQualified(fk.Ref()) + " ORDER BY 1 LIMIT 1)", true
			}
		}
	}
	if c.Nullable && r.data.IntN(4) == 0 {
		return "NULL", true
	}
	if e, ok := enums[c.Type]; ok {
		var vs []string
		for _, v := range e.Values {
			if l.st.mayRef(e.QualifiedName(), v) {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			return "NULL", true
		}
		v := vs[r.data.IntN(len(vs))]
		if strings.HasSuffix(c.Type, "[]") {
			return "ARRAY[" + schema.QuoteLiteral(v) + "]::" + c.Type, true
		}
		return schema.QuoteLiteral(v) + "::" + c.Type, true
	}
	switch c.Type {
	case "integer", "bigint", "smallint", "numeric(10,2)":
		return fmt.Sprint(n%900 + 1), true
	case "text", "varchar(20)":
		return fmt.Sprintf("'r%d'", n), true
	case "boolean":
		return fmt.Sprint(n%2 == 0), true
	case "timestamptz":
		return fmt.Sprintf("'2024-06-01 00:00:00+00'::timestamptz + %d * interval '1 second'", n), true
	case "date":
		return fmt.Sprintf("'2024-06-01'::date + %d", n), true
	case "jsonb":
		return fmt.Sprintf(`'{"n": %d}'`, n), true
	case "uuid":
		return "gen_random_uuid()", true
	case "integer[]":
		return fmt.Sprintf("ARRAY[%d]", n), true
	case "text[]":
		return fmt.Sprintf("ARRAY['r%d']", n), true
	}
	return "", false
}

// timed adds the time from now to when the returned function is called
// to what the stats say name took.
func (s *stats) timed(name string) func() {
	t0 := time.Now()
	return func() {
		if s.time == nil {
			s.time = map[string]time.Duration{}
		}
		s.time[name] += time.Since(t0)
	}
}
