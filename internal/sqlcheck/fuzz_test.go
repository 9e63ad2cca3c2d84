package sqlcheck

import (
	"errors"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// The fuzz target runs its seeds with plain go test; fuzz it with
//
//	go test -run '^$' -fuzz '^FuzzFragment$' -fuzztime 60s ./internal/sqlcheck

// maxFuzzInput bounds the fragments the target looks at.
const maxFuzzInput = 2048

// maxMessage bounds the length of any message: the text and PostgreSQL's
// "at or near" text are cut short.
const maxMessage = 512

// FuzzFragment feeds one text to every check. None may panic, every
// message is bounded, and whatever a check accepts, pasted where SQL
// rendering pastes it, makes exactly one statement with exactly one
// action:
//   - an expression as a column default, a check constraint and an index
//     predicate, in parentheses;
//   - a type as the new type of a column and as a column of a new table,
//     with no collation, default or constraint;
//   - an index key among other keys of an index with a predicate.
func FuzzFragment(f *testing.F) {
	for _, tc := range hostile {
		f.Add(tc.text)
	}
	for _, s := range []string{
		"now()", "'a,b'", "nextval('s'::regclass)", "$$x$$", `E'it\'s'`, "status = ANY (ARRAY['a'::text])",
		"numeric(12,2)", "character varying(32)[]", "timestamp(3) with time zone", `"My Type"`, "interval day to second",
		"lower(email)", "name DESC NULLS LAST", "email text_pattern_ops", "(a + b)", `name COLLATE "C"`,
		"int; DROP TABLE s", "int REFERENCES sentinel ON DELETE CASCADE", "int DEFAULT 1", `text COLLATE "C"`,
		"lower(name), (id", "name) WHERE (true", "set null", "1 -- x\n", "/* /* */ */ 1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzInput {
			return
		}
		for name, check := range map[string]func(string) error{"Expr": Expr, "Type": Type, "IndexKey": IndexKey, "Action": Action} {
			err := check(s)
			if err == nil {
				continue
			}
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" || e.Text != s {
				t.Fatalf("%s(%q) = %#v, want an *Error with a message and the text", name, s, err)
			}
			if n := len(err.Error()); n > maxMessage {
				t.Fatalf("%s(%q): message of %d bytes: %s", name, s, n, err)
			}
		}
		if err := Statement(s); err != nil && len(err.Error()) > maxMessage {
			t.Fatalf("Statement(%q): message of %d bytes: %s", s, len(err.Error()), err)
		}
		if Expr(s) == nil {
			oneCommand(t, "ALTER TABLE t ALTER COLUMN c SET DEFAULT ("+s+")", alterTable)
			oneCommand(t, "ALTER TABLE t ADD CONSTRAINT k CHECK ("+s+")", alterTable)
			oneCommand(t, "CREATE INDEX i ON t (a) WHERE ("+s+")", func(n *pg_query.Node) bool {
				ix := n.GetIndexStmt()
				return ix != nil && len(ix.GetIndexParams()) == 1 && ix.GetWhereClause() != nil
			})
		}
		if Type(s) == nil {
			oneCommand(t, "ALTER TABLE t ALTER COLUMN c TYPE "+s, func(n *pg_query.Node) bool {
				if !alterTable(n) {
					return false
				}
				cmd := n.GetAlterTableStmt().GetCmds()[0].GetAlterTableCmd()
				return cmd.GetSubtype() == pg_query.AlterTableType_AT_AlterColumnType && plainColumn(cmd.GetDef())
			})
			oneCommand(t, "CREATE TABLE t (c "+s+")", func(n *pg_query.Node) bool {
				cs := n.GetCreateStmt()
				return cs != nil && len(cs.GetTableElts()) == 1 && plainColumn(cs.GetTableElts()[0])
			})
		}
		if IndexKey(s) == nil {
			oneCommand(t, "CREATE INDEX i ON t (a, "+s+", b) WHERE (true)", func(n *pg_query.Node) bool {
				ix := n.GetIndexStmt()
				return ix != nil && len(ix.GetIndexParams()) == 3 && ix.GetWhereClause() != nil
			})
		}
	})
}

// oneCommand fails t unless sql parses as exactly one statement that ok
// accepts.
func oneCommand(t *testing.T, sql string, ok func(*pg_query.Node) bool) {
	t.Helper()
	tree, err := pg_query.Parse(sql)
	if err != nil {
		t.Fatalf("accepted fragment makes %q, which does not parse: %v", sql, err)
	}
	if n := len(tree.GetStmts()); n != 1 {
		t.Fatalf("accepted fragment makes %q, %d statements", sql, n)
	}
	if !ok(tree.GetStmts()[0].GetStmt()) {
		t.Fatalf("accepted fragment makes %q, which does more than it should: %v", sql, tree.GetStmts()[0])
	}
}

// alterTable reports whether n is an ALTER TABLE with one action.
func alterTable(n *pg_query.Node) bool {
	at := n.GetAlterTableStmt()
	return at != nil && len(at.GetCmds()) == 1
}

// plainColumn reports whether n is a column definition with no
// collation, default, generated expression or constraint.
func plainColumn(n *pg_query.Node) bool {
	cd := n.GetColumnDef()
	return cd != nil && cd.GetTypeName() != nil && cd.GetCollClause() == nil && cd.GetRawDefault() == nil &&
		len(cd.GetConstraints()) == 0 && cd.GetIdentity() == "" && cd.GetGenerated() == "" && cd.GetCompression() == "" && cd.GetStorageName() == ""
}
