// Package sigctx turns SIGINT and SIGTERM into a cancelled context, for the
// schemagen CLI and the migration runner (package migrate) alike. It needs
// only the standard library.
package sigctx

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// ExitInterrupted is the exit code of a run abandoned by a second signal:
// 128+SIGINT, what shells report for a program that Ctrl-C killed.
const ExitInterrupted = 130

// Cancel returns a context that the first SIGINT (Ctrl-C) or SIGTERM
// (kill, docker stop, systemd) cancels, after writing "schemagen: SIGNAL:
// note" to stderr. A later signal calls exit(ExitInterrupted), unless exit
// is nil: then later signals are ignored (a parent process decides). stop
// releases the signals and cancels the context; calling it again does
// nothing.
func Cancel(parent context.Context, stderr io.Writer, note string, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			fmt.Fprintf(stderr, "schemagen: %v: %s\n", sig, note)
			cancel()
		case <-done:
			return
		}
		for {
			select {
			case <-sigs:
				if exit != nil {
					exit(ExitInterrupted)
					return
				}
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(done)
			cancel()
		})
	}
}
