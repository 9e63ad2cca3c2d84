package schema

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckFragment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind FragmentKind
		text string
		// want lists a part of each problem's message, in order; none
		// when the fragment passes.
		want []string
	}{
		// Expressions that pass.
		{name: "function call", kind: FragmentExpr, text: "now()"},
		{name: "comma in a string", kind: FragmentExpr, text: "'a,b'"},
		{name: "cast to regclass", kind: FragmentExpr, text: "nextval('s'::regclass)"},
		{name: "dollar quote", kind: FragmentExpr, text: "$$x$$"},
		{name: "dollar quote holding quotes and ;", kind: FragmentExpr, text: "$tag$ it's; $x$ $tag$"},
		{name: "E string with an escaped quote", kind: FragmentExpr, text: `E'it\'s'`},
		{name: "E string with a doubled backslash", kind: FragmentExpr, text: `E'\\'`},
		{name: "doubled quote", kind: FragmentExpr, text: `'it''s'`},
		{name: "ANY of an array", kind: FragmentExpr, text: "status = ANY (ARRAY['a'::text])"},
		{name: "Unicode string", kind: FragmentExpr, text: `U&'d\0061t\+000061'`},
		{name: "Unicode string with UESCAPE", kind: FragmentExpr, text: `U&'d!0061t' UESCAPE '!'`},
		{name: "bit and hex strings", kind: FragmentExpr, text: "B'0101' | X'1F'"},
		{name: "quoted identifier with doubled quotes", kind: FragmentExpr, text: `"weird ""name""" > 0`},
		{name: "Unicode quoted identifier", kind: FragmentExpr, text: `U&"d\0061t" > 0`},
		{name: "comma inside parentheses", kind: FragmentExpr, text: "(a, b) = (1, 2)"},
		{name: "; in a block comment", kind: FragmentExpr, text: "a /* c; */ + 1"},
		{name: "nested comments hide all", kind: FragmentExpr, text: "/* /* */ ; DROP TABLE s */ 1"},
		{name: "line comment ended by a line break", kind: FragmentExpr, text: "1 -- one\n"},
		{name: "string continued on the next line", kind: FragmentExpr, text: "'a'\n'b'"},
		{name: "identifier holding $", kind: FragmentExpr, text: "x$y$ + 1"},
		{name: "backslash that escapes nothing dangerous", kind: FragmentExpr, text: `email ~ '^\d+$'`},
		{name: "array subscript", kind: FragmentExpr, text: "arr[1] + arr[2:3][1]"},
		{name: "numbers", kind: FragmentExpr, text: "-1 + 1.5e-3 + .5 + 2."},
		{name: "parameter", kind: FragmentExpr, text: "$1"},
		{name: "key word alone", kind: FragmentExpr, text: "COMMIT"},
		{name: "operator before a comment", kind: FragmentExpr, text: "1 +/* c */ 2"},
		{name: "lone dollar", kind: FragmentExpr, text: "$ a"},

		// Expressions that could leave their slot, or do not end.
		{name: "semicolon", kind: FragmentExpr, text: "0; DROP TABLE sentinel", want: []string{"a ; outside quotes"}},
		{name: "close the clause", kind: FragmentExpr, text: "0); DROP TABLE sentinel; --", want: []string{"did not open", "a ; outside quotes", "a ; outside quotes", "the -- comment runs to the end"}},
		{name: "dollar quote then ;", kind: FragmentExpr, text: "$q$'$q$; COMMIT", want: []string{"a ; outside quotes"}},
		{name: "E string escape then ;", kind: FragmentExpr, text: `E'\''; DROP TABLE s; --`, want: []string{"a ; outside quotes", "a ; outside quotes", "the -- comment"}},
		{name: "more ALTER TABLE actions", kind: FragmentExpr, text: "1) , DROP COLUMN x, ADD CHECK (true", want: []string{"did not open", "a comma outside", "a comma outside", "is not closed"}},
		{name: "unterminated string", kind: FragmentExpr, text: "'abc", want: []string{"string constant is not closed"}},
		{name: "unterminated E string", kind: FragmentExpr, text: `E'abc\'`, want: []string{"E'...' string constant is not closed"}},
		{name: "unterminated quoted identifier", kind: FragmentExpr, text: `"abc`, want: []string{"quoted identifier is not closed"}},
		{name: "zero-length quoted identifier", kind: FragmentExpr, text: `"" > 0`, want: []string{"zero-length"}},
		{name: "unterminated dollar quote", kind: FragmentExpr, text: "$q$ abc $Q$", want: []string{"not closed by $q$"}},
		{name: "unterminated nested comment", kind: FragmentExpr, text: "/* /* */ 1", want: []string{"comment is not closed"}},
		{name: "line comment at the end", kind: FragmentExpr, text: "1 -- hides the )", want: []string{"the -- comment runs to the end"}},
		{name: "top-level comma", kind: FragmentExpr, text: "1, 2", want: []string{"a comma outside"}},
		{name: "unbalanced parenthesis", kind: FragmentExpr, text: "(1", want: []string{"( is not closed"}},
		{name: "mismatched bracket", kind: FragmentExpr, text: "(1]", want: []string{"closes the ("}},
		{name: "empty", kind: FragmentExpr, text: "", want: []string{"no SQL"}},
		{name: "only a comment", kind: FragmentExpr, text: "/* nothing */", want: []string{"no SQL"}},
		{name: "NUL", kind: FragmentExpr, text: "1\x00; DROP TABLE s", want: []string{"NUL"}},
		{name: "vertical tab", kind: FragmentExpr, text: "1\v+ 1", want: []string{"control character"}},
		{name: "junk after a number", kind: FragmentExpr, text: "1abc", want: []string{"junk right after the number 1"}},
		{name: "numbers of PostgreSQL 16", kind: FragmentExpr, text: "0x1F + 0o17 + 0b1_01 + 1_000.000_1 + 0x_ff"},
		{name: "junk after a hex number", kind: FragmentExpr, text: "0x1G", want: []string{"junk right after the number 0x1"}},
		{name: "prefix without digits", kind: FragmentExpr, text: "0x", want: []string{"junk right after the number 0"}},
		{name: "trailing underscore", kind: FragmentExpr, text: "1_", want: []string{"junk right after the number 1"}},
		{name: "junk after a parameter", kind: FragmentExpr, text: "$1abc", want: []string{"junk right after the parameter"}},
		// A continued E string reads on with backslash escapes: a
		// lexer that forgot the continuation would see '\' and pass it.
		{name: "E string continued", kind: FragmentExpr, text: "E'a'\n'\\' || '; DROP TABLE s; --'", want: []string{"a ; outside quotes", "a ; outside quotes", "the -- comment"}},
		// With standard_conforming_strings off, '\' does not end.
		{name: "backslash before the closing quote", kind: FragmentExpr, text: `'\' || '; DROP TABLE s; --'`, want: []string{"standard_conforming_strings off"}},
		{name: "one backslash", kind: FragmentExpr, text: `'\'`, want: []string{"standard_conforming_strings off"}},

		// Types that pass.
		{name: "numeric", kind: FragmentType, text: "numeric(12,2)"},
		{name: "negative scale", kind: FragmentType, text: "numeric(5, -2)"},
		{name: "varchar array", kind: FragmentType, text: "character varying(32)[]"},
		{name: "timestamp with time zone", kind: FragmentType, text: "timestamp(3) with time zone"},
		{name: "quoted name", kind: FragmentType, text: `"My Type"`},
		{name: "qualified", kind: FragmentType, text: "billing.status"},
		{name: "quoted qualified array", kind: FragmentType, text: `"billing"."Status"[]`},
		{name: "interval fields", kind: FragmentType, text: "interval day to second"},
		{name: "interval fields and precision", kind: FragmentType, text: "interval second(3)"},
		{name: "double precision", kind: FragmentType, text: "double precision"},
		{name: "bit varying", kind: FragmentType, text: "bit varying(5)"},
		{name: "national character varying", kind: FragmentType, text: "national character varying(10)"},
		{name: "array bounds", kind: FragmentType, text: "int[3][4]"},
		{name: "ARRAY", kind: FragmentType, text: "integer ARRAY[4]"},
		{name: "identifier modifiers", kind: FragmentType, text: "geometry(Point, 4326)"},
		{name: "upper case", kind: FragmentType, text: "TEXT"},

		// Types that are not one type name.
		{name: "type with a foreign key", kind: FragmentType, text: "int REFERENCES sentinel", want: []string{"REFERENCES would start another clause"}},
		{name: "type with NOT NULL", kind: FragmentType, text: "text NOT NULL", want: []string{"NOT would start another clause"}},
		{name: "type with a default", kind: FragmentType, text: "int DEFAULT 0", want: []string{"DEFAULT would start"}},
		{name: "type with a collation", kind: FragmentType, text: `text COLLATE "C"`, want: []string{"COLLATE would start"}},
		{name: "type with USING", kind: FragmentType, text: "int USING 1", want: []string{"USING would start"}},
		{name: "type then check", kind: FragmentType, text: "varchar(10) CHECK (true)", want: []string{"CHECK would start"}},
		{name: "type is COMMIT", kind: FragmentType, text: "COMMIT", want: []string{"COMMIT would start"}},
		{name: "type is ROLLBACK", kind: FragmentType, text: "ROLLBACK", want: []string{"ROLLBACK would start"}},
		{name: "type with ;", kind: FragmentType, text: "int; DROP TABLE s", want: []string{"a ; outside quotes"}},
		{name: "type closing a parenthesis", kind: FragmentType, text: "int)", want: []string{"did not open"}},
		{name: "type and another column", kind: FragmentType, text: "int, b int", want: []string{"a comma outside"}},
		{name: "string as a type", kind: FragmentType, text: "'text'", want: []string{"has no place"}},
		{name: "expression in modifiers", kind: FragmentType, text: "numeric(1+1)", want: []string{"integers or identifiers"}},
		{name: "two dots", kind: FragmentType, text: "a..b", want: []string{"a dot must stand between"}},
		{name: "leading dot", kind: FragmentType, text: ".a", want: []string{"a dot must stand between"}},
		{name: "trailing dot", kind: FragmentType, text: "a.", want: []string{"ends with a dot"}},
		{name: "two bounds in one bracket", kind: FragmentType, text: "int[1:2]", want: []string{"array bounds hold"}},
		{name: "name in a bracket", kind: FragmentType, text: "int[x]", want: []string{"array bounds hold"}},
		{name: "word after bounds", kind: FragmentType, text: "int[] precision", want: []string{"cannot follow"}},
		{name: "two names", kind: FragmentType, text: "int text", want: []string{"text cannot follow"}},
		{name: "empty modifiers", kind: FragmentType, text: "numeric()", want: []string{"integers or identifiers"}},
		{name: "nested modifiers", kind: FragmentType, text: "numeric((1))", want: []string{"integers or identifiers"}},

		// Index keys.
		{name: "expression key", kind: FragmentIndexKey, text: "lower(email)"},
		{name: "ordered key", kind: FragmentIndexKey, text: "name DESC NULLS LAST"},
		{name: "operator class", kind: FragmentIndexKey, text: "email text_pattern_ops"},
		{name: "parenthesized expression", kind: FragmentIndexKey, text: "(a + b)"},
		{name: "collation", kind: FragmentIndexKey, text: `name COLLATE "C"`},
		{name: "key closing the list", kind: FragmentIndexKey, text: "a) WHERE (true", want: []string{"did not open", "( is not closed"}},
		{name: "two keys", kind: FragmentIndexKey, text: "a, b", want: []string{"a comma outside"}},

		// Referential actions.
		{name: "cascade", kind: FragmentAction, text: "cascade"},
		{name: "set null", kind: FragmentAction, text: "SET NULL"},
		{name: "set default with spaces", kind: FragmentAction, text: "set   default"},
		{name: "no action", kind: FragmentAction, text: "No Action"},
		{name: "restrict", kind: FragmentAction, text: "RESTRICT"},
		{name: "action and a statement", kind: FragmentAction, text: "CASCADE; DROP TABLE s", want: []string{"must be one of"}},
		{name: "action with columns", kind: FragmentAction, text: "SET NULL (a)", want: []string{"must be one of"}},
		{name: "action and a clause", kind: FragmentAction, text: "CASCADE DEFERRABLE", want: []string{"must be one of"}},
		{name: "empty action", kind: FragmentAction, text: "", want: []string{"must be one of"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := Fragment{Kind: tc.kind, Where: "test fragment", Text: tc.text}
			err := CheckFragment(f)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("CheckFragment(%s %q) = %v, want nil", tc.kind, tc.text, err)
				}
				return
			}
			var fe *FragmentError
			if !errors.As(err, &fe) {
				t.Fatalf("CheckFragment(%s %q) = %v (%T), want a *FragmentError", tc.kind, tc.text, err, err)
			}
			if fe.Fragment != f {
				t.Errorf("FragmentError.Fragment = %+v, want %+v", fe.Fragment, f)
			}
			if len(fe.Problems) != len(tc.want) {
				t.Fatalf("CheckFragment(%s %q) found %d problems, want %d: %v", tc.kind, tc.text, len(fe.Problems), len(tc.want), err)
			}
			for i, p := range fe.Problems {
				if !strings.Contains(p.Msg, tc.want[i]) {
					t.Errorf("problem %d = %q, want it to contain %q", i, p.Msg, tc.want[i])
				}
				if p.Offset < 0 || p.Offset > len(tc.text) {
					t.Errorf("problem %d offset %d is outside the text", i, p.Offset)
				}
			}
			msg := err.Error()
			for _, part := range []string{"test fragment", tc.kind.String()} {
				if !strings.Contains(msg, part) {
					t.Errorf("error %q does not name %q", msg, part)
				}
			}
		})
	}
}

// TestLexSQL checks where tokens end, on the forms whose end is easy to
// get wrong.
func TestLexSQL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text     string
		standard bool
		want     []string // the tokens' text
	}{
		{text: `a$b$ $b$x$b$`, standard: true, want: []string{"a$b$", "$b$x$b$"}},
		{text: `$a$ $b$ $a$$a$$a$`, standard: true, want: []string{"$a$ $b$ $a$", "$a$$a$"}},
		{text: `1$$x$$`, standard: true, want: []string{"1", "$$x$$"}},
		{text: `'a\'`, standard: true, want: []string{`'a\'`}},
		{text: `'a\'b' x`, standard: false, want: []string{`'a\'b'`, "x"}},
		{text: "B'01''10'", standard: true, want: []string{"B'01'", "'10'"}},
		{text: "'a'''", standard: true, want: []string{"'a'''"}},
		{text: "'a' -- c\n 'b' x", standard: true, want: []string{"'a' -- c\n 'b'", "x"}},
		{text: "'a' /* c */\n'b'", standard: true, want: []string{"'a'", "'b'"}},
		{text: "'a' 'b'", standard: true, want: []string{"'a'", "'b'"}},
		{text: "be'x'", standard: true, want: []string{"be", "'x'"}},
		{text: "u&'x' U&\"y\" u & 'z'", standard: true, want: []string{"u&'x'", `U&"y"`, "u", "&", "'z'"}},
		{text: "/*/ */ */ a", standard: true, want: []string{"*", "/", "a"}},
		{text: "/**/a", standard: true, want: []string{"a"}},
		{text: "1..2", standard: true, want: []string{"1", ".", ".2"}},
		{text: "1e5e", standard: true, want: []string{"1e5"}},
		{text: "1_000.5_0e1_0 0x_F_f 0b1__0", standard: true, want: []string{"1_000.5_0e1_0", "0x_F_f", "0b1"}},
		{text: "a-->b\nc", standard: true, want: []string{"a", "c"}},
	}
	for _, tc := range tests {
		toks, _ := lexSQL(tc.text, tc.standard)
		var got []string
		for _, tok := range toks {
			got = append(got, tok.text)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("lexSQL(%q, %v) = %q, want %q", tc.text, tc.standard, got, tc.want)
		}
	}
}

// TestAttackBackslashOutsideQuotes checks that the runtime refuses a backslash
// outside quotes and comments, which PostgreSQL's grammar never accepts but
// psql reads as a meta-command (\! runs a shell command) when a script of the
// schemagen CLI (upgrade --sql) is fed to it; the tool's check refuses it, the
// runtime does not.
func TestAttackBackslashOutsideQuotes(t *testing.T) {
	t.Parallel()
	for _, kind := range []FragmentKind{FragmentExpr, FragmentIndexKey} {
		f := Fragment{Kind: kind, Where: "review", Text: "1 \\! touch /tmp/pwned\n"}
		if err := CheckFragment(f); err == nil {
			t.Errorf("CheckFragment accepts the %s %q", kind, f.Text)
		}
	}
}

// TestCheckFragmentPartition: a partition key is a strategy and its keys
// in parentheses; a bound is DEFAULT or FOR VALUES and its lists; nothing
// may follow them.
func TestCheckFragmentPartition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind FragmentKind
		text string
		ok   bool
	}{
		{FragmentPartitionKey, "RANGE (created_at)", true},
		{FragmentPartitionKey, "list(lower(region), \"Key\" text_pattern_ops)", true},
		{FragmentPartitionKey, "HASH (id)", true},
		{FragmentPartitionKey, "(id)", false},
		{FragmentPartitionKey, "RANGE", false},
		{FragmentPartitionKey, "RANGE (a) PARTITION BY LIST (b)", false},
		{FragmentPartitionKey, "RANGE (a) TABLESPACE x", false},
		{FragmentPartitionKey, "RANGE (a)); DROP TABLE x; --", false},
		{FragmentPartitionBound, "DEFAULT", true},
		{FragmentPartitionBound, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", true},
		{FragmentPartitionBound, "for values from (MINVALUE, 0) to (MAXVALUE, 1)", true},
		{FragmentPartitionBound, "FOR VALUES IN ('a,b', NULL)", true},
		{FragmentPartitionBound, "FOR VALUES WITH (modulus 4, remainder 3)", true},
		{FragmentPartitionBound, "FOR VALUES FROM (1)", false},
		{FragmentPartitionBound, "DEFAULT PARTITION BY RANGE (a)", false},
		{FragmentPartitionBound, "FOR VALUES IN (1) WITH (fillfactor = 10)", false},
		{FragmentPartitionBound, "FOR VALUES IN (1); DROP TABLE x", false},
		{FragmentPartitionBound, "", false},
	}
	for _, tc := range tests {
		err := CheckFragment(Fragment{Kind: tc.kind, Where: "w", Text: tc.text})
		if (err == nil) != tc.ok {
			t.Errorf("CheckFragment(%s %q) = %v, want ok %v", tc.kind, tc.text, err, tc.ok)
		}
	}
}
