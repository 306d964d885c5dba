#!/bin/sh
# Routing through every server configuration (lighttpd, standalone Apache,
# Apache with only the .htaccess, Apache with the conf snippet), all
# generated from the route table cgi-bin/routes.txt.  The executables'
# directory holds, for each program of the table, a probe that answers
# with its name, PATH_INFO and query string when the request carries
# X-Route-Probe (and otherwise runs the real program), the real not-found,
# and nothing for `openapi`, left out to stand for a program not built.
# Asserted for each server:
# - every route reaches its program, ids as PATH_INFO in order, with and
#   without the trailing slash, the query string kept;
# - no other path reaches a program: an extra segment, a non-numeric id,
#   an executable's own name (/api/user-me), the old generic forms
#   (/api/groups/users/3): the not-found CGI's JSON 404;
# - a route whose program is missing: the JSON 404 too;
# - the real users-avatar is reached at /api/users/7/avatar[/] (405 to a
#   POST, which not-found never answers).
# E2E_ROUTING_KINDS="lighttpd apache" tries only those.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
t_setup

TABLE=$ROOT/cgi-bin/routes.txt
MISSING=openapi
PROBES=$T/bin

# One probe per program of the table; not-found is the real one.  The
# probes run the real programs from $T/real: the server's user may not be
# able to reach the checkout (root's, under a 0700 home).
mkdir -p "$PROBES" "$T/real"
cp "$BIN"/* "$T/real/"
for p in $(awk '{ sub(/#.*/, "") } NF == 2 { print $2 }' "$TABLE" |
    sort -u); do
	[ "$p" != "$MISSING" ] || continue
	cat > "$PROBES/$p" <<EOF
#!/bin/sh
if [ -n "\${HTTP_X_ROUTE_PROBE:-}" ]; then
	printf 'Content-Type: text/plain\r\n\r\n%s %s %s\n' $p \
	    "\${PATH_INFO:--}" "\${QUERY_STRING:--}"
	exit 0
fi
exec "$T/real/$p"
EOF
	chmod 0755 "$PROBES/$p"
done
cp "$BIN/not-found" "$PROBES/"
# shellcheck disable=SC2034 # read by lib/server.sh
SRV_CGI_BIN=$PROBES

# The cases, "URL EXPECTED" per line: EXPECTED is the probe's answer
# ("program PATH_INFO query", - for none) or 404 (the JSON 404).  From
# each line of the table: the path with ids 7 and 90210, with and without
# its slash, with a query; the same with an extra segment, an extra id
# where that is no route, non-numeric ids.  Then each program's own name.
awk -v missing="$MISSING" '
{ sub(/#.*/, "") }
NF == 2 {
	p = $1
	sub(/\/$/, "", p)
	n++
	path[n] = p
	prog[n] = $2
	route[p] = 1
}
function want(pi, q) { return prog[i] == missing ? "404" : prog[i] " " pi " " q }
END {
	for (i = 1; i <= n; i++) {
		k = split(substr(path[i], 2), s, "/")
		u = ux = um = pi = ""
		ids = 0
		for (j = 1; j <= k; j++) {
			if (s[j] == "{id}") {
				id = ++ids == 1 ? 7 : 90210
				u = u "/" id
				ux = ux "/x"
				um = um "/-1"
				pi = pi "/" id
			} else {
				u = u "/" s[j]
				ux = ux "/" s[j]
				um = um "/" s[j]
			}
		}
		if (pi == "")
			pi = "-"
		print u "/ " want(pi, "-")
		print u " " want(pi, "-")
		print u "/?a=1&b=two " want(pi, "a=1&b=two")
		print u "?c=3 " want(pi, "c=3")
		print u "/zz 404"
		if (!((path[i] "/{id}") in route))
			print u "/123 404"
		if (ids > 0) {
			print ux "/ 404"
			print um "/ 404"
		}
		named["/api/" prog[i]] = 1
	}
	for (p in named) {
		if (!(p in route))
			print p " 404\n" p "/ 404"
		if (!((p "/{id}") in route))
			print p "/7 404"
	}
}' "$TABLE" > "$T/cases"
cat >> "$T/cases" <<'EOF'
/api/users/0/avatar/ users-avatar /0 -
/api/users/99999999999999999999/avatar users-avatar /99999999999999999999 -
/api/groups/users/3 404
/api/groups/users/3/ 404
/api/user/me/123 404
/api/user-me 404
/api/user-me/ 404
/api/not-found/ 404
/api/User/Me/ 404
/api/user/meX/ 404
/api/users/7/avatar/avatar/ 404
/api/users/1.5/ 404
/api/ 404
EOF
# Outside /api/, where the server is ours alone (not a host's site).
cat > "$T/cases-site" <<'EOF'
/ 404
/favicon.ico 404
/api 404
/user/me/ 404
/cgi-bin/not-found 404
/api/user%2fme/ 404
/api/user/me/..%2f..%2f 404
EOF

# check KIND CASES: all cases through one curl (one connection), then
# compared in one pass: a probe's answer must be exactly the one expected,
# a 404 exactly the not-found CGI's JSON ($T/404, taken from the server).
check() {
	mkdir -p "$T/r"
	rm -f "$T/r"/*
	awk -v base="$BASE" -v dir="$T/r" '{
		printf "url = \"%s%s\"\noutput = \"%s/%d\"\n", base, $1, dir, NR
	}' "$2" > "$T/curl.cfg"
	curl -gsS -H 'X-Route-Probe: 1' -w '%{http_code} %{content_type}\n' \
	    -K "$T/curl.cfg" > "$T/codes"
	awk -v dir="$T/r" -v nf="$T/404" -v codes="$T/codes" '
	BEGIN { getline json < nf }
	{
		c = ""
		getline c < codes
		u = $1
		want = $0
		sub(/^[^ ]* /, "", want)
		f = dir "/" NR
		body = ""
		getline body < f
		close(f)
		if (want == "404") {
			if (c == "404 application/json; charset=utf-8" &&
			    body == json)
				next
		} else if (c == "200 text/plain" && body == want)
			next
		print u ": want " want ", got " c ": " body
	}' "$2" > "$T/bad"
	t_eq "$1: $(wc -l < "$2" | tr -d ' ') routing cases ($(basename "$2"))" \
	    "" "$(cat "$T/bad")"
}

routing() {
	_k=$1
	# the not-found CGI's answer, which every non-route must give
	http GET "$BASE/api/no/such/route/"
	cp "$T/body" "$T/404"
	t_eq "$_k: not-found answers the JSON 404" "404 1005" \
	    "$STATUS $(json .errno)"
	check "$_k" "$T/cases"
	case $_k in
	lighttpd | apache) check "$_k" "$T/cases-site" ;;
	esac

	# The brief's cases, without the probe: the real programs answer.
	for _p in /api/groups/users/3 /api/user/me/123 /api/user-me \
	    /api/openapi.yaml; do
		http GET "$BASE$_p"
		t_eq "$_k: GET $_p: JSON 404" "404 1005" "$STATUS $(json .errno)"
	done
	for _p in /api/users/7/avatar /api/users/7/avatar/; do
		http POST "$BASE$_p" -d x=1
		t_eq "$_k: POST $_p reaches users-avatar: 405, Allow GET" \
		    "405 1013 GET" "$STATUS $(json .errno) $(header Allow)"
	done
}

KINDS=${E2E_ROUTING_KINDS:-lighttpd apache apache-htaccess apache-conf}
# 8 checks a server, one more where the site's own paths are routed too
_n=0
for kind in $KINDS; do
	case $kind in lighttpd | apache) _n=$((_n + 9)) ;; *) _n=$((_n + 8)) ;; esac
done
t_plan $_n
for kind in $KINDS; do
	rm -rf "$T/srv"
	srv_start "$kind" || continue
	routing "$kind" | tee "$T/tap"
	! grep -q '^not ok' "$T/tap" || srv_log
	srv_stop
done
