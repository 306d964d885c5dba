#!/bin/sh
# The directory's lists, run directly on the CGI binaries: every page of
# every list, read with several page sizes, put together gives exactly the
# rows SQLite gives in the list's order (pages past the middle are read
# from the other end and turned around, which this would catch); filters
# and searches take exactly the rows they should; the counters kept by
# triggers agree with count(*) after inserts, updates and deletes.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/lib/helpers.sh"

# Lists paged through: PROGRAM PATH_INFO QUERY JQ-ID SQL (the ids the
# whole list must give, in order).  @G @O @U as in the setup below.
PAGED=$(cat <<'EOF'
users - - .id SELECT id FROM users ORDER BY id
users - role=tenant .id SELECT id FROM users WHERE role_id = @R ORDER BY id
users - is_active=0 .id SELECT id FROM users WHERE is_active = 0 ORDER BY id
users - is_active=1&role=user .id SELECT id FROM users WHERE is_active = 1 AND role_id = 2 ORDER BY id
users - group=@G .id SELECT user_id FROM group_members WHERE group_id = @G ORDER BY user_id
users - group=@G&is_active=1 .id SELECT m.user_id FROM group_members m JOIN users u ON u.id = m.user_id WHERE group_id = @G AND is_active = 1 ORDER BY user_id
users - occupation=@O .id SELECT id FROM users WHERE occupation_id = @O ORDER BY id
users - q=example.org .id SELECT id FROM users WHERE email LIKE '%example.org%' ORDER BY id
users - q=Smith&role=tenant .id SELECT id FROM users WHERE fullname LIKE '%smith%' AND role_id = @R ORDER BY id
users - q=zhang .id SELECT id FROM users WHERE name_pinyin LIKE '%zhang%' OR fullname LIKE '%zhang%' ORDER BY id
occupations-users /@O - .id SELECT id FROM users WHERE occupation_id = @O ORDER BY id
groups-users /@G - .user.id SELECT user_id FROM group_members WHERE group_id = @G ORDER BY user_id
users-groups /@U - .id SELECT group_id FROM group_members WHERE user_id = @U ORDER BY group_id
roles - - .id SELECT id FROM roles ORDER BY id
groups - - .id SELECT id FROM groups ORDER BY id
occupations - - .id SELECT id FROM occupations ORDER BY id
black-list - - .id SELECT id FROM black_list ORDER BY id
user-logs - - .id SELECT id FROM user_logs ORDER BY operate_time DESC, id DESC
user-logs - operation=2 .id SELECT id FROM user_logs WHERE operation = 2 ORDER BY operate_time DESC, id DESC
user-logs - user=@U .id SELECT id FROM user_logs WHERE user_id = @U ORDER BY operate_time DESC, id DESC
user-logs - since=2023-11-14T22:13:25Z&until=2023-11-14T22:14:00Z .id SELECT id FROM user_logs WHERE operate_time >= 1700000005 AND operate_time < 1700000040 ORDER BY operate_time DESC, id DESC
users-user-logs /@U - .id SELECT id FROM user_logs WHERE user_id = @U ORDER BY operate_time DESC, id DESC
EOF
)
# Pages of SIZE read one by one: the first two, the middle, the last two
# and one past the end (pages past the middle are read from the other
# end of the list).
SIZE=7
# Searches: QUERY and the usernames they must find (in id order).
SEARCHES='q=ALICE alice
q=lice alice
q=liddell alice
q=wonder alice
q=Liddell alice
q=%E7%8E%8B%E4%BA%94 wang5
q=%E7%8E%8B wang1
q=wang%20wu wang5
q=WU -
q=%E6%9D%8E wang1
q=nobody%20at%20all -'

n_lines() { printf '%s\n' "$1" | grep -c .; }
t_plan $(($(n_lines "$PAGED") * 3 + \
    $(n_lines "$SEARCHES") + 8 + 1))

bearer() { echo "HTTP_AUTHORIZATION=Bearer $1"; }
register boss
A=$ID
q "UPDATE users SET role_id = 1 WHERE id = $A"
ADMIN=$(bearer "$TOKEN")
register alice '"email":"alice@wonderland.example","fullname":"Alice Liddell"'
U=$ID
p '{"name":"tenant"}'; call roles POST "$JSON" "$ADMIN"
R=$(json .data.role.id)
for o in Nurse Baker Teacher; do
	p '{"name":"%s"}' "$o"; call occupations POST "$JSON" "$ADMIN"
done
O=$(json .data.occupation.id)
# 60 users straight into the database (their rows are what counts here,
# not how they came), with every kind of difference the filters see, and
# login records at known times.
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO users (username, email, password_hash, role_id, is_active,
	created_at, updated_at, fullname, name_pinyin, occupation_id)
SELECT printf('user%02d', i),
	CASE WHEN i % 3 = 0 THEN printf('u%d@example.org', i) ELSE printf('u%d@example.net', i) END,
	'x', CASE WHEN i % 4 = 0 THEN $R ELSE 2 END, i % 5 <> 0,
	unixepoch(), unixepoch(),
	CASE WHEN i % 6 = 0 THEN printf('Jo Smith %d', i) END,
	CASE WHEN i % 7 = 0 THEN printf('zhang san %d', i) END,
	CASE WHEN i % 2 = 0 THEN $O END FROM n;
INSERT INTO users (username, email, password_hash, role_id, created_at,
	updated_at, fullname, name_pinyin) VALUES
	('wang5', NULL, 'x', 2, 1, 1, '王五', 'Wang Wu'),
	('wang1', NULL, 'x', 2, 1, 1, '王', '李');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO user_logs (user_id, ip, operation, operator_id, operate_time)
SELECT CASE WHEN i % 2 = 0 THEN $U ELSE $A END, '10.0.0.' || i, i % 3,
	NULL, 1700000000 + i / 2 FROM n;"
# rows written by hand: the counters and the search index made right
"$CTL" -d "$ACCOUNTS_DB" reindex
# groups: G has every third user, alice is in 13 groups
for g in $(seq 1 13); do
	p '{"name":"group %s"}' "$g"; call groups POST "$JSON" "$ADMIN"
	gid=$(json .data.group.id)
	q "INSERT INTO group_members (group_id, user_id, joined_at) VALUES ($gid, $U, 1)"
done
G=$gid
q "INSERT INTO group_members (group_id, user_id, member_role, joined_at)
	SELECT $G, id, 'member', 1 FROM users WHERE id % 3 = 0 AND id <> $U"
for b in $(q "SELECT id FROM users WHERE username LIKE 'user1%'"); do
	p '{"user":%s,"reason":"test"}' "$b"; call black-list POST "$JSON" "$ADMIN"
done
subst() { printf '%s' "$1" | sed "s/@G/$G/g; s/@O/$O/g; s/@R/$R/g; s/@U/$U/g"; }

# --- pages ------------------------------------------------------------------------
# ids PAGE: the ids of page PAGE of $SIZE out of $want.
ids_of() {
	printf '%s' "$want" | awk -v p="$1" -v n="$SIZE" '{
		for (i = (p - 1) * n + 1; i <= p * n && i <= NF; i++)
			printf "%s ", $i }'
}
printf '%s\n' "$PAGED" | while read -r prog path qs key sql; do
	[ "$path" = - ] && path= || path=$(subst "$path")
	[ "$qs" = - ] && qs= || qs="$(subst "$qs")&"
	want=$(q "$(subst "$sql")" | tr '\n' ' ')
	n=$(printf '%s' "$want" | wc -w)
	noin "$prog" GET "$ADMIN" PATH_INFO="$path" \
	    QUERY_STRING="${qs}page_size=100"
	t_eq "GET $prog$path?${qs}page_size=100: the rows, in order" \
	    "$want" "$(json "[.data.results[] | $key] | map(tostring + \" \") | add // \"\"")"
	t_eq "GET $prog$path?$qs: count" "$n" "$(json .data.count)"
	last=$(((n + SIZE - 1) / SIZE))
	expect= got=
	for page in 1 2 $(((last + 1) / 2)) $((last - 1)) $last $((last + 1)); do
		[ "$page" -ge 1 ] || continue
		noin "$prog" GET "$ADMIN" PATH_INFO="$path" \
		    QUERY_STRING="${qs}page=$page&page_size=$SIZE"
		expect="$expect$page: $(ids_of "$page")| "
		got="$got$page: $(json "[.data.results[] | $key] | map(tostring + \" \") | add // \"\"")| "
	done
	t_eq "GET $prog$path?${qs}page_size=$SIZE: pages 1, 2, middle, last two, past the end ($expect)" \
	    "$expect" "$got"
done

# --- searches --------------------------------------------------------------------
printf '%s\n' "$SEARCHES" | while read -r qs names; do
	noin users GET "$ADMIN" QUERY_STRING="$qs"
	[ "$names" = - ] && names=
	t_eq "GET users?$qs finds: ${names:-nobody}" "$names" \
	    "$(json '[.data.results[].username] | join(" ")')"
done

# --- counters --------------------------------------------------------------------
counters_agree() {	# DESC
	t_eq "$1: counters = count(*)" \
	    "$(q "SELECT count(*) FROM users") $(q "SELECT count(*) FROM user_logs") $(q "SELECT group_concat(c, ',') FROM (SELECT role_id || ':' || count(*) AS c FROM users GROUP BY role_id ORDER BY role_id)") $(q "SELECT group_concat(c, ',') FROM (SELECT is_active || ':' || count(*) AS c FROM users GROUP BY is_active ORDER BY is_active)")" \
	    "$(q "SELECT value FROM counters WHERE name = 'users'") $(q "SELECT value FROM counters WHERE name = 'user_logs'") $(q "SELECT group_concat(c, ',') FROM (SELECT substr(name, 6) || ':' || value AS c FROM counters WHERE name LIKE 'role:%' AND value > 0 ORDER BY CAST(substr(name, 6) AS INTEGER))") $(q "SELECT group_concat(c, ',') FROM (SELECT substr(name, 8) || ':' || value AS c FROM counters WHERE name LIKE 'active:%' AND value > 0 ORDER BY name)")"
}
counters_agree "after the set-up"
noin users GET "$ADMIN" QUERY_STRING="role=tenant"
t_eq "role=tenant counts from its counter" \
    "$(q "SELECT count(*) FROM users WHERE role_id = $R")" "$(json .data.count)"
noin users GET "$ADMIN" QUERY_STRING="is_active=0"
t_eq "is_active=0 counts from its counter" \
    "$(q "SELECT count(*) FROM users WHERE is_active = 0")" "$(json .data.count)"
victim=$(q "SELECT id FROM users WHERE username = 'user04'")
p '{"role":"user","is_active":0}'
call users PUT "$JSON" "$ADMIN" PATH_INFO=/$victim
t_eq "admin changes role and is_active -> 200" "200 user false" \
    "$STATUS $(json '"\(.data.user.role) \(.data.user.is_active)"')"
counters_agree "after an update of role and is_active"
noin users DELETE "$ADMIN" PATH_INFO=/$victim
t_eq "admin deletes the user -> 200" 200 "$STATUS"
counters_agree "after a delete"
p '{"username":"newbie","password":"%s","role":"tenant"}' "$PW"
call users POST "$JSON" "$ADMIN"
p '{"username":"x","password":"%s"}' "$PW"; call user-login POST "$JSON"
counters_agree "after a create and a failed login"

envelope_report
