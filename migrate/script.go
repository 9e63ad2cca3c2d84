package migrate

import (
	"fmt"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// script renders as one SQL script what running plan on a database at
// current would do: each migration's statements and its version-table
// update (with its fingerprint, see [Fingerprint]), inside a transaction
// unless the migration runs without one.
// It needs no database, so a DBA can review the script, or run it with
// psql. Go steps ([change.RunGo]) cannot be rendered: they appear as comments.
// vt is the version table's canonical name (see [schema.QualifiedName]).
func script(g *Graph, recs []Recorded, current []string, plan Plan, vt QualifiedName) (string, error) {
	byRev := make(map[string]*Recorded, len(recs))
	for i := range recs {
		byRev[recs[i].Revision] = &recs[i]
	}
	var b strings.Builder
	verb := "downgrade"
	if plan.Up {
		verb = "upgrade"
	}
	fmt.Fprintf(&b, "-- schemagen %s from %s: %d revision(s)\n\n", verb, revisionsOrBase(current), len(plan.Revisions))
	if vt.Schema != schema.DefaultSchema {
		fmt.Fprintf(&b, "CREATE SCHEMA IF NOT EXISTS %s;\n", schema.QuoteIdent(vt.Schema))
	}
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (revision text NOT NULL PRIMARY KEY);\n", schema.QuoteQualified(vt))
	ft := schema.QuoteQualified(FingerprintTable(vt))
	fmt.Fprintf(&b, "%s;\n", fingerprintTableDDL(ft))
	applied := g.ancestors(current...)
	for _, rev := range plan.Revisions {
		rec, ok := byRev[rev]
		if !ok {
			return "", fmt.Errorf("migrate: script: no recorded migration %s", rev)
		}
		changes := rec.Downgrade
		if plan.Up {
			changes = rec.Upgrade
			applied[rev] = true
		} else {
			delete(applied, rev)
		}
		fmt.Fprintf(&b, "\n-- %s %s", rev, rec.Message)
		if rec.NoTransaction {
			b.WriteString(" (outside a transaction)")
		}
		b.WriteString("\n")
		if !rec.NoTransaction {
			b.WriteString("BEGIN;\n")
		}
		for _, c := range changes {
			if _, ok := c.(change.RunGo); ok {
				b.WriteString("-- a Go step (op.Run) runs here when migrations run through schemagen; it has no SQL form\n")
				continue
			}
			stmts, err := change.SQL(c)
			if err != nil {
				return "", err
			}
			for _, s := range stmts {
				b.WriteString(s)
				b.WriteString(";\n")
			}
		}
		if rec.NoTransaction {
			b.WriteString("BEGIN;\n")
		}
		fmt.Fprintf(&b, "DELETE FROM %s;\n", schema.QuoteQualified(vt))
		for _, h := range g.headsOf(applied) {
			fmt.Fprintf(&b, "INSERT INTO %s (revision) VALUES (%s);\n", schema.QuoteQualified(vt), schema.QuoteLiteral(h))
		}
		if plan.Up {
			fp, err := Fingerprint(rec.Upgrade)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(&b, "INSERT INTO %s (revision, fingerprint) VALUES (%s, %s) ON CONFLICT (revision) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, recorded_at = EXCLUDED.recorded_at;\n",
				ft, schema.QuoteLiteral(rev), schema.QuoteLiteral(fp))
		} else {
			fmt.Fprintf(&b, "DELETE FROM %s WHERE revision = %s;\n", ft, schema.QuoteLiteral(rev))
		}
		b.WriteString("COMMIT;\n")
	}
	return b.String(), nil
}

func revisionsOrBase(revs []string) string {
	if len(revs) == 0 {
		return "base"
	}
	return strings.Join(revs, ", ")
}
