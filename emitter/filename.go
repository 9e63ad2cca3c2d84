package emitter

import "strings"

// maxSlug is the longest slug, in bytes, that FileName puts in a name.
const maxSlug = 40

// FileName returns the name of the file of a migration:
// "REVISION_slug.go" (REVISION such as 20261206153012_kfxd, see package
// internal/revid, or an older ID, the timestamp alone), where the slug is the message in lower case with
// every run of characters other than a-z and 0-9 replaced by "_" and
// trimmed of "_". A slug longer than 40 bytes is cut between words, at the
// end of a phrase when one fits ("create table users and create table
// labels" gives "create_table_users"), never after a dangling "and", "or",
// "to"... (see [cut]). An empty slug gives "REVISION.go".
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
// bytes than [a-z0-9] into one "_" and trims "_" at both ends. A result
// longer than maxSlug bytes is cut where the message reads best ([cut]).
func slugify(s string) string {
	var words []slugWord
	phraseEnd := false
	for _, field := range strings.Fields(s) {
		w := slugPart(field)
		if w == "" {
			// Punctuation alone ("-", "--") separates phrases.
			phraseEnd = true
			continue
		}
		words = append(words, slugWord{
			slug:        w,
			startPhrase: phraseEnd || connectors[w],
		})
		phraseEnd = strings.ContainsAny(field[len(field)-1:], ",;:.")
	}
	var parts []string
	for _, w := range words {
		parts = append(parts, w.slug)
	}
	if slug := strings.Join(parts, "_"); len(slug) <= maxSlug {
		return slug
	}
	return cut(words)
}

// slugWord is a word of a message (its run between white space) as it
// appears in a slug, and whether a phrase starts with it.
type slugWord struct {
	slug        string
	startPhrase bool
}

// connectors are the words that start a phrase of a message ("create
// table a and create table b", "merge A and B"), and with the next ones
// in fillers the words a cut slug may not end on.
var connectors = map[string]bool{"and": true, "or": true}

// fillers are the words other than connectors that a cut slug may not end
// on: they announce a word the cut left out ("add column x to").
var fillers = map[string]bool{"a": true, "an": true, "the": true, "to": true, "of": true, "for": true, "in": true, "on": true, "into": true, "from": true, "with": true, "by": true, "as": true, "at": true}

// cut returns a slug of at most maxSlug bytes from words, which joined
// are longer: the most whole phrases that fit (each phrase starts with a
// connector word or follows punctuation, such as ", " and " and " in
// change.Summary's "create table users, add users.email and drop table
// x"), else the most whole words of the first phrase that fit, else the
// first word cut at a "_" (or at maxSlug bytes when it has none in
// reach); never ending on a connector or filler word unless nothing else
// is left.
func cut(words []slugWord) string {
	fits := func(n int) bool { return len(joinWords(words[:n])) <= maxSlug }
	best := 0
	for n := 1; n <= len(words) && fits(n); n++ {
		if n == len(words) || words[n].startPhrase {
			best = n
		}
	}
	if best == 0 {
		for n := 1; n <= len(words) && fits(n); n++ {
			best = n
		}
	}
	if best > 0 {
		return joinWords(words[:trimDangling(words[:best])])
	}
	// The first word alone is too long: cut it at a "_".
	w := words[0].slug
	cutAt := w[:maxSlug]
	if w[maxSlug] != '_' {
		if i := strings.LastIndexByte(cutAt, '_'); i > 0 {
			cutAt = cutAt[:i]
		}
	}
	pieces := strings.Split(strings.TrimRight(cutAt, "_"), "_")
	for len(pieces) > 1 && (connectors[pieces[len(pieces)-1]] || fillers[pieces[len(pieces)-1]]) {
		pieces = pieces[:len(pieces)-1]
	}
	return strings.Join(pieces, "_")
}

// trimDangling returns how many of words to keep so that the last is no
// connector or filler word, keeping one word at least.
func trimDangling(words []slugWord) int {
	n := len(words)
	for n > 1 && (connectors[words[n-1].slug] || fillers[words[n-1].slug]) {
		n--
	}
	return n
}

// joinWords joins the slugs of words with "_".
func joinWords(words []slugWord) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = w.slug
	}
	return strings.Join(parts, "_")
}

// slugPart lower-cases the ASCII letters of s, turns every run of other
// bytes than [a-z0-9] into one "_" and trims "_" at both ends.
func slugPart(s string) string {
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
	return b.String()
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
