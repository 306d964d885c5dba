#!/bin/sh
# `make soak`: SOAK_CLIENTS (64) clients for SOAK_SECONDS (60) of mixed
# requests through a real lighttpd, while SOAK_KILLS (200) running write
# CGIs are killed with SIGKILL; then the database and the data directory
# are checked against what the server acknowledged (tests/soak/soak.py
# says what is sent and checked).  SOAK_SEED repeats a run's random
# choices, KEEP=1 keeps the directory.  Exits 1 when a check fails.
# Not part of `make test`: it takes a few minutes.
. "$(dirname "$0")/../lib.sh"

CLIENTS=${SOAK_CLIENTS:-64}
SECONDS_=${SOAK_SECONDS:-60}
KILLS=${SOAK_KILLS:-200}
ADMIN_PW=Soak-Admin-Pass-1

die() { echo "soak: FAIL: $*" >&2; exit 1; }
for c in lighttpd curl jq python3; do
	command -v "$c" >/dev/null 2>&1 || die "$c not installed"
done
[ -x "$BIN/user-update-info" ] && [ -x "$CTL" ] || die "run make all first"

t_setup
. "$ROOT/tests/e2e/lib/server.sh"
# Every client comes from 127.0.0.1, and a login CGI killed between taking
# its throttle slots and giving them back leaves them taken until the
# window ends (it counts as a failed attempt): at the default limits, 50
# such kills within 5 minutes would refuse every login from the address
# (and 5 of one user's, that user's).  This is no throttling test: the
# limits are wide unless set, and the check counts the slots left taken.
: "${ACCOUNTS_THROTTLE_LOGIN:=1000000/300}"
: "${ACCOUNTS_THROTTLE_LOGIN_ACCOUNT:=1000000/3600}"
: "${ACCOUNTS_THROTTLE_LOGIN_IP:=1000000/300}"
export ACCOUNTS_THROTTLE_LOGIN ACCOUNTS_THROTTLE_LOGIN_ACCOUNT \
    ACCOUNTS_THROTTLE_LOGIN_IP
printf '%s\n' "$ADMIN_PW" | "$CTL" -d "$ACCOUNTS_DB" user add admin \
    --role admin >/dev/null || die "accountsctl user add admin"
# srv_start hands $T to the server's user (as root) and stops the server
# by its PID on exit
srv_start lighttpd > "$T/start.out" || { cat "$T/start.out"; exit 1; }
echo "soak: lighttpd (pid $SRV_PID) on $BASE, $SRV_BIN; $CLIENTS clients," \
    "$SECONDS_ s, $KILLS kills; database $ACCOUNTS_DB"

PY="python3 $ROOT/tests/soak/soak.py --state $T/state.json"
[ -z "${SOAK_SEED:-}" ] || PY="$PY --seed $SOAK_SEED"
[ -z "${SOAK_MIX:-}" ] || PY="$PY --mix $SOAK_MIX"
# shellcheck disable=SC2086
$PY run --port "$PORT" --admin-password "$ADMIN_PW" --cgi-bin "$SRV_BIN" \
    --server-pid "$SRV_PID" --clients "$CLIENTS" --seconds "$SECONDS_" \
    --kills "$KILLS" || { srv_log; die "the load did not run"; }

# The server's logs: what the CGIs and lighttpd said, most frequent first
# (the kills make lighttpd log each CGI it lost).
for f in error.log stdout; do
	[ -s "$SRV_DIR/$f" ] || continue
	echo "lighttpd $f: $(wc -l < "$SRV_DIR/$f") lines; most frequent:"
	sed 's/^[0-9: -]*//; s/[0-9][0-9]*/N/g' "$SRV_DIR/$f" | sort |
	    uniq -c | sort -rn | head -n 8 | sed 's/^/  /'
done

srv_stop
# the CGIs are the server's children: wait until none of them is left
exe_dir=$(cd "$SRV_BIN" && pwd -P)
n=0
while [ "$n" -lt 100 ]; do
	busy=
	for p in /proc/[0-9]*; do
		case $(readlink "$p/exe" 2>/dev/null) in
		"$exe_dir"/*) busy=1; break ;;
		esac
	done
	[ -n "$busy" ] || break
	sleep 0.1
	n=$((n + 1))
done

# shellcheck disable=SC2086
$PY check --db "$ACCOUNTS_DB" --data-dir "$ACCOUNTS_DATA_DIR" \
    --cgi-bin "$SRV_BIN" --ctl "$CTL" --server-tmp "$SRV_DIR/tmp"
rc=$?
[ "$rc" -eq 0 ] || echo "soak: FAIL (the directory is $T with KEEP=1)"
exit "$rc"
