#!/bin/sh
# The dicom dialect through lighttpd: every request of its document
# (docs/dialects/dicom.md, examples D1-D11) as written, multipart bodies
# and a cookie jar as its browser client has them; status and body of
# each.  The examples are the dialect's flow: register, log in, use the
# session, change the password, log out.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/dialect.sh"
t_plan 49
t_setup
dialect_start dicom || exit 1
JAR=$T/jar
# form-data requests with the jar (-b reads it, -c keeps what is set)
jar() { _m=$1 _p=$2; shift 2; http "$_m" "$BASE$_p" -b "$JAR" -c "$JAR" "$@"; }
# without any cookie
bare() { _m=$1 _p=$2; shift 2; http "$_m" "$BASE$_p" "$@"; }
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
    base64 -d > "$T/face.png"
: > "$JAR"

bare POST /api/user/register/ -F username=alice -F pwd1=alice-pass-1 \
    -F pwd2=alice-pass-1
answer "D1 register" 201 '{"errno": 0, "msg": "register success"}'
t_eq "D1: no Set-Cookie" "" "$(grep -i '^set-cookie' "$T/headers")"
bare POST /api/user/register/ -F username=alice -F pwd1=alice-pass-1 \
    -F pwd2=alice-pass-1
answer "D2 the same username" 409 \
    '{"errno": 1000, "msg": "username has been used"}'
bare POST /api/user/register/ -F username=bob -F pwd1=bob-pass-111 \
    -F pwd2=bob-pass-222
answer "D3 confirmation differs" 400 '{"errno": 1001, "msg": "password unmatch"}'

jar POST /api/user/login/ -F username=alice -F pwd=alice-pass-1
answer "D4 login" 200 '{"errno": 0, "msg": "login success"}'
t_match "D4: sid cookie set" '^sid=[A-Za-z0-9_-]{43};' \
    "$(grep -i '^set-cookie: *sid=' "$T/headers" | sed 's/^[^:]*: *//')"
t_match "D4: rid cookie set" '^rid=[A-Za-z0-9_-]{43};' \
    "$(grep -i '^set-cookie: *rid=' "$T/headers" | sed 's/^[^:]*: *//')"
SID=$(awk '$6 == "sid" { print $7 }' "$JAR")
bare POST /api/user/login/ -F username=alice -F pwd=not-her-password
answer "D5 wrong password" 401 '{"errno": 1002, "msg": "wrong password"}'
cp "$T/body" "$T/wrong"
bare POST /api/user/login/ -F username=nobody -F pwd=whatever-123
answer "D5 unknown user" 401 '{"errno": 1002, "msg": "wrong password"}'
t_eq "D5: byte-identical answers" "" "$(cmp "$T/wrong" "$T/body" 2>&1)"

INFO="-F email=alice@example.com -F bio=hello -F first_name=Alice -F last_name=Liddell -F sex=1"
# shellcheck disable=SC2086 # INFO is a list of curl arguments
bare POST /api/user/update/info/ $INFO
answer "D6 update info without a session" 401 \
    '{"errno": 1003, "msg": "please login first"}'
# shellcheck disable=SC2086
jar POST /api/user/update/info/ $INFO
answer "D7 update info with the cookie" 200 \
    '{"errno": 0, "msg": "update info success"}'
t_eq "D7: stored, sex as gender" "Alice|Liddell|1|alice@example.com" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT first_name, last_name, gender, email FROM users WHERE username = 'alice'")"
jar POST /api/user/update/info/ -F fullname=Alice
answer "a native field dicom does not have is unknown" 400 \
    '{"errno": 1006, "msg": "invalid parameter", "fields": {"fullname": "unknown field"}}'
jar POST /api/user/update/info/ -F sex=2
answer "field errors use the document's names" 400 \
    '{"errno": 1006, "msg": "invalid parameter", "fields": {"sex": "must be 0 (male) or 1 (female)"}}'

jar POST /api/user/update/avatar/ -F "avatar=@$T/face.png;type=image/png"
answer "D8 avatar with the cookie" 200 \
    '{"errno": 0, "msg": "update avatar success"}'
bare POST /api/user/update/avatar/ -F "avatar=@$T/face.png;type=image/png"
answer "D8 avatar without" 401 '{"errno": 1003, "msg": "please login first"}'

jar POST /api/user/changepwd/ -F pwd=not-her-password -F new_pwd=alice-pass-2
answer "D9 changepwd, wrong current password" 401 \
    '{"errno": 1002, "msg": "wrong password"}'
jar POST /api/user/changepwd/ -F pwd=alice-pass-1 -F new_pwd=alice-pass-2
answer "D9 changepwd" 200 '{"errno": 0, "msg": "update info success"}'
bare POST /api/user/changepwd/ -F pwd=alice-pass-2 -F new_pwd=alice-pass-3
answer "D9 changepwd without a session" 401 \
    '{"errno": 1003, "msg": "please login first"}'

jar GET /api/user/logout/
answer "D10 logout" 200 '{"errno": 0, "msg": "logout success"}'
t_match "D10: sid cleared" 'Max-Age=0' \
    "$(grep -i '^set-cookie: *sid=' "$T/headers")"
bare GET /api/user/logout/
answer "D10 logout without a session" 200 '{"errno": 0, "msg": "logout success"}'
# shellcheck disable=SC2086
bare POST /api/user/update/info/ -b "sid=$SID" $INFO
answer "after D10 the old sid is refused" 401 \
    '{"errno": 1003, "msg": "please login first"}'
bare POST /api/user/logout/ -H 'Content-Length: 0'
answer "D11 POST logout" 405 '{"errno": 1013, "msg": "method not allowed"}'
t_eq "D11: Allow: GET" GET "$(header Allow)"

# the new password works, the old does not; a cross-site GET logout
# does nothing
jar POST /api/user/login/ -F username=alice -F pwd=alice-pass-2
answer "login with the changed password" 200 '{"errno": 0, "msg": "login success"}'
jar GET /api/user/logout/ -H "Origin: http://evil.example"
answer "a cross-site GET logout is refused" 403 \
    '{"errno": 1015, "msg": "cross-site request refused"}'
