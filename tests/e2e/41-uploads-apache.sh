#!/bin/sh
# Group uploads through Apache, standalone (apache/apache.conf.in): see
# lib/uploads.sh.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/uploads.sh"
t_plan "$UPLOADS_PLAN"
t_setup
uploads_env
srv_start apache || exit 1
uploads_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
