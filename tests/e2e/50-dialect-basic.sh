#!/bin/sh
# The basic dialect through lighttpd: every request of its document
# (docs/dialects/basic.md, examples B1-B8) as written, status and body;
# then its flow, as far as the document goes (register, log in; it has
# no call that takes the token, no password change, no logout), and one
# database serving two dialects: a user registered through basic logs in
# through native.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/dialect.sh"
t_plan 34
t_setup
dialect_start basic || exit 1
J=application/json
TOKRE='test("^[A-Za-z0-9_-]{43}$")'

# B1-B4: register
send POST /user/register $J \
    '{"username": "yjx", "password": "yjx-pass-1", "confirm_password": "yjx-pass-1"}'
answer "B1 register" 200 '{"status": 200, "info": "register success"}'
t_eq "register made no session and no login record" "0 0" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM sessions") $(sqlite3 \
    "$ACCOUNTS_DB" "SELECT count(*) FROM user_logs WHERE operation = 0")"
send POST /user/register $J \
    '{"username": "yjx", "password": "yjx-pass-1", "confirm_password": "yjx-pass-1"}'
answer "B2 register the same username" 400 \
    '{"status": 400, "info": "user has existed"}'
send POST /user/register $J \
    '{"username": "other", "password": "other-pass-1", "confirm_password": "other-pass-2"}'
answer "B3 different confirmation" 400 \
    '{"status": 400, "info": "different password"}'
send POST /user/register $J '{"username": "other", "password": "other-pass-1"}'
answer "B4 register without confirm_password" 400 \
    '{"status": 400, "info": "params error"}'
send POST /user/login $J '{"username": "yjx"}'
answer "B4 login without password" 400 '{"status": 400, "info": "params error"}'

# B5-B7: login
send POST /user/login $J '{"username": "yjx", "password": "yjx-pass-1"}'
shape "B5 login" 200 ".status == 200 and .info == \"login success\" and
    (.data | keys) == [\"refresh_token\", \"token\", \"uid\"] and
    .data.uid == 1 and (.data.token | $TOKRE) and
    (.data.refresh_token | $TOKRE) and (keys | length) == 3"
TOKEN=$(jq -r .data.token < "$T/body")
send POST /user/login $J '{"username": "nobody", "password": "yjx-pass-1"}'
answer "B6 unknown user" 400 '{"status": 400, "info": "user don'"'"'t exist"}'
send POST /user/login $J '{"username": "yjx", "password": "wrong-password"}'
answer "B6 wrong password" 400 '{"status": 400, "info": "wrong password"}'
send POST /user/login/ application/x-www-form-urlencoded \
    'username=yjx&password=yjx-pass-1'
shape "B7 form login at the path with a slash" 200 \
    '.status == 200 and .data.uid == 1'

# B8 and what the document leaves to the native rules
send GET /user/login
answer "B8 GET /user/login" 405 '{"status": 405, "info": "method not allowed"}'
t_eq "B8: Allow: POST" POST "$(header Allow)"
send GET /user/nothing
answer "a path of no document: 404" 404 '{"status": 404, "info": "not found"}'
send GET /api/user/me/
answer "native paths are not served in this dialect" 404 \
    '{"status": 404, "info": "not found"}'
send POST /user/register $J \
    '{"username": "short", "password": "short", "confirm_password": "short"}'
answer "a password under 8 characters: params error" 400 \
    '{"status": 400, "info": "params error"}'
t_eq "answers are JSON, no-store, nosniff" \
    "application/json; charset=utf-8|no-store|nosniff" \
    "$(header Content-Type)|$(header Cache-Control)|$(header X-Content-Type-Options)"

# the token is a native one: it works on the native API of the same
# database, and a user registered here logs in natively
srv_stop
srv_start lighttpd || exit 1
http GET "$BASE/api/user/me/" -H "Authorization: Bearer $TOKEN"
t_eq "the basic token on native /api/user/me/" "200 yjx" \
    "$STATUS $(jq -r .data.user.username < "$T/body")"
http POST "$BASE/api/user/login/" -d username=yjx -d password=yjx-pass-1
t_eq "the user registered through basic logs in through native" "200 0" \
    "$STATUS $(jq -r .errno < "$T/body")"
NATIVE=$(jq -r .data.token < "$T/body")
http POST "$BASE/api/user/register/" -d username=natuser \
    -d password=native-pass-1 -d password2=native-pass-1
t_eq "a native registration" 201 "$STATUS"
srv_stop
dialect_start basic || exit 1
send POST /user/login $J '{"username": "natuser", "password": "native-pass-1"}'
shape "... logs in through basic" 200 '.status == 200 and .data.uid == 2'
