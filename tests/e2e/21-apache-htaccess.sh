#!/bin/sh
# The contract's client flow through Apache configured only by
# apache/.htaccess, in a shared-hosting style document root.
. "$(dirname "$0")/../lib.sh"
t_plan 162
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/flow.sh"
t_setup
srv_start apache-htaccess || exit 1
FLOW_SITE=0 flow_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
