// Package testcache gives a package's tests a schemagen cache folder of
// their own, so that what they build or cache (runner programs, type
// data) stays out of the user's cache folder and goes when they end.
package testcache

import (
	"fmt"
	"os"
	"testing"
)

// Run runs m with SCHEMAGEN_CACHE pointing at a new temporary folder,
// removed afterwards, and returns the exit code for os.Exit. Call it
// from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testcache.Run(m)) }
func Run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "schemagen-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "make the test cache folder:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := os.Setenv("SCHEMAGEN_CACHE", dir); err != nil {
		fmt.Fprintln(os.Stderr, "set SCHEMAGEN_CACHE:", err)
		return 1
	}
	return m.Run()
}
