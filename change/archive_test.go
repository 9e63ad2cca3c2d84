package change

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schemagen/schemagen/schema"
)

// TestArchiveNames checks that archive names are readable, at most 63
// bytes, and unique per (revision, table[, column]) even when the parts
// contain "_" and join to the same text.
func TestArchiveNames(t *testing.T) {
	t.Parallel()
	q := func(s, n string) schema.QualifiedName { return schema.QualifiedName{Schema: s, Name: n} }
	long := strings.Repeat("é", 40)
	tables := []struct {
		rev string
		t   schema.QualifiedName
	}{
		{"20261206083000", q("a_b", "c")},
		{"20261206083000", q("a", "b_c")},
		{"20261206083000", q("public", "user_profile")},
		{"20261206083000_x", q("public", "user_profile")},
		{"20261206083000", q("public", long)},
		{"20261206083000", q("public", long+"x")},
	}
	columns := []struct {
		rev    string
		t      schema.QualifiedName
		column string
	}{
		{"20261206083000", q("public", "user"), "profile_name"},
		{"20261206083000", q("public", "user_profile"), "name"},
		{"20261206083000", q("public_user", "profile"), "name"},
		{"20261206083000", q("public", "t"), long},
		{"20261206083000", q("public", "t"), long + "x"},
	}
	seen := map[string]string{}
	check := func(name, what, prefix string) {
		t.Helper()
		if len(name) > schema.MaxIdentifierLength || !utf8.ValidString(name) {
			t.Errorf("%s: name %q is %d bytes or not UTF-8", what, name, len(name))
		}
		if !strings.HasPrefix(name, prefix) || !regexp.MustCompile(`_[0-9a-f]{8}$`).MatchString(name) {
			t.Errorf("%s: name %q does not start with %q and end with a hash", what, name, prefix)
		}
		if other, ok := seen[name]; ok {
			t.Errorf("%s and %s both archive to %s", other, what, name)
		}
		seen[name] = what
	}
	for _, tc := range tables {
		name := TableArchiveName(tc.rev, tc.t)
		check(name, tc.rev+" table "+tc.t.String(), ArchiveSchema+"_"+tc.rev+"_")
		if !IsArchiveSchema(name) {
			t.Errorf("IsArchiveSchema(%q) = false", name)
		}
		if again := TableArchiveName(tc.rev, tc.t); again != name {
			t.Errorf("TableArchiveName is not deterministic: %q, then %q", name, again)
		}
	}
	if got, want := TableArchiveName("20261206083000", q("public", "items")), "schemagen_archive_20261206083000_public_items_"; !strings.HasPrefix(got, want) {
		t.Errorf("TableArchiveName = %q, want %s<hash>", got, want)
	}
	for _, tc := range columns {
		check(ColumnArchiveName(tc.rev, tc.t, tc.column), tc.rev+" column "+tc.t.String()+"."+tc.column, tc.rev+"_")
	}
}
