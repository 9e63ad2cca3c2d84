// Command schemagen generates, applies and checks PostgreSQL migrations
// from Go models. Run `schemagen help` for the commands; the README has the
// full reference.
package main

import (
	"os"

	"github.com/schemagen/schemagen/internal/cli"
)

func main() { os.Exit(cli.Do(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
