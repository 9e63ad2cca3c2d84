package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/catalog"
	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

// Check modes.
const (
	modeLive    = "live"    // the database at head against the models
	modeShadow  = "shadow"  // every migration applied to a scratch database, against the models
	modeOffline = "offline" // the migrations replayed in memory, against the models
)

// checkReport is what check prints, as text or JSON. Status is "clean"
// (exit 0), "drift" or "failed" (exit 1), or "error" (exit 2).
type checkReport struct {
	Mode      string         `json:"mode"`
	Roundtrip bool           `json:"roundtrip,omitempty"`
	Status    string         `json:"status"`
	Heads     []string       `json:"heads,omitempty"`
	Changes   []reportChange `json:"changes,omitempty"`
	Hazards   []reportHazard `json:"hazards,omitempty"`
	Problems  []string       `json:"problems,omitempty"`
	Error     string         `json:"error,omitempty"`
}

// reportChange is one difference between the migrations and the models:
// what a new migration would do.
type reportChange struct {
	Op          string `json:"op"`
	Description string `json:"description"`
}

// reportHazard is a hazard of a migration's upgrade that the migration
// does not acknowledge in AllowHazards.
type reportHazard struct {
	Revision string `json:"revision"`
	File     string `json:"file"`
	Kind     string `json:"kind"`
	Message  string `json:"message"`
}

// failedCheck is a check that ran and failed (exit 1), as opposed to an
// error that kept it from running (exit 2).
type failedCheck struct{ problems []string }

func (f *failedCheck) Error() string { return strings.Join(f.problems, "; ") }

func cmdCheck(fs *flag.FlagSet) runFunc {
	mode := fs.String("mode", modeLive, "what to compare the models with: `live` (the database at head), shadow (a scratch database migrated from base) or offline (the migrations replayed in memory, no database)")
	offline := fs.Bool("offline", false, "short for --mode offline")
	roundtrip := fs.Bool("roundtrip", false, "also check, in a scratch database, that every downgrade undoes its upgrade")
	format := fs.String("format", "text", "report `FORMAT`: text or json")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("check", args); err != nil {
			return err
		}
		if *offline {
			*mode = modeOffline
		}
		switch *mode {
		case modeLive, modeShadow, modeOffline:
		default:
			return usageErr("--mode must be live, shadow or offline, not %q", *mode)
		}
		if *format != "text" && *format != "json" {
			return usageErr("--format must be text or json, not %q", *format)
		}
		rep := &checkReport{Mode: *mode, Roundtrip: *roundtrip}
		err := a.check(ctx, p, rep)
		var failed *failedCheck
		switch {
		case errors.As(err, &failed):
			rep.Status, rep.Problems = "failed", append(rep.Problems, failed.problems...)
		case err != nil:
			rep.Status, rep.Error = "error", err.Error()
		case len(rep.Changes) > 0:
			rep.Status = "drift"
		default:
			rep.Status = "clean"
		}
		if *format == "json" {
			b, jerr := json.MarshalIndent(rep, "", "  ")
			if jerr != nil {
				return jerr
			}
			a.printf("%s\n", b)
		} else {
			a.printReport(rep)
		}
		switch rep.Status {
		case "clean":
			return nil
		case "error":
			if *format == "json" {
				return &exitError{code: ExitError}
			}
			return err
		}
		return &exitError{code: ExitDrift}
	}
}

func (a *App) printReport(rep *checkReport) {
	mode := rep.Mode
	if rep.Roundtrip {
		mode += ", roundtrip"
	}
	switch rep.Status {
	case "clean":
		a.printf("check (%s): clean: the models match the migrations at head %s\n", mode, revList(rep.Heads))
	case "drift":
		a.printf("check (%s): drift: %d change(s) would bring the migrations at head to the models; run `schemagen revision --autogenerate -m MSG`:\n", mode, len(rep.Changes))
		for _, c := range rep.Changes {
			a.printf("  %s\n", c.Description)
		}
	case "failed":
		a.printf("check (%s): failed:\n", mode)
		for _, p := range rep.Problems {
			a.printf("  %s\n", p)
		}
		if len(rep.Changes) > 0 {
			a.printf("and drift: %d change(s) would bring the migrations at head to the models:\n", len(rep.Changes))
			for _, c := range rep.Changes {
				a.printf("  %s\n", c.Description)
			}
		}
	}
}

// check runs one check and fills rep; it returns a *failedCheck for a
// check that failed, another error for one that could not run.
func (a *App) check(ctx context.Context, p *project, rep *checkReport) error {
	st, err := readMigrations(p)
	if err != nil {
		var ge *migrate.GraphError
		if errors.As(err, &ge) {
			return &failedCheck{problems: []string{err.Error()}}
		}
		return err
	}
	rep.Heads = st.graph.Heads()
	if len(rep.Heads) > 1 {
		return &failedCheck{problems: []string{fmt.Sprintf("the migrations have %d heads (%s): join them with `schemagen merge heads`", len(rep.Heads), strings.Join(rep.Heads, ", "))}}
	}
	// One build of the migrations serves every step that runs them, and
	// the hazard check of every mode (which reports what is wrong with
	// them before any other complaint); only running them needs the
	// driver. It runs alongside loading the models when it can.
	kind := offlineRunner
	if rep.Mode == modeShadow || rep.Roundtrip {
		kind = dbRunner
	}
	build := a.startBuild(ctx, p, kind)
	defer build.Close()
	model, err := loadModels(ctx, p)
	if err != nil {
		return err
	}
	r, recs, err := build.wait()
	if err != nil {
		return err
	}
	defer r.Close()
	var changes []change.Change
	switch rep.Mode {
	case modeLive:
		db, err := openDB(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := requireAtHead(ctx, db, p, st, "check"); err != nil {
			return err
		}
		if changes, err = modelDiff(ctx, db, p, model); err != nil {
			return err
		}
	case modeOffline:
		head, err := plan.ReplayAll(recs)
		if err != nil {
			return err
		}
		if changes, err = differ.Diff(head, model); err != nil {
			return err
		}
	case modeShadow:
		if changes, err = a.shadowDiff(ctx, r, p, model); err != nil {
			return err
		}
	}
	for _, c := range changes {
		rep.Changes = append(rep.Changes, reportChange{Op: reflect.TypeOf(c).Name(), Description: change.Describe(c)})
	}
	var problems []string
	for _, rec := range recs {
		if !rec.NoTransaction && (plan.MustRunOutsideTransaction(rec.Upgrade) || plan.MustRunOutsideTransaction(rec.Downgrade)) {
			problems = append(problems, fmt.Sprintf("%s (%s): builds or drops an index concurrently, which PostgreSQL refuses in a transaction: set NoTransaction: true", rec.File, rec.Revision))
		}
		for _, h := range change.UnallowedHazards(rec.Upgrade, rec.NoTransaction, rec.AllowHazards) {
			rep.Hazards = append(rep.Hazards, reportHazard{Revision: rec.Revision, File: rec.File, Kind: string(h.Kind), Message: h.Message})
			problems = append(problems, fmt.Sprintf("%s (%s): unacknowledged hazard %s After review, add migrate.%s to its AllowHazards.", rec.File, rec.Revision, h, h.Kind.GoName()))
		}
	}
	if rep.Roundtrip {
		rtProblems, err := a.verifyRoundtrip(ctx, r, p, recs)
		if err != nil {
			return err
		}
		if len(rtProblems) > 0 {
			problems = append(problems, rtProblems...)
		}
	}
	if len(problems) > 0 {
		return &failedCheck{problems: problems}
	}
	return nil
}

// replayHead reads the migrations' changes (see [App.offlineRecords]) and
// replays them from base in graph order: the schema at head, with no
// database.
func (a *App) replayHead(ctx context.Context, p *project) (*schema.Schema, error) {
	r, recs, err := a.offlineRecords(ctx, p)
	if err != nil {
		return nil, err
	}
	r.Close()
	return plan.ReplayAll(recs)
}

// shadowDiff applies every migration from base to a scratch database on
// the project's server (the dev database's, when one is set), and
// compares it with the models.
func (a *App) shadowDiff(ctx context.Context, r *runner, p *project, model *schema.Schema) (_ []change.Change, err error) {
	db, err := shadow.Create(ctx, p.workURL())
	if err != nil {
		return nil, privilegeHint(err, p)
	}
	defer func() {
		if derr := db.Drop(ctx); derr != nil && err == nil {
			err = derr
		}
	}()
	if err := a.runOn(ctx, r, db.URL, p, "upgrade", "heads"); err != nil {
		return nil, err
	}
	live, err := inspectDB(ctx, db.DB, p)
	if err != nil {
		return nil, fmt.Errorf("introspect the scratch database: %w", err)
	}
	canon, err := canonicalize(ctx, p, p.databaseURL, model)
	if err != nil {
		return nil, err
	}
	return differ.Diff(differ.Respell(live, canon, model), model)
}

// runOn runs the built migrations with args on the scratch database at
// url; their output is kept for the error when they fail. A scratch
// database holds no data: the runner runs migrations whatever their
// hazards (check reports those on its own).
func (a *App) runOn(ctx context.Context, r *runner, url string, p *project, args ...string) error {
	var out strings.Builder
	rr := *r
	rr.env = append(slices.Clone(r.env), allowEnv(change.HazardKinds()))
	code, err := rr.run(ctx, url, p.versionTable, &out, &out, args...)
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("%s on a scratch database: %s", strings.Join(args, " "), strings.TrimSpace(dburl.Scrub(out.String(), url)))
	}
	return nil
}

// verifyRoundtrip upgrades a scratch database one revision at a time from
// base to head, recording the catalog before each upgrade, then downgrades
// one revision at a time and compares the catalog after each downgrade
// with the one recorded before that revision's upgrade. It returns a
// problem for the first revision whose downgrade does not undo its upgrade.
func (a *App) verifyRoundtrip(ctx context.Context, r *runner, p *project, recs []migrate.Recorded) (problems []string, err error) {
	g, err := migrate.GraphOfRecorded(recs)
	if err != nil {
		return nil, err
	}
	db, err := shadow.Create(ctx, p.workURL())
	if err != nil {
		return nil, privilegeHint(err, p)
	}
	defer func() {
		if derr := db.Drop(ctx); derr != nil && err == nil {
			err = derr
		}
	}()
	inspect := func() (*schema.Schema, error) {
		s, err := inspectDB(ctx, db.DB, p)
		if err != nil {
			return nil, fmt.Errorf("introspect the scratch database: %w", err)
		}
		return s, nil
	}
	order := g.Order()
	before := map[string]*schema.Schema{}
	for _, rev := range order {
		if before[rev], err = inspect(); err != nil {
			return nil, err
		}
		if err := a.runOn(ctx, r, db.URL, p, "upgrade", rev); err != nil {
			return nil, err
		}
	}
	for i := len(order) - 1; i >= 0; i-- {
		rev := order[i]
		if err := a.runOn(ctx, r, db.URL, p, "downgrade", "-1"); err != nil {
			return []string{fmt.Sprintf("revision %s: its downgrade fails: %v", rev, err)}, nil
		}
		after, err := inspect()
		if err != nil {
			return nil, err
		}
		left, err := differ.Diff(before[rev], after)
		if err != nil {
			return nil, err
		}
		if len(left) > 0 {
			n, _ := g.Node(rev)
			msg := fmt.Sprintf("revision %s (%s): its downgrade does not undo its upgrade; after the downgrade the database differs from before the upgrade:", rev, n.File)
			for _, c := range left {
				msg += "\n    " + change.Describe(c)
			}
			return []string{msg}, nil
		}
	}
	return nil, nil
}

// inspectDB introspects a database for comparison, without the version
// table.
func inspectDB(ctx context.Context, db *sql.DB, p *project) (*schema.Schema, error) {
	s, err := catalog.Inspect(ctx, db, catalog.Options{Exclude: p.bookkeepingTables()})
	if err != nil {
		return nil, err
	}
	dropVersionSchema(s, p.versionTable)
	return s, nil
}
