// nonliteral: a revision that is not a literal, which history, heads and
// merge cannot read without compiling
package migrations

import "github.com/schemagen/schemagen/migrate"

const rev = "20260201000000"

func init() {
	Set.Add(migrate.Migration{
		Revision:     rev, // want `Revision: rev is not a literal; schemagen reads migrations without compiling them`
		DownRevision: []string{"20260101000000"},
		Message:      "nonliteral",
	})
}
