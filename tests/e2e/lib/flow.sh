# The client flow of the API (docs/API.md), walked with
# curl through a real server at $BASE: source after tests/lib.sh and
# lib/server.sh, start a server, then call flow_run; it makes FLOW_PLAN
# checks.  An empty POST carries Content-Length: 0, as browsers send it:
# lighttpd answers 411 without one.

FLOW_PLAN=172
FLOW_BAD=	# responses that broke the header rules
FLOW_N=0	# JSON responses checked

PW1=Wonderland-1865
PW2=Looking-Glass-1871
EVIL=http://evil.example

# api METHOD PATH [curl args...]: http against $BASE, then checks that the
# answer is JSON with the contract's headers (summed up in flow_headers).
api() {
	_am=$1 _ap=$2
	shift 2
	http "$_am" "$BASE$_ap" "$@"
	FLOW_N=$((FLOW_N + 1))
	_ct=$(header Content-Type)
	_cc=$(header Cache-Control)
	_xc=$(header X-Content-Type-Options)
	if [ "$_ct" != "application/json; charset=utf-8" ] ||
	    [ "$_cc" != no-store ] || [ "$_xc" != nosniff ] ||
	    ! jq -e 'type == "object" and (.errno | type) == "number"' \
	    < "$T/body" > /dev/null 2>&1; then
		FLOW_BAD="$FLOW_BAD
$_am $_ap -> $STATUS, Content-Type '$_ct', Cache-Control '$_cc', X-Content-Type-Options '$_xc', body $(head -c 80 "$T/body")"
	fi
}

# expect DESC HTTP ERRNO: status and errno of the last response.
expect() {
	t_eq "$1: HTTP $2" "$2" "$STATUS"
	t_eq "$1: errno $3" "$3" "$(json .errno)"
}

# cookie NAME: the Set-Cookie line of the last response for NAME.
cookie() {
	grep -i "^set-cookie: *$1=" "$T/headers" | head -n 1 |
	    sed 's/^[^:]*: *//' | tr -d '\r'
}

bearer() { printf 'Authorization: Bearer %s' "$1"; }

# rid CHECK ARGS...: a check on the second cookie of an answer (rid comes
# after sid).  Prism, the validating proxy, passes only the first
# Set-Cookie of an answer, so through it the check is skipped; the same
# flow checks it through the servers directly.
rid() {
	if [ "${LAST_PROXIED:-0}" = 1 ]; then
		t_ok "$2 # SKIP the proxy passes one Set-Cookie only"
	else
		"$@"
	fi
}

# login USER PASSWORD: sets TOK and RTOK.
login() {
	api POST /api/user/login/ -d "username=$1" -d "password=$2"
	TOK=$(json .data.token)
	RTOK=$(json .data.refresh_token)
}

# A 1x1 PNG, valid enough for any decoder and for libmagic.
make_png() {
	printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
	    base64 -d > "$1"
}

flow_register() {
	api POST /api/user/register/ -d username=alice -d "password=$PW1" \
	    -d "password2=$PW1" -d email=alice@example.com
	expect "register" 201 0
	t_eq "register: data.user.username" alice "$(json .data.user.username)"
	t_eq "register: data.user.email" alice@example.com \
	    "$(json .data.user.email)"
	t_eq "register: data.user.role" user "$(json .data.user.role)"
	# shellcheck disable=SC2016 # jq variables
	t_eq "register: user fields" "all there" "$(json '[("id", "username",
	    "email", "role", "is_active", "created_at", "last_login_at",
	    "profile") as $k | select(.data.user | has($k) | not) |
	    "missing " + $k] | if . == [] then "all there" else join(",") end')"
	t_eq "register: profile fields" \
	    address,age,avatar,bio,first_name,fullname,gender,identify_id,last_name,name_pinyin,occupation,phone \
	    "$(json '.data.user.profile | keys | join(",")')"
	t_match "register: created_at is UTC ISO 8601" \
	    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
	    "$(json .data.user.created_at)"
	TOK=$(json .data.token)
	RTOK=$(json .data.refresh_token)
	ALICE=$(json .data.user.id)
	t_match "register: data.token" '^[A-Za-z0-9_-]{43,}$' "$TOK"
	t_match "register: data.refresh_token" '^[A-Za-z0-9_-]{43,}$' "$RTOK"
	t_match "register: data.expires_in" '^[1-9][0-9]*$' \
	    "$(json .data.expires_in)"
	_c=$(cookie sid)
	t_eq "register: sid cookie holds the token" "$TOK" \
	    "$(printf '%s' "$_c" | sed 's/^sid=//; s/;.*//')"
	t_match "register: sid HttpOnly" '; *HttpOnly(;|$)' "$_c"
	t_match "register: sid SameSite=Lax" '; *SameSite=Lax(;|$)' "$_c"
	t_match "register: sid Path=/" '; *Path=/(;|$)' "$_c"
	t_nomatch "register: sid not Secure over plain HTTP" \
	    '; *Secure(;|$)' "$_c"
	_c=$(cookie rid)
	rid t_eq "register: rid cookie holds the refresh token" "$RTOK" \
	    "$(printf '%s' "$_c" | sed 's/^rid=//; s/;.*//')"
	rid t_match "register: rid HttpOnly" '; *HttpOnly(;|$)' "$_c"
	rid t_match "register: rid SameSite=Strict" '; *SameSite=Strict(;|$)' "$_c"
	rid t_match "register: rid Path=/api/auth/" '; *Path=/api/auth/(;|$)' "$_c"

	api POST /api/user/register/ -d username=alice -d "password=$PW1" \
	    -d "password2=$PW1"
	expect "register the same username" 409 1000
	api POST /api/user/register/ -d username=ALICE -d "password=$PW1" \
	    -d "password2=$PW1"
	expect "register the same username in capitals" 409 1000
	api POST /api/user/register/ -d username=bob -d "password=$PW1" \
	    -d "password2=$PW2"
	expect "register with password2 different" 400 1001
	api POST /api/user/register/ -d username=bob -d "password=$PW1" \
	    -d "password2=$PW1" -d nickname=bobby
	expect "register with an unknown field" 400 1006
	t_eq "register with an unknown field: fields names it" nickname \
	    "$(json '.fields | keys | join(",")')"
	# no trailing slash, JSON body
	api POST /api/user/register -H 'Content-Type: application/json' \
	    --data-binary "{\"username\":\"bob\",\"password\":\"$PW2\",\"password2\":\"$PW2\"}"
	expect "register without trailing slash, JSON body" 201 0
	BOB=$(json .data.user.id)
	BOBTOK=$(json .data.token)
}

flow_login() {
	login alice "$PW1"
	expect "login by username" 200 0
	t_eq "login by username: data.user.username" alice \
	    "$(json .data.user.username)"
	t_match "login by username: token" '^[A-Za-z0-9_-]{43,}$' "$TOK"
	t_match "login by username: sid cookie" 'HttpOnly' "$(cookie sid)"
	api POST /api/user/login -d username=alice@example.com \
	    -d "password=$PW1"
	expect "login by email, no trailing slash" 200 0
	t_eq "login by email: data.user.id" "$ALICE" "$(json .data.user.id)"
	api POST /api/user/login/ -F username=bob -F "password=$PW2"
	expect "login with a multipart body" 200 0

	api POST /api/user/login/ -d username=alice -d password=wrong-password
	expect "login with a wrong password" 401 1002
	cp "$T/body" "$T/wrong-password"
	api POST /api/user/login/ -d username=nobody -d password=wrong-password
	expect "login as an unknown user" 401 1002
	if cmp -s "$T/body" "$T/wrong-password"; then _same=identical
	else _same="differs: $(cat "$T/wrong-password") / $(cat "$T/body")"
	fi
	t_eq "wrong password and unknown user: byte-identical bodies" \
	    identical "$_same"
}

flow_me() {
	login alice "$PW1"
	api GET /api/user/me/ -b "sid=$TOK"
	expect "me through the sid cookie" 200 0
	t_eq "me through the sid cookie: username" alice \
	    "$(json .data.user.username)"
	api GET /api/user/me/ -H "$(bearer "$TOK")"
	expect "me through Authorization: Bearer" 200 0
	t_eq "me through Bearer: username" alice "$(json .data.user.username)"
	api GET /api/user/me -H "X-Auth-Token: $TOK"
	expect "me through X-Auth-Token, no trailing slash" 200 0
	t_eq "me through X-Auth-Token: username" alice \
	    "$(json .data.user.username)"
	api GET /api/user/me/ -H "$(bearer "$BOBTOK")"
	t_eq "me with another user's token: another user" bob \
	    "$(json .data.user.username)"
	api GET /api/user/me/
	expect "me without credentials" 401 1003
	api GET /api/user/me/ \
	    -H "$(bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)"
	expect "me with a forged token" 401 1011
	api GET /api/user/me/ -b sid=not-a-token
	expect "me with a malformed sid cookie" 401 1011
}

flow_update_info() {
	login alice "$PW1"
	_auth=$(bearer "$TOK")
	api POST /api/user/update/info/ -H "$_auth" -d first_name=Alice
	expect "update/info urlencoded" 200 0
	t_eq "update/info urlencoded: first_name" Alice \
	    "$(json .data.user.profile.first_name)"
	api POST /api/user/update/info/ -H "$_auth" -F last_name=Liddell
	expect "update/info multipart" 200 0
	t_eq "update/info multipart: last_name" Liddell \
	    "$(json .data.user.profile.last_name)"
	api POST /api/user/update/info/ -H "$_auth" \
	    -H 'Content-Type: application/json' \
	    --data-binary '{"bio":"Down the rabbit hole \u2713","age":30,"gender":true}'
	expect "update/info JSON" 200 0
	t_eq "update/info JSON: bio" "Down the rabbit hole ✓" \
	    "$(json .data.user.profile.bio)"
	api PUT /api/user/update/info -H "$_auth" \
	    --data-urlencode 'fullname=Alice Pleasance Liddell'
	expect "update/info with PUT, no trailing slash" 200 0

	api GET /api/user/me/ -H "$_auth"
	t_eq "me shows the urlencoded update" Alice \
	    "$(json .data.user.profile.first_name)"
	t_eq "me shows the multipart update" Liddell \
	    "$(json .data.user.profile.last_name)"
	t_eq "me shows the JSON update" "Down the rabbit hole ✓|30|1" \
	    "$(json '[.data.user.profile.bio, .data.user.profile.age, .data.user.profile.gender] | map(tostring) | join("|")')"
	t_eq "me shows the PUT update" "Alice Pleasance Liddell" \
	    "$(json .data.user.profile.fullname)"

	head -c 2097152 /dev/zero | tr '\0' a | sed 's/^/bio=/' > "$T/big"
	api POST /api/user/update/info/ -H "$_auth" \
	    -H 'Content-Type: application/x-www-form-urlencoded' \
	    --data-binary "@$T/big"
	expect "update/info with a 2 MiB body" 413 1012
}

flow_avatar() {
	login alice "$PW1"
	_auth=$(bearer "$TOK")
	make_png "$T/a.png"
	api POST /api/user/update/avatar/ -H "$_auth" \
	    -F "avatar=@$T/a.png;type=image/png"
	expect "avatar upload of a PNG" 200 0
	_url=$(json .data.url)
	t_match "avatar: data.url" "^/api/users/$ALICE/avatar/\?v=[0-9a-f]+$" \
	    "$_url"
	http GET "$BASE$_url"
	t_eq "avatar url: HTTP 200" 200 "$STATUS"
	t_eq "avatar url: Content-Type" image/png "$(header Content-Type)"
	t_eq "avatar url: nosniff" nosniff "$(header X-Content-Type-Options)"
	if cmp -s "$T/body" "$T/a.png"; then _same=identical
	else _same="differs ($(wc -c < "$T/body") bytes)"
	fi
	t_eq "avatar url: the bytes uploaded" identical "$_same"
	http GET "$BASE/api/users/$ALICE/avatar"
	t_eq "avatar without slash and query: HTTP 200" 200 "$STATUS"
	cmp -s "$T/body" "$T/a.png" && _same=identical || _same=differs
	t_eq "avatar without slash and query: the same bytes" identical "$_same"
	api GET /api/user/me/ -H "$_auth"
	t_eq "me shows the avatar url" "$_url" "$(json .data.user.profile.avatar)"
	api GET "/api/users/$BOB/avatar/"
	expect "avatar of a user without one (the CGI's own 404)" 404 1005

	printf 'just some text, not an image\n' > "$T/x.png"
	api POST /api/user/update/avatar/ -H "$_auth" \
	    -F "avatar=@$T/x.png;type=image/png"
	expect "avatar upload of a text file named x.png" 415 1012
}

flow_changepwd() {
	login alice "$PW1"
	_other=$TOK
	login alice "$PW1"
	_auth=$(bearer "$TOK")
	api POST /api/user/changepwd/ -H "$_auth" -d pwd=not-my-password \
	    -d "new_pwd=$PW2"
	expect "changepwd with a wrong current password" 401 1002
	api POST /api/user/changepwd/ -H "$_auth" -d "pwd=$PW1" \
	    -d "new_pwd=$PW2"
	expect "changepwd" 200 0
	api GET /api/user/me/ -H "$(bearer "$_other")"
	expect "changepwd: another session of the user is revoked" 401 1011
	api GET /api/user/me/ -H "$_auth"
	expect "changepwd: the current session still works" 200 0
	login alice "$PW2"
	expect "changepwd: login with the new password" 200 0
	login alice "$PW1"
	expect "changepwd: login with the old password" 401 1002
}

flow_refresh() {
	login alice "$PW2"
	_t1=$TOK _r1=$RTOK
	api POST /api/auth/refresh/ -d "refresh_token=$_r1"
	expect "refresh" 200 0
	_t2=$(json .data.token) _r2=$(json .data.refresh_token)
	t_match "refresh: new access token" '^[A-Za-z0-9_-]{43,}$' "$_t2"
	t_match "refresh: new refresh token" '^[A-Za-z0-9_-]{43,}$' "$_r2"
	t_nomatch "refresh: access token rotated" "^$_t1\$" "$_t2"
	t_nomatch "refresh: refresh token rotated" "^$_r1\$" "$_r2"
	api GET /api/user/me/ -H "$(bearer "$_t2")"
	expect "refresh: the new access token works" 200 0
	api POST /api/auth/refresh/ -d "refresh_token=$_r1"
	expect "refresh: replaying the rotated refresh token" 401 1011
	api POST /api/auth/refresh -d "refresh_token=$_r2"
	expect "refresh: after the replay the new refresh token is refused" \
	    401 1011
	api GET /api/user/me/ -H "$(bearer "$_t2")"
	expect "refresh: after the replay the session's access token is refused" \
	    401 1011

	login alice "$PW2"
	api POST /api/auth/refresh/ -b "rid=$RTOK" -H 'Content-Length: 0'
	expect "refresh through the rid cookie" 200 0
	rid t_match "refresh through the rid cookie: new rid cookie" \
	    '; *Path=/api/auth/(;|$)' "$(cookie rid)"
}

flow_logout() {
	login alice "$PW2"
	api POST /api/user/logout/ -H "$(bearer "$TOK")" \
	    -H 'Content-Length: 0'
	expect "logout" 200 0
	t_match "logout: clears sid" \
	    '^sid=("")?(;|$)|; *Max-Age=0(;|$)|Expires=[^;]*1970' "$(cookie sid)"
	rid t_match "logout: clears rid" \
	    '^rid=("")?(;|$)|; *Max-Age=0(;|$)|Expires=[^;]*1970' "$(cookie rid)"
	api GET /api/user/me/ -H "$(bearer "$TOK")"
	expect "logout: the token is refused" 401 1011
}

flow_cross_site() {
	login alice "$PW2"
	api POST /api/user/update/info/ -b "sid=$TOK" -H "Origin: $EVIL" \
	    -d bio=csrf
	expect "cookie POST from another origin" 403 1015
	api POST /api/user/update/info/ -b "sid=$TOK" \
	    -H 'Sec-Fetch-Site: cross-site' -d bio=csrf
	expect "cookie POST with Sec-Fetch-Site: cross-site" 403 1015
	api GET /api/user/me/ -b "sid=$TOK" -H "Origin: $EVIL"
	expect "cookie GET from another origin is a read" 200 0
	t_nomatch "the refused POSTs changed nothing" '^csrf$' \
	    "$(json .data.user.profile.bio)"
	api POST /api/user/update/info/ -b "sid=$TOK" -H "Origin: $BASE" \
	    -d bio=same-origin
	expect "cookie POST from the same origin" 200 0
	api POST /api/user/update/info/ -H "$(bearer "$TOK")" \
	    -H "Origin: $EVIL" -d bio=bearer
	expect "Bearer POST from another origin is not refused" 200 0
}

flow_routing() {
	api DELETE /api/user/login/
	expect "DELETE /api/user/login/" 405 1013
	t_match "DELETE /api/user/login/: Allow lists POST" '(^|[ ,])POST($|[ ,])' \
	    "$(header Allow)"
	api GET /api/user/register
	expect "GET /api/user/register" 405 1013
	t_match "GET /api/user/register: Allow lists POST" \
	    '(^|[ ,])POST($|[ ,])' "$(header Allow)"
	for _p in /api/nope/ /api/nope /api/ /api/users/1/nope/ \
	    /api/user/login/x/y/z /api/user-login/1/2/3 '/api/User/Me/'; do
		api GET "$_p" -H "$(bearer "$BOBTOK")"
		expect "GET $_p" 404 1005
	done
	api POST /api/nope/ -d x=1
	expect "POST /api/nope/" 404 1005
	for _p in / /favicon.ico /api /cgi-bin/not-found \
	    '/api/user/me/..%2f..%2f'; do
		api GET "$_p"
		expect "GET $_p (outside /api/)" 404 1005
	done
}

flow_headers() {
	t_eq "every JSON response ($FLOW_N) had the contract's headers" "" \
	    "$FLOW_BAD"
}

flow_run() {
	flow_register
	flow_login
	flow_me
	flow_update_info
	flow_avatar
	flow_changepwd
	flow_refresh
	flow_logout
	flow_cross_site
	flow_routing
	flow_headers
}
