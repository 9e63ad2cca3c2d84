package change

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// ColumnProblem is an attribute of a column that a change carries which
// cannot render: sequence options or a collation that do not parse,
// attributes that contradict each other (see [schema.Column.Validate]),
// or a USING expression still [schema.UsingPlaceholder].
type ColumnProblem struct {
	// Text is the offending text, for pointing at it in a file.
	Text string
	// Err says what is wrong, naming the column.
	Err error
}

// ColumnProblems returns the problems of the columns that c carries (see
// [ColumnProblem]); none when they render. [Problems] includes them, as
// does the tool's own check of migration files.
func ColumnProblems(c Change) []ColumnProblem {
	var out []ColumnProblem
	// using says whether a column's Using renders: To's of an
	// [AlterColumn]. From's is its reverse's, checked when the reverse
	// is.
	check := func(t schema.QualifiedName, col *schema.Column, using bool) {
		if col == nil {
			return
		}
		if using && col.Using == schema.UsingPlaceholder {
			out = append(out, ColumnProblem{Text: col.Using, Err: fmt.Errorf("column %q of table %s: the USING expression that converts the old values to %s is still to be written: replace the placeholder %q with it", col.Name, t, col.Type, col.Using)})
		}
		if err := col.Validate(); err != nil {
			// Point at the collation when it alone is wrong, else at the
			// sequence options.
			text := col.SequenceOptions
			if rest := *col; col.Collation != "" {
				rest.Collation = ""
				if rest.Validate() == nil {
					text = col.Collation
				}
			}
			out = append(out, ColumnProblem{Text: text, Err: fmt.Errorf("column %q of table %s: %w", col.Name, t, err)})
		}
	}
	table := func(t *schema.Table) {
		if t != nil {
			for _, col := range t.Columns {
				check(t.QualifiedName(), col, false)
			}
		}
	}
	switch c := c.(type) {
	case CreateTable:
		table(c.Table)
	case DropTable:
		table(c.Table)
	case AddColumn:
		check(c.Table, c.Column, false)
	case DropColumn:
		check(c.Table, c.Column, false)
	case AlterColumn:
		check(c.Table, c.From, false)
		check(c.Table, c.To, true)
	case Execute:
		for _, e := range c.Effects {
			out = append(out, ColumnProblems(e)...)
		}
	default:
		// Changes of other kinds carry no column.
	}
	return out
}

// renderedColumnProblems returns the problems of the columns whose
// definitions [SQL] renders: not those that a drop removes, nor the old
// definition of an altered column.
func renderedColumnProblems(c Change) []ColumnProblem {
	switch c := c.(type) {
	case DropTable, DropColumn:
		return nil
	case AlterColumn:
		return ColumnProblems(AlterColumn{Table: c.Table, To: c.To})
	default:
		return ColumnProblems(c)
	}
}

// sequenceName returns the qualified name of the sequence of serial
// column c of table t.
func sequenceName(t schema.QualifiedName, c *schema.Column) schema.QualifiedName {
	return schema.QualifiedName{Schema: t.Schema, Name: c.Sequence}
}

// resolvedSequence returns the options of c's sequence with every
// default filled in. c was validated ([ColumnProblems]) before rendering;
// options that do not parse count as none.
func resolvedSequence(c *schema.Column) schema.ResolvedSequence {
	o, err := schema.ParseSequenceOptions(c.SequenceOptions)
	if err != nil {
		o = schema.SequenceOptions{}
	}
	r, err := o.Resolve(c.Type)
	if err != nil {
		r, _ = schema.SequenceOptions{As: o.As}.Resolve(c.Type)
	}
	return r
}

// nextvalSQL renders the default of serial column c of table t.
func nextvalSQL(t schema.QualifiedName, c *schema.Column) string {
	return "nextval(" + schema.QuoteLiteral(schema.QuoteQualified(sequenceName(t, c))) + "::regclass)"
}

// createSequenceSQL renders the creation of the sequence of serial
// column c of table t, every option spelled out.
func createSequenceSQL(t schema.QualifiedName, c *schema.Column) string {
	return "CREATE SEQUENCE " + schema.QuoteQualified(sequenceName(t, c)) + " " + strings.Join(resolvedSequence(c).Clauses(true), " ")
}

// ownedBySQL renders ALTER SEQUENCE ... OWNED BY the column c of t, which
// drops the sequence with the column (or table).
func ownedBySQL(t schema.QualifiedName, c *schema.Column) string {
	return "ALTER SEQUENCE " + schema.QuoteQualified(sequenceName(t, c)) + " OWNED BY " + schema.QuoteQualified(t) + "." + schema.QuoteIdent(c.Name)
}

// setvalSQL renders the statement that makes seq (an expression giving
// its regclass) go on after the largest value column col of t holds, for
// a column that starts taking its values from a sequence while rows
// hold values already: without it, nextval would give values the table
// holds. It does nothing on an empty table, for a sequence that counts
// down, when the largest value lies below the sequence's start (the
// sequence then starts there, past every value) or at or above its upper
// limit.
func setvalSQL(t schema.QualifiedName, col string, seq string, r schema.ResolvedSequence) string {
	if r.Increment < 0 {
		return ""
	}
	return fmt.Sprintf("SELECT pg_catalog.setval(%s, m) FROM (SELECT max(%s) AS m FROM %s) AS s WHERE m >= %d AND m < %d",
		seq, schema.QuoteIdent(col), schema.QuoteQualified(t), r.Start, r.MaxValue)
}

// identitySQL renders the identity clause of c: GENERATED ALWAYS or BY
// DEFAULT AS IDENTITY, with its sequence options spelled out when it has
// any.
func identitySQL(c *schema.Column) string {
	s := "GENERATED BY DEFAULT AS IDENTITY"
	if c.IdentityAlways {
		s = "GENERATED ALWAYS AS IDENTITY"
	}
	if c.SequenceOptions != "" {
		s += " (" + strings.Join(resolvedSequence(c).Clauses(false), " ") + ")"
	}
	return s
}

// collateSQL renders the COLLATE clause of c, or "" for its type's
// default collation.
func collateSQL(c *schema.Column) string {
	if c.Collation == "" {
		return ""
	}
	q, err := schema.ParseCollation(c.Collation)
	if err != nil {
		return "" // refused before rendering ([ColumnProblems])
	}
	return " COLLATE " + schema.QuoteCollation(q)
}

// alterColumnSQL renders the differences between From and To: a
// statement or two before the ALTER TABLE (an identity dropped before a
// type change, a serial column's sequence renamed or created), one ALTER
// TABLE, and statements after it (a sequence dropped, altered, owned or
// moved past the values the rows hold). A default is dropped before a
// type change and set after it, since the old default may not cast to
// the new type. A type change has USING To.Using when it is given, else
// only when PostgreSQL has no assignment conversion (see [assignable]).
func alterColumnSQL(c AlterColumn) ([]string, error) {
	from, to := c.From, c.To
	if from == nil || to == nil || from.Name != to.Name {
		return nil, fmt.Errorf("change: render alter column on %s: From and To must name the same column", c.Table)
	}
	table := "ALTER TABLE " + schema.QuoteQualified(c.Table) + " "
	col := "ALTER COLUMN " + schema.QuoteIdent(to.Name) + " "
	var actions, first, after []string
	typeChanged := from.Type != to.Type || from.Collation != to.Collation
	if from.Identity && !to.Identity {
		if typeChanged || to.Sequence != "" {
			// PostgreSQL checks the new type of an identity column
			// before it drops the identity in the same statement
			// ("identity column type must be smallint, integer, or
			// bigint"): the identity goes first, on its own; and
			// first too before a serial sequence, which would
			// otherwise take its sequence's name.
			first = append(first, table+col+"DROP IDENTITY")
		} else {
			actions = append(actions, col+"DROP IDENTITY")
		}
	}
	// A serial column's sequence: renamed, created, dropped or altered.
	seqFrom, seqTo := from.Sequence, to.Sequence
	switch {
	case seqFrom != "" && seqTo != "":
		if seqFrom != seqTo {
			first = append(first, "ALTER SEQUENCE "+schema.QuoteQualified(sequenceName(c.Table, from))+" RENAME TO "+schema.QuoteIdent(seqTo))
		}
		if rf, rt := resolvedSequence(from), resolvedSequence(to); rf != rt {
			seq := schema.QuoteQualified(sequenceName(c.Table, to))
			after = append(after, alterSequenceSQL(schema.QuoteLiteral(seq)+"::regclass", "ALTER SEQUENCE "+seq+" ", rt.Clauses(true), rf, rt))
		}
	case seqFrom != "":
		actions = append(actions, col+"DROP DEFAULT")
		after = append(after, "DROP SEQUENCE "+schema.QuoteQualified(sequenceName(c.Table, from)))
	case seqTo != "":
		first = append(first, createSequenceSQL(c.Table, to))
	}
	if from.Default != "" && (from.Default != to.Default || typeChanged) {
		actions = append(actions, col+"DROP DEFAULT")
	}
	if typeChanged {
		// A plain TYPE converts as an assignment does, which refuses to
		// cut a value: varchar(20) to varchar(10) fails with "value too
		// long" rather than truncating. USING casts explicitly, which may
		// cut silently, so it is only for changes that PostgreSQL has no
		// assignment conversion for, such as text to integer, or for the
		// expression the author wrote.
		act := col + "TYPE " + to.Type + collateSQL(to)
		switch {
		case to.Using != "":
			act += " USING (" + to.Using + ")"
		case !assignable(from.Type, to.Type):
			act += " USING " + usingCast(schema.QuoteIdent(to.Name), from.Type, to.Type)
		}
		actions = append(actions, act)
	}
	if to.Default != "" && (from.Default != to.Default || typeChanged) {
		actions = append(actions, col+"SET DEFAULT ("+to.Default+")")
	}
	if seqTo != "" && seqFrom == "" {
		actions = append(actions, col+"SET DEFAULT "+nextvalSQL(c.Table, to))
		seq := schema.QuoteLiteral(schema.QuoteQualified(sequenceName(c.Table, to))) + "::regclass"
		if s := setvalSQL(c.Table, to.Name, seq, resolvedSequence(to)); s != "" {
			after = append(after, s)
		}
		after = append(after, ownedBySQL(c.Table, to))
	}
	if from.Nullable && !to.Nullable {
		actions = append(actions, col+"SET NOT NULL")
	}
	if !from.Nullable && to.Nullable {
		actions = append(actions, col+"DROP NOT NULL")
	}
	if from.Identity && to.Identity {
		var set []string
		if from.IdentityAlways != to.IdentityAlways {
			if to.IdentityAlways {
				set = append(set, "SET GENERATED ALWAYS")
			} else {
				set = append(set, "SET GENERATED BY DEFAULT")
			}
		}
		fo, _ := schema.CanonicalSequenceOptions(from.Type, from.SequenceOptions)
		toOpts, _ := schema.CanonicalSequenceOptions(to.Type, to.SequenceOptions)
		var opts []string
		if fo != toOpts {
			for _, cl := range resolvedSequence(to).Clauses(false) {
				opts = append(opts, "SET "+cl)
			}
		}
		switch {
		case len(opts) > 0:
			// Run after the type change, which changes the sequence's
			// type (and limits) with it.
			after = append(after, alterSequenceSQL(identitySequence(c.Table, to.Name), table+col, append(set, opts...), resolvedSequence(from), resolvedSequence(to)))
		case len(set) > 0:
			actions = append(actions, col+strings.Join(set, " "))
		}
	}
	if !from.Identity && to.Identity {
		if seqFrom != "" {
			// After the serial sequence is dropped, whose name the
			// identity's sequence takes.
			after = append(after, table+col+"ADD "+identitySQL(to))
		} else {
			actions = append(actions, col+"ADD "+identitySQL(to))
		}
		// The sequence goes on after the values the rows hold.
		if s := setvalSQL(c.Table, to.Name, identitySequence(c.Table, to.Name), resolvedSequence(to)); s != "" {
			after = append(after, s)
		}
	}
	out := first
	if len(actions) > 0 {
		out = append(out, table+strings.Join(actions, ", "))
	}
	return append(out, after...), nil
}

// identitySequence renders the expression that gives the regclass of
// the sequence of identity column col of table t, which PostgreSQL
// names itself.
func identitySequence(t schema.QualifiedName, col string) string {
	return "pg_catalog.pg_get_serial_sequence(" + schema.QuoteLiteral(schema.QuoteQualified(t)) + ", " + schema.QuoteLiteral(col) + ")::regclass"
}

// alterSequenceSQL renders prefix followed by clauses, which changes the
// options of the sequence seq (an expression giving its regclass) from
// rf to rt. When the limits shrink, the sequence's current value may fall
// outside the new ones, which PostgreSQL refuses unless the sequence
// restarts: the statement is then a DO block that adds RESTART WITH the
// nearest limit only when the value, read at run time, lies outside
// them.
func alterSequenceSQL(seq, prefix string, clauses []string, rf, rt schema.ResolvedSequence) string {
	stmt := prefix + strings.Join(clauses, " ")
	if rt.MinValue <= rf.MinValue && rt.MaxValue >= rf.MaxValue {
		return stmt
	}
	const restart = " RESTART WITH "
	lit := schema.QuoteLiteral
	return dollarDo(strings.Join([]string{
		"DECLARE",
		"	_v bigint;",
		"BEGIN",
		"	EXECUTE pg_catalog.format('SELECT last_value FROM %s', " + seq + ") INTO _v;",
		fmt.Sprintf("	IF _v < %d THEN", rt.MinValue),
		"		EXECUTE " + lit(stmt+restart+strconv.FormatInt(rt.MinValue, 10)) + ";",
		fmt.Sprintf("	ELSIF _v > %d THEN", rt.MaxValue),
		"		EXECUTE " + lit(stmt+restart+strconv.FormatInt(rt.MaxValue, 10)) + ";",
		"	ELSE",
		"		EXECUTE " + lit(stmt) + ";",
		"	END IF;",
		"END",
	}, "\n"))
}
