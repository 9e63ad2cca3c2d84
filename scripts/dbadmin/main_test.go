package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/dburl"
	"github.com/schemagen/schemagen/internal/pgtest"
)

// TestEnsureAndDrop creates a database with a hostile name through
// ensure, finds it there the second time, and drops it.
func TestEnsureAndDrop(t *testing.T) {
	server := pgtest.Server(t)
	ctx := context.Background()
	b := make([]byte, 4)
	rand.Read(b)
	name := `dbadmin "test"; ` + hex.EncodeToString(b)
	url, err := dburl.WithDatabase(pgtest.ServerURL(), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run(ctx, []string{"drop", name}, url, &bytes.Buffer{}) })
	for i, want := range []string{"created database", "database \"dbadmin \"\"test\"\"; " + hex.EncodeToString(b) + "\" exists"} {
		var out bytes.Buffer
		if err := run(ctx, []string{"ensure"}, url, &out); err != nil {
			t.Fatalf("ensure #%d: %v", i+1, err)
		}
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("ensure #%d said %q, want %q", i+1, out.String(), want)
		}
	}
	if ok, err := databaseExists(ctx, server, name); err != nil || !ok {
		t.Fatalf("after ensure: exists %v, %v", ok, err)
	}
	if err := run(ctx, []string{"drop", name}, pgtest.ServerURL(), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if ok, err := databaseExists(ctx, server, name); err != nil || ok {
		t.Fatalf("after drop: exists %v, %v", ok, err)
	}
	for _, args := range [][]string{nil, {"create"}, {"drop", ""}, {"ensure", "x"}, {"nuke", "x"}} {
		if err := run(ctx, args, url, &bytes.Buffer{}); err != errUsage {
			t.Errorf("%q: %v, want the usage", args, err)
		}
	}
}

// TestProjectURL checks where the project's database comes from:
// DATABASE_URL, else schemagen.toml with ${NAME} expanded, else the default.
func TestProjectURL(t *testing.T) {
	withToml := t.TempDir()
	if err := os.WriteFile(filepath.Join(withToml, "schemagen.toml"), []byte(`models = ["./models"]
database_url = "postgres://app:${PW}@db:5432/shop"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir string
		env       map[string]string
		want      string
		wantErr   bool
	}{
		{"env wins", withToml, map[string]string{"DATABASE_URL": "postgres://x/y", "PW": "p"}, "postgres://x/y", false},
		{"toml", withToml, map[string]string{"PW": "s3cret"}, "postgres://app:s3cret@db:5432/shop", false},
		{"toml, variable unset", withToml, nil, "", true},
		{"no toml", t.TempDir(), nil, dburl.Default, false},
	} {
		got, err := projectURL(tc.dir, func(k string) string { return tc.env[k] })
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("%s: %q, %v; want %q, error %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestRefusesMaintenanceDatabases checks that recreate and drop never
// touch postgres, template0 or template1 (no server needed: refused first).
func TestRefusesMaintenanceDatabases(t *testing.T) {
	for _, args := range [][]string{{"recreate"}, {"drop", "postgres"}, {"drop", "template1"}} {
		err := run(context.Background(), args, "postgres://u@127.0.0.1:1/postgres", &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("%q: %v, want a refusal", args, err)
		}
	}
}
