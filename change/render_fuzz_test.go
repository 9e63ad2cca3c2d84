package change_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// hostileFragments are the texts that turned schemagen against its
// database before fragments were checked (issue 10), and their variants.
var hostileFragments = []string{
	"0; DROP TABLE sentinel",
	"0); DROP TABLE sentinel; --",
	"$q$'$q$; COMMIT",
	`E'\''; DROP TABLE s; --`,
	"/* /* */ ; DROP TABLE s */ 1",
	"1) , DROP COLUMN x, ADD CHECK (true",
	"int REFERENCES sentinel",
	"COMMIT",
	"ROLLBACK",
	"BEGIN",
	"1 -- )\n, DROP COLUMN x",
	"E'a'\n'\\' || '; DROP TABLE s; --'",
	`'\' || '; DROP TABLE s; --'`,
	`it\'s; DROP TABLE sentinel; --`,
}

// renderInput is what FuzzRender varies: the SQL text of a column's type
// and default, a check, an index key and predicate, and the values
// rendered as literals, a comment and an enum value.
type renderInput struct {
	typ, def, check, key, pred, comment, value string
}

// renderChanges builds the changes that carry in's texts.
func renderChanges(in renderInput) []change.Change {
	users := schema.QualifiedName{Schema: "public", Name: "users"}
	return []change.Change{
		change.CreateTable{Table: &schema.Table{Schema: "public", Name: "t", Comment: in.comment,
			Columns: []*schema.Column{
				{Name: "id", Type: "int"},
				{Name: "c", Type: in.typ, Default: in.def, Nullable: true, Comment: in.comment},
				{Name: "g", Type: in.typ, Generated: in.check},
			},
			Checks:  []*schema.Check{{Name: "t_ck", Expr: in.check}},
			Indexes: []*schema.Index{{Name: "t_ix", Keys: []string{in.key, "id"}, Where: in.pred}},
		}},
		change.AddColumn{Table: users, Column: &schema.Column{Name: "c", Type: in.typ, Default: in.def, Comment: in.comment}},
		change.AlterColumn{Table: users, From: &schema.Column{Name: "c", Type: "text", Default: "'x'"}, To: &schema.Column{Name: "c", Type: in.typ, Default: in.def}},
		change.AlterColumn{Table: users, From: &schema.Column{Name: "c", Type: in.typ, Default: in.def, Nullable: true}, To: &schema.Column{Name: "c", Type: "text"}},
		change.AddCheck{Table: users, Check: &schema.Check{Name: "ck", Expr: in.check}, NotValid: true},
		change.CreateIndex{Table: users, Index: &schema.Index{Name: "ix", Keys: []string{in.key}, Where: in.pred, Unique: true}},
		change.CreateIndex{Table: users, Index: &schema.Index{Name: "ix", Columns: []string{"a"}, Where: in.pred}, Concurrently: true},
		change.CreateEnum{Enum: &schema.Enum{Schema: "public", Name: "mood", Values: []string{in.value, "a"}}},
		change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{"a"}, To: []string{"a", in.value}},
		change.AlterEnum{Enum: schema.QualifiedName{Schema: "public", Name: "mood"}, From: []string{in.value, "a"}, To: []string{"b", in.value},
			Columns: []change.EnumColumn{{Table: users, Column: "m", Default: in.def, OldDefault: in.check}, {Table: users, Column: "ms", Array: true}}},
		change.SetColumnComment{Table: users, Column: "c", To: in.comment},
		change.SetTableComment{Table: users, To: in.comment},
		change.AddForeignKey{Table: users, ForeignKey: &schema.ForeignKey{Name: "fk", Columns: []string{"a"}, RefSchema: "public", RefTable: "t", RefColumns: []string{"id"}, OnDelete: in.value, OnUpdate: in.pred}},
	}
}

// skeleton returns in with every SQL text replaced by a plain one of the
// same kind, keeping what decides which statements and actions render:
// which texts are empty, and which equal the fixed ones ("text", 'x').
func skeleton(in renderInput) renderInput {
	keep := func(s string, fixed, plain string) string {
		if s == "" || s == fixed {
			return s
		}
		return plain
	}
	return renderInput{
		typ: keep(in.typ, "text", "int8"), def: keep(in.def, "'x'", "0"), check: keep(in.check, "", "true"),
		key: keep(in.key, "", "k"), pred: keep(in.pred, "", "true"),
		comment: in.comment, value: in.value,
	}
}

// FuzzRender renders changes carrying fuzzed SQL texts. SQL refuses a
// change only with a *FragmentError, and only when CheckFragment refuses
// one of its texts. Each statement that SQL renders must parse
// (PostgreSQL's own parser, through pg_query) as exactly one statement of
// the same shape as with plain texts (the same kind, table, actions,
// columns and constraints), or not parse at all, which PostgreSQL refuses
// whole; literals must read back as the values. Its seed corpus is the
// hostile list; fuzz it with
//
//	go test -run '^$' -fuzz '^FuzzRender$' -fuzztime 60s -parallel 2 ./migrate
func FuzzRender(f *testing.F) {
	benign := renderInput{typ: "integer", def: "0", check: "c > 0", key: "lower(email)", pred: "deleted_at IS NULL", comment: "it's", value: "ok"}
	f.Add(benign.typ, benign.def, benign.check, benign.key, benign.pred, benign.comment, benign.value)
	for _, h := range hostileFragments {
		for i := range 7 {
			in := []string{benign.typ, benign.def, benign.check, benign.key, benign.pred, benign.comment, benign.value}
			in[i] = h
			f.Add(in[0], in[1], in[2], in[3], in[4], in[5], in[6])
		}
	}
	f.Fuzz(func(t *testing.T, typ, def, check, key, pred, comment, value string) {
		in := renderInput{typ: typ, def: def, check: check, key: key, pred: pred, comment: comment, value: value}
		if strings.IndexByte(comment+value, 0) >= 0 {
			return // a NUL cannot be sent to PostgreSQL at all
		}
		plain := renderChanges(skeleton(in))
		literals := []string{comment, value, "a", "b"}
		for i, c := range renderChanges(in) {
			accepted := true
			for _, fr := range change.Fragments(c) {
				if schema.CheckFragment(fr) != nil {
					accepted = false
				}
			}
			stmts, err := change.SQL(c)
			if err != nil {
				var fe *schema.FragmentError
				if accepted || !errors.As(err, &fe) {
					t.Fatalf("SQL(%s): %v", change.Describe(c), err)
				}
				continue
			}
			// A refused text that SQL does not render (the old type of
			// an altered column) lets it render the rest, which the
			// checks below hold to as well.
			want, err := change.SQL(plain[i])
			if err != nil {
				t.Fatalf("SQL(%s) with plain texts: %v", change.Describe(plain[i]), err)
			}
			if len(stmts) != len(want) {
				t.Fatalf("SQL(%s) renders %d statements, %d with plain texts:\n%s", change.Describe(c), len(stmts), len(want), strings.Join(stmts, "\n"))
			}
			for j, stmt := range stmts {
				res, err := pg_query.Parse(stmt)
				if err != nil {
					continue // PostgreSQL refuses the whole string: nothing runs
				}
				if len(res.Stmts) != 1 {
					t.Fatalf("%s renders %d statements in one:\n%s", change.Describe(c), len(res.Stmts), stmt)
				}
				wantRes, err := pg_query.Parse(want[j])
				if err != nil || len(wantRes.Stmts) != 1 {
					t.Fatalf("plain statement does not parse as one: %v\n%s", err, want[j])
				}
				got, wantShape := shape(res.Stmts[0].Stmt), shape(wantRes.Stmts[0].Stmt)
				if got != wantShape {
					t.Fatalf("%s: the texts change the statement's shape:\n%s\ngot  %s\nwant %s", change.Describe(c), stmt, got, wantShape)
				}
				for _, v := range literalsOf(res.Stmts[0].Stmt) {
					if !slices.Contains(literals, v) {
						t.Fatalf("%s: literal %q reads back as none of %q:\n%s", change.Describe(c), v, literals, stmt)
					}
				}
			}
		}
	})
}

// shape summarizes a statement as far as the fragments in it must not
// change it: its kind, table, actions, columns and their constraints,
// table constraints, index keys and options.
func shape(n *pg_query.Node) string {
	var b strings.Builder
	column := func(cd *pg_query.ColumnDef) {
		fmt.Fprintf(&b, " column %s constraints[", cd.GetColname())
		for _, c := range cd.GetConstraints() {
			fmt.Fprintf(&b, "%s ", c.GetConstraint().GetContype())
		}
		fmt.Fprintf(&b, "] collate=%v", cd.GetCollClause() != nil)
	}
	switch {
	case n.GetAlterTableStmt() != nil:
		s := n.GetAlterTableStmt()
		fmt.Fprintf(&b, "ALTER TABLE %s.%s", s.GetRelation().GetSchemaname(), s.GetRelation().GetRelname())
		for _, c := range s.GetCmds() {
			cmd := c.GetAlterTableCmd()
			fmt.Fprintf(&b, "; %s %s", cmd.GetSubtype(), cmd.GetName())
			if cd := cmd.GetDef().GetColumnDef(); cd != nil {
				column(cd)
			}
			if con := cmd.GetDef().GetConstraint(); con != nil {
				fmt.Fprintf(&b, " %s %s", con.GetContype(), con.GetConname())
			}
		}
	case n.GetCreateStmt() != nil:
		s := n.GetCreateStmt()
		fmt.Fprintf(&b, "CREATE TABLE %s.%s inherits=%d options=%d partition=%v", s.GetRelation().GetSchemaname(), s.GetRelation().GetRelname(),
			len(s.GetInhRelations()), len(s.GetOptions()), s.GetPartspec() != nil)
		for _, e := range s.GetTableElts() {
			if cd := e.GetColumnDef(); cd != nil {
				column(cd)
			} else if con := e.GetConstraint(); con != nil {
				fmt.Fprintf(&b, "; %s %s", con.GetContype(), con.GetConname())
			} else {
				fmt.Fprintf(&b, "; %T", e.GetNode())
			}
		}
	case n.GetIndexStmt() != nil:
		s := n.GetIndexStmt()
		fmt.Fprintf(&b, "CREATE INDEX %s ON %s.%s unique=%v concurrent=%v keys=%d include=%d options=%d where=%v",
			s.GetIdxname(), s.GetRelation().GetSchemaname(), s.GetRelation().GetRelname(), s.GetUnique(), s.GetConcurrent(),
			len(s.GetIndexParams()), len(s.GetIndexIncludingParams()), len(s.GetOptions()), s.GetWhereClause() != nil)
	case n.GetCommentStmt() != nil:
		fmt.Fprintf(&b, "COMMENT ON %s", n.GetCommentStmt().GetObjtype())
	case n.GetCreateEnumStmt() != nil:
		fmt.Fprintf(&b, "CREATE TYPE AS ENUM (%d values)", len(n.GetCreateEnumStmt().GetVals()))
	case n.GetDoStmt() != nil:
		b.WriteString("DO " + plpgsqlShape(n.GetDoStmt()))
	default:
		fmt.Fprintf(&b, "%T", n.GetNode())
	}
	return b.String()
}

// plpgsqlShape returns the kinds of the PL/pgSQL statements of a DO
// block's body, in order (or the parser's error): texts that break out of
// a literal inside the body change them.
func plpgsqlShape(do *pg_query.DoStmt) string {
	var body string
	for _, a := range do.GetArgs() {
		if d := a.GetDefElem(); d.GetDefname() == "as" {
			body = d.GetArg().GetString_().GetSval()
		}
	}
	js, err := pg_query.ParsePlPgSqlToJSON("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS '" + strings.ReplaceAll(body, "'", "''") + "'")
	if err != nil {
		return "body does not parse: " + err.Error()
	}
	return strings.Join(plpgsqlStmt.FindAllString(js, -1), " ")
}

var plpgsqlStmt = regexp.MustCompile(`"PLpgSQL_stmt_\w+"`)

// literalsOf returns the string values that a statement sets: comments
// and enum values.
func literalsOf(n *pg_query.Node) []string {
	switch {
	case n.GetCommentStmt() != nil:
		if c := n.GetCommentStmt().GetComment(); c != "" {
			return []string{c}
		}
	case n.GetCreateEnumStmt() != nil:
		var out []string
		for _, v := range n.GetCreateEnumStmt().GetVals() {
			out = append(out, v.GetString_().GetSval())
		}
		return out
	case n.GetAlterEnumStmt() != nil:
		s := n.GetAlterEnumStmt()
		out := []string{s.GetNewVal()}
		if s.GetNewValNeighbor() != "" {
			out = append(out, s.GetNewValNeighbor())
		}
		return out
	}
	return nil
}
