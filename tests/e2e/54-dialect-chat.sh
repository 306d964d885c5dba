#!/bin/sh
# The chat dialect through lighttpd: every example request of its
# document (docs/dialects/chat.md, examples C1-C14) as written, status and
# body; the examples are its flow: ask for a code (read out of the
# captured mail), register with it, log in by password and by code, use
# the token on the change_* calls, change the password (the document has
# no logout: the other sessions die with the password change), change
# the email and the avatar, and upload one file of each kind into a group
# chat, served back byte for byte.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/dialect.sh"
. "$ROOT/tests/mail.sh"
. "$ROOT/tests/cgi/lib/fixtures.sh"
. "$ROOT/tests/cgi/lib/groups.sh"
t_plan 208
t_setup
mail_setup
export ACCOUNTS_MAIL_FROM=accounts@example.org ACCOUNTS_THROTTLE_CODE=10/600
export ACCOUNTS_MAX_AVATAR=65536
dialect_start chat || exit 1
# rows written here in SQL stay the server user's
chat_chown() {
	[ "$(id -u)" -ne 0 ] ||
	    chown "$SRV_USER:$SRV_GROUP" "$ACCOUNTS_DB"* 2>/dev/null
	:
}
GROUPS_AFTER_SQL=chat_chown
F=$T/fx
fx_make "$F"
cp "$F/a.png" "$F/face.png"
cp "$F/a.gif" "$F/smile.gif"
cp "$F/a.txt" "$F/notes.txt"
cp "$F/a.ogg" "$F/hello.ogg"
# a 1x1 JPEG
printf '%s' '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=' |
    base64 -d > "$F/photo.jpg"

J=application/json
TOK='test("^[A-Za-z0-9_-]{43}$")'
OK='{"code": 0, "info": "Succeed"}'
# login: the answer's members, its token and ws_url
logged() {
	shape "$1" 200 "(keys | sort) == [\"code\", \"info\", \"token\",
	    \"ws_url\"] and .code == 0 and .info == \"Succeed\" and
	    (.token | $TOK) and .ws_url == \"ws/user/$2/\""
}
# the code of the newest mail, after checking it went to $2
mailed() {
	t_eq "$1: one more mail, to $2" "$(($3 + 1)):$2" \
	    "$(mail_count):$(sed -n 's/^To: //p' "$(mail_last)" | tr -d '\r')"
	CODE=$(mail_code "$(mail_last)")
}
# a code for email $1 and purpose register that is not 123456 (the
# document's sample code, which must stay wrong)
reg_code() {
	CODE=123456
	while [ "$CODE" = 123456 ]; do
		send POST /register $J "{\"email\": \"$1\", \"need_send\": true}"
		CODE=$(mail_code "$(mail_last)")
	done
}
# num CODE: the code as a JSON number (the document's samples send
# numbers): without its leading zeros
num() { _n=$(printf '%s' "$1" | sed 's/^0*//'); echo "${_n:-0}"; }
bearer() { printf 'Authorization: Bearer %s' "$1"; }
# mp PATH TOKEN FIELD=VALUE...: a multipart POST (curl -F), token "" for
# none
mp() {
	_p=$1 _t=$2
	shift 2
	for _f; do set -- "$@" -F "$_f"; shift; done
	if [ -n "$_t" ]; then
		http POST "$BASE$_p" -H "$(bearer "$_t")" "$@"
	else
		http POST "$BASE$_p" "$@"
	fi
}
# served URL TOKEN FILE: the URL answers FILE's bytes to TOKEN
served() {
	http GET "$BASE$2" -H "$(bearer "$3")"
	t_eq "$1: $2 serves the same bytes" "200 same" \
	    "$STATUS $(cmp -s "$T/body" "$4" && echo same)"
}

# --- C1-C4: registration ------------------------------------------------
n=$(mail_count)
send POST /register $J '{"email": "alice@163.com", "need_send": true}'
answer "C1 a registration code" 200 "$OK"
mailed "C1" alice@163.com "$n"
t_eq "C1: the mail is well-formed" "" "$(mail_check "$(mail_last)" alice@163.com)"
[ "$CODE" != 123456 ] || reg_code alice@163.com
K1=$CODE

send POST /register $J '{"name": "alice", "password": 123, "email": "alice@163.com", "security_code": 123456, "need_send": false}'
answer "C2 the sample (password 123)" 400 '{"code": -1, "info": "Invalid value of [password]"}'
send POST /register $J '{"name": "alice", "password": 12345678, "email": "alice@163.com", "security_code": 123456, "need_send": false}'
answer "C3 the sample's code" 400 '{"code": -1, "info": "Wrong verify code"}'
send POST /register $J "{\"name\": \"alice\", \"password\": 12345678, \"email\": \"alice@163.com\", \"security_code\": $(num "$K1"), \"need_send\": false}"
logged "C3 the mailed code (a JSON number)" 1
REG=$(json .token)
t_eq "C3: the sid cookie is set" yes \
    "$(grep -qi '^Set-Cookie: sid=' "$T/headers" && echo yes)"
t_eq "C3: role user, email verified" "user 1" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT r.name, u.email_verified FROM users u
	JOIN roles r ON r.id = u.role_id WHERE u.username = 'alice'" | tr '|' ' ')"
send POST /register $J "{\"name\": \"alice2\", \"password\": 12345678, \"email\": \"alice2@163.com\", \"security_code\": $(num "$K1"), \"need_send\": false}"
answer "the code was for alice@163.com only" 400 '{"code": -2, "info": "Please verify your email"}'

send POST /register $J '{"name": "bob", "password": "bob-pass-1", "email": "bob@163.com", "security_code": "123456", "need_send": false}'
answer "C4 no code requested" 400 '{"code": -2, "info": "Please verify your email"}'
n=$(mail_count)
send POST /register $J '{"email": "alice@163.com", "need_send": true}'
answer "C4 a code for a taken email" 400 '{"code": -2, "info": "Email already exists"}'
t_eq "C4: ... and no mail" "$n" "$(mail_count)"
send POST /register $J '{"email": "carol@163.com", "need_send": true}'
answer "C4 a code for carol" 200 "$OK"
mailed "C4" carol@163.com "$n"
K2=$CODE
send POST /register $J "{\"name\": \"alice\", \"password\": \"carol-pass-1\", \"email\": \"carol@163.com\", \"security_code\": \"$K2\", \"need_send\": false}"
answer "C4 a taken name" 400 '{"code": -2, "info": "Username duplicate"}'
send POST /register/ $J "{\"name\": \"carol\", \"password\": \"carol-pass-1\", \"email\": \"carol@163.com\", \"security_code\": \"$K2\"}"
logged "the code was not spent by the refusal (and /register/, need_send absent)" 2
CAROL=$(json .token)

# the fields
send POST /register $J '{"name": "dave", "password": "dave-pass-1", "email": "dave@163.com", "need_send": false}'
answer "no security_code" 400 '{"code": -1, "info": "Missing or error type of [security_code]"}'
send POST /register $J '{"name": "dave", "password": "dave-pass-1", "email": "dave@163.com", "security_code": 1234567, "colour": "red"}'
answer "an unknown field" 400 '{"code": -1, "info": "Unknown field [colour]"}'
send POST /register $J '{"name": "dave", "password": 1.5, "email": "dave@163.com", "security_code": 123456}'
answer "a float for a string" 400 '{"code": -1, "info": "Missing or error type of [password]"}'
send POST /register $J '{"name": "-dave", "password": {}, "email": "x", "security_code": "12x"}'
answer "several wrong: the first in the document's order" 400 '{"code": -1, "info": "Invalid value of [name]"}'
send POST /register $J '{"email": "dave@163.com", "need_send": "maybe"}'
answer "need_send neither true nor false" 400 '{"code": -1, "info": "Invalid value of [need_send]"}'
send POST /register $J '{"email": "dave", "need_send": "True"}'
answer "need_send True (text), a bad email" 400 '{"code": -1, "info": "Invalid value of [email]"}'
send POST /register $J '{"name": "dave", "email": "dave@163.com", "need_send": 1'
answer "not JSON" 400 '{"code": -1, "info": "Invalid request body"}'
send POST /register $J '[1, 2]'
answer "not an object" 400 '{"code": -1, "info": "Invalid request body"}'
send POST /register text/plain 'name=dave'
answer "a content type we do not parse" 415 '{"code": -1, "info": "Unsupported media type"}'

# --- C5, C6: login --------------------------------------------------------
send POST /login $J '{"name": "alice", "password": 123}'
answer "C5 the sample's password" 400 '{"code": -2, "info": "Wrong Password"}'
send POST /login $J '{"name": "nobody", "password": 123}'
answer "C5 an unknown name" 400 '{"code": -2, "info": "Username not found"}'
send POST /login $J '{"name": "alice", "password": 12345678}'
logged "C5 login" 1
C5=$(json .token)
send POST /login $J '{"name": "alice@163.com", "password": "12345678", "need_send": false}'
logged "login with the email as the name" 1
send POST /login $J '{"name": "alice", "email": "alice@163.com", "password": "12345678"}'
answer "fields of two modes" 400 '{"code": -1, "info": "Unknown field [email]"}'
send POST /login $J '{"password": "12345678"}'
answer "neither name nor email" 400 '{"code": -1, "info": "Missing or error type of [name]"}'
send POST /login $J '{"name": "alice"}'
answer "no password" 400 '{"code": -1, "info": "Missing or error type of [password]"}'

send POST /login $J '{"email": "alice@163.com", "security_code": 123456, "need_send": false}'
answer "C6 no login code yet" 400 '{"code": -2, "info": "Please verify your email"}'
n=$(mail_count)
send POST /login $J '{"email": "alice@163.com", "need_send": true}'
answer "C6 a login code" 200 "$OK"
mailed "C6" alice@163.com "$n"
while [ "$CODE" = 123456 ]; do
	send POST /login $J '{"email": "alice@163.com", "need_send": true}'
	CODE=$(mail_code "$(mail_last)")
done
K3=$CODE
send POST /login $J '{"email": "alice@163.com", "security_code": 123456, "need_send": false}'
answer "C6 the sample's code" 400 '{"code": -1, "info": "Wrong verify code"}'
send POST /login $J "{\"email\": \"alice@163.com\", \"security_code\": $(num "$K3"), \"need_send\": false}"
logged "C6 the mailed code" 1
TA=$(json .token)
n=$(mail_count)
send POST /login $J '{"email": "nobody@163.com", "need_send": true}'
answer "a login code for an unknown email: the same answer" 200 "$OK"
t_eq "... and no mail" "$n" "$(mail_count)"
send POST /login $J '{"email": "alice@163.com", "need_send": true, "security_code": 1234}'
answer "a code request takes no code" 400 '{"code": -1, "info": "Unknown field [security_code]"}'

# --- C7: change_name ------------------------------------------------------
send POST /change_name $J '{"id": 1, "new_name": "bob"}'
answer "C7 no token" 400 '{"code": -2, "info": "Invalid or expired JWT"}'
send POST /change_name $J '{"id": 2, "new_name": "bob"}' -H "$(bearer "$TA")"
answer "C7 not alice's id" 400 '{"code": -2, "info": "Invalid or expired JWT"}'
t_eq "C7: carol is still carol" carol \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT username FROM users WHERE id = 2")"
send POST /change_name $J '{"id": 1, "new_name": "bob"}' -H "$(bearer "$TA")"
answer "C7 change name" 200 "$OK"
t_eq "C7: alice is bob" bob \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT username FROM users WHERE id = 1")"
send POST /change_name $J '{"id": 1, "new_name": "carol"}' -H "Authorization: $TA"
answer "C7 a taken name (bare Authorization)" 400 '{"code": -2, "info": "Username duplicate"}'
send POST /change_name $J '{"new_name": "alice"}' -H "$(bearer "$TA")"
answer "no id" 400 '{"code": -1, "info": "Missing or error type of [id]"}'
send POST /change_name $J '{"id": 0, "new_name": "alice"}' -H "$(bearer "$TA")"
answer "id 0" 400 '{"code": -1, "info": "Invalid value of [id]"}'
send POST /change_name $J '{"id": "1", "new_name": "alice"}' -H "$(bearer "$TA")"
answer "id as text" 200 "$OK"
send POST /change_name $J '{"id": 1, "new_name": "alice"}' -H "$(bearer "abc")"
answer "a malformed token" 400 '{"code": -2, "info": "Invalid or expired JWT"}'
send POST /change_name $J '{"id": 1, "new_name": "alice"}' -H "X-Auth-Token: $TA"
answer "X-Auth-Token too" 200 "$OK"

# --- C8: change_password --------------------------------------------------
send POST /change_password $J '{"id": 1, "old_password": 123456, "new_name": 12345678}' -H "$(bearer "$TA")"
answer "C8 the sample (a wrong old password)" 400 '{"code": -2, "info": "Wrong password"}'
send POST /change_password $J '{"id": 1, "old_password": 12345678, "new_name": 876}' -H "$(bearer "$TA")"
answer "a short new password, as new_name" 400 '{"code": -1, "info": "Invalid value of [new_name]"}'
send POST /change_password $J '{"id": 1, "old_password": 12345678, "new_password": 876}' -H "$(bearer "$TA")"
answer "a short new password, as new_password" 400 '{"code": -1, "info": "Invalid value of [new_password]"}'
send POST /change_password $J '{"id": 1, "old_password": 12345678, "new_password": 87654321, "new_name": 87654321}' -H "$(bearer "$TA")"
answer "new_password and new_name at once" 400 '{"code": -1, "info": "Unknown field [new_name]"}'
send POST /change_password $J '{"id": 1, "old_password": 12345678, "new_name": 87654321}' -H "$(bearer "$TA")"
answer "C8 change password (new_name)" 200 "$OK"
send POST /change_name $J '{"id": 1, "new_name": "alice"}' -H "$(bearer "$C5")"
answer "C8: the other sessions are gone" 400 '{"code": -2, "info": "Invalid or expired JWT"}'
send POST /change_password $J '{"id": 1, "old_password": 87654321, "new_password": 12345678}' -H "$(bearer "$TA")"
answer "C8 change password (new_password), the caller's session stays" 200 "$OK"
send POST /login $J '{"name": "alice", "password": 87654321}'
answer "the old password is gone" 400 '{"code": -2, "info": "Wrong Password"}'
send POST /login $J '{"name": "alice", "password": 12345678}'
logged "the new password logs in" 1

# --- C9: change_email -----------------------------------------------------
send POST /change_email $J '{"id": 1, "new_email": "alice@126.com", "security_code": 123456}' -H "$(bearer "$TA")"
answer "C9 no code for the new email yet" 400 '{"code": -2, "info": "Please verify your email"}'
n=$(mail_count)
send POST /register $J '{"email": "alice@126.com", "need_send": true}'
answer "C9 a code for the new email (through /register)" 200 "$OK"
mailed "C9" alice@126.com "$n"
[ "$CODE" != 123456 ] || reg_code alice@126.com
K4=$CODE
send POST /change_email $J '{"id": 1, "new_email": "alice@126.com", "security_code": 123456}' -H "$(bearer "$TA")"
answer "C9 the sample's code" 400 '{"code": -1, "info": "Wrong verify code"}'
send POST /change_email $J "{\"id\": 1, \"new_email\": \"alice@126.com\", \"security_code\": $(num "$K4")}" -H "$(bearer "$TA")"
answer "C9 change email" 200 "$OK"
t_eq "C9: the new email, verified" "alice@126.com 1" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT email, email_verified FROM users WHERE id = 1" | tr '|' ' ')"
# a code with a leading zero, sent as a number: a fixture row (the code
# is known here, so it is not read out of any mail)
H=$(printf 'login\nalice@126.com\n000042' | sha256sum | cut -c1-64)
sqlite3 "$ACCOUNTS_DB" "INSERT INTO codes (email, purpose, code_hash,
    expires_at, created_at) VALUES ('alice@126.com', 'login', X'$H',
    unixepoch() + 600, unixepoch())"
chat_chown
send POST /login $J '{"email": "alice@126.com", "security_code": 42}'
logged "the code 000042 sent as the number 42" 1
send POST /change_email $J '{"id": 1, "new_email": "carol@163.com", "security_code": 123456}' -H "$(bearer "$TA")"
answer "a taken email: no code was ever mailed to it" 400 '{"code": -2, "info": "Please verify your email"}'

# --- C10: change_image ----------------------------------------------------
send POST /change_image $J '{"id": 1, "avatar": "avatar"}' -H "$(bearer "$TA")"
answer "C10 the sample, in JSON" 400 '{"code": -1, "info": "Missing or error type of [image]"}'
mp /change_image "$TA" id=1 "avatar=@$F/face.png"
shape "C10 a PNG" 200 '(keys | sort) == ["code", "info", "url"] and .code == 0 and
    .info == "Succeed" and (.url | test("^/api/users/1/avatar/\\?v=[0-9a-f]{8}$"))'
URL=$(json .url)
served "C10" "$URL" "$TA" "$F/face.png"
http GET "$BASE$URL"
t_eq "C10: the avatar is public" "200 image/png" "$STATUS $(header Content-Type)"
mp /change_image "$TA" id=1 "avatar=@$F/notes.txt"
answer "C10 a text file" 400 '{"code": -1, "info": "Invalid type of [image]"}'
mp /change_image "$TA" "avatar=@$F/face.png" id=2
answer "another's id after the file" 400 '{"code": -2, "info": "Invalid or expired JWT"}'
mp /change_image "$TA" id=1 avatar=text
answer "the avatar as text" 400 '{"code": -1, "info": "Missing or error type of [image]"}'
head -c 70000 /dev/zero | cat "$F/face.png" - > "$F/big.png"
mp /change_image "$TA" id=1 "avatar=@$F/big.png"
answer "an avatar over ACCOUNTS_MAX_AVATAR" 413 '{"code": -1, "info": "Payload too large"}'
mp /change_image "" id=1 "avatar=@$F/face.png"
answer "no token" 400 '{"code": -2, "info": "Invalid or expired JWT"}'

# --- C11-C14: group uploads -----------------------------------------------
G=$(mkgroup chat 1:member)
G2=$(mkgroup other 2:member)
t_eq "set-up: group 1 with alice, group 2 without" "1 2" "$G $G2"

mp /upload_image "$TA" id=1 "avatar=@$F/photo.jpg"
shape "C11 a JPEG" 200 '(keys | sort) == ["code", "info", "url"] and .code == 0 and
    .info == "Succeed" and (.url | test("^/api/files/[0-9]+/$"))'
served "C11" "$(json .url)" "$TA" "$F/photo.jpg"
t_eq "C11: stored as an image" "image image/jpeg" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT kind, mime FROM uploads ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
mp /upload_image "$TA" id=1
answer "C11 no file" 400 '{"code": -1, "info": "Missing or error type of [image]"}'
mp /upload_image "$CAROL" id=1 "avatar=@$F/photo.jpg"
answer "C11 not a member" 403 '{"code": -2, "info": "Permission denied"}'
mp /upload_image "$TA" "avatar=@$F/face.png" id=1
shape "a PNG, the id after the file" 200 '.code == 0 and (.url | test("^/api/files/[0-9]+/$"))'
URL=$(json .url)
served "PNG" "$URL" "$TA" "$F/face.png"
http GET "$BASE$URL" -H "$(bearer "$CAROL")"
answer "a non-member may not read it" 403 '{"code": -2, "info": "Permission denied"}'
mp /upload_image "$TA" "avatar=@$F/face.png" id=2
answer "... nor alice upload into group 2, id after the file" 403 '{"code": -2, "info": "Permission denied"}'
mp /upload_image "$TA" id=99 "avatar=@$F/face.png"
answer "a group that does not exist (for a non-admin, as a foreign one)" 403 '{"code": -2, "info": "Permission denied"}'
mp /upload_image "$TA" id=1 "avatar=@$F/face.png" kind=file
answer "kind is not a document field" 400 '{"code": -1, "info": "Unknown field [kind]"}'
mp /upload_image "$TA" id=x "avatar=@$F/face.png"
answer "a non-numeric group id" 400 '{"code": -1, "info": "Invalid value of [id]"}'
mp /upload_image "$TA" "avatar=@$F/face.png"
answer "no group id" 400 '{"code": -1, "info": "Missing or error type of [id]"}'

mp /upload_expression "$TA" id=1 "expression=@$F/smile.gif"
shape "C12 a GIF" 200 '.code == 0 and .info == "Succeed" and (.url | test("^/api/files/[0-9]+/$"))'
served "C12" "$(json .url)" "$TA" "$F/smile.gif"
t_eq "C12: stored as an expression" "expression image/gif" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT kind, mime FROM uploads ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
mp /upload_expression "$TA" id=1 "expression=@$F/notes.txt"
answer "C12 a text file" 400 '{"code": -1, "info": "Invalid type of [expression]"}'
mp /upload_expression "$TA" id=1 "avatar=@$F/smile.gif"
shape "the table's name, avatar" 200 '.code == 0 and (.url | test("^/api/files/[0-9]+/$"))'
mp /upload_expression "$TA" id=1 "expression=@$F/smile.gif" "avatar=@$F/smile.gif"
answer "both names at once" 400 '{"code": -1, "info": "Unknown field [avatar]"}'

mp /upload_file "$TA" id=1 "file=@$F/notes.txt"
shape "C13 a text file" 200 '.code == 0 and .info == "Succeed" and (.url | test("^/api/files/[0-9]+/$"))'
served "C13" "$(json .url)" "$TA" "$F/notes.txt"
t_eq "C13: stored as a file" "file text/plain" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT kind, mime FROM uploads ORDER BY id DESC LIMIT 1" | tr '|' ' ')"
mp /upload_file "$TA" id=1
answer "C13 no file" 400 '{"code": -1, "info": "Missing or error type of [file]"}'
mp /upload_file "$TA" id=1 "file=@$F/a.html"
answer "HTML is no file we keep" 400 '{"code": -1, "info": "Invalid type of [file]"}'

mp /upload_voice "$TA" id=1 "voice=@$F/hello.ogg"
shape "C14 Ogg/Opus" 200 '.code == 0 and .info == "Succeed" and (.url | test("^/api/files/[0-9]+/$"))'
served "C14" "$(json .url)" "$TA" "$F/hello.ogg"
mp /upload_voice "$TA" id=1 "voice=@$F/a.wav"
shape "a WAV" 200 '.code == 0 and (.url | test("^/api/files/[0-9]+/$"))'
served "WAV" "$(json .url)" "$TA" "$F/a.wav"
t_eq "C14: stored as voices" "voice voice" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT kind FROM uploads ORDER BY id DESC LIMIT 2" | tr '\n' ' ' | sed 's/ $//')"
mp /upload_voice "$TA" id=1 "voice=@$F/face.png"
answer "C14 a PNG" 400 '{"code": -1, "info": "Invalid type of [voice]"}'
mp /upload_voice "" id=1 "voice=@$F/hello.ogg"
answer "C14 no token" 400 '{"code": -2, "info": "Invalid or expired JWT"}'
t_eq "no spool file is left behind" 0 \
    "$(find "$ACCOUNTS_DATA_DIR/tmp" -type f 2>/dev/null | wc -l | tr -d ' ')"

# --- paths and methods ------------------------------------------------------
send GET /register
answer "GET on a POST path" 405 '{"code": -2, "info": "Method not allowed"}'
t_eq "... Allow: POST" POST "$(header Allow)"
send POST /api/user/login/ $J '{"username": "alice", "password": "12345678"}'
answer "native paths are not served" 404 '{"code": -2, "info": "Not found"}'
send POST /logout $J '{}'
answer "nor paths the document does not have" 404 '{"code": -2, "info": "Not found"}'
send POST /login $J '{"name": "carol", "password": "carol-pass-1"}' -H 'Origin: http://evil.example'
answer "a login from another site" 403 '{"code": -2, "info": "Cross-site request refused"}'
sqlite3 "$ACCOUNTS_DB" "UPDATE users SET is_active = 0 WHERE id = 2"
send POST /login $J '{"name": "carol", "password": "carol-pass-1"}'
answer "a disabled account" 403 '{"code": -2, "info": "Account disabled"}'

# --- throttling -------------------------------------------------------------
i=0
while [ $i -lt 10 ]; do
	send POST /login $J '{"name": "alice", "password": "wrong-password"}'
	[ "$STATUS" = 429 ] && break
	i=$((i + 1))
done
answer "wrong passwords, until native throttling stops them" 429 '{"code": -2, "info": "Too many requests"}'
t_match "... with Retry-After" '^[0-9]+$' "$(header Retry-After)"
