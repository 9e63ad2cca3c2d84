package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
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

// Check modes: what each compares.
const (
	// the database (at head) with the migrations replayed in memory, and
	// those with the models
	modeLive = "live"
	// every migration applied to a scratch database, against the models
	modeShadow = "shadow"
	// the migrations replayed in memory, against the models
	modeOffline = "offline"
)

// checkReport is what check prints, as text or JSON. Status is "clean"
// (exit 0); "drift", "unverifiable" or "failed" (exit 1); "error" (exit
// 2); or "not_managed" (exit 3): the only differences are in objects of
// kinds that schemagen does not manage.
type checkReport struct {
	Mode      string   `json:"mode"`
	Roundtrip bool     `json:"roundtrip,omitempty"`
	Status    string   `json:"status"`
	Heads     []string `json:"heads,omitempty"`
	// Database lists how the database differs from the migrations at
	// head (live mode): the changes that would bring it back to them.
	Database []reportChange `json:"database_changes,omitempty"`
	// Changes lists how the models differ from the migrations at head:
	// what a new migration would do.
	Changes []reportChange `json:"changes,omitempty"`
	// Unverifiable lists the hand-written SQL whose schema effects
	// replay cannot know, which keeps the migrations from being compared
	// (offline and live modes).
	Unverifiable []reportSQL    `json:"unverifiable,omitempty"`
	Hazards      []reportHazard `json:"hazards,omitempty"`
	// Edited lists the migrations edited since the database applied
	// them (live mode).
	Edited []reportEdited `json:"edited,omitempty"`
	// Irreversible lists the migrations that cannot be undone (see
	// [migrate.Irreversible]): warnings, which do not fail the check.
	Irreversible []reportIrreversible `json:"irreversible,omitempty"`
	// NotManaged lists the differences in objects of kinds that
	// schemagen does not manage, which it reports and never plans: what
	// the database holds (live mode), or the scratch database migrated
	// from base (shadow mode), beside the migrations and models, which
	// hold none.
	NotManaged []reportNotManaged `json:"not_managed,omitempty"`
	Problems   []string           `json:"problems,omitempty"`
	Error      string             `json:"error,omitempty"`
	// halfBuilt says that Database finishes objects that an interrupted
	// migration left half-built: an invalid index, a NOT VALID
	// constraint.
	halfBuilt bool
}

// reportChange is one difference, as the change that would remove it.
type reportChange struct {
	Op          string `json:"op"`
	Description string `json:"description"`
}

// reportNotManaged is a difference in an object of a kind that schemagen
// does not manage (see [differ.NotManagedDifference]).
type reportNotManaged struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Where is "database" when the object is only in the database, the
	// side check reads; "models" or "migrations" when only there;
	// "differs" when both hold it with different definitions.
	Where       string `json:"where"`
	Description string `json:"description"`
}

// reportNotManagedOf returns nm as check reports it, from is the side
// that check reads from a database (called fromName in descriptions),
// to the other.
func reportNotManagedOf(nm []differ.NotManagedDifference, from, fromName, to, toName string) []reportNotManaged {
	var out []reportNotManaged
	for _, d := range nm {
		r := reportNotManaged{Kind: d.Kind, Name: d.Name, Where: "differs", Description: d.Describe(fromName, toName)}
		switch {
		case d.To == nil:
			r.Where = from
		case d.From == nil:
			r.Where = to
		}
		out = append(out, r)
	}
	return out
}

// reportSQL is hand-written SQL of a migration's upgrade that declares no
// schema effects (op.Execute), so that replay cannot know what it does.
type reportSQL struct {
	Revision string `json:"revision"`
	// File is the file of the op.Execute call, relative to the working
	// directory, and Line its line; 0 when unknown (File is then the
	// migration's file).
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	// SQL is the first line of the SQL.
	SQL string `json:"sql"`
}

// at returns "file:line: ", or "file: " when the line is unknown.
func (r reportSQL) at() string {
	if r.Line > 0 {
		return r.File + ":" + strconv.Itoa(r.Line) + ": "
	}
	return r.File + ": "
}

// reportHazard is a hazard of a migration's upgrade that the migration
// does not acknowledge in AllowHazards.
type reportHazard struct {
	Revision string `json:"revision"`
	File     string `json:"file"`
	Kind     string `json:"kind"`
	Message  string `json:"message"`
}

// reportEdited is a migration applied to the database and edited since
// (live mode): its upgrade's fingerprint differs from the one the
// database recorded.
type reportEdited struct {
	Revision string `json:"revision"`
	File     string `json:"file"`
}

// reportIrreversible is a migration that cannot be undone: downgrade
// refuses to go past it without --force-irreversible.
type reportIrreversible struct {
	Revision string `json:"revision"`
	File     string `json:"file"`
	Reason   string `json:"reason"`
}

// String is the warning line of the text report.
func (r reportIrreversible) String() string {
	return fmt.Sprintf("%s (%s): irreversible: %s; `schemagen downgrade` refuses to undo it without --force-irreversible", r.File, r.Revision, r.Reason)
}

// failedCheck is a check that ran and failed (exit 1), as opposed to an
// error that kept it from running (exit 2).
type failedCheck struct{ problems []string }

func (f *failedCheck) Error() string { return strings.Join(f.problems, "; ") }

func cmdCheck(fs *flag.FlagSet) runFunc {
	mode := fs.String("mode", modeLive, "the comparison's `MODE`: live (the database at head with the migrations replayed in memory, and those with the models), shadow (a scratch database migrated from base with the models) or offline (the migrations replayed in memory with the models, no database)")
	offline := fs.Bool("offline", false, "short for --mode offline")
	roundtrip := fs.Bool("roundtrip", false, "also check, in a scratch database, that every downgrade undoes its upgrade")
	format := fs.String("format", "text", "report `FORMAT`: text or json")
	var ff filterFlags
	ff.register(fs)
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("check", args); err != nil {
			return err
		}
		if err := ff.apply(p); err != nil {
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
		case len(rep.Unverifiable) > 0:
			rep.Status = "unverifiable"
		case len(rep.Changes) > 0 || len(rep.Database) > 0:
			rep.Status = "drift"
		case len(rep.NotManaged) > 0:
			rep.Status = "not_managed"
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
			for _, w := range rep.Irreversible {
				fmt.Fprintf(a.Stderr, "schemagen: warning: %s\n", w)
			}
			a.printReport(rep)
		}
		switch rep.Status {
		case "clean":
			return nil
		case "not_managed":
			return &exitError{code: ExitNotManaged}
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
	heads := revList(rep.Heads)
	switch rep.Status {
	case "clean":
		if rep.Mode == modeLive {
			a.printf("check (%s): clean: the database matches the migrations at head %s, and they match the models\n", mode, heads)
		} else {
			a.printf("check (%s): clean: the models match the migrations at head %s\n", mode, heads)
		}
		return
	case "error":
		return
	}
	a.printf("check (%s): %s:\n", mode, strings.ReplaceAll(rep.Status, "_", " "))
	for _, p := range rep.Problems {
		a.printf("  %s\n", p)
	}
	if len(rep.Unverifiable) > 0 {
		a.printf("  cannot verify the migrations offline: replaying them in memory, check cannot see what this hand-written SQL does to the schema:\n")
		for _, u := range rep.Unverifiable {
			a.printf("    %srevision %s: execute %s\n", u.at(), u.Revision, u.SQL)
		}
		a.printf("  declare what it does: op.ExecuteAs(sql, func(op *migrate.Op) { ... }) with the op calls of its schema changes, or op.ExecuteData(sql) for SQL that changes no schema (data, grants); `check --mode shadow` runs it instead\n")
	}
	if len(rep.Database) > 0 {
		a.printf("  the database differs from the migrations at head %s (changed by hand?): undo the change, or write it as a migration. %d change(s) would bring the database back to the migrations:\n", heads, len(rep.Database))
		for _, c := range rep.Database {
			a.printf("    %s\n", c.Description)
		}
		if rep.halfBuilt {
			a.printf("  an invalid index or NOT VALID constraint is what an interrupted migration leaves: `schemagen revision --autogenerate` writes a migration that finishes it\n")
		}
	}
	if len(rep.NotManaged) > 0 {
		a.printf("  %d difference(s) in objects of kinds that schemagen does not manage: it neither creates nor drops them, and reports them here (exit %d when nothing else differs). Leave them out with exclude = [...] in %s (or --exclude), or make them the same by hand:\n", len(rep.NotManaged), ExitNotManaged, ConfigFile)
		for _, d := range rep.NotManaged {
			a.printf("    %s\n", d.Description)
		}
	}
	if len(rep.Changes) > 0 {
		how := "`schemagen revision --autogenerate -m MSG`"
		if len(rep.Database) > 0 {
			// Autogenerating against this database would write its
			// hand-made changes too.
			how = "`schemagen revision --autogenerate --offline -m MSG` (it compares the models with the migrations, not with this database)"
		}
		a.printf("  the models differ from the migrations at head %s: run %s. %d change(s) would bring the migrations to the models:\n", heads, how, len(rep.Changes))
		for _, c := range rep.Changes {
			a.printf("    %s\n", c.Description)
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
	// The live and offline modes replay the migrations in memory, which
	// needs every hand-written SQL to declare what it does; the shadow
	// mode runs it.
	if rep.Mode != modeShadow {
		rep.Unverifiable = unverifiable(p, recs)
	}
	var (
		changes, database []change.Change
		nm                []reportNotManaged
	)
	switch {
	case len(rep.Unverifiable) > 0:
		// Nothing to compare: a difference might be the SQL's doing.
	case rep.Mode == modeLive:
		db, err := a.openDB(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := requireAtHead(ctx, db, p, st, "check"); err != nil {
			return err
		}
		// The database at head holds what the migrations said when they
		// were applied: an edit since is a problem of its own.
		fps, err := a.fingerprintReport(ctx, p, db, st, rep.Heads, recs)
		var unreadable *unreadableFingerprints
		switch {
		case errors.As(err, &unreadable):
			// A read-only role of before fingerprints: the rest of the
			// check still holds.
			fmt.Fprintf(a.Stderr, "schemagen: warning: the applied migrations were not compared with their files: %v\n", err)
		case err != nil:
			return err
		}
		for _, e := range fps.Edited {
			rep.Edited = append(rep.Edited, reportEdited{Revision: e.Revision, File: e.File})
		}
		head, err := plan.ReplayAll(recs)
		if err != nil {
			return err
		}
		head = p.filtered(head)
		// The database with the migrations at head (the database's
		// spelling is compared as the server spells the migrations'),
		// then the migrations with the models, as offline.
		withViewColumns(head, model)
		var live []differ.NotManagedDifference
		if database, live, err = modelDiff(ctx, db, p, head); err != nil {
			return err
		}
		nm = reportNotManagedOf(live, "database", "the database", "migrations", "the migrations")
		if changes, err = differ.Diff(head, model); err != nil {
			return err
		}
	case rep.Mode == modeOffline:
		head, err := plan.ReplayAll(recs)
		if err != nil {
			return err
		}
		head = p.filtered(head)
		if changes, err = differ.Diff(head, model); err != nil {
			return err
		}
	case rep.Mode == modeShadow:
		var scratch []differ.NotManagedDifference
		if changes, scratch, err = a.shadowDiff(ctx, r, p, model); err != nil {
			return err
		}
		nm = reportNotManagedOf(scratch, "migrations", "the database the migrations build", "models", "the models")
	}
	rep.Database, rep.Changes, rep.NotManaged = reportChanges(database), reportChanges(changes), nm
	for _, c := range database {
		switch c := c.(type) {
		case change.ValidateConstraint:
			rep.halfBuilt = true
		case change.DropIndex:
			rep.halfBuilt = rep.halfBuilt || c.Index != nil && c.Index.Invalid
		default:
			// Only a repair of a half-built object says so.
		}
	}
	var problems []string
	for _, e := range rep.Edited {
		problems = append(problems, editedProblem(migrate.EditedMigration{Revision: e.Revision, File: e.File}))
	}
	for _, rec := range recs {
		if !rec.NoTransaction && (plan.MustRunOutsideTransaction(rec.Upgrade) || plan.MustRunOutsideTransaction(rec.Downgrade)) {
			problems = append(problems, fmt.Sprintf("%s (%s): builds or drops an index concurrently, which PostgreSQL refuses in a transaction: set NoTransaction: true", rec.File, rec.Revision))
		}
		if why := rec.Irreversible(); why != "" {
			rep.Irreversible = append(rep.Irreversible, reportIrreversible{Revision: rec.Revision, File: rec.File, Reason: why})
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

// reportChanges returns cs as check reports them.
func reportChanges(cs []change.Change) []reportChange {
	var out []reportChange
	for _, c := range cs {
		out = append(out, reportChange{Op: reflect.TypeOf(c).Name(), Description: change.Describe(c)})
	}
	return out
}

// unverifiable returns the hand-written SQL of the upgrades of recs that
// declares no schema effects, as check reports it: the file and line of
// each op.Execute call.
func unverifiable(p *project, recs []migrate.Recorded) []reportSQL {
	var out []reportSQL
	for _, u := range plan.Undeclared(recs) {
		r := reportSQL{Revision: u.Revision, File: u.File, SQL: firstLine(u.Change.SQL)}
		if i := strings.LastIndexByte(u.Pos, ':'); i >= 0 {
			if n, err := strconv.Atoi(u.Pos[i+1:]); err == nil {
				r.File, r.Line = u.Pos[:i], n
			}
		}
		r.File = relPath(filepath.Join(p.migrationsDir, r.File))
		out = append(out, r)
	}
	return out
}

// undeclaredError is the error of a verb that replays the migrations to
// write or compare something, when hand-written SQL among them declares
// no schema effects: what it would write or report might be false.
func undeclaredError(p *project, recs []migrate.Recorded, verb string) error {
	sites := unverifiable(p, recs)
	if len(sites) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s replays the migrations in memory, and cannot see what this hand-written SQL does to the schema:", verb)
	for _, u := range sites {
		fmt.Fprintf(&b, "\n  %srevision %s: execute %s", u.at(), u.Revision, u.SQL)
	}
	b.WriteString("\ndeclare what it does: op.ExecuteAs(sql, func(op *migrate.Op) { ... }) with the op calls of its schema changes, or op.ExecuteData(sql) for SQL that changes no schema")
	return usageErr("%s", b.String())
}

// firstLine returns the first line of s, marked as cut when more follow.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " …"
	}
	return s
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
	if err := undeclaredError(p, recs, "diff with a migrations: source"); err != nil {
		return nil, err
	}
	head, err := plan.ReplayAll(recs)
	if err != nil {
		return nil, err
	}
	return p.filtered(head), nil
}

// shadowDiff applies every migration from base to a scratch database on
// the project's server (the dev database's, when one is set), and
// compares it with the models.
// It also returns the differences in objects of kinds that schemagen does
// not manage, which only the scratch database can hold.
func (a *App) shadowDiff(ctx context.Context, r *runner, p *project, model *schema.Schema) (_ []change.Change, _ []differ.NotManagedDifference, err error) {
	if p.devURL == "" {
		a.sayTarget(p) // its server
	}
	db, err := shadow.Create(ctx, p.workURL())
	if err != nil {
		return nil, nil, privilegeHint(err, p)
	}
	defer func() {
		if derr := db.Drop(ctx); derr != nil && err == nil {
			err = derr
		}
	}()
	if err := a.runOn(ctx, r, db.URL, p, "upgrade", "heads"); err != nil {
		return nil, nil, err
	}
	live, err := inspectDB(ctx, db.DB, p)
	if err != nil {
		return nil, nil, fmt.Errorf("introspect the scratch database: %w", err)
	}
	canon, err := canonicalize(ctx, p, p.databaseURL, model)
	if err != nil {
		return nil, nil, err
	}
	up, err := differ.Diff(differ.Respell(live, canon, model), model)
	if err != nil {
		return nil, nil, err
	}
	return up, differ.NotManaged(live, model), nil
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
	if p.devURL == "" {
		a.sayTarget(p) // its server
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
		// rev is a head now (its children came later in order and are
		// undone): REV@-1 undoes it alone, even between branches, where
		// -1 is ambiguous.
		if err := a.runOn(ctx, r, db.URL, p, "downgrade", rev+"@-1"); err != nil {
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
		// What schemagen does not manage (hand-written SQL's functions,
		// views, ...) must come back too.
		nm := differ.NotManaged(after, before[rev])
		if len(left) > 0 || len(nm) > 0 {
			n, _ := g.Node(rev)
			msg := fmt.Sprintf("revision %s (%s): its downgrade does not undo its upgrade; after the downgrade the database differs from before the upgrade:", rev, n.File)
			for _, c := range left {
				msg += "\n    " + change.Describe(c)
			}
			for _, d := range nm {
				msg += "\n    " + d.Describe("the database after the downgrade", "before the upgrade")
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
	return p.filtered(s), nil
}
