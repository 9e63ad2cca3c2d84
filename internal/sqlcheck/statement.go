package sqlcheck

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemagen/schemagen/schema"
)

// wholeCheck checks the definition of an object (one CREATE statement,
// [schema.FragmentStatement]) or the argument list of a function or
// procedure ([schema.FragmentArguments], parsed inside DROP FUNCTION
// f(...)), by PostgreSQL's grammar and then by the runtime's lexical
// check.
func wholeCheck(kind schema.FragmentKind, s string) error {
	msg := textProblem(s)
	if msg == "" {
		msg = wholeTree(kind, s)
	}
	if msg == "" {
		msg = runtimeProblem(kind, s)
	}
	if msg != "" {
		return &Error{Kind: kind, Text: s, Msg: msg}
	}
	return nil
}

func wholeTree(kind schema.FragmentKind, s string) string {
	text := s
	if kind == schema.FragmentArguments {
		text = "DROP FUNCTION f(" + s + ")"
	}
	tree, err := pg_query.Parse(text)
	if err != nil {
		return pgMessage(err)
	}
	stmts := tree.GetStmts()
	if len(stmts) != 1 {
		return "it holds " + strconv.Itoa(len(stmts)) + " statements"
	}
	stmt := stmts[0].GetStmt()
	if kind == schema.FragmentArguments {
		d := stmt.GetDropStmt()
		if d == nil || len(d.GetObjects()) != 1 {
			return "it is more than an argument list"
		}
		return ""
	}
	switch {
	case stmt.GetViewStmt() != nil, stmt.GetCreateFunctionStmt() != nil,
		stmt.GetCreateTrigStmt() != nil, stmt.GetCreatePolicyStmt() != nil, stmt.GetRuleStmt() != nil,
		stmt.GetCreateDomainStmt() != nil, stmt.GetCompositeTypeStmt() != nil, stmt.GetCreateSeqStmt() != nil,
		stmt.GetCreateExtensionStmt() != nil, stmt.GetIndexStmt() != nil, stmt.GetCreateStatsStmt() != nil:
		return ""
	case stmt.GetCreateTableAsStmt().GetObjtype() == pg_query.ObjectType_OBJECT_MATVIEW:
		return ""
	case stmt.GetDefineStmt().GetKind() == pg_query.ObjectType_OBJECT_COLLATION:
		return ""
	}
	return "it is not the CREATE statement of an object schemagen manages by its definition"
}
