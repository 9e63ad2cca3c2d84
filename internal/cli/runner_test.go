package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
)

// TestRunnerLeavesModuleAlone runs the verbs that build the migrations in
// a module tidied by `go mod tidy`, whose go.mod then lists no lib/pq:
// one with no driver at all, and one whose application uses pgx. Each
// verb works, and none changes a byte of the module or adds a file to it
// (`git status` stays clean).
func TestRunnerLeavesModuleAlone(t *testing.T) {
	tests := []struct {
		name string
		// app is the source of an application package, or "".
		app string
		// require is a module go.mod must require after tidying.
		require string
	}{
		{name: "no driver"},
		{name: "pgx only", app: pgxApp, require: pgxPath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModule(t)
			m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
			if tt.app != "" {
				writeFile(t, filepath.Join(m.dir, "app", "app.go"), tt.app)
			}
			m.must(ExitOK, "init")
			m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")

			tidy := exec.Command("go", "mod", "tidy")
			tidy.Dir = m.dir
			// The module cache answers what it holds; on a fresh machine
			// tidy fetches the go.mod files of the application's
			// dependencies' dependencies (pgx's testify) from GOPROXY.
			tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
			if out, err := tidy.CombinedOutput(); err != nil {
				t.Fatalf("go mod tidy: %v\n%s", err, out)
			}
			gomod, err := os.ReadFile(filepath.Join(m.dir, "go.mod"))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(gomod, []byte(driverPath)) || !bytes.Contains(gomod, []byte(tt.require)) {
				t.Fatalf("after go mod tidy, go.mod must require %q and not %s:\n%s", tt.require, driverPath, gomod)
			}
			git := gitRepo(t, m.dir)

			before := moduleTree(t, m.dir)
			for _, args := range [][]string{
				{"upgrade"},
				{"check"},
				{"check", "--offline"},
				{"downgrade", "base"},
				{"upgrade", "--sql"},
			} {
				out := m.must(ExitOK, args...)
				if args[0] == "upgrade" && len(args) > 1 && !strings.Contains(out, "CREATE TABLE") {
					t.Errorf("schemagen upgrade --sql printed no CREATE TABLE:\n%s", out)
				}
				if args[0] == "upgrade" && len(args) == 1 && tt.app != "" {
					// The application's own driver sees the migrated database.
					if revs := pgxVersions(t, m.dbURL); len(revs) != 1 {
						t.Errorf("the version table, read with pgx, holds %q", revs)
					}
				}
				after := moduleTree(t, m.dir)
				for name, sum := range after {
					if b, ok := before[name]; !ok {
						t.Errorf("schemagen %s added %s to the module", strings.Join(args, " "), name)
					} else if b != sum {
						t.Errorf("schemagen %s changed %s", strings.Join(args, " "), name)
					}
				}
				for name := range before {
					if _, ok := after[name]; !ok {
						t.Errorf("schemagen %s removed %s from the module", strings.Join(args, " "), name)
					}
				}
				if st := git("status", "--porcelain", "--untracked-files=all"); st != "" {
					t.Errorf("after schemagen %s, git status:\n%s", strings.Join(args, " "), st)
				}
			}
			assertOnlyVersionTable(t, m.dbURL)
		})
	}
}

// gitRepo makes dir a git repository with every file committed, and
// returns a function that runs git there and returns its output; where
// git is not installed, the function returns "".
func gitRepo(t *testing.T, dir string) func(args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Log("no git command: git status is not checked (the module's files are)")
		return func(...string) string { return "" }
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "module")
	return git
}

// moduleTree returns a checksum of every file under dir, by relative
// path: what `git status` would compare.
func moduleTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	tree := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			tree[rel+"/"] = [32]byte{}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		tree[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// TestRunnerConcurrentBuilds runs offline verbs that build the runner at
// once in one module: each builds and runs a whole program.
func TestRunnerConcurrentBuilds(t *testing.T) {
	m := newTestModule(t)
	m.setModels(filepath.Join(repoRoot(t), "testdata", "models", "keywords", "v1"))
	m.must(ExitOK, "init")
	m.must(ExitOK, "revision", "--autogenerate", "-m", "create models")
	// A changed migrations package makes every run below link anew.
	writeFile(t, filepath.Join(m.dir, "migrations", "zz_extra.go"), "package migrations\n\nconst extra = 1\n")

	const runs = 4
	var wg sync.WaitGroup
	outs := make([]string, runs)
	codes := make([]int, runs)
	for i := range runs {
		wg.Go(func() {
			var out bytes.Buffer
			a := &App{Stdout: &out, Stderr: &out, Dir: m.dir, Now: time.Now,
				Getenv: func(string) string { return closedPortURL }}
			codes[i] = a.Run(context.Background(), []string{"upgrade", "--sql"})
			outs[i] = out.String()
		})
	}
	wg.Wait()
	for i := range runs {
		if codes[i] != ExitOK || outs[i] != outs[0] {
			t.Errorf("run %d: exit %d, want %d and the output of run 0:\n%s\nrun 0:\n%s", i, codes[i], ExitOK, outs[i], outs[0])
		}
	}
}

// TestRunnerModFile checks the go.mod copy the runner builds with: the
// driver added when the module does not require it, the module's own
// requirement kept when it does.
func TestRunnerModFile(t *testing.T) {
	tests := []struct {
		name, gomod string
		want        string // the driver version the copy requires
		unchanged   bool
	}{
		{"no driver", "module example.com/x\n\ngo 1.26.0\n\nrequire github.com/schemagen/schemagen v0.1.0\n", driverVersion, false},
		{"no require", "module example.com/x\n\ngo 1.26.0\n", driverVersion, false},
		{"driver listed", "module example.com/x\n\ngo 1.26.0\n\nrequire github.com/lib/pq v1.10.9\n", "v1.10.9", true},
		{"driver indirect", "module example.com/x\n\ngo 1.26.0\n\nrequire github.com/lib/pq v1.12.3 // indirect\n", driverVersion, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runnerModFile("go.mod", []byte(tt.gomod))
			if err != nil {
				t.Fatal(err)
			}
			if tt.unchanged != (string(out) == tt.gomod) {
				t.Errorf("unchanged = %v, want %v:\n%s", !tt.unchanged, tt.unchanged, out)
			}
			f, err := modfile.Parse("go.mod", out, nil)
			if err != nil {
				t.Fatalf("the copy does not parse: %v\n%s", err, out)
			}
			var got string
			for _, r := range f.Require {
				if r.Mod.Path == driverPath {
					got = r.Mod.Version
				}
			}
			if got != tt.want {
				t.Errorf("the copy requires %s %q, want %q:\n%s", driverPath, got, tt.want, out)
			}
			if f.Module.Mod.Path != "example.com/x" {
				t.Errorf("module path %q, want example.com/x", f.Module.Mod.Path)
			}
		})
	}
	if _, err := runnerModFile("go.mod", []byte("module\n")); err == nil {
		t.Error("a go.mod that does not parse: no error")
	}
}

// TestRunnerSum checks the go.sum copy: the driver's lines added once.
func TestRunnerSum(t *testing.T) {
	other := "example.com/y v1.0.0 h1:abc=\n"
	tests := []struct{ name, sum, want string }{
		{"empty", "", driverSum},
		{"other lines", other, other + driverSum},
		{"no final newline", strings.TrimSuffix(other, "\n"), other + driverSum},
		{"already there", other + driverSum, other + driverSum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(runnerSum([]byte(tt.sum))); got != tt.want {
				t.Errorf("runnerSum(%q) = %q, want %q", tt.sum, got, tt.want)
			}
		})
	}
}

// TestDriverMatchesGoSum checks that the driver version and checksums the
// runner adds are schemagen's own, as its go.mod and go.sum list them.
func TestDriverMatchesGoSum(t *testing.T) {
	root := repoRoot(t)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil {
		t.Fatal(err)
	}
	var version string
	for _, r := range f.Require {
		if r.Mod.Path == driverPath {
			version = r.Mod.Version
		}
	}
	if version != driverVersion {
		t.Errorf("go.mod requires %s %q; driverVersion is %q", driverPath, version, driverVersion)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line := range strings.Lines(string(sum)) {
		if strings.HasPrefix(line, driverPath+" "+version+" ") || strings.HasPrefix(line, driverPath+" "+version+"/go.mod ") {
			lines = append(lines, line)
		}
	}
	if got := strings.Join(lines, ""); got != driverSum {
		t.Errorf("go.sum holds\n%s\ndriverSum is\n%s", got, driverSum)
	}
}

// TestWriteRunnerModFile checks the go flags that give the runner its
// driver: none when go.mod requires it, a go.mod copy when it does not,
// and an error naming the fix in workspace mode, where the go command
// refuses -modfile.
func TestWriteRunnerModFile(t *testing.T) {
	const withDriver = "module example.com/x\n\ngo 1.26.0\n\nrequire github.com/lib/pq v1.12.3\n"
	const without = "module example.com/x\n\ngo 1.26.0\n"
	tests := []struct {
		name, gomod string
		goWork      bool
		wantCopy    bool
		wantErr     string
		// env is GOWORK's value for the case.
		env string
	}{
		{"driver required", withDriver, false, false, "", ""},
		{"driver required in a workspace", withDriver, true, false, "", ""},
		{"no driver", without, false, true, "", ""},
		{"no driver in a workspace", without, true, false, "go get github.com/lib/pq", ""},
		{"no driver, workspace turned off", without, true, true, "", "off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOWORK", tt.env)
			parent := t.TempDir()
			root := filepath.Join(parent, "app")
			cache := t.TempDir()
			writeFile(t, filepath.Join(root, "go.mod"), tt.gomod)
			if tt.goWork {
				writeFile(t, filepath.Join(parent, "go.work"), "go 1.26.0\n\nuse ./app\n")
			}
			before := moduleTree(t, parent)
			flags, err := writeRunnerModFile(context.Background(), root, cache)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			copyPath := filepath.Join(cache, "go.mod")
			_, statErr := os.Stat(copyPath)
			if tt.wantCopy {
				want := []string{"-modfile=" + copyPath, "-mod=mod"}
				if strings.Join(flags, " ") != strings.Join(want, " ") || statErr != nil {
					t.Errorf("flags %q (copy: %v), want %q and the copy written", flags, statErr, want)
				}
				sum, err := os.ReadFile(filepath.Join(cache, "go.sum"))
				if err != nil || string(sum) != driverSum {
					t.Errorf("go.sum copy %q (%v), want %q", sum, err, driverSum)
				}
			} else if len(flags) != 0 || statErr == nil {
				t.Errorf("flags %q (copy: %v), want none and no copy", flags, statErr)
			}
			after := moduleTree(t, parent)
			if len(after) != len(before) {
				t.Errorf("the module's files changed: %d entries, then %d", len(before), len(after))
			}
			for name, sum := range before {
				if after[name] != sum {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}
