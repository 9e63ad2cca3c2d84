package shadow

import (
	"context"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/internal/pgtest"
	"github.com/schemagen/schemagen/schema"
)

// objectModel is a table with objects of several kinds that depend on
// it and on each other.
func objectModel() *schema.Schema {
	tbl := func(col string) schema.Dependency {
		return schema.Dependency{Kind: schema.KindTable, Schema: "public", Name: "account", Column: col}
	}
	return &schema.Schema{
		Schemas: []string{"reporting"},
		Tables: []*schema.Table{{Schema: "public", Name: "account", Columns: []*schema.Column{
			{Name: "id", Type: "bigint"},
			{Name: "email", Type: "text"},
			{Name: "score", Type: "positive", Nullable: true},
		}, PrimaryKey: &schema.PrimaryKey{Name: "account_pkey", Columns: []string{"id"}}}},
		Objects: []*schema.Object{
			// A view before the function it calls: creation follows
			// the dependencies, not this order.
			{Kind: schema.KindView, Schema: "public", Name: "active", Pos: "models/a.go:3:1",
				Definition: `CREATE VIEW "public"."active" AS SELECT id, email, f(id) AS f FROM account`,
				DependsOn:  []schema.Dependency{tbl(""), tbl("id"), tbl("email"), {Kind: schema.KindFunction, Schema: "public", Name: "f(user bigint)"}},
				Columns:    []string{"id", "email", "f"}},
			// The parser's spelling of the argument ("user" is a
			// keyword, which the server quotes).
			{Kind: schema.KindFunction, Schema: "public", Name: "f(user bigint)",
				Definition: `CREATE FUNCTION f("user" bigint) RETURNS bigint LANGUAGE sql AS 'SELECT (SELECT count(*) FROM account) + "user"'`},
			{Kind: schema.KindDomain, Schema: "public", Name: "positive", Definition: "CREATE DOMAIN positive AS int CHECK (VALUE > 0)"},
			{Kind: schema.KindMaterializedView, Schema: "reporting", Name: "totals", Pos: "models/a.go:9:1",
				Definition: `CREATE MATERIALIZED VIEW "reporting"."totals" AS SELECT count(*) AS n FROM account`,
				DependsOn:  []schema.Dependency{tbl("")}, Columns: []string{"n"}},
			{Kind: schema.KindIndex, Schema: "reporting", Name: "totals_n", Table: "totals",
				Definition: "CREATE UNIQUE INDEX totals_n ON reporting.totals (n)",
				DependsOn:  []schema.Dependency{{Kind: schema.KindMaterializedView, Schema: "reporting", Name: "totals"}}},
			{Kind: schema.KindFunction, Schema: "public", Name: "lower_email()",
				Definition: "CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.email := lower(NEW.email); RETURN NEW; END $$"},
			{Kind: schema.KindTrigger, Schema: "public", Table: "account", Name: "account_lower",
				Definition: "CREATE TRIGGER account_lower BEFORE INSERT ON account FOR EACH ROW EXECUTE FUNCTION lower_email()",
				DependsOn:  []schema.Dependency{tbl(""), {Kind: schema.KindFunction, Schema: "public", Name: "lower_email()"}}},
			{Kind: schema.KindSequence, Schema: "reporting", Name: "ticket", Definition: "CREATE SEQUENCE reporting.ticket START 100"},
		},
	}
}

// TestCanonicalizeObjects: objects are created in a scratch database in
// dependency order, come back in the model's order with the catalog's
// definitions, a function's identity is the server's, and the model is
// left as it was.
func TestCanonicalizeObjects(t *testing.T) {
	t.Parallel()
	_, url := pgtest.DB(t)
	model := objectModel()
	before := model.Clone()
	canon, err := Canonicalize(context.Background(), url, model)
	if err != nil {
		t.Fatal(err)
	}
	if len(canon.Objects) != len(model.Objects) {
		t.Fatalf("canon holds %d objects, want %d", len(canon.Objects), len(model.Objects))
	}
	for i, o := range canon.Objects {
		m := model.Objects[i]
		if o.Kind != m.Kind || o.Schema != m.Schema || o.Table != m.Table {
			t.Errorf("object %d: %s, want %s", i, o.ID(), m.ID())
		}
		if o.Definition == "" || o.Definition == m.Definition {
			t.Errorf("object %d (%s): definition %q, want the catalog's text", i, o.ID(), o.Definition)
		}
	}
	if got := canon.Objects[1].Name; got != `f("user" bigint)` {
		t.Errorf("function's name = %q, want the server's identity", got)
	}
	if m := model.Objects[1].Name; m != before.Objects[1].Name {
		t.Errorf("Canonicalize modified the model: %q", m)
	}
	if _, ok := canon.Table(schema.QualifiedName{Schema: "public", Name: "account"}); !ok {
		t.Errorf("canon lacks the table")
	}
}

// TestCanonicalizeObjectsRefused: a view whose query does not give its
// struct's columns is an error at the struct; a definition that is not
// one CREATE statement of its kind is refused before anything is sent,
// and a sentinel of the target survives.
func TestCanonicalizeObjectsRefused(t *testing.T) {
	t.Parallel()
	db, url := pgtest.DB(t)
	if _, err := db.Exec("CREATE TABLE sentinel (id int)"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM sentinel").Scan(&n); err != nil {
			t.Errorf("the sentinel is gone: %v", err)
		}
	})
	for _, tc := range []struct {
		name string
		edit func(*schema.Schema)
		want string
	}{
		{"view columns", func(s *schema.Schema) { s.Objects[0].Columns = []string{"id", "mail", "f"} },
			"models/a.go:3:1: view public.active: its query's columns are (id, email, f), its struct's (id, mail, f): the query has no column mail; the struct has no field for email"},
		{"second statement", func(s *schema.Schema) {
			s.Objects[2].Definition = "CREATE DOMAIN positive AS int; DROP TABLE sentinel"
		}, "holds a second statement"},
		{"other kind", func(s *schema.Schema) {
			s.Objects[6].Definition = "DROP TABLE sentinel"
		}, "it is no CREATE statement of a trigger"},
		{"dollar quote", func(s *schema.Schema) {
			s.Objects[5].Definition = "CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN END; DROP TABLE sentinel; --"
		}, "unterminated dollar-quoted string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			model := objectModel()
			tc.edit(model)
			_, err := Canonicalize(context.Background(), url, model)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Canonicalize error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
