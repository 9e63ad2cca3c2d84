package sqlcheck

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

func TestRenameColumns(t *testing.T) {
	t.Parallel()
	colour := map[string]string{"color": "colour"}
	tests := []struct {
		name    string
		kind    schema.FragmentKind
		in      string
		renames map[string]string
		want    string
		wantErr string
	}{
		{name: "reference", kind: schema.FragmentExpr, in: "color ~ '^#'::text", renames: colour, want: "colour ~ '^#'::text"},
		{name: "every reference, case folded", kind: schema.FragmentExpr, in: "color <> '' AND (COLOR IS NOT NULL OR \"color\" = 'x')", renames: colour,
			want: "colour <> '' AND (colour IS NOT NULL OR colour = 'x')"},
		{name: "strings, functions, types, qualified names, other columns and quoted names left alone", kind: schema.FragmentExpr,
			in: `color(colors) AND x.color > 0 AND 'color' <> colors AND NULL::color IS NULL AND "Color" > 0`, renames: colour,
			want: `color(colors) AND x.color > 0 AND 'color' <> colors AND NULL::color IS NULL AND "Color" > 0`},
		{name: "comments and spacing kept", kind: schema.FragmentExpr, in: "color   /* color */ <> -- color\n ''", renames: colour,
			want: "colour   /* color */ <> -- color\n ''"},
		{name: "renames at once: a swap", kind: schema.FragmentExpr, in: "a < b", renames: map[string]string{"a": "b", "b": "a"}, want: "b < a"},
		{name: "new name quoted as quote_ident does", kind: schema.FragmentExpr, in: "color > 0 AND x > 0",
			renames: map[string]string{"color": "Colour", "x": "select"}, want: `"Colour" > 0 AND "select" > 0`},
		{name: "unreserved key word written bare", kind: schema.FragmentExpr, in: "color > 0", renames: map[string]string{"color": "name"}, want: "name > 0"},
		{name: "quote in a name", kind: schema.FragmentExpr, in: `"we""ird" > 0`, renames: map[string]string{`we"ird`: `it's "x"`}, want: `"it's ""x""" > 0`},
		{name: "unicode escape", kind: schema.FragmentExpr, in: `U&"c\006Flor" > 0`, renames: colour, want: `colour > 0`},
		{name: "bare index key with operator class and order", kind: schema.FragmentIndexKey, in: "color text_pattern_ops DESC NULLS LAST", renames: colour,
			want: "colour text_pattern_ops DESC NULLS LAST"},
		{name: "expression index key", kind: schema.FragmentIndexKey, in: "lower(color)", renames: colour, want: "lower(colour)"},
		{name: "parenthesized index key", kind: schema.FragmentIndexKey, in: "(color)", renames: colour, want: "(colour)"},
		{name: "other index key", kind: schema.FragmentIndexKey, in: "colors", renames: colour, want: "colors"},
		{name: "no mention: unchanged, not parsed", kind: schema.FragmentExpr, in: "x >", renames: colour, want: "x >"},
		{name: "a mention that does not parse", kind: schema.FragmentExpr, in: "color >", renames: colour, wantErr: "syntax error"},
		{name: "a type names no column", kind: schema.FragmentType, in: "color", renames: colour, wantErr: "only expressions, index keys, exclusion constraints and partition keys"},
		{name: "partition key columns and expressions", kind: schema.FragmentPartitionKey, in: `RANGE (color, lower(color), colors, "color" text_pattern_ops)`, renames: colour,
			want: `RANGE (colour, lower(colour), colors, colour text_pattern_ops)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := RenameColumns(tc.kind, tc.in, tc.renames)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("RenameColumns = %q, %v; want an error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("RenameColumns(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPartitionFragments: PostgreSQL's grammar takes a partition key and
// a bound exactly, and refuses more.
func TestPartitionFragments(t *testing.T) {
	t.Parallel()
	var c Checker
	for _, tc := range []struct {
		kind schema.FragmentKind
		text string
		ok   bool
	}{
		{schema.FragmentPartitionKey, "RANGE (created_at)", true},
		{schema.FragmentPartitionKey, "LIST (lower(code) COLLATE \"C\")", true},
		{schema.FragmentPartitionKey, "HASH ((SELECT 1))", false},
		{schema.FragmentPartitionKey, "RANGE (a) USING heap", false},
		{schema.FragmentPartitionKey, "SIDEWAYS (a)", false},
		{schema.FragmentPartitionBound, "DEFAULT", true},
		{schema.FragmentPartitionBound, "FOR VALUES FROM (MINVALUE) TO ('2024-01-01')", true},
		{schema.FragmentPartitionBound, "FOR VALUES IN ((SELECT 1))", false},
		{schema.FragmentPartitionBound, "FOR VALUES IN ($1)", false},
		{schema.FragmentPartitionBound, "FOR VALUES IN (1) PARTITION BY RANGE (a)", false},
	} {
		err := c.Fragment(schema.Fragment{Kind: tc.kind, Where: "w", Text: tc.text})
		if (err == nil) != tc.ok {
			t.Errorf("Fragment(%s %q) = %v, want ok %v", tc.kind, tc.text, err, tc.ok)
		}
	}
}
