package schema

import (
	"fmt"
	"strconv"
	"strings"
)

// SequenceOptions are the options of a sequence that an identity or
// serial column takes its values from. A nil field is PostgreSQL's
// default, which depends on the sequence's type and increment (see
// [SequenceOptions.Resolve]).
//
// Its text form ([ParseSequenceOptions], [SequenceOptions.String]) is
// what [Column.SequenceOptions] holds: PostgreSQL's option words, in any
// case and order, each once: AS smallint|integer|bigint, INCREMENT [BY]
// n, START [WITH] n, MINVALUE n, NO MINVALUE, MAXVALUE n, NO MAXVALUE,
// CACHE n, CYCLE, NO CYCLE. Numbers are decimal integers, with an
// optional sign. Nothing else is accepted, and SQL is always rendered
// from the parsed values, never from the text.
type SequenceOptions struct {
	// As is the sequence's type ("smallint", "integer" or "bigint");
	// empty: the column's type. Only a serial column's sequence can have
	// a type of its own (an identity's follows its column).
	As string
	// Increment, Start, MinValue, MaxValue and Cache are nil for the
	// default.
	Increment, Start, MinValue, MaxValue, Cache *int64
	// Cycle makes the sequence wrap around at its limit.
	Cycle bool
}

// ResolvedSequence is a sequence's options with every default filled in.
type ResolvedSequence struct {
	// As is "smallint", "integer" or "bigint".
	As                                          string
	Increment, Start, MinValue, MaxValue, Cache int64
	Cycle                                       bool
}

// sequenceTypes maps the spellings of the integer types to the one
// format_type prints.
var sequenceTypes = map[string]string{
	"smallint": "smallint", "int2": "smallint", "smallserial": "smallint", "serial2": "smallint",
	"integer": "integer", "int": "integer", "int4": "integer", "serial": "integer", "serial4": "integer",
	"bigint": "bigint", "int8": "bigint", "bigserial": "bigint", "serial8": "bigint",
}

// SequenceType returns the integer type, as format_type spells it, that
// the column type typ names ("int4" and "serial" are "integer"), and
// false for a type that is not an integer type.
func SequenceType(typ string) (string, bool) {
	t, ok := sequenceTypes[strings.ToLower(strings.Join(strings.Fields(typ), " "))]
	return t, ok
}

// typeBounds returns the smallest and largest value of an integer type.
func typeBounds(typ string) (int64, int64) {
	switch typ {
	case "smallint":
		return -32768, 32767
	case "integer":
		return -2147483648, 2147483647
	}
	return -9223372036854775808, 9223372036854775807
}

// ParseSequenceOptions reads the text form of sequence options (see
// [SequenceOptions]). An empty text is no options.
func ParseSequenceOptions(text string) (SequenceOptions, error) {
	var o SequenceOptions
	words := strings.Fields(text)
	seen := map[string]bool{}
	once := func(key string) error {
		if seen[key] {
			return fmt.Errorf("sequence options %q: %s given twice", text, key)
		}
		seen[key] = true
		return nil
	}
	num := func(i int, key string) (*int64, error) {
		if i >= len(words) {
			return nil, fmt.Errorf("sequence options %q: %s needs a number", text, key)
		}
		n, err := strconv.ParseInt(words[i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("sequence options %q: %s: %q is not a 64-bit integer", text, key, words[i])
		}
		return &n, nil
	}
	for i := 0; i < len(words); i++ {
		w := strings.ToUpper(words[i])
		next := func(optional string) {
			if i+1 < len(words) && strings.EqualFold(words[i+1], optional) {
				i++
			}
		}
		var err error
		switch w {
		case "AS":
			if err = once("AS"); err != nil {
				return o, err
			}
			i++
			if i >= len(words) {
				return o, fmt.Errorf("sequence options %q: AS needs smallint, integer or bigint", text)
			}
			t, ok := SequenceType(words[i])
			if !ok {
				return o, fmt.Errorf("sequence options %q: AS %q: a sequence is smallint, integer or bigint", text, words[i])
			}
			o.As = t
		case "INCREMENT":
			if err = once(w); err != nil {
				return o, err
			}
			next("BY")
			i++
			if o.Increment, err = num(i, w); err != nil {
				return o, err
			}
			if *o.Increment == 0 {
				return o, fmt.Errorf("sequence options %q: INCREMENT must not be zero", text)
			}
		case "START":
			if err = once(w); err != nil {
				return o, err
			}
			next("WITH")
			i++
			if o.Start, err = num(i, w); err != nil {
				return o, err
			}
		case "MINVALUE", "MAXVALUE", "CACHE":
			if err = once(w); err != nil {
				return o, err
			}
			i++
			n, err := num(i, w)
			if err != nil {
				return o, err
			}
			switch w {
			case "MINVALUE":
				o.MinValue = n
			case "MAXVALUE":
				o.MaxValue = n
			default:
				if *n < 1 {
					return o, fmt.Errorf("sequence options %q: CACHE must be at least 1", text)
				}
				o.Cache = n
			}
		case "CYCLE":
			if err = once("CYCLE"); err != nil {
				return o, err
			}
			o.Cycle = true
		case "NO":
			i++
			if i >= len(words) {
				return o, fmt.Errorf("sequence options %q: NO needs CYCLE, MINVALUE or MAXVALUE", text)
			}
			switch x := strings.ToUpper(words[i]); x {
			case "CYCLE", "MINVALUE", "MAXVALUE":
				if err = once(x); err != nil {
					return o, err
				}
			default:
				return o, fmt.Errorf("sequence options %q: NO %s: want NO CYCLE, NO MINVALUE or NO MAXVALUE", text, words[i])
			}
		default:
			return o, fmt.Errorf("sequence options %q: unknown option %q (want AS, INCREMENT, START, MINVALUE, MAXVALUE, CACHE, CYCLE, NO ...)", text, words[i])
		}
	}
	return o, nil
}

// Resolve fills in PostgreSQL's defaults for a sequence of a column of
// type colType: the type is As or the column's (bigint for a type that
// is no integer type), the increment 1, the limits those of the type
// for the direction of the increment (1 and the largest value going up,
// the smallest and -1 going down), the start the lower limit going up
// and the upper going down, the cache 1. It reports limits that do not
// fit the type or each other, as CREATE SEQUENCE does.
func (o SequenceOptions) Resolve(colType string) (ResolvedSequence, error) {
	r := ResolvedSequence{As: o.As, Increment: 1, Cache: 1, Cycle: o.Cycle}
	if r.As == "" {
		var ok bool
		if r.As, ok = SequenceType(colType); !ok {
			r.As = "bigint"
		}
	}
	lo, hi := typeBounds(r.As)
	if o.Increment != nil {
		r.Increment = *o.Increment
	}
	if r.Increment > 0 {
		r.MinValue, r.MaxValue = 1, hi
	} else {
		r.MinValue, r.MaxValue = lo, -1
	}
	if o.MinValue != nil {
		r.MinValue = *o.MinValue
	}
	if o.MaxValue != nil {
		r.MaxValue = *o.MaxValue
	}
	if r.Increment > 0 {
		r.Start = r.MinValue
	} else {
		r.Start = r.MaxValue
	}
	if o.Start != nil {
		r.Start = *o.Start
	}
	if o.Cache != nil {
		r.Cache = *o.Cache
	}
	switch {
	case r.MinValue < lo || r.MaxValue > hi:
		return r, fmt.Errorf("sequence options: MINVALUE %d and MAXVALUE %d must lie within the range of %s", r.MinValue, r.MaxValue, r.As)
	case r.MinValue >= r.MaxValue:
		return r, fmt.Errorf("sequence options: MINVALUE %d must be less than MAXVALUE %d", r.MinValue, r.MaxValue)
	case r.Start < r.MinValue || r.Start > r.MaxValue:
		return r, fmt.Errorf("sequence options: START %d must lie between MINVALUE %d and MAXVALUE %d", r.Start, r.MinValue, r.MaxValue)
	}
	return r, nil
}

// String renders o in its canonical text form: the options that are
// set, in the order AS, INCREMENT, MINVALUE, MAXVALUE, START, CACHE,
// CYCLE.
func (o SequenceOptions) String() string {
	var parts []string
	if o.As != "" {
		parts = append(parts, "AS "+o.As)
	}
	add := func(key string, n *int64) {
		if n != nil {
			parts = append(parts, key+" "+strconv.FormatInt(*n, 10))
		}
	}
	add("INCREMENT", o.Increment)
	add("MINVALUE", o.MinValue)
	add("MAXVALUE", o.MaxValue)
	add("START", o.Start)
	add("CACHE", o.Cache)
	if o.Cycle {
		parts = append(parts, "CYCLE")
	}
	return strings.Join(parts, " ")
}

// CanonicalSequenceOptions returns the canonical text of the sequence
// options text of a column of type colType: only the options whose
// values differ from the defaults (see [SequenceOptions.Resolve]), AS
// only when it differs from the column's type. Two texts that give the
// same sequence have the same canonical text.
func CanonicalSequenceOptions(colType, text string) (string, error) {
	o, err := ParseSequenceOptions(text)
	if err != nil {
		return "", err
	}
	r, err := o.Resolve(colType)
	if err != nil {
		return "", err
	}
	return r.Canonical(colType).String(), nil
}

// Canonical returns the options of r that differ from the defaults of a
// sequence of a column of type colType.
func (r ResolvedSequence) Canonical(colType string) SequenceOptions {
	var o SequenceOptions
	def, err := SequenceOptions{As: r.As, Increment: &r.Increment}.Resolve(colType)
	if err != nil {
		// The limits cannot clash with the defaults of r's own type and
		// increment; keep every value.
		def = ResolvedSequence{}
	}
	if t, ok := SequenceType(colType); !ok || t != r.As {
		o.As = r.As
	}
	set := func(v, d int64) *int64 {
		if v == d {
			return nil
		}
		return &v
	}
	o.Increment = set(r.Increment, 1)
	o.MinValue = set(r.MinValue, def.MinValue)
	o.MaxValue = set(r.MaxValue, def.MaxValue)
	start := r.MinValue
	if r.Increment < 0 {
		start = r.MaxValue
	}
	o.Start = set(r.Start, start)
	o.Cache = set(r.Cache, 1)
	o.Cycle = r.Cycle
	return o
}

// Clauses renders r as the option clauses of CREATE SEQUENCE, ALTER
// SEQUENCE or an identity column, every option spelled out: INCREMENT BY
// n, MINVALUE n, MAXVALUE n, START WITH n, CACHE n and CYCLE or NO
// CYCLE; with the type AS t first when withType is set.
func (r ResolvedSequence) Clauses(withType bool) []string {
	var out []string
	if withType {
		out = append(out, "AS "+r.As)
	}
	f := func(n int64) string { return strconv.FormatInt(n, 10) }
	out = append(out, "INCREMENT BY "+f(r.Increment), "MINVALUE "+f(r.MinValue), "MAXVALUE "+f(r.MaxValue),
		"START WITH "+f(r.Start), "CACHE "+f(r.Cache))
	if r.Cycle {
		out = append(out, "CYCLE")
	} else {
		out = append(out, "NO CYCLE")
	}
	return out
}

// SerialSequenceName returns the name PostgreSQL gives the sequence of a
// serial column, table_column_seq, cut as PostgreSQL's makeObjectName
// cuts it to fit [MaxIdentifierLength] bytes: the longer of the two
// names loses a byte at a time (the column's on a tie), without
// splitting a UTF-8 sequence. (PostgreSQL adds a number when the name is
// taken; package catalog reads the name a database holds.)
func SerialSequenceName(table, column string) string {
	n1, n2 := len(table), len(column)
	avail := MaxIdentifierLength - len("_seq") - 1
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	return truncate(table, n1) + "_" + truncate(column, n2) + "_seq"
}

// UsingPlaceholder is the USING expression that the differ writes in a
// change of a column's type that PostgreSQL has no conversion for
// (bigint to timestamp): the author of the migration replaces it with an
// expression that converts the old value. It is no SQL expression, and
// a change holding it is refused before anything runs (see
// [Column.Using]).
const UsingPlaceholder = "<TODO: write the USING expression that converts the old value>"

// CollationName spells the collation name of the schema nsp as
// [Column.Collation] holds it: the name quoted by [QuoteIdent] for a
// collation of pg_catalog or [DefaultSchema], which the search_path
// reaches, else "schema"."name" (`"C"`, `"en_US.utf8"`, `"default"`,
// `"myschema"."mine"`). Quoting every part keeps the spelling one and
// keeps keywords ("default") names.
func CollationName(nsp, name string) string {
	if nsp == "pg_catalog" || nsp == "" || nsp == DefaultSchema {
		return QuoteIdent(name)
	}
	return QuoteQualified(QualifiedName{Schema: nsp, Name: name})
}

// ParseCollation reads a collation name as [CollationName] spells it
// (and as SQL writes it: a plain identifier is folded to lower case):
// one or two parts separated by a dot, each a plain identifier or a
// double-quoted one. The schema is empty for a bare name. It refuses
// anything else, so that the collation renders from its parts alone.
func ParseCollation(text string) (QualifiedName, error) {
	var parts []string
	s := text
	for {
		var part string
		switch {
		case strings.HasPrefix(s, `"`):
			var b strings.Builder
			i := 1
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return QualifiedName{}, fmt.Errorf("collation %q: unterminated quoted name", text)
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			part, s = b.String(), s[i:]
		default:
			i := 0
			for i < len(s) {
				c := s[i]
				if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c >= '0' && c <= '9' || c == '$')) {
					i++
					continue
				}
				break
			}
			part, s = strings.ToLower(s[:i]), s[i:]
		}
		if err := CheckIdentifier(part); err != nil {
			return QualifiedName{}, fmt.Errorf("collation %q: %w", text, err)
		}
		parts = append(parts, part)
		if s == "" {
			break
		}
		if s[0] != '.' || len(parts) == 2 {
			return QualifiedName{}, fmt.Errorf("collation %q: want a name or schema.name, each plain or double-quoted", text)
		}
		s = s[1:]
	}
	if len(parts) == 1 {
		return QualifiedName{Name: parts[0]}, nil
	}
	return QualifiedName{Schema: parts[0], Name: parts[1]}, nil
}

// QuoteCollation renders a collation name read by [ParseCollation] for
// SQL: "name" or "schema"."name".
func QuoteCollation(q QualifiedName) string {
	if q.Schema == "" {
		return QuoteIdent(q.Name)
	}
	return QuoteQualified(q)
}

// validate reports the attributes of c that contradict each other or
// that do not parse: IdentityAlways without Identity, a sequence of a
// column that is no integer column, options without a sequence, a
// collation that [ParseCollation] refuses.
func (c *Column) validate() error {
	switch {
	case c.IdentityAlways && !c.Identity:
		return fmt.Errorf("IdentityAlways without Identity")
	case c.Sequence != "" && c.Identity:
		return fmt.Errorf("a serial column (Sequence %q) cannot be an identity column too", c.Sequence)
	case c.Sequence != "" && c.Default != "":
		return fmt.Errorf("a serial column (Sequence %q) takes its default from the sequence; Default must be empty", c.Sequence)
	case c.Sequence != "" && c.Generated != "":
		return fmt.Errorf("a serial column (Sequence %q) cannot be generated", c.Sequence)
	case c.SequenceOptions != "" && c.Sequence == "" && !c.Identity:
		return fmt.Errorf("sequence options %q on a column that is neither identity nor serial", c.SequenceOptions)
	}
	if c.Sequence != "" {
		if err := CheckIdentifier(c.Sequence); err != nil {
			return fmt.Errorf("sequence: %w", err)
		}
	}
	if c.SequenceOptions != "" {
		o, err := ParseSequenceOptions(c.SequenceOptions)
		if err != nil {
			return err
		}
		if _, err := o.Resolve(c.Type); err != nil {
			return err
		}
		if t, _ := SequenceType(c.Type); c.Identity && o.As != "" && o.As != t {
			return fmt.Errorf("sequence options %q: an identity's sequence has its column's type, not AS %s", c.SequenceOptions, o.As)
		}
	}
	if c.Collation != "" {
		if _, err := ParseCollation(c.Collation); err != nil {
			return err
		}
	}
	return nil
}

// Validate reports the attributes of c that contradict each other or do
// not parse (see [Schema.Validate]).
func (c *Column) Validate() error { return c.validate() }

// serialTypes maps PostgreSQL's serial pseudo-types to the integer type
// of the column they make.
var serialTypes = map[string]string{
	"serial": "integer", "serial4": "integer",
	"bigserial": "bigint", "serial8": "bigint",
	"smallserial": "smallint", "serial2": "smallint",
}

// SerialType returns the integer type of the column that a serial
// pseudo-type (serial, bigserial, smallserial and their serialN
// spellings, any case) makes, and false for any other type.
func SerialType(typ string) (string, bool) {
	t, ok := serialTypes[strings.ToLower(strings.TrimSpace(typ))]
	return t, ok
}

// resolveSerial turns a column of a serial pseudo-type of table into
// what PostgreSQL makes of it: its integer type, and the sequence
// [SerialSequenceName] names (unless the column names one, or has a
// default of its own).
func (c *Column) resolveSerial(table string) {
	t, ok := SerialType(c.Type)
	if !ok {
		return
	}
	c.Type = t
	if c.Sequence == "" && c.Default == "" && !c.Identity {
		c.Sequence = SerialSequenceName(table, c.Name)
	}
}
