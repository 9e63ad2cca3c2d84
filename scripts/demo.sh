#!/usr/bin/env bash
# demo.sh: schemagen's everyday loop on the example module testdata/example,
# in a temporary copy and on a database of its own.
#
#   build bin/schemagen, start PostgreSQL, (re)create the database DEMO_DB
#   schemagen init
#   schemagen revision --autogenerate -m "create tables";  upgrade
#   change a model (testdata/example/changes);  check (drift: exit 1)
#   schemagen revision --autogenerate -m "add paid_at";  check (hazard: exit 1)
#   again with --online (index built concurrently);     upgrade
#   check;  history;  current;  downgrade base;  current
#
# Afterwards the copy is removed and the database dropped (DEMO_KEEP=1 keeps
# both). Environment: DATABASE_URL names the server (default
# postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); DEMO_DB the
# database (default schemagen_demo), which is dropped and created anew;
# SCHEMAGEN a schemagen binary to use instead of building bin/schemagen.
# Exits non-zero when any step fails. Connection strings are never printed
# (they may hold a password): commands show "$DATABASE_URL", not its value.
set -euo pipefail

# shellcheck source=scripts/dbenv.sh
. "$(dirname "${BASH_SOURCE[0]}")/dbenv.sh"
ROOT=$SCHEMAGEN_ROOT
DEMO_DB=${DEMO_DB:-schemagen_demo}
SERVER_URL=$(dbenv_url_with_db postgres)
DEMO_URL=$(dbenv_url_with_db "$DEMO_DB")
SCHEMAGEN=${SCHEMAGEN:-}
WORK=
ADMIN=
STEP=0

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH=$PATH:/usr/local/go/bin
fi

BOLD='' GREEN='' RED='' RESET=''
if [[ -t 1 ]]; then
	BOLD=$'\033[1m' GREEN=$'\033[1;32m' RED=$'\033[1;31m' RESET=$'\033[0m'
fi

banner() {
	STEP=$((STEP + 1))
	printf '\n%s==> [%d] %s%s\n' "$BOLD" "$STEP" "$*" "$RESET"
}

# show prints a command line as a user would type it.
show() {
	local out='$' a
	for a in "$@"; do
		if [[ $a == *\'* ]]; then
			printf -v a '%q' "$a"
		elif [[ -z $a || $a =~ [^A-Za-z0-9_./:=+@%,-] ]]; then
			a="'$a'"
		fi
		out+=" $a"
	done
	printf '%s\n' "$out"
}

# run shows a command and runs it.
run() {
	show "$@"
	"$@"
}

# sg runs schemagen in the demo module, showing the command as a user types it.
sg() {
	show schemagen "$@"
	"$SCHEMAGEN" "$@"
}

# expect_exit WANT CMD...: runs CMD and fails unless it exits with WANT.
expect_exit() {
	local want=$1 got=0
	shift
	"$@" || got=$?
	if [[ $got -ne $want ]]; then
		printf 'demo: %s exited %d, want %d\n' "$*" "$got" "$want" >&2
		return 1
	fi
	printf '(exit %d, as expected)\n' "$got"
}

# admin_sql runs SQL statements on the server's maintenance database: with
# psql when present, else with a tiny Go program using github.com/lib/pq.
admin_sql() {
	if command -v psql >/dev/null 2>&1; then
		local s
		for s in "$@"; do
			PGOPTIONS='-c client_min_messages=warning' psql "$SERVER_URL" -X -q -v ON_ERROR_STOP=1 -c "$s" 2> >(dbenv_redact >&2)
		done
		return
	fi
	if [[ -z $ADMIN ]]; then
		ADMIN=$(mktemp -d)
		cat >"$ADMIN/go.mod" <<-'EOF'
			module demoadmin

			go 1.26.0

			require github.com/lib/pq v1.12.3
		EOF
		grep '^github.com/lib/pq ' "$ROOT/go.sum" >"$ADMIN/go.sum"
		cat >"$ADMIN/main.go" <<-'EOF'
			// Command demoadmin runs SQL statements given as arguments on the
			// database that the environment variable DEMOADMIN_URL names.
			package main

			import (
				"database/sql"
				"fmt"
				"os"

				_ "github.com/lib/pq"
			)

			func main() {
				db, err := sql.Open("postgres", os.Getenv("DEMOADMIN_URL"))
				if err == nil {
					for _, s := range os.Args[1:] {
						if _, err = db.Exec(s); err != nil {
							break
						}
					}
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, "demoadmin:", err)
					os.Exit(1)
				}
			}
		EOF
	fi
	(cd "$ADMIN" && DEMOADMIN_URL=$SERVER_URL go run . "$@") 2> >(dbenv_redact >&2)
}

quoted_db() { printf '"%s"' "${DEMO_DB//\"/\"\"}"; }

cleanup() {
	local rc=$?
	set +e
	if [[ ${DEMO_KEEP:-} == 1 ]]; then
		printf '\ndemo: kept %s and database %s (DEMO_KEEP=1)\n' "$WORK" "$DEMO_DB"
	else
		if [[ -n $WORK ]]; then
			admin_sql "DROP DATABASE IF EXISTS $(quoted_db) WITH (FORCE)" >/dev/null 2>&1
			rm -rf "$WORK"
		fi
	fi
	[[ -n $ADMIN ]] && rm -rf "$ADMIN"
	if [[ $rc -ne 0 ]]; then
		printf '\n%sdemo FAILED at step %d (exit %d)%s\n' "$RED" "$STEP" "$rc" "$RESET" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT

if [[ -z $SCHEMAGEN ]]; then
	banner "build bin/schemagen"
	(cd "$ROOT" && run go build -o bin/schemagen ./cmd/schemagen)
	SCHEMAGEN=$ROOT/bin/schemagen
fi

banner "start PostgreSQL"
"$ROOT/scripts/start-db.sh"

banner "copy the example module and create database $DEMO_DB"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemagen-demo.XXXXXX")
cp -R "$ROOT/testdata/example/." "$WORK/"
rm -rf "$WORK/changes" "$WORK/migrations"
(cd "$WORK" && run go mod edit -replace "github.com/schemagen/schemagen=$ROOT")
admin_sql "DROP DATABASE IF EXISTS $(quoted_db) WITH (FORCE)" "CREATE DATABASE $(quoted_db)"
export DATABASE_URL=$DEMO_URL
cd "$WORK"
printf 'module copied to %s\nDATABASE_URL names the database %s\n' "$WORK" "$DEMO_DB"

banner "schemagen init: the migrations folder and schemagen.toml"
sg init
run ls migrations

banner "first migration from the models"
sg revision --autogenerate -m "create tables"
run ls migrations

banner "apply it"
sg upgrade
sg current

banner "the database matches models and migrations"
expect_exit 0 sg check

banner "change a model: billing.invoices gets paid_at and an index on it"
run cp "$ROOT/testdata/example/changes/models/invoice.go.txt" models/invoice.go
run diff -u "$ROOT/testdata/example/models/invoice.go" models/invoice.go || true

banner "check sees the drift"
expect_exit 1 sg check

banner "second migration: the index build is a hazard (it blocks writes)"
sg revision --autogenerate -m "add paid_at"
# shellcheck disable=SC2012 # the newest file is the migration just written
latest=$(ls -t migrations/*.go | head -n 1)
run cat "$latest"

banner "check fails until the hazard is reviewed"
expect_exit 1 sg check --offline

banner "write it again as an online-safe plan instead (index built concurrently)"
run rm "$latest"
sg revision --autogenerate --online -m "add paid_at"
# shellcheck disable=SC2012 # the newest file is the migration just written
latest=$(ls -t migrations/*.go | head -n 1)
run cat "$latest"

banner "apply it and check again"
sg upgrade head
expect_exit 0 sg check
if command -v psql >/dev/null 2>&1; then
	printf '%s\n' "\$ psql \"\$DATABASE_URL\" -X -c '\\d billing.invoices'"
	psql "$DATABASE_URL" -X -c '\d billing.invoices'
fi

banner "history and current revision"
sg history -v
sg heads
sg current

banner "roll everything back"
sg downgrade base
sg current

printf '\n%sdemo passed%s\n' "$GREEN" "$RESET"
