package gentest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/emitter"
	"github.com/schemagen/schemagen/internal/cli"
	"github.com/schemagen/schemagen/internal/pgtest"
)

// TestGenerativeThroughFiles runs one random history in process, then
// writes its migrations as package emitter writes them, into a Go module
// of their own, and has the real CLI (which builds them with the go
// command) upgrade a fresh database with them: `schemagen diff` must find
// no difference between that database and the history's, nor between it
// and the migration files replayed by the CLI; `downgrade base` and
// `upgrade heads` again, the same. This checks that the in-process
// migrations of TestGenerative record what the emitted files record.
func TestGenerativeThroughFiles(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the migrations with the go command; runs without -short (make test)")
	}
	server := pgtest.Server(t)
	ctx := context.Background()
	seed := *flagSeed + 1000
	evs := Generate(seed, config())
	var st stats
	err := runHistory(ctx, t, server, evs, seed, &st, func(r *runner) error {
		return throughFiles(ctx, t, r)
	})
	if err != nil {
		t.Fatalf("history with seed %d: %v\nevents:\n%s", seed, err, eventList(evs))
	}
	t.Logf("ran %s", &st)
}

// throughFiles writes the migrations of r's main line as files and runs
// the CLI on them.
func throughFiles(ctx context.Context, t *testing.T, r *runner) error {
	main := r.lines[Main]
	dir := t.TempDir()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	gomod := "module example.com/gen\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/schemagen/schemagen v0.0.0\n\tgithub.com/lib/pq v1.12.3\n)\n\nreplace github.com/schemagen/schemagen => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	files := map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum}
	set, err := emitter.SetFile("migrations")
	if err != nil {
		return err
	}
	for name, src := range set {
		files[filepath.Join("migrations", name)] = src
	}
	for _, id := range main.revs {
		rv := r.revs[id]
		out, err := emitter.Emit(emitter.Migration{
			Package: "migrations", Revision: id, DownRevision: rv.parents, Message: "generated " + id,
			Upgrade: rv.up, Downgrade: rv.down, NoTransaction: rv.noTx, AllowHazards: change.HazardKinds(),
		})
		if err != nil {
			return fmt.Errorf("emit %s: %w", id, err)
		}
		for name, src := range out {
			files[filepath.Join("migrations", name)] = src
		}
	}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
	}
	fresh, err := r.newDB()
	if err != nil {
		return err
	}
	run := func(want int, args ...string) error {
		var out, errOut bytes.Buffer
		a := &cli.App{
			Stdout: &out, Stderr: &errOut, Dir: dir,
			Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
			Getenv: func(k string) string {
				if k == "DATABASE_URL" {
					return fresh.url
				}
				return os.Getenv(k)
			},
		}
		if code := a.Run(ctx, args); code != want {
			return fmt.Errorf("schemagen %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out.String(), errOut.String())
		}
		return nil
	}
	same := func() error {
		if err := run(0, "diff", "--from", main.db.url, "--to", fresh.url); err != nil {
			return fmt.Errorf("the database the CLI upgraded differs from the history's: %w", err)
		}
		if err := run(0, "diff", "--from", "migrations:migrations", "--to", fresh.url); err != nil {
			return fmt.Errorf("the migration files replayed by the CLI differ from the database it upgraded: %w", err)
		}
		return nil
	}
	for _, step := range []func() error{
		func() error { return run(0, "upgrade", "heads") },
		same,
		func() error { return run(0, "downgrade", "base") },
		func() error { return run(0, "upgrade", "heads") },
		same,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
