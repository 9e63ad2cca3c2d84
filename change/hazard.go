package change

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// HazardKind names a kind of risk that a change carries when it runs
// against a database holding data and serving traffic.
type HazardKind string

// The hazard kinds. A migration acknowledges the kinds its upgrade holds in
// its AllowHazards field (see package migrate, which has the same
// constants for migration files).
const (
	// HazardDataLoss: the change deletes data (a dropped table or column,
	// a narrowing type change, enum values removed).
	HazardDataLoss HazardKind = "data-loss"
	// HazardTableRewrite: PostgreSQL rewrites the whole table under an
	// ACCESS EXCLUSIVE lock, blocking reads and writes meanwhile.
	HazardTableRewrite HazardKind = "table-rewrite"
	// HazardLongLock: the change scans or indexes an existing table while
	// holding a lock that blocks writes (an index, unique or primary key
	// built, a foreign key or check validated, NOT NULL verified).
	HazardLongLock HazardKind = "long-lock"
	// HazardIrreversibleDowngrade: the downgrade cannot bring the data
	// back as it was (a dropped table or column comes back empty; a
	// converted column may not convert back).
	HazardIrreversibleDowngrade HazardKind = "irreversible-downgrade"
	// HazardNotNullNoDefault: a NOT NULL column without a default is
	// added to an existing table, which PostgreSQL refuses as soon as the
	// table holds a row (it has no value to give them). The model's
	// `default:` tag, or the expand/backfill/contract plan of `revision
	// --online`, make it work.
	HazardNotNullNoDefault HazardKind = "not-null-without-default"
)

// HazardKinds lists every hazard kind.
func HazardKinds() []HazardKind {
	return []HazardKind{HazardDataLoss, HazardTableRewrite, HazardLongLock, HazardIrreversibleDowngrade, HazardNotNullNoDefault}
}

// ParseHazardKind returns the kind named s ("data-loss", ...).
func ParseHazardKind(s string) (HazardKind, error) {
	k := HazardKind(strings.TrimSpace(s))
	if slices.Contains(HazardKinds(), k) {
		return k, nil
	}
	names := make([]string, 0, len(HazardKinds()))
	for _, k := range HazardKinds() {
		names = append(names, string(k))
	}
	return "", fmt.Errorf("unknown hazard kind %q (known: %s)", s, strings.Join(names, ", "))
}

// ParseHazardKinds reads a list of hazard kinds as the CLI's
// --allow-hazards flag and the SCHEMAGEN_ALLOW_HAZARDS variable give it:
// "all" for every kind, or kinds separated by commas
// ("data-loss,long-lock"). An empty s is none.
func ParseHazardKinds(s string) ([]HazardKind, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return nil, nil
	case "all":
		return HazardKinds(), nil
	}
	var kinds []HazardKind
	for _, part := range strings.Split(s, ",") {
		k, err := ParseHazardKind(part)
		if err != nil {
			return nil, err
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

// GoName returns the name of the constant for k, such as
// "HazardDataLoss", for generated source: migration files name it in
// package migrate, which declares the same constants.
func (k HazardKind) GoName() string {
	switch k {
	case HazardDataLoss:
		return "HazardDataLoss"
	case HazardTableRewrite:
		return "HazardTableRewrite"
	case HazardLongLock:
		return "HazardLongLock"
	case HazardIrreversibleDowngrade:
		return "HazardIrreversibleDowngrade"
	case HazardNotNullNoDefault:
		return "HazardNotNullNoDefault"
	}
	return ""
}

// Hazard is one risk of one change: its kind and a sentence that says
// what happens.
type Hazard struct {
	Kind    HazardKind
	Message string
}

// String returns "kind: message".
func (h Hazard) String() string { return string(h.Kind) + ": " + h.Message }

// Hazards returns the hazards of each change of changes, run in order
// against a database that holds data: out[i] lists those of changes[i].
// noTransaction says whether the changes run outside a transaction (the
// migration's NoTransaction): inside one, validating a constraint added
// NOT VALID earlier in the list keeps the add's lock until commit, which
// is a long lock. A change that lacks its definition (a nil pointer)
// carries none. Changes to a table created earlier in the same list carry
// none, since the table is new and empty. [Execute] and [RunGo] carry
// none: they are hand-written, hence reviewed (the declared effects of an
// Execute say what its SQL leaves, not how it gets there, which is what
// locks and rewrites depend on).
func Hazards(changes []Change, noTransaction bool) [][]Hazard {
	a := hazardAnalysis{created: map[schema.QualifiedName]bool{}, createdObjects: map[schema.ObjectID]bool{}, notNull: map[schema.QualifiedName]map[string]bool{}, inTransaction: !noTransaction}
	out := make([][]Hazard, len(changes))
	for i, c := range changes {
		out[i] = a.of(c, changes[:i])
	}
	return out
}

// UnallowedHazards returns the hazards of upgrade (run outside a
// transaction when noTransaction is set) whose kinds allowed does not
// list, in order.
func UnallowedHazards(upgrade []Change, noTransaction bool, allowed []HazardKind) []Hazard {
	var out []Hazard
	for _, hs := range Hazards(upgrade, noTransaction) {
		for _, h := range hs {
			if !slices.Contains(allowed, h.Kind) {
				out = append(out, h)
			}
		}
	}
	return out
}

// hazardAnalysis remembers, along a list of changes, the tables the list
// created and the columns whose NOT NULL a validated check already proves.
type hazardAnalysis struct {
	created map[schema.QualifiedName]bool
	// createdObjects are the objects the list created: dropping one
	// again (a rebuild) loses nothing the database held.
	createdObjects map[schema.ObjectID]bool
	notNull        map[schema.QualifiedName]map[string]bool
	inTransaction  bool
}

func (a *hazardAnalysis) of(c Change, before []Change) []Hazard {
	switch c := c.(type) {
	case CreateTable:
		if c.Table != nil {
			a.created[c.Table.QualifiedName()] = true
		}
		return nil
	case RenameTable:
		// The name moves with the table: a table renamed to a name that
		// this list created (and dropped) earlier holds the old rows, not
		// the new table's emptiness.
		created := a.created[c.From]
		delete(a.created, c.From)
		if created {
			a.created[c.To] = true
		} else {
			delete(a.created, c.To)
		}
		return nil
	case DropTable:
		if c.Table == nil {
			return nil
		}
		t := c.Table.QualifiedName()
		if a.created[t] {
			delete(a.created, t) // the name may be taken again
			return nil
		}
		if c.Archive != "" {
			return []Hazard{{HazardDataLoss, fmt.Sprintf("dropping table %s moves it, instantly and with every row, to schema %s, where it stays until `schemagen prune` deletes it; the downgrade moves it back.", t, c.Archive)}}
		}
		return []Hazard{
			{HazardDataLoss, fmt.Sprintf("dropping table %s deletes every row it holds.", t)},
			{HazardIrreversibleDowngrade, fmt.Sprintf("the downgrade recreates table %s empty: its rows cannot be restored.", t)},
		}
	case DropColumn:
		if a.created[c.Table] || c.Column == nil {
			return nil
		}
		col := c.Table.String() + "." + c.Column.Name
		if c.Archive != "" {
			return []Hazard{{HazardDataLoss, fmt.Sprintf("dropping column %s first copies its values with the primary key to %s.%s (a full read of table %s), where they stay until `schemagen prune` deletes them; the downgrade puts them back.", col, ArchiveSchema, c.Archive, c.Table)}}
		}
		return []Hazard{
			{HazardDataLoss, fmt.Sprintf("dropping column %s deletes the data it holds.", col)},
			{HazardIrreversibleDowngrade, fmt.Sprintf("the downgrade adds column %s back empty: its values cannot be restored.", col)},
		}
	case AddColumn:
		if a.created[c.Table] || c.Column == nil {
			return nil
		}
		var out []Hazard
		if why := rewritingColumn(c.Column); why != "" {
			out = append(out, Hazard{HazardTableRewrite, fmt.Sprintf("adding column %s.%s %s rewrites table %s under an ACCESS EXCLUSIVE lock, blocking reads and writes.", c.Table, c.Column.Name, why, c.Table)})
		}
		if NeedsValue(c.Column) {
			out = append(out, Hazard{HazardNotNullNoDefault, fmt.Sprintf("adding column %s.%s NOT NULL without a default fails if table %s has rows: give the field a default (`default:` tag) or use `revision --online` for the expand/backfill/contract plan.", c.Table, c.Column.Name, c.Table)})
		}
		return out
	case AlterColumn:
		if a.created[c.Table] || c.From == nil || c.To == nil {
			return nil
		}
		return a.alterColumn(c, before)
	case AddPrimaryKey:
		if c.PrimaryKey == nil {
			return nil
		}
		return a.lock(c.Table, fmt.Sprintf("adding primary key %s builds its index on table %s, blocking writes until it is done.", c.PrimaryKey.Name, c.Table))
	case AddUnique:
		if c.Unique == nil || c.UsingIndex {
			return nil
		}
		return a.lock(c.Table, fmt.Sprintf("adding unique constraint %s builds its index on table %s, blocking writes until it is done (build the index concurrently first with `revision --online`).", c.Unique.Name, c.Table))
	case CreateIndex:
		if c.Concurrently || c.Index == nil {
			return nil
		}
		return a.lock(c.Table, fmt.Sprintf("building index %s on table %s blocks writes to it until the build is done (build it concurrently with `revision --online`).", c.Index.Name, c.Table))
	case AddForeignKey:
		if c.NotValid || c.ForeignKey == nil {
			return nil
		}
		return a.lock(c.Table, fmt.Sprintf("adding foreign key %s checks every row of table %s, blocking writes to it and to %s meanwhile (add it NOT VALID and validate it with `revision --online`).", c.ForeignKey.Name, c.Table, c.ForeignKey.Ref()))
	case AddCheck:
		if c.Check == nil {
			return nil
		}
		if isNotNullCheck(c.Check) != "" && !c.NotValid {
			a.provesNotNull(c.Table, isNotNullCheck(c.Check))
		}
		if c.NotValid {
			return nil
		}
		return a.lock(c.Table, fmt.Sprintf("adding check constraint %s checks every row of table %s, blocking writes meanwhile (add it NOT VALID and validate it with `revision --online`).", c.Check.Name, c.Table))
	case ValidateConstraint:
		addedHere := false
		for _, b := range before {
			switch b := b.(type) {
			case AddCheck:
				if b.Check != nil && b.NotValid && b.Table == c.Table && b.Check.Name == c.Name {
					addedHere = true
					if col := isNotNullCheck(b.Check); col != "" {
						a.provesNotNull(c.Table, col)
					}
				}
			case AddForeignKey:
				if b.ForeignKey != nil && b.NotValid && b.Table == c.Table && b.ForeignKey.Name == c.Name {
					addedHere = true
				}
			default:
				// Only a NOT VALID add earlier in the list matters here.
			}
		}
		if addedHere && a.inTransaction {
			return a.lock(c.Table, fmt.Sprintf("validating constraint %s in the transaction that added it NOT VALID keeps the add's lock on table %s while every row is checked (run the migration with NoTransaction: true).", c.Name, c.Table))
		}
		return nil
	case AlterEnum:
		return alterEnumHazards(c)
	case OrderEnum:
		return orderEnumHazards(c)
	case CreateSchema, DropSchema:
		// A schema is created unless it exists and dropped only when
		// empty: nothing that lives in it is lost, and no table is
		// locked.
		return nil
	case CreateEnum, DropEnum, DropPrimaryKey, DropUnique,
		DropForeignKey, DropIndex, DropCheck, SetTableComment, SetColumnComment,
		RenameColumn, RenameIndex, RenameConstraint:
		// Catalog changes that neither read nor lose rows, or drops of a
		// constraint or index, which lose no data and take a brief lock.
		// A key dropped under foreign keys that another unique index
		// covers adds them back, which checks their rows (see
		// dropKeySQL): not reported, being rare and not a choice.
		return nil
	case AddExclusion:
		if c.Exclusion == nil {
			return nil
		}
		return a.lock(c.Table, fmt.Sprintf("adding exclusion constraint %s builds its index on table %s and checks every row, blocking reads and writes until it is done.", c.Exclusion.Name, c.Table))
	case AlterTable:
		if a.created[c.Table] || c.From.Unlogged == c.To.Unlogged {
			return nil
		}
		to := "LOGGED"
		if c.To.Unlogged {
			to = "UNLOGGED"
		}
		return []Hazard{{HazardTableRewrite, fmt.Sprintf("SET %s rewrites table %s (and its indexes) under an ACCESS EXCLUSIVE lock, blocking reads and writes.", to, c.Table)}}
	case DropExclusion, AlterConstraint, SetSchemaComment:
		// Catalog changes that neither read nor lose rows.
	case AttachPartition:
		if a.created[c.Table] {
			return nil
		}
		msg := fmt.Sprintf("attaching table %s to %s reads every row of it (and of a default partition of %s) to check them against the bound %s, holding a lock that blocks writes to %s meanwhile (a valid check constraint that implies the bound spares the scan).", c.Table, c.Parent, c.Parent, c.Bound, c.Table)
		if a.inTransaction && slices.ContainsFunc(before, func(b Change) bool {
			d, ok := b.(DetachPartition)
			return ok && d.Parent == c.Parent
		}) {
			msg += fmt.Sprintf(" A partition of %s detached earlier in the same transaction keeps %s locked against reads and writes until the end.", c.Parent, c.Parent)
		}
		return a.lock(c.Parent, msg)
	case DetachPartition:
		// A catalog change: the rows stay in the table, which becomes
		// one of its own; the lock is brief.
		return nil
	case CreateObject:
		if c.Object != nil {
			a.createdObjects[c.Object.ID()] = true
		}
		return nil
	case ReplaceObject:
		// The object keeps its identity and what depends on it.
		return nil
	case DropObject:
		if c.Object == nil || a.createdObjects[c.Object.ID()] {
			return nil
		}
		return objectHazards(c.Object)
	case Execute, RunGo:
		// Hand-written, hence reviewed.
		return nil
	}
	return nil
}

// lock returns a long-lock hazard for work on table t, unless the list
// created t.
func (a *hazardAnalysis) lock(t schema.QualifiedName, msg string) []Hazard {
	if a.created[t] {
		return nil
	}
	return []Hazard{{HazardLongLock, msg}}
}

func (a *hazardAnalysis) provesNotNull(t schema.QualifiedName, col string) {
	if a.notNull[t] == nil {
		a.notNull[t] = map[string]bool{}
	}
	a.notNull[t][col] = true
}

func (a *hazardAnalysis) alterColumn(c AlterColumn, before []Change) []Hazard {
	var out []Hazard
	col := c.Table.String() + "." + c.To.Name
	if c.From.Type != c.To.Type {
		switch conversionOf(c.From.Type, c.To.Type) {
		case convNarrowing:
			out = append(out,
				Hazard{HazardDataLoss, fmt.Sprintf("changing column %s from %s to %s may fail on, or cut, values the new type cannot hold.", col, c.From.Type, c.To.Type)},
				Hazard{HazardTableRewrite, fmt.Sprintf("changing the type of column %s rewrites table %s under an ACCESS EXCLUSIVE lock, blocking reads and writes.", col, c.Table)})
		case convWidening:
			out = append(out, Hazard{HazardTableRewrite, fmt.Sprintf("changing the type of column %s from %s to %s rewrites table %s under an ACCESS EXCLUSIVE lock, blocking reads and writes.", col, c.From.Type, c.To.Type, c.Table)})
		}
		out = append(out, Hazard{HazardIrreversibleDowngrade, fmt.Sprintf("the downgrade converts column %s back from %s to %s, which may fail on, or cut, values written since.", col, c.To.Type, c.From.Type)})
	}
	if c.From.Type == c.To.Type && c.From.Collation != c.To.Collation {
		out = append(out, Hazard{HazardLongLock, fmt.Sprintf("changing the collation of column %s rebuilds the indexes that use it under an ACCESS EXCLUSIVE lock on table %s, blocking reads and writes.", col, c.Table)})
	}
	if c.From.Nullable && !c.To.Nullable && !a.notNull[c.Table][c.To.Name] {
		out = append(out, Hazard{HazardLongLock, fmt.Sprintf("setting NOT NULL on column %s scans table %s under an ACCESS EXCLUSIVE lock, blocking reads and writes (prove it first with a validated check: `revision --online`).", col, c.Table)})
	}
	return out
}

func alterEnumHazards(c AlterEnum) []Hazard {
	add, drop := c.Delta()
	var removed []string
	for _, v := range drop {
		if !slices.ContainsFunc(add, func(a EnumValue) bool { return a.Value == v.Value }) {
			removed = append(removed, v.Value)
		}
	}
	var out []Hazard
	if len(removed) > 0 {
		out = append(out, Hazard{HazardDataLoss, fmt.Sprintf("removing value(s) %s from enum %s fails while a row holds one, and the values are gone for good.", strings.Join(removed, ", "), c.Enum)})
	}
	if c.Rebuilds() && len(c.Columns) > 0 {
		tables := make([]string, 0, len(c.Columns))
		for _, col := range c.Columns {
			if t := col.Table.String(); !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
		out = append(out, Hazard{HazardTableRewrite, fmt.Sprintf("rebuilding enum %s (%s) rewrites table(s) %s under ACCESS EXCLUSIVE locks, blocking reads and writes.", c.Enum, rebuildReason(c), strings.Join(tables, ", "))})
	}
	return out
}

// isNotNullCheck returns the column that a check of the form
// `col IS NOT NULL` (as the online plan writes it) proves not null, or "".
func isNotNullCheck(ck *schema.Check) string {
	if ck == nil {
		return ""
	}
	e := strings.TrimSpace(ck.Expr)
	for strings.HasPrefix(e, "(") && strings.HasSuffix(e, ")") {
		e = strings.TrimSpace(e[1 : len(e)-1])
	}
	col, ok := strings.CutSuffix(e, " IS NOT NULL")
	if !ok {
		return ""
	}
	col = strings.TrimSpace(col)
	if len(col) >= 2 && strings.HasPrefix(col, `"`) && strings.HasSuffix(col, `"`) {
		return strings.ReplaceAll(col[1:len(col)-1], `""`, `"`)
	}
	if strings.ContainsAny(col, " ()\"") {
		return ""
	}
	return strings.ToLower(col)
}

// NeedsValue reports whether adding column c to a table that holds rows
// fails for want of a value: c is NOT NULL, has no default, and is
// neither an identity nor a generated column (nor of a serial type, whose
// sequence is its default). Such an add carries [HazardNotNullNoDefault].
func NeedsValue(c *schema.Column) bool {
	if c.Nullable || c.Default != "" || c.Identity || c.Generated != "" || c.Sequence != "" {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(c.Type)) {
	case "serial", "serial4", "smallserial", "serial2", "bigserial", "serial8":
		return false
	}
	return true
}

// rewritingColumn says why adding c rewrites the table, or "" when it does
// not: since PostgreSQL 11 a column whose default is not volatile is added
// without a rewrite.
func rewritingColumn(c *schema.Column) string {
	switch {
	case c.Identity:
		return "as an identity column"
	case c.Generated != "":
		return "as a stored generated column"
	case c.Sequence != "":
		return "as a serial column, whose sequence gives each row a value"
	case volatileDefault(c.Default):
		return "with the volatile default " + c.Default
	}
	return ""
}

// volatileDefault reports whether expr calls one of PostgreSQL's volatile
// built-in functions; those make ADD COLUMN compute a value per row.
func volatileDefault(expr string) bool {
	e := strings.ToLower(expr)
	for _, fn := range []string{"random(", "gen_random_uuid(", "uuid_generate_v1", "uuid_generate_v4", "clock_timestamp(", "timeofday(", "nextval(", "txid_current(", "setseed("} {
		if strings.Contains(e, fn) {
			return true
		}
	}
	return false
}
