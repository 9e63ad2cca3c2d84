#!/usr/bin/env bash
# init-db.sh: make the database of the module MODULE (default
# testdata/example) ready: start PostgreSQL if none answers (start-db.sh),
# create the database unless it exists, and upgrade it to head.
#
# The database is the one schemagen uses in MODULE: DATABASE_URL as it is
# when set, else database_url of MODULE/schemagen.toml. SCHEMAGEN names the
# schemagen binary (default bin/schemagen, built when missing). A module
# without migrations yet is left at base, and the script says so.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=${MODULE:-testdata/example}
SCHEMAGEN=${SCHEMAGEN:-$ROOT/bin/schemagen}

say() { printf 'init-db: %s\n' "$*"; }

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH=$PATH:/usr/local/go/bin
fi

(cd "$ROOT" && go build -o bin/dbadmin ./scripts/dbadmin)
if [[ $SCHEMAGEN == "$ROOT/bin/schemagen" ]]; then
	(cd "$ROOT" && go build -o bin/schemagen ./cmd/schemagen)
fi
# The URL goes into the environment only: it may hold a password.
DATABASE_URL=$("$ROOT/bin/dbadmin" -C "$MODULE" url)
export DATABASE_URL

"$ROOT/scripts/start-db.sh"
"$ROOT/bin/dbadmin" ensure | sed 's/^/init-db: /'

cd "$MODULE"
migrations=$(sed -nE 's/^migrations[[:space:]]*=[[:space:]]*"([^"]*)".*/\1/p' schemagen.toml 2>/dev/null | tail -n 1)
if [[ ! -d ${migrations:-migrations} ]]; then
	say "$MODULE has no migrations yet; the database stays empty (make db-migrate-init, then make db-migrate-create MIGRATE_MSG=...)"
	exit 0
fi
say "upgrading to head: schemagen upgrade head"
"$SCHEMAGEN" upgrade head
