package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// importKeysSchema has the keys that the options of fields cannot say:
// a composite primary key of a legacy name in another order than the
// columns, a composite foreign key to it, a foreign key of a legacy name,
// unique constraints in another order than the columns, one of them
// referenced by a foreign key, and a foreign key to a unique index.
const importKeysSchema = `
CREATE SCHEMA erp;
CREATE TABLE erp.orders (
	region integer NOT NULL,
	number bigint NOT NULL,
	ref text NOT NULL,
	placed date,
	CONSTRAINT pk_orders PRIMARY KEY (number, region),
	CONSTRAINT uq_orders_ref UNIQUE (ref, region)
);
CREATE TABLE erp.lines (
	region integer NOT NULL,
	number bigint NOT NULL,
	line smallint NOT NULL,
	sku text,
	qty integer NOT NULL DEFAULT 1,
	CONSTRAINT lines_pkey PRIMARY KEY (region, number, line),
	CONSTRAINT fk_lines_orders FOREIGN KEY (number, region) REFERENCES erp.orders (number, region) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT lines_sku_line_key UNIQUE (sku, line)
);
CREATE TABLE skus (code text NOT NULL);
CREATE UNIQUE INDEX skus_code_idx ON skus (code);
ALTER TABLE erp.lines ADD CONSTRAINT fk_sku FOREIGN KEY (sku) REFERENCES skus (code);
CREATE TABLE erp.refs (
	ref text,
	region integer,
	CONSTRAINT refs_order_fk FOREIGN KEY (region, ref) REFERENCES erp.orders (region, ref) ON UPDATE CASCADE
);
`

// TestImportKeys imports a database whose keys need the key directives
// and proves the result: the models say them, `check` is clean (it type-checks them),
// and the baseline builds the same catalog again.
func TestImportKeys(t *testing.T) {
	m := newTestModule(t)
	db := openURL(t, m.dbURL)
	if _, err := db.Exec(importKeysSchema); err != nil {
		t.Fatal(err)
	}
	m.must(ExitOK, "import")
	src, err := os.ReadFile(filepath.Join(m.dir, "models", "erp_tables.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"//schemagen:primarykey pk_orders (number, region)\n",
		"//schemagen:unique uq_orders_ref (ref, region)\n",
		"//schemagen:foreignkey fk_lines_orders (number, region) references erp.orders (number, region) on delete cascade\n",
		"//schemagen:deferrable fk_lines_orders initially deferred\n",
		"//schemagen:foreignkey fk_sku (sku) references public.skus (code)\n",
		"//schemagen:unique lines_sku_line_key (sku, line)\n",
		"//schemagen:foreignkey refs_order_fk (region, ref) references erp.orders (region, ref) on update cascade\n",
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the models lack %q:\n%s", want, src)
		}
	}
	m.must(ExitOK, "check")
	m.must(ExitOK, "check", "--offline")
	before := inspectJSON(t, m.dbURL)
	m.must(ExitOK, "downgrade", "base")
	assertOnlyVersionTable(t, m.dbURL)
	m.must(ExitOK, "upgrade")
	if diff := cmp.Diff(before, inspectJSON(t, m.dbURL)); diff != "" {
		t.Errorf("the database built by the baseline differs from the one imported (-imported +built):\n%s", diff)
	}
	m.must(ExitOK, "check")
}
