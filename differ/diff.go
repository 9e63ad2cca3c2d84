// Package differ compares two schemas and returns the ordered changes that
// turn the first into the second.
//
// [Diff] is a pure, deterministic function: it never modifies its inputs,
// and the same inputs give the same changes. Its changes carry full
// definitions, so [change.ReverseAll] of them is the downgrade.
package differ

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Diff returns the changes that turn from into to, in an order PostgreSQL
// accepts: objects are created before what references them and dropped
// after it; foreign keys that close a cycle between new tables are added
// after the tables. Reversing the result ([change.ReverseAll]) gives the
// changes that turn to back into from. Objects managed by their
// definition (views, functions, triggers, ...) are planned around the
// tables, and those that depend on what the plan drops or retypes are
// rebuilt; a plan that would break an object not managed is refused with
// an [*ObjectDependencyError] (see objects.go).
//
// A nil schema is empty. The schemas that tables live in count as listed
// in Schemas, whether or not their source listed them. Diff reports an
// error when either schema is invalid (see [schema.Schema.Validate]).
func Diff(from, to *schema.Schema) ([]change.Change, error) {
	if from == nil {
		from = &schema.Schema{}
	}
	if to == nil {
		to = &schema.Schema{}
	}
	for _, s := range []struct {
		name string
		s    *schema.Schema
	}{{"from", from}, {"to", to}} {
		if err := s.s.Validate(); err != nil {
			return nil, fmt.Errorf("differ: %s schema: %w", s.name, err)
		}
	}
	d := &differ{droppedKeys: map[schema.QualifiedName][][]string{}}
	fromN := normalize(from)
	d.setFrom(fromN)
	d.to = normalize(to)
	d.toTables = indexTables(d.to)
	d.run()
	if d.err != nil {
		return nil, d.err
	}
	if err := d.planObjects(fromN); err != nil {
		return nil, err
	}
	return d.plan(), nil
}

// normalize returns s.Normalize() with the schema of every table and
// object listed in Schemas.
func normalize(s *schema.Schema) *schema.Schema {
	n := s.Normalize()
	for _, t := range n.Tables {
		if t.Schema != schema.DefaultSchema && !slices.Contains(n.Schemas, t.Schema) {
			n.Schemas = append(n.Schemas, t.Schema)
		}
	}
	for _, o := range n.Objects {
		if o.Schema != schema.DefaultSchema && o.Schema != "" && !slices.Contains(n.Schemas, o.Schema) {
			n.Schemas = append(n.Schemas, o.Schema)
		}
	}
	slices.Sort(n.Schemas)
	return n
}

// differ holds the changes of one Diff, sorted into the phases that run in
// order.
type differ struct {
	from, to *schema.Schema
	err      error

	// fromTables and toTables index the tables of from and to; setFrom
	// keeps fromTables in step when renames replace from.
	fromTables, toTables tableIndex

	// droppedKeys lists, per kept table, the column sets of the primary
	// keys, unique constraints and unique indexes that are dropped (and
	// perhaps added again): foreign keys that rely on them must go first.
	droppedKeys map[schema.QualifiedName][][]string

	// The objects managed by their definition (see objects.go): those
	// that depend on tables are dropped first and created last, the
	// others created before the tables and dropped after them.
	dropObjects        []change.Change
	createObjectsEarly []change.Change
	createObjectsLate  []change.Change
	dropObjectsLate    []change.Change

	createSchemas   []change.Change
	createEnums     []change.Change
	renames         []change.Change
	dropForeignKeys []change.Change
	dropIndexes     []change.Change
	dropTables      []change.Change
	dropConstraints []change.Change
	dropColumns     []change.Change
	leaveEnums      []change.Change
	alterEnums      []change.Change
	alterColumns    []change.Change
	addConstraints  []change.Change
	createTables    []change.Change
	createIndexes   []change.Change
	addForeignKeys  []change.Change
	validations     []change.Change
	comments        []change.Change
	dropEnums       []change.Change
	dropSchemas     []change.Change
}

// setFrom makes s the from schema and indexes its tables.
func (d *differ) setFrom(s *schema.Schema) {
	d.from = s
	d.fromTables = indexTables(s)
}

// plan returns the changes of every phase, in order, with
// AddedValuesUsed set on each enum change whose added values a later
// change uses ([change.MarkAddedValuesUsed]): a new column's default, a
// check or an index predicate that names a value added in the same
// migration needs the type rebuilt, since PostgreSQL refuses a value
// added by ALTER TYPE ... ADD VALUE in the transaction that adds it.
func (d *differ) plan() []change.Change {
	var out []change.Change
	for _, phase := range [][]change.Change{
		d.dropObjects, d.createSchemas, d.createEnums, d.createObjectsEarly, d.renames, d.dropForeignKeys,
		d.dropIndexes, d.dropTables, d.dropConstraints, d.dropColumns,
		d.leaveEnums, d.alterEnums, d.alterColumns, d.addConstraints, d.createTables,
		d.createIndexes, d.addForeignKeys, d.validations, d.comments, d.createObjectsLate,
		d.dropObjectsLate, d.dropEnums, d.dropSchemas,
	} {
		out = append(out, phase...)
	}
	return change.MarkAddedValuesUsed(out)
}

func (d *differ) run() {
	diffByName(d.from.Schemas, d.to.Schemas, byName[string, string]{
		name: func(s string) string { return s },
		drop: func(s string) { d.dropSchemas = append(d.dropSchemas, change.DropSchema{Name: s}) },
		add:  func(s string) { d.createSchemas = append(d.createSchemas, change.CreateSchema{Name: s}) },
	})

	d.renameTables()
	var columns []change.Change
	for _, t := range d.to.Tables {
		if old, ok := d.fromTables.table(t.QualifiedName()); ok {
			columns = append(columns, columnRenames(old, t)...)
		}
	}
	d.applyRenames(columns)
	d.enums()

	var added, dropped []*schema.Table
	diffByName(d.from.Tables, d.to.Tables, byName[*schema.Table, schema.QualifiedName]{
		name: (*schema.Table).QualifiedName,
		drop: func(t *schema.Table) { dropped = append(dropped, t) },
		add:  func(t *schema.Table) { added = append(added, t) },
		keep: d.table,
	})
	d.rebuildDependentForeignKeys()
	d.dropTablesInOrder(dropped)
	d.createTablesInOrder(added)
	d.ensureSchemas(added)
}

// ensureSchemas adds a CreateSchema (CREATE SCHEMA IF NOT EXISTS) for
// each schema other than public that the plan creates a table or enum in
// and that exists already: another branch of the history may have
// dropped it with its last table, and the migration must then create it
// again (schemas are shared; see [change.CreateSchema]). It is an
// Ensure: its reverse is no change, so a downgrade never drops a schema
// that an earlier revision made (with its grants).
func (d *differ) ensureSchemas(added []*schema.Table) {
	created := map[string]bool{schema.DefaultSchema: true}
	for _, c := range d.createSchemas {
		created[c.(change.CreateSchema).Name] = true
	}
	ensure := func(s string) {
		if !created[s] {
			created[s] = true
			d.createSchemas = append(d.createSchemas, change.CreateSchema{Name: s, Ensure: true})
		}
	}
	for _, t := range added {
		ensure(t.Schema)
	}
	for _, c := range d.createEnums {
		ensure(c.(change.CreateEnum).Enum.Schema)
	}
}

// rebuildDependentForeignKeys drops and adds again the unchanged foreign
// keys of kept tables that reference a key being dropped (PostgreSQL
// refuses to drop a constraint or index that a foreign key depends on),
// or whose columns, on either side, change type: the columns change one
// ALTER TABLE at a time, and a foreign key between a column of the new
// type and one of the old cannot be implemented (bigint to text on both
// sides fails at the first).
func (d *differ) rebuildDependentForeignKeys() {
	for _, to := range d.to.Tables {
		from, ok := d.fromTables.table(to.QualifiedName())
		if !ok {
			continue
		}
		for _, fk := range from.ForeignKeys {
			nfk, ok := to.ForeignKey(fk.Name)
			if !ok || replaceForeignKey(fk, nfk) {
				continue // dropped or changed already
			}
			if !slices.ContainsFunc(d.droppedKeys[fk.Ref()], func(cols []string) bool { return sameColumnSet(cols, fk.RefColumns) }) &&
				!d.typeChanges(from.QualifiedName(), fk.Columns) && !d.typeChanges(fk.Ref(), fk.RefColumns) {
				continue
			}
			q := to.QualifiedName()
			d.dropForeignKeys = append(d.dropForeignKeys, change.DropForeignKey{Table: q, ForeignKey: fk})
			d.addForeignKeys = append(d.addForeignKeys, change.AddForeignKey{Table: q, ForeignKey: nfk, NotValid: nfk.NotValid})
			// Added again as it should be: nothing is left to validate.
			d.validations = slices.DeleteFunc(d.validations, func(c change.Change) bool {
				v, ok := c.(change.ValidateConstraint)
				return ok && v.Table == q && v.Name == nfk.Name
			})
		}
	}
}

// typeChanges reports whether a column of cols of table q, kept from
// from to to, changes type.
func (d *differ) typeChanges(q schema.QualifiedName, cols []string) bool {
	ft, ok := d.fromTables.table(q)
	tt, ok2 := d.toTables.table(q)
	if !ok || !ok2 {
		return false
	}
	for _, name := range cols {
		fc, ok := ft.Column(name)
		tc, ok2 := tt.Column(name)
		if ok && ok2 && fc.Type != tc.Type {
			return true
		}
	}
	return false
}

// sameColumnSet reports whether a and b hold the same columns in any
// order, as PostgreSQL matches a foreign key's referenced columns to a key.
func sameColumnSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

// keyExistsBefore reports whether the key fk references exists when the
// new tables are created: a primary key or unique constraint of a table
// created earlier, or one a kept table already had. A foreign key to a
// unique index, or to a key added in this diff, waits until the end.
func (d *differ) keyExistsBefore(fk *schema.ForeignKey, pending map[schema.QualifiedName]*schema.Table, created map[schema.QualifiedName]bool) bool {
	ref := fk.Ref()
	if rt, ok := pending[ref]; ok {
		return created[ref] && constraintKey(rt, fk.RefColumns)
	}
	ft, ok := d.fromTables.table(ref)
	tt, ok2 := d.toTables.table(ref)
	return ok && ok2 && constraintKey(ft, fk.RefColumns) && constraintKey(tt, fk.RefColumns)
}

// constraintKey reports whether t has a primary key or unique constraint
// over exactly cols: a foreign key to it can be part of CREATE TABLE,
// while one to a unique index must wait until the index exists.
func constraintKey(t *schema.Table, cols []string) bool {
	if t.PrimaryKey != nil && sameColumnSet(t.PrimaryKey.Columns, cols) {
		return true
	}
	return slices.ContainsFunc(t.Uniques, func(u *schema.Unique) bool { return sameColumnSet(u.Columns, cols) })
}

// table diffs two versions of the same table.
func (d *differ) table(from, to *schema.Table) {
	q := to.QualifiedName()
	d.renameConstraints(from, to)

	// A constraint added NOT VALID and never validated is finished by a
	// validation; one that should be NOT VALID but is valid can only be
	// added again.
	validate := func(name string, notValid, toNotValid bool) {
		if notValid && !toNotValid {
			d.validations = append(d.validations, change.ValidateConstraint{Table: q, Name: name})
		}
	}
	diffByName(from.ForeignKeys, to.ForeignKeys, byName[*schema.ForeignKey, string]{
		name:    func(fk *schema.ForeignKey) string { return fk.Name },
		replace: replaceForeignKey,
		drop: func(fk *schema.ForeignKey) {
			d.dropForeignKeys = append(d.dropForeignKeys, change.DropForeignKey{Table: q, ForeignKey: fk})
		},
		add: func(fk *schema.ForeignKey) {
			d.addForeignKeys = append(d.addForeignKeys, change.AddForeignKey{Table: q, ForeignKey: fk, NotValid: fk.NotValid})
		},
		keep: func(o, n *schema.ForeignKey) { validate(n.Name, o.NotValid, n.NotValid) },
	})
	diffByName(from.Indexes, to.Indexes, byName[*schema.Index, string]{
		name:    func(ix *schema.Index) string { return ix.Name },
		replace: func(o, n *schema.Index) bool { return !equalIndex(o, n) },
		drop: func(ix *schema.Index) {
			d.dropIndexes = append(d.dropIndexes, change.DropIndex{Table: q, Index: ix})
			if ix.Unique && !ix.Invalid { // no foreign key relies on an invalid index
				d.droppedKeys[q] = append(d.droppedKeys[q], ix.Columns)
			}
		},
		add: func(ix *schema.Index) {
			d.createIndexes = append(d.createIndexes, change.CreateIndex{Table: q, Index: ix})
		},
	})

	// The primary key is one object, not a list.
	if !equalPrimaryKey(from.PrimaryKey, to.PrimaryKey) {
		if from.PrimaryKey != nil {
			d.dropConstraints = append(d.dropConstraints, change.DropPrimaryKey{Table: q, PrimaryKey: from.PrimaryKey})
			d.droppedKeys[q] = append(d.droppedKeys[q], from.PrimaryKey.Columns)
		}
		if to.PrimaryKey != nil {
			d.addConstraints = append(d.addConstraints, change.AddPrimaryKey{Table: q, PrimaryKey: to.PrimaryKey})
		}
	}
	diffByName(from.Uniques, to.Uniques, byName[*schema.Unique, string]{
		name:    func(u *schema.Unique) string { return u.Name },
		replace: func(o, n *schema.Unique) bool { return !slices.Equal(o.Columns, n.Columns) },
		drop: func(u *schema.Unique) {
			d.dropConstraints = append(d.dropConstraints, change.DropUnique{Table: q, Unique: u})
			d.droppedKeys[q] = append(d.droppedKeys[q], u.Columns)
		},
		add: func(u *schema.Unique) {
			d.addConstraints = append(d.addConstraints, change.AddUnique{Table: q, Unique: u})
		},
	})
	diffByName(from.Checks, to.Checks, byName[*schema.Check, string]{
		name:    func(c *schema.Check) string { return c.Name },
		replace: func(o, n *schema.Check) bool { return o.Expr != n.Expr || (!o.NotValid && n.NotValid) },
		drop: func(c *schema.Check) {
			d.dropConstraints = append(d.dropConstraints, change.DropCheck{Table: q, Check: c})
		},
		add: func(c *schema.Check) {
			d.addConstraints = append(d.addConstraints, change.AddCheck{Table: q, Check: c, NotValid: c.NotValid})
		},
		keep: func(o, n *schema.Check) { validate(n.Name, o.NotValid, n.NotValid) },
	})

	// Columns. A generated column's expression cannot be altered in
	// place, nor the type of a column it may read: the column is dropped
	// and added again (it holds no data of its own).
	typeChanges := slices.ContainsFunc(to.Columns, func(c *schema.Column) bool {
		old, ok := from.Column(c.Name)
		return ok && old.Type != c.Type && c.Generated == ""
	})
	diffByName(from.Columns, to.Columns, byName[*schema.Column, string]{
		name: func(c *schema.Column) string { return c.Name },
		replace: func(o, n *schema.Column) bool {
			return o.Generated != n.Generated || (n.Generated != "" && typeChanges)
		},
		drop: func(c *schema.Column) { d.dropColumns = append(d.dropColumns, change.DropColumn{Table: q, Column: c}) },
		add: func(c *schema.Column) {
			d.alterColumns = append(d.alterColumns, change.AddColumn{Table: q, Column: c})
		},
		keep: func(o, n *schema.Column) {
			if !equalColumn(o, n) {
				if d.leavesAlteredEnum(o.Type, n.Type) {
					d.leaveEnums = append(d.leaveEnums, change.AlterColumn{Table: q, From: o, To: n})
				} else {
					d.alterColumns = append(d.alterColumns, change.AlterColumn{Table: q, From: o, To: n})
				}
			}
			if o.Comment != n.Comment {
				d.comments = append(d.comments, change.SetColumnComment{Table: q, Column: n.Name, From: o.Comment, To: n.Comment})
			}
		},
	})
	if from.Comment != to.Comment {
		d.comments = append(d.comments, change.SetTableComment{Table: q, From: from.Comment, To: to.Comment})
	}
}

// createTablesInOrder creates new tables so that a table comes after the
// tables it references. A foreign key to a table not created yet (a cycle),
// or to a unique index of a new table (indexes come after tables), is left
// out of CREATE TABLE and added after all tables and indexes.
func (d *differ) createTablesInOrder(tables []*schema.Table) {
	order := dependencyOrder(tables)
	created := map[schema.QualifiedName]bool{}
	pending := map[schema.QualifiedName]*schema.Table{}
	for _, t := range tables {
		pending[t.QualifiedName()] = t
	}
	for _, t := range order {
		q := t.QualifiedName()
		created[q] = true
		ct := t.Clone()
		ct.Indexes = nil
		ct.ForeignKeys = nil
		ct.Checks = nil
		// CREATE TABLE validates its constraints: those that must be NOT
		// VALID are added after it, as is a foreign key whose key does
		// not exist yet.
		for _, ck := range t.Checks {
			if ck.NotValid {
				d.addForeignKeys = append(d.addForeignKeys, change.AddCheck{Table: q, Check: ck, NotValid: true})
				continue
			}
			ct.Checks = append(ct.Checks, ck)
		}
		for _, fk := range t.ForeignKeys {
			if fk.NotValid || !d.keyExistsBefore(fk, pending, created) {
				d.addForeignKeys = append(d.addForeignKeys, change.AddForeignKey{Table: q, ForeignKey: fk, NotValid: fk.NotValid})
				continue
			}
			ct.ForeignKeys = append(ct.ForeignKeys, fk)
		}
		d.createTables = append(d.createTables, change.CreateTable{Table: ct})
		for _, ix := range t.Indexes {
			d.createIndexes = append(d.createIndexes, change.CreateIndex{Table: q, Index: ix})
		}
	}
}

// dropTablesInOrder drops tables, referencing tables first. Foreign keys
// between two dropped tables are dropped beforehand, so that the order
// never matters to PostgreSQL and the downgrade can recreate cycles.
func (d *differ) dropTablesInOrder(tables []*schema.Table) {
	dropping := map[schema.QualifiedName]bool{}
	for _, t := range tables {
		dropping[t.QualifiedName()] = true
	}
	order := dependencyOrder(tables)
	for i := len(order) - 1; i >= 0; i-- {
		t := order[i]
		q := t.QualifiedName()
		dt := t.Clone()
		dt.Indexes = nil
		dt.ForeignKeys = nil
		for _, fk := range t.ForeignKeys {
			if ref := fk.Ref(); ref != q && dropping[ref] {
				d.dropForeignKeys = append(d.dropForeignKeys, change.DropForeignKey{Table: q, ForeignKey: fk})
				continue
			}
			dt.ForeignKeys = append(dt.ForeignKeys, fk)
		}
		// Indexes go with the table; dropping them first keeps the
		// downgrade symmetric (it recreates them after the table).
		for _, ix := range t.Indexes {
			d.dropIndexes = append(d.dropIndexes, change.DropIndex{Table: q, Index: ix})
		}
		d.dropTables = append(d.dropTables, change.DropTable{Table: dt})
	}
}

// dependencyOrder sorts tables so that each comes after the tables of the
// set it references, ties and cycles broken by qualified name.
func dependencyOrder(tables []*schema.Table) []*schema.Table {
	byName := map[schema.QualifiedName]*schema.Table{}
	var names []schema.QualifiedName
	for _, t := range tables {
		byName[t.QualifiedName()] = t
		names = append(names, t.QualifiedName())
	}
	slices.SortFunc(names, compareNames)
	done := map[schema.QualifiedName]bool{}
	var order []*schema.Table
	for len(order) < len(names) {
		progressed := false
		for _, q := range names {
			if done[q] || !refsDone(byName[q], byName, done) {
				continue
			}
			done[q] = true
			order = append(order, byName[q])
			progressed = true
		}
		if !progressed {
			// A cycle: take the first remaining table by name.
			for _, q := range names {
				if !done[q] {
					done[q] = true
					order = append(order, byName[q])
					break
				}
			}
		}
	}
	return order
}

func refsDone(t *schema.Table, set map[schema.QualifiedName]*schema.Table, done map[schema.QualifiedName]bool) bool {
	for _, fk := range t.ForeignKeys {
		ref := fk.Ref()
		if _, inSet := set[ref]; inSet && ref != t.QualifiedName() && !done[ref] {
			return false
		}
	}
	return true
}

func compareNames(a, b schema.QualifiedName) int {
	if c := strings.Compare(a.Schema, b.Schema); c != 0 {
		return c
	}
	return strings.Compare(a.Name, b.Name)
}

// equalColumn compares what ALTER COLUMN changes; comments and
// generation expressions are handled apart.
func equalColumn(a, b *schema.Column) bool {
	return a.Name == b.Name && a.Type == b.Type && a.Nullable == b.Nullable &&
		a.Default == b.Default && a.Identity == b.Identity
}

func equalPrimaryKey(a, b *schema.PrimaryKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && slices.Equal(a.Columns, b.Columns)
}

// equalIndex reports whether a and b are the same index but for their
// names: an invalid index (a failed concurrent build) differs from a
// valid one.
func equalIndex(a, b *schema.Index) bool {
	return a.Invalid == b.Invalid && a.Unique == b.Unique && slices.Equal(a.Columns, b.Columns) &&
		slices.Equal(a.Keys, b.Keys) && indexMethod(a.Method) == indexMethod(b.Method) &&
		slices.Equal(a.Include, b.Include) && a.Where == b.Where
}

func indexMethod(m string) string {
	m = strings.ToLower(m)
	if m == "btree" {
		return ""
	}
	return m
}

// replaceForeignKey reports whether foreign key o must be dropped and n
// added in its place: their definitions differ, or n must be NOT VALID
// and o is valid (a NOT VALID o that n wants valid is validated instead).
func replaceForeignKey(o, n *schema.ForeignKey) bool {
	return !equalForeignKey(o, n) || (!o.NotValid && n.NotValid)
}

// equalForeignKey reports whether a and b have the same definition;
// names and validity aside.
func equalForeignKey(a, b *schema.ForeignKey) bool {
	return slices.Equal(a.Columns, b.Columns) && a.Ref() == b.Ref() &&
		slices.Equal(a.RefColumns, b.RefColumns) &&
		normalAction(a.OnDelete) == normalAction(b.OnDelete) &&
		normalAction(a.OnUpdate) == normalAction(b.OnUpdate)
}

// normalAction maps a referential action to one spelling; NO ACTION is the
// default and the same as none.
func normalAction(s string) string {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	if s == "NO ACTION" {
		return ""
	}
	return s
}
