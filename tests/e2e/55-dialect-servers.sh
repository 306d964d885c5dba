#!/bin/sh
# Each dialect's web-server configuration, generated from its routing
# data (accountsctl routes NAME), through every server that can carry
# it: lighttpd and standalone Apache for all; the Apache conf snippet
# and .htaccess only see /api/, so for the dialects whose document paths
# all lie there.  Per server: a documented path reaches its program in
# the dialect's envelope, a method it does not serve is the dialect's
# 405, and a path of no document is the dialect's 404.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/dialect.sh"
# dialect, server, a documented POST path, its 405 jq test, its 404 jq test
CASES="basic lighttpd /user/login .status==405 .status==404
basic apache /user/login .status==405 .status==404
dicom apache /api/user/login/ .errno==1013 .errno==1005
dicom apache-htaccess /api/user/login/ .errno==1013 .errno==1005
dicom apache-conf /api/user/login/ .errno==1013 .errno==1005
rental apache /api/user/login/ (.message|length)>0 (.message|length)>0
rental apache-htaccess /api/user/login/ (.message|length)>0 (.message|length)>0
rental apache-conf /api/user/login/ (.message|length)>0 (.message|length)>0"
t_plan $((3 * $(printf '%s\n' "$CASES" | wc -l)))
t_setup
printf '%s\n' "$CASES" > "$T/cases"
while read -r d kind path t405 t404; do
	rm -rf "$T/srv"
	if ! dialect_start "$d" "$kind"; then
		t_fail "$d through $kind: documented path"
		t_fail "$d through $kind: 405"
		t_fail "$d through $kind: 404"
		continue
	fi
	http POST "$BASE$path" -H 'Content-Type: application/json' -d '{}'
	t_eq "$d through $kind: POST $path reaches the program (400)" \
	    "400 application/json; charset=utf-8" "$STATUS $(header Content-Type)"
	http DELETE "$BASE$path"
	t_eq "$d through $kind: DELETE $path is the dialect's 405" "405 true" \
	    "$STATUS $(jq -c "$t405" < "$T/body" 2>&1)"
	http GET "$BASE/api/no/such/path/"
	t_eq "$d through $kind: an unknown path is the dialect's 404" "404 true" \
	    "$STATUS $(jq -c "$t404" < "$T/body" 2>&1)"
	srv_stop
done < "$T/cases"
