// Command migrate creates the tables of package models with bun's CREATE
// TABLE (with foreign keys) in the database that DATABASE_URL names.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, as "pgx"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/schemagen/schemagen/testdata/bun/models"
)

func main() {
	ctx := context.Background()
	sqldb, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
	db := bun.NewDB(sqldb, pgdialect.New())
	defer db.Close()
	db.RegisterModel((*models.UserGroup)(nil))
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA config"); err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
	for _, m := range models.All() {
		if _, err := db.NewCreateTable().Model(m).WithForeignKeys().Exec(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "migrate:", err)
			os.Exit(1)
		}
	}
}
