package gentest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Branch names: the main line and the two branches of a fork.
const (
	Main    = "main"
	BranchA = "a"
	BranchB = "b"
)

// AppSchema is the schema other than public that tables and enums may
// live in.
const AppSchema = "app"

// State is a model as one line of a history has it, with what that line
// may touch. On the main line everything; on a branch, the tables it owns
// and, of the enums that existed at the fork, the values it owns, so that
// the two branches of a fork make no change that conflicts with the
// other's (as two developers whose code merges without conflict).
type State struct {
	// Model is the schema the models describe, canonical.
	Model *schema.Schema
	// Branch is Main, BranchA or BranchB.
	Branch string
	// Owner names, on a branch, the branch that may change each table;
	// nil on the main line.
	Owner map[schema.QualifiedName]string
	// ValueOwner names, for each enum that existed at the fork, the
	// branch that may drop or move each of its values; a value it does
	// not list is pinned: neither branch drops or moves it, and both may
	// place values next to it. Values a branch adds are its own.
	ValueOwner map[schema.QualifiedName]map[string]string
	// Renamed holds the tables ("schema.name") and columns
	// ("schema.table.column") renamed in the current step, which a step
	// renames once: a model says what a table was called before, in one
	// hint, and the database knows the name it had when the step began.
	Renamed map[string]bool
}

// Clone returns a deep copy of st.
func (st *State) Clone() *State {
	out := &State{
		Model: st.Model.Clone(), Branch: st.Branch,
		Renamed: maps.Clone(st.Renamed),
	}
	if st.Owner != nil {
		out.Owner = maps.Clone(st.Owner)
	}
	if st.ValueOwner != nil {
		out.ValueOwner = map[schema.QualifiedName]map[string]string{}
		for q, m := range st.ValueOwner {
			out.ValueOwner[q] = maps.Clone(m)
		}
	}
	return out
}

// BeginStep returns st for the first op of a new step.
func (st *State) BeginStep() *State {
	out := st.Clone()
	out.Renamed = nil
	return out
}

// renameOnce records that the step renames key, or reports that it did.
func (st *State) renameOnce(key string) error {
	if st.Renamed[key] {
		return skipf("%s is renamed once a step", key)
	}
	if st.Renamed == nil {
		st.Renamed = map[string]bool{}
	}
	st.Renamed[key] = true
	return nil
}

// onBranch reports whether st is a branch of a fork.
func (st *State) onBranch() bool { return st.Owner != nil }

// mayTouch reports whether st may change table q.
func (st *State) mayTouch(q schema.QualifiedName) bool {
	return !st.onBranch() || st.Owner[q] == st.Branch
}

// shared reports whether enum q existed at the fork (on a branch).
func (st *State) shared(q schema.QualifiedName) bool {
	_, ok := st.ValueOwner[q]
	return ok
}

// mayUse reports whether st may use value v of enum q in a default or an
// expression: a value it may name ([State.mayRef]), also one that the
// step adds (the migration then rebuilds the type: see
// [change.AlterEnum]'s AddedValuesUsed).
func (st *State) mayUse(q schema.QualifiedName, v string) bool {
	return st.mayRef(q, v)
}

// mayRef reports whether st may name value v of enum q in a row or as the
// place of another value: a value that the other branch cannot drop.
func (st *State) mayRef(q schema.QualifiedName, v string) bool {
	if !st.shared(q) {
		return true
	}
	o, ok := st.ValueOwner[q][v]
	return !ok || o == st.Branch
}

// mayDrop reports whether st may drop or move value v of enum q.
func (st *State) mayDrop(q schema.QualifiedName, v string) bool {
	return !st.shared(q) || st.ValueOwner[q][v] == st.Branch
}

// ErrSkip says that an op does not apply to a state: it names an object
// the state lacks, or breaks a rule of the branch.
var ErrSkip = errors.New("gentest: op does not apply")

func skipf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSkip, fmt.Sprintf(format, args...))
}

// Op kinds.
const (
	OpCreateTable      = "create-table"
	OpDropTable        = "drop-table"
	OpRenameTable      = "rename-table"
	OpTableComment     = "table-comment"
	OpAddColumn        = "add-column"
	OpDropColumn       = "drop-column"
	OpRenameColumn     = "rename-column"
	OpAlterType        = "alter-type"
	OpSetNullable      = "set-nullable"
	OpSetDefault       = "set-default"
	OpColumnComment    = "column-comment"
	OpAddUnique        = "add-unique"
	OpDropUnique       = "drop-unique"
	OpAddIndex         = "add-index"
	OpDropIndex        = "drop-index"
	OpAddForeignKey    = "add-fk"
	OpDropForeignKey   = "drop-fk"
	OpForeignKeyAction = "fk-action"
	OpAddCheck         = "add-check"
	OpDropCheck        = "drop-check"
	OpRenameConstraint = "rename-constraint"
	OpAddPrimaryKey    = "add-pk"
	OpSetIdentity      = "set-identity"
	OpAlterKeyType     = "alter-key-type"
	OpDropPrimaryKey   = "drop-pk"
	OpCreateEnum       = "create-enum"
	OpDropEnum         = "drop-enum"
	OpEnumAdd          = "enum-add"
	OpEnumDrop         = "enum-drop"
	OpEnumMove         = "enum-move"
)

// End is the place of an enum value added or moved to the end.
const End = "$end"

// Op is one edit of the models, as a developer makes it. Which fields
// count depends on Kind; an op carries every name it touches, so that it
// means the same in a shortened history (or does not apply).
type Op struct {
	// Kind is one of the Op... constants.
	Kind string
	// Table is the table the op changes; the enum, for the enum ops.
	Table schema.QualifiedName `json:",omitzero"`
	// To is the new name of a renamed table.
	To schema.QualifiedName `json:",omitzero"`
	// Column is the column the op changes; the old name of the
	// constraint or index that OpRenameConstraint renames.
	Column string `json:",omitempty"`
	// Name is the new name of a renamed column or constraint; the name of
	// a constraint, index or enum value the op changes.
	Name string `json:",omitempty"`
	// Text is a type, a default, a comment, a referential action or the
	// place of an enum value (the value it goes after; "" for first,
	// [End] for last).
	Text string `json:",omitempty"`
	// Flag is the new nullability (OpSetNullable) or identity
	// (OpSetIdentity) of the column.
	Flag bool `json:",omitempty"`

	// TableDef, Col, Index, Unique, FK, Check and Enum are the
	// definitions that the op adds (Col: a column, or a column's new
	// type and default); Columns, the columns of a new primary key.
	TableDef *schema.Table      `json:",omitempty"`
	Col      *schema.Column     `json:",omitempty"`
	Index    *schema.Index      `json:",omitempty"`
	Unique   *schema.Unique     `json:",omitempty"`
	FK       *schema.ForeignKey `json:",omitempty"`
	Check    *schema.Check      `json:",omitempty"`
	Enum     *schema.Enum       `json:",omitempty"`
	Columns  []string           `json:",omitempty"`
}

// String describes op in one line.
func (op Op) String() string {
	t := op.Table.String()
	switch op.Kind {
	case OpCreateTable:
		var cols []string
		for _, c := range op.TableDef.Columns {
			cols = append(cols, columnText(c))
		}
		s := fmt.Sprintf("create table %s (%s)", op.TableDef.QualifiedName(), strings.Join(cols, ", "))
		if pk := op.TableDef.PrimaryKey; pk != nil {
			s += fmt.Sprintf(" pk %s(%s)", pk.Name, strings.Join(pk.Columns, ","))
		}
		for _, fk := range op.TableDef.ForeignKeys {
			s += " " + fkText(fk)
		}
		for _, ck := range op.TableDef.Checks {
			s += fmt.Sprintf(" check %s(%s)", ck.Name, ck.Expr)
		}
		for _, u := range op.TableDef.Uniques {
			s += fmt.Sprintf(" unique %s(%s)", u.Name, strings.Join(u.Columns, ","))
		}
		for _, ix := range op.TableDef.Indexes {
			s += " " + indexText(ix)
		}
		return s
	case OpDropTable:
		return "drop table " + t
	case OpRenameTable:
		return fmt.Sprintf("rename table %s to %s", t, op.To)
	case OpTableComment:
		return fmt.Sprintf("comment on table %s: %q", t, op.Text)
	case OpAddColumn:
		return fmt.Sprintf("add column %s.%s", t, columnText(op.Col))
	case OpDropColumn:
		return fmt.Sprintf("drop column %s.%s", t, op.Column)
	case OpRenameColumn:
		return fmt.Sprintf("rename column %s.%s to %s", t, op.Column, op.Name)
	case OpAlterType:
		return fmt.Sprintf("alter column %s.%s type %s default %q", t, op.Column, op.Col.Type, op.Col.Default)
	case OpSetNullable:
		return fmt.Sprintf("alter column %s.%s nullable=%v", t, op.Column, op.Flag)
	case OpSetDefault:
		return fmt.Sprintf("alter column %s.%s default %q", t, op.Column, op.Text)
	case OpColumnComment:
		return fmt.Sprintf("comment on column %s.%s: %q", t, op.Column, op.Text)
	case OpAddUnique:
		return fmt.Sprintf("add unique %s.%s(%s)", t, op.Unique.Name, strings.Join(op.Unique.Columns, ","))
	case OpDropUnique, OpDropIndex, OpDropForeignKey, OpDropCheck:
		return fmt.Sprintf("%s %s.%s", strings.ReplaceAll(op.Kind, "-", " "), t, op.Name)
	case OpAddIndex:
		return fmt.Sprintf("add %s to %s", indexText(op.Index), t)
	case OpAddForeignKey:
		return fmt.Sprintf("add column %s.%s + %s", t, op.Column, fkText(op.FK))
	case OpForeignKeyAction:
		return fmt.Sprintf("fk %s.%s on delete %q", t, op.Name, op.Text)
	case OpAddCheck:
		return fmt.Sprintf("add check %s.%s(%s)", t, op.Check.Name, op.Check.Expr)
	case OpRenameConstraint:
		return fmt.Sprintf("rename constraint %s.%s to %s", t, op.Column, op.Name)
	case OpAddPrimaryKey:
		return fmt.Sprintf("add pk %s(%s)", t, strings.Join(op.Columns, ","))
	case OpSetIdentity:
		return fmt.Sprintf("alter column %s.%s identity=%v", t, op.Column, op.Flag)
	case OpAlterKeyType:
		return fmt.Sprintf("alter key column %s.%s and the columns that reference it: type %s", t, op.Column, op.Col.Type)
	case OpDropPrimaryKey:
		return "drop pk " + t
	case OpCreateEnum:
		return fmt.Sprintf("create enum %s (%s)", op.Enum.QualifiedName(), strings.Join(op.Enum.Values, ", "))
	case OpDropEnum:
		return "drop enum " + t
	case OpEnumAdd:
		return fmt.Sprintf("enum %s: add %s after %q", t, op.Name, op.Text)
	case OpEnumDrop:
		return fmt.Sprintf("enum %s: drop %s", t, op.Name)
	case OpEnumMove:
		return fmt.Sprintf("enum %s: move %s after %q", t, op.Name, op.Text)
	}
	return op.Kind + " ?"
}

func columnText(c *schema.Column) string {
	s := c.Name + " " + c.Type
	if c.Identity {
		s += " identity"
	}
	if !c.Nullable {
		s += " not null"
	}
	if c.Default != "" {
		s += " default " + c.Default
	}
	return s
}

func fkText(fk *schema.ForeignKey) string {
	s := fmt.Sprintf("fk %s(%s) -> %s(%s)", fk.Name, strings.Join(fk.Columns, ","), fk.Ref(), strings.Join(fk.RefColumns, ","))
	if fk.OnDelete != "" {
		s += " on delete " + fk.OnDelete
	}
	return s
}

func indexText(ix *schema.Index) string {
	s := "index " + ix.Name
	if ix.Unique {
		s = "unique " + s
	}
	if ix.Method != "" {
		s += " using " + ix.Method
	}
	s += "(" + strings.Join(slices.Concat(ix.Columns, ix.Keys), ", ") + ")"
	if ix.Where != "" {
		s += " where " + ix.Where
	}
	return s
}

// Apply returns the state after op, or an error wrapping [ErrSkip] when
// op does not apply to st. st is not modified.
func (op Op) Apply(st *State) (*State, error) {
	out := st.Clone()
	if err := op.apply(out); err != nil {
		return nil, err
	}
	out.Model.Schemas = schemasOf(out.Model)
	if err := out.valid(); err != nil {
		return nil, skipf("%s: the model would be invalid: %v", op, err)
	}
	return out, nil
}

// schemasOf lists the schemas other than public that the tables and
// enums of m live in, as package parser lists them.
func schemasOf(m *schema.Schema) []string {
	var out []string
	for _, e := range m.Enums {
		out = append(out, e.Schema)
	}
	for _, t := range m.Tables {
		out = append(out, t.Schema)
	}
	out = slices.DeleteFunc(out, func(s string) bool { return s == schema.DefaultSchema })
	slices.Sort(out)
	return slices.Compact(out)
}

// table returns the table q that st may change.
func (st *State) table(q schema.QualifiedName) (*schema.Table, error) {
	t, ok := st.Model.Table(q)
	if !ok {
		return nil, skipf("no table %s", q)
	}
	if !st.mayTouch(q) {
		return nil, skipf("table %s belongs to the other branch", q)
	}
	return t, nil
}

// column returns column name of table q that st may change.
func (st *State) column(q schema.QualifiedName, name string) (*schema.Table, *schema.Column, error) {
	t, err := st.table(q)
	if err != nil {
		return nil, nil, err
	}
	c, ok := t.Column(name)
	if !ok {
		return nil, nil, skipf("no column %s.%s", q, name)
	}
	return t, c, nil
}

// nameFree reports whether name is free for a new constraint or index of
// t: PostgreSQL keeps index names (those of primary keys and uniques too)
// per schema, and constraint names per table.
func (st *State) nameFree(t *schema.Table, name string) bool {
	if _, ok := st.Model.Table(schema.QualifiedName{Schema: t.Schema, Name: name}); ok {
		return false
	}
	for _, o := range st.Model.Tables {
		if o.Schema != t.Schema && o != t {
			continue
		}
		for _, n := range relationNames(o) {
			if n == name {
				return false
			}
		}
		if o == t {
			for _, fk := range t.ForeignKeys {
				if fk.Name == name {
					return false
				}
			}
			for _, ck := range t.Checks {
				if ck.Name == name {
					return false
				}
			}
		}
	}
	return true
}

// relationNames lists the names of the indexes of t, those that back its
// primary key and unique constraints included.
func relationNames(t *schema.Table) []string {
	var out []string
	if t.PrimaryKey != nil {
		out = append(out, t.PrimaryKey.Name)
	}
	for _, u := range t.Uniques {
		out = append(out, u.Name)
	}
	for _, ix := range t.Indexes {
		out = append(out, ix.Name)
	}
	return out
}

func (op Op) apply(st *State) error {
	m := st.Model
	switch op.Kind {
	case OpCreateTable:
		t := op.TableDef.Clone()
		q := t.QualifiedName()
		if _, ok := m.Table(q); ok {
			return skipf("table %s exists", q)
		}
		m.Tables = append(m.Tables, t)
		if st.onBranch() {
			st.Owner[q] = st.Branch
		}
	case OpDropTable:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		for _, o := range m.Tables {
			if o == t {
				continue
			}
			if slices.ContainsFunc(o.ForeignKeys, func(fk *schema.ForeignKey) bool { return fk.Ref() == op.Table }) {
				if !st.mayTouch(o.QualifiedName()) {
					return skipf("table %s of the other branch references %s", o.QualifiedName(), op.Table)
				}
				o.ForeignKeys = slices.DeleteFunc(o.ForeignKeys, func(fk *schema.ForeignKey) bool { return fk.Ref() == op.Table })
			}
		}
		m.Tables = slices.DeleteFunc(m.Tables, func(o *schema.Table) bool { return o == t })
	case OpRenameTable:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if _, ok := m.Table(op.To); ok {
			return skipf("table %s exists", op.To)
		}
		if err := st.renameOnce(op.Table.Schema + "." + op.Table.Name); err != nil {
			return err
		}
		if err := st.renameOnce(op.To.Schema + "." + op.To.Name); err != nil {
			return err
		}
		old := t.Name
		t.Schema, t.Name = op.To.Schema, op.To.Name
		t.RenamedFrom = op.Table
		renameDefaultNames(t, old, nil)
		for _, o := range m.Tables {
			for _, fk := range o.ForeignKeys {
				if fk.Ref() == op.Table {
					fk.RefSchema, fk.RefTable = op.To.Schema, op.To.Name
				}
			}
		}
		if st.onBranch() {
			delete(st.Owner, op.Table)
			st.Owner[op.To] = st.Branch
		}
	case OpTableComment:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if t.Comment == op.Text {
			return skipf("same comment")
		}
		t.Comment = op.Text
	case OpAddColumn:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if _, ok := t.Column(op.Col.Name); ok {
			return skipf("column %s.%s exists", op.Table, op.Col.Name)
		}
		c := *op.Col
		t.Columns = append(t.Columns, &c)
	case OpDropColumn:
		t, _, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, op.Column) {
			return skipf("column %s.%s is in the primary key", op.Table, op.Column)
		}
		if len(t.Columns) == 1 {
			return skipf("the last column")
		}
		if err := st.dropReferences(t, op.Column); err != nil {
			return err
		}
		t.Columns = slices.DeleteFunc(t.Columns, func(c *schema.Column) bool { return c.Name == op.Column })
	case OpRenameColumn:
		t, c, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if _, ok := t.Column(op.Name); ok {
			return skipf("column %s.%s exists", op.Table, op.Name)
		}
		for _, n := range []string{op.Column, op.Name} {
			if err := st.renameOnce(op.Table.Schema + "." + op.Table.Name + "." + n); err != nil {
				return err
			}
		}
		c.Name, c.RenamedFrom = op.Name, op.Column
		renameColumn(m, t, op.Column, op.Name)
	case OpAlterType:
		t, c, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if c.Type == op.Col.Type {
			return skipf("same type")
		}
		// Once a step: two changes make one, which must convert too.
		if err := st.renameOnce("type of " + op.Table.Schema + "." + op.Table.Name + "." + op.Column); err != nil {
			return err
		}
		if fkColumn(m, t, op.Column) {
			return skipf("column %s.%s is in a foreign key", op.Table, op.Column)
		}
		if c.Identity && !integerType(op.Col.Type) {
			return skipf("identity column")
		}
		if !convertible(c.Type, op.Col.Type) {
			return skipf("no conversion from %s to %s", c.Type, op.Col.Type)
		}
		c.Type, c.Default = op.Col.Type, op.Col.Default
		// What reads the column with its old type goes with it, as the
		// developer would have to rewrite it.
		t.Checks = slices.DeleteFunc(t.Checks, func(ck *schema.Check) bool { return slices.Contains(ColumnRefs(ck.Expr), op.Column) })
		t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.Index) bool {
			return (ix.Method != "" || len(ix.Keys) > 0 || ix.Where != "") && indexReads(ix, op.Column)
		})
	case OpSetNullable:
		t, c, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, op.Column) {
			return skipf("primary key column")
		}
		if c.Nullable == op.Flag {
			return skipf("same nullability")
		}
		c.Nullable = op.Flag
	case OpAlterKeyType:
		return op.alterKeyType(st)
	case OpSetIdentity:
		_, c, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if c.Identity == op.Flag || !integerType(c.Type) {
			return skipf("same identity, or no integer")
		}
		c.Identity = op.Flag
		if op.Flag {
			c.Nullable, c.Default = false, ""
		}
	case OpSetDefault:
		t, c, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if c.Default == op.Text || c.Identity {
			return skipf("same default, or identity")
		}
		if op.Text != "" && slices.ContainsFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return slices.Contains(fk.Columns, c.Name) }) {
			// The rows there are would take a value that references
			// no row (seed 200071): the data refuses the model.
			return skipf("a default on a foreign-key column")
		}
		c.Default = op.Text
	case OpColumnComment:
		_, c, err := st.column(op.Table, op.Column)
		if err != nil {
			return err
		}
		if c.Comment == op.Text {
			return skipf("same comment")
		}
		c.Comment = op.Text
	case OpAddUnique:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if !st.nameFree(t, op.Unique.Name) {
			return skipf("name %s taken", op.Unique.Name)
		}
		u := *op.Unique
		u.Columns = slices.Clone(u.Columns)
		t.Uniques = append(t.Uniques, &u)
	case OpDropUnique:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		u, ok := t.Unique(op.Name)
		if !ok {
			return skipf("no unique %s", op.Name)
		}
		if keyReferenced(m, t, u.Columns) {
			return skipf("a foreign key references unique %s", op.Name)
		}
		t.Uniques = slices.DeleteFunc(t.Uniques, func(x *schema.Unique) bool { return x == u })
	case OpAddIndex:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if !st.nameFree(t, op.Index.Name) {
			return skipf("name %s taken", op.Index.Name)
		}
		t.Indexes = append(t.Indexes, op.Index.Clone())
	case OpDropIndex:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		ix, ok := t.Index(op.Name)
		if !ok {
			return skipf("no index %s", op.Name)
		}
		if ix.Unique && keyReferenced(m, t, ix.Columns) {
			return skipf("a foreign key references index %s", op.Name)
		}
		t.Indexes = slices.DeleteFunc(t.Indexes, func(x *schema.Index) bool { return x == ix })
	case OpAddForeignKey:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		ref, ok := m.Table(op.FK.Ref())
		if !ok || !st.mayTouch(op.FK.Ref()) {
			return skipf("no table %s to reference, or not ours", op.FK.Ref())
		}
		if _, ok := t.Column(op.Column); ok {
			return skipf("column %s exists", op.Column)
		}
		if len(op.FK.RefColumns) != 1 {
			return skipf("one referenced column")
		}
		rc, ok := ref.Column(op.FK.RefColumns[0])
		if !ok {
			return skipf("no column %s.%s", op.FK.Ref(), op.FK.RefColumns[0])
		}
		if !st.nameFree(t, op.FK.Name) {
			return skipf("name %s taken", op.FK.Name)
		}
		t.Columns = append(t.Columns, &schema.Column{Name: op.Column, Type: rc.Type, Nullable: true})
		fk := *op.FK
		fk.Columns, fk.RefColumns = []string{op.Column}, slices.Clone(fk.RefColumns)
		t.ForeignKeys = append(t.ForeignKeys, &fk)
	case OpDropForeignKey:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if _, ok := t.ForeignKey(op.Name); !ok {
			return skipf("no foreign key %s", op.Name)
		}
		t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return fk.Name == op.Name })
	case OpForeignKeyAction:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		fk, ok := t.ForeignKey(op.Name)
		if !ok || fk.OnDelete == op.Text {
			return skipf("no foreign key %s, or the same action", op.Name)
		}
		fk.OnDelete = op.Text
	case OpAddCheck:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if !st.nameFree(t, op.Check.Name) {
			return skipf("name %s taken", op.Check.Name)
		}
		ck := *op.Check
		t.Checks = append(t.Checks, &ck)
	case OpDropCheck:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if _, ok := t.Check(op.Name); !ok {
			return skipf("no check %s", op.Name)
		}
		t.Checks = slices.DeleteFunc(t.Checks, func(ck *schema.Check) bool { return ck.Name == op.Name })
	case OpRenameConstraint:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if !st.nameFree(t, op.Name) {
			return skipf("name %s taken", op.Name)
		}
		switch {
		case t.PrimaryKey != nil && t.PrimaryKey.Name == op.Column:
			t.PrimaryKey.Name = op.Name
		default:
			if u, ok := t.Unique(op.Column); ok {
				u.Name = op.Name
			} else if ix, ok := t.Index(op.Column); ok {
				ix.Name = op.Name
			} else if fk, ok := t.ForeignKey(op.Column); ok {
				fk.Name = op.Name
			} else if ck, ok := t.Check(op.Column); ok {
				ck.Name = op.Name
			} else {
				return skipf("no constraint %s", op.Column)
			}
		}
	case OpAddPrimaryKey:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil {
			return skipf("table %s has a primary key", op.Table)
		}
		name := schema.ConstraintName(t.Name, nil, "pkey")
		if !st.nameFree(t, name) {
			return skipf("name %s taken", name)
		}
		for _, n := range op.Columns {
			c, ok := t.Column(n)
			if !ok {
				return skipf("no column %s", n)
			}
			c.Nullable = false
		}
		t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: slices.Clone(op.Columns)}
	case OpDropPrimaryKey:
		t, err := st.table(op.Table)
		if err != nil {
			return err
		}
		if t.PrimaryKey == nil {
			return skipf("no primary key")
		}
		if keyReferenced(m, t, t.PrimaryKey.Columns) {
			return skipf("a foreign key references the primary key")
		}
		t.PrimaryKey = nil
	case OpCreateEnum:
		q := op.Enum.QualifiedName()
		if _, ok := m.Enum(q); ok {
			return skipf("enum %s exists", q)
		}
		if _, ok := m.Table(q); ok {
			return skipf("a table is called %s", q)
		}
		e := *op.Enum
		e.Values = slices.Clone(e.Values)
		m.Enums = append(m.Enums, &e)
	case OpDropEnum:
		if _, ok := m.Enum(op.Table); !ok {
			return skipf("no enum %s", op.Table)
		}
		if st.shared(op.Table) {
			return skipf("enum %s is shared by the branches", op.Table)
		}
		if enumUsed(m, op.Table) {
			return skipf("enum %s is in use", op.Table)
		}
		m.Enums = slices.DeleteFunc(m.Enums, func(e *schema.Enum) bool { return e.QualifiedName() == op.Table })
	case OpEnumAdd, OpEnumDrop, OpEnumMove:
		return op.applyEnum(st)
	default:
		return fmt.Errorf("gentest: unknown op kind %q", op.Kind)
	}
	return nil
}

// applyEnum applies the enum ops: the value Name of enum Table is added
// after Text, dropped, or moved after Text.
func (op Op) applyEnum(st *State) error {
	q := op.Table
	e, ok := st.Model.Enum(q)
	if !ok {
		return skipf("no enum %s", q)
	}
	before := slices.Clone(e.Values)
	vals := slices.Clone(e.Values)
	i := slices.Index(vals, op.Name)
	switch op.Kind {
	case OpEnumAdd:
		if i >= 0 {
			return skipf("enum %s has %s", q, op.Name)
		}
	case OpEnumDrop, OpEnumMove:
		if i < 0 {
			return skipf("enum %s has no %s", q, op.Name)
		}
		if !st.mayDrop(q, op.Name) {
			return skipf("value %s of %s is not this branch's", op.Name, q)
		}
		vals = slices.Delete(vals, i, i+1)
	}
	if op.Kind == OpEnumDrop {
		if enumValueInExpressions(st.Model, q, op.Name) {
			return skipf("an expression reads %s of %s", op.Name, q)
		}
		// A default that names the value goes with it, to another
		// value the branch may name or to none.
		lit := schema.QuoteLiteral(op.Name)
		var other string
		for _, v := range vals {
			if st.mayRef(q, v) {
				other = schema.QuoteLiteral(v)
				break
			}
		}
		for _, t := range st.Model.Tables {
			for _, c := range t.Columns {
				if enumOfType(c.Type) == schema.QuoteType(q) && c.Default == lit {
					if !st.mayTouch(t.QualifiedName()) {
						return skipf("a column of the other branch defaults to %s", op.Name)
					}
					c.Default = other
				}
			}
		}
	} else {
		at := 0
		switch op.Text {
		case "":
		case End:
			at = len(vals)
		default:
			j := slices.Index(vals, op.Text)
			if j < 0 {
				return skipf("enum %s has no %s to place %s after", q, op.Text, op.Name)
			}
			at = j + 1
		}
		vals = slices.Insert(vals, at, op.Name)
		if op.Kind == OpEnumMove && slices.Equal(vals, before) {
			return skipf("the value does not move")
		}
		if st.shared(q) && op.Kind == OpEnumAdd {
			st.ValueOwner[q][op.Name] = st.Branch
		}
	}
	if st.shared(q) {
		// The delta the migration will carry may touch, and place values
		// next to, only what this branch may drop or name.
		add, drop := change.EnumDiff(before, vals)
		for _, v := range slices.Concat(add, drop) {
			for _, ref := range []string{v.After, v.Before} {
				if ref != "" && !st.mayRef(q, ref) {
					return skipf("the delta places %s next to %s, which the other branch may drop", v.Value, ref)
				}
			}
		}
		for _, v := range drop {
			if !st.mayRef(q, v.Value) {
				return skipf("the delta drops %s, which is not this branch's", v.Value)
			}
		}
	}
	e.Values = vals
	return nil
}

// dropReferences removes what reads column col of t, as the developer
// would, before the column goes: the constraints and indexes over it and
// the foreign keys that reference it.
func (st *State) dropReferences(t *schema.Table, col string) error {
	q := t.QualifiedName()
	for _, o := range st.Model.Tables {
		if slices.ContainsFunc(o.ForeignKeys, func(fk *schema.ForeignKey) bool { return fk.Ref() == q && slices.Contains(fk.RefColumns, col) }) {
			if !st.mayTouch(o.QualifiedName()) {
				return skipf("table %s of the other branch references %s.%s", o.QualifiedName(), q, col)
			}
			o.ForeignKeys = slices.DeleteFunc(o.ForeignKeys, func(fk *schema.ForeignKey) bool {
				return fk.Ref() == q && slices.Contains(fk.RefColumns, col)
			})
		}
	}
	t.Uniques = slices.DeleteFunc(t.Uniques, func(u *schema.Unique) bool { return slices.Contains(u.Columns, col) })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.Index) bool { return indexReads(ix, col) })
	t.Checks = slices.DeleteFunc(t.Checks, func(ck *schema.Check) bool { return slices.Contains(ColumnRefs(ck.Expr), col) })
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return slices.Contains(fk.Columns, col) })
	return nil
}

// indexReads reports whether ix reads column col.
func indexReads(ix *schema.Index, col string) bool {
	if slices.Contains(ix.Columns, col) || slices.Contains(ix.Include, col) || slices.Contains(ColumnRefs(ix.Where), col) {
		return true
	}
	return slices.ContainsFunc(ix.Keys, func(k string) bool { return slices.Contains(ColumnRefs(k), col) })
}

// renameColumn renames column from of t to to wherever the models name
// it: keys, expressions, the foreign keys of other tables, and the
// default names of constraints and indexes over it.
func renameColumn(m *schema.Schema, t *schema.Table, from, to string) {
	rename := func(cols []string) {
		for i, c := range cols {
			if c == from {
				cols[i] = to
			}
		}
	}
	renameDefaultNames(t, t.Name, map[string]string{from: to})
	if t.PrimaryKey != nil {
		rename(t.PrimaryKey.Columns)
	}
	for _, u := range t.Uniques {
		rename(u.Columns)
	}
	for _, ix := range t.Indexes {
		rename(ix.Columns)
		rename(ix.Include)
		for i, k := range ix.Keys {
			ix.Keys[i] = RenameIdent(k, from, to)
		}
		ix.Where = RenameIdent(ix.Where, from, to)
	}
	for _, fk := range t.ForeignKeys {
		rename(fk.Columns)
	}
	for _, ck := range t.Checks {
		ck.Expr = RenameIdent(ck.Expr, from, to)
	}
	q := t.QualifiedName()
	for _, o := range m.Tables {
		for _, fk := range o.ForeignKeys {
			if fk.Ref() == q {
				rename(fk.RefColumns)
			}
		}
	}
}

// renameDefaultNames renames the constraints and indexes of t that carry
// the default names of table oldTable (and of the columns, before the
// renames of cols), as package parser names them, to the default names of
// t as it is now named (and its columns renamed).
func renameDefaultNames(t *schema.Table, oldTable string, cols map[string]string) {
	newCols := func(cs []string) []string {
		out := slices.Clone(cs)
		for i, c := range out {
			if n, ok := cols[c]; ok {
				out[i] = n
			}
		}
		return out
	}
	if pk := t.PrimaryKey; pk != nil && pk.Name == schema.ConstraintName(oldTable, nil, "pkey") {
		pk.Name = schema.ConstraintName(t.Name, nil, "pkey")
	}
	for _, u := range t.Uniques {
		if u.Name == schema.ConstraintName(oldTable, u.Columns, "key") {
			u.Name = schema.ConstraintName(t.Name, newCols(u.Columns), "key")
		}
	}
	for _, ix := range t.Indexes {
		if len(ix.Columns) > 0 && ix.Name == schema.ConstraintName(oldTable, ix.Columns, "idx") {
			ix.Name = schema.ConstraintName(t.Name, newCols(ix.Columns), "idx")
		}
	}
	for _, fk := range t.ForeignKeys {
		if fk.Name == schema.ConstraintName(oldTable, fk.Columns, "fkey") {
			fk.Name = schema.ConstraintName(t.Name, newCols(fk.Columns), "fkey")
		}
	}
	for _, ck := range t.Checks {
		refs := ColumnRefs(ck.Expr)
		if len(refs) == 1 && ck.Name == schema.ConstraintName(oldTable, refs, "check") {
			ck.Name = schema.ConstraintName(t.Name, newCols(refs), "check")
		}
	}
}

// fkColumn reports whether column col of t references or is referenced
// by a foreign key.
func fkColumn(m *schema.Schema, t *schema.Table, col string) bool {
	if slices.ContainsFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return slices.Contains(fk.Columns, col) }) {
		return true
	}
	q := t.QualifiedName()
	for _, o := range m.Tables {
		for _, fk := range o.ForeignKeys {
			if fk.Ref() == q && slices.Contains(fk.RefColumns, col) {
				return true
			}
		}
	}
	return false
}

// keyReferenced reports whether a foreign key references cols of t.
func keyReferenced(m *schema.Schema, t *schema.Table, cols []string) bool {
	q := t.QualifiedName()
	for _, o := range m.Tables {
		for _, fk := range o.ForeignKeys {
			if fk.Ref() == q && sameSet(fk.RefColumns, cols) {
				return true
			}
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// enumOfType returns the enum type name of a column type of an enum or
// an array of one (the type without "[]").
func enumOfType(typ string) string { return strings.TrimSuffix(typ, "[]") }

// enumUsed reports whether a column has enum q as its type.
func enumUsed(m *schema.Schema, q schema.QualifiedName) bool {
	typ := schema.QuoteType(q)
	for _, t := range m.Tables {
		for _, c := range t.Columns {
			if enumOfType(c.Type) == typ {
				return true
			}
		}
	}
	return false
}

// enumValueInExpressions reports whether a check or an index predicate
// or key names value v of enum q, on a column of that type.
func enumValueInExpressions(m *schema.Schema, q schema.QualifiedName, v string) bool {
	for _, t := range m.Tables {
		var exprs []string
		for _, ck := range t.Checks {
			exprs = append(exprs, ck.Expr)
		}
		for _, ix := range t.Indexes {
			exprs = append(exprs, ix.Where)
			exprs = append(exprs, ix.Keys...)
		}
		for _, x := range exprs {
			if slices.Contains(ValueRefs(x), v) && slices.ContainsFunc(ColumnRefs(x), func(n string) bool {
				c, ok := t.Column(n)
				return ok && enumOfType(c.Type) == schema.QuoteType(q)
			}) {
				return true
			}
		}
	}
	return false
}

// integerType reports whether typ is an integer type (for identity).
func integerType(typ string) bool {
	return typ == "integer" || typ == "bigint" || typ == "smallint"
}

// alterKeyType changes the type of key column Column of Table (its primary
// key or a unique constraint, of one column) and of every column whose
// foreign key references it, as a developer changes a key's type
// everywhere at once.
func (op Op) alterKeyType(st *State) error {
	t, c, err := st.column(op.Table, op.Column)
	if err != nil {
		return err
	}
	key := t.PrimaryKey != nil && slices.Equal(t.PrimaryKey.Columns, []string{op.Column}) ||
		slices.ContainsFunc(t.Uniques, func(u *schema.Unique) bool { return slices.Equal(u.Columns, []string{op.Column}) })
	if !key || c.Type == op.Col.Type || c.Identity || !convertible(c.Type, op.Col.Type) {
		return skipf("no single-column key, the same type, identity, or no conversion")
	}
	if slices.ContainsFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return slices.Contains(fk.Columns, op.Column) }) {
		return skipf("the key column references another")
	}
	if err := st.renameOnce("type of " + op.Table.Schema + "." + op.Table.Name + "." + op.Column); err != nil {
		return err
	}
	retype := func(t *schema.Table, c *schema.Column) {
		c.Type, c.Default = op.Col.Type, ""
		t.Checks = slices.DeleteFunc(t.Checks, func(ck *schema.Check) bool { return slices.Contains(ColumnRefs(ck.Expr), c.Name) })
		t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.Index) bool {
			return (ix.Method != "" || len(ix.Keys) > 0 || ix.Where != "") && indexReads(ix, c.Name)
		})
	}
	retype(t, c)
	q := t.QualifiedName()
	for _, o := range st.Model.Tables {
		for _, fk := range o.ForeignKeys {
			if fk.Ref() != q || !slices.Equal(fk.RefColumns, []string{op.Column}) {
				continue
			}
			if !st.mayTouch(o.QualifiedName()) {
				return skipf("table %s of the other branch references %s", o.QualifiedName(), q)
			}
			oc, _ := o.Column(fk.Columns[0])
			if oc.Type == op.Col.Type {
				continue
			}
			if oc.Identity || fkReferenced(st.Model, o, oc.Name) {
				return skipf("column %s.%s is an identity or a key itself", o.QualifiedName(), oc.Name)
			}
			retype(o, oc)
		}
	}
	return nil
}

// fkReferenced reports whether a foreign key references column col of t.
func fkReferenced(m *schema.Schema, t *schema.Table, col string) bool {
	q := t.QualifiedName()
	for _, o := range m.Tables {
		for _, fk := range o.ForeignKeys {
			if fk.Ref() == q && slices.Contains(fk.RefColumns, col) {
				return true
			}
		}
	}
	return false
}
