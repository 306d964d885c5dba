#!/bin/sh
# Hostile input to every directory endpoint, run directly on the CGI
# binaries as an admin (who gets furthest): ids that are not numbers,
# zero, signed or beyond 64 bits; page and page_size out of range or not
# numbers; SQL and FTS syntax in ?q=; undeclared query parameters (ignored)
# and filters of the wrong type; bodies with wrong JSON types, unknown
# fields, invalid UTF-8, SQL in names.  Every answer must be the JSON
# envelope with the right errno, and nothing may reach the database that
# should not.  The checks come from the tables below; the plan is counted
# from them.
. "$(dirname "$0")/../lib.sh"
t_setup
. "$(dirname "$0")/lib/helpers.sh"

# --- the tables ------------------------------------------------------------
# Programs and methods that take ids, with the number of ids.
ID_ROUTES='users GET 1
users PUT 1
users PATCH 1
users DELETE 1
users-groups GET 1
users-user-logs GET 1
roles GET 1
roles PUT 1
roles DELETE 1
groups GET 1
groups PUT 1
groups DELETE 1
groups-users GET 1
groups-users POST 1
groups-users DELETE 2
occupations GET 1
occupations PUT 1
occupations DELETE 1
occupations-users GET 1
user-logs GET 1
black-list GET 1
black-list DELETE 1
user-sessions DELETE 1'
# Path segments in place of an id: every one is a 404 (errno 1005).  Each
# route gets the non-numeric and a huge one, and one of the others in
# turn (the frame parses ids before it looks at the method).
IDS_ALWAYS='abc 99999999999999999999'
BAD_IDS='0 -1 +1 01 1e3 1.0 0x10 9223372036854775808'
IDS_PER_ROUTE=3
# Lists (PATH_INFO with @G, @O, @U for the ids made below).
LISTS='users -
users-groups /@U
users-user-logs /@U
roles -
groups -
groups-users /@G
occupations -
occupations-users /@O
user-logs -
black-list -
user-sessions -'
# Query strings refused: 400, errno 1006, naming the field.  Every list
# gets those of PAGES_ALWAYS, and one of BAD_PAGES in turn.
PAGES_ALWAYS='page=-1 page
page_size=0 page_size
page_size=101 page_size'
PAGES_PER_LIST=4
BAD_PAGES='page=0 page
page=abc page
page=1.5 page
page= page
page=92233720368547759 page
page_size=-20 page_size
page_size=1e2 page_size
page=1&page=2 page
page=%FF page
page_size=%EF%BC%91 page_size'
# Searches (?q=, URL-encoded): each answers 200 and finds nobody, and
# the users table is still there.
QS="%27%20OR%201%3D1%20--
%22%20OR%20%22%22%3D%22
%27%3B%20DROP%20TABLE%20users%3B%20--
NEAR(a%20b)
*
a*
%25
__
%5C
%22
username%3Aalice
alice%20OR%20bob
%E2%80%AE%E2%80%AE"
# Query parameters of the user list that are refused.
BAD_FILTERS='q=%FF q
q=%00x q
q=a%0Ab q
role= role
role=%FF role
group=abc group
group=0 group
group=-3 group
occupation=x occupation
is_active=maybe is_active
is_active=2 is_active'
BAD_LOG_FILTERS='operation=3 operation
operation=-1 operation
operation=login operation
user=0 user
user=x user
since=yesterday since
since=2026-02-30T00:00:00Z since
since=2026-01-01 since
until=2026-01-01T25:00:00Z until
until=2026-01-01T00:00:00+01:00 until
since=%FF since'
# Bodies refused with 400: PROGRAM METHOD PATH_INFO FIELD JSON
BAD_BODIES='roles POST - name {"name":123}
roles POST - name {"name":null}
roles POST - name {"name":["admin"]}
roles POST - name {"name":""}
roles POST - is_admin {"name":"x1","is_admin":"yes"}
roles POST - self_assignable {"name":"x2","self_assignable":2}
roles POST - colour {"name":"x3","colour":"red"}
roles PUT /@R is_admin {"is_admin":{"a":1}}
groups POST - name {"name":true}
groups POST - name {"location":"x"}
groups POST - contact_phone {"name":"g1","contact_phone":"call me"}
groups POST - location {"name":"g2","profile":{"location":7}}
groups POST - owner {"name":"g3","profile":{"owner":"x"}}
groups PUT /@G name {"name":""}
groups-users POST /@G user {"user":"abc"}
groups-users POST /@G user {"user":1.5}
groups-users POST /@G user {"user":-4}
groups-users POST /@G user {"user":0}
groups-users POST /@G user {"member_role":"manager"}
groups-users POST /@G member_role {"user":@U,"member_role":"owner"}
groups-users POST /@G user {"user":987654}
occupations POST - name {"name":null}
occupations POST - name {"name":12}
occupations PUT /@O name {}
black-list POST - user {"user":true}
black-list POST - user {"user":"1 OR 1=1"}
black-list POST - user {"user":987654}
black-list POST - user {"user":@A}
black-list POST - reason {"user":@U,"reason":42}
users POST - username {"username":"ab","password":"long enough 1"}
users POST - password {"username":"abcd","password":"short"}
users POST - username {"password":"long enough 1"}
users POST - role {"username":"abcd","password":"long enough 1","role":"emperor"}
users POST - occupation {"username":"abce","password":"long enough 1","occupation":987654}
users PUT /@U age {"age":"old"}
users PUT /@U is_active {"is_active":"maybe"}
users PUT /@U role {"role":"emperor"}
users PUT /@U username {"username":"renamed"}
users PATCH /@U gender {"profile":{"gender":5}}
users PATCH /@U colour {"profile":{"colour":"red"}}
users PATCH /@U gender {"gender":1,"profile":{"gender":1}}
groups PUT /@G location {"profile":{"location":"a"},"location":"b"}'
# urlencoded bodies with bytes that are not UTF-8 or not text.
BAD_FORMS='roles POST - name name=%FF
roles POST - name name=a%00b
groups POST - name name=%C0%AF
groups PUT /@G location location=%ED%A0%80
occupations POST - name name=%F5%80%80%80
black-list POST - reason user=@U&reason=%FE
users PUT /@U bio bio=%FF%FE
groups-users POST /@G member_role user=@U&member_role=%FF'

count() { printf '%s\n' "$1" | grep -c .; }
N_IDROUTES=$(count "$ID_ROUTES")
N_BADIDS=$(echo $BAD_IDS | wc -w)
N_LISTS=$(count "$LISTS")
N_BADPAGES=$(count "$BAD_PAGES")
N_QS=$(count "$QS")
t_plan $((N_IDROUTES * IDS_PER_ROUTE + N_LISTS * (PAGES_PER_LIST + 3) + \
    N_QS + 2 + \
    $(count "$BAD_FILTERS") + $(count "$BAD_LOG_FILTERS") + 3 + \
    $(count "$BAD_BODIES") + $(count "$BAD_FORMS") + 1 + 6 + 1))

# --- the cast ----------------------------------------------------------------
bearer() { echo "HTTP_AUTHORIZATION=Bearer $1"; }
register boss
A=$ID
q "UPDATE users SET role_id = 1 WHERE id = $A"
ADMIN=$(bearer "$TOKEN")
register alice '"email":"alice@example.com","fullname":"Alice Liddell"'
U=$ID
p '{"name":"Dorm 7"}'; call groups POST "$JSON" "$ADMIN"
G=$(json .data.group.id)
p '{"name":"Nurse"}'; call occupations POST "$JSON" "$ADMIN"
O=$(json .data.occupation.id)
p '{"name":"tenant"}'; call roles POST "$JSON" "$ADMIN"
R=$(json .data.role.id)
p '{"user":%s}' "$U"; call groups-users POST "$JSON" "$ADMIN" PATH_INFO=/$G
USERS_BEFORE=$(q "SELECT count(*) FROM users")
# @G, @O, @R, @U, @A in a table entry
subst() { printf '%s' "$1" | sed "s/@G/$G/g; s/@O/$O/g; s/@R/$R/g; s/@U/$U/g; s/@A/$A/g"; }

# nth LINES K N: the N lines of LINES from the Kth on, going round.
nth() {
	printf '%s\n' "$1" | grep . | awk -v k="$2" -v n="$3" '
	    { v[NR] = $0 } END { for (i = 0; i < n; i++) print v[(k + i) % NR + 1] }'
}

# --- ids ----------------------------------------------------------------------
k=0
printf '%s\n' "$ID_ROUTES" | while read -r prog method n; do
	for bad in $IDS_ALWAYS $(nth "$(echo $BAD_IDS | tr ' ' '\n')" "$k" 1); do
		if [ "$n" = 2 ]; then path=/$G/$bad; else path=/$bad; fi
		noin "$prog" "$method" "$ADMIN" PATH_INFO="$path"
		t_eq "$method $prog $path -> 404/1005" "404 1005" \
		    "$STATUS $(json .errno)"
	done
	k=$((k + 1))
done

# --- pages ----------------------------------------------------------------------
# errno and the names of the fields refused, in one jq
refusal() { json '"\(.errno) \(.fields // {} | keys | join(","))"'; }
k=0
printf '%s\n' "$LISTS" | while read -r prog path; do
	[ "$path" = - ] && path= || path=$(subst "$path")
	{ printf '%s\n' "$PAGES_ALWAYS"; nth "$BAD_PAGES" "$k" 1; } |
	while read -r qs field; do
		noin "$prog" GET "$ADMIN" PATH_INFO="$path" QUERY_STRING="$qs"
		t_eq "GET $prog$path?$qs -> 400/1006 naming $field" \
		    "400 1006 $field" "$STATUS $(refusal)"
	done
	k=$((k + 1))
	noin "$prog" GET "$ADMIN" PATH_INFO="$path" \
	    QUERY_STRING="_=1700000000&page_size=100&foo=bar&results=9"
	t_eq "GET $prog$path?page_size=100 (and undeclared parameters, ignored) -> 200, page 1 of 100, all of them" \
	    "200 0 1 100 true" "$STATUS $(json '"\(.errno) \(.data.page) \(.data.page_size) \(.data.count == (.data.results | length))"')"
	noin "$prog" GET "$ADMIN" PATH_INFO="$path"
	t_eq "GET $prog$path: default page 1 of 20" \
	    "200 1 20" "$STATUS $(json '"\(.data.page) \(.data.page_size)"')"
	noin "$prog" GET "$ADMIN" PATH_INFO="$path" \
	    QUERY_STRING="page=92233720368547758&page_size=100"
	t_eq "GET $prog$path: the last page number there is -> 200, no results" \
	    "200 0 true" "$STATUS $(json '"\(.data.results | length) \(.data.count >= 0)"')"
done

# --- search -----------------------------------------------------------------------
printf '%s\n' "$QS" | while read -r qs; do
	noin users GET "$ADMIN" QUERY_STRING="q=$qs"
	t_eq "GET users?q=$qs -> 200, nobody" "200 0 0" \
	    "$STATUS $(json '"\(.data.count) \(.data.results | length)"')"
done
t_eq "the users table survived the searches" "$USERS_BEFORE" \
    "$(q "SELECT count(*) FROM users")"
noin users GET "$ADMIN" QUERY_STRING="q=$(printf 'a%.0s' $(seq 256))"
t_eq "q of 256 characters -> 400 naming q" "400 q" \
    "$STATUS $(json '.fields | keys | join(",")')"
printf '%s\n' "$BAD_FILTERS" | while read -r qs field; do
	noin users GET "$ADMIN" QUERY_STRING="$qs"
	t_eq "GET users?$qs -> 400/1006 naming $field" "400 1006 $field" \
	    "$STATUS $(refusal)"
done
printf '%s\n' "$BAD_LOG_FILTERS" | while read -r qs field; do
	noin user-logs GET "$ADMIN" QUERY_STRING="$qs"
	t_eq "GET user-logs?$qs -> 400/1006 naming $field" "400 1006 $field" \
	    "$STATUS $(refusal)"
done
noin users GET "$ADMIN" QUERY_STRING="role=nosuchrole&is_active=1"
t_eq "an unknown role name filters everybody out (200, 0)" "200 0" \
    "$STATUS $(json .data.count)"
noin users GET "$ADMIN" QUERY_STRING="group=987654"
t_eq "an unknown group filters everybody out (200, 0)" "200 0" \
    "$STATUS $(json .data.count)"
noin user-logs GET "$ADMIN" \
    QUERY_STRING="since=2100-01-01T00:00:00Z&until=1970-01-01T00:00:00Z"
t_eq "user-logs: since after until -> 200, none" "200 0" \
    "$STATUS $(json .data.count)"

# --- bodies -------------------------------------------------------------------------
printf '%s\n' "$BAD_BODIES" | while read -r prog method path field body; do
	[ "$path" = - ] && path= || path=$(subst "$path")
	p '%s' "$(subst "$body")"
	call "$prog" "$method" "$JSON" "$ADMIN" PATH_INFO="$path"
	t_eq "$method $prog$path $body -> 400/1006 naming $field" \
	    "400 1006 $field" "$STATUS $(refusal)"
done
printf '%s\n' "$BAD_FORMS" | while read -r prog method path field body; do
	[ "$path" = - ] && path= || path=$(subst "$path")
	p '%s' "$(subst "$body")"
	call "$prog" "$method" "$FORM" "$ADMIN" PATH_INFO="$path"
	t_eq "$method $prog$path $body -> 400/1006 naming $field" \
	    "400 1006 $field" "$STATUS $(refusal)"
done
t_eq "no refused body created anything" \
    "1 1 1 0 $USERS_BEFORE 1" \
    "$(q "SELECT (SELECT count(*) FROM groups), (SELECT count(*) FROM occupations), (SELECT count(*) FROM roles WHERE id > 2), (SELECT count(*) FROM black_list), (SELECT count(*) FROM users), (SELECT count(*) FROM group_members)" | tr '|' ' ')"

# SQL in names is only text.
EVIL="x'); DROP TABLE users; --"
p '{"name":"%s"}' "$EVIL"; call roles POST "$JSON" "$ADMIN"
t_eq "a role named with SQL -> 201, the name as sent" "201 $EVIL" \
    "$STATUS $(json .data.role.name)"
p '{"name":"%s","profile":{"location":"%s"}}' "$EVIL" "$EVIL"
call groups POST "$JSON" "$ADMIN"
t_eq "a group named with SQL -> 201, name and location as sent" \
    "201 $EVIL|$EVIL" "$STATUS $(json .data.group.name)|$(json .data.group.profile.location)"
p '{"name":"%s"}' "$EVIL"; call occupations POST "$JSON" "$ADMIN"
t_eq "an occupation named with SQL -> 201" "201 $EVIL" \
    "$STATUS $(json .data.occupation.name)"
p '{"user":%s,"reason":"%s"}' "$U" "$EVIL"; call black-list POST "$JSON" "$ADMIN"
t_eq "a ban with SQL as its reason -> 201" "201 $EVIL" \
    "$STATUS $(json .data.ban.reason)"
t_eq "the users table is still there" "$USERS_BEFORE" \
    "$(q "SELECT count(*) FROM users")"
noin users GET "$ADMIN" QUERY_STRING="q=$(printf '%s' "$EVIL" | jq -sRr @uri)"
t_eq "searching for the SQL text finds nobody, and nothing breaks" "200 0" \
    "$STATUS $(json .data.count)"

envelope_report
