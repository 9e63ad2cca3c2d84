package sqlcheck

import (
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemagen/schemagen/schema"
)

// Definition checks def, the definition of an object of kind (see
// [schema.Object]): it must be exactly one statement, and that statement
// must create an object of that kind (CREATE [OR REPLACE] VIEW for a
// view, CREATE FUNCTION for a function, ...). Text that holds a second
// statement, or a statement of another kind, is refused.
func Definition(kind schema.ObjectKind, def string) error {
	stmt, err := oneStatement(def)
	if err != nil {
		return fmt.Errorf("%s definition %s: %w", kind, Quote(def), err)
	}
	if got := statementKind(stmt); got != kind {
		msg := "it is no CREATE statement of " + article(kind)
		if got != "" {
			msg = "it creates " + article(got) + ", not " + article(kind)
		}
		return fmt.Errorf("%s definition %s: %s", kind, Quote(def), msg)
	}
	return nil
}

// MaterializedViewWithoutData returns def, the definition of a
// materialized view, rewritten to create it WITH NO DATA: its query is
// not run, and the server stores the same definition. The text is
// PostgreSQL's deparser's, not def's.
func MaterializedViewWithoutData(def string) (string, error) {
	tree, err := pg_query.Parse(def)
	if err != nil {
		return "", fmt.Errorf("parse materialized view definition: %w", err)
	}
	if len(tree.GetStmts()) != 1 {
		return "", errors.New("parse materialized view definition: not one statement")
	}
	ctas := tree.GetStmts()[0].GetStmt().GetCreateTableAsStmt()
	if ctas == nil || ctas.GetObjtype() != pg_query.ObjectType_OBJECT_MATVIEW || ctas.GetInto() == nil {
		return "", errors.New("parse materialized view definition: not CREATE MATERIALIZED VIEW")
	}
	ctas.GetInto().SkipData = true
	out, err := pg_query.Deparse(tree)
	if err != nil {
		return "", fmt.Errorf("deparse materialized view definition: %w", err)
	}
	return out, nil
}

// oneStatement parses s, which must be one statement.
func oneStatement(s string) (*pg_query.Node, error) {
	tree, err := pg_query.Parse(s)
	if err != nil {
		return nil, errors.New(pgMessage(err))
	}
	switch n := len(tree.GetStmts()); n {
	case 1:
		return tree.GetStmts()[0].GetStmt(), nil
	case 0:
		return nil, errors.New("it is empty")
	default:
		return nil, errors.New("it holds a second statement")
	}
}

// statementKind returns the kind of object that stmt creates, or "".
func statementKind(stmt *pg_query.Node) schema.ObjectKind {
	switch n := stmt.GetNode().(type) {
	case *pg_query.Node_CreateExtensionStmt:
		return schema.KindExtension
	case *pg_query.Node_ViewStmt:
		return schema.KindView
	case *pg_query.Node_CreateTableAsStmt:
		if n.CreateTableAsStmt.GetObjtype() == pg_query.ObjectType_OBJECT_MATVIEW && !n.CreateTableAsStmt.GetIsSelectInto() {
			return schema.KindMaterializedView
		}
	case *pg_query.Node_CreateFunctionStmt:
		if n.CreateFunctionStmt.GetIsProcedure() {
			return schema.KindProcedure
		}
		return schema.KindFunction
	case *pg_query.Node_CreateTrigStmt:
		return schema.KindTrigger
	case *pg_query.Node_CreatePolicyStmt:
		return schema.KindPolicy
	case *pg_query.Node_RuleStmt:
		return schema.KindRule
	case *pg_query.Node_CreateDomainStmt:
		return schema.KindDomain
	case *pg_query.Node_CompositeTypeStmt:
		return schema.KindCompositeType
	case *pg_query.Node_CreateSeqStmt:
		return schema.KindSequence
	case *pg_query.Node_IndexStmt:
		return schema.KindIndex
	case *pg_query.Node_CreateStatsStmt:
		return schema.KindStatistics
	case *pg_query.Node_DefineStmt:
		if n.DefineStmt.GetKind() == pg_query.ObjectType_OBJECT_COLLATION {
			return schema.KindCollation
		}
	}
	return ""
}

// FunctionName returns the name of the function or procedure that def,
// its definition, creates, as written: Schema is empty when the name is
// unqualified.
func FunctionName(def string) (schema.QualifiedName, error) {
	stmt, err := oneStatement(def)
	if err != nil {
		return schema.QualifiedName{}, fmt.Errorf("function definition %s: %w", Quote(def), err)
	}
	fs := stmt.GetCreateFunctionStmt()
	if fs == nil {
		return schema.QualifiedName{}, fmt.Errorf("function definition %s: it is no CREATE FUNCTION or CREATE PROCEDURE", Quote(def))
	}
	var parts []string
	for _, n := range fs.GetFuncname() {
		parts = append(parts, n.GetString_().GetSval())
	}
	switch len(parts) {
	case 1:
		return schema.QualifiedName{Name: parts[0]}, nil
	case 2:
		return schema.QualifiedName{Schema: parts[0], Name: parts[1]}, nil
	}
	return schema.QualifiedName{}, fmt.Errorf("function definition %s: a name of %d parts", Quote(def), len(parts))
}

// article returns kind with its indefinite article: "a view", "an index";
// "an object of no kind" for an empty kind.
func article(kind schema.ObjectKind) string {
	if kind == "" {
		return "an object of no kind"
	}
	if strings.ContainsAny(string(kind)[:1], "aeiou") {
		return "an " + string(kind)
	}
	return "a " + string(kind)
}
