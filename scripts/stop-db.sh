#!/usr/bin/env bash
# stop-db.sh: stop the PostgreSQL server that start-db.sh could have started
# for DATABASE_URL: the data folder of our own (./.pgdata), the docker
# compose service, or the Debian cluster on the port. Data is kept.
set -euo pipefail

# shellcheck source=scripts/dbenv.sh
. "$(dirname "${BASH_SOURCE[0]}")/dbenv.sh"
dbenv_parse

say() { printf 'stop-db: %s\n' "$*"; }

if ! dbenv_is_local; then
	say "$DB_HOST is not this machine; nothing to stop"
	exit 0
fi

stopped=

# Our own data folder.
data=$(dbenv_pgdata)
if [[ -f $data/postmaster.pid ]]; then
	bin=$(dbenv_pg_bin)
	if [[ -z $bin ]] && command -v pg_ctl >/dev/null 2>&1; then
		bin=$(dirname "$(command -v pg_ctl)")
	fi
	if [[ -n $bin ]]; then
		if dbenv_as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
			say "stopping PostgreSQL in $data: pg_ctl stop"
			dbenv_as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
			stopped=1
		fi
	fi
fi

# The docker compose service.
if [[ -z $stopped ]] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 &&
	[[ -n $(dbenv_compose ps -q 2>/dev/null) ]]; then
	say "stopping the docker compose service: docker compose down"
	dbenv_compose down
	stopped=1
fi

# The Debian cluster on our port.
if [[ -z $stopped ]] && command -v pg_ctlcluster >/dev/null 2>&1; then
	cluster=$(dbenv_clusters | awk -v p="$DB_PORT" '$3 == p && $4 == "online" {print $1, $2; exit}')
	if [[ -n $cluster ]]; then
		say "stopping Debian cluster ${cluster/ //}: pg_ctlcluster --skip-systemctl-redirect $cluster stop"
		# shellcheck disable=SC2086
		pg_ctlcluster --skip-systemctl-redirect $cluster stop
		stopped=1
	fi
fi

if [[ -z $stopped ]]; then
	if dbenv_answers; then
		say "PostgreSQL answers at $DB_HOST:$DB_PORT but was not started by start-db.sh; left running"
	else
		say "no PostgreSQL runs at $DB_HOST:$DB_PORT; nothing to stop"
	fi
fi
