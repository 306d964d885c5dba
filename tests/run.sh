#!/bin/sh
# Runs test files and judges each one by what it printed and how it
# ended.  A test file prints a plan "1..N" (best first), then N lines
# "ok - ..." or "not ok - ...", with "#" lines as diagnostics.  A file
# FAILS when it
#   - prints any "not ok",
#   - prints no plan (or more than one),
#   - runs another number of checks than it planned,
#   - exits non-zero or dies by a signal.
# The last lines are "N passed, M failed" (ok and not ok lines of all
# files), then the failed files with their reasons; the exit status is 0
# only if every file passed.  Of a failed file, its output but the ok
# lines (not ok lines, diagnostics) and the end of its stderr are shown.
#
#   sh tests/run.sh            everything: tests/unit/test-*.c (built as
#                              build/tests/test-*), tests/runner,
#                              tests/config, tests/docs, tests/cgi,
#                              tests/e2e, tests/install
#   sh tests/run.sh FILE...    those only: a unit test as build/tests/test-x
#                              or tests/unit/test-x.c, a shell test by its
#                              path, or any other executable
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/cgi-accounts-run.XXXXXX) || exit 1
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# `make test T="..."` hands the files over as arguments; the variable
# itself must not reach the tests, which use T for their directory.
unset T

if [ $# -eq 0 ]; then
	cd "$ROOT" || exit 1
	for f in tests/unit/test-*.c tests/runner/*.sh tests/config/*.sh \
	    tests/docs/*.sh \
	    tests/cgi/*.sh tests/e2e/*.sh tests/install/*.sh; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
fi

passed=0 failed=0 nfiles=0
: > "$W/failed"

# judge FILE RC: the reasons FILE failed (empty if it passed), from its
# stdout in $W/out and exit status RC.
judge() {
	_plans=$(grep -c '^1\.\.[0-9][0-9]*$' "$W/out")
	_plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$W/out" | head -n 1)
	_ok=$(grep -Ec '^ok( |$)' "$W/out")
	_nok=$(grep -Ec '^not ok( |$)' "$W/out")
	passed=$((passed + _ok))
	failed=$((failed + _nok))
	_why=
	[ "$_nok" -eq 0 ] || _why="$_nok not ok"
	if [ "$_plans" -eq 0 ]; then
		_why="${_why:+$_why; }no plan"
	elif [ "$_plans" -gt 1 ]; then
		_why="${_why:+$_why; }$_plans plans"
	elif [ "$((_ok + _nok))" -ne "$_plan" ]; then
		_why="${_why:+$_why; }planned $_plan, ran $((_ok + _nok))"
	fi
	if [ "$2" -gt 128 ] && _sig=$(kill -l "$2" 2>/dev/null); then
		_why="${_why:+$_why; }killed by SIG$_sig"
	elif [ "$2" -ne 0 ]; then
		_why="${_why:+$_why; }exit $2"
	fi
	CHECKS=$((_ok + _nok))
	WHY=$_why
}

# run FILE: runs it (stdout to $W/out, stderr to $W/err), judges it and
# prints one line about it, and the output of a failure.
run() {
	_f=$1
	case $_f in
	*.sh)	set -- sh "$_f" ;;
	*.c)	set -- "${BUILD_DIR:-$ROOT/build}/tests/$(basename "$_f" .c)" ;;
	*/*)	set -- "$_f" ;;
	*)	set -- "./$_f" ;;
	esac
	nfiles=$((nfiles + 1))
	_t0=$(date +%s)
	if [ "$1" = sh ] && [ ! -f "$_f" ]; then
		echo "no such file" > "$W/err"; : > "$W/out"; _rc=127
	elif [ "$1" != sh ] && [ ! -x "$1" ]; then
		echo "$1: not built or not executable" > "$W/err"
		: > "$W/out"; _rc=127
	else
		"$@" > "$W/out" 2> "$W/err" < /dev/null
		_rc=$?
	fi
	judge "$_f" "$_rc"
	_dt=$(($(date +%s) - _t0))
	if [ -z "$WHY" ]; then
		printf 'pass  %s (%d checks, %ds)\n' "$_f" "$CHECKS" "$_dt"
		return
	fi
	printf 'FAIL  %s: %s (%ds)\n' "$_f" "$WHY" "$_dt"
	printf '%s: %s\n' "$_f" "$WHY" >> "$W/failed"
	grep -Ev '^ok( |$)|^1\.\.[0-9]+$' "$W/out" | sed 's/^/    /'
	if [ -s "$W/err" ]; then
		echo "    # end of its stderr:"
		tail -n 20 "$W/err" | sed 's/^/    #   /'
	fi
}

for f in "$@"; do
	run "$f"
done
[ "$nfiles" -gt 0 ] || { echo "no test file"; echo "no test file" >> "$W/failed"; }
echo "$passed passed, $failed failed"
if [ -s "$W/failed" ]; then
	echo "failed files:"
	sed 's/^/  /' "$W/failed"
	exit 1
fi
exit 0
