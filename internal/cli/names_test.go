package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// TestConfigVersionTableCanonical: schemagen.toml's version_table is a
// boundary of the pipeline, and the name it gives has its schema set.
func TestConfigVersionTableCanonical(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, value string
		want        schema.QualifiedName
		wantErr     string
	}{
		{name: "unset", want: schema.QualifiedName{Schema: "public", Name: "schemagen_version"}},
		{name: "bare", value: "revisions", want: schema.QualifiedName{Schema: "public", Name: "revisions"}},
		{name: "qualified", value: "meta.revisions", want: schema.QualifiedName{Schema: "meta", Name: "revisions"}},
		// A third part is refused: "a.b.c" reads as database, schema
		// and table more often than as a table named "b.c".
		{name: "two dots", value: "a.b.c", wantErr: `schemagen.toml: version_table: version table "a.b.c": want NAME or SCHEMA.NAME, with one dot at most`},
		{name: "public name with a dot", value: "public.v1.revisions", wantErr: "with one dot at most"},
		{name: "empty schema", value: ".revisions", wantErr: "without an empty part"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/x\n\ngo 1.26.0\n")
			cfg := ""
			if tc.value != "" {
				cfg = "version_table = '" + tc.value + "'\n"
			}
			writeFile(t, filepath.Join(dir, ConfigFile), cfg)
			p, err := loadProject(dir, &globalFlags{}, func(string) string { return "" }, true)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("loadProject = %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.versionTable != tc.want {
				t.Errorf("version table %#v, want %#v", p.versionTable, tc.want)
			}
		})
	}
}
