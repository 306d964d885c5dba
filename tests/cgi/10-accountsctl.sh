#!/bin/sh
# accountsctl (contract §6): init, user add/passwd/role/list/disable/enable,
# sessions purge, backup and usage errors, checked against the database
# with sqlite3.
. "$(dirname "$0")/../lib.sh"
t_plan 96
t_setup

DB=$ACCOUNTS_DB
TAB=$(printf '\t')
CR=$(printf '\r')
PW='correct horse battery'
PW2='another good passphrase'

# r ARGS...: runs accountsctl on $DB; stdout in $T/out, stderr in $T/err,
# exit status in RC.  rin INPUT ARGS...: the same with INPUT as stdin.
r() { "$CTL" -d "$DB" "$@" > "$T/out" 2> "$T/err"; RC=$?; }
rin() { printf '%s\n' "$1" > "$T/in"; shift; r "$@" < "$T/in"; }
out() { cat "$T/out"; }
q() { sqlite3 -batch "$DB" "$1"; }
uid() { q "SELECT id FROM users WHERE username = '$1'"; }
hash_of() { q "SELECT password_hash FROM users WHERE username = '$1'"; }
nsess() { q "SELECT count(*) FROM sessions WHERE user_id = $(uid "$1")"; }
add_session() {	# USER REFRESH_EXPIRES_OFFSET
	q "INSERT INTO sessions (user_id, access_hash, access_expires,
	    refresh_expires, created_at, last_seen_at)
	    VALUES ($(uid "$1"), randomblob(32), unixepoch() - 60,
	    unixepoch() + $2, unixepoch() - 7200, unixepoch() - 7200);
	    SELECT last_insert_rowid();"
}
# pw_matches DESC PASSWORD HASH: the hash really is of that password,
# checked by logging in through the real login CGI (the hash argument is
# there for the reader: the CGI reads it from the database).
# The session the login opens is logged out again, so that the session
# counts below stay the test's own.
pw_matches() {
	_u=$(q "SELECT username FROM users WHERE password_hash = '$3'")
	printf 'username=%s&password=%s' "$_u" "$2" > "$T/login"
	cgi user-login POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    < "$T/login"
	t_eq "$1" "200 0" "$STATUS $(json .errno)"
	cgi user-logout POST HTTP_AUTHORIZATION="Bearer $(json .data.token)" \
	    < /dev/null
}

# --- init --------------------------------------------------------------
v1=$(q 'PRAGMA user_version')
t_match "init sets a schema version" '^[1-9][0-9]*$' "$v1"
r init
t_eq "init again exits 0" 0 "$RC"
t_eq "init again keeps user_version" "$v1" "$(q 'PRAGMA user_version')"
t_eq "database is in WAL mode" wal "$(q 'PRAGMA journal_mode')"
t_eq "built-in roles present once" "admin user" \
    "$(q "SELECT group_concat(name, ' ') FROM (SELECT name FROM roles ORDER BY name)")"
"$CTL" -d "$T/fresh.db" init > /dev/null 2>&1
t_eq "init creates a new database" "0 $v1" \
    "$? $(sqlite3 "$T/fresh.db" 'PRAGMA user_version')"

# --- user add ------------------------------------------------------------
rin "$PW" user add alice --email alice@example.com
t_eq "user add exits 0" 0 "$RC"
t_eq "user add prints the new id" "$(uid alice)" "$(out)"
t_eq "alice stored with email, role user, active" \
    "alice|alice@example.com|user|1" \
    "$(q "SELECT username, email, r.name, is_active FROM users u
	JOIN roles r ON r.id = u.role_id WHERE username = 'alice'")"
t_match "password stored as yescrypt" '^\$y\$' "$(hash_of alice)"
t_nomatch "password not stored in clear" "$PW" "$(hash_of alice)"
pw_matches "stored hash verifies the password" "$PW" "$(hash_of alice)"

rin "$PW$CR" user add --role=admin bob
t_eq "user add with CRLF line and --role= exits 0" 0 "$RC"
t_eq "bob is admin, no email" "admin|" \
    "$(q "SELECT r.name, coalesce(email, '') FROM users u
	JOIN roles r ON r.id = u.role_id WHERE username = 'bob'")"
pw_matches "trailing CR stripped from the password" "$PW" "$(hash_of bob)"

rin "$PW" user add ALICE
t_eq "duplicate username (other case) exits 1" 1 "$RC"
t_match "duplicate username says so" 'username' "$(cat "$T/err")"
rin "$PW" user add carol --email ALICE@example.com
t_eq "duplicate email exits 1" 1 "$RC"
t_match "duplicate email says so" 'email' "$(cat "$T/err")"
rin "$PW" user add carol --role wizard
t_eq "unknown role exits 1" 1 "$RC"
t_match "unknown role says so" 'role' "$(cat "$T/err")"
rin "$PW" user add carol --email not-an-email
t_eq "malformed email exits 1" 1 "$RC"
rin "short" user add carol
t_eq "short password exits 1" 1 "$RC"
r user add carol < /dev/null
t_eq "empty stdin exits 1" 1 "$RC"
rin "" user add carol
t_eq "empty password line exits 1" 1 "$RC"
t_eq "refused adds left no rows" 2 "$(q 'SELECT count(*) FROM users')"

# --- user list -----------------------------------------------------------
r user list
t_eq "user list exits 0" 0 "$RC"
t_eq "user list has one line per user" 2 "$(out | wc -l | tr -d ' ')"
ISO='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
t_match "user list line of alice" \
    "^$(uid alice)${TAB}alice${TAB}alice@example.com${TAB}user${TAB}1${TAB}$ISO\$" \
    "$(out | sed -n 1p)"
t_match "user list line of bob (empty email)" \
    "^$(uid bob)${TAB}bob${TAB}${TAB}admin${TAB}1${TAB}$ISO\$" \
    "$(out | sed -n 2p)"
created=$(q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch')
    FROM users WHERE username = 'alice'")
t_eq "created column is created_at in UTC" "$created" \
    "$(out | sed -n 1p | cut -f6)"
"$CTL" user list > "$T/env.out" 2>/dev/null
t_eq "without -d the database is \$ACCOUNTS_DB" "$(out)" "$(cat "$T/env.out")"

# --- user role -----------------------------------------------------------
r user role alice admin
t_eq "user role exits 0" 0 "$RC"
t_eq "alice is now admin" admin "$(q "SELECT r.name FROM users u
    JOIN roles r ON r.id = u.role_id WHERE username = 'alice'")"
r user role alice wizard
t_eq "user role with unknown role exits 1" 1 "$RC"
r user role nobody user
t_eq "user role of unknown user exits 1" 1 "$RC"
r user role alice user
t_eq "alice is user again" user "$(q "SELECT r.name FROM users u
    JOIN roles r ON r.id = u.role_id WHERE username = 'alice'")"

# --- disable / enable ----------------------------------------------------
add_session alice 86400 > /dev/null
add_session alice 86400 > /dev/null
add_session bob 86400 > /dev/null
q "INSERT INTO black_list (user_id, join_time, reason)
    VALUES ($(uid alice), unixepoch(), 'spam')"
r user disable alice
t_eq "user disable exits 0" 0 "$RC"
t_eq "alice is inactive" 0 "$(q "SELECT is_active FROM users WHERE username = 'alice'")"
t_eq "disable revoked alice's sessions" 0 "$(nsess alice)"
t_eq "disable left bob's session" 1 "$(nsess bob)"
r user list
t_match "user list shows alice inactive" "${TAB}alice${TAB}.*${TAB}0${TAB}" "$(out)"
r user enable alice
t_eq "user enable exits 0" 0 "$RC"
t_eq "alice is active again" 1 "$(q "SELECT is_active FROM users WHERE username = 'alice'")"
t_eq "enable lifted the standing ban, kept as history" "1|1" \
    "$(q "SELECT count(*), is_delete FROM black_list WHERE user_id = $(uid alice)")"
r user disable nobody
t_eq "disable of unknown user exits 1" 1 "$RC"

# --- user passwd ---------------------------------------------------------
old=$(hash_of alice)
add_session alice 86400 > /dev/null
rin "$PW2" user passwd alice
t_eq "user passwd exits 0" 0 "$RC"
new=$(hash_of alice)
t_match "new hash is yescrypt" '^\$y\$' "$new"
t_eq "passwd changed the hash" 1 "$([ "$old" != "$new" ] && echo 1)"
pw_matches "new hash verifies the new password" "$PW2" "$new"
t_eq "passwd revoked alice's sessions" 0 "$(nsess alice)"
t_eq "passwd left bob's session" 1 "$(nsess bob)"
rin "short" user passwd alice
t_eq "passwd with short password exits 1" 1 "$RC"
t_eq "refused passwd keeps the hash" "$new" "$(hash_of alice)"
rin "$PW2" user passwd nobody
t_eq "passwd of unknown user exits 1" 1 "$RC"

# --- sessions purge ------------------------------------------------------
q "DELETE FROM sessions; DELETE FROM throttle"
dead=$(add_session bob -10)
live=$(add_session bob 3600)	# access token expired, refresh still good
q "INSERT INTO refresh_tokens (hash, session_id) VALUES
    (randomblob(32), $dead), (randomblob(32), $live);
  INSERT INTO codes (email, purpose, code_hash, expires_at, created_at) VALUES
    ('a@example.com', 'register', randomblob(32), unixepoch() - 1, unixepoch() - 600),
    ('b@example.com', 'login', randomblob(32), unixepoch() + 600, unixepoch());
  INSERT INTO throttle (key, count, window_start) VALUES
    ('login:old', 3, unixepoch() - 2 * 86400),
    ('login:new', 3, unixepoch() - 60)"
r sessions purge
t_eq "sessions purge exits 0" 0 "$RC"
t_eq "sessions purge prints its counts" \
    "sessions${TAB}1 codes${TAB}1 throttle${TAB}1" "$(out | tr '\n' ' ' | sed 's/ $//')"
t_eq "only the expired session is gone" "$live" "$(q 'SELECT group_concat(id) FROM sessions')"
t_eq "its refresh tokens went with it" "$live" \
    "$(q 'SELECT group_concat(session_id) FROM refresh_tokens')"
t_eq "only the expired code is gone" b@example.com "$(q 'SELECT group_concat(email) FROM codes')"
t_eq "only the stale throttle row is gone" login:new "$(q 'SELECT group_concat(key) FROM throttle')"
r sessions purge
t_eq "second purge finds nothing" \
    "sessions${TAB}0 codes${TAB}0 throttle${TAB}0" "$(out | tr '\n' ' ' | sed 's/ $//')"

# --- backup --------------------------------------------------------------
r backup "$T/backup.db"
t_eq "backup exits 0" 0 "$RC"
t_eq "backup passes integrity_check" ok "$(sqlite3 "$T/backup.db" 'PRAGMA integrity_check')"
t_eq "backup has the users" "alice bob" \
    "$(sqlite3 "$T/backup.db" "SELECT group_concat(username, ' ') FROM (SELECT username FROM users ORDER BY id)")"
t_eq "backup keeps the schema version" "$v1" "$(sqlite3 "$T/backup.db" 'PRAGMA user_version')"
t_eq "backup is a single self-contained file" "delete" \
    "$(sqlite3 "$T/backup.db" 'PRAGMA journal_mode')"
t_eq "backup is readable by its owner only" 600 "$(stat -c %a "$T/backup.db")"
"$CTL" -d "$T/backup.db" user list > "$T/backup.out" 2>/dev/null
t_eq "accountsctl opens the backup" 0 "$?"
r user list
t_eq "backup lists the same users" "$(out)" "$(cat "$T/backup.out")"
sum=$(cksum < "$T/backup.db")
r backup "$T/backup.db"
t_eq "backup refuses an existing file" 1 "$RC"
t_eq "existing file left untouched" "$sum" "$(cksum < "$T/backup.db")"
"$CTL" -d "$T/missing.db" backup "$T/b2.db" > /dev/null 2>&1
t_eq "backup of a missing database exits 1" 1 "$?"
t_eq "... and creates neither file" "no no" \
    "$([ -e "$T/missing.db" ] && echo yes || echo no) $([ -e "$T/b2.db" ] && echo yes || echo no)"

# --- errors and usage ------------------------------------------------------
"$CTL" -d "$T/none.db" user list > /dev/null 2>&1
t_eq "user list on a missing database exits 1" 1 "$?"
t_eq "... and does not create it" no "$([ -e "$T/none.db" ] && echo yes || echo no)"
for args in "" "user" "user add" "user add a b" "user add a --role" \
    "user add a --nick x" "user frob" "user list x" "user role alice" \
    "user passwd" "user disable" "sessions" "sessions flush" "backup" \
    "backup a b" "init x" "frob" "-x init"; do
	# shellcheck disable=SC2086 # word splitting wanted
	"$CTL" -d "$DB" $args > "$T/out" 2> "$T/err" < /dev/null
	rc=$?
	u=$(grep -c '^usage: accountsctl' "$T/err")
	t_eq "usage error exits 2, usage on stderr: accountsctl $args" \
	    "2 1 0" "$rc $u $(wc -c < "$T/out" | tr -d ' ')"
done
"$CTL" -h > "$T/out" 2>&1
t_eq "-h prints the usage on stdout, exits 0" "0 1" \
    "$? $(grep -c '^usage: accountsctl' "$T/out")"
t_eq "usage errors changed no user" 2 "$(q 'SELECT count(*) FROM users')"
