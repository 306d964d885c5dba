#!/bin/sh
# Routing smoke test through Apache with apache/cgi-accounts.conf.in
# included in a virtual host, as a2enconf would (the whole flow runs
# through lighttpd and standalone Apache: 10-lighttpd.sh, 20-apache.sh).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/smoke.sh"
t_plan "$SMOKE_PLAN"
t_setup
smoke_bin || exit 1
srv_start apache-conf || exit 1
smoke_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
