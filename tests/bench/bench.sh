#!/bin/sh
# `make bench`: throughput of GET /api/user/me/ (bearer token, through a
# real lighttpd) against the floor any CGI pays, a hello-world CGI
# (build/bench/hello) served the same way, on the same server, in one run.
# Prints req/s of each and the ratio me/hello (target >= 0.75); fails if a
# single measured request was not a 2xx or the set-up did not work.  Also
# prints the CPU time per request (lighttpd + CGI + wrk) of each and the
# ratio that gives: the machine may be shared, and CPU time is much less
# disturbed by other processes than req/s.
#
# Tuning, from the environment:
#   BENCH_THREADS (2), BENCH_CONNS (4)  wrk -t / -c
#   BENCH_DURATION (7)  seconds per measured round of each URL
#   BENCH_ROUNDS (3)    rounds, each measures both URLs (order alternates)
#   BENCH_WARMUP (2)    seconds of unmeasured warm-up per URL
#   BENCH_STRICT=1      also exit 1 when the ratio is under the target
#   BENCH_BIN=DIR       take the CGIs from DIR instead of build/cgi-bin (to
#                       compare an experimental build)
#   KEEP=1              keep the temporary directory
. "$(dirname "$0")/../lib.sh"

BIN=${BENCH_BIN:-$BIN}
HERE=$ROOT/tests/bench
HELLO=$ROOT/build/bench/hello
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-4}
DURATION=${BENCH_DURATION:-7}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-2}
TARGET=0.75
USERNAME=bench
PASSWORD='bench password 1'

die() {
	echo "bench: FAIL: $1" >&2
	shift
	for l in "$@"; do echo "bench:   $l" >&2; done
	[ -z "${SRV_DIR:-}" ] || srv_log >&2
	exit 1
}

for p in "$BIN/user-me" "$BIN/user-register" "$BIN/not-found" "$CTL" \
    "$HELLO"; do
	[ -x "$p" ] || die "$p missing: run make all build/bench/hello"
done
for c in wrk lighttpd curl jq; do
	command -v "$c" >/dev/null 2>&1 || die "$c not installed"
done

export ACCOUNTS_HASH_COST=1
t_setup		# $T, fresh $ACCOUNTS_DB and $ACCOUNTS_DATA_DIR, EXIT trap
[ -s "$ACCOUNTS_DB" ] || die "accountsctl init did not create $ACCOUNTS_DB"

# The server runs copies of the CGIs plus hello from one directory, so
# that /api/hello/ goes through exactly the rewrite, alias and mod_cgi
# path /api/user/me/ does.
SRV_CGI_BIN=$T/cgi-bin
mkdir -p "$SRV_CGI_BIN" &&
    cp "$BIN"/* "$HELLO" "$SRV_CGI_BIN/" || die "cannot copy the CGIs"
# ... and /api/hello/ is a route of its own
echo '/api/hello/ hello' > "$T/hello.routes"
SRV_ROUTES=$ROOT/cgi-bin/routes.txt:$T/hello.routes

CONF="apache/lighttpd.conf.in, via tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/server.sh"
srv_start lighttpd >&2 || die "lighttpd did not start"

# The server is up: stop it, and a running wrk, however the bench ends.
WRK_PID=
trap '[ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null
      srv_stop; t_teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- set-up through the server: register, check both URLs answer -------
http POST "$BASE/api/user/register/" \
    --data-urlencode "username=$USERNAME" \
    --data-urlencode "password=$PASSWORD" \
    --data-urlencode "password2=$PASSWORD"
TOKEN=$(json .data.token)
[ "$STATUS" = 201 ] && [ -n "$TOKEN" ] && [ "$TOKEN" != null ] ||
    die "register answered $STATUS, not 201 with a token" \
    "$(head -c 400 "$T/body")"
AUTH="Authorization: Bearer $TOKEN"

check_me() {	# WHEN
	http GET "$BASE/api/user/me/" -H "$AUTH"
	[ "$STATUS" = 200 ] && [ "$(json .errno)" = 0 ] &&
	    [ "$(json .data.user.username)" = "$USERNAME" ] ||
	    die "$1: GET /api/user/me/ answered $STATUS, not 200 with" \
	    "user $USERNAME" "$(head -c 400 "$T/body")"
}
check_me "before the run"
http GET "$BASE/api/hello/"
[ "$STATUS" = 200 ] && [ "$(cat "$T/body")" = hello ] ||
    die "GET /api/hello/ answered $STATUS, not 200 hello" \
    "$(head -c 400 "$T/body")"

# --- measurement ---------------------------------------------------------
: > "$T/results"
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
# CPU seconds, so far, of the server (with its reaped CGI children) and
# of the commands this shell ran (wrk): a figure that other processes on
# the machine disturb much less than req/s.
srv_cpu() {
	awk -v hz="$CLK_TCK" '{ printf "%.3f", ($14 + $15 + $16 + $17) / hz }' \
	    "/proc/$SRV_PID/stat" 2>/dev/null || echo 0
}
own_cpu() {	# `times` must run in this shell, not in $(...)
	times > "$T/times"
	awk 'NR == 2 { s = 0
		for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] }
		printf "%.3f", s }' "$T/times"
}
# load NAME SECONDS [wrk args...] URL: one wrk run; a NAME starting with
# "-" is warm-up, otherwise "NAME req/s requests cpu-ms/request" goes to
# $T/results.  Every response must be a 2xx and no socket may fail, or
# the whole bench fails.
load() {
	_name=$1 _d=$2
	shift 2
	case $_name in
	-*) _label="${_name#-} warm-up" ;;
	*) _label=$_name ;;
	esac
	_s0=$(srv_cpu)
	_o0=$(own_cpu)
	# in the background, so that a signal stops the bench at once
	wrk -t"$THREADS" -c"$CONNS" -d"${_d}s" -s "$HERE/count.lua" "$@" \
	    > "$T/wrk.out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID"
	_rc=$?
	WRK_PID=
	[ "$_rc" = 0 ] ||
	    die "wrk failed on $_label" "$(cat "$T/wrk.out")"
	_o1=$(own_cpu)
	_s1=$(srv_cpu)
	_rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$T/wrk.out")
	_n=$(awk '$1 == "bench:" { print $3 }' "$T/wrk.out")
	_bad=$(awk '$1 == "bench:" { print $5 }' "$T/wrk.out")
	[ -n "$_rps" ] && [ "${_n:-0}" -gt 0 ] ||
	    die "$_label: no requests measured" "$(cat "$T/wrk.out")"
	[ "$_bad" = 0 ] ||
	    die "$_label: $_bad of $_n responses were not 2xx" \
	    "$(cat "$T/wrk.out")"
	! grep -q 'Socket errors' "$T/wrk.out" ||
	    die "$_label: socket errors" "$(cat "$T/wrk.out")"
	_cpu=$(awk -v a="$_s0" -v b="$_s1" -v c="$_o0" -v d="$_o1" \
	    -v n="$_n" 'BEGIN { printf "%.3f", 1000 * (b - a + d - c) / n }')
	case $_name in
	-*) ;;
	*) echo "$_name $_rps $_n $_cpu" >> "$T/results" ;;
	esac
	printf '  %-14s %3ss %8s req/s %7s requests %6s CPU ms/request\n' \
	    "$_label" "$_d" "$_rps" "$_n" "$_cpu" >&2
}
me() { load "$1" "$2" -H "$AUTH" "$BASE/api/user/me/"; }
hello() { load "$1" "$2" "$BASE/api/hello/"; }

echo "bench: lighttpd $(lighttpd -v 2>/dev/null |
    sed -n 's|^lighttpd/\([^ ]*\).*|\1|p') on $BASE ($CONF)," \
    "$(nproc 2>/dev/null || echo '?') CPUs" >&2
echo "bench: wrk -t$THREADS -c$CONNS: warm-up ${WARMUP}s each, then" \
    "$ROUNDS round(s) of ${DURATION}s each" >&2
# Other work on the machine skews the figures: say so.
# (CPU time not idle during one second, from /proc/stat)
if [ -r /proc/stat ]; then
	s0=$(head -n 1 /proc/stat)
	sleep 1
	busy=$(printf '%s\n%s\n' "$s0" "$(head -n 1 /proc/stat)" | awk '
	{ t = 0; for (i = 2; i <= NF; i++) t += $i; idle = $5 + $6 }
	NR == 1 { t0 = t; i0 = idle }
	NR == 2 && t > t0 { printf "%d", 100 * (1 - (idle - i0) / (t - t0)) }')
	if [ "${busy:-0}" -ge 10 ]; then
		echo "bench: warning: the CPUs were $busy% busy before the" \
		    "run: other processes compete, expect noisy figures" >&2
	fi
fi
echo "bench: warm-up" >&2
me -me "$WARMUP"
hello -hello "$WARMUP"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	echo "bench: round $r" >&2
	if [ $((r % 2)) = 1 ]; then
		me me "$DURATION"
		hello hello "$DURATION"
	else
		hello hello "$DURATION"
		me me "$DURATION"
	fi
done
check_me "after the run"

# Anything the CGIs wrote to stderr during the run lands in the error log.
if [ -s "$SRV_DIR/error.log" ] &&
    grep -qv 'server started\|server stopped\|gracefully' \
    "$SRV_DIR/error.log"; then
	echo "bench: warning: the server's error log is not empty:" >&2
	srv_log >&2
fi

# --- result --------------------------------------------------------------
# req/s: mean of the rounds.  CPU ms/request: lighttpd, the CGIs and wrk
# together; with every CPU busy with the bench, req/s is about
# CPUs / (CPU per request), so hello's CPU / me's CPU predicts the ratio
# the machine would give without other load.
awk -v target="$TARGET" -v strict="${BENCH_STRICT:-}" '
{ sum[$1] += $2; n[$1]++; cpu[$1] += $4; all[$1] = all[$1] " " $2
  if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2
  if (!($1 in hi) || $2 > hi[$1]) hi[$1] = $2 }
function line(k, what) {
	printf "%-6s %7.1f req/s  %.2f CPU ms/request  (%s; rounds:%s;", \
	    k ":", sum[k] / n[k], cpu[k] / n[k], what, all[k]
	printf " spread %.1f%%)\n", 100 * (hi[k] - lo[k]) / (sum[k] / n[k])
}
END {
	ratio = (sum["me"] / n["me"]) / (sum["hello"] / n["hello"])
	printf "\n"
	line("me", "GET /api/user/me/")
	line("hello", "hello-world CGI")
	printf "ratio: %.2f (target >= %.2f)%s\n", ratio, target, \
	    (ratio + 0.005 >= target ? "" : "  BELOW TARGET")
	if (cpu["me"] > 0)
		printf "       (%.2f from CPU time per request, %s)\n", \
		    cpu["hello"] / n["hello"] / (cpu["me"] / n["me"]), \
		    "less disturbed by other load"
	exit (strict != "" && ratio + 0.005 < target) ? 1 : 0
}' "$T/results"
