# schemagen's Makefile.
#
# Development: test, corpus-dump, bench, bench-huge, bench-go, build, demo, start-db, stop-db.
# Migrations: the db-* targets run schemagen in the module MODULE (by default
# the example module testdata/example) against the database DEMO_DB on the
# server that DATABASE_URL names. A project that uses schemagen copies these
# targets into its own Makefile with MODULE := . and SCHEMAGEN := schemagen.
#
# `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

GO ?= go
export GOFLAGS

# The schemagen binary the db-* targets run (built by `make build`).
SCHEMAGEN ?= $(CURDIR)/bin/schemagen
# The Go module whose models and migrations the db-* targets use.
MODULE ?= testdata/example
# The database the db-* targets act on, on the server DATABASE_URL names.
DEMO_DB ?= schemagen_demo
# The message of db-migrate-create.
MIGRATE_MSG ?=
export MIGRATE_MSG
# The server; as in scripts/start-db.sh and internal/pgtest.
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
export DATABASE_URL DEMO_DB
# The db-* targets use DATABASE_URL with its database name replaced by
# DEMO_DB, or DB_URL as it is when set (make db-migrate DB_URL="$$DATABASE_URL").
# Connection strings reach the commands through the environment only, never
# through a recipe's text, so that make never echoes a password: `make -n`
# shows "$$DB_URL", not its value.
export DB_URL

# db-env sets DATABASE_URL, in a recipe's shell, to the database the db-*
# targets use.
db-env = . '$(CURDIR)/scripts/dbenv.sh' && export DATABASE_URL="$${DB_URL:-$$(dbenv_url_with_db "$$DEMO_DB")}"

# run-schemagen runs schemagen with the given arguments in MODULE against
# that database.
run-schemagen = $(db-env) && cd '$(MODULE)' && '$(SCHEMAGEN)'

.PHONY: help test corpus-dump bench bench-huge bench-go build demo init-db start-db stop-db db-recreate \
	db-migrate-init db-migrate db-migrate-down db-migrate-down-all db-migrate-create \
	db-migrate-history db-migrate-heads db-migrate-merge-heads db-check-migrations \
	db-check-offline db-check-shadow

help: ## list the targets
	@echo 'usage: make TARGET [VAR=value ...]'
	@echo
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-zA-Z_-]+):.*## (.*)/\1|\2/' | \
		awk -F'|' '{printf "  %-26s %s\n", $$1, $$2}'
	@echo
	@echo 'variables: MODULE=$(MODULE) DEMO_DB=$(DEMO_DB) MIGRATE_MSG="..." GOFLAGS=...'
	@echo '           DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)'

test: ## go vet, the exhaustiveness check of change.Change switches, then all tests (GOFLAGS is honoured)
	$(GO) vet ./...
	$(GO) tool go-check-sumtype ./...
	SCHEMAGEN_CORPUS=sample $(GO) test -count=1 ./...

corpus-dump: ## the corpus again with pg_dump --schema-only of both sides as a third judge (slower; .ci/run runs it after test)
	$(GO) test -count=1 -run '^TestCorpus$$' ./differ -corpus.dump

bench: start-db ## the benchmark suite side by side with Alembic: writes bench/RESULTS.md (about 6 min)
	scripts/bench-deps.sh
	$(GO) run ./bench/cmd/schemabench -o bench/RESULTS.md

bench-huge: start-db ## the long test of huge schemas: 5,000 tables through revision, upgrade, check, downgrade base (about 2 min)
	SCHEMAGEN_HUGE=5000 $(GO) test -count=1 -run '^TestHugeSchema$$' -v -timeout 30m ./internal/cli

bench-go: ## the Go benchmarks (go test -bench)
	$(GO) test -run '^$$' -bench . -benchmem ./...

build: ## build bin/schemagen
	$(GO) build -o bin/schemagen ./cmd/schemagen

demo: ## walk through init, revision, upgrade, check, downgrade on the example module
	scripts/demo.sh

init-db: start-db ## same as start-db
start-db: ## start PostgreSQL unless one answers at DATABASE_URL
	scripts/start-db.sh

stop-db: ## stop the PostgreSQL that start-db started
	scripts/stop-db.sh

db-recreate: ## drop and create the database DEMO_DB (needs psql)
	@. '$(CURDIR)/scripts/dbenv.sh' && maint=$$(dbenv_url_with_db postgres) && \
		printf '%s\n' 'SET client_min_messages = warning;' 'DROP DATABASE IF EXISTS :"db" WITH (FORCE);' 'CREATE DATABASE :"db";' | \
		psql "$$maint" -X -q -v ON_ERROR_STOP=1 -v db="$$DEMO_DB" -f -
	@echo 'database $(DEMO_DB) recreated'

db-migrate-init: build ## create the migrations folder and schemagen.toml of MODULE (schemagen init)
	$(run-schemagen) init

db-migrate: build ## upgrade the database to head
	$(run-schemagen) upgrade head

db-migrate-down: build ## downgrade the database by one revision
	$(run-schemagen) downgrade -1

db-migrate-down-all: build ## downgrade the database to base (empty)
	$(run-schemagen) downgrade base

db-migrate-create: build ## autogenerate a migration: make db-migrate-create MIGRATE_MSG="add users"
	@if [ -z "$$MIGRATE_MSG" ]; then echo 'usage: make db-migrate-create MIGRATE_MSG="what changed"' >&2; exit 2; fi
	$(run-schemagen) revision --autogenerate -m "$$MIGRATE_MSG"

db-migrate-history: build ## show the migration history
	$(run-schemagen) history -v

db-migrate-heads: build ## show the heads of the migration graph
	$(run-schemagen) heads

db-migrate-merge-heads: build ## write a merge migration joining the heads
	$(run-schemagen) merge -m 'merge heads' heads

db-check-migrations: build ## fail when models, migrations and database disagree
	$(run-schemagen) check

db-check-offline: build ## check the models against the migrations replayed in memory (no database)
	$(run-schemagen) check --offline

db-check-shadow: build ## check in a scratch database migrated from base, and that every downgrade undoes its upgrade
	$(run-schemagen) check --mode shadow --roundtrip
