// Package scripts holds the shell scripts of the Makefile; its test runs
// start-db.sh and stop-db.sh against fake PostgreSQL tools.
package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakes are stand-ins for Debian's PostgreSQL tools: one cluster 15/main on
// port 5999, running while the file $FAKE/up exists; pg_ctlcluster writes
// its arguments to $FAKE/log.
var fakes = map[string]string{
	"pg_isready": `[ -e "$FAKE/up" ]`,
	"psql":       `exit 0`,
	"docker":     `exit 1`,
	"pg_lsclusters": `if [ -e "$FAKE/up" ]; then s=online; else s=down; fi
echo "15 main 5999 $s postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log"`,
	"pg_ctlcluster": `echo "pg_ctlcluster $*" >>"$FAKE/log"
case "$*" in
*" start") touch "$FAKE/up" ;;
*" stop") rm -f "$FAKE/up" ;;
esac`,
}

// TestStopStopsOnlyWhatStartStarted runs start-db.sh and stop-db.sh: a
// server that answered before start-db ran is never stopped; a cluster
// that start-db started is stopped once, and then nothing is.
func TestStopStopsOnlyWhatStartStarted(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	fake := filepath.Join(dir, "fake")
	for _, d := range []string{bin, fake} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range fakes {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(),
		"PATH="+bin+":/usr/bin:/bin",
		"FAKE="+fake,
		"DATABASE_URL=postgres://postgres@127.0.0.1:5999/app?sslmode=disable",
		"SCHEMAGEN_STATE_DIR="+filepath.Join(dir, "state"),
	)
	run := func(script string) string {
		t.Helper()
		cmd := exec.Command("bash", script)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		return string(out)
	}
	log := func() string {
		b, _ := os.ReadFile(filepath.Join(fake, "log"))
		return string(b)
	}
	up := func() bool {
		_, err := os.Stat(filepath.Join(fake, "up"))
		return err == nil
	}
	state := filepath.Join(dir, "state", "started-5999")

	// A server that already answers: nothing recorded, nothing stopped.
	if err := os.WriteFile(filepath.Join(fake, "up"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := run("start-db.sh"); !strings.Contains(out, "already answers") {
		t.Errorf("start-db with a server up said:\n%s", out)
	}
	if out := run("stop-db.sh"); !strings.Contains(out, "started no server") || !strings.Contains(out, "left running") {
		t.Errorf("stop-db of a server start-db did not start said:\n%s", out)
	}
	if !up() || log() != "" {
		t.Fatalf("stop-db touched a server start-db did not start: up=%v, log:\n%s", up(), log())
	}

	// No server: start-db starts the cluster and records it; stop-db stops it.
	os.Remove(filepath.Join(fake, "up"))
	run("start-db.sh")
	if !up() || log() != "pg_ctlcluster --skip-systemctl-redirect 15 main start\n" {
		t.Fatalf("start-db did not start the cluster: up=%v, log:\n%s", up(), log())
	}
	if b, err := os.ReadFile(state); err != nil || string(b) != "cluster 15 main\n" {
		t.Fatalf("start-db recorded %q, %v", b, err)
	}
	run("start-db.sh") // answers now: changes nothing
	if out := run("stop-db.sh"); !strings.Contains(out, "stopping Debian cluster 15/main") {
		t.Errorf("stop-db said:\n%s", out)
	}
	if up() || !strings.HasSuffix(log(), "pg_ctlcluster --skip-systemctl-redirect 15 main stop\n") {
		t.Fatalf("stop-db did not stop the cluster: up=%v, log:\n%s", up(), log())
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("the record is still there: %v", err)
	}
	before := log()
	if out := run("stop-db.sh"); !strings.Contains(out, "nothing to stop") || log() != before {
		t.Errorf("a second stop-db said:\n%s\nlog:\n%s", out, log())
	}
}
