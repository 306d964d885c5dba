#!/bin/sh
# Mailed codes and throttling through apache (tests/e2e/lib/codes.sh).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/mail.sh"
. "$ROOT/tests/e2e/lib/codes.sh"
t_plan "$CODES_PLAN"
t_setup
codes_env
srv_start apache || exit 1
codes_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
