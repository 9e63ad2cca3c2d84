package sqlcheck

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// hostile are fragments that try to end the statement they are pasted
// into, or to add to it. Every check must refuse each of them; wantMsg is
// a part of the message of [Expr].
var hostile = []struct {
	name    string
	text    string
	wantMsg string
}{
	{name: "second statement", text: "0; DROP TABLE sentinel", wantMsg: "it holds a second statement"},
	{name: "closing parenthesis and a comment", text: "0); DROP TABLE sentinel; --", wantMsg: `its ")" at offset 1 closes a bracket opened outside it`},
	{name: "actions added to the ALTER TABLE", text: "1) , DROP COLUMN x, ADD CHECK (true", wantMsg: `its ")" at offset 1 closes a bracket opened outside it`},
	{name: "dollar quote around a quote", text: "$q$'$q$; DROP TABLE sentinel", wantMsg: "it holds a second statement"},
	{name: "dollar quote then COMMIT", text: "$$a$$; COMMIT", wantMsg: "it holds a second statement"},
	{name: "escaped quote in an E string", text: `E'\''; DROP TABLE sentinel; --`, wantMsg: "it holds a second statement"},
	{name: "statement after a nested comment", text: "/* /* */ */ 1; DROP TABLE sentinel", wantMsg: "it holds a second statement"},
	{name: "unterminated nested comment", text: "/* /* */ 1; DROP TABLE sentinel", wantMsg: "unterminated /* comment"},
	{name: "comment hiding the closing parenthesis", text: "0 -- )", wantMsg: "its -- comment runs to its end"},
	{name: "comment hiding a closing parenthesis after a newline", text: "(0 -- )\n", wantMsg: `its "(" at offset 0 is never closed`},
	{name: "unclosed parenthesis", text: "lower(name", wantMsg: `its "(" at offset 5 is never closed`},
	{name: "stray closing parenthesis", text: "a)", wantMsg: `its ")" at offset 1 closes a bracket opened outside it`},
	{name: "mismatched brackets", text: "a[1)", wantMsg: `its ")" at offset 3 does not match the "[" at offset 1`},
	{name: "COMMIT", text: "COMMIT", wantMsg: `alone, it is a statement (COMMIT)`},
	{name: "ROLLBACK", text: " rollback /* x */", wantMsg: `alone, it is a statement (ROLLBACK)`},
	{name: "BEGIN", text: "BEGIN", wantMsg: `alone, it is a statement (BEGIN)`},
	{name: "ABORT", text: "abort", wantMsg: `alone, it is a statement (ABORT)`},
	{name: "CHECKPOINT", text: "CHECKPOINT", wantMsg: `alone, it is a statement (CHECKPOINT)`},
	{name: "END", text: "END", wantMsg: `syntax error at or near "END"`},
	{name: "several statements", text: "1; COMMIT; DROP TABLE s", wantMsg: "it holds a second statement"},
	{name: "trailing semicolon", text: "now();", wantMsg: "it ends with a semicolon"},
	{name: "backslash string read otherwise with standard_conforming_strings off", text: `'a\' || '; DROP TABLE sentinel; --'`, wantMsg: "standard_conforming_strings"},
	{name: "semicolon after a comment", text: "1 /* x */; /* y */", wantMsg: "it ends with a semicolon"},
	{name: "subquery", text: "(SELECT 1)", wantMsg: "it holds a subquery"},
	{name: "subquery deep inside", text: "coalesce(a, (SELECT max(id) FROM sentinel))", wantMsg: "it holds a subquery"},
	{name: "EXISTS", text: "EXISTS (SELECT 1 FROM pg_class)", wantMsg: "it holds a subquery"},
	{name: "parameter", text: "$1", wantMsg: "it holds a parameter"},
	{name: "unterminated string", text: "'abc", wantMsg: `unterminated quoted string at or near "'abc"`},
	{name: "unterminated dollar quote", text: "$q$ abc", wantMsg: "unterminated dollar-quoted string"},
	{name: "unterminated quoted identifier", text: `"abc`, wantMsg: "unterminated quoted identifier"},
	{name: "NUL byte hiding the rest from the C parser", text: "0\x00; DROP TABLE sentinel", wantMsg: "it holds a NUL byte"},
	{name: "invalid UTF-8", text: "'\xff'", wantMsg: "it is not valid UTF-8"},
	{name: "empty", text: "", wantMsg: "it is empty"},
	{name: "blank", text: " \t\n", wantMsg: "it is empty"},
	{name: "comment only", text: "/* nothing */", wantMsg: "syntax error"},
}

func TestHostile(t *testing.T) {
	t.Parallel()
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Expr(tc.text)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Expr(%q) = %v, want an *Error", tc.text, err)
			}
			if e.Kind != schema.FragmentExpr || e.Text != tc.text || e.Where != "" {
				t.Errorf("Expr(%q) = %+v: wrong Kind, Text or Where", tc.text, e)
			}
			if !strings.Contains(e.Msg, tc.wantMsg) {
				t.Errorf("Expr(%q) message = %q, want it to hold %q", tc.text, e.Msg, tc.wantMsg)
			}
			for name, f := range map[string]func(string) error{"Type": Type, "IndexKey": IndexKey, "Action": Action} {
				if err := f(tc.text); err == nil {
					t.Errorf("%s(%q) = nil, want an error", name, tc.text)
				}
			}
		})
	}
}

func TestExpr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text    string
		wantMsg string // "" when accepted
	}{
		{text: "now()"},
		{text: "'a,b'"},
		{text: "0"},
		{text: "-1.5"},
		{text: "nextval('s'::regclass)"},
		{text: "$$x$$"},
		{text: "$q$it's; DROP TABLE x$q$"},
		{text: `E'it\'s'`},
		{text: "'it''s'"},
		{text: "price > 0 AND price < 1e6"},
		{text: "status = ANY (ARRAY['a'::text])"},
		{text: "ARRAY['a', 'b']"},
		{text: "'{a,b}'::text[]"},
		{text: "x[1:2]"},
		{text: "CASE WHEN a THEN 1 ELSE 2 END"},
		{text: "lower(title)"},
		{text: "a IS NOT NULL"},
		{text: "(a, b) IS NOT NULL"},
		{text: `"Weird ""name"""  <> ''`},
		{text: `"commit"`},
		{text: "commit_id"},
		{text: "/* /* */ ; DROP TABLE sentinel */ 1"},
		{text: "1 -- one\n"},
		{text: "1 -- one\n + 2"},
		{text: " now() "},
		{text: "U&'\\0041'"},
		{text: "B'101'"},
		{text: "X'ff'"},
		{text: "1, 2", wantMsg: `it is a list: the "," at offset 1 is outside brackets`},
		{text: "1 AS x", wantMsg: `syntax error at or near "AS"`},
		{text: "1) FROM sentinel WHERE (true", wantMsg: "closes a bracket opened outside it"},
		{text: "a +", wantMsg: `syntax error at or near ")"`},
		{text: "*", wantMsg: "syntax error"},
		{text: "1 UNION SELECT 2", wantMsg: "syntax error"},
		{text: "1 /* unterminated", wantMsg: "unterminated /* comment"},
		{text: "123abc", wantMsg: "trailing junk after numeric literal"},
		{text: "commit AND chain", wantMsg: "alone, it is a statement (COMMIT)"},
		{text: "/* c */ Commit", wantMsg: "alone, it is a statement (COMMIT)"},
		{text: "x::int COLLATE \"C\")", wantMsg: "closes a bracket opened outside it"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			checkResult(t, "Expr", tc.text, Expr(tc.text), schema.FragmentExpr, tc.wantMsg)
		})
	}
}

func TestType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text    string
		wantMsg string // "" when accepted
	}{
		{text: "int"},
		{text: "text"},
		{text: "numeric(12,2)"},
		{text: "numeric(12, 2)"},
		{text: "character varying(32)[]"},
		{text: "varchar(32)"},
		{text: "timestamp(3) with time zone"},
		{text: "timestamptz"},
		{text: `"My Type"`},
		{text: "billing.status"},
		{text: "billing.status[]"},
		{text: "interval day to second"},
		{text: "interval(3)"},
		{text: "double precision"},
		{text: "int[3][4]"},
		{text: "int ARRAY"},
		{text: "bit varying(8)"},
		{text: "int; DROP TABLE s", wantMsg: "it holds a second statement"},
		{text: "int REFERENCES sentinel ON DELETE CASCADE", wantMsg: `syntax error at or near "REFERENCES"`},
		{text: "int DEFAULT 1", wantMsg: `syntax error at or near "DEFAULT"`},
		{text: `text COLLATE "C"`, wantMsg: `syntax error at or near "COLLATE"`},
		{text: "int NOT NULL", wantMsg: `syntax error at or near "NOT"`},
		{text: "int USING 1", wantMsg: `syntax error at or near "USING"`},
		{text: "int) , DROP COLUMN x", wantMsg: "closes a bracket opened outside it"},
		{text: "int, b int", wantMsg: "it is a list"},
		{text: "SETOF int", wantMsg: "SETOF makes no column type"},
		{text: "varchar((SELECT 1))", wantMsg: "syntax error"},
		{text: "1", wantMsg: "syntax error"},
		{text: "now()", wantMsg: "syntax error"},
		{text: "int -- x", wantMsg: "its -- comment runs to its end"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			checkResult(t, "Type", tc.text, Type(tc.text), schema.FragmentType, tc.wantMsg)
		})
	}
}

func TestIndexKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text    string
		wantMsg string // "" when accepted
	}{
		{text: "lower(email)"},
		{text: "name DESC NULLS LAST"},
		{text: "email text_pattern_ops"},
		{text: "(a + b)"},
		{text: `name COLLATE "C"`},
		{text: `"owner"`},
		{text: "coalesce(note, '(none)')"},
		{text: "lower(name), (id", wantMsg: "it is a list"},
		{text: "name) WHERE (true", wantMsg: "closes a bracket opened outside it"},
		{text: "a + b", wantMsg: `syntax error at or near "+"`},
		{text: "a; DROP TABLE s", wantMsg: "it holds a second statement"},
		{text: "((SELECT 1))", wantMsg: "it holds a subquery"},
		{text: "a INCLUDE b", wantMsg: "syntax error"},
		{text: "release x", wantMsg: "alone, it is a statement (RELEASE)"},
		{text: "vacuum x", wantMsg: "alone, it is a statement (VACUUM)"},
		{text: `"release" x`},
	} {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			checkResult(t, "IndexKey", tc.text, IndexKey(tc.text), schema.FragmentIndexKey, tc.wantMsg)
		})
	}
}

func TestAction(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text    string
		wantMsg string // "" when accepted
	}{
		{text: "CASCADE"},
		{text: "cascade"},
		{text: "Restrict"},
		{text: "SET NULL"},
		{text: "set  \tnull"},
		{text: " SET DEFAULT "},
		{text: "no action"},
		{text: "", wantMsg: "it is empty; want CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION"},
		{text: "explode", wantMsg: "want CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION"},
		{text: "CASCADE; DROP TABLE s", wantMsg: "want CASCADE"},
		{text: "SET NULL (a)", wantMsg: "want CASCADE"},
		{text: "SETNULL", wantMsg: "want CASCADE"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			t.Parallel()
			checkResult(t, "Action", tc.text, Action(tc.text), schema.FragmentAction, tc.wantMsg)
		})
	}
}

// checkResult checks the result err of the check fn on text: nil when
// wantMsg is empty, else an *Error of kind whose message holds wantMsg.
func checkResult(t *testing.T, fn, text string, err error, kind schema.FragmentKind, wantMsg string) {
	t.Helper()
	if wantMsg == "" {
		if err != nil {
			t.Errorf("%s(%q) = %v, want nil", fn, text, err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s(%q) = %v, want an *Error", fn, text, err)
	}
	if e.Kind != kind || e.Text != text || !strings.Contains(e.Msg, wantMsg) {
		t.Errorf("%s(%q) = %+v, want kind %v and a message holding %q", fn, text, e, kind, wantMsg)
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100) + "; DROP TABLE sentinel"
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{
			name: "with where",
			err:  Fragment(schema.Fragment{Kind: schema.FragmentExpr, Where: `default of column "a" of table t`, Text: "0; DROP TABLE s"}),
			want: `default of column "a" of table t: "0; DROP TABLE s" is not one SQL expression: it holds a second statement`,
		},
		{
			name: "long text cut short",
			err:  Expr(long),
			want: `"` + strings.Repeat("x", 80) + `…" is not one SQL expression: it holds a second statement`,
		},
		{
			name: "long near text cut short",
			err:  Expr("'" + strings.Repeat("y", 100)),
			want: `"'` + strings.Repeat("y", 79) + `…" is not one SQL expression: unterminated quoted string at or near "'` + strings.Repeat("y", 39) + `…"`,
		},
		{
			name: "text cut at a character boundary",
			err:  Type(strings.Repeat("é", 50) + ";"),
			want: `"` + strings.Repeat("é", 40) + `…" is not one SQL type name: it ends with a semicolon, which would end the statement`,
		},
		{
			name: "control characters quoted",
			err:  IndexKey("a\x00"),
			want: `"a\x00" is not one SQL index key: it holds a NUL byte`,
		},
		{
			name: "action",
			err:  Fragment(schema.Fragment{Kind: schema.FragmentAction, Where: "ON DELETE action of foreign key", Text: "explode"}),
			want: `ON DELETE action of foreign key: "explode" is not one SQL referential action: want CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION`,
		},
		{
			name: "unknown kind",
			err:  Fragment(schema.Fragment{Kind: schema.FragmentKind(9), Where: "w", Text: "t"}),
			want: `w: "t" is not one SQL FragmentKind(9): no check knows this kind`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.err == nil || tc.err.Error() != tc.want {
				t.Errorf("error = %v\nwant    %s", tc.err, tc.want)
			}
		})
	}
}

func TestFragmentKinds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind    schema.FragmentKind
		good    string
		bad     string // good for another kind
		wantErr bool
	}{
		{kind: schema.FragmentExpr, good: "now()", bad: "double precision"},
		{kind: schema.FragmentType, good: "double precision", bad: "now()"},
		{kind: schema.FragmentIndexKey, good: "name DESC", bad: "a + b"},
		{kind: schema.FragmentAction, good: "set null", bad: "now()"},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			t.Parallel()
			if err := Fragment(schema.Fragment{Kind: tc.kind, Where: "w", Text: tc.good}); err != nil {
				t.Errorf("Fragment(%v %q) = %v", tc.kind, tc.good, err)
			}
			err := Fragment(schema.Fragment{Kind: tc.kind, Where: "w", Text: tc.bad})
			var e *Error
			if !errors.As(err, &e) || e.Kind != tc.kind || e.Where != "w" {
				t.Errorf("Fragment(%v %q) = %v, want an *Error of that kind with Where", tc.kind, tc.bad, err)
			}
		})
	}
}

func TestStatement(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sql     string
		wantErr string // "" when accepted
	}{
		{sql: `ALTER TABLE "public"."t" ADD COLUMN "a" integer DEFAULT (0)`},
		{sql: "SELECT 1;"},
		{sql: "CREATE INDEX x ON t (a) WHERE (a > 0)"},
		{sql: "COMMIT"},
		{sql: "SELECT 1; SELECT 2", wantErr: `"SELECT 1; SELECT 2" is not one SQL statement: it holds 2 statements`},
		{sql: "ALTER TABLE t ALTER COLUMN c SET DEFAULT 0; DROP TABLE sentinel;", wantErr: "it holds 2 statements"},
		{sql: "", wantErr: `"" is not one SQL statement: it is empty`},
		{sql: ";", wantErr: "it holds 0 statements"},
		{sql: "SELECT 1\x00; DROP TABLE s", wantErr: "it holds a NUL byte"},
		{sql: "SELEC 1", wantErr: `syntax error at or near "SELEC"`},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			t.Parallel()
			err := Statement(tc.sql)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Statement(%q) = %v, want nil", tc.sql, err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Statement(%q) = %v, want an error holding %q", tc.sql, err, tc.wantErr)
			}
		})
	}
}

func TestChange(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", 64)
	table := schema.QualifiedName{Schema: "public", Name: "t"}
	good := change.AddColumn{Table: table, Column: &schema.Column{Name: "a", Type: "numeric(12,2)", Default: "0"}}
	if err := Change(good); err != nil {
		t.Errorf("Change(%+v) = %v, want nil", good, err)
	}
	bad := change.CreateTable{Table: &schema.Table{
		Schema: "public",
		Name:   "t",
		Columns: []*schema.Column{
			{Name: "a", Type: "int; DROP TABLE s", Default: "0); DROP TABLE s; --"},
			{Name: long, Type: "text", Generated: "lower(a), b"},
		},
		Checks:      []*schema.Check{{Name: "c", Expr: "(SELECT 1)"}},
		Indexes:     []*schema.Index{{Name: "i", Keys: []string{"name) WHERE (true"}, Where: "COMMIT"}},
		ForeignKeys: []*schema.ForeignKey{{Name: "f", Columns: []string{"a"}, RefSchema: "public", RefTable: "u", RefColumns: []string{"id"}, OnDelete: "explode"}},
	}}
	err := Change(bad)
	if err == nil {
		t.Fatalf("Change(hostile table) = nil")
	}
	want := []string{
		`type of column "a" of table t: "int; DROP TABLE s" is not one SQL type name: it holds a second statement`,
		`default of column "a" of table t: "0); DROP TABLE s; --" is not one SQL expression: its ")" at offset 1 closes a bracket opened outside it`,
		`generated expression of column "` + long + `" of table t: "lower(a), b" is not one SQL expression: it is a list: the "," at offset 8 is outside brackets`,
		`ON DELETE action of foreign key "f" of table t: "explode" is not one SQL referential action: want CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION`,
		`expression of check "c" of table t: "(SELECT 1)" is not one SQL expression: it holds a subquery`,
		`key 1 of index "i" of table t: "name) WHERE (true" is not one SQL index key: its ")" at offset 4 closes a bracket opened outside it`,
		`predicate of index "i" of table t: "COMMIT" is not one SQL expression: alone, it is a statement (COMMIT); write a column or type of that name in double quotes`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("Change error lacks %q; it is:\n%s", w, msg)
		}
	}
	if nameErr := schema.CheckIdentifier(long); nameErr == nil || !strings.Contains(msg, "column of table t: "+nameErr.Error()) {
		t.Errorf("Change error lacks the long column name; it is:\n%s", msg)
	}
	if n := len(strings.Split(msg, "\n")); n != len(want)+1 {
		t.Errorf("Change reported %d errors, want %d:\n%s", n, len(want)+1, msg)
	}
}

// TestChecker: a Checker answers as the functions do, with and without a
// memo (a nil *Checker), and checks each distinct text of a kind once.
func TestChecker(t *testing.T) {
	t.Parallel()
	var fc Checker
	for _, tc := range []struct {
		kind    schema.FragmentKind
		text    string
		wantErr bool
	}{
		{kind: schema.FragmentType, text: "numeric(12,2)"},
		{kind: schema.FragmentType, text: "numeric(12,2)"},
		{kind: schema.FragmentExpr, text: "numeric(12,2)", wantErr: true},
		{kind: schema.FragmentIndexKey, text: "lower(a)"},
		{kind: schema.FragmentExpr, text: "0; DROP TABLE sentinel", wantErr: true},
		{kind: schema.FragmentExpr, text: "0; DROP TABLE sentinel", wantErr: true},
	} {
		for _, c := range []*Checker{&fc, nil} {
			f := schema.Fragment{Kind: tc.kind, Where: "w", Text: tc.text}
			err := c.Fragment(f)
			if (err != nil) != tc.wantErr {
				t.Errorf("Fragment(%v, %q) = %v, want error %v", tc.kind, tc.text, err, tc.wantErr)
			}
			var e *Error
			if err != nil && (!errors.As(err, &e) || e.Where != "w") {
				t.Errorf("Fragment(%v, %q) = %#v, want an *Error with Where w", tc.kind, tc.text, err)
			}
		}
	}
	if len(fc.memo) != 4 {
		t.Errorf("memo holds %d fragments, want the 4 distinct ones: %v", len(fc.memo), fc.memo)
	}
}
