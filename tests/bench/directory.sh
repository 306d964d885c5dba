#!/bin/sh
# `make bench`, second part: the directory at a million users, through a
# real lighttpd.  Fills a database with 1,000 users, measures req/s of
# GET /api/user/me/ (wrk), grows it to 1,000,000 users straight through
# SQLite (one transaction, a recursive CTE) and measures again; then, at
# 1M users, the server time of GET /api/users/?page=1, of the last page,
# of a page in the middle (no target: offsets are linear) and of ?q=
# matching a handful of users, again after merging the search index
# (median of BENCH_LIST_RUNS curl requests,
# time to the first byte), the CPU time of each (the CGI run directly,
# perf stat or a timed loop) and the peak RSS of each (the CGI run directly
# under /usr/bin/time with the CGI environment).  Targets: me at 1M within
# 10% of me at 1k; last page and ?q= at most 2x page 1; every list under
# 50 ms; every peak RSS at most 8 MiB.  Prints the figures and the verdict
# of each target; exits 1 only when the set-up or a request fails (or,
# with BENCH_STRICT=1, when a target is missed: a shared machine makes
# timings noisy).
#
#   BENCH_USERS (1000000)      users of the big database
#   BENCH_DURATION (5)         seconds per wrk round, BENCH_ROUNDS (3)
#   BENCH_LIST_RUNS (15)       requests per list measurement
#   KEEP=1                     keep the temporary directory (the database)
. "$(dirname "$0")/../lib.sh"

BIG=${BENCH_USERS:-1000000}
SMALL=1000
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
RUNS=${BENCH_LIST_RUNS:-15}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-4}
HERE=$ROOT/tests/bench
MISSED=

die() {
	echo "bench: FAIL: $1" >&2
	shift
	for l in "$@"; do echo "bench:   $l" >&2; done
	[ -z "${SRV_DIR:-}" ] || srv_log >&2
	exit 1
}
for p in "$BIN/user-me" "$BIN/users" "$CTL"; do
	[ -x "$p" ] || die "$p missing: run make all"
done
for c in wrk lighttpd curl jq sqlite3 sha256sum; do
	command -v "$c" >/dev/null 2>&1 || die "$c not installed"
done

export ACCOUNTS_HASH_COST=1
t_setup
. "$ROOT/tests/e2e/lib/server.sh"

# Users u0000001 ...: every 200,000th (7, 200007, ...) is called Zebulon
# Quixote, the handful ?q=zebulon finds.  One transaction; the journal is
# off while filling (nothing else uses the database then), WAL after.
fill() {	# FROM TO
	sqlite3 -batch "$ACCOUNTS_DB" > /dev/null <<EOF || die "filling failed"
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO users (username, email, password_hash, role_id, created_at,
	updated_at, fullname)
SELECT printf('u%07d', i), printf('u%07d@example.com', i),
	'\$y\$j9T\$F5Jx5fExrKuPp53xLKQ..1\$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7',
	2, 1700000000 + i, 1700000000 + i,
	CASE WHEN i % 200000 = 7 THEN 'Zebulon Quixote' END FROM n;
COMMIT;
PRAGMA journal_mode = WAL;
EOF
	# rows written by hand: the counters and the search index
	"$CTL" -d "$ACCOUNTS_DB" reindex || die "reindex failed"
}
fill 1 "$SMALL"
# the caller: an admin with a session whose token we know
TOKEN=tok0000000000000000000000000000000000000042
sqlite3 -batch "$ACCOUNTS_DB" "UPDATE users SET role_id = 1 WHERE id = 1;
INSERT INTO sessions (user_id, access_hash, access_expires, refresh_expires,
	created_at, last_seen_at) VALUES (1,
	X'$(printf '%s' "$TOKEN" | sha256sum | cut -c1-64)',
	unixepoch() + 86400, unixepoch() + 86400, unixepoch(), unixepoch());" ||
    die "cannot make the admin's session"
AUTH="Authorization: Bearer $TOKEN"

srv_start lighttpd >&2 || die "lighttpd did not start"
WRK_PID=
trap '[ -z "$WRK_PID" ] || kill "$WRK_PID" 2>/dev/null
      srv_stop; t_teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
srv_cpu() {
	awk -v hz="$CLK_TCK" '{ printf "%.3f", ($14 + $15 + $16 + $17) / hz }' \
	    "/proc/$SRV_PID/stat" 2>/dev/null || echo 0
}
# me LABEL: ROUNDS wrk runs of GET /api/user/me/; prints and returns
# "req/s cpu-ms" (mean req/s, server CPU per request) in $ME
me() {
	http GET "$BASE/api/user/me/" -H "$AUTH"
	[ "$STATUS" = 200 ] || die "GET /api/user/me/ answered $STATUS" \
	    "$(head -c 300 "$T/body")"
	wrk -t"$THREADS" -c"$CONNS" -d2s -H "$AUTH" "$BASE/api/user/me/" \
	    > /dev/null 2>&1	# warm-up
	_sum=0 _cpu=0 _r=0 _all=
	while [ "$_r" -lt "$ROUNDS" ]; do
		_r=$((_r + 1))
		_c0=$(srv_cpu)
		wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" \
		    -s "$HERE/count.lua" -H "$AUTH" "$BASE/api/user/me/" \
		    > "$T/wrk.out" 2>&1 &
		WRK_PID=$!
		wait "$WRK_PID" || die "wrk failed" "$(cat "$T/wrk.out")"
		WRK_PID=
		_c1=$(srv_cpu)
		_rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$T/wrk.out")
		_n=$(awk '$1 == "bench:" { print $3 }' "$T/wrk.out")
		_bad=$(awk '$1 == "bench:" { print $5 }' "$T/wrk.out")
		[ -n "$_rps" ] && [ "${_n:-0}" -gt 0 ] && [ "$_bad" = 0 ] ||
		    die "$1: wrk saw errors" "$(cat "$T/wrk.out")"
		_all="$_all $_rps"
		_sum=$(awk -v a="$_sum" -v b="$_rps" 'BEGIN { print a + b }')
		_cpu=$(awk -v a="$_cpu" -v b="$_c0" -v c="$_c1" -v n="$_n" \
		    'BEGIN { print a + 1000 * (c - b) / n }')
	done
	ME=$(awk -v s="$_sum" -v c="$_cpu" -v r="$ROUNDS" \
	    'BEGIN { printf "%.1f %.2f", s / r, c / r }')
	printf 'bench: %-28s %8s req/s  %s server CPU ms/request  (rounds:%s)\n' \
	    "$1" "${ME% *}" "${ME#* }" "$_all"
}

echo "bench: directory at $SMALL and $BIG users, lighttpd on $BASE," \
    "$(nproc 2>/dev/null || echo '?') CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
me "GET /api/user/me/ at $SMALL users"
ME_SMALL=$ME

t0=$(date +%s)
fill $((SMALL + 1)) "$BIG"
t1=$(date +%s)
# the server's CGIs run as another user when we are root (server.sh)
[ "$(id -u)" -ne 0 ] || chown -R "$SRV_USER:$SRV_GROUP" "$T"
n=$(sqlite3 -batch "$ACCOUNTS_DB" "SELECT value FROM counters WHERE name = 'users'")
[ "$n" = "$BIG" ] || die "the database has $n users, not $BIG"
echo "bench: filled to $BIG users in $((t1 - t0)) s" \
    "($(du -m "$ACCOUNTS_DB" | cut -f1) MiB)"
me "GET /api/user/me/ at $BIG users"
ME_BIG=$ME

# --- lists at BIG users ------------------------------------------------------
LAST=$(((BIG + 19) / 20))
MIDDLE=$(((LAST + 1) / 2))
# median time to the first byte (ms) of RUNS requests of QUERY
served() {
	_i=0
	: > "$T/times"
	while [ "$_i" -lt "$RUNS" ]; do
		_i=$((_i + 1))
		curl -sS -o "$T/body" -w '%{http_code} %{time_starttransfer}\n' \
		    -H "$AUTH" "$BASE/api/users/?$1" >> "$T/times"
	done
	grep -qv '^200 ' "$T/times" && die "GET /api/users/?$1 failed" \
	    "$(head -c 300 "$T/body")"
	awk '{ print $2 * 1000 }' "$T/times" | sort -n |
	    awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'
}
# cgi_env QUERY COMMAND...: COMMAND with the environment lighttpd gives
# a CGI (to run one directly).
cgi_env() {
	_q=$1
	shift
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SERVER_PROTOCOL=HTTP/1.1 \
	    REMOTE_ADDR=127.0.0.1 HTTP_HOST=127.0.0.1 SERVER_NAME=127.0.0.1 \
	    SERVER_PORT="$PORT" SCRIPT_NAME=/api/users PATH_INFO= \
	    HTTP_AUTHORIZATION="Bearer $TOKEN" ACCOUNTS_DB="$ACCOUNTS_DB" \
	    ACCOUNTS_DATA_DIR="$ACCOUNTS_DATA_DIR" QUERY_STRING="$_q" "$@"
}
# CPU ms of one execution of PROGRAM with QUERY: perf stat, or a loop
cpu() {
	if command -v perf >/dev/null 2>&1 &&
	    cgi_env "$2" perf stat -r "$RUNS" -x, -e task-clock \
	    "$BIN/$1" < /dev/null > /dev/null 2> "$T/perf" &&
	    grep -q task-clock "$T/perf"; then
		awk -F, '$3 == "task-clock" { printf "%.1f", $1 }' "$T/perf"
		return
	fi
	times > "$T/t0"
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		_i=$((_i + 1))
		cgi_env "$2" "$BIN/$1" < /dev/null > /dev/null
	done
	times > "$T/t1"
	# children's user + system time, second line of `times`
	cat "$T/t0" "$T/t1" | awk -v n="$RUNS" 'NR == 2 || NR == 4 {
		s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m");
		s += a[1] * 60 + a[2] }; v[NR] = s }
		END { printf "%.1f", 1000 * (v[4] - v[2]) / n }'
}
# peak RSS (KiB) of one execution
rss() {
	cgi_env "$2" /usr/bin/time -f '%M' "$BIN/$1" \
	    < /dev/null > "$T/out" 2> "$T/rss" || die "$1 ?$2 failed"
	grep -q '"errno":0' "$T/out" || die "$1 ?$2 did not answer 0" \
	    "$(tail -c 300 "$T/out")"
	tail -n 1 "$T/rss"
}

http GET "$BASE/api/users/?q=zebulon" -H "$AUTH"
FOUND=$(json .data.count)
http GET "$BASE/api/users/?page=$LAST" -H "$AUTH"
[ "$(json .data.count)" = "$BIG" ] && [ "$(json '.data.results | length')" -ge 1 ] ||
    die "the last page is wrong" "$(head -c 300 "$T/body")"
printf '\nbench: GET /api/users/ at %s users (%s requests each)\n' "$BIG" "$RUNS"
printf 'bench: %-34s %9s %9s %9s\n' "" "served ms" "CPU ms" "peak RSS"
: > "$T/lists"
for spec in "page 1|page=1" "last page ($LAST)|page=$LAST" \
    "middle page ($MIDDLE)|page=$MIDDLE" "q=zebulon ($FOUND found)|q=zebulon"; do
	label=${spec%%|*} qs=${spec#*|}
	s=$(served "$qs")
	c=$(cpu users "$qs")
	r=$(rss users "$qs")
	printf 'bench: %-34s %9s %9s %6s KiB\n' "$label" "$s" "$c" "$r"
	echo "${label%% *} $s $c $r" >> "$T/lists"
done
# The trigram index as the triggers built it, during one big insert, is in
# many segments, which every search reads; merged into one (what an
# administrator would do after a bulk import) a search costs less.
sqlite3 -batch "$ACCOUNTS_DB" \
    "INSERT INTO users_fts (users_fts) VALUES ('optimize')" ||
    die "cannot optimize the search index"
[ "$(id -u)" -ne 0 ] || chown -R "$SRV_USER:$SRV_GROUP" "$T"
label="q=zebulon, index optimized" qs=q=zebulon
printf 'bench: %-34s %9s %9s %6s KiB\n' "$label" "$(served "$qs")" \
    "$(cpu users "$qs")" "$(rss users "$qs")"
r=$(cgi_env "" /usr/bin/time -f '%M' "$BIN/user-me" \
    < /dev/null 2>&1 > /dev/null | tail -n 1)
printf 'bench: %-34s %9s %9s %6s KiB\n' "GET /api/user/me/ ($BIG users)" - - "$r"
echo "me - - $r" >> "$T/lists"

# --- verdicts -----------------------------------------------------------------
verdict() {	# DESC CONDITION-AWK
	if awk "BEGIN { exit !($2) }"; then
		echo "bench: ok     $1"
	else
		echo "bench: MISSED $1"
		MISSED="$MISSED $1;"
	fi
}
v() { awk -v k="$1" -v f="$2" '$1 == k { print $f; exit }' "$T/lists"; }
echo
verdict "me at $BIG users within 10% of me at $SMALL (${ME_BIG% *} vs ${ME_SMALL% *} req/s; server CPU ${ME_BIG#* } vs ${ME_SMALL#* } ms/request)" \
    "${ME_BIG% *} >= 0.9 * ${ME_SMALL% *}"
verdict "last page <= 2x page 1 (served $(v last 2) vs $(v page 2) ms)" \
    "$(v last 2) <= 2 * $(v page 2)"
verdict "q <= 2x page 1 (served $(v q=zebulon 2) vs $(v page 2) ms)" \
    "$(v q=zebulon 2) <= 2 * $(v page 2)"
for k in page last q=zebulon; do
	verdict "$k under 50 ms (served $(v "$k" 2) ms)" "$(v "$k" 2) < 50"
done
for k in page last middle q=zebulon me; do
	verdict "$k peak RSS <= 8 MiB ($(v "$k" 4) KiB)" "$(v "$k" 4) <= 8192"
done
if [ -n "$MISSED" ] && [ -n "${BENCH_STRICT:-}" ]; then
	exit 1
fi
exit 0
