# shellcheck shell=bash
# dbenv.sh: helpers shared by start-db.sh, stop-db.sh and demo.sh. Source it;
# it defines functions and variables only and runs nothing.
#
# After `dbenv_parse`, these describe the server that DATABASE_URL names:
#   DB_URL   the URL (default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)
#   DB_HOST  host name or address (127.0.0.1 when the URL names none)
#   DB_PORT  port (5432 when the URL names none)
#   DB_USER  user name (postgres when the URL names none)
#   DB_NAME  database name (postgres when the URL names none)

SCHEMAGEN_DEFAULT_URL='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
SCHEMAGEN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# dbenv_parse splits DATABASE_URL into DB_HOST, DB_PORT, DB_USER, DB_NAME.
dbenv_parse() {
	DB_URL=${DATABASE_URL:-$SCHEMAGEN_DEFAULT_URL}
	local rest authority userinfo hostport path
	case $DB_URL in
	postgres://* | postgresql://*) rest=${DB_URL#*://} ;;
	*)
		# Not echoed: it may hold a password.
		echo "DATABASE_URL must be a postgres:// URL" >&2
		return 2
		;;
	esac
	rest=${rest%%\?*}
	authority=${rest%%/*}
	path=
	[[ $rest == */* ]] && path=${rest#*/}
	userinfo=
	hostport=$authority
	if [[ $authority == *@* ]]; then
		userinfo=${authority%@*}
		hostport=${authority##*@}
	fi
	DB_USER=${userinfo%%:*}
	DB_USER=${DB_USER:-postgres}
	if [[ $hostport == \[* ]]; then # [::1]:5432
		DB_HOST=${hostport#\[}
		DB_HOST=${DB_HOST%%\]*}
		DB_PORT=${hostport##*\]}
		DB_PORT=${DB_PORT#:}
	elif [[ $hostport == *:* ]]; then
		DB_HOST=${hostport%%:*}
		DB_PORT=${hostport##*:}
	else
		DB_HOST=$hostport
		DB_PORT=
	fi
	DB_HOST=${DB_HOST:-127.0.0.1}
	DB_PORT=${DB_PORT:-5432}
	# shellcheck disable=SC2034 # used by the scripts that source this file
	DB_NAME=${path:-postgres}
}

# dbenv_url_with_db prints DATABASE_URL with its database name replaced by $1:
# in the path of a URL, as a last dbname setting (which wins) of a key/value
# string. Print it only into a variable or a pipe: it may hold a password.
dbenv_url_with_db() {
	local url=${DATABASE_URL:-$SCHEMAGEN_DEFAULT_URL}
	case $url in
	postgres://* | postgresql://*)
		# shellcheck disable=SC2001
		printf '%s\n' "$url" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\\1/$1#"
		;;
	*)
		local db=${1//\\/\\\\}
		printf "%s dbname='%s'\n" "$url" "${db//\'/\\\'}"
		;;
	esac
}

# dbenv_redact prints its input with passwords replaced by ***: user:password@
# of URLs, password= parameters, and password settings of key/value strings.
dbenv_redact() {
	sed -E -e "s#(://[^:/?@[:space:]]*:)[^[:space:]]*@#\\1***@#g" \
		-e "s#([?&][A-Za-z]*password=)[^&[:space:]]*#\\1***#g" \
		-e "s#((^|[[:space:]])[A-Za-z]*password[[:space:]]*=[[:space:]]*)('([^'\\\\]|\\\\.)*'|[^[:space:]']*)#\\1***#g"
}

# dbenv_is_local reports whether DB_HOST is this machine, where the scripts
# may start or stop a server.
dbenv_is_local() {
	case $DB_HOST in
	127.0.0.1 | localhost | ::1 | /*) return 0 ;;
	*) return 1 ;;
	esac
}

# dbenv_answers reports whether a server accepts connections at DB_HOST:DB_PORT,
# using pg_isready when present, else psql, else a bash /dev/tcp probe.
dbenv_answers() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -t 2 -h "$DB_HOST" -p "$DB_PORT"
	elif command -v psql >/dev/null 2>&1; then
		PGCONNECT_TIMEOUT=2 psql "$DB_URL" -Atqc 'SELECT 1' >/dev/null 2>&1
	else
		local host=$DB_HOST
		[[ $host == localhost ]] && host=127.0.0.1
		timeout 2 bash -c "exec 3<>/dev/tcp/$host/$DB_PORT" 2>/dev/null
	fi
}

# dbenv_wait waits up to $1 seconds (default 30) for the server to answer.
dbenv_wait() {
	local limit=${1:-30} i
	for ((i = 0; i < limit * 2; i++)); do
		dbenv_answers && return 0
		sleep 0.5
	done
	return 1
}

# dbenv_pgdata prints the data folder that start-db.sh initialises when it
# runs initdb itself: ./.pgdata of the repository, or, when running as root
# and the postgres user cannot reach the repository, a folder under /var/tmp.
dbenv_pgdata() {
	if [[ -n ${SCHEMAGEN_PGDATA:-} ]]; then
		printf '%s\n' "$SCHEMAGEN_PGDATA"
	elif [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$SCHEMAGEN_ROOT" 2>/dev/null; then
		printf '%s\n' /var/tmp/schemagen-pgdata
	else
		printf '%s\n' "$SCHEMAGEN_ROOT/.pgdata"
	fi
}

# dbenv_as_postgres runs a command as the postgres user when running as root,
# as the current user otherwise (initdb and postgres refuse to run as root).
dbenv_as_postgres() {
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# dbenv_pg_bin prints the bin folder of the newest PostgreSQL installed under
# /usr/lib/postgresql, or nothing.
dbenv_pg_bin() {
	local d
	# shellcheck disable=SC2012 # folder names are version numbers
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[[ -n $d && -x $d/initdb ]] && printf '%s\n' "$d"
	return 0
}

# dbenv_clusters prints "VERSION NAME PORT STATUS" for each Debian cluster.
dbenv_clusters() {
	if command -v pg_lsclusters >/dev/null 2>&1; then
		pg_lsclusters -h 2>/dev/null | awk '{print $1, $2, $3, $4}'
		return 0
	fi
	local conf ver name port
	for conf in /etc/postgresql/*/*/postgresql.conf; do
		[[ -f $conf ]] || continue
		ver=$(basename "$(dirname "$(dirname "$conf")")")
		name=$(basename "$(dirname "$conf")")
		port=$(sed -nE 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*([0-9]+).*/\1/p' "$conf" | tail -n 1)
		echo "$ver $name ${port:-5432} unknown"
	done
}

# dbenv_cluster_for_port prints "VERSION NAME" of the Debian cluster that
# listens on DB_PORT, or nothing.
dbenv_cluster_for_port() {
	dbenv_clusters | awk -v p="$DB_PORT" '$3 == p {print $1, $2; exit}'
}

# dbenv_state_file prints the file where start-db.sh records what it
# started for DB_PORT, and stop-db.sh reads it: .schemagen/started-PORT in
# the repository (ignored by git), or under SCHEMAGEN_STATE_DIR when set.
# Its one line is one of
#   cluster VERSION NAME     a Debian cluster, started with pg_ctlcluster
#   pgdata BIN DATA          a data folder, started with BIN/pg_ctl -D DATA
#   compose FILE             the docker compose file, brought up with it
dbenv_state_file() {
	printf '%s/started-%s\n' "${SCHEMAGEN_STATE_DIR:-$SCHEMAGEN_ROOT/.schemagen}" "$DB_PORT"
}

# dbenv_record records, in dbenv_state_file, what start-db.sh started.
dbenv_record() {
	local f
	f=$(dbenv_state_file)
	mkdir -p "$(dirname "$f")"
	printf '%s\n' "$*" >"$f"
}

# dbenv_compose runs docker compose (or docker-compose) on the repository's
# docker-compose.yml.
dbenv_compose() {
	if docker compose version >/dev/null 2>&1; then
		docker compose -f "$SCHEMAGEN_ROOT/docker-compose.yml" "$@"
	else
		docker-compose -f "$SCHEMAGEN_ROOT/docker-compose.yml" "$@"
	fi
}
