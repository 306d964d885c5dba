#!/bin/sh
# Who may do what in the directory, through real lighttpd: every directory
# endpoint and method (and the own-sessions endpoint) crossed with every
# kind of caller, one request per cell, each cell's status and errno
# checked.  The whole matrix is the table below; the plan is counted from
# it.  Refusals must not tell more than the caller may know: ids of other
# users, of groups the caller is not in, or that do not exist at all get
# the same 403 (errno 1004) for those who may not ask (rows with @NONE).
#
# Every cell has its own fixtures (user @S, group @G, role @R, occupation
# @O, ban @BAN, spare user @V, second session @SESS of @S), so that what
# one cell changes (a deletion, a member leaving) does not touch another,
# and each cell shows what its caller may do by itself.  They go straight
# into the database, tokens included (stored as SHA-256, as the server
# stores them); only the ban of the banned caller goes through the API,
# so that its token is revoked the way a ban revokes it.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"

# Callers (columns):
#   anon     no token
#   plain    a user in no group
#   other    a member of another group only
#   member   a member of @G
#   self     the user @S (a member of @G): the user the path names
#   manager  a manager of @G
#   admin    an admin
#   banned   a user banned after logging in, presenting its old token
# Cells: O 200/0, C 201/0, A 401/1003, T 401/1011, D 403/1004,
# N 404/1005, X 405/1013.  @NONE is an id nothing has.
CALLERS='anon plain other member self manager admin banned'
MATRIX=$(cat <<'EOF'
# method path                         body                                 an pl ot me se ma ad ba
GET    /api/users/                    -                                     A  D  D  D  D  D  O  T
POST   /api/users/                    {"username":"new@K","password":"Pass-word-1"} A  D  D  D  D  D  C  T
GET    /api/users/@S/                 -                                     A  D  D  D  O  D  O  T
GET    /api/users/@NONE/              -                                     A  D  D  D  D  D  N  T
PUT    /api/users/@S/                 {"bio":"x"}                           A  D  D  D  O  D  O  T
PATCH  /api/users/@S/                 {"profile":{"bio":"y"}}               A  D  D  D  O  D  O  T
PUT    /api/users/@S/                 {"role":"admin"}                      A  D  D  D  D  D  O  T
PATCH  /api/users/@S/                 {"is_active":0}                       A  D  D  D  D  D  O  T
PUT    /api/users/@S/                 {"password":"New-pass-word-2"}        A  D  D  D  D  D  O  T
PUT    /api/users/@NONE/              {"bio":"x"}                           A  D  D  D  D  D  N  T
DELETE /api/users/@S/                 -                                     A  D  D  D  D  D  O  T
DELETE /api/users/@NONE/              -                                     A  D  D  D  D  D  N  T
GET    /api/users/@S/groups/          -                                     A  D  D  D  O  D  O  T
GET    /api/users/@NONE/groups/       -                                     A  D  D  D  D  D  N  T
GET    /api/users/@S/user-logs/       -                                     A  D  D  D  O  D  O  T
GET    /api/users/@NONE/user-logs/    -                                     A  D  D  D  D  D  N  T
GET    /api/roles/                    -                                     O  O  O  O  O  O  O  O
POST   /api/roles/                    {"name":"role@K"}                     A  D  D  D  D  D  C  T
GET    /api/roles/@R/                 -                                     O  O  O  O  O  O  O  O
GET    /api/roles/@NONE/              -                                     N  N  N  N  N  N  N  N
PUT    /api/roles/@R/                 {"self_assignable":1}                 A  D  D  D  D  D  O  T
DELETE /api/roles/@R/                 -                                     A  D  D  D  D  D  O  T
DELETE /api/roles/@NONE/              -                                     A  D  D  D  D  D  N  T
GET    /api/groups/                   -                                     A  O  O  O  O  O  O  T
POST   /api/groups/                   {"name":"group@K"}                    A  D  D  D  D  D  C  T
GET    /api/groups/@G/                -                                     A  O  O  O  O  O  O  T
GET    /api/groups/@NONE/             -                                     A  N  N  N  N  N  N  T
PUT    /api/groups/@G/                {"profile":{"location":"x"}}          A  D  D  D  D  O  O  T
PUT    /api/groups/@NONE/             {"location":"x"}                      A  D  D  D  D  D  N  T
DELETE /api/groups/@G/                -                                     A  D  D  D  D  D  O  T
DELETE /api/groups/@NONE/             -                                     A  D  D  D  D  D  N  T
GET    /api/groups/@G/users/          -                                     A  D  D  O  O  O  O  T
GET    /api/groups/@NONE/users/       -                                     A  D  D  D  D  D  N  T
POST   /api/groups/@G/users/          {"user":@V}                           A  D  D  D  D  C  C  T
POST   /api/groups/@NONE/users/       {"user":@V}                           A  D  D  D  D  D  N  T
DELETE /api/groups/@G/users/@S/       -                                     A  D  D  D  O  O  O  T
DELETE /api/groups/@G/users/@V/       -                                     A  D  D  D  D  N  N  T
DELETE /api/groups/@NONE/users/@S/    -                                     A  D  D  D  D  D  N  T
GET    /api/occupations/              -                                     A  O  O  O  O  O  O  T
POST   /api/occupations/              {"name":"occupation@K"}               A  D  D  D  D  D  C  T
GET    /api/occupations/@O/           -                                     A  O  O  O  O  O  O  T
GET    /api/occupations/@NONE/        -                                     A  N  N  N  N  N  N  T
PUT    /api/occupations/@O/           {"name":"renamed@K"}                  A  D  D  D  D  D  O  T
DELETE /api/occupations/@O/           -                                     A  D  D  D  D  D  O  T
GET    /api/occupations/@O/users/     -                                     A  D  D  D  D  D  O  T
GET    /api/occupations/@NONE/users/  -                                     A  D  D  D  D  D  N  T
GET    /api/user-logs/                -                                     A  D  D  D  D  D  O  T
GET    /api/user-logs/@LOG/           -                                     A  D  D  D  D  D  O  T
GET    /api/user-logs/@NONE/          -                                     A  D  D  D  D  D  N  T
POST   /api/user-logs/                {}                                    X  X  X  X  X  X  X  X
GET    /api/black-list/               -                                     A  D  D  D  D  D  O  T
POST   /api/black-list/               {"user":@V,"reason":"spam"}           A  D  D  D  D  D  C  T
GET    /api/black-list/@BAN/          -                                     A  D  D  D  D  D  O  T
GET    /api/black-list/@NONE/         -                                     A  D  D  D  D  D  N  T
DELETE /api/black-list/@BAN/          -                                     A  D  D  D  D  D  O  T
GET    /api/user/sessions/            -                                     A  O  O  O  O  O  O  T
DELETE /api/user/sessions/@SESS/      -                                     A  N  N  N  O  N  N  T
DELETE /api/user/sessions/@NONE/      -                                     A  N  N  N  N  N  N  T
EOF
)
ROWS=$(printf '%s\n' "$MATRIX" | grep -vc '^#')
NCALLERS=$(echo $CALLERS | wc -w)
t_plan $((ROWS * NCALLERS + 2))
t_setup

# --- fixtures ------------------------------------------------------------------
# Cell k (0 .. ROWS * NCALLERS - 1) owns user @S = 1000 + k, spare user
# @V = 3000 + k, banned user 5000 + k with ban @BAN = 1000 + k, group
# @G = 1000 + k (@S and member in it, manager managing it), role and
# occupation 1000 + k, session @SESS = 100000 + k of @S.  The callers:
# plain 10, other 11 (in group 10), member 12, manager 13, admin 14,
# banned 15; each self caller has a session token of its own.
CELLS=$((ROWS * NCALLERS))
NONE=999999
LOG=77
token() { printf 'tok%040d' "$1"; }
hash() { printf '%s' "$1" | sha256sum | cut -c1-64; }
{
	echo "BEGIN;"
	echo "INSERT INTO users (id, username, password_hash, role_id,"
	echo "  created_at, updated_at) VALUES"
	echo "  (10, 'plain', 'x', 2, 1, 1), (11, 'other', 'x', 2, 1, 1),"
	echo "  (12, 'member', 'x', 2, 1, 1), (13, 'manager', 'x', 2, 1, 1),"
	echo "  (14, 'admin', 'x', 1, 1, 1), (15, 'banned', 'x', 2, 1, 1);"
	echo "INSERT INTO groups (id, name, created_at, updated_at)"
	echo "  VALUES (10, 'elsewhere', 1, 1);"
	echo "INSERT INTO group_members VALUES (10, 11, 'member', 1);"
	echo "INSERT INTO user_logs (id, user_id, ip, operation, operate_time)"
	echo "  VALUES ($LOG, 10, '192.0.2.1', 0, 1);"
	echo "WITH RECURSIVE c(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM c"
	echo "  WHERE k < $CELLS - 1)"
	echo "INSERT INTO users (id, username, password_hash, role_id, is_active,"
	echo "  created_at, updated_at)"
	echo "  SELECT 1000 + k, 's' || k, 'x', 2, 1, 1, 1 FROM c UNION ALL"
	echo "  SELECT 3000 + k, 'v' || k, 'x', 2, 1, 1, 1 FROM c UNION ALL"
	echo "  SELECT 5000 + k, 'w' || k, 'x', 2, 0, 1, 1 FROM c;"
	for t in "groups (id, name, created_at, updated_at) SELECT 1000 + k, 'g' || k, 1, 1" \
	    "roles (id, name, created_at) SELECT 1000 + k, 'r' || k, 1" \
	    "occupations (id, name, created_at) SELECT 1000 + k, 'o' || k, 1" \
	    "black_list (id, user_id, join_time, reason) SELECT 1000 + k, 5000 + k, 1, 'test'" \
	    "group_members SELECT 1000 + k, 1000 + k, 'member', 1" \
	    "group_members SELECT 1000 + k, 12, 'member', 1" \
	    "group_members SELECT 1000 + k, 13, 'manager', 1" \
	    "sessions (id, user_id, access_hash, access_expires, refresh_expires, created_at, last_seen_at) SELECT 100000 + k, 1000 + k, randomblob(32), unixepoch() + 3600, unixepoch() + 3600, 1, 1"; do
		echo "WITH RECURSIVE c(k) AS (SELECT 0 UNION ALL SELECT k + 1"
		echo "  FROM c WHERE k < $CELLS - 1) INSERT INTO $t FROM c;"
	done
	# tokens: the callers 10..15, and the self caller of every row
	n=10
	while [ "$n" -le 15 ]; do
		echo "INSERT INTO sessions (user_id, access_hash, access_expires,"
		echo "  refresh_expires, created_at, last_seen_at) VALUES ($n,"
		echo "  X'$(hash "$(token "$n")")', unixepoch() + 3600,"
		echo "  unixepoch() + 3600, 1, 1);"
		n=$((n + 1))
	done
	r=0
	while [ "$r" -lt "$ROWS" ]; do
		k=$((r * NCALLERS + 4))		# the self column
		echo "INSERT INTO sessions (user_id, access_hash, access_expires,"
		echo "  refresh_expires, created_at, last_seen_at) VALUES"
		echo "  ($((1000 + k)), X'$(hash "$(token "$((1000 + k))")")',"
		echo "  unixepoch() + 3600, unixepoch() + 3600, 1, 1);"
		r=$((r + 1))
	done
	echo "COMMIT;"
} > "$T/fixtures.sql"
sqlite3 -batch "$ACCOUNTS_DB" < "$T/fixtures.sql" > "$T/fixtures.out" 2>&1
t_eq "fixtures loaded: $CELLS cells" "" "$(cat "$T/fixtures.out")"

srv_start lighttpd || exit 1

# The banned caller: banned through the API while its session lives.
http POST "$BASE/api/black-list/" -H "Authorization: Bearer $(token 14)" \
    -H 'Content-Type: application/json' --data-binary '{"user":15}'
t_eq "the banned caller is banned through the API (201), its session gone" \
    "201 0 0" "$STATUS $(json .errno) $(sqlite3 -batch "$ACCOUNTS_DB" \
    "SELECT count(*) FROM sessions WHERE user_id = 15")"

# --- the matrix ------------------------------------------------------------------
# One line per cell, "CALLER TOKEN METHOD URL BODY WANT", placeholders
# filled in (one awk for all of them: the requests are the slow part).
printf '%s\n' "$MATRIX" | grep -v '^#' | awk -v callers="$CALLERS" \
    -v base="$BASE" -v none="$NONE" -v logid="$LOG" '
BEGIN {
	nc = split(callers, who, " ")
	split("O C A T D N X", l, " ")
	split("200/0 201/0 401/1003 401/1011 403/1004 404/1005 405/1013", v, " ")
	for (i in l)
		want[l[i]] = v[i]
	tok["plain"] = 10; tok["other"] = 11; tok["member"] = 12
	tok["manager"] = 13; tok["admin"] = 14; tok["banned"] = 15
}
function fill(s, k) {
	gsub(/@SESS/, 100000 + k, s); gsub(/@BAN/, 1000 + k, s)
	gsub(/@NONE/, none, s); gsub(/@LOG/, logid, s)
	gsub(/@S/, 1000 + k, s); gsub(/@V/, 3000 + k, s)
	gsub(/@G/, 1000 + k, s); gsub(/@R/, 1000 + k, s)
	gsub(/@O/, 1000 + k, s); gsub(/@K/, k, s)
	return s
}
{
	for (c = 1; c <= nc; c++) {
		k = (NR - 1) * nc + c - 1
		w = who[c]
		if (w == "anon")
			t = "-"
		else if (w == "self")
			t = sprintf("tok%040d", 1000 + k)
		else
			t = sprintf("tok%040d", tok[w])
		e = $(3 + c) in want ? want[$(3 + c)] : "?" $(3 + c)
		print w, t, $1, base fill($2, k), fill($3, k), e, $2
	}
}' > "$T/cells"
while read -r who tok method url body want path; do
	set -- -X "$method"
	[ "$tok" = - ] || set -- "$@" -H "Authorization: Bearer $tok"
	[ "$body" = - ] || set -- "$@" -H 'Content-Type: application/json' \
	    --data-binary "$body"
	st=$(curl -sS -o "$T/body" -w '%{http_code}' "$@" "$url")
	line=
	IFS= read -r line < "$T/body" || :
	e=${line#\{\"errno\":}
	e=${e%%,*}
	t_eq "$who: $method $path -> $want" "$want" "$st/$e"
done < "$T/cells"
