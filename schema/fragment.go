package schema

// This file holds the lexical check of the SQL text that the objects of
// this package carry, small enough for the runtime that applications link
// (package migrate); lex.go reads the text into tokens.

import (
	"fmt"
	"slices"
	"strings"
)

// FragmentKind says which part of PostgreSQL's grammar a [Fragment] must
// be, exactly and alone.
type FragmentKind int

const (
	// FragmentExpr is one scalar expression: a column default, a generated
	// column's expression, a check constraint's condition, an index's
	// predicate.
	FragmentExpr FragmentKind = iota
	// FragmentType is one type name, such as "numeric(12,2)" or "text[]".
	FragmentType
	// FragmentIndexKey is one key of an index: a column or an expression,
	// with an optional collation, operator class, order and NULLS place.
	FragmentIndexKey
	// FragmentAction is a referential action of a foreign key: CASCADE,
	// RESTRICT, SET NULL, SET DEFAULT or NO ACTION.
	FragmentAction
	// FragmentExclusion is the definition of an exclusion constraint
	// after the keyword EXCLUDE: "USING gist (room WITH =, during WITH
	// &&) WHERE (NOT cancelled)", without DEFERRABLE or INITIALLY.
	FragmentExclusion
	// FragmentPartitionKey is a partition key: RANGE, LIST or HASH
	// followed by the key columns and expressions in parentheses, as in
	// PARTITION BY RANGE (created_at).
	FragmentPartitionKey
	// FragmentPartitionBound is a partition's bound: DEFAULT, or FOR
	// VALUES followed by FROM (...) TO (...), IN (...) or WITH (...).
	FragmentPartitionBound
	// FragmentStatement is one whole CREATE statement, without a final
	// semicolon: the definition of an [Object].
	FragmentStatement
	// FragmentArguments is the identity argument list of a function or
	// procedure, without its parentheses: "a integer, b text".
	FragmentArguments
)

// String names the kind as messages do: "expression", "type name",
// "index key", "referential action".
func (k FragmentKind) String() string {
	switch k {
	case FragmentExpr:
		return "expression"
	case FragmentType:
		return "type name"
	case FragmentIndexKey:
		return "index key"
	case FragmentAction:
		return "referential action"
	case FragmentExclusion:
		return "exclusion constraint"
	case FragmentPartitionKey:
		return "partition key"
	case FragmentPartitionBound:
		return "partition bound"
	case FragmentStatement:
		return "CREATE statement"
	case FragmentArguments:
		return "argument list"
	}
	return fmt.Sprintf("FragmentKind(%d)", int(k))
}

// Fragment is a piece of SQL text that an object of this package carries
// (a column's type or default, a check's expression, an index's keys and
// predicate, a foreign key's actions) and that SQL rendering pastes into a
// statement as it is: it must be exactly one thing of its Kind, or it
// could end the statement and start another. [CheckFragment] checks it;
// rendering (package change) refuses a change holding one that the check
// refuses.
type Fragment struct {
	Kind FragmentKind
	// Where says what the text is, for messages: `default of column
	// "email" of table users`.
	Where string
	// Text is the SQL text.
	Text string
}

// FragmentProblem is one reason why [CheckFragment] refuses a fragment.
type FragmentProblem struct {
	// Offset is the byte offset in the fragment's Text where the problem
	// is.
	Offset int
	// Msg says what is wrong.
	Msg string
}

// FragmentError reports a fragment that [CheckFragment] refuses, with
// every problem found in it.
type FragmentError struct {
	Fragment Fragment
	Problems []FragmentProblem
}

// Error implements the error interface: the fragment's Where, its text
// (Go-quoted) and each problem with its byte offset.
func (e *FragmentError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %q is not one %s", e.Fragment.Where, e.Fragment.Text, e.Fragment.Kind)
	for i, p := range e.Problems {
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		fmt.Fprintf(&b, "%sat byte %d, %s", sep, p.Offset, p.Msg)
	}
	return b.String()
}

// CheckFragment reports whether f.Text can stand in its slot of a
// statement as exactly one thing of f.Kind, and returns a
// [*FragmentError] listing every problem when it cannot. It is a lexical
// check, small enough for the runtime that applications link (the
// schemagen tool also checks fragments with PostgreSQL's own grammar): it
// reads the text with PostgreSQL's lexical rules — '...' strings, in
// which two quotes stand for one, E'...' with backslash escapes,
// U&'...', B'...' and X'...', strings continued on the next line, dollar
// quotes $tag$...$tag$, "quoted" and U&"quoted" identifiers, -- and
// nested /* */ comments — and requires that
//
//   - the text holds SQL, and every string, identifier and comment in it
//     ends (a -- comment included: it needs its line break, or it would
//     hide the SQL rendered after it);
//   - no ; stands outside quotes and comments;
//   - parentheses and brackets pair up: none closes what the text did
//     not open, and all are closed at the end;
//   - no comma stands outside parentheses;
//   - the text passes these checks also when read with
//     standard_conforming_strings off, where a backslash in '...' escapes
//     the next character: '\' (one backslash) ends there only when the
//     setting is on, so it is refused; write it as E'\\', which reads the
//     same either way.
//
// Rendering wraps an expression in parentheses (DEFAULT (expr), CHECK
// (expr), WHERE (expr)) and index keys sit in the key list's, so a text
// that passes stays in its slot; whether it is a valid expression is
// left to PostgreSQL. A [FragmentType] must also have the shape of a type
// name: a name, "schema.name" or several words such as "double
// precision" or "timestamp(3) with time zone", whose parts are
// identifiers or quoted identifiers; modifiers in parentheses holding
// integers or identifiers, separated by commas; then array bounds, [] or
// [10]. A word that starts another clause (NOT, NULL, DEFAULT, CHECK,
// REFERENCES, COLLATE, CONSTRAINT, PRIMARY, UNIQUE, GENERATED, USING, ON,
// AS, ...) is refused. A [FragmentAction] must be exactly one of
// CASCADE, RESTRICT, SET NULL, SET DEFAULT and NO ACTION, in any case.
//
// A [FragmentStatement] is run as a statement of its own: it must start
// with CREATE, and commas may stand anywhere; a ; outside quotes and
// comments is refused except between BEGIN ATOMIC (outside parentheses)
// and its END in a CREATE FUNCTION or PROCEDURE (a SQL-standard body, BEGIN ATOMIC ... END, read
// as psql reads it), so that the text is one statement. A
// [FragmentArguments] sits between the parentheses of DROP FUNCTION
// name(...): commas may stand anywhere, the other rules hold.
func CheckFragment(f Fragment) error {
	if f.Kind == FragmentAction {
		if _, ok := ReferentialAction(f.Text); !ok {
			return &FragmentError{Fragment: f, Problems: []FragmentProblem{{Msg: "a referential action must be one of CASCADE, RESTRICT, SET NULL, SET DEFAULT and NO ACTION"}}}
		}
		return nil
	}
	probs := fragmentProblems(f.Kind, f.Text, true)
	if len(probs) == 0 && strings.IndexByte(f.Text, '\\') >= 0 {
		if off := fragmentProblems(f.Kind, f.Text, false); len(off) > 0 {
			probs = []FragmentProblem{{Offset: off[0].Offset, Msg: "with standard_conforming_strings off, where a backslash in '...' escapes the next character, " + off[0].Msg +
				"; write a string that holds a backslash as E'...' with the backslash doubled, which reads the same either way"}}
		}
	}
	if len(probs) > 0 {
		return &FragmentError{Fragment: f, Problems: probs}
	}
	return nil
}

// fragmentProblems checks text as a fragment of kind, reading strings as
// standard says (see [lexSQL]).
func fragmentProblems(kind FragmentKind, text string, standard bool) []FragmentProblem {
	toks, probs := lexSQL(text, standard)
	if len(toks) == 0 && len(probs) == 0 {
		return []FragmentProblem{{Msg: "there is no SQL, only white space or comments"}}
	}
	var open []sqlToken
	// A function or procedure with a SQL-standard body (BEGIN ATOMIC
	// ... END) holds semicolons between BEGIN and its END, as psql
	// reads it: BEGIN and CASE open a block there, END closes one.
	atomic, depth := kind == FragmentStatement && routineStatement(toks), 0
	if kind == FragmentStatement && (len(toks) == 0 || toks[0].kind != tokWord || !strings.EqualFold(toks[0].text, "create")) {
		probs = append(probs, FragmentProblem{0, "a definition is one CREATE statement"})
	}
	for i, t := range toks {
		if atomic && t.kind == tokWord && (len(open) == 0 || depth > 0) {
			switch strings.ToLower(t.text) {
			case "begin":
				if depth > 0 || (i+1 < len(toks) && toks[i+1].kind == tokWord && strings.EqualFold(toks[i+1].text, "atomic")) {
					depth++
				}
			case "case":
				if depth > 0 {
					depth++
				}
			case "end":
				if depth > 0 {
					depth--
				}
			}
		}
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case ";":
			if depth > 0 {
				continue
			}
			probs = append(probs, FragmentProblem{t.off, "a ; outside quotes would end the statement"})
		case "(", "[":
			open = append(open, t)
		case ")", "]":
			want := map[string]string{")": "(", "]": "["}[t.text]
			switch {
			case len(open) == 0:
				probs = append(probs, FragmentProblem{t.off, fmt.Sprintf("this %s closes a parenthesis or bracket that the text did not open, so it would close the SQL around the text", t.text)})
			case open[len(open)-1].text != want:
				probs = append(probs, FragmentProblem{t.off, fmt.Sprintf("this %s closes the %s at byte %d", t.text, open[len(open)-1].text, open[len(open)-1].off)})
				open = open[:len(open)-1]
			default:
				open = open[:len(open)-1]
			}
		case ",":
			if len(open) == 0 && kind != FragmentStatement && kind != FragmentArguments {
				probs = append(probs, FragmentProblem{t.off, "a comma outside parentheses would start another item of the list around the text"})
			}
		}
	}
	for _, t := range open {
		probs = append(probs, FragmentProblem{t.off, fmt.Sprintf("this %s is not closed", t.text)})
	}
	if kind == FragmentType && len(probs) == 0 {
		probs = typeProblems(toks)
	}
	if (kind == FragmentPartitionKey || kind == FragmentPartitionBound) && len(probs) == 0 {
		probs = partitionProblems(kind, toks)
	}
	slices.SortStableFunc(probs, func(a, b FragmentProblem) int { return a.Offset - b.Offset })
	return probs
}

// partitionProblems checks the shape of a partition key or bound (see
// [FragmentPartitionKey], [FragmentPartitionBound]) on tokens whose
// parentheses pair up: outside parentheses it holds only its key words,
// each group of parentheses in its place.
func partitionProblems(kind FragmentKind, toks []sqlToken) []FragmentProblem {
	// shape is what stands outside parentheses, in order: a word, or
	// "(" for a parenthesized group.
	var shape []string
	var offs []int
	depth := 0
	for _, t := range toks {
		switch {
		case t.isPunct("("):
			if depth == 0 {
				shape, offs = append(shape, "("), append(offs, t.off)
			}
			depth++
		case t.isPunct(")"):
			depth--
		case depth == 0:
			w := t.text
			if t.kind == tokWord {
				w = strings.ToLower(w)
			} else {
				w = "?" + w
			}
			shape, offs = append(shape, w), append(offs, t.off)
		}
	}
	got := strings.Join(shape, " ")
	var want []string
	var msg string
	if kind == FragmentPartitionKey {
		want = []string{"range (", "list (", "hash ("}
		msg = "a partition key is RANGE, LIST or HASH followed by its keys in parentheses"
	} else {
		want = []string{"default", "for values from ( to (", "for values in (", "for values with ("}
		msg = "a partition bound is DEFAULT or FOR VALUES followed by FROM (...) TO (...), IN (...) or WITH (...)"
	}
	if slices.Contains(want, got) {
		return nil
	}
	off := 0
	if len(offs) > 0 {
		off = offs[0]
	}
	return []FragmentProblem{{off, msg}}
}

// routineStatement reports whether toks start CREATE [OR REPLACE]
// FUNCTION or PROCEDURE.
func routineStatement(toks []sqlToken) bool {
	var words []string
	for _, t := range toks {
		if t.kind != tokWord || len(words) == 4 {
			break
		}
		words = append(words, strings.ToLower(t.text))
	}
	for _, w := range words[min(1, len(words)):] {
		switch w {
		case "function", "procedure":
			return true
		case "or", "replace":
		default:
			return false
		}
	}
	return false
}

// typeFollowWords are the words that may follow the first word of a type
// name: double precision, character varying, bit varying, national
// character, timestamp/time with(out) time zone, the fields of interval,
// and ARRAY.
var typeFollowWords = map[string]bool{
	"precision": true, "varying": true, "character": true, "char": true,
	"with": true, "without": true, "time": true, "zone": true,
	"year": true, "month": true, "day": true, "hour": true, "minute": true, "second": true, "to": true,
	"array": true,
}

// clauseWords are key words that start another clause of a column
// definition or of an ALTER TABLE action, or another statement: a type
// name never holds one unquoted.
var clauseWords = map[string]bool{
	"not": true, "null": true, "default": true, "check": true, "references": true,
	"collate": true, "constraint": true, "primary": true, "unique": true, "generated": true,
	"using": true, "on": true, "as": true, "deferrable": true, "initially": true,
	"exclude": true, "foreign": true, "key": true, "stored": true, "always": true,
	"identity": true, "compression": true, "storage": true, "for": true, "match": true,
	"set": true, "drop": true, "add": true, "alter": true, "rename": true, "cascade": true,
	"restrict": true, "select": true, "from": true, "where": true, "commit": true,
	"rollback": true, "begin": true, "end": true, "grant": true, "revoke": true,
	"create": true, "insert": true, "update": true, "delete": true, "truncate": true,
}

// typeProblems checks the shape of a type name (see [CheckFragment]) on
// tokens whose parentheses pair up and that hold no ; or top-level comma.
func typeProblems(toks []sqlToken) []FragmentProblem {
	var probs []FragmentProblem
	bad := func(t sqlToken, format string, args ...any) {
		probs = append(probs, FragmentProblem{t.off, fmt.Sprintf(format, args...)})
	}
	// Where the walk is: a name part is wanted (at the start and after a
	// dot); after a part (a dot, modifiers, a word, array bounds or the
	// end may follow); after a follow word or modifiers (no dot); in the
	// array bounds (only more bounds).
	const (
		wantPart = iota
		afterPart
		afterWord
		afterMods
		inBounds
	)
	state := wantPart
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		word := strings.ToLower(t.text)
		switch {
		case t.kind == tokWord && clauseWords[word]:
			bad(t, "%s would start another clause; a type name holds none (quote it if it names the type)", strings.ToUpper(word))
			return probs
		case t.kind == tokWord || t.kind == tokQuoted:
			switch {
			case state == wantPart:
				state = afterPart
			case t.kind == tokWord && typeFollowWords[word] && state != inBounds:
				state = afterWord
			default:
				bad(t, "%s cannot follow the type name here", t.text)
				return probs
			}
		case t.isPunct("."):
			if state != afterPart {
				bad(t, "a dot must stand between the parts of a qualified name")
				return probs
			}
			state = wantPart
		case t.isPunct("("):
			if state != afterPart && state != afterWord {
				bad(t, "modifiers in parentheses must follow the type name")
				return probs
			}
			end, msg := modifiersEnd(toks, i)
			if msg != "" {
				bad(toks[end], "%s", msg)
				return probs
			}
			i = end
			state = afterMods
		case t.isPunct("["):
			if state == wantPart {
				bad(t, "array bounds must follow the type name")
				return probs
			}
			j := i + 1
			if j < len(toks) && toks[j].kind == tokNumber && isInteger(toks[j].text) {
				j++
			}
			if j >= len(toks) || !toks[j].isPunct("]") {
				bad(t, "array bounds hold one integer at most, as in [] or [10]")
				return probs
			}
			i = j
			state = inBounds
		default:
			bad(t, "%s has no place in a type name", t.text)
			return probs
		}
	}
	if state == wantPart {
		probs = append(probs, FragmentProblem{len(toks[len(toks)-1].text) + toks[len(toks)-1].off, "the type name ends with a dot"})
	}
	return probs
}

// modifiersEnd checks the modifiers of a type from the ( at toks[i]:
// integers (with a sign) or identifiers, separated by commas. It returns
// the index of the closing ), or the index of the offending token and a
// message.
func modifiersEnd(toks []sqlToken, i int) (int, string) {
	j := i + 1
	for {
		if j < len(toks) && (toks[j].isPunct("-") || toks[j].isPunct("+")) {
			j++
			if j >= len(toks) || toks[j].kind != tokNumber {
				return j - 1, "a sign in type modifiers must come before an integer"
			}
		}
		if j >= len(toks) {
			return i, "the type modifiers are not closed"
		}
		switch t := toks[j]; {
		case t.kind == tokNumber && isInteger(t.text), t.kind == tokWord && !clauseWords[strings.ToLower(t.text)]:
		default:
			return j, "type modifiers hold integers or identifiers separated by commas, as in numeric(12,2)"
		}
		j++
		switch {
		case j < len(toks) && toks[j].isPunct(","):
			j++
		case j < len(toks) && toks[j].isPunct(")"):
			return j, ""
		default:
			return min(j, len(toks)-1), "type modifiers hold integers or identifiers separated by commas, as in numeric(12,2)"
		}
	}
}

func isInteger(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// referentialActions are the referential actions of a foreign key, as
// rendered.
var referentialActions = []string{"CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION"}

// ReferentialAction returns the referential action of a foreign key
// that s names (in any case, words separated by any white space) as SQL
// spells it, "SET NULL", and whether s names one of CASCADE, RESTRICT,
// SET NULL, SET DEFAULT and NO ACTION.
func ReferentialAction(s string) (string, bool) {
	norm := strings.ToUpper(strings.Join(strings.Fields(s), " "))
	for _, a := range referentialActions {
		if norm == a {
			return a, true
		}
	}
	return "", false
}
