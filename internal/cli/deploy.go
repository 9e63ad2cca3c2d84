package cli

import (
	"strings"

	"github.com/schemagen/schemagen/schema"
)

// builtInSettings returns the settings of schemagen.toml that a built
// program carries as defaults (NAME, value), since it runs where the file
// is not: the version table, the timeouts and the lock retries.
func (p *project) builtInSettings() [][2]string {
	vt := p.versionTable
	out := [][2]string{{"SCHEMAGEN_VERSION_TABLE", schema.SchemaOrDefault(vt.Schema) + "." + vt.Name}}
	for _, kv := range p.runnerEnv {
		name, value, _ := strings.Cut(kv, "=")
		out = append(out, [2]string{name, value})
	}
	return out
}
