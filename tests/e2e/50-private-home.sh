#!/bin/sh
# A checkout under a private home (mode 0700, like /root/cgi-accounts):
# `make run`, `make run-apache` (tools/serve.sh) and the e2e harness
# (tests/e2e/lib/server.sh) work from it, as root and as an ordinary user,
# without changing anything outside the checkout.
#
# As root, the servers run the CGIs as www-data, which cannot enter the
# home: serve.sh must serve a stage it can reach, print a working command
# for the first admin, copy the database back to var/ when stopped, and
# remove the stage; server.sh must copy the executables into the test's
# directory.  As `nobody` (an ordinary user owning its 0700 home), the
# servers run as that user, straight from the checkout.
#
# The checkout is a copy of this one's working tree with build/cgi-bin and
# build/accountsctl (no rebuild).  Needs root (to use www-data and
# nobody); as anyone else every check is skipped, saying why.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"

DRIVER_PLAN=4
t_plan $((6 + 3 + DRIVER_PLAN + 3 + DRIVER_PLAN))
if [ "$(id -u)" -ne 0 ]; then
	for i in $(seq $((6 + 3 + DRIVER_PLAN + 3 + DRIVER_PLAN))); do
		t_ok "private home check $i # SKIP not root (needs www-data and nobody)"
	done
	exit 0
fi
t_setup
JSON='application/json; charset=utf-8'
PW='A long password 1'

# clone DIR OWNER: this working tree (no var/, no objects) in DIR, owned
# by OWNER, under DIR's parent made 0700 for OWNER.
clone() {
	mkdir -p "$1" && chmod 0700 "$(dirname "$1")" &&
	tar -C "$ROOT" --exclude=./var --exclude=./.git \
	    --exclude=./build/common --exclude=./build/dep \
	    --exclude=./build/tests --exclude=./build/bench \
	    --exclude=./build/libaccounts.a -cf - . | tar -C "$1" -xf - &&
	chown -R "$2" "$(dirname "$1")"
}

# The short flow through tests/e2e/lib/server.sh, as a test file of the
# clone (tests/lib.sh finds the clone's root from its path).
driver() {
	cat > "$1/tests/e2e/zz-driver.sh" <<'EOF'
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
t_plan 4
t_setup
srv_start lighttpd || exit 1
http POST "$BASE/api/user/register/" -d username=dora \
    -d password=Private-Home-1 -d password2=Private-Home-1
t_eq "register" "201 0" "$STATUS $(json .errno)"
http GET "$BASE/api/user/me/" -H "Authorization: Bearer $(json .data.token)"
t_eq "me" "200 dora" "$STATUS $(json .data.user.username)"
http POST "$BASE/api/user/login/" -d username=dora -d password=Private-Home-1
t_eq "login" "200 0" "$STATUS $(json .errno)"
http GET "$BASE/api/nowhere/"
t_eq "an unknown path: the JSON 404" "404 1005 application/json; charset=utf-8" \
    "$STATUS $(json .errno) $(header Content-Type)"
EOF
}
# relay WHO: the driver's checks (its plan left out), named
relay() { grep -v '^1\.\.' | sed -e "s/^ok - /ok - $1: /" -e "s/^not ok - /not ok - $1: /"; }

# serve KIND AS...: tools/serve.sh of $C in the background, as the user
# AS (runuser) or root; waits for its banner (or its end).
SPID='' KIDS=''
serve() {
	_kind=$1
	shift
	PORT=$(free_port)
	BASE=http://127.0.0.1:$PORT
	: > "$T/serve.out"
	setsid "$@" sh "$C/tools/serve.sh" "$_kind" "$PORT" \
	    > "$T/serve.out" 2>&1 &
	SPID=$!
	_n=0
	while [ "$_n" -lt 150 ] && kill -0 "$SPID" 2>/dev/null &&
	    ! grep -q '^Ctrl-C stops the server' "$T/serve.out"; do
		sleep 0.2
		_n=$((_n + 1))
	done
	KIDS=$(ps -o pid= --ppid "$SPID" 2>/dev/null | tr -d ' ')
}
# unserve: TERM to serve.sh, as Ctrl-C would; RC is its exit status (143
# after a clean stop on TERM), or
# "hung" after 15 s (then it and its children are killed).  Not in a
# subshell: only this shell can reap it (a zombie still takes kill -0).
unserve() {
	RC=
	[ -n "$SPID" ] || return 0
	kill "$SPID" 2>/dev/null
	_n=0
	while [ "$_n" -lt 75 ] && [ -r "/proc/$SPID/stat" ] &&
	    ! grep -q '^[0-9]* (.*) Z' "/proc/$SPID/stat" 2>/dev/null; do
		sleep 0.2
		_n=$((_n + 1))
	done
	if [ -r "/proc/$SPID/stat" ] &&
	    ! grep -q '^[0-9]* (.*) Z' "/proc/$SPID/stat" 2>/dev/null; then
		# shellcheck disable=SC2086 # a list of pids
		kill -9 "$SPID" $KIDS 2>/dev/null
		wait "$SPID" 2>/dev/null
		RC=hung
	else
		wait "$SPID"
		RC=$?
	fi
	SPID=
}
trap 'unserve; srv_stop; t_teardown' EXIT
# banner: what serve.sh printed, as diagnostics
banner() { sed 's/^/# /' "$T/serve.out"; }
# admin_cmd: the two lines serve.sh gave for the first admin
admin_cmd() { sed -n '/^  first admin:/,/^  then:/{/first admin:\|then:/d;p}' "$T/serve.out"; }

login_admin() {
	http POST "$BASE/api/user/login/" -d username=admin -d "password=$PW"
	echo "$STATUS $(json .errno) $(json .data.user.role)"
}

# --- root: make run (lighttpd), then make run-apache ----------------
C=$T/home/cgi-accounts
clone "$C" root:root
serve lighttpd
stage=$(sed -n 's/.* a copy as www-data in \([^;]*\);.*/\1/p' "$T/serve.out")
t_eq "root, 0700 home: serve.sh lighttpd is ready, serving a stage" \
    "yes /tmp/cgi-accounts-serve. 700 www-data" \
    "$(grep -q '^Ctrl-C stops the server' "$T/serve.out" && echo yes) $(
	printf '%s' "$stage" | sed 's/\.[^.]*$/./') $(stat -c '%a %U' "$stage")" ||
    banner
admin_cmd | sed "s/'a long password'/'$PW'/" > "$T/admin.sh"
sh "$T/admin.sh" > "$T/admin.out" 2>&1
t_eq "root: the first-admin command it printed works" "0 $C/build/accountsctl" \
    "$? $(grep -o "$C/build/accountsctl" "$T/admin.sh")" ||
    sed 's/^/# /' "$T/admin.sh" "$T/admin.out"
t_eq "root: that admin logs in through the server" "200 0 admin" "$(login_admin)"
http POST "$BASE/api/user/register/" -d username=erin \
    -d "password=$PW" -d "password2=$PW"
t_eq "root: a register after it (the WAL stays www-data's)" "201 0 $JSON" \
    "$STATUS $(json .errno) $(header Content-Type)"
unserve
t_eq "root: stopped, stage removed, database copied back to var/" \
    "143 gone admin erin" "$RC $([ -e "$stage" ] || echo gone) $(
	"$CTL" -d "$C/var/accounts.db" user list | awk '{ print $2 }' |
	    sort | tr '\n' ' ' | sed 's/ $//')" || banner
t_eq "root: nothing changed owner or mode: home 0700, checkout root's" \
    "700 root:root " "$(stat -c '%a %U:%G' "$T/home") $(find "$C" ! -user root |
	head -n 3)"

serve apache
stage=$(sed -n 's/.* a copy as www-data in \([^;]*\);.*/\1/p' "$T/serve.out")
t_eq "root: serve.sh apache is ready, serving a stage" "yes yes" \
    "$(grep -q '^Ctrl-C stops the server' "$T/serve.out" && echo yes) $(
	[ -d "$stage" ] && echo yes)" || banner
t_eq "root: the admin of the last run logs in through Apache" \
    "200 0 admin" "$(login_admin)"
unserve
t_eq "root: Apache stopped, stage removed, var/ root's" "143 gone " \
    "$RC $([ -e "$stage" ] || echo gone) $(find "$C" ! -user root | head -n 3)"

# --- root: the e2e harness ------------------------------------------
driver "$C"
sh "$C/tests/e2e/zz-driver.sh" 2>&1 | relay "root, e2e harness in a 0700 home"

# --- nobody: an ordinary user with its own 0700 home ----------------
C=$T/nobody/cgi-accounts
clone "$C" nobody:nogroup
driver "$C"
chown nobody:nogroup "$C/tests/e2e/zz-driver.sh"
serve lighttpd runuser -u nobody --
t_eq "nobody: serve.sh lighttpd is ready, from the checkout" \
    "yes $C/var/lighttpd.conf" \
    "$(grep -q '^Ctrl-C stops the server' "$T/serve.out" && echo yes) $(
	sed -n 's/^  config \([^,]*\),.*/\1/p' "$T/serve.out")" || banner
admin_cmd | sed "s/'a long password'/'$PW'/" > "$T/admin.sh"
chmod 0644 "$T/admin.sh"
runuser -u nobody -- sh "$T/admin.sh" > "$T/admin.out" 2>&1
t_eq "nobody: the first-admin command works as nobody; admin logs in" \
    "0 200 0 admin" "$? $(login_admin)" ||
    sed 's/^/# /' "$T/admin.sh" "$T/admin.out"
unserve
t_eq "nobody: stopped; the checkout is still all nobody's" "143 " \
    "$RC $(find "$C" ! -user nobody | head -n 3)"
runuser -u nobody -- sh "$C/tests/e2e/zz-driver.sh" 2>&1 |
    relay "nobody, e2e harness in a 0700 home"
