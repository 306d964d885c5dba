#!/bin/sh
# Sessions, run directly on the CGI binaries: the three ways to present
# an access token, missing/garbage/expired tokens, disabled users,
# deleting the account, the cross-site check on cookie-authenticated
# writes, refresh rotation and theft detection, logout, and password
# change revoking the user's other sessions.
. "$(dirname "$0")/../lib.sh"
t_plan 105
t_setup

. "$(dirname "$0")/lib/helpers.sh"

setcookie() { grep -i "^Set-Cookie: $1=" "$T/headers" | tr -d '\r'; }
sha() { printf '%s' "$1" | sha256sum | cut -c1-64 | tr 'a-f' 'A-F'; }
login() {	# USER [PASSWORD]: sets TOKEN REFRESH
	p '{"username":"%s","password":"%s"}' "$1" "${2:-$PW}"
	call user-login POST "$JSON"
	TOKEN=$(json .data.token) REFRESH=$(json .data.refresh_token)
}
me() { noin user-me GET "$@"; }
bearer() { echo "HTTP_AUTHORIZATION=Bearer $1"; }
# me_as TOKEN: "STATUS ERRNO" of GET /api/user/me/ with that Bearer token
me_as() { me "$(bearer "$1")"; echo "$STATUS $(json .errno)"; }
refresh() {	# REFRESH_TOKEN [VAR=value...]
	_r=$1
	shift
	p '{"refresh_token":"%s"}' "$_r"
	call auth-refresh POST "$JSON" "$@"
}
UNKNOWN=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA

register alice '"email":"alice@example.com","phone":"+1 555 0100"'
ALICE_ID=$ID A1=$TOKEN
register bob
BOB_ID=$ID BOB=$TOKEN

# --- GET /api/user/me/ -------------------------------------------------
me "$(bearer "$A1")"
t_eq "me with Authorization: Bearer -> 200, alice" "200 0 $ALICE_ID" \
    "$STATUS $(json .errno) $(json .data.user.id)"
t_eq "me shows the private profile" "+1 555 0100" \
    "$(json .data.user.profile.phone)"
t_nomatch "me never shows the password hash" 'password|\$y\$' "$(cat "$T/body")"
me "HTTP_X_AUTH_TOKEN=$A1"
t_eq "me with X-Auth-Token -> 200, alice" "200 $ALICE_ID" \
    "$STATUS $(json .data.user.id)"
me "HTTP_COOKIE=theme=dark; sid=$A1; lang=en"
t_eq "me with the sid cookie -> 200, alice" "200 $ALICE_ID" \
    "$STATUS $(json .data.user.id)"
me "HTTP_COOKIE=xsid=$A1"
t_eq "a cookie merely ending in sid is not the sid cookie -> 401/1003" \
    "401 1003" "$STATUS $(json .errno)"
me
t_eq "me without credentials -> 401/1003" "401 1003" "$STATUS $(json .errno)"
me "QUERY_STRING=token=$A1"
t_nomatch "a token in the URL is not accepted" '^200' "$STATUS"
me "HTTP_AUTHORIZATION=Bearer garbage"
t_eq "garbage Bearer token -> 401/1011" "401 1011" "$STATUS $(json .errno)"
me "HTTP_X_AUTH_TOKEN=garbage!"
t_eq "garbage X-Auth-Token -> 401/1011" "401 1011" "$STATUS $(json .errno)"
me "HTTP_COOKIE=sid=garbage"
t_eq "garbage sid cookie -> 401/1011" "401 1011" "$STATUS $(json .errno)"
me "$(bearer "$UNKNOWN")"
t_eq "well-formed unknown token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
me "$(bearer "$(printf 'x%.0s' $(seq 200))")"
t_eq "overlong garbage Bearer token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
me "HTTP_X_AUTH_TOKEN=$(printf 'x%.0s' $(seq 200))"
t_eq "overlong garbage X-Auth-Token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
me "HTTP_COOKIE=sid=$(printf 'x%.0s' $(seq 200))"
t_eq "overlong garbage sid cookie -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
me "$(bearer "${A1}x")"
t_eq "token with a character appended -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"

login alice
EXP=$TOKEN
q "UPDATE sessions SET access_expires = 0 WHERE access_hash = X'$(sha "$EXP")'"
t_eq "expired access token -> 401/1011" "401 1011" "$(me_as "$EXP")"
t_eq "other sessions of alice still work" "200 0" "$(me_as "$A1")"

q "UPDATE users SET is_active = 0 WHERE id = $BOB_ID"
t_eq "token of a disabled user -> 403/1010" "403 1010" "$(me_as "$BOB")"
q "UPDATE users SET is_active = 1 WHERE id = $BOB_ID"
t_eq "re-enabled: the token works again" "200 0" "$(me_as "$BOB")"

# --- cross-site check on cookie-authenticated writes --------------------
bio() {	# TEXT VAR=value...: POST update-info {"bio": TEXT}
	_b=$1
	shift
	p '{"bio":"%s"}' "$_b"
	call user-update-info POST "$JSON" "$@"
}
CK="HTTP_COOKIE=sid=$A1"
bio evil "$CK" HTTP_ORIGIN=http://evil.example
t_eq "cookie + POST from Origin http://evil.example -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
t_eq "the refused write changed nothing" "null" \
    "$(me "$(bearer "$A1")"; json .data.user.profile.bio)"
bio same "$CK" HTTP_ORIGIN=http://localhost HTTP_HOST=localhost
t_eq "cookie + POST from Origin http://localhost (Host localhost) -> 200" \
    "200 same" "$STATUS $(json .data.user.profile.bio)"
bio port "$CK" HTTP_ORIGIN=http://localhost:8080 HTTP_HOST=localhost:8080
t_eq "Origin http://localhost:8080 with Host localhost:8080 -> 200" "200" \
    "$STATUS"
bio port "$CK" HTTP_ORIGIN=http://localhost:8080 HTTP_HOST=localhost
t_eq "Origin with another port than Host -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
bio scheme "$CK" HTTP_ORIGIN=https://localhost HTTP_HOST=localhost
t_eq "Origin https:// when served over http -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
bio scheme "$CK" HTTP_ORIGIN=https://localhost HTTP_HOST=localhost HTTPS=on
t_eq "Origin https:// when served over https -> 200" "200" "$STATUS"
bio suffix "$CK" HTTP_ORIGIN=http://localhost.evil.example HTTP_HOST=localhost
t_eq "Origin http://localhost.evil.example -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
bio null "$CK" HTTP_ORIGIN=null
t_eq "Origin null -> 403/1015" "403 1015" "$STATUS $(json .errno)"
bio fetch "$CK" HTTP_SEC_FETCH_SITE=cross-site
t_eq "cookie + POST, no Origin, Sec-Fetch-Site cross-site -> 403/1015" \
    "403 1015" "$STATUS $(json .errno)"
bio fetch "$CK" HTTP_SEC_FETCH_SITE=same-origin
t_eq "no Origin, Sec-Fetch-Site same-origin -> 200" "200" "$STATUS"
bio listed "$CK" HTTP_ORIGIN=http://evil.example \
    "ACCOUNTS_ALLOWED_ORIGINS=https://app.example, http://evil.example"
t_eq "Origin listed in ACCOUNTS_ALLOWED_ORIGINS -> 200" "200 listed" \
    "$STATUS $(json .data.user.profile.bio)"
bio prefix "$CK" HTTP_ORIGIN=http://evil.example \
    "ACCOUNTS_ALLOWED_ORIGINS=http://evil.example.com"
t_eq "a longer listed origin does not allow its prefix -> 403/1015" \
    "403 1015" "$STATUS $(json .errno)"
bio bearer "$(bearer "$A1")" HTTP_ORIGIN=http://evil.example
t_eq "Bearer + Origin http://evil.example -> 200 (not cookie-based)" \
    "200 bearer" "$STATUS $(json .data.user.profile.bio)"
bio header "HTTP_X_AUTH_TOKEN=$A1" HTTP_ORIGIN=http://evil.example \
    HTTP_SEC_FETCH_SITE=cross-site
t_eq "X-Auth-Token + cross-site Origin -> 200" "200" "$STATUS"
me "$CK" HTTP_ORIGIN=http://evil.example HTTP_SEC_FETCH_SITE=cross-site
t_eq "cookie + GET from another site -> 200 (safe method)" "200" "$STATUS"
p 'pwd=%s&new_pwd=whatever-else' "$PW"
call user-changepwd POST "$FORM" "$CK" HTTP_ORIGIN=http://evil.example
t_eq "cookie + changepwd from another site -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
noin user-logout POST "$CK" HTTP_ORIGIN=http://evil.example
t_eq "cookie + logout from another site -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
p '{"password":"%s"}' "$PW"
call user-me DELETE "$JSON" "$CK" HTTP_SEC_FETCH_SITE=cross-site
t_eq "cookie + DELETE me from another site -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
t_eq "after all refused cross-site writes alice is intact" "200 0" \
    "$(me_as "$A1")"

# --- refresh ---------------------------------------------------------------
login alice
T1=$TOKEN R1=$REFRESH
refresh "$R1"
T2=$(json .data.token) R2=$(json .data.refresh_token)
t_eq "refresh by field -> 200/0" "200 0" "$STATUS $(json .errno)"
t_match "refresh returns a new access token" '^[A-Za-z0-9_-]{43}$' "$T2"
t_eq "both tokens rotated" "new new" \
    "$([ "$T2" != "$T1" ] && echo new || echo same) $([ -n "$R2" ] && [ "$R2" != "$R1" ] && echo new || echo same)"
t_eq "refresh answers the user" "$ALICE_ID" "$(json .data.user.id)"
t_match "refresh sets the new sid cookie" "^Set-Cookie: sid=$T2;" \
    "$(setcookie sid)"
t_match "refresh sets the new rid cookie, Path=/api/auth/" \
    "^Set-Cookie: rid=$R2;.*Path=/api/auth/" "$(setcookie rid)"
t_eq "the old access token is dead" "401 1011" "$(me_as "$T1")"
t_eq "the new access token works" "200 0" "$(me_as "$T2")"

noin auth-refresh POST "HTTP_COOKIE=rid=$R2" HTTP_ORIGIN=http://evil.example
t_eq "rid cookie from Origin http://evil.example -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
noin auth-refresh POST "HTTP_COOKIE=rid=$R2" HTTP_SEC_FETCH_SITE=cross-site
t_eq "rid cookie with Sec-Fetch-Site cross-site -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"
t_eq "the refused cross-site refreshes did not burn the token" "200 0" \
    "$(me_as "$T2")"
noin auth-refresh POST "HTTP_COOKIE=rid=$R2"
T3=$(json .data.token) R3=$(json .data.refresh_token)
t_eq "refresh by the rid cookie -> 200/0" "200 0" "$STATUS $(json .errno)"
t_eq "rid refresh rotated both" "new new" \
    "$([ -n "$T3" ] && [ "$T3" != "$T2" ] && echo new || echo same) $([ -n "$R3" ] && [ "$R3" != "$R2" ] && echo new || echo same)"
noin auth-refresh POST "HTTP_COOKIE=rid=$R3" HTTP_ORIGIN=http://localhost
R3_SAME_SITE=$(json .data.refresh_token)
t_eq "rid cookie from the same origin -> 200" "200" "$STATUS"
T4=$(json .data.token)

refresh "$R1" 2> "$T/err"
t_eq "replayed (already rotated) refresh token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
t_match "the reuse is logged for the operator" 'reuse' "$(cat "$T/err")"
t_eq "theft detection: the newest access token of that session is dead" \
    "401 1011" "$(me_as "$T4")"
refresh "$R3_SAME_SITE"
t_eq "theft detection: the newest refresh token is dead too" "401 1011" \
    "$STATUS $(json .errno)"
t_eq "other sessions of alice survive" "200 0" "$(me_as "$A1")"
noin auth-refresh POST "HTTP_COOKIE=rid=$R2"
t_eq "dead rid cookie -> 401/1011" "401 1011" "$STATUS $(json .errno)"
t_match "a dead rid cookie is cleared (Max-Age=0)" 'Max-Age=0' \
    "$(setcookie rid)"

refresh garbage
t_match "garbage refresh token -> 400/1006 or 401/1011" \
    '^(400 1006|401 1011)$' "$STATUS $(json .errno)"
refresh "$UNKNOWN"
t_eq "well-formed unknown refresh token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
refresh "$A1"
t_eq "an access token is no refresh token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
p '{}'
call auth-refresh POST "$JSON"
t_eq "no refresh token at all -> 400/1006 fields.refresh_token" \
    "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("refresh_token")')"
login bob
q "UPDATE users SET is_active = 0 WHERE id = $BOB_ID"
refresh "$REFRESH"
t_eq "refresh for a disabled user -> 403/1010" "403 1010" \
    "$STATUS $(json .errno)"
q "UPDATE users SET is_active = 1 WHERE id = $BOB_ID"
q "UPDATE sessions SET refresh_expires = 0 WHERE access_hash = X'$(sha "$TOKEN")'"
refresh "$REFRESH"
t_eq "expired refresh token -> 401/1011" "401 1011" "$STATUS $(json .errno)"

# --- logout ------------------------------------------------------------
login alice
L=$TOKEN LR=$REFRESH
n1=$(q "SELECT count(*) FROM user_logs WHERE operation = 1 AND user_id = $ALICE_ID")
noin user-logout POST "$(bearer "$L")"
t_eq "logout -> 200/0" "200 0" "$STATUS $(json .errno)"
t_match "logout clears sid (Max-Age=0, Path=/)" \
    '^Set-Cookie: sid=;.*Path=/;.*Max-Age=0' "$(setcookie sid)"
t_match "logout clears rid (Max-Age=0, Path=/api/auth/)" \
    '^Set-Cookie: rid=;.*Path=/api/auth/;.*Max-Age=0' "$(setcookie rid)"
t_eq "the logged-out token -> 401/1011" "401 1011" "$(me_as "$L")"
refresh "$LR"
t_eq "the logged-out session cannot be refreshed" "401 1011" \
    "$STATUS $(json .errno)"
t_eq "logout writes a user_logs row with operation 1" "$((n1 + 1))" \
    "$(q "SELECT count(*) FROM user_logs WHERE operation = 1 AND user_id = $ALICE_ID")"
t_eq "alice's other sessions survive her logout" "200 0" "$(me_as "$A1")"
noin user-logout POST
t_eq "logout without credentials -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"
login alice
noin user-logout POST "$(bearer "$TOKEN")" CONTENT_LENGTH=0
t_eq "logout with Content-Length: 0 and no Content-Type (curl -X POST) -> 200" \
    "200 0" "$STATUS $(json .errno)"
login alice
noin user-logout POST "HTTP_COOKIE=sid=$TOKEN" HTTP_ORIGIN=http://localhost
t_eq "logout by cookie from the same origin -> 200" "200" "$STATUS"
t_eq "... and that session is gone" "401 1011" "$(me_as "$TOKEN")"

# --- change password -----------------------------------------------------
login alice
C1=$TOKEN
login alice
C2=$TOKEN C2R=$REFRESH
p '{"pwd":"wrong password","new_pwd":"brand new secret"}'
call user-changepwd POST "$JSON" "$(bearer "$C1")"
t_eq "changepwd with a wrong current password -> 401/1002" "401 1002" \
    "$STATUS $(json .errno)"
t_eq "a failed change revokes nothing" "200 0" "$(me_as "$C2")"
p '{"pwd":"%s","new_pwd":"short"}' "$PW"
call user-changepwd POST "$JSON" "$(bearer "$C1")"
t_eq "changepwd to a short password -> 400/1006 fields.new_pwd" \
    "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("new_pwd")')"
p '{"new_pwd":"brand new secret"}'
call user-changepwd POST "$JSON" "$(bearer "$C1")"
t_eq "changepwd without pwd -> 400/1006 fields.pwd" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("pwd")')"
p '{"pwd":"%s","new_pwd":"brand new secret"}' "$PW"
call user-changepwd POST "$JSON" "$(bearer "$C1")"
t_eq "changepwd -> 200/0" "200 0" "$STATUS $(json .errno)"
t_eq "the current session survives" "200 0" "$(me_as "$C1")"
t_eq "the current session is still the one refresh knows" "1" \
    "$(q "SELECT count(*) FROM sessions WHERE access_hash = X'$(sha "$C1")'")"
t_eq "another session of alice -> 401/1011" "401 1011" "$(me_as "$C2")"
t_eq "the register session of alice -> 401/1011" "401 1011" "$(me_as "$A1")"
refresh "$C2R"
t_eq "another session's refresh token -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
t_eq "bob's session is untouched" "200 0" "$(me_as "$BOB")"
login alice "brand new secret"
t_eq "the new password logs in" "200 0" "$STATUS $(json .errno)"
login alice
t_eq "the old password does not" "401 1002" "$STATUS $(json .errno)"
p 'pwd=brand+new+secret&new_pwd=third+secret+pw'
call user-changepwd PUT "$FORM" "$(bearer "$C1")"
t_eq "changepwd by PUT (urlencoded) -> 200" "200 0" "$STATUS $(json .errno)"
login alice "third secret pw"
t_eq "... and the third password logs in" "200" "$STATUS"

# --- DELETE /api/user/me/ ----------------------------------------------
login bob
B2=$TOKEN B2R=$REFRESH
p '{"password":"wrong password"}'
call user-me DELETE "$JSON" "$(bearer "$BOB")"
t_eq "DELETE me with a wrong password -> 401/1002" "401 1002" \
    "$STATUS $(json .errno)"
noin user-me DELETE "$(bearer "$BOB")"
t_eq "DELETE me without a password -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"
t_eq "bob still exists" "1" "$(q "SELECT count(*) FROM users WHERE id = $BOB_ID")"
p '{"password":"%s"}' "$PW"
call user-me DELETE "$JSON" "$(bearer "$BOB")"
t_eq "DELETE me with the right password -> 200/0" "200 0" \
    "$STATUS $(json .errno)"
t_match "DELETE me clears the sid cookie" '^Set-Cookie: sid=;.*Max-Age=0' \
    "$(setcookie sid)"
t_eq "bob is gone, with his sessions and refresh tokens" "0 0 0" \
    "$(q "SELECT count(*) FROM users WHERE id = $BOB_ID") $(q "SELECT count(*) FROM sessions WHERE user_id = $BOB_ID") $(q "SELECT count(*) FROM refresh_tokens WHERE hash = X'$(sha "$B2R")'")"
t_eq "bob's tokens -> 401/1011" "401 1011 401 1011" \
    "$(me_as "$BOB") $(me_as "$B2")"
refresh "$B2R"
t_eq "bob's refresh token -> 401/1011" "401 1011" "$STATUS $(json .errno)"
login bob
t_eq "bob cannot log in any more" "401 1002" "$STATUS $(json .errno)"
register bob
t_eq "the name bob is free again" "201" "$STATUS"
t_eq "alice is untouched" "200 0" "$(me_as "$C1")"

envelope_report
