package parser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeBenchModule writes a module with a models package of n tables
// shaped as in issue 6's benchmark, one file each: 15 columns of mixed
// types (some with defaults, a pointer or two), a primary key, a unique
// column, a foreign key to the table before with an index, and on every
// other table a two-column index.
func writeBenchModule(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string]string{"go.mod": "module example.com/bench\n\ngo 1.26\n"}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "package models\n\nimport (\n\t\"encoding/json\"\n\t\"time\"\n)\n\n")
		fmt.Fprintf(&b, "// T%05d is a table.\n//\n//schemagen:table t%05d\ntype T%05d struct {\n", i, i, i)
		b.WriteString("\tID int64 `db:\"id,pk,identity\"`\n")
		if i > 0 {
			fmt.Fprintf(&b, "\tParentID *int64 `db:\"parent_id,fk:t%05d.id,index\"`\n", i-1)
		} else {
			b.WriteString("\tParentID *int64 `db:\"parent_id,index\"`\n")
		}
		idx := ""
		if i%2 == 0 {
			idx = fmt.Sprintf(",index:t%05d_status_created_idx", i)
		}
		b.WriteString("\tCode string `db:\"code,type:varchar(32),unique\"`\n")
		b.WriteString("\tName string `db:\"name\"`\n")
		b.WriteString("\tAmount float64 `db:\"amount,type:numeric(12,2),default:0\"`\n")
		b.WriteString("\tQty int32 `db:\"qty,default:1\"`\n")
		b.WriteString("\tActive bool `db:\"active,default:true\"`\n")
		b.WriteString("\tStatus string `db:\"status,type:varchar(16),default:'new'" + idx + "\"`\n")
		b.WriteString("\tCreatedAt time.Time `db:\"created_at,default:now()" + idx + "\"`\n")
		b.WriteString("\tUpdatedAt *time.Time `db:\"updated_at\"`\n")
		b.WriteString("\tNote *string `db:\"note\"`\n")
		b.WriteString("\tData json.RawMessage `db:\"data,default:'{}'\"`\n")
		b.WriteString("\tTags []string `db:\"tags\"`\n")
		b.WriteString("\tScore float32 `db:\"score\"`\n")
		b.WriteString("\tSmall int16 `db:\"small\"`\n")
		b.WriteString("}\n")
		files[fmt.Sprintf("models/t%05d.go", i)] = b.String()
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// BenchmarkLoad times Load on a generated models package of 100 and
// 1,000 tables (the latter left out with -short): the go command's
// listing, parsing and type-checking the package, and reading the models.
// A first Load, outside the timer, warms the build cache.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("tables=%d", n), func(b *testing.B) {
			if n > 100 && testing.Short() {
				b.Skip("long; run without -short")
			}
			dir := writeBenchModule(b, n)
			ctx := context.Background()
			load := func() {
				s, err := Load(ctx, Config{Dir: dir, Env: testEnv}, "./models")
				if err != nil {
					b.Fatal(err)
				}
				if len(s.Tables) != n {
					b.Fatalf("Load read %d tables, want %d", len(s.Tables), n)
				}
			}
			load()
			for b.Loop() {
				load()
			}
		})
	}
}
