package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// cmdBuild writes the migrations' own program, with the driver and the
// project's settings built in, for deploys where Go is not installed: a
// container or a CI deploy step runs `FILE upgrade` (see migrate.Main).
func cmdBuild(fs *flag.FlagSet) runFunc {
	out := fs.String("o", "", "write the program to `FILE`")
	return func(ctx context.Context, a *App, p *project, args []string) error {
		if err := noArgs("build", args); err != nil {
			return err
		}
		if *out == "" {
			return usageErr("build needs -o FILE")
		}
		// The migrations pass schemagen's checks first: read without
		// compiling, or in a program that runs here (the deploy program
		// may be for another GOOS/GOARCH).
		check, recs, err := a.offlineRecords(ctx, p)
		if err != nil {
			return err
		}
		check.Close()
		r, err := buildRunner(ctx, p, deployRunner)
		if err != nil {
			return err
		}
		defer r.Close()
		dst := absFrom(p.dir, *out)
		if err := installProgram(dst, r.bin); err != nil {
			return err
		}
		a.printf("wrote %s: %d migration(s), with upgrade, downgrade, current, stamp, history and --sql; it reads DATABASE_URL (run it with no arguments for help)\n",
			relPath(dst), len(recs))
		return nil
	}
}

// installProgram copies the program src to dst (executable), through a
// temporary file renamed into place, so that dst is never half written.
func installProgram(dst, src string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", relPath(dst), err)
	}
	tmp := dst + ".tmp-schemagen"
	os.Remove(tmp)
	if err := copyFile(tmp, src); err != nil {
		return fmt.Errorf("write %s: %w", relPath(dst), err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", relPath(dst), err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", relPath(dst), err)
	}
	return nil
}

// builtInSettings returns the settings of schemagen.toml that a built
// program carries as defaults (NAME, value), since it runs where the file
// is not: the version table, the timeouts and the lock retries. The
// environment overrides them.
func (p *project) builtInSettings() [][2]string {
	vt := p.versionTable
	out := [][2]string{{"SCHEMAGEN_VERSION_TABLE", vt.Schema + "." + vt.Name}}
	for _, kv := range p.runnerEnv {
		name, value, _ := strings.Cut(kv, "=")
		out = append(out, [2]string{name, value})
	}
	return out
}
