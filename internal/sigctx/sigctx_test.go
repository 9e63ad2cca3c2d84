package sigctx

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCancel sends two signals to the test process, as a user
// pressing Ctrl-C twice would: the first cancels the context and says the
// run rolls back; the second exits with 130, or does nothing when the
// schemagen CLI owns the second signal (exit nil).
func TestCancel(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends signals to the test process")
	}
	for _, tc := range []struct {
		name     string
		first    os.Signal
		second   os.Signal
		fromCLI  bool
		wantExit bool
	}{
		{name: "standalone", first: os.Interrupt, second: os.Interrupt, wantExit: true},
		{name: "standalone SIGTERM", first: syscall.SIGTERM, second: syscall.SIGTERM, wantExit: true},
		{name: "under the CLI", first: os.Interrupt, second: syscall.SIGTERM, fromCLI: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The message is written before the context is cancelled, so
			// reading it after ctx.Done is not a race.
			var msg bytes.Buffer
			exits := make(chan int, 1)
			exit := func(code int) { exits <- code }
			if tc.fromCLI {
				exit = nil
			}
			ctx, stop := Cancel(context.Background(), &msg, "rolling back the migration in progress", exit)
			defer stop()
			self, err := os.FindProcess(os.Getpid())
			if err != nil {
				t.Fatal(err)
			}
			if err := self.Signal(tc.first); err != nil {
				t.Fatal(err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
				t.Fatalf("%v did not cancel the context", tc.first)
			}
			if !strings.Contains(msg.String(), "rolling back") {
				t.Errorf("first signal printed %q, want a note that the run rolls back", msg.String())
			}
			if err := self.Signal(tc.second); err != nil {
				t.Fatal(err)
			}
			select {
			case code := <-exits:
				if !tc.wantExit || code != ExitInterrupted {
					t.Errorf("second signal: exit(%d), want exit: %v (code %d)", code, tc.wantExit, ExitInterrupted)
				}
			case <-time.After(300 * time.Millisecond):
				if tc.wantExit {
					t.Error("the second signal did not exit")
				}
			}
		})
	}
}
