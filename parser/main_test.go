package parser

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the type cache of the tests' loads out of the user cache
// dir: SCHEMAGEN_CACHE points at a folder removed when the tests end.
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	cache, err := os.MkdirTemp("", "schemagen-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "make the type cache:", err)
		return 1
	}
	defer os.RemoveAll(cache)
	if err := os.Setenv("SCHEMAGEN_CACHE", cache); err != nil {
		fmt.Fprintln(os.Stderr, "set SCHEMAGEN_CACHE:", err)
		return 1
	}
	return m.Run()
}
