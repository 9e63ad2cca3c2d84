#!/usr/bin/env bash
# stop-db.sh: stop the PostgreSQL server that start-db.sh started for the
# port of DATABASE_URL, and nothing else. start-db.sh records what it
# started in .schemagen/started-PORT (a Debian cluster, a data folder of
# its own, or the docker compose service); stop-db.sh stops exactly that
# and removes the record. Without a record it says so and leaves whatever
# runs there alone: a server that answered before start-db.sh ran is not
# its to stop. Data is kept.
set -euo pipefail

# shellcheck source=scripts/dbenv.sh
. "$(dirname "${BASH_SOURCE[0]}")/dbenv.sh"
dbenv_parse

say() { printf 'stop-db: %s\n' "$*"; }

state=$(dbenv_state_file)
if [[ ! -f $state ]]; then
	if dbenv_is_local && dbenv_answers; then
		say "start-db started no server on port $DB_PORT; the PostgreSQL that answers at $DB_HOST:$DB_PORT is left running"
	else
		say "start-db started no server on port $DB_PORT; nothing to stop"
	fi
	exit 0
fi

read -r kind a b <"$state" || true
case $kind in
cluster)
	say "stopping Debian cluster $a/$b, which start-db started: pg_ctlcluster --skip-systemctl-redirect $a $b stop"
	if ! pg_ctlcluster --skip-systemctl-redirect "$a" "$b" stop; then
		if pg_lsclusters -h 2>/dev/null | awk -v v="$a" -v n="$b" '$1 == v && $2 == n && $4 == "online" {ok=1} END {exit !ok}'; then
			say "pg_ctlcluster could not stop $a/$b"
			exit 1
		fi
		say "cluster $a/$b was not running"
	fi
	;;
pgdata)
	if dbenv_as_postgres "$a/pg_ctl" -D "$b" status >/dev/null 2>&1; then
		say "stopping PostgreSQL in $b, which start-db started: pg_ctl stop"
		dbenv_as_postgres "$a/pg_ctl" -D "$b" -m fast -w stop >/dev/null
	else
		say "PostgreSQL in $b was not running"
	fi
	;;
compose)
	say "stopping the docker compose service of $a, which start-db started: docker compose down"
	if docker compose version >/dev/null 2>&1; then
		docker compose -f "$a" down
	else
		docker-compose -f "$a" down
	fi
	;;
*)
	say "cannot read $state; remove it and stop the server by hand"
	exit 1
	;;
esac
rm -f "$state"
