package differ

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// This file holds what the differ does for partitioned tables,
// partitions and inheritance children (see [schema.Table.PartitionBy],
// [schema.Table.PartitionOf], [schema.Table.Inherits]).
//
// A partition's columns, and the keys, foreign keys, checks and indexes it
// inherits, are its parent's: the sources leave them out of the
// partition, so they are planned once, on the parent, and PostgreSQL
// carries them to the partitions. A partition is created with CREATE
// TABLE ... PARTITION OF, after its parent, and dropped before it. A
// partition whose bound changes is detached and attached again with the
// new bound, keeping its rows. A change that PostgreSQL cannot make in
// place — another partition key, a table that becomes or stops being a
// partition or moves to another parent, other INHERITS parents — drops
// the table and creates it anew (with the data-loss hazard of the drop),
// and so its partitions and children, which cannot outlive it.

// rebuiltTables returns the tables of both from and to that must be
// dropped and created again, with their descendants in either schema.
func rebuiltTables(from, to *schema.Schema, fromTables, toTables tableIndex) map[schema.QualifiedName]bool {
	out := map[schema.QualifiedName]bool{}
	for _, n := range to.Tables {
		if o, ok := fromTables.table(n.QualifiedName()); ok && needsRebuild(o, n) {
			out[n.QualifiedName()] = true
		}
	}
	// Descendants go with their ancestors: a fixpoint over both schemas.
	for changed := len(out) > 0; changed; {
		changed = false
		for _, s := range []*schema.Schema{from, to} {
			for _, t := range s.Tables {
				q := t.QualifiedName()
				if out[q] {
					continue
				}
				if slices.ContainsFunc(t.Parents(), func(p schema.QualifiedName) bool { return out[p] }) {
					_, inFrom := fromTables.table(q)
					_, inTo := toTables.table(q)
					if inFrom && inTo {
						out[q] = true
						changed = true
					}
				}
			}
		}
	}
	return out
}

// orphans reports a table of to whose partition or INHERITS parent from
// holds and to does not: dropping the parent would drop the partition
// (or be refused for the child), which to keeps.
func orphans(from, to *schema.Schema) error {
	for _, t := range to.Tables {
		for _, p := range t.Parents() {
			_, inFrom := from.Table(p)
			_, inTo := to.Table(p)
			if inFrom && !inTo {
				return fmt.Errorf("differ: table %s is kept, but its parent %s is dropped, which would drop it (or be refused): drop it too, or keep its parent", t.QualifiedName(), p)
			}
		}
	}
	return nil
}

// needsRebuild reports whether table o must be dropped and created again
// as n: PostgreSQL cannot change a table's partition key, make a table
// a partition or a partition a table in place (ATTACH PARTITION needs
// the table to have its parent's columns, and DETACH leaves its
// inherited constraints behind as its own), or change its INHERITS
// parents without having it hold their columns as its own.
//
// A column of the partition key whose type changes is a change of the
// key too: PostgreSQL refuses to alter it.
func needsRebuild(o, n *schema.Table) bool {
	if sqlWords(o.PartitionBy) != sqlWords(n.PartitionBy) {
		return true
	}
	if o.PartitionBy != "" {
		names := keyNames(o.PartitionBy)
		for _, c := range o.Columns {
			if nc, ok := n.Column(c.Name); ok && nc.Type != c.Type && names[c.Name] {
				return true
			}
		}
	}
	if (o.PartitionOf == nil) != (n.PartitionOf == nil) {
		return true
	}
	if o.PartitionOf != nil && o.PartitionOf.Parent != n.PartitionOf.Parent {
		return true
	}
	return !slices.Equal(o.Inherits, n.Inherits)
}

// partitionBound plans the move of a kept partition to another bound:
// detached after its parent's columns and constraints change (the
// partition follows them while attached, and must have them all when
// attached again) and before new partitions are created, attached again
// after, so that bounds that trade ranges, and partitions dropped or
// created for a range, never overlap.
func (d *differ) partitionBound(o, n *schema.Table) {
	if o.PartitionOf == nil || n.PartitionOf == nil || sqlWords(o.PartitionOf.Bound) == sqlWords(n.PartitionOf.Bound) {
		return
	}
	q := n.QualifiedName()
	d.detachPartitions = append(d.detachPartitions, change.DetachPartition{Table: q, Parent: o.PartitionOf.Parent, Bound: o.PartitionOf.Bound})
	d.attachPartitions = append(d.attachPartitions, change.AttachPartition{Table: q, Parent: n.PartitionOf.Parent, Bound: n.PartitionOf.Bound})
}

// sqlWords returns s with the case of words outside quotes folded and
// white space reduced to a single space between two words, so that a
// model's "range(created_at)" and PostgreSQL's "RANGE (created_at)"
// compare equal. Text in '...' and "..." is kept as it is.
func sqlWords(s string) string {
	var b strings.Builder
	lastWord, space := false, false
	isWord := func(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '\'' || r == '"':
			if space && lastWord {
				b.WriteByte(' ')
			}
			j := i + 1
			for j < len(rs) {
				if rs[j] == r {
					if j+1 < len(rs) && rs[j+1] == r {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(rs) {
				j = len(rs) - 1
			}
			b.WriteString(string(rs[i : j+1]))
			i = j
			lastWord, space = false, false
			continue
		}
		w := isWord(r)
		if space && w && lastWord {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
		lastWord, space = w, false
	}
	return b.String()
}

// keyNames returns the identifiers of a partition key as PostgreSQL
// reads them (unquoted ones folded to lower case, quoted ones as they
// are): its columns, and perhaps the names of functions and operator
// classes, which name no column of the table or name it rightly.
func keyNames(key string) map[string]bool {
	out := map[string]bool{}
	rs := []rune(key)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\'':
			for i++; i < len(rs); i++ {
				if rs[i] == '\'' {
					if i+1 < len(rs) && rs[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case r == '"':
			var b strings.Builder
			for i++; i < len(rs); i++ {
				if rs[i] == '"' {
					if i+1 < len(rs) && rs[i+1] == '"' {
						b.WriteRune('"')
						i++
						continue
					}
					break
				}
				b.WriteRune(rs[i])
			}
			out[b.String()] = true
		case r == '_' || unicode.IsLetter(r):
			j := i
			for j < len(rs) && (rs[j] == '_' || rs[j] == '$' || unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			out[strings.ToLower(string(rs[i:j]))] = true
			i = j - 1
		}
	}
	return out
}

// parentsDone reports whether every parent of t in set is done: a
// partition or child comes after its parents.
func parentsDone(t *schema.Table, set map[schema.QualifiedName]*schema.Table, done map[schema.QualifiedName]bool) bool {
	for _, p := range t.Parents() {
		if _, inSet := set[p]; inSet && p != t.QualifiedName() && !done[p] {
			return false
		}
	}
	return true
}
