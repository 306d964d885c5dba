#!/bin/sh
# Throttling (errno 1009, 429, Retry-After), run directly on the CGI
# binaries with windows of a few seconds: failed logins per account and
# address, the window passing, a parallel burst counted exactly, the
# owner at another address not locked out, the per-account ceiling and
# the mailed-code escape hatch, successes that do not count, code
# requests and code checks, and what the throttle table keeps.
. "$(dirname "$0")/../lib.sh"
t_plan 48
t_setup

. "$(dirname "$0")/lib/helpers.sh"
. "$ROOT/tests/mail.sh"
mail_setup

A=REMOTE_ADDR=10.0.0.1 B=REMOTE_ADDR=10.0.0.2 C=REMOTE_ADDR=192.0.2.7
export ACCOUNTS_THROTTLE_LOGIN=3/5
login() {	# USER PASSWORD [VAR=value...]
	_u=$1 _p=$2
	shift 2
	p '{"username":"%s","password":"%s"}' "$_u" "$_p"
	call user-login POST "$JSON" "$@"
}
sendcode() {	# EMAIL PURPOSE [VAR=value...]
	_e=$1 _p=$2
	shift 2
	p '{"email":"%s","purpose":"%s"}' "$_e" "$_p"
	call user-code POST "$JSON" "$@"
}
login_code() {	# EMAIL CODE [VAR=value...]
	_e=$1 _c=$2
	shift 2
	p '{"email":"%s","code":"%s"}' "$_e" "$_c"
	call user-login POST "$JSON" "$@"
}
failed() { q "SELECT count(*) FROM user_logs WHERE operation = 2 AND user_id = $1"; }

register alice '"email":"alice@example.com"'
ALICE_ID=$ID

# --- failed logins per (account, address) ------------------------------
for i in 1 2 3; do login alice wrong-password "$A"; done
t_eq "three wrong passwords -> 401/1002" "401 1002" "$STATUS $(json .errno)"
login alice wrong-password "$A"
t_eq "the fourth try -> 429/1009" "429 1009" "$STATUS $(json .errno)"
RA=$(header Retry-After)
t_match "... with Retry-After of 1 to 5 seconds" '^[1-5]$' "$RA"
t_eq "the refused try was not checked (no failed-login row)" 3 \
    "$(failed "$ALICE_ID")"
login alice "$PW" "$A"
t_eq "the right password from that address -> 429 too" "429 1009" \
    "$STATUS $(json .errno)"
login ALICE@example.com wrong-password "$A"
t_eq "the same account by its email -> 429" 429 "$STATUS"
login alice "$PW" "$B"
t_eq "the owner at another address logs in -> 200" "200 alice" \
    "$STATUS $(json .data.user.username)"
# unknown names are throttled alike: throttling tells nothing
for i in 1 2 3; do login nosuchuser wrong-password "$A"; done
login nosuchuser wrong-password "$A"
t_eq "an unknown name: the fourth try -> 429/1009 as well" "429 1009" \
    "$STATUS $(json .errno)"
sleep "$((RA + 1))"
login alice "$PW" "$A"
t_eq "after the window the owner logs in from the first address" \
    "200 alice" "$STATUS $(json .data.user.username)"

# successes do not count
for i in 1 2; do login alice wrong-password "$C"; done
ok=
for i in 1 2 3 4 5; do login alice "$PW" "$C"; ok="$ok$STATUS "; done
t_eq "after two failures, five right passwords in a row all pass" \
    "200 200 200 200 200 " "$ok"
login alice wrong-password "$C"
t_eq "the third failure still counts as the third -> 401" 401 "$STATUS"
login alice wrong-password "$C"
t_eq "the fourth -> 429" 429 "$STATUS"

# --- the current password of changepwd and DELETE me counts alike -------
register ivan
IVAN=$TOKEN
for i in 1 2 3; do
	p '{"pwd":"wrong-password","new_pwd":"Another-pass-1"}'
	call user-changepwd POST "$JSON" "HTTP_AUTHORIZATION=Bearer $IVAN" "$A"
done
p '{"pwd":"%s","new_pwd":"Another-pass-1"}' "$PW"
call user-changepwd POST "$JSON" "HTTP_AUTHORIZATION=Bearer $IVAN" "$A"
t_eq "changepwd: three wrong current passwords, then the right one -> 429" \
    "429 1009" "$STATUS $(json .errno)"
login ivan "$PW" "$A"
t_eq "... which fills ivan's login counter at that address too" \
    "429 1009" "$STATUS $(json .errno)"
p '{"password":"%s"}' "$PW"
call user-me DELETE "$JSON" "HTTP_AUTHORIZATION=Bearer $IVAN" "$A"
t_eq "DELETE me from there -> 429 as well; ivan stays" "429 1009 1" \
    "$STATUS $(json .errno) $(q "SELECT count(*) FROM users WHERE username = 'ivan'")"

# --- a parallel burst is counted exactly --------------------------------
register bob '"email":"bob@example.com"'
BOB_ID=$ID
printf '{"username":"bob","password":"wrong-password"}' > "$T/burst.in"
blen=$(wc -c < "$T/burst.in")
i=0
while [ "$i" -lt 10 ]; do
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST SERVER_NAME=localhost \
	    SERVER_PORT=80 HTTP_HOST=localhost REMOTE_ADDR=10.0.0.9 \
	    CONTENT_TYPE=application/json CONTENT_LENGTH="$blen" \
	    ACCOUNTS_THROTTLE_LOGIN=4/60 \
	    "$BIN/user-login" < "$T/burst.in" > "$T/burst.$i" &
	i=$((i + 1))
done
wait
n401=$(grep -l '^Status: 401' "$T"/burst.[0-9] | wc -l)
n429=$(grep -l '^Status: 429' "$T"/burst.[0-9] | wc -l)
t_eq "ten parallel wrong passwords, limit 4: four checked, six refused" \
    "4 6" "$n401 $n429"
t_eq "exactly four failed logins recorded" 4 "$(failed "$BOB_ID")"
t_eq "every refusal carries Retry-After" 6 \
    "$(grep -l '^Retry-After: [0-9]' "$T"/burst.[0-9] | wc -l)"

# --- the per-account ceiling, and the mailed code as the way in ---------
register carol '"email":"carol@example.com"'
export ACCOUNTS_THROTTLE_LOGIN_ACCOUNT=5/60
for i in 1 2 3; do login carol wrong-password "$A"; done
for i in 1 2; do login carol wrong-password "$B"; done
t_eq "five failures from two addresses -> 401" 401 "$STATUS"
login carol "$PW" "$C"
t_eq "the account's ceiling (5/60) is full: a third address -> 429" \
    "429 1009" "$STATUS $(json .errno)"
t_match "... Retry-After within the account's window" '^[1-9][0-9]?$' \
    "$(header Retry-After)"
sendcode carol@example.com login "$C"
t_eq "carol asks for a login code -> 200" 200 "$STATUS"
login_code carol@example.com "$(mail_code "$(mail_last)")" "$C"
t_eq "carol logs in by the mailed code while passwords are throttled" \
    "200 carol" "$STATUS $(json .data.user.username)"
unset ACCOUNTS_THROTTLE_LOGIN_ACCOUNT

# --- per address over all accounts --------------------------------------
for u in u1 u2 u3 u4; do
	login "$u" wrong-password REMOTE_ADDR=10.0.0.77 \
	    ACCOUNTS_THROTTLE_LOGIN_IP=4/60
done
login alice "$PW" REMOTE_ADDR=10.0.0.77 ACCOUNTS_THROTTLE_LOGIN_IP=4/60
t_eq "four names tried from one address (limit 4/60): a fifth -> 429" \
    "429 1009" "$STATUS $(json .errno)"

# --- code requests -------------------------------------------------------
export ACCOUNTS_THROTTLE_CODE=2/60
sendcode dave@example.com register "$A"
sendcode dave@example.com register "$A"
t_eq "two code requests -> 200" 200 "$STATUS"
n=$(mail_count)
sendcode dave@example.com login "$A"
t_eq "a third for the same address from the same client -> 429/1009" \
    "429 1009" "$STATUS $(json .errno)"
t_match "... with Retry-After" '^[0-9]+$' "$(header Retry-After)"
t_eq "... and no mail" "$n" "$(mail_count)"
sendcode dave@example.com register "$B"
t_eq "the same address from another client -> 200" 200 "$STATUS"
sendcode erin@example.com register "$A" ACCOUNTS_THROTTLE_CODE_IP=3/60
t_eq "another address from the first client -> 200" 200 "$STATUS"
sendcode frank@example.com register "$A" ACCOUNTS_THROTTLE_CODE_IP=3/60
t_eq "a client over its own limit (3/60 here) -> 429" 429 "$STATUS"
sendcode dave@example.com register REMOTE_ADDR=10.0.0.3 \
    ACCOUNTS_THROTTLE_CODE_EMAIL=3/60
t_eq "an address over its own limit (3/60 here), any client -> 429" 429 \
    "$STATUS"
unset ACCOUNTS_THROTTLE_CODE

# --- code checks ---------------------------------------------------------
export ACCOUNTS_THROTTLE_CHECK=3/60
sendcode alice@example.com login "$A"
K=$(mail_code "$(mail_last)")
W=$(printf '%06d' $(((1${K} - 1000000 + 1) % 1000000)))
for i in 1 2 3; do login_code alice@example.com "$W" "$A"; done
t_eq "three wrong codes -> 400/1008" "400 1008" "$STATUS $(json .errno)"
login_code alice@example.com "$K" "$A"
t_eq "the fourth check, even with the right code -> 429/1009" "429 1009" \
    "$STATUS $(json .errno)"
t_match "... with Retry-After" '^[0-9]+$' "$(header Retry-After)"
p '{"email":"alice@example.com","code":"%s","new_pwd":"Another-pass-1"}' "$W"
call user-resetpwd POST "$JSON" "$A"
t_eq "resetpwd checks count alike -> 429" "429 1009" \
    "$STATUS $(json .errno)"
login_code alice@example.com "$K" "$B"
t_eq "from another client the right code still logs in" "200 alice" \
    "$STATUS $(json .data.user.username)"
register gina '"email":"gina@example.com"'
GINA=$TOKEN
for i in 1 2 3; do
	p '{"new_email":"alice@example.com","code":"%s"}' "$W"
	call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $GINA" "$C"
done
t_eq "changeemail: three wrong codes -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
p '{"new_email":"alice@example.com","code":"%s"}' "$W"
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $GINA" "$C"
t_eq "changeemail: the fourth -> 429/1009" "429 1009" \
    "$STATUS $(json .errno)"
p '{"username":"hank","password":"%s","password2":"%s","email":"hank@example.com","code":"%s"}' \
    "$PW" "$PW" "$W"
for i in 1 2 3; do
	call user-register POST "$JSON" ACCOUNTS_EMAIL_VERIFICATION=1 "$C"
	p '{"username":"hank","password":"%s","password2":"%s","email":"hank@example.com","code":"%s"}' \
	    "$PW" "$PW" "$W"
done
t_eq "register: three wrong codes -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
call user-register POST "$JSON" ACCOUNTS_EMAIL_VERIFICATION=1 "$C"
t_eq "register: the fourth -> 429/1009" "429 1009" "$STATUS $(json .errno)"
unset ACCOUNTS_THROTTLE_CHECK

# --- what the throttle table keeps --------------------------------------
keys=$(q "SELECT group_concat(key, ' ') FROM throttle")
t_match "the throttle table has counters" '^(login|code|check)' "$keys"
t_nomatch "... but no email, name or address in clear" \
    '@|alice|carol|example|10\.0\.0|192\.0' "$keys"
t_eq "counters are kinds and 128-bit hashes" "" \
    "$(q "SELECT key FROM throttle" | grep -Ev '^(login|code|check)(\.who|\.ip)?:[0-9a-f]{32}$')"
before=$(q "SELECT count(*) FROM throttle")
q "UPDATE throttle SET window_start = window_start - 2 * 86400"
"$CTL" -d "$ACCOUNTS_DB" sessions purge > "$T/purge"
t_eq "sessions purge drops counters older than a day" "$before 0" \
    "$(sed -n 's/^throttle\t//p' "$T/purge") $(q "SELECT count(*) FROM throttle")"

# --- a bad setting falls back to the default ----------------------------
login alice "$PW" REMOTE_ADDR=10.9.9.9 ACCOUNTS_THROTTLE_LOGIN=five 2> "$T/err"
t_eq "ACCOUNTS_THROTTLE_LOGIN=five: the default applies, login works" \
    200 "$STATUS"
t_match "... and the server log says so" 'ACCOUNTS_THROTTLE_LOGIN=five' \
    "$(cat "$T/err")"

envelope_report
