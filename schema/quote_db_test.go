package schema_test

import (
	"context"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// hostileValues are values that break out of a literal quoted by doubling
// single quotes alone when standard_conforming_strings is off.
var hostileValues = []string{
	`it\'s; DROP TABLE sentinel; --`,
	`\`,
	`\\'`,
	`'`,
	`\'`,
	`'; DROP TABLE sentinel; --`,
	`a\`,
	`\x41\n`,
	`E'\''`,
	"tab\tline\nend",
	`plain`,
	``,
}

// TestQuoteLiteralRoundTrip checks on a real server that every hostile
// value, quoted by QuoteLiteral, reads back exactly with
// standard_conforming_strings off and on.
func TestQuoteLiteralRoundTrip(t *testing.T) {
	t.Parallel()
	db := pgtest.Server(t)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	defer conn.ExecContext(ctx, "RESET standard_conforming_strings")
	for _, setting := range []string{"off", "on"} {
		if _, err := conn.ExecContext(ctx, "SET standard_conforming_strings = "+setting); err != nil {
			t.Fatal(err)
		}
		for _, v := range hostileValues {
			q := schema.QuoteLiteral(v)
			var same bool
			var got string
			if err := conn.QueryRowContext(ctx, "SELECT "+q+" = $1, "+q, v).Scan(&same, &got); err != nil {
				t.Errorf("standard_conforming_strings %s: SELECT %s: %v", setting, q, err)
				continue
			}
			if !same || got != v {
				t.Errorf("standard_conforming_strings %s: %s reads as %q, want %q", setting, q, got, v)
			}
		}
	}
}
