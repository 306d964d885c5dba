#!/bin/sh
# Defects an adversarial probe found, one block each, run directly on the
# CGI binaries: the hash cost shared by accountsctl and the CGIs, ids
# never reused, reads never waiting for the write lock and writes that
# cannot get it answering 503, the password length libxcrypt can hash,
# the size of what failed logins store, cache busters and extra path
# segments, the cap on sessions per user, and login CSRF.
. "$(dirname "$0")/../lib.sh"
t_plan 38
t_setup

. "$(dirname "$0")/lib/helpers.sh"

login() {	# USER [PASSWORD] [VAR=value...]: sets TOKEN
	_u=$1 _p=${2:-$PW}
	shift $(($# < 2 ? $# : 2))
	p '{"username":"%s","password":"%s"}' "$_u" "$_p"
	call user-login POST "$JSON" "$@"
	TOKEN=$(json .data.token)
}
me_as() { noin user-me GET "HTTP_AUTHORIZATION=Bearer $1"; echo "$STATUS"; }
# cost field of a stored yescrypt hash ("$y$j9T$...": the part after $y$)
cost_of() { q "SELECT password_hash FROM users WHERE username = '$1'" |
    cut -d'$' -f3; }

# --- 1. one hash cost for accountsctl and the CGIs ----------------------
# The database was made with ACCOUNTS_HASH_COST=1 (t_setup), the cost
# the server runs with.  The tool, run without the variable (as the
# README's quick start does), must hash at that cost too, or a wrong
# password for its users would take another time than an unknown
# user's.  So must a CGI that runs without the variable.
t_eq "init stored the hash cost" 1 \
    "$(q "SELECT value FROM settings WHERE key = 'hash_cost'")"
register webuser		# the server's setting: ACCOUNTS_HASH_COST=1
printf '%s\n' "$PW" | env -u ACCOUNTS_HASH_COST "$CTL" -d "$ACCOUNTS_DB" \
    user add cliuser > /dev/null
t_eq "accountsctl without the variable hashes at the server's cost" \
    "$(cost_of webuser)" "$(cost_of cliuser)"
(unset ACCOUNTS_HASH_COST; register webuser2)
t_eq "a CGI without the variable hashes at the stored cost" \
    "$(cost_of webuser)" "$(cost_of webuser2)"
ACCOUNTS_HASH_COST=3 "$CTL" -d "$ACCOUNTS_DB" init
t_eq "init with the variable stores the new cost" 3 \
    "$(q "SELECT value FROM settings WHERE key = 'hash_cost'")"
(unset ACCOUNTS_HASH_COST; login cliuser)
printf '%s\n' "$PW" | env -u ACCOUNTS_HASH_COST "$CTL" -d "$ACCOUNTS_DB" \
    user add probe3 > /dev/null
t_eq "a login at an old cost rehashes to the stored one" \
    "$(cost_of probe3)" "$(cost_of cliuser)"
t_nomatch "... which differs from the old" "^$(cost_of webuser)\$" \
    "$(cost_of cliuser)"
ACCOUNTS_HASH_COST=1 "$CTL" -d "$ACCOUNTS_DB" init

# --- 2. ids are never reused ---------------------------------------------
register first
register newest
NEWEST=$ID
p '{"password":"%s"}' "$PW"
call user-me DELETE "$JSON" "HTTP_AUTHORIZATION=Bearer $TOKEN"
t_eq "the newest user deleted" "200" "$STATUS"
register stranger
t_eq "the next registration gets a new id, not the deleted one's" "yes" \
    "$([ "$ID" -gt "$NEWEST" ] && echo yes || echo "no: $ID after $NEWEST")"
t_eq "every table whose ids history refers to is AUTOINCREMENT" "" \
    "$(for t in users roles occupations groups sessions user_logs \
    black_list uploads codes; do
	q "SELECT sql FROM sqlite_schema WHERE name = '$t'" |
	    grep -q AUTOINCREMENT || echo "$t"
    done)"

# --- 3. the write lock: reads do not wait, writes answer 503 -------------
register reader
READER=$TOKEN
q "UPDATE sessions SET last_seen_at = 0"	# the last-seen write is due
mkfifo "$T/lockfifo"
(
	# holds the write lock until told to stop
	{ echo "BEGIN IMMEDIATE; UPDATE settings SET value = value;"
	  read -r _ < "$T/lockfifo"; echo "COMMIT;"; } |
	    sqlite3 -batch "$ACCOUNTS_DB" > /dev/null 2>&1
) &
LOCKER=$!
sleep 0.5
t0=$(date +%s%N)
noin user-me GET "HTTP_AUTHORIZATION=Bearer $READER"
t1=$(date +%s%N)
t_eq "an authenticated read while another holds the lock: 200" 200 "$STATUS"
t_eq "... at once (under a second, not the 5 s busy timeout)" yes \
    "$([ $(((t1 - t0) / 1000000)) -lt 1000 ] && echo yes ||
    echo "no: $(((t1 - t0) / 1000000)) ms")"
p '{"bio":"written while locked"}'
call user-update-info POST "$JSON" "HTTP_AUTHORIZATION=Bearer $READER"
t_eq "a write that cannot get the lock: 503 1503" "503 1503" \
    "$STATUS $(json .errno)"
t_eq "... with Retry-After" 1 "$(header Retry-After)"
echo done > "$T/lockfifo"
wait "$LOCKER"
p '{"bio":"written after"}'
call user-update-info POST "$JSON" "HTTP_AUTHORIZATION=Bearer $READER"
t_eq "the same write once the lock is free: 200" 200 "$STATUS"

# --- 4. password lengths agree with what libxcrypt hashes ----------------
pwlen() { head -c "$1" /dev/zero | tr '\0' p; }
for len in 511 512 1024 1025; do
	p '{"username":"len%s","password":"%s","password2":"%s"}' "$len" \
	    "$(pwlen $len)" "$(pwlen $len)"
	call user-register POST "$JSON"
	case $len in
	511) t_eq "register with a $len-byte password: 201" "201 0" \
	    "$STATUS $(json .errno)" ;;
	*) t_eq "register with a $len-byte password: 400 1006 on password" \
	    "400 1006 too long" "$STATUS $(json .errno) $(json .fields.password)" ;;
	esac
done
login len511 "$(pwlen 511)"
t_eq "login with the 511-byte password" 200 "$STATUS"
LONG=$TOKEN
for len in 512 1024 1025; do
	p '{"pwd":"%s","new_pwd":"%s"}' "$(pwlen 511)" "$(pwlen $len)"
	call user-changepwd POST "$JSON" "HTTP_AUTHORIZATION=Bearer $LONG"
	t_eq "changepwd to a $len-byte password: 400 1006" "400 1006" \
	    "$STATUS $(json .errno)"
done

# --- 5. what a failed login may make the database keep -------------------
UA=$(head -c 10000 /dev/zero | tr '\0' u)
before=$(q "SELECT count(*) FROM user_logs")
login nobody-here "wrong password" "HTTP_USER_AGENT=$UA"
t_eq "failed login of an unknown user: 401 1002" "401 1002" \
    "$STATUS $(json .errno)"
t_eq "it is logged once (operation 2)" "$((before + 1)) 2" \
    "$(q "SELECT count(*) FROM user_logs") $(q "SELECT operation FROM user_logs ORDER BY id DESC LIMIT 1")"
t_eq "the stored User-Agent is cut to 256 bytes" 256 \
    "$(q "SELECT length(user_agent) FROM user_logs ORDER BY id DESC LIMIT 1")"
login reader "$PW" "HTTP_USER_AGENT=$UA"
t_eq "a session's User-Agent is cut too" 256 \
    "$(q "SELECT length(user_agent) FROM sessions ORDER BY id DESC LIMIT 1")"
# a multi-byte character across the cut is dropped whole
UA2="$(head -c 255 /dev/zero | tr '\0' u)é"
login nobody-here "wrong password" "HTTP_USER_AGENT=$UA2"
t_eq "the cut never splits a UTF-8 character" 255 \
    "$(q "SELECT length(CAST(user_agent AS BLOB)) FROM user_logs ORDER BY id DESC LIMIT 1")"

# --- 7. cache busters and extra path segments ----------------------------
noin user-me GET "HTTP_AUTHORIZATION=Bearer $READER" QUERY_STRING=_=123
t_eq "?_=123 is ignored" 200 "$STATUS"
noin user-me GET "HTTP_AUTHORIZATION=Bearer $READER" \
    "QUERY_STRING=_=1&cb=2&%5Bx%5D=3"
t_eq "undeclared parameters of any name are ignored" 200 "$STATUS"
noin user-me GET "HTTP_AUTHORIZATION=Bearer $READER" PATH_INFO=/123
t_eq "/api/user/me/123 is 404" "404 1005" "$STATUS $(json .errno)"
noin users-avatar GET PATH_INFO=/1/2
t_eq "/api/users/1/2/avatar/ (one id too many) is 404" "404 1005" \
    "$STATUS $(json .errno)"

# --- 8. sessions per user are capped ---------------------------------------
register capped
TOKS=$TOKEN
i=0
while [ $i -lt 4 ]; do
	login capped "$PW" ACCOUNTS_MAX_SESSIONS=3
	TOKS="$TOKS $TOKEN"
	i=$((i + 1))
done
t_eq "with ACCOUNTS_MAX_SESSIONS=3 the user keeps 3 sessions" 3 \
    "$(q "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'capped'")"
set -- $TOKS
t_eq "the two oldest tokens are revoked, the newest three live" \
    "401 401 200 200 200" \
    "$(me_as "$1") $(me_as "$2") $(me_as "$3") $(me_as "$4") $(me_as "$5")"

# --- 9. login CSRF ---------------------------------------------------------
login reader "$PW" HTTP_ORIGIN=http://evil.example
t_eq "login from another site's page: 403 1015" "403 1015" \
    "$STATUS $(json .errno)"
login reader "$PW" HTTP_SEC_FETCH_SITE=cross-site
t_eq "login with Sec-Fetch-Site: cross-site: 403 1015" "403 1015" \
    "$STATUS $(json .errno)"
login reader "$PW" HTTP_ORIGIN=http://localhost
t_eq "login from the site itself: 200" 200 "$STATUS"
p '{"username":"csrf1","password":"%s","password2":"%s"}' "$PW" "$PW"
call user-register POST "$JSON" HTTP_ORIGIN=http://evil.example
t_eq "register from another site's page: 403 1015, nobody made" \
    "403 1015 0" "$STATUS $(json .errno) $(q "SELECT count(*) FROM users WHERE username = 'csrf1'")"

envelope_report
