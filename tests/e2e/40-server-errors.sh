#!/bin/sh
# The web servers' own error pages (apache/errors.txt, apache/errors.sh):
# answered by lighttpd and Apache themselves, before any CGI runs or when
# one fails, they carry the contract's JSON envelope as
# application/json; charset=utf-8, with the errno of the table,
# Cache-Control: no-store and X-Content-Type-Options: nosniff:
# - lighttpd (lighttpd.conf.in: errorfile-prefix, mod_magnet), for pages
#   it answers while parsing the request (400, 411, 413, 431, 501, 505)
#   and after routing (500: a CGI that dies);
# - Apache, standalone (apache.conf.in), the same;
# - Apache with the conf snippet or the .htaccess: for errors of requests
#   under /api/ (here: a CGI that dies without answering); the host's own
#   pages for requests refused earlier are not ours to change.
# Apache answers a request line with HTTP/2.0 (or 1.2, 3.0) as HTTP/1.1,
# so its 400 is for a malformed protocol (HTTP/1) instead; it has no 411
# for a POST without Content-Length (the CGI gets an empty body) and
# answers an oversized header with 400 rather than 431.
# And they leave the CGIs' own answers alone: one Cache-Control and one
# nosniff on a JSON error, an avatar's own Cache-Control.
#
# Requests that curl will not send (a garbage request line, HTTP/2.0 in
# it, a Content-Length over the server's limit with no body) go over a
# raw socket (bash's /dev/tcp).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"

# The cases: KIND NAME HOW STATUS ERRNO HEADERS; HOW is a request file of
# $T/req/ or "curl:ARGS" (PATH as the last word); HEADERS: "both"
# (no-store and nosniff), "nosniff" (nosniff only) or "none".
CASES='lighttpd garbage-line raw:garbage 400 1006 both
lighttpd http2-request-line raw:http2 505 1006 both
lighttpd oversized-header curl:big 431 1006 both
lighttpd body-over-limit raw:overlimit 413 1012 both
lighttpd post-without-length raw:nolength 411 1006 both
lighttpd unknown-method curl:foo 501 1013 both
lighttpd cgi-without-answer curl:dead 500 1500 both
apache garbage-line raw:garbage 400 1006 both
apache bad-protocol raw:badproto 400 1006 both
apache oversized-header curl:big 400 1006 both
apache body-over-limit raw:overlimit 413 1012 both
apache trace curl:trace 405 1013 both
apache cgi-without-answer curl:dead 500 1500 both
apache-conf cgi-without-answer curl:dead 500 1500 both
apache-htaccess cgi-without-answer curl:dead 500 1500 both'
KINDS="lighttpd apache apache-conf apache-htaccess"
# per server: its cases, plus the CGIs' own answers left alone (lighttpd
# and standalone Apache: 3 checks)
n=$(printf '%s\n' "$CASES" | wc -l)
t_plan $((n + 2 * 3))
t_setup

# The executables: build/cgi-bin's, with user-logout replaced by a
# program that dies without a word (the server's 500).
mkdir -p "$T/bin" "$T/req"
cp "$BIN"/* "$T/bin/"
printf '#!/bin/sh\nexit 3\n' > "$T/bin/user-logout"
chmod 0755 "$T/bin/user-logout"
# shellcheck disable=SC2034 # read by lib/server.sh
SRV_CGI_BIN=$T/bin

# A 1x1 PNG for the avatar.
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
    base64 -d > "$T/a.png"

# limit: the request-body limit of the rendered config, in bytes.
limit() {
	case $SRV_KIND in
	lighttpd) _k=$(sed -n 's/^server\.max-request-size[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' \
	    "$SRV_DIR/server.conf")
		echo $((_k * 1024)) ;;
	*)	sed -n 's/^LimitRequestBody[[:space:]]\{1,\}\([0-9]*\).*/\1/p' \
	    "$SRV_DIR/server.conf" ;;
	esac
}

# The raw requests, for this server.
requests() {
	crlf() { sed 's/$/\r/'; }
	printf 'GARBAGE\r\n\r\n' > "$T/req/garbage"
	crlf > "$T/req/http2" <<EOF
GET /api/user/me/ HTTP/2.0
Host: 127.0.0.1

EOF
	crlf > "$T/req/badproto" <<EOF
GET /api/user/me/ HTTP/1
Host: 127.0.0.1

EOF
	crlf > "$T/req/overlimit" <<EOF
POST /api/user/register/ HTTP/1.1
Host: 127.0.0.1
Content-Type: application/x-www-form-urlencoded
Content-Length: $(($(limit) + 1))
Connection: close

EOF
	crlf > "$T/req/nolength" <<EOF
POST /api/user/register/ HTTP/1.1
Host: 127.0.0.1
Connection: close

EOF
}

# raw FILE: sends $T/req/FILE to the server as it is; the answer's status,
# headers and body in STATUS, $T/headers, $T/body.
raw() {
	timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
	    cat >&3; cat <&3' _ "$PORT" < "$T/req/$1" > "$T/raw" 2>/dev/null
	STATUS=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$T/raw")
	sed -n '2,/^\r\{0,1\}$/p' "$T/raw" | sed '$d' > "$T/headers"
	sed '1,/^\r\{0,1\}$/d' "$T/raw" > "$T/body"
}

big=$(head -c 70000 /dev/zero | tr '\0' a)
# ask HOW: one request, as raw:FILE or curl:WHAT
ask() {
	case $1 in
	raw:*)	raw "${1#raw:}" ;;
	curl:big) http GET "$BASE/api/user/me/" -H "X-Big: $big" ;;
	curl:foo) http FOO "$BASE/api/user/me/" ;;
	curl:trace) http TRACE "$BASE/api/user/me/" ;;
	curl:dead) http POST "$BASE/api/user/logout/" -H 'Content-Length: 0' ;;
	esac
}

# count NAME: how many NAME header lines the last answer had
count() { grep -ci "^$1:" "$T/headers"; }

# got HEADERS-EXPECTED: "STATUS TYPE ERRNO MSG-OK HEADERS" of the last answer
got() {
	_t=$(header Content-Type)
	_e=$(jq -r 'if (keys | sort) == ["errno", "msg"] and
	    (.msg | type) == "string" and .msg != "" then .errno
	    else "not-the-envelope" end' < "$T/body" 2>/dev/null)
	_cc=$(header Cache-Control) _xc=$(header X-Content-Type-Options)
	if [ "$_cc/$(count Cache-Control)" = no-store/1 ] &&
	    [ "$_xc/$(count X-Content-Type-Options)" = nosniff/1 ]; then
		_h=both
	elif [ -z "$_cc" ] && [ "$_xc/$(count X-Content-Type-Options)" = nosniff/1 ]; then
		_h=nosniff
	elif [ -z "$_cc" ] && [ -z "$_xc" ]; then
		_h=none
	else
		_h="Cache-Control '$_cc' x$(count Cache-Control), X-Content-Type-Options '$_xc' x$(count X-Content-Type-Options)"
	fi
	echo "$STATUS ${_t:-no-type} ${_e:-no-json} $_h"
}

# The CGIs' own answers, untouched: a JSON error and an avatar.
own() {
	http GET "$BASE/api/user/me/"
	t_eq "$1: a CGI's own 401 keeps its headers, once each" \
	    "401 1003 no-store/1 nosniff/1" \
	    "$STATUS $(json .errno) $(header Cache-Control)/$(count Cache-Control) $(header X-Content-Type-Options)/$(count X-Content-Type-Options)"
	http POST "$BASE/api/user/register/" -d "username=erin$1" \
	    -d password=Error-Pages-1 -d password2=Error-Pages-1
	_tok=$(json .data.token) _id=$(json .data.user.id)
	http POST "$BASE/api/user/update/avatar/" \
	    -H "Authorization: Bearer $_tok" -F "avatar=@$T/a.png;type=image/png"
	http GET "$BASE/api/users/$_id/avatar/"
	t_match "$1: an avatar keeps the CGI's Cache-Control" \
	    '^200 image/png (public|private), no-cache 1 nosniff 1$' \
	    "$STATUS $(header Content-Type) $(header Cache-Control) $(count Cache-Control) $(header X-Content-Type-Options) $(count X-Content-Type-Options)"
	_cc=$(header Cache-Control) _etag=$(header ETag)
	http GET "$BASE/api/users/$_id/avatar/" -H "If-None-Match: $_etag"
	t_eq "$1: its 304 keeps the same Cache-Control, once" \
	    "304 $_cc 1" "$STATUS $(header Cache-Control) $(count Cache-Control)"
}

for kind in $KINDS; do
	rm -rf "$T/srv"
	if ! srv_start "$kind"; then
		# its cases cannot run: fail them by name, so the plan holds
		printf '%s\n' "$CASES" | while read -r k name _; do
			[ "$k" = "$kind" ] && t_fail "$kind: $name (no server)"
		done
		case $kind in lighttpd | apache)
			for i in 1 2 3; do t_fail "$kind: the CGIs' own answers ($i, no server)"; done ;;
		esac
		continue
	fi
	requests
	printf '%s\n' "$CASES" | while read -r k name how st no hdr; do
		[ "$k" = "$kind" ] || continue
		ask "$how"
		t_eq "$kind: $name: $st JSON, errno $no, headers: $hdr" \
		    "$st application/json; charset=utf-8 $no $hdr" "$(got)"
	done
	case $kind in lighttpd | apache) own "$kind" ;; esac
	srv_stop
done
