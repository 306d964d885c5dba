# Helpers for the shell-driven tests.  Source it, call t_setup, then use
# cgi (run a CGI binary directly) or http (curl against a real server) and
# the t_* assertions.  Every assertion prints one "ok - " or "not ok - "
# line, which tests/run.sh counts.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# BUILD_DIR: another build of the programs (make test-asan)
BIN=${BUILD_DIR:-$ROOT/build}/cgi-bin
CTL=${BUILD_DIR:-$ROOT/build}/accountsctl

# A CGI variable left in the caller's environment (an exported
# HTTP_AUTHORIZATION, say) must not reach the programs under test.
for _v in $(env | sed -n 's/^\(HTTP_[A-Za-z0-9_]*\|REQUEST_METHOD\|CONTENT_[A-Z]*\|QUERY_STRING\|PATH_INFO\|HTTPS\)=.*/\1/p'); do
	unset "$_v"
done

t_ok() { echo "ok - $1"; }
t_fail() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# t_eq DESC EXPECTED ACTUAL
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	else t_fail "$1" "expected: $2" "got:      $3" "body: $(head -c 400 "$T/body" 2>/dev/null)"
	fi
}
# t_match DESC REGEX ACTUAL (grep -E)
t_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then t_ok "$1"
	else t_fail "$1" "expected to match: $2" "got: $3"
	fi
}
# t_nomatch DESC REGEX ACTUAL
t_nomatch() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then t_fail "$1" "must not match: $2" "got: $3"
	else t_ok "$1"
	fi
}

# Fresh temporary database and data directory, fast hashing for tests.
t_setup() {
	T=$(mktemp -d /tmp/cgi-accounts-test.XXXXXX)
	chmod 0755 "$T"
	export ACCOUNTS_DB="$T/accounts.db" ACCOUNTS_DATA_DIR="$T/data"
	export ACCOUNTS_HASH_COST=${ACCOUNTS_HASH_COST:-1}
	mkdir -p "$ACCOUNTS_DATA_DIR"
	"$CTL" -d "$ACCOUNTS_DB" init >/dev/null || t_fail "accountsctl init"
	trap 't_teardown' EXIT INT TERM
}
t_teardown() { [ -n "${KEEP:-}" ] || rm -rf "$T"; }

# json EXPR: jq over the last response body (raw output).
json() { jq -r "$1" < "$T/body" 2>/dev/null; }
# header NAME: value of a header of the last response (case-insensitive).
header() {
	grep -i "^$1:" "$T/headers" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'
}

# cgi NAME METHOD [VAR=value ...] < body
# Runs build/cgi-bin/NAME as a web server would; sets STATUS and leaves
# the headers in $T/headers, the body in $T/body and the status in
# $T/status.  Feed the body by redirection (< file, or a here-document),
# not through a pipe: a function at the end of a pipeline runs in a
# subshell, and STATUS would be lost there (use $(cat "$T/status")).
cgi() {
	_name=$1 _method=$2
	shift 2
	cat > "$T/stdin"
	_len=$(wc -c < "$T/stdin" | tr -d ' ')
	if [ "$_len" -gt 0 ]; then set -- CONTENT_LENGTH="$_len" "$@"; fi
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$_method" \
	    SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
	    HTTP_HOST=localhost SERVER_NAME=localhost SERVER_PORT=80 \
	    SCRIPT_NAME="/cgi-bin/$_name" "$@" \
	    "$BIN/$_name" < "$T/stdin" > "$T/out"
	# split at the first empty line (CRLF or LF)
	awk 'BEGIN{h=1} h && /^\r?$/ {h=0; next} h {print}' "$T/out" > "$T/headers"
	awk 'BEGIN{h=1} !h {print; next} /^\r?$/ {h=0}' "$T/out" > "$T/body"
	STATUS=$(header Status | cut -c1-3)
	[ -n "$STATUS" ] || STATUS=200
	echo "$STATUS" > "$T/status"
}

# http METHOD URL [curl args...]: one request to a real server; sets
# STATUS and fills $T/headers and $T/body.
http() {
	_m=$1 _u=$2
	shift 2
	STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' \
	    -X "$_m" "$@" "$_u")
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on, picked at
# random in 20000-59999 (POSIX sh, no python).  A server can still lose
# the race for it: tests/e2e/lib/server.sh retries with another port.
free_port() {
	_i=0
	while [ "$_i" -lt 50 ]; do
		_i=$((_i + 1))
		_p=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		_p=$((20000 + _p % 40000))
		if command -v ss >/dev/null 2>&1; then
			[ -z "$(ss -Hltn "sport = :$_p" 2>/dev/null)" ] || continue
		fi
		# curl exit 7: nothing accepted the connection (also without ss)
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$_p/"
		[ $? -eq 7 ] || continue
		echo "$_p"
		return 0
	done
	return 1
}
