#!/bin/sh
# Serves build/cgi-bin on http://127.0.0.1:PORT/api/ through lighttpd or
# Apache in the foreground, for development (`make run`, `make run-apache`).
#   sh tools/serve.sh lighttpd|apache [PORT]
# State lives in var/: accounts.db (created if absent), data/ (uploads),
# the generated server config and run/.  Other ACCOUNTS_* variables of the
# environment are handed to the CGIs (e.g. ACCOUNTS_HASH_COST=5 make run).
# Ctrl-C stops the server.
set -eu

usage() { echo "usage: $0 lighttpd|apache [PORT]" >&2; exit 2; }
[ $# -ge 1 ] || usage
kind=$1
port=${2:-8080}
case $kind in
lighttpd) tpl=lighttpd.conf.in ;;
apache) tpl=apache.conf.in ;;
*) usage ;;
esac
case $port in
'' | *[!0-9]*) usage ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
var=$root/var
ctl=$root/build/accountsctl
for f in "$ctl" "$root/build/cgi-bin/not-found"; do
	[ -x "$f" ] || { echo "$0: $f missing: run make all" >&2; exit 1; }
done

mkdir -p "$var/data" "$var/run/htdocs" "$var/run/tmp"
[ -f "$var/accounts.db" ] || "$ctl" -d "$var/accounts.db" init

# As root the servers hand requests to www-data, which must be able to
# write the database, its directory (WAL files) and the uploads.
if [ "$(id -u)" -eq 0 ]; then
	user=www-data group=www-data
	chown "$user:$group" "$var" "$var/data" "$var/run" "$var/run/tmp"
	chown "$user:$group" "$var/accounts.db"*
	# (accountsctl may still run as root: SQLite gives the WAL files it
	# creates the owner of the database file)
else
	user=$(id -un) group=$(id -gn)
fi

conf=$var/$kind.conf
sh "$root/apache/render.sh" "$root/apache/$tpl" \
    CGI_BIN="$root/build/cgi-bin" PORT="$port" DB="$var/accounts.db" \
    DATA_DIR="$var/data" RUN_DIR="$var/run" ERROR_LOG=/dev/stderr \
    USER="$user" GROUP="$group" > "$conf.tmp"
# lighttpd opens its error log after dropping privileges, when /dev/stderr
# may no longer be writable; without the setting it logs to stderr anyway.
if [ "$kind" = lighttpd ]; then
	sed -i '/^server.errorlog/d' "$conf.tmp"
fi
mv "$conf.tmp" "$conf"

cat <<EOF
cgi-accounts ($kind): http://127.0.0.1:$port/api/
  config $conf, database $var/accounts.db
  first admin:
    printf '%s\n' 'a long password' |
      $ctl -d $var/accounts.db user add admin --role admin
  then: curl -d username=admin -d 'password=a long password' http://127.0.0.1:$port/api/user/login/
Ctrl-C stops the server.
EOF

case $kind in
lighttpd) exec lighttpd -D -f "$conf" ;;
apache) exec apache2 -f "$conf" -DFOREGROUND ;;
esac
