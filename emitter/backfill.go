package emitter

import (
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/change"
	"github.com/schemagen/schemagen/schema"
)

// backfillBatch is how many rows one statement of a backfill stub fills.
const backfillBatch = 10000

// backfillImports are the packages that a backfill stub uses besides
// migrate.
var backfillImports = []string{"context", "errors", "fmt"}

// hasBackfill reports whether changes hold a Go step still to be written
// (see [change.Backfill]).
func hasBackfill(changes []change.Change) bool {
	for _, c := range changes {
		if rg, ok := c.(change.RunGo); ok && rg.Backfill != nil {
			return true
		}
	}
	return false
}

// backfillStub returns the lines, to be indented as a statement of an
// Upgrade function (indent tabs), of the Go step
// that fills column bf.Column of table bf.Table on the rows that hold
// NULL, which its author finishes by writing the value: a TODO comment
// and op.RunBatched with a loop of batched UPDATEs, each its own statement and,
// outside a transaction, its own commit. Until the value is written the
// step fails, naming the column and the migration; a value that gives
// NULL fails too, rather than loop for ever. rev is the migration's
// revision.
func backfillStub(bf *change.Backfill, rev string, indent int) []string {
	name := bf.Table.String() + "." + bf.Column
	table, col := schema.QuoteQualified(bf.Table), schema.QuoteIdent(bf.Column)
	n := strconv.Itoa(backfillBatch)
	var lines []string
	lines = append(lines, comment("TODO(backfill): write the value of the new column "+name+
		" for the rows the table holds, as an SQL expression in value below: a constant such as 'none',"+
		" or an expression of other columns such as lower(name). Until then this step fails and the migration"+
		" stops here, at a step a rerun resumes from (and reruns: the step fills only the rows still NULL). The step fills "+n+" rows a statement, each statement"+
		" committed on its own (the migration runs with NoTransaction), until no row holds NULL; the check"+
		" below then proves the column NOT NULL. Rows inserted after this step must have the column set:"+
		" deploy the application that writes it before running this migration.", indent)...)
	fmtName := strings.ReplaceAll(name, "%", "%%")
	body := []string{
		"op.RunBatched(func(ctx context.Context, q migrate.Querier) error {",
		"\tconst value = `` // TODO(backfill): the SQL expression",
		"\tif value == `` {",
		"\t\treturn errors.New(" + strconv.Quote("the backfill of column "+name+" is not written: ") + " +",
		"\t\t\t" + strconv.Quote("write its value in the TODO(backfill) step of migration "+rev) + ")",
		"\t}",
		"\t// One batch: its rows filled, and how many of them the value leaves NULL.",
		"\tconst batch = " + sqlLit("WITH batch AS (UPDATE "+table+" SET "+col+" = ") + " + value +",
		"\t\t" + sqlLit(" WHERE ctid = ANY (ARRAY(SELECT ctid FROM "+table) + " +",
		"\t\t" + sqlLit(" WHERE "+col+" IS NULL LIMIT "+n+"))") + " +",
		"\t\t" + sqlLit(" RETURNING "+col+")") + " +",
		"\t\t" + sqlLit(" SELECT count(*), count("+col+") FROM batch"),
		"\tfor {",
		"\t\tvar updated, filled int64",
		"\t\tif err := q.QueryRowContext(ctx, batch).Scan(&updated, &filled); err != nil {",
		"\t\t\treturn fmt.Errorf(" + strconv.Quote("backfill "+fmtName+": %w") + ", err)",
		"\t\t}",
		"\t\tif filled < updated {",
		"\t\t\treturn fmt.Errorf(" + strconv.Quote("backfill "+fmtName+": the value is NULL on %d row(s)") + ",",
		"\t\t\t\tupdated-filled)",
		"\t\t}",
		"\t\tif updated == 0 {",
		"\t\t\treturn nil",
		"\t\t}",
		"\t}",
		"})",
	}
	return append(lines, body...)
}
