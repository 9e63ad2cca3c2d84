package change

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/schema"
)

// TestTableAttrsHostile: the SQL text and storage parameters of the new
// kinds are checked before rendering, and values are quoted as literals,
// so that nothing a migration file holds can end the statement.
func TestTableAttrsHostile(t *testing.T) {
	t.Parallel()
	q := schema.QualifiedName{Schema: "public", Name: `t"; DROP TABLE x; --`}
	refused := []Change{
		AddExclusion{Table: q, Exclusion: &schema.Exclusion{Name: "x", Definition: "USING gist (a WITH &&); DROP TABLE t"}},
		AddExclusion{Table: q, Exclusion: &schema.Exclusion{Name: "x", Definition: "USING gist (a WITH &&)) , DROP COLUMN b --"}},
		AlterTable{Table: q, To: schema.TableAttrs{Options: []string{`fillfactor") ; DROP TABLE t; --=1`}}},
		AlterTable{Table: q, To: schema.TableAttrs{Options: []string{"fillfactor"}}},
		CreateIndex{Table: q, Index: &schema.Index{Name: "i", Columns: []string{"a"}, Options: []string{"Fill=1"}}},
		AddUnique{Table: q, Unique: &schema.Unique{Name: "u", Columns: []string{"a"}, Options: []string{"a b=1"}}},
	}
	for _, c := range refused {
		if _, err := SQL(c); err == nil {
			t.Errorf("SQL(%s) rendered", Describe(c))
		}
		if len(Problems(c)) == 0 {
			t.Errorf("Problems(%s) found none", Describe(c))
		}
	}
	var fe *schema.FragmentError
	if _, err := SQL(refused[0]); !errors.As(err, &fe) {
		t.Errorf("SQL of a bad exclusion: %v, want a *schema.FragmentError", err)
	}
	stmts, err := SQL(AlterTable{Table: q, From: schema.TableAttrs{Options: []string{"fillfactor=70"}},
		To: schema.TableAttrs{Options: []string{`autovacuum_enabled=o'ff"); DROP TABLE t; --`}, Unlogged: true, RowSecurity: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := `ALTER TABLE "public"."t""; DROP TABLE x; --" SET UNLOGGED, RESET ("fillfactor"), SET ("autovacuum_enabled" = 'o''ff"); DROP TABLE t; --'), ENABLE ROW LEVEL SECURITY`
	if len(stmts) != 1 || stmts[0] != want {
		t.Errorf("SQL = %q, want %q", stmts, want)
	}
	if s, _ := SQL(SetSchemaComment{Schema: `s"x`, To: "it's"}); len(s) != 1 || !strings.HasSuffix(s[0], `IS 'it''s'`) {
		t.Errorf("schema comment SQL = %q", s)
	}
}
