# Helpers shared by the endpoint tests tests/cgi/[2-9]0-*.sh, sourced after
# tests/lib.sh and t_setup: body builders, the call wrapper, and the
# envelope checks every response must pass.
PW='correct horse 1'
JSON=CONTENT_TYPE=application/json
FORM=CONTENT_TYPE=application/x-www-form-urlencoded
B=cgiAccountsTestBoundary
MP="CONTENT_TYPE=multipart/form-data; boundary=$B"
CR=$(printf '\r')
q() { sqlite3 -batch "$ACCOUNTS_DB" "$1"; }
# rawbody: the exact bytes after the header block of the last response
rawbody() { tail -c +$(($(wc -c < "$T/headers") + 3)) "$T/out"; }
# p FORMAT [ARGS...]: printf the body of the next call into $T/in.
# call NAME METHOD [VAR=value...]: cgi with that body (then emptied), then
# the envelope checks every response must pass (collected, reported once
# by envelope_report).  Not "printf | cgi": a pipeline runs cgi in a
# subshell and $STATUS would be lost.  $T/nresp counts the responses.
: > "$T/in"
p() { printf "$@" > "$T/in"; }
call() {
	cgi "$@" < "$T/in"
	: > "$T/in"
	echo >> "$T/nresp"
	envelope "$1 $2"
}
noin() { : > "$T/in"; call "$@"; }
# The header rules in one awk pass over $T/headers: the first line it
# writes is Content-Type, the second Content-Length, the third the names
# of the rules broken, the fourth Content-Security-Policy.
ENVELOPE_AWK='
function val(l) { sub(/^[^:]*: */, "", l); gsub(/\r/, "", l); return l }
{
	i = index($0, ":")
	n = tolower(i ? substr($0, 1, i - 1) : $0)
	if (!(n in v))
		v[n] = val($0)
	# every header line is "Name: printable", and only names we write
	if ($0 !~ /^[A-Za-z][A-Za-z0-9-]*: [ -~]*\r$/)
		syntax = 1
	if (n !~ /^(status|content-type|cache-control|x-content-type-options|content-length|set-cookie|allow|content-disposition|content-security-policy|retry-after|etag|last-modified|accept-ranges|content-range)$/)
		unexpected = 1
}
END {
	print v["content-type"]
	print v["content-length"]
	# JSON is never stored; files revalidate or are immutable by URL
	cc = v["cache-control"]
	if (v["content-type"] ~ /^application\/json/) {
		if (cc != "no-store")
			bad = bad " cache-control"
	} else if (cc !~ /^(public, no-cache|private, no-cache|public, max-age=31536000, immutable)$/)
		bad = bad " cache-control"
	if (v["x-content-type-options"] != "nosniff") bad = bad " nosniff"
	if (syntax) bad = bad " header-syntax"
	if (unexpected) bad = bad " unexpected-header"
	print bad
	print v["content-security-policy"]
}'
envelope() {
	LC_ALL=C awk "$ENVELOPE_AWK" "$T/headers" > "$T/envelope.hdr"
	{ IFS= read -r _ct; IFS= read -r _cl; IFS= read -r _bad
	    IFS= read -r _csp; } < "$T/envelope.hdr"
	# the body's length: what follows the headers and the CRLF after them
	set -- "$1" $(stat -c %s "$T/out" "$T/headers")
	_blen=$(($2 - $3 - 2))
	[ "$_blen" -ge 0 ] || _blen=0
	# (a HEAD answer announces the length of the body it leaves out; a
	# 304 has neither)
	case "$1:$STATUS" in *" HEAD:"*) ;;
	*:304) [ "$_cl$_blen" = 0 ] || _bad="$_bad 304-with-body" ;;
	*) [ "$_cl" = "$_blen" ] || _bad="$_bad content-length" ;;
	esac
	case $_ct in
	'application/json; charset=utf-8')
		_e=$(jq -r 'if type == "object" and (.errno | type) == "number"
		    and (.msg | type) == "string" then .errno
		    else "not-an-envelope" end' "$T/body" 2>/dev/null)
		[ "$_e" != not-an-envelope ] && [ -n "$_e" ] ||
		    _bad="$_bad not-an-envelope"
		case "$_e:$STATUS" in
		0:200|0:201|1000:409|1001:400|1002:401|1003:401|1004:403) ;;
		1005:404|1006:400|1006:411|1007:409|1008:400|1009:429) ;;
		1010:403|1011:401|1012:413|1012:415|1013:405|1014:409) ;;
		1006:416) ;;
		1015:403|1500:500|1503:503) ;;
		*) _bad="$_bad errno-vs-status" ;;
		esac
		if [ "$_e" != 0 ] && { grep -Eiq \
		    'sqlite|sql|select |insert |constraint|no such (table|column|file)|/tmp|/var/|\.db|\.c:[0-9]' \
		    "$T/body" || grep -Fq "$T" "$T/body"; }; then
			_bad="$_bad leaks-internals($(head -c 200 "$T/body"))"
		fi ;;
	image/png|image/jpeg|image/gif|image/webp)
		[ "$STATUS" = 200 ] || [ "$STATUS" = 206 ] ||
		    _bad="$_bad image-with-status-$STATUS" ;;
	'')	# 304: no type, no body
		[ "$STATUS" = 304 ] || _bad="$_bad content-type" ;;
	*)	# a stored file of any type: sandboxed, and only as a file
		[ "$_csp" = "default-src 'none'; sandbox" ] &&
		    { [ "$STATUS" = 200 ] || [ "$STATUS" = 206 ]; } ||
		    _bad="$_bad content-type" ;;
	esac
	[ -z "$_bad" ] || echo "$1 -> $STATUS:$_bad" >> "$T/envelope.log"
}
envelope_report() {
	t_eq "envelope (JSON utf-8, no-store, nosniff, errno/status, no leaks, header syntax, Content-Length) on all $(wc -l < "$T/nresp" | tr -d " ") responses" \
	    "" "$(cat "$T/envelope.log" 2>/dev/null)"
}
# register USER [EXTRA JSON MEMBERS]: sets TOKEN, REFRESH, ID
register() {
	p '{"username":"%s","password":"%s","password2":"%s"%s}' \
	    "$1" "$PW" "$PW" "${2:+,$2}"
	call user-register POST "$JSON"
	TOKEN=$(json .data.token) REFRESH=$(json .data.refresh_token)
	ID=$(json .data.user.id)
}
# multipart bodies, built in $T/in
mp_start() { : > "$T/in"; }
mp_field() {
	printf '%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' \
	    "--$B" "$1" "$2" >> "$T/in"
}
mp_file() {	# NAME FILENAME PATH [CTYPE]
	printf '%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: %s\r\n\r\n' \
	    "--$B" "$1" "$2" "${4:-application/octet-stream}" >> "$T/in"
	cat "$3" >> "$T/in"
	printf '\r\n' >> "$T/in"
}
mp_end() { printf '%s--\r\n' "--$B" >> "$T/in"; }
