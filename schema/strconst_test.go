package schema_test

import (
	"context"
	"slices"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// stringConstantCases are SQL texts with the values of their string
// constants; single marks a text that is one constant, which
// TestStringConstantsAgreeWithPostgreSQL reads on a server too.
var stringConstantCases = []struct {
	name         string
	text         string
	want         []string
	wantComplete bool
	single       bool
}{
	{name: "none", text: `c1 IS NOT NULL AND "v2" > 1`, wantComplete: true},
	{name: "plain", text: `'v2'`, want: []string{"v2"}, wantComplete: true, single: true},
	{name: "cast and list", text: `c1 IN ('v1'::e1, 'v2')`, want: []string{"v1", "v2"}, wantComplete: true},
	{name: "doubled quote", text: `'it''s'`, want: []string{"it's"}, wantComplete: true, single: true},
	{name: "backslash is a character", text: `'a\b'`, want: []string{`a\b`}, wantComplete: true, single: true},
	{name: "continued", text: "'v' -- c'\n'2'", want: []string{"v2"}, wantComplete: true, single: true},
	{name: "escapes", text: `E'v\x32\n\101\'\\\q'`, want: []string{"v2\nA'\\q"}, wantComplete: true, single: true},
	{name: "unicode escape in E", text: `e'\u00e9\U0001F600'`, want: []string{"é😀"}, wantComplete: true, single: true},
	{name: "surrogate pair in E", text: `E'\ud83d\ude00'`, want: []string{"😀"}, wantComplete: true, single: true},
	{name: "U&", text: `U&'v\0032 \\ \+01F600'`, want: []string{`v2 \ 😀`}, wantComplete: true, single: true},
	{name: "U& with UESCAPE", text: `U&'v!0032' UESCAPE '!'`, want: []string{"!"}, wantComplete: false},
	{name: "dollar-quoted", text: `$x$v2$x$`, want: []string{"v2"}, wantComplete: true, single: true},
	{name: "DO block", text: `DO $$BEGIN UPDATE t SET c = 'v2'; END$$`, want: []string{"BEGIN UPDATE t SET c = 'v2'; END", "v2"}, wantComplete: true},
	{name: "bit strings", text: `B'101' | X'1F'`, wantComplete: true},
	{name: "quoted identifier", text: `"v2" <> 'v3'`, want: []string{"v3"}, wantComplete: true},
	{name: "comment", text: "/* 'v2' */ 1 -- 'v3'\n", wantComplete: true},
	{name: "not closed", text: `'v1' || 'v2`, want: []string{"v1"}, wantComplete: false},
}

func TestStringConstants(t *testing.T) {
	t.Parallel()
	for _, tc := range stringConstantCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, complete := schema.StringConstants(tc.text)
			if !slices.Equal(got, tc.want) || complete != tc.wantComplete {
				t.Errorf("StringConstants(%q) = %q, %v; want %q, %v", tc.text, got, complete, tc.want, tc.wantComplete)
			}
		})
	}
}

// TestStringConstantsAgreeWithPostgreSQL reads each text that is one
// constant on a server, with standard_conforming_strings on, and checks
// that StringConstants reads the same value.
func TestStringConstantsAgreeWithPostgreSQL(t *testing.T) {
	t.Parallel()
	db := pgtest.Server(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET standard_conforming_strings = on"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "RESET standard_conforming_strings") //nolint:errcheck // the connection goes back to the pool
	for _, tc := range stringConstantCases {
		if !tc.single {
			continue
		}
		var v string
		if err := conn.QueryRowContext(ctx, "SELECT "+tc.text+"::text").Scan(&v); err != nil {
			t.Errorf("%s: SELECT %s: %v", tc.name, tc.text, err)
			continue
		}
		if got, _ := schema.StringConstants(tc.text); len(got) != 1 || got[0] != v {
			t.Errorf("%s: StringConstants(%q) = %q, PostgreSQL reads %q", tc.name, tc.text, got, v)
		}
	}
}
