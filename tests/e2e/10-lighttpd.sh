#!/bin/sh
# The contract's client flow through lighttpd (apache/lighttpd.conf.in).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/flow.sh"
t_plan "$FLOW_PLAN"
t_setup
srv_start lighttpd || exit 1
flow_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
