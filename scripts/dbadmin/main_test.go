package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
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
