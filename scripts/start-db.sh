#!/usr/bin/env bash
# start-db.sh: make sure a PostgreSQL server answers at DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable).
#
# When one already answers, it does nothing. Otherwise, for a server on this
# machine, it tries in turn:
#   1. an existing Debian cluster on the port:   pg_ctlcluster VERSION NAME start
#   2. PostgreSQL binaries but no cluster:       initdb into ./.pgdata (trust
#      auth, as user postgres when run as root) and pg_ctl start
#   3. no PostgreSQL at all, root with apt-get:  apt-get install postgresql,
#      trust auth for local connections, then 1.
#   4. a running Docker engine:                  docker compose up -d (postgres:15)
# and waits up to 30 s for the server to answer. What it started is
# recorded in .schemagen/started-PORT, and stop-db.sh stops that and
# nothing else; a server that already answered is left out of it.
set -euo pipefail

# shellcheck source=scripts/dbenv.sh
. "$(dirname "${BASH_SOURCE[0]}")/dbenv.sh"
dbenv_parse

say() { printf 'start-db: %s\n' "$*"; }
die() {
	printf 'start-db: %s\n' "$*" >&2
	exit 1
}

# check_login makes sure the user of DATABASE_URL can log in, so that a
# server that answers but refuses us is reported here rather than by tests.
check_login() {
	command -v psql >/dev/null 2>&1 || return 0
	local url out
	url=$(dbenv_url_with_db postgres)
	if ! out=$(PGCONNECT_TIMEOUT=5 psql "$url" -v ON_ERROR_STOP=1 -Atqc 'SELECT 1' 2>&1); then
		die "the server answers at $DB_HOST:$DB_PORT but user $DB_USER cannot log in: $(printf '%s\n' "$out" | dbenv_redact)"
	fi
}

wait_up() {
	if ! dbenv_wait 30; then
		die "PostgreSQL did not answer at $DB_HOST:$DB_PORT within 30 s${1:+; see $1}"
	fi
	check_login
	say "PostgreSQL answers at $DB_HOST:$DB_PORT"
}

# trust_local makes a Debian cluster accept local and loopback connections
# without a password; used only for a cluster this script installed.
trust_local() {
	local hba=/etc/postgresql/$1/$2/pg_hba.conf
	[[ -f $hba ]] || return 0
	grep -q '^# schemagen: trust' "$hba" && return 0
	say "setting trust authentication for local connections in $hba"
	{
		echo '# schemagen: trust local connections (added by scripts/start-db.sh)'
		echo 'local all all trust'
		echo 'host all all 127.0.0.1/32 trust'
		echo 'host all all ::1/128 trust'
		cat "$hba"
	} >"$hba.new"
	chown --reference="$hba" "$hba.new" 2>/dev/null || true
	chmod --reference="$hba" "$hba.new" 2>/dev/null || true
	mv "$hba.new" "$hba"
}

start_cluster() {
	local ver=$1 name=$2
	say "starting Debian cluster $ver/$name: pg_ctlcluster --skip-systemctl-redirect $ver $name start"
	if pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start; then
		dbenv_record cluster "$ver" "$name"
	elif pg_lsclusters -h 2>/dev/null | awk -v v="$ver" -v n="$name" '$1 == v && $2 == n && $4 == "online" {ok=1} END {exit !ok}'; then
		say "cluster $ver/$name was started meanwhile, not by this script: stop-db will leave it running"
	else
		die "pg_ctlcluster could not start $ver/$name; see /var/log/postgresql/postgresql-$ver-$name.log"
	fi
	wait_up "/var/log/postgresql/postgresql-$ver-$name.log"
}

start_pgdata() {
	local bin=$1 data
	data=$(dbenv_pgdata)
	if [[ ! -f $data/PG_VERSION ]]; then
		say "initialising a data folder with $bin/initdb in $data (trust auth, superuser $DB_USER)"
		mkdir -p "$data"
		chmod 700 "$data"
		[[ $(id -u) -eq 0 ]] && chown postgres: "$data"
		dbenv_as_postgres "$bin/initdb" -D "$data" -U "$DB_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >"${TMPDIR:-/tmp}/schemagen-initdb.log" 2>&1 ||
			dbenv_as_postgres "$bin/initdb" -D "$data" -U "$DB_USER" --auth=trust -E UTF8 >"${TMPDIR:-/tmp}/schemagen-initdb.log" 2>&1 ||
			die "initdb failed; see ${TMPDIR:-/tmp}/schemagen-initdb.log"
	fi
	say "starting PostgreSQL from $data on port $DB_PORT: pg_ctl start"
	dbenv_as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
		-o "-p $DB_PORT -k $data -c listen_addresses=localhost" start >/dev/null ||
		die "pg_ctl could not start PostgreSQL; see $data/server.log"
	dbenv_record pgdata "$bin" "$data"
	wait_up "$data/server.log"
}

start_docker() {
	say "starting postgres:15 with docker compose ($SCHEMAGEN_ROOT/docker-compose.yml)"
	PGPORT=$DB_PORT dbenv_compose up -d
	dbenv_record compose "$SCHEMAGEN_ROOT/docker-compose.yml"
	wait_up "docker compose logs"
}

if dbenv_answers; then
	check_login
	say "PostgreSQL already answers at $DB_HOST:$DB_PORT; nothing to do"
	exit 0
fi

if ! dbenv_is_local; then
	die "no PostgreSQL answers at $DB_HOST:$DB_PORT, which is not this machine; start it there or fix DATABASE_URL"
fi

say "no PostgreSQL answers at $DB_HOST:$DB_PORT"

# 1. An existing Debian cluster on our port.
if command -v pg_ctlcluster >/dev/null 2>&1; then
	cluster=$(dbenv_cluster_for_port)
	if [[ -n $cluster ]]; then
		# shellcheck disable=SC2086
		start_cluster $cluster
		exit 0
	fi
fi

# 2. Binaries but no cluster: a data folder of our own.
bin=$(dbenv_pg_bin)
if [[ -z $bin ]] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
	bin=$(dirname "$(command -v initdb)")
fi
if [[ -n $bin ]]; then
	start_pgdata "$bin"
	exit 0
fi

# 3. Nothing installed: install Debian's PostgreSQL.
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
	say "PostgreSQL is not installed; apt-get install -y postgresql"
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
	cluster=$(dbenv_cluster_for_port)
	if [[ -z $cluster ]] && command -v pg_createcluster >/dev/null 2>&1; then
		ver=$(basename "$(dirname "$(dbenv_pg_bin)")")
		say "creating cluster $ver/main on port $DB_PORT"
		pg_createcluster -p "$DB_PORT" "$ver" main
		cluster="$ver main"
	fi
	if [[ -n $cluster ]]; then
		# shellcheck disable=SC2086
		trust_local $cluster
		# shellcheck disable=SC2086
		start_cluster $cluster
		exit 0
	fi
	bin=$(dbenv_pg_bin)
	[[ -n $bin ]] || die "apt-get installed postgresql but no initdb was found under /usr/lib/postgresql"
	start_pgdata "$bin"
	exit 0
fi

# 4. Docker.
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
	start_docker
	exit 0
fi

die "cannot start PostgreSQL: no Debian cluster, no PostgreSQL binaries, no root with apt-get, no Docker engine; install PostgreSQL or set DATABASE_URL to a running server"
