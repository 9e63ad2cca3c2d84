package change

import (
	"fmt"

	"github.com/schemagen/schemagen/schema"
)

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
// among them: it is raw by design; the fragments of its declared effects
// are, since replay copies them into the schema that later changes are
// made from.
func Fragments(c Change) []schema.Fragment {
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
			fs.add(schema.FragmentExpr, where, col.Default)
			fs.add(schema.FragmentExpr, "old "+where, col.OldDefault)
		}
	case AddCheck:
		fs.check(c.Table, c.Check)
	case DropCheck:
		fs.check(c.Table, c.Check)
	case AddExclusion:
		fs.exclusion(c.Table, c.Exclusion)
	case DropExclusion:
		fs.exclusion(c.Table, c.Exclusion)
	case AlterConstraint, AlterTable, SetSchemaComment:
		// Names, literals and storage parameters, which rendering quotes.
	case AttachPartition:
		fs.add(schema.FragmentPartitionBound, "bound of partition "+c.Table.String(), c.Bound)
	case DetachPartition:
		fs.add(schema.FragmentPartitionBound, "bound of partition "+c.Table.String(), c.Bound)
	case CreateSchema, DropSchema, AddPrimaryKey, DropPrimaryKey, AddUnique, DropUnique,
		CreateEnum, DropEnum, OrderEnum, ValidateConstraint, SetTableComment, SetColumnComment,
		RenameTable, RenameColumn, RenameIndex, RenameConstraint:
		// Names and literals only: rendering quotes them.
	case CreateObject:
		fs.object(c.Object, true)
	case DropObject:
		fs.object(c.Object, true)
	case ReplaceObject:
		fs.object(c.From, true)
		fs.object(c.To, true)
	case Execute:
		// The raw SQL is reviewed, never checked; its declared effects
		// are checked as the changes they are.
		for _, e := range c.Effects {
			for _, f := range Fragments(e) {
				f.Where = "declared effect: " + f.Where
				fs = append(fs, f)
			}
		}
	case RunGo:
		// Go code: reviewed, never checked.
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
		ns.archive(c.Archive)
	case DropTable:
		ns.table(c.Table)
		ns.archive(c.Archive)
	case AddColumn:
		ns.qualified("table", c.Table)
		ns.column(c.Table, c.Column)
		ns.archive(c.Archive)
	case DropColumn:
		ns.qualified("table", c.Table)
		ns.column(c.Table, c.Column)
		ns.archive(c.Archive)
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
			ns.qualified("table", col.Table)
			ns.add("column of table "+col.Table.String(), col.Column)
		}
	case OrderEnum:
		ns.qualified("enum", c.Enum)
		for _, t := range c.Tables {
			ns.qualified("table", t)
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
	case AddExclusion:
		ns.qualified("table", c.Table)
		if c.Exclusion != nil {
			ns.add("exclusion constraint of table "+c.Table.String(), c.Exclusion.Name)
		}
	case DropExclusion:
		ns.qualified("table", c.Table)
		if c.Exclusion != nil {
			ns.add("exclusion constraint of table "+c.Table.String(), c.Exclusion.Name)
		}
	case AlterConstraint:
		ns.qualified("table", c.Table)
		ns.add("constraint of table "+c.Table.String(), c.Name)
	case AlterTable:
		ns.qualified("table", c.Table)
	case SetSchemaComment:
		ns.add("schema", c.Schema)
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
	case CreateObject:
		ns.object(c.Object)
	case DropObject:
		ns.object(c.Object)
	case ReplaceObject:
		ns.object(c.To)
	case Execute:
		// The raw SQL names nothing that rendering uses; its declared
		// effects name what replay creates.
		for _, e := range c.Effects {
			for _, n := range Names(e) {
				n.Where = "declared effect: " + n.Where
				ns = append(ns, n)
			}
		}
	case AttachPartition:
		ns.qualified("table", c.Table)
		ns.qualified("parent table", c.Parent)
	case DetachPartition:
		ns.qualified("table", c.Table)
		ns.qualified("parent table", c.Parent)
	case RunGo:
		// It names nothing.
	}
	return ns
}

// fragmentList collects the fragments of a change.
type fragmentList []schema.Fragment

func (fs *fragmentList) add(kind schema.FragmentKind, where, text string) {
	if text != "" {
		*fs = append(*fs, schema.Fragment{Kind: kind, Where: where, Text: text})
	}
}

func (fs *fragmentList) table(t *schema.Table) {
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
	fs.add(schema.FragmentPartitionKey, "partition key of table "+q.String(), t.PartitionBy)
	if t.PartitionOf != nil {
		fs.add(schema.FragmentPartitionBound, "bound of partition "+q.String(), t.PartitionOf.Bound)
	}
	for _, x := range t.Exclusions {
		fs.exclusion(q, x)
	}
}

func (fs *fragmentList) exclusion(t schema.QualifiedName, x *schema.Exclusion) {
	if x != nil {
		fs.add(schema.FragmentExclusion, fmt.Sprintf("definition of exclusion constraint %q of table %s", x.Name, t), x.Definition)
	}
}

// optionList is the storage parameters of one table or index.
type optionList struct {
	where string
	opts  []string
}

// renderedOptions returns the storage parameters that [SQL] renders for
// c, which it checks with [schema.SplitOption] first.
func renderedOptions(c Change) []optionList {
	var out []optionList
	table := func(t *schema.Table) {
		if t == nil {
			return
		}
		out = append(out, optionList{"storage parameters of table " + t.QualifiedName().String(), t.Options})
		if t.PrimaryKey != nil {
			out = append(out, optionList{"storage parameters of primary key " + t.PrimaryKey.Name, t.PrimaryKey.Options})
		}
		for _, u := range t.Uniques {
			out = append(out, optionList{"storage parameters of unique constraint " + u.Name, u.Options})
		}
		for _, ix := range t.Indexes {
			out = append(out, optionList{"storage parameters of index " + ix.Name, ix.Options})
		}
	}
	switch c := c.(type) {
	case CreateTable:
		table(c.Table)
	case CreateIndex:
		if c.Index != nil {
			out = append(out, optionList{"storage parameters of index " + c.Index.Name, c.Index.Options})
		}
	case AddPrimaryKey:
		if c.PrimaryKey != nil {
			out = append(out, optionList{"storage parameters of primary key " + c.PrimaryKey.Name, c.PrimaryKey.Options})
		}
	case AddUnique:
		if c.Unique != nil && !c.UsingIndex {
			out = append(out, optionList{"storage parameters of unique constraint " + c.Unique.Name, c.Unique.Options})
		}
	case AlterTable:
		out = append(out, optionList{"storage parameters of table " + c.Table.String(), c.From.Options},
			optionList{"storage parameters of table " + c.Table.String(), c.To.Options})
	case Execute:
		// Replay copies the declared effects' parameters into the
		// schema that later changes render.
		for _, e := range c.Effects {
			for _, o := range renderedOptions(e) {
				o.where = "declared effect: " + o.where
				out = append(out, o)
			}
		}
	default:
		// No storage parameters.
	}
	return out
}

func (fs *fragmentList) column(t schema.QualifiedName, c *schema.Column) {
	if c == nil {
		return
	}
	of := fmt.Sprintf("column %q of table %s", c.Name, t)
	fs.add(schema.FragmentType, "type of "+of, c.Type)
	fs.add(schema.FragmentExpr, "default of "+of, c.Default)
	fs.add(schema.FragmentExpr, "generated expression of "+of, c.Generated)
	if c.Using != schema.UsingPlaceholder {
		// The placeholder is reported by ColumnProblems.
		fs.add(schema.FragmentExpr, "USING expression of "+of, c.Using)
	}
}

func (fs *fragmentList) foreignKey(t schema.QualifiedName, fk *schema.ForeignKey) {
	if fk == nil {
		return
	}
	of := fmt.Sprintf("foreign key %q of table %s", fk.Name, t)
	fs.add(schema.FragmentAction, "ON DELETE action of "+of, fk.OnDelete)
	fs.add(schema.FragmentAction, "ON UPDATE action of "+of, fk.OnUpdate)
}

func (fs *fragmentList) check(t schema.QualifiedName, ck *schema.Check) {
	if ck != nil {
		fs.add(schema.FragmentExpr, fmt.Sprintf("expression of check %q of table %s", ck.Name, t), ck.Expr)
	}
}

func (fs *fragmentList) index(t schema.QualifiedName, ix *schema.Index) {
	if ix == nil {
		return
	}
	of := fmt.Sprintf("index %q of table %s", ix.Name, t)
	for i, k := range ix.Keys {
		fs.add(schema.FragmentIndexKey, fmt.Sprintf("key %d of %s", i+1, of), k)
	}
	fs.add(schema.FragmentExpr, "predicate of "+of, ix.Where)
}

// nameList collects the names of a change.
type nameList []Name

func (ns *nameList) add(where, name string) {
	*ns = append(*ns, Name{Where: where, Name: name})
}

// archive adds an archive name, if any.
func (ns *nameList) archive(name string) {
	if name != "" {
		ns.add("archive", name)
	}
}

// qualified adds the parts of q.
func (ns *nameList) qualified(what string, q schema.QualifiedName) {
	ns.add("schema of "+what+" "+q.String(), q.Schema)
	ns.add(what, q.Name)
}

func (ns *nameList) table(t *schema.Table) {
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
	for _, x := range t.Exclusions {
		ns.add("exclusion constraint of table "+q.String(), x.Name)
	}
	if t.PartitionOf != nil {
		ns.qualified("parent table", t.PartitionOf.Parent)
	}
	for _, p := range t.Inherits {
		ns.qualified("parent table", p)
	}
}

func (ns *nameList) column(t schema.QualifiedName, c *schema.Column) {
	if c != nil {
		ns.add("column of table "+t.String(), c.Name)
	}
}

func (ns *nameList) columns(what string, cols []string) {
	for _, c := range cols {
		ns.add("column of "+what, c)
	}
}

func (ns *nameList) primaryKey(t schema.QualifiedName, pk *schema.PrimaryKey) {
	if pk != nil {
		ns.add("primary key of table "+t.String(), pk.Name)
		ns.columns(fmt.Sprintf("primary key %q", pk.Name), pk.Columns)
		ns.columns(fmt.Sprintf("INCLUDE of primary key %q", pk.Name), pk.Include)
	}
}

func (ns *nameList) unique(t schema.QualifiedName, u *schema.Unique) {
	if u != nil {
		ns.add("unique constraint of table "+t.String(), u.Name)
		ns.columns(fmt.Sprintf("unique constraint %q", u.Name), u.Columns)
		ns.columns(fmt.Sprintf("INCLUDE of unique constraint %q", u.Name), u.Include)
	}
}

func (ns *nameList) foreignKey(t schema.QualifiedName, fk *schema.ForeignKey) {
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

func (ns *nameList) check(t schema.QualifiedName, ck *schema.Check) {
	if ck != nil {
		ns.add("check constraint of table "+t.String(), ck.Name)
	}
}

func (ns *nameList) index(t schema.QualifiedName, ix *schema.Index) {
	if ix == nil {
		return
	}
	ns.add("index of table "+t.String(), ix.Name)
	what := fmt.Sprintf("index %q", ix.Name)
	ns.columns(what, ix.Columns)
	ns.columns(what+" (INCLUDE)", ix.Include)
}

func (ns *nameList) enum(e *schema.Enum) {
	if e != nil {
		ns.qualified("enum", e.QualifiedName())
	}
}

// Problems checks c as the runtime does before anything runs: every
// fragment of [Fragments] by [schema.CheckFragment], and every name of
// [Names] by [schema.CheckIdentifier], every storage parameter by
// [schema.SplitOption]; and that the declared effects of
// an [Execute] are schema changes, not hand-written SQL or Go code. It
// returns the problems in that order: [*schema.FragmentError] and
// [*NameError] values, then [*EffectError] values; none when c passes.
// (The schemagen tool checks fragments with PostgreSQL's own grammar
// too.)
func Problems(c Change) []error {
	var errs []error
	for _, f := range Fragments(c) {
		if err := schema.CheckFragment(f); err != nil {
			errs = append(errs, err)
		}
	}
	for _, n := range Names(c) {
		if err := schema.CheckIdentifier(n.Name); err != nil {
			errs = append(errs, &NameError{Name: n, Err: err})
		}
	}
	for _, p := range ColumnProblems(c) {
		errs = append(errs, p.Err)
	}
	for _, o := range renderedOptions(c) {
		if err := checkOptions(o.where, o.opts); err != nil {
			errs = append(errs, err)
		}
	}
	if x, ok := c.(Execute); ok {
		for i, e := range x.Effects {
			switch e.(type) {
			case Execute, RunGo, nil:
				errs = append(errs, &EffectError{Index: i, Effect: e})
			default:
				// A schema change: replay applies it.
			}
		}
	}
	return errs
}

// NameError reports an identifier that PostgreSQL would not keep as
// written: empty, holding a NUL byte, or longer than
// [schema.MaxIdentifierLength] bytes, which PostgreSQL truncates.
type NameError struct {
	Name Name
	// Err is the error of [schema.CheckIdentifier].
	Err error
}

// Error implements the error interface.
func (e *NameError) Error() string { return e.Name.Where + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *NameError) Unwrap() error { return e.Err }

// EffectError reports a declared effect of an [Execute] that is no
// schema change: hand-written SQL or Go code, which replay cannot apply
// either, or nothing (a nil change).
type EffectError struct {
	// Index is the effect's place among the declared effects, from 0.
	Index int
	// Effect is the effect.
	Effect Change
}

// Error implements the error interface.
func (e *EffectError) Error() string {
	what := "nothing (a nil change)"
	if e.Effect != nil {
		what = Describe(e.Effect)
	}
	return fmt.Sprintf("declared effect %d is %s: the effects of hand-written SQL are schema changes (op calls other than Execute and Run)", e.Index+1, what)
}
