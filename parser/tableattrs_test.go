package parser

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/schemagen/schemagen/schema"
)

// TestLoadTableAttrs loads the directives of table attributes and
// constraint timing: //schemagen:exclude, deferrable, unlogged, with,
// rowsecurity, a check's NO INHERIT, an index's with (...) and the
// package-level //schemagen:schema.
func TestLoadTableAttrs(t *testing.T) {
	t.Parallel()
	s, err := load(t, "testdata/src/tableattrs", "./good")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.SchemaComments, map[string]string{"billing": `Money: "invoices" and rooms.`}; !cmp.Equal(got, want) {
		t.Errorf("SchemaComments = %q, want %q", got, want)
	}
	rooms, ok := s.Table(schema.QualifiedName{Schema: "billing", Name: "rooms"})
	if !ok {
		t.Fatal("no table billing.rooms")
	}
	if u := rooms.Uniques[0]; !u.Deferrable || !u.InitiallyDeferred || !cmp.Equal(u.Options, []string{"deduplicate_items=off", "fillfactor=80"}) {
		t.Errorf("rooms unique = %+v, want deferrable initially deferred, with options", u)
	}
	if u := rooms.Uniques[0]; !cmp.Equal(u.Include, []string{"id", "floor"}) {
		t.Errorf("rooms unique include = %q", u.Include)
	}
	if pk := rooms.PrimaryKey; !cmp.Equal(pk.Options, []string{"fillfactor=90"}) {
		t.Errorf("rooms primary key options = %q", pk.Options)
	}
	b, ok := s.Table(schema.QualifiedName{Schema: "billing", Name: "bookings"})
	if !ok {
		t.Fatal("no table billing.bookings")
	}
	want := []*schema.Exclusion{
		{Name: "bookings_no_overlap", Definition: "USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled)", Deferrable: true, InitiallyDeferred: true},
		{Name: "bookings_id_excl", Definition: "(id WITH =)"},
	}
	if d := cmp.Diff(want, b.Exclusions); d != "" {
		t.Errorf("Exclusions (-want +got):\n%s", d)
	}
	if fk := b.ForeignKeys[0]; !fk.Deferrable || fk.InitiallyDeferred {
		t.Errorf("foreign key = %+v, want deferrable", fk)
	}
	if pk := b.PrimaryKey; !pk.Deferrable || pk.InitiallyDeferred {
		t.Errorf("primary key = %+v, want deferrable", pk)
	}
	wantAttrs := schema.TableAttrs{Unlogged: true, Options: []string{"autovacuum_enabled=false", "fillfactor=70", "toast.autovacuum_enabled=false"}, RowSecurity: true, ForceRowSecurity: true}
	if d := cmp.Diff(wantAttrs, b.Attrs()); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
	if ck := b.Checks[0]; ck.Expr != "room_id > 0" || !ck.NoInherit {
		t.Errorf("check = %+v, want room_id > 0 NO INHERIT", ck)
	}
	if ix := b.Indexes[0]; !cmp.Equal(ix.Options, []string{"buffering=off", "fillfactor=80"}) {
		t.Errorf("index options = %q", ix.Options)
	}
}

// TestLoadTableAttrsErrors checks the mistakes of those directives,
// marked by want comments.
func TestLoadTableAttrsErrors(t *testing.T) {
	t.Parallel()
	const dir = "testdata/src/tableattrs"
	_, err := load(t, dir, "./bad")
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load error = %v (%T), want an ErrorList", err, err)
	}
	for _, p := range checkWants(readWants(t, dir), list) {
		t.Error(p)
	}
}
