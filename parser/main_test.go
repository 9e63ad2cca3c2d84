package parser

import (
	"os"
	"testing"

	"github.com/schemagen/schemagen/internal/testcache"
)

// TestMain keeps what the tests build and cache (runners, type data) out
// of the user cache dir (see [testcache.Run]).
func TestMain(m *testing.M) { os.Exit(testcache.Run(m)) }
