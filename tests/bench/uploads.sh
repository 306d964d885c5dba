#!/bin/sh
# `make bench`, uploads: what group files cost.
#  1. Peak RSS of the upload CGI (groups-uploads, run directly) for a
#     1 MiB and a 100 MiB file, as random bytes (libmagic recognises
#     nothing and walks its whole database) and as a WAV (recognised at
#     once).  Target: the same for both sizes, and <= 8 MiB.
#  2. Seconds to upload 100 MiB through lighttpd (curl, multipart) against
#     `cp` of the same file on the same disk, and `cp` + `sync`.  Target:
#     <= 3x cp.  Also the floor: the same upload to a CGI that only reads
#     its input (cat > /dev/null), the cost of curl and lighttpd alone.
#  3. Requests/s of GET /api/files/{id}/ on a 64 KiB image through
#     lighttpd (wrk), copied by the CGI and with ACCOUNTS_SENDFILE=1,
#     against lighttpd serving the same file statically, and the floor
#     of any CGI there (build/bench/hello), in BENCH_RUNS rounds.
# Fails if a step did not work; BENCH_STRICT=1 also fails when a target
# is missed.  BENCH_DURATION (5) seconds per wrk run, BENCH_RUNS (3)
# uploads and rounds per figure (the median is taken), KEEP=1 keeps the
# directory.
. "$(dirname "$0")/../lib.sh"

DURATION=${BENCH_DURATION:-5}
RUNS=${BENCH_RUNS:-3}
MIB=1048576
PASS=Bench-Upload-1

die() { echo "bench-uploads: FAIL: $*" >&2; [ -z "${SRV_DIR:-}" ] || srv_log >&2; exit 1; }
for c in lighttpd curl jq wrk; do
	command -v "$c" >/dev/null 2>&1 || die "$c not installed"
done
[ -x /usr/bin/time ] || die "/usr/bin/time not installed (apt-get install time)"
HELLO=$ROOT/build/bench/hello
[ -x "$BIN/groups-uploads" ] && [ -x "$HELLO" ] ||
    die "run make all build/bench/hello first"

export ACCOUNTS_HASH_COST=1
t_setup
. "$ROOT/tests/cgi/lib/groups.sh"
. "$ROOT/tests/e2e/lib/server.sh"
# the server runs copies of the CGIs and hello from one directory
SRV_CGI_BIN=$T/cgi-bin
mkdir -p "$SRV_CGI_BIN" && cp "$BIN"/* "$HELLO" "$SRV_CGI_BIN/" ||
    die "cannot copy the CGIs"
printf '#!/bin/sh\ncat > /dev/null\nprintf "Status: 201 Created\\r\\nContent-Type: text/plain\\r\\n\\r\\nread\\n"\n' \
    > "$SRV_CGI_BIN/drain"
chmod 0755 "$SRV_CGI_BIN/drain"
printf '/api/hello/ hello\n/api/drain/ drain\n' > "$T/hello.routes"
SRV_ROUTES=$ROOT/cgi-bin/routes.txt:$T/hello.routes
STATIC_PID=
trap '[ -z "$STATIC_PID" ] || kill "$STATIC_PID" 2>/dev/null; srv_stop; t_teardown' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# --- set-up: a user in a group ------------------------------------------
printf 'username=bench&password=%s&password2=%s' "$PASS" "$PASS" > "$T/reg"
env REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH="$(wc -c < "$T/reg")" "$BIN/user-register" \
    < "$T/reg" > "$T/out"
cgi_split
TOKEN=$(json .data.token)
UID_=$(json .data.user.id)
[ "$STATUS" = 201 ] || die "register answered $STATUS"
G=$(mkgroup bench "$UID_:member")
AUTH="Authorization: Bearer $TOKEN"
BND=benchBoundary

# body KIND FILE: a multipart body around FILE in $T/body.in
body() {
	{ printf -- '--%s\r\nContent-Disposition: form-data; name="kind"\r\n\r\n%s\r\n' "$BND" "$1"
	  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n' "$BND"
	  cat "$2"
	  printf '\r\n--%s--\r\n' "$BND"; } > "$T/body.in"
}

# --- 1. peak RSS ---------------------------------------------------------
wav() {	# FILE: a WAV header and 1 MiB of random samples
	{ printf 'RIFF\377\377\377\377WAVEfmt \020\000\000\000\001\000\001\000'
	  printf '\100\037\000\000\200\076\000\000\002\000\020\000'
	  printf 'data\377\377\377\377'
	  head -c $((MIB - 44)) /dev/urandom; } > "$1"
}
rss() {	# KIND FILE: peak RSS in KiB of one upload, run directly
	body "$1" "$2"
	env REQUEST_METHOD=POST PATH_INFO="/$G" \
	    "CONTENT_TYPE=multipart/form-data; boundary=$BND" \
	    CONTENT_LENGTH="$(wc -c < "$T/body.in")" \
	    HTTP_AUTHORIZATION="Bearer $TOKEN" ACCOUNTS_MAX_VOICE=$((128 * MIB)) \
	    /usr/bin/time -f %M -o "$T/rss" "$BIN/groups-uploads" \
	    < "$T/body.in" > "$T/out"
	cgi_split
	[ "$STATUS" = 201 ] || die "upload for RSS answered $STATUS: $(cat "$T/body")"
	cat "$T/rss"
}
echo "bench-uploads: peak RSS of groups-uploads, run directly" >&2
: > "$T/rss.all"
# The 100 MiB files start with the 1 MiB ones: libmagic, which reads the
# first 256 KiB, then does the same work for both sizes, and what is
# left to compare is what the size costs.
head -c "$MIB" /dev/urandom > "$T/rand.1"
wav "$T/wav.1"
for f in rand wav; do
	{ cat "$T/$f.1"; head -c $((99 * MIB)) /dev/urandom; } > "$T/$f.100"
done
for size in 1 100; do
	r=$(rss file "$T/rand.$size")
	w=$(rss voice "$T/wav.$size")
	echo "$size $r $w" >> "$T/rss.all"
	printf '  %3d MiB file: %6d KiB (random bytes)  %6d KiB (WAV)\n' \
	    "$size" "$r" "$w" >&2
done
rm -f "$T"/rand.* "$T"/wav.* "$T/body.in"

# --- 2. 100 MiB through lighttpd, against cp ----------------------------
srv_start lighttpd >&2 || die "lighttpd did not start"
head -c $((100 * MIB)) /dev/urandom > "$T/100m"
: > "$T/up.t"; : > "$T/cp.t"; : > "$T/sync.t"; : > "$T/drain.t"
i=0
while [ "$i" -lt "$RUNS" ]; do
	i=$((i + 1))
	a=$(now)
	code=$(curl -sS -o "$T/up.json" -w '%{http_code}' -H "$AUTH" \
	    -F kind=file -F "file=@$T/100m" "$BASE/api/groups/$G/uploads/")
	b=$(now)
	[ "$code" = 201 ] || die "100 MiB upload answered $code: $(cat "$T/up.json")"
	secs "$a" "$b" >> "$T/up.t"
	id=$(jq -r .data.id "$T/up.json")
	curl -sS -o /dev/null -X DELETE -H "$AUTH" "$BASE/api/files/$id/"
	a=$(now)
	code=$(curl -sS -o /dev/null -w '%{http_code}' -F kind=file \
	    -F "file=@$T/100m" "$BASE/api/drain/")
	b=$(now)
	[ "$code" = 201 ] || die "100 MiB to the drain answered $code"
	secs "$a" "$b" >> "$T/drain.t"
	a=$(now); cp "$T/100m" "$ACCOUNTS_DATA_DIR/cp.bin"; b=$(now)
	secs "$a" "$b" >> "$T/cp.t"
	rm -f "$ACCOUNTS_DATA_DIR/cp.bin"
	a=$(now); cp "$T/100m" "$ACCOUNTS_DATA_DIR/cp.bin"
	sync "$ACCOUNTS_DATA_DIR/cp.bin"; b=$(now)
	secs "$a" "$b" >> "$T/sync.t"
	rm -f "$ACCOUNTS_DATA_DIR/cp.bin"
done
UP=$(median < "$T/up.t") CP=$(median < "$T/cp.t") SY=$(median < "$T/sync.t")
DR=$(median < "$T/drain.t")
rm -f "$T/100m"

# --- 3. GET a 64 KiB image: CGI, X-Sendfile, static ---------------------
{ printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
    base64 -d; head -c 65536 /dev/urandom; } | head -c 65536 > "$T/64k.png"
code=$(curl -sS -o "$T/up.json" -w '%{http_code}' -H "$AUTH" \
    -F kind=image -F "file=@$T/64k.png" "$BASE/api/groups/$G/uploads/")
[ "$code" = 201 ] || die "64 KiB image upload answered $code"
ID=$(jq -r .data.id "$T/up.json")
load() {	# NAME URL [wrk args]: req/s of a wrk run, every answer 2xx
	_n=$1 _u=$2
	shift 2
	[ "$_n" = hello ] || { curl -sS -o "$T/got" "$@" "$_u" &&
	    cmp -s "$T/got" "$T/64k.png"; } ||
	    die "$_n: $_u does not serve the image"
	wrk -t2 -c4 -d"${DURATION}s" -s "$ROOT/tests/bench/count.lua" \
	    "$@" "$_u" > "$T/wrk.out" 2>&1 || die "wrk failed: $(cat "$T/wrk.out")"
	[ "$(awk '$1 == "bench:" { print $5 }' "$T/wrk.out")" = 0 ] ||
	    die "$_n: answers that were not 2xx: $(cat "$T/wrk.out")"
	awk '$1 == "Requests/sec:" { printf "%.0f", $2 }' "$T/wrk.out"
}
# the same file from a plain static lighttpd, running alongside
mkdir -p "$T/static"
cp "$T/64k.png" "$T/static/64k.png"
[ "$(id -u)" -ne 0 ] || chown -R www-data:www-data "$T/static"
SPORT=$(free_port) || die "no free port"
{ echo "server.document-root = \"$T/static\""
  echo "server.bind = \"127.0.0.1\""
  echo "server.port = $SPORT"
  echo "server.errorlog = \"$T/static.log\""
  echo 'mimetype.assign = ( ".png" => "image/png" )'
  if [ "$(id -u)" -eq 0 ]; then
	echo 'server.username = "www-data"'
	echo 'server.groupname = "www-data"'
  fi; } > "$T/static.conf"
setsid lighttpd -D -f "$T/static.conf" > "$T/static.out" 2>&1 &
STATIC_PID=$!
n=0
until curl -s -o /dev/null "http://127.0.0.1:$SPORT/64k.png" || [ $n -gt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done

# Rounds, each measuring every URL in turn, so that other load on the
# machine falls on all of them alike; the median round counts.  The
# X-Sendfile rounds run on the server restarted with the setting, each
# with a hello-world round of its own.
: > "$T/rps"
r=0
while [ "$r" -lt "$RUNS" ]; do
	r=$((r + 1))
	echo "cgi $(load cgi "$BASE/api/files/$ID/" -H "$AUTH")" >> "$T/rps"
	echo "hello $(load hello "$BASE/api/hello/")" >> "$T/rps"
	echo "static $(load static "http://127.0.0.1:$SPORT/64k.png")" >> "$T/rps"
done
srv_stop
export ACCOUNTS_SENDFILE=1
srv_start lighttpd >&2 || die "lighttpd did not start"
r=0
while [ "$r" -lt "$RUNS" ]; do
	r=$((r + 1))
	echo "xs $(load x-sendfile "$BASE/api/files/$ID/" -H "$AUTH")" >> "$T/rps"
	echo "hello2 $(load hello "$BASE/api/hello/")" >> "$T/rps"
done
srv_stop
unset ACCOUNTS_SENDFILE
rps() { awk -v k="$1" '$1 == k { print $2 }' "$T/rps" | median; }
CGI_RPS=$(rps cgi) HELLO_RPS=$(rps hello) ST_RPS=$(rps static)
XS_RPS=$(rps xs) HELLO2_RPS=$(rps hello2)

# --- result --------------------------------------------------------------
awk -v up="$UP" -v cp="$CP" -v sy="$SY" -v dr="$DR" -v cgi="$CGI_RPS" -v xs="$XS_RPS" \
    -v st="$ST_RPS" -v hello="$HELLO_RPS" -v hello2="$HELLO2_RPS" \
    -v strict="${BENCH_STRICT:-}" '
{ r[$1] = $2; w[$1] = $3 }
END {
	printf "\nupload RSS:  1 MiB %d KiB, 100 MiB %d KiB (random bytes); " \
	    "%d KiB, %d KiB (WAV)\n", r[1], r[100], w[1], w[100]
	bad = 0
	for (k in r) if (r[k] > 8192 || w[k] > 8192) bad = 1
	same = (r[100] - r[1] < 512 && r[1] - r[100] < 512 && \
	    w[100] - w[1] < 512 && w[1] - w[100] < 512)
	printf "             (target: the same for both sizes: %s; <= 8 MiB: %s)\n", \
	    same ? "yes" : "NO", bad ? "NO" : "yes"
	printf "upload 100 MiB through lighttpd: %.3f s; cp %.3f s (%.1fx), " \
	    "cp + sync %.3f s (%.1fx)  (target <= 3x cp)\n", up, cp, up / cp, \
	    sy, up / sy
	printf "                                 (floor: curl and lighttpd to a " \
	    "CGI that only reads, %.3f s, %.1fx cp)\n", dr, dr / cp
	printf "GET 64 KiB image (medians of rounds): CGI %d req/s, static " \
	    "lighttpd %d req/s, a hello-world CGI %d req/s\n" \
	    "                  (CGI %.1f%% of static, %.0f%% of hello); " \
	    "X-Sendfile %d req/s (%.0f%% of hello then, %d req/s)\n", \
	    cgi, st, hello, 100 * cgi / st, 100 * cgi / hello, xs, \
	    100 * xs / hello2, hello2
	exit (strict != "" && (bad || !same || up > 3 * cp)) ? 1 : 0
}' "$T/rss.all"
