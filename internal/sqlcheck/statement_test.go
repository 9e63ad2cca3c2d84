package sqlcheck

import (
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// TestStatementFragments: an object's definition is one CREATE statement
// of a kind schemagen manages by its definition, by PostgreSQL's grammar.
func TestStatementFragments(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		ok   bool
	}{
		{"CREATE VIEW v AS SELECT 1", true},
		{"CREATE MATERIALIZED VIEW m AS SELECT 1", true},
		{"CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END", true},
		{"CREATE COLLATION c (provider = icu, locale = 'und')", true},
		{"CREATE TABLE t AS SELECT 1", false},
		{"CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int)", false},
		{"CREATE VIEW v AS SELECT 1; DROP TABLE t", false},
		{"DROP TABLE t", false},
	} {
		err := Fragment(schema.Fragment{Kind: schema.FragmentStatement, Text: tc.text})
		if (err == nil) != tc.ok {
			t.Errorf("%q: %v, want ok %v", tc.text, err, tc.ok)
		}
	}
	for _, tc := range []struct {
		text string
		ok   bool
	}{
		{"a integer, b text", true},
		{"IN x numeric", true},
		{"a integer), g(b int", false},
		{"a int); DROP TABLE t; SELECT (1", false},
	} {
		err := Fragment(schema.Fragment{Kind: schema.FragmentArguments, Text: tc.text})
		if (err == nil) != tc.ok {
			t.Errorf("arguments %q: %v, want ok %v", tc.text, err, tc.ok)
		}
	}
}
