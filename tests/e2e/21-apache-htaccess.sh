#!/bin/sh
# Routing smoke test through Apache configured only by apache/.htaccess,
# in a shared-hosting style document root (the whole flow runs through
# lighttpd and standalone Apache: 10-lighttpd.sh, 20-apache.sh).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/smoke.sh"
t_plan "$SMOKE_PLAN"
t_setup
smoke_bin || exit 1
srv_start apache-htaccess || exit 1
smoke_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
