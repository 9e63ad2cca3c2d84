package parser

import "github.com/schemagen/schemagen/internal/sqlcheck"

// fragmentKind says which check of package sqlcheck a fragment takes.
type fragmentKind int

const (
	fragmentExpr fragmentKind = iota
	fragmentType
	fragmentIndexKey
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
	kind fragmentKind
	text string
}

// check returns the error of sqlcheck.Expr, Type or IndexKey on text.
func (fc *fragmentChecker) check(kind fragmentKind, text string) error {
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
func checkFragment(kind fragmentKind, text string) error {
	switch kind {
	case fragmentType:
		return sqlcheck.Type(text)
	case fragmentIndexKey:
		return sqlcheck.IndexKey(text)
	}
	return sqlcheck.Expr(text)
}
