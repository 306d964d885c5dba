#!/bin/sh
# Runs every test: unit programs, CGI-level shell tests, end-to-end tests
# through real lighttpd and Apache.  Each prints "ok - ..." or
# "not ok - ..." lines; this counts them and ends with the summary line.
cd "$(dirname "$0")/.." || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
status=0
run() {
	echo "## $1"
	shift
	"$@" 2>&1 | tee -a "$log" | grep -v '^ok ' || :
}
for t in "${BUILD_DIR:-build}"/tests/test-*; do
	[ -x "$t" ] && run "$t" "$t"
done
for t in tests/cgi/*.sh tests/e2e/*.sh; do
	[ -f "$t" ] && run "$t" sh "$t"
done
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
[ "$passed" -gt 0 ] || { echo "no test ran"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
