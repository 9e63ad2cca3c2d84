package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// TestInitConfigInREADME checks that the schemagen.toml that `schemagen
// init` writes in a fresh module is, byte for byte, the one the README
// shows under "## Set up a project".
func TestInitConfigInREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "\n## Set up a project\n")
	if !ok {
		t.Fatal("README.md has no section ## Set up a project")
	}
	_, after, ok = strings.Cut(after, "```toml\n")
	block, _, ok2 := strings.Cut(after, "```\n")
	if !ok || !ok2 {
		t.Fatal("## Set up a project shows no ```toml block")
	}

	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "models"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	a := &App{Stdout: &out, Stderr: &out, Dir: dir, Now: time.Now, Getenv: func(string) string { return "" }}
	if code := a.Run(context.Background(), []string{"init"}); code != ExitOK {
		t.Fatalf("schemagen init: exit %d\n%s", code, out.String())
	}
	written, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(written) != block {
		t.Errorf("init wrote\n%s\nthe README shows\n%s", written, block)
	}
}

// TestInitConfigSettingsValid uncomments every setting of the config that
// init writes: each is a key schemagen.toml knows, with a value of its
// type.
func TestInitConfigSettingsValid(t *testing.T) {
	cfg := initConfig([]string{"./models", "./more/..."}, "db/migrations")
	setting := regexp.MustCompile(`(?m)^# ([a-z_]+ = )`)
	uncommented := setting.ReplaceAllString(cfg, "$1")
	if n := len(setting.FindAllString(cfg, -1)); n != 11 {
		t.Errorf("%d settings commented out, want the 11 besides models and migrations", n)
	}
	var fc fileConfig
	md, err := toml.Decode(uncommented, &fc)
	if err != nil {
		t.Fatalf("%v\n%s", err, uncommented)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("unknown settings %v", u)
	}
	if len(fc.Models) != 2 || fc.Migrations != "db/migrations" || !fc.Online || fc.LockRetries != 3 || len(fc.Exclude) != 3 {
		t.Errorf("decoded %+v", fc)
	}
	for _, d := range []string{fc.LockTimeout, fc.StatementTimeout, fc.LockWait} {
		if _, err := time.ParseDuration(d); err != nil {
			t.Errorf("duration %q: %v", d, err)
		}
	}
}
