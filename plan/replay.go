package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/internal/sqlcheck"
	"github.com/schemagen/schemagen/migrate"
	"github.com/schemagen/schemagen/schema"
)

// Replay applies changes to a copy of s in memory and returns the result,
// so that the schema a run of migrations produces is known without a
// database. Hand-written SQL ([change.Execute]) changes the schema as its
// declared effects do; SQL that declares none, and Go steps
// ([change.RunGo]), leave the schema alone ([Undeclared] finds the SQL
// whose effects replay cannot know). A change that names an object s
// lacks, or creates one that exists, is an error naming it, with one
// exception: schemas that hold model tables are implicit and shared, so,
// as in the database, [change.CreateSchema] of a schema that exists
// changes nothing, and [change.DropSchema] keeps a schema that still
// holds a table or an enum of s. A table or enum created in a schema
// other than public that s lacks, and a key or constraint on a column
// its table lacks, are errors too (after a merge, the other branch may
// have dropped them).
//
// Replay follows PostgreSQL where it changes more than a change names: an
// enum rebuild ([change.AlterEnum]) sets the defaults of the columns it
// lists with a new one; a constraint added NOT VALID is NotValid until a
// [change.ValidateConstraint] (the constraints of a new table, and new
// indexes, are valid), and a renamed column is renamed in the check
// constraints, index keys and predicates and generation expressions of
// its table (see [sqlcheck.RenameColumns]).
//
// s is taken as [schema.Schema.Canonical] makes it; changes hold
// canonical names, as the differ and the Op of package migrate record
// them (see [schema.QualifiedName]).
func Replay(s *schema.Schema, changes []change.Change) (*schema.Schema, error) {
	out := s.Canonical()
	if err := replayOn(out, changes); err != nil {
		return nil, err
	}
	return out, nil
}

// replayOn replays changes on s itself, as [Replay] does on a copy; s is
// canonical. On error s is left part changed.
func replayOn(s *schema.Schema, changes []change.Change) error {
	for _, c := range changes {
		if err := replay(s, c); err != nil {
			return fmt.Errorf("replay %s: %w", change.Describe(c), err)
		}
	}
	return nil
}

// ReplayAll replays the upgrade of every recorded migration, from an
// empty schema, in the order of their revision graph (parents first, so
// that merged branches compose as they do on a database), and returns the
// schema at the heads. An invalid graph is the error of
// [migrate.GraphOfRecorded]; a change that does not apply is an error
// naming its revision and file.
func ReplayAll(recs []migrate.Recorded) (*schema.Schema, error) {
	byRev := map[string]migrate.Recorded{}
	for _, r := range recs {
		byRev[r.Revision] = r
	}
	g, err := migrate.GraphOfRecorded(recs)
	if err != nil {
		return nil, err
	}
	s := &schema.Schema{}
	for _, rev := range g.Order() {
		if s, err = Replay(s, byRev[rev].Upgrade); err != nil {
			return nil, fmt.Errorf("revision %s (%s): %w", rev, byRev[rev].File, err)
		}
	}
	return s, nil
}

// UndeclaredSQL is hand-written SQL of a migration's upgrade that declares
// no schema effects ([migrate.Op.Execute]): replay cannot know what it
// does, so the replayed schema may differ from the database's.
type UndeclaredSQL struct {
	// Revision and File name the migration.
	Revision, File string
	// Pos is where the SQL is written, "file.go:12" (see
	// [migrate.Recorded.Undeclared]); empty when unknown.
	Pos string
	// Change is the change, as the upgrade records it.
	Change change.Execute
}

// Undeclared returns the hand-written SQL of the upgrades of recs that
// declares no schema effects, in the order of recs and of their changes.
func Undeclared(recs []migrate.Recorded) []UndeclaredSQL {
	var out []UndeclaredSQL
	for _, r := range recs {
		k := 0
		for _, c := range r.Upgrade {
			x, ok := c.(change.Execute)
			if !ok || x.Declared {
				continue
			}
			u := UndeclaredSQL{Revision: r.Revision, File: r.File, Change: x}
			if k < len(r.Undeclared) {
				u.Pos = r.Undeclared[k]
			}
			k++
			out = append(out, u)
		}
	}
	return out
}

func replay(s *schema.Schema, c change.Change) error {
	if c == nil {
		return fmt.Errorf("a nil change")
	}
	// No default case: go-check-sumtype (make test) proves every kind of
	// change has a case.
	switch c := c.(type) {
	case change.CreateSchema:
		// CREATE SCHEMA IF NOT EXISTS: two branches may both create
		// the schema of their first table.
		if !slices.Contains(s.Schemas, c.Name) {
			s.Schemas = append(s.Schemas, c.Name)
			slices.Sort(s.Schemas)
		}
	case change.DropSchema:
		i := slices.Index(s.Schemas, c.Name)
		if i < 0 {
			return fmt.Errorf("no schema %s", c.Name)
		}
		// Dropped only when empty: a table or enum that lives in it
		// (another branch's) keeps it.
		if !holdsObjects(s, c.Name) {
			s.Schemas = slices.Delete(s.Schemas, i, i+1)
			delete(s.SchemaComments, c.Name)
		}
	case change.CreateTable:
		q := c.Table.QualifiedName()
		if _, ok := s.Table(q); ok {
			return fmt.Errorf("table %s exists", q)
		}
		if err := hasSchema(s, q.Schema); err != nil {
			return err
		}
		for _, p := range c.Table.Parents() {
			if _, ok := s.Table(p); !ok {
				return fmt.Errorf("no table %s, the parent of %s", p, q)
			}
		}
		t := c.Table.Clone()
		// PostgreSQL validates the constraints of a new table at once,
		// and an index that it creates is valid.
		for _, fk := range t.ForeignKeys {
			fk.NotValid = false
		}
		for _, ck := range t.Checks {
			ck.NotValid = false
		}
		for _, ix := range t.Indexes {
			ix.Invalid = false
		}
		s.Tables = append(s.Tables, t)
	case change.DropTable:
		q := c.Table.QualifiedName()
		i := slices.IndexFunc(s.Tables, func(t *schema.Table) bool { return t.QualifiedName() == q })
		if i < 0 {
			return fmt.Errorf("no table %s", q)
		}
		// PostgreSQL drops the table's partitions (and theirs) with it,
		// and the triggers, policies and rules of each, and refuses
		// while anything else depends on one of them.
		gone := append([]schema.QualifiedName{q}, partitionsOf(s, q)...)
		for _, g := range gone {
			if err := refuseDependants(s, g, "", "drop table"); err != nil {
				return err
			}
		}
		if child := slices.IndexFunc(s.Tables, func(t *schema.Table) bool { return slices.Contains(t.Inherits, q) }); child >= 0 {
			return fmt.Errorf("table %s inherits from %s, which DROP TABLE refuses to drop", s.Tables[child].QualifiedName(), q)
		}
		s.Tables = slices.DeleteFunc(s.Tables, func(t *schema.Table) bool { return slices.Contains(gone, t.QualifiedName()) })
		for _, g := range gone {
			dropOwned(s, g)
		}
	case change.AttachPartition:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		p, err := table(s, c.Parent)
		if err != nil {
			return err
		}
		if p.PartitionBy == "" {
			return fmt.Errorf("table %s is not partitioned", c.Parent)
		}
		if t.PartitionOf != nil {
			return fmt.Errorf("table %s is a partition of %s already", c.Table, t.PartitionOf.Parent)
		}
		// Its columns become its parent's.
		t.PartitionOf = &schema.PartitionOf{Parent: c.Parent, Bound: c.Bound}
		t.Columns = nil
	case change.DetachPartition:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if t.PartitionOf == nil || t.PartitionOf.Parent != c.Parent {
			return fmt.Errorf("table %s is no partition of %s", c.Table, c.Parent)
		}
		// It keeps its columns, which become its own.
		t.Columns = ancestorColumns(s, t)
		t.PartitionOf = nil
	case change.RenameTable:
		t, err := table(s, c.From)
		if err != nil {
			return err
		}
		if _, ok := s.Table(c.To); ok {
			return fmt.Errorf("table %s exists", c.To)
		}
		t.Schema, t.Name = c.To.Schema, c.To.Name
		renameInObjects(s, c.From, c.To, "", "")
		for _, other := range s.Tables {
			for _, fk := range other.ForeignKeys {
				if fk.Ref() == c.From {
					fk.RefSchema, fk.RefTable = t.Schema, t.Name
				}
			}
			// Partitions and children follow their parent's name.
			if other.PartitionOf != nil && other.PartitionOf.Parent == c.From {
				other.PartitionOf.Parent = c.To
			}
			for i, p := range other.Inherits {
				if p == c.From {
					other.Inherits[i] = c.To
				}
			}
		}
	case change.AddColumn:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if _, ok := t.Column(c.Column.Name); ok {
			return fmt.Errorf("column %s.%s exists", c.Table, c.Column.Name)
		}
		col := *c.Column
		col.Using = "" // a change's, not a state
		t.Columns = append(t.Columns, &col)
	case change.DropColumn:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(t.Columns, func(col *schema.Column) bool { return col.Name == c.Column.Name })
		if i < 0 {
			return fmt.Errorf("no column %s.%s", c.Table, c.Column.Name)
		}
		if err := refuseDependants(s, c.Table, c.Column.Name, "drop column"); err != nil {
			return err
		}
		t.Columns = slices.Delete(t.Columns, i, i+1)
		// PostgreSQL drops what depends on the column alone.
		t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *schema.Index) bool { return slices.Contains(ix.Columns, c.Column.Name) })
		t.Uniques = slices.DeleteFunc(t.Uniques, func(u *schema.Unique) bool {
			return slices.Contains(u.Columns, c.Column.Name) || slices.Contains(u.Include, c.Column.Name)
		})
		t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return slices.Contains(fk.Columns, c.Column.Name) })
		if t.PrimaryKey != nil && (slices.Contains(t.PrimaryKey.Columns, c.Column.Name) || slices.Contains(t.PrimaryKey.Include, c.Column.Name)) {
			t.PrimaryKey = nil
		}
		var xerr error
		t.Exclusions = slices.DeleteFunc(t.Exclusions, func(x *schema.Exclusion) bool {
			cols, perr := sqlcheck.ExclusionColumns(x.Definition)
			if perr != nil {
				xerr = fmt.Errorf("drop column %s.%s: exclusion constraint %s: %w", c.Table, c.Column.Name, x.Name, perr)
			}
			return slices.Contains(cols, c.Column.Name)
		})
		if xerr != nil {
			return xerr
		}
	case change.AlterColumn:
		col, err := column(s, c.Table, c.To.Name)
		if err != nil {
			return err
		}
		if col.Type != c.To.Type || col.Collation != c.To.Collation {
			// "cannot alter type of a column used by a view or rule"
			// (a collation changes by ALTER COLUMN ... TYPE too)
			if err := refuseDependants(s, c.Table, c.To.Name, "change the type of column"); err != nil {
				return err
			}
		}
		comment := col.Comment
		*col = *c.To
		col.Comment = comment
		col.Using = "" // a change's, not a state
	case change.RenameColumn:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		col, ok := t.Column(c.From)
		if !ok {
			return fmt.Errorf("no column %s.%s", c.Table, c.From)
		}
		if _, ok := t.Column(c.To); ok {
			return fmt.Errorf("column %s.%s exists", c.Table, c.To)
		}
		col.Name = c.To
		renameInObjects(s, c.Table, c.Table, c.From, c.To)
		if err := renameInExpressions(t, c.From, c.To); err != nil {
			return err
		}
		rename := func(cols []string) {
			for i := range cols {
				if cols[i] == c.From {
					cols[i] = c.To
				}
			}
		}
		if t.PrimaryKey != nil {
			rename(t.PrimaryKey.Columns)
			rename(t.PrimaryKey.Include)
		}
		for _, u := range t.Uniques {
			rename(u.Columns)
			rename(u.Include)
		}
		for _, ix := range t.Indexes {
			rename(ix.Columns)
			rename(ix.Include)
		}
		for _, fk := range t.ForeignKeys {
			rename(fk.Columns)
		}
		q := t.QualifiedName()
		for _, other := range s.Tables {
			for _, fk := range other.ForeignKeys {
				if fk.Ref() == q {
					rename(fk.RefColumns)
				}
			}
		}
	case change.SetColumnComment:
		col, err := column(s, c.Table, c.Column)
		if err != nil {
			return err
		}
		col.Comment = c.To
	case change.SetTableComment:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		t.Comment = c.To
	case change.AddPrimaryKey:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil {
			return fmt.Errorf("table %s has a primary key", c.Table)
		}
		if err := hasColumns(s, t, c.PrimaryKey.Columns); err != nil {
			return err
		}
		pk := *c.PrimaryKey
		pk.Columns, pk.Options, pk.Include = slices.Clone(pk.Columns), slices.Clone(pk.Options), slices.Clone(pk.Include)
		t.PrimaryKey = &pk
	case change.DropPrimaryKey:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if t.PrimaryKey == nil || t.PrimaryKey.Name != c.PrimaryKey.Name {
			return fmt.Errorf("no primary key %s on %s", c.PrimaryKey.Name, c.Table)
		}
		t.PrimaryKey = nil
	case change.AddUnique:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if err := hasColumns(s, t, c.Unique.Columns); err != nil {
			return err
		}
		u := *c.Unique
		u.Columns, u.Options, u.Include = slices.Clone(u.Columns), slices.Clone(u.Options), slices.Clone(u.Include)
		if c.UsingIndex {
			// The constraint takes over the index of its name.
			if err := dropNamed(s, c.Table, u.Name, func(t *schema.Table) *[]*schema.Index { return &t.Indexes }, func(ix *schema.Index) string { return ix.Name }); err != nil {
				return fmt.Errorf("unique constraint %s using its index: %w", u.Name, err)
			}
		}
		t.Uniques = append(t.Uniques, &u)
	case change.DropUnique:
		return dropNamed(s, c.Table, c.Unique.Name, func(t *schema.Table) *[]*schema.Unique { return &t.Uniques }, func(u *schema.Unique) string { return u.Name })
	case change.AddForeignKey:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if err := hasColumns(s, t, c.ForeignKey.Columns); err != nil {
			return err
		}
		fk := *c.ForeignKey
		fk.Columns, fk.RefColumns = slices.Clone(fk.Columns), slices.Clone(fk.RefColumns)
		fk.NotValid = c.NotValid
		t.ForeignKeys = append(t.ForeignKeys, &fk)
	case change.DropForeignKey:
		return dropNamed(s, c.Table, c.ForeignKey.Name, func(t *schema.Table) *[]*schema.ForeignKey { return &t.ForeignKeys }, func(fk *schema.ForeignKey) string { return fk.Name })
	case change.AddCheck:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		ck := *c.Check
		ck.NotValid = c.NotValid
		t.Checks = append(t.Checks, &ck)
	case change.DropCheck:
		return dropNamed(s, c.Table, c.Check.Name, func(t *schema.Table) *[]*schema.Check { return &t.Checks }, func(ck *schema.Check) string { return ck.Name })
	case change.RenameConstraint:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		switch {
		case t.PrimaryKey != nil && t.PrimaryKey.Name == c.From:
			t.PrimaryKey.Name = c.To
		default:
			if u, ok := t.Unique(c.From); ok {
				u.Name = c.To
			} else if fk, ok := t.ForeignKey(c.From); ok {
				fk.Name = c.To
			} else if ck, ok := t.Check(c.From); ok {
				ck.Name = c.To
			} else if x, ok := t.Exclusion(c.From); ok {
				x.Name = c.To
			} else {
				return fmt.Errorf("no constraint %s on %s", c.From, c.Table)
			}
		}
	case change.CreateIndex:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if _, ok := t.Index(c.Index.Name); ok {
			return fmt.Errorf("index %s exists", c.Index.Name)
		}
		if err := hasColumns(s, t, slices.Concat(c.Index.Columns, c.Index.Include)); err != nil {
			return err
		}
		ix := c.Index.Clone()
		ix.Invalid = false // a build that fails creates nothing
		t.Indexes = append(t.Indexes, ix)
	case change.DropIndex:
		return dropNamed(s, c.Table, c.Index.Name, func(t *schema.Table) *[]*schema.Index { return &t.Indexes }, func(ix *schema.Index) string { return ix.Name })
	case change.RenameIndex:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		ix, ok := t.Index(c.From)
		if !ok {
			return fmt.Errorf("no index %s on %s", c.From, c.Table)
		}
		ix.Name = c.To
	case change.CreateEnum:
		q := c.Enum.QualifiedName()
		if _, ok := s.Enum(q); ok {
			return fmt.Errorf("enum %s exists", q)
		}
		if err := hasSchema(s, q.Schema); err != nil {
			return err
		}
		e := *c.Enum
		e.Values = slices.Clone(e.Values)
		s.Enums = append(s.Enums, &e)
	case change.DropEnum:
		q := c.Enum.QualifiedName()
		i := slices.IndexFunc(s.Enums, func(e *schema.Enum) bool { return e.QualifiedName() == q })
		if i < 0 {
			return fmt.Errorf("no enum %s", q)
		}
		s.Enums = slices.Delete(s.Enums, i, i+1)
	case change.AlterEnum:
		// A delta, applied to the values there are, as the database
		// applies it: values added on another branch stay.
		e, ok := s.Enum(c.Enum)
		if !ok {
			return fmt.Errorf("no enum %s", c.Enum)
		}
		values, err := c.Apply(e.Values)
		if err != nil {
			return err
		}
		e.Values = values
		// A rebuild gives the columns it lists with a new default that
		// default, where they exist; the others keep theirs.
		for _, col := range c.Columns {
			if col.Default == col.OldDefault {
				continue
			}
			if t, ok := s.Table(col.Table); ok {
				if tc, ok := t.Column(col.Column); ok {
					tc.Default = col.Default
				}
			}
		}
	case change.OrderEnum:
		// The same values, in the order given; other values are an
		// error, as they are on the database.
		e, ok := s.Enum(c.Enum)
		if !ok {
			return fmt.Errorf("no enum %s", c.Enum)
		}
		if !sameValues(e.Values, c.Values) {
			return fmt.Errorf("enum %s holds the values (%s), not the values to put in order (%s)", c.Enum, strings.Join(e.Values, ", "), strings.Join(c.Values, ", "))
		}
		e.Values = slices.Clone(c.Values)
	case change.AddExclusion:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if _, ok := t.Exclusion(c.Exclusion.Name); ok {
			return fmt.Errorf("exclusion constraint %s exists on %s", c.Exclusion.Name, c.Table)
		}
		x := *c.Exclusion
		t.Exclusions = append(t.Exclusions, &x)
	case change.DropExclusion:
		return dropNamed(s, c.Table, c.Exclusion.Name, func(t *schema.Table) *[]*schema.Exclusion { return &t.Exclusions }, func(x *schema.Exclusion) string { return x.Name })
	case change.AlterConstraint:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		fk, ok := t.ForeignKey(c.Name)
		if !ok {
			return fmt.Errorf("no foreign key %s on %s", c.Name, c.Table)
		}
		fk.Deferrable, fk.InitiallyDeferred = c.To.Deferrable || c.To.InitiallyDeferred, c.To.InitiallyDeferred
	case change.AlterTable:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		t.SetAttrs(c.To)
	case change.SetSchemaComment:
		if err := hasSchema(s, c.Schema); err != nil {
			return err
		}
		if c.To == "" {
			delete(s.SchemaComments, c.Schema)
		} else {
			if s.SchemaComments == nil {
				s.SchemaComments = map[string]string{}
			}
			s.SchemaComments[c.Schema] = c.To
		}
	case change.ValidateConstraint:
		t, err := table(s, c.Table)
		if err != nil {
			return err
		}
		if fk, ok := t.ForeignKey(c.Name); ok {
			fk.NotValid = false
		} else if ck, ok := t.Check(c.Name); ok {
			ck.NotValid = false
		} else {
			return fmt.Errorf("no foreign key or check constraint %s on %s to validate", c.Name, c.Table)
		}
	case change.Execute:
		// What the SQL does is what it declares; undeclared SQL is
		// opaque (see the check of undeclared effects, [Undeclared]).
		for i, e := range c.Effects {
			switch e.(type) {
			case change.Execute, change.RunGo:
				return fmt.Errorf("declared effect %d is %s: effects are schema changes", i+1, change.Describe(e))
			default:
				// A schema change.
			}
			if err := replay(s, e); err != nil {
				return fmt.Errorf("declared effect %s: %w", change.Describe(e), err)
			}
		}
	case change.RunGo:
		// Opaque to replay: Go code that changes the schema is for the
		// models to match.
	case change.CreateObject:
		return createObject(s, c.Object)
	case change.DropObject:
		return dropObject(s, c.Object)
	case change.ReplaceObject:
		return replaceObject(s, c.From, c.To)
	}
	return nil
}

// partitionsOf returns the partitions of table q in s, and theirs, as
// DROP TABLE drops them with q.
func partitionsOf(s *schema.Schema, q schema.QualifiedName) []schema.QualifiedName {
	var out []schema.QualifiedName
	seen := map[schema.QualifiedName]bool{q: true}
	for next := []schema.QualifiedName{q}; len(next) > 0; next = next[1:] {
		for _, t := range s.Tables {
			if p := t.QualifiedName(); t.PartitionOf != nil && t.PartitionOf.Parent == next[0] && !seen[p] {
				seen[p] = true
				out = append(out, p)
				next = append(next, p)
			}
		}
	}
	return out
}

// holdsObjects reports whether a table, an enum or an object (other
// than an extension, which does not live in its schema) of s lives in
// schema name.
func holdsObjects(s *schema.Schema, name string) bool {
	return slices.ContainsFunc(s.Tables, func(t *schema.Table) bool { return t.Schema == name }) ||
		slices.ContainsFunc(s.Enums, func(e *schema.Enum) bool { return e.Schema == name }) ||
		slices.ContainsFunc(s.Objects, func(o *schema.Object) bool { return o.Schema == name && o.Kind != schema.KindExtension })
}

func table(s *schema.Schema, q schema.QualifiedName) (*schema.Table, error) {
	t, ok := s.Table(q)
	if !ok {
		return nil, fmt.Errorf("no table %s", q)
	}
	return t, nil
}

func column(s *schema.Schema, q schema.QualifiedName, name string) (*schema.Column, error) {
	t, err := table(s, q)
	if err != nil {
		return nil, err
	}
	c, ok := t.Column(name)
	if !ok {
		return nil, fmt.Errorf("no column %s.%s", q, name)
	}
	return c, nil
}

// hasSchema returns an error when s lacks the schema name, which is not
// public: a table or enum created there fails on the database (a merged
// branch dropped the schema, or no migration creates it).
func hasSchema(s *schema.Schema, name string) error {
	if name == schema.DefaultSchema || slices.Contains(s.Schemas, name) {
		return nil
	}
	return fmt.Errorf("no schema %s", name)
}

// hasColumns returns an error naming the first of cols that t lacks: a
// key or constraint on a column that is gone (a merged branch dropped
// it) fails on the database.
// A partition or inheritance child has its ancestors' columns too.
func hasColumns(s *schema.Schema, t *schema.Table, cols []string) error {
	for _, name := range cols {
		if _, ok := t.Column(name); !ok && !inherits(s, t, name) {
			return fmt.Errorf("no column %s.%s", t.QualifiedName(), name)
		}
	}
	return nil
}

// inherits reports whether t inherits a column called name from an
// ancestor that s holds (as a partition or an inheritance child).
func inherits(s *schema.Schema, t *schema.Table, name string) bool {
	return slices.ContainsFunc(ancestors(s, t), func(p *schema.Table) bool {
		_, ok := p.Column(name)
		return ok
	})
}

// ancestorColumns returns copies of the columns t inherits from its
// ancestors in s, parents first, each name once: the columns a
// partition holds as its own once detached.
func ancestorColumns(s *schema.Schema, t *schema.Table) []*schema.Column {
	var out []*schema.Column
	for _, p := range ancestors(s, t) {
		for _, c := range p.Columns {
			if !slices.ContainsFunc(out, func(o *schema.Column) bool { return o.Name == c.Name }) {
				col := *c
				col.Identity = false // partitions do not inherit identity
				out = append(out, &col)
			}
		}
	}
	return out
}

// ancestors returns the tables of s that t descends from (as a partition
// or an inheritance child), parents first, each once.
func ancestors(s *schema.Schema, t *schema.Table) []*schema.Table {
	var out []*schema.Table
	seen := map[schema.QualifiedName]bool{t.QualifiedName(): true}
	for next := t.Parents(); len(next) > 0; next = next[1:] {
		q := next[0]
		p, ok := s.Table(q)
		if !ok || seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, p)
		next = append(next, p.Parents()...)
	}
	return out
}

// dropNamed removes the element called name from the list list returns
// for q's table.
func dropNamed[T any](s *schema.Schema, q schema.QualifiedName, name string, list func(*schema.Table) *[]T, nameOf func(T) string) error {
	t, err := table(s, q)
	if err != nil {
		return err
	}
	l := list(t)
	i := slices.IndexFunc(*l, func(v T) bool { return nameOf(v) == name })
	if i < 0 {
		return fmt.Errorf("no %s on %s", name, q)
	}
	*l = slices.Delete(*l, i, i+1)
	return nil
}

// renameInExpressions renames column from to to in the SQL text of t that
// PostgreSQL keeps as trees, as it does on RENAME COLUMN: check
// constraints, index keys and predicates, and generation expressions.
func renameInExpressions(t *schema.Table, from, to string) error {
	renames := map[string]string{from: to}
	rename := func(kind schema.FragmentKind, what string, text *string) error {
		if *text == "" {
			return nil
		}
		out, err := sqlcheck.RenameColumns(kind, *text, renames)
		if err != nil {
			return fmt.Errorf("rename column %s in %s: %w", from, what, err)
		}
		*text = out
		return nil
	}
	for _, ck := range t.Checks {
		if err := rename(schema.FragmentExpr, "check constraint "+ck.Name, &ck.Expr); err != nil {
			return err
		}
	}
	for _, ix := range t.Indexes {
		for i := range ix.Keys {
			if err := rename(schema.FragmentIndexKey, "index "+ix.Name, &ix.Keys[i]); err != nil {
				return err
			}
		}
		if err := rename(schema.FragmentExpr, "the predicate of index "+ix.Name, &ix.Where); err != nil {
			return err
		}
	}
	for _, col := range t.Columns {
		if err := rename(schema.FragmentExpr, "generated column "+col.Name, &col.Generated); err != nil {
			return err
		}
	}
	for _, x := range t.Exclusions {
		if err := rename(schema.FragmentExclusion, "exclusion constraint "+x.Name, &x.Definition); err != nil {
			return err
		}
	}
	return rename(schema.FragmentPartitionKey, "the partition key", &t.PartitionBy)
}

// sameValues reports whether a and b hold the same values, in any order.
func sameValues(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
