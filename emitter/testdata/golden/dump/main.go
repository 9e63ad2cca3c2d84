// Command dump prints the migrations of package migrations as JSON: each
// one with the changes its Upgrade and Downgrade functions record. The
// emitter's tests run it to check that the generated files record the
// changes they were generated from. With the argument "oldformat" it
// prints package oldformat instead, the same migrations as an earlier
// emitter wrote them.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"example.com/golden/migrations"
	"example.com/golden/oldformat"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/migrate"
)

type typedChange struct {
	Type   string
	Change change.Change
}

type migration struct {
	Revision      string
	DownRevision  []string
	Message       string
	NoTransaction bool
	File          string
	Upgrade       []typedChange
	Downgrade     []typedChange
}

func main() {
	set := migrations.Set
	switch {
	case len(os.Args) == 2 && os.Args[1] == "oldformat":
		set = oldformat.Set
	case len(os.Args) != 1:
		fmt.Fprintln(os.Stderr, "usage: dump [oldformat]")
		os.Exit(2)
	}
	if _, err := set.Graph(); err != nil {
		fmt.Fprintln(os.Stderr, "dump:", err)
		os.Exit(1)
	}
	var out []migration
	for _, m := range set.Migrations() {
		out = append(out, migration{
			Revision:      m.Revision,
			DownRevision:  m.DownRevision,
			Message:       m.Message,
			NoTransaction: m.NoTransaction,
			File:          m.File,
			Upgrade:       typed(migrate.Record(m.Upgrade)),
			Downgrade:     typed(migrate.Record(m.Downgrade)),
		})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "\t")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "dump:", err)
		os.Exit(1)
	}
}

func typed(cs []change.Change) []typedChange {
	out := make([]typedChange, 0, len(cs))
	for _, c := range cs {
		out = append(out, typedChange{Type: fmt.Sprintf("%T", c), Change: c})
	}
	return out
}
