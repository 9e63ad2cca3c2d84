package parser

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScanSQL(t *testing.T) {
	t.Parallel()
	// Each token as "text" for a good one, "!text" for a bad one and
	// "!!text" for a bad one that swallows the rest.
	for _, tc := range []struct {
		name string
		s    string
		want []string
	}{
		{name: "plain", s: "a, f(1)", want: []string{"a", ",", "f", "(", "1", ")"}},
		{name: "strings and comments", s: `'a,b' $q$x$q$ E'\'' /* /* */ */ "i" -- c`, want: []string{`'a,b'`, "$q$x$q$", `E'\''`, "/* /* */ */", `"i"`, "-- c"}},
		{name: "trailing junk is one bad token", s: "2fa_enabled,unique", want: []string{"!2fa_enabled", ",", "unique"}},
		{name: "junk twice", s: "1st, 2nd", want: []string{"!1st", ",", "!2nd"}},
		{name: "junk after a multibyte character", s: "é 2fa, x", want: []string{"é", "!2fa", ",", "x"}},
		{name: "zero-length quoted identifier", s: `a "" b`, want: []string{"a", `!""`, "b"}},
		{name: "unterminated quote swallows the rest", s: "a, 'b, c", want: []string{"a", ",", "!!'b, c"}},
		{name: "unterminated comment after junk", s: "1x /* y", want: []string{"!1x", "!!/* y"}},
		{name: "NUL byte", s: "a\x00b, 'c", want: []string{"a", "!\x00", "b", ",", "!!'c"}},
		{name: "quote cut by a NUL byte", s: "'a\x00z'", want: []string{"!!'a", "!\x00", "z", "!!'"}},
		{name: "bit string", s: "b'", want: []string{"!!b'"}},
		{name: "empty", s: "", want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			end := 0
			for _, tok := range scanSQL(tc.s) {
				if tok.start < end || tok.end < tok.start || tok.end > len(tc.s) {
					t.Fatalf("scanSQL(%q): token %+v overlaps or leaves the text", tc.s, tok)
				}
				end = tok.end
				text := tc.s[tok.start:tok.end]
				switch {
				case tok.rest:
					text = "!!" + text
				case tok.bad != "":
					text = "!" + text
				}
				got = append(got, text)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("scanSQL(%q) (-want +got):\n%s", tc.s, diff)
			}
		})
	}
}
