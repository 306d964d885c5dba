# A routing smoke test through a real server at $BASE, for the Apache
# configurations that the whole client flow (lib/flow.sh, walked through
# lighttpd and standalone Apache) does not walk again: the .htaccess of
# shared hosting and the conf snippet in a virtual host.  Source after
# tests/lib.sh and lib/server.sh, call smoke_bin before srv_start, then
# smoke_run; it makes SMOKE_PLAN checks.
#
# Two-id routes have no program built yet, so the server's executables
# are build/cgi-bin's plus a probe under the name of one such route of
# the contract, groups-users (/api/groups/{id}/users/[{id}/]), which
# answers with the PATH_INFO and query string it was given.

SMOKE_PLAN=9
SMOKE_PW=Smoke-Test-Pass-1
SMOKE_JSON='application/json; charset=utf-8'

smoke_bin() {
	mkdir -p "$T/bin" &&
	cp "$BIN"/* "$T/bin/" &&
	cat > "$T/bin/groups-users" <<'EOF' &&
#!/bin/sh
printf 'Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n\r\n'
printf '{"errno":0,"msg":"","data":{"path_info":"%s","query":"%s"}}\n' \
    "${PATH_INFO:-}" "${QUERY_STRING:-}"
EOF
	chmod 0755 "$T/bin/groups-users" &&
	SRV_CGI_BIN=$T/bin
}

smoke_run() {
	http POST "$BASE/api/user/register/" -d username=alice \
	    -d "password=$SMOKE_PW" -d "password2=$SMOKE_PW"
	_tok=$(json .data.token) _id=$(json .data.user.id)
	t_eq "a route without id: POST /api/user/register/" "201 0 alice" \
	    "$STATUS $(json .errno) $(json .data.user.username)"
	http GET "$BASE/api/user/me/" -H "Authorization: Bearer $_tok"
	t_eq "Authorization: Bearer reaches the CGI: GET /api/user/me/" \
	    "200 alice" "$STATUS $(json .data.user.username)"
	http GET "$BASE/api/user/me" -H "Authorization: Bearer $_tok"
	t_eq "without the trailing slash: GET /api/user/me" "200 alice" \
	    "$STATUS $(json .data.user.username)"
	http GET "$BASE/api/user/me/"
	t_eq "the CGI's error status passes through as JSON: me without credentials" \
	    "401 1003 $SMOKE_JSON" "$STATUS $(json .errno) $(header Content-Type)"
	# not-found answers 404 to every method: a 405 is users-avatar's own
	http POST "$BASE/api/users/$_id/avatar/" -H 'Content-Length: 0'
	t_eq "a route with one id reaches its program: POST /api/users/ID/avatar/" \
	    "405 1013" "$STATUS $(json .errno)"
	http GET "$BASE/api/groups/5/users/"
	t_eq "one id as PATH_INFO: GET /api/groups/5/users/" "200 /5" \
	    "$STATUS $(json .data.path_info)"
	http GET "$BASE/api/groups/5/users/9?page=2"
	t_eq "two ids as PATH_INFO, no trailing slash, query kept: GET /api/groups/5/users/9?page=2" \
	    "200 /5/9 page=2" \
	    "$STATUS $(json .data.path_info) $(json .data.query)"
	http GET "$BASE/api/nope/"
	t_eq "an unknown path: the JSON 404" "404 1005 $SMOKE_JSON" \
	    "$STATUS $(json .errno) $(header Content-Type)"
	http GET "$BASE/api/users/x/avatar/"
	t_eq "a non-numeric id: the JSON 404" "404 1005 $SMOKE_JSON" \
	    "$STATUS $(json .errno) $(header Content-Type)"
}
