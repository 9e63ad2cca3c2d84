package plan

import (
	"slices"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// Archive returns changes (a list made by the differ from the schema
// from, for the migration revision) with its drops made reversible: each
// [change.DropTable] of a table with a primary key gets an Archive name
// ([change.TableArchiveName]) and takes back the indexes that the list
// dropped before it (they move with the table, and the restore brings
// them back); each [change.DropColumn] of a table with a primary key
// that the list keeps gets one too ([change.ColumnArchiveName]), unless
// the column is part of the key, generated (its values come back by
// themselves) or an identity column. The reverses of the changes
// ([change.ReverseAll]) are then restores.
//
// Tables without a primary key keep plain drops, whose hazards say that
// the data is lost. changes is not modified.
func Archive(changes []change.Change, from *schema.Schema, revision string) []change.Change {
	created := map[schema.QualifiedName]bool{}
	keyDropped := map[schema.QualifiedName]bool{}
	archived := map[schema.QualifiedName]bool{}
	for _, c := range changes {
		switch c := c.(type) {
		case change.CreateTable:
			if c.Table != nil {
				created[c.Table.QualifiedName()] = true
			}
		case change.DropPrimaryKey:
			keyDropped[c.Table] = true
		case change.DropTable:
			// A partitioned table, a partition or an inheritance child
			// is dropped plainly: moving one alone would split it from
			// its partitions or parents.
			if c.Table != nil && c.Table.PrimaryKey != nil && c.Archive == "" && !created[c.Table.QualifiedName()] &&
				c.Table.PartitionBy == "" && c.Table.PartitionOf == nil && len(c.Table.Inherits) == 0 {
				archived[c.Table.QualifiedName()] = true
			}
		default:
		}
	}
	indexes := map[schema.QualifiedName][]*schema.Index{}
	out := make([]change.Change, 0, len(changes))
	for _, c := range changes {
		switch c := c.(type) {
		case change.DropIndex:
			if archived[c.Table] && c.Index != nil {
				indexes[c.Table] = append(indexes[c.Table], c.Index)
				continue
			}
		case change.DropTable:
			q := c.Table.QualifiedName()
			if archived[q] {
				t := c.Table.Clone()
				for _, ix := range indexes[q] {
					if !slices.ContainsFunc(t.Indexes, func(have *schema.Index) bool { return have.Name == ix.Name }) {
						t.Indexes = append(t.Indexes, ix.Clone())
					}
				}
				out = append(out, change.DropTable{Table: t, Archive: change.TableArchiveName(revision, q)})
				continue
			}
		case change.DropColumn:
			if c.Archive == "" && c.Column != nil && !created[c.Table] && !keyDropped[c.Table] && archivable(from, c.Table, c.Column) {
				c.Archive = change.ColumnArchiveName(revision, c.Table, c.Column.Name)
				out = append(out, c)
				continue
			}
		default:
		}
		out = append(out, c)
	}
	return out
}

// archivable reports whether column col of table q (in from) can be
// archived by primary key.
func archivable(from *schema.Schema, q schema.QualifiedName, col *schema.Column) bool {
	if from == nil || col.Generated != "" || col.Identity || col.Sequence != "" {
		return false
	}
	t, ok := from.Table(q)
	if !ok || t.PrimaryKey == nil {
		return false
	}
	return !slices.Contains(t.PrimaryKey.Columns, col.Name)
}
