# schemagen's Makefile.
#
# Development of schemagen: test, corpus-dump, bench, bench-huge, bench-go,
# build, demo, start-db, stop-db, init-db (these use scripts/ of this
# repository).
#
# Migrations: the db-* targets run schemagen in the module MODULE (by
# default the example module testdata/example) against the database that
# DATABASE_URL names, as it is (from the environment or the command line:
# make db-migrate DATABASE_URL=postgres://...). When DATABASE_URL is unset,
# schemagen uses database_url of MODULE's schemagen.toml (the example
# module's names schemagen_example on the local server). A project that
# uses schemagen copies the db-* targets but db-recreate (which uses
# scripts/dbadmin) into its own Makefile, with MODULE := . and
# SCHEMAGEN := schemagen; they run nothing but schemagen.
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
export MODULE
# The message of db-migrate-create.
MIGRATE_MSG ?=
export MIGRATE_MSG
# DATABASE_URL is not set here: the db-* targets pass on the one of the
# environment or the command line, and schemagen falls back on
# schemagen.toml; the scripts and the tests fall back on
# postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable for the
# server. Connection strings reach the commands through the environment
# only, never through a recipe's text, so that make never echoes a
# password: `make -n` shows "$$DATABASE_URL", not its value.

# run-schemagen runs schemagen with the given arguments in MODULE; SCHEMAGEN
# is a command line (a path, or "go tool schemagen"), not quoted.
run-schemagen = cd '$(MODULE)' && $(SCHEMAGEN)

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
	@echo 'variables: MODULE=$(MODULE) SCHEMAGEN=$(SCHEMAGEN) MIGRATE_MSG="..." GOFLAGS=...'
	@echo '           DATABASE_URL: the database of init-db and the db-* targets (unset: database_url of'
	@echo '           MODULE/schemagen.toml); the server of start-db, stop-db, test and demo (unset:'
	@echo '           postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)'

# test ends with the number of tests that skipped for want of a database
# (pgtest appends one line per skip to $SCHEMAGEN_SKIP_LOG) and exits with
# go test's status.
test: ## go vet, the exhaustiveness check of change.Change switches, then all tests; ends with "N tests skipped: no database"
	$(GO) vet ./...
	$(GO) tool go-check-sumtype ./...
	@skips=$$(mktemp) && trap 'rm -f "$$skips"' EXIT && export SCHEMAGEN_SKIP_LOG=$$skips && rc=0 && \
	{ echo "SCHEMAGEN_CORPUS=sample $(GO) test -count=1 -parallel 4 ./..."; SCHEMAGEN_CORPUS=sample $(GO) test -count=1 -parallel 4 ./... || rc=$$?; } && \
	{ echo "cd testdata/example && $(GO) test -count=1 ./..."; (cd testdata/example && $(GO) test -count=1 ./...) || rc=$$?; } && \
	n=$$(wc -l <"$$skips") && n=$${n// /} && \
	if [ "$$n" = 1 ]; then echo "1 test skipped: no database"; else echo "$$n tests skipped: no database"; fi && \
	if [ "$$n" != 0 ]; then echo "(start one with make start-db, or set DATABASE_URL; SCHEMAGEN_REQUIRE_DB=1 makes them fail; go test -v shows them)"; fi && \
	exit $$rc

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

demo: ## walk through init, revision, upgrade, check, downgrade on a copy of the example module, in a database of its own
	scripts/demo.sh

start-db: ## start PostgreSQL unless one answers at DATABASE_URL's server, and record what it started
	scripts/start-db.sh

stop-db: ## stop the PostgreSQL that start-db started, and nothing else
	scripts/stop-db.sh

init-db: ## start-db, create MODULE's database unless it exists, upgrade it to head
	SCHEMAGEN='$(SCHEMAGEN)' scripts/init-db.sh

db-recreate: ## drop MODULE's database (never WITH (FORCE)) and create it empty
	$(GO) run ./scripts/dbadmin -C '$(MODULE)' recreate

db-migrate-init: build ## create the migrations folder and schemagen.toml of MODULE (schemagen init)
	$(run-schemagen) init

db-migrate: build ## upgrade the database to head
	$(run-schemagen) upgrade head

db-migrate-down: build ## downgrade the database by one revision
	$(run-schemagen) downgrade -1

db-migrate-down-all: build ## downgrade the database to base (empty)
	$(run-schemagen) downgrade base

db-migrate-create: build ## autogenerate a migration: make db-migrate-create [MIGRATE_MSG="add users"] (without it, the message says what changed)
	@if [ -n "$$MIGRATE_MSG" ]; then set -- -m "$$MIGRATE_MSG"; fi && $(run-schemagen) revision --autogenerate "$$@"

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
