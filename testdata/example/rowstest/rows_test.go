package rowstest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"example.com/shop/models"
	"example.com/shop/models/base"
)

// fixture is what both tests write: one row of each model.
type fixture struct {
	customer models.Customer
	product  models.Product
	invoice  models.Invoice
	line     models.InvoiceLine
}

func newFixture() fixture {
	phone := "+33 1 23 45 67 89"
	return fixture{
		customer: models.Customer{Email: "ada@example.com", Name: "Ada", Phone: &phone},
		product:  models.Product{SKU: "SKU-1", Name: "Lamp", Price: 12.5, Tags: []string{"light", "desk"}},
		invoice:  models.Invoice{Number: "INV-1", Total: 25, Status: "open"},
		line:     models.InvoiceLine{LineNo: 1, Quantity: 2, UnitPrice: 12.5},
	}
}

// timeEqual compares times by instant, as read back from timestamptz.
var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// checkBase checks that the database filled in the embedded base.Base.
func checkBase(t *testing.T, what string, b base.Base) {
	t.Helper()
	if b.ID == 0 || b.CreatedAt.IsZero() || time.Since(b.CreatedAt) > time.Hour {
		t.Errorf("%s: base.Base not read back: %+v", what, b)
	}
}

// TestSQLX writes and reads the example's models through sqlx: its
// mapper reads the db tag's name (before the first comma), flattens the
// embedded base.Base and leaves out db:"-". A []string column (Product.Tags,
// a text[]) cannot be scanned by database/sql: it goes through pq.Array.
func TestSQLX(t *testing.T) {
	if testing.Short() {
		t.Skip("builds schemagen and migrates a database")
	}
	ctx := context.Background()
	db, err := sqlx.Open("postgres", migratedDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f := newFixture()

	insert := func(query string, arg any, id *int64) {
		t.Helper()
		rows, err := db.NamedQueryContext(ctx, query, arg)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		if rows.Next() {
			if err := rows.Scan(id); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	insert(`INSERT INTO customers (email, name, phone) VALUES (:email, :name, :phone) RETURNING id`, f.customer, &f.customer.ID)
	if err := db.QueryRowxContext(ctx, `INSERT INTO products (sku, name, price, tags) VALUES ($1, $2, $3, $4) RETURNING id`,
		f.product.SKU, f.product.Name, f.product.Price, pq.Array(f.product.Tags)).Scan(&f.product.ID); err != nil {
		t.Fatal(err)
	}
	f.invoice.CustomerID = f.customer.ID
	insert(`INSERT INTO billing.invoices (number, customer_id, total, status) VALUES (:number, :customer_id, :total, :status) RETURNING id`, f.invoice, &f.invoice.ID)
	f.line.InvoiceID, f.line.ProductID = f.invoice.ID, f.product.ID
	if _, err := db.NamedExecContext(ctx, `INSERT INTO billing.invoice_lines (invoice_id, line_no, product_id, quantity, unit_price)
		VALUES (:invoice_id, :line_no, :product_id, :quantity, :unit_price)`, f.line); err != nil {
		t.Fatal(err)
	}

	var c models.Customer
	if err := db.GetContext(ctx, &c, `SELECT * FROM customers WHERE id = $1`, f.customer.ID); err != nil {
		t.Fatal(err)
	}
	checkBase(t, "customer", c.Base)
	f.customer.Base = c.Base
	if diff := cmp.Diff(f.customer, c, timeEqual); diff != "" {
		t.Errorf("customer (-written +read):\n%s", diff)
	}

	var p models.Product
	if err := db.QueryRowxContext(ctx, `SELECT id, created_at, sku, name, price, tags, archived FROM products WHERE id = $1`, f.product.ID).
		Scan(&p.ID, &p.CreatedAt, &p.SKU, &p.Name, &p.Price, pq.Array(&p.Tags), &p.Archived); err != nil {
		t.Fatal(err)
	}
	var noTags models.Product
	if err := db.GetContext(ctx, &noTags, `SELECT id, created_at, sku, name, price, archived FROM products WHERE id = $1`, f.product.ID); err != nil {
		t.Fatalf("sqlx.Get of a Product without its text[] column: %v", err)
	}
	checkBase(t, "product", p.Base)
	f.product.Base = p.Base
	if diff := cmp.Diff(f.product, p, timeEqual); diff != "" {
		t.Errorf("product (-written +read):\n%s", diff)
	}
	noTags.Tags = p.Tags
	if diff := cmp.Diff(p, noTags, timeEqual); diff != "" {
		t.Errorf("product read by sqlx.Get (-scanned +got):\n%s", diff)
	}

	var invoices []models.Invoice
	if err := db.SelectContext(ctx, &invoices, `SELECT * FROM billing.invoices`); err != nil {
		t.Fatal(err)
	}
	if len(invoices) != 1 {
		t.Fatalf("%d invoices, want 1", len(invoices))
	}
	checkBase(t, "invoice", invoices[0].Base)
	f.invoice.Base = invoices[0].Base
	if diff := cmp.Diff(f.invoice, invoices[0], timeEqual); diff != "" {
		t.Errorf("invoice (-written +read):\n%s", diff)
	}

	var l models.InvoiceLine
	if err := db.GetContext(ctx, &l, `SELECT * FROM billing.invoice_lines`); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f.line, l); diff != "" {
		t.Errorf("invoice line (-written +read):\n%s", diff)
	}

	// Defaults the models declare are the database's: a customer with no
	// phone reads back nil, an invoice with no status reads back "open".
	var id int64
	if err := db.QueryRowxContext(ctx, `INSERT INTO billing.invoices (number, customer_id) VALUES ('INV-2', $1) RETURNING id`, f.customer.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	var inv models.Invoice
	if err := db.GetContext(ctx, &inv, `SELECT * FROM billing.invoices WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if inv.Status != "open" || inv.Total != 0 {
		t.Errorf("defaults read back as status %q, total %v", inv.Status, inv.Total)
	}
}

// TestPGX writes and reads the example's models through pgx v5:
// pgx.RowToStructByName reads the db tag's name, flattens base.Base and
// leaves out db:"-"; text[] reads into []string directly.
func TestPGX(t *testing.T) {
	if testing.Short() {
		t.Skip("builds schemagen and migrates a database")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, migratedDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	f := newFixture()

	scanID := func(query string, args pgx.NamedArgs, id *int64) {
		t.Helper()
		if err := conn.QueryRow(ctx, query, args).Scan(id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	c := f.customer
	scanID(`INSERT INTO customers (email, name, phone) VALUES (@email, @name, @phone) RETURNING id`,
		pgx.NamedArgs{"email": c.Email, "name": c.Name, "phone": c.Phone}, &f.customer.ID)
	p := f.product
	scanID(`INSERT INTO products (sku, name, price, tags) VALUES (@sku, @name, @price, @tags) RETURNING id`,
		pgx.NamedArgs{"sku": p.SKU, "name": p.Name, "price": p.Price, "tags": p.Tags}, &f.product.ID)
	f.invoice.CustomerID = f.customer.ID
	i := f.invoice
	scanID(`INSERT INTO billing.invoices (number, customer_id, total, status) VALUES (@number, @customer_id, @total, @status) RETURNING id`,
		pgx.NamedArgs{"number": i.Number, "customer_id": i.CustomerID, "total": i.Total, "status": i.Status}, &f.invoice.ID)
	f.line.InvoiceID, f.line.ProductID = f.invoice.ID, f.product.ID
	l := f.line
	if _, err := conn.Exec(ctx, `INSERT INTO billing.invoice_lines (invoice_id, line_no, product_id, quantity, unit_price) VALUES (@invoice_id, @line_no, @product_id, @quantity, @unit_price)`,
		pgx.NamedArgs{"invoice_id": l.InvoiceID, "line_no": l.LineNo, "product_id": l.ProductID, "quantity": l.Quantity, "unit_price": l.UnitPrice}); err != nil {
		t.Fatal(err)
	}

	customers := collect[models.Customer](t, conn, `SELECT * FROM customers`)
	products := collect[models.Product](t, conn, `SELECT * FROM products`)
	invoices := collect[models.Invoice](t, conn, `SELECT * FROM billing.invoices`)
	lines := collect[models.InvoiceLine](t, conn, `SELECT * FROM billing.invoice_lines`)
	if len(customers) != 1 || len(products) != 1 || len(invoices) != 1 || len(lines) != 1 {
		t.Fatalf("read %d customers, %d products, %d invoices, %d lines; want one each", len(customers), len(products), len(invoices), len(lines))
	}
	checkBase(t, "customer", customers[0].Base)
	checkBase(t, "product", products[0].Base)
	checkBase(t, "invoice", invoices[0].Base)
	f.customer.Base, f.product.Base, f.invoice.Base = customers[0].Base, products[0].Base, invoices[0].Base
	for _, d := range []struct {
		what      string
		want, got any
	}{
		{"customer", f.customer, customers[0]},
		{"product", f.product, products[0]},
		{"invoice", f.invoice, invoices[0]},
		{"invoice line", f.line, lines[0]},
	} {
		if diff := cmp.Diff(d.want, d.got, timeEqual); diff != "" {
			t.Errorf("%s (-written +read):\n%s", d.what, diff)
		}
	}
}

// collect reads every row of query into T with pgx.RowToStructByName.
func collect[T any](t *testing.T, conn *pgx.Conn, query string) []T {
	t.Helper()
	rows, err := conn.Query(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[T])
	if err != nil {
		t.Fatalf("%s: pgx.RowToStructByName: %v", query, err)
	}
	return out
}
