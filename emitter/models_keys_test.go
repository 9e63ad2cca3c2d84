package emitter_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/parser"
	"github.com/schemagen/schemagen/schema"
)

// TestModelsTrickyKeyNames gives every tricky name to a primary key, a
// unique constraint and a composite foreign key, and to the columns of
// those: Models refuses it, or the models read back to the schema
// exactly, the keys said by the key directives.
func TestModelsTrickyKeyNames(t *testing.T) {
	if testing.Short() {
		t.Skip("loads models with package parser; runs without -short")
	}
	s := &schema.Schema{}
	kept := 0
	for i, name := range trickyNames {
		p := fmt.Sprintf("p%d", i)
		q := fmt.Sprintf("q%d", i)
		tables := []*schema.Table{
			{Schema: "public", Name: p, Columns: []*schema.Column{col("a", "integer"), col(name, "text")},
				PrimaryKey: &schema.PrimaryKey{Name: name, Columns: []string{name, "a"}},
				Uniques:    []*schema.Unique{{Name: name + "_u", Columns: []string{name, "a"}, NullsNotDistinct: true}}},
			{Schema: "public", Name: q, Columns: []*schema.Column{col("a", "integer"), col("b", "text")},
				ForeignKeys: []*schema.ForeignKey{{Name: name, Columns: []string{"b", "a"}, RefSchema: "public", RefTable: p, RefColumns: []string{name, "a"}, OnDelete: "SET NULL"}}},
		}
		_, err := emitter.Models(&schema.Schema{Tables: tables}, emitter.ModelOptions{})
		var ue *emitter.UnexpressibleError
		if err != nil && !errors.As(err, &ue) {
			t.Fatal(err)
		}
		if err == nil {
			s.Tables = append(s.Tables, tables...)
			kept++
		}
	}
	t.Logf("%d of %d kept", kept, len(trickyNames))
	if kept < len(trickyNames)/2 {
		t.Errorf("only %d of %d tricky names kept: the refusals are too broad", kept, len(trickyNames))
	}
	files, err := emitter.Models(s, emitter.ModelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files["go.mod"] = []byte("module example.com/trickykeys\n\ngo 1.26.0\n")
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := parser.Load(context.Background(), parser.Config{Dir: dir}, ".")
	if err != nil {
		t.Fatalf("the models do not load: %v\n%s", err, files["public_tables.go"])
	}
	if diff := cmp.Diff(comparable(s), comparable(got)); diff != "" {
		t.Errorf("the models read back to another schema (-want +got):\n%s", diff)
	}
}
