package migrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/change"
)

// HazardError reports a migration that [Migrator.Upgrade] refuses to
// apply, before applying anything, because its upgrade has hazards of
// kinds that nobody acknowledged.
type HazardError struct {
	// Revision is the migration's revision.
	Revision string
	// Pos is where the migration was added to its set, "file.go:12", or
	// its file alone; empty when unknown.
	Pos string
	// Hazards are the hazards that nobody acknowledged, in order.
	Hazards []change.Hazard
}

// Error implements the error interface: it names each hazard and the
// three ways to acknowledge them.
func (e *HazardError) Error() string {
	var b strings.Builder
	b.WriteString("migrate: revision " + e.Revision)
	if e.Pos != "" {
		b.WriteString(" (" + e.Pos + ")")
	}
	b.WriteString(" has hazards that nobody acknowledged, so no migration was applied:")
	var kinds, goNames []string
	for _, h := range e.Hazards {
		b.WriteString("\n\t" + h.String())
		if !slices.Contains(kinds, string(h.Kind)) {
			kinds = append(kinds, string(h.Kind))
			goNames = append(goNames, "migrate."+h.Kind.GoName())
		}
	}
	fmt.Fprintf(&b, "\nreview them, then acknowledge them in the migration (AllowHazards: []migrate.HazardKind{%s}), or for this run with `schemagen upgrade --allow-hazards %s` (or all), or with the option migrate.WithAllowHazards(%s)",
		strings.Join(goNames, ", "), strings.Join(kinds, ","), strings.Join(goNames, ", "))
	return b.String()
}
