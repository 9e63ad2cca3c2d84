package change

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// EnumValue is a value that an [AlterEnum] adds or drops, with its place
// among the type's values: right after the value After, right before the
// value Before, or, with neither, at the end. At most one of After and
// Before is set. A dropped value's place is where it stood, which the
// reverse change puts it back to.
type EnumValue struct {
	Value  string
	After  string `json:",omitempty"`
	Before string `json:",omitempty"`
}

// String renders v as "value", "value after x" or "value before x".
func (v EnumValue) String() string {
	switch {
	case v.After != "":
		return v.Value + " after " + v.After
	case v.Before != "":
		return v.Value + " before " + v.Before
	}
	return v.Value
}

// EnumDiff returns the delta that turns the values from into to, as an
// [AlterEnum] holds it: drop lists the values of from that to lacks, add
// those of to that from lacks, each in its place. A value that both hold
// but that changes places relative to the others (a reorder) is dropped
// and added again, so that the values kept in place are as many as can
// be. Applied to from ([AlterEnum.Apply]) the delta gives to; applied to
// a list that holds more values (added on another branch of the history),
// it keeps them.
//
// A value added at the end of to (after every value that stays) is added
// at the end, not after a named value, so that values appended on two
// branches both land at the end.
func EnumDiff(from, to []string) (add, drop []EnumValue) {
	inFrom := set(from)
	inTo := set(to)
	var commonFrom, commonTo []string
	for _, v := range from {
		if inTo[v] {
			commonFrom = append(commonFrom, v)
		}
	}
	for _, v := range to {
		if inFrom[v] {
			commonTo = append(commonTo, v)
		}
	}
	kept := set(longestCommonSubsequence(commonFrom, commonTo))
	return places(to, kept, inFrom), places(from, kept, inTo)
}

// set returns the members of vs.
func set(vs []string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// places returns the values of list that kept lacks, in list's order,
// each placed so that inserting them one after another into the kept
// values (in list's order) gives list: a value that other lacks (added,
// or dropped for good) at the end when only such values follow it;
// otherwise after the value before it, or, for the first of list, before
// the first kept value.
func places(list []string, kept, other map[string]bool) []EnumValue {
	var out []EnumValue
	for i, v := range list {
		if kept[v] {
			continue
		}
		ev := EnumValue{Value: v}
		switch {
		case !slices.ContainsFunc(list[i:], func(w string) bool { return other[w] }):
			// Only values new to other from here on: at the end.
		case i > 0:
			ev.After = list[i-1]
		default:
			ev.Before = list[slices.IndexFunc(list, func(w string) bool { return kept[w] })]
		}
		out = append(out, ev)
	}
	return out
}

// longestCommonSubsequence returns a longest list of values that appear
// in a and in b in the same order; ties go to a's earlier values.
func longestCommonSubsequence(a, b []string) []string {
	// n[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	n := make([][]int, len(a)+1)
	for i := range n {
		n[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				n[i][j] = n[i+1][j+1] + 1
			} else {
				n[i][j] = max(n[i+1][j], n[i][j+1])
			}
		}
	}
	var out []string
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case n[i+1][j] >= n[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// Delta returns the values c adds and drops: Add and Drop, or, for a
// change of the older form that holds neither, [EnumDiff] of From and To.
func (c AlterEnum) Delta() (add, drop []EnumValue) {
	if len(c.Add) > 0 || len(c.Drop) > 0 {
		return c.Add, c.Drop
	}
	return EnumDiff(c.From, c.To)
}

// Rebuilds reports whether c rebuilds the type rather than adding values
// in place: it drops (or moves) a value, gives a column a default other
// than the one it had, or a later change of its migration uses a value it
// adds (AddedValuesUsed). A value added by ALTER TYPE ... ADD VALUE
// cannot be used in the transaction that adds it; the values of a type
// created in the transaction can.
func (c AlterEnum) Rebuilds() bool {
	_, drop := c.Delta()
	return len(drop) > 0 || c.AddedValuesUsed ||
		slices.ContainsFunc(c.Columns, func(col EnumColumn) bool { return col.Default != col.OldDefault })
}

// Apply returns values changed by c as the database changes the type's
// values when c runs: the values of Drop removed, then those of Add
// inserted one after another, each in its place. It is an error, as it is
// on the database, to drop a value that values lacks, to add one it holds,
// or to place a value next to one it lacks. values is not modified.
func (c AlterEnum) Apply(values []string) ([]string, error) {
	add, drop := c.Delta()
	if err := checkDelta(add, drop); err != nil {
		return nil, fmt.Errorf("enum %s: %w", c.Enum, err)
	}
	out := slices.Clone(values)
	for _, d := range drop {
		i := slices.Index(out, d.Value)
		if i < 0 {
			return nil, fmt.Errorf("enum %s has no value %q to drop", c.Enum, d.Value)
		}
		out = slices.Delete(out, i, i+1)
	}
	for _, a := range add {
		if slices.Contains(out, a.Value) {
			return nil, fmt.Errorf("enum %s has value %q already", c.Enum, a.Value)
		}
		i := len(out)
		if ref := a.After + a.Before; ref != "" {
			i = slices.Index(out, ref)
			if i < 0 {
				return nil, fmt.Errorf("enum %s has no value %q to add %q next to", c.Enum, ref, a.Value)
			}
			if a.After != "" {
				i++
			}
		}
		out = slices.Insert(out, i, a.Value)
	}
	return out, nil
}

// checkDelta reports a value placed both after and before another.
func checkDelta(add, drop []EnumValue) error {
	for _, v := range slices.Concat(add, drop) {
		if v.After != "" && v.Before != "" {
			return fmt.Errorf("value %q is placed both after %q and before %q", v.Value, v.After, v.Before)
		}
	}
	return nil
}

// describeAlterEnum summarizes c: "alter enum s: add x after y, drop z",
// or, for the older form, its two lists; and says when c rebuilds the
// type because a later change uses a value it adds.
func describeAlterEnum(c AlterEnum) string {
	var s string
	if len(c.Add) == 0 && len(c.Drop) == 0 {
		s = fmt.Sprintf("alter enum %s: (%s) -> (%s)", c.Enum, strings.Join(c.From, ", "), strings.Join(c.To, ", "))
	} else {
		var parts []string
		for _, v := range c.Add {
			parts = append(parts, "add "+v.String())
		}
		for _, v := range c.Drop {
			parts = append(parts, "drop "+v.Value)
		}
		s = fmt.Sprintf("alter enum %s: %s", c.Enum, strings.Join(parts, ", "))
	}
	if c.AddedValuesUsed {
		s += " (rebuilt: a later change uses a value it adds)"
	}
	return s
}

// rebuildReason says why c rebuilds the type (see [AlterEnum.Rebuilds]).
func rebuildReason(c AlterEnum) string {
	var why []string
	if _, drop := c.Delta(); len(drop) > 0 {
		why = append(why, "it drops or moves values")
	}
	if slices.ContainsFunc(c.Columns, func(col EnumColumn) bool { return col.Default != col.OldDefault }) {
		why = append(why, "it gives columns new defaults")
	}
	if c.AddedValuesUsed {
		why = append(why, "a later change uses a value it adds, which PostgreSQL refuses after ADD VALUE in one transaction")
	}
	return strings.Join(why, "; ")
}

// alterEnumSQL renders c: ALTER TYPE ... ADD VALUE for each added value
// when c only adds, else the one statement of [rebuildEnumSQL].
func alterEnumSQL(c AlterEnum) ([]string, error) {
	add, drop := c.Delta()
	if err := checkDelta(add, drop); err != nil {
		return nil, fmt.Errorf("change: render %s: %w", Describe(c), err)
	}
	if c.Rebuilds() {
		return []string{rebuildEnumSQL(c.Enum, add, drop, c.Columns)}, nil
	}
	q := schema.QuoteQualified(c.Enum)
	var stmts []string
	for _, v := range add {
		stmt := "ALTER TYPE " + q + " ADD VALUE " + schema.QuoteLiteral(v.Value)
		switch {
		case v.After != "":
			stmt += " AFTER " + schema.QuoteLiteral(v.After)
		case v.Before != "":
			stmt += " BEFORE " + schema.QuoteLiteral(v.Before)
		}
		stmts = append(stmts, stmt)
	}
	return stmts, nil
}

// rebuildEnumSQL renders the rebuild of enum q as one DO statement, so
// that it is applied whole or not at all, also where each statement
// commits on its own (a migration run outside a transaction). At run time
// the block
//
//  1. reads the type's values (pg_enum) and applies the delta to them, as
//     [AlterEnum.Apply] does, failing as it does;
//  2. saves, as pg_get_constraintdef, pg_get_indexdef and pg_get_expr
//     read them, and drops the check (or exclusion) constraints, indexes
//     and column defaults that use the type or its array type (pg_depend:
//     those whose expressions compare with its values, exactly; an index
//     or constraint on a column of the type alone is rebuilt by ALTER
//     COLUMN ... TYPE itself), and the foreign keys whose columns, on
//     either side, are of the type (ALTER COLUMN ... TYPE converts one
//     table at a time, and a foreign key between a converted column and
//     one not converted yet cannot be implemented);
//  3. renames the type to name__old and creates it anew with the values;
//  4. converts every column of the type, or of its array type, of every
//     table (one ALTER TABLE per table) through text;
//  5. puts back the saved indexes, constraints and defaults, which now
//     read the new type, but for the defaults of the columns of cols whose
//     Default differs from OldDefault (and of their partitions): those
//     get Default, where the column exists;
//  6. drops the old type.
//
// Every name and value the block carries is a literal quoted by
// [schema.QuoteLiteral]; the values read at run time are quoted by
// PostgreSQL's quote_literal and format. The block is dollar-quoted with a
// tag that nothing inside it holds.
func rebuildEnumSQL(q schema.QualifiedName, add, drop []EnumValue, cols []EnumColumn) string {
	lit := schema.QuoteLiteral
	typ := schema.QuoteQualified(q)
	return enumRebuildBlock(q, cols, nil, func(w func(...string)) {
		for _, v := range drop {
			w("\tIF NOT "+lit(v.Value)+" = ANY (_vals) THEN",
				"\t\tRAISE EXCEPTION 'enum % has no label \"%\" to drop', "+lit(typ)+", "+lit(v.Value)+" USING ERRCODE = '22023';",
				"\tEND IF;",
				"\t_vals := pg_catalog.array_remove(_vals, "+lit(v.Value)+"::text);")
		}
		for _, v := range add {
			w("\tIF "+lit(v.Value)+" = ANY (_vals) THEN",
				"\t\tRAISE EXCEPTION 'enum label \"%\" already exists', "+lit(v.Value)+" USING ERRCODE = '42710';",
				"\tEND IF;")
			ref := v.After + v.Before
			if ref == "" {
				w("\t_vals := _vals || " + lit(v.Value) + "::text;")
				continue
			}
			w("\t_pos := pg_catalog.array_position(_vals, "+lit(ref)+"::text);",
				"\tIF _pos IS NULL THEN",
				"\t\tRAISE EXCEPTION '\"%\" is not an existing enum label', "+lit(ref)+" USING ERRCODE = '22023';",
				"\tEND IF;")
			if v.After != "" {
				w("\t_vals := _vals[:_pos] || " + lit(v.Value) + "::text || _vals[_pos + 1:];")
			} else {
				w("\t_vals := _vals[:_pos - 1] || " + lit(v.Value) + "::text || _vals[_pos:];")
			}
		}
	})
}

// enumRebuildBlock renders the DO statement of a rebuild of enum q (see
// [rebuildEnumSQL]): vars declares more variables of the block, and
// values writes the lines that, given the type's values in _vals (text[],
// in their order), set _vals to the values of the new type, fail, or
// return (leaving the type alone); the lines after them rebuild the
// type, with the defaults of cols as [rebuildEnumSQL] says.
// oldTypeName returns the name a rebuild gives the type name while it
// creates the new one: name__old, with name cut (at a character
// boundary) so that the whole fits in an identifier and differs from
// name.
func oldTypeName(name string) string {
	return schema.IdentifierWithSuffix(name, "__old")
}

func enumRebuildBlock(q schema.QualifiedName, cols []EnumColumn, vars []string, values func(w func(...string))) string {
	lit := schema.QuoteLiteral
	typ := schema.QuoteQualified(q)
	old := schema.QuoteIdent(oldTypeName(q.Name))
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	// Dependencies on the type or its array type of objects of catalog
	// class cls.
	dependsOnType := func(cls string) string {
		return "SELECT d.objid FROM pg_catalog.pg_depend d WHERE d.classid = " + lit("pg_catalog."+cls) + "::regclass" +
			" AND d.refclassid = 'pg_catalog.pg_type'::regclass AND d.refobjid IN (_typ, _arr)"
	}
	// The columns whose defaults this change sets itself.
	listed := "false"
	var setDefaults []string
	for _, col := range cols {
		if col.Default == col.OldDefault {
			continue
		}
		// The table, or a partition of it, which takes the default too.
		table := "pg_catalog.to_regclass(" + lit(schema.QuoteQualified(col.Table)) + ")"
		cond := "(a.adrelid = " + table + " OR a.adrelid IN (SELECT p.relid FROM pg_catalog.pg_partition_tree(" + table + ") p)) AND t.attname = " + lit(col.Column)
		if listed == "false" {
			listed = "(" + cond + ")"
		} else {
			listed += " OR (" + cond + ")"
		}
		act := "DROP DEFAULT"
		if col.Default != "" {
			act = "SET DEFAULT (" + col.Default + ")"
		}
		setDefaults = append(setDefaults,
			"\tIF EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass("+lit(schema.QuoteQualified(col.Table))+") AND a.attname = "+lit(col.Column)+" AND NOT a.attisdropped) THEN",
			"\t\tEXECUTE "+lit(alterTable(col.Table, "ALTER COLUMN "+schema.QuoteIdent(col.Column)+" "+act))+";",
			"\tEND IF;")
	}

	w("DECLARE",
		"\t_typ oid := "+lit(typ)+"::regtype;",
		"\t_arr oid;",
		"\t_vals text[];",
		"\t_pos integer;",
		"\t_drops text[] := '{}';",
		"\t_creates text[] := '{}';",
		"\t_alters text[];",
		"\t_stmt text;")
	w(vars...)
	w("BEGIN",
		"\tSELECT t.typarray INTO _arr FROM pg_catalog.pg_type t WHERE t.oid = _typ AND t.typtype = 'e';",
		"\tIF NOT FOUND THEN",
		"\t\tRAISE EXCEPTION 'type % is not an enum', "+lit(typ)+" USING ERRCODE = '42809';",
		"\tEND IF;",
		"\t-- The values, and what becomes of them.",
		"\t_vals := ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = _typ ORDER BY e.enumsortorder);")
	values(w)
	w("\t-- What uses the type in an expression, saved as it reads now.",
		"\tSELECT _drops || coalesce(pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) ORDER BY c.oid), '{}'),",
		"\t\t_creates || coalesce(pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_catalog.pg_get_constraintdef(c.oid)) ORDER BY c.oid), '{}')",
		"\tINTO _drops, _creates",
		"\tFROM pg_catalog.pg_constraint c",
		"\tWHERE c.conrelid <> 0 AND c.coninhcount = 0",
		"\t\tAND (c.oid IN ("+dependsOnType("pg_constraint")+")",
		"\t\t\tOR c.contype = 'x' AND c.conindid IN ("+dependsOnType("pg_class")+")",
		// A foreign key between columns of the type: converting one
		// side before the other breaks it ("cannot be implemented").
		"\t\t\tOR c.contype = 'f' AND EXISTS (SELECT FROM pg_catalog.pg_attribute a",
		"\t\t\t\tWHERE (a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) OR a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey))",
		"\t\t\t\t\tAND a.atttypid IN (_typ, _arr)));",
		"\tSELECT _drops || coalesce(pg_catalog.array_agg(pg_catalog.format('DROP INDEX %s', i.indexrelid::regclass) ORDER BY i.indexrelid), '{}'),",
		// The index of a partitioned table reads "ON ONLY", which would
		// leave out the partitions.
		"\t\t_creates || coalesce(pg_catalog.array_agg(CASE WHEN x.relkind = 'I' AND pg_catalog.starts_with(v.def, v.pre || 'ONLY ')",
		"\t\t\tTHEN v.pre || pg_catalog.substr(v.def, pg_catalog.length(v.pre) + 6) ELSE v.def END ORDER BY i.indexrelid), '{}')",
		"\tINTO _drops, _creates",
		"\tFROM pg_catalog.pg_index i JOIN pg_catalog.pg_class x ON x.oid = i.indexrelid,",
		"\t\tLATERAL (SELECT pg_catalog.pg_get_indexdef(i.indexrelid) AS def,",
		"\t\t\t'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || pg_catalog.quote_ident(x.relname) || ' ON ' AS pre) v",
		"\tWHERE i.indexrelid IN ("+dependsOnType("pg_class")+")",
		"\t\tAND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))",
		"\t\tAND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid);",
		"\tSELECT _drops || coalesce(pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', a.adrelid::regclass, t.attname) ORDER BY a.oid), '{}'),",
		"\t\t_creates || coalesce(pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', a.adrelid::regclass, t.attname, pg_catalog.pg_get_expr(a.adbin, a.adrelid)) ORDER BY a.oid)",
		"\t\t\tFILTER (WHERE NOT coalesce("+listed+", false)), '{}')",
		"\tINTO _drops, _creates",
		"\tFROM pg_catalog.pg_attrdef a JOIN pg_catalog.pg_attribute t ON t.attrelid = a.adrelid AND t.attnum = a.adnum",
		"\tWHERE t.attgenerated = '' AND a.oid IN ("+dependsOnType("pg_attrdef")+");",
		"\t-- The columns of the type, converted through text; one ALTER TABLE a table.",
		"\t_alters := ARRAY(",
		"\t\tSELECT pg_catalog.format('ALTER TABLE %s %s', a.attrelid::regclass, pg_catalog.string_agg(",
		"\t\t\tCASE WHEN a.atttypid = _arr",
		"\t\t\tTHEN pg_catalog.format('ALTER COLUMN %1$I TYPE %2$s[] USING %1$I::text[]::%2$s[]', a.attname, "+lit(typ)+")",
		"\t\t\tELSE pg_catalog.format('ALTER COLUMN %1$I TYPE %2$s USING %1$I::text::%2$s', a.attname, "+lit(typ)+") END,",
		"\t\t\t', ' ORDER BY a.attnum))",
		"\t\tFROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid = a.attrelid",
		"\t\tWHERE a.atttypid IN (_typ, _arr) AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0 AND r.relkind IN ('r', 'p')",
		"\t\tGROUP BY a.attrelid ORDER BY a.attrelid);",
		"\tFOREACH _stmt IN ARRAY _drops LOOP",
		"\t\tEXECUTE _stmt;",
		"\tEND LOOP;",
		"\tEXECUTE "+lit("ALTER TYPE "+typ+" RENAME TO "+old)+";",
		"\tEXECUTE "+lit("CREATE TYPE "+typ+" AS ENUM (")+" || coalesce((SELECT pg_catalog.string_agg(pg_catalog.quote_literal(u.v), ', ' ORDER BY u.n) FROM pg_catalog.unnest(_vals) WITH ORDINALITY AS u (v, n)), '') || ')';",
		"\tFOREACH _stmt IN ARRAY _alters LOOP",
		"\t\tEXECUTE _stmt;",
		"\tEND LOOP;",
		"\tFOREACH _stmt IN ARRAY _creates LOOP",
		"\t\tEXECUTE _stmt;",
		"\tEND LOOP;")
	w(setDefaults...)
	w("\tEXECUTE "+lit("DROP TYPE "+schema.QuoteIdent(q.Schema)+"."+old)+";",
		"END")
	return dollarDo(strings.TrimSuffix(b.String(), "\n"))
}

// orderEnumSQL renders c as one DO statement (see [enumRebuildBlock])
// that reads the type's values at run time: in the order c.Values, it
// returns, leaving the type alone; the same values in another order, it
// rebuilds the type in that order, keeping every default; other values,
// it fails naming both lists.
func orderEnumSQL(c OrderEnum) string {
	lit := schema.QuoteLiteral
	typ := schema.QuoteQualified(c.Enum)
	want := "'{}'::text[]"
	if len(c.Values) > 0 {
		elems := make([]string, len(c.Values))
		for i, v := range c.Values {
			elems[i] = lit(v)
		}
		want = "ARRAY[" + strings.Join(elems, ", ") + "]::text[]"
	}
	sorted := func(arr string) string {
		return "ARRAY(SELECT u.v FROM pg_catalog.unnest(" + arr + ") AS u (v) ORDER BY u.v)"
	}
	return enumRebuildBlock(c.Enum, nil, []string{"\t_want text[] := " + want + ";"}, func(w func(...string)) {
		w("\tIF _vals = _want THEN",
			"\t\tRETURN;",
			"\tEND IF;",
			"\tIF "+sorted("_vals")+" IS DISTINCT FROM "+sorted("_want")+" THEN",
			"\t\tRAISE EXCEPTION 'enum % holds the values (%), not the values to put in order (%)', "+lit(typ)+
				", pg_catalog.array_to_string(_vals, ', '), pg_catalog.array_to_string(_want, ', ') USING ERRCODE = '22023';",
			"\tEND IF;",
			"\t_vals := _want;")
	})
}

// describeOrderEnum summarizes c: "order enum s: (a, b, c)".
func describeOrderEnum(c OrderEnum) string {
	return fmt.Sprintf("order enum %s: (%s)", c.Enum, strings.Join(c.Values, ", "))
}

// orderEnumHazards returns the rewrite that putting the values of c in
// order makes where they stand in another order.
func orderEnumHazards(c OrderEnum) []Hazard {
	if len(c.Tables) == 0 {
		return nil
	}
	tables := make([]string, 0, len(c.Tables))
	for _, t := range c.Tables {
		if s := t.String(); !slices.Contains(tables, s) {
			tables = append(tables, s)
		}
	}
	return []Hazard{{HazardTableRewrite, fmt.Sprintf("on a database that holds the values of enum %s in another order (one that applied the merged branches in another order), putting them in order rebuilds the type, rewriting table(s) %s under ACCESS EXCLUSIVE locks, blocking reads and writes; where they stand in order it changes nothing.", c.Enum, strings.Join(tables, ", "))}}
}
