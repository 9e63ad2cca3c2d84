package gen

import (
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
)

// ModulePath is the module path of generated Go modules.
const ModulePath = "example.com/bench"

// tablesPerFile is how many models one generated Go file holds.
const tablesPerFile = 100

// Files maps slash-separated paths, relative to a module root, to contents.
type Files map[string][]byte

// Write writes the files below dir, creating folders as needed.
func (fs Files) Write(dir string) error {
	names := make([]string, 0, len(fs))
	for name := range fs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.WriteFile(path, fs[name], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// Module returns go.mod and go.sum of a module that requires schemagen,
// replaced by the checkout at repoRoot, and the driver the migration
// runner links: the go directive and the lib/pq version come from the
// checkout's go.mod, go.sum is the checkout's.
func Module(repoRoot string) (Files, error) {
	gomodPath := filepath.Join(repoRoot, "go.mod")
	src, err := os.ReadFile(gomodPath)
	if err != nil {
		return nil, fmt.Errorf("read schemagen's go.mod: %w", err)
	}
	mf, err := modfile.ParseLax(gomodPath, src, nil)
	if err != nil {
		return nil, fmt.Errorf("parse schemagen's go.mod: %w", err)
	}
	pq := ""
	for _, r := range mf.Require {
		if r.Mod.Path == "github.com/lib/pq" {
			pq = r.Mod.Version
		}
	}
	if pq == "" || mf.Go == nil {
		return nil, fmt.Errorf("%s: no go directive or no requirement of github.com/lib/pq", gomodPath)
	}
	sum, err := os.ReadFile(filepath.Join(repoRoot, "go.sum"))
	if err != nil {
		return nil, fmt.Errorf("read schemagen's go.sum: %w", err)
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		return nil, fmt.Errorf("locate schemagen: %w", err)
	}
	gomod := fmt.Sprintf("module %s\n\ngo %s\n\nrequire (\n\tgithub.com/schemagen/schemagen v0.0.0\n\tgithub.com/lib/pq %s\n)\n\nreplace github.com/schemagen/schemagen => %s\n",
		ModulePath, mf.Go.Version, pq, root)
	return Files{"go.mod": []byte(gomod), "go.sum": sum}, nil
}

// GoModels returns the package models (and the package uuid it uses)
// describing tables in schemagen's db tag grammar, 100 tables per file.
func GoModels(tables []Table) (Files, error) {
	fs := Files{
		"uuid/uuid.go":  []byte("// Package uuid holds the UUID type that the models use; schemagen maps\n// a type UUID of any package whose path ends in /uuid to uuid.\npackage uuid\n\n// UUID is a 16-byte UUID.\ntype UUID [16]byte\n"),
		"models/doc.go": []byte("// Package models holds the generated benchmark models, one struct per\n// table.\npackage models\n"),
	}
	for start := 0; start < len(tables); start += tablesPerFile {
		end := min(start+tablesPerFile, len(tables))
		var b strings.Builder
		fmt.Fprintf(&b, "package models\n\nimport (\n\t\"encoding/json\"\n\t\"time\"\n\n\t%q\n)\n", ModulePath+"/uuid")
		for i := start; i < end; i++ {
			writeModel(&b, &tables[i])
		}
		src, err := format.Source([]byte(b.String()))
		if err != nil {
			return nil, fmt.Errorf("format the models: %w", err)
		}
		fs[fmt.Sprintf("models/tables_%05d.go", tables[start].Number)] = src
	}
	return fs, nil
}

// writeModel writes the struct of t.
func writeModel(b *strings.Builder, t *Table) {
	fmt.Fprintf(b, "\n// %s is generated table %d.\n//\n//schemagen:table %s\ntype %s struct {\n", t.Struct, t.Number, t.Name, t.Struct)
	for _, c := range t.Columns {
		opts := []string{c.Name}
		if c.Name == "id" {
			opts = append(opts, "pk")
		}
		if c.TypeTag {
			opts = append(opts, "type:"+c.Type)
		}
		if c.Default != "" {
			opts = append(opts, "default:"+c.Default)
		}
		if c.Name == t.Code {
			opts = append(opts, "unique")
		}
		if c.Name == "prev_id" {
			opts = append(opts, "index")
			if t.References != "" {
				opts = append(opts, "fk:"+t.References+".id")
				if t.OnDelete != "" {
					opts = append(opts, "ondelete:"+strings.ToLower(t.OnDelete))
				}
			}
		}
		for _, col := range t.Composite {
			if col == c.Name {
				opts = append(opts, "index:"+t.CompositeIndexName())
			}
		}
		typ := c.GoType
		if c.Nullable {
			typ = "*" + typ
		}
		fmt.Fprintf(b, "\t%s %s `db:%q`\n", c.Field, typ, strings.Join(opts, ","))
	}
	b.WriteString("}\n")
}
