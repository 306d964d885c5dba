#!/bin/sh
# accountsctl init on a database of the first schema (db/001_initial.sql,
# PRAGMA user_version=1) full of rows in every table: it migrates to this
# build's schema without losing or changing a row (but for what a
# migration says it changes: duplicate standing bans become lifted), the
# counters and the search index cover the old rows, a session opened
# before the migration still works, and the directory answers from the
# migrated data through the CGIs.
. "$(dirname "$0")/../lib.sh"

# Tables of schema 001 and the columns it had: their rows must come out
# of the migration as they went in.
TABLES='roles id, name, is_admin, self_assignable, created_at
occupations id, name, created_at
users id, username, email, password_hash, role_id, is_active, email_verified, created_at, updated_at, last_login_at, bio, first_name, last_name, fullname, gender, age, phone, address, identify_id, occupation_id, avatar
sessions id, user_id, hex(access_hash), access_expires, refresh_expires, created_at, last_seen_at, ip, user_agent
refresh_tokens hex(hash), session_id, used
codes id, email, purpose, hex(code_hash), expires_at, attempts, created_at
throttle key, count, window_start
user_logs id, user_id, ip, operation, operator_id, operate_time, user_agent
black_list id, user_id, join_time, reason, operator_id (is_delete: below)
groups id, name, location, contact_phone, created_at
group_members group_id, user_id, member_role, joined_at
uploads id, group_id, user_id, kind, mime, size, stored_name, original_name, created_at'
# Searches through the migrated index: QUERY and the usernames found.
SEARCHES='q=alice alice
q=LIDDELL alice
q=wonderland.example alice
q=%E5%BC%A0%E4%B8%89 zhang
q=e.org bob,carol
q=user6 user6,user60'

t_plan $(($(printf '%s\n' "$TABLES" | grep -c .) + \
    $(printf '%s\n' "$SEARCHES" | grep -c .) + 12 + 1))
t_setup
. "$(dirname "$0")/lib/helpers.sh"

DB=$T/old.db
export ACCOUNTS_DB="$DB"
TOKEN=tok0000000000000000000000000000000000000001
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -c1-64)
{
	cat "$ROOT/db/001_initial.sql"
	cat <<EOF
PRAGMA user_version = 1;
INSERT INTO roles (id, name, is_admin, self_assignable, created_at)
	VALUES (3, 'tenant', 0, 1, 1600000000);
INSERT INTO occupations VALUES (1, 'Nurse', 1600000000),
	(2, 'Baker', 1600000001);
INSERT INTO users (id, username, email, password_hash, role_id, is_active,
	email_verified, created_at, updated_at, last_login_at, bio,
	first_name, last_name, fullname, gender, age, phone, address,
	identify_id, occupation_id, avatar) VALUES
	(1, 'boss', 'boss@example.com', 'x', 1, 1, 1, 1600000000, 1600000000,
	 1600000100, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL),
	(2, 'alice', 'alice@wonderland.example', 'x', 2, 1, 0, 1600000001,
	 1600000002, NULL, 'line one
line two', 'Alice', 'Liddell', 'Alice Liddell', 1, 33, '+1 555 0100',
	 '1 Rabbit Hole', 'ID-42', 1, 'ab12cd34.png'),
	(3, 'bob', 'bob@example.org', 'x', 3, 0, 0, 1600000002, 1600000002,
	 NULL, NULL, NULL, NULL, 'Bob Stone', 0, NULL, NULL, NULL, NULL, 2,
	 NULL),
	(4, 'carol', 'carol@example.org', 'x', 2, 1, 0, 1600000003,
	 1600000003, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL),
	(5, 'zhang', NULL, 'x', 2, 1, 0, 1600000004, 1600000004, NULL, NULL,
	 NULL, NULL, '张三', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO users (id, username, email, password_hash, role_id,
	created_at, updated_at)
	SELECT 10 + i, 'user' || i, 'user' || i || '@example.net', 'x', 2,
	1600000000 + i, 1600000000 + i FROM n;
INSERT INTO sessions VALUES
	(1, 1, X'$HASH', unixepoch() + 3600, unixepoch() + 86400,
	 1600000000, 1600000000, '192.0.2.1', 'old agent'),
	(2, 2, randomblob(32), 1600000000, 1600003600, 1600000000,
	 1600000000, NULL, NULL);
INSERT INTO refresh_tokens VALUES (randomblob(32), 1, 0),
	(randomblob(32), 1, 1), (randomblob(32), 2, 0);
INSERT INTO codes VALUES (1, 'alice@wonderland.example', 'login',
	randomblob(32), 1600000600, 2, 1600000000);
INSERT INTO throttle VALUES ('login:192.0.2.1', 3, 1600000000);
INSERT INTO user_logs VALUES (1, 2, '192.0.2.1', 0, 2, 1600000000, 'ua'),
	(2, 2, '192.0.2.1', 1, 2, 1600000100, NULL),
	(3, NULL, '192.0.2.9', 2, NULL, 1600000200, 'bot'),
	(4, 3, '192.0.2.2', 2, NULL, 1600000300, NULL);
INSERT INTO black_list VALUES (1, 3, 1600000400, 0, 'spam', 1),
	(2, 3, 1600000500, 0, 'spam again', 1),
	(3, 4, 1600000600, 1, 'lifted', NULL);
INSERT INTO groups VALUES (1, 'Dorm 7', 'North', '+86 10 1234', 1600000000),
	(2, 'Dorm 8', NULL, NULL, 1600000001);
INSERT INTO group_members VALUES (1, 2, 'manager', 1600000000),
	(1, 3, 'member', 1600000001), (2, 4, 'member', 1600000002);
INSERT INTO uploads VALUES (1, 1, 2, 'image', 'image/png', 68,
	'0123456789abcdef0123456789abcdef.png', 'cat.png', 1600000000),
	(2, 1, NULL, 'file', 'application/pdf', 1000,
	'fedcba9876543210fedcba9876543210.pdf', NULL, 1600000001);
EOF
} | sqlite3 -batch "$DB"

dump() {	# DIR: every table's old columns, in rowid order
	mkdir -p "$1"
	printf '%s\n' "$TABLES" | while read -r t cols; do
		q "SELECT ${cols%% (*} FROM $t ORDER BY 1, 2" > "$1/$t"
	done
}
dump "$T/before"

"$CTL" -d "$DB" init > "$T/init.out" 2> "$T/init.err"
t_eq "accountsctl init on a schema-1 database exits 0" "0 " \
    "$? $(cat "$T/init.err")"
t_eq "it is at this build's schema version" \
    "$(grep -c . "$ROOT"/db/[0-9][0-9][0-9]_*.sql | wc -l)" \
    "$(q 'PRAGMA user_version')"
dump "$T/after"
printf '%s\n' "$TABLES" | while read -r t cols; do
	t_eq "table $t: every row as it was ($(q "SELECT count(*) FROM $t") rows)" \
	    "$(cat "$T/before/$t")" "$(cat "$T/after/$t")"
done
t_eq "bans: the older duplicate of a standing ban is lifted, the rest as they were" \
    "1|1 2|0 3|1" "$(q "SELECT id || '|' || is_delete FROM black_list ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"
t_eq "integrity and foreign keys" "ok" \
    "$(q 'PRAGMA integrity_check'; q 'PRAGMA foreign_key_check')"
t_eq "counters = count(*)" "65 4 65" \
    "$(q "SELECT (SELECT value FROM counters WHERE name = 'users'),
	(SELECT value FROM counters WHERE name = 'user_logs'),
	(SELECT sum(value) FROM counters WHERE name LIKE 'role:%')" | tr '|' ' ')"
t_eq "the search index has every user" 65 \
    "$(q "SELECT count(*) FROM users u JOIN users_fts f ON f.rowid = u.id
	WHERE users_fts MATCH '\"' || u.username || '\"'")"

"$CTL" -d "$DB" init > /dev/null 2>&1
dump "$T/again"
t_eq "init again changes nothing" "" \
    "$(diff -r "$T/after" "$T/again")"

# through the CGIs, with the session opened before the migration
AUTH="HTTP_AUTHORIZATION=Bearer $TOKEN"
noin user-me GET "$AUTH"
t_eq "a session from before the migration still works" "200 boss" \
    "$STATUS $(json .data.user.username)"
printf '%s\n' "$SEARCHES" | while read -r qs names; do
	noin users GET "$AUTH" QUERY_STRING="$qs"
	t_eq "GET /api/users/?$qs finds $names" "$names" \
	    "$(json '[.data.results[].username] | join(",")')"
done
noin users GET "$AUTH" QUERY_STRING="page=4&page_size=20"
t_eq "the last page of the old users" "65 5 user56,user57,user58,user59,user60" \
    "$(json '"\(.data.count) \(.data.results | length) \([.data.results[].username] | join(","))"')"
noin users-groups GET "$AUTH" PATH_INFO=/2
t_eq "alice's group from before, with her role there" "Dorm 7 manager" \
    "$(json '"\(.data.results[0].name) \(.data.results[0].member_role)"')"
noin black-list GET "$AUTH"
t_eq "the ban list from before" "3 3" \
    "$(json '"\(.data.count) \(.data.results[0].user)"')"
p '{"user":3}'; call black-list POST "$JSON" "$AUTH"
t_eq "bob still has a standing ban: a second one is refused" "409 1014" \
    "$STATUS $(json .errno)"


envelope_report
