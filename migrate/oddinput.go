package migrate

import (
	"context"
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// reservedRevision says why rev cannot be a revision ID, or "" when it
// can: the words and the signs of the target syntax ("base", "head",
// "heads", "+N", "-N", "FROM:TARGET", "REV@-N") would make a target
// naming it mean something else.
func reservedRevision(rev string) string {
	switch {
	case rev == "base" || rev == "head" || rev == "heads":
		return fmt.Sprintf("%q is a target word (base, head, heads)", rev)
	case strings.HasPrefix(rev, "+") || strings.HasPrefix(rev, "-"):
		return fmt.Sprintf("%q starts with %q, the sign of a relative target", rev, rev[:1])
	case strings.ContainsAny(rev, ":@"):
		return fmt.Sprintf("%q holds %q, which targets use (FROM:TARGET, REV@-N)", rev, rev[strings.IndexAny(rev, ":@")])
	case strings.TrimSpace(rev) != rev || strings.ContainsAny(rev, " \t\r\n"):
		return fmt.Sprintf("%q holds white space", rev)
	}
	return ""
}

// ParseVersionTable reads the name of a version table as the settings
// give it ("name" or "schema.name"; see [WithVersionTable]) and returns
// it canonical. It refuses an empty part, a name with more than one dot
// ("a.b.c": a schema holds tables, not schemas), and a name so long that
// PostgreSQL would truncate it.
func ParseVersionTable(s string) (QualifiedName, error) {
	parts := strings.Split(s, ".")
	if len(parts) > 2 {
		return QualifiedName{}, fmt.Errorf("version table %q: want NAME or SCHEMA.NAME, with one dot at most", s)
	}
	for _, p := range parts {
		if p == "" {
			return QualifiedName{}, fmt.Errorf("version table %q: want NAME or SCHEMA.NAME, without an empty part", s)
		}
		if len(p) > schema.MaxIdentifierLength {
			return QualifiedName{}, fmt.Errorf("version table %q: %q is longer than PostgreSQL's %d bytes", s, p, schema.MaxIdentifierLength)
		}
	}
	return schema.ParseQualifiedName(s), nil
}

// VersionTableDroppedError reports a database whose version table is gone
// while its fingerprint table, created with it, still records applied
// revisions: the version table was dropped by hand, and the database
// most likely still holds what those revisions made. Upgrading would
// apply them again (and fail, "relation ... already exists"); stamping
// says where the database is.
type VersionTableDroppedError struct {
	// Table is the version table.
	Table QualifiedName
	// Heads are the revisions of the fingerprint table that no other
	// recorded revision descends from: what the version table held.
	Heads []string
}

// Error implements the error interface.
func (e *VersionTableDroppedError) Error() string {
	return fmt.Sprintf("migrate: the version table %s does not exist, but its fingerprint table %s records applied revisions (the database was at %s): "+
		"it was dropped, and the database still holds what those revisions made; if it does, record where it is with `stamp %s`, then upgrade",
		e.Table, FingerprintTable(e.Table), strings.Join(e.Heads, ", "), strings.Join(e.Heads, " "))
}

// CheckVersionTable returns a [*VersionTableDroppedError] when the
// version table vt does not exist but its fingerprint table records
// revisions of g; nil otherwise.
func CheckVersionTable(ctx context.Context, q Querier, g *Graph, vt QualifiedName) error {
	exists, err := tableExists(ctx, q, vt)
	if err != nil || exists {
		return err
	}
	fps, err := ReadFingerprints(ctx, q, vt)
	if err != nil {
		return err
	}
	recorded := map[string]bool{}
	for rev := range fps {
		if _, ok := g.Node(rev); ok {
			recorded[rev] = true
		}
	}
	if len(recorded) == 0 {
		return nil
	}
	return &VersionTableDroppedError{Table: vt, Heads: g.headsOf(recorded)}
}
