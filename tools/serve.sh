#!/bin/sh
# Serves build/cgi-bin on http://127.0.0.1:PORT/api/ through lighttpd or
# Apache in the foreground, for development (`make run`, `make run-apache`).
#   sh tools/serve.sh lighttpd|apache [PORT]
# State lives in var/: accounts.db (created if absent), data/ (uploads).
# Other ACCOUNTS_* variables of the environment are handed to the CGIs
# (e.g. ACCOUNTS_HASH_COST=5 make run).  Ctrl-C stops the server.
#
# As an ordinary user the server runs as you, straight from the checkout
# (var/ holds the generated config and run/ too).
#
# As root, the servers hand requests to www-data: lighttpd will not run
# them as root, nor will Apache unless rebuilt for it.  www-data need not
# be able to reach the checkout (under /root, mode 0700, it cannot), and
# nothing outside the checkout is changed to let it.  So root serves a
# stage: a fresh directory (mktemp -d in $CGI_ACCOUNTS_STAGE, default
# /tmp) owned by www-data, holding a copy of the executables, the database
# and uploads copied from var/, the error pages, the config and the run
# directory.  When the server stops, the database and uploads are copied
# back to var/ (owned by root, like the checkout) and the stage removed.
#
# Before saying it is ready, the script checks that GET /api/ is the JSON
# 404 and GET /api/user/me/ the JSON 401 (which needs the database); if
# not, it says so in one line and stops.
set -eu

me=serve.sh
usage() { echo "usage: $0 lighttpd|apache [PORT]" >&2; exit 2; }
die() { echo "$me: $*" >&2; exit 1; }
[ $# -ge 1 ] || usage
kind=$1
port=${2:-8080}
case $kind in
lighttpd) tpl=lighttpd.conf.in server=lighttpd ;;
apache) tpl=apache.conf.in server=apache2 ;;
*) usage ;;
esac
case $port in
'' | *[!0-9]*) usage ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
var=$root/var
ctl=$root/build/accountsctl
for f in "$ctl" "$root/build/cgi-bin/not-found"; do
	[ -x "$f" ] || die "$f missing: run make all"
done
for c in "$server" curl jq; do
	command -v "$c" >/dev/null 2>&1 ||
	    die "$c not installed (sh tools/deps.sh installs what is missing)"
done

mkdir -p "$var/data"
[ -f "$var/accounts.db" ] || "$ctl" -d "$var/accounts.db" init

stage='' staged='' pid=''
if [ "$(id -u)" -eq 0 ]; then
	user=www-data group=www-data
	id "$user" >/dev/null 2>&1 ||
	    die "no user $user to run the CGIs as (lighttpd and Apache refuse root)"
	stage=$(mktemp -d "${CGI_ACCOUNTS_STAGE:-/tmp}/cgi-accounts-serve.XXXXXX") ||
	    die "cannot create a stage in ${CGI_ACCOUNTS_STAGE:-/tmp}"
	bin=$stage/cgi-bin db=$stage/var/accounts.db data=$stage/var/data
	run=$stage/run conf=$stage/$kind.conf
else
	user=$(id -un) group=$(id -gn)
	bin=$root/build/cgi-bin db=$var/accounts.db data=$var/data
	run=$var/run conf=$var/$kind.conf
fi

# copy_back: the stage's database and uploads replace var/'s (only once
# they were all copied in: a half-made stage must not overwrite var/); on
# failure the stage is kept and said so.
copy_back() {
	[ -n "$staged" ] || return 0
	_new=$var/.serve-back
	rm -rf "$_new"
	if mkdir "$_new" && cp "$db" "$_new/" &&
	    { [ ! -s "$db-wal" ] || cp "$db-wal" "$_new/"; } &&
	    cp -R "$data" "$_new/data"; then
		rm -rf "$var/accounts.db-wal" "$var/accounts.db-shm" "$var/data"
		mv "$_new"/accounts.db* "$var/" && mv "$_new/data" "$var/data" &&
		    rmdir "$_new" && return 0
	fi
	echo "$me: could not copy the database back to $var; it stays in $stage" >&2
	return 1
}

stop_server() {
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || :
	_n=0
	while [ "$_n" -lt 100 ] && [ -r "/proc/$pid/stat" ] &&
	    ! grep -q '^[0-9]* (.*) Z' "/proc/$pid/stat" 2>/dev/null; do
		sleep 0.1
		_n=$((_n + 1))
	done
	kill -9 "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
	pid=
}

cleanup() {
	trap '' INT TERM HUP
	stop_server
	if [ -n "$stage" ] && [ -d "$stage" ]; then
		copy_back && rm -rf "$stage"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ -n "$stage" ]; then
	mkdir -p "$bin" "$data" "$run"
	cp "$root/build/cgi-bin"/* "$bin/"
	cp "$var/accounts.db" "$db"
	[ ! -s "$var/accounts.db-wal" ] || cp "$var/accounts.db-wal" "$db-wal"
	cp -R "$var/data/." "$data/"
	staged=1
fi
mkdir -p "$run/htdocs" "$run/tmp"
sh "$root/apache/errors.sh" files "$run/errors"
# A dialect (ACCOUNTS_DIALECT, which reaches the CGIs with the other
# ACCOUNTS_* settings) is served at its document's paths: its routing
# table comes from the same data the programs use.
dialect=${ACCOUNTS_DIALECT:-native}
routes=$root/cgi-bin/routes.txt
if [ "$dialect" != native ]; then
	routes=$run/routes-$dialect.txt
	"$ctl" routes "$dialect" > "$routes" ||
	    die "ACCOUNTS_DIALECT=$dialect: no such dialect (see docs/dialects/)"
fi
sh "$root/apache/render.sh" "$root/apache/$tpl" \
    CGI_BIN="$bin" PORT="$port" DB="$db" DATA_DIR="$data" RUN_DIR="$run" \
    ERROR_LOG=/dev/stderr ERROR_DIR="$run/errors" USER="$user" \
    GROUP="$group" ROUTES="$routes" > "$conf.tmp"
# lighttpd opens its error log after dropping privileges, when /dev/stderr
# may no longer be writable; without the setting it logs to stderr anyway.
if [ "$kind" = lighttpd ]; then
	sed -i '/^server.errorlog/d' "$conf.tmp"
fi
mv "$conf.tmp" "$conf"

if [ -n "$stage" ]; then
	chown -R "$user:$group" "$stage"
	# the one thing that cannot be fixed from here: a stage on a noexec
	# file system, or one www-data cannot enter
	# (runuser, not setpriv: setpriv may keep root's capabilities for
	# the exec itself, and so prove nothing)
	_st=$(runuser -u "$user" -- "$bin/not-found" < /dev/null 2>/dev/null |
	    head -n 1) || :
	case $_st in
	Status:\ 404*) ;;
	*) die "$user cannot run the CGIs staged in $stage (noexec?);" \
	    "set CGI_ACCOUNTS_STAGE to another directory" ;;
	esac
fi

# Its own session: Apache signals its whole process group on exit, and
# Ctrl-C reaches the server through the trap above (a clean stop, then
# the copy back).
if [ "$kind" = lighttpd ]; then
	setsid lighttpd -D -f "$conf" &
else
	setsid apache2 -f "$conf" -DFOREGROUND &
fi
pid=$!

# answer PATH: "STATUS CONTENT-TYPE ERRNO" of GET PATH (000 when nothing
# answered).
answer() {
	_b=$(curl -s --max-time 5 -w '\n%{http_code} %{content_type}' \
	    "http://127.0.0.1:$port$1" 2>/dev/null) || :
	_last=$(printf '%s\n' "$_b" | tail -n 1)
	_no=$(printf '%s\n' "$_b" | sed '$d' | jq -r '.errno' 2>/dev/null) || :
	echo "${_last:-000} ${_no:--}"
}
_n=0
while :; do
	if ! [ -r "/proc/$pid/stat" ] ||
	    grep -q '^[0-9]* (.*) Z' "/proc/$pid/stat" 2>/dev/null; then
		die "$server did not start (its messages are above;" \
		    "port $port taken? PORT=... make run)"
	fi
	_a=$(answer /api/)
	case $_a in 000*) ;; *) break ;; esac
	_n=$((_n + 1))
	[ "$_n" -lt 50 ] || die "$server does not answer on port $port"
	sleep 0.2
done
json='application/json; charset=utf-8'
if [ "$dialect" = native ]; then
	[ "$_a" = "404 $json 1005" ] ||
	    die "GET /api/ answers '$_a', not the JSON 404: $user cannot run the CGIs in $bin"
	_a=$(answer /api/user/me/)
	[ "$_a" = "401 $json 1003" ] ||
	    die "GET /api/user/me/ answers '$_a', not the JSON 401: $user cannot use the database $db"
else	# the dialect's own 404 envelope
	case $_a in "404 $json "*) ;; *)
	    die "GET /api/ answers '$_a', not a JSON 404: $user cannot run the CGIs in $bin" ;;
	esac
fi

if [ -n "$stage" ]; then
	where="a copy as $user in $stage; database and uploads go back
  to $var when the server stops"
else
	where="config $conf, database $db"
fi
if [ "$dialect" = native ]; then
	try="then: curl -d username=admin -d 'password=a long password' http://127.0.0.1:$port/api/user/login/"
else
	try="the $dialect dialect's paths and fields: docs/dialects/$dialect.md"
fi
cat <<EOF
cgi-accounts ($kind, $dialect): http://127.0.0.1:$port/
  $where
  first admin:
    printf '%s\n' 'a long password' |
      $ctl -d $db user add admin --role admin
  $try
Ctrl-C stops the server.
EOF

wait "$pid" || :
pid=
