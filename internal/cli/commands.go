package cli

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/differ"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgconn"
	"github.com/schemagen/schemagen/internal/revid"
	"github.com/schemagen/schemagen/internal/revtext"
	"github.com/schemagen/schemagen/internal/shadow"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/plan"
	"github.com/schemagen/schemagen/schema"
)

type runFunc = func(ctx context.Context, a *App, p *project, args []string) error

func noArgs(verb string, args []string) error {
	if len(args) > 0 {
		return usageErr("%s takes no arguments, got %q", verb, strings.Join(args, " "))
	}
	return nil
}

// cmdInit creates the migrations folder with its set file, and
// schemagen.toml when the module has none.
func cmdInit(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("init", args); err != nil {
			return err
		}
		pkg := packageNameFor(p.migrationsDir)
		files, err := emitter.SetFile(pkg)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(p.migrationsDir, 0o755); err != nil {
			return fmt.Errorf("create migrations folder: %w", err)
		}
		for name, src := range files {
			path := filepath.Join(p.migrationsDir, name)
			if _, err := os.Stat(path); err == nil {
				a.printf("%s exists; left as it is\n", relPath(path))
				continue
			}
			if err := os.WriteFile(path, src, 0o644); err != nil {
				return fmt.Errorf("write %s: %w", relPath(path), err)
			}
			a.printf("created %s\n", relPath(path))
		}
		cfgPath := filepath.Join(p.root, ConfigFile)
		if _, err := os.Stat(cfgPath); err == nil {
			return nil
		}
		rel, _ := filepath.Rel(p.root, p.migrationsDir)
		cfg := initConfig(p.models, filepath.ToSlash(rel))
		if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", ConfigFile, err)
		}
		a.printf("created %s\n", relPath(cfgPath))
		return nil
	}
}

// openDB connects to the project's database and checks that it answers,
// having said on stderr which database it is ([App.sayTarget]).
func (a *App) openDB(ctx context.Context, p *project) (*sql.DB, error) {
	a.sayTarget(p)
	return connect(ctx, p.databaseURL)
}

// sayTarget says on stderr, once a run, which database the project's
// database URL names (see [project.targetLine]). Stdout, which scripts
// read, is left alone. The migrations' program that the CLI runs says
// nothing of it (SCHEMAGEN_CLI=1).
func (a *App) sayTarget(p *project) {
	if a.targetSaid {
		return
	}
	a.targetSaid = true
	fmt.Fprintln(a.Stderr, "schemagen: "+p.targetLine(a.Getenv))
}

// connect connects to the database that connString names (see
// [pgconn.Open]) and checks that it answers.
func connect(ctx context.Context, connString string) (*sql.DB, error) {
	db, err := pgconn.Open(connString)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	err = db.PingContext(pingCtx)
	cancel()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w\n(%s)", dburl.Redact(connString), dburl.ScrubError(err, connString), connectHint(err))
	}
	return db, nil
}

// connectHint says what to do about a failed connection: a server that
// answered with an SQLSTATE refused the login or the database; otherwise
// none answered.
func connectHint(err error) string {
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		switch code := st.SQLState(); {
		case code == "3D000":
			return "the server answered: that database does not exist; create it, or name another in the URL"
		case strings.HasPrefix(code, "28"):
			return "the server answered but refused the login: check the user and password in the URL"
		}
		return "the server answered but refused the connection"
	}
	return "is PostgreSQL running there? name the database with --database-url or DATABASE_URL"
}

// loadModels parses the project's model packages.
func loadModels(ctx context.Context, p *project) (*schema.Schema, error) {
	s, err := parser.Load(ctx, parser.Config{Dir: p.root}, p.models...)
	if err != nil {
		return nil, err
	}
	if err := bookkeepingModels(p, s); err != nil {
		return nil, err
	}
	return p.filtered(s), nil
}

// bookkeepingModels refuses model tables named like schemagen's own
// tables (see [project.bookkeepingTables]), and model tables and enums in
// the schemas of reversible drops' archives ([change.IsArchiveSchema]):
// comparisons leave those out, so migrations would create them again
// and again, or create the table schemagen creates.
func bookkeepingModels(p *project, s *schema.Schema) error {
	books := p.bookkeepingTables()
	what := []string{"version table", "table of applied migrations' fingerprints", "table of migrations' progress"}
	var msgs []string
	archived := func(pos, kind string, q schema.QualifiedName) {
		msgs = append(msgs, fmt.Sprintf("%s: %s %s is in schema %s, which holds the archives of reversible drops (%s and %s_*): the catalog never reads it; give the model another schema",
			cmp.Or(pos, "models"), kind, q, q.Schema, change.ArchiveSchema, change.ArchiveSchema))
	}
	for _, e := range s.Enums {
		if change.IsArchiveSchema(e.Schema) {
			archived(e.Pos, "enum", schema.QualifiedName{Schema: e.Schema, Name: e.Name})
		}
	}
	for _, t := range s.Tables {
		if change.IsArchiveSchema(t.Schema) {
			archived(t.Pos, "table", t.QualifiedName())
		}
		if i := slices.Index(books, t.QualifiedName()); i >= 0 {
			msgs = append(msgs, fmt.Sprintf("%s: table %s is schemagen's %s (version_table in %s, default %s): give the model another table name, or set version_table",
				cmp.Or(t.Pos, "models"), t.QualifiedName(), what[i], ConfigFile, migrate.DefaultVersionTable()))
		}
	}
	for _, o := range s.Objects {
		if change.IsArchiveSchema(o.Schema) {
			archived(o.Pos, string(o.Kind), schema.QualifiedName{Schema: o.Schema, Name: o.Name})
		}
	}
	if len(msgs) > 0 {
		return errors.New(strings.Join(msgs, "\n"))
	}
	return nil
}

// requireAtHead refuses (exit 2) unless the database's version table holds
// exactly the heads of the graph.
func requireAtHead(ctx context.Context, db *sql.DB, p *project, st *migrationsState, verb string) error {
	current, err := migrate.ReadVersions(ctx, db, p.versionTable)
	if err != nil {
		return err
	}
	for _, rev := range current {
		if _, ok := st.graph.Node(rev); !ok {
			return &migrate.UnknownRevisionError{Revision: rev}
		}
	}
	if len(current) == 0 {
		if err := migrate.CheckVersionTable(ctx, db, st.graph, p.versionTable); err != nil {
			return err
		}
	}
	heads := st.graph.Heads()
	if len(heads) > 1 {
		return &exitError{code: ExitDrift, err: fmt.Errorf("the migrations have %d heads (%s): join them with `schemagen merge heads` first", len(heads), strings.Join(heads, ", "))}
	}
	if !slices.Equal(current, heads) {
		return usageErr("%s needs the database at head: it is at %s, head is %s; run `schemagen upgrade` first", verb, revList(current), revList(heads))
	}
	return nil
}

func revList(revs []string) string { return revtext.RevList(revs) }

// modelDiff compares the live database with the models and returns the
// changes that bring the database to the models (check compares the
// database with the migrations replayed this way, passing them as
// model).
// It also returns the differences in objects of kinds that schemagen
// does not manage (the database's, since models and migrations hold
// none).
func modelDiff(ctx context.Context, db *sql.DB, p *project, model *schema.Schema) ([]change.Change, []differ.NotManagedDifference, error) {
	up, _, nm, err := liveDiffs(ctx, db, p, model, nil)
	return up, nm, err
}

// liveDiffs compares the live database with the models and, when head
// (the migrations at head replayed in memory) is not nil, with head. up
// brings the database to the models; what the models no longer hold is
// spelled as the migrations spell it, so that where the database matches
// head the plan is the one that `--offline` finds (see
// [differ.RespellLive]). database brings the database to head: empty
// when the database holds what the migrations say. nm lists the
// differences between the database and the models in objects of kinds
// that schemagen does not manage.
func liveDiffs(ctx context.Context, db *sql.DB, p *project, model, head *schema.Schema) (up, database []change.Change, nm []differ.NotManagedDifference, err error) {
	// Reading the database and canonicalizing the models (on a connection
	// of its own) are independent: run them at once.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type spelled struct {
		model, head differ.Spelling
		err         error
	}
	done := make(chan spelled, 1)
	go func() {
		s := spelled{model: differ.Spelling{Text: model}, head: differ.Spelling{Text: head}}
		s.model.Canon, s.err = canonicalize(ctx, p, p.databaseURL, model)
		switch {
		case s.err != nil || head == nil:
		case differ.HeadSpells(head, model):
			// After the models, not beside them: both may create the
			// same enums and schemas in the same database, where the
			// second would wait for the first.
			s.head.Canon, s.err = canonicalize(ctx, p, p.databaseURL, head)
		default:
			// The migrations hold what the models hold: one spelling.
			s.head.Canon = s.model.Canon
		}
		done <- s
	}()
	live, err := inspectDB(ctx, db, p)
	if err != nil {
		cancel()
	}
	c := <-done
	if err != nil {
		return nil, nil, nil, fmt.Errorf("introspect %s: %w", p.redactedURL(), err)
	}
	if c.err != nil {
		return nil, nil, nil, c.err
	}
	if up, err = differ.Diff(differ.RespellLive(live, c.model, c.head), model); err != nil {
		return nil, nil, nil, err
	}
	if head != nil {
		if database, err = differ.Diff(differ.Respell(live, c.head.Canon, head), head); err != nil {
			return nil, nil, nil, err
		}
	}
	return up, database, differ.NotManaged(live, model), nil
}

// canonicalize returns model as the server of the database that target
// names spells it (see [shadow.Canonicalize]): on the project's dev
// database when one is set, so that the target is only read; otherwise
// on the target itself. A refusal of the server says what is needed.
func canonicalize(ctx context.Context, p *project, target string, model *schema.Schema) (*schema.Schema, error) {
	canon, err := shadow.Canonicalize(ctx, cmp.Or(p.devURL, target), model)
	if err != nil {
		return nil, privilegeHint(err, p)
	}
	return canon, nil
}

// privilegeHint adds to err, when it is a server refusing a write that
// schemagen needs for its work (a privilege, a read-only transaction),
// what would let it run.
func privilegeHint(err error, p *project) error {
	if !shadow.Refused(err) {
		return err
	}
	if p.devURL != "" {
		return fmt.Errorf("%w\n(the dev database %s must let the role create temporary tables (TEMP) or databases (CREATEDB))", err, dburl.Redact(p.devURL))
	}
	return fmt.Errorf("%w\n(to compare, schemagen needs TEMP on the target database (for a transaction it rolls back) or CREATEDB on its server (for a scratch database), "+
		"on a server that accepts writes (not a hot standby); or name a dev database, where it does that work and the target is only read: "+
		"dev_url in %s, --dev-url or SCHEMAGEN_DEV_URL)", err, ConfigFile)
}

// newRevisionID returns a new revision ID for the time now (see package
// revid: the UTC time and a random suffix) that neither names nor
// shares its suffix with a revision of g or an ID of also. Its time is
// a second later while a revision has it, so that the files of
// revisions written in one second list in the order they were written.
func (a *App) newRevisionID(g *migrate.Graph, also ...string) (string, error) {
	return a.revisionIDAt(a.Now(), g, also)
}

// revisionIDAt is [App.newRevisionID] for the time t.
func (a *App) revisionIDAt(t time.Time, g *migrate.Graph, also []string) (string, error) {
	taken := map[string]bool{}
	for _, rev := range slices.Concat(g.Order(), also) {
		// A suffix equal to a whole (hand-written) ID would resolve to
		// that ID.
		taken[rev], taken["_"+rev] = true, true
		if s, ok := revid.Suffix(rev); ok {
			taken["_"+s] = true
		}
		if at, ok := revid.Time(rev); ok {
			taken[revid.Stamp(at)] = true
		}
	}
	for taken[revid.Stamp(t)] {
		t = t.Add(time.Second)
	}
	return revid.New(t, a.Rand, func(id, suffix string) bool { return taken[id] || taken["_"+suffix] })
}

// writeMigration emits m into the migrations folder.
func (a *App) writeMigration(p *project, m emitter.Migration) error {
	return a.writeMigrations(p, m)
}

// writeMigrations emits ms into the migrations folder, in order; nothing
// is written unless every migration emits.
func (a *App) writeMigrations(p *project, ms ...emitter.Migration) error {
	if _, err := os.Stat(filepath.Join(p.migrationsDir, emitter.SetFileName)); err != nil {
		if _, err2 := os.Stat(p.migrationsDir); err2 != nil {
			return fmt.Errorf("no migrations folder at %s: run `schemagen init` first", relPath(p.migrationsDir))
		}
	}
	all := make([]map[string][]byte, len(ms))
	for i, m := range ms {
		files, err := emitter.Emit(m)
		if err != nil {
			return err
		}
		all[i] = files
	}
	for _, files := range all {
		for name, src := range files {
			path := filepath.Join(p.migrationsDir, name)
			if err := os.WriteFile(path, src, 0o644); err != nil {
				return fmt.Errorf("write %s: %w", relPath(path), err)
			}
			a.printf("wrote %s\n", relPath(path))
		}
	}
	return nil
}

func cmdRevision(fs *flag.FlagSet) runFunc {
	msg := fs.String("m", "", "the migration's `MESSAGE`")
	auto := fs.Bool("autogenerate", false, "fill the migration with the changes between the models and the database")
	offline := fs.Bool("offline", false, "with --autogenerate: compare the models with the migrations replayed in memory, not with a database")
	noArchive := fs.Bool("no-archive", false, "with --autogenerate: drop tables and columns for good instead of archiving their data until \"schemagen prune\" (see Reversible drops in the README)")
	online := fs.Bool("online", false, "with --autogenerate: write an online-safe plan (indexes built concurrently, constraints validated apart, NOT NULL proved by a check, a new NOT NULL column without a default backfilled by a step you write); also set by online = true in schemagen.toml")
	allow := fs.String("allow-hazards", "", "acknowledge these hazard `KINDS` of the upgrade in the file (comma-separated: data-loss, table-rewrite, long-lock, irreversible-downgrade, or all)")
	maxChanges := fs.Int("max-changes", defaultMaxChanges, "with --autogenerate: write at most `N` changes per migration, the rest as further revisions on it, each its own transaction (see Huge schemas in the README); 0: one migration whatever its size")
	var ff filterFlags
	ff.register(fs)
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("revision", args); err != nil {
			return err
		}
		if err := ff.apply(p); err != nil {
			return err
		}
		allowed, err := parseHazardKinds(*allow)
		if err != nil {
			return usageErr("--allow-hazards: %v", err)
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		heads := st.graph.Heads()
		if len(heads) > 1 {
			return usageErr("the migrations have %d heads (%s): join them with `schemagen merge heads` before adding a revision", len(heads), strings.Join(heads, ", "))
		}
		rev, err := a.newRevisionID(st.graph)
		if err != nil {
			return err
		}
		m := emitter.Migration{Package: st.pkg, Revision: rev, DownRevision: heads, Message: *msg, AllowHazards: allowed}
		if *offline && !*auto {
			return usageErr("--offline goes with --autogenerate")
		}
		if *online && !*auto {
			return usageErr("--online goes with --autogenerate")
		}
		if *noArchive && !*auto {
			return usageErr("--no-archive goes with --autogenerate")
		}
		maxSet := false
		fs.Visit(func(f *flag.Flag) { maxSet = maxSet || f.Name == "max-changes" })
		if maxSet && !*auto {
			return usageErr("--max-changes goes with --autogenerate")
		}
		if *maxChanges < 0 {
			return usageErr("--max-changes %d: want 0 (no limit) or more", *maxChanges)
		}
		if *auto {
			// Both modes replay the migrations: --offline diffs them with
			// the models, the live plan spells by them what the database
			// holds and the models no longer do.
			build := a.startBuild(ctx, p, offlineRunner)
			defer build.Close()
			model, err := loadModels(ctx, p)
			if err != nil {
				return err
			}
			r, recs, err := build.wait()
			if err != nil {
				return err
			}
			r.Close()
			if *offline {
				if err := undeclaredError(p, recs, "revision --autogenerate --offline"); err != nil {
					return err
				}
			}
			// Live, hand-written SQL that declares no schema effects
			// leaves out of head what it does: the database differs from
			// head there, and keeps its own spelling.
			head, err := plan.ReplayAll(recs)
			if err != nil {
				return err
			}
			head = p.filtered(head)
			var up []change.Change
			if *offline {
				if up, err = differ.Diff(head, model); err != nil {
					return err
				}
			} else {
				db, err := a.openDB(ctx, p)
				if err != nil {
					return err
				}
				defer db.Close()
				if err := requireAtHead(ctx, db, p, st, "revision --autogenerate"); err != nil {
					return err
				}
				var database []change.Change
				var nm []differ.NotManagedDifference
				if up, database, nm, err = liveDiffs(ctx, db, p, model, head); err != nil {
					return err
				}
				// Never planned, but said.
				for _, d := range nm {
					fmt.Fprintf(a.Stderr, "schemagen: %s\n", d.Describe("the database", "the models"))
				}
				// Where hand-written SQL declares nothing, head does not
				// know what the database holds: no comparison.
				switch hand := handMade(database); {
				case len(hand) == 0:
				case len(plan.Undeclared(recs)) == 0:
					return handChangedError(hand)
				default:
					fmt.Fprintf(a.Stderr, "schemagen: warning: the database differs from the migrations at head, but hand-written SQL among them declares nothing (op.Execute), so whether it was changed by hand cannot be told; `schemagen check` names the calls to declare\n")
				}
			}
			if len(up) == 0 {
				a.printf("no changes between the models and the migrations at head; no migration written\n")
				return nil
			}
			if m.Message == "" {
				// No -m: the changes say what the migration does
				// (`go generate` runs without one).
				m.Message = change.Summary(up)
			}
			if !*noArchive {
				// Drops keep their data until pruned; the archive names
				// carry the new revision, which both directions use.
				up = plan.Archive(up, head, m.Revision)
			}
			// A huge list becomes a chain of revisions (see split.go).
			parts := splitChanges(up, *maxChanges)
			ms := make([]emitter.Migration, len(parts))
			for k, part := range parts {
				mk := m
				if k > 0 {
					prev := ms[k-1].Revision
					if mk.Revision, err = a.nextRevisionID(st.graph, prev, ms[:k]); err != nil {
						return err
					}
					mk.DownRevision = []string{prev}
				}
				mk.Message = partMessage(m.Message, k+1, len(parts))
				down, ok := change.ReverseAll(part)
				if !ok {
					return errors.New("cannot write a downgrade for these changes")
				}
				mk.Upgrade, mk.Downgrade = part, down
				if *online || p.online {
					// Each direction gets its own online plan, so that the
					// downgrade does not undo the upgrade's helper steps.
					mk.Upgrade, mk.Downgrade, mk.NoTransaction = plan.OnlineMigrationIn(head, part, down)
				}
				ms[k] = mk
			}
			if err := a.writeMigrations(p, ms...); err != nil {
				return err
			}
			if len(ms) > 1 {
				a.printf("%d changes: written as %d revisions of at most %d changes, each applied in its own transaction (--max-changes)\n", len(up), len(ms), *maxChanges)
			}
			pending := 0
			for k, mk := range ms {
				if len(ms) > 1 {
					a.printf("%s (part %d of %d):\n", mk.Revision, k+1, len(ms))
				}
				pending += a.listChanges(mk.Upgrade, mk.NoTransaction, allowed)
			}
			a.printPending(pending)
			return nil
		}
		return a.writeMigration(p, m)
	}
}

// handMade returns the changes of database (those that bring a database
// back to the migrations at head) that undo something other than a
// half-built object: an invalid index, which an interrupted concurrent
// build leaves (dropped and created again), or a NOT VALID constraint
// (validated). Those are what an interrupted migration leaves, and the
// live autogenerate writes the migration that finishes them.
func handMade(database []change.Change) []change.Change {
	invalid := map[string]bool{}
	for _, c := range database {
		if d, ok := c.(change.DropIndex); ok && d.Index != nil && d.Index.Invalid {
			invalid[d.Table.String()+"\x00"+d.Index.Name] = true
		}
	}
	var out []change.Change
	for _, c := range database {
		switch c := c.(type) {
		case change.ValidateConstraint:
			continue
		case change.DropIndex:
			if c.Index != nil && c.Index.Invalid {
				continue
			}
		case change.CreateIndex:
			if c.Index != nil && invalid[c.Table.String()+"\x00"+c.Index.Name] {
				continue
			}
		default:
			// A change made by hand, or one an interrupted migration
			// did not get to.
		}
		out = append(out, c)
	}
	return out
}

// handChangedError refuses a live `revision --autogenerate` on a
// database that differs from the migrations at head (database lists the
// changes that would bring it back): the migration written from it would
// undo a hand-made change on every other database, or miss it.
func handChangedError(database []change.Change) error {
	var b strings.Builder
	b.WriteString("the database differs from the migrations at head (changed by hand, or a migration interrupted and stamped); bringing it back to them would:\n")
	for _, c := range database {
		fmt.Fprintf(&b, "  %s\n", change.Describe(c))
	}
	b.WriteString("a migration autogenerated against this database would undo that change on every other database, or miss it: " +
		"undo it here, or write it as a migration, then `schemagen check`; " +
		"`revision --autogenerate --offline` compares the models with the migrations and needs no database")
	return usageErr("%s", b.String())
}

// printChanges lists the changes of a new migration with their hazards,
// marking those that allowed does not acknowledge.
func (a *App) printChanges(up []change.Change, noTransaction bool, allowed []change.HazardKind) {
	a.printPending(a.listChanges(up, noTransaction, allowed))
}

// listChanges lists the changes of a new migration with their hazards
// and returns how many of those allowed does not acknowledge.
func (a *App) listChanges(up []change.Change, noTransaction bool, allowed []change.HazardKind) int {
	pending := 0
	for i, hs := range change.Hazards(up, noTransaction) {
		a.printf("  %s\n", change.Describe(up[i]))
		for _, h := range hs {
			mark := "acknowledged"
			if !slices.Contains(allowed, h.Kind) {
				mark, pending = "HAZARD", pending+1
			}
			a.printf("      %s %s\n", mark, h)
		}
	}
	return pending
}

// printPending says that pending hazards are not acknowledged, if any.
func (a *App) printPending(pending int) {
	if pending > 0 {
		a.printf("%d hazard(s) not acknowledged: review the migration, then list their kinds in its AllowHazards field; `schemagen check` fails until then\n", pending)
	}
}

// parseHazardKinds reads a list of hazard kinds as
// [change.ParseHazardKinds] does ("all", or kinds separated by commas),
// each kind once.
func parseHazardKinds(list string) ([]change.HazardKind, error) {
	kinds, err := change.ParseHazardKinds(list)
	if err != nil {
		return nil, err
	}
	var out []change.HazardKind
	for _, k := range kinds {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

func cmdUpgrade(fs *flag.FlagSet) runFunc {
	sqlOnly := fs.Bool("sql", false, "print the SQL script instead of running it (no database needed); TARGET may be FROM:TO, FROM defaulting to base")
	allow := fs.String("allow-hazards", "", "run migrations whose upgrade holds these hazard `KINDS` although their files do not acknowledge them (comma-separated: data-loss, table-rewrite, long-lock, irreversible-downgrade, or all)")
	allowEdited := fs.Bool("allow-edited", false, "run although migrations applied to the database were edited since (each is named); \"schemagen stamp --force-fingerprint REV\" accepts an edit for good")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		target := "head"
		switch len(args) {
		case 0:
		case 1:
			target = args[0]
		default:
			return usageErr("upgrade takes one TARGET, got %q", strings.Join(args, " "))
		}
		allowed, err := parseHazardKinds(*allow)
		if err != nil {
			return usageErr("--allow-hazards: %v", err)
		}
		if *sqlOnly {
			return a.printScript(ctx, p, true, target, allowed)
		}
		return a.runDB(ctx, p, "upgrade", target, allowed, *allowEdited)
	}
}

func cmdDowngrade(fs *flag.FlagSet) runFunc {
	sqlOnly := fs.Bool("sql", false, "print the SQL script instead of running it (no database needed); TARGET may be FROM:TO, FROM defaulting to heads; a relative TARGET needs FROM")
	force := fs.Bool("force-irreversible", false, "undo irreversible migrations (no Downgrade, or an empty one while the upgrade changes the schema) all the same: their revisions leave the version table, their changes stay")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if len(args) != 1 {
			return usageErr("downgrade needs one TARGET (base, a revision, -N, or HEAD@-N)")
		}
		var extra []string
		if *force {
			extra = append(extra, "--force-irreversible")
		}
		if *sqlOnly {
			return a.printScript(ctx, p, false, args[0], nil, extra...)
		}
		return a.runDB(ctx, p, "downgrade", args[0], nil, false, extra...)
	}
}

// printScript prints the SQL of an upgrade or downgrade between two
// revisions without a database: spec is TARGET or FROM:TARGET. migrate.Main's
// --sql prints it: in this process, on the migrations read without
// compiling, when every file is static; otherwise in the migrations' own
// program, built without the driver. Either way after the migrations
// passed schemagen's checks (see [runner.records]); it warns on stderr of
// the hazards of an upgrade that neither the migration files nor allowed
// acknowledge.
func (a *App) printScript(ctx context.Context, p *project, up bool, spec string, allowed []change.HazardKind, flags ...string) error {
	verb := "downgrade"
	if up {
		verb = "upgrade"
	}
	set, notStatic, err := a.staticSet(p)
	if err != nil {
		return err
	}
	if notStatic == nil {
		if _, err := staticRecords(p, set); err != nil {
			return err
		}
		if code := a.mainInProcess(ctx, p, set.Set, []string{allowEnv(allowed)}, append([]string{verb, "--sql", spec}, flags...)...); code != 0 {
			return &exitError{code: code}
		}
		return nil
	}
	r, _, err := a.buildAndValidate(ctx, p, offlineRunner)
	if err != nil {
		return err
	}
	defer r.Close()
	r.env = append(r.env, allowEnv(allowed))
	code, err := r.run(ctx, "", p.versionTable, a.Stdout, a.Stderr, append([]string{verb, "--sql", spec}, flags...)...)
	if err != nil {
		return err
	}
	if code != 0 {
		return &exitError{code: code}
	}
	return nil
}

// planHazard is a hazard of a migration to run that nothing acknowledges.
type planHazard struct {
	file, revision string
	change.Hazard
}

func (h planHazard) String() string {
	return fmt.Sprintf("%s (%s): unacknowledged hazard %s", h.file, h.revision, h.Hazard)
}

// unallowedHazards returns the hazards of the upgrades that plan runs
// that neither their migration's AllowHazards nor allowed acknowledge.
func unallowedHazards(p *project, recs []migrate.Recorded, plan migrate.Plan, allowed []change.HazardKind) []planHazard {
	byRev := map[string]migrate.Recorded{}
	for _, rec := range recs {
		byRev[rec.Revision] = rec
	}
	var out []planHazard
	for _, rev := range plan.Revisions {
		rec, ok := byRev[rev]
		if !ok {
			continue
		}
		for _, h := range change.UnallowedHazards(rec.Upgrade, rec.NoTransaction, append(slices.Clone(rec.AllowHazards), allowed...)) {
			out = append(out, planHazard{file: relPath(filepath.Join(p.migrationsDir, rec.File)), revision: rev, Hazard: h})
		}
	}
	return out
}

// hazardRefusal is the error of an upgrade refused for hazards that
// nothing acknowledges.
func hazardRefusal(hs []planHazard) error {
	var b strings.Builder
	fmt.Fprintf(&b, "upgrade refused: %d hazard(s) not acknowledged:", len(hs))
	var kinds []string
	for _, h := range hs {
		fmt.Fprintf(&b, "\n  %s\n      after review, add migrate.%s to the AllowHazards of that migration", h, h.Kind.GoName())
		if !slices.Contains(kinds, string(h.Kind)) {
			kinds = append(kinds, string(h.Kind))
		}
	}
	fmt.Fprintf(&b, "\nor run it as it is with `schemagen upgrade --allow-hazards %s`", strings.Join(kinds, ","))
	return usageErr("%s", b.String())
}

// allowEnv is the runner's setting SCHEMAGEN_ALLOW_HAZARDS for allowed:
// "all" for every kind, else the kinds comma-separated.
func allowEnv(allowed []change.HazardKind) string {
	all := change.HazardKinds()
	if len(allowed) == len(all) {
		return "SCHEMAGEN_ALLOW_HAZARDS=all"
	}
	names := make([]string, len(allowed))
	for i, k := range allowed {
		names[i] = string(k)
	}
	return "SCHEMAGEN_ALLOW_HAZARDS=" + strings.Join(names, ",")
}

// runDB checks the graph, the migrations and the database, then runs the
// user's migrations through the built runner. An upgrade is refused
// before it starts when a migration it would run holds a hazard that
// neither its file nor allowed acknowledges, or, unless allowEdited, when
// a migration applied to the database was edited since (also when the
// database is at the target: see [App.fingerprintReport]); the runner
// checks again.
func (a *App) runDB(ctx context.Context, p *project, verb, target string, allowed []change.HazardKind, allowEdited bool, flags ...string) error {
	st, err := readMigrations(p)
	var unread *unreadError
	switch {
	case errors.As(err, &unread):
		// Migrations added other than as literals: the compiled program
		// alone reads them, and the cheap checks below are skipped.
		st = nil
	case err != nil:
		return err
	}
	// Refuse an ambiguous "head" before building anything.
	if st != nil && verb == "upgrade" && target == "head" {
		if _, err := st.graph.Head(); err != nil {
			return err
		}
	}
	db, err := a.openDB(ctx, p)
	if err != nil {
		return err
	}
	defer db.Close()
	// The cheap check: when the files and the version table say that
	// nothing would run, nothing is built.
	if st != nil {
		if done, err := atTarget(ctx, db, p, st, verb, target); err != nil || done {
			if err != nil {
				return err
			}
			if verb == "upgrade" {
				if err := a.refuseEdited(ctx, p, db, st, nil, allowEdited); err != nil {
					return err
				}
			}
			a.printf("nothing to do: the database is already at the target\n")
			return nil
		}
	}
	r, recs, err := a.buildAndValidate(ctx, p, dbRunner)
	if err != nil {
		return err
	}
	defer r.Close()
	if verb == "upgrade" {
		// The plan as the database stands now. When it cannot be made
		// (a revision no file has, say), the runner says why.
		current, err := migrate.ReadVersions(ctx, db, p.versionTable)
		if err != nil {
			return err
		}
		g, err := migrate.GraphOfRecorded(recs)
		if err != nil {
			return err
		}
		if plan, err := g.UpgradePlan(current, target); err == nil {
			if hs := unallowedHazards(p, recs, plan, allowed); len(hs) > 0 {
				return hazardRefusal(hs)
			}
		}
		if !allowEdited { // else the runner warns of each
			if err := a.refuseEdited(ctx, p, db, st, recs, false); err != nil {
				return err
			}
		}
	}
	db.Close()
	r.env = append(r.env, allowEnv(allowed))
	args := []string{verb, target}
	if allowEdited {
		args = append(args, "--allow-edited")
	}
	args = append(args, flags...)
	code, err := r.run(ctx, p.databaseURL, p.versionTable, a.Stdout, a.Stderr, args...)
	if err != nil {
		return err
	}
	if code != 0 {
		return &exitError{code: code}
	}
	return nil
}

// atTarget reports whether an upgrade or downgrade (verb) to target
// would run nothing on the database, as the migration files (read
// without building them) and its version table say: no migration partly
// applied, every revision it is at known, and an empty plan. When the
// plan cannot be made it reports false, and the runner says why.
func atTarget(ctx context.Context, db *sql.DB, p *project, st *migrationsState, verb, target string) (bool, error) {
	progress, err := migrate.ReadProgress(ctx, db, p.versionTable)
	if err != nil || progress != nil {
		return false, err
	}
	current, err := migrate.ReadVersions(ctx, db, p.versionTable)
	if err != nil {
		return false, err
	}
	for _, rev := range current {
		if _, ok := st.graph.Node(rev); !ok {
			return false, nil
		}
	}
	if len(current) == 0 {
		if err := migrate.CheckVersionTable(ctx, db, st.graph, p.versionTable); err != nil {
			return false, err
		}
	}
	plan, err := st.graph.UpgradePlan(current, target)
	if verb == "downgrade" {
		plan, err = st.graph.DowngradePlan(current, target)
	}
	return err == nil && len(plan.Revisions) == 0, nil
}

func cmdStamp(fs *flag.FlagSet) runFunc {
	force := fs.Bool("force-fingerprint", false, "accept the edit of the applied migrations REV...: record the fingerprints of their files as they stand now, and leave the version table alone")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if *force {
			if len(args) == 0 {
				return usageErr("stamp --force-fingerprint needs the revisions whose edit to accept")
			}
			return a.forceFingerprints(ctx, p, args)
		}
		if len(args) == 0 {
			return usageErr("stamp needs a revision (or base, or heads)")
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		var revs []string
		for _, arg := range args {
			switch arg {
			case "base":
			case "head":
				h, err := st.graph.Head()
				if err != nil {
					return err
				}
				revs = append(revs, h)
			case "heads":
				revs = append(revs, st.graph.Heads()...)
			default:
				revs = append(revs, arg)
			}
		}
		db, err := a.openDB(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		wait, err := a.lockWait(p)
		if err != nil {
			return err
		}
		m, err := migrate.New(db, st.metadataSet(), migrate.WithVersionTable(p.versionTable), migrate.WithLockWait(wait),
			migrate.WithLogf(func(format string, args ...any) { a.printf(format+"\n", args...) }))
		if err != nil {
			return err
		}
		if err := m.Stamp(ctx, revs...); err != nil {
			return err
		}
		current, err := m.Current(ctx)
		if err != nil {
			return err
		}
		a.printf("stamped: the database is at %s\n", revList(current))
		return nil
	}
}

// lockWait bounds the wait for the migration lock of a run made in this
// process (stamp), as the runner's: SCHEMAGEN_LOCK_WAIT, else lock_wait
// in the config file, else [migrate.DefaultLockWait].
func (a *App) lockWait(p *project) (time.Duration, error) {
	v := a.Getenv("SCHEMAGEN_LOCK_WAIT")
	if v == "" {
		return p.lockWait, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("SCHEMAGEN_LOCK_WAIT=%q is not a duration of zero or more such as 2s or 500ms", v)
	}
	return d, nil
}

func cmdCurrent(fs *flag.FlagSet) runFunc {
	verbose := fs.Bool("v", false, "show each revision's details, as show does")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("current", args); err != nil {
			return err
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		db, err := a.openDB(ctx, p)
		if err != nil {
			return err
		}
		defer db.Close()
		current, err := migrate.ReadVersions(ctx, db, p.versionTable)
		if err != nil {
			return err
		}
		progress, err := migrate.ReadProgress(ctx, db, p.versionTable)
		if err != nil {
			return err
		}
		if progress != nil {
			a.printf("partly applied: %s\n", progress)
		}
		for _, rev := range current {
			if _, ok := st.graph.Node(rev); !ok {
				return &migrate.UnknownRevisionError{Revision: rev}
			}
		}
		if len(current) == 0 {
			if err := migrate.CheckVersionTable(ctx, db, st.graph, p.versionTable); err != nil {
				return err
			}
		}
		if *verbose && len(current) > 0 {
			changes := a.upgradeChanges(p)
			for i, rev := range current {
				if i > 0 {
					a.printf("\n")
				}
				a.showRev(st, rev, changes)
			}
		} else {
			for _, line := range revtext.Current(current, st.graph.Heads(), st.message) {
				a.printf("%s\n", line)
			}
		}
		rep, err := a.fingerprintReport(ctx, p, db, st, current, nil)
		if err != nil {
			// current shows the revision whatever else fails.
			fmt.Fprintf(a.Stderr, "schemagen: warning: the applied migrations were not compared with their files: %v\n", err)
			return nil
		}
		for _, line := range rep.Lines("schemagen") {
			a.printf("%s\n", line)
		}
		return nil
	}
}

func cmdHeads(fs *flag.FlagSet) runFunc {
	verbose := fs.Bool("v", false, "show each head's details, as show does")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("heads", args); err != nil {
			return err
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		var changes func(string) ([]string, error)
		if *verbose {
			changes = a.upgradeChanges(p)
		}
		for i, h := range st.graph.Heads() {
			if !*verbose {
				a.printf("%s (head) %s\n", h, st.message(h))
				continue
			}
			if i > 0 {
				a.printf("\n")
			}
			a.showRev(st, h, changes)
		}
		return nil
	}
}

func cmdHistory(fs *flag.FlagSet) runFunc {
	verbose := fs.Bool("v", false, "show each revision's parents and file")
	rng := fs.String("r", "", "show only the revisions of the `RANGE` LOWER:UPPER (LOWER: or :UPPER; a revision, base, head, heads, current, -N before UPPER, +N after LOWER)")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("history", args); err != nil {
			return err
		}
		var r historyRange
		if *rng != "" {
			var err error
			if r, err = parseHistoryRange(*rng); err != nil {
				return err
			}
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		// Mark the current revision when the database answers; history
		// itself needs no database.
		var current []string
		haveCurrent := false
		if db, err := connect(ctx, p.databaseURL); err == nil {
			var err error
			if current, err = migrate.ReadVersions(ctx, db, p.versionTable); err == nil {
				a.sayTarget(p)
				haveCurrent = true
			}
			db.Close()
		}
		var in map[string]bool
		if *rng != "" {
			if in, err = r.revisions(st, current, haveCurrent); err != nil {
				return err
			}
		}
		files := map[string]string{}
		for _, m := range st.migs {
			files[m.Revision] = m.File
		}
		var revs []revtext.Rev
		for _, rev := range st.graph.Order() {
			if in != nil && !in[rev] {
				continue
			}
			n, _ := st.graph.Node(rev)
			revs = append(revs, revtext.Rev{Revision: rev, Parents: n.Parents, Message: n.Message, File: files[rev], HasChildren: len(st.graph.Children(rev)) > 0})
		}
		for _, line := range revtext.History(revs, current, *verbose) {
			a.printf("%s\n", line)
		}
		return nil
	}
}

// cmdMerge writes the merge revision of the heads. It holds the changes
// of [plan.SettleEnumOrder]: where a database that applied the merged
// branches in another order than graph order would hold an enum's values
// in another order, the merge puts them in graph order on every
// database; otherwise it is empty. Migrations that do not replay (such
// as hand-written SQL that declares no effects, followed by changes to
// what it made) leave the merge empty, with a warning.
//
// Branches whose changes do not compose in every order (one drops a
// column that the other indexes) make the upgrade of some databases fail
// ([plan.UpgradeConflicts]): the merge is written all the same, with a
// warning on stderr for each, and the exit code is 0; a migration that
// makes both orders work, or a rebase of one branch onto the other, is
// the user's to write.
func cmdMerge(fs *flag.FlagSet) runFunc {
	msg := fs.String("m", "", "the merge migration's `MESSAGE`")
	allow := fs.String("allow-hazards", "", "acknowledge these hazard `KINDS` of the merge in the file (comma-separated: data-loss, table-rewrite, long-lock, irreversible-downgrade, or all)")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if len(args) != 1 || args[0] != "heads" {
			return usageErr("usage: schemagen merge [-m MSG] [--allow-hazards KINDS] heads")
		}
		allowed, err := parseHazardKinds(*allow)
		if err != nil {
			return usageErr("--allow-hazards: %v", err)
		}
		st, err := readMigrations(p)
		if err != nil {
			return err
		}
		heads := st.graph.Heads()
		switch len(heads) {
		case 0:
			// Nothing to do is not an error: `make` goes on.
			a.printf("nothing to merge: no revisions\n")
			return nil
		case 1:
			a.printf("nothing to merge: one head (%s)\n", heads[0])
			return nil
		}
		message := *msg
		if message == "" {
			message = "merge " + strings.Join(heads, " and ")
		}
		rev, err := a.newRevisionID(st.graph)
		if err != nil {
			return err
		}
		m := emitter.Migration{Package: st.pkg, Revision: rev, DownRevision: heads, Message: message, AllowHazards: allowed}
		r, recs, err := a.offlineRecords(ctx, p)
		if err != nil {
			// The merge itself needs only the graph: write it, and say
			// what it could not check.
			fmt.Fprintf(a.Stderr, "schemagen: warning: the migrations' changes cannot be read, so the merge cannot check that the branches compose, nor settle the order of enum values: %v\n", err)
			return a.writeMigration(p, m)
		}
		r.Close()
		conflicts, err := plan.UpgradeConflicts(recs)
		if err != nil {
			conflicts = nil // SettleEnumOrder fails too, and says why
		}
		up, err := plan.SettleEnumOrder(recs)
		switch {
		case err != nil && len(conflicts) > 0:
			fmt.Fprintf(a.Stderr, "schemagen: warning: until the branches compose, the merge cannot settle the order of enum values that they may leave in another order on some databases\n")
			up = nil
		case err != nil:
			// The merge itself needs no replay: write it, and say
			// why it cannot settle enum order.
			fmt.Fprintf(a.Stderr, "schemagen: warning: the migrations do not replay, so the merge cannot settle the order of enum values that the branches may leave in another order on some databases: %v\n", err)
			up = nil
		}
		down, ok := change.ReverseAll(up)
		if !ok {
			return errors.New("cannot write a downgrade for the merge")
		}
		m.Upgrade, m.Downgrade = up, down
		if err := a.writeMigration(p, m); err != nil {
			return err
		}
		if len(up) > 0 {
			a.printf("the branches leave the values of %d enum(s) in an order that depends on the order they were applied in; the merge puts them in graph order on every database:\n", len(up))
			a.printChanges(up, false, allowed)
		}
		a.warnConflicts(conflicts)
		return nil
	}
}

// warnConflicts warns, on stderr, of each database that will fail to
// upgrade to the merge because the branches do not compose in the order
// it applies them.
func (a *App) warnConflicts(conflicts []plan.Conflict) {
	for _, c := range conflicts {
		fmt.Fprintf(a.Stderr, "schemagen: warning: the merged branches do not compose: %s will fail to upgrade, at revision %s (%s): %v\n", c.Databases(), c.Revision, c.File, c.Err)
	}
	if len(conflicts) > 0 {
		fmt.Fprintf(a.Stderr, "schemagen: warning: those databases apply the revisions of the branches in an order in which they do not compose; write a migration on one branch that makes every order work, or, instead of this merge, rebase one branch onto the other (delete the merge, and make the other branch's head the down revision of the first revision of the one)\n")
	}
}

// dropVersionSchema leaves the version table's own schema out of live
// when nothing but the version table lives there, so that it never shows
// as a schema to drop.
func dropVersionSchema(live *schema.Schema, vt schema.QualifiedName) {
	s := vt.Schema
	if s == schema.DefaultSchema {
		return
	}
	for _, t := range live.Tables {
		if t.Schema == s {
			return
		}
	}
	live.Schemas = slices.DeleteFunc(live.Schemas, func(n string) bool { return n == s })
}

// refuseEdited refuses an upgrade while migrations applied to the database
// were edited since (see [App.fingerprintReport]; recs are the built
// migrations, or nil), or, when allowEdited, warns of each.
func (a *App) refuseEdited(ctx context.Context, p *project, db *sql.DB, st *migrationsState, recs []migrate.Recorded, allowEdited bool) error {
	current, err := migrate.ReadVersions(ctx, db, p.versionTable)
	if err != nil {
		return err
	}
	rep, err := a.fingerprintReport(ctx, p, db, st, current, recs)
	if err != nil {
		return err
	}
	if len(rep.Edited) == 0 {
		return nil
	}
	if !allowEdited {
		return editedRefusal(rep.Edited)
	}
	for _, e := range rep.Edited {
		fmt.Fprintf(a.Stderr, "schemagen: warning: %s changed since it was applied: the database holds what it said then\n", e)
	}
	return nil
}

// forceFingerprints accepts the edits of the applied migrations revs: the
// built migrations record the fingerprints of their files as they stand
// (migrate.Main's stamp --force-fingerprint).
func (a *App) forceFingerprints(ctx context.Context, p *project, revs []string) error {
	a.sayTarget(p)
	r, _, err := a.buildAndValidate(ctx, p, dbRunner)
	if err != nil {
		return err
	}
	defer r.Close()
	code, err := r.run(ctx, p.databaseURL, p.versionTable, a.Stdout, a.Stderr, append([]string{"stamp", "--force-fingerprint"}, revs...)...)
	if err != nil {
		return err
	}
	if code != 0 {
		return &exitError{code: code}
	}
	return nil
}
