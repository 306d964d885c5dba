#!/bin/sh
# The directory's flows through real servers, once through lighttpd and
# once through standalone Apache (a fresh database each): an admin
# creates users, roles, groups and occupations; a manager runs a group; a
# ban kills a live session at once, the banned user's login answers 1010,
# and lifting the ban lets them back; a deleted user's tokens die; a
# failed login is in the log with operation 2 and the caller's address;
# a nested profile and flat fields give the same user; a user cannot set
# its own role or is_active; sessions can be listed and revoked; the
# rules of roles and occupations hold.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/flow.sh"	# api, expect, bearer, login

DIR_PLAN=169
KINDS=${E2E_DIRECTORY_KINDS:-lighttpd apache}
t_plan $(($(echo $KINDS | wc -w) * DIR_PLAN))
t_setup

APW=Admin-Pass-word-1
UPW=User-Pass-word-1
JS='Content-Type: application/json'

# jqv EXPR: jq over the last body, one line
jqv() { jq -c "$1" < "$T/body" 2>/dev/null; }
# ajson METHOD PATH JSON [curl args]: a JSON request as the admin
ajson() {
	_m=$1 _p=$2 _j=$3
	shift 3
	api "$_m" "$_p" -H "$(bearer "$ADMIN")" -H "$JS" --data-binary "$_j" "$@"
}
# ujson TOKEN METHOD PATH JSON
ujson() { api "$2" "$3" -H "$(bearer "$1")" -H "$JS" --data-binary "$4"; }

dir_admin() {
	login boss "$APW"
	expect "the admin (made by accountsctl) logs in" 200 0
	ADMIN=$TOK
	ajson POST /api/roles/ '{"name":"dorm manager","self_assignable":false}'
	expect "admin creates a role" 201 0
	t_eq "the role: name and flags" 'dorm manager|false|false' \
	    "$(json '.data.role | "\(.name)|\(.is_admin)|\(.self_assignable)"')"
	ROLE=$(json .data.role.id)
	ajson POST /api/roles/ '{"name":"Dorm Manager"}'
	expect "a role name taken in other case" 409 1014
	ajson POST /api/occupations/ '{"name":"Nurse"}'
	expect "admin creates an occupation" 201 0
	OCC=$(json .data.occupation.id)
	ajson POST /api/occupations/ '{"name":"nurse"}'
	expect "an occupation name taken" 409 1014
	ajson POST /api/groups/ '{"name":"Dorm 7","profile":{"location":"North campus","contact_phone":"+86 10 1234 5678"}}'
	expect "admin creates a group (nested profile)" 201 0
	GROUP=$(json .data.group.id)
	t_eq "the group object" "Dorm 7|North campus|+86 10 1234 5678|$BOSS" \
	    "$(json '[.data.group | .name, .profile.location, .profile.contact_phone, .profile.created_by] | join("|")')"
	t_match "group times are UTC ISO 8601" \
	    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
	    "$(json .data.group.profile.updated_at)"
	ajson POST /api/groups/ '{"name":"dorm 7"}'
	expect "a group name taken" 409 1014

	# users: nested and flat give the same user
	ajson POST /api/users/ "{\"username\":\"carol\",\"password\":\"$UPW\",\"email\":\"carol@example.com\",\"role\":\"dorm manager\",\"profile\":{\"fullname\":\"Carol Chen\",\"name_pinyin\":\"chen ke\",\"gender\":1,\"age\":30,\"occupation\":$OCC,\"phone\":\"+1 555 0100\"}}"
	expect "admin creates carol (nested profile)" 201 0
	CAROL=$(json .data.user.id)
	jqv '.data.user | del(.id, .username, .email, .created_at, .updated_at)' > "$T/nested"
	api POST /api/users/ -H "$(bearer "$ADMIN")" -d username=dave \
	    -d "password=$UPW" -d email=dave@example.com --data-urlencode "role=dorm manager" \
	    --data-urlencode 'fullname=Carol Chen' -d 'name_pinyin=chen ke' \
	    -d gender=1 -d age=30 -d "occupation=$OCC" --data-urlencode 'phone=+1 555 0100'
	expect "admin creates dave (flat form)" 201 0
	DAVE=$(json .data.user.id)
	jqv '.data.user | del(.id, .username, .email, .created_at, .updated_at)' > "$T/flat"
	t_eq "nested profile and flat fields: the same user" \
	    "$(cat "$T/nested")" "$(cat "$T/flat")"
	t_eq "created_by is the admin, role and occupation set" \
	    "$BOSS|dorm manager|$OCC|Carol Chen" \
	    "$(json '[.data.user | .created_by, .role, .profile.occupation, .profile.fullname] | join("|")')"
	ajson POST /api/users/ "{\"username\":\"CAROL\",\"password\":\"$UPW\"}"
	expect "a username taken" 409 1000
	ajson POST /api/users/ "{\"username\":\"carol2\",\"password\":\"$UPW\",\"email\":\"Carol@Example.com\"}"
	expect "an email taken" 409 1007
	for u in erin frank; do
		ajson POST /api/users/ "{\"username\":\"$u\",\"password\":\"$UPW\"}"
	done
	FRANK=$(json .data.user.id)
	ERIN=$((FRANK - 1))
	api GET "/api/users/?q=chen&page_size=10" -H "$(bearer "$ADMIN")"
	t_eq "admin searches ?q=chen" "carol dave" \
	    "$(json '[.data.results[].username] | join(" ")')"
	api GET "/api/users/?role=dorm%20manager&occupation=$OCC" -H "$(bearer "$ADMIN")"
	t_eq "admin filters by role and occupation" "2 carol dave" \
	    "$(json '"\(.data.count) \([.data.results[].username] | join(" "))"')"
	api PATCH "/api/users/$DAVE/" -H "$(bearer "$ADMIN")" -H "$JS" \
	    --data-binary '{"profile":{"fullname":"Dave Du"},"email":"dave@example.org"}'
	expect "admin PATCHes dave" 200 0
	t_eq "dave changed, updated_by the admin" "Dave Du|dave@example.org|$BOSS" \
	    "$(json '[.data.user | .profile.fullname, .email, .updated_by] | join("|")')"
}

dir_manager() {
	login carol "$UPW"
	expect "carol logs in" 200 0
	CAROLTOK=$TOK
	login dave "$UPW"
	DAVETOK=$TOK
	login erin "$UPW"
	ERINTOK=$TOK
	ajson POST "/api/groups/$GROUP/users/" "{\"user\":$CAROL,\"member_role\":\"manager\"}"
	expect "admin makes carol the group's manager" 201 0
	t_eq "the membership: carol, manager" "carol manager" \
	    "$(json '"\(.data.member.user.username) \(.data.member.member_role)"')"
	ujson "$CAROLTOK" POST "/api/groups/$GROUP/users/" "{\"user\":$DAVE}"
	expect "the manager adds dave" 201 0
	ujson "$CAROLTOK" POST "/api/groups/$GROUP/users/" "{\"user\":$ERIN}"
	expect "the manager adds erin" 201 0
	ujson "$CAROLTOK" POST "/api/groups/$GROUP/users/" "{\"user\":$ERIN}"
	expect "adding erin again" 409 1014
	ujson "$DAVETOK" POST "/api/groups/$GROUP/users/" "{\"user\":$FRANK}"
	expect "a plain member cannot add" 403 1004
	ujson "$CAROLTOK" PUT "/api/groups/$GROUP/" '{"location":"South campus","contact_phone":null}'
	expect "the manager changes the group" 200 0
	t_eq "location changed, phone cleared, updated_by carol" \
	    "South campus||$CAROL" \
	    "$(json '[.data.group.profile | .location, .contact_phone, .updated_by] | map(. // "") | join("|")')"
	ujson "$DAVETOK" PUT "/api/groups/$GROUP/" '{"name":"mine"}'
	expect "a plain member cannot change the group" 403 1004
	api GET "/api/groups/$GROUP/users/" -H "$(bearer "$ERINTOK")"
	expect "a member lists the members" 200 0
	t_eq "members in id order with their roles" \
	    "carol:manager dave:member erin:member" \
	    "$(json '[.data.results[] | "\(.user.username):\(.member_role)"] | join(" ")')"
	t_eq "erin sees her own phone field, not carol's" "true false" \
	    "$(json '"\(.data.results[2].user.profile | has("phone")) \(.data.results[0].user.profile | has("phone"))"')"
	api GET "/api/groups/$GROUP/users/" -H "$(bearer "$ADMIN")"
	t_eq "the admin sees every member's private fields" "+1 555 0100 true" \
	    "$(json '"\(.data.results[0].user.profile.phone) \(.data.results[0].user | has("email_verified"))"')"
	api GET "/api/users/$ERIN/groups/" -H "$(bearer "$ERINTOK")"
	t_eq "erin's groups: Dorm 7 as member" "1 Dorm 7 member" \
	    "$(json '"\(.data.count) \(.data.results[0].name) \(.data.results[0].member_role)"')"
	api DELETE "/api/groups/$GROUP/users/$DAVE/" -H "$(bearer "$ERINTOK")"
	expect "erin cannot remove dave" 403 1004
	api DELETE "/api/groups/$GROUP/users/$DAVE/" -H "$(bearer "$CAROLTOK")"
	expect "the manager removes dave" 200 0
	api DELETE "/api/groups/$GROUP/users/$ERIN" -H "$(bearer "$ERINTOK")"
	expect "erin leaves (no trailing slash)" 200 0
	api GET "/api/groups/$GROUP/users/" -H "$(bearer "$ERINTOK")"
	expect "erin, gone, cannot list the members" 403 1004
	api GET "/api/groups/$GROUP/users/" -H "$(bearer "$CAROLTOK")"
	t_eq "only the manager is left" "1 carol" \
	    "$(json '"\(.data.count) \(.data.results[0].user.username)"')"
}

dir_self() {
	ujson "$ERINTOK" PUT "/api/users/$ERIN/" '{"role":"admin"}'
	expect "erin PUTs her own role" 403 1004
	ujson "$ERINTOK" PUT "/api/users/$ERIN/" '{"is_active":0}'
	expect "erin PUTs her own is_active" 403 1004
	ujson "$ERINTOK" PATCH "/api/users/$ERIN/" '{"password":"Another-pass-1"}'
	expect "erin PATCHes her own password" 403 1004
	ujson "$ERINTOK" PUT "/api/users/$ERIN/" '{"profile":{"bio":"hi","identify_id":"E-1"}}'
	expect "erin PUTs her own profile" 200 0
	t_eq "her profile changed, updated_by stays null" "hi|E-1|" \
	    "$(json '[.data.user | .profile.bio, .profile.identify_id, .updated_by] | map(. // "") | join("|")')"
	api GET "/api/users/$ERIN/" -H "$(bearer "$ERINTOK")"
	t_eq "erin reads herself, private fields included" "true E-1" \
	    "$(json '"\(.data.user | has("email_verified")) \(.data.user.profile.identify_id)"')"
	api GET "/api/users/$CAROL/" -H "$(bearer "$ERINTOK")"
	expect "erin reads carol" 403 1004
	api GET "/api/users/987654/" -H "$(bearer "$ERINTOK")"
	expect "erin reads an id nobody has: the same refusal" 403 1004
	api GET "/api/users/987654/" -H "$(bearer "$ADMIN")"
	expect "the admin reads an id nobody has" 404 1005
	api GET /api/users/ -H "$(bearer "$ERINTOK")"
	expect "erin lists users" 403 1004
}

dir_ban() {
	login frank "$UPW"
	FRANKTOK=$TOK
	api GET /api/user/me/ -H "$(bearer "$FRANKTOK")"
	expect "frank is logged in" 200 0
	ajson POST /api/black-list/ "{\"user\":$FRANK,\"reason\":\"spam\"}"
	expect "admin bans frank" 201 0
	BAN=$(json .data.ban.id)
	t_eq "the ban entry" "$FRANK 0 spam $BOSS" \
	    "$(json '"\(.data.ban.user) \(.data.ban.is_delete) \(.data.ban.reason) \(.data.ban.operator)"')"
	api GET /api/user/me/ -H "$(bearer "$FRANKTOK")"
	expect "frank's live session dies at once" 401 1011
	login frank "$UPW"
	expect "frank logs in while banned" 403 1010
	ajson POST /api/black-list/ "{\"user\":$FRANK}"
	expect "banning frank twice" 409 1014
	api GET "/api/users/?is_active=0" -H "$(bearer "$ADMIN")"
	t_eq "the disabled users: frank" "frank" \
	    "$(json '[.data.results[].username] | join(" ")')"
	api DELETE "/api/black-list/$BAN/" -H "$(bearer "$ADMIN")"
	expect "admin lifts the ban" 200 0
	api GET "/api/black-list/$BAN/" -H "$(bearer "$ADMIN")"
	t_eq "the entry stays, is_delete 1" "$FRANK 1" \
	    "$(json '"\(.data.ban.user) \(.data.ban.is_delete)"')"
	login frank "$UPW"
	expect "frank logs in again" 200 0
	api DELETE "/api/black-list/$BAN/" -H "$(bearer "$ADMIN")"
	expect "lifting again changes nothing" 200 0
	api GET /api/black-list/ -H "$(bearer "$ADMIN")"
	t_eq "the ban list keeps the history" "1 1" \
	    "$(json '"\(.data.count) \(.data.results[0].is_delete)"')"
	# deactivation and a new password, by the admin, revoke sessions
	FRANKTOK=$TOK
	ajson PUT "/api/users/$FRANK/" '{"is_active":false}'
	expect "admin deactivates frank" 200 0
	api GET /api/user/me/ -H "$(bearer "$FRANKTOK")"
	expect "frank's session died with the deactivation" 401 1011
	ajson PUT "/api/users/$FRANK/" "{\"is_active\":true,\"password\":\"New-$UPW\"}"
	expect "admin enables frank with a new password" 200 0
	login frank "$UPW"
	expect "the old password is gone" 401 1002
	login frank "New-$UPW"
	expect "the new one works" 200 0
}

dir_delete() {
	login dave "$UPW"
	DAVE2=$TOK
	api GET /api/user/me/ -H "$(bearer "$DAVETOK")"
	expect "dave has two live sessions" 200 0
	make_png "$T/dave.png"
	api POST /api/user/update/avatar/ -H "$(bearer "$DAVE2")" \
	    -F "avatar=@$T/dave.png;type=image/png"
	expect "dave uploads an avatar" 200 0
	AVATAR=$(json .data.url)
	_files=$(find "$ACCOUNTS_DATA_DIR" -type f -name '*.png' | wc -l)
	api DELETE "/api/users/$DAVE/" -H "$(bearer "$ADMIN")"
	expect "admin deletes dave" 200 0
	http GET "$BASE$AVATAR"
	t_eq "his avatar is gone: its file (1 before), and its URL (404)" \
	    "1 404 0" "$_files $STATUS $(find "$ACCOUNTS_DATA_DIR" -type f -name '*.png' | wc -l)"
	api GET /api/user/me/ -H "$(bearer "$DAVETOK")"
	expect "dave's first token is dead" 401 1011
	api GET /api/user/me/ -H "$(bearer "$DAVE2")"
	expect "dave's second token is dead" 401 1011
	api GET "/api/users/$DAVE/" -H "$(bearer "$ADMIN")"
	expect "dave is gone" 404 1005
	api DELETE "/api/users/$DAVE/" -H "$(bearer "$ADMIN")"
	expect "deleting dave again" 404 1005
}

dir_logs() {
	api POST /api/user/login/ -H 'User-Agent: flow-agent/1' \
	    -d username=carol -d password=wrong-password
	expect "carol's failed login" 401 1002
	api GET "/api/user-logs/?user=$CAROL&operation=2" -H "$(bearer "$ADMIN")"
	t_eq "in the log: operation 2, carol, the caller's address, its agent" \
	    "1 2 $CAROL 127.0.0.1 flow-agent/1" \
	    "$(json '"\(.data.count) \(.data.results[0] | "\(.operation) \(.user) \(.ip) \(.user_agent)")"')"
	LOGID=$(json .data.results[0].id)
	api GET "/api/user-logs/$LOGID/" -H "$(bearer "$ADMIN")"
	t_eq "one log entry by id" "$LOGID 2" \
	    "$(json '"\(.data.user_log.id) \(.data.user_log.operation)"')"
	api GET "/api/users/$CAROL/user-logs/" -H "$(bearer "$CAROLTOK")"
	t_eq "carol's own records, newest first: the failure, then the login" \
	    "2 0" "$(json '[.data.results[].operation] | map(tostring) | join(" ")')"
	api GET "/api/user-logs/?since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z" \
	    -H "$(bearer "$ADMIN")"
	t_eq "a time range with nothing in it" "200 0" "$STATUS $(json .data.count)"
}

dir_sessions() {
	login erin "$UPW"
	ERIN2=$TOK
	api GET /api/user/sessions/ -H "$(bearer "$ERIN2")"
	expect "erin lists her sessions" 200 0
	t_eq "two sessions, the current one marked" "2 false true" \
	    "$(json '"\(.data.count) \(.data.results[0].current) \(.data.results[1].current)"')"
	t_eq "session fields" "created_at,current,id,ip,last_seen_at,user_agent" \
	    "$(json '.data.results[0] | keys | join(",")')"
	OLD=$(json .data.results[0].id)
	api DELETE "/api/user/sessions/$OLD/" -H "$(bearer "$CAROLTOK")"
	expect "carol revokes erin's session" 404 1005
	api DELETE "/api/user/sessions/$OLD/" -H "$(bearer "$ERIN2")"
	expect "erin revokes her first session" 200 0
	api GET /api/user/me/ -H "$(bearer "$ERINTOK")"
	expect "the first session is dead" 401 1011
	api GET /api/user/sessions/ -H "$(bearer "$ERIN2")"
	t_eq "one session left" 1 "$(json .data.count)"
}

dir_rules() {
	api GET /api/roles/
	t_eq "anyone lists the roles" "200 admin,user,dorm manager" \
	    "$STATUS $(json '[.data.results[].name] | join(",")')"
	api DELETE "/api/roles/$ROLE/" -H "$(bearer "$ADMIN")"
	expect "a role carol has cannot go" 409 1014
	ajson PUT /api/roles/1/ '{"is_admin":false}'
	expect "the admin role keeps its flag" 409 1014
	ajson PUT /api/roles/2/ '{"name":"member"}'
	expect "the user role keeps its name" 409 1014
	api DELETE /api/roles/2/ -H "$(bearer "$ADMIN")"
	expect "the user role cannot go" 409 1014
	ajson PUT "/api/roles/$ROLE/" '{"name":"user"}'
	expect "renaming a role to a taken name" 409 1014
	ajson PUT "/api/users/$CAROL/" '{"role":"user"}'
	expect "carol back to user" 200 0
	api DELETE "/api/roles/$ROLE/" -H "$(bearer "$ADMIN")"
	expect "the unused role goes" 200 0
	api DELETE "/api/occupations/$OCC/" -H "$(bearer "$ADMIN")"
	expect "admin deletes the occupation" 200 0
	api GET "/api/users/$CAROL/" -H "$(bearer "$ADMIN")"
	t_eq "carol's occupation is null now" null \
	    "$(json '.data.user.profile.occupation | tostring')"
	api DELETE "/api/groups/$GROUP/" -H "$(bearer "$CAROLTOK")"
	expect "the manager cannot delete the group" 403 1004
	api DELETE "/api/groups/$GROUP/" -H "$(bearer "$ADMIN")"
	expect "admin deletes the group" 200 0
	api GET "/api/users/$CAROL/groups/" -H "$(bearer "$CAROLTOK")"
	t_eq "carol is in no group now" "200 0" "$STATUS $(json .data.count)"
}

dir_run() {
	FLOW_BAD= FLOW_N=0
	dir_admin
	dir_manager
	dir_self
	dir_ban
	dir_delete
	dir_logs
	dir_sessions
	dir_rules
	flow_headers
}

for kind in $KINDS; do
	export ACCOUNTS_DB="$T/$kind.db"
	"$CTL" -d "$ACCOUNTS_DB" init > /dev/null
	printf '%s\n' "$APW" | "$CTL" -d "$ACCOUNTS_DB" user add boss \
	    --role admin > "$T/boss"
	BOSS=$(cat "$T/boss")
	srv_start "$kind" || exit 1
	dir_run | sed "s/^\(not \)\{0,1\}ok - /&$kind: /" | tee "$T/tap"
	! grep -q '^not ok' "$T/tap" || srv_log
	srv_stop
done
