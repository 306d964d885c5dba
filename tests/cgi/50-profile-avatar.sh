#!/bin/sh
# Profile and avatar, run directly on the CGI binaries: every profile
# field of update-info, clearing with "" and null, occupations, changing
# the email, then avatars in four formats judged by content, refused
# files, hostile filenames, size limits, serving the bytes back, and
# removal of replaced files.
. "$(dirname "$0")/../lib.sh"
t_plan 120
t_setup

. "$(dirname "$0")/lib/helpers.sh"

bearer() { echo "HTTP_AUTHORIZATION=Bearer $1"; }
upd() {	# JSON [VAR=value...]: POST update-info as alice
	_j=$1
	shift
	p '%s' "$_j"
	call user-update-info POST "$JSON" "$AUTH" "$@"
}
prof() { json ".data.user.profile.$1"; }

register alice '"email":"alice@example.com"'
ALICE_ID=$ID ALICE=$TOKEN
AUTH=$(bearer "$ALICE")
register bob '"email":"bob@example.com"'
BOB_ID=$ID BOB=$TOKEN
q "INSERT INTO occupations (id, name, created_at) VALUES (7, 'Engineer', unixepoch())"

# --- update-info: every field ------------------------------------------
upd '{"bio":"line one\nline two","first_name":"Alice","last_name":"Liddell","fullname":"Alice Liddell","gender":1,"age":33,"phone":"+1 (555) 010-0199","address":"1 Rabbit Hole, Wonderland","identify_id":"ID-42","occupation":7}'
t_eq "update every field -> 200/0" "200 0" "$STATUS $(json .errno)"
t_eq "bio (multi-line)" "$(printf 'line one\nline two')" "$(prof bio)"
t_eq "first_name, last_name, fullname" "Alice|Liddell|Alice Liddell" \
    "$(prof first_name)|$(prof last_name)|$(prof fullname)"
t_eq "gender, age, occupation as numbers" "1 33 7 number number number" \
    "$(json '[.data.user.profile | .gender, .age, .occupation, (.gender|type), (.age|type), (.occupation|type)] | join(" ")')"
t_eq "phone, address, identify_id" "+1 (555) 010-0199|1 Rabbit Hole, Wonderland|ID-42" \
    "$(prof phone)|$(prof address)|$(prof identify_id)"
t_eq "stored in the database" "Alice Liddell|1|33|7|ID-42" \
    "$(q "SELECT fullname || '|' || gender || '|' || age || '|' || occupation_id || '|' || identify_id FROM users WHERE id = $ALICE_ID")"
noin user-me GET "$AUTH"
t_eq "me reads the same profile back" "Alice Liddell 33 7" \
    "$(prof fullname) $(prof age) $(prof occupation)"
upd '{"bio":"only the bio"}'
t_eq "updating one field leaves the others alone" "only the bio Alice 33 7" \
    "$(prof bio) $(prof first_name) $(prof age) $(prof occupation)"
p 'last_name=Pleasance&age=34'
call user-update-info PUT "$FORM" "$AUTH"
t_eq "PUT urlencoded -> 200, last_name and age" "200 Pleasance 34" \
    "$STATUS $(prof last_name) $(prof age)"
mp_start
mp_field first_name Alicia
mp_field gender 0
mp_end
call user-update-info POST "$MP" "$AUTH"
t_eq "multipart -> 200, first_name and gender" "200 Alicia 0" \
    "$STATUS $(prof first_name) $(prof gender)"
upd '{}'
t_eq "an empty update -> 200, nothing changed" "200 Alicia 34" \
    "$STATUS $(prof first_name) $(prof age)"

# clearing
upd '{"bio":"","phone":"","identify_id":""}'
t_eq "\"\" clears bio, phone, identify_id" "200 null null null" \
    "$STATUS $(prof bio) $(prof phone) $(prof identify_id)"
upd '{"first_name":null,"gender":null,"age":null,"occupation":null}'
t_eq "null clears first_name, gender, age, occupation" \
    "200 null null null null" \
    "$STATUS $(prof first_name) $(prof gender) $(prof age) $(prof occupation)"
p 'address=&fullname=&age=&occupation='
call user-update-info POST "$FORM" "$AUTH"
t_eq "empty urlencoded values clear address, fullname, age, occupation" \
    "200 null null null null" \
    "$STATUS $(prof address) $(prof fullname) $(prof age) $(prof occupation)"
t_eq "cleared columns are NULL in the database" "1" \
    "$(q "SELECT bio IS NULL AND first_name IS NULL AND gender IS NULL AND age IS NULL AND occupation_id IS NULL AND address IS NULL FROM users WHERE id = $ALICE_ID")"
t_eq "clearing left last_name alone" "Pleasance" \
    "$(q "SELECT last_name FROM users WHERE id = $ALICE_ID")"

# refused values
upd '{"occupation":999}'
t_eq "unknown occupation id -> 400/1006 fields.occupation" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("occupation")')"
upd '{"occupation":0}'
t_eq "occupation 0 -> 400/1006 fields.occupation" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("occupation")')"
upd '{"occupation":7,"bio":"with job"}'
t_eq "a known occupation is set" "200 7" "$STATUS $(prof occupation)"
upd '{"occupation":999,"bio":"must not stick"}'
t_eq "a refused update changes no field at all" "with job 7" \
    "$(noin user-me GET "$AUTH"; prof bio) $(prof occupation)"
upd "{\"bio\":\"$(printf 'b%.0s' $(seq 2001))\"}"
t_eq "bio over 2000 characters -> 400 fields.bio" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("bio")')"
upd "{\"fullname\":\"$(printf 'f%.0s' $(seq 101))\"}"
t_eq "fullname over 100 characters -> 400 fields.fullname" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("fullname")')"
upd "{\"fullname\":\"$(printf '\303\251%.0s' $(seq 100))\"}"
t_eq "fullname of 100 two-byte characters -> 200 (limit in characters)" \
    "200" "$STATUS"
upd '{"phone":"call me"}'
t_eq "phone with letters -> 400 fields.phone" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("phone")')"
upd '{"email":"not an email"}'
t_eq "bad email -> 400 fields.email" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("email")')"
p '{"bio":"x"}'
call user-update-info POST "$JSON"
t_eq "update-info without credentials -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"

# email
q "UPDATE users SET email_verified = 1 WHERE id = $ALICE_ID"
upd '{"email":"alice.new@example.com"}'
t_eq "email change (verification off) -> 200, new email" \
    "200 alice.new@example.com" "$STATUS $(json .data.user.email)"
t_eq "a changed email is no longer verified" "false" \
    "$(json .data.user.email_verified)"
noin user-me GET "$AUTH"
t_eq "me shows the new email" "alice.new@example.com" "$(json .data.user.email)"
p '{"username":"alice.new@example.com","password":"%s"}' "$PW"
call user-login POST "$JSON"
t_eq "login by the new email" "200 $ALICE_ID" "$STATUS $(json .data.user.id)"
p '{"username":"alice@example.com","password":"%s"}' "$PW"
call user-login POST "$JSON"
t_eq "the old email no longer logs in" "401 1002" "$STATUS $(json .errno)"
upd '{"email":"bob@example.com"}'
t_eq "email taken by bob -> 409/1007" "409 1007" "$STATUS $(json .errno)"
upd '{"email":"BOB@Example.COM"}'
t_eq "email taken by bob, other case -> 409/1007" "409 1007" \
    "$STATUS $(json .errno)"
upd '{"email":"ALICE.NEW@example.com"}'
t_eq "own email in other case -> 200" "200" "$STATUS"
upd '{"email":"alice3@example.com"}' ACCOUNTS_EMAIL_VERIFICATION=1
t_eq "email change with verification on -> 400/1006 fields.email" \
    "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("email")')"
upd '{"bio":"verified mode"}' ACCOUNTS_EMAIL_VERIFICATION=1
t_eq "other fields still change with verification on" "200 verified mode" \
    "$STATUS $(prof bio)"
t_eq "bob's email untouched" "bob@example.com" \
    "$(q "SELECT email FROM users WHERE id = $BOB_ID")"

# --- avatar ------------------------------------------------------------
printf 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
    base64 -d > "$T/a.png"
printf 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7' |
    base64 -d > "$T/a.gif"
printf 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==' |
    base64 -d > "$T/a.webp"
printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000\377\331' \
    > "$T/a.jpg"
printf 'hello, this is not an image\n' > "$T/a.txt"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n' \
    > "$T/a.svg"
printf '<!DOCTYPE html><html><script>alert(1)</script></html>\n' > "$T/a.html"
: > "$T/empty"
AV=$ACCOUNTS_DATA_DIR/avatars
upload() {	# FILE FILENAME PART-CTYPE [VAR=value...]: as alice by default
	_f=$1 _n=$2 _c=$3
	shift 3
	mp_start
	mp_file avatar "$_n" "$_f" "$_c"
	mp_end
	call user-update-avatar POST "$MP" "${UP_AUTH:-$AUTH}" "$@"
}
files() { find "$ACCOUNTS_DATA_DIR" -type f | sed "s|^$ACCOUNTS_DATA_DIR/||" | sort; }
nfiles() { files | grep -c . ; }
get_avatar() { _id=$1; shift; noin users-avatar GET "PATH_INFO=/$_id" "$@"; }
# served ID FILE MIME: GET the avatar of ID and compare with FILE
served() {
	get_avatar "$1"
	rawbody > "$T/got"
	t_eq "GET avatar of $1: 200, $3" "200 $3" \
	    "$STATUS $(header Content-Type)"
	t_eq "GET avatar of $1: the uploaded bytes" "same" \
	    "$(cmp -s "$T/got" "$2" && echo same || echo differ)"
}

get_avatar "$ALICE_ID"
t_eq "no avatar yet -> 404/1005" "404 1005" "$STATUS $(json .errno)"
upload "$T/a.png" me.png image/png
t_eq "PNG avatar -> 200/0" "200 0" "$STATUS $(json .errno)"
URL=$(json .data.url)
t_match "url is /api/users/<id>/avatar/ with a cache buster" \
    "^/api/users/$ALICE_ID/avatar/\\?v=[0-9a-f]+\$" "$URL"
t_match "stored under one 32-hex-digit name with the content's extension" \
    '^avatars/[0-9a-f]{32}\.png$' "$(files)"
t_eq "stored file is the upload" "same" \
    "$(cmp -s "$ACCOUNTS_DATA_DIR/$(files)" "$T/a.png" && echo same || echo differ)"
served "$ALICE_ID" "$T/a.png" image/png
t_eq "avatar served with a restrictive CSP" "default-src 'none'; sandbox" \
    "$(header Content-Security-Policy)"
noin user-me GET "$AUTH"
t_eq "me shows the avatar url" "$URL" "$(prof avatar)"
OLD=$(files)
upload "$T/a.jpg" me.jpg image/jpeg
t_eq "JPEG avatar -> 200" "200 0" "$STATUS $(json .errno)"
t_match "replacing: only the new .jpg remains" '^avatars/[0-9a-f]{32}\.jpg$' \
    "$(files)"
t_eq "the old file was removed" "no" \
    "$(test -e "$ACCOUNTS_DATA_DIR/$OLD" && echo yes || echo no)"
served "$ALICE_ID" "$T/a.jpg" image/jpeg
upload "$T/a.gif" me.gif image/gif
t_eq "GIF avatar -> 200, one .gif file" "200 1" \
    "$STATUS $(files | grep -Ec '^avatars/[0-9a-f]{32}\.gif$')"
served "$ALICE_ID" "$T/a.gif" image/gif
upload "$T/a.webp" me.webp image/webp
t_eq "WebP avatar -> 200, one .webp file" "200 1" \
    "$STATUS $(files | grep -Ec '^avatars/[0-9a-f]{32}\.webp$')"
served "$ALICE_ID" "$T/a.webp" image/webp
upload "$T/a.png" me.jpg image/jpeg
t_eq "PNG bytes named .jpg: judged by content, stored as .png" "200 1" \
    "$STATUS $(files | grep -Ec '^avatars/[0-9a-f]{32}\.png$')"
served "$ALICE_ID" "$T/a.png" image/png
KEEP_FILES=$(files)

for f in txt svg html; do
	upload "$T/a.$f" x.png image/png
	t_eq "$f bytes named x.png -> 415/1012 fields.avatar" "415 1012 true" \
	    "$STATUS $(json .errno) $(json '.fields | has("avatar")')"
done
upload "$T/empty" x.png image/png
t_eq "empty file -> 415/1012" "415 1012" "$STATUS $(json .errno)"
t_eq "refused files stored nothing, replaced nothing" "$KEEP_FILES" "$(files)"
served "$ALICE_ID" "$T/a.png" image/png

# hostile filenames: the bytes are stored under our own name, nowhere else
for n in '../../etc/passwd' '/etc/passwd' '..%2F..%2Fevil.png' \
    "it's %22quoted%22.png" 'a;b=c.png' "$(printf 'nul\001name.png')"; do
	upload "$T/a.png" "$n" text/html
	t_eq "filename '$n' -> 200 (name ignored)" "200 0" \
	    "$STATUS $(json .errno)"
	t_match "filename '$n': the data dir holds one 32-hex-digit name" \
	    '^avatars/[0-9a-f]{32}\.png$' "$(files)"
done
upload "$T/a.png" 'a\"b/../../evil.png' image/png
t_match "filename with a quoted quote: 200 or 400, never more" \
    '^(200|400)$' "$STATUS"
t_match "... and still one 32-hex-digit name in the data dir" \
    '^avatars/[0-9a-f]{32}\.png$' "$(files)"
t_eq "nothing was written outside the avatars directory" "" \
    "$(find "$T" \( -name passwd -o -name '*evil*' -o -name '*quoted*' \
    -o -name '*.tmp' \) -print; find "$ACCOUNTS_DATA_DIR" -mindepth 1 \
    ! -path "$AV" ! -path "$AV/*" ! -path "$ACCOUNTS_DATA_DIR/tmp" -print)"
t_eq "the avatars directory holds regular files only" "" \
    "$(find "$AV" -mindepth 1 ! -type f -print)"

# size limits
head -c 1024 /dev/zero > "$T/pad"
{ cat "$T/a.png"; head -c $((1024 - $(wc -c < "$T/a.png"))) /dev/zero; } \
    > "$T/1024.png"
{ cat "$T/a.png"; head -c $((1025 - $(wc -c < "$T/a.png"))) /dev/zero; } \
    > "$T/1025.png"
upload "$T/1024.png" big.png image/png ACCOUNTS_MAX_AVATAR=1024
t_eq "avatar of exactly ACCOUNTS_MAX_AVATAR -> 200" "200 0" \
    "$STATUS $(json .errno)"
KEEP_FILES=$(files)
upload "$T/1025.png" big.png image/png ACCOUNTS_MAX_AVATAR=1024
t_eq "avatar one byte over ACCOUNTS_MAX_AVATAR -> 413/1012" "413 1012" \
    "$STATUS $(json .errno)"
head -c $((3 * 1024 * 1024)) /dev/zero > "$T/3m"
{ cat "$T/a.png" "$T/3m"; } > "$T/3m.png"
upload "$T/3m.png" big.png image/png
t_eq "3 MiB avatar with the default 2 MiB limit -> 413/1012" "413 1012" \
    "$STATUS $(json .errno)"
t_eq "oversized avatars stored nothing" "$KEEP_FILES" "$(files)"
served "$ALICE_ID" "$T/1024.png" image/png

# wrong shapes
mp_start
mp_field avatar "$(cat "$T/a.txt")"
mp_end
call user-update-avatar POST "$MP" "$AUTH"
t_eq "avatar as a plain field (no filename) -> 400/1006 fields.avatar" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("avatar")')"
p '{"avatar":"iVBORw0KGgo="}'
call user-update-avatar POST "$JSON" "$AUTH"
t_eq "avatar in JSON -> 400/1006 fields.avatar" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("avatar")')"
mp_start
mp_field bio x
mp_end
call user-update-avatar POST "$MP" "$AUTH"
t_eq "no avatar part -> 400/1006 fields.avatar" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("avatar")')"
mp_start
mp_file avatar a.png "$T/a.png" image/png
mp_file avatar b.png "$T/a.png" image/png
mp_end
call user-update-avatar POST "$MP" "$AUTH"
t_eq "two avatar parts -> 400/1006" "400 1006" "$STATUS $(json .errno)"
mp_start
mp_file avatar a.png "$T/a.png" image/png
call user-update-avatar POST "$MP" "$AUTH"
t_eq "multipart without its close delimiter -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"
upload "$T/a.png" a.png image/png "HTTP_AUTHORIZATION="
t_eq "upload without credentials -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"
UP_AUTH="HTTP_COOKIE=sid=$ALICE" upload "$T/a.png" a.png image/png \
    HTTP_ORIGIN=http://evil.example
t_eq "cookie upload from another site -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
t_eq "the refused uploads stored nothing" "$KEEP_FILES" "$(files)"

# serving
get_avatar "$BOB_ID"
t_eq "user without an avatar -> 404/1005" "404 1005" "$STATUS $(json .errno)"
get_avatar 99999
t_eq "unknown user -> 404/1005" "404 1005" "$STATUS $(json .errno)"
for pi in /abc /0 /-1 "/$ALICE_ID.5" / '' "/${ALICE_ID}abc" \
    /99999999999999999999999; do
	noin users-avatar GET "PATH_INFO=$pi"
	t_eq "PATH_INFO '$pi' -> 404/1005" "404 1005" "$STATUS $(json .errno)"
done
noin users-avatar GET "PATH_INFO=/$ALICE_ID/" "QUERY_STRING=v=abc"
t_eq "PATH_INFO with a trailing slash and ?v= -> 200 image" "200 image/png" \
    "$STATUS $(header Content-Type)"
noin users-avatar HEAD "PATH_INFO=/$ALICE_ID"
t_eq "HEAD on the avatar -> 200 image/png" "200 image/png" \
    "$STATUS $(header Content-Type)"

# a stored name that is not one of ours is never opened
cp "$ACCOUNTS_DB" "$ACCOUNTS_DATA_DIR/secret.png"
GOOD=$(q "SELECT avatar FROM users WHERE id = $ALICE_ID")
for bad in ../secret.png ../../accounts.db /etc/passwd "$GOOD/../../secret.png"; do
	q "UPDATE users SET avatar = '$bad' WHERE id = $ALICE_ID"
	get_avatar "$ALICE_ID"
	t_eq "stored avatar name '$bad' -> 404/1005, nothing served" \
	    "404 1005" "$STATUS $(json .errno)"
done
rm -f "$ACCOUNTS_DATA_DIR/secret.png"
q "UPDATE users SET avatar = '$GOOD' WHERE id = $ALICE_ID"
served "$ALICE_ID" "$T/1024.png" image/png

# deleting the account removes its avatar file
UP_AUTH=$(bearer "$BOB") upload "$T/a.gif" bob.gif image/gif
t_eq "bob uploads an avatar" "200 2" "$STATUS $(nfiles)"
BOB_FILE=$(files | grep '\.gif$')
p '{"password":"%s"}' "$PW"
call user-me DELETE "$JSON" "$(bearer "$BOB")"
t_eq "bob deletes his account" "200" "$STATUS"
t_eq "bob's avatar file is gone, alice's stays" "no $KEEP_FILES" \
    "$(test -e "$ACCOUNTS_DATA_DIR/$BOB_FILE" && echo yes || echo no) $(files)"
get_avatar "$BOB_ID"
t_eq "the deleted user's avatar -> 404/1005" "404 1005" \
    "$STATUS $(json .errno)"

envelope_report
