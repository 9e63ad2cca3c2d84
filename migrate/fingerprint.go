package migrate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// A database remembers, for each migration applied to it, a fingerprint of
// what the migration's upgrade recorded when it ran, so that a migration
// file edited after it was applied is noticed: its upgrade records other
// changes now, and the database does not hold what the file says.
//
// The fingerprints live in a table next to the version table
// ([FingerprintTable]), one row per applied revision, so that branches and
// merges need nothing special: applying a merge records the merge, each
// branch recorded its own revisions. The version table keeps its shape
// (one row per head), so that an older runner, a deployed binary or a
// script that reads it keeps working. A database migrated before
// fingerprints existed has no such rows: its applied migrations are
// "unknown", and the next upgrade that applies a migration records the
// fingerprints of their files as they are then (trust on first use).
// [Migrator.Stamp] records none for the revisions it marks applied (it
// runs nothing), and forgets those of the revisions it marks not applied.

// fingerprintFormat prefixes every fingerprint with the version of its
// canonical form, so that a later form can tell the two apart.
const fingerprintFormat = "v1:"

// FingerprintTable returns the table that records the fingerprint of each
// applied migration (see [Fingerprint]), next to the version table vt (a
// canonical name: see [schema.QualifiedName]): the same schema, and vt's
// name followed by "_fingerprint" (vt's name cut short when the whole would
// exceed PostgreSQL's 63 bytes). The runner creates it with the version
// table; tools that compare a database with its models should leave it
// out, as they leave out the version table.
func FingerprintTable(vt QualifiedName) QualifiedName { return besideVersionTable(vt, "_fingerprint") }

// besideVersionTable names a bookkeeping table next to vt: vt's name, cut
// short at a character boundary when needed, followed by suffix.
func besideVersionTable(vt QualifiedName, suffix string) QualifiedName {
	return QualifiedName{Schema: vt.Schema, Name: schema.IdentifierWithSuffix(vt.Name, suffix)}
}

// Fingerprint returns the fingerprint of a migration whose Upgrade
// recorded upgrade: "v1:" followed by the hex SHA-256 of a canonical JSON
// form of the changes (their encoding by [change.Changes], with object keys
// sorted and members that hold a zero value — "", 0, false, null, [] or
// {} — left out, so that a field added to a change type in a later
// version does not change the fingerprint of a migration that does not
// use it). A Go step ([Op.Run]) counts by its position among the
// changes, not by its code, which has no text to compare. The message,
// the parents, NoTransaction, AllowHazards and the downgrade are not
// part of it: editing them changes nothing that the database holds.
func Fingerprint(upgrade []change.Change) (string, error) {
	b, err := change.Changes(upgrade).MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("migrate: fingerprint: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("migrate: fingerprint: %w", err)
	}
	canon, err := json.Marshal(dropZero(v))
	if err != nil {
		return "", fmt.Errorf("migrate: fingerprint: %w", err)
	}
	sum := sha256.Sum256(canon)
	return fingerprintFormat + hex.EncodeToString(sum[:]), nil
}

// dropZero returns v, decoded JSON, with every object member whose value
// is zero (after its own zero members are dropped) left out. Array
// elements all stay: their positions count.
func dropZero(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			e = dropZero(e)
			if isZeroJSON(e) {
				delete(v, k)
				continue
			}
			v[k] = e
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = dropZero(e)
		}
		return v
	}
	return v
}

func isZeroJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case json.Number:
		return strings.Trim(string(v), "0.-") == "" // 0, 0.0, -0
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// ReadFingerprints returns the fingerprint recorded for each revision in
// the fingerprint table of the version table vt ([FingerprintTable]); nil
// when the table does not exist (a database migrated before fingerprints
// were recorded, or never migrated).
func ReadFingerprints(ctx context.Context, q Querier, vt QualifiedName) (map[string]string, error) {
	ft := FingerprintTable(vt)
	exists, err := tableExists(ctx, q, ft)
	if err != nil || !exists {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT revision, fingerprint FROM "+schema.QuoteQualified(ft))
	if err != nil {
		return nil, fmt.Errorf("migrate: read fingerprint table %s: %w", ft, err)
	}
	defer rows.Close()
	fps := map[string]string{}
	for rows.Next() {
		var rev, fp string
		if err := rows.Scan(&rev, &fp); err != nil {
			return nil, fmt.Errorf("migrate: read fingerprint table %s: %w", ft, err)
		}
		fps[rev] = fp
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrate: read fingerprint table %s: %w", ft, err)
	}
	return fps, nil
}

// EditedMigration is an applied migration whose upgrade records other
// changes now than when it was applied: its file was edited since.
type EditedMigration struct {
	Revision string
	// File is the file that adds the migration ([Migration.File]).
	File string
	// Applied is the fingerprint recorded when the migration was applied
	// (or last accepted with [Migrator.AcceptFingerprints]); Now is the
	// fingerprint of its upgrade as the file stands.
	Applied, Now string
}

// String returns "REV (FILE)".
func (e EditedMigration) String() string {
	if e.File == "" {
		return e.Revision
	}
	return e.Revision + " (" + e.File + ")"
}

// FingerprintReport compares the fingerprints a database recorded with
// its applied migrations as their files stand.
type FingerprintReport struct {
	// Edited lists the applied migrations whose upgrade changed since it
	// was applied, in graph order.
	Edited []EditedMigration
	// Unknown lists the applied revisions that have no fingerprint
	// (applied before schemagen recorded them, or stamped), in graph
	// order; the next upgrade that applies a migration records them.
	Unknown []string
}

// FingerprintsOf returns the fingerprint of each recorded migration's
// upgrade (see [Fingerprint]), by revision.
func FingerprintsOf(recs []Recorded) (map[string]string, error) {
	out := make(map[string]string, len(recs))
	for _, r := range recs {
		fp, err := Fingerprint(r.Upgrade)
		if err != nil {
			return nil, fmt.Errorf("%w (revision %s)", err, r.Revision)
		}
		out[r.Revision] = fp
	}
	return out, nil
}

// CompareFingerprints compares recorded, the fingerprints a database holds
// ([ReadFingerprints]), with now, the fingerprints of the migrations'
// upgrades as their files stand ([FingerprintsOf]), for the revisions of
// g that current (the database's version table) and their ancestors
// name. A revision that now lacks is left out.
func CompareFingerprints(g *Graph, current []string, recorded, now map[string]string) FingerprintReport {
	var rep FingerprintReport
	applied := g.ancestors(current...)
	for _, rev := range g.Order() {
		fp, ok := now[rev]
		if !applied[rev] || !ok {
			continue
		}
		was, ok := recorded[rev]
		switch {
		case !ok:
			rep.Unknown = append(rep.Unknown, rev)
		case was != fp:
			n, _ := g.Node(rev)
			rep.Edited = append(rep.Edited, EditedMigration{Revision: rev, File: n.File, Applied: was, Now: fp})
		}
	}
	return rep
}

// EditedError reports an upgrade refused, before it applied anything,
// because migrations applied to the database were edited since (see
// [Fingerprint]): the database does not hold what their files now say,
// and migrations written on top of the edited files may not apply, or
// may leave a schema that no file describes. [WithAllowEdited] runs the
// upgrade all the same.
type EditedError struct {
	Edited []EditedMigration
}

// Error implements the error interface: it names each edited migration
// and the ways out.
func (e *EditedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migrate: %d applied migration(s) changed since they were applied, so the database does not hold what their files now say; no migration was applied:", len(e.Edited))
	revs := make([]string, len(e.Edited))
	for i, m := range e.Edited {
		b.WriteString("\n\t" + m.String())
		revs[i] = m.Revision
	}
	fmt.Fprintf(&b, "\nrestore each file as it was applied; or, once the database holds what the file now says (or when the edit changes nothing it holds), accept the edit with `stamp --force-fingerprint %s`; or upgrade all the same with --allow-edited", strings.Join(revs, " "))
	return b.String()
}

// WithAllowEdited makes [Migrator.Upgrade] apply migrations although
// migrations applied earlier were edited since (see [EditedError]),
// logging each such migration instead of refusing. Their fingerprints are
// left as they were: the edit is still reported until it is accepted with
// [Migrator.AcceptFingerprints].
func WithAllowEdited() Option {
	return func(c *config) error {
		c.allowEdited = true
		return nil
	}
}

// Fingerprints compares the fingerprints recorded in the database with
// the set's migrations: the applied migrations edited since they were
// applied, and those whose fingerprint is unknown.
func (m *Migrator) Fingerprints(ctx context.Context) (FingerprintReport, error) {
	current, err := ReadVersions(ctx, m.db, m.cfg.versionTable)
	if err != nil {
		return FingerprintReport{}, err
	}
	recorded, err := ReadFingerprints(ctx, m.db, m.cfg.versionTable)
	if err != nil {
		return FingerprintReport{}, err
	}
	return m.compareFingerprints(current, recorded)
}

func (m *Migrator) compareFingerprints(current []string, recorded map[string]string) (FingerprintReport, error) {
	now := map[string]string{}
	for rev := range m.graph.ancestors(current...) {
		if _, ok := m.set.lookup(rev); !ok {
			continue
		}
		fp, err := m.fingerprintOf(rev)
		if err != nil {
			return FingerprintReport{}, err
		}
		now[rev] = fp
	}
	return CompareFingerprints(m.graph, current, recorded, now), nil
}

// fingerprintOf returns the fingerprint of the upgrade of rev, a revision
// of the set.
func (m *Migrator) fingerprintOf(rev string) (string, error) {
	mig, ok := m.set.lookup(rev)
	if !ok {
		return "", fmt.Errorf("migrate: no migration %s", rev)
	}
	fp, err := Fingerprint(Record(mig.Upgrade))
	if err != nil {
		return "", fmt.Errorf("%w (revision %s)", err, rev)
	}
	return fp, nil
}

// AcceptFingerprints records, for each of revs (revisions or unique
// prefixes of applied migrations), the fingerprint of its upgrade as its
// file stands now: it accepts an intended edit of an applied migration,
// which [Migrator.Upgrade] then no longer refuses, nor `current` and
// `check` report. It runs no migration and leaves the version table
// alone; use it once the database holds what the edited file says (or
// when the edit changes nothing the database holds). It returns the full
// revisions, in graph order.
func (m *Migrator) AcceptFingerprints(ctx context.Context, revs ...string) ([]string, error) {
	if len(revs) == 0 {
		return nil, fmt.Errorf("migrate: accept fingerprints: name the revisions whose edit to accept")
	}
	want := map[string]bool{}
	for _, r := range revs {
		rev, err := m.graph.Resolve(r)
		if err != nil {
			return nil, err
		}
		want[rev] = true
	}
	var done []string
	err := m.locked(ctx, func(conn *sql.Conn) error {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate: accept fingerprints: %w", err)
		}
		defer tx.Rollback()
		current, err := ReadVersions(ctx, tx, m.cfg.versionTable)
		if err != nil {
			return err
		}
		applied := m.graph.ancestors(current...)
		for _, rev := range m.graph.Order() {
			if !want[rev] {
				continue
			}
			if !applied[rev] {
				return fmt.Errorf("migrate: accept fingerprints: revision %s is not applied to the database (it is at %s): there is no edit to accept", rev, revisionsOrBase(current))
			}
			done = append(done, rev)
		}
		if err := m.ensureVersionTable(ctx, tx); err != nil {
			return err
		}
		for _, rev := range done {
			fp, err := m.fingerprintOf(rev)
			if err != nil {
				return err
			}
			if err := m.recordFingerprint(ctx, tx, rev, fp); err != nil {
				return fmt.Errorf("migrate: accept fingerprints: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate: accept fingerprints: %w", err)
		}
		for _, rev := range done {
			mig, _ := m.set.lookup(rev)
			m.cfg.logf("recorded the fingerprint of %s (%s) as its file stands now", rev, mig.File)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return done, nil
}

// recordFingerprint records fp as the fingerprint of rev.
func (m *Migrator) recordFingerprint(ctx context.Context, q Querier, rev, fp string) error {
	ft := schema.QuoteQualified(FingerprintTable(m.cfg.versionTable))
	_, err := q.ExecContext(ctx, "INSERT INTO "+ft+` (revision, fingerprint, recorded_at) VALUES ($1, $2, now())
ON CONFLICT (revision) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, recorded_at = EXCLUDED.recorded_at`, rev, fp)
	if err != nil {
		return fmt.Errorf("record the fingerprint of %s: %w", rev, err)
	}
	return nil
}

// forgetFingerprint deletes the fingerprint of rev, a revision no longer
// applied.
func (m *Migrator) forgetFingerprint(ctx context.Context, q Querier, rev string) error {
	ft := schema.QuoteQualified(FingerprintTable(m.cfg.versionTable))
	if _, err := q.ExecContext(ctx, "DELETE FROM "+ft+" WHERE revision = $1", rev); err != nil {
		return fmt.Errorf("delete the fingerprint of %s: %w", rev, err)
	}
	return nil
}

// fingerprintTableDDL creates the fingerprint table ft (quoted).
func fingerprintTableDDL(ft string) string {
	return "CREATE TABLE IF NOT EXISTS " + ft + " (revision text NOT NULL PRIMARY KEY, fingerprint text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())"
}

// checkFingerprints compares the recorded fingerprints with the set
// before a run: an upgrade is refused with an [*EditedError] when an
// applied migration was edited, unless [WithAllowEdited] says otherwise
// (then, as in a downgrade, each is logged). It returns the applied
// revisions whose fingerprint is unknown.
func (m *Migrator) checkFingerprints(ctx context.Context, q Querier, current []string, up bool) ([]string, error) {
	recorded, err := ReadFingerprints(ctx, q, m.cfg.versionTable)
	if err != nil {
		return nil, err
	}
	rep, err := m.compareFingerprints(current, recorded)
	if err != nil {
		return nil, err
	}
	if len(rep.Edited) > 0 {
		if up && !m.cfg.allowEdited {
			return nil, &EditedError{Edited: rep.Edited}
		}
		for _, e := range rep.Edited {
			m.cfg.logf("warning: %s changed since it was applied: the database holds what it said then", e)
		}
	}
	return rep.Unknown, nil
}

// recordUnknown records the fingerprints of revs, applied revisions that
// have none, as their files stand now.
func (m *Migrator) recordUnknown(ctx context.Context, conn *sql.Conn, revs []string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: record fingerprints: %w", err)
	}
	defer tx.Rollback()
	if err := m.ensureVersionTable(ctx, tx); err != nil {
		return err
	}
	for _, rev := range revs {
		fp, err := m.fingerprintOf(rev)
		if err != nil {
			return err
		}
		// DO NOTHING: a fingerprint recorded meanwhile stands.
		ft := schema.QuoteQualified(FingerprintTable(m.cfg.versionTable))
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+ft+" (revision, fingerprint) VALUES ($1, $2) ON CONFLICT (revision) DO NOTHING", rev, fp); err != nil {
			return fmt.Errorf("migrate: record the fingerprint of %s: %w", rev, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: record fingerprints: %w", err)
	}
	m.cfg.logf("recorded the fingerprints of %d applied migration(s) that had none (applied before schemagen recorded them, or stamped), as their files stand now: %s",
		len(revs), strings.Join(revs, ", "))
	return nil
}

// Lines describes the report for `current`: one line per edited
// migration, naming the way to accept the edit with prog's stamp command
// (prog is the command's name, such as "schemagen", or empty), and one
// line for the migrations whose fingerprint is unknown. A clean report
// has no lines.
func (r FingerprintReport) Lines(prog string) []string {
	stamp := "stamp --force-fingerprint"
	if prog != "" {
		stamp = prog + " " + stamp
	}
	var out []string
	for _, e := range r.Edited {
		out = append(out, fmt.Sprintf("edited since applied: %s: the database holds what it said then; restore the file, or accept the edit with `%s %s`", e, stamp, e.Revision))
	}
	if len(r.Unknown) > 0 {
		out = append(out, fmt.Sprintf("fingerprint unknown: %s (applied before schemagen recorded fingerprints, or stamped): the next upgrade that applies a migration records them as their files stand then",
			strings.Join(r.Unknown, ", ")))
	}
	return out
}
