package emitter

import "strings"

// maxSlug is the longest slug, in bytes, that FileName puts in a name.
const maxSlug = 40

// FileName returns the name of the file of a migration:
// "REVISION_slug.go" (REVISION such as 20261206153012_kfxd, see package
// internal/revid, or an older ID, the timestamp alone), where the slug is the message in lower case with
// every run of characters other than a-z and 0-9 replaced by "_", trimmed
// of "_" and cut to at most 40 bytes (at a "_" when one is in reach). An
// empty slug gives "REVISION.go".
//
// The go command reads a file name that ends in "_test" or in a GOOS or
// GOARCH name ("_linux", "_amd64") as a build constraint, so FileName then
// appends "_migration": "Fix test" gives "REVISION_fix_test_migration.go".
// So it does for an empty slug after a revision ID ending in such a
// word ("x_test").
func FileName(revision, message string) string {
	slug := slugify(message)
	if slug == "" {
		if i := strings.LastIndexByte(revision, '_'); i >= 0 && isBuildSuffix(revision[i+1:]) {
			return revision + "_migration.go"
		}
		return revision + ".go"
	}
	name := revision + "_" + slug
	if isBuildSuffix(slug[strings.LastIndexByte(slug, '_')+1:]) {
		name += "_migration"
	}
	return name + ".go"
}

// slugify lower-cases the ASCII letters of s, turns every run of other
// bytes than [a-z0-9] into one "_", trims "_" at both ends and cuts the
// result to maxSlug bytes.
func slugify(s string) string {
	var b strings.Builder
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteByte(c)
			continue
		}
		sep = true
	}
	slug := b.String()
	if len(slug) <= maxSlug {
		return slug
	}
	cut := slug[:maxSlug]
	if slug[maxSlug] != '_' {
		if i := strings.LastIndexByte(cut, '_'); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRight(cut, "_")
}

// isBuildSuffix reports whether the go command reads a file name ending in
// "_" + s as a build constraint: s is "test", or a GOOS or GOARCH value
// from Go's internal/syslist (Go 1.26), including the values it knows but
// cannot build for.
func isBuildSuffix(s string) bool {
	switch s {
	case "test",
		// GOOS
		"aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
		"illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd",
		"plan9", "solaris", "wasip1", "windows", "zos",
		// GOARCH
		"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be",
		"loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
		"mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64",
		"s390", "s390x", "sparc", "sparc64", "wasm":
		return true
	}
	return false
}
