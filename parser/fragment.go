package parser

import (
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/migrate"
)

// fragmentChecker checks the SQL fragments of models with package
// sqlcheck, each distinct text of a kind once: models repeat their types
// and defaults, and each check runs PostgreSQL's parser. The zero value
// is ready to use; a nil *fragmentChecker checks without remembering. It
// is not safe for concurrent use.
type fragmentChecker struct {
	memo map[fragmentKey]error
}

// fragmentKey is a fragment as the memo of a [fragmentChecker] keys it.
type fragmentKey struct {
	kind migrate.FragmentKind
	text string
}

// check returns the error of sqlcheck.Fragment on text as kind.
func (fc *fragmentChecker) check(kind migrate.FragmentKind, text string) error {
	if fc == nil {
		return checkFragment(kind, text)
	}
	k := fragmentKey{kind, text}
	if err, ok := fc.memo[k]; ok {
		return err
	}
	err := checkFragment(kind, text)
	if fc.memo == nil {
		fc.memo = map[fragmentKey]error{}
	}
	fc.memo[k] = err
	return err
}

// checkFragment runs the check of kind on text.
func checkFragment(kind migrate.FragmentKind, text string) error {
	return sqlcheck.Fragment(migrate.Fragment{Kind: kind, Text: text})
}
