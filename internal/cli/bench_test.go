package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkOfflineCheck times `schemagen check --offline` on a copy of the
// example module holding one migration, with a warm build cache (the first
// run, outside the timer, warms it): what a pre-commit hook costs.
func BenchmarkOfflineCheck(b *testing.B) {
	root := repoRoot(b)
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "testdata", "example"))); err != nil {
		b.Fatal(err)
	}
	gomod := filepath.Join(dir, "go.mod")
	src, err := os.ReadFile(gomod)
	if err != nil {
		b.Fatal(err)
	}
	src = bytes.Replace(src, []byte("=> ../.."), []byte("=> "+root), 1)
	if err := os.WriteFile(gomod, src, 0o644); err != nil {
		b.Fatal(err)
	}
	run := func(args ...string) {
		b.Helper()
		var out bytes.Buffer
		a := &App{Stdout: &out, Stderr: &out, Dir: dir, Now: time.Now,
			Getenv: func(string) string { return closedPortURL }}
		if code := a.Run(context.Background(), args); code != ExitOK {
			b.Fatalf("schemagen %v: exit %d\n%s", args, code, out.String())
		}
	}
	run("init")
	run("revision", "--autogenerate", "--offline", "-m", "create tables")
	run("check", "--offline")
	b.ResetTimer()
	for b.Loop() {
		run("check", "--offline")
	}
}
