package sqlcheck

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemagen/schemagen/schema"
)

// RenameColumns returns s, an expression ([schema.FragmentExpr]) or an
// index key ([schema.FragmentIndexKey]) of one table, with the columns
// that renames maps (old name to new name) renamed, as PostgreSQL renames
// them in check constraints, index keys and predicates and generation
// expressions, which it keeps as trees: ALTER TABLE ... RENAME COLUMN
// changes every reference to the column, and nothing else.
//
// A reference is an unqualified column reference of PostgreSQL's parse
// tree (or an index key that is a bare column); string constants,
// function, type and operator class names, and names qualified by a
// table are left alone. The new name is written as PostgreSQL prints it
// (quote_ident): bare when it is a plain lower-case identifier that is no
// key word (or an unreserved one), in double quotes otherwise. Text
// between the references (spacing, comments, the spelling of everything
// else) is kept as it is, so s comes back unchanged when it names none of
// the columns.
//
// It reports an error when s may name one of the columns and does not
// parse as one thing of its kind.
func RenameColumns(kind schema.FragmentKind, s string, renames map[string]string) (string, error) {
	if !mentionsAny(s, renames) {
		return s, nil
	}
	var prefix, suffix string
	switch kind {
	case schema.FragmentExpr:
		prefix, suffix = exprPrefix, exprSuffix
	case schema.FragmentIndexKey:
		prefix, suffix = indexPrefix, indexSuffix
	case schema.FragmentPartitionKey:
		prefix = keyPrefix
	default:
		return "", fmt.Errorf("sqlcheck: rename columns in %s: only expressions, index keys and partition keys name columns", kind)
	}
	tree, err := pg_query.Parse(prefix + s + suffix)
	if err != nil {
		return "", fmt.Errorf("sqlcheck: rename columns in %s %q: %s", kind, shorten(s, maxText), pgMessage(err))
	}
	scan, err := pg_query.Scan(s)
	if err != nil {
		return "", fmt.Errorf("sqlcheck: rename columns in %s %q: %s", kind, shorten(s, maxText), pgMessage(err))
	}
	var toks []*pg_query.ScanToken
	for _, t := range scan.GetTokens() {
		if !isComment(t) {
			toks = append(toks, t)
		}
	}
	type edit struct {
		at int
		to string
	}
	var edits []edit
	walk(tree.ProtoReflect(), func(m protoreflect.Message) bool {
		switch n := m.Interface().(type) {
		case *pg_query.ColumnRef:
			if f := n.GetFields(); len(f) == 1 && f[0].GetString_() != nil {
				if to, ok := renames[f[0].GetString_().GetSval()]; ok {
					edits = append(edits, edit{at: int(n.GetLocation()) - len(prefix), to: to})
				}
			}
		case *pg_query.PartitionElem:
			// A key that is a bare column has a name, and the location
			// of the key.
			if to, ok := renames[n.GetName()]; ok && n.GetExpr() == nil {
				edits = append(edits, edit{at: int(n.GetLocation()) - len(prefix), to: to})
			}
		case *pg_query.IndexElem:
			// A key that is a bare column has a name and no location: it
			// is the key's first token.
			if to, ok := renames[n.GetName()]; ok && n.GetExpr() == nil && len(toks) > 0 {
				edits = append(edits, edit{at: int(toks[0].GetStart()), to: to})
			}
		}
		return true
	})
	slices.SortFunc(edits, func(a, b edit) int { return b.at - a.at }) // from the end
	out := s
	for _, e := range edits {
		i := slices.IndexFunc(toks, func(t *pg_query.ScanToken) bool { return int(t.GetStart()) == e.at })
		if i < 0 {
			return "", fmt.Errorf("sqlcheck: rename columns in %s %q: no token at offset %d", kind, shorten(s, maxText), e.at)
		}
		out = out[:e.at] + quoteColumn(e.to) + out[toks[i].GetEnd():]
	}
	return out, nil
}

// mentionsAny reports whether s may name a column of renames: whether it
// holds one of the names, case aside (an unquoted identifier is folded
// to lower case) and with its double quotes doubled as a quoted
// identifier writes them, or a Unicode escape (U&"...") that could spell
// one.
func mentionsAny(s string, renames map[string]string) bool {
	lower := strings.ToLower(s)
	if strings.Contains(lower, "u&") {
		return true
	}
	for from := range renames {
		quoted := schema.QuoteIdent(from) // "from" with its quotes doubled
		if strings.Contains(lower, strings.ToLower(quoted[1:len(quoted)-1])) {
			return true
		}
	}
	return false
}

// quoteColumn spells a column name as PostgreSQL's quote_ident does:
// bare when it is a plain lower-case identifier that is no key word or an
// unreserved one, else in double quotes ([schema.QuoteIdent]).
func quoteColumn(name string) string {
	plain := name != ""
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			plain = false
		}
	}
	if plain {
		res, err := pg_query.Scan(name)
		if err != nil || len(res.GetTokens()) != 1 {
			plain = false
		} else if k := res.GetTokens()[0].GetKeywordKind(); k != pg_query.KeywordKind_NO_KEYWORD && k != pg_query.KeywordKind_UNRESERVED_KEYWORD {
			plain = false
		}
	}
	if plain {
		return name
	}
	return schema.QuoteIdent(name)
}
