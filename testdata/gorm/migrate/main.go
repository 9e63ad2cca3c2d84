// Command migrate runs GORM's AutoMigrate with every model of package
// models (or, with -naming, of package naming, with its NamingStrategy)
// against the database that DATABASE_URL names.
package main

import (
	"flag"
	"fmt"
	"os"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"github.com/schemagen/schemagen/testdata/gorm/models"
	"github.com/schemagen/schemagen/testdata/gorm/naming"
)

func main() {
	useNaming := flag.Bool("naming", false, "migrate package naming, with singular table names and the prefix app_")
	flag.Parse()
	cfg := &gorm.Config{Logger: logger.Default.LogMode(logger.Warn)}
	all := models.All()
	if *useNaming {
		cfg.NamingStrategy = schema.NamingStrategy{SingularTable: true, TablePrefix: "app_"}
		all = naming.All()
	}
	db, err := gorm.Open(postgres.Open(os.Getenv("DATABASE_URL")), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
	if *useNaming {
		// GORM creates no schemas.
		if err := db.Exec("CREATE SCHEMA old").Error; err != nil {
			fmt.Fprintln(os.Stderr, "migrate:", err)
			os.Exit(1)
		}
	}
	if err := db.AutoMigrate(all...); err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		os.Exit(1)
	}
}
