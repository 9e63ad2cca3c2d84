package migrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
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
	}
	return fmt.Sprintf("FragmentKind(%d)", int(k))
}

// Fragment is a piece of SQL text that a change carries and that SQL
// rendering pastes into a statement as it is: it must be exactly one
// thing of its Kind, or it could end the statement and start another.
// [CheckFragment] checks it; [SQL] refuses a change holding one that the
// check refuses.
type Fragment struct {
	Kind FragmentKind
	// Where says what the text is, for messages: `default of column
	// "email" of table users`.
	Where string
	// Text is the SQL text.
	Text string
}

// Name is an identifier that a change names, with what it names.
type Name struct {
	// Where says what the name names, for messages: "column of table users".
	Where string
	// Name is the identifier.
	Name string
}

// Fragments returns the SQL text that c carries, other than names and
// literals, which rendering quotes: types, defaults, expressions, index
// keys and predicates, referential actions. The SQL of [Execute] is not
// among them: it is raw by design.
func Fragments(c Change) []Fragment {
	var fs fragmentList
	switch c := c.(type) {
	case CreateTable:
		if c.Table != nil {
			fs.table(c.Table)
		}
	case DropTable:
		if c.Table != nil {
			fs.table(c.Table)
		}
	case AddColumn:
		fs.column(c.Table, c.Column)
	case DropColumn:
		fs.column(c.Table, c.Column)
	case AlterColumn:
		fs.column(c.Table, c.From)
		fs.column(c.Table, c.To)
	case AddForeignKey:
		fs.foreignKey(c.Table, c.ForeignKey)
	case DropForeignKey:
		fs.foreignKey(c.Table, c.ForeignKey)
	case CreateIndex:
		fs.index(c.Table, c.Index)
	case DropIndex:
		fs.index(c.Table, c.Index)
	case AlterEnum:
		for _, col := range c.Columns {
			where := fmt.Sprintf("default of column %q of table %s", col.Column, col.Table)
			fs.add(FragmentExpr, where, col.Default)
			fs.add(FragmentExpr, "old "+where, col.OldDefault)
		}
	case AddCheck:
		fs.check(c.Table, c.Check)
	case DropCheck:
		fs.check(c.Table, c.Check)
	case CreateSchema, DropSchema, AddPrimaryKey, DropPrimaryKey, AddUnique, DropUnique,
		CreateEnum, DropEnum, ValidateConstraint, SetTableComment, SetColumnComment,
		RenameTable, RenameColumn, RenameIndex, RenameConstraint:
		// Names and literals only: rendering quotes them.
	case Execute, RunGo:
		// Raw SQL and Go code: reviewed, never checked.
	}
	return fs
}

// Names returns every identifier that c names: schemas, tables, columns,
// constraints, indexes, enums. Each must pass [schema.CheckIdentifier].
func Names(c Change) []Name {
	var ns nameList
	switch c := c.(type) {
	case CreateSchema:
		ns.add("schema", c.Name)
	case DropSchema:
		ns.add("schema", c.Name)
	case CreateTable:
		ns.table(c.Table)
	case DropTable:
		ns.table(c.Table)
	case AddColumn:
		ns.qualified("table", c.Table)
		ns.column(c.Table, c.Column)
	case DropColumn:
		ns.qualified("table", c.Table)
		ns.column(c.Table, c.Column)
	case AlterColumn:
		ns.qualified("table", c.Table)
		ns.column(c.Table, c.From)
		ns.column(c.Table, c.To)
	case AddPrimaryKey:
		ns.qualified("table", c.Table)
		ns.primaryKey(c.Table, c.PrimaryKey)
	case DropPrimaryKey:
		ns.qualified("table", c.Table)
		ns.primaryKey(c.Table, c.PrimaryKey)
	case AddUnique:
		ns.qualified("table", c.Table)
		ns.unique(c.Table, c.Unique)
	case DropUnique:
		ns.qualified("table", c.Table)
		ns.unique(c.Table, c.Unique)
	case AddForeignKey:
		ns.qualified("table", c.Table)
		ns.foreignKey(c.Table, c.ForeignKey)
	case DropForeignKey:
		ns.qualified("table", c.Table)
		ns.foreignKey(c.Table, c.ForeignKey)
	case CreateIndex:
		ns.qualified("table", c.Table)
		ns.index(c.Table, c.Index)
	case DropIndex:
		ns.qualified("table", c.Table)
		ns.index(c.Table, c.Index)
	case CreateEnum:
		ns.enum(c.Enum)
	case DropEnum:
		ns.enum(c.Enum)
	case AlterEnum:
		ns.qualified("enum", c.Enum)
		for _, col := range c.Columns {
			t := schema.ParseQualifiedName(col.Table)
			ns.qualified("table", t)
			ns.add("column of table "+t.String(), col.Column)
		}
	case AddCheck:
		ns.qualified("table", c.Table)
		ns.check(c.Table, c.Check)
	case DropCheck:
		ns.qualified("table", c.Table)
		ns.check(c.Table, c.Check)
	case ValidateConstraint:
		ns.qualified("table", c.Table)
		ns.add("constraint of table "+c.Table.String(), c.Name)
	case SetTableComment:
		ns.qualified("table", c.Table)
	case SetColumnComment:
		ns.qualified("table", c.Table)
		ns.add("column of table "+c.Table.String(), c.Column)
	case RenameTable:
		ns.qualified("table", c.From)
		ns.qualified("table", c.To)
	case RenameColumn:
		ns.qualified("table", c.Table)
		ns.add("column of table "+c.Table.String(), c.From)
		ns.add("column of table "+c.Table.String(), c.To)
	case RenameIndex:
		ns.qualified("table", c.Table)
		ns.add("index of table "+c.Table.String(), c.From)
		ns.add("index of table "+c.Table.String(), c.To)
	case RenameConstraint:
		ns.qualified("table", c.Table)
		ns.add("constraint of table "+c.Table.String(), c.From)
		ns.add("constraint of table "+c.Table.String(), c.To)
	case Execute, RunGo:
		// They name nothing that rendering uses.
	}
	return ns
}

// fragmentList collects the fragments of a change.
type fragmentList []Fragment

func (fs *fragmentList) add(kind FragmentKind, where, text string) {
	if text != "" {
		*fs = append(*fs, Fragment{Kind: kind, Where: where, Text: text})
	}
}

func (fs *fragmentList) table(t *Table) {
	q := t.QualifiedName()
	for _, c := range t.Columns {
		fs.column(q, c)
	}
	for _, fk := range t.ForeignKeys {
		fs.foreignKey(q, fk)
	}
	for _, ck := range t.Checks {
		fs.check(q, ck)
	}
	for _, ix := range t.Indexes {
		fs.index(q, ix)
	}
}

func (fs *fragmentList) column(t QualifiedName, c *Column) {
	if c == nil {
		return
	}
	of := fmt.Sprintf("column %q of table %s", c.Name, t)
	fs.add(FragmentType, "type of "+of, c.Type)
	fs.add(FragmentExpr, "default of "+of, c.Default)
	fs.add(FragmentExpr, "generated expression of "+of, c.Generated)
}

func (fs *fragmentList) foreignKey(t QualifiedName, fk *ForeignKey) {
	if fk == nil {
		return
	}
	of := fmt.Sprintf("foreign key %q of table %s", fk.Name, t)
	fs.add(FragmentAction, "ON DELETE action of "+of, fk.OnDelete)
	fs.add(FragmentAction, "ON UPDATE action of "+of, fk.OnUpdate)
}

func (fs *fragmentList) check(t QualifiedName, ck *Check) {
	if ck != nil {
		fs.add(FragmentExpr, fmt.Sprintf("expression of check %q of table %s", ck.Name, t), ck.Expr)
	}
}

func (fs *fragmentList) index(t QualifiedName, ix *Index) {
	if ix == nil {
		return
	}
	of := fmt.Sprintf("index %q of table %s", ix.Name, t)
	for i, k := range ix.Keys {
		fs.add(FragmentIndexKey, fmt.Sprintf("key %d of %s", i+1, of), k)
	}
	fs.add(FragmentExpr, "predicate of "+of, ix.Where)
}

// nameList collects the names of a change.
type nameList []Name

func (ns *nameList) add(where, name string) {
	*ns = append(*ns, Name{Where: where, Name: name})
}

// qualified adds the parts of q; an empty schema is the default one.
func (ns *nameList) qualified(what string, q QualifiedName) {
	if q.Schema != "" {
		ns.add("schema of "+what+" "+q.String(), q.Schema)
	}
	ns.add(what, q.Name)
}

func (ns *nameList) table(t *Table) {
	if t == nil {
		return
	}
	q := t.QualifiedName()
	ns.qualified("table", q)
	for _, c := range t.Columns {
		ns.column(q, c)
	}
	ns.primaryKey(q, t.PrimaryKey)
	for _, u := range t.Uniques {
		ns.unique(q, u)
	}
	for _, fk := range t.ForeignKeys {
		ns.foreignKey(q, fk)
	}
	for _, ck := range t.Checks {
		ns.check(q, ck)
	}
	for _, ix := range t.Indexes {
		ns.index(q, ix)
	}
}

func (ns *nameList) column(t QualifiedName, c *Column) {
	if c != nil {
		ns.add("column of table "+t.String(), c.Name)
	}
}

func (ns *nameList) columns(what string, cols []string) {
	for _, c := range cols {
		ns.add("column of "+what, c)
	}
}

func (ns *nameList) primaryKey(t QualifiedName, pk *PrimaryKey) {
	if pk != nil {
		ns.add("primary key of table "+t.String(), pk.Name)
		ns.columns(fmt.Sprintf("primary key %q", pk.Name), pk.Columns)
	}
}

func (ns *nameList) unique(t QualifiedName, u *Unique) {
	if u != nil {
		ns.add("unique constraint of table "+t.String(), u.Name)
		ns.columns(fmt.Sprintf("unique constraint %q", u.Name), u.Columns)
	}
}

func (ns *nameList) foreignKey(t QualifiedName, fk *ForeignKey) {
	if fk == nil {
		return
	}
	ns.add("foreign key of table "+t.String(), fk.Name)
	what := fmt.Sprintf("foreign key %q", fk.Name)
	ns.columns(what, fk.Columns)
	// A foreign key dropped by name (op.DropForeignKey) names no
	// referenced table.
	if fk.RefTable != "" || fk.RefSchema != "" {
		ns.qualified("table referenced by "+what, fk.Ref())
	}
	ns.columns("the table referenced by "+what, fk.RefColumns)
}

func (ns *nameList) check(t QualifiedName, ck *Check) {
	if ck != nil {
		ns.add("check constraint of table "+t.String(), ck.Name)
	}
}

func (ns *nameList) index(t QualifiedName, ix *Index) {
	if ix == nil {
		return
	}
	ns.add("index of table "+t.String(), ix.Name)
	what := fmt.Sprintf("index %q", ix.Name)
	ns.columns(what, ix.Columns)
	ns.columns(what+" (INCLUDE)", ix.Include)
}

func (ns *nameList) enum(e *Enum) {
	if e != nil {
		ns.qualified("enum", e.QualifiedName())
	}
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
// [N]. A word that starts another clause (NOT, NULL, DEFAULT, CHECK,
// REFERENCES, COLLATE, CONSTRAINT, PRIMARY, UNIQUE, GENERATED, USING, ON,
// AS, ...) is refused. A [FragmentAction] must be exactly one of
// CASCADE, RESTRICT, SET NULL, SET DEFAULT and NO ACTION, in any case.
func CheckFragment(f Fragment) error {
	if f.Kind == FragmentAction {
		if _, ok := referentialAction(f.Text); !ok {
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
	for _, t := range toks {
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case ";":
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
			if len(open) == 0 {
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
	slices.SortStableFunc(probs, func(a, b FragmentProblem) int { return a.Offset - b.Offset })
	return probs
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

// referentialAction returns the action that s names (in any case, words
// separated by any white space) as rendered, and whether s names one.
func referentialAction(s string) (string, bool) {
	norm := strings.ToUpper(strings.Join(strings.Fields(s), " "))
	for _, a := range referentialActions {
		if norm == a {
			return a, true
		}
	}
	return "", false
}
