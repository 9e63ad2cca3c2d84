#!/usr/bin/env bash
# demo.sh: schemagen's everyday loop on the example module testdata/example,
# in a temporary copy and on a database of its own.
#
#   build bin/schemagen, start PostgreSQL, create a database of its own
#   schemagen init
#   schemagen revision --autogenerate -m "create tables";  upgrade
#   change a model (testdata/example/changes);  check (drift: exit 1)
#   schemagen revision --autogenerate -m "add paid_at";  check (hazard: exit 1)
#   again with --online (index built concurrently);     upgrade
#   check;  history;  current;  downgrade base;  current
#
# The database is the demo's own: schemagen_demo_ and 8 random hex digits,
# created for the run and dropped at its end (without WITH (FORCE): no
# session but the demo's is ended), as the copy is removed (DEMO_KEEP=1
# keeps both). At the end it says whether start-db started a server for
# it, which it leaves running (`make stop-db` stops it). Environment:
# DATABASE_URL names the server (default
# postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable; its
# database name is not used); SCHEMAGEN a schemagen binary to use instead
# of building bin/schemagen.
# Exits non-zero when any step fails. Connection strings are never printed
# (they may hold a password): commands show "$DATABASE_URL", not its value.
set -euo pipefail

# shellcheck source=scripts/dbenv.sh
. "$(dirname "${BASH_SOURCE[0]}")/dbenv.sh"
ROOT=$SCHEMAGEN_ROOT
dbenv_parse
# A database of its own for each run, so that two demos on one server never
# meet: schemagen_demo_ and 8 random hex digits.
DEMO_DB=schemagen_demo_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
SERVER_URL=$(dbenv_url_with_db postgres)
DEMO_URL=$(dbenv_url_with_db "$DEMO_DB")
SCHEMAGEN=${SCHEMAGEN:-}
WORK=
CREATED=
STARTED_BEFORE=
SERVER_CHECKED=
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

# dbadmin runs scripts/dbadmin (built into bin/dbadmin) on the server:
# create and drop databases, never WITH (FORCE).
dbadmin() {
	DATABASE_URL=$SERVER_URL "$ROOT/bin/dbadmin" "$@" 2> >(dbenv_redact >&2)
}

# started_by_start_db prints what start-db.sh's record says it started for
# the port, or nothing.
started_by_start_db() {
	local f
	f=$(dbenv_state_file)
	[[ -f $f ]] && cat "$f"
	return 0
}

# server_note says whether PostgreSQL was started for the demo, and how
# to stop it.
server_note() {
	[[ -n $SERVER_CHECKED ]] || return 0
	local now
	now=$(started_by_start_db)
	if [[ -n $now && $now != "$STARTED_BEFORE" ]]; then
		printf '\ndemo: start-db started PostgreSQL for this demo (%s) and left it running; `make stop-db` stops it\n' "$now"
	elif [[ -n $now ]]; then
		printf '\ndemo: PostgreSQL runs since an earlier `make start-db` (%s); `make stop-db` stops it\n' "$now"
	else
		printf '\ndemo: started no server: PostgreSQL was already running at %s:%s, and is left as it was\n' "$DB_HOST" "$DB_PORT"
	fi
}

cleanup() {
	local rc=$?
	set +e
	if [[ ${DEMO_KEEP:-} == 1 ]]; then
		printf '\ndemo: kept %s and database %s (DEMO_KEEP=1)\n' "$WORK" "$DEMO_DB"
	else
		if [[ -n $CREATED ]]; then
			# Its own database only, and without FORCE: the demo's sessions
			# have ended; a session someone else opened makes this fail.
			dbadmin drop "$DEMO_DB" | sed "s/^/demo: /" || printf 'demo: could not drop the database %s; drop it by hand\n' "$DEMO_DB" >&2
		fi
		[[ -n $WORK ]] && rm -rf "$WORK"
	fi
	server_note
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
(cd "$ROOT" && go build -o bin/dbadmin ./scripts/dbadmin)

banner "start PostgreSQL (make start-db)"
STARTED_BEFORE=$(started_by_start_db)
SERVER_CHECKED=1
"$ROOT/scripts/start-db.sh"

banner "copy the example module and create database $DEMO_DB"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/schemagen-demo.XXXXXX")
cp -R "$ROOT/testdata/example/." "$WORK/"
rm -rf "$WORK/changes" "$WORK/migrations" "$WORK/rowstest"
(cd "$WORK" && run go mod edit -replace "github.com/schemagen/schemagen=$ROOT")
dbadmin create "$DEMO_DB"
CREATED=1
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
