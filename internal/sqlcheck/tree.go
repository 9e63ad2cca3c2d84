package sqlcheck

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemagen/schemagen/schema"
)

// Wrappers put a fragment where PostgreSQL's grammar takes one thing of
// its kind; the fragment goes between prefix and suffix.
const (
	exprPrefix  = "SELECT ("
	exprSuffix  = ")"
	typePrefix  = "SELECT CAST(NULL AS "
	typeSuffix  = ")"
	indexPrefix = "CREATE INDEX x ON t ("
	indexSuffix = ")"
	exclPrefix  = "ALTER TABLE t ADD CONSTRAINT x EXCLUDE "
	exclSuffix  = ""
	keyPrefix   = "CREATE TABLE t () PARTITION BY "
	boundPrefix = "CREATE TABLE t PARTITION OF p "
)

// checkTree parses s inside the wrapper of kind and reports a tree that
// holds anything but one thing of that kind.
func checkTree(kind schema.FragmentKind, s string) string {
	var prefix, suffix string
	switch kind {
	case schema.FragmentExpr:
		prefix, suffix = exprPrefix, exprSuffix
	case schema.FragmentType:
		prefix, suffix = typePrefix, typeSuffix
	case schema.FragmentIndexKey:
		prefix, suffix = indexPrefix, indexSuffix
	case schema.FragmentExclusion:
		prefix, suffix = exclPrefix, exclSuffix
	case schema.FragmentPartitionKey:
		prefix = keyPrefix
	case schema.FragmentPartitionBound:
		prefix = boundPrefix
	default:
		return "no check knows this kind"
	}
	tree, err := pg_query.Parse(prefix + s + suffix)
	if err != nil {
		return pgMessage(err)
	}
	stmts := tree.GetStmts()
	if len(stmts) != 1 {
		return fmt.Sprintf("it makes %d statements of one", len(stmts))
	}
	stmt := stmts[0].GetStmt()
	var node proto.Message
	switch kind {
	case schema.FragmentExpr, schema.FragmentType:
		val, msg := selectTarget(stmt)
		if msg != "" {
			return msg
		}
		if kind == schema.FragmentType {
			tc := val.GetTypeCast()
			if tc == nil || !tc.GetArg().GetAConst().GetIsnull() || tc.GetTypeName() == nil {
				return "it is more than a type name"
			}
			if tc.GetTypeName().GetSetof() {
				return "SETOF makes no column type"
			}
			node = tc.GetTypeName()
		} else {
			node = val
		}
	case schema.FragmentIndexKey:
		ix := stmt.GetIndexStmt()
		if ix == nil || len(ix.GetIndexParams()) != 1 || ix.GetWhereClause() != nil || len(ix.GetIndexIncludingParams()) != 0 || len(ix.GetOptions()) != 0 {
			return "it is more than an index key"
		}
		elem := ix.GetIndexParams()[0].GetIndexElem()
		if elem == nil {
			return "it is more than an index key"
		}
		node = elem
	case schema.FragmentPartitionKey, schema.FragmentPartitionBound:
		cs := stmt.GetCreateStmt()
		if cs == nil || len(cs.GetOptions()) != 0 || cs.GetOncommit() != pg_query.OnCommitAction_ONCOMMIT_NOOP ||
			cs.GetTablespacename() != "" || cs.GetAccessMethod() != "" || len(cs.GetTableElts()) != 0 {
			return "it is more than a partition " + map[bool]string{true: "key", false: "bound"}[kind == schema.FragmentPartitionKey]
		}
		if kind == schema.FragmentPartitionKey {
			if cs.GetPartspec() == nil || cs.GetPartbound() != nil {
				return "it is more than a partition key"
			}
			node = cs.GetPartspec()
		} else {
			if cs.GetPartbound() == nil || cs.GetPartspec() != nil {
				return "it is more than a partition bound"
			}
			node = cs.GetPartbound()
		}
	case schema.FragmentExclusion:
		at := stmt.GetAlterTableStmt()
		if at == nil || len(at.GetCmds()) != 1 {
			return "it is more than an exclusion constraint"
		}
		con := at.GetCmds()[0].GetAlterTableCmd().GetDef().GetConstraint()
		if con == nil || con.GetContype() != pg_query.ConstrType_CONSTR_EXCLUSION {
			return "it is more than an exclusion constraint"
		}
		if con.GetDeferrable() || con.GetInitdeferred() || con.GetSkipValidation() {
			return "DEFERRABLE, INITIALLY and NOT VALID are not part of the definition (see schema.Exclusion)"
		}
		node = con
	default:
		return "no check knows this kind"
	}
	return checkNodes(node)
}

// checkAlone reports a fragment that PostgreSQL parses as a statement
// when it stands alone, such as COMMIT, which the grammar also reads as a
// column or a type of that name, or "release x", also a column with an
// operator class: text that could run as a statement of its own is
// refused, should it ever be sent alone. first is the first token of s
// that is no comment; every statement starts with a keyword or "(", so
// other fragments are not parsed again.
func checkAlone(s string, first *pg_query.ScanToken) string {
	if first == nil || (first.GetKeywordKind() == pg_query.KeywordKind_NO_KEYWORD && first.GetToken() != pg_query.Token_ASCII_40) {
		return ""
	}
	tree, err := pg_query.Parse(s)
	if err != nil || len(tree.GetStmts()) == 0 {
		return ""
	}
	return fmt.Sprintf("alone, it is a statement (%s); write a column or type of that name in double quotes", strings.ToUpper(s[first.GetStart():first.GetEnd()]))
}

// selectTarget returns the one target of a SELECT with no other clause.
func selectTarget(stmt *pg_query.Node) (*pg_query.Node, string) {
	sel := stmt.GetSelectStmt()
	if sel == nil || sel.GetOp() != pg_query.SetOperation_SETOP_NONE || sel.GetIntoClause() != nil ||
		len(sel.GetDistinctClause()) != 0 || len(sel.GetFromClause()) != 0 || sel.GetWhereClause() != nil ||
		len(sel.GetGroupClause()) != 0 || sel.GetHavingClause() != nil || len(sel.GetWindowClause()) != 0 ||
		len(sel.GetValuesLists()) != 0 || len(sel.GetSortClause()) != 0 || sel.GetLimitOffset() != nil ||
		sel.GetLimitCount() != nil || len(sel.GetLockingClause()) != 0 || sel.GetWithClause() != nil {
		return nil, "it is more than one expression"
	}
	if len(sel.GetTargetList()) != 1 {
		return nil, "it is a list"
	}
	rt := sel.GetTargetList()[0].GetResTarget()
	if rt == nil || rt.GetName() != "" || rt.GetVal() == nil {
		return nil, "it is more than one expression"
	}
	return rt.GetVal(), ""
}

// checkNodes reports a subquery or a parameter anywhere in the tree of m.
func checkNodes(m proto.Message) string {
	msg := ""
	walk(m.ProtoReflect(), func(m protoreflect.Message) bool {
		switch m.Interface().(type) {
		case *pg_query.SubLink:
			msg = "it holds a subquery, which PostgreSQL refuses in defaults, check constraints, generated columns and indexes"
		case *pg_query.ParamRef:
			msg = "it holds a parameter ($n), which has no value here"
		}
		return msg == ""
	})
	return msg
}

// walk calls visit for m and every message below it, depth first, until
// visit returns false; it reports whether the walk went to the end.
func walk(m protoreflect.Message, visit func(protoreflect.Message) bool) bool {
	if !visit(m) {
		return false
	}
	ok := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := range l.Len() {
				if !walk(l.Get(i).Message(), visit) {
					ok = false
					return false
				}
			}
		case fd.IsMap():
			if fd.MapValue().Message() == nil {
				break
			}
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				ok = walk(mv.Message(), visit)
				return ok
			})
			if !ok {
				return false
			}
		case fd.Message() != nil:
			if !walk(v.Message(), visit) {
				ok = false
				return false
			}
		}
		return true
	})
	return ok
}
