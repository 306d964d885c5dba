#!/bin/sh
# Mailed codes, run directly on the CGI binaries with a sendmail that
# keeps what it is given (tests/mail.sh): the code is read out of the
# mail, never from the database.  The message's form, who gets mail and
# who does not (with one answer for all), registration with a code,
# login by code, change of name and email, password reset, codes of
# another purpose or address, reused, replaced, expired or tried out,
# header injection, and a sendmail that fails or hangs.
. "$(dirname "$0")/../lib.sh"
t_plan 90
t_setup

. "$(dirname "$0")/lib/helpers.sh"
. "$ROOT/tests/mail.sh"
mail_setup
# throttling is tested in 65-throttle.sh: out of the way here
export ACCOUNTS_THROTTLE_CODE=1000/600 ACCOUNTS_THROTTLE_CHECK=1000/600
export ACCOUNTS_EMAIL_VERIFICATION=1 ACCOUNTS_MAIL_FROM='Accounts <noreply@accounts.example.org>'

# sendcode EMAIL PURPOSE [VAR=value...]
sendcode() {
	_e=$1 _p=$2
	shift 2
	p '{"email":"%s","purpose":"%s"}' "$_e" "$_p"
	call user-code POST "$JSON" "$@"
}
# newuser NAME EMAIL: registers with a mailed code; sets TOKEN, ID
newuser() {
	sendcode "$2" register
	p '{"username":"%s","password":"%s","password2":"%s","email":"%s","code":"%s"}' \
	    "$1" "$PW" "$PW" "$2" "$(mail_code "$(mail_last)")"
	call user-register POST "$JSON"
	TOKEN=$(json .data.token) ID=$(json .data.user.id)
}
login_code() {	# EMAIL CODE [VAR=value...]
	_e=$1 _c=$2
	shift 2
	p '{"email":"%s","code":"%s"}' "$_e" "$_c"
	call user-login POST "$JSON" "$@"
}
# show S: S for a test's description, its JSON escapes spelled out
# (dash's echo would act on the backslashes)
show() {
	printf '%s' "$1" | sed 's/\\r/<CR>/g; s/\\n/<LF>/g; s/\\t/<TAB>/g; s/\\u/<U+>/g'
}
ncodes() { q "SELECT count(*) FROM codes WHERE email = '$1'"; }

# --- asking for a code ---------------------------------------------------
sendcode alice@example.com register
t_eq "code for a new address -> 200/0" "200 0" "$STATUS $(json .errno)"
cp "$T/out" "$T/sent"
t_eq "one mail went out" 1 "$(mail_count)"
M=$(mail_last)
t_eq "the message is well-formed" "" "$(mail_check "$M" alice@example.com)"
t_eq "From is ACCOUNTS_MAIL_FROM" "From: Accounts <noreply@accounts.example.org>" \
    "$(grep '^From:' "$M")"
t_match "Message-ID in the sender's domain" '^Message-ID: <[^@]+@accounts\.example\.org>$' \
    "$(grep '^Message-ID:' "$M")"
t_eq "sendmail ran with -t -i (recipients from the header)" "-t -i" \
    "$(cat "$M.args")"
t_match "the body gives the lifetime (ACCOUNTS_CODE_TTL 600)" \
    'valid for 10 minutes' "$(cat "$M")"
t_match "the body is UTF-8 text beyond ASCII" "$(printf '\342\200\223')" \
    "$(cat "$M")"
REG=$(mail_code "$M")
t_match "the code: 6 digits" '^[0-9]{6}$' "$REG"
t_eq "the database keeps no code in clear" 0 \
    "$(q "SELECT count(*) FROM codes WHERE CAST(code_hash AS TEXT) LIKE '%$REG%' OR hex(code_hash) = '$REG'")"

p '{"username":"alice","password":"%s","password2":"%s","email":"alice@example.com","code":"%s"}' \
    "$PW" "$PW" "$REG"
call user-register POST "$JSON"
t_eq "register with the mailed code -> 201, email verified" "201 true" \
    "$STATUS $(json .data.user.email_verified)"
ALICE=$(json .data.token) ALICE_ID=$(json .data.user.id)
p '{"username":"alice2","password":"%s","password2":"%s","email":"alice@example.com","code":"%s"}' \
    "$PW" "$PW" "$REG"
call user-register POST "$JSON"
t_eq "the same code again -> 400/1008" "400 1008" "$STATUS $(json .errno)"

n=$(mail_count)
sendcode ALICE@example.com register
t_eq "register code for a taken address: the same answer, byte for byte" \
    same "$(cmp -s "$T/out" "$T/sent" && echo same || echo differ)"
t_eq "... and no mail" "$n" "$(mail_count)"
sendcode nobody@example.com login
t_eq "login code for an unknown address: the same answer" same \
    "$(cmp -s "$T/out" "$T/sent" && echo same || echo differ)"
sendcode nobody@example.com reset_password
t_eq "reset code for an unknown address: the same answer" same \
    "$(cmp -s "$T/out" "$T/sent" && echo same || echo differ)"
t_eq "... and no mail for either" "$n" "$(mail_count)"
sendcode alice@example.com change_email
t_eq "change_email code for a taken address: the same answer, no mail" \
    "same $n" "$(cmp -s "$T/out" "$T/sent" && echo same || echo differ) $(mail_count)"

for bad in 'a@example.com\r\nBcc: evil@example.com' \
    'a@example.com\nBcc: evil@example.com' 'a@exam\rple.com' \
    'a\t@example.com' 'a@example.com\u0085' 'a b@example.com'; do
	sendcode "$bad" login
	t_eq "email \"$(show "$bad")\" -> 400/1006 fields.email" "400 1006 true" \
	    "$STATUS $(json .errno) $(json '.fields | has("email")')"
done
p 'email=a%%40example.com%%0D%%0ABcc%%3A+evil%%40example.com&purpose=login'
call user-code POST "$FORM"
t_eq "CR LF in an urlencoded email -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"
t_eq "no mail for any of them" "$n" "$(mail_count)"
sendcode bob@example.com logout
t_eq "unknown purpose -> 400/1006 fields.purpose" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("purpose")')"
p '{"email":"bob@example.com"}'
call user-code POST "$JSON"
t_eq "purpose missing -> 400/1006" "400 1006" "$STATUS $(json .errno)"
p '{"email":"bob@example.com","purpose":"login","to":"x@example.com"}'
call user-code POST "$JSON"
t_eq "unknown field -> 400/1006" "400 1006" "$STATUS $(json .errno)"
noin user-code GET
t_eq "GET -> 405/1013" "405 1013" "$STATUS $(json .errno)"

# --- login by code -------------------------------------------------------
sendcode Alice@Example.com login
t_eq "login code for an existing account -> 200, the same answer" same \
    "$(cmp -s "$T/out" "$T/sent" && echo same || echo differ)"
M=$(mail_last)
t_eq "a mail to the account's address (as asked)" "" \
    "$(mail_check "$M" Alice@Example.com)"
t_eq "Subject names the purpose" "Subject: Your login code" \
    "$(grep '^Subject:' "$M")"
L1=$(mail_code "$M")
sendcode alice@example.com login
L2=$(mail_code "$(mail_last)")
t_eq "a new login code replaces the previous one (one stored)" 1 \
    "$(q "SELECT count(*) FROM codes WHERE email = 'alice@example.com' AND purpose = 'login'")"
if [ "$L1" != "$L2" ]; then
	login_code alice@example.com "$L1"
	t_eq "the replaced code -> 400/1008" "400 1008" "$STATUS $(json .errno)"
else
	t_ok "the replaced code (the two codes happened to be equal)"
fi
login_code alice@example.com "$REG"
t_eq "the register code does not log in -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
logins0=$(q "SELECT count(*) FROM user_logs WHERE user_id = $ALICE_ID AND operation = 0")
login_code alice@example.com "$L2"
t_eq "login by email + the mailed code -> 200, alice" "200 alice" \
    "$STATUS $(json .data.user.username)"
t_match "... with a token" '^[A-Za-z0-9_-]{43}$' "$(json .data.token)"
t_eq "a code login is a login in the user log (operation 0)" \
    "$((logins0 + 1))" \
    "$(q "SELECT count(*) FROM user_logs WHERE user_id = $ALICE_ID AND operation = 0")"
login_code alice@example.com "$L2"
t_eq "the code again -> 400/1008" "400 1008" "$STATUS $(json .errno)"

newuser bob bob@example.com
t_eq "bob registers with a code" 201 "$STATUS"
BOB=$TOKEN
sendcode alice@example.com login
A=$(mail_code "$(mail_last)")
login_code bob@example.com "$A"
t_eq "alice's code with bob's email -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
p '{"email":"bob@example.com","code":"%s","new_pwd":"Another-pass-1"}' "$A"
call user-resetpwd POST "$JSON"
t_eq "alice's login code to reset bob's password -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
p '{"email":"alice@example.com","code":"%s","new_pwd":"Another-pass-1"}' "$A"
call user-resetpwd POST "$JSON"
t_eq "alice's login code to reset her own password -> 400/1008" \
    "400 1008" "$STATUS $(json .errno)"
login_code alice@example.com "$A"
t_eq "the login code still logs alice in" "200" "$STATUS"

# the sixth try fails even with the right code
sendcode alice@example.com login
A=$(mail_code "$(mail_last)")
W=$(printf '%06d' $(((1${A} - 1000000 + 1) % 1000000)))
for i in 1 2 3 4 5; do login_code alice@example.com "$W"; done
t_eq "five wrong codes -> 400/1008" "400 1008" "$STATUS $(json .errno)"
login_code alice@example.com "$A"
t_eq "the right code on the sixth try -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"

# an expired code
sendcode alice@example.com login ACCOUNTS_CODE_TTL=1
M=$(mail_last)
t_match "a short lifetime is told in seconds" 'valid for 1 second ' "$(cat "$M")"
sleep 2
login_code alice@example.com "$(mail_code "$M")"
t_eq "the code after its lifetime -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"

# --- change of name ------------------------------------------------------
p '{"new_name":"alicia"}'
call user-changename POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
t_eq "changename -> 200, the new name" "200 0 alicia" \
    "$STATUS $(json .errno) $(json .data.user.username)"
p '{"username":"alicia","password":"%s"}' "$PW"
call user-login POST "$JSON"
t_eq "login under the new name" 200 "$STATUS"
p '{"new_name":"BOB"}'
call user-changename POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
t_eq "bob's name in other case -> 409/1000" "409 1000" \
    "$STATUS $(json .errno)"
p '{"new_name":"Alicia"}'
call user-changename POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
t_eq "one's own name in other case -> 200" "200 Alicia" \
    "$STATUS $(json .data.user.username)"
for bad in 'eve\r\nBcc: x' 'eve\nx' 'a b' 'x'; do
	p '{"new_name":"%s"}' "$bad"
	call user-changename POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
	t_eq "new_name \"$(show "$bad")\" -> 400/1006 fields.new_name" "400 1006 true" \
	    "$STATUS $(json .errno) $(json '.fields | has("new_name")')"
done
p '{"new_name":"mallory"}'
call user-changename POST "$JSON"
t_eq "changename without a token -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"
p '{"new_name":"mallory"}'
call user-changename POST "$JSON" "HTTP_COOKIE=sid=$ALICE" \
    HTTP_ORIGIN=http://evil.example
t_eq "cookie changename from another site -> 403/1015" "403 1015" \
    "$STATUS $(json .errno)"

# --- change of email -----------------------------------------------------
sendcode alice.new@example.com change_email
M=$(mail_last)
t_eq "change_email code to the new address" "" \
    "$(mail_check "$M" alice.new@example.com)"
C=$(mail_code "$M")
p '{"new_email":"alice.other@example.com","code":"%s"}' "$C"
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
t_eq "the code with another address -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"
p '{"new_email":"alice.new@example.com","code":"%s"}' "$C"
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
t_eq "changeemail -> 200, new email, verified" \
    "200 alice.new@example.com true" \
    "$STATUS $(json .data.user.email) $(json .data.user.email_verified)"
p '{"new_email":"alice.new@example.com","code":"%s"}' "$C"
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $ALICE"
t_eq "the code again -> 400/1008" "400 1008" "$STATUS $(json .errno)"
# an address taken between the code and its use
sendcode carol@example.com change_email
C=$(mail_code "$(mail_last)")
newuser carol carol@example.com
t_eq "carol registers carol@example.com meanwhile" 201 "$STATUS"
p '{"new_email":"Carol@example.com","code":"%s"}' "$C"
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $BOB"
t_eq "changeemail to a taken address -> 409/1007" "409 1007" \
    "$STATUS $(json .errno)"
t_eq "bob's email is unchanged" bob@example.com \
    "$(q "SELECT email FROM users WHERE username = 'bob'")"
p '{"new_email":"bob@example.com\\r\\nBcc: x@example.com","code":"123456"}'
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $BOB"
t_eq "CR LF in new_email -> 400/1006" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("new_email")')"
p '{"new_email":"x@example.com"}'
call user-changeemail POST "$JSON" "HTTP_AUTHORIZATION=Bearer $BOB"
t_eq "code missing -> 400/1006" "400 1006" "$STATUS $(json .errno)"
p '{"new_email":"x@example.com","code":"123456"}'
call user-changeemail POST "$JSON"
t_eq "changeemail without a token -> 401/1003" "401 1003" \
    "$STATUS $(json .errno)"
p '{"email":"x@example.com"}'
call user-update-info POST "$JSON" "HTTP_AUTHORIZATION=Bearer $BOB"
t_eq "with verification on, update/info refuses email -> 400/1006" \
    "400 1006" "$STATUS $(json .errno)"

# --- password reset ------------------------------------------------------
p '{"username":"bob","password":"%s"}' "$PW"
call user-login POST "$JSON"
BOB2=$(json .data.token)
sendcode bob@example.com reset_password
M=$(mail_last)
t_eq "reset code mailed to bob, well-formed" "" \
    "$(mail_check "$M" bob@example.com)"
R=$(mail_code "$M")
p '{"email":"bob@example.com","code":"%s","new_pwd":"short"}' "$R"
call user-resetpwd POST "$JSON"
t_eq "a too short new password -> 400/1006 fields.new_pwd" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("new_pwd")')"
p '{"email":"bob@example.com","code":"%s","new_pwd":"New-password-2"}' "$R"
call user-resetpwd POST "$JSON"
t_eq "resetpwd with the mailed code -> 200/0" "200 0" "$STATUS $(json .errno)"
t_nomatch "resetpwd sets no cookie" 'Set-Cookie' "$(cat "$T/headers")"
noin user-me GET "HTTP_AUTHORIZATION=Bearer $BOB"
t_eq "bob's first session is revoked -> 401/1011" "401 1011" \
    "$STATUS $(json .errno)"
noin user-me GET "HTTP_AUTHORIZATION=Bearer $BOB2"
t_eq "bob's second session is revoked too" "401 1011" \
    "$STATUS $(json .errno)"
p '{"username":"bob","password":"%s"}' "$PW"
call user-login POST "$JSON"
t_eq "the old password -> 401/1002" "401 1002" "$STATUS $(json .errno)"
p '{"username":"bob","password":"New-password-2"}'
call user-login POST "$JSON"
t_eq "the new password -> 200" 200 "$STATUS"
p '{"email":"bob@example.com","code":"%s","new_pwd":"Third-password-3"}' "$R"
call user-resetpwd POST "$JSON"
t_eq "the reset code again -> 400/1008" "400 1008" "$STATUS $(json .errno)"
p '{"email":"nobody@example.com","code":"123456","new_pwd":"Third-password-3"}'
call user-resetpwd POST "$JSON"
t_eq "reset of an unknown address -> 400/1008" "400 1008" \
    "$STATUS $(json .errno)"

# --- a sendmail that fails or hangs --------------------------------------
printf '#!/bin/sh\ncat > /dev/null\necho "mail system down" >&2\nexit 1\n' \
    > "$T/fail-sendmail"
chmod 0755 "$T/fail-sendmail"
sendcode dave@example.com register "ACCOUNTS_SENDMAIL=$T/fail-sendmail" \
    2> "$T/err"
t_eq "sendmail exits 1 -> 500/1500" "500 1500" "$STATUS $(json .errno)"
t_match "the reason is in the server log" 'exit status 1' "$(cat "$T/err")"
t_eq "the unsent code is not kept" 0 "$(ncodes dave@example.com)"
sendcode dave@example.com register ACCOUNTS_SENDMAIL=/nonexistent/sendmail \
    2> "$T/err"
t_eq "a sendmail that does not exist -> 500/1500" "500 1500" \
    "$STATUS $(json .errno)"

cat > "$T/hang-sendmail" <<EOF
#!/bin/sh
echo \$\$ > '$T/hang.pid'
sleep 300 &
echo \$! > '$T/hang.child'
wait
EOF
chmod 0755 "$T/hang-sendmail"
t0=$(date +%s%N)
sendcode dave@example.com register "ACCOUNTS_SENDMAIL=$T/hang-sendmail" \
    ACCOUNTS_SENDMAIL_TIMEOUT=1 2> "$T/err"
t1=$(date +%s%N)
t_eq "a hanging sendmail -> 500/1500" "500 1500" "$STATUS $(json .errno)"
ms=$(((t1 - t0) / 1000000))
t_eq "... answered after the 1 s timeout, within 3 s (${ms} ms)" yes \
    "$([ "$ms" -ge 1000 ] && [ "$ms" -lt 3000 ] && echo yes || echo no)"
t_match "the server log says it was killed" 'no answer in 1 s, killed' \
    "$(cat "$T/err")"
# running: it exists and is no zombie (whose parent may be slow to reap)
running() {
	[ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
}
sleep 0.2
alive=
for f in hang.pid hang.child; do
	pid=$(cat "$T/$f" 2>/dev/null)
	[ -n "$pid" ] || { alive="$alive no-$f"; continue; }
	! running "$pid" || alive="$alive $f:$pid"
	kill "$pid" 2>/dev/null
done
t_eq "neither the sendmail nor its child is left running" "" "$alive"
t_eq "the code is not kept" 0 "$(ncodes dave@example.com)"

envelope_report
