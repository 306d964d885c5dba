# Helpers for the shell-driven tests.  Source it, call t_setup, then use
# cgi (run a CGI binary directly) or http (curl against a real server) and
# the t_* assertions.  A test file first prints its plan with t_plan N (N:
# how many assertions it makes), then every assertion prints one "ok - "
# or "not ok - " line; tests/run.sh holds the file to its plan.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# BUILD_DIR: another build of the programs (make test-asan)
BIN=${BUILD_DIR:-$ROOT/build}/cgi-bin
CTL=${BUILD_DIR:-$ROOT/build}/accountsctl

# A CGI variable left in the caller's environment (an exported
# HTTP_AUTHORIZATION, say) must not reach the programs under test.
for _v in $(env | sed -n 's/^\(HTTP_[A-Za-z0-9_]*\|REQUEST_METHOD\|CONTENT_[A-Z]*\|QUERY_STRING\|PATH_INFO\|HTTPS\)=.*/\1/p'); do
	unset "$_v"
done

t_plan() { echo "1..$1"; }
t_ok() { echo "ok - $1"; }
t_fail() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# t_eq DESC EXPECTED ACTUAL
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"
	elif [ -s "$T/body" ]; then
		t_fail "$1" "expected: $2" "got:      $3" "body: $(head -c 400 "$T/body")"
	else t_fail "$1" "expected: $2" "got:      $3"
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
	sed -n "/^$1:/I{s/^[^:]*: *//; s/\r//g; p; q}" "$T/headers"
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
	_len=$(wc -c < "$T/stdin")
	if [ "$_len" -gt 0 ]; then set -- CONTENT_LENGTH="$((_len))" "$@"; fi
	env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$_method" \
	    SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
	    HTTP_HOST=localhost SERVER_NAME=localhost SERVER_PORT=80 \
	    SCRIPT_NAME="/cgi-bin/$_name" "$@" \
	    "$BIN/$_name" < "$T/stdin" > "$T/out"
	cgi_split
}
# cgi_split: $T/out split at its first empty line (CRLF or LF) into
# $T/headers and $T/body; STATUS (and $T/status) from the first Status
# header, 200 without one.  One awk: the tests run thousands of these.
cgi_split() {
	: > "$T/headers"
	: > "$T/body"
	STATUS=$(awk -v H="$T/headers" -v B="$T/body" '
	    !h && /^\r?$/ { h = 1; next }
	    h { print > B; next }
	    { print > H }
	    !seen && tolower($0) ~ /^status:/ {
		seen = 1
		sub(/^[^:]*: */, "")
		gsub(/\r/, "")
		st = substr($0, 1, 3)
	    }
	    END { print st }' "$T/out")
	[ -n "$STATUS" ] || STATUS=200
	echo "$STATUS" > "$T/status"
}

# http METHOD URL [curl args...]: one request to a real server; sets
# STATUS and fills $T/headers and $T/body.
# With PROXY_BASE set (tests/e2e/40-openapi-proxy.sh), a request to
# $BASE goes through the validating proxy there instead, when the proxy
# can carry it (see proxyable); PROXIED counts those that did.
http() {
	_m=$1 _u=$2
	shift 2
	LAST_PROXIED=0
	if [ -n "${PROXY_BASE:-}" ] && proxyable "$_m" "${_u#"$BASE"}" "$@"
	then
		_u=$PROXY_BASE${_u#"$BASE"}
		PROXIED=$((${PROXIED:-0} + 1))
		LAST_PROXIED=1
	fi
	STATUS=$(curl -sS -o "$T/body" -D "$T/headers" -w '%{http_code}' \
	    -X "$_m" "$@" "$_u")
}

# proxyable METHOD PATH [curl args...]: what Prism (the OpenAPI proxy) can
# check.  Not: methods and paths the document does not have (Prism
# answers those itself; PROXY_ROUTES lists "METHOD regex" of those it
# has, the canonical path with its trailing slash), files in either
# direction (Prism re-encodes binary bodies), and requests without
# credentials to routes the document protects (Prism answers those 401
# itself, before our server could).
proxyable() {
	_pm=$1 _pp=${2%%\?*}
	shift 2
	awk -v m="$_pm" -v p="$_pp" '$1 == m && p ~ $2 { f = 1 }
	    END { exit !f }' "$PROXY_ROUTES" || return 1
	case $_pp in */avatar/ | /api/files/*) return 1 ;; esac
	for _a; do case $_a in *=@* | *=\<*) return 1 ;; esac; done
	for _a; do
		case $_a in
		*[Aa]uthorization:* | *[Xx]-[Aa]uth-[Tt]oken:* | sid=*) return 0 ;;
		esac
	done
	case $_pp in
	/api/user/register/ | /api/user/login/ | /api/user/code/ | \
	/api/user/resetpwd/ | /api/auth/refresh/) return 0 ;;
	/api/roles/ | /api/roles/*/) [ "$_pm" = GET ] ;;
	*) return 1 ;;
	esac
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on, picked at
# random outside the kernel's ephemeral range (a client's connection
# elsewhere can hold any port in that range, and then a server cannot
# bind it): 10000-32767 with Linux's default range (POSIX sh, no python).  A server
# can still lose the race for it: its start is retried with another port.
free_port() {
	_lo=10000 _hi=32767
	if read -r _elo _ehi < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null; then
		if [ "$_elo" -gt 12000 ]; then
			_hi=$((_elo - 1))
		elif [ "$_ehi" -lt 63000 ]; then
			_lo=$((_ehi + 1)) _hi=65535
		fi
	fi
	_i=0
	while [ "$_i" -lt 50 ]; do
		_i=$((_i + 1))
		_p=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		_p=$((_lo + _p % (_hi - _lo + 1)))
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
