package plan

import (
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Online rewrites changes into a plan that keeps an existing table
// readable and writable while it runs:
//
//   - indexes on existing tables are built and dropped CONCURRENTLY; an
//     index that changes is built anew under a scratch name, then the old
//     one is dropped and the new one renamed, so that queries keep an
//     index (and a unique index keeps out duplicates) all along, unless
//     an enum rebuild comes between its drop and its build (the old
//     index may compare with a value that the rebuild drops: it is
//     dropped first, and the new one built after);
//   - unique constraints on existing tables take over a unique index built
//     concurrently (ADD CONSTRAINT ... UNIQUE USING INDEX);
//   - foreign keys and checks on existing tables are added NOT VALID and
//     then validated, which only blocks schema changes;
//   - NOT NULL on an existing column is proved first by a check
//     constraint `col IS NOT NULL`, added NOT VALID and validated, so
//     that SET NOT NULL needs no scan; the check is dropped afterwards;
//   - a NOT NULL column added without a default to an existing table
//     (which fails as soon as the table has rows; see
//     [change.NeedsValue]) is expanded, backfilled and contracted: it is
//     added nullable, then comes a Go step still to be written that fills
//     it (a [change.RunGo] whose Backfill names the column: the emitter
//     writes it as a batched UPDATE stub that refuses to run until its
//     author writes the value), then NOT NULL is proved and set as
//     above. The validation fails while a row holds NULL, so nothing
//     passes unfilled.
//
// Changes on tables created earlier in the list stay as they are: a new
// table is empty. A plan with a concurrent step must run outside a
// transaction; see [NeedsNoTransaction]. Online does not modify
// changes.
func Online(changes []change.Change) []change.Change {
	return online(changes, nil)
}

// OnlineIn is [Online] for changes that apply to the schema from: on the
// partitioned tables of from, and those the changes create, PostgreSQL
// builds and drops no index CONCURRENTLY, makes no unique constraint of
// an index, and adds no foreign key NOT VALID, so those steps stay as
// they are (with their long-lock hazard); checks and NOT NULL are still
// proved without a long lock.
func OnlineIn(from *schema.Schema, changes []change.Change) []change.Change {
	return online(changes, partitionedTables(from, changes))
}

// partitionedTables returns the partitioned tables of from and those
// that changes create.
func partitionedTables(from *schema.Schema, changes []change.Change) map[schema.QualifiedName]bool {
	out := map[schema.QualifiedName]bool{}
	if from != nil {
		for _, t := range from.Tables {
			if t.PartitionBy != "" {
				out[t.QualifiedName()] = true
			}
		}
	}
	for _, c := range changes {
		if ct, ok := c.(change.CreateTable); ok && ct.Table != nil && ct.Table.PartitionBy != "" {
			out[ct.Table.QualifiedName()] = true
		}
	}
	return out
}

// online is [Online], leaving the index and foreign-key steps on the
// tables of partitioned as they are.
func online(changes []change.Change, partitioned map[schema.QualifiedName]bool) []change.Change {
	created := map[schema.QualifiedName]bool{}
	// Indexes dropped and created again under the same name: changed.
	type indexKey struct {
		table schema.QualifiedName
		name  string
	}
	// An index is swapped (its drop put off until its replacement is
	// built) unless an enum rebuild comes between its drop and its
	// build: the index may compare with a value the rebuild drops, so it
	// must be gone before the rebuild, in either direction of a
	// migration.
	dropped, rebuilt := map[indexKey]int{}, map[indexKey]bool{}
	lastEnumRebuild := -1
	for i, c := range changes {
		switch c := c.(type) {
		case change.DropIndex:
			if c.Index != nil {
				dropped[indexKey{c.Table, c.Index.Name}] = i + 1
			}
		case change.CreateIndex:
			if c.Index == nil {
				break
			}
			if at := dropped[indexKey{c.Table, c.Index.Name}]; at > 0 && at-1 > lastEnumRebuild {
				rebuilt[indexKey{c.Table, c.Index.Name}] = true
			}
		case change.AlterEnum:
			if c.Rebuilds() {
				lastEnumRebuild = i
			}
		case change.OrderEnum:
			// It rebuilds the type where the values stand in
			// another order.
			lastEnumRebuild = i
		default:
			// Only index drops and builds make a rebuild.
		}
	}
	out := make([]change.Change, 0, len(changes))
	for _, c := range changes {
		switch c := c.(type) {
		case change.CreateTable:
			created[c.Table.QualifiedName()] = true
		case change.RenameTable:
			if created[c.From] {
				created[c.To] = true
			}
		case change.CreateIndex:
			if created[c.Table] || partitioned[c.Table] {
				break
			}
			c.Concurrently = true
			if c.Index != nil && rebuilt[indexKey{c.Table, c.Index.Name}] {
				// The old index stayed until now (see DropIndex below).
				scratch := c.Index.Clone()
				scratch.Name = scratchIndexName(c.Index.Name)
				out = append(out,
					change.CreateIndex{Table: c.Table, Index: scratch, Concurrently: true},
					change.DropIndex{Table: c.Table, Index: &schema.Index{Name: c.Index.Name}, Concurrently: true},
					change.RenameIndex{Table: c.Table, From: scratch.Name, To: c.Index.Name},
				)
				continue
			}
			out = append(out, c)
			continue
		case change.DropIndex:
			if created[c.Table] || partitioned[c.Table] {
				break
			}
			if c.Index != nil && rebuilt[indexKey{c.Table, c.Index.Name}] {
				// Dropped where its replacement is built. A column
				// dropped meanwhile takes the index with it, and the
				// concurrent drop is IF EXISTS.
				continue
			}
			c.Concurrently = true
			out = append(out, c)
			continue
		case change.AddUnique:
			if !created[c.Table] && !partitioned[c.Table] && !c.UsingIndex && c.Unique != nil {
				// Build the index without blocking writes; the
				// constraint then takes it over.
				ix := &schema.Index{Name: c.Unique.Name, Columns: slices.Clone(c.Unique.Columns), Unique: true, NullsNotDistinct: c.Unique.NullsNotDistinct, Options: slices.Clone(c.Unique.Options), Include: slices.Clone(c.Unique.Include)}
				c.UsingIndex = true
				out = append(out, change.CreateIndex{Table: c.Table, Index: ix, Concurrently: true}, c)
				continue
			}
		case change.AddForeignKey:
			if !created[c.Table] && !partitioned[c.Table] && !c.NotValid {
				c.NotValid = true
				out = append(out, c, change.ValidateConstraint{Table: c.Table, Name: c.ForeignKey.Name})
				continue
			}
		case change.AddCheck:
			if !created[c.Table] && !c.NotValid {
				c.NotValid = true
				out = append(out, c, change.ValidateConstraint{Table: c.Table, Name: c.Check.Name})
				continue
			}
		case change.AddColumn:
			if !created[c.Table] && c.Column != nil && change.NeedsValue(c.Column) {
				// Expand, backfill, contract.
				expand := *c.Column
				expand.Nullable = true
				out = append(out,
					change.AddColumn{Table: c.Table, Column: &expand},
					change.RunGo{Batched: true, Backfill: &change.Backfill{Table: c.Table, Column: c.Column.Name}},
				)
				out = append(out, provenNotNull(change.AlterColumn{Table: c.Table, From: &expand, To: c.Column})...)
				continue
			}
		case change.AlterColumn:
			if !created[c.Table] && c.From != nil && c.To != nil && c.From.Nullable && !c.To.Nullable {
				out = append(out, provenNotNull(c)...)
				continue
			}
		default:
			// Every other change is as online as it can be: kept as is.
		}
		out = append(out, c)
	}
	return out
}

// provenNotNull returns the steps that set NOT NULL (c makes a nullable
// column NOT NULL) without scanning the table under an ACCESS EXCLUSIVE
// lock: a check `col IS NOT NULL` added NOT VALID, then validated (which
// blocks no reads or writes, and fails naming the check if a row holds
// NULL), then c, which PostgreSQL 12 and later run without a scan since
// the check proves it, then the check dropped.
func provenNotNull(c change.AlterColumn) []change.Change {
	ck := &schema.Check{
		Name: schema.ConstraintName(c.Table.Name, []string{c.To.Name}, "not_null"),
		Expr: schema.QuoteIdent(c.To.Name) + " IS NOT NULL",
	}
	return []change.Change{
		change.AddCheck{Table: c.Table, Check: ck, NotValid: true},
		change.ValidateConstraint{Table: c.Table, Name: ck.Name},
		c,
		change.DropCheck{Table: c.Table, Check: ck},
	}
}

// scratchIndexName is the name an index is rebuilt under before it takes
// the place of name: name with "_ccnew" (as REINDEX CONCURRENTLY names its
// copies), name cut short to keep the whole within PostgreSQL's limit.
func scratchIndexName(name string) string {
	return schema.IdentifierWithSuffix(name, "_ccnew")
}

// NeedsNoTransaction reports whether changes should run outside a
// transaction: they must ([MustRunOutsideTransaction]), or they validate a
// constraint that they added NOT VALID (inside one transaction the add's
// lock would be held while the validation scans the table, which defeats
// the purpose).
func NeedsNoTransaction(changes []change.Change) bool {
	if MustRunOutsideTransaction(changes) {
		return true
	}
	notValid := map[string]bool{}
	for _, c := range changes {
		switch c := c.(type) {
		case change.AddForeignKey:
			if c.NotValid && c.ForeignKey != nil {
				notValid[c.Table.String()+"\x00"+c.ForeignKey.Name] = true
			}
		case change.AddCheck:
			if c.NotValid && c.Check != nil {
				notValid[c.Table.String()+"\x00"+c.Check.Name] = true
			}
		case change.ValidateConstraint:
			if notValid[c.Table.String()+"\x00"+c.Name] {
				return true
			}
		default:
			// Only NOT VALID adds and their validations matter here.
		}
	}
	return false
}

// MustRunOutsideTransaction reports whether changes build or drop an index
// concurrently, which PostgreSQL refuses inside a transaction.
func MustRunOutsideTransaction(changes []change.Change) bool {
	for _, c := range changes {
		switch c := c.(type) {
		case change.CreateIndex:
			if c.Concurrently {
				return true
			}
		case change.DropIndex:
			if c.Concurrently {
				return true
			}
		default:
			// Only concurrent index builds and drops matter here.
		}
	}
	return false
}

// OnlineMigration returns the online plans ([Online]) of a migration's
// upgrade and downgrade, and whether the migration runs outside a
// transaction ([NeedsNoTransaction] of either). Outside a transaction
// each statement commits on its own, so a value added by ALTER TYPE ...
// ADD VALUE is usable by the next: an enum change marked AddedValuesUsed
// (which would rebuild the type, rewriting its tables) adds its values in
// place there.
func OnlineMigration(up, down []change.Change) (onlineUp, onlineDown []change.Change, noTransaction bool) {
	return OnlineMigrationIn(nil, up, down)
}

// OnlineMigrationIn is [OnlineMigration] for a migration whose upgrade
// applies to the schema from: the partitioned tables of from, and those
// the upgrade creates, keep the steps PostgreSQL cannot run online on
// them (see [OnlineIn]).
func OnlineMigrationIn(from *schema.Schema, up, down []change.Change) (onlineUp, onlineDown []change.Change, noTransaction bool) {
	partitioned := partitionedTables(from, up)
	onlineUp, onlineDown = online(up, partitioned), online(down, partitioned)
	noTransaction = NeedsNoTransaction(onlineUp) || NeedsNoTransaction(onlineDown)
	if noTransaction {
		onlineUp, onlineDown = addInPlace(onlineUp), addInPlace(onlineDown)
	}
	return onlineUp, onlineDown, noTransaction
}

// addInPlace returns cs with AddedValuesUsed cleared on every enum
// change, for a migration that runs outside a transaction; cs is not
// modified.
func addInPlace(cs []change.Change) []change.Change {
	out := slices.Clone(cs)
	for i, c := range out {
		if a, ok := c.(change.AlterEnum); ok && a.AddedValuesUsed {
			a.AddedValuesUsed = false
			out[i] = a
		}
	}
	return out
}
