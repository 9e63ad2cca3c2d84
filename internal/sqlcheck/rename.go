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
	case schema.FragmentExclusion:
		prefix, suffix = exclPrefix, exclSuffix
	case schema.FragmentPartitionKey:
		prefix = keyPrefix
	default:
		return "", fmt.Errorf("sqlcheck: rename columns in %s: only expressions, index keys, exclusion constraints and partition keys name columns", kind)
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
	named := map[string]bool{} // bare columns of an exclusion constraint
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
			if _, ok := renames[n.GetName()]; ok && n.GetExpr() == nil && kind == schema.FragmentExclusion {
				named[n.GetName()] = true
			} else if to, ok := renames[n.GetName()]; ok && n.GetExpr() == nil && len(toks) > 0 {
				edits = append(edits, edit{at: int(toks[0].GetStart()), to: to})
			}
		case *pg_query.Constraint:
			for _, inc := range n.GetIncluding() {
				if _, ok := renames[inc.GetString_().GetSval()]; ok {
					named[inc.GetString_().GetSval()] = true
				}
			}
		}
		return true
	})
	// The bare columns of an exclusion constraint's elements and of its
	// INCLUDE have no location: they are the identifier tokens that
	// spell them, other than a method (after USING), a function (before
	// "(") and a qualified name's parts.
	for i, t := range toks {
		name, ok := identName(s, t)
		if !ok || !named[name] || slices.ContainsFunc(edits, func(e edit) bool { return e.at == int(t.GetStart()) }) {
			continue
		}
		if i > 0 && (toks[i-1].GetToken() == pg_query.Token_USING || toks[i-1].GetToken() == pg_query.Token_ASCII_46) {
			continue
		}
		if i+1 < len(toks) && (toks[i+1].GetToken() == pg_query.Token_ASCII_40 || toks[i+1].GetToken() == pg_query.Token_ASCII_46) {
			continue
		}
		edits = append(edits, edit{at: int(t.GetStart()), to: renames[name]})
	}
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

// identName returns the name that token t of s spells when it is an
// identifier or a key word: a quoted identifier without its quotes, an
// unquoted one folded to lower case.
func identName(s string, t *pg_query.ScanToken) (string, bool) {
	if t.GetToken() != pg_query.Token_IDENT && t.GetKeywordKind() == pg_query.KeywordKind_NO_KEYWORD {
		return "", false
	}
	text := s[t.GetStart():t.GetEnd()]
	switch {
	case strings.HasPrefix(text, `"`) && strings.HasSuffix(text, `"`) && len(text) >= 2:
		return strings.ReplaceAll(text[1:len(text)-1], `""`, `"`), true
	case strings.HasPrefix(strings.ToLower(text), "u&"):
		return "", false
	}
	return strings.ToLower(text), true
}

// ExclusionColumns returns the columns that the definition of an
// exclusion constraint ([schema.FragmentExclusion]) names: its elements'
// bare columns, the unqualified column references of its expressions and
// predicate, and its INCLUDE columns, each once.
func ExclusionColumns(def string) ([]string, error) {
	tree, err := pg_query.Parse(exclPrefix + def + exclSuffix)
	if err != nil {
		return nil, fmt.Errorf("sqlcheck: read exclusion constraint %q: %s", shorten(def, maxText), pgMessage(err))
	}
	var out []string
	add := func(n string) {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	walk(tree.ProtoReflect(), func(m protoreflect.Message) bool {
		switch n := m.Interface().(type) {
		case *pg_query.ColumnRef:
			if f := n.GetFields(); len(f) == 1 && f[0].GetString_() != nil {
				add(f[0].GetString_().GetSval())
			}
		case *pg_query.IndexElem:
			if n.GetExpr() == nil {
				add(n.GetName())
			}
		case *pg_query.Constraint:
			for _, inc := range n.GetIncluding() {
				add(inc.GetString_().GetSval())
			}
		}
		return true
	})
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
