#!/bin/sh
# Group uploads and stored files, run directly on the CGI binaries: every
# kind with a file of its type, types judged by content (lying
# Content-Types, polyglots, executables, scripts, HTML, SVG, XML with
# scripts, empty files), hostile filenames, per-kind limits, who may
# upload, read and delete, lists, ranges and ETags, then failures half-way
# (client gone, killed, disk full, file size limit, libmagic broken) that
# must leave no file and no row, and `accountsctl files check`.
. "$(dirname "$0")/../lib.sh"
t_plan 143
t_setup

. "$(dirname "$0")/lib/helpers.sh"
. "$(dirname "$0")/lib/fixtures.sh"
. "$(dirname "$0")/lib/groups.sh"

F=$T/fx
fx_make "$F"
FILES=$ACCOUNTS_DATA_DIR/files
SPOOL=$ACCOUNTS_DATA_DIR/tmp

bearer() { echo "HTTP_AUTHORIZATION=Bearer $1"; }
# stored: the data directory's files (spool files included), one a line
stored() { find "$ACCOUNTS_DATA_DIR" -type f | sed "s|^$ACCOUNTS_DATA_DIR/||" | sort; }
nrows() { q "SELECT count(*) FROM uploads"; }
# state: "rows files spool-files", to compare before and after a failure
state() {
	echo "$(nrows) $(find "$FILES" -type f 2>/dev/null | wc -l) $(find "$SPOOL" -type f 2>/dev/null | wc -l)"
}
# up KIND FILE [FILENAME [PART-CTYPE [VAR=value...]]]: upload to group $G
# as $WHO (default alice)
up() {
	_k=$1 _f=$2 _n=${3:-$(basename "$2")} _c=${4:-application/octet-stream}
	shift 2
	[ $# -gt 0 ] && shift
	[ $# -gt 0 ] && shift
	mp_start
	mp_field kind "$_k"
	mp_file file "$_n" "$_f" "$_c"
	mp_end
	call groups-uploads POST "$MP" "$(bearer "${WHO:-$ALICE}")" \
	    "PATH_INFO=/${GID:-$G}" "$@"
}
# fget ID [VAR=value...]: GET /api/files/ID/ as $WHO (default alice)
fget() {
	_id=$1
	shift
	noin files GET "$(bearer "${WHO:-$ALICE}")" "PATH_INFO=/$_id" "$@"
}
fdel() {
	noin files DELETE "$(bearer "${WHO:-$ALICE}")" "PATH_INFO=/$1"
}
# same FILE: the last response's body is FILE's bytes
same() { rawbody > "$T/got"; cmp -s "$T/got" "$1" && echo same || echo differ; }

register alice; ALICE=$TOKEN ALICE_ID=$ID
register bob; BOB=$TOKEN BOB_ID=$ID
register carol; CAROL=$TOKEN CAROL_ID=$ID
register dave; DAVE=$TOKEN DAVE_ID=$ID
printf '%s\n' "$PW" | "$CTL" -d "$ACCOUNTS_DB" user add root --role admin \
    >/dev/null
p '{"username":"root","password":"%s"}' "$PW"
call user-login POST "$JSON"
ROOT_TOK=$(json .data.token)
G=$(mkgroup team "$ALICE_ID:member" "$BOB_ID:manager" "$CAROL_ID:member")
G2=$(mkgroup other "$DAVE_ID:member")
t_eq "set-up: four users, an admin, two groups" "1 2" \
    "$(q "SELECT count(*) FROM users WHERE username = 'root'") $(q "SELECT count(*) FROM groups")"

# --- every kind, served back --------------------------------------------
# kind FILE NAME MIME DISPOSITION
for c in "image a.png image/png inline" "expression a.gif image/gif inline" \
    "image a.webp image/webp inline" "voice a.wav audio/x-wav inline" \
    "voice a.ogg audio/ogg inline" "voice a.mp3 audio/mpeg inline" \
    "file a.pdf application/pdf attachment" \
    "file a.txt text/plain attachment" "file a.xml text/xml attachment"; do
	set -- $c
	up "$1" "$F/$2"
	t_eq "$1 $2 -> 201/0, kind $1, mime $3, size, name" \
	    "201 0 $1 $3 $(wc -c < "$F/$2" | tr -d ' ') $2" \
	    "$STATUS $(json .errno) $(json .data.kind) $(json .data.mime) $(json .data.size) $(json .data.name)"
	id=$(json .data.id)
	t_eq "$1 $2: url, group, user, created_at" \
	    "/api/files/$id/ $G $ALICE_ID true" \
	    "$(json .data.url) $(json .data.group) $(json .data.user) $(json '.data.created_at | test("^[0-9-]{10}T[0-9:]{8}Z$")')"
	fget "$id"
	t_eq "GET $2: 200 $3, $4, the same bytes" "200 $3 $4 same" \
	    "$STATUS $(header Content-Type) $(header Content-Disposition | cut -d';' -f1) $(same "$F/$2")"
done
t_eq "stored under 32 hex digits and the type's extension" "" \
    "$(stored | grep -Ev '^files/[0-9a-f]{32}\.(png|gif|webp|wav|ogg|mp3|pdf|txt|bin)$')"
t_eq "nine uploads: nine rows, nine files, no spool file left" "9 9 0" \
    "$(state)"
fget "$id"
t_eq "file served with nosniff and a sandboxing CSP, privately cached" \
    "nosniff|default-src 'none'; sandbox|private, no-cache" \
    "$(header X-Content-Type-Options)|$(header Content-Security-Policy)|$(header Cache-Control)"
t_match "strong ETag and Last-Modified" '^"[0-9a-f]{32}\.[a-z]+-[0-9a-f]+" [A-Z][a-z]{2}, ' \
    "$(header ETag) $(header Last-Modified)"

# --- judged by content --------------------------------------------------
B0=$(state)
up image "$F/a.txt" x.png image/png
t_eq "text sent as image/png, kind image -> 415/1012 fields.file" \
    "415 1012 true" "$STATUS $(json .errno) $(json '.fields | has("file")')"
up expression "$F/a.pdf" x.gif image/gif
t_eq "PDF as expression -> 415/1012" "415 1012" "$STATUS $(json .errno)"
up voice "$F/a.png" x.ogg audio/ogg
t_eq "PNG as voice -> 415/1012" "415 1012" "$STATUS $(json .errno)"
up voice "$F/a.txt" x.mp3 audio/mpeg
t_eq "text as voice -> 415/1012" "415 1012" "$STATUS $(json .errno)"
for f in a.html a.svg a.xhtml a.elf a.exe a.sh b.sh; do
	up file "$F/$f" report.pdf application/pdf
	t_eq "$f as a file (named report.pdf) -> 415/1012 fields.file" \
	    "415 1012 true" "$STATUS $(json .errno) $(json '.fields | has("file")')"
done
up file "$F/empty" empty.txt text/plain
t_eq "zero-byte file -> 415/1012" "415 1012" "$STATUS $(json .errno)"
up image "$F/empty"
t_eq "zero-byte image -> 415/1012" "415 1012" "$STATUS $(json .errno)"
t_eq "refused files left no row, no file, no spool file" "$B0" "$(state)"
up image "$F/poly.gif" poly.html text/html
t_eq "GIF+HTML polyglot as image: accepted as what its bytes start as" \
    "201 image/gif" "$STATUS $(json .data.mime)"
fget "$(json .data.id)"
t_eq "... served as image/gif, nosniff, sandboxed: never as HTML" \
    "image/gif nosniff default-src 'none'; sandbox" \
    "$(header Content-Type) $(header X-Content-Type-Options) $(header Content-Security-Policy)"
up file "$F/a.png" page.html text/html
t_eq "PNG named page.html, sent as text/html -> stored as image/png" \
    "201 image/png page.html" "$STATUS $(json .data.mime) $(json .data.name)"
fget "$(json .data.id)"
t_eq "... a file kind: attachment whatever its type" "image/png attachment" \
    "$(header Content-Type) $(header Content-Disposition | cut -d';' -f1)"

# --- hostile filenames --------------------------------------------------
B0=$(state)
for n in '../../etc/passwd|passwd' '..\..\boot.ini|boot.ini' \
    'C:\Users\x\evil.txt|evil.txt' '.htaccess|htaccess' \
    "$(printf 'a\001b\177c.txt')|abc.txt" "$(printf 'line\nbreak.txt')|linebreak.txt"; do
	up file "$F/a.txt" "${n%|*}" text/plain
	t_eq "filename '$(printf '%s' "${n%|*}" | tr '\001\177\n' '???')' -> 201, kept as '${n#*|}'" \
	    "201 ${n#*|}" "$STATUS $(json .data.name)"
done
t_eq "hostile names: only our own names in the data directory" "" \
    "$(stored | grep -Ev '^files/[0-9a-f]{32}\.[a-z0-9]+$')"
t_eq "nothing written outside the data directory" "" \
    "$(find "$T" \( -name passwd -o -name 'boot.ini' -o -name '*evil*' \
    -o -name '.htaccess' \) -print)"
# NUL in the quoted name: cut there, never stored with it
{ printf -- '--%s\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfile\r\n' "$B"
  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="nul\000.sh"\r\n\r\n' "$B"
  cat "$F/a.txt"; printf '\r\n--%s--\r\n' "$B"; } > "$T/in"
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "filename with a NUL -> 201, the name cut at the NUL" "201 nul" \
    "$STATUS $(json .data.name)"
# CR LF ends the header line: the quoted name never closes
{ printf -- '--%s\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfile\r\n' "$B"
  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="a\r\nX-Evil: 1.txt"\r\n\r\n' "$B"
  cat "$F/a.txt"; printf '\r\n--%s--\r\n' "$B"; } > "$T/in"
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "filename with CR LF -> 400/1006, nothing stored" "400 1006" \
    "$STATUS $(json .errno)"
long=$(printf '%0300d' 0 | tr 0 x)
up file "$F/a.txt" "$long.txt" text/plain
t_eq "300-byte filename -> 201, kept to 255 bytes" "201 255" \
    "$STATUS $(json .data.name | tr -d '\n' | wc -c | tr -d ' ')"
up file "$F/a.txt" "$(printf '%02000d' 0).txt" text/plain
t_eq "2000-byte filename (headers over 1 KiB) -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"
up file "$F/a.pdf" 'отчёт 100% 2026.pdf' application/pdf
t_eq "UTF-8 filename -> 201, kept" "201 отчёт 100% 2026.pdf" \
    "$STATUS $(json .data.name)"
fget "$(json .data.id)"
t_eq "Content-Disposition: ASCII fallback and filename*=UTF-8''" \
    "attachment; filename=\"_____ 100_ 2026.pdf\"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20100%25%202026.pdf" \
    "$(header Content-Disposition)"
up image "$F/a.png" "$(printf '\303(bad utf8.png')" image/png
t_eq "invalid UTF-8 in a filename: the broken byte dropped" "201 (bad utf8.png" \
    "$STATUS $(json .data.name)"
t_eq "hostile names left no spool file" "0" \
    "$(find "$SPOOL" -type f | wc -l | tr -d ' ')"

# --- malformed requests -------------------------------------------------
B0=$(state)
mp_start; mp_file file a.png "$F/a.png" image/png; mp_end
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "no kind -> 400/1006 fields.kind" "400 1006 required" \
    "$STATUS $(json .errno) $(json .fields.kind)"
mp_start; mp_field kind image; mp_end
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "no file -> 400/1006 fields.file" "400 1006 required" \
    "$STATUS $(json .errno) $(json .fields.file)"
up video "$F/a.png"
t_eq "unknown kind -> 400/1006 fields.kind" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("kind")')"
mp_start; mp_field kind image; mp_field file "$(cat "$F/a.txt")"; mp_end
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "file as a plain field -> 400/1006 fields.file" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("file")')"
mp_start; mp_field kind image; mp_file file a.png "$F/a.png"
mp_file file b.png "$F/a.png"; mp_end
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "two file parts -> 400/1006" "400 1006" "$STATUS $(json .errno)"
mp_start; mp_field kind image; mp_file file a.png "$F/a.png"
mp_field extra 1; mp_end
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "unknown field beside the file -> 400/1006 fields.extra" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("extra")')"
p '{"kind":"image","file":"iVBORw0KGgo="}'
call groups-uploads POST "$JSON" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "JSON body -> 400/1006 fields.file" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("file")')"
mp_start; mp_field kind image; mp_file file a.png "$F/a.png"
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G"
t_eq "no close delimiter -> 400/1006 fields.body" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("body")')"
t_eq "malformed requests left no row, no file, no spool file" "$B0" \
    "$(state)"

# --- per-kind limits ----------------------------------------------------
{ cat "$F/a.png"; head -c $((1024 - $(wc -c < "$F/a.png"))) /dev/zero; } \
    > "$T/1024.png"
{ cat "$T/1024.png"; printf x; } > "$T/1025.png"
{ cat "$F/a.txt"; head -c 3000 /dev/zero | tr '\0' 'x'; } > "$T/3k.txt"
B0=$(state)
up image "$T/1024.png" big.png image/png ACCOUNTS_MAX_IMAGE=1024
t_eq "image of exactly ACCOUNTS_MAX_IMAGE -> 201" "201" "$STATUS"
B0=$(state)
up image "$T/1025.png" big.png image/png ACCOUNTS_MAX_IMAGE=1024
t_eq "image one byte over ACCOUNTS_MAX_IMAGE (kind first) -> 413/1012" \
    "413 1012" "$STATUS $(json .errno)"
# the kind after the file: judged once both are read
mp_start; mp_file file big.png "$T/1025.png"; mp_field kind expression; mp_end
call groups-uploads POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G" \
    ACCOUNTS_MAX_IMAGE=1024
t_eq "kind sent after the file: still 413/1012, fields.file" "413 1012 true" \
    "$STATUS $(json .errno) $(json '.fields | has("file")')"
up file "$T/1025.png" big.png image/png ACCOUNTS_MAX_IMAGE=1024
t_eq "the same bytes as a file (its own limit) -> 201" "201" "$STATUS"
B0=$(state)
up file "$T/3k.txt" big.txt text/plain ACCOUNTS_MAX_FILE=2048
t_eq "file over ACCOUNTS_MAX_FILE -> 413/1012" "413 1012" \
    "$STATUS $(json .errno)"
up voice "$F/a.wav" big.wav audio/wav ACCOUNTS_MAX_VOICE=4096
t_eq "voice over ACCOUNTS_MAX_VOICE -> 413/1012" "413 1012" \
    "$STATUS $(json .errno)"
t_eq "oversized uploads left no row, no file, no spool file" "$B0" \
    "$(state)"
# announced too large: answered before any body arrives (the writer
# sends nothing for 3 s; timeout stops the program at 2 s)
sleep 3 | timeout 2 env REQUEST_METHOD=POST "$MP" "$(bearer "$ALICE")" \
    "PATH_INFO=/$G" ACCOUNTS_MAX_IMAGE=1024 ACCOUNTS_MAX_VOICE=1024 \
    ACCOUNTS_MAX_FILE=1024 CONTENT_LENGTH=$((1024 + 65536 + 1)) \
    "$BIN/groups-uploads" > "$T/out"
cgi_split
echo >> "$T/nresp"
envelope "groups-uploads POST (body never sent)"
t_eq "Content-Length over the largest limit: 413/1012 before reading" \
    "413 1012" "$STATUS $(json .errno)"

# --- who may ------------------------------------------------------------
B0=$(state)
WHO=$DAVE up image "$F/a.png"
t_eq "non-member uploads -> 403/1004" "403 1004" "$STATUS $(json .errno)"
WHO=$DAVE GID=99999 up image "$F/a.png"
t_eq "upload to a group that does not exist (non-admin) -> 403/1004" \
    "403 1004" "$STATUS $(json .errno)"
WHO=$ROOT_TOK GID=99999 up image "$F/a.png"
t_eq "... as an admin -> 404/1005" "404 1005" "$STATUS $(json .errno)"
up image "$F/a.png" a.png image/png "HTTP_AUTHORIZATION="
t_eq "upload without credentials -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"
t_eq "refused uploads left no row, no file, no spool file" "$B0" "$(state)"
up image "$F/a.png"
MINE=$(json .data.id)
WHO=$DAVE fget "$MINE"
t_eq "non-member downloads -> 403/1004" "403 1004" "$STATUS $(json .errno)"
WHO=$DAVE fget 99999
t_eq "non-member, file that does not exist -> 403/1004 (no hint)" \
    "403 1004" "$STATUS $(json .errno)"
WHO=$ROOT_TOK fget 99999
t_eq "admin, file that does not exist -> 404/1005" "404 1005" \
    "$STATUS $(json .errno)"
WHO=$ROOT_TOK fget "$MINE"
t_eq "admin (no member) downloads -> 200, the bytes" "200 same" \
    "$STATUS $(same "$F/a.png")"
WHO=$CAROL fget "$MINE"
t_eq "another member downloads -> 200" "200" "$STATUS"
noin files GET "PATH_INFO=/$MINE"
t_eq "download without credentials -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"
noin groups-uploads GET "$(bearer "$DAVE")" "PATH_INFO=/$G"
t_eq "non-member lists -> 403/1004" "403 1004" "$STATUS $(json .errno)"
noin groups-uploads GET "$(bearer "$ROOT_TOK")" "PATH_INFO=/99999"
t_eq "admin lists a group that does not exist -> 404/1005" "404 1005" \
    "$STATUS $(json .errno)"

# --- lists --------------------------------------------------------------
N=$(nrows)
noin groups-uploads GET "$(bearer "$CAROL")" "PATH_INFO=/$G"
t_eq "list: count, page 1, page_size 20, 20 results" "$N 1 20 20" \
    "$(json '[.data.count, .data.page, .data.page_size, (.data.results | length)] | join(" ")')"
t_eq "list: oldest first, upload objects" "true true" \
    "$(json '[.data.results[].id] | . == sort') $(json '.data.results[0] | has("id") and has("url") and has("kind") and has("mime") and has("size") and has("name") and has("group") and has("user") and has("created_at")')"
noin groups-uploads GET "$(bearer "$CAROL")" "PATH_INFO=/$G" \
    "QUERY_STRING=page=2&page_size=7"
t_eq "page 2 of 7: the 8th to 14th uploads" \
    "$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM uploads WHERE group_id = $G ORDER BY id LIMIT 7 OFFSET 7)")" \
    "$(json '[.data.results[].id] | join(" ")')"
for qs in page_size=0 page_size=101 page=0 page=x; do
	noin groups-uploads GET "$(bearer "$CAROL")" "PATH_INFO=/$G" \
	    "QUERY_STRING=$qs"
	t_eq "list ?$qs -> 400/1006" "400 1006" "$STATUS $(json .errno)"
done
noin groups-uploads GET "$(bearer "$DAVE")" "PATH_INFO=/$G2"
t_eq "an empty group: count 0, no results" "0 0" \
    "$(json '.data.count') $(json '.data.results | length')"
noin groups-uploads GET "$(bearer "$CAROL")" "PATH_INFO=/$G" \
    "QUERY_STRING=page=1000000"
t_eq "a page beyond the end: no results, the count" "0 $N" \
    "$(json '.data.results | length') $(json .data.count)"

# --- ranges and ETags ---------------------------------------------------
up voice "$F/a.wav"
W=$(json .data.id)
SIZE=$(wc -c < "$F/a.wav" | tr -d ' ')
head -c 10 "$F/a.wav" > "$T/h10"
tail -c 5 "$F/a.wav" > "$T/t5"
fget "$W" HTTP_RANGE=bytes=0-9
t_eq "Range bytes=0-9 -> 206, Content-Range, 10 bytes" \
    "206 bytes 0-9/$SIZE 10 same" \
    "$STATUS $(header Content-Range) $(header Content-Length) $(same "$T/h10")"
fget "$W" HTTP_RANGE=bytes=-5
t_eq "suffix Range bytes=-5 -> 206, the last 5 bytes" \
    "206 bytes $((SIZE - 5))-$((SIZE - 1))/$SIZE same" \
    "$STATUS $(header Content-Range) $(same "$T/t5")"
fget "$W" HTTP_RANGE=bytes=100-
t_eq "open Range bytes=100- -> 206 to the end" \
    "206 bytes 100-$((SIZE - 1))/$SIZE $((SIZE - 100))" \
    "$STATUS $(header Content-Range) $(header Content-Length)"
fget "$W" "HTTP_RANGE=bytes=$SIZE-"
t_eq "unsatisfiable Range -> 416, Content-Range bytes */size, JSON" \
    "416 1006 bytes */$SIZE" \
    "$STATUS $(json .errno) $(header Content-Range)"
fget "$W" "HTTP_RANGE=bytes=0-1,5-9"
t_eq "several ranges: ignored, the whole file" "200 $SIZE" \
    "$STATUS $(header Content-Length)"
fget "$W"
ETAG=$(header ETag)
fget "$W" "HTTP_IF_NONE_MATCH=$ETAG"
t_eq "If-None-Match with the ETag -> 304, no body, the ETag" "304 $ETAG 0" \
    "$STATUS $(header ETag) $(rawbody | wc -c | tr -d ' ')"
fget "$W" 'HTTP_IF_NONE_MATCH="something-else"'
t_eq "If-None-Match with another tag -> 200" "200" "$STATUS"
fget "$W" "HTTP_RANGE=bytes=0-9" 'HTTP_IF_RANGE="old"'
t_eq "If-Range with an old tag: the whole file" "200" "$STATUS"
noin files HEAD "$(bearer "$ALICE")" "PATH_INFO=/$W"
t_eq "HEAD -> 200 audio/x-wav, length, no body" "200 audio/x-wav $SIZE 0" \
    "$STATUS $(header Content-Type) $(header Content-Length) $(rawbody | wc -c | tr -d ' ')"

# --- avatars: streamed, ETag, 304 -------------------------------------
mp_start; mp_file avatar me.png "$F/a.png" image/png; mp_end
call user-update-avatar POST "$MP" "$(bearer "$ALICE")"
t_eq "avatar upload (streamed) -> 200, no spool file left" "200 0" \
    "$STATUS $(find "$SPOOL" -type f | wc -l | tr -d ' ')"
noin users-avatar GET "PATH_INFO=/$ALICE_ID"
AETAG=$(header ETag)
noin users-avatar GET "PATH_INFO=/$ALICE_ID" "HTTP_IF_NONE_MATCH=$AETAG"
t_eq "avatar: If-None-Match -> 304" "304" "$STATUS"
mp_start; mp_file avatar me.txt "$F/a.txt" image/png; mp_end
call user-update-avatar POST "$MP" "$(bearer "$ALICE")"
t_eq "avatar: text -> 415, no spool file left" "415 0" \
    "$STATUS $(find "$SPOOL" -type f | wc -l | tr -d ' ')"

# --- deleting -----------------------------------------------------------
up image "$F/a.png"
D1=$(json .data.id) P1=$FILES/$(q "SELECT stored_name FROM uploads WHERE id = $(json .data.id)")
WHO=$CAROL fdel "$D1"
t_eq "another member deletes -> 403/1004" "403 1004" "$STATUS $(json .errno)"
WHO=$DAVE fdel "$D1"
t_eq "a non-member deletes -> 403/1004" "403 1004" "$STATUS $(json .errno)"
fdel "$D1"
t_eq "the uploader deletes -> 200/0" "200 0" "$STATUS $(json .errno)"
t_eq "... row and stored file gone, trash swept" "0 no 0" \
    "$(q "SELECT count(*) FROM uploads WHERE id = $D1") $(test -e "$P1" && echo yes || echo no) $(q "SELECT count(*) FROM trash")"
fdel "$D1"
t_eq "deleting it again (member) -> 403/1004" "403 1004" \
    "$STATUS $(json .errno)"
WHO=$CAROL up file "$F/a.pdf"
D2=$(json .data.id) P2=$FILES/$(q "SELECT stored_name FROM uploads WHERE id = $(json .data.id)")
WHO=$BOB fdel "$D2"
t_eq "a manager deletes a member's file -> 200, the file gone" "200 no" \
    "$STATUS $(test -e "$P2" && echo yes || echo no)"
up file "$F/a.txt"
D3=$(json .data.id)
WHO=$ROOT_TOK fdel "$D3"
t_eq "an admin deletes -> 200" "200" "$STATUS"
WHO=$ROOT_TOK fdel "$D3"
t_eq "an admin deletes it again -> 404/1005" "404 1005" \
    "$STATUS $(json .errno)"
noin files PUT "$(bearer "$ALICE")" "PATH_INFO=/$MINE"
t_eq "PUT on a file -> 405, Allow: GET, DELETE" "405 GET, DELETE" \
    "$STATUS $(header Allow)"

# a user who uploaded leaves: the files stay, the uploader becomes null
WHO=$CAROL up file "$F/a.txt"
C1=$(json .data.id)
p '{"password":"%s"}' "$PW"
call user-me DELETE "$JSON" "$(bearer "$CAROL")"
fget "$C1"
t_eq "uploader's account deleted: the file still served" "200 same" \
    "$STATUS $(same "$F/a.txt")"
noin groups-uploads GET "$(bearer "$ALICE")" "PATH_INFO=/$G" \
    "QUERY_STRING=page_size=100"
t_eq "... its user is null in the list" "null" \
    "$(json ".data.results[] | select(.id == $C1) | .user")"

# --- failures half-way: no file, no row ---------------------------------
# a body with SIZE bytes of file in $T/big.in, for the runs below
big_body() {
	{ printf -- '--%s\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfile\r\n' "$B"
	  printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n' "$B"
	  head -c "$1" /dev/urandom; printf '\r\n--%s--\r\n' "$B"; } > "$T/big.in"
}
big_body $((3 * 1024 * 1024))
BIGLEN=$(wc -c < "$T/big.in" | tr -d ' ')
# runbig VAR=value...: the upload program on $T/big.in's announced
# length, stdin as redirected, stderr into $T/err
runbig() {
	env REQUEST_METHOD=POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G" \
	    CONTENT_LENGTH="$BIGLEN" "$@" "$BIN/groups-uploads" > "$T/out" \
	    2> "$T/err"
	cgi_split
}
B0=$(state)
head -c $((BIGLEN / 2)) "$T/big.in" > "$T/half.in"
runbig < "$T/half.in"
t_eq "client gone half-way (short body) -> 400/1006, nothing left" \
    "400 1006 $B0" "$STATUS $(json .errno) $(state)"

# stopped by the server half-way: the spool file goes with the process
rm -f "$T/fifo"
mkfifo "$T/fifo"
env REQUEST_METHOD=POST "$MP" "$(bearer "$ALICE")" "PATH_INFO=/$G" \
    CONTENT_LENGTH="$BIGLEN" "$BIN/groups-uploads" < "$T/fifo" \
    > "$T/out" 2>/dev/null &
CGI_PID=$!
exec 8> "$T/fifo"
head -c $((BIGLEN / 2)) "$T/big.in" >&8
n=0
while [ "$(find "$SPOOL" -type f -size +1024k | wc -l)" -eq 0 ] &&
    [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
t_eq "half an upload in: its spool file exists" "1" \
    "$(find "$SPOOL" -type f | wc -l | tr -d ' ')"
kill -TERM "$CGI_PID"
wait "$CGI_PID"
rc=$?
exec 8>&-
t_eq "SIGTERM half-way: the program ends by it, nothing left" \
    "143 $B0" "$rc $(state)"

# a full disk: a small tmpfs as the data directory if we may mount one
# (root), else a file size limit on the program does the same below
if [ "$(id -u)" = 0 ] && mkdir -p "$T/small" &&
    mount -t tmpfs -o size=1m tmpfs "$T/small" 2>/dev/null; then
	runbig ACCOUNTS_DATA_DIR="$T/small" < "$T/big.in"
	got="$STATUS $(json .errno) $(nrows) $(find "$T/small" -type f | wc -l | tr -d ' ') $(grep -c 'No space left' "$T/err")"
	umount "$T/small"
	t_eq "disk full (1 MiB tmpfs) -> 500/1500, no row, no file, logged" \
	    "500 1500 ${B0%% *} 0 1" "$got"
else
	t_ok "disk full (1 MiB tmpfs) # SKIP cannot mount a tmpfs"
fi
(ulimit -f 1024; runbig < "$T/big.in")
cgi_split
t_eq "file size limit (ulimit -f) -> 500/1500, nothing left, logged" \
    "500 1500 $B0 1" \
    "$STATUS $(json .errno) $(state) $(grep -c 'File too large' "$T/err")"

# libmagic cannot load its database
head -c 4096 /dev/urandom > "$T/bad.mgc"
big_body 5000
BIGLEN=$(wc -c < "$T/big.in" | tr -d ' ')
runbig MAGIC="$T/bad.mgc" < "$T/big.in"
t_eq "libmagic failing (a broken MAGIC database) -> 500/1500, nothing left, logged" \
    "500 1500 $B0 1" \
    "$STATUS $(json .errno) $(state) $(grep -c 'libmagic' "$T/err")"

# --- deleting a group; accountsctl files check ------------------------
"$CTL" -d "$ACCOUNTS_DB" files check > "$T/check" 2> "$T/check.err"
t_eq "files check on a consistent store: no finding" "0 " \
    "$? $(cat "$T/check")"
# a row without its file, an orphan (no row), an old spool file
WHO=$DAVE GID=$G2 up file "$F/a.txt"
LOST=$(q "SELECT stored_name FROM uploads WHERE id = $(json .data.id)")
rm "$FILES/$LOST"
head -c 10 /dev/zero > "$FILES/0123456789abcdef0123456789abcdef.bin"
touch -d '1 hour ago' "$FILES/0123456789abcdef0123456789abcdef.bin"
head -c 10 /dev/zero > "$SPOOL/fedcba9876543210fedcba9876543210.part"
touch -d '1 hour ago' "$SPOOL/fedcba9876543210fedcba9876543210.part"
head -c 10 /dev/zero > "$SPOOL/00000000000000000000000000000000.part"
GONE=$(q "SELECT group_concat(stored_name, ' ') FROM uploads WHERE group_id = $G")
rmgroup "$G"
t_eq "group deleted: its rows gone, its names in the trash" \
    "0 $(echo "$GONE" | wc -w | tr -d ' ')" \
    "$(q "SELECT count(*) FROM uploads WHERE group_id = $G") $(q "SELECT count(*) FROM trash WHERE dir = 'files'")"
"$CTL" -d "$ACCOUNTS_DB" files check > "$T/check" 2>/dev/null
t_eq "files check: orphans (the group's files too), spool files, missing" \
    "$(($(echo "$GONE" | wc -w) + 1)) 2 1" \
    "$(grep -c '^orphan	files/' "$T/check") $(grep -c '^spool	tmp/' "$T/check") $(grep -c "^missing	files/$LOST	upload " "$T/check")"
"$CTL" -d "$ACCOUNTS_DB" files check --fix > "$T/check" 2>/dev/null
left=
for n in $GONE; do [ -e "$FILES/$n" ] && left="$left $n"; done
t_eq "files check --fix: the deleted group's files are gone" "" "$left"
t_eq "... the old orphan and the old spool file removed, the young spool file kept" \
    "no no yes" \
    "$(test -e "$FILES/0123456789abcdef0123456789abcdef.bin" && echo yes || echo no) $(test -e "$SPOOL/fedcba9876543210fedcba9876543210.part" && echo yes || echo no) $(test -e "$SPOOL/00000000000000000000000000000000.part" && echo yes || echo no)"
t_eq "... the trash is empty, the missing file still reported" "0 1" \
    "$(q "SELECT count(*) FROM trash") $(grep -c '^missing' "$T/check")"
WHO=$DAVE fget "$(q "SELECT id FROM uploads WHERE stored_name = '$LOST'")"
t_eq "a row whose file is missing -> 404/1005" "404 1005" \
    "$STATUS $(json .errno)"
"$CTL" -d "$ACCOUNTS_DB" files check extra >/dev/null 2>&1
t_eq "files check with a stray argument -> usage, exit 2" "2" "$?"

envelope_report
