#!/bin/sh
# docs/openapi.yaml held to the server: the contract's client flow runs
# once more through lighttpd, with Prism (@stoplight/prism-cli, from npm)
# in front as a validating proxy (--errors): a response that does not
# match the document becomes Prism's 500 and fails the flow's checks.
# Requests Prism cannot carry go to lighttpd directly (tests/lib.sh,
# proxyable); the last check makes sure most went through it.  Requests
# are not validated (the flow sends invalid ones on purpose).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/flow.sh"
t_plan $((FLOW_PLAN + 3))
t_setup

if ! PRISM=$(sh "$ROOT/tools/npm-tools.sh" prism 2>"$T/npm.log"); then
	t_fail "Prism installs from npm" "$(tail -n 5 "$T/npm.log")"
	exit 1
fi
t_ok "Prism installs from npm"
srv_start lighttpd || exit 1
# what the document has: "METHOD ^/api/users/[0-9]+/$" per operation
PROXY_ROUTES=$T/documented
awk '/^paths:/ { p = 1; next } p && /^[^ ]/ { p = 0 }
    p && /^  \// { path = $1; sub(/:$/, "", path)
	gsub(/\{[a-z_]+\}/, "[0-9]+", path); path = "^" path "$" }
    p && /^    (get|post|put|patch|delete):/ {
	print toupper(substr($1, 1, length($1) - 1)), path }' \
    "$ROOT/docs/openapi.yaml" > "$PROXY_ROUTES"
t_eq "the document's operations were read" yes \
    "$([ "$(wc -l < "$PROXY_ROUTES")" -gt 20 ] && echo yes || echo no)"

PPORT=$(free_port)
PROXY_BASE=http://127.0.0.1:$PPORT
setsid "$PRISM" proxy "$ROOT/docs/openapi.yaml" "$BASE" --errors \
    --validate-request=false --cors=false -h 127.0.0.1 -p "$PPORT" \
    > "$T/prism.log" 2>&1 &
PRISM_PID=$!
trap 'kill "$PRISM_PID" 2>/dev/null; srv_stop; t_teardown' EXIT
# Prism takes a while to start on a busy machine: up to 90 s
n=0
until curl -s -o /dev/null "$PROXY_BASE/api/roles/" || [ $n -ge 450 ]; do
	kill -0 "$PRISM_PID" 2>/dev/null || break
	sleep 0.2
	n=$((n + 1))
done
PROXIED=0
flow_run > "$T/tap"
cat "$T/tap"
grep -q '^not ok' "$T/tap" && sed -n 's/^/# prism: /p' "$T/prism.log" |
    grep -i 'violation\|error' | head -n 40
t_eq "most of the flow ($PROXIED requests) went through the validating proxy" yes \
    "$([ "$PROXIED" -ge 40 ] && echo yes || echo "no: $PROXIED requests")"
