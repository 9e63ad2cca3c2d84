package migrations

import (
	"context"
	"errors"
	"fmt"

	"github.com/schemagen/schemagen/migrate"
)

// Add NOT NULL columns online
func init() {
	Set.Add(migrate.Migration{
		Revision:     "20260119090000",
		DownRevision: []string{"20260118090000"},
		Message:      "Add NOT NULL columns online",
		Upgrade: func(op *migrate.Op) {
			op.AddColumn("user", migrate.Column{Name: "nickname", Type: "text", Nullable: true})
			// TODO(backfill): write the value of the new column user.nickname for the rows the
			// table holds, as an SQL expression in value below: a constant such as 'none', or an
			// expression of other columns such as lower(name). Until then this step fails and the
			// migration stops here, at a step a rerun resumes from (and reruns: the step fills only
			// the rows still NULL). The step fills 10000 rows a statement, each statement committed
			// on its own (the migration runs with NoTransaction), until no row holds NULL; the
			// check below then proves the column NOT NULL. Rows inserted after this step must have
			// the column set: deploy the application that writes it before running this migration.
			op.RunBatched(func(ctx context.Context, q migrate.Querier) error {
				const value = `` // TODO(backfill): the SQL expression
				if value == `` {
					return errors.New("the backfill of column user.nickname is not written: " +
						"write its value in the TODO(backfill) step of migration 20260119090000")
				}
				// One batch: its rows filled, and how many of them the value leaves NULL.
				const batch = `WITH batch AS (UPDATE "public"."user" SET "nickname" = ` + value +
					` WHERE ctid = ANY (ARRAY(SELECT ctid FROM "public"."user"` +
					` WHERE "nickname" IS NULL LIMIT 10000))` +
					` RETURNING "nickname")` +
					` SELECT count(*), count("nickname") FROM batch`
				for {
					var updated, filled int64
					if err := q.QueryRowContext(ctx, batch).Scan(&updated, &filled); err != nil {
						return fmt.Errorf("backfill user.nickname: %w", err)
					}
					if filled < updated {
						return fmt.Errorf("backfill user.nickname: the value is NULL on %d row(s)",
							updated-filled)
					}
					if updated == 0 {
						return nil
					}
				}
			})
			op.AddCheckNotValid("user", migrate.Check{
				Name: "user_nickname_not_null",
				Expr: `"nickname" IS NOT NULL`,
			})
			op.ValidateConstraint("user", "user_nickname_not_null")
			op.AlterColumn(
				"user",
				migrate.Column{Name: "nickname", Type: "text", Nullable: true},
				migrate.Column{Name: "nickname", Type: "text"},
			)
			op.DropCheck("user", "user_nickname_not_null")
			op.AddColumn("billing.Invoices", migrate.Column{
				Name:     "paid 100%",
				Type:     "boolean",
				Nullable: true,
			})
			// TODO(backfill): write the value of the new column billing.Invoices.paid 100% for the
			// rows the table holds, as an SQL expression in value below: a constant such as 'none',
			// or an expression of other columns such as lower(name). Until then this step fails and
			// the migration stops here, at a step a rerun resumes from (and reruns: the step fills
			// only the rows still NULL). The step fills 10000 rows a statement, each statement
			// committed on its own (the migration runs with NoTransaction), until no row holds
			// NULL; the check below then proves the column NOT NULL. Rows inserted after this step
			// must have the column set: deploy the application that writes it before running this
			// migration.
			op.RunBatched(func(ctx context.Context, q migrate.Querier) error {
				const value = `` // TODO(backfill): the SQL expression
				if value == `` {
					return errors.New("the backfill of column billing.Invoices.paid 100% is not written: " +
						"write its value in the TODO(backfill) step of migration 20260119090000")
				}
				// One batch: its rows filled, and how many of them the value leaves NULL.
				const batch = `WITH batch AS (UPDATE "billing"."Invoices" SET "paid 100%" = ` + value +
					` WHERE ctid = ANY (ARRAY(SELECT ctid FROM "billing"."Invoices"` +
					` WHERE "paid 100%" IS NULL LIMIT 10000))` +
					` RETURNING "paid 100%")` +
					` SELECT count(*), count("paid 100%") FROM batch`
				for {
					var updated, filled int64
					if err := q.QueryRowContext(ctx, batch).Scan(&updated, &filled); err != nil {
						return fmt.Errorf("backfill billing.Invoices.paid 100%%: %w", err)
					}
					if filled < updated {
						return fmt.Errorf("backfill billing.Invoices.paid 100%%: the value is NULL on %d row(s)",
							updated-filled)
					}
					if updated == 0 {
						return nil
					}
				}
			})
			op.AddCheckNotValid("billing.Invoices", migrate.Check{
				Name: "Invoices_paid 100%_not_null",
				Expr: `"paid 100%" IS NOT NULL`,
			})
			op.ValidateConstraint("billing.Invoices", "Invoices_paid 100%_not_null")
			op.AlterColumn(
				"billing.Invoices",
				migrate.Column{Name: "paid 100%", Type: "boolean", Nullable: true},
				migrate.Column{Name: "paid 100%", Type: "boolean"},
			)
			op.DropCheck("billing.Invoices", "Invoices_paid 100%_not_null")
		},
		Downgrade: func(op *migrate.Op) {
			op.DropColumn("billing.Invoices", "paid 100%")
			op.DropColumn("user", "nickname")
		},
		NoTransaction: true,
	})
}
