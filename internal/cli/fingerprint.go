package cli

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// The database records a fingerprint of each applied migration's upgrade
// (migrate.Fingerprint); upgrade, current and check compare it with the
// migrations as their files stand. Computing a fingerprint takes the
// recorded changes, so a build of the migrations; so that `upgrade` at its
// target and `current` still build nothing, every build leaves the
// fingerprints it computed in the runner's cache folder, keyed by the
// sources they came from (see sourcesKey), and those verbs use them while
// the sources are unchanged.

// fingerprintsFile is the file in the runner's cache folder that holds
// the fingerprints of the last build.
const fingerprintsFile = "fingerprints.json"

// cachedFingerprints is the content of fingerprintsFile.
type cachedFingerprints struct {
	// Key identifies the sources the fingerprints were computed from.
	Key string `json:"key"`
	// Fingerprints holds each revision's fingerprint.
	Fingerprints map[string]string `json:"fingerprints"`
}

// sourcesKey hashes what the migrations' recorded changes come from, as
// far as schemagen can tell without the go command: the module's go.mod
// and go.sum (which pin schemagen's runtime and every dependency) and
// every Go file of the migrations folder (test files aside), names and
// contents. A migration whose upgrade reads a constant of another package
// of the module is the one case it misses: a verb that builds (check,
// upgrade with work to do) sees that edit.
func sourcesKey(p *project) (string, error) {
	h := sha256.New()
	h.Write([]byte("schemagen fingerprint sources 1\x00"))
	add := func(name, path string) error {
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			b = nil
		} else if err != nil {
			return fmt.Errorf("read %s: %w", relPath(path), err)
		}
		sum := sha256.Sum256(b)
		fmt.Fprintf(h, "%s\x00%x\x00", name, sum)
		return nil
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		if err := add(name, filepath.Join(p.root, name)); err != nil {
			return "", err
		}
	}
	entries, err := os.ReadDir(p.migrationsDir)
	if err != nil {
		return "", fmt.Errorf("read migrations folder: %w", err)
	}
	for _, e := range entries { // sorted by name
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if err := add("migrations/"+name, filepath.Join(p.migrationsDir, name)); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fingerprintCachePath returns where the fingerprints of p's last build
// are kept.
func fingerprintCachePath(p *project) (string, error) {
	importPath, err := p.migrationsImportPath()
	if err != nil {
		return "", err
	}
	cache, err := runnerCacheDir(p.root, importPath)
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, fingerprintsFile), nil
}

// rememberFingerprints keeps the fingerprints of recs, built from the
// sources with key, for [knownFingerprints]. It is a cache: when it
// cannot be written, the next verb that needs the fingerprints builds.
func rememberFingerprints(p *project, key string, recs []migrate.Recorded) {
	fps, err := migrate.FingerprintsOf(recs)
	if err != nil {
		return
	}
	path, err := fingerprintCachePath(p)
	if err != nil {
		return
	}
	b, err := json.Marshal(cachedFingerprints{Key: key, Fingerprints: fps})
	if err != nil {
		return
	}
	// Write and rename, so that a reader never sees half a file.
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
	}
}

// knownFingerprints returns the fingerprints of the last build when its
// sources are p's sources as they stand.
func knownFingerprints(p *project) (map[string]string, bool) {
	key, err := sourcesKey(p)
	if err != nil {
		return nil, false
	}
	path, err := fingerprintCachePath(p)
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var c cachedFingerprints
	if json.Unmarshal(b, &c) != nil || c.Key != key {
		return nil, false
	}
	return c.Fingerprints, true
}

// fingerprintReport compares the fingerprints that the database db
// records with the migrations of the graph g (the database is at current)
// as their files stand: from recs when the caller built the migrations,
// else from the fingerprints of the last build when the sources are
// unchanged since, else from a build of the migrations. Nothing is built
// when no applied migration has a fingerprint to compare. Files are named
// relative to the working directory.
func (a *App) fingerprintReport(ctx context.Context, p *project, db *sql.DB, st *migrationsState, current []string, recs []migrate.Recorded) (migrate.FingerprintReport, error) {
	recorded, err := migrate.ReadFingerprints(ctx, db, p.versionTable)
	if err != nil {
		var pqErr interface{ SQLState() string }
		if errors.As(err, &pqErr) && pqErr.SQLState() == "42501" {
			return migrate.FingerprintReport{}, &unreadableFingerprints{table: migrate.FingerprintTable(p.versionTable), err: err}
		}
		return migrate.FingerprintReport{}, err
	}
	// The graph and the files: from the reading without compiling, or,
	// when a file's metadata needs the compiler, from the build.
	graph, files := (*migrate.Graph)(nil), map[string]string{}
	switch {
	case st != nil:
		graph = st.graph
		for _, m := range st.migs {
			files[m.Revision] = relPath(filepath.Join(p.migrationsDir, m.File))
		}
	case recs != nil:
		if graph, err = migrate.GraphOfRecorded(recs); err != nil {
			return migrate.FingerprintReport{}, err
		}
		for _, r := range recs {
			files[r.Revision] = relPath(filepath.Join(p.migrationsDir, r.File))
		}
	default:
		return migrate.FingerprintReport{}, errors.New("compare fingerprints: no migrations read")
	}
	var now map[string]string
	switch {
	case recs != nil:
		if now, err = migrate.FingerprintsOf(recs); err != nil {
			return migrate.FingerprintReport{}, err
		}
	case !anyRecorded(graph, current, recorded):
		// Nothing to compare: every applied revision is unknown.
		now = map[string]string{}
		for _, rev := range graph.Order() {
			now[rev] = ""
		}
	default:
		var ok bool
		if now, ok = knownFingerprints(p); !ok {
			r, built, err := a.buildAndValidate(ctx, p, offlineRunner)
			if err != nil {
				return migrate.FingerprintReport{}, fmt.Errorf("build the migrations to compare their fingerprints: %w", err)
			}
			r.Close()
			if now, err = migrate.FingerprintsOf(built); err != nil {
				return migrate.FingerprintReport{}, err
			}
		}
	}
	rep := migrate.CompareFingerprints(graph, current, recorded, now)
	for i := range rep.Edited {
		rep.Edited[i].File = files[rep.Edited[i].Revision]
	}
	return rep, nil
}

// anyRecorded reports whether a revision applied on a database at current
// has a recorded fingerprint.
func anyRecorded(g *migrate.Graph, current []string, recorded map[string]string) bool {
	if len(recorded) == 0 {
		return false
	}
	applied := map[string]bool{}
	stack := slices.Clone(current)
	for len(stack) > 0 {
		rev := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if applied[rev] {
			continue
		}
		applied[rev] = true
		if _, ok := recorded[rev]; ok {
			return true
		}
		if n, ok := g.Node(rev); ok {
			stack = append(stack, n.Parents...)
		}
	}
	return false
}

// editedRefusal is the error of an upgrade refused because applied
// migrations were edited since.
func editedRefusal(edited []migrate.EditedMigration) error {
	var b strings.Builder
	fmt.Fprintf(&b, "upgrade refused: %d applied migration(s) changed since they were applied, so the database does not hold what their files now say:", len(edited))
	revs := make([]string, len(edited))
	for i, e := range edited {
		fmt.Fprintf(&b, "\n  %s", e)
		revs[i] = e.Revision
	}
	fmt.Fprintf(&b, "\nrestore each file as it was applied; or, once the database holds what the file now says (or when the edit changes nothing it holds), accept the edit with `schemagen stamp --force-fingerprint %s`; or run `schemagen upgrade --allow-edited` all the same", strings.Join(revs, " "))
	return &exitError{code: ExitError, err: errors.New(b.String())}
}

// editedProblem is check's problem for a migration edited after it was
// applied.
func editedProblem(e migrate.EditedMigration) string {
	return fmt.Sprintf("%s (%s): edited since it was applied to the database, which holds what the file said then: restore the file, or, once the database holds what it now says, accept the edit with `schemagen stamp --force-fingerprint %s`",
		e.File, e.Revision, e.Revision)
}

// unreadableFingerprints reports a fingerprint table that the role may not
// read: a role granted SELECT on the version table before fingerprints
// existed. The verbs that only read go on without the comparison, and say
// so.
type unreadableFingerprints struct {
	table schema.QualifiedName
	err   error
}

func (e *unreadableFingerprints) Error() string {
	return fmt.Sprintf("%v; grant SELECT on %s to the role that reads the version table", e.err, e.table)
}

func (e *unreadableFingerprints) Unwrap() error { return e.err }
