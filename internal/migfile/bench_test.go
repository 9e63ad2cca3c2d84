package migfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/migrate"
)

// hugeMigration returns a migration file creating n tables of 15
// columns, a primary key, a unique constraint and an index each.
func hugeMigration(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "\t\t\top.CreateTableNamed(\"t%05d\", migrate.Table{\n\t\t\t\tColumns: []*migrate.Column{\n", i)
		for j := range 15 {
			fmt.Fprintf(&b, "\t\t\t\t\t{Name: \"c%d\", Type: \"text\", Nullable: true, Default: \"'x'\"},\n", j)
		}
		fmt.Fprintf(&b, "\t\t\t\t},\n\t\t\t\tPrimaryKey: &migrate.PrimaryKey{Name: \"t%05d_pkey\", Columns: []string{\"c0\"}},\n", i)
		fmt.Fprintf(&b, "\t\t\t\tUniques: []*migrate.Unique{{Name: \"t%05d_c1_key\", Columns: []string{\"c1\"}}},\n", i)
		fmt.Fprintf(&b, "\t\t\t\tIndexes: []*migrate.Index{{Name: \"t%05d_c2_idx\", Columns: []string{\"c2\", \"c3\"}}},\n\t\t\t})\n", i)
	}
	return migration(migrateImport, "001", b.String())
}

// BenchmarkHuge times the steps of reading a 1,000-table migration
// without compiling, and of cross-checking it.
func BenchmarkHuge(b *testing.B) {
	dir := b.TempDir()
	for name, src := range map[string]string{"001_a.go": hugeMigration(1000), "migrations.go": setFile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	ctx := NewContext(testEnv, "")
	read := func(b *testing.B) *Package {
		p, err := Read(dir, ctx)
		if err != nil || len(p.Problems) > 0 {
			b.Fatal(err, p.Problems)
		}
		return p
	}
	set := func(b *testing.B, p *Package) *migrate.Set {
		s, err := p.Set()
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			read(b)
		}
	})
	b.Run("set", func(b *testing.B) {
		for b.Loop() {
			set(b, read(b))
		}
	})
	s := set(b, read(b))
	b.Run("record", func(b *testing.B) {
		for b.Loop() {
			migrate.RecordAll(s)
		}
	})
	b.Run("roundtrip", func(b *testing.B) {
		recs := migrate.RecordAll(s)
		for b.Loop() {
			if _, err := RoundTrip(recs); err != nil {
				b.Fatal(err)
			}
		}
	})
	compiled, err := RoundTrip(migrate.RecordAll(s))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("crosscheck", func(b *testing.B) {
		for b.Loop() {
			if err := read(b).CrossCheck(compiled); err != nil {
				b.Fatal(err)
			}
		}
	})
}
