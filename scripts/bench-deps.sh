#!/usr/bin/env bash
# bench-deps.sh: install what `make bench` compares schemagen with, where it
# can: Debian's python3-alembic, python3-sqlalchemy and python3-psycopg2.
#
# When they already import in /usr/bin/python3, it does nothing. Otherwise,
# as root on a machine with apt-get, it installs them; anywhere else it says
# loudly that the Alembic comparison will be skipped (the benchmark writes
# that into bench/RESULTS.md) and exits 0.
set -uo pipefail

say() { printf 'bench-deps: %s\n' "$*"; }
have() { /usr/bin/python3 -c 'import alembic, sqlalchemy, psycopg2' >/dev/null 2>&1; }

if have; then
	exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	say 'installing python3-alembic python3-sqlalchemy python3-psycopg2 with apt-get'
	if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-alembic python3-sqlalchemy python3-psycopg2 >/dev/null; then
		have && exit 0
	fi
	say 'apt-get could not install them'
fi
cat >&2 <<'MSG'

*** bench-deps: Debian's python3-alembic, python3-sqlalchemy and python3-psycopg2
*** are not installed and cannot be installed here (needs root and apt-get).
*** `make bench` runs without the Alembic comparison and says so in bench/RESULTS.md.

MSG
exit 0
