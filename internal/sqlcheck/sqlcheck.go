// Package sqlcheck proves that a piece of SQL text from a model or a
// migration file is exactly one expression, one type name, one index key
// or one referential action, by PostgreSQL's own grammar: pganalyze's
// pg_query_go, which compiles PostgreSQL's lexer and parser in with cgo.
//
// SQL rendering pastes such fragments into statements as they are
// (schema.Fragment says which text is pasted). A fragment that is more
// than its one thing could end the statement and start another, or close
// a parenthesis and add actions to the same ALTER TABLE. Each check takes
// the fragment alone through the lexer first: a scan error, a semicolon,
// a parenthesis that closes one it did not open or never closes, a comma
// outside parentheses, a -- comment running to the end are refused. Only
// then is the fragment parsed inside a wrapper statement, and the tree
// must hold the one thing and nothing else: [Expr] parses "SELECT (s)",
// [Type] "SELECT CAST(NULL AS s)", [IndexKey] "CREATE INDEX x ON t (s)".
// Subqueries are refused too: PostgreSQL refuses them in defaults, check
// constraints, generated columns and index expressions and predicates.
// Last, a fragment that parses as a statement on its own is refused,
// although the grammar reads it as one thing where it is pasted: COMMIT is
// also a column named commit, "release x" a column with an operator
// class. Such names are written in double quotes.
//
// The lexer is PostgreSQL's as a session with standard_conforming_strings
// on reads SQL: a backslash in a plain '...' string is an ordinary
// character. Sessions that run the checked text must set the same.
//
// [RenameColumns] uses the same grammar to rename columns inside such a
// fragment as PostgreSQL does on ALTER TABLE ... RENAME COLUMN, for the
// replay of migrations and the comparison with a live database.
//
// The package is tool side only: the migrate runtime never imports it, so
// applications that link migrations need no cgo. Every function is safe
// for concurrent use.
package sqlcheck

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// maxText is how many bytes of the checked text a message quotes.
const maxText = 80

// maxNear is how many bytes of PostgreSQL's "at or near" text a message
// keeps.
const maxNear = 40

// Error reports a fragment that is not exactly one thing of its kind.
type Error struct {
	// Kind is what the text had to be.
	Kind schema.FragmentKind
	// Where says what the text is, as schema.Fragment.Where does; empty
	// when the caller says it.
	Where string
	// Text is the checked text, whole.
	Text string
	// Msg says what is wrong, lowercase: "it holds a second statement".
	Msg string
}

// Error returns `WHERE: "TEXT" is not one SQL KIND: MSG`, without
// "WHERE: " when Where is empty. Text over 80 bytes is cut short with
// "…".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Where != "" {
		b.WriteString(e.Where)
		b.WriteString(": ")
	}
	b.WriteString(Quote(e.Text))
	b.WriteString(" is not one SQL ")
	b.WriteString(e.Kind.String())
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Quote returns s in Go's double-quoted form, for messages: at most 80
// bytes of the quoted form (escapes counted as written), cut at a
// character and marked with "…" when s is longer.
func Quote(s string) string {
	q := strconv.Quote(s)
	if len(q) <= maxText+2 {
		return q
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := range s {
		_, w := utf8.DecodeRuneInString(s[i:])
		e := strconv.Quote(s[i : i+w])
		e = e[1 : len(e)-1]
		if b.Len()-1+len(e) > maxText {
			break
		}
		b.WriteString(e)
	}
	b.WriteString(`…"`)
	return b.String()
}

// shorten cuts s to at most n bytes at a character boundary and marks
// the cut with "…".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// Fragment checks f.Text as what f.Kind says it is: [Expr], [Type],
// [IndexKey] or [Action]. The error is an [*Error] whose Where is
// f.Where.
func Fragment(f schema.Fragment) error {
	var c *Checker
	return c.Fragment(f)
}

// Checker checks fragments as [Fragment] does and changes as [Problems]
// does, each distinct text of a kind once: models and migrations repeat
// their types and defaults, and each check runs PostgreSQL's parser. The
// zero value is ready to use; a nil *Checker checks without remembering.
// A Checker is not safe for concurrent use.
type Checker struct {
	memo map[fragmentKey]error
}

// fragmentKey is a fragment as the memo of a [Checker] keys it.
type fragmentKey struct {
	kind schema.FragmentKind
	text string
}

// Fragment is [Fragment], remembering the answer for f's kind and text.
func (c *Checker) Fragment(f schema.Fragment) error {
	k := fragmentKey{f.Kind, f.Text}
	err, ok := c.lookup(k)
	if !ok {
		err = checkKind(f.Kind, f.Text)
		c.remember(k, err)
	}
	var e *Error
	if errors.As(err, &e) {
		at := *e // the remembered error stays without a Where
		at.Where = f.Where
		return &at
	}
	return err
}

func (c *Checker) lookup(k fragmentKey) (error, bool) {
	if c == nil {
		return nil, false
	}
	err, ok := c.memo[k]
	return err, ok
}

func (c *Checker) remember(k fragmentKey, err error) {
	if c == nil {
		return
	}
	if c.memo == nil {
		c.memo = map[fragmentKey]error{}
	}
	c.memo[k] = err
}

// checkKind runs the check of kind on s.
func checkKind(kind schema.FragmentKind, s string) error {
	switch kind {
	case schema.FragmentExpr:
		return Expr(s)
	case schema.FragmentType:
		return Type(s)
	case schema.FragmentIndexKey:
		return IndexKey(s)
	case schema.FragmentAction:
		return Action(s)
	case schema.FragmentExclusion:
		return Exclusion(s)
	case schema.FragmentPartitionKey, schema.FragmentPartitionBound:
		return check(kind, s)
	case schema.FragmentStatement, schema.FragmentArguments:
		return wholeCheck(kind, s)
	}
	return &Error{Kind: kind, Text: s, Msg: "no check knows this kind"}
}

// Expr reports whether s is exactly one scalar expression, as a column
// default, a generated column, a check constraint or an index predicate
// holds: "now()", "price > 0 AND price < 1e6". The error is an [*Error].
func Expr(s string) error {
	return check(schema.FragmentExpr, s)
}

// Type reports whether s is exactly one type name, as a column's type:
// "numeric(12,2)", "timestamp(3) with time zone", "billing.status[]". A
// collation, a default or a constraint after the type is refused. The
// error is an [*Error].
func Type(s string) error {
	return check(schema.FragmentType, s)
}

// IndexKey reports whether s is exactly one key of an index: a column or
// an expression, with an optional collation, operator class, order and
// NULLS place: "lower(email)", "name DESC NULLS LAST". The error is an
// [*Error].
func IndexKey(s string) error {
	return check(schema.FragmentIndexKey, s)
}

// Exclusion reports whether s is exactly the definition of one exclusion
// constraint after the keyword EXCLUDE, without DEFERRABLE, INITIALLY or
// NOT VALID: "USING gist (room WITH =, during WITH &&)". The error is an
// [*Error].
func Exclusion(s string) error {
	return check(schema.FragmentExclusion, s)
}

// actions are the referential actions as [Action] accepts them, spaces
// normalised and upper case.
var actions = []string{"CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"}

// Action reports whether s is a referential action of a foreign key:
// CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION, in any case and
// with any spaces between the words. The error is an [*Error].
func Action(s string) error {
	a := strings.ToUpper(strings.Join(strings.Fields(s), " "))
	for _, want := range actions {
		if a == want {
			return nil
		}
	}
	msg := "want CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION"
	if strings.TrimSpace(s) == "" {
		msg = "it is empty; " + msg
	}
	return &Error{Kind: schema.FragmentAction, Text: s, Msg: msg}
}

// Statement reports whether sql is exactly one SQL command by
// PostgreSQL's grammar, with or without a final semicolon. It serves the
// tests and fuzz targets that check rendered SQL.
func Statement(sql string) error {
	if msg := textProblem(sql); msg != "" {
		return fmt.Errorf("%s is not one SQL statement: %s", Quote(sql), msg)
	}
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return fmt.Errorf("%s is not one SQL statement: %s", Quote(sql), pgMessage(err))
	}
	if n := len(tree.GetStmts()); n != 1 {
		return fmt.Errorf("%s is not one SQL statement: it holds %d statements", Quote(sql), n)
	}
	return nil
}

// Problem is one fragment or name of a change that fails its check.
type Problem struct {
	// Text is the fragment or the name, as the change carries it (for
	// pointing at it in a migration file).
	Text string
	// Err says what is wrong and where: an [*Error] for a fragment.
	Err error
}

// Problems checks everything c carries that SQL rendering uses as it is:
// every fragment of change.Fragments(c) by [Fragment], and every name of
// change.Names(c) by schema.CheckIdentifier. It returns one [Problem]
// for each that fails, in that order; none when all pass.
func Problems(c change.Change) []Problem {
	var ch *Checker
	return ch.Problems(c)
}

// Problems is [Problems], remembering the answers for the fragments.
func (ck *Checker) Problems(c change.Change) []Problem {
	var out []Problem
	for _, f := range change.Fragments(c) {
		if err := ck.Fragment(f); err != nil {
			out = append(out, Problem{Text: f.Text, Err: err})
		}
	}
	for _, n := range change.Names(c) {
		if err := schema.CheckIdentifier(n.Name); err != nil {
			out = append(out, Problem{Text: n.Name, Err: fmt.Errorf("%s: %w", n.Where, err)})
		}
	}
	for _, p := range change.ColumnProblems(c) {
		out = append(out, Problem{Text: p.Text, Err: p.Err})
	}
	return out
}

// Change checks c as [Problems] does and returns every mistake, joined by
// errors.Join, each naming where it is; nil when there is none.
func Change(c change.Change) error {
	var errs []error
	for _, p := range Problems(c) {
		errs = append(errs, p.Err)
	}
	return errors.Join(errs...)
}

// check runs the checks of kind on s: the text, its tokens, its parse
// tree inside the kind's wrapper, s parsed alone, then the runtime's
// lexical check.
func check(kind schema.FragmentKind, s string) error {
	var first *pg_query.ScanToken
	msg := textProblem(s)
	if msg == "" {
		msg, first = checkTokens(s)
	}
	if msg == "" {
		msg = checkTree(kind, s)
	}
	if msg == "" {
		msg = checkAlone(s, first)
	}
	if msg == "" {
		msg = runtimeProblem(kind, s)
	}
	if msg != "" {
		return &Error{Kind: kind, Text: s, Msg: msg}
	}
	return nil
}

// runtimeProblem reports what schema.CheckFragment, the lexical check
// that the runtime applies before a migration runs, refuses in s: a text
// the grammar accepts but the runtime would not run (a '\' string that a
// session with standard_conforming_strings off reads otherwise, a
// trailing -- comment) is refused here too, so that nothing the tool
// writes fails later in the application.
func runtimeProblem(kind schema.FragmentKind, s string) string {
	var fe *schema.FragmentError
	err := schema.CheckFragment(schema.Fragment{Kind: kind, Text: s})
	if err == nil || !errors.As(err, &fe) || len(fe.Problems) == 0 {
		if err != nil {
			return err.Error()
		}
		return ""
	}
	msg := fe.Problems[0].Msg
	if n := len(fe.Problems) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more problem(s))", n)
	}
	return msg
}

// textProblem reports text that no check can read: empty, holding a NUL
// byte (the C parser would stop reading there) or not UTF-8.
func textProblem(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "it is empty"
	case strings.IndexByte(s, 0) >= 0:
		return "it holds a NUL byte"
	case !utf8.ValidString(s):
		return "it is not valid UTF-8"
	}
	return ""
}

// pgMessage returns the message of an error of pg_query with its "at or
// near" text cut short.
func pgMessage(err error) string {
	msg := err.Error()
	const near = ` at or near "`
	i := strings.Index(msg, near)
	if i < 0 {
		return msg
	}
	text := strings.TrimSuffix(msg[i+len(near):], `"`)
	return msg[:i+len(near)] + shorten(text, maxNear) + `"`
}
