#!/bin/sh
# Registration and login, run directly on the CGI binaries: tokens,
# cookies and what the database keeps, uniqueness (case-insensitive),
# password rules, roles, email verification codes (hashes inserted with
# sqlite3), login by username or email, identical failures, the login
# log, disabled accounts, and rehashing at a new cost.
. "$(dirname "$0")/../lib.sh"
t_plan 96
t_setup

. "$(dirname "$0")/lib/helpers.sh"

nusers() { q "SELECT count(*) FROM users"; }
# setcookie NAME: the Set-Cookie line of the last response for NAME
setcookie() { grep -i "^Set-Cookie: $1=" "$T/headers" | tr -d '\r'; }
sha() { printf '%s' "$1" | sha256sum | cut -c1-64 | tr 'a-f' 'A-F'; }
nlogs() {	# OPERATION [USER_ID|null]
	if [ "${2:-}" = null ]; then
		q "SELECT count(*) FROM user_logs WHERE operation = $1 AND user_id IS NULL"
	else
		q "SELECT count(*) FROM user_logs WHERE operation = $1${2:+ AND user_id = $2}"
	fi
}
hash_of() { q "SELECT password_hash FROM users WHERE username = '$1'"; }
params_of() { printf '%s\n' "$1" | sed -n 's/^\(\$y\$[^$]*\$\).*/\1/p'; }

# --- register ----------------------------------------------------------
register alice '"email":"Alice@Example.com","fullname":"Alice A"'
t_eq "register -> 201/0" "201 0" "$STATUS $(json .errno)"
ALICE_ID=$ID ALICE_TOKEN=$TOKEN ALICE_REFRESH=$REFRESH
t_match "token: 43 base64url characters" '^[A-Za-z0-9_-]{43}$' "$TOKEN"
t_match "refresh_token: 43 base64url characters" '^[A-Za-z0-9_-]{43}$' \
    "$REFRESH"
t_eq "token and refresh_token differ" "no" \
    "$([ "$TOKEN" = "$REFRESH" ] && echo yes || echo no)"
t_eq "expires_in is the access lifetime" "3600" "$(json .data.expires_in)"
t_eq "data.user: username, role, active, fullname" "alice user true Alice A" \
    "$(json '[.data.user.username, .data.user.role, .data.user.is_active, .data.user.profile.fullname] | join(" ")')"
t_match "sid cookie: the token, Path=/, HttpOnly, SameSite=Lax" \
    "^Set-Cookie: sid=$TOKEN; (.*; )?Path=/;.*HttpOnly.*SameSite=Lax" \
    "$(setcookie sid)"
t_match "rid cookie: the refresh token, Path=/api/auth/, HttpOnly, SameSite=Strict" \
    "^Set-Cookie: rid=$REFRESH; (.*; )?Path=/api/auth/;.*HttpOnly.*SameSite=Strict" \
    "$(setcookie rid)"
t_nomatch "no Secure cookies over plain HTTP" 'Secure' "$(setcookie '[sr]id')"
t_eq "the database keeps the access token only as its SHA-256" "1 0" \
    "$(q "SELECT count(*) FROM sessions WHERE access_hash = X'$(sha "$TOKEN")'") $(q "SELECT count(*) FROM sessions WHERE CAST(access_hash AS TEXT) = '$TOKEN'")"
t_eq "the database keeps the refresh token only as its SHA-256" "1" \
    "$(q "SELECT count(*) FROM refresh_tokens WHERE hash = X'$(sha "$REFRESH")'")"
t_match "password stored as a yescrypt hash" '^\$y\$' "$(hash_of alice)"
t_nomatch "password not stored in clear" "$PW" "$(hash_of alice)"

p '{"username":"hugo","password":"%s","password2":"%s"}' "$PW" "$PW"
call user-register POST "$JSON" HTTPS=on
t_eq "register over HTTPS -> 201" "201" "$STATUS"
t_match "over HTTPS the sid cookie is Secure" 'Secure' "$(setcookie sid)"
t_match "over HTTPS the rid cookie is Secure" 'Secure' "$(setcookie rid)"

p 'username=ursula&password=%s&password2=%s&age=40' \
    "$(printf '%s' "$PW" | sed 's/ /+/g')" "$(printf '%s' "$PW" | sed 's/ /%20/g')"
call user-register POST "$FORM"
t_eq "register urlencoded (+ and %20 for spaces) -> 201, age 40" "201 40" \
    "$STATUS $(json .data.user.profile.age)"
mp_start
mp_field username mona
mp_field password "$PW"
mp_field password2 "$PW"
mp_field gender 1
mp_end
call user-register POST "$MP"
t_eq "register multipart -> 201, gender 1" "201 1" \
    "$STATUS $(json .data.user.profile.gender)"

n0=$(nusers)
register ALICE
t_eq "username ALICE when alice exists -> 409/1000" "409 1000" \
    "$STATUS $(json .errno)"
register alice
t_eq "username alice again -> 409/1000" "409 1000" "$STATUS $(json .errno)"
register alice2 '"email":"ALICE@EXAMPLE.COM"'
t_eq "email in other case when taken -> 409/1007" "409 1007" \
    "$STATUS $(json .errno)"
p '{"username":"bert","password":"%s","password2":"%sX"}' "$PW" "$PW"
call user-register POST "$JSON"
t_eq "password2 differs -> 400/1001" "400 1001" "$STATUS $(json .errno)"
p '{"username":"bert","password":"short","password2":"short"}'
call user-register POST "$JSON"
t_eq "7-character password -> 400/1006 fields.password" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("password")')"
p '{"username":"bert","password":"%s"}' "$PW"
call user-register POST "$JSON"
t_eq "password2 missing -> 400/1006 fields.password2" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("password2")')"
p '{"password":"%s","password2":"%s"}' "$PW" "$PW"
call user-register POST "$JSON"
t_eq "username missing -> 400/1006 fields.username" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("username")')"
for r in admin ADMIN Admin nosuchrole; do
	register bert "\"role\":\"$r\""
	t_eq "role '$r' not self-assignable -> 400/1006 fields.role" \
	    "400 1006 true" \
	    "$STATUS $(json .errno) $(json '.fields | has("role")')"
done
for u in ab "$(printf 'a%.0s' $(seq 33))" _abc .abc 'a b' 'ali@ce' 'al/ice' \
    "o'brien--"; do
	register "$u"
	t_eq "username '$u' refused (400 fields.username)" "400 1006 true" \
	    "$STATUS $(json .errno) $(json '.fields | has("username")')"
done
register bert '"email":"not-an-email"'
t_eq "bad email -> 400/1006 fields.email" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("email")')"
t_eq "no user created by any refused registration" "$n0" "$(nusers)"
register bert '"role":"user"'
t_eq "role user chosen explicitly -> 201" "201 user" \
    "$STATUS $(json .data.user.role)"
t_eq "nobody became admin" "0" \
    "$(q "SELECT count(*) FROM users u JOIN roles r ON r.id = u.role_id WHERE r.is_admin")"

# --- email verification (ACCOUNTS_EMAIL_VERIFICATION=1) ----------------
V=ACCOUNTS_EMAIL_VERIFICATION=1
# add_code PURPOSE EMAIL CODE [EXPIRES_OFFSET]: a code as code_consume
# stores it: SHA-256 of "purpose\nlower-case email\ncode"
add_code() {
	_e=$(printf '%s' "$2" | tr 'A-Z' 'a-z')
	_h=$(printf '%s\n%s\n%s' "$1" "$_e" "$3" | sha256sum | cut -c1-64)
	q "INSERT INTO codes (email, purpose, code_hash, expires_at, created_at)
	    VALUES ('$_e', '$1', X'$_h', unixepoch() + ${4:-600}, unixepoch())"
}
n0=$(nusers)
call() { cgi "$@" "$V" < "$T/in"; : > "$T/in"; echo >> "$T/nresp"; envelope "$1 $2"; }
register carol '"email":"Carol@Example.com"'
t_eq "verification on, no code -> 400/1006 fields.code" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("code")')"
register carol
t_eq "verification on, no email -> 400/1006 fields.email" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("email")')"
register carol '"email":"Carol@Example.com","code":"123456"'
t_eq "verification on, code never sent -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
add_code register carol@example.com 424242
add_code login carol@example.com 777777
register carol '"email":"Carol@Example.com","code":"777777"'
t_eq "a login code does not register -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
register carol '"email":"Carol@Example.com","code":"424243"'
t_eq "wrong code -> 400/1008" "400 1008" "$STATUS $(json .errno)"
t_eq "both wrong tries are counted against the register code" "2" \
    "$(q "SELECT attempts FROM codes WHERE purpose = 'register'")"
t_eq "no user created without the right code" "$n0" "$(nusers)"
register carol '"email":"Carol@Example.com","code":"424242"'
t_eq "right code (email in other case) -> 201" "201 0" \
    "$STATUS $(json .errno)"
t_eq "an email confirmed by its code is verified" "true" \
    "$(json .data.user.email_verified)"
register dave '"email":"carol@example.com","code":"424242"'
t_eq "the code cannot be used twice -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
add_code register erin@example.com 111111 -1
register erin '"email":"erin@example.com","code":"111111"'
t_eq "expired code -> 400/1008" "400 1008" "$STATUS $(json .errno)"
add_code register frank@example.com 222222
for i in 1 2 3 4 5; do
	register frank '"email":"frank@example.com","code":"000000"'
done
register frank '"email":"frank@example.com","code":"222222"'
t_eq "after 5 wrong tries the right code is void -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
register frank '"email":"frank@example.com","code":"12ab"'
t_eq "a code that is not digits -> 400/1006 fields.code" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("code")')"
# a code must survive a registration refused for another reason
add_code register gina@example.com 333333
register alice '"email":"gina@example.com","code":"333333"'
t_eq "verification on, taken username -> 409/1000" "409 1000" \
    "$STATUS $(json .errno)"
register gina '"email":"gina@example.com","code":"333333"'
t_eq "the code still registers after a taken-username refusal -> 201" \
    "201 0" "$STATUS $(json .errno)"
add_code register hana@example.com 444444
register hana '"email":"hana@example.com","code":"444444","role":"admin"'
t_eq "verification on, role admin -> 400/1006 fields.role" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("role")')"
register hana '"email":"hana@example.com","code":"444444"'
t_eq "the code still registers after a refused role -> 201" "201 0" \
    "$STATUS $(json .errno)"
call() { cgi "$@" < "$T/in"; : > "$T/in"; echo >> "$T/nresp"; envelope "$1 $2"; }

# --- login -------------------------------------------------------------
login() {	# LOGIN PASSWORD [VAR=value...]
	_l=$1 _p=$2
	shift 2
	p '{"username":"%s","password":"%s"}' "$_l" "$_p"
	call user-login POST "$JSON" "$@"
	TOKEN=$(json .data.token) REFRESH=$(json .data.refresh_token)
}
ok0=$(nlogs 0 "$ALICE_ID")
q "UPDATE users SET last_login_at = NULL WHERE username = 'alice'"
login alice "$PW"
t_eq "login by username -> 200/0" "200 0" "$STATUS $(json .errno)"
t_match "a login records last_login_at (database and answer)" \
    '^[1-9][0-9]* [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' \
    "$(q "SELECT last_login_at FROM users WHERE username = 'alice'") $(json .data.user.last_login_at)"
t_eq "login answers the user" "$ALICE_ID alice" \
    "$(json .data.user.id) $(json .data.user.username)"
t_match "login: new token" '^[A-Za-z0-9_-]{43}$' "$TOKEN"
t_eq "login: a new session, not register's" "no" \
    "$([ "$TOKEN" = "$ALICE_TOKEN" ] && echo yes || echo no)"
t_match "login sets the sid cookie" "^Set-Cookie: sid=$TOKEN;" \
    "$(setcookie sid)"
t_match "login sets the rid cookie" "^Set-Cookie: rid=$REFRESH;" \
    "$(setcookie rid)"
t_eq "a successful login writes a user_logs row with operation 0" \
    "$((ok0 + 1))" "$(nlogs 0 "$ALICE_ID")"
t_eq "the login row has ip and user agent" "127.0.0.1|UA-test" \
    "$(login alice "$PW" HTTP_USER_AGENT=UA-test >/dev/null; q "SELECT ip || '|' || user_agent FROM user_logs WHERE operation = 0 ORDER BY id DESC LIMIT 1")"
login ALICE@EXAMPLE.COM "$PW"
t_eq "login by email in other case -> 200" "200 $ALICE_ID" \
    "$STATUS $(json .data.user.id)"
login ALICE "$PW"
t_eq "login by username in other case -> 200" "200 $ALICE_ID" \
    "$STATUS $(json .data.user.id)"

f2=$(nlogs 2 "$ALICE_ID") fnull=$(nlogs 2 null)
login alice "wrong password"
t_eq "wrong password -> 401/1002" "401 1002" "$STATUS $(json .errno)"
cp "$T/out" "$T/wrongpw"
login nosuchuser "$PW"
t_eq "unknown user -> 401/1002" "401 1002" "$STATUS $(json .errno)"
t_eq "wrong password and unknown user: identical responses" "same" \
    "$(cmp -s "$T/out" "$T/wrongpw" && echo same || echo differ)"
t_nomatch "a failed login sets no cookie" 'Set-Cookie' "$(cat "$T/headers")"
login nosuch@example.com "$PW"
t_eq "unknown email -> 401/1002, same response" "same" \
    "$(cmp -s "$T/out" "$T/wrongpw" && echo same || echo differ)"
t_eq "failed login of alice: user_logs row with operation 2" "$((f2 + 1))" \
    "$(nlogs 2 "$ALICE_ID")"
t_eq "failed logins of unknown users: rows with operation 2, no user" \
    "$((fnull + 2))" "$(nlogs 2 null)"
p '{"username":"alice"}'
call user-login POST "$JSON"
t_eq "login without password -> 400/1006" "400 1006" "$STATUS $(json .errno)"
p '{"username":"alice","password":"%s","code":"123456"}' "$PW"
call user-login POST "$JSON"
t_eq "login with password and code -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"

add_code login alice@example.com 515151
p '{"email":"alice@example.com","code":"515150"}'
call user-login POST "$JSON"
t_eq "login by email + wrong code -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
p '{"email":"Alice@Example.com","code":"515151"}'
call user-login POST "$JSON"
t_eq "login by email + code -> 200" "200 $ALICE_ID" \
    "$STATUS $(json .data.user.id)"

login bert "$PW"
BERT_ID=$(json .data.user.id)
q "UPDATE users SET is_active = 0 WHERE username = 'bert'"
login bert "$PW"
t_eq "disabled user, right password -> 403/1010" "403 1010" \
    "$STATUS $(json .errno)"
t_nomatch "disabled user gets no cookie" 'Set-Cookie' "$(cat "$T/headers")"
login bert "wrong password"
t_eq "disabled user, wrong password -> 401/1002 (says nothing more)" \
    "401 1002" "$STATUS $(json .errno)"
q "UPDATE users SET is_active = 1 WHERE username = 'bert'"
login bert "$PW"
t_eq "re-enabled user logs in" "200" "$STATUS"

# --- long passwords (up to PW_MAX_LEN = 1024) ---------------------------
LONG=$(printf 'p%.0s' $(seq 300))
p '{"username":"lena","password":"%s","password2":"%s"}' "$LONG" "$LONG"
call user-register POST "$JSON"
t_eq "register with a 300-character password -> 201" "201" "$STATUS"
LENA=$(json .data.token)
login lena "$LONG"
t_eq "login with that 300-character password -> 200" "200 0" \
    "$STATUS $(json .errno)"
p '{"pwd":"%s","new_pwd":"%s"}' "$LONG" "$PW"
call user-changepwd POST "$JSON" "HTTP_AUTHORIZATION=Bearer $LENA"
t_eq "changepwd from that 300-character password -> 200" "200 0" \
    "$STATUS $(json .errno)"
p '{"username":"lena","password":"%s","password2":"%s"}' "p$LONG$LONG$LONG$LONG" "p$LONG$LONG$LONG$LONG"
call user-register POST "$JSON"
t_eq "register with a 1201-character password -> 400 fields.password" \
    "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("password")')"

# --- rehash at a new cost -----------------------------------------------
register carl
h1=$(hash_of carl)
login carl "$PW" ACCOUNTS_HASH_COST=2
t_eq "login at cost 2 with a cost-1 hash -> 200" "200" "$STATUS"
h2=$(hash_of carl)
t_match "the cost-1 hash had yescrypt parameters" '^\$y\$[^$]+\$$' \
    "$(params_of "$h1")"
t_eq "the hash was redone with other parameters" "differ" \
    "$([ -n "$(params_of "$h2")" ] && [ "$(params_of "$h1")" != "$(params_of "$h2")" ] && echo differ || echo "same: $(params_of "$h2")")"
login carl "$PW" ACCOUNTS_HASH_COST=2
t_eq "login with the new hash -> 200" "200" "$STATUS"
t_eq "no second rehash at the same cost" "$h2" "$(hash_of carl)"
login carl "wrong password" ACCOUNTS_HASH_COST=1
t_eq "a failed login does not rehash" "$h2" "$(hash_of carl)"
login carl "$PW" ACCOUNTS_HASH_COST=1
t_eq "login at cost 1 again -> 200, back to cost-1 parameters" \
    "200 $(params_of "$h1")" "$STATUS $(params_of "$(hash_of carl)")"

envelope_report
