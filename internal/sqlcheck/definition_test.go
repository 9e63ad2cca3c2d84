package sqlcheck

import (
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

func TestDefinition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		kind    schema.ObjectKind
		def     string
		wantErr string // a part of the error; "" for none
	}{
		{name: "view", kind: schema.KindView, def: "CREATE VIEW v AS SELECT 1"},
		{name: "function", kind: schema.KindFunction, def: "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"},
		{name: "second statement", kind: schema.KindView, def: "CREATE VIEW v AS SELECT 1; DROP TABLE t", wantErr: "it holds a second statement"},
		{name: "empty", kind: schema.KindView, def: "", wantErr: "it is empty"},
		{name: "other kind", kind: schema.KindView, def: "CREATE INDEX i ON t (a)", wantErr: "it creates an index, not a view"},
		{name: "no create", kind: schema.KindView, def: "SELECT 1", wantErr: "it is no CREATE statement of a view"},
		// A kind left empty (a hand-written object) is refused, not a
		// panic.
		{name: "no kind", kind: "", def: "CREATE VIEW v AS SELECT 1", wantErr: "it creates a view, not an object of no kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Definition(tc.kind, tc.def)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Definition: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("Definition error = %v, want one holding %q", err, tc.wantErr)
			}
		})
	}
}
