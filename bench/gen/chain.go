package gen

import (
	"fmt"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/schema"
)

// chainStart is the time of the first migration of a chain; migration k
// is k seconds later.
var chainStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Chain returns a migrations package (folder "migrations", its Set file
// included) of n small migrations, each on the previous one: migration k
// creates table mNNNNN (id bigint primary key, name text) when k%5 == 1,
// and otherwise adds a nullable integer column cNNNNN to the table
// created last.
func Chain(n int) (Files, error) {
	set, err := emitter.SetFile("migrations")
	if err != nil {
		return nil, err
	}
	fs := Files{}
	for name, src := range set {
		fs["migrations/"+name] = src
	}
	parent := []string(nil)
	table := ""
	for k := 1; k <= n; k++ {
		rev := chainStart.Add(time.Duration(k) * time.Second).Format("20060102150405")
		m := emitter.Migration{Package: "migrations", Revision: rev, DownRevision: parent}
		if k%5 == 1 {
			table = fmt.Sprintf("m%05d", k)
			m.Message = "create table " + table
			m.Upgrade = []change.Change{change.CreateTable{Table: &schema.Table{
				Schema: schema.DefaultSchema,
				Name:   table,
				Columns: []*schema.Column{
					{Name: "id", Type: "bigint"},
					{Name: "name", Type: "text"},
				},
				PrimaryKey: &schema.PrimaryKey{Name: table + "_pkey", Columns: []string{"id"}},
			}}}
			m.Downgrade = []change.Change{change.DropTable{Table: &schema.Table{Schema: schema.DefaultSchema, Name: table}}}
		} else {
			col := &schema.Column{Name: fmt.Sprintf("c%05d", k), Type: "integer", Nullable: true}
			m.Message = "add column " + col.Name + " to " + table
			q := schema.QualifiedName{Schema: schema.DefaultSchema, Name: table}
			m.Upgrade = []change.Change{change.AddColumn{Table: q, Column: col}}
			m.Downgrade = []change.Change{change.DropColumn{Table: q, Column: &schema.Column{Name: col.Name}}}
		}
		files, err := emitter.Emit(m)
		if err != nil {
			return nil, fmt.Errorf("emit migration %d of the chain: %w", k, err)
		}
		for name, src := range files {
			fs["migrations/"+name] = src
		}
		parent = []string{rev}
	}
	return fs, nil
}
