package dburl

import (
	"strings"
	"testing"
)

// TestTargetNoPassword (found by review): Target never shows a password,
// whatever form the connection string takes, also one whose password holds
// an unescaped '/', '?' or '#' after digits, which url.Parse misreads as a
// port and a path.
func TestTargetNoPassword(t *testing.T) {
	env := func(string) string { return "" }
	for _, tc := range []struct{ conn, secret string }{
		{"postgres://u:1234/56@db.example/app", "1234/56"},
		{"postgres://u:9876?x@db.example/app", "9876"},
		{"postgres://u:4321#x@db.example/app", "4321"},
		{"postgres://u@db.example/app?password=hunter2", "hunter2"},
		{"host=db password=hunter2 dbname=app", "hunter2"},
		{"postgres://u:s%2Fcret@db.example/app", "cret"},
	} {
		got := Target(tc.conn, env)
		if strings.Contains(got, tc.secret) {
			t.Errorf("Target(%q) = %q: shows the password %q", tc.conn, got, tc.secret)
		}
	}
}
